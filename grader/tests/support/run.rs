//! Running one test of an inline test file against a stand-in student
//! program: a shell script, a few lines of Python or any command.

use std::ffi::OsString;
use std::path::Path;

use grader::outcome::{Failure, TestOutcome, TestResult};
use grader::runner::{Job, Programs, RunOptions, run_test};
use grader::scenario::{TestCase, TestFile, Visibility};

/// `sh -c script` (with `sh` as `$0`) as a program's command line.
pub(crate) fn sh(script: &str) -> Vec<OsString> {
    ["sh", "-c", script, "sh"].iter().map(Into::into).collect()
}

/// `python3 -c script` as a program's command line.
pub(crate) fn python(script: &str) -> Vec<OsString> {
    ["python3", "-c", script].iter().map(Into::into).collect()
}

/// Parses `toml` as a public test file (named `inline.toml` in its errors).
pub(crate) fn inline_file(toml: &str) -> TestFile {
    TestFile::parse(toml, Path::new("inline.toml"), Visibility::Public).expect("test file parses")
}

/// Runs `test` as a test of `exercise`, its program `program` started as
/// `command`, under `opts`.
pub(crate) fn run_case(
    exercise: &str,
    test: &TestCase,
    program: &str,
    command: Vec<OsString>,
    opts: &RunOptions,
) -> TestResult {
    let mut programs = Programs::new();
    programs.insert(program, command);
    run_test(
        Job {
            exercise,
            test,
            programs: &programs,
        },
        opts,
    )
}

/// Runs the first test of the inline test file `toml` (see [`run_case`]).
pub(crate) fn run_inline(
    exercise: &str,
    toml: &str,
    program: &str,
    command: Vec<OsString>,
    opts: &RunOptions,
) -> TestResult {
    run_case(
        exercise,
        &inline_file(toml).tests[0],
        program,
        command,
        opts,
    )
}

/// How a test that must have failed failed; panics with the outcome and the
/// transcript when it did not fail.
pub(crate) fn failure(result: &TestResult) -> &Failure {
    match &result.outcome {
        TestOutcome::Failed(failure) => failure,
        other => panic!("expected a failure, got {other:?}: {:?}", result.transcript),
    }
}

/// The message of a test that must have failed (see [`failure`]).
pub(crate) fn message(result: &TestResult) -> &str {
    &failure(result).message
}
