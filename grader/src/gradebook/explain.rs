//! What a student reads about course policy: one sentence per fact (the
//! deadline, the extension, how late, the budget spent, the penalty, the
//! override), in English or Simplified Chinese.

use jiff::Timestamp;

use super::late::Adjustment;
use crate::lang::Lang;
use crate::report::number;

/// The sentences explaining `adjustment` of `exercise`, in `lang`; empty when policy changed nothing.
pub fn explain(exercise: &str, adjustment: &Adjustment, lang: Lang) -> Vec<String> {
    let zh = lang == Lang::Zh;
    let mut lines = Vec::new();
    if adjustment.is_plain() {
        return lines;
    }
    if let Some(deadline) = adjustment.deadline {
        let when = time(deadline);
        lines.push(match (&adjustment.extension, zh) {
            (Some(why), false) => format!("{exercise}: deadline {when} (extended: {why})"),
            (Some(why), true) => format!("{exercise}：截止时间 {when}（已延期：{why}）"),
            (None, false) => format!("{exercise}: deadline {when}"),
            (None, true) => format!("{exercise}：截止时间 {when}"),
        });
    }
    if let (Some(late), Some(submitted)) = (&adjustment.late, adjustment.submitted) {
        let when = time(submitted);
        let by = span(late.seconds, zh);
        lines.push(if zh {
            format!("  提交于 {when}，晚了 {by}")
        } else {
            format!("  handed in {when}, {by} late")
        });
        if late.in_grace {
            lines.push(if zh {
                "  在宽限期内：按时".into()
            } else {
                "  within the grace period: on time".into()
            });
        } else if late.cut_off {
            lines.push(if zh {
                "  超过最迟期限：本题不得分".into()
            } else {
                "  past the last day work is accepted: no points".into()
            });
        }
        if late.budget_days > 0 {
            let days = late.budget_days;
            lines.push(if zh {
                format!("  使用迟交天数 {days} 天，不扣分")
            } else {
                format!("  {days} late day(s) spent from your budget, without penalty")
            });
        }
        if adjustment.penalty > 0.0 {
            let (percent, points) = (number(late.percent), number(adjustment.penalty));
            lines.push(if zh {
                format!("  迟交扣分：原始分的 {percent}%，即 {points} 分")
            } else {
                format!("  late penalty: {percent}% of the raw score, {points} point(s)")
            });
        }
    }
    if let Some(o) = &adjustment.override_ {
        let points = number(o.points);
        lines.push(if zh {
            format!("{exercise}：教师将得分改为 {points}（{}）", o.reason)
        } else {
            format!(
                "{exercise}: points set to {points} by the instructor ({})",
                o.reason
            )
        });
    }
    let (raw, penalty, fin, max) = (
        number(adjustment.raw),
        number(adjustment.penalty),
        number(adjustment.final_score),
        number(adjustment.max),
    );
    lines.push(if zh {
        format!("  原始分 {raw}，扣分 {penalty}，最终得分 {fin}/{max}")
    } else {
        format!("  raw {raw}, penalty {penalty}, final {fin}/{max}")
    });
    lines
}

/// A moment as `2026-12-01 15:59:00 UTC`.
pub fn time(moment: Timestamp) -> String {
    moment.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// A length of time in days, hours and minutes.
fn span(seconds: i64, zh: bool) -> String {
    let (days, hours, minutes) = (
        seconds / 86_400,
        seconds % 86_400 / 3600,
        seconds % 3600 / 60,
    );
    let mut parts = Vec::new();
    let units: [(i64, &str, &str); 3] = [
        (days, "d", "天"),
        (hours, "h", "小时"),
        (minutes, "min", "分钟"),
    ];
    for (value, en, cn) in units {
        if value > 0 {
            parts.push(if zh {
                format!("{value} {cn}")
            } else {
                format!("{value}{en}")
            });
        }
    }
    if parts.is_empty() {
        parts.push(if zh {
            format!("{seconds} 秒")
        } else {
            format!("{seconds}s")
        });
    }
    parts.join(" ")
}
