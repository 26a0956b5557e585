//! `cargo xtask check [ID...]`: the public tests of the student's own code.

use std::path::Path;

use anyhow::Context as _;
use grader::course::Course;
use grader::grading::{Source, Suite, Target, grade};
use grader::runner::RunOptions;

use crate::output::{fresh_seed, paint, print_exercise};
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
pub(crate) fn run(root: &Path, args: Args) -> anyhow::Result<u8> {
    let course = Course::open(root).context("cannot find the exercises")?;
    let exercises = course.select(&args.ids)?;
    let seed = args.seed.unwrap_or_else(fresh_seed);
    let mut opts = RunOptions::new(seed);
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
    for report in &reports {
        print_exercise(report, paint, true);
        let ok = report.results.iter().filter(|r| r.outcome.passed()).count();
        passed += ok;
        failed += report.results.len() - ok;
    }
    if crate::github::in_actions() {
        crate::github::annotate(&course, &reports);
        crate::github::write_summary(&reports, seed).context("cannot write the job summary")?;
    }
    println!();
    println!("seed {seed}: rerun the same data with `cargo xtask check --seed {seed}`");
    println!("{passed} passed, {failed} failed");
    Ok(if failed == 0 { PASSED } else { FAILED })
}
