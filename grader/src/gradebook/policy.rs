//! `course.toml`: the course's deadlines, extensions, late policy and point
//! overrides, read strictly. The field docs in [`super::course_file`] are
//! the file's reference; [`CoursePolicy::load`] checks every value (in
//! [`check`]) and names the file, line and key of the first problem, before
//! any grading starts.
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

use super::course_file::RawCourse;

mod check;

use check::Checker;

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

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
