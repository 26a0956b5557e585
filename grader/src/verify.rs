//! Proving the tests: every reference solution passes every test, every stub
//! fails every test, every correct variant (`variants/<folder>/correct/`)
//! passes every test, and every known-wrong variant fails at least one; and,
//! under load, that no test's verdict on any of them depends on the machine.

use std::path::Path;

use crate::build::{Variant, apply_variant};
use crate::course::{Course, Exercise};
use crate::grading::{ExerciseReport, GradeError, Source, Suite, Target, grade};
use crate::report::{Paint, render_failure};
use crate::runner::RunOptions;
use crate::scenario::Visibility;

/// What verification found for one exercise.
#[derive(Debug)]
pub struct ExerciseVerdict {
    /// The exercise.
    pub exercise: Exercise,
    /// The solution's results.
    pub solution: ExerciseReport,
    /// The stub's results.
    pub stub: ExerciseReport,
    /// Each correct variant (a second reference) with its results.
    pub correct: Vec<(Variant, ExerciseReport)>,
    /// Each known-wrong variant with its results.
    pub variants: Vec<(Variant, ExerciseReport)>,
}

impl ExerciseVerdict {
    /// Every broken promise, in words; empty when the exercise's tests are sound.
    pub fn problems(&self) -> Vec<String> {
        let id = &self.exercise.id;
        let mut problems = Vec::new();
        if let Some(problem) = &self.solution.not_built {
            let log = why(id, problem);
            problems.push(format!("{id}: the solution does not build:\n{log}"));
        }
        for result in self.solution.results.iter().filter(|r| !r.outcome.passed()) {
            let why = render_failure(result, Paint::PLAIN);
            problems.push(format!(
                "{id}: the solution fails `{}`:\n{why}",
                result.name
            ));
        }
        if let Some(problem) = &self.stub.not_built {
            let log = why(id, problem);
            problems.push(format!("{id}: the stub does not build:\n{log}"));
        }
        for result in self.stub.results.iter().filter(|r| r.outcome.passed()) {
            problems.push(format!("{id}: the stub passes `{}`", result.name));
        }
        for (variant, report) in &self.correct {
            if let Some(problem) = &report.not_built {
                let log = why(id, problem);
                problems.push(format!(
                    "{id}: correct variant `{}` does not build:\n{log}",
                    variant.name
                ));
            }
            for result in report.results.iter().filter(|r| !r.outcome.passed()) {
                let why = render_failure(result, Paint::PLAIN);
                problems.push(format!(
                    "{id}: correct variant `{}` fails `{}`:\n{why}",
                    variant.name, result.name
                ));
            }
        }
        for (variant, report) in &self.variants {
            if let Some(problem) = &report.not_built {
                let log = why(id, problem);
                problems.push(format!(
                    "{id}: variant `{}` does not build:\n{log}",
                    variant.name
                ));
            } else if report.passed() {
                problems.push(format!(
                    "{id}: no test catches variant `{}` ({})",
                    variant.name,
                    first_line(&variant.description)
                ));
            }
        }
        problems
    }

    /// Hidden tests that catch no known-wrong variant, only the stub: they may
    /// test nothing a real mistake would break.
    pub fn weak_tests(&self) -> Vec<&str> {
        self.solution
            .results
            .iter()
            .filter(|t| t.visibility == Visibility::Hidden)
            .map(|t| t.name.as_str())
            .filter(|name| {
                self.variants
                    .iter()
                    .all(|(_, report)| !Self::caught_by(report).contains(name))
            })
            .collect()
    }

    /// The tests that catch `report`'s variant.
    pub fn caught_by(report: &ExerciseReport) -> Vec<&str> {
        report
            .results
            .iter()
            .filter(|r| !r.outcome.passed())
            .map(|r| r.name.as_str())
            .collect()
    }
}

