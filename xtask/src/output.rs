//! Terminal output shared by the commands: the global options (colour,
//! verbosity, language, jobs), seeds, result lines.

use std::sync::atomic::{AtomicU8, Ordering};

use grader::grading::ExerciseReport;
use grader::lang::Lang;
use grader::outcome::{TestOutcome, TestResult};
use grader::report::{
    GradebookRow, Paint, escape_controls, render_build_log_in, render_failure_in, render_packets,
};

use crate::text::check as text;

/// `--color`: when to colour the output, as cargo's flag of that name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorWhen {
    /// On a terminal, unless `NO_COLOR` is set (`CLICOLOR_FORCE` forces colour).
    Auto,
    /// Always, even into a pipe or a file.
    Always,
    /// Never.
    Never,
}

/// `--lang`: the language a student reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum LangArg {
    /// English.
    En,
    /// Simplified Chinese (简体中文).
    Zh,
}

impl From<LangArg> for Lang {
    fn from(arg: LangArg) -> Lang {
        match arg {
            LangArg::En => Lang::En,
            LangArg::Zh => Lang::Zh,
        }
    }
}

/// How much the commands print (`-q`, nothing, `-v`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Verbosity {
    /// `-q`: failures one line each, and the summary.
    Quiet,
    /// The default: the first failure in full, the others one line each.
    Normal,
    /// `-v`: every failure in full.
    Verbose,
}

impl Verbosity {
    /// The verbosity `-q` and `-v` ask for.
    pub(crate) fn from_flags(quiet: bool, verbose: bool) -> Verbosity {
        match (quiet, verbose) {
            (true, _) => Verbosity::Quiet,
            (false, true) => Verbosity::Verbose,
            (false, false) => Verbosity::Normal,
        }
    }
}

static VERBOSITY: AtomicU8 = AtomicU8::new(1);

/// Records `-q`/`-v` for the whole run.
pub(crate) fn set_verbosity(verbosity: Verbosity) {
    VERBOSITY.store(verbosity as u8, Ordering::Relaxed);
}

/// The run's verbosity.
pub(crate) fn verbosity() -> Verbosity {
    match VERBOSITY.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        1 => Verbosity::Normal,
        _ => Verbosity::Verbose,
    }
}

/// Records `--color` for the whole run (anstream reads it back).
pub(crate) fn set_color(when: ColorWhen) {
    let choice = match when {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
}

/// Colours as `--color` says; with `auto`, on a terminal unless `NO_COLOR` is
/// set, or wherever `CLICOLOR_FORCE` is (anstream's rules, as cargo's).
pub(crate) fn paint() -> Paint {
    let choice = anstream::AutoStream::choice(&std::io::stdout());
    Paint {
        color: !matches!(choice, anstream::ColorChoice::Never),
    }
}

/// `-j/--jobs`, one meaning in every command, as cargo's: N programs at once
/// (builds and test programs alike); only `verify`, whose known-wrong
/// variants mostly wait out timeouts, runs [`TESTS_PER_JOB`] per job.
#[derive(clap::Args, Clone, Copy, Debug, Default)]
pub(crate) struct Jobs {
    /// Run N programs at once: builds and tests (default: one per core).
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
}

/// Test programs that may run at once per job: tests mostly wait on sockets
/// and timeouts (a hanging program uses no CPU), so a few per core keep the
/// cores busy without letting a class start hundreds of processes.
pub(crate) const TESTS_PER_JOB: usize = 4;

impl Jobs {
    /// Jobs at once: the `-j` given, else one per core.
    pub(crate) fn get(self) -> usize {
        self.jobs.map_or_else(
            || std::thread::available_parallelism().map_or(2, |n| n.get()),
            usize::from,
        )
    }

    /// Test programs at once: [`TESTS_PER_JOB`] per job.
    pub(crate) fn tests(self) -> usize {
        self.get() * TESTS_PER_JOB
    }
}

/// A fresh seed when none is given: the clock mixed with the process id.
pub(crate) fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    // Keep seeds short enough to type.
    (nanos ^ u64::from(std::process::id()).rotate_left(32)) % 1_000_000
}

/// An exercise's heading: its id, the tests passed and the points, in `lang`.
pub(crate) fn heading(report: &ExerciseReport, lang: Lang) -> String {
    let passed = report.results.iter().filter(|r| r.outcome.passed()).count();
    let total = report.results.len();
    let (got, max) = (score(report.score()), score(report.max_score()));
    text::heading(lang, &report.exercise.id, passed, total, &got, &max)
}

/// Prints one exercise: a heading with its score, a line per test, and the
/// explanation of each failure when `details` is set, in `lang`.
pub(crate) fn print_exercise_in(report: &ExerciseReport, paint: Paint, details: bool, lang: Lang) {
    let mut full = if details { usize::MAX } else { 0 };
    print_exercise_limited(report, paint, &mut full, lang);
}

