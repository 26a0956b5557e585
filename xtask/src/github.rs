//! GitHub Actions output for `check`: an annotation per failing test, on the
//! line of the test file that defines it, and a table in the job summary.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;
use grader::course::Course;
use grader::grading::{ExerciseReport, Suite, load_tests};
use grader::outcome::TestOutcome;

use crate::output::score;

/// Whether we run inside GitHub Actions.
pub(crate) fn in_actions() -> bool {
    std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true")
}

/// Prints `::error` workflow commands for the failing tests of `reports`.
pub(crate) fn annotate(course: &Course, reports: &[ExerciseReport]) {
    for report in reports {
        // A quiz has no test file of this format: its annotations carry no line.
        let tests = load_tests(course, &report.exercise, Suite::Public).unwrap_or_default();
        for result in &report.results {
            let message = match &result.outcome {
                TestOutcome::Passed => continue,
                TestOutcome::Failed(failure) => failure.message.clone(),
                TestOutcome::Error(message) => format!("grader error: {message}"),
            };
            let location = tests.iter().find(|t| t.name == result.name).map(|test| {
                let file = test.file.strip_prefix(&course.root).unwrap_or(&test.file);
                format!(
                    "file={},line={},",
                    property(&file.display().to_string()),
                    test.line
                )
            });
            let title = property(&format!("{} › {}", result.exercise, result.name));
            let hint = result
                .hint
                .as_deref()
                .map(|h| format!("\nhint: {h}"))
                .unwrap_or_default();
            println!(
                "::error {}title={title}::{}",
                location.unwrap_or_default(),
                data(&format!("{message}{hint}"))
            );
        }
    }
}

/// Where GitHub Actions reads a job's summary from.
pub(crate) const STEP_SUMMARY: &str = "GITHUB_STEP_SUMMARY";

/// Appends `markdown` to the job summary when running under GitHub Actions.
pub(crate) fn append_step_summary(markdown: &str) -> anyhow::Result<()> {
    let Some(path) = std::env::var_os(STEP_SUMMARY).filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .with_context(|| format!("cannot open `{}`", Path::new(&path).display()))?;
    file.write_all(markdown.as_bytes())
        .context("cannot write the step summary")
}

/// Appends a results table to the file named by `GITHUB_STEP_SUMMARY`, if set.
pub(crate) fn write_summary(reports: &[ExerciseReport], seed: u64) -> std::io::Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") else {
        return Ok(());
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(Path::new(&path))?;
    writeln!(file, "## netlab check\n")?;
    writeln!(file, "| exercise | tests passed | points |\n|---|---|---|")?;
    for report in reports {
        let passed = report.results.iter().filter(|r| r.outcome.passed()).count();
        let mark = if report.passed() { "✅" } else { "❌" };
        writeln!(
            file,
            "| {mark} `{}` | {passed}/{} | {}/{} |",
            report.exercise.id,
            report.results.len(),
            score(report.score()),
            score(report.max_score())
        )?;
    }
    let failing: Vec<String> = reports
        .iter()
        .flat_map(|r| {
            r.results
                .iter()
                .filter(|t| !t.outcome.passed())
                .map(|t| format!("- `{}` › `{}`", t.exercise, t.name))
        })
        .collect();
    if !failing.is_empty() {
        writeln!(
            file,
            "\n**Failing tests** (run `cargo xtask check --seed {seed}` locally for the transcripts):\n"
        )?;
        writeln!(file, "{}", failing.join("\n"))?;
    }
    Ok(())
}

/// Escapes a workflow command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_are_escaped() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a: b, c"), "a%3A b%2C c");
    }
}
