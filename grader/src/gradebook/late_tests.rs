use std::path::Path;

use super::*;

fn policy(late: &str) -> CoursePolicy {
    let text = format!(
        "format-version = 1\n[deadlines]\na = 2026-12-01T00:00:00Z\nb = 2026-12-08T00:00:00Z\n[late]\n{late}\n\
         [[extension]]\nstudent = \"ext\"\nexercise = \"a\"\nby = \"3d\"\nreason = \"ill\"\n\
         [[override]]\nstudent = \"over\"\nexercise = \"a\"\npoints = 7\nreason = \"by hand\"\n"
    );
    CoursePolicy::parse(&text, Path::new("course.toml"), &["a".into(), "b".into()]).expect("valid")
}

fn at(text: &str) -> Option<Timestamp> {
    Some(text.parse().expect("a time"))
}

fn scores(a: Option<Timestamp>, b: Option<Timestamp>) -> Vec<RawScore> {
    vec![
        RawScore {
            exercise: "a".into(),
            raw: 10.0,
            max: 10.0,
            submitted: a,
        },
        RawScore {
            exercise: "b".into(),
            raw: 20.0,
            max: 20.0,
            submitted: b,
        },
    ]
}

#[test]
fn on_time_and_unknown_times_keep_the_raw_score() {
    let policy = policy("per-day = 10");
    let out = apply(&policy, "s", &scores(at("2026-11-30T00:00:00Z"), None));
    assert_eq!((out[0].final_score, out[0].penalty), (10.0, 0.0));
    assert!(out[0].late.is_none());
    assert_eq!(out[1].final_score, 20.0);
}

#[test]
fn each_started_day_costs_the_rate_down_to_the_floor() {
    let policy = policy("per-day = 10\nfloor = 75\ngrace = \"10m\"");
    // 1 day and 1 second late: two started days, 20%.
    let out = apply(
        &policy,
        "s",
        &scores(at("2026-12-02T00:00:01Z"), at("2026-12-08T00:05:00Z")),
    );
    assert_eq!(out[0].late.as_ref().unwrap().days, 2);
    assert_eq!((out[0].penalty, out[0].final_score), (2.0, 8.0));
    // Within grace: on time.
    assert!(out[1].late.as_ref().unwrap().in_grace);
    assert_eq!(out[1].final_score, 20.0);
    // Five days late would cost 50%; the floor keeps 75%.
    let out = apply(&policy, "s", &scores(at("2026-12-05T12:00:00Z"), None));
    assert_eq!(
        (out[0].late.as_ref().unwrap().percent, out[0].final_score),
        (25.0, 7.5)
    );
}

#[test]
fn per_hour_and_zero_after() {
    let policy = policy("per-hour = 1\nzero-after = \"2d\"");
    let out = apply(
        &policy,
        "s",
        &scores(at("2026-12-01T02:30:00Z"), at("2026-12-10T00:00:01Z")),
    );
    assert_eq!(out[0].penalty, 0.3);
    assert!(out[1].late.as_ref().unwrap().cut_off);
    assert_eq!(out[1].final_score, 0.0);
}

#[test]
fn the_budget_is_spent_in_deadline_order() {
    let policy = policy("per-day = 10\nbudget = 2");
    // `a` is 1.5 days late (2 days, all paid by the budget), `b` 2 days late (no budget left).
    let out = apply(
        &policy,
        "s",
        &scores(at("2026-12-02T12:00:00Z"), at("2026-12-10T00:00:00Z")),
    );
    assert_eq!(out[0].late.as_ref().unwrap().budget_days, 2);
    assert_eq!(out[0].final_score, 10.0);
    assert_eq!(out[1].late.as_ref().unwrap().budget_days, 0);
    assert_eq!(out[1].final_score, 16.0);
}

#[test]
fn extensions_move_the_deadline_and_overrides_win() {
    let policy = policy("per-day = 10");
    let late = scores(at("2026-12-03T00:00:00Z"), None);
    let plain = apply(&policy, "s", &late);
    assert_eq!(plain[0].final_score, 8.0);
    let extended = apply(&policy, "ext", &late);
    assert_eq!(extended[0].final_score, 10.0);
    assert_eq!(extended[0].extension.as_deref(), Some("ill"));
    let over = apply(&policy, "over", &late);
    assert_eq!((over[0].penalty, over[0].final_score), (2.0, 7.0));
    assert_eq!(over[0].override_.as_ref().unwrap().reason, "by hand");
}

#[test]
fn explanations_come_in_both_languages() {
    let policy = policy("per-day = 10");
    let out = apply(&policy, "over", &scores(at("2026-12-03T00:00:00Z"), None));
    let en = super::super::explain::explain("a", &out[0], crate::lang::Lang::En).join("\n");
    assert!(
        en.contains("2d late") && en.contains("20% of the raw score, 2 point(s)"),
        "{en}"
    );
    assert!(
        en.contains("points set to 7 by the instructor (by hand)"),
        "{en}"
    );
    assert!(en.contains("raw 10, penalty 2, final 7/10"), "{en}");
    let zh = super::super::explain::explain("a", &out[0], crate::lang::Lang::Zh).join("\n");
    assert!(
        zh.contains("迟交扣分") && zh.contains("最终得分 7/10"),
        "{zh}"
    );
}
