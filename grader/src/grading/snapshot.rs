//! Grading one submission from its [`Snapshot`]: build what was taken, run
//! the tests, score the quiz. Nothing here can fail the run: a refusal, a
//! missing exercise, a compile error or a grader error each become that
//! exercise's results.

use std::collections::BTreeMap;
use std::path::Path;

use super::{ExerciseReport, GradeError, Prepared, Suite, load_quiz, load_tests_in, run_prepared};
use crate::build::{BuildOutcome, Builder, NotBuilt};
use crate::course::{Course, Exercise, ExerciseKind};
use crate::events::Emitter;
use crate::ingest::{Snapshot, Taken};
use crate::lang::Lang;
use crate::outcome::{Failure, TestOutcome, TestResult};
use crate::quiz::{ANSWERS_FILE, Quiz, grade_quiz};
use crate::runner::{Programs, RunOptions, Slots};
use crate::scenario::TestCase;

/// Every exercise's tests (and quizzes' checks), loaded once, before any build.
#[derive(Debug, Default)]
pub struct Suites {
    tests: BTreeMap<String, Vec<TestCase>>,
    quizzes: BTreeMap<String, Quiz>,
}

impl Suites {
    /// Loads the tests of `exercises` (a wrong test file stops the run here,
    /// before any submission is built).
    pub fn load(
        course: &Course,
        exercises: &[Exercise],
        suite: Suite,
        lang: Lang,
    ) -> Result<Suites, GradeError> {
        let mut suites = Suites::default();
        for exercise in exercises {
            match exercise.kind {
                ExerciseKind::Program => {
                    let tests = load_tests_in(course, exercise, suite, lang)?;
                    suites.tests.insert(exercise.folder.clone(), tests);
                }
                ExerciseKind::Quiz => {
                    let quiz = load_quiz(course, exercise, suite)?;
                    suites.quizzes.insert(exercise.folder.clone(), quiz);
                }
            }
        }
        Ok(suites)
    }

    fn tests(&self, exercise: &Exercise) -> Vec<TestCase> {
        self.tests
            .get(&exercise.folder)
            .cloned()
            .unwrap_or_default()
    }
}

/// What grading a snapshot needs.
pub struct GradeRun<'a> {
    /// The loaded tests.
    pub suites: &'a Suites,
    /// The build pipeline.
    pub builder: &'a Builder,
    /// The runs' options.
    pub opts: &'a RunOptions,
    /// The test slots, shared with whatever else runs tests meanwhile.
    pub slots: &'a Slots,
    /// Hears of the build, every finished test and every finished exercise.
    pub events: Emitter<'a>,
}

