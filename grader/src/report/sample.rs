//! A small graded class for the report writers' unit tests: `ann` passes
//! everything, `bob` fails one test with hostile output, `carl` does not
//! compile; and bare test results for any unit test.

use std::time::Duration;

use super::GradebookRow;
use crate::course::{Exercise, ExerciseKind};
use crate::grading::ExerciseReport;
use crate::outcome::{Direction, Entry, Failure, TestOutcome, TestResult};
use crate::scenario::Visibility;

/// A test result of `tcp-server`.
pub(crate) fn result(name: &str, points: f64, outcome: TestOutcome) -> TestResult {
    let score = if outcome.passed() { points } else { 0.0 };
    TestResult {
        exercise: "tcp-server".into(),
        name: name.into(),
        about: Some(format!("checks {name}")),
        max_score: points,
        score,
        visibility: if name == "splits" {
            Visibility::Hidden
        } else {
            Visibility::Public
        },
        hint: Some(format!("hint for {name}")),
        outcome,
        transcript: vec![Entry {
            step: 1,
            direction: Direction::Received,
            conn: None,
            text: "<script>alert(\"x\")</script>".into(),
        }],
        command: None,
        stderr_tail: Vec::new(),
        notes: Vec::new(),
        seed: 7,
        elapsed: Duration::from_millis(5),
        deadline_share: 0.0,
        packets: None,
    }
}

/// A test result of `exercise` with only its name, points and outcome:
/// public, no about, hint or transcript, seed 1, no time taken, and full
/// marks if it passed (none otherwise). Set other fields with `..bare(...)`.
pub(crate) fn bare(exercise: &str, name: &str, points: f64, outcome: TestOutcome) -> TestResult {
    TestResult {
        exercise: exercise.into(),
        about: None,
        visibility: Visibility::Public,
        hint: None,
        transcript: Vec::new(),
        seed: 1,
        elapsed: Duration::ZERO,
        ..result(name, points, outcome)
    }
}

/// Three submissions of one exercise worth 5 points.
pub(crate) fn class() -> (Vec<String>, Vec<GradebookRow>) {
    let exercise = Exercise {
        id: "tcp-server".into(),
        folder: "01-tcp-server".into(),
        kind: ExerciseKind::Program,
    };
    let failed = || TestOutcome::Failed(Failure::new(Some(1), "wrong reply"));
    let row =
        |name: &str, echo: TestOutcome, splits: TestOutcome, log: Option<&str>| GradebookRow {
            submission: name.into(),
            exercises: vec![ExerciseReport {
                exercise: exercise.clone(),
                results: vec![result("echo", 2.0, echo), result("splits", 3.0, splits)],
                not_built: log.map(|log| crate::build::NotBuilt::Compile {
                    log: log.to_string(),
                }),
            }],
        };
    let rows = vec![
        row("ann", TestOutcome::Passed, TestOutcome::Passed, None),
        row("bob", TestOutcome::Passed, failed(), None),
        row(
            "carl",
            failed(),
            failed(),
            Some("error[E0308]: <mismatched types>"),
        ),
    ];
    (vec!["tcp-server".into()], rows)
}
