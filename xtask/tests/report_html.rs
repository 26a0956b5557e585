//! `cargo xtask grade --submissions DIR --out OUT` also writes
//! `OUT/report.html`, and its figures are the ones the terminal summary
//! printed and `grades.csv` holds, in English and in Chinese.

use std::path::{Path, PathBuf};

mod support;

use support::{copy_dir, root, stdout_of, xtask};

/// A class of two: the tcp-server solution, and a submission with nothing in it.
fn class(dir: &Path) -> PathBuf {
    let submissions = dir.join("submissions");
    let _ = std::fs::remove_dir_all(&submissions);
    copy_dir(
        &root().join("solutions/01-tcp-server/src"),
        &submissions.join("html-solution/exercises/01-tcp-server/src"),
        &[],
    );
    std::fs::create_dir_all(submissions.join("html-empty")).unwrap();
    submissions
}

/// Runs `grade` and returns its stdout and the report.
fn grade(submissions: &Path, out: &Path, lang: &str) -> (String, String) {
    let stdout = stdout_of(
        xtask()
            .args(["grade", "--seed", "11", "--lang", lang, "--submissions"])
            .arg(submissions)
            .arg("--out")
            .arg(out),
    );
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html written");
    (stdout, html)
}

#[test]
fn grading_a_class_writes_a_report_that_agrees_with_the_summary_and_the_gradebook() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-html");
    let submissions = class(&dir);
    let out = dir.join("grades");
    let (stdout, html) = grade(&submissions, &out, "en");
    let csv = std::fs::read_to_string(out.join("grades.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let total = header.iter().position(|h| *h == "total").unwrap();
    let max = header.iter().position(|h| *h == "max").unwrap();
    let mut totals = Vec::new();
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        for (id, score) in header.iter().zip(&fields).skip(1).take(max - 1) {
            let dot = format!("data-exercise=\"{id}\" data-value=\"{score}\"");
            assert!(html.contains(&dot), "{} {id} {score}: {dot}", fields[0]);
            let chart = &html[html
                .find(&format!("<svg class=\"chart\" data-exercise=\"{id}\""))
                .unwrap()..];
            let chart = &chart[..chart.find("</svg>").unwrap()];
            assert!(
                chart.contains(&format!(
                    "data-submission=\"{}\" data-score=\"{score}\"",
                    fields[0]
                )),
                "{id} chart shows {} at {score}",
                fields[0]
            );
        }
        totals.push(fields[total].parse::<f64>().unwrap());
    }
    assert_eq!(totals.len(), 2);
    assert!(
        totals.contains(&0.0) && totals.iter().any(|t| *t > 0.0),
        "{csv}"
    );
    // The terminal's mean is the report's mean.
    let mean = (totals[0] + totals[1]) / 2.0;
    let mean = if mean.fract() == 0.0 {
        format!("{mean:.0}")
    } else {
        format!("{mean}")
    };
    let summary = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("total "))
        .unwrap_or_else(|| panic!("no class summary: {stdout}"));
    assert!(summary.contains(&format!("mean {mean}/")), "{summary}");
    assert!(
        html.contains(&format!(
            "<tr data-exercise=\"total\"><td>total</td><td class=\"num\">{mean} / "
        )),
        "the report's overview has mean {mean}"
    );
    assert!(html.contains("data-submission=\"html-solution\"><summary>"));
    assert!(stdout.contains("report.html"), "{stdout}");

    let (stdout, html) = grade(&submissions, &out, "zh");
    assert!(html.contains("<html lang=\"zh-CN\">") && html.contains("分数分布"));
    assert!(stdout.contains(&format!("平均 {mean}/")), "{stdout}");
}
