//! The page's content: sections, figures, escaping and both languages.

use super::*;
use crate::report::sample::class;

fn page(lang: Lang, rows: &[GradebookRow], ids: &[String]) -> String {
    let report = ClassReport {
        ids,
        rows,
        seed: 42,
        date: "2026-11-25 12:00 UTC".into(),
        version: "0.1.0".into(),
        protections: vec!["process group kill".into(), "landlock <fs>".into()],
        lang,
        appendix: String::new(),
    };
    render_html(&report, &ClassModel::new(ids, rows))
}

#[test]
fn the_page_holds_charts_rates_rows_details_and_the_runs_facts() {
    let (ids, rows) = class();
    let html = page(Lang::En, &rows, &ids);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        html.matches("<svg class=\"chart\"").count(),
        2,
        "total and tcp-server"
    );
    let splits = html
        .find("data-test=\"splits\" data-passed=\"1\" data-of=\"3\"")
        .unwrap();
    let echo = html
        .find("data-test=\"echo\" data-passed=\"2\" data-of=\"3\"")
        .unwrap();
    assert!(splits < echo, "weakest first");
    assert!(html.contains("hint for splits"));
    assert!(html.contains("<a class=\"detail-link\" href=\"#student-1\">"));
    assert!(html.contains("<details class=\"student\" id=\"student-1\" data-submission=\"bob\">"));
    assert!(
        html.contains("✗ step 1: wrong reply"),
        "the student's transcript"
    );
    assert!(html.contains("<dd id=\"seed\">42</dd>"));
    assert!(html.contains("2026-11-25 12:00 UTC"));
    assert!(html.contains("<li>landlock &lt;fs&gt;</li>"));
    assert!(html.contains("error[E0308]: &lt;mismatched types&gt;"));
}

#[test]
fn nothing_a_student_wrote_becomes_markup() {
    let (ids, mut rows) = class();
    rows[1].submission = "<script>alert('name')</script>".into();
    let html = page(Lang::En, &rows, &ids);
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    // `maud` leaves `'` as it is: harmless in text and double-quoted attributes.
    assert!(html.contains("&lt;script&gt;alert('name')&lt;/script&gt;"));
}

#[test]
fn nothing_is_loaded_from_elsewhere() {
    let (ids, rows) = class();
    let html = page(Lang::En, &rows, &ids);
    assert!(html.contains("default-src 'none'"));
    for outside in ["http://", "https://", "src=", "@import", "url("] {
        let hits: Vec<&str> = html
            .match_indices(outside)
            .map(|(i, _)| &html[i..(i + 40).min(html.len())])
            .filter(|hit| !hit.starts_with("http://www.w3.org/2000/svg"))
            .collect();
        assert!(hits.is_empty(), "{outside}: {hits:?}");
    }
}

#[test]
fn both_languages_label_the_page() {
    let (ids, rows) = class();
    let en = page(Lang::En, &rows, &ids);
    let zh = page(Lang::Zh, &rows, &ids);
    assert!(en.contains("<html lang=\"en\">") && en.contains("Score distribution"));
    assert!(zh.contains("<html lang=\"zh-CN\">") && zh.contains("分数分布"));
    assert!(zh.contains("3 人中 1 人通过") && zh.contains("各测试的通过率"));
    assert!(!zh.contains("Score distribution"));
}

#[test]
fn dates_are_utc_calendar_dates() {
    let at = |secs| utc_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs));
    assert_eq!(at(0), "1970-01-01 00:00 UTC");
    assert_eq!(at(951_782_400), "2000-02-29 00:00 UTC");
    assert_eq!(at(1_795_609_800), "2026-11-25 12:30 UTC");
}

#[test]
fn an_empty_class_still_renders() {
    let ids = vec!["tcp-server".to_string()];
    let html = page(Lang::En, &[], &ids);
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 2);
    assert!(html.contains("<p>0 submissions</p>"));
    assert!(!html.contains("<details"));
}
