//! The Markdown summary of a class run, for people and for CI pages (GitHub
//! shows it when written to `$GITHUB_STEP_SUMMARY`), from the
//! [`ClassModel`] every class view shares.

use std::fmt::Write as _;

use super::gradebook::number;
use super::safe::escape_controls;
use super::{ClassModel, GradebookRow, WEAKEST_SHOWN};

/// Renders the summary: the class's figures, one row per submission, and
/// the weakest tests.
pub fn render_markdown(
    model: &ClassModel,
    seed: u64,
    ids: &[String],
    rows: &[GradebookRow],
) -> String {
    let mut out = String::new();
    let total = &model.total;
    let _ = writeln!(out, "# netlab grades\n");
    let _ = writeln!(
        out,
        "{} submission(s), seed `{seed}`: mean **{}** / {}, median {}, standard deviation {}, lowest {}, highest {}.\n",
        model.submissions.len(),
        number(total.stats.mean),
        number(total.max_score),
        number(total.stats.median),
        number(total.stats.std_dev),
        number(total.stats.min),
        number(total.stats.max),
    );
    let _ = writeln!(
        out,
        "| exercise | mean | max | full marks | did not compile | missing |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|");
    for exercise in &model.exercises {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} |",
            exercise.id,
            number(exercise.stats.mean),
            number(exercise.max_score),
            exercise.full_marks,
            exercise.not_built,
            exercise.missing
        );
    }
    let _ = writeln!(out, "\n## Submissions\n");
    let header: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
    let _ = writeln!(out, "| submission | {} | total |", header.join(" | "));
    let _ = writeln!(out, "|---|{}---:|", "---:|".repeat(ids.len()));
    for (row, scores) in rows.iter().zip(&model.submissions) {
        let cells: Vec<String> = ids
            .iter()
            .zip(&scores.scores)
            .map(|(id, score)| {
                let report = row.exercises.iter().find(|r| &r.exercise.id == id);
                match report {
                    Some(r) if r.did_not_compile() => format!("{} ⚠", number(*score)),
                    Some(r) if !r.missing() => number(*score),
                    _ => format!("{} ∅", number(*score)),
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            markdown_text(&row.submission),
            cells.join(" | "),
            number(scores.total)
        );
    }
    let weakest: Vec<_> = model.weakest(WEAKEST_SHOWN).collect();
    if !weakest.is_empty() {
        let _ = writeln!(out, "\n## Weakest tests\n");
        let _ = writeln!(out, "| test | passed by |");
        let _ = writeln!(out, "|---|---:|");
        for test in weakest {
            let _ = writeln!(
                out,
                "| `{}` › `{}` | {} of {} |",
                test.exercise, test.name, test.passed, test.of
            );
        }
    }
    let _ = writeln!(out, "\n⚠: did not compile, or missing from the submission.");
    out
}

/// Characters that start Markdown or HTML markup inside a table cell.
const MARKUP: [char; 14] = [
    '\\', '`', '*', '_', '[', ']', '(', ')', '<', '>', '|', '~', '&', '!',
];

/// A submission's name as plain Markdown text: every character that could
/// start markup backslash-escaped (so no link, image, HTML tag, emphasis or
/// table cell can come from a folder name), control characters shown
/// escaped, line breaks as spaces.
pub fn markdown_text(text: &str) -> String {
    let mut out = String::new();
    for c in escape_controls(text).chars() {
        match c {
            '\n' => out.push(' '),
            c if MARKUP.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_name_stays_text() {
        assert_eq!(markdown_text("a|b\nc"), "a\\|b c");
        assert_eq!(
            markdown_text("[x](javascript:alert(1))<img src=x>"),
            "\\[x\\]\\(javascript:alert\\(1\\)\\)\\<img src=x\\>"
        );
        assert_eq!(markdown_text("\u{1b}[31m"), "\\\\u{1b}\\[31m");
        assert_eq!(markdown_text("alice-smith_2"), "alice-smith\\_2");
    }
}
