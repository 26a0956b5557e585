//! Grading: build each exercise's sources, load its tests, run them all in
//! one pool, and collect one [`ExerciseReport`] per exercise.

use std::path::{Path, PathBuf};

use crate::build::{BuildError, BuildOutcome, MISSING_PREFIX, build_in_workspace, build_sources};
use crate::course::{Course, Exercise, ExerciseKind};
use crate::outcome::{Failure, TestOutcome, TestResult};
use crate::quiz::{Quiz, QuizError, grade_quiz};
use crate::runner::{Job, Programs, RunOptions, Slots, run_all_in};
use crate::scenario::{ScenarioError, TestCase, TestFile, Visibility};

/// A problem of the grader's: the run cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum GradeError {
    /// A test file is missing or wrong.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// A quiz file is missing or wrong.
    #[error(transparent)]
    Quiz(#[from] QuizError),
    /// A build could not be prepared or started.
    #[error("cannot build `{exercise}`")]
    Build {
        exercise: String,
        #[source]
        source: BuildError,
    },
}

/// Which tests to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Suite {
    /// The public tests only, as `check` runs them.
    Public,
    /// Public and hidden tests, as `grade` runs them.
    All,
}

/// Where an exercise's code comes from.
#[derive(Clone, Debug)]
pub enum Source {
    /// The package in the course workspace itself, built in place.
    Workspace,
    /// A `src/` directory, built inside the trusted template (for a quiz:
    /// the folder holding `answers.toml`).
    Dir(PathBuf),
    /// The submission has no such exercise: every test fails.
    Missing,
}

/// One exercise to grade.
#[derive(Clone, Debug)]
pub struct Target {
    /// The exercise.
    pub exercise: Exercise,
    /// Its code.
    pub source: Source,
}

/// The results of one exercise.
#[derive(Clone, Debug)]
pub struct ExerciseReport {
    /// The exercise.
    pub exercise: Exercise,
    /// Each test's result, public tests first, in file order.
    pub results: Vec<TestResult>,
    /// The compiler's errors when the code did not build.
    pub build_log: Option<String>,
}

impl ExerciseReport {
    /// Points earned.
    pub fn score(&self) -> f64 {
        self.results.iter().map(|r| r.score).sum()
    }

    /// Points available.
    pub fn max_score(&self) -> f64 {
        self.results.iter().map(|r| r.max_score).sum()
    }

    /// Whether every test passed.
    pub fn passed(&self) -> bool {
        self.results.iter().all(|r| r.outcome.passed())
    }
}

/// Loads an exercise's tests: public, then hidden when asked and present.
pub fn load_tests(
    course: &Course,
    exercise: &Exercise,
    suite: Suite,
) -> Result<Vec<TestCase>, ScenarioError> {
    let mut tests = TestFile::load(&course.public_tests(exercise), Visibility::Public)?.tests;
    let hidden = course.hidden_tests(exercise);
    if suite == Suite::All && hidden.is_file() {
        tests.extend(TestFile::load(&hidden, Visibility::Hidden)?.tests);
    }
    Ok(tests)
}

/// Like [`load_tests`], with each test's texts in `lang` where the files have them.
pub fn load_tests_in(
    course: &Course,
    exercise: &Exercise,
    suite: Suite,
    lang: crate::lang::Lang,
) -> Result<Vec<TestCase>, ScenarioError> {
    let mut tests =
        TestFile::load_in(&course.public_tests(exercise), Visibility::Public, lang)?.tests;
    let hidden = course.hidden_tests(exercise);
    if suite == Suite::All && hidden.is_file() {
        tests.extend(TestFile::load_in(&hidden, Visibility::Hidden, lang)?.tests);
    }
    Ok(tests)
}

/// The tests (or quiz questions and checks) of `exercise` whose texts have
/// no Simplified Chinese yet, public and hidden.
pub fn untranslated(course: &Course, exercise: &Exercise) -> Vec<String> {
    match exercise.kind {
        ExerciseKind::Quiz => load_quiz(course, exercise, Suite::All)
            .map(|quiz| quiz.untranslated())
            .unwrap_or_default(),
        ExerciseKind::Program => [course.public_tests(exercise), course.hidden_tests(exercise)]
            .iter()
            .flat_map(|path| TestFile::untranslated(path))
            .collect(),
    }
}

