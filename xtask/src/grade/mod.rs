//! `cargo xtask grade`: public and hidden tests, scores and reports, for this
//! workspace, one submission, a folder of submissions, or any command.
//!
//! [`command`] grades any executable (`--cmd`); [`progress`] shows a class's progress.

mod command;
mod course_run;
mod preflight;
mod progress;
mod track;

use command::grade_command;
use course_run::{CourseArgs, CourseRun};
use progress::Progress;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use grader::build::BuildOptions;
use grader::course::Course;
use grader::events::{BoxedReporter, Emitter, GradedClass};
use grader::grading::{Source, Suite, Target, grade_with};
use grader::lang::Lang;
use grader::report::GradebookRow;
use grader::runner::RunOptions;
use grader::submissions::{ClassOptions, Submission, SubmissionReport, grade_class};

use crate::PASSED;
use crate::output::{fresh_seed, paint};
use crate::reporters;

/// Options of `grade`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Grade one submission: a directory holding a copy of a student's repository.
    #[arg(long, conflicts_with_all = ["submissions", "cmd"])]
    submission: Option<PathBuf>,
    /// Grade every immediate subdirectory of DIR, each named by its folder name.
    #[arg(long, conflicts_with = "cmd")]
    submissions: Option<PathBuf>,
    /// Write `DIR/grades.csv`, `DIR/<submission>/results.json` and `DIR/summary.md`.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Also write the results as JUnit XML to FILE.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// The seed for random test data (recorded in every report).
    #[arg(long)]
    seed: Option<u64>,
    #[command(flatten)]
    jobs: crate::output::Jobs,
    /// Read hidden tests from DIR instead of `grader/hidden` (also `NETLAB_HIDDEN_DIR`).
    #[arg(long, value_name = "DIR")]
    hidden_dir: Option<PathBuf>,
    /// Where each submission's fresh build folder is made and removed
    /// (default: `target/netlab/class`).
    #[arg(long, value_name = "DIR")]
    work: Option<PathBuf>,
    /// Where built exercises are cached (default: `target/netlab/cache`); two
    /// graders may share it at once.
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    cache_dir: Option<PathBuf>,
    /// The cache's bound, such as `2GiB` or `500MB`; the least recently used
    /// builds go beyond it.
    #[arg(long, value_name = "SIZE", value_parser = grader::build::parse_cache_size, conflicts_with = "no_cache")]
    cache_size: Option<u64>,
    /// Build everything afresh, neither reading nor writing the build cache.
    #[arg(long)]
    no_cache: bool,
    /// Grade only share K of N of `--submissions` (every Nth folder by name,
    /// starting at the Kth), so a CI matrix can split a large class;
    /// `cargo xtask merge` joins the shares' reports.
    #[arg(long, value_name = "K/N", requires = "submissions", value_parser = parse_partition)]
    partition: Option<(usize, usize)>,
    /// With `--cmd`: the exercise whose tests to run (such as `tcp-server`).
    #[arg(long, value_name = "ID", requires = "cmd")]
    exercise: Option<String>,
    /// Run the exercise's tests against any program: `{addr}` stands for the
    /// arguments each test gives it (normally the address to listen on), e.g.
    /// `--cmd 'python3 server.py {addr}'`; run through `sh -c` in each test's
    /// own temporary directory (words naming files here become absolute paths).
    #[arg(long, value_name = "COMMAND", requires = "exercise")]
    cmd: Option<String>,
    /// With `--cmd`: which of the exercise's programs the command stands for
    /// (default: the program of the exercise's first test); tests of its other
    /// programs are skipped as not applicable.
    #[arg(long, value_name = "NAME", requires = "cmd")]
    program: Option<String>,
    /// Write each test's capture as `DIR/<submission>/<exercise>/<test>.pcap`.
    #[arg(long, value_name = "DIR")]
    pcap: Option<PathBuf>,
    /// Course policy, deadlines, regrade comparison and LMS export.
    #[command(flatten)]
    course: CourseArgs,
    /// Which exercises: `rust` (this workspace's crates) or the name of a
    /// track folder such as `python` (the course's own Python programs:
    /// students' folders of `.py` files, see README).
    #[arg(long, value_name = "NAME", default_value = "rust")]
    track: String,
    /// The port a client program is served on (default: each test's own,
    /// 8888 in the Python track).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    port: Option<u16>,
}

/// The variable that points `grade` at hidden tests kept elsewhere.
const HIDDEN_DIR_VAR: &str = "NETLAB_HIDDEN_DIR";

/// Where graded submissions' build directories live, under the workspace.
const WORK: &str = "target/netlab/class";

