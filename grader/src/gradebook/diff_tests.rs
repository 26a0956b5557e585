use std::collections::BTreeMap;

use super::*;
use crate::gradebook::late::Adjustment;
use crate::gradebook::policy::Override;
use crate::gradebook::record::TestRecord;
use crate::lang::Lang;

/// A class of one exercise `x` with tests `t1` (2 points) and `t2` (3 points).
fn book(prints: &[(&str, &str)], students: &[(&str, &[(&str, bool)])]) -> Gradebook {
    let points = |name: &str| if name == "t1" { 2.0 } else { 3.0 };
    Gradebook {
        version: 1,
        ids: vec!["x".into()],
        policy: None,
        tests: prints
            .iter()
            .map(|(k, v)| (test_key("x", k), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
        submissions: students
            .iter()
            .map(|(name, tests)| {
                let tests: Vec<TestRecord> = tests
                    .iter()
                    .map(|(t, passed)| TestRecord {
                        name: t.to_string(),
                        score: if *passed { points(t) } else { 0.0 },
                        max_score: points(t),
                        passed: *passed,
                    })
                    .collect();
                let raw = tests.iter().map(|t| t.score).sum();
                let max = tests.iter().map(|t| t.max_score).sum();
                StudentRecord {
                    name: name.to_string(),
                    exercises: vec![ExerciseRecord {
                        id: "x".into(),
                        grade: Adjustment::none(raw, max),
                        commit: None,
                        built: true,
                        tests,
                    }],
                }
            })
            .collect(),
    }
}

#[test]
fn a_changed_test_lists_exactly_the_students_whose_verdicts_moved() {
    let old = book(
        &[("t1", "aa"), ("t2", "bb")],
        &[
            ("ann", &[("t1", true), ("t2", true)]),
            ("bob", &[("t1", true), ("t2", true)]),
            ("cy", &[("t1", false), ("t2", false)]),
        ],
    );
    let new = book(
        &[("t1", "aa"), ("t2", "b2")],
        &[
            ("ann", &[("t1", true), ("t2", true)]),
            ("bob", &[("t1", true), ("t2", false)]),
            ("cy", &[("t1", false), ("t2", false)]),
        ],
    );
    let diff = compare(&old, &new);
    assert_eq!(diff.tests_changed, vec!["x › t2".to_string()]);
    let names: Vec<&str> = diff.students.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["bob"]);
    let change = &diff.students[0].exercises[0].tests[0];
    assert_eq!(
        (change.name.as_str(), change.reason, change.was, change.now),
        ("t2", Reason::TestChanged, Some(true), Some(false))
    );
    assert_eq!(diff.students[0].total, (Some(5.0), Some(2.0)));
    let text = diff.render_text(Lang::En);
    assert!(
        text.contains("bob: 5 → 2")
            && text.contains("t2: passed → failed, 3 → 0 points (test changed)"),
        "{text}"
    );
    assert!(diff.render_markdown(Lang::En).contains("| bob | 5 | 2 |"));
    let zh = diff.render_text(Lang::Zh);
    assert!(
        zh.contains("与上次评分相比的变化: 1 名学生有变化")
            && zh.contains("t2: 通过 → 未通过, 3 → 0 分 (测试已修改)"),
        "{zh}"
    );
    assert!(diff.render_html(Lang::Zh).contains("<th>提交</th>"));
}

#[test]
fn added_removed_and_moved_tests_have_their_reasons() {
    let old = book(
        &[("t1", "aa")],
        &[
            ("ann", &[("t1", true)]),
            ("bob", &[("t1", false)]),
            ("gone", &[("t1", true)]),
        ],
    );
    let new = book(
        &[("t2", "bb"), ("t1", "aa")],
        &[
            ("ann", &[("t1", true), ("t2", true)]),
            ("bob", &[("t1", true), ("t2", false)]),
            ("new<b>", &[]),
        ],
    );
    let diff = compare(&old, &new);
    assert_eq!(diff.tests_added, vec!["x › t2".to_string()]);
    let reasons: Vec<(&str, Vec<Reason>)> = diff
        .students
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.exercises
                    .iter()
                    .flat_map(|e| e.tests.iter().map(|t| t.reason))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("ann", vec![Reason::TestAdded]),
            ("bob", vec![Reason::VerdictMoved]),
            ("new<b>", vec![]),
            ("gone", vec![]),
        ]
    );
    assert_eq!(diff.students[3].total, (Some(2.0), None));
    let html = diff.render_html(Lang::En);
    assert!(
        html.contains("new&lt;b&gt;") && !html.contains("new<b>"),
        "{html}"
    );
}

#[test]
fn an_override_that_survives_the_regrade_hides_nothing_else() {
    let mut old = book(&[("t1", "aa")], &[("ann", &[("t1", false)])]);
    let over = Override {
        student: "ann".into(),
        exercise: "x".into(),
        points: 2.0,
        reason: "hand".into(),
    };
    old.submissions[0].exercises[0].grade.override_ = Some(over.clone());
    old.submissions[0].exercises[0].grade.final_score = 2.0;
    let same = old.clone();
    assert!(compare(&old, &same).students.is_empty());
    let mut new = book(&[("t1", "aa")], &[("ann", &[("t1", false)])]);
    assert_eq!(
        compare(&old, &new).students[0].exercises[0].override_points,
        (Some(2.0), None)
    );
    new.submissions[0].exercises[0].grade.override_ = Some(over);
    new.submissions[0].exercises[0].grade.final_score = 2.0;
    assert!(compare(&old, &new).students.is_empty());
}
