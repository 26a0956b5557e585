//! The `expect-ended` step against real processes: a program killed by a
//! signal has ended (it has no exit status), and one that keeps running fails
//! the step within the step's timeout, not the test's whole budget.

use std::time::Duration;

use grader::runner::RunOptions;

mod support;

use support::run::{inline_file, run_case};

/// A test file whose one program, `sleeper`, sleeps for a minute.
const TESTS: &str = r#"
format-version = 1
[defaults]
program = "sleeper"
step-timeout = "300ms"
budget = "20s"

[[test]]
name = "term-ends-it"
points = 1
step = [
  { expect-running = true },
  { signal = "TERM" },
  { expect-ended = true },
]

[[test]]
name = "still-running"
points = 1
step = [
  { expect-ended = true },
]
"#;

/// Runs the test `name` of [`TESTS`].
fn run(name: &str) -> grader::outcome::TestResult {
    let file = inline_file(TESTS);
    let test = file.tests.iter().find(|t| t.name == name).unwrap();
    let mut opts = RunOptions::new(1);
    opts.time_scale = 1.0;
    run_case(
        "demo",
        test,
        "sleeper",
        vec!["sleep".into(), "60".into()],
        &opts,
    )
}

#[test]
fn a_program_killed_by_sigterm_has_ended() {
    let result = run("term-ends-it");
    assert!(result.outcome.passed(), "{:?}", result.outcome);
    assert!(
        result
            .transcript
            .iter()
            .any(|e| e.text.contains("the program ended: killed by SIGTERM")),
        "{:?}",
        result.transcript
    );
}

#[test]
fn a_program_still_running_fails_within_the_step_timeout() {
    let result = run("still-running");
    match &result.outcome {
        grader::outcome::TestOutcome::Failed(failure) => {
            assert_eq!(failure.step, Some(1));
            assert!(
                failure
                    .message
                    .contains("expected the program to end, but it was still running"),
                "{}",
                failure.message
            );
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    assert!(
        result.elapsed < Duration::from_secs(5),
        "{:?}",
        result.elapsed
    );
}