/// [`print_exercise_in`] showing at most `full` failures in full (counted
/// down); every other failure is one line: its step and first sentence.
pub(crate) fn print_exercise_limited(
    report: &ExerciseReport,
    paint: Paint,
    full: &mut usize,
    lang: Lang,
) {
    println!("{}", paint.bold(&heading(report, lang)));
    if let Some(problem) = &report.not_built {
        print!(
            "{}",
            render_build_log_in(&report.exercise.id, problem, paint, lang)
        );
    }
    for result in &report.results {
        let mark = match result.outcome {
            TestOutcome::Passed => paint.green("✓"),
            TestOutcome::Failed(_) => paint.red("✗"),
            TestOutcome::Error(_) => paint.yellow("!"),
        };
        let time = paint.dim(&duration(result.elapsed));
        let failed = !result.outcome.passed();
        // A build failure is explained once, by its log, not per test.
        if !failed || report.not_built.is_some() {
            println!("  {mark} {} {time}", result.name);
            // A passing test's ladders are there only when asked for (`--packets`).
            if !failed {
                print!("{}", indent(&render_packets(result, paint, lang)));
            }
        } else if *full > 0 {
            *full -= 1;
            println!("  {mark} {} {time}", result.name);
            print!("{}", indent(&render_failure_in(result, paint, lang)));
        } else {
            println!(
                "  {mark} {} {time}  {}",
                result.name,
                paint.dim(&one_line(result, lang))
            );
        }
    }
}

/// A failure in one line: the step and the first line of its message,
/// shortened to [`ONE_LINE`] columns.
pub(crate) fn one_line(result: &TestResult, lang: Lang) -> String {
    let line = first_line(result, lang);
    if display_width(&line) <= ONE_LINE {
        return line;
    }
    let mut short = String::new();
    for c in line.chars() {
        if display_width(&short) + display_width(&c.to_string()) >= ONE_LINE {
            break;
        }
        short.push(c);
    }
    format!("{short}…")
}

/// The most columns a one-line failure takes.
const ONE_LINE: usize = 100;

fn first_line(result: &TestResult, lang: Lang) -> String {
    match &result.outcome {
        TestOutcome::Passed => String::new(),
        TestOutcome::Error(message) => message.lines().next().unwrap_or_default().to_string(),
        TestOutcome::Failed(failure) => {
            let first = failure.message.lines().next().unwrap_or_default();
            match failure.step {
                Some(step) => text::at_step(lang, step, first),
                None => first.to_string(),
            }
        }
    }
}

/// A duration as the test files write them: `500ms`, `2s`, `1s 500ms`.
pub(crate) fn duration(d: std::time::Duration) -> String {
    grader::runner::format_duration(d)
}

/// Prints a table of every submission's per-exercise scores (`!` marks an
/// exercise that did not compile or is missing).
pub(crate) fn print_scores_table(ids: &[String], rows: &[GradebookRow], paint: Paint) {
    let name_width = rows
        .iter()
        .map(|r| escape_controls(&r.submission).chars().count())
        .chain(std::iter::once("submission".len()))
        .max()
        .unwrap_or(10);
    let widths: Vec<usize> = ids.iter().map(|id| id.len().max(7)).collect();
    let mut header = format!("{:<name_width$}", "submission");
    for (id, width) in ids.iter().zip(&widths) {
        header.push_str(&format!("  {id:>width$}"));
    }
    header.push_str(&format!("  {:>9}", "total"));
    println!("{}", paint.bold(&header));
    for row in rows {
        let mut line = format!("{:<name_width$}", escape_controls(&row.submission));
        let mut total = 0.0;
        let mut max = 0.0;
        for (id, width) in ids.iter().zip(&widths) {
            let cell = match row.exercises.iter().find(|r| &r.exercise.id == id) {
                Some(report) => {
                    total += report.score();
                    max += report.max_score();
                    let mark = if report.missing() {
                        MISSING_MARK
                    } else if report.not_built.is_some() {
                        "!"
                    } else {
                        ""
                    };
                    format!(
                        "{mark}{}/{}",
                        score(report.score()),
                        score(report.max_score())
                    )
                }
                None => "-".to_string(),
            };
            line.push_str(&format!("  {cell:>width$}"));
        }
        line.push_str(&format!(
            "  {:>9}",
            format!("{}/{}", score(total), score(max))
        ));
        println!("{line}");
    }
    let any = |is: fn(&ExerciseReport) -> bool| rows.iter().any(|r| r.exercises.iter().any(is));
    let mut legend = Vec::new();
    if any(ExerciseReport::did_not_compile) {
        legend.push("! did not compile");
    }
    if any(ExerciseReport::missing) {
        legend.push("∅ missing from the submission");
    }
    if !legend.is_empty() {
        println!("{}", paint.dim(&format!("({})", legend.join(", "))));
    }
    println!();
}

/// Marks a score whose exercise the submission does not have.
const MISSING_MARK: &str = "∅";

/// A score as every report writes it (`2.5`, `3`).
pub(crate) fn score(value: f64) -> String {
    grader::report::score_text(value)
}

pub(crate) use grader::lang::count;

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

/// `text` padded with spaces to `width` terminal columns (CJK characters take two).
pub(crate) fn pad(text: &str, width: usize) -> String {
    let used = display_width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

/// The columns `text` takes in a terminal: two for wide (CJK, full-width) characters.
pub(crate) fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// Says once why packets were not captured, when they were asked for.
pub(crate) fn say_capture_unavailable(asked: bool, lang: Lang) {
    if let (true, Some(why)) = (asked, grader::runner::packets::unavailable()) {
        println!("{}", text::no_capture(lang, why));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_counts_wide_characters_twice() {
        assert_eq!(pad("done", 6), "done  ");
        assert_eq!(pad("未开始", 8), "未开始  ");
        assert_eq!(display_width("ＴＣＰ ok"), 9);
        assert_eq!(pad("too long", 3), "too long");
    }
}
