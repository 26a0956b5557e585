//! End-to-end tests of the course around `grade`, on constructed classes:
//! late, extended and overridden git submissions, grading at the deadline,
//! an LMS export, and a class graded twice with one hidden test changed.

use std::path::Path;
use std::process::{Command, Stdio};

mod support;

use support::course_data::{CourseData, number};
use support::{copy_dir, read_json, root};

/// Runs `xtask grade ARGS --seed 7` with its own build directory under `tmp`;
/// must succeed. Returns its stdout.
fn grade(tmp: &Path, args: &[&str]) -> String {
    let args = [args, &["--seed", "7"]].concat();
    support::text(&support::grade(Some(tmp), &args).stdout)
}

fn git(dir: &Path, args: &[&str], time: &str) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "s")
        .env("GIT_AUTHOR_EMAIL", "s@example.com")
        .env("GIT_COMMITTER_NAME", "s")
        .env("GIT_COMMITTER_EMAIL", "s@example.com")
        .env("GIT_AUTHOR_DATE", time)
        .env("GIT_COMMITTER_DATE", time)
        .stdout(Stdio::null())
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A git submission of `tcp-server` only: the stub committed at `stub_time`,
/// then the reference solution at `solution_time`.
fn student(class: &Path, name: &str, stub_time: &str, solution_time: &str) {
    let dir = class.join(name);
    let src = dir.join("exercises/01-tcp-server/src");
    copy_dir(&root().join("exercises/01-tcp-server/src"), &src, &[]);
    git(&dir, &["init", "-q", "-b", "main"], stub_time);
    git(&dir, &["add", "-A"], stub_time);
    git(&dir, &["commit", "-q", "-m", "stub"], stub_time);
    std::fs::remove_dir_all(&src).expect("rm");
    copy_dir(&root().join("solutions/01-tcp-server/src"), &src, &[]);
    git(&dir, &["add", "-A"], solution_time);
    git(&dir, &["commit", "-q", "-m", "solution"], solution_time);
}

fn tcp_row(csv: &str, name: &str) -> Vec<String> {
    let line = csv
        .lines()
        .find(|l| l.starts_with(&format!("{name},")))
        .unwrap_or_else(|| panic!("no row {name} in {csv}"));
    line.split(',').map(str::to_string).collect()
}

const COURSE: &str = r#"format-version = 1
[deadlines]
tcp-server = 2026-12-01T23:59:00+08:00
[late]
per-day = 10
floor = 50
[[extension]]
student = "extended"
by = "3d"
reason = "medical note"
[[override]]
student = "overridden"
exercise = "tcp-server"
points = 30
reason = "regraded by hand"
"#;

