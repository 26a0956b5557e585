//! The class workflow's logic, end to end on this machine: a roster of git
//! repositories (file URLs) is checked out and graded in two shares, the
//! shares are merged, and the gradebook equals one unsplit grade of the whole
//! roster. A repository that cannot be checked out is a row with a status.

use std::path::Path;
use std::process::Command;

mod support;

use support::{read, root, stdout_of};

/// Runs `program ARGS` in `dir` with a checkout token set, which must succeed; returns its stdout.
fn run(program: &str, args: &[&str], dir: &Path) -> String {
    stdout_of(
        Command::new(program)
            .current_dir(dir)
            .args(args)
            .env_remove("GITHUB_STEP_SUMMARY")
            .env("NO_COLOR", "1")
            .env("NETLAB_CHECKOUT_TOKEN", "SECRET-TOKEN-42"),
    )
}

fn xtask(args: &[&str]) -> String {
    run(env!("CARGO_BIN_EXE_xtask"), args, &root())
}

/// A git repository at `dir` holding a copy of `samples/<sample>`.
fn repository(dir: &Path, sample: &str) {
    std::fs::create_dir_all(dir).unwrap();
    let from = root().join("samples").join(sample).join("exercises");
    assert!(
        Command::new("cp")
            .arg("-r")
            .arg(&from)
            .arg(dir)
            .status()
            .unwrap()
            .success()
    );
    run("git", &["init", "--quiet"], dir);
    run("git", &["add", "."], dir);
    let who = ["-c", "user.name=student", "-c", "user.email=s@example.com"];
    run(
        "git",
        &[&who[..], &["commit", "--quiet", "-m", "homework"]].concat(),
        dir,
    );
}

#[test]
fn a_roster_graded_in_shares_equals_one_unsplit_grade() {
    let tmp = tempfile::tempdir().unwrap();
    let remotes = tmp.path().join("remotes");
    repository(&remotes.join("course/hw1-correct"), "correct");
    repository(&remotes.join("course/hw1-broken"), "no-compile");
    let roster = tmp.path().join("roster.txt");
    std::fs::write(
        &roster,
        "# owner/repo per line\ncourse/hw1-correct\ncourse/hw1-broken\ncourse/hw1-deleted\n",
    )
    .unwrap();
    let base = format!("file://{}", remotes.display());
    let path = |name: &str| tmp.path().join(name).to_str().unwrap().to_string();
    let roster = roster.to_str().unwrap();
    // What each shard of the workflow runs, and the unsplit run.
    for (name, partition) in [("full", None), ("one", Some("1/2")), ("two", Some("2/2"))] {
        let (class, out) = (path(&format!("{name}.class")), path(name));
        let status = format!("{out}/checkout.csv");
        let mut args = vec!["roster", "--roster", roster, "--base-url", &base];
        args.extend(["--into", &class, "--status", &status]);
        if let Some(p) = partition {
            args.extend(["--partition", p]);
        }
        xtask(&args);
        let work = format!("{out}.work");
        xtask(&[
            "grade",
            "--seed",
            "11",
            "--submissions",
            &class,
            "--out",
            &out,
            "--work",
            &work,
        ]);
    }
    xtask(&[
        "merge",
        "--out",
        &path("merged"),
        &path("one"),
        &path("two"),
    ]);

    let merged = tmp.path().join("merged");
    let full = tmp.path().join("full");
    assert_eq!(
        read(&merged.join("grades.csv")),
        read(&full.join("grades.csv"))
    );
    assert_eq!(
        read(&merged.join("checkout.csv")),
        read(&full.join("checkout.csv"))
    );
    let mut reader = csv::Reader::from_path(merged.join("grades.csv")).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (total_at, max_at) = (column("total"), column("max"));
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let total = |name: &str| {
        let row = rows
            .iter()
            .find(|r| r[0] == name)
            .unwrap_or_else(|| panic!("{name}: {rows:?}"));
        (row[total_at].clone(), row[max_at].clone())
    };
    let (got, max) = total("hw1-correct");
    assert_eq!(got, max, "the correct sample scores full marks");
    assert_eq!(total("hw1-deleted").0, "0");
    assert_ne!(total("hw1-broken").0, max);
    // The repository that could not be checked out is named, with why.
    let checkout = read(&merged.join("checkout.csv"));
    assert!(
        checkout.starts_with("submission,repository,status\n"),
        "{checkout}"
    );
    assert!(checkout.contains("hw1-correct,file://"), "{checkout}");
    let deleted = checkout
        .lines()
        .find(|l| l.starts_with("hw1-deleted,"))
        .unwrap();
    assert!(deleted.contains(",not checked out: "), "{deleted}");
    let summary = read(&merged.join("summary.md"));
    assert!(summary.contains("## Not checked out"), "{summary}");
    assert!(summary.contains("| hw1-deleted | "), "{summary}");
    assert!(merged.join("report.html").is_file());
    for name in ["hw1-correct", "hw1-broken", "hw1-deleted"] {
        assert!(merged.join(name).join("results.json").is_file(), "{name}");
    }
    // No credential was written anywhere in the checked-out data.
    let found = Command::new("grep")
        .args(["-r", "-l", "SECRET-TOKEN-42"])
        .arg(path("full.class"))
        .output()
        .unwrap();
    assert_eq!(
        found.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&found.stdout)
    );
}

#[test]
fn a_bad_roster_is_refused_before_anything_is_checked_out() {
    let tmp = tempfile::tempdir().unwrap();
    let roster = tmp.path().join("roster.txt");
    std::fs::write(&roster, "org/a\norg/../../etc\n").unwrap();
    let into = tmp.path().join("class");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root())
        .args(["roster", "--roster"])
        .arg(&roster)
        .arg("--into")
        .arg(&into)
        .arg("--status")
        .arg(tmp.path().join("checkout.csv"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("line 2: `org/../../etc` is not `owner/repo`"),
        "{stderr}"
    );
    assert!(!into.exists(), "nothing is checked out from a bad roster");
}
