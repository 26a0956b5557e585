//! What a student reads when a test fails: the step, expected against actual
//! with a diff, a numbered transcript, the end of stderr, the hint and the seed.

use std::fmt::Write as _;

use super::Paint;
use super::invisible::{diff, explain, show};
use super::safe::escape_controls;
use crate::build::NotBuilt;
use crate::lang::Lang;
use crate::outcome::{Direction, Failure, TestOutcome, TestResult};
use crate::runner::{TRY_ADDR, TRY_SERVER};
use crate::text::report as say;

/// Renders the explanation of a failed test (empty for a pass), indented by two spaces.
pub fn render_failure(result: &TestResult, paint: Paint) -> String {
    render_failure_in(result, paint, Lang::En)
}

/// [`render_failure`] with its labels in `lang` (the test's own texts are
/// already in the language it was loaded in).
pub fn render_failure_in(result: &TestResult, paint: Paint, lang: Lang) -> String {
    render(result, paint, lang, None)
}

/// The failure's text; `hidden_bytes` are a hidden test's expected and
/// actual bytes, kept out of the text but used to explain a missing line end.
fn render(
    result: &TestResult,
    paint: Paint,
    lang: Lang,
    hidden_bytes: Option<(Vec<u8>, Vec<u8>)>,
) -> String {
    let mut out = String::new();
    let failure = match &result.outcome {
        TestOutcome::Passed => return out,
        TestOutcome::Error(message) => {
            let message = escape_controls(message);
            let _ = writeln!(
                out,
                "  {} {message}",
                paint.red(say::grader_error_label(lang))
            );
            return out;
        }
        TestOutcome::Failed(failure) => failure,
    };
    write_failure(&mut out, result, failure, paint, lang, hidden_bytes);
    write_transcript(&mut out, result, failure, paint, lang);
    out.push_str(&super::render_packets(result, paint, lang));
    write_stderr_and_notes(&mut out, result, paint, lang);
    write_try_it(&mut out, result, paint, lang);
    out
}

/// What the test checks, the failure's message, and expected against actual
/// with a diff and the invisible differences in words.
fn write_failure(
    out: &mut String,
    result: &TestResult,
    failure: &Failure,
    paint: Paint,
    lang: Lang,
    hidden_bytes: Option<(Vec<u8>, Vec<u8>)>,
) {
    // A Chinese label ends in a full-width colon, which needs no space after it.
    let sep = say::label_gap(lang);
    if let Some(about) = &result.about {
        let _ = writeln!(out, "  {}{sep}{about}", paint.dim(say::checks_label(lang)));
    }
    let at = failure
        .step
        .map(|s| say::at_step(lang, s))
        .unwrap_or_default();
    // Later lines of a long message (a quiz's per-item verdicts) stay indented.
    let message = escape_controls(&failure.message).replace('\n', "\n    ");
    let _ = writeln!(out, "  {} {at}{message}", paint.red("✗"));
    if let (Some(expected), Some(actual)) = (&failure.expected, &failure.actual) {
        let _ = writeln!(
            out,
            "    {} {}",
            say::expected_label(lang),
            show(expected, lang)
        );
        let _ = writeln!(
            out,
            "    {} {}",
            say::actual_label(lang),
            show(actual, lang)
        );
        let _ = writeln!(
            out,
            "    {} {}",
            say::diff_label(lang),
            diff(expected, actual, paint)
        );
    }
    // What differs invisibly, in words; a hidden test's expected bytes are
    // gone by now, so only what concerns the program's own bytes is said.
    if let (Some(expected), Some(actual)) = (&failure.expected, &failure.actual) {
        for words in explain(expected, actual, lang, false) {
            let _ = writeln!(out, "    {} {words}", paint.yellow("→"));
        }
    } else if let Some((expected, actual)) = &hidden_bytes {
        for words in explain(expected, actual, lang, true) {
            let _ = writeln!(out, "    {} {words}", paint.yellow("→"));
        }
    }
}

/// The numbered transcript, the failing step marked.
fn write_transcript(
    out: &mut String,
    result: &TestResult,
    failure: &Failure,
    paint: Paint,
    lang: Lang,
) {
    if result.transcript.is_empty() {
        return;
    }
    let _ = writeln!(out, "  {}", paint.dim(say::transcript_heading(lang)));
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
        let _ = writeln!(
            out,
            "    {number} {arrow} {}{}{marker}",
            escape_controls(&conn),
            escape_controls(&entry.text)
        );
    }
}

/// The end of stderr, the runner's notes and the test's hint.
fn write_stderr_and_notes(out: &mut String, result: &TestResult, paint: Paint, lang: Lang) {
    let sep = say::label_gap(lang);
    if !result.stderr_tail.is_empty() {
        let _ = writeln!(out, "  {}", paint.dim(say::stderr_heading(lang)));
        for line in &result.stderr_tail {
            let _ = writeln!(out, "    | {}", escape_controls(line));
        }
    }
    for note in &result.notes {
        let _ = writeln!(
            out,
            "  {}{sep}{}",
            paint.yellow(say::note_label(lang)),
            escape_controls(note)
        );
    }
    if let Some(hint) = &result.hint {
        let _ = writeln!(
            out,
            "  {}{sep}{}",
            paint.yellow(say::hint_label(lang)),
            hint.trim()
        );
    }
}

