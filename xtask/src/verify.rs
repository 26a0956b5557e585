//! `cargo xtask verify`: the solutions pass, the stubs fail every test, and
//! every known-wrong variant is caught by at least one test, named.

use std::path::Path;

use anyhow::Context as _;
use grader::course::Course;
use grader::runner::RunOptions;
use grader::verify::{ExerciseVerdict, flaky_tests, unsteady_catches, verify_exercise};

use crate::output::{fresh_seed, paint};
use crate::{FAILED, PASSED};

/// Options of `verify`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Exercise ids; all when none are given.
    ids: Vec<String>,
    /// The seed for random test data.
    #[arg(long)]
    seed: Option<u64>,
    /// Run everything this many times, each with the next seed; a test whose
    /// verdict changes between rounds is named as flaky.
    #[arg(long, default_value_t = 3)]
    rounds: u64,
    /// How many tests run at once (default: four per core).
    #[arg(long)]
    jobs: Option<usize>,
}

/// Verifies the selected exercises; exit 0 only when every promise holds.
pub(crate) fn run(root: &Path, args: Args) -> anyhow::Result<u8> {
    let course = Course::open(root).context("cannot find the exercises")?;
    let seed = args.seed.unwrap_or_else(fresh_seed);
    let mut opts = RunOptions::new(seed);
    // Known-wrong variants mostly make tests wait out their timeouts, which
    // costs no CPU: run more of them at once than there are cores.
    opts.jobs = args.jobs.unwrap_or(opts.jobs * 4).max(1);
    let paint = paint();
    let work = root.join("target/netlab/verify");
    let mut problems = Vec::new();
    for exercise in course.select(&args.ids)? {
        let mut rounds = Vec::new();
        for round in 0..args.rounds.max(1) {
            opts.seed = seed.wrapping_add(round);
            let verdict = verify_exercise(&course, &exercise, &work, &opts)
                .with_context(|| format!("cannot verify `{}`", exercise.id))?;
            problems.extend(
                verdict
                    .problems()
                    .into_iter()
                    .map(|p| format!("seed {}: {p}", opts.seed)),
            );
            rounds.push(verdict);
        }
        print_verdict(&rounds[0], paint);
        let weak = rounds[0].weak_tests();
        if !weak.is_empty() {
            println!(
                "  {} weak (catch no variant, only the stub): {}",
                paint.yellow("!"),
                weak.join(", ")
            );
        }
        let untranslated = grader::grading::untranslated(&course, &exercise);
        if !untranslated.is_empty() {
            let shown = untranslated.len().min(5);
            let more = untranslated.len() - shown;
            println!(
                "  {} no Chinese text (about-zh, hint-zh) yet for {} test(s): {}{}",
                paint.yellow("!"),
                untranslated.len(),
                untranslated[..shown].join(", "),
                if more > 0 {
                    format!(", and {more} more")
                } else {
                    String::new()
                }
            );
        }
        for note in unsteady_catches(&rounds) {
            println!("  {} {note}", paint.yellow("!"));
        }
        problems.extend(
            flaky_tests(&rounds)
                .into_iter()
                .map(|f| format!("flaky: {f}")),
        );
    }
    println!(
        "rounds: {}, seeds {seed}..={}",
        args.rounds.max(1),
        seed.wrapping_add(args.rounds.max(1) - 1)
    );
    println!("seed {seed}");
    if problems.is_empty() {
        println!("{}", paint.green("verify: every promise holds"));
        return Ok(PASSED);
    }
    println!(
        "{}",
        paint.red(&format!("verify: {} problem(s)", problems.len()))
    );
    for problem in &problems {
        println!("  - {problem}");
    }
    Ok(FAILED)
}

fn print_verdict(verdict: &ExerciseVerdict, paint: grader::report::Paint) {
    let count = |r: &grader::grading::ExerciseReport, pass: bool| {
        r.results
            .iter()
            .filter(|t| t.outcome.passed() == pass)
            .count()
    };
    let total = verdict.solution.results.len();
    println!("{}", paint.bold(&verdict.exercise.id));
    let mark = |ok: bool| {
        if ok {
            paint.green("✓")
        } else {
            paint.red("✗")
        }
    };
    let solution_ok =
        count(&verdict.solution, true) == total && verdict.solution.build_log.is_none();
    println!(
        "  {} solution passes {}/{total} tests",
        mark(solution_ok),
        count(&verdict.solution, true)
    );
    let stub_ok = count(&verdict.stub, false) == total && verdict.stub.build_log.is_none();
    println!(
        "  {} stub fails {}/{total} tests",
        mark(stub_ok),
        count(&verdict.stub, false)
    );
    for (variant, report) in &verdict.variants {
        let caught = ExerciseVerdict::caught_by(report);
        let ok = !caught.is_empty() && report.build_log.is_none();
        let what = variant.description.lines().next().unwrap_or_default();
        println!("  {} variant {} ({what})", mark(ok), variant.name);
        if report.build_log.is_some() {
            println!("      does not build");
        } else if caught.is_empty() {
            println!("      {}", paint.red("caught by no test"));
        } else {
            println!("      caught by: {}", caught.join(", "));
        }
    }
}
