//! `cargo xtask verify`: the solutions pass, the stubs fail every test, and
//! every known-wrong variant is caught by at least one test, named.
//! `--under-load` then repeats the first round with every core kept busy and
//! random delays around the tests' writes: any verdict that changes fails.

use std::path::Path;

use anyhow::Context as _;
use grader::course::Course;
use grader::runner::RunOptions;
use grader::track::Track;
use grader::track::grade::TrackRun;
use grader::verify::{
    ExerciseVerdict, flaky_tests, unsteady_catches, verdict_changes, verify_exercise,
};

use crate::load::Busy;
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
    #[command(flatten)]
    jobs: crate::output::Jobs,
    /// Then run the first round again `--load-rounds` times with every core
    /// kept busy and random delays around the tests' writes; a test whose
    /// verdict changes on any program (solution, correct or known-wrong
    /// variant) is named, and verify fails.
    #[arg(long)]
    under_load: bool,
    /// How many rounds `--under-load` runs.
    #[arg(long, default_value_t = 2, requires = "under_load")]
    load_rounds: u64,
    /// Verify one track only: `rust` or a track folder such as `python`
    /// (default: every track).
    #[arg(long, value_name = "NAME")]
    track: Option<String>,
}

/// The longest random delay before and after each write of a test under load.
const WRITE_JITTER: std::time::Duration = std::time::Duration::from_millis(5);

/// The tracks `verify` proves when none is named.
const TRACKS: [&str; 2] = ["rust", "python"];

/// Verifies the selected exercises of every selected track; exit 0 only
/// when every promise holds.
pub(crate) fn run(root: &Path, args: Args) -> anyhow::Result<u8> {
    let seed = args.seed.unwrap_or_else(fresh_seed);
    let mut opts = RunOptions::new(seed);
    // Known-wrong variants mostly make tests wait out their timeouts, which
    // costs no CPU and no fairness (deadlines are on the fair clock): run
    // more of them at once than there are cores.
    opts.jobs = args.jobs.tests();
    let paint = paint();
    let tracks: Vec<&str> = match &args.track {
        Some(name) => vec![name.as_str()],
        None => TRACKS.to_vec(),
    };
    let mut problems = Vec::new();
    let mut known: Vec<String> = Vec::new();
    for name in &tracks {
        let Some(ids) = selected_ids(root, name, &args, &mut known)? else {
            continue;
        };
        if tracks.len() > 1 {
            println!("{}", paint.bold(&format!("== track {name}")));
        }
        let course = course_of(root, name)?;
        for exercise in course.select(&ids)? {
            let track = Verifying {
                root,
                name,
                course: &course,
            };
            verify_rounds(&track, &exercise, &args, &mut opts, seed, &mut problems)?;
        }
    }
    if let Some(unknown) = args
        .ids
        .iter()
        .find(|id| args.track.is_none() && !known.contains(id))
    {
        anyhow::bail!(
            "no exercise `{unknown}` in any track; the exercises are: {}",
            known.join(", ")
        );
    }
    Ok(conclude(&problems, seed, args.rounds.max(1)))
}

/// The ids to verify in track `name`, or `None` when none of the named ones
/// is in it; without `--track`, adds the track's ids to `known`.
fn selected_ids(
    root: &Path,
    name: &str,
    args: &Args,
    known: &mut Vec<String>,
) -> anyhow::Result<Option<Vec<String>>> {
    let ids: Vec<String> = if args.track.is_none() {
        // Without `--track`, each track takes the ids it knows.
        let mine = track_ids(root, name)?;
        known.extend(mine.iter().cloned());
        args.ids
            .iter()
            .filter(|id| mine.contains(id))
            .cloned()
            .collect()
    } else {
        args.ids.clone()
    };
    Ok((args.ids.is_empty() || !ids.is_empty()).then_some(ids))
}

/// One track being verified.
struct Verifying<'a> {
    root: &'a Path,
    name: &'a str,
    course: &'a grader::course::Course,
}

/// Verifies `exercise` for every round (and under load when asked), prints
/// its verdict and adds its problems to `problems`.
fn verify_rounds(
    track: &Verifying<'_>,
    exercise: &grader::course::Exercise,
    args: &Args,
    opts: &mut RunOptions,
    seed: u64,
    problems: &mut Vec<String>,
) -> anyhow::Result<()> {
    let name = track.name;
    let verify_round = |opts: &RunOptions, exercise: &grader::course::Exercise| {
        verify_one(track.root, name, exercise, opts)
    };
    let mut rounds = Vec::new();
    for round in 0..args.rounds.max(1) {
        opts.seed = seed.wrapping_add(round);
        let verdict = verify_round(opts, exercise)
            .with_context(|| format!("cannot verify `{}` ({name})", exercise.id))?;
        problems.extend(
            verdict
                .problems()
                .into_iter()
                .map(|p| format!("seed {} ({name}): {p}", opts.seed)),
        );
        rounds.push(verdict);
    }
    if args.under_load {
        let verify = |opts: &RunOptions| verify_round(opts, exercise);
        problems.extend(under_load(
            &exercise.id,
            verify,
            opts,
            seed,
            args.load_rounds,
        )?);
    }
    let untranslated = grader::grading::untranslated(track.course, exercise);
    report_rounds(&rounds, &untranslated, paint(), problems);
    Ok(())
}

