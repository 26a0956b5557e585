//! Running the tests of built exercises: every test in one pool, one
//! [`ExerciseReport`] per exercise as its last test ends; an exercise that
//! did not build fails each of its tests with the reason.

use super::{ExerciseReport, GradeError, Suite, load_tests_in};
use crate::build::{BuildOutcome, NotBuilt};
use crate::course::{Course, Exercise};
use crate::events::Emitter;
use crate::outcome::{Failure, TestOutcome, TestResult};
use crate::runner::{Job, Programs, RunOptions, Slots, run_all_in};
use crate::scenario::TestCase;

/// Runs the tests of exercises already built, each test taking one of
/// `slots` (shared with whatever else runs tests meanwhile).
pub fn run_built(
    course: &Course,
    built: Vec<(Exercise, BuildOutcome)>,
    suite: Suite,
    opts: &RunOptions,
    slots: &Slots,
    events: Emitter<'_>,
) -> Result<Vec<ExerciseReport>, GradeError> {
    let mut prepared: Vec<Prepared> = Vec::new();
    for (exercise, outcome) in built {
        let tests = load_tests_in(course, &exercise, suite, opts.lang)?;
        let programs = match outcome {
            BuildOutcome::Built(programs) => Ok(programs),
            BuildOutcome::Failed { log } => Err(NotBuilt::Compile { log }),
        };
        prepared.push((exercise, tests, programs));
    }
    Ok(run_prepared(&prepared, opts, slots, events))
}

/// An exercise ready to test: its tests and its programs, or why it has none.
pub(crate) type Prepared = (Exercise, Vec<TestCase>, Result<Programs, NotBuilt>);

/// Runs prepared tests: those whose exercise built, in one pool; the others
/// fail (or, for a grader error, err) with the reason it has no programs.
/// `events` hears of each test as it ends and of each exercise as its last
/// test ends.
pub(crate) fn run_prepared(
    prepared: &[Prepared],
    opts: &RunOptions,
    slots: &Slots,
    events: Emitter<'_>,
) -> Vec<ExerciseReport> {
    let jobs: Vec<Job<'_>> = prepared
        .iter()
        .filter_map(|(exercise, tests, programs)| Some((exercise, tests, programs.as_ref().ok()?)))
        .flat_map(|(exercise, tests, programs)| {
            tests.iter().map(move |test| Job {
                exercise: &exercise.id,
                test,
                programs,
            })
        })
        .collect();
    let finished = Finished::new(prepared);
    let mut ran = run_all_in(&jobs, opts, slots, &|result| {
        events.test_done(result);
        if let Some(report) = finished.add(result) {
            events.exercise_done(&report);
        }
    })
    .into_iter();
    prepared
        .iter()
        .map(|(exercise, tests, programs)| match programs {
            Ok(_) => {
                let report = ExerciseReport {
                    exercise: exercise.clone(),
                    results: ran.by_ref().take(tests.len()).collect(),
                    not_built: None,
                };
                if tests.is_empty() {
                    events.exercise_done(&report);
                }
                report
            }
            Err(problem) => {
                let results = tests
                    .iter()
                    .map(|test| not_built(exercise, test, problem, opts))
                    .collect::<Vec<_>>();
                results.iter().for_each(|result| events.test_done(result));
                let report = ExerciseReport {
                    exercise: exercise.clone(),
                    results,
                    not_built: Some(problem.clone()),
                };
                events.exercise_done(&report);
                report
            }
        })
        .collect()
}

/// The results of a pool gathered per exercise, as they come, so that an
/// exercise is reported the moment its last test ends.
struct Finished<'p> {
    prepared: &'p [Prepared],
    results: std::sync::Mutex<Vec<Vec<Option<TestResult>>>>,
}

impl<'p> Finished<'p> {
    fn new(prepared: &'p [Prepared]) -> Self {
        let results = prepared
            .iter()
            .map(|(_, tests, _)| vec![None; tests.len()])
            .collect();
        Finished {
            prepared,
            results: std::sync::Mutex::new(results),
        }
    }

    /// Files `result`; returns its exercise's report when it was the last.
    fn add(&self, result: &TestResult) -> Option<ExerciseReport> {
        let index = self.prepared.iter().position(|(exercise, _, programs)| {
            exercise.id == result.exercise && programs.is_ok()
        })?;
        let (exercise, tests, _) = &self.prepared[index];
        let mut all = self.results.lock().unwrap_or_else(|e| e.into_inner());
        let slots = &mut all[index];
        let at = tests
            .iter()
            .zip(slots.iter())
            .position(|(test, slot)| slot.is_none() && test.name == result.name)?;
        slots[at] = Some(result.clone());
        if slots.iter().any(Option::is_none) {
            return None;
        }
        Some(ExerciseReport {
            exercise: exercise.clone(),
            results: slots.iter_mut().filter_map(Option::take).collect(),
            not_built: None,
        })
    }
}

/// Runs `tests` of `exercise` against `programs` (any commands at all, such
/// as a program in another language), in a pool of `opts.jobs`.
pub fn run_tests(
    exercise: &Exercise,
    tests: Vec<TestCase>,
    programs: Programs,
    opts: &RunOptions,
    events: Emitter<'_>,
) -> ExerciseReport {
    let prepared = [(exercise.clone(), tests, Ok(programs))];
    run_prepared(&prepared, opts, &Slots::new(opts.jobs), events)
        .pop()
        .expect("one exercise in, one report out")
}

/// The result of a test whose program has none to run.
fn not_built(
    exercise: &Exercise,
    test: &TestCase,
    problem: &NotBuilt,
    opts: &RunOptions,
) -> TestResult {
    let message = problem.summary(&exercise.id, opts.lang);
    let outcome = if problem.is_grader_error() {
        TestOutcome::Error(message)
    } else {
        TestOutcome::Failed(Failure::new(None, message))
    };
    TestResult {
        exercise: exercise.id.clone(),
        name: test.name.clone(),
        about: test.about.clone(),
        max_score: test.points,
        score: 0.0,
        visibility: test.visibility,
        hint: test.hint.clone(),
        outcome,
        transcript: Vec::new(),
        command: None,
        stderr_tail: Vec::new(),
        notes: Vec::new(),
        seed: opts.seed,
        elapsed: std::time::Duration::ZERO,
        deadline_share: 0.0,
        packets: None,
    }
}
