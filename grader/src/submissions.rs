//! Grading a whole class: submissions in parallel, each taken by
//! [`crate::ingest`] into a snapshot and built through the one pipeline in a
//! fresh root of its own (removed when it is graded), all tests in one
//! bounded pool.
//!
//! `workers` threads each take the next submission, build all its exercises
//! with one cargo run (or from the cache), then run its tests; every test
//! takes one of the shared [`Slots`], so however many submissions are in
//! flight, no more than `slots` test programs run at once. Whatever goes
//! wrong grading one submission (an I/O error, a build that cannot start, a
//! grader bug that panics) becomes that submission's error result: the class
//! goes on.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::build::{BuildOptions, Builder};
use crate::course::Course;
use crate::events::{Emitter, EventSink, GradeEvent};
use crate::grading::{ExerciseReport, GradeError, GradeRun, Suite, Suites, error_reports};
use crate::ingest::{Limits, Snapshot};
use crate::runner::{RunOptions, Slots};

/// One submission: a copy of a student's repository.
#[derive(Clone, Debug)]
pub struct Submission {
    /// Its name: the folder's name.
    pub name: String,
    /// The folder.
    pub dir: PathBuf,
}

/// The graded submission.
#[derive(Clone, Debug)]
pub struct SubmissionReport {
    /// Its name.
    pub name: String,
    /// One report per exercise, in course order.
    pub exercises: Vec<ExerciseReport>,
    /// How long building it took.
    pub build_time: Duration,
    /// How long grading it took in all.
    pub elapsed: Duration,
    /// Why the grader could not grade it (then every test is an error).
    pub error: Option<String>,
}

impl SubmissionReport {
    /// Points earned.
    pub fn score(&self) -> f64 {
        self.exercises.iter().map(ExerciseReport::score).sum()
    }

    /// Points available.
    pub fn max_score(&self) -> f64 {
        self.exercises.iter().map(ExerciseReport::max_score).sum()
    }
}

/// How a class run goes.
#[derive(Clone, Debug)]
pub struct ClassOptions {
    /// The tests' options (seed, time scale); `run.jobs` is ignored here.
    pub run: RunOptions,
    /// Which tests.
    pub suite: Suite,
    /// How many submissions are graded at once.
    pub workers: usize,
    /// How many test programs run at once, over all submissions (each
    /// worker's build runs beside them). Normally one per core.
    pub slots: usize,
    /// Where each submission's fresh build root is made (and removed).
    pub work: PathBuf,
    /// The build cache and time limit.
    pub build: BuildOptions,
    /// What ingest takes of a submission at most.
    pub limits: Limits,
}

impl ClassOptions {
    /// How many submissions to grade at once for `slots` test slots: one
    /// more, so that while the others' tests fill the slots one submission
    /// builds on the cores they leave (tests mostly wait), and the slots do
    /// not stand idle while every worker compiles.
    pub fn in_flight(slots: usize) -> usize {
        slots.max(1) + 1
    }
}

/// Grades `submissions`; reports come back in the order given. Only a
/// problem of the whole run (a wrong test file, a cache or work folder that
/// cannot be made) is an `Err`; a submission's problem is its report's.
/// `events` hears of each submission as it starts and ends, and of its
/// build, tests and exercises in between.
pub fn grade_class(
    course: &Course,
    submissions: &[Submission],
    opts: &ClassOptions,
    events: EventSink<'_>,
) -> Result<Vec<SubmissionReport>, GradeError> {
    let suites = Suites::load(course, &course.exercises, opts.suite, opts.run.lang)?;
    let builder = Builder::new(course, &opts.build).map_err(|source| GradeError::Build {
        exercise: "the course".to_string(),
        source,
    })?;
    std::fs::create_dir_all(&opts.work).map_err(|source| GradeError::Build {
        exercise: "the course".to_string(),
        source: crate::build::BuildError::Io {
            path: opts.work.clone(),
            source,
        },
    })?;
    let slots = Slots::new(opts.slots);
    let grader = Grader {
        course,
        suites: &suites,
        builder: &builder,
        opts,
        slots: &slots,
    };
    Ok(crate::pool::map_in_parallel(
        submissions,
        opts.workers,
        |submission| {
            events(&GradeEvent::SubmissionStarted {
                name: &submission.name,
            });
            let report = grader.grade(submission, Emitter::new(&submission.name, events));
            events(&GradeEvent::SubmissionDone { report: &report });
            report
        },
    ))
}

/// What every worker shares.
struct Grader<'a> {
    course: &'a Course,
    suites: &'a Suites,
    builder: &'a Builder,
    opts: &'a ClassOptions,
    slots: &'a Slots,
}

impl Grader<'_> {
    /// Grades one submission; never fails, never panics.
    fn grade(&self, submission: &Submission, events: Emitter<'_>) -> SubmissionReport {
        let start = Instant::now();
        guarded(|| self.grade_one(submission, start, events))
            .unwrap_or_else(|message| self.failed(submission, start, &message))
    }

    /// Takes, builds in a fresh root, and tests one submission.
    fn grade_one(
        &self,
        submission: &Submission,
        start: Instant,
        events: Emitter<'_>,
    ) -> Result<SubmissionReport, std::io::Error> {
        let snapshot = Snapshot::take(self.course, &submission.dir, &self.opts.limits);
        // Nothing after this line reads the submission folder.
        let root = tempfile::Builder::new()
            .prefix("submission-")
            .tempdir_in(&self.opts.work)?;
        let run = GradeRun {
            suites: self.suites,
            builder: self.builder,
            opts: &self.opts.run,
            slots: self.slots,
            events,
        };
        let (exercises, build_time) =
            run.grade_timed(&self.course.exercises, &snapshot, root.path());
        Ok(SubmissionReport {
            name: submission.name.clone(),
            exercises,
            build_time,
            elapsed: start.elapsed(),
            error: None,
        })
    }

    /// The report of a submission the grader could not grade.
    fn failed(&self, submission: &Submission, start: Instant, message: &str) -> SubmissionReport {
        SubmissionReport {
            name: submission.name.clone(),
            exercises: error_reports(self.suites, &self.course.exercises, message, &self.opts.run),
            build_time: Duration::ZERO,
            elapsed: start.elapsed(),
            error: Some(message.to_string()),
        }
    }
}

/// Runs `grade`, turning an error or a panic into its message.
fn guarded<T, E: std::fmt::Display>(grade: impl FnOnce() -> Result<T, E>) -> Result<T, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(grade)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err)) => Err(err.to_string()),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_string());
            Err(format!(
                "the grader failed on this submission (a grader bug): {what}"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_or_a_panic_becomes_a_message() {
        assert_eq!(guarded(|| Ok::<_, String>(3)), Ok(3));
        assert_eq!(
            guarded(|| Err::<u8, _>(std::io::Error::other("disk full"))),
            Err("disk full".to_string())
        );
        let panicked = guarded(|| -> Result<u8, String> { panic!("index out of bounds") });
        assert_eq!(
            panicked,
            Err(
                "the grader failed on this submission (a grader bug): index out of bounds"
                    .to_string()
            )
        );
    }
}
