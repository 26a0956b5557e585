//! `cargo xtask dist`: the student repository holds no byte of a solution,
//! hidden test or known-wrong variant, and `cargo xtask check` works in it.

use std::path::{Path, PathBuf};
use std::process::Command;

mod support;

use support::course_data::CourseData;
use support::root;

/// Every file under `dir`, recursively, with its text (lossy).
fn files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "target") {
                out.extend(files(&path));
            }
        } else {
            out.push((
                path.clone(),
                String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned(),
            ));
        }
    }
    out
}

/// Distinctive lines of the instructor-only files that the public exercises do
/// not share: solution lines, hidden test names and descriptions, and the lines
/// variants add.
fn secrets(root: &Path) -> Vec<(PathBuf, String)> {
    // What students get anyway: the stubs, and the grader's and xtask's own
    // code (a line a variant shares with them is no secret of the variant).
    let stubs: String = ["exercises", "grader/src", "xtask/src"]
        .iter()
        .flat_map(|dir| files(&root.join(dir)))
        .map(|(_, text)| text)
        .collect();
    let mut secrets = Vec::new();
    for (path, text) in files(&root.join("solutions")) {
        for line in text
            .lines()
            .map(str::trim)
            .filter(|l| l.len() >= 25 && !stubs.contains(*l))
        {
            secrets.push((path.clone(), line.to_string()));
        }
    }
    for (path, text) in files(&root.join("grader/hidden")) {
        for line in text
            .lines()
            .filter(|l| l.starts_with("name = ") || l.starts_with("about = "))
            .filter(|l| !stubs.contains(*l))
        {
            secrets.push((path.clone(), line.to_string()));
        }
    }
    for (path, text) in files(&root.join("grader/variants")) {
        for line in text
            .lines()
            .filter_map(|l| l.strip_prefix('+'))
            .map(str::trim)
            .filter(|l| l.len() >= 20)
        {
            if !stubs.contains(line) {
                secrets.push((path.clone(), line.to_string()));
            }
        }
    }
    secrets
}

#[test]
fn the_student_repository_has_no_secrets_and_checks_the_stubs() {
    let root = root();
    let out = tempfile::tempdir().unwrap();
    let dist = out.path().join("student");
    let status = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("dist")
        .arg(&dist)
        .status()
        .unwrap();
    assert!(status.success());

    let secrets = secrets(&root);
    assert!(
        secrets.len() > 20,
        "the leak check needs material: {}",
        secrets.len()
    );
    let shipped = files(&dist);
    for (file, text) in &shipped {
        for (origin, secret) in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "{} leaks `{secret}` from {}",
                file.display(),
                origin.display()
            );
        }
    }
    for gone in ["solutions", "grader/hidden", "grader/variants", "samples"] {
        assert!(!dist.join(gone).exists(), "{gone} was shipped");
    }
    assert!(dist.join(".github/workflows/check.yml").is_file());
    assert!(dist.join("exercises/01-tcp-server/tests.toml").is_file());

    // A dist into a folder that is not empty is refused, and loses nothing.
    let again = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("dist")
        .arg(&dist)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));

    // `cargo xtask ARGS` in the student copy.
    let in_copy = |args: &[&str]| {
        Command::new(env!("CARGO"))
            .arg("xtask")
            .args(args)
            .current_dir(&dist)
            .env(
                "CARGO_TARGET_DIR",
                root.join("target/netlab/tests/dist-target"),
            )
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    // `cargo xtask check` runs in the student copy: the stubs fail readably.
    let output = in_copy(&["check", "tcp-server", "--seed", "1"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let public = CourseData::open().public_count("tcp-server");
    assert!(
        stdout.contains(&format!("tcp-server  0/{public} tests passed")),
        "{stdout}"
    );
    assert!(stdout.contains("hint:"), "{stdout}");

    // The instructor's commands are hidden from a student copy's help and,
    // when typed anyway, say why they cannot run here.
    let help = String::from_utf8_lossy(&in_copy(&["--help"]).stdout).into_owned();
    assert!(help.contains("check "), "{help}");
    for hidden in ["grade ", "verify ", "dist ", "bench ", "merge "] {
        assert!(
            !help.contains(&format!("  {hidden}")),
            "`{hidden}` listed:\n{help}"
        );
    }
    assert!(help.contains("This is a student copy"), "{help}");
    let verify = in_copy(&["verify"]);
    assert_eq!(verify.status.code(), Some(2));
    let text = String::from_utf8_lossy(&verify.stderr);
    assert!(text.contains("is an instructor's command"), "{text}");
    assert!(text.contains("cargo xtask check"), "{text}");
    let grade = in_copy(&["grade"]);
    assert_eq!(grade.status.code(), Some(2));
    let text = String::from_utf8_lossy(&grade.stderr);
    assert!(
        text.contains("student copy") && text.contains("no hidden tests"),
        "{text}"
    );
}
