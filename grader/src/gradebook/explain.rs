//! What a student reads about course policy: one sentence per fact (the
//! deadline, the extension, how late, the budget spent, the penalty, the
//! override), in English or Simplified Chinese.

use jiff::Timestamp;

use super::late::Adjustment;
use crate::lang::Lang;
use crate::report::number;
use crate::text::gradebook as say;

/// The sentences explaining `adjustment` of `exercise`, in `lang`; empty when policy changed nothing.
pub fn explain(exercise: &str, adjustment: &Adjustment, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    if adjustment.is_plain() {
        return lines;
    }
    if let Some(deadline) = adjustment.deadline {
        let when = &time(deadline);
        lines.push(match &adjustment.extension {
            Some(why) => say::late_deadline_extended(lang, exercise, when, why),
            None => say::late_deadline(lang, exercise, when),
        });
    }
    if let (Some(late), Some(submitted)) = (&adjustment.late, adjustment.submitted) {
        let by = &span(late.seconds, lang);
        lines.push(say::late_handed_in(lang, &time(submitted), by));
        if late.in_grace {
            lines.push(say::late_in_grace(lang).into());
        } else if late.cut_off {
            lines.push(say::late_cut_off(lang).into());
        }
        if late.budget_days > 0 {
            lines.push(say::late_days_spent(lang, late.budget_days));
        }
        if adjustment.penalty > 0.0 {
            let (percent, points) = (number(late.percent), number(adjustment.penalty));
            lines.push(say::late_penalty(lang, &percent, &points));
        }
    }
    if let Some(o) = &adjustment.override_ {
        let points = &number(o.points);
        lines.push(say::late_override(lang, exercise, points, &o.reason));
    }
    let (raw, penalty, fin, max) = (
        number(adjustment.raw),
        number(adjustment.penalty),
        number(adjustment.final_score),
        number(adjustment.max),
    );
    lines.push(say::late_totals(lang, &raw, &penalty, &fin, &max));
    lines
}

/// A moment as `2026-12-01 15:59:00 UTC`.
pub fn time(moment: Timestamp) -> String {
    moment.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// One unit of a length of time: a value of it, in a language.
type Unit = fn(Lang, i64) -> String;

/// A length of time in days, hours and minutes, in `lang`.
fn span(seconds: i64, lang: Lang) -> String {
    let units: [(i64, Unit); 3] = [
        (seconds / 86_400, say::span_days),
        (seconds % 86_400 / 3600, say::span_hours),
        (seconds % 3600 / 60, say::span_minutes),
    ];
    let mut parts: Vec<String> = units
        .into_iter()
        .filter(|&(value, _)| value > 0)
        .map(|(value, unit)| unit(lang, value))
        .collect();
    if parts.is_empty() {
        parts.push(say::span_seconds(lang, seconds));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradebook::late::Lateness;
    use crate::gradebook::policy::Override;

    /// Late by 1 day, 2 hours and 3 minutes, one budget day spent, a penalty,
    /// an extension and an override: every sentence but grace and cut-off.
    fn adjustment() -> Adjustment {
        Adjustment {
            raw: 10.0,
            max: 10.0,
            deadline: Some("2026-12-01T00:00:00Z".parse().unwrap()),
            extension: Some("ill".into()),
            submitted: Some("2026-12-02T02:03:00Z".parse().unwrap()),
            late: Some(Lateness {
                seconds: 86_400 + 2 * 3600 + 3 * 60,
                in_grace: false,
                days: 2,
                budget_days: 1,
                cut_off: false,
                percent: 10.0,
            }),
            penalty: 1.0,
            override_: Some(Override {
                student: "s".into(),
                exercise: "a".into(),
                points: 7.0,
                reason: "by hand".into(),
            }),
            final_score: 7.0,
        }
    }

    #[test]
    fn every_sentence_in_both_languages() {
        let a = adjustment();
        assert_eq!(
            explain("a", &a, Lang::En),
            [
                "a: deadline 2026-12-01 00:00:00 UTC (extended: ill)",
                "  handed in 2026-12-02 02:03:00 UTC, 1d 2h 3min late",
                "  1 late day(s) spent from your budget, without penalty",
                "  late penalty: 10% of the raw score, 1 point(s)",
                "a: points set to 7 by the instructor (by hand)",
                "  raw 10, penalty 1, final 7/10",
            ]
        );
        assert_eq!(
            explain("a", &a, Lang::Zh),
            [
                "a：截止时间 2026-12-01 00:00:00 UTC（已延期：ill）",
                "  提交于 2026-12-02 02:03:00 UTC，晚了 1 天 2 小时 3 分钟",
                "  使用迟交天数 1 天，不扣分",
                "  迟交扣分：原始分的 10%，即 1 分",
                "a：教师将得分改为 7（by hand）",
                "  原始分 10，扣分 1，最终得分 7/10",
            ]
        );
    }

    #[test]
    fn grace_cut_off_and_seconds() {
        let mut a = adjustment();
        a.extension = None;
        a.override_ = None;
        a.penalty = 0.0;
        let late = a.late.as_mut().unwrap();
        (late.seconds, late.in_grace, late.budget_days) = (42, true, 0);
        assert_eq!(
            explain("a", &a, Lang::En)[..3],
            [
                "a: deadline 2026-12-01 00:00:00 UTC",
                "  handed in 2026-12-02 02:03:00 UTC, 42s late",
                "  within the grace period: on time",
            ]
        );
        assert_eq!(
            explain("a", &a, Lang::Zh)[..3],
            [
                "a：截止时间 2026-12-01 00:00:00 UTC",
                "  提交于 2026-12-02 02:03:00 UTC，晚了 42 秒",
                "  在宽限期内：按时",
            ]
        );
        let late = a.late.as_mut().unwrap();
        (late.in_grace, late.cut_off) = (false, true);
        assert_eq!(
            explain("a", &a, Lang::En)[2],
            "  past the last day work is accepted: no points"
        );
        assert_eq!(explain("a", &a, Lang::Zh)[2], "  超过最迟期限：本题不得分");
    }
}
