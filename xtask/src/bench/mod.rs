//! `cargo xtask bench`: how fast `grade` is at class scale.
//!
//! It generates N submissions (the reference solutions, each made distinct so
//! that every one is really compiled), then measures with the same
//! parallelism:
//!
//! 1. the floor: bare `rustc` of the same student crates (the graded build
//!    profile's options), nothing else;
//! 2. the tests alone, run against the floor's binaries;
//! 3. a first `grade`, with an empty build cache, against floor + tests;
//! 4. a regrade of the same class, nothing changed (every build a cache
//!    hit), against the tests alone;
//! 5. a regrade after one exercise of every submission changed.

mod floor;

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use grader::build::{
    BUILD_TIME_LIMIT, BuildOptions, BuildOutcome, CacheConfig, DEFAULT_CACHE_BYTES,
};
use grader::course::{Course, Exercise};
use grader::grading::{Suite, run_built};
use grader::ingest::Limits;
use grader::runner::{Programs, RunOptions, Slots};
use grader::submissions::{ClassOptions, Submission, grade_class};

use crate::PASSED;
use floor::floor;

/// Options of `bench`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// How many submissions to generate and grade.
    #[arg(long, default_value_t = 20)]
    count: usize,
    #[command(flatten)]
    jobs: crate::output::Jobs,
    /// The seed for the tests' random data.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Where the bench keeps its submissions and build directories.
const WORK: &str = "target/netlab/bench";

/// Measures and prints; exit 0 when every measurement ran.
pub(crate) fn run(root: &Path, args: Args) -> anyhow::Result<u8> {
    let mut course = Course::open(root).context("cannot find the exercises")?;
    // The bench measures builds and test runs: the quiz has neither.
    course
        .exercises
        .retain(|e| e.kind == grader::course::ExerciseKind::Program);
    let jobs = args.jobs.get();
    let count = args.count.max(1);
    let work = root.join(WORK);
    if work.exists() {
        std::fs::remove_dir_all(&work)
            .with_context(|| format!("cannot clear `{}`", work.display()))?;
    }
    let submissions = generate(&course, &work.join("submissions"), count)?;
    println!("bench: {count} generated submission(s), {jobs} at a time");

    let start = Instant::now();
    let floor_programs = floor(&course, &submissions, &work.join("floor"), jobs)?;
    let floor_time = start.elapsed();
    println!(
        "  floor (bare rustc of the student crates): {}",
        secs(floor_time)
    );

    let mut run = RunOptions::new(args.seed);
    run.jobs = jobs;
    let start = Instant::now();
    let passed = tests_only(&course, floor_programs, &run, jobs)?;
    let tests_time = start.elapsed();
    println!(
        "  tests alone (against those binaries):    {}  ({passed} of {count} with full marks)",
        secs(tests_time)
    );

    let class = class_options(&run, jobs, &work);
    let reference = floor_time + tests_time;
    grade_and_regrade(&course, &submissions, &class, reference, tests_time)?;
    Ok(PASSED)
}

/// What `grade` is given: every test, `jobs` test slots (one more
/// submission in flight, see [`ClassOptions::in_flight`]), a
/// build cache in `work`.
fn class_options(run: &RunOptions, jobs: usize, work: &Path) -> ClassOptions {
    ClassOptions {
        run: run.clone(),
        suite: Suite::All,
        workers: ClassOptions::in_flight(jobs),
        slots: jobs,
        work: work.join("grade"),
        build: BuildOptions {
            cache: Some(CacheConfig {
                dir: work.join("cache"),
                max_bytes: DEFAULT_CACHE_BYTES,
            }),
            time_limit: BUILD_TIME_LIMIT,
        },
        limits: Limits::default(),
    }
}

/// Grades the class three times (first with an empty cache, again unchanged,
/// again with one exercise each changed) and prints each against
/// `reference` (floor + tests) and the tests alone.
fn grade_and_regrade(
    course: &Course,
    submissions: &[Submission],
    class: &ClassOptions,
    reference: Duration,
    tests_time: Duration,
) -> anyhow::Result<()> {
    let count = submissions.len() as u32;
    grader::runner::reset_programs_at_once();
    let (wall, build, closest) = grade_all(course, submissions, class)?;
    println!("  first grade (wall, empty cache):         {}", secs(wall));
    println!(
        "  per submission:                          {}  (builds: {} on average)",
        secs(wall / count),
        secs(build / count)
    );
    println!(
        "  first grade vs floor + tests:            {:.2}×  (goal: at most 1.0×, 1.3× at worst)",
        wall.as_secs_f64() / reference.as_secs_f64()
    );
    println!(
        "  {}",
        crate::load::limits_line(class.slots, closest, grader::lang::Lang::En)
    );
    let (again, _, _) = grade_all(course, submissions, class)?;
    println!(
        "  regrade, nothing changed:                {}  = {:.2}× the tests alone (goal: at most 1.2×)",
        secs(again),
        again.as_secs_f64() / tests_time.as_secs_f64()
    );
    change_one_exercise(course, submissions)?;
    let (changed, _, _) = grade_all(course, submissions, class)?;
    println!(
        "  regrade, one exercise each changed:      {}  = {:.2}× floor + tests, {:.2}× the tests alone",
        secs(changed),
        changed.as_secs_f64() / reference.as_secs_f64(),
        changed.as_secs_f64() / tests_time.as_secs_f64()
    );
    Ok(())
}

