//! `cargo xtask check [ID...]`: the public tests of the student's own code.

use std::path::Path;

use anyhow::Context as _;
use grader::course::Course;
use grader::grading::{Source, Suite, Target, grade};
use grader::lang::Lang;
use grader::progress::Progress;
use grader::runner::RunOptions;

use crate::output::{fresh_seed, paint, print_exercise_in};
use crate::{FAILED, PASSED};

/// Options of `check`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Exercise ids (such as `tcp-server`); all exercises when none are given.
    ids: Vec<String>,
    /// The seed for random test data; failures print the one to reuse.
    #[arg(long)]
    seed: Option<u64>,
    /// How many tests run at once (default: one per core).
    #[arg(long)]
    jobs: Option<usize>,
}

/// Builds the selected exercises in the workspace and runs their public tests.
pub(crate) fn run(root: &Path, args: Args, lang: Lang) -> anyhow::Result<u8> {
    let course = Course::open(root).context("cannot find the exercises")?;
    let exercises = course.select(&args.ids)?;
    let seed = args.seed.unwrap_or_else(fresh_seed);
    let mut opts = RunOptions::new(seed);
    opts.lang = lang;
    if let Some(jobs) = args.jobs {
        opts.jobs = jobs.max(1);
    }
    let paint = paint();
    let targets: Vec<Target> = exercises
        .into_iter()
        .map(|exercise| Target {
            exercise,
            source: Source::Workspace,
        })
        .collect();
    let work = root.join("target/netlab/check");
    let reports = grade(&course, &targets, Suite::Public, &work, &opts, &|_| {})
        .context("cannot run the tests")?;
    let mut passed = 0;
    let mut failed = 0;
    let progress_file = Progress::path(root);
    let mut progress = Progress::load(&progress_file);
    for report in &reports {
        progress.record(report);
        print_exercise_in(report, paint, true, lang);
        let ok = report.results.iter().filter(|r| r.outcome.passed()).count();
        passed += ok;
        failed += report.results.len() - ok;
    }
    if crate::github::in_actions() {
        crate::github::annotate(&course, &reports);
        crate::github::write_summary(&reports, seed).context("cannot write the job summary")?;
    }
    // Progress is a convenience: failing to save it must not fail the check.
    if let Err(err) = progress.save(&progress_file) {
        eprintln!(
            "note: cannot save progress to `{}`: {err}",
            progress_file.display()
        );
    }
    println!();
    match lang {
        Lang::En => {
            println!("seed {seed}: rerun the same data with `cargo xtask check --seed {seed}`");
            println!("{passed} passed, {failed} failed");
        }
        Lang::Zh => {
            println!("种子 {seed}：用 `cargo xtask check --seed {seed}` 以相同数据重跑");
            println!("通过 {passed} 项，失败 {failed} 项");
        }
    }
    // Said once, not as an error: what this machine cannot contain.
    let missing = grader::sandbox::protections().missing();
    if !missing.is_empty() {
        let missing = missing.join(", ");
        match lang {
            Lang::En => println!(
                "note: on this machine your programs run without {missing}; time limits and clean-up still apply"
            ),
            Lang::Zh => {
                println!("注意：本机上你的程序运行时没有 {missing}；时间限制和清理仍然有效")
            }
        }
    }
    Ok(if failed == 0 { PASSED } else { FAILED })
}
