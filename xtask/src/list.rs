//! `cargo xtask list`: every exercise, its status and points from the last
//! `check`, and the next thing to do.

use std::path::Path;

use anyhow::Context as _;
use grader::course::{Course, Exercise, ExerciseKind};
use grader::grading::{Suite, load_quiz, load_tests_in};
use grader::lang::Lang;
use grader::progress::{ExerciseProgress, Progress};

use crate::PASSED;
use crate::output::{pad, paint, score};
use crate::text::course as text;

/// Prints the course's exercises with their progress, then the next step.
pub(crate) fn run(root: &Path, lang: Lang) -> anyhow::Result<u8> {
    let course = Course::open(root).context("cannot find the exercises")?;
    let progress = Progress::load(&Progress::path(root));
    let paint = paint();
    println!("{}", paint.bold(text::list_heading(lang)));
    let width = course
        .exercises
        .iter()
        .map(|e| e.id.len())
        .max()
        .unwrap_or(0);
    for exercise in &course.exercises {
        let record = progress.get(&exercise.id);
        let (mark, status) = status(record, lang);
        let mark = match mark {
            Mark::Done => paint.green("✓"),
            Mark::Failing => paint.red("✗"),
            Mark::New => paint.dim("·"),
        };
        let points = match record {
            Some(r) => format!("{}/{}", score(r.score), score(r.max_score)),
            None => public_tests(&course, exercise, lang)
                .map(|tests| {
                    let max: f64 = tests.iter().map(|t| t.points).sum();
                    format!("-/{}", score(max))
                })
                .unwrap_or_default(),
        };
        println!(
            "  {mark} {}  {} {points}",
            pad(&exercise.id, width),
            pad(&status, 20)
        );
    }
    let ids = course.exercises.iter().map(|e| e.id.as_str());
    match progress
        .next(ids)
        .and_then(|id| course.exercises.iter().find(|e| e.id == id))
    {
        Some(exercise) => println!(
            "\n{}",
            next_step(exercise, progress.get(&exercise.id), lang)
        ),
        None => println!("\n{}", paint.green(text::course_done(lang))),
    }
    Ok(PASSED)
}

/// How an exercise stands.
enum Mark {
    Done,
    Failing,
    New,
}

/// The status word of an exercise's record.
fn status(record: Option<&ExerciseProgress>, lang: Lang) -> (Mark, String) {
    match record {
        None => (Mark::New, text::not_started(lang).to_string()),
        Some(r) if !r.built => (Mark::Failing, text::not_compiling(lang).to_string()),
        Some(r) if r.done() => (Mark::Done, text::done(lang).to_string()),
        Some(r) => (
            Mark::Failing,
            text::failing(lang, r.total - r.passed, r.total),
        ),
    }
}

/// The next thing to do for `exercise`.
pub(crate) fn next_step(
    exercise: &Exercise,
    record: Option<&ExerciseProgress>,
    lang: Lang,
) -> String {
    let id = &exercise.id;
    let folder = &exercise.folder;
    let file = match exercise.kind {
        ExerciseKind::Program => format!("exercises/{folder}/src/"),
        ExerciseKind::Quiz => format!("exercises/{folder}/answers.toml"),
    };
    match record {
        None => text::next_start(lang, id, folder, &file),
        Some(r) if !r.built => text::next_compile(lang, id),
        Some(r) => text::next_fix(
            lang,
            id,
            r.failing.first().map_or("", String::as_str),
            &file,
        ),
    }
}

/// One public test's texts, as a student sees them.
pub(crate) struct TestInfo {
    /// Its name.
    pub(crate) name: String,
    /// What it checks.
    pub(crate) about: Option<String>,
    /// Its hint.
    pub(crate) hint: Option<String>,
    /// Its points.
    pub(crate) points: f64,
}

/// The public tests of `exercise` (a quiz's public checks), texts in `lang`.
pub(crate) fn public_tests(
    course: &Course,
    exercise: &Exercise,
    lang: Lang,
) -> anyhow::Result<Vec<TestInfo>> {
    Ok(match exercise.kind {
        ExerciseKind::Program => load_tests_in(course, exercise, Suite::Public, lang)?
            .into_iter()
            .map(|t| TestInfo {
                name: t.name,
                about: t.about,
                hint: t.hint,
                points: t.points,
            })
            .collect(),
        ExerciseKind::Quiz => load_quiz(course, exercise, Suite::Public)?
            .checks
            .into_iter()
            .map(|c| TestInfo {
                about: lang
                    .pick_opt(c.about.0.as_deref(), c.about.1.as_deref())
                    .or_else(|| {
                        Some(
                            lang.pick(&c.question.prompt, c.question.prompt_zh.as_deref())
                                .to_string(),
                        )
                    }),
                hint: lang.pick_opt(c.hint.0.as_deref(), c.hint.1.as_deref()),
                name: c.name,
                points: c.points,
            })
            .collect(),
    })
}