/// Grades and writes reports; exit 0 whatever the scores.
/// `lang` is the language of the runner's messages, the class summary,
/// `report.html` and each `results.json`'s outputs.
pub(crate) fn run(root: &Path, args: Args, lang: Lang) -> anyhow::Result<u8> {
    let mut course = Course::open(root).context("cannot find the exercises")?;
    // Trusted grading keeps the hidden tests outside the repository it checks out.
    let hidden = args.hidden_dir.clone().or_else(|| {
        std::env::var_os(HIDDEN_DIR_VAR)
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
    });
    if let Some(dir) = hidden {
        if !dir.is_dir() {
            bail!("no hidden tests directory `{}`", dir.display());
        }
        course.hidden_dir = dir;
    }
    // Every path is checked before the first build: a typo costs a second.
    preflight::check_hidden(&course, crate::dist::is_student_copy(root))?;
    preflight::check_outputs(
        args.out.as_deref(),
        args.junit.as_deref(),
        args.work.as_deref(),
    )?;
    eprintln!("containment: {}", grader::sandbox::protections());
    let seed = args.seed.unwrap_or_else(fresh_seed);
    let jobs = args.jobs.get();
    let mut opts = RunOptions::new(seed);
    opts.lang = lang;
    opts.jobs = jobs;
    opts.keep_frames = args.pcap.is_some();
    if args.track != "rust" {
        let name = args.track.clone();
        return track::run(root, &args, &name, opts, jobs, lang);
    }
    let found = submissions(&args)?;
    // Zeros that are no result (no exercise handed in, or one repository
    // given as a class) are said before grading and again at the end.
    let survey = found
        .as_deref()
        .map(|subs| preflight::survey(&course, args.submissions.as_deref(), subs))
        .unwrap_or_default();
    survey.warn(paint());
    let names: Vec<String> = found.iter().flatten().map(|s| s.name.clone()).collect();
    // The course file, roster and earlier record are checked before grading starts.
    let mut run = CourseRun::prepare(root, &course, &args.course, &names)?;
    if args.port.is_some() {
        bail!("`--port` is for tracks whose clients take no arguments, such as `--track python`");
    }
    if let (Some(id), Some(cmd)) = (&args.exercise, &args.cmd) {
        let report = grade_command(&course, id, cmd, args.program.as_deref(), &opts)?;
        return finish(&course, &args, &run, seed, lang, vec![report], true);
    }
    let build = build_options(&course, &args);
    let reports = match found {
        None => vec![grade_workspace(&course, &build, &opts)?],
        Some(submissions) => {
            let submissions = run.submissions(&course, submissions)?;
            let work = args.work.clone().unwrap_or_else(|| root.join(WORK));
            grade_submissions(&course, &submissions, &opts, jobs, work, build)?
        }
    };
    // Every test killed its own processes; this is the check that none is left.
    let left = grader::sandbox::sweep_leftovers();
    if left > 0 {
        eprintln!(
            "warning: {left} process(es) of graded programs outlived their tests; killed now"
        );
    }
    let details = reports.len() == 1;
    let code = finish(&course, &args, &run, seed, lang, reports, details)?;
    survey.warn(paint());
    Ok(code)
}

/// Grades `submissions` with public and hidden tests, `jobs` at once, their
/// builds under `work`, showing progress.
pub(crate) fn grade_submissions(
    course: &Course,
    submissions: &[Submission],
    opts: &RunOptions,
    jobs: usize,
    work: PathBuf,
    build: BuildOptions,
) -> anyhow::Result<Vec<SubmissionReport>> {
    let class = ClassOptions {
        run: opts.clone(),
        suite: Suite::All,
        workers: ClassOptions::in_flight(jobs),
        slots: jobs,
        work,
        build,
        limits: grader::ingest::Limits::default(),
    };
    let progress = Progress::new(submissions.len());
    let graded = grade_class(course, submissions, &class, &|event| {
        progress.on_event(event)
    });
    progress.finish();
    graded.context("cannot grade the submissions")
}

