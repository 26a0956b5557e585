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
                println!(
                    "{}",
                    lang.text(
                        "Every public test passes: no hint needed. Name an exercise to see its hints anyway.",
                        "所有公开测试都已通过，不需要提示。指定练习名仍可查看它的提示。"
                    )
                );
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
                println!(
                    "  {}",
                    lang.text(
                        "Every public test passed at your last check. Use --all to see every hint.",
                        "上次检查时所有公开测试都已通过。用 --all 查看全部提示。"
                    )
                );
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
    // A Chinese label ends in a full-width colon, which needs no space after it.
    let sep = lang.text(" ", "");
    for test in shown {
        println!("  {} {}", paint.red("•"), paint.bold(&test.name));
        if let Some(about) = &test.about {
            println!(
                "    {}{sep}{}",
                paint.dim(lang.text("checks:", "检查：")),
                about.trim()
            );
        }
        let hint = test
            .hint
            .as_deref()
            .unwrap_or(lang.text("(this test has no hint)", "（这项测试没有提示）"));
        println!(
            "    {}{sep}{}",
            paint.yellow(lang.text("hint:", "提示：")),
            hint.trim()
        );
    }
    if let Some(r) = record
        && !r.done()
        && !args.all
        && r.failing.len() > 1
    {
        match lang {
            Lang::En => println!(
                "  ({} more failing; `--all` shows every hint)",
                r.failing.len() - 1
            ),
            Lang::Zh => println!(
                "  （还有 {} 项未通过；`--all` 显示全部提示）",
                r.failing.len() - 1
            ),
        }
    }
    println!("{}", next_step(&exercise, record, lang));
    Ok(PASSED)
}

/// Where to begin an exercise that was never checked.
fn general_hint(exercise: &Exercise, lang: Lang) -> String {
    let folder = &exercise.folder;
    match (exercise.kind, lang) {
        (ExerciseKind::Program, Lang::En) => format!(
            "Not checked yet. Start in exercises/{folder}/src/: every `// TODO:` says what to write. The first test:"
        ),
        (ExerciseKind::Program, Lang::Zh) => format!(
            "还没有检查过。从 exercises/{folder}/src/ 开始：每个 `// TODO:` 都说明了要写什么。第一项测试："
        ),
        (ExerciseKind::Quiz, Lang::En) => format!(
            "Not checked yet. Fill in exercises/{folder}/answers.toml; the questions are in its README.md. The first check:"
        ),
        (ExerciseKind::Quiz, Lang::Zh) => format!(
            "还没有检查过。填写 exercises/{folder}/answers.toml；题目见 README.zh-CN.md。第一项检查："
        ),
    }
}
