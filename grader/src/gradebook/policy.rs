//! `course.toml`: the course's deadlines, extensions, late policy and point
//! overrides, read strictly. The field docs in [`super::course_file`] are
//! the file's reference; [`CoursePolicy::load`] checks every value and names the file,
//! line and key of the first problem, before any grading starts.
//!
//! ```toml
//! format-version = 1
//!
//! [deadlines]                      # per exercise id; a UTC offset is required
//! tcp-server = 2026-12-01T23:59:00+08:00
//!
//! [late]
//! grace = "15m"                    # later than the deadline by at most this: on time
//! per-day = 10                     # percent of the raw score lost per started day late
//! floor = 50                       # never keep less than this percent of the raw score
//! budget = 2                       # late days each student may spend without penalty
//! zero-after = "7d"                # later than this after the deadline: no points
//!
//! [[extension]]
//! student = "alice"                # the submission's folder name
//! exercise = "tcp-server"          # omit for every exercise
//! by = "2d"                        # or `until = 2026-12-05T12:00:00+08:00`
//! reason = "medical note"
//!
//! [[late-days]]
//! student = "bob"
//! days = 4                         # bob's own budget instead of `[late].budget`
//!
//! [[override]]
//! student = "carl"
//! exercise = "file-seek"
//! points = 30
//! reason = "graded by hand: the tests' machine was down"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;
use toml::Spanned;
use toml::value::Datetime;

use super::course_file::{RawCourse, RawExtension, RawLate, RawOverride};
use crate::scenario::{line_of, unknown_version};

/// The course file's name at the root of the trusted repository.
pub const COURSE_FILE: &str = "course.toml";

/// A problem with `course.toml`: grading does not start.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The file could not be read.
    #[error("cannot read `{}`", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML or has an unknown key (toml's message names line and column).
    #[error("{}: {message}", .path.display())]
    Syntax { path: PathBuf, message: String },
    /// A value is out of range or names something unknown.
    #[error("{}:{line}: {message}", .path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// The checked course file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CoursePolicy {
    /// Where it was read from.
    pub path: PathBuf,
    /// Each exercise's deadline.
    pub deadlines: BTreeMap<String, Timestamp>,
    /// How late work is marked down.
    pub late: LatePolicy,
    /// Later deadlines for some students.
    pub extensions: Vec<Extension>,
    /// Students' own late-day budgets.
    pub late_days: BTreeMap<String, u32>,
    /// Points set by hand.
    pub overrides: Vec<Override>,
    /// The LMS columns.
    pub export: ExportColumns,
}

/// How late work is marked down.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LatePolicy {
    /// Lateness up to this is forgiven.
    pub grace: Duration,
    /// The rate at which late work loses points.
    pub penalty: Penalty,
    /// The lowest percent of the raw score kept.
    pub floor: f64,
    /// Late days each student may spend without penalty.
    pub budget: u32,
    /// Later than this after the deadline: zero.
    pub zero_after: Option<Duration>,
}

/// The rate at which late work loses points.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Penalty {
    /// Late work loses nothing.
    #[default]
    None,
    /// Percent of the raw score per started day.
    PerDay(f64),
    /// Percent of the raw score per started hour.
    PerHour(f64),
}

/// A later deadline for one student.
#[derive(Clone, Debug, PartialEq)]
pub struct Extension {
    /// The student.
    pub student: String,
    /// The exercise, or every exercise.
    pub exercise: Option<String>,
    /// By how much, or until when.
    pub extra: ExtraTime,
    /// Why.
    pub reason: Option<String>,
}

/// How an extension moves a deadline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ExtraTime {
    /// This much later.
    By(Duration),
    /// To this moment.
    Until(Timestamp),
}

/// Points set by hand.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Override {
    /// The student.
    pub student: String,
    /// The exercise.
    pub exercise: String,
    /// The final points.
    pub points: f64,
    /// Why.
    pub reason: String,
}

/// The grade column's name in each LMS's import file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExportColumns {
    /// Canvas's column.
    pub canvas: String,
    /// Moodle's column.
    pub moodle: String,
    /// Blackboard's column.
    pub blackboard: String,
}

impl CoursePolicy {
    /// Reads and checks `path`; `ids` are the course's exercise ids.
    pub fn load(path: &Path, ids: &[String]) -> Result<CoursePolicy, PolicyError> {
        let text = std::fs::read_to_string(path).map_err(|source| PolicyError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text, path, ids)
    }

    /// Checks `text`, read from `path`.
    pub fn parse(text: &str, path: &Path, ids: &[String]) -> Result<CoursePolicy, PolicyError> {
        let raw: RawCourse = toml::from_str(text).map_err(|e| PolicyError::Syntax {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })?;
        Checker { text, path, ids }.check(raw)
    }

    /// The deadline of `exercise` for `student`, extension included, with the extension.
    pub fn deadline(
        &self,
        student: &str,
        exercise: &str,
    ) -> Option<(Timestamp, Option<&Extension>)> {
        let base = *self.deadlines.get(exercise)?;
        let extension = self
            .extensions
            .iter()
            .filter(|e| e.student == student)
            .filter(|e| e.exercise.as_deref().is_none_or(|x| x == exercise))
            // The exercise's own extension wins over one for every exercise.
            .max_by_key(|e| e.exercise.is_some());
        let deadline = match extension.map(|e| e.extra) {
            None => base,
            Some(ExtraTime::Until(until)) => until.max(base),
            Some(ExtraTime::By(by)) => add(base, by),
        };
        Some((deadline, extension))
    }

    /// The late days `student` may spend.
    pub fn budget(&self, student: &str) -> u32 {
        self.late_days
            .get(student)
            .copied()
            .unwrap_or(self.late.budget)
    }

    /// The override of `student`'s `exercise`, if any.
    pub fn override_of(&self, student: &str, exercise: &str) -> Option<&Override> {
        self.overrides
            .iter()
            .find(|o| o.student == student && o.exercise == exercise)
    }

    /// Every student the file names (extensions, budgets, overrides).
    pub fn students(&self) -> std::collections::BTreeSet<&str> {
        let extensions = self.extensions.iter().map(|e| e.student.as_str());
        let budgets = self.late_days.keys().map(String::as_str);
        let overrides = self.overrides.iter().map(|o| o.student.as_str());
        extensions.chain(budgets).chain(overrides).collect()
    }
}

/// `time` plus `by` (saturating at the end of time).
pub(crate) fn add(time: Timestamp, by: Duration) -> Timestamp {
    jiff::SignedDuration::try_from(by)
        .ok()
        .and_then(|d| time.checked_add(d).ok())
        .unwrap_or(Timestamp::MAX)
}

/// Checks a raw file against the course.
struct Checker<'a> {
    text: &'a str,
    path: &'a Path,
    ids: &'a [String],
}

impl Checker<'_> {
    fn check(&self, raw: RawCourse) -> Result<CoursePolicy, PolicyError> {
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

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
