//! Grading: take each exercise's sources (ingest), build them (the one
//! pipeline), load its tests, run them all in one pool, and collect one
//! [`ExerciseReport`] per exercise. [`snapshot`] grades one submission's
//! snapshot; any problem there is that submission's, never the run's.
//! [`run`] runs the tests of built exercises in one pool.

mod run;
mod snapshot;

pub(crate) use run::{Prepared, run_prepared};
pub use run::{run_built, run_tests};
pub use snapshot::{GradeRun, Suites, error_reports};

use std::path::{Path, PathBuf};

use crate::build::{BuildError, BuildOptions, Builder, NotBuilt};
use crate::course::{Course, Exercise, ExerciseKind};
use crate::events::Emitter;
use crate::ingest::{Snapshot, Taken};
use crate::outcome::TestResult;
use crate::quiz::{Quiz, QuizError};
use crate::runner::{RunOptions, Slots};
use crate::scenario::{ScenarioError, TestCase, TestFile, Visibility};

/// A problem of the grader's: the run cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum GradeError {
    /// A test or quiz file is missing or wrong.
    #[error(transparent)]
    File(#[from] crate::file_error::FileError),
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
    /// Why the exercise has no programs to test (missing, refused, not
    /// compiling, a grader error); `None` when it built (or is a quiz that was read).
    pub not_built: Option<NotBuilt>,
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

    /// Whether the submission does not have this exercise at all (as
    /// opposed to having it in a form that does not compile).
    pub fn missing(&self) -> bool {
        matches!(self.not_built, Some(NotBuilt::Missing { .. }))
    }

    /// Whether the exercise is there but did not compile.
    pub fn did_not_compile(&self) -> bool {
        matches!(self.not_built, Some(NotBuilt::Compile { .. }))
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

/// Grades `targets` with the default build options of `course` (its cache
/// in `target/netlab/cache`): see [`grade_with`].
pub fn grade(
    course: &Course,
    targets: &[Target],
    suite: Suite,
    work: &Path,
    opts: &RunOptions,
    events: Emitter<'_>,
) -> Result<Vec<ExerciseReport>, GradeError> {
    grade_with(
        course,
        targets,
        suite,
        work,
        &BuildOptions::for_course(course),
        opts,
        events,
    )
}

/// Grades `targets`: takes each one's sources through [`crate::ingest`],
/// builds the programs through the one pipeline in a fresh root under
/// `work`, then runs the tests of all of them in one pool; `events` hears
/// of every finished test and exercise. Quizzes are scored from their answers, without a
/// build. Reports come in the order of `targets`.
pub fn grade_with(
    course: &Course,
    targets: &[Target],
    suite: Suite,
    work: &Path,
    build: &BuildOptions,
    opts: &RunOptions,
    events: Emitter<'_>,
) -> Result<Vec<ExerciseReport>, GradeError> {
    let exercises: Vec<Exercise> = targets.iter().map(|t| t.exercise.clone()).collect();
    let suites = Suites::load(course, &exercises, suite, opts.lang)?;
    let limits = crate::ingest::Limits::default();
    let mut snapshot = Snapshot::default();
    for target in targets {
        snapshot.insert(&target.exercise, take_target(course, target, &limits));
    }
    let builder = Builder::new(course, build).map_err(|source| GradeError::Build {
        exercise: "the course".to_string(),
        source,
    })?;
    std::fs::create_dir_all(work).map_err(|source| build_io(work, source))?;
    let root = tempfile::Builder::new()
        .prefix("build-")
        .tempdir_in(work)
        .map_err(|source| build_io(work, source))?;
    let graded = GradeRun {
        suites: &suites,
        builder: &builder,
        opts,
        slots: &Slots::new(opts.jobs),
        events,
    }
    .grade(&exercises, &snapshot, root.path());
    Ok(graded)
}

fn build_io(path: &Path, source: std::io::Error) -> GradeError {
    GradeError::Build {
        exercise: "the course".to_string(),
        source: BuildError::Io {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// Takes a target's sources: ingest is the only reader of them.
fn take_target(course: &Course, target: &Target, limits: &crate::ingest::Limits) -> Taken {
    let exercise = &target.exercise;
    let (dir, shown) = match &target.source {
        Source::Missing => return Taken::Missing,
        Source::Workspace => (
            exercise.graded_part(&course.exercise_dir(exercise)),
            format!("exercises/{}", exercise.folder),
        ),
        Source::Dir(dir) => (dir.clone(), String::new()),
    };
    match exercise.kind {
        ExerciseKind::Program => {
            let shown = if shown.is_empty() {
                "src".to_string()
            } else {
                format!("{shown}/src")
            };
            crate::ingest::take_src(&dir, &shown, limits)
        }
        ExerciseKind::Quiz => crate::ingest::take_answers(&dir, &shown, limits),
    }
}

/// Loads a quiz's checks: public, then hidden when asked and present.
pub fn load_quiz(course: &Course, exercise: &Exercise, suite: Suite) -> Result<Quiz, QuizError> {
    let hidden = course.hidden_tests(exercise);
    let hidden = (suite == Suite::All && hidden.is_file()).then_some(hidden.as_path());
    Quiz::load(&course.public_tests(exercise), hidden)
}
