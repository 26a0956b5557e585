//! A [`RegradeDiff`] for people: the terminal's lines, the `summary.md`
//! section and the `report.html` section, in English or Simplified Chinese.
//! Student names and test names are escaped for Markdown and HTML.

use std::fmt::Write as _;

use maud::html;

use super::diff::{ExerciseChange, RegradeDiff};
use crate::lang::Lang;
use crate::report::number;
use crate::text::gradebook as say;

/// The words of the comparison, in one language.
struct Words {
    title: &'static str,
    changed: &'static str,
    submission: &'static str,
    before: &'static str,
    now: &'static str,
    what: &'static str,
    raw: &'static str,
    penalty: &'static str,
    overridden: &'static str,
    points: &'static str,
    passed: &'static str,
    failed: &'static str,
    not_run: &'static str,
    not_graded: &'static str,
    added: &'static str,
    removed: &'static str,
    tests_changed: &'static str,
}

fn words(lang: Lang) -> Words {
    Words {
        title: say::diff_title(lang),
        changed: say::diff_changed(lang),
        submission: say::diff_submission(lang),
        before: say::diff_before(lang),
        now: say::diff_now(lang),
        what: say::diff_what(lang),
        raw: say::diff_raw(lang),
        penalty: say::diff_penalty(lang),
        overridden: say::diff_overridden(lang),
        points: say::diff_points(lang),
        passed: say::diff_passed(lang),
        failed: say::diff_failed(lang),
        not_run: say::diff_not_run(lang),
        not_graded: say::diff_not_graded(lang),
        added: say::diff_added(lang),
        removed: say::diff_removed(lang),
        tests_changed: say::diff_tests_changed(lang),
    }
}

fn verdict(passed: Option<bool>, w: &Words) -> &'static str {
    match passed {
        Some(true) => w.passed,
        Some(false) => w.failed,
        None => w.not_run,
    }
}

fn total(value: Option<f64>, w: &Words) -> String {
    value.map_or_else(|| w.not_graded.to_string(), number)
}

/// The lines describing one exercise's change, without indentation.
fn exercise_lines(exercise: &ExerciseChange, lang: Lang) -> Vec<String> {
    let w = &words(lang);
    let n = |pair: (f64, f64)| format!("{} → {}", number(pair.0), number(pair.1));
    let overridden = match exercise.override_points {
        (a, b) if a == b => String::new(),
        (a, b) => format!(", {} {} → {}", w.overridden, total(a, w), total(b, w)),
    };
    let mut lines = vec![format!(
        "{}: {} ({} {}, {} {}{overridden})",
        exercise.id,
        n(exercise.final_score),
        w.raw,
        n(exercise.raw),
        w.penalty,
        n(exercise.penalty),
    )];
    for t in &exercise.tests {
        lines.push(format!(
            "{}: {} → {}, {} {} ({})",
            t.name,
            verdict(t.was, w),
            verdict(t.now, w),
            n(t.points),
            w.points,
            t.reason.label(lang)
        ));
    }
    lines
}

/// The class-level lines: tests added, removed, changed.
fn test_lines(diff: &RegradeDiff, lang: Lang) -> Vec<String> {
    let w = &words(lang);
    [
        (w.added, &diff.tests_added),
        (w.removed, &diff.tests_removed),
        (w.tests_changed, &diff.tests_changed),
    ]
    .into_iter()
    .filter(|(_, list)| !list.is_empty())
    .map(|(label, list)| format!("{label}: {}", list.join(", ")))
    .collect()
}

impl RegradeDiff {
    /// The plain-text report for the terminal.
    pub fn render_text(&self, lang: Lang) -> String {
        let w = &words(lang);
        let mut out = format!("{}: {} {}\n", w.title, self.students.len(), w.changed);
        for line in test_lines(self, lang) {
            let _ = writeln!(out, "  {line}");
        }
        for s in &self.students {
            let _ = writeln!(
                out,
                "  {}: {} → {}",
                s.name,
                total(s.total.0, w),
                total(s.total.1, w)
            );
            for e in &s.exercises {
                let lines = exercise_lines(e, lang);
                let _ = writeln!(out, "    {}", lines[0]);
                for line in &lines[1..] {
                    let _ = writeln!(out, "      {line}");
                }
            }
        }
        out
    }

    /// The Markdown section for `summary.md`.
    pub fn render_markdown(&self, lang: Lang) -> String {
        let w = &words(lang);
        let mut out = format!(
            "\n## {}\n\n{} {}.\n\n",
            w.title,
            self.students.len(),
            w.changed
        );
        for line in test_lines(self, lang) {
            let _ = writeln!(out, "- {}", md(&line));
        }
        if self.students.is_empty() {
            return out;
        }
        let _ = writeln!(
            out,
            "\n| {} | {} | {} | {} |\n|---|---:|---:|---|",
            w.submission, w.before, w.now, w.what
        );
        for s in &self.students {
            let what: Vec<String> = s
                .exercises
                .iter()
                .flat_map(|e| exercise_lines(e, lang))
                .map(|l| md(&l))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(&s.name),
                total(s.total.0, w),
                total(s.total.1, w),
                what.join("<br>")
            );
        }
        out
    }

    /// The HTML section for `report.html` (everything escaped by `maud`).
    pub fn render_html(&self, lang: Lang) -> String {
        let w = &words(lang);
        let tests = test_lines(self, lang);
        let section = html! {
            section id="regrade" {
                h2 { (w.title) }
                p { (self.students.len()) " " (w.changed) "." }
                @if !tests.is_empty() {
                    ul { @for line in &tests { li { (line) } } }
                }
                @if !self.students.is_empty() {
                    table {
                        thead {
                            tr { th { (w.submission) } th class="num" { (w.before) } th class="num" { (w.now) } th { (w.what) } }
                        }
                        tbody {
                            @for s in &self.students {
                                tr data-student=(s.name) {
                                    td { (s.name) }
                                    td class="num" { (total(s.total.0, w)) }
                                    td class="num" { (total(s.total.1, w)) }
                                    td {
                                        @for (i, line) in s.exercises.iter().flat_map(|e| exercise_lines(e, lang)).enumerate() {
                                            @if i > 0 { br; }
                                            (line)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            "\n"
        };
        section.into_string()
    }
}

/// Keeps text from breaking a Markdown table or starting markup.
fn md(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('<', "&lt;")
        .replace(['\n', '\r'], " ")
}
