//! `cargo xtask gradescope`: the autograder zip is unpacked into a temporary
//! folder standing for Gradescope's `/autograder`, its `setup.sh` runs (the
//! tools are already here, so nothing is installed) and `run_autograder`
//! grades a correct and a broken submission, in the repository layout and as
//! uploaded files; each `results.json` is checked against the fields
//! Gradescope documents.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod support;

use support::{read_json, root, stdout_of};

fn package(zip: &Path, args: &[&str]) -> String {
    stdout_of(
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .current_dir(root())
            .arg("gradescope")
            .arg(zip)
            .args(args),
    )
}

/// Gradescope's `/autograder/submission`, holding a copy of `from`.
fn submit(autograder: &Path, from: &Path, files: Option<&[(&str, &str)]>) {
    let submission = autograder.join("submission");
    let _ = std::fs::remove_dir_all(&submission);
    std::fs::create_dir_all(&submission).unwrap();
    match files {
        None => assert!(
            Command::new("cp")
                .arg("-r")
                .arg(from.join("exercises"))
                .arg(&submission)
                .status()
                .unwrap()
                .success()
        ),
        Some(files) => {
            for (source, upload) in files {
                let target = submission.join(upload);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::copy(from.join(source), target).unwrap();
            }
        }
    }
}

fn run_autograder(autograder: &Path) -> Value {
    let _ = std::fs::remove_dir_all(autograder.join("results"));
    stdout_of(
        Command::new(autograder.join("source/run_autograder"))
            .current_dir(autograder)
            .env("NETLAB_AUTOGRADER_ROOT", autograder)
            .env("NO_COLOR", "1"),
    );
    read_json(&autograder.join("results/results.json"))
}

/// The fields Gradescope documents, with their types and allowed values;
/// returns (score, sum of max_score).
fn check_gradescope_fields(results: &Value) -> (f64, f64) {
    let score = results["score"].as_f64().expect("score is a number");
    assert!(
        results["execution_time"].is_u64(),
        "execution_time is whole seconds"
    );
    assert_eq!(
        results["stdout_visibility"], "hidden",
        "stdout names hidden tests"
    );
    assert!(results.get("leaderboard").is_none(), "no leaderboard");
    assert!(results["output"].is_string());
    let tests = results["tests"].as_array().expect("tests");
    assert!(!tests.is_empty());
    let mut max = 0.0;
    let mut sum = 0.0;
    for test in tests {
        assert!(test["name"].is_string(), "{test}");
        let got = test["score"].as_f64().expect("test score");
        let most = test["max_score"].as_f64().expect("max_score");
        assert!((0.0..=most).contains(&got), "{test}");
        let status = test["status"].as_str().unwrap();
        assert!(["passed", "failed"].contains(&status), "{test}");
        // All or nothing per test.
        let expected = if status == "passed" { most } else { 0.0 };
        assert_eq!(got, expected, "{test}");
        assert!(test["output"].is_string(), "{test}");
        let tags = test["tags"].as_array().expect("tags");
        let visibility = test["visibility"].as_str().unwrap();
        match tags.get(1).and_then(Value::as_str) {
            Some("hidden") => assert_eq!(visibility, "after_published", "{test}"),
            Some("public") => assert_eq!(visibility, "visible", "{test}"),
            other => panic!("unexpected tag {other:?}: {test}"),
        }
        max += most;
        sum += got;
    }
    assert_eq!(score, sum, "the score is the tests' sum");
    (score, max)
}

fn exercises_of(results: &Value) -> Vec<String> {
    let mut ids: Vec<String> = results["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tags"][0].as_str().unwrap().to_string())
        .collect();
    ids.dedup();
    ids
}

/// Unpacks `zip` into `dir`, as `unzip` would, but writes only the files
/// whose bytes changed since the last unpacking there (and removes those the
/// zip no longer holds): cargo, which rebuilds what is newer than its last
/// build, then rebuilds exactly what changed. Returns the zip's file names.
fn unpack(zip: &Path, dir: &Path) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt as _;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut names = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let name = entry.enclosed_name().expect("a safe path");
        names.push(entry.name().to_string());
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        let path = dir.join(name);
        if std::fs::read(&path).ok().as_ref() != Some(&bytes) {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &bytes).unwrap();
        }
        let mode = entry.unix_mode().unwrap_or(0o644);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let relative = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if entry.file_type().is_file() && !names.contains(&relative) {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
    names
}