/// Builds one target; `work` is its private build directory.
pub fn build_target(
    course: &Course,
    target: &Target,
    work: &Path,
) -> Result<BuildOutcome, GradeError> {
    let exercise = &target.exercise;
    let built = match &target.source {
        Source::Workspace => build_in_workspace(&course.root, &exercise.id),
        Source::Dir(src) => {
            let template = course.exercise_dir(exercise).join("Cargo.toml");
            build_sources(&template, src.is_dir().then_some(src.as_path()), work)
        }
        Source::Missing => {
            return Ok(BuildOutcome::Failed {
                log: format!(
                    "{MISSING_PREFIX} `exercises/{}/src/` folder",
                    exercise.folder
                ),
            });
        }
    };
    built.map_err(|source| GradeError::Build {
        exercise: exercise.id.clone(),
        source,
    })
}

/// Grades `targets`: builds each (in `work/<folder>`), then runs the tests of
/// all of them in one pool; `on_done` hears of every finished test. Quizzes
/// are scored from their answers, without a build. Reports come in the
/// order of `targets`.
pub fn grade(
    course: &Course,
    targets: &[Target],
    suite: Suite,
    work: &Path,
    opts: &RunOptions,
    on_done: &(dyn Fn(&TestResult) + Sync),
) -> Result<Vec<ExerciseReport>, GradeError> {
    let (quizzes, programs): (Vec<&Target>, Vec<&Target>) = targets
        .iter()
        .partition(|t| t.exercise.kind == ExerciseKind::Quiz);
    let programs: Vec<Target> = programs.into_iter().cloned().collect();
    let mut graded = grade_programs(course, &programs, suite, work, opts, on_done)?.into_iter();
    let mut quizzes = quizzes.into_iter();
    let mut reports = Vec::with_capacity(targets.len());
    for target in targets {
        let report = match target.exercise.kind {
            ExerciseKind::Quiz => {
                let quiz = quizzes.next().expect("one quiz target per quiz");
                grade_quiz_target(course, quiz, suite, opts, on_done)?
            }
            ExerciseKind::Program => graded.next().expect("one report per program target"),
        };
        reports.push(report);
    }
    Ok(reports)
}

/// Loads a quiz's checks: public, then hidden when asked and present.
pub fn load_quiz(course: &Course, exercise: &Exercise, suite: Suite) -> Result<Quiz, QuizError> {
    let hidden = course.hidden_tests(exercise);
    let hidden = (suite == Suite::All && hidden.is_file()).then_some(hidden.as_path());
    Quiz::load(&course.public_tests(exercise), hidden)
}

/// Scores one quiz target.
fn grade_quiz_target(
    course: &Course,
    target: &Target,
    suite: Suite,
    opts: &RunOptions,
    on_done: &(dyn Fn(&TestResult) + Sync),
) -> Result<ExerciseReport, GradeError> {
    let exercise = &target.exercise;
    let dir = match &target.source {
        Source::Workspace => Some(course.exercise_dir(exercise)),
        Source::Dir(dir) => Some(dir.clone()),
        Source::Missing => None,
    };
    grade_quiz_exercise(course, exercise, dir.as_deref(), suite, opts, on_done)
}

/// Scores the quiz `exercise` from the `answers.toml` in `dir` (`None`: the
/// submission has no quiz folder, so every check scores zero).
pub fn grade_quiz_exercise(
    course: &Course,
    exercise: &Exercise,
    dir: Option<&Path>,
    suite: Suite,
    opts: &RunOptions,
    on_done: &(dyn Fn(&TestResult) + Sync),
) -> Result<ExerciseReport, GradeError> {
    let quiz = load_quiz(course, exercise, suite)?;
    let results = grade_quiz(&quiz, dir, &exercise.id, opts.seed, opts.lang);
    results.iter().for_each(on_done);
    Ok(ExerciseReport {
        exercise: exercise.clone(),
        results,
        build_log: None,
    })
}

