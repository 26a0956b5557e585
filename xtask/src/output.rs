//! Terminal output shared by the commands: colours, seeds, result lines.

use std::io::IsTerminal;

use grader::grading::ExerciseReport;
use grader::lang::Lang;
use grader::outcome::TestOutcome;
use grader::report::{GradebookRow, Paint, escape_controls, render_build_log, render_failure_in};

/// Colours when stdout is a terminal and `NO_COLOR` is unset or empty.
pub(crate) fn paint() -> Paint {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    Paint {
        color: !no_color && std::io::stdout().is_terminal(),
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
    match lang {
        Lang::En => format!(
            "{}  {passed}/{total} tests passed, {got}/{max} points",
            report.exercise.id
        ),
        Lang::Zh => format!(
            "{}  通过 {passed}/{total} 项测试，得分 {got}/{max}",
            report.exercise.id
        ),
    }
}

/// Prints one exercise: a heading with its score, a line per test, and the
/// explanation of each failure when `details` is set, in `lang`.
pub(crate) fn print_exercise_in(report: &ExerciseReport, paint: Paint, details: bool, lang: Lang) {
    println!("{}", paint.bold(&heading(report, lang)));
    if let Some(log) = &report.build_log {
        print!("{}", render_build_log(&report.exercise.id, log, paint));
    }
    for result in &report.results {
        let mark = match result.outcome {
            TestOutcome::Passed => paint.green("✓"),
            TestOutcome::Failed(_) => paint.red("✗"),
            TestOutcome::Error(_) => paint.yellow("!"),
        };
        let time = paint.dim(&format!("{:.0?}", result.elapsed));
        println!("  {mark} {} {time}", result.name);
        if details && report.build_log.is_none() {
            print!("{}", indent(&render_failure_in(result, paint, lang)));
        }
    }
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
                    let mark = if report.build_log.is_some() { "!" } else { "" };
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
    if rows
        .iter()
        .any(|r| r.exercises.iter().any(|e| e.build_log.is_some()))
    {
        println!(
            "{}",
            paint.dim("(! did not compile, or missing from the submission)")
        );
    }
    println!();
}

/// A score without a needless `.0`.
pub(crate) fn score(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

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
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
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
