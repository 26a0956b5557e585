//! `cargo xtask hint [ID]`: the hint for the first failing test of the last
//! check, in the chosen language, or a general hint when there is none yet.

use std::path::Path;

use anyhow::Context as _;
use grader::course::{Course, Exercise, ExerciseKind};
use grader::lang::Lang;
use grader::progress::Progress;

use crate::PASSED;
use crate::list::{TestInfo, next_step, public_tests};
use crate::output::paint;
use crate::text::course as text;

/// Options of `hint`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The exercise id; by default the first one not done yet.
    id: Option<String>,
    /// Show the hints of every public test, not only the first failing one.
    #[arg(long)]
    all: bool,
}

/// Prints the hint(s).
pub(crate) fn run(root: &Path, args: Args, lang: Lang) -> anyhow::Result<u8> {
    let course = Course::open(root).context("cannot find the exercises")?;
    let progress = Progress::load(&Progress::path(root));
    let exercise = match &args.id {
        Some(id) => course.select(std::slice::from_ref(id))?.remove(0),
        None => match progress.next(course.exercises.iter().map(|e| e.id.as_str())) {
            Some(id) => course.select(&[id.to_string()])?.remove(0),
            None => {
                println!("{}", text::no_hint_needed(lang));
                return Ok(PASSED);
            }
        },
    };
    let tests = public_tests(&course, &exercise, lang)
        .with_context(|| format!("cannot read the tests of `{}`", exercise.id))?;
    let paint = paint();
    let record = progress.get(&exercise.id);
    println!("{}", paint.bold(&exercise.id));
    let shown: Vec<&TestInfo> = if args.all {
        tests.iter().collect()
    } else {
        match record {
            Some(r) if r.done() => {
                println!("  {}", text::passed_last_check(lang));
                Vec::new()
            }
            Some(r) => r
                .failing
                .iter()
                .find_map(|name| tests.iter().find(|t| &t.name == name))
                .into_iter()
                .collect(),
            None => {
                println!("  {}", general_hint(&exercise, lang));
                tests.first().into_iter().collect()
            }
        }
    };
    let sep = text::label_gap(lang);
    for test in shown {
        println!("  {} {}", paint.red("•"), paint.bold(&test.name));
        if let Some(about) = &test.about {
            println!(
                "    {}{sep}{}",
                paint.dim(text::checks_label(lang)),
                about.trim()
            );
        }
        let hint = test.hint.as_deref().unwrap_or(text::no_hint(lang));
        println!(
            "    {}{sep}{}",
            paint.yellow(text::hint_label(lang)),
            hint.trim()
        );
    }
    if let Some(r) = record
        && !r.done()
        && !args.all
        && r.failing.len() > 1
    {
        println!("{}", text::more_hints(lang, r.failing.len() - 1));
    }
    println!("{}", next_step(&exercise, record, lang));
    Ok(PASSED)
}

/// Where to begin an exercise that was never checked.
fn general_hint(exercise: &Exercise, lang: Lang) -> String {
    let folder = &exercise.folder;
    match exercise.kind {
        ExerciseKind::Program => text::begin_program(lang, folder),
        ExerciseKind::Quiz => text::begin_quiz(lang, folder),
    }
}
