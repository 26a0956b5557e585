//! Checking a raw `course.toml` against the course: every value, with the
//! line and key of the first problem.

use std::path::Path;

use jiff::Timestamp;
use toml::Spanned;
use toml::value::Datetime;

use super::{
    CoursePolicy, ExportColumns, Extension, ExtraTime, LatePolicy, Override, Penalty, PolicyError,
};
use crate::gradebook::course_file::{RawCourse, RawExtension, RawLate, RawOverride};
use crate::scenario::{line_of, unknown_version};

/// Checks a raw file against the course.
pub(super) struct Checker<'a> {
    pub(super) text: &'a str,
    pub(super) path: &'a Path,
    pub(super) ids: &'a [String],
}

impl Checker<'_> {
    pub(super) fn check(&self, raw: RawCourse) -> Result<CoursePolicy, PolicyError> {
        if let Some(message) = unknown_version(*raw.format_version.get_ref()) {
            return Err(self.invalid(raw.format_version.span(), message));
        }
        let mut policy = CoursePolicy {
            path: self.path.to_path_buf(),
            ..CoursePolicy::default()
        };
        for (id, when) in &raw.deadlines {
            self.known(id, when.span(), "[deadlines]")?;
            policy
                .deadlines
                .insert(id.clone(), self.time(when.get_ref(), when.span(), id)?);
        }
        if let Some(late) = &raw.late {
            policy.late = self.late(late.get_ref(), late.span())?;
        }
        for spanned in &raw.extensions {
            policy.extensions.push(self.extension(spanned)?);
        }
        for spanned in &raw.late_days {
            let entry = spanned.get_ref();
            self.student(&entry.student, spanned.span(), "[[late-days]]")?;
            if policy
                .late_days
                .insert(entry.student.clone(), entry.days)
                .is_some()
            {
                let message = format!("[[late-days]]: `{}` has a budget already", entry.student);
                return Err(self.invalid(spanned.span(), message));
            }
        }
        for spanned in &raw.overrides {
            let entry = self.override_entry(spanned)?;
            if policy
                .override_of(&entry.student, &entry.exercise)
                .is_some()
            {
                let message = format!(
                    "[[override]]: `{}` has an override for `{}` already",
                    entry.student, entry.exercise
                );
                return Err(self.invalid(spanned.span(), message));
            }
            policy.overrides.push(entry);
        }
        let default = raw
            .export
            .assignment
            .unwrap_or_else(|| "netlab".to_string());
        policy.export = ExportColumns {
            canvas: raw.export.canvas.unwrap_or_else(|| default.clone()),
            moodle: raw.export.moodle.unwrap_or_else(|| default.clone()),
            blackboard: raw.export.blackboard.unwrap_or(default),
        };
        Ok(policy)
    }

    fn late(
        &self,
        late: &RawLate,
        span: std::ops::Range<usize>,
    ) -> Result<LatePolicy, PolicyError> {
        let percent = |key: &str, value: Option<f64>| match value {
            Some(v) if !(0.0..=100.0).contains(&v) => Err(self.invalid(
                span.clone(),
                format!("[late]: `{key} = {v}` is not a percent from 0 to 100"),
            )),
            _ => Ok(value),
        };
        let penalty = match (
            percent("per-day", late.per_day)?,
            percent("per-hour", late.per_hour)?,
        ) {
            (Some(_), Some(_)) => {
                let message = "[late]: set `per-day` or `per-hour`, not both";
                return Err(self.invalid(span, message.to_string()));
            }
            (Some(day), None) => Penalty::PerDay(day),
            (None, Some(hour)) => Penalty::PerHour(hour),
            (None, None) => Penalty::None,
        };
        Ok(LatePolicy {
            grace: late.grace.unwrap_or_default(),
            penalty,
            floor: percent("floor", late.floor)?.unwrap_or(0.0),
            budget: late.budget.unwrap_or(0),
            zero_after: late.zero_after,
        })
    }

    fn extension(&self, spanned: &Spanned<RawExtension>) -> Result<Extension, PolicyError> {
        let raw = spanned.get_ref();
        let span = spanned.span();
        self.student(&raw.student, span.clone(), "[[extension]]")?;
        if let Some(id) = &raw.exercise {
            self.known(id, span.clone(), "[[extension]]")?;
        }
        let extra = match (raw.by, &raw.until) {
            (Some(by), None) => ExtraTime::By(by),
            (None, Some(until)) => ExtraTime::Until(self.time(until, span.clone(), "until")?),
            _ => {
                let message = "[[extension]]: give `by` (such as \"2d\") or `until` (a date-time), exactly one";
                return Err(self.invalid(span, message.to_string()));
            }
        };
        Ok(Extension {
            student: raw.student.clone(),
            exercise: raw.exercise.clone(),
            extra,
            reason: raw.reason.clone().filter(|r| !r.trim().is_empty()),
        })
    }

    fn override_entry(&self, spanned: &Spanned<RawOverride>) -> Result<Override, PolicyError> {
        let raw = spanned.get_ref();
        let span = spanned.span();
        self.student(&raw.student, span.clone(), "[[override]]")?;
        self.known(&raw.exercise, span.clone(), "[[override]]")?;
        if !raw.points.is_finite() || raw.points < 0.0 {
            let message = format!("[[override]]: `points = {}` must be 0 or more", raw.points);
            return Err(self.invalid(span, message));
        }
        if raw.reason.trim().is_empty() {
            let message = "[[override]]: `reason` is empty; say why, the student reads it";
            return Err(self.invalid(span, message.to_string()));
        }
        Ok(Override {
            student: raw.student.clone(),
            exercise: raw.exercise.clone(),
            points: raw.points,
            reason: raw.reason.trim().to_string(),
        })
    }

    fn time(
        &self,
        when: &Datetime,
        span: std::ops::Range<usize>,
        key: &str,
    ) -> Result<Timestamp, PolicyError> {
        if when.offset.is_none() || when.date.is_none() || when.time.is_none() {
            let message = format!(
                "`{key} = {when}` needs a date, a time and a UTC offset, such as 2026-12-01T23:59:00+08:00"
            );
            return Err(self.invalid(span, message));
        }
        when.to_string()
            .parse()
            .map_err(|e| self.invalid(span, format!("`{key} = {when}`: {e}")))
    }

    fn known(
        &self,
        id: &str,
        span: std::ops::Range<usize>,
        table: &str,
    ) -> Result<(), PolicyError> {
        if self.ids.iter().any(|known| known == id) {
            return Ok(());
        }
        let message = format!(
            "{table}: no exercise `{id}`; the exercises are: {}",
            self.ids.join(", ")
        );
        Err(self.invalid(span, message))
    }

    fn student(
        &self,
        name: &str,
        span: std::ops::Range<usize>,
        table: &str,
    ) -> Result<(), PolicyError> {
        if name.trim().is_empty() || name.contains(['/', '\\']) {
            let message = format!("{table}: `student = {name:?}` is not a submission folder name");
            return Err(self.invalid(span, message));
        }
        Ok(())
    }

    fn invalid(&self, span: std::ops::Range<usize>, message: String) -> PolicyError {
        PolicyError::Invalid {
            path: self.path.to_path_buf(),
            line: line_of(self.text, span.start),
            message,
        }
    }
}
