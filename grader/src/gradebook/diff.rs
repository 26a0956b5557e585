//! Comparing two graded runs of a class: every student whose final score or
//! any verdict changed, per exercise and per test, with the reason (test
//! added, removed or changed, verdict moved, penalty or override changed).
//! Rendered for the terminal, `summary.md` and `report.html`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Serialize;

use super::record::{ExerciseRecord, Gradebook, StudentRecord, test_key};
use crate::report::{escape, number};

/// Why one test's result differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The test is new in this run.
    TestAdded,
    /// The test is gone from this run.
    TestRemoved,
    /// The test's definition changed.
    TestChanged,
    /// Same test, another verdict: the submission's code or the run's luck changed.
    VerdictMoved,
}

impl Reason {
    /// The reason in a few words.
    pub fn label(self) -> &'static str {
        match self {
            Reason::TestAdded => "test added",
            Reason::TestRemoved => "test removed",
            Reason::TestChanged => "test changed",
            Reason::VerdictMoved => "verdict moved",
        }
    }
}

/// One test whose result differs for one student.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TestChange {
    /// The test's name.
    pub name: String,
    /// Why.
    pub reason: Reason,
    /// Passed before (`None`: not run before).
    pub was: Option<bool>,
    /// Passes now (`None`: not run now).
    pub now: Option<bool>,
    /// Points before and now.
    pub points: (f64, f64),
}

/// One exercise whose result differs for one student.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExerciseChange {
    /// The exercise id.
    pub id: String,
    /// Final points before and now.
    pub final_score: (f64, f64),
    /// Raw points before and now.
    pub raw: (f64, f64),
    /// Penalty before and now.
    pub penalty: (f64, f64),
    /// Override points before and now.
    pub override_points: (Option<f64>, Option<f64>),
    /// The tests whose results differ.
    pub tests: Vec<TestChange>,
}

/// One student whose result differs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StudentChange {
    /// The submission's name.
    pub name: String,
    /// Final total before (`None`: not graded before) and now (`None`: not graded now).
    pub total: (Option<f64>, Option<f64>),
    /// The exercises whose results differ.
    pub exercises: Vec<ExerciseChange>,
}

/// The difference between two runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RegradeDiff {
    /// Tests new in this run.
    pub tests_added: Vec<String>,
    /// Tests gone from this run.
    pub tests_removed: Vec<String>,
    /// Tests whose definition changed.
    pub tests_changed: Vec<String>,
    /// Every student whose result differs, in this run's order then the old one's.
    pub students: Vec<StudentChange>,
}

/// Compares `old` with `new`.
pub fn compare(old: &Gradebook, new: &Gradebook) -> RegradeDiff {
    let keys = |book: &Gradebook| book.tests.keys().cloned().collect::<BTreeSet<_>>();
    let (before, after) = (keys(old), keys(new));
    let mut diff = RegradeDiff {
        tests_added: after.difference(&before).cloned().collect(),
        tests_removed: before.difference(&after).cloned().collect(),
        tests_changed: after
            .intersection(&before)
            .filter(|k| old.tests[*k] != new.tests[*k])
            .cloned()
            .collect(),
        students: Vec::new(),
    };
    for student in &new.submissions {
        let change = match old.student(&student.name) {
            Some(was) => student_change(old, new, was, student),
            None => Some(StudentChange {
                name: student.name.clone(),
                total: (None, Some(student.total())),
                exercises: Vec::new(),
            }),
        };
        diff.students.extend(change);
    }
    for was in old
        .submissions
        .iter()
        .filter(|s| new.student(&s.name).is_none())
    {
        diff.students.push(StudentChange {
            name: was.name.clone(),
            total: (Some(was.total()), None),
            exercises: Vec::new(),
        });
    }
    diff
}

