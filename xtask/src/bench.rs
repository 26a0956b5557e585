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

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use grader::build::profile::GRADED;
use grader::build::{
    BUILD_TIME_LIMIT, BuildOptions, BuildOutcome, CacheConfig, DEFAULT_CACHE_BYTES,
};
use grader::course::{Course, Exercise};
use grader::grading::{Suite, run_built};
use grader::ingest::Limits;
use grader::runner::{Programs, RunOptions, Slots};
use grader::submissions::{ClassOptions, Submission, grade_class};

use crate::PASSED;

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

    let class = ClassOptions {
        run: run.clone(),
        suite: Suite::All,
        workers: jobs,
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
    };
    let reference = floor_time + tests_time;
    grader::runner::reset_programs_at_once();
    let (wall, build, closest) = grade_all(&course, &submissions, &class)?;
    println!("  first grade (wall, empty cache):         {}", secs(wall));
    println!(
        "  per submission:                          {}  (builds: {} on average)",
        secs(wall / count as u32),
        secs(build / count as u32)
    );
    println!(
        "  first grade vs floor + tests:            {:.2}×  (goal: at most 1.0×, 1.3× at worst)",
        wall.as_secs_f64() / reference.as_secs_f64()
    );
    println!(
        "  {}",
        crate::load::limits_line(jobs, closest, grader::lang::Lang::En)
    );
    let (again, _, _) = grade_all(&course, &submissions, &class)?;
    println!(
        "  regrade, nothing changed:                {}  = {:.2}× the tests alone (goal: at most 1.2×)",
        secs(again),
        again.as_secs_f64() / tests_time.as_secs_f64()
    );
    change_one_exercise(&course, &submissions)?;
    let (changed, _, _) = grade_all(&course, &submissions, &class)?;
    println!(
        "  regrade, one exercise each changed:      {}  = {:.2}× floor + tests, {:.2}× the tests alone",
        secs(changed),
        changed.as_secs_f64() / reference.as_secs_f64(),
        changed.as_secs_f64() / tests_time.as_secs_f64()
    );
    Ok(PASSED)
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

/// One binary to compile for the floor.
struct Unit {
    submission: usize,
    exercise: Exercise,
    program: String,
    main: PathBuf,
    edition: String,
    out: PathBuf,
}

/// Compiles every binary of every submission with bare `rustc` (the same
/// options as the grader's dev profile), `jobs` at a time; returns each
/// submission's programs.
fn floor(
    course: &Course,
    submissions: &[Submission],
    dir: &Path,
    jobs: usize,
) -> anyhow::Result<Vec<Vec<(Exercise, Programs)>>> {
    let mut units = Vec::new();
    for (index, submission) in submissions.iter().enumerate() {
        for exercise in &course.exercises {
            let manifest = course.exercise_dir(exercise).join("Cargo.toml");
            let text = std::fs::read_to_string(&manifest)?;
            let table: toml::Table = toml::from_str(&text)
                .with_context(|| format!("cannot read `{}`", manifest.display()))?;
            let edition = table["package"]
                .get("edition")
                .and_then(|e| e.as_str())
                .unwrap_or("2021")
                .to_string();
            let src = submission
                .dir
                .join("exercises")
                .join(&exercise.folder)
                .join("src");
            let out = dir.join(&submission.name).join(&exercise.folder);
            let mut mains = vec![(exercise.id.clone(), src.join("main.rs"))];
            if let Ok(entries) = std::fs::read_dir(src.join("bin")) {
                for entry in entries.filter_map(Result::ok) {
                    let path = entry.path();
                    if path.extension().is_some_and(|e| e == "rs") {
                        let name = path
                            .file_stem()
                            .map(|s| s.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        mains.push((name, path));
                    }
                }
            }
            for (program, main) in mains.into_iter().filter(|(_, m)| m.is_file()) {
                units.push(Unit {
                    submission: index,
                    exercise: exercise.clone(),
                    out: out.join(&program),
                    program,
                    main,
                    edition: edition.clone(),
                });
            }
        }
    }
    let next = AtomicUsize::new(0);
    let failed: Mutex<Option<String>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                while let Some(unit) = units.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if let Err(err) = compile(unit) {
                        *failed.lock().unwrap_or_else(|e| e.into_inner()) = Some(err);
                    }
                }
            });
        }
    });
    if let Some(err) = failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
        bail!("the floor's rustc failed: {err}");
    }
    let mut programs: Vec<Vec<(Exercise, Programs)>> = submissions
        .iter()
        .map(|_| {
            course
                .exercises
                .iter()
                .map(|e| (e.clone(), Programs::new()))
                .collect()
        })
        .collect();
    for unit in &units {
        if let Some((_, found)) = programs[unit.submission]
            .iter_mut()
            .find(|(e, _)| e == &unit.exercise)
        {
            found.insert(
                unit.program.clone(),
                vec![unit.out.clone().into_os_string()],
            );
        }
    }
    Ok(programs)
}

/// `rustc` of one binary, with the options cargo gives it in the grader's build.
fn compile(unit: &Unit) -> Result<(), String> {
    if let Some(parent) = unit.out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| OsString::from("rustc"));
    let output = Command::new(rustc)
        .args([
            "--edition",
            &unit.edition,
            "--crate-type",
            "bin",
            "--crate-name",
        ])
        .arg(unit.program.replace('-', "_"))
        // The flags cargo passes for the graded build profile.
        .args(["--emit=dep-info,link", "-A", "unused"])
        .args(GRADED.rustc_args())
        .arg(&unit.main)
        .arg("-o")
        .arg(&unit.out)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// Runs every submission's tests against the floor's binaries, `jobs`
/// submissions at a time sharing `jobs` test slots, as `grade` does; returns
/// how many scored full marks.
fn tests_only(
    course: &Course,
    programs: Vec<Vec<(Exercise, Programs)>>,
    run: &RunOptions,
    jobs: usize,
) -> anyhow::Result<usize> {
    let slots = Slots::new(jobs);
    let queue = Mutex::new(programs.into_iter());
    let full = AtomicUsize::new(0);
    let failed: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let Some(submission) = queue.lock().unwrap_or_else(|e| e.into_inner()).next()
                    else {
                        break;
                    };
                    let built = submission
                        .into_iter()
                        .map(|(e, p)| (e, BuildOutcome::Built(p)))
                        .collect();
                    match run_built(
                        course,
                        built,
                        Suite::All,
                        run,
                        &slots,
                        grader::events::Emitter::silent(),
                    ) {
                        Ok(reports) if reports.iter().all(|r| r.passed()) => {
                            full.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok(_) => {}
                        Err(err) => {
                            *failed.lock().unwrap_or_else(|e| e.into_inner()) = Some(err.into());
                        }
                    }
                }
            });
        }
    });
    if let Some(err) = failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(err);
    }
    Ok(full.into_inner())
}

fn secs(duration: Duration) -> String {
    format!("{:.2}s", duration.as_secs_f64())
}
