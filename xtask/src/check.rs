//! `cargo xtask check [ID...]`: the public tests of the student's own code.
//!
//! On a terminal the first failure is shown in full and every other one in a
//! line, then a summary and the next thing to do (`-v` shows all in full,
//! `-q` none). `--message-format json` prints one JSON object per event for
//! editors and CI instead.

use std::collections::HashSet;
use std::convert::Infallible;
use std::path::Path;
use std::sync::Mutex;

use anyhow::Context as _;
use grader::course::Course;
use grader::events::{Emitter, GradeEvent, Reporter};
use grader::grading::{ExerciseReport, Source, Suite, Target, grade};
use grader::lang::Lang;
use grader::outcome::{TestOutcome, TestResult};
use grader::progress::Progress;
use grader::report::{Paint, render_failure_in};
use grader::runner::RunOptions;
use serde_json::json;

use crate::output::{
    Verbosity, fresh_seed, one_line, paint, print_exercise_limited, score, verbosity,
};
use crate::text::check as text;
use crate::{FAILED, PASSED};

/// Options of `check`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Exercise ids (such as `tcp-server`); all exercises when none are given.
    ids: Vec<String>,
    /// The seed for random test data; failures print the one to reuse.
    #[arg(long)]
    seed: Option<u64>,
    #[command(flatten)]
    jobs: crate::output::Jobs,
    /// `human` for people, or `json`: one JSON object per line and event.
    #[arg(long, value_enum, value_name = "FMT", default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// Show the TCP segments (a ladder) of passing tests too; a failing test always shows them.
    #[arg(long)]
    packets: bool,
    /// Write each test's capture as `DIR/<exercise>/<test>.pcap` (Wireshark, tcpdump).
    #[arg(long, value_name = "DIR")]
    pcap: Option<std::path::PathBuf>,
}

/// `--message-format`, as cargo's flag of that name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum MessageFormat {
    /// Text for a person.
    Human,
    /// One JSON object per line: a `test` event per test, then a `summary`.
    Json,
}

/// Builds the selected exercises in the workspace and runs their public tests.
pub(crate) fn run(root: &Path, args: Args, lang: Lang) -> anyhow::Result<u8> {
    let course = Course::open(root).context("cannot find the exercises")?;
    let exercises = course.select(&args.ids)?;
    let seed = args.seed.unwrap_or_else(fresh_seed);
    let mut opts = RunOptions::new(seed);
    opts.lang = lang;
    opts.jobs = args.jobs.get();
    let json = args.message_format == MessageFormat::Json;
    opts.packets = args.packets;
    opts.keep_frames = args.pcap.is_some();
    let targets: Vec<Target> = exercises
        .into_iter()
        .map(|exercise| Target {
            exercise,
            source: Source::Workspace,
        })
        .collect();
    let work = root.join("target/netlab/check");
    // Results stream as each test (JSON) or exercise (human) ends.
    let order: Vec<String> = targets.iter().map(|t| t.exercise.id.clone()).collect();
    let stream = Mutex::new(CheckStream::new(json, order, lang));
    let sink = |event: &GradeEvent<'_>| {
        let Ok(()) = stream
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .on_event(event);
    };
    let graded = grade(
        &course,
        &targets,
        Suite::Public,
        &work,
        &opts,
        Emitter::new("workspace", &sink),
    );
    let mut stream = stream.into_inner().unwrap_or_else(|e| e.into_inner());
    let reports = graded.context("cannot run the tests")?;
    // An exercise the engine reported without events (a grader error) is shown in its place.
    stream.flush(&reports);
    let progress_file = Progress::path(root);
    let mut progress = Progress::load(&progress_file);
    for report in &reports {
        progress.record(report);
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
    if let Some(dir) = &args.pcap {
        let results = reports.iter().flat_map(|r| &r.results);
        let written = grader::runner::packets::write_pcaps(dir, results)
            .with_context(|| format!("cannot write captures under `{}`", dir.display()))?;
        eprintln!("wrote {written} capture(s) under {}", dir.display());
    }
    let failed = if json {
        print_json(&reports, &stream.streamed, seed, lang)
    } else {
        print_human(&reports, seed, lang)
    };
    if !json {
        crate::output::say_capture_unavailable(args.packets || args.pcap.is_some(), lang);
    }
    Ok(if failed == 0 { PASSED } else { FAILED })
}

/// `check`'s streaming view: with `--message-format json`, each test's
/// event as it ends; for people, each exercise in course order as soon as it
/// and those before it have ended (the first failure in full).
struct CheckStream {
    json: bool,
    lang: Lang,
    paint: Paint,
    /// How many more failures are shown in full.
    full: usize,
    /// The exercise ids in the order they are shown.
    order: Vec<String>,
    /// How many of `order` are shown.
    shown: usize,
    /// Exercises that ended before one shown ahead of them.
    waiting: Vec<ExerciseReport>,
    /// The tests whose JSON events were printed.
    streamed: HashSet<(String, String)>,
}

impl CheckStream {
    fn new(json: bool, order: Vec<String>, lang: Lang) -> Self {
        let full = match verbosity() {
            Verbosity::Quiet => 0,
            Verbosity::Normal => 1,
            Verbosity::Verbose => usize::MAX,
        };
        CheckStream {
            json,
            lang,
            paint: paint(),
            full,
            order,
            shown: 0,
            waiting: Vec::new(),
            streamed: HashSet::new(),
        }
    }

