//! What a student reads when a test fails: the step, expected against actual
//! with a diff, a numbered transcript, the end of stderr, the hint and the seed.

use std::fmt::Write as _;

use similar::{ChangeTag, TextDiff};

use super::Paint;
use crate::outcome::{Direction, TestOutcome, TestResult};
use crate::scenario::escape_bytes;

/// Renders the explanation of a failed test (empty for a pass), indented by two spaces.
pub fn render_failure(result: &TestResult, paint: Paint) -> String {
    let mut out = String::new();
    let failure = match &result.outcome {
        TestOutcome::Passed => return out,
        TestOutcome::Error(message) => {
            let _ = writeln!(
                out,
                "  {} {message}",
                paint.red("grader error (not your fault):")
            );
            return out;
        }
        TestOutcome::Failed(failure) => failure,
    };
    if let Some(about) = &result.about {
        let _ = writeln!(out, "  {} {about}", paint.dim("checks:"));
    }
    let at = failure
        .step
        .map(|s| format!("step {s}: "))
        .unwrap_or_default();
    // Later lines of a long message (a quiz's per-item verdicts) stay indented.
    let message = failure.message.replace('\n', "\n    ");
    let _ = writeln!(out, "  {} {at}{message}", paint.red("✗"));
    if let (Some(expected), Some(actual)) = (&failure.expected, &failure.actual) {
        let expected = escape_bytes(expected);
        let actual = escape_bytes(actual);
        let _ = writeln!(out, "    expected: {expected}");
        let _ = writeln!(out, "    actual:   {actual}");
        let _ = writeln!(
            out,
            "    diff:     {}",
            inline_diff(&expected, &actual, paint)
        );
    }
    if !result.transcript.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            paint.dim("transcript (→ sent by the test, ← sent by your program):")
        );
        for entry in &result.transcript {
            let number = if entry.step == 0 {
                "   ".to_string()
            } else {
                format!("{:>2}.", entry.step)
            };
            let arrow = match entry.direction {
                Direction::Sent => "→",
                Direction::Received => "←",
                Direction::Event => "·",
            };
            let conn = entry
                .conn
                .as_deref()
                .map(|c| format!("[{c}] "))
                .unwrap_or_default();
            let marker = if failure.step == Some(entry.step) && entry.step != 0 {
                paint.red(" ◀")
            } else {
                String::new()
            };
            let _ = writeln!(out, "    {number} {arrow} {conn}{}{marker}", entry.text);
        }
    }
    if !result.stderr_tail.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            paint.dim("your program's stderr (last lines):")
        );
        for line in &result.stderr_tail {
            let _ = writeln!(out, "    | {line}");
        }
    }
    for note in &result.notes {
        let _ = writeln!(out, "  {} {note}", paint.yellow("note:"));
    }
    if let Some(hint) = &result.hint {
        let _ = writeln!(out, "  {} {}", paint.yellow("hint:"), hint.trim());
    }
    if let Some(command) = &result.command {
        // Network programs are talked to; file programs run where their files are.
        let how = if command.contains("127.0.0.1:") {
            "and talk to it with `nc`"
        } else {
            "from a scratch folder inside your repository that holds the files the transcript shows"
        };
        let _ = writeln!(
            out,
            "  {} run `cargo run -q -p {} {command}` {how}",
            paint.dim("try it:"),
            result.exercise
        );
    }
    // Without a transcript or a command no random data was drawn (a quiz, a build failure).
    if !result.transcript.is_empty() || result.command.is_some() {
        let _ = writeln!(
            out,
            "  {} {} (rerun with `--seed {}`)",
            paint.dim("seed:"),
            result.seed,
            result.seed
        );
    }
    out
}

/// Renders the explanation of a failed hidden test: what the student's own
/// program did (the step, the transcript, its stderr), but nothing more of
/// the hidden test file, such as the expected bytes, the description or the hint.
pub fn render_hidden_failure(result: &TestResult, paint: Paint) -> String {
    let mut redacted = result.clone();
    redacted.about = None;
    redacted.hint = None;
    if let TestOutcome::Failed(failure) = &mut redacted.outcome {
        failure.expected = None;
        failure.actual = None;
    }
    render_failure(&redacted, paint)
}

/// Renders a compiler log for a student, indented.
pub fn render_build_log(exercise: &str, log: &str, paint: Paint) -> String {
    if log.starts_with(crate::build::MISSING_PREFIX) {
        return format!("  {} {log}\n", paint.red("✗"));
    }
    let mut out = format!("  {} `{exercise}` does not compile:\n", paint.red("✗"));
    for line in log.lines() {
        let _ = writeln!(out, "    {line}");
    }
    out
}

/// Marks removed text `[-…-]` and added text `{+…+}`, coloured when painting.
fn inline_diff(expected: &str, actual: &str, paint: Paint) -> String {
    let diff = TextDiff::from_chars(expected, actual);
    let mut out = String::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match change.tag() {
            ChangeTag::Equal => out.push_str(text),
            ChangeTag::Delete => out.push_str(&paint.red(&format!("[-{text}-]"))),
            ChangeTag::Insert => out.push_str(&paint.green(&format!("{{+{text}+}}"))),
        }
    }
    // Merge neighbouring markers so a changed word reads as one edit.
    out.replace("-][-", "").replace("+}{+", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inline_diff_marks_what_is_missing_and_extra() {
        assert_eq!(
            inline_diff("\"ab: c\"", "\"ab c\"", Paint::PLAIN),
            "\"ab[-:-] c\""
        );
        assert_eq!(inline_diff("\"x\"", "\"xyz\"", Paint::PLAIN), "\"x{+yz+}\"");
    }
}