/// Prints the results and writes the reports: every report is a reporter
/// of the class, told in turn that it is graded.
fn finish(
    course: &Course,
    args: &Args,
    run: &CourseRun,
    seed: u64,
    lang: Lang,
    reports: Vec<SubmissionReport>,
    details: bool,
) -> anyhow::Result<u8> {
    let paint = paint();
    let ids: Vec<String> = course.exercises.iter().map(|e| e.id.clone()).collect();
    let rows: Vec<GradebookRow> = reports
        .into_iter()
        .map(|r| GradebookRow {
            submission: r.name,
            exercises: r.exercises,
        })
        .collect();
    let views = run.views(course, &ids, &rows, lang)?;
    let mut reporters: Vec<BoxedReporter<'_, anyhow::Error>> = Vec::new();
    if let Some(dir) = &args.pcap {
        reporters.push(Box::new(reporters::Captures {
            dir: dir.clone(),
            lang,
        }));
    }
    reporters.push(Box::new(reporters::Terminal {
        details,
        jobs: args.jobs.get(),
        views: views.text(),
        lang,
        paint,
    }));
    if let Some(out) = &args.out {
        reporters.push(Box::new(reporters::ResultsFiles {
            out: out.clone(),
            lang,
            book: &views.book,
            markdown: views.markdown(),
        }));
        reporters.push(Box::new(reporters::Html {
            out: out.clone(),
            lang,
            appendix: views.html(),
            announce: true,
        }));
    }
    if let Some(path) = &args.junit {
        reporters.push(Box::new(reporters::JUnit { path: path.clone() }));
    }
    reporters.push(Box::new(reporters::StepSummary {
        markdown: views.markdown(),
    }));
    reporters::report_class(reporters, &GradedClass::new(&ids, &rows, seed))?;
    run.export(&views.book)?;
    println!("seed {seed}: grade the same way again with `--seed {seed}`");
    Ok(PASSED)
}

/// The build cache the flags ask for.
fn build_options(course: &Course, args: &Args) -> BuildOptions {
    let mut build = BuildOptions::for_course(course);
    if args.no_cache {
        build.cache = None;
    }
    if let Some(cache) = &mut build.cache {
        if let Some(dir) = &args.cache_dir {
            cache.dir = dir.clone();
        }
        if let Some(size) = args.cache_size {
            cache.max_bytes = size;
        }
    }
    build
}

/// This workspace's own exercises, taken and built like a submission's.
fn grade_workspace(
    course: &Course,
    build: &BuildOptions,
    opts: &RunOptions,
) -> anyhow::Result<SubmissionReport> {
    let start = Instant::now();
    let targets: Vec<Target> = course
        .exercises
        .iter()
        .map(|exercise| Target {
            exercise: exercise.clone(),
            source: Source::Workspace,
        })
        .collect();
    let work = course.root.join("target/netlab/grade");
    let exercises = grade_with(
        course,
        &targets,
        Suite::All,
        &work,
        build,
        opts,
        Emitter::silent(),
    )
    .context("cannot grade")?;
    Ok(SubmissionReport {
        name: "workspace".to_string(),
        exercises,
        build_time: Duration::ZERO,
        elapsed: start.elapsed(),
        error: None,
    })
}

/// The submissions named by the flags, or `None` for this workspace.
fn submissions(args: &Args) -> anyhow::Result<Option<Vec<Submission>>> {
    if let Some(dir) = &args.submission {
        if !dir.is_dir() {
            bail!("no submission directory `{}`", dir.display());
        }
        let name = dir
            .canonicalize()?
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Ok(Some(vec![Submission {
            name,
            dir: dir.clone(),
        }]));
    }
    if let Some(dir) = &args.submissions {
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("no submissions directory `{}`", dir.display()))?;
        let mut found: Vec<Submission> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .map(|e| Submission {
                name: e.file_name().to_string_lossy().into_owned(),
                dir: e.path(),
            })
            .collect();
        found.sort_by(|a, b| a.name.cmp(&b.name));
        if found.is_empty() {
            bail!("`{}` holds no submission folders", dir.display());
        }
        if let Some(partition) = args.partition {
            found = share_of(found, partition);
        }
        return Ok(Some(found));
    }
    Ok(None)
}

/// Share K of N of `sorted`: every Nth item, starting at the Kth. The class
/// workflow's checkout (`roster`) takes its share by this same rule.
pub(crate) fn share_of<T>(sorted: Vec<T>, (share, shares): (usize, usize)) -> Vec<T> {
    sorted.into_iter().skip(share - 1).step_by(shares).collect()
}

/// Parses `K/N` with 1 ≤ K ≤ N.
pub(crate) fn parse_partition(text: &str) -> Result<(usize, usize), String> {
    let bad = || format!("`{text}` is not a share such as `2/4` (share K of N, 1 ≤ K ≤ N)");
    let (share, shares) = text.split_once('/').ok_or_else(bad)?;
    let share: usize = share.trim().parse().map_err(|_| bad())?;
    let shares: usize = shares.trim().parse().map_err(|_| bad())?;
    if share == 0 || share > shares {
        return Err(bad());
    }
    Ok((share, shares))
}