    /// Shows every exercise that is next in order and has ended.
    fn show_ready(&mut self) {
        while let Some(id) = self.order.get(self.shown) {
            let Some(at) = self.waiting.iter().position(|r| &r.exercise.id == id) else {
                return;
            };
            let report = self.waiting.remove(at);
            print_exercise_limited(&report, self.paint, &mut self.full, self.lang);
            self.shown += 1;
        }
    }

    /// Shows, in order, whatever `reports` hold that was not shown yet.
    fn flush(&mut self, reports: &[ExerciseReport]) {
        if self.json {
            return;
        }
        for report in reports {
            let id = &report.exercise.id;
            let done = self.order[..self.shown].contains(id);
            if !done && !self.waiting.iter().any(|r| &r.exercise.id == id) {
                self.waiting.push(report.clone());
            }
        }
        self.show_ready();
    }
}

impl Reporter for CheckStream {
    type Error = Infallible;

    fn on_event(&mut self, event: &GradeEvent<'_>) -> Result<(), Infallible> {
        match event {
            GradeEvent::TestDone { result, .. } if self.json => {
                print_event(result, self.lang);
                let key = (result.exercise.clone(), result.name.clone());
                self.streamed.insert(key);
            }
            GradeEvent::ExerciseDone { report, .. } if !self.json => {
                self.waiting.push((*report).clone());
                self.show_ready();
            }
            GradeEvent::SubmissionStarted { .. }
            | GradeEvent::BuildDone { .. }
            | GradeEvent::TestDone { .. }
            | GradeEvent::ExerciseDone { .. }
            | GradeEvent::SubmissionDone { .. }
            | GradeEvent::ClassDone { .. } => {}
        }
        Ok(())
    }
}

/// The terminal's summary, after the exercises were shown; returns the
/// number of failed tests.
fn print_human(reports: &[ExerciseReport], seed: u64, lang: Lang) -> usize {
    let paint = paint();
    let results = || reports.iter().flat_map(|r| &r.results);
    let total = results().count();
    let failed = results().filter(|r| !r.outcome.passed()).count();
    let got: f64 = reports.iter().map(ExerciseReport::score).sum();
    let max: f64 = reports.iter().map(ExerciseReport::max_score).sum();
    println!();
    println!("{}", summary(total, failed, got, max, lang));
    println!("{}", text::rerun_seed(lang, seed));
    if let Some(next) = next_step(reports, lang) {
        println!("{}", paint.bold(&next));
    }
    note_missing_protections(lang);
    failed
}

/// `34 failed, 2 passed (36 tests): 4/85 points`.
fn summary(total: usize, failed: usize, got: f64, max: f64, lang: Lang) -> String {
    let passed = total - failed;
    let tests = if total == 1 {
        text::test_noun(lang)
    } else {
        text::tests_noun(lang)
    };
    text::summary(lang, failed, passed, total, tests, &score(got), &score(max))
}

/// What to do next: the first failing test to fix, or the next exercise.
fn next_step(reports: &[ExerciseReport], lang: Lang) -> Option<String> {
    let (report, first) = reports.iter().find_map(|r| {
        r.results
            .iter()
            .find(|t| !t.outcome.passed())
            .map(|t| (r, t))
    })?;
    let id = &report.exercise.id;
    let name = &first.name;
    Some(text::next_failure(lang, id, name))
}

/// Said once, not as an error: what this machine cannot contain.
fn note_missing_protections(lang: Lang) {
    let missing = grader::sandbox::protections().missing();
    if missing.is_empty() {
        return;
    }
    let missing = missing.join(", ");
    println!("{}", text::missing_protections(lang, &missing));
}

/// One test's JSON event.
fn print_event(result: &TestResult, lang: Lang) {
    let (event, step, message) = match &result.outcome {
        TestOutcome::Passed => ("ok", None, None),
        TestOutcome::Failed(failure) => ("failed", failure.step, Some(one_line(result, lang))),
        TestOutcome::Error(_) => ("error", None, Some(one_line(result, lang))),
    };
    let output = render_failure_in(result, Paint::PLAIN, lang);
    let event = json!({
        "type": "test",
        "event": event,
        "exercise": result.exercise,
        "name": result.name,
        "score": result.score,
        "max_score": result.max_score,
        "elapsed_ms": result.elapsed.as_millis() as u64,
        "step": step,
        "message": message,
        "output": (!output.is_empty()).then_some(output),
    });
    println!("{event}");
}

/// The events not streamed (tests of exercises that did not build) and the
/// summary; returns the number of failed tests.
fn print_json(
    reports: &[ExerciseReport],
    streamed: &HashSet<(String, String)>,
    seed: u64,
    lang: Lang,
) -> usize {
    for result in reports.iter().flat_map(|r| &r.results) {
        if !streamed.contains(&(result.exercise.clone(), result.name.clone())) {
            print_event(result, lang);
        }
    }
    let results = || reports.iter().flat_map(|r| &r.results);
    let failed = results().filter(|r| !r.outcome.passed()).count();
    let event = json!({
        "type": "summary",
        "passed": results().count() - failed,
        "failed": failed,
        "score": reports.iter().map(ExerciseReport::score).sum::<f64>(),
        "max_score": reports.iter().map(ExerciseReport::max_score).sum::<f64>(),
        "seed": seed,
    });
    println!("{event}");
    failed
}
