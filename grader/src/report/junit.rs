//! JUnit XML, through `quick-junit`: one test suite per submission and
//! exercise, one test case per test; a failed test is a `<failure>`, a grader
//! error an `<error>`.

use std::path::Path;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::GradebookRow;
use super::gradescope::test_output;
use crate::outcome::TestOutcome;

/// The JUnit report of a class run.
pub fn junit_report(rows: &[GradebookRow], seed: u64) -> Report {
    let mut report = Report::new("netlab");
    for row in rows {
        for exercise in &row.exercises {
            let mut suite = TestSuite::new(format!("{}/{}", row.submission, exercise.exercise.id));
            suite.add_property(("seed", seed.to_string().as_str()));
            for result in &exercise.results {
                let status = match &result.outcome {
                    TestOutcome::Passed => TestCaseStatus::success(),
                    TestOutcome::Failed(failure) => {
                        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                        status
                            .set_message(failure.message.as_str())
                            .set_description(test_output(exercise, result));
                        status
                    }
                    TestOutcome::Error(message) => {
                        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                        status.set_message(message.as_str());
                        status
                    }
                };
                let mut case = TestCase::new(result.name.as_str(), status);
                case.set_classname(format!("{}.{}", row.submission, result.exercise))
                    .set_time(result.elapsed);
                suite.add_test_case(case);
            }
            report.add_test_suite(suite);
        }
    }
    report
}

/// Writes the JUnit XML of a class run to `path`.
pub fn write_junit(path: &Path, rows: &[GradebookRow], seed: u64) -> std::io::Result<()> {
    let text = junit_report(rows, seed)
        .to_string()
        .map_err(std::io::Error::other)?;
    std::fs::write(path, text)
}
