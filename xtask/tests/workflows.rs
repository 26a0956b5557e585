//! The GitHub Actions workflows: linted by a real workflow linter
//! (actionlint, installed by `.ci/run`), and the grading workflow cannot be
//! started or changed by a student's pull request.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

const WORKFLOWS: [&str; 3] = [
    ".github/workflows/ci.yml",
    ".github/workflows/grade.yml",
    "xtask/templates/student/check.yml",
];

#[test]
fn workflows_pass_actionlint() {
    let root = root();
    let output = match Command::new("actionlint")
        .args(WORKFLOWS)
        .current_dir(&root)
        .output()
    {
        Ok(output) => output,
        Err(err) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: actionlint is not installed ({err}); `.ci/run` installs it");
            return;
        }
        Err(err) => panic!("actionlint is required in CI: {err}"),
    };
    assert!(
        output.status.success(),
        "actionlint found problems:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn grading_runs_only_from_the_trusted_repository() {
    let text = std::fs::read_to_string(root().join(".github/workflows/grade.yml")).unwrap();
    let triggers = &text[text.find("\non:").unwrap()..text.find("\npermissions:").unwrap()];
    assert!(triggers.contains("workflow_dispatch"));
    for event in ["pull_request", "pull_request_target", "push"] {
        assert!(
            !triggers.contains(event),
            "a `{event}` trigger would let a student's change run the grading"
        );
    }
    assert!(
        text.contains("persist-credentials: false"),
        "the submission checkout must not keep a token"
    );
    assert!(text.contains("contents: read"));
}
