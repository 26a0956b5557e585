//! What of the compiler's output a student reads: errors only, capped.

/// At most this many lines of compiler errors reach a student.
const MAX_LOG_LINES: usize = 60;

/// At most this many errors are shown; the rest are counted.
const MAX_ERRORS: usize = 5;

/// Whether a line of cargo's stderr only reports progress (`Compiling …`).
fn is_progress(line: &str) -> bool {
    const PROGRESS: [&str; 6] = [
        "Compiling ",
        "Blocking ",
        "Locking ",
        "Adding ",
        "Updating ",
        "Finished ",
    ];
    let line = line.trim_start();
    PROGRESS.iter().any(|word| line.starts_with(word))
}

/// The compiler's errors as a student needs them: errors only (no warnings),
/// at most [`MAX_ERRORS`] of them and [`MAX_LOG_LINES`] lines.
pub(super) fn trim_errors(errors: &[String]) -> String {
    let shown: Vec<&str> = errors
        .iter()
        .filter(|e| !e.starts_with("error: aborting due to"))
        .map(|e| e.trim_end())
        .collect();
    let mut text = shown
        .iter()
        .take(MAX_ERRORS)
        .copied()
        .collect::<Vec<_>>()
        .join("\n\n");
    if shown.len() > MAX_ERRORS {
        text.push_str(&format!(
            "\n\n… and {} more error(s)",
            shown.len() - MAX_ERRORS
        ));
    }
    cap_lines(&text)
}

/// Cargo's own complaint, without progress lines.
pub(super) fn cargo_failure(stderr: &str) -> String {
    let kept: Vec<&str> = stderr.lines().filter(|l| !is_progress(l)).collect();
    cap_lines(&kept.join("\n"))
}

fn cap_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() > MAX_LOG_LINES {
        let mut kept = lines[..MAX_LOG_LINES].join("\n");
        kept.push_str(&format!("\n… ({} more lines)", lines.len() - MAX_LOG_LINES));
        kept
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_capped_and_counted() {
        let errors: Vec<String> = (0..7).map(|i| format!("error: number {i}")).collect();
        let text = trim_errors(&errors);
        assert!(text.contains("error: number 4"));
        assert!(!text.contains("error: number 5"));
        assert!(text.ends_with("… and 2 more error(s)"));
    }

    #[test]
    fn progress_lines_are_dropped_from_cargo_failures() {
        let text = cargo_failure("   Compiling x v0.1.0\nerror: failed to parse manifest\n");
        assert_eq!(text, "error: failed to parse manifest");
    }
}
