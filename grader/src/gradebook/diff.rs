//! Comparing two graded runs of a class: every student whose final score or
//! any verdict changed, per exercise and per test, with the reason (test
//! added, removed or changed, verdict moved, penalty or override changed).
//! [`super::diff_views`] renders it for the terminal, `summary.md` and `report.html`.

use std::collections::BTreeSet;

use serde::Serialize;

use super::record::{ExerciseRecord, Gradebook, StudentRecord, test_key};
use crate::lang::Lang;
use crate::text::gradebook as say;

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
    /// The reason in a few words, in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Reason::TestAdded => say::diff_test_added(lang),
            Reason::TestRemoved => say::diff_test_removed(lang),
            Reason::TestChanged => say::diff_test_changed(lang),
            Reason::VerdictMoved => say::diff_verdict_moved(lang),
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
        let verdict_moved = pa.is_some() && pb.is_some() && pa != pb;
        if verdict_moved || differs(points.0, points.1) {
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
pub(crate) fn differs(a: f64, b: f64) -> bool {
    (a * 100.0).round() != (b * 100.0).round()
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;