/// Grades program targets: builds each, then runs all their tests in one pool.
fn grade_programs(
    course: &Course,
    targets: &[Target],
    suite: Suite,
    work: &Path,
    opts: &RunOptions,
    on_done: &(dyn Fn(&TestResult) + Sync),
) -> Result<Vec<ExerciseReport>, GradeError> {
    let mut built = Vec::new();
    for target in targets {
        let outcome = build_target(course, target, &work.join(&target.exercise.folder))?;
        built.push((target.exercise.clone(), outcome));
    }
    run_built(course, built, suite, opts, &Slots::new(opts.jobs), on_done)
}

/// Runs the tests of exercises already built, each test taking one of
/// `slots` (shared with whatever else runs tests meanwhile).
pub fn run_built(
    course: &Course,
    built: Vec<(Exercise, BuildOutcome)>,
    suite: Suite,
    opts: &RunOptions,
    slots: &Slots,
    on_done: &(dyn Fn(&TestResult) + Sync),
) -> Result<Vec<ExerciseReport>, GradeError> {
    let mut prepared: Vec<(Exercise, Vec<TestCase>, Result<Programs, String>)> = Vec::new();
    for (exercise, outcome) in built {
        let tests = load_tests_in(course, &exercise, suite, opts.lang)?;
        let programs = match outcome {
            BuildOutcome::Built(programs) => Ok(programs),
            BuildOutcome::Failed { log } => Err(log),
        };
        prepared.push((exercise, tests, programs));
    }
    Ok(run_prepared(&prepared, opts, slots, on_done))
}

/// Runs prepared tests: those whose exercise built, in one pool; the others
/// fail with the build's log.
pub(crate) fn run_prepared(
    prepared: &[(Exercise, Vec<TestCase>, Result<Programs, String>)],
    opts: &RunOptions,
    slots: &Slots,
    on_done: &(dyn Fn(&TestResult) + Sync),
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
    let mut ran = run_all_in(&jobs, opts, slots, on_done).into_iter();
    prepared
        .iter()
        .map(|(exercise, tests, programs)| match programs {
            Ok(_) => ExerciseReport {
                exercise: exercise.clone(),
                results: ran.by_ref().take(tests.len()).collect(),
                build_log: None,
            },
            Err(log) => {
                let results = tests
                    .iter()
                    .map(|test| not_built(exercise, test, log, opts))
                    .collect::<Vec<_>>();
                results.iter().for_each(on_done);
                ExerciseReport {
                    exercise: exercise.clone(),
                    results,
                    build_log: Some(log.clone()),
                }
            }
        })
        .collect()
}

/// Runs `tests` of `exercise` against `programs` (any commands at all, such
/// as a program in another language), in a pool of `opts.jobs`.
pub fn run_tests(
    exercise: &Exercise,
    tests: Vec<TestCase>,
    programs: Programs,
    opts: &RunOptions,
    on_done: &(dyn Fn(&TestResult) + Sync),
) -> ExerciseReport {
    let prepared = [(exercise.clone(), tests, Ok(programs))];
    run_prepared(&prepared, opts, &Slots::new(opts.jobs), on_done)
        .pop()
        .expect("one exercise in, one report out")
}

/// The result of a test whose program did not build.
fn not_built(exercise: &Exercise, test: &TestCase, log: &str, opts: &RunOptions) -> TestResult {
    let message = if log.starts_with(MISSING_PREFIX) {
        format!(
            "the submission has no `exercises/{}/src/`, so no test of `{}` could run",
            exercise.folder, exercise.id
        )
    } else {
        format!(
            "`{}` did not build, so no test of it could run: fix the compiler's errors first",
            exercise.id
        )
    };
    TestResult {
        exercise: exercise.id.clone(),
        name: test.name.clone(),
        about: test.about.clone(),
        max_score: test.points,
        score: 0.0,
        visibility: test.visibility,
        hint: test.hint.clone(),
        outcome: TestOutcome::Failed(Failure::new(None, message)),
        transcript: Vec::new(),
        command: None,
        stderr_tail: Vec::new(),
        notes: Vec::new(),
        seed: opts.seed,
        elapsed: std::time::Duration::ZERO,
        deadline_share: 0.0,
    }
}