/// How to try the test by hand, and the seed that replays it.
fn write_try_it(out: &mut String, result: &TestResult, paint: Paint, lang: Lang) {
    if let Some(command) = &result.command {
        // Servers are talked to, clients need a server first, file programs
        // run where their files are.
        let (port, server) = (port_of(TRY_SERVER), port_of(TRY_ADDR));
        let how = if command.contains(TRY_SERVER) {
            say::try_after_server(lang, port)
        } else if command.contains(TRY_ADDR) {
            say::try_talk_to_it(lang, server)
        } else {
            say::try_in_scratch_folder(lang).to_string()
        };
        let _ = writeln!(
            out,
            "  {}{}",
            paint.dim(say::try_label(lang)),
            say::try_it(lang, &result.exercise, command, &how)
        );
    }
    // Without a transcript or a command no random data was drawn (a quiz, a build failure).
    if !result.transcript.is_empty() || result.command.is_some() {
        let _ = writeln!(
            out,
            "  {}{}",
            paint.dim(say::seed_label(lang)),
            say::rerun_with_seed(lang, result.seed)
        );
    }
}

/// Renders the explanation of a failed hidden test: what the student's own
/// program did (the step, the transcript, its stderr), but nothing more of
/// the hidden test file, such as the expected bytes, the description or the hint.
pub fn render_hidden_failure(result: &TestResult, paint: Paint) -> String {
    render_hidden_failure_in(result, paint, Lang::En)
}

/// [`render_hidden_failure`] in `lang`.
pub fn render_hidden_failure_in(result: &TestResult, paint: Paint, lang: Lang) -> String {
    let mut redacted = result.clone();
    redacted.about = None;
    redacted.hint = None;
    let mut hidden_bytes = None;
    if let TestOutcome::Failed(failure) = &mut redacted.outcome {
        hidden_bytes = failure.expected.take().zip(failure.actual.take());
    }
    render(&redacted, paint, lang, hidden_bytes)
}

/// Renders why `exercise` has no programs for a student: the compiler's
/// errors, indented, or one line (missing, refused, a grader error).
pub fn render_build_log(exercise: &str, problem: &NotBuilt, paint: Paint) -> String {
    render_build_log_in(exercise, problem, paint, Lang::En)
}

/// [`render_build_log`] in `lang`.
pub fn render_build_log_in(exercise: &str, problem: &NotBuilt, paint: Paint, lang: Lang) -> String {
    let NotBuilt::Compile { log } = problem else {
        let summary = problem.summary(exercise, lang);
        return format!("  {} {}\n", paint.red("✗"), escape_controls(&summary));
    };
    let log = escape_controls(log);
    let mut out = format!(
        "  {} {}\n",
        paint.red("✗"),
        say::does_not_compile(lang, exercise)
    );
    for line in log.lines() {
        let _ = writeln!(out, "    {line}");
    }
    out
}

/// The port of an `IP:PORT` address.
fn port_of(addr: &str) -> &str {
    addr.rsplit(':').next().unwrap_or(addr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Failure;

    #[test]
    fn the_diff_marks_what_is_missing_and_extra() {
        assert_eq!(diff(b"ab: c", b"ab c", Paint::PLAIN), "\"ab[-:-] c\"");
        assert_eq!(diff(b"x", b"xyz", Paint::PLAIN), "\"x{+yz+}\"");
    }

    /// `text` without the painter's own colour codes (`ESC [ digits m`).
    fn without_colours(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find("\u{1b}[") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 2..];
            let digits = after
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after.len());
            if after[digits..].starts_with('m') {
                rest = &after[digits + 1..];
            } else {
                out.push('\u{1b}');
                rest = &rest[at + 1..];
            }
        }
        out + rest
    }

    #[test]
    fn a_student_cannot_write_escape_sequences_to_the_readers_terminal() {
        let failure = Failure::new(Some(1), "no `listening on` line: got \u{1b}[32mok");
        let mut result = crate::report::sample::result("echo", 2.0, TestOutcome::Failed(failure));
        result.stderr_tail = vec!["\u{1b}[2K\r✓ all tests passed\u{1b}[8m".to_string()];
        result.notes = vec!["\u{1b}]0;owned\u{7}".to_string()];
        for paint in [Paint::PLAIN, Paint { color: true }] {
            let text = render_failure(&result, paint);
            let shown = without_colours(&text);
            assert!(!shown.contains(['\u{1b}', '\r', '\u{7}']), "{text:?}");
            assert!(
                shown.contains("| \\u{1b}[2K\\r✓ all tests passed\\u{1b}[8m"),
                "{shown}"
            );
            assert!(shown.contains("got \\u{1b}[32mok"), "{shown}");
            assert!(shown.contains("\\u{1b}]0;owned\\u{7}"), "{shown}");
        }
        let log = render_build_log(
            "tcp-server",
            &NotBuilt::Compile {
                log: "error: \u{1b}[2Jfake".into(),
            },
            Paint::PLAIN,
        );
        assert_eq!(
            log,
            "  ✗ `tcp-server` does not compile:\n    error: \\u{1b}[2Jfake\n"
        );
    }

    /// A failed test whose "try it" command is `command`.
    fn failed_with_command(command: &str) -> TestResult {
        let failure = Failure::new(None, "wrong");
        let mut result = crate::report::sample::result("t", 1.0, TestOutcome::Failed(failure));
        result.command = Some(command.into());
        result
    }

    #[test]
    fn try_it_suggests_an_nc_that_sends_fin_at_the_end_of_input() {
        // Debian's and Ubuntu's netcat-openbsd closes its side on Ctrl-D only with `-N`.
        let server = failed_with_command(&format!("--bin tcp-server -- {TRY_ADDR}"));
        let client = failed_with_command(&format!("--bin tcp-client -- {TRY_SERVER}"));
        for lang in [Lang::En, Lang::Zh] {
            let text = render_failure_in(&server, Paint::PLAIN, lang);
            assert!(text.contains("`nc -N 127.0.0.1 8888`"), "{text}");
            let text = render_failure_in(&client, Paint::PLAIN, lang);
            assert!(text.contains("`nc -N -l 127.0.0.1 9999`"), "{text}");
        }
    }
}
