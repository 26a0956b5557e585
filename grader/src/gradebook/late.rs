//! Course policy applied to raw scores: lateness against each student's
//! deadline, the late-day budget spent in deadline order, the penalty and
//! its floor, then any override. The result, an [`Adjustment`] per
//! exercise, is data every report shows and explains.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::policy::{CoursePolicy, Override, Penalty};

/// Seconds in an hour and in a day.
const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

/// One exercise's raw result and when the work was handed in.
#[derive(Clone, Debug)]
pub struct RawScore {
    /// The exercise id.
    pub exercise: String,
    /// Points the tests gave.
    pub raw: f64,
    /// Points available.
    pub max: f64,
    /// When the graded work was handed in, if known.
    pub submitted: Option<Timestamp>,
}

/// How course policy turned one raw score into a final score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Adjustment {
    /// Points the tests gave.
    pub raw: f64,
    /// Points available.
    pub max: f64,
    /// The student's deadline, extension included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Timestamp>,
    /// Why the deadline moved, when an extension moved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    /// When the graded work was handed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted: Option<Timestamp>,
    /// How late it was, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late: Option<Lateness>,
    /// Points lost for lateness.
    pub penalty: f64,
    /// Points set by hand, which replace the score after penalty.
    #[serde(default, rename = "override", skip_serializing_if = "Option::is_none")]
    pub override_: Option<Override>,
    /// The points that count.
    #[serde(rename = "final")]
    pub final_score: f64,
}

/// How late work was.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lateness {
    /// Seconds after the deadline.
    pub seconds: i64,
    /// Within the grace period: on time.
    pub in_grace: bool,
    /// Started days late.
    pub days: u32,
    /// Of those, days paid from the late-day budget.
    pub budget_days: u32,
    /// Later than `zero-after`: no points.
    pub cut_off: bool,
    /// The percent of the raw score lost.
    pub percent: f64,
}

impl Adjustment {
    /// No policy: the final score is the raw score.
    pub fn none(raw: f64, max: f64) -> Adjustment {
        Adjustment {
            raw,
            max,
            deadline: None,
            extension: None,
            submitted: None,
            late: None,
            penalty: 0.0,
            override_: None,
            final_score: raw,
        }
    }

    /// Whether policy changed anything the student should read about.
    pub fn is_plain(&self) -> bool {
        self.late.is_none() && self.override_.is_none() && self.extension.is_none()
    }
}

/// Applies `policy` to `student`'s raw scores (in course order); the
/// late-day budget is spent on the exercises in deadline order.
pub fn apply(policy: &CoursePolicy, student: &str, scores: &[RawScore]) -> Vec<Adjustment> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    let deadlines: Vec<_> = scores
        .iter()
        .map(|s| policy.deadline(student, &s.exercise))
        .collect();
    order.sort_by_key(|&i| deadlines[i].map(|(d, _)| d));
    let mut budget = policy.budget(student);
    let mut out: Vec<Option<Adjustment>> = vec![None; scores.len()];
    for i in order {
        let score = &scores[i];
        let mut adjustment = Adjustment::none(score.raw, score.max);
        adjustment.submitted = score.submitted;
        if let Some((deadline, extension)) = deadlines[i] {
            adjustment.deadline = Some(deadline);
            adjustment.extension =
                extension.map(|e| e.reason.clone().unwrap_or_else(|| "extension".to_string()));
            if let Some(submitted) = score.submitted {
                let seconds = submitted.as_second() - deadline.as_second();
                if seconds > 0 {
                    let late = lateness(policy, seconds, &mut budget);
                    adjustment.penalty = round(score.raw * late.percent / 100.0);
                    adjustment.late = Some(late);
                }
            }
        }
        adjustment.final_score = round(score.raw - adjustment.penalty);
        if let Some(o) = policy.override_of(student, &score.exercise) {
            adjustment.final_score = o.points;
            adjustment.override_ = Some(o.clone());
        }
        out[i] = Some(adjustment);
    }
    out.into_iter().flatten().collect()
}

/// How late `seconds` after the deadline is, spending `budget` days.
fn lateness(policy: &CoursePolicy, seconds: i64, budget: &mut u32) -> Lateness {
    let late = &policy.late;
    let grace = i64::try_from(late.grace.as_secs()).unwrap_or(i64::MAX);
    let days = u32::try_from((seconds + DAY - 1) / DAY).unwrap_or(u32::MAX);
    let mut result = Lateness {
        seconds,
        in_grace: seconds <= grace,
        days,
        budget_days: 0,
        cut_off: false,
        percent: 0.0,
    };
    if result.in_grace {
        return result;
    }
    let zero_after = late
        .zero_after
        .map(|z| i64::try_from(z.as_secs()).unwrap_or(i64::MAX));
    if zero_after.is_some_and(|z| seconds > z) {
        result.cut_off = true;
        result.percent = 100.0;
        return result;
    }
    result.budget_days = days.min(*budget);
    *budget -= result.budget_days;
    let charged = seconds - i64::from(result.budget_days) * DAY;
    let percent = match late.penalty {
        Penalty::None => 0.0,
        Penalty::PerDay(rate) => rate * ((charged.max(0) + DAY - 1) / DAY) as f64,
        Penalty::PerHour(rate) => rate * ((charged.max(0) + HOUR - 1) / HOUR) as f64,
    };
    result.percent = percent.min(100.0 - late.floor).max(0.0);
    result
}

/// Two decimals, as every report writes scores.
fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

#[cfg(test)]
#[path = "late_tests.rs"]
mod tests;