/// Verifies one exercise; builds go to `work/<folder>/…`.
pub fn verify_exercise(
    course: &Course,
    exercise: &Exercise,
    work: &Path,
    opts: &RunOptions,
) -> Result<ExerciseVerdict, GradeError> {
    let work = work.join(&exercise.folder);
    let run = |label: &str, source: Source| -> Result<ExerciseReport, GradeError> {
        let target = Target {
            exercise: exercise.clone(),
            source,
        };
        let mut reports = grade(
            course,
            &[target],
            Suite::All,
            &work.join(label),
            opts,
            crate::events::Emitter::silent(),
        )?;
        Ok(reports.remove(0))
    };
    let solution_src = exercise.graded_part(&course.solution_dir(exercise));
    let solution = run("solution", Source::Dir(solution_src.clone()))?;
    let stub = run(
        "stub",
        Source::Dir(exercise.graded_part(&course.exercise_dir(exercise))),
    )?;
    let listing = |found: Result<Vec<std::path::PathBuf>, crate::course::CourseError>| {
        found.map_err(|e| GradeError::Build {
            exercise: exercise.id.clone(),
            source: crate::build::BuildError::Io {
                path: course.variants_dir.clone(),
                source: std::io::Error::other(e.to_string()),
            },
        })
    };
    let graded = |patches: Vec<std::path::PathBuf>, kind: &str| {
        let mut out = Vec::new();
        for patch in patches {
            let name = patch
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let label = format!("{kind}-{name}");
            let src = exercise.graded_part(&work.join("variant-sources").join(&label));
            let variant =
                apply_variant(&patch, &solution_src, &src).map_err(|source| GradeError::Build {
                    exercise: exercise.id.clone(),
                    source,
                })?;
            out.push((variant, run(&label, Source::Dir(src))?));
        }
        Ok::<_, GradeError>(out)
    };
    let correct = graded(listing(course.correct_variants(exercise))?, "correct")?;
    let variants = graded(listing(course.variants(exercise))?, "variant")?;
    Ok(ExerciseVerdict {
        exercise: exercise.clone(),
        solution,
        stub,
        correct,
        variants,
    })
}

/// Every test whose verdict differs between two rounds run with the same
/// seed (one idle, one under load), on the solution, a correct variant or a
/// known-wrong variant: a verdict that depends on the machine, not the program.
pub fn verdict_changes(idle: &ExerciseVerdict, loaded: &ExerciseVerdict) -> Vec<String> {
    let id = &idle.exercise.id;
    let programs = |v: &ExerciseVerdict| -> Vec<(String, ExerciseReport)> {
        std::iter::once(("the solution".to_string(), v.solution.clone()))
            .chain(
                v.correct
                    .iter()
                    .map(|(c, r)| (format!("correct variant `{}`", c.name), r.clone())),
            )
            .chain(
                v.variants
                    .iter()
                    .map(|(w, r)| (format!("variant `{}`", w.name), r.clone())),
            )
            .collect()
    };
    let mut changes = Vec::new();
    for ((who, before), (_, after)) in programs(idle).iter().zip(programs(loaded).iter()) {
        for test in &before.results {
            let was = test.outcome.passed();
            let now = passed(after, &test.name);
            if now != Some(was) {
                let word = |p: bool| if p { "passes" } else { "fails" };
                changes.push(format!(
                    "{id}: `{}` {} {who} on an idle machine but {} under load",
                    test.name,
                    word(was),
                    now.map_or("does not run", word)
                ));
            }
        }
    }
    changes
}

/// Solution tests whose verdict changed between rounds run with different
/// seeds: they passed once and failed once. Each is a problem.
pub fn flaky_tests(rounds: &[ExerciseVerdict]) -> Vec<String> {
    let Some(first) = rounds.first() else {
        return Vec::new();
    };
    first
        .solution
        .results
        .iter()
        .filter(|test| {
            let seen: Vec<Option<bool>> = rounds
                .iter()
                .map(|r| passed(&r.solution, &test.name))
                .collect();
            seen.windows(2).any(|w| w[0] != w[1])
        })
        .map(|test| {
            format!(
                "{}: `{}` passes the solution in some rounds only",
                first.exercise.id, test.name
            )
        })
        .collect()
}

/// Tests that catch a variant in some rounds only. Not a problem while the
/// variant is caught in every round (verified by [`ExerciseVerdict::problems`]),
/// but worth knowing: such a test catches that mistake by chance.
pub fn unsteady_catches(rounds: &[ExerciseVerdict]) -> Vec<String> {
    let Some(first) = rounds.first() else {
        return Vec::new();
    };
    let mut unsteady = Vec::new();
    for (index, (variant, report)) in first.variants.iter().enumerate() {
        for test in &report.results {
            let seen: Vec<Option<bool>> = rounds
                .iter()
                .map(|r| {
                    r.variants
                        .get(index)
                        .and_then(|(_, rep)| passed(rep, &test.name))
                })
                .collect();
            if seen.windows(2).any(|w| w[0] != w[1]) {
                unsteady.push(format!(
                    "`{}` catches `{}` in some rounds only",
                    test.name, variant.name
                ));
            }
        }
    }
    unsteady
}

fn passed(report: &ExerciseReport, name: &str) -> Option<bool> {
    report
        .results
        .iter()
        .find(|r| r.name == name)
        .map(|r| r.outcome.passed())
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// Why an exercise has no programs, for the instructor: the compiler's errors or one line.
fn why(id: &str, problem: &crate::build::NotBuilt) -> String {
    match problem {
        crate::build::NotBuilt::Compile { log } => log.clone(),
        other => other.summary(id, crate::lang::Lang::En),
    }
}