#[test]
fn late_extended_overridden_and_at_deadline() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let class = tmp.path().join("class");
    // Solutions handed in 2 days late (16:00 UTC on Dec 3 is 2 days and 1 minute after 15:59 UTC on Dec 1).
    for name in ["late", "extended", "overridden"] {
        student(&class, name, "2026-11-30T10:00:00Z", "2026-12-03T16:00:00Z");
    }
    student(
        &class,
        "ontime",
        "2026-11-30T10:00:00Z",
        "2026-12-01T12:00:00Z",
    );
    // Its commit says late; the hosting service's push time says on time, and wins.
    student(
        &class,
        "pushed",
        "2026-11-30T10:00:00Z",
        "2026-12-03T16:00:00Z",
    );
    let handed = tmp.path().join("handed-in.csv");
    std::fs::write(
        &handed,
        "submission,time\npushed,2026-12-01T23:00:00+08:00\n",
    )
    .expect("write");
    let course = tmp.path().join("course.toml");
    std::fs::write(&course, COURSE).expect("write");
    let roster = tmp.path().join("roster.csv");
    std::fs::write(
        &roster,
        "submission,first_name,last_name,email\nlate,L,Ate,late@u.edu\nextended,E,Xt,ext@u.edu\noverridden,O,Ver,over@u.edu\nontime,O,Nt,on@u.edu\npushed,P,Sh,push@u.edu\n",
    )
    .expect("write");
    let out = tmp.path().join("out");
    let moodle = tmp.path().join("moodle.csv");
    let course_arg = course.to_str().unwrap();
    let stdout = grade(
        tmp.path(),
        &[
            "--submissions",
            class.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--course",
            course_arg,
            "--export",
            "moodle",
            moodle.to_str().unwrap(),
            "--roster",
            roster.to_str().unwrap(),
            "--handed-in",
            handed.to_str().unwrap(),
        ],
    );
    let csv = std::fs::read_to_string(out.join("grades.csv")).expect("grades.csv");
    let header = csv.lines().next().unwrap();
    let data = CourseData::open();
    assert_eq!(
        header,
        data.csv_header(),
        "SPEC §5's columns, whatever the policy"
    );
    // What tcp-server is worth, from its test files; 3 started days late at
    // 10% a day costs 30% of it.
    let full = number(data.max("tcp-server"));
    let late = number(data.max("tcp-server") * 0.7);
    let penalty = number(data.max("tcp-server") * 0.3);
    let status = std::fs::read_to_string(out.join("status.csv")).expect("status.csv");
    assert_eq!(
        status.lines().next(),
        Some("submission,raw,penalty,overrides,status,note"),
        "{status}"
    );
    let overridden = tcp_row(&status, "overridden");
    assert_eq!(overridden[3], "tcp-server", "{status}");
    assert_eq!(tcp_row(&csv, "late")[2], late, "{csv}");
    assert_eq!(tcp_row(&csv, "extended")[2], full, "{csv}");
    assert_eq!(tcp_row(&csv, "ontime")[2], full, "{csv}");
    assert_eq!(
        tcp_row(&csv, "pushed")[2],
        full,
        "the trusted time wins: {csv}"
    );
    let over = tcp_row(&csv, "overridden");
    assert_eq!(over[2], "30", "{csv}");
    assert!(
        stdout.contains(&format!("late: raw {full}, penalty {penalty}")),
        "{stdout}"
    );
    // The student's results.json has the final score and explains it.
    let results = read_json(&out.join("late/results.json"));
    assert_eq!(number(results["score"].as_f64().unwrap()), late);
    let output = results["output"].as_str().unwrap();
    assert!(
        output.contains(&format!(
            "late penalty: 30% of the raw score, {penalty} point(s)"
        )),
        "{output}"
    );
    assert!(
        output.contains("commit times are set by the student"),
        "{output}"
    );
    let over = read_json(&out.join("overridden/results.json"));
    assert!(
        over["output"]
            .as_str()
            .unwrap()
            .contains("points set to 30 by the instructor (regraded by hand)")
    );
    let ext = read_json(&out.join("extended/results.json"));
    assert!(
        ext["output"]
            .as_str()
            .unwrap()
            .contains("extended: medical note")
    );
    let html = std::fs::read_to_string(out.join("report.html")).expect("html");
    assert!(html.contains("<section id=\"course-policy\">"));
    let summary = std::fs::read_to_string(out.join("summary.md")).expect("summary");
    assert!(summary.contains("## Course policy"));
    let moodle = std::fs::read_to_string(&moodle).expect("moodle export");
    assert!(
        moodle.starts_with("First name,Last name,ID number,Email address,netlab\n"),
        "{moodle}"
    );
    assert!(
        moodle.contains(&format!("L,Ate,,late@u.edu,{late}\n")),
        "{moodle}"
    );

    // At the deadline: the late students' last commit before it is the stub;
    // the extended one's deadline is 3 days later, so the solution counts.
    let at = tmp.path().join("at");
    let stdout = grade(
        tmp.path(),
        &[
            "--submissions",
            class.to_str().unwrap(),
            "--out",
            at.to_str().unwrap(),
            "--course",
            course_arg,
            "--at-deadline",
            "--compare",
            out.to_str().unwrap(),
        ],
    );
    let csv = std::fs::read_to_string(at.join("grades.csv")).expect("grades.csv");
    assert_eq!(tcp_row(&csv, "late")[2], "0", "{csv}");
    assert_eq!(tcp_row(&csv, "extended")[2], full, "{csv}");
    assert_eq!(tcp_row(&csv, "ontime")[2], full, "{csv}");
    assert_eq!(
        tcp_row(&csv, "overridden")[2],
        "30",
        "overrides survive: {csv}"
    );
    assert!(stdout.contains("late: tcp-server at commit"), "{stdout}");
    // `late` lost its points, and `pushed` too (its commit is after the
    // deadline; `--handed-in` is not used at the deadline); `overridden`'s
    // verdicts moved but its override held; the others were graded at the
    // same commit as before.
    assert!(
        stdout.contains("Changes since the earlier run: 3 student(s) changed"),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("  late: {late} → 0")), "{stdout}");
    assert!(
        stdout.contains(&format!("  pushed: {full} → 0")),
        "{stdout}"
    );
    assert!(stdout.contains("  overridden: 30 → 30"), "{stdout}");
    let changes = &stdout[stdout.find("Changes since").unwrap()..];
    assert!(
        !changes.contains("ontime") && !changes.contains("extended"),
        "{changes}"
    );
    // Nothing in the working trees changed.
    let main =
        std::fs::read_to_string(class.join("late/exercises/01-tcp-server/src/main.rs")).unwrap();
    let solution =
        std::fs::read_to_string(root().join("solutions/01-tcp-server/src/main.rs")).unwrap();
    assert_eq!(main, solution);
}