impl GradeRun<'_> {
    /// Grades `exercises` of `snapshot`, building in the fresh folder `root`;
    /// reports come in the order of `exercises`.
    pub fn grade(
        &self,
        exercises: &[Exercise],
        snapshot: &Snapshot,
        root: &Path,
    ) -> Vec<ExerciseReport> {
        self.grade_timed(exercises, snapshot, root).0
    }

    /// [`GradeRun::grade`], with how long the build took.
    pub fn grade_timed(
        &self,
        exercises: &[Exercise],
        snapshot: &Snapshot,
        root: &Path,
    ) -> (Vec<ExerciseReport>, std::time::Duration) {
        let mut build_time = std::time::Duration::ZERO;
        let mut programs: BTreeMap<String, Result<Programs, NotBuilt>> = BTreeMap::new();
        let mut units = Vec::new();
        for exercise in exercises.iter().filter(|e| e.kind == ExerciseKind::Program) {
            match snapshot.get(exercise) {
                Taken::Present(files) => units.push((exercise, files)),
                Taken::Missing => {
                    let folder = exercise.folder.clone();
                    programs.insert(folder.clone(), Err(NotBuilt::Missing { folder }));
                }
                Taken::Refused(refusal) => {
                    let refused = Err(NotBuilt::Refused(refusal.clone()));
                    programs.insert(exercise.folder.clone(), refused);
                }
            }
        }
        if !units.is_empty() {
            let started = std::time::Instant::now();
            let built = self.builder.build(&units, &root.join("programs"));
            build_time = started.elapsed();
            self.events.build_done(build_time);
            for (index, (exercise, _)) in units.iter().enumerate() {
                let outcome = match &built {
                    Ok(outcomes) => match &outcomes[index] {
                        BuildOutcome::Built(programs) => Ok(programs.clone()),
                        BuildOutcome::Failed { log } => Err(NotBuilt::Compile { log: log.clone() }),
                    },
                    Err(err) => Err(NotBuilt::Error {
                        message: error_chain(err),
                    }),
                };
                programs.insert(exercise.folder.clone(), outcome);
            }
        }
        let prepared: Vec<Prepared> = exercises
            .iter()
            .filter(|e| e.kind == ExerciseKind::Program)
            .map(|e| {
                let outcome = programs.remove(&e.folder).unwrap_or_else(|| {
                    Err(NotBuilt::Missing {
                        folder: e.folder.clone(),
                    })
                });
                (e.clone(), self.suites.tests(e), outcome)
            })
            .collect();
        let mut ran = run_prepared(&prepared, self.opts, self.slots, self.events).into_iter();
        let reports = exercises
            .iter()
            .map(|exercise| match exercise.kind {
                ExerciseKind::Program => ran.next().expect("one report per program"),
                ExerciseKind::Quiz => self.grade_quiz(exercise, snapshot.get(exercise), root),
            })
            .collect();
        (reports, build_time)
    }

    /// Scores a quiz from its taken `answers.toml`.
    fn grade_quiz(&self, exercise: &Exercise, taken: &Taken, root: &Path) -> ExerciseReport {
        let Some(quiz) = self.suites.quizzes.get(&exercise.folder) else {
            return error_report(self.suites, exercise, "no quiz loaded", self.opts);
        };
        let (opts, id) = (self.opts, &exercise.id);
        let (results, not_built) = match taken {
            Taken::Present(files) => {
                // The quiz reader reads a folder: the grader's own copy of the bytes.
                let dir = root.join("answers").join(&exercise.folder);
                let bytes = files.get(ANSWERS_FILE).unwrap_or_default();
                match std::fs::create_dir_all(&dir)
                    .and_then(|()| std::fs::write(dir.join(ANSWERS_FILE), bytes))
                {
                    Ok(()) => (grade_quiz(quiz, Some(&dir), id, opts.seed, opts.lang), None),
                    Err(err) => {
                        let message = format!("cannot write `{}`: {err}", dir.display());
                        return error_report(self.suites, exercise, &message, opts);
                    }
                }
            }
            Taken::Missing => (grade_quiz(quiz, None, id, opts.seed, opts.lang), None),
            Taken::Refused(refusal) => {
                let problem = NotBuilt::Refused(refusal.clone());
                let message = problem.summary(id, opts.lang);
                let results = grade_quiz(quiz, None, id, opts.seed, opts.lang)
                    .into_iter()
                    .map(|mut r| {
                        r.outcome = TestOutcome::Failed(Failure::new(None, message.clone()));
                        r
                    })
                    .collect();
                (results, Some(problem))
            }
        };
        results
            .iter()
            .for_each(|result| self.events.test_done(result));
        let report = ExerciseReport {
            exercise: exercise.clone(),
            results,
            not_built,
        };
        self.events.exercise_done(&report);
        report
    }
}

/// The reports of a submission the grader could not grade: every test of
/// every exercise an error (JUnit `<error>`), scoring zero, saying `message`.
pub fn error_reports(
    suites: &Suites,
    exercises: &[Exercise],
    message: &str,
    opts: &RunOptions,
) -> Vec<ExerciseReport> {
    exercises
        .iter()
        .map(|exercise| error_report(suites, exercise, message, opts))
        .collect()
}

fn error_report(
    suites: &Suites,
    exercise: &Exercise,
    message: &str,
    opts: &RunOptions,
) -> ExerciseReport {
    let problem = NotBuilt::Error {
        message: message.to_string(),
    };
    let summary = problem.summary(&exercise.id, opts.lang);
    let mut results: Vec<TestResult> = match suites.quizzes.get(&exercise.folder) {
        Some(quiz) => grade_quiz(quiz, None, &exercise.id, opts.seed, opts.lang),
        None => {
            let prepared = [(
                exercise.clone(),
                suites.tests(exercise),
                Err(problem.clone()),
            )];
            return run_prepared(&prepared, opts, &Slots::new(1), Emitter::silent())
                .pop()
                .expect("one report");
        }
    };
    for result in &mut results {
        result.score = 0.0;
        result.outcome = TestOutcome::Error(summary.clone());
    }
    ExerciseReport {
        exercise: exercise.clone(),
        results,
        not_built: Some(problem),
    }
}

/// An error and its causes, in one line.
pub(crate) fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
