//! What the end-to-end tests expect, read from the course's own data (the
//! test files, hidden tests and quiz) with the grader's loaders, so adding or
//! reweighting a test never breaks the tool's tests.
//!
//! Reached through `mod support;` as `support::course_data`.

use grader::course::{Course, Exercise, ExerciseKind};
use grader::grading::{Suite, load_quiz, load_tests};
use grader::scenario::StepKind;

use super::root;

/// A score as every report writes it (`2.5`, `249`).
pub(crate) fn number(value: f64) -> String {
    grader::report::number(value)
}

/// One test (or quiz check) of an exercise: what a report counts.
#[derive(Clone, Debug)]
pub(crate) struct TestPoints {
    /// Its name, without the exercise id.
    pub(crate) name: String,
    /// The program it runs (empty for a quiz check).
    pub(crate) program: String,
    /// Points for passing it.
    pub(crate) points: f64,
    /// Whether it is a public test.
    pub(crate) public: bool,
    /// Whether it connects to the program (a server test that gets a client).
    pub(crate) connects: bool,
}

/// The workspace's course, as `grade` loads it (public and hidden tests).
pub(crate) struct CourseData {
    course: Course,
}

impl CourseData {
    /// The course of this workspace.
    pub(crate) fn open() -> CourseData {
        CourseData {
            course: Course::open(&root()).expect("the course loads"),
        }
    }

    /// The exercise ids, in report order (by folder).
    pub(crate) fn ids(&self) -> Vec<String> {
        self.course.exercises.iter().map(|e| e.id.clone()).collect()
    }

    fn exercise(&self, id: &str) -> &Exercise {
        self.course
            .exercises
            .iter()
            .find(|e| e.id == id)
            .unwrap_or_else(|| panic!("no exercise `{id}`"))
    }

    /// Every test of `id`, public then hidden.
    pub(crate) fn tests(&self, id: &str) -> Vec<TestPoints> {
        let exercise = self.exercise(id);
        let public = |suite| match exercise.kind {
            ExerciseKind::Program => load_tests(&self.course, exercise, suite)
                .expect("the tests load")
                .len(),
            ExerciseKind::Quiz => load_quiz(&self.course, exercise, suite)
                .expect("the quiz loads")
                .checks
                .len(),
        };
        let public_count = public(Suite::Public);
        let all: Vec<TestPoints> = match exercise.kind {
            ExerciseKind::Program => load_tests(&self.course, exercise, Suite::All)
                .expect("the tests load")
                .into_iter()
                .map(|t| TestPoints {
                    connects: t
                        .steps
                        .iter()
                        .any(|s| matches!(s.kind, StepKind::Connect { .. })),
                    name: t.name,
                    program: t.program,
                    points: t.points,
                    public: false,
                })
                .collect(),
            ExerciseKind::Quiz => load_quiz(&self.course, exercise, Suite::All)
                .expect("the quiz loads")
                .checks
                .into_iter()
                .map(|c| TestPoints {
                    name: c.name,
                    program: String::new(),
                    points: c.points,
                    public: false,
                    connects: false,
                })
                .collect(),
        };
        all.into_iter()
            .enumerate()
            .map(|(i, test)| TestPoints {
                public: i < public_count,
                ..test
            })
            .collect()
    }

    /// The most `id` can score with public and hidden tests, as `grade` runs them.
    pub(crate) fn max(&self, id: &str) -> f64 {
        self.tests(id).iter().map(|t| t.points).sum()
    }

    /// The most `id` can score with its public tests, as `check` runs them.
    pub(crate) fn public_max(&self, id: &str) -> f64 {
        self.tests(id)
            .iter()
            .filter(|t| t.public)
            .map(|t| t.points)
            .sum()
    }

    /// How many public tests `id` has.
    pub(crate) fn public_count(&self, id: &str) -> usize {
        self.tests(id).iter().filter(|t| t.public).count()
    }

    /// The points of `id`'s tests (public and hidden) that run `program`.
    pub(crate) fn program_max(&self, id: &str, program: &str) -> f64 {
        self.tests(id)
            .iter()
            .filter(|t| t.program == program)
            .map(|t| t.points)
            .sum()
    }

    /// The points of `id`'s tests of `program` that never connect to it
    /// (such as a server given an address it cannot bind).
    pub(crate) fn unconnected_max(&self, id: &str, program: &str) -> f64 {
        self.tests(id)
            .iter()
            .filter(|t| t.program == program && !t.connects)
            .map(|t| t.points)
            .sum()
    }

    /// The most a submission can score in all.
    pub(crate) fn total(&self) -> f64 {
        self.ids().iter().map(|id| self.max(id)).sum()
    }

    /// `grades.csv`'s header: `submission,<exercise id>...,total,max`.
    pub(crate) fn csv_header(&self) -> String {
        format!("submission,{},total,max", self.ids().join(","))
    }

    /// The index of `id`'s score among a `grades.csv` row's scores.
    pub(crate) fn column(&self, id: &str) -> usize {
        self.ids()
            .iter()
            .position(|i| i == id)
            .unwrap_or_else(|| panic!("no exercise `{id}`"))
    }

    /// A `grades.csv` row from the scores of some exercises; every other
    /// exercise scores 0 (as one a sample does not have).
    pub(crate) fn csv_row(&self, name: &str, scores: &[(&str, f64)]) -> String {
        for (id, _) in scores {
            self.column(id);
        }
        let scores: Vec<f64> = self
            .ids()
            .iter()
            .map(|id| {
                scores
                    .iter()
                    .find(|(i, _)| i == id)
                    .map_or(0.0, |(_, s)| *s)
            })
            .collect();
        let cells: Vec<String> = scores.iter().map(|s| number(*s)).collect();
        format!(
            "{name},{},{},{}",
            cells.join(","),
            number(scores.iter().sum()),
            number(self.total())
        )
    }

    /// A `grades.csv` row of full marks in every exercise.
    pub(crate) fn full_row(&self, name: &str) -> String {
        let ids = self.ids();
        let full: Vec<(&str, f64)> = ids.iter().map(|id| (id.as_str(), self.max(id))).collect();
        self.csv_row(name, &full)
    }
}
