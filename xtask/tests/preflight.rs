//! `grade` checks its paths before the first build, and says loudly when
//! zeros are no result: submissions with no exercise at all, or one
//! repository given as a class.

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

mod support;

/// Runs `xtask grade ARGS --work WORK` (see [`support::xtask`]), which may fail.
fn grade(args: &[&str], work: &Path) -> Output {
    support::xtask()
        .arg("grade")
        .args(args)
        .arg("--work")
        .arg(work)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn bad_output_paths_fail_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("grades");
    std::fs::write(&file, "not a folder").unwrap();
    let started = Instant::now();
    let out = grade(
        &["--submissions", "samples", "--out", file.to_str().unwrap()],
        &tmp.path().join("work"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("which is a file, not a folder"),
        "{}",
        stderr(&out)
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
    assert!(!tmp.path().join("work").exists(), "nothing was built");

    let junit = grade(
        &[
            "--submissions",
            "samples",
            "--junit",
            tmp.path().to_str().unwrap(),
        ],
        &tmp.path().join("work"),
    );
    assert_eq!(junit.status.code(), Some(2));
    assert!(
        stderr(&junit).contains("`--junit` names"),
        "{}",
        stderr(&junit)
    );

    let hidden = grade(
        &["--submissions", "samples", "--hidden-dir", "no/such/dir"],
        &tmp.path().join("work"),
    );
    assert_eq!(hidden.status.code(), Some(2));
    assert!(
        stderr(&hidden).contains("no hidden tests"),
        "{}",
        stderr(&hidden)
    );
}

#[test]
fn zeros_that_are_no_result_are_warned_about_with_counts() {
    let tmp = tempfile::tempdir().unwrap();
    // One repository given as a class: its folders become "submissions".
    let repo = tmp.path().join("alice-repo");
    for folder in ["exercises", "docs"] {
        std::fs::create_dir_all(repo.join(folder)).unwrap();
    }
    std::fs::write(repo.join("Cargo.toml"), "[workspace]\n").unwrap();
    let out = grade(
        &[
            "--submissions",
            repo.to_str().unwrap(),
            "--out",
            tmp.path().join("out").to_str().unwrap(),
        ],
        &tmp.path().join("work"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("looks like one student's repository (it holds `exercises`, `Cargo.toml`)"),
        "{err}"
    );
    assert!(err.contains("--submission "), "{err}");
    assert_eq!(
        err.matches("2 of 2 submissions hold no exercise at all")
            .count(),
        2,
        "said before grading and again at the end: {err}"
    );
    assert!(err.contains("docs, exercises; they score 0"), "{err}");
}

#[test]
fn a_missing_exercise_is_not_counted_as_a_compile_error() {
    let tmp = tempfile::tempdir().unwrap();
    let class = tmp.path().join("class");
    let broken = class.join("broken/exercises/01-tcp-server/src");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(
        broken.join("main.rs"),
        "fn main() { let x: u32 = \"no\"; }\n",
    )
    .unwrap();
    std::fs::create_dir_all(class.join("absent")).unwrap();
    let out = tmp.path().join("out");
    let output = grade(
        &[
            "--submissions",
            class.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &tmp.path().join("work"),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    let row = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))
            .unwrap()
            .to_string()
    };
    assert!(row("broken").contains("!0/"), "{text}");
    assert!(row("absent").contains("∅0/"), "{text}");
    assert!(
        text.contains("(! did not compile, ∅ missing from the submission)"),
        "{text}"
    );
    let tcp = text
        .lines()
        .find(|l| l.trim_start().starts_with("tcp-server "))
        .unwrap();
    assert!(
        tcp.contains("did not compile 1") && tcp.contains("missing 1"),
        "{tcp}"
    );
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(
        summary.contains("| did not compile | missing |"),
        "{summary}"
    );
    let results = std::fs::read_to_string(out.join("absent/results.json")).unwrap();
    assert!(results.contains("\"missing\""), "{results}");
}