/// The slowest step of a class's passed tests: its share of its deadline, and where.
type ClosestCall = Option<(f64, String)>;

/// Grades the class; its wall time, the sum of its build times, and the
/// closest call. Every submission must score full marks.
fn grade_all(
    course: &Course,
    submissions: &[Submission],
    class: &ClassOptions,
) -> anyhow::Result<(Duration, Duration, ClosestCall)> {
    let start = Instant::now();
    let graded = grade_class(course, submissions, class, &grader::events::ignore)
        .context("cannot grade the generated submissions")?;
    let wall = start.elapsed();
    let full = graded
        .iter()
        .filter(|r| r.exercises.iter().all(|e| e.passed()))
        .count();
    if full != submissions.len() {
        bail!(
            "only {full} of {} generated submissions scored full marks",
            submissions.len()
        );
    }
    let closest = crate::load::closest_call(
        graded
            .iter()
            .flat_map(|r| r.exercises.iter().map(|e| (r.name.as_str(), e))),
    );
    Ok((wall, graded.iter().map(|r| r.build_time).sum(), closest))
}

/// Changes the main program of the first exercise of every submission (a
/// comment: the binary behaves the same, the sources differ).
fn change_one_exercise(course: &Course, submissions: &[Submission]) -> anyhow::Result<()> {
    let first = course.exercises.first().context("no exercise")?;
    for submission in submissions {
        let main = submission
            .dir
            .join("exercises")
            .join(&first.folder)
            .join("src/main.rs");
        let mut text = std::fs::read_to_string(&main)
            .with_context(|| format!("cannot read `{}`", main.display()))?;
        text.push_str("// Resubmitted.\n");
        std::fs::write(&main, text)
            .with_context(|| format!("cannot write `{}`", main.display()))?;
    }
    Ok(())
}

/// Writes `count` submissions: every exercise's solution sources, with a
/// line naming the submission so that no two are the same.
fn generate(course: &Course, dir: &Path, count: usize) -> anyhow::Result<Vec<Submission>> {
    let mut submissions = Vec::new();
    for index in 0..count {
        let name = format!("student-{index:03}");
        let sub = dir.join(&name);
        for exercise in &course.exercises {
            let from = course.solution_dir(exercise).join("src");
            if !from.is_dir() {
                continue;
            }
            let to = sub.join("exercises").join(&exercise.folder).join("src");
            copy_sources(&from, &to, &name)?;
        }
        submissions.push(Submission { name, dir: sub });
    }
    Ok(submissions)
}

fn copy_sources(from: &Path, to: &Path, name: &str) -> anyhow::Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create `{}`", to.display()))?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_sources(&entry.path(), &target, name)?;
        } else {
            let mut text = std::fs::read(entry.path())?;
            if entry.path().extension().is_some_and(|e| e == "rs") {
                text.extend_from_slice(format!("\n// Generated submission `{name}`.\n").as_bytes());
            }
            std::fs::write(&target, text)?;
        }
    }
    Ok(())
}

/// Runs every submission's tests against the floor's binaries, as many
/// submissions in flight sharing `jobs` test slots as `grade` has; returns
/// how many scored full marks.
fn tests_only(
    course: &Course,
    programs: Vec<Vec<(Exercise, Programs)>>,
    run: &RunOptions,
    jobs: usize,
) -> anyhow::Result<usize> {
    let slots = Slots::new(jobs);
    let graded =
        grader::pool::map_in_parallel(&programs, ClassOptions::in_flight(jobs), |submission| {
            let built = submission
                .iter()
                .map(|(e, p)| (e.clone(), BuildOutcome::Built(p.clone())))
                .collect();
            let silent = grader::events::Emitter::silent();
            run_built(course, built, Suite::All, run, &slots, silent)
                .map(|reports| reports.iter().all(|r| r.passed()))
        });
    let mut full = 0;
    for outcome in graded {
        full += usize::from(outcome?);
    }
    Ok(full)
}

fn secs(duration: Duration) -> String {
    format!("{:.2}s", duration.as_secs_f64())
}