/// Prints the seeds and every problem; the exit code.
fn conclude(problems: &[String], seed: u64, rounds: u64) -> u8 {
    let paint = paint();
    println!(
        "rounds: {rounds}, seeds {seed}..={}",
        seed.wrapping_add(rounds - 1)
    );
    println!("seed {seed}");
    if problems.is_empty() {
        println!("{}", paint.green("verify: every promise holds"));
        return PASSED;
    }
    println!(
        "{}",
        paint.red(&format!("verify: {} problem(s)", problems.len()))
    );
    for problem in problems {
        println!("  - {problem}");
    }
    FAILED
}

/// The exercises of track `name` as a course.
fn course_of(root: &Path, name: &str) -> anyhow::Result<Course> {
    if name == "rust" {
        return Course::open(root).context("cannot find the exercises");
    }
    Ok(Track::load(root, name)
        .with_context(|| format!("cannot load the `{name}` track"))?
        .course())
}

/// The exercise ids of track `name`.
fn track_ids(root: &Path, name: &str) -> anyhow::Result<Vec<String>> {
    Ok(course_of(root, name)?
        .exercises
        .into_iter()
        .map(|e| e.id)
        .collect())
}

/// One round of one exercise of track `name`.
fn verify_one(
    root: &Path,
    name: &str,
    exercise: &grader::course::Exercise,
    opts: &RunOptions,
) -> anyhow::Result<ExerciseVerdict> {
    let work = root.join("target/netlab/verify");
    if name == "rust" {
        let course = Course::open(root).context("cannot find the exercises")?;
        return Ok(verify_exercise(&course, exercise, &work, opts)?);
    }
    let track = Track::load(root, name)?;
    let chosen = track
        .select(std::slice::from_ref(&exercise.id))?
        .pop()
        .context("one id, one exercise")?;
    let run = TrackRun {
        run: opts.clone(),
        suite: grader::grading::Suite::All,
        port: None,
    };
    Ok(grader::track::grade::verify_exercise(
        &track,
        &chosen,
        &work.join(name),
        &run,
    )?)
}

/// Prints one exercise's verdict and notes, and collects flaky tests.
fn report_rounds(
    rounds: &[ExerciseVerdict],
    untranslated: &[String],
    paint: grader::report::Paint,
    problems: &mut Vec<String>,
) {
    print_verdict(&rounds[0], paint);
    let weak = rounds[0].weak_tests();
    if !weak.is_empty() {
        println!(
            "  {} weak (catch no variant, only the stub): {}",
            paint.yellow("!"),
            weak.join(", ")
        );
    }
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
    for note in unsteady_catches(rounds) {
        println!("  {} {note}", paint.yellow("!"));
    }
    problems.extend(
        flaky_tests(rounds)
            .into_iter()
            .map(|f| format!("flaky: {f}")),
    );
}

/// Runs an exercise once idle with `seed`, then `rounds` times with every
/// core busy and jittered writes; returns every verdict that changed.
fn under_load(
    id: &str,
    verify: impl Fn(&RunOptions) -> anyhow::Result<ExerciseVerdict>,
    opts: &RunOptions,
    seed: u64,
    rounds: u64,
) -> anyhow::Result<Vec<String>> {
    let mut opts = opts.clone();
    opts.seed = seed;
    let idle = verify(&opts).with_context(|| format!("cannot verify `{id}`"))?;
    let mut changes = Vec::new();
    for round in 1..=rounds.max(1) {
        let started = std::time::Instant::now();
        let busy = Busy::every_core();
        opts.write_jitter = WRITE_JITTER;
        let loaded = verify(&opts).with_context(|| format!("cannot verify `{id}` under load"))?;
        drop(busy);
        let found = verdict_changes(&idle, &loaded);
        println!(
            "{id}: under load, round {round}: {} verdict(s) changed ({:.0}s)",
            found.len(),
            started.elapsed().as_secs_f64()
        );
        changes.extend(
            found
                .into_iter()
                .map(|c| format!("under load, seed {seed}: {c}")),
        );
    }
    Ok(changes)
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
        count(&verdict.solution, true) == total && verdict.solution.not_built.is_none();
    println!(
        "  {} solution passes {}/{total} tests",
        mark(solution_ok),
        count(&verdict.solution, true)
    );
    let stub_ok = count(&verdict.stub, false) == total && verdict.stub.not_built.is_none();
    println!(
        "  {} stub fails {}/{total} tests",
        mark(stub_ok),
        count(&verdict.stub, false)
    );
    for (variant, report) in &verdict.correct {
        let passed = count(report, true);
        let ok = passed == total && report.not_built.is_none();
        let what = variant.description.lines().next().unwrap_or_default();
        println!(
            "  {} correct variant {} ({what}) passes {passed}/{total} tests",
            mark(ok),
            variant.name
        );
    }
    for (variant, report) in &verdict.variants {
        let caught = ExerciseVerdict::caught_by(report);
        let ok = !caught.is_empty() && report.not_built.is_none();
        let what = variant.description.lines().next().unwrap_or_default();
        println!("  {} variant {} ({what})", mark(ok), variant.name);
        if report.not_built.is_some() {
            println!("      does not build");
        } else if caught.is_empty() {
            println!("      {}", paint.red("caught by no test"));
        } else {
            println!("      caught by: {}", caught.join(", "));
        }
    }
}
