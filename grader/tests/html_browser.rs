//! `report.html` in a real headless browser (Debian's `chromium`): what an
//! instructor would see. The charts are drawn and sized, their figures match
//! `grades.csv`, the table sorts, a student's detail opens and shows the
//! transcript as text, and nothing a student wrote runs, in both languages.
//! A screenshot is kept as an artefact: `target/tmp/html-report/report-en.png`.
//!
//! Without `chromium` the test prints why and passes, unless `CI` is set:
//! then it fails, since CI must run it.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use grader::course::{Exercise, ExerciseKind};
use grader::grading::ExerciseReport;
use grader::lang::Lang;
use grader::outcome::{Direction, Entry, Failure, TestOutcome, TestResult};
use grader::report::{ClassModel, ClassReport, GradebookRow, render_html, write_gradebook};
use grader::scenario::Visibility;
use serde_json::Value;

/// Browsers tried, in order, on `PATH`.
const BROWSERS: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];
/// How long one browser run may take before the test gives up.
const BROWSER_LIMIT: Duration = Duration::from_secs(60);
/// What a student printed: it must show as text and never run.
const HOSTILE: &str = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>";

#[test]
fn the_report_shows_the_class_in_a_real_browser() {
    let Some(browser) = find_browser() else {
        grader::unavailable::cannot_run(
            "no chromium on PATH: install it (`apt-get install -y chromium`, or `brew install --cask chromium`)",
        );
        return;
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-report");
    std::fs::create_dir_all(&dir).unwrap();
    let (ids, rows) = class();
    let mut csv = Vec::new();
    write_gradebook(&mut csv, &ids, &rows).unwrap();
    std::fs::write(dir.join("grades.csv"), &csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();

    for lang in [Lang::En, Lang::Zh] {
        let tag = match lang {
            Lang::En => "en",
            Lang::Zh => "zh",
        };
        let html = page(&ids, &rows, lang);
        let report = dir.join(format!("report-{tag}.html"));
        std::fs::write(&report, &html).unwrap();
        let seen = probe(&browser, &dir, &html, tag);
        check_charts_match_the_gradebook(&seen, &csv);
        check_sorting_and_details(&seen);
        let title = seen["title"].as_str().unwrap();
        match lang {
            Lang::En => assert_eq!(title, "netlab class report"),
            Lang::Zh => assert_eq!(title, "netlab 班级成绩报告"),
        }
        if lang == Lang::Zh {
            // Chinese glyphs need a CJK font, which CI need not have: one shot is enough.
            continue;
        }
        // Headless screenshots of a scrolled page come out partly blank, so
        // the shot opens bob's detail without following the link.
        let shown = dir.join(format!("shot-{tag}.html"));
        std::fs::write(&shown, html.replace("</body>", &format!("{SHOT}</body>"))).unwrap();
        let shot = dir.join(format!("report-{tag}.png"));
        run_browser(
            &browser,
            &dir,
            &[
                &format!("--screenshot={}", shot.display()),
                "--window-size=1200,2400",
            ],
            &shown,
        );
        let size = std::fs::metadata(&shot).map_or(0, |m| m.len());
        assert!(
            size > 20_000,
            "the screenshot {} looks blank ({size} bytes)",
            shot.display()
        );
        println!("screenshot: {}", shot.display());
    }
}

/// Every chart is drawn with a size; every dot is a submission's score as
/// `grades.csv` has it, and every bar counts the scores in its range.
fn check_charts_match_the_gradebook(seen: &Value, csv: &str) {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let charts = seen["charts"].as_array().unwrap();
    assert_eq!(charts.len(), 3, "total, tcp-server and file-seek");
    for chart in charts {
        let id = chart["exercise"].as_str().unwrap();
        assert!(chart["width"].as_f64().unwrap() >= 300.0, "{chart}");
        assert!(chart["height"].as_f64().unwrap() >= 200.0, "{chart}");
        let column = header.iter().position(|h| *h == id).unwrap();
        let scores: Vec<f64> = rows.iter().map(|r| r[column].parse().unwrap()).collect();
        let dots = chart["dots"].as_array().unwrap();
        assert_eq!(dots.len(), rows.len(), "{id}: one dot per submission");
        for (row, dot) in rows.iter().zip(dots) {
            assert_eq!(dot["submission"].as_str().unwrap(), row[0], "{id}");
            assert_eq!(
                dot["score"].as_str().unwrap(),
                row[column],
                "{id}: {}",
                row[0]
            );
            assert!(dot["width"].as_f64().unwrap() > 0.0, "{id}: dot drawn");
        }
        let bars = chart["bars"].as_array().unwrap();
        let last = bars.len() - 1;
        for (i, bar) in bars.iter().enumerate() {
            let (from, to) = (bar["from"].as_f64().unwrap(), bar["to"].as_f64().unwrap());
            let expected = scores
                .iter()
                .filter(|s| **s >= from && (**s < to || i == last))
                .count();
            let count = bar["count"].as_u64().unwrap() as usize;
            assert_eq!(count, expected, "{id}: bar {from}–{to}");
            let height = bar["height"].as_f64().unwrap();
            assert_eq!(
                height > 0.0,
                count > 0,
                "{id}: bar {from}–{to} is {height}px tall"
            );
            assert!(bar["width"].as_f64().unwrap() > 0.0);
        }
    }
}

/// The table starts in name order and sorts by total; a student's link opens
/// their detail, whose transcript shows the student's output as text.
fn check_sorting_and_details(seen: &Value) {
    let names = |key: &str| -> Vec<String> {
        seen[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let hostile_name = format!("dora {HOSTILE}");
    assert_eq!(
        names("byName"),
        ["ann", "bob", "carl", hostile_name.as_str()]
    );
    assert_eq!(
        names("byTotalDown"),
        ["ann", "bob", hostile_name.as_str(), "carl"]
    );
    assert_eq!(
        names("byTotalUp"),
        ["carl", hostile_name.as_str(), "bob", "ann"]
    );
    assert_eq!(seen["openBefore"], Value::Bool(false));
    assert_eq!(
        seen["openAfter"],
        Value::Bool(true),
        "the link opens bob's detail"
    );
    assert_eq!(
        seen["scrolled"],
        Value::Bool(true),
        "the detail is brought into view"
    );
    assert!(seen["detailHeight"].as_f64().unwrap() > 100.0, "{seen}");
    let text = seen["detailText"].as_str().unwrap();
    assert!(text.contains("step 1: wrong reply"), "{text}");
    assert!(
        text.contains(HOSTILE),
        "the transcript shows the output as text: {text}"
    );
    assert_eq!(seen["scripts"], 2, "the page's script and the probe only");
    assert_eq!(seen["images"], 0, "no student markup became an element");
    assert_eq!(seen["weakest"], "splits", "the weakest test comes first");
}

/// Loads a copy of the page with a probe script appended, which records what
/// the browser laid out and how the page reacts, and reads it back from the DOM.
fn probe(browser: &Path, dir: &Path, html: &str, tag: &str) -> Value {
    let probed = html.replace("</body>", &format!("{PROBE}</body>"));
    let path = dir.join(format!("probe-{tag}.html"));
    std::fs::write(&path, probed).unwrap();
    let dom = run_browser(browser, dir, &["--dump-dom"], &path);
    let start = dom.find("<pre id=\"probe\">").expect("the probe ran") + 16;
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

/// Runs the headless browser on `page` with `args`, offline and without a
/// profile, and returns its stdout.
fn run_browser(browser: &Path, dir: &Path, args: &[&str], page: &Path) -> String {
    let profile = tempfile::tempdir_in(dir).unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    let (mut stdout, mut stderr) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (mut out, mut err) = (String::new(), String::new());
        let errors = std::thread::spawn(move || stderr.read_to_string(&mut err).map(|_| err));
        let _ = stdout.read_to_string(&mut out);
        let _ = tx.send((
            out,
            errors.join().ok().and_then(Result::ok).unwrap_or_default(),
        ));
    });
    let Ok((out, err)) = rx.recv_timeout(BROWSER_LIMIT) else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("{} took over {BROWSER_LIMIT:?}", browser.display());
    };
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "{} failed ({status}): {err}",
        browser.display()
    );
    out
}

fn find_browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    BROWSERS.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

fn page(ids: &[String], rows: &[GradebookRow], lang: Lang) -> String {
    let report = ClassReport {
        ids,
        rows,
        seed: 20_261_125,
        date: "2026-11-25 12:00 UTC".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        protections: vec!["own process group".into()],
        lang,
        appendix: String::new(),
    };
    render_html(&report, &ClassModel::new(ids, rows))
}

/// Four submissions of two exercises: all, some, none, and a hostile name.
fn class() -> (Vec<String>, Vec<GradebookRow>) {
    let tcp = Exercise {
        id: "tcp-server".into(),
        folder: "01-tcp-server".into(),
        kind: ExerciseKind::Program,
    };
    let seek = Exercise {
        id: "file-seek".into(),
        folder: "03-file-seek".into(),
        kind: ExerciseKind::Program,
    };
    let report =
        |exercise: &Exercise, tests: &[(&str, f64, bool)], log: Option<&str>| ExerciseReport {
            exercise: exercise.clone(),
            results: tests
                .iter()
                .map(|(name, points, passed)| result(&exercise.id, name, *points, *passed))
                .collect(),
            not_built: log.map(|log| grader::build::NotBuilt::Compile {
                log: log.to_string(),
            }),
        };
    let row = |name: &str, tcp_ok: [bool; 2], seek_ok: [bool; 2], log: Option<&str>| GradebookRow {
        submission: name.into(),
        exercises: vec![
            report(
                &tcp,
                &[("echo", 2.0, tcp_ok[0]), ("splits", 3.0, tcp_ok[1])],
                log,
            ),
            report(
                &seek,
                &[("tell", 1.5, seek_ok[0]), ("append", 1.0, seek_ok[1])],
                None,
            ),
        ],
    };
    let rows = vec![
        row("ann", [true, true], [true, true], None),
        row("bob", [true, false], [true, false], None),
        row(
            "carl",
            [false, false],
            [false, false],
            Some("error[E0308]: mismatched types"),
        ),
        row(
            &format!("dora {HOSTILE}"),
            [false, false],
            [true, true],
            None,
        ),
    ];
    (vec!["tcp-server".into(), "file-seek".into()], rows)
}

fn result(exercise: &str, name: &str, points: f64, passed: bool) -> TestResult {
    TestResult {
        exercise: exercise.into(),
        name: name.into(),
        about: Some(format!("checks {name}")),
        max_score: points,
        score: if passed { points } else { 0.0 },
        visibility: if name == "splits" {
            Visibility::Hidden
        } else {
            Visibility::Public
        },
        hint: Some(format!("hint for {name}")),
        outcome: if passed {
            TestOutcome::Passed
        } else {
            TestOutcome::Failed(Failure::new(Some(1), "wrong reply"))
        },
        transcript: vec![Entry {
            step: 1,
            direction: Direction::Received,
            conn: None,
            text: HOSTILE.into(),
        }],
        command: None,
        stderr_tail: Vec::new(),
        notes: Vec::new(),
        seed: 20_261_125,
        elapsed: Duration::from_millis(3),
        deadline_share: 0.0,
        packets: None,
    }
}

/// Records what the browser shows, after the page's own script ran.
const PROBE: &str = r#"<pre id="probe"></pre><script>
(function () {
  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }
  function size(el) { var r = el.getBoundingClientRect(); return { width: r.width, height: r.height }; }
  function order() { return all(document, '#submissions tbody tr').map(function (tr) { return tr.dataset.submission; }); }
  var seen = { title: document.title, scripts: document.scripts.length, images: document.images.length };
  seen.charts = all(document, 'svg.chart').map(function (svg) {
    var s = size(svg);
    return {
      exercise: svg.dataset.exercise, width: s.width, height: s.height,
      bars: all(svg, 'rect.bar').map(function (b) {
        var r = size(b);
        return { from: +b.dataset.from, to: +b.dataset.to, count: +b.dataset.count, width: r.width, height: r.height };
      }),
      dots: all(svg, 'circle.dot').map(function (d) {
        return { submission: d.dataset.submission, score: d.dataset.score, width: size(d).width };
      })
    };
  });
  seen.weakest = document.querySelector('tr.test-rate').dataset.test;
  seen.byName = order();
  var total = document.querySelector('#submissions th[data-exercise="total"] button');
  total.click(); seen.byTotalDown = order();
  total.click(); seen.byTotalUp = order();
  var link = document.querySelector('#submissions tr[data-index="1"] a.detail-link');
  var detail = document.getElementById(link.getAttribute('href').slice(1));
  seen.openBefore = detail.open;
  link.click();
  seen.openAfter = detail.open;
  seen.detailHeight = size(detail).height;
  seen.detailText = detail.innerText;
  seen.scrolled = window.scrollY > 0;
  document.getElementById('probe').textContent = JSON.stringify(seen);
})();
</script>"#;

/// Sorts by total and opens bob's detail, for the screenshot.
const SHOT: &str = r#"<script>
document.querySelector('#submissions th[data-exercise="total"] button').click();
document.getElementById('student-1').open = true;
</script>"#;
