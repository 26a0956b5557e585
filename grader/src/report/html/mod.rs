//! `report.html`: the class report an instructor opens from disk or gets by
//! email. One self-contained file: inline CSS, inline SVG charts
//! ([`chart`]), a few lines of inline script to sort tables and open a
//! student's detail, and a content security policy that forbids loading
//! anything, so it works offline and never calls out.
//!
//! Everything a student wrote (names, output, transcripts) is escaped by
//! `maud`, which builds the page. The figures come from the same [`ClassModel`] the terminal
//! summary prints.

mod chart;
mod packets;
mod sections;

use std::path::Path;
use std::time::SystemTime;

use maud::{DOCTYPE, PreEscaped, html};

use super::GradebookRow;
use super::labels::Labels;
use super::stats::ClassModel;
use crate::lang::Lang;

/// What the report is made of, besides the [`ClassModel`].
#[derive(Clone, Debug)]
pub struct ClassReport<'a> {
    /// The exercise ids, in course order.
    pub ids: &'a [String],
    /// The graded submissions, in the gradebook's order.
    pub rows: &'a [GradebookRow],
    /// The run's seed.
    pub seed: u64,
    /// When the class was graded, as shown (see [`utc_date`]).
    pub date: String,
    /// The grader's version.
    pub version: String,
    /// The containment protections that were active, one phrase each.
    pub protections: Vec<String>,
    /// The language of the labels.
    pub lang: Lang,
    /// Sections added after the details, already HTML with everything escaped
    /// (course policy, changes since an earlier run); empty for none.
    pub appendix: String,
}

/// Renders the whole page.
pub fn render_html(report: &ClassReport<'_>, model: &ClassModel) -> String {
    let t = Labels::of(report.lang);
    let page = html! {
        (DOCTYPE) "\n"
        html lang=(t.html_lang) {
            "\n"
            head {
                "\n"
                meta charset="utf-8"; "\n"
                meta http-equiv="Content-Security-Policy" content=(CSP); "\n"
                meta name="viewport" content="width=device-width, initial-scale=1"; "\n"
                title { (t.title) } "\n"
                style { (PreEscaped(STYLE)) } "\n"
            }
            "\n"
            body {
                "\n"
                h1 { (t.title) } "\n"
                (sections::about_run(report, t))
                (sections::overview(model, t))
                (sections::distributions(model, t))
                (sections::tests(model, t))
                (packets::endings_section(report.rows, report.lang))
                (sections::submissions(model, t))
                (sections::details(report, t))
                (PreEscaped(&report.appendix))
                script { (PreEscaped(SCRIPT)) } "\n"
            }
            "\n"
        }
        "\n"
    };
    page.into_string()
}

/// Writes [`render_html`] to `path`.
pub fn write_html(
    path: &Path,
    report: &ClassReport<'_>,
    model: &ClassModel,
) -> std::io::Result<()> {
    std::fs::write(path, render_html(report, model))
}

/// `time` as `YYYY-MM-DD HH:MM UTC` (the epoch for a time before it).
pub fn utc_date(time: SystemTime) -> String {
    let time = jiff::Timestamp::try_from(time)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .max(jiff::Timestamp::UNIX_EPOCH);
    time.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// Nothing may be loaded: no network, no external scripts, styles or fonts.
const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d1d1f;background:#fff;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.5rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.25rem}h3{font-size:1rem;margin:1rem 0 .25rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.25rem .6rem;text-align:left;border-bottom:1px solid #eee;vertical-align:top}
td.nowrap{white-space:nowrap}
figure.ladder{margin:.5rem 0}figure.ladder svg{max-width:100%;height:auto}figure.ladder ul{margin:.25rem 0;padding-left:1.2rem}
td.num,th.num{white-space:nowrap;text-align:right;font-variant-numeric:tabular-nums}
th button{all:unset;cursor:pointer;font-weight:600}th button::after{content:' \\2195';color:#999}
th[aria-sort=ascending] button::after{content:' \\2191'}th[aria-sort=descending] button::after{content:' \\2193'}
dl.run{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.run dt{font-weight:600}dl.run dd{margin:0}
.charts{display:flex;flex-wrap:wrap;gap:1rem}
svg.chart{border:1px solid #ddd;border-radius:4px;background:#fcfcfc}
svg.chart .bar{fill:#4a78c2}svg.chart .axis{stroke:#888}svg.chart .tick{font-size:10px;fill:#555}
svg.chart .chart-title{font-size:12px;font-weight:600}svg.chart .legend{font-size:10px;fill:#555}svg.chart .mean-label{fill:#c0392b}svg.chart .median-label{fill:#27ae60}svg.chart .dot{fill:#e07b39;fill-opacity:.8}
svg.chart .mean{stroke:#c0392b;stroke-dasharray:4 3}svg.chart .median{stroke:#27ae60;stroke-dasharray:1 3}
.rate{display:inline-block;width:8rem;height:.7rem;background:#eee;margin-right:.4rem;vertical-align:middle}
.rate span{display:block;height:100%;background:#4a78c2}
td.passed{color:#1e7e34}td.failed,p.failed{color:#c0392b}td.error{color:#a05a00}
.tag{font-size:.75rem;border:1px solid #bbb;border-radius:3px;padding:0 .25rem;color:#555}
details.student{border:1px solid #ddd;border-radius:4px;margin:.5rem 0;padding:.25rem .75rem}
details.student[open]{background:#fafafa}details.student summary{cursor:pointer;font-weight:600}
pre{background:#f4f4f4;padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all;font-size:.85rem}
";

/// Sorts the submissions table and opens a student's detail when its link
/// (or a URL ending in its anchor) is followed.
const SCRIPT: &str = r#"
(function () {
  function openTarget(hash) {
    if (!hash || hash.length < 2) return;
    var el = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (el && el.tagName === 'DETAILS') { el.open = true; el.scrollIntoView(); }
  }
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a.detail-link');
    if (a) openTarget(a.getAttribute('href'));
  });
  window.addEventListener('hashchange', function () { openTarget(location.hash); });
  openTarget(location.hash);
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.querySelectorAll('thead th');
    heads.forEach(function (th, col) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var numeric = th.dataset.type === 'number';
        var ascending = th.getAttribute('aria-sort') ? th.getAttribute('aria-sort') !== 'ascending' : !numeric;
        heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].dataset.value, y = b.cells[col].dataset.value;
          var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
          return (ascending ? order : -order) || a.dataset.index - b.dataset.index;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
"#;

#[cfg(test)]
mod tests;
