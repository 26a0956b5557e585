//! The exercises' own lint tables (their `Cargo.toml`, which is also the
//! trusted template the grader builds a submission in) keep a stub quiet but
//! still warn about what a beginner gets wrong: an ignored `io::Result`
//! (`unused_must_use`) is not silenced with the stub's unused helpers.

use std::path::Path;
use std::process::Command;

use grader::course::{Course, ExerciseKind};
use serde_json::Value;

mod support;

use support::{copy_dir, root};

/// A workspace in `dir` whose members are the given exercise folders, copied
/// with their own manifests, as the grader lays out a build.
fn workspace(dir: &Path, folders: &[String]) {
    let members: Vec<String> = folders
        .iter()
        .map(|f| format!("{:?}", format!("exercises/{f}")))
        .collect();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .expect("write");
    for folder in folders {
        copy_dir(
            &root().join("exercises").join(folder),
            &dir.join("exercises").join(folder),
            &["target"],
        );
    }
}

/// Builds the workspace in `dir` and returns the compiler's warnings as
/// `(lint code, rendered text)`.
fn warnings(dir: &Path) -> Vec<(String, String)> {
    let output = Command::new(env!("CARGO"))
        .current_dir(dir)
        .args([
            "build",
            "--offline",
            "--workspace",
            "--bins",
            "--message-format=json",
        ])
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-message" && m["message"]["level"] == "warning")
        .map(|m| {
            (
                m["message"]["code"]["code"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                m["message"]["rendered"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

#[test]
fn the_stubs_build_without_a_warning() {
    let course = Course::open(&root()).expect("the course");
    let folders: Vec<String> = course
        .exercises
        .iter()
        .filter(|e| e.kind == ExerciseKind::Program)
        .map(|e| e.folder.clone())
        .collect();
    assert!(!folders.is_empty());
    let tmp = tempfile::tempdir().expect("temp dir");
    workspace(tmp.path(), &folders);
    let found = warnings(tmp.path());
    assert!(found.is_empty(), "the stubs warn: {found:#?}");
}

#[test]
fn an_ignored_write_result_gets_an_unused_must_use_warning() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let folder = "01-tcp-server".to_string();
    workspace(tmp.path(), std::slice::from_ref(&folder));
    // A beginner's mistake beside the stub's untouched `todo!()`s.
    let main = tmp
        .path()
        .join("exercises")
        .join(&folder)
        .join("src/main.rs");
    let mut text = std::fs::read_to_string(&main).expect("read");
    text.push_str(
        "\nfn forgets_the_error(mut stream: TcpStream) {\n    stream.write_all(b\"x\");\n}\n",
    );
    std::fs::write(&main, text).expect("write");
    let found = warnings(tmp.path());
    let codes: Vec<&str> = found.iter().map(|(code, _)| code.as_str()).collect();
    assert_eq!(codes, ["unused_must_use"], "{found:#?}");
    assert!(
        found[0].1.contains("stream.write_all(b\"x\");"),
        "{found:#?}"
    );
}