fn student_change(
    old: &Gradebook,
    new: &Gradebook,
    was: &StudentRecord,
    now: &StudentRecord,
) -> Option<StudentChange> {
    let ids: Vec<&String> = new
        .ids
        .iter()
        .chain(old.ids.iter().filter(|id| !new.ids.contains(id)))
        .collect();
    let exercises: Vec<ExerciseChange> = ids
        .into_iter()
        .filter_map(|id| exercise_change(old, new, id, was.exercise(id), now.exercise(id)))
        .collect();
    let total = (was.total(), now.total());
    (!exercises.is_empty() || differs(total.0, total.1)).then(|| StudentChange {
        name: now.name.clone(),
        total: (Some(total.0), Some(total.1)),
        exercises,
    })
}

fn exercise_change(
    old: &Gradebook,
    new: &Gradebook,
    id: &str,
    was: Option<&ExerciseRecord>,
    now: Option<&ExerciseRecord>,
) -> Option<ExerciseChange> {
    let grade = |e: Option<&ExerciseRecord>| {
        e.map_or((0.0, 0.0, 0.0, None), |e| {
            (
                e.grade.final_score,
                e.grade.raw,
                e.grade.penalty,
                e.grade.override_.as_ref().map(|o| o.points),
            )
        })
    };
    let (before, after) = (grade(was), grade(now));
    let mut names: Vec<&str> = now.map_or_else(Vec::new, |e| {
        e.tests.iter().map(|t| t.name.as_str()).collect()
    });
    for t in was.map_or(&[][..], |e| &e.tests) {
        if !names.contains(&t.name.as_str()) {
            names.push(&t.name);
        }
    }
    let find = |e: Option<&ExerciseRecord>, name: &str| {
        e.and_then(|e| e.tests.iter().find(|t| t.name == name))
            .cloned()
    };
    let mut tests = Vec::new();
    for name in names {
        let key = test_key(id, name);
        let (a, b) = (find(was, name), find(now, name));
        let points = (
            a.as_ref().map_or(0.0, |t| t.score),
            b.as_ref().map_or(0.0, |t| t.score),
        );
        let (pa, pb) = (a.as_ref().map(|t| t.passed), b.as_ref().map(|t| t.passed));
        let reason = match (&a, &b) {
            (None, Some(_)) if !old.tests.contains_key(&key) => Reason::TestAdded,
            (Some(_), None) if !new.tests.contains_key(&key) => Reason::TestRemoved,
            _ if old.tests.get(&key) != new.tests.get(&key) => Reason::TestChanged,
            _ => Reason::VerdictMoved,
        };
        // A test that changed or came or went matters to a student only when
        // it moved their verdict or points.
        if pa != pb && (pa.is_some() && pb.is_some() || differs(points.0, points.1))
            || differs(points.0, points.1)
        {
            tests.push(TestChange {
                name: name.to_string(),
                reason,
                was: pa,
                now: pb,
                points,
            });
        }
    }
    let moved = differs(before.0, after.0) || differs(before.2, after.2) || before.3 != after.3;
    (moved || !tests.is_empty()).then(|| ExerciseChange {
        id: id.to_string(),
        final_score: (before.0, after.0),
        raw: (before.1, after.1),
        penalty: (before.2, after.2),
        override_points: (before.3, after.3),
        tests,
    })
}

/// Whether two scores differ once rounded as reports write them.
fn differs(a: f64, b: f64) -> bool {
    (a * 100.0).round() != (b * 100.0).round()
}

fn verdict(passed: Option<bool>) -> &'static str {
    match passed {
        Some(true) => "passed",
        Some(false) => "failed",
        None => "not run",
    }
}

fn total(value: Option<f64>) -> String {
    value.map_or_else(|| "not graded".to_string(), number)
}

