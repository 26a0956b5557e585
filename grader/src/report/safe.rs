//! What makes a report safe to open: student text shown with its control
//! characters escaped (no terminal escape sequences, carriage returns or
//! bidirectional overrides reach a screen), spreadsheet cells that cannot run
//! as formulas, and per-submission folders that never take a report's name.

use std::borrow::Cow;

/// Text from a student's program or folder with every control character
/// other than a line break or a tab, and every bidirectional formatting
/// character, written as a Rust escape (`\u{1b}`, `\r`, `\u{202e}`): a
/// program cannot move the cursor, recolour or rewrite what the reader sees.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Characters a spreadsheet takes as the start of a formula (or, for a tab
/// and a carriage return, as a way to hide one after them).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell as a spreadsheet may open it: one that would start a formula
/// gets a leading `'` (and so does one that already starts with `'`, so
/// [`restore_cell`] gives back exactly the text).
pub fn neutralize_cell(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some(c) if FORMULA_STARTS.contains(&c) || c == '\'' => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// The text [`neutralize_cell`] was given.
pub fn restore_cell(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// The files `grade --out` and `merge --out` write next to the
/// per-submission folders; a submission folder may never take one of these
/// names (compared without case, as macOS and Windows do).
pub const REPORT_FILES: [&str; 7] = [
    "grades.csv",
    "gradebook.json",
    "status.csv",
    "report.html",
    "summary.md",
    "junit.xml",
    "checkout.csv",
];

/// The folder under `--out` that holds a submission's `results.json`: its
/// own name, except that a name clashing with a report file (possibly behind
/// leading `~`s) gets one more `~` in front. No two names share a folder and
/// no folder takes a report's name.
pub fn results_folder(submission: &str) -> Cow<'_, str> {
    let core = submission.trim_start_matches('~').to_lowercase();
    if REPORT_FILES.contains(&core.as_str()) {
        Cow::Owned(format!("~{submission}"))
    } else {
        Cow::Borrowed(submission)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_sequences_are_shown_not_obeyed() {
        assert_eq!(
            escape_controls("\u{1b}[2J\u{1b}[32mall tests passed\r\u{9b}1m"),
            "\\u{1b}[2J\\u{1b}[32mall tests passed\\r\\u{9b}1m"
        );
        assert_eq!(escape_controls("evil\u{202e}txt.rs"), "evil\\u{202e}txt.rs");
        assert_eq!(escape_controls("a\u{7f}\u{0}b"), "a\\u{7f}\\u{0}b");
        assert!(matches!(
            escape_controls("plain\tline\n你好"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn formula_cells_are_neutralized_and_restored() {
        for text in [
            "=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "'=1", "'",
        ] {
            let cell = neutralize_cell(text);
            assert!(cell.starts_with('\''), "{text:?} → {cell:?}");
            assert_eq!(restore_cell(&cell), text);
        }
        for text in ["alice", "", "a=b", "1"] {
            assert_eq!(neutralize_cell(text), text);
            assert_eq!(restore_cell(text), text);
        }
    }

    #[test]
    fn report_names_get_a_folder_of_their_own() {
        assert_eq!(results_folder("alice"), "alice");
        assert_eq!(results_folder("grades.csv"), "~grades.csv");
        assert_eq!(results_folder("Report.HTML"), "~Report.HTML");
        assert_eq!(results_folder("~summary.md"), "~~summary.md");
        assert_eq!(results_folder("~alice"), "~alice");
        let names = [
            "grades.csv",
            "~grades.csv",
            "~~grades.csv",
            "summary.md",
            "x",
        ];
        let folders: std::collections::BTreeSet<_> = names
            .iter()
            .map(|n| results_folder(n).into_owned())
            .collect();
        assert_eq!(folders.len(), names.len(), "{folders:?}");
        for folder in &folders {
            assert!(!REPORT_FILES.contains(&folder.to_lowercase().as_str()));
        }
    }
}
