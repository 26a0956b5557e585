//! What running a test produced: the outcome, kept apart from "could not run",
//! with the evidence a student needs to act on it.

use std::time::Duration;

use crate::scenario::Visibility;

/// How a test ended.
#[derive(Clone, Debug, PartialEq)]
pub enum TestOutcome {
    /// Every step held.
    Passed,
    /// The student's program did not do what a step expected.
    Failed(Failure),
    /// The grader itself could not run the test (not the student's fault).
    Error(String),
}

impl TestOutcome {
    /// Whether the test passed.
    pub fn passed(&self) -> bool {
        matches!(self, TestOutcome::Passed)
    }
}

/// Where and how a test failed.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// The failing step (1-based), or `None` for start-up and build failures.
    pub step: Option<usize>,
    /// What went wrong, in a sentence.
    pub message: String,
    /// What the step expected, when it compares bytes.
    pub expected: Option<Vec<u8>>,
    /// What came instead.
    pub actual: Option<Vec<u8>>,
}

impl Failure {
    /// A failure with a message only.
    pub fn new(step: Option<usize>, message: impl Into<String>) -> Self {
        Failure {
            step,
            message: message.into(),
            expected: None,
            actual: None,
        }
    }

    /// A failure that compares bytes.
    pub fn mismatch(
        step: usize,
        message: impl Into<String>,
        expected: Vec<u8>,
        actual: Vec<u8>,
    ) -> Self {
        Failure {
            step: Some(step),
            message: message.into(),
            expected: Some(expected),
            actual: Some(actual),
        }
    }
}

/// Which way a transcript line goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The test sent bytes to the program.
    Sent,
    /// The program sent bytes to the test.
    Received,
    /// Something happened (start, connect, close, exit).
    Event,
}

/// One line of a test's transcript.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The step that produced it (1-based; 0 for start-up).
    pub step: usize,
    /// Which way it goes.
    pub direction: Direction,
    /// The connection, if any.
    pub conn: Option<String>,
    /// What happened, with bytes already escaped and shortened.
    pub text: String,
}

/// Everything known about one finished test.
#[derive(Clone, Debug)]
pub struct TestResult {
    /// The exercise id.
    pub exercise: String,
    /// The test's name.
    pub name: String,
    /// What it checks.
    pub about: Option<String>,
    /// Points it is worth.
    pub max_score: f64,
    /// Points earned: all or nothing.
    pub score: f64,
    /// Public or hidden.
    pub visibility: Visibility,
    /// The test's hint.
    pub hint: Option<String>,
    /// How it ended.
    pub outcome: TestOutcome,
    /// What was sent and received, in order.
    pub transcript: Vec<Entry>,
    /// The command that started the program, as a student could type it.
    pub command: Option<String>,
    /// The last lines of the program's stderr.
    pub stderr_tail: Vec<String>,
    /// Notes on output limits (for example "stdout: 3 GB dropped after 1 MiB").
    pub notes: Vec<String>,
    /// The run's seed, from which this test's random data was drawn.
    pub seed: u64,
    /// Wall-clock time the test took.
    pub elapsed: Duration,
    /// The largest share of its deadline any step of the test used, on the
    /// run's fair clock: 1.0 when a step ran out of time, near 0 when every
    /// step was quick. How close a program came to the limits.
    pub deadline_share: f64,
    /// The TCP segments of the run, as ladders (a failing test's, or every
    /// test's on request; `None` where nothing was captured).
    pub packets: Option<crate::runner::packets::Packets>,
}