impl RegradeDiff {
    /// The lines describing one exercise's change, without indentation.
    fn exercise_lines(exercise: &ExerciseChange) -> Vec<String> {
        let mut lines = vec![format!(
            "{}: {} → {} (raw {} → {}, penalty {} → {}{})",
            exercise.id,
            number(exercise.final_score.0),
            number(exercise.final_score.1),
            number(exercise.raw.0),
            number(exercise.raw.1),
            number(exercise.penalty.0),
            number(exercise.penalty.1),
            match exercise.override_points {
                (a, b) if a == b => String::new(),
                (a, b) => format!(", override {} → {}", total(a), total(b)),
            }
        )];
        for t in &exercise.tests {
            lines.push(format!(
                "{}: {} → {}, {} → {} points ({})",
                t.name,
                verdict(t.was),
                verdict(t.now),
                number(t.points.0),
                number(t.points.1),
                t.reason.label()
            ));
        }
        lines
    }

    /// The class-level lines: tests added, removed, changed.
    fn test_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for (label, list) in [
            ("tests added", &self.tests_added),
            ("tests removed", &self.tests_removed),
            ("tests changed", &self.tests_changed),
        ] {
            if !list.is_empty() {
                lines.push(format!("{label}: {}", list.join(", ")));
            }
        }
        lines
    }

    /// The plain-text report for the terminal.
    pub fn render_text(&self) -> String {
        let mut out = format!(
            "changes since the earlier run: {} student(s)\n",
            self.students.len()
        );
        for line in self.test_lines() {
            let _ = writeln!(out, "  {line}");
        }
        for s in &self.students {
            let _ = writeln!(
                out,
                "  {}: {} → {}",
                s.name,
                total(s.total.0),
                total(s.total.1)
            );
            for e in &s.exercises {
                let lines = Self::exercise_lines(e);
                let _ = writeln!(out, "    {}", lines[0]);
                for line in &lines[1..] {
                    let _ = writeln!(out, "      {line}");
                }
            }
        }
        out
    }

    /// The Markdown section for `summary.md`.
    pub fn render_markdown(&self) -> String {
        let mut out = format!(
            "\n## Changes since the earlier run\n\n{} student(s) changed.\n\n",
            self.students.len()
        );
        for line in self.test_lines() {
            let _ = writeln!(out, "- {}", md(&line));
        }
        if self.students.is_empty() {
            return out;
        }
        let _ = writeln!(
            out,
            "\n| submission | before | now | what changed |\n|---|---:|---:|---|"
        );
        for s in &self.students {
            let what: Vec<String> = s
                .exercises
                .iter()
                .flat_map(Self::exercise_lines)
                .map(|l| md(&l))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(&s.name),
                total(s.total.0),
                total(s.total.1),
                what.join("<br>")
            );
        }
        out
    }

    /// The HTML section for `report.html` (everything escaped).
    pub fn render_html(&self) -> String {
        let mut out = format!(
            "<section id=\"regrade\"><h2>Changes since the earlier run</h2><p>{} student(s) changed.</p>",
            self.students.len()
        );
        let tests = self.test_lines();
        if !tests.is_empty() {
            out.push_str("<ul>");
            for line in tests {
                let _ = write!(out, "<li>{}</li>", escape(&line));
            }
            out.push_str("</ul>");
        }
        if !self.students.is_empty() {
            out.push_str("<table><thead><tr><th>submission</th><th class=\"num\">before</th><th class=\"num\">now</th><th>what changed</th></tr></thead><tbody>");
            for s in &self.students {
                let what: Vec<String> = s
                    .exercises
                    .iter()
                    .flat_map(Self::exercise_lines)
                    .map(|l| escape(&l))
                    .collect();
                let _ = write!(
                    out,
                    "<tr data-student=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                    escape(&s.name),
                    escape(&s.name),
                    total(s.total.0),
                    total(s.total.1),
                    what.join("<br>")
                );
            }
            out.push_str("</tbody></table>");
        }
        out.push_str("</section>\n");
        out
    }
}

/// Keeps text from breaking a Markdown table.
fn md(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;