#[test]
fn the_gradescope_package_grades_a_submission_in_either_layout() {
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("autograder.zip");
    let said = package(&zip, &[]);
    assert!(said.contains("keep it private"), "{said}");

    // Unpack as Gradescope does: the zip's contents are `/autograder/source`.
    // The folder is the same from run to run, so the grader's build is reused
    // when nothing changed (see `unpack`).
    let autograder = root().join("target/gradescope-check/autograder");
    let source = autograder.join("source");
    let names = unpack(&zip, &source);
    for required in [
        "setup.sh",
        "run_autograder",
        "netlab/grader/hidden/01-tcp-server.toml",
    ] {
        assert!(
            names.iter().any(|n| n == required),
            "{required} missing: {names:?}"
        );
    }
    for name in &names {
        assert!(
            !name.contains("solutions/")
                && !name.contains("variants/")
                && !name.contains("samples/"),
            "{name} must not be in the package"
        );
    }
    use std::os::unix::fs::PermissionsExt as _;
    for script in ["setup.sh", "run_autograder"] {
        let mode = std::fs::metadata(source.join(script))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111, "{script} is executable");
    }

    // setup.sh, with every tool already here: nothing is installed. The
    // grader's dependencies build once into a shared target folder.
    let setup = stdout_of(
        Command::new("bash")
            .arg(source.join("setup.sh"))
            .env("NETLAB_CARGO_PROFILE", "dev")
            .env(
                "CARGO_TARGET_DIR",
                root().join("target/gradescope-check/target"),
            ),
    );
    let have = |tool: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if ["bwrap", "python3", "cc", "git", "cargo"]
        .iter()
        .all(|t| have(t))
    {
        assert!(!setup.contains("installing"), "{setup}");
    }
    assert!(source.join("bin/netlab").is_file(), "{setup}");

    // A student's repository, correct: full marks.
    let samples = root().join("samples");
    submit(&autograder, &samples.join("correct"), None);
    let correct = run_autograder(&autograder);
    let (score, max) = check_gradescope_fields(&correct);
    assert_eq!(score, max, "{correct}");
    assert!(
        exercises_of(&correct).len() >= 4,
        "every exercise is graded"
    );
    assert!(
        correct["output"]
            .as_str()
            .unwrap()
            .contains("Graded your repository")
    );

    // One that does not compile: the compiler's errors are in the output.
    submit(&autograder, &samples.join("no-compile"), None);
    let broken = run_autograder(&autograder);
    let (score, max) = check_gradescope_fields(&broken);
    assert!(score < max, "{broken}");
    assert!(
        broken["tests"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["output"].as_str().unwrap().contains("does not compile")),
        "{broken}"
    );

    // An assignment of one exercise, its files uploaded one by one.
    let single = tmp.path().join("single.zip");
    package(&single, &["--exercise", "tcp-server"]);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&single).unwrap()).unwrap();
    let mut config = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("netlab-gradescope.toml").unwrap(),
        &mut config,
    )
    .unwrap();
    assert!(config.contains("exercises = [\"tcp-server\"]"), "{config}");
    std::fs::write(source.join("netlab-gradescope.toml"), config).unwrap();
    let program = samples.join("correct/exercises/01-tcp-server/src");
    submit(
        &autograder,
        &program,
        Some(&[
            ("main.rs", "main.rs"),
            ("bin/tcp-client.rs", "bin/tcp-client.rs"),
        ]),
    );
    let uploaded = run_autograder(&autograder);
    let (score, max) = check_gradescope_fields(&uploaded);
    assert_eq!(exercises_of(&uploaded), ["tcp-server"]);
    assert_eq!(score, max, "{uploaded}");
    let output = uploaded["output"].as_str().unwrap();
    assert!(
        output.contains("`main.rs` → `exercises/01-tcp-server/src/main.rs`"),
        "{output}"
    );

    // A link in an upload is not followed, and says so.
    submit(&autograder, &program, Some(&[("main.rs", "main.rs")]));
    std::os::unix::fs::symlink("/etc/passwd", autograder.join("submission/bin.rs")).unwrap();
    let linked = run_autograder(&autograder);
    let output = linked["output"].as_str().unwrap();
    assert!(
        output.contains("Not graded") && output.contains("`bin.rs`"),
        "{output}"
    );
}

#[test]
fn an_unknown_exercise_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root())
        .arg("gradescope")
        .arg(tmp.path().join("a.zip"))
        .args(["--exercise", "tcp-sever"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no exercise `tcp-sever`"));
    assert!(!tmp.path().join("a.zip").exists());
}