/// Copies the hidden tests with the expected reply of `test` in `exercise`'s file made impossible.
fn hidden_with_one_test_changed(to: &Path, file: &str, test: &str) {
    copy_dir(&root().join("grader/hidden"), to, &[]);
    let path = to.join(file);
    let text = std::fs::read_to_string(&path).expect("hidden file");
    let start = text.find(&format!("name = \"{test}\"")).expect("the test");
    let (head, tail) = text.split_at(start);
    let end = tail.find("[[test]]").unwrap_or(tail.len());
    let (body, rest) = tail.split_at(end);
    let changed = body.replacen("expect-exit = 0", "expect-exit = 42", 1);
    assert_ne!(changed, body, "the test must change");
    std::fs::write(&path, format!("{head}{changed}{rest}")).expect("write");
}

#[test]
fn a_class_graded_twice_with_one_test_changed_lists_exactly_the_moved_verdicts() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let first = tmp.path().join("first");
    grade(
        tmp.path(),
        &["--submissions", "samples", "--out", first.to_str().unwrap()],
    );
    let hidden = tmp.path().join("hidden");
    hidden_with_one_test_changed(&hidden, "03-file-seek.toml", TEST);
    let second = tmp.path().join("second");
    let stdout = grade(
        tmp.path(),
        &[
            "--submissions",
            "samples",
            "--out",
            second.to_str().unwrap(),
            "--hidden-dir",
            hidden.to_str().unwrap(),
            "--compare",
            first.to_str().unwrap(),
        ],
    );
    // Whoever passed the test before fails it now; nobody else moves.
    let before = read_json(&first.join("gradebook.json"));
    let passed_before: Vec<&str> = before["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["exercises"].as_array().unwrap().iter().any(|e| {
                e["tests"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|t| t["name"] == TEST && t["passed"] == true)
            })
        })
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(!passed_before.is_empty(), "someone passed `{TEST}`");
    assert!(
        stdout.contains(&format!(
            "Changes since the earlier run: {} student(s) changed",
            passed_before.len()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("tests changed: file-seek › {TEST}")),
        "{stdout}"
    );
    for name in &passed_before {
        assert!(
            stdout.contains(&format!("{TEST}: passed → failed")),
            "{stdout}"
        );
        assert!(
            stdout.contains(&format!("  {name}: ")),
            "{name} listed: {stdout}"
        );
    }
    let summary = std::fs::read_to_string(second.join("summary.md")).expect("summary");
    assert!(summary.contains("## Changes since the earlier run"));
    // `cargo xtask diff` says the same from the two folders.
    let diff = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root())
        .arg("diff")
        .args([&first, &second])
        .output()
        .expect("xtask diff runs");
    assert!(diff.status.success());
    let text = String::from_utf8_lossy(&diff.stdout);
    let from_grade = &stdout[stdout.find("Changes since").unwrap()..];
    assert!(
        from_grade.starts_with(text.trim_end()),
        "{text}\nvs\n{from_grade}"
    );
    let html = std::fs::read_to_string(second.join("report.html")).expect("html");
    assert!(html.contains("<section id=\"regrade\">"));
}

/// The hidden file-seek test the regrade test changes.
const TEST: &str = "r-keeps-the-file";
