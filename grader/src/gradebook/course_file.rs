//! `course.toml` exactly as written: plain serde structs whose field docs
//! are the file's reference (see `docs/course.example.toml` for an example).
//! [`super::policy`] turns them into a checked [`super::CoursePolicy`].

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

/// `course.toml` exactly as written.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawCourse {
    /// The format's version; only `1` exists.
    pub format_version: Spanned<u32>,
    /// Each exercise's deadline, keyed by exercise id (`tcp-server = 2026-12-01T23:59:00+08:00`).
    /// A date-time needs its UTC offset (`Z` or `+08:00`). An exercise without a deadline is never late.
    #[serde(default)]
    pub deadlines: BTreeMap<String, Spanned<Datetime>>,
    /// How late work is marked down; see [`RawLate`].
    #[serde(default)]
    pub late: Option<Spanned<RawLate>>,
    /// `[[extension]]`: a later deadline for one student.
    #[serde(default, rename = "extension")]
    pub extensions: Vec<Spanned<RawExtension>>,
    /// `[[late-days]]`: one student's own late-day budget.
    #[serde(default, rename = "late-days")]
    pub late_days: Vec<Spanned<RawLateDays>>,
    /// `[[override]]`: points set by hand, whatever the tests and penalties say.
    #[serde(default, rename = "override")]
    pub overrides: Vec<Spanned<RawOverride>>,
    /// Column names for `--export`; see [`RawExport`].
    #[serde(default)]
    pub export: RawExport,
}

/// `[late]`: every key is optional; without `per-day` or `per-hour` late work loses nothing.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawLate {
    /// Work at most this much after the deadline is on time (`"15m"`, `"1h"`; default none).
    #[serde(default, with = "humantime_serde")]
    pub grace: Option<Duration>,
    /// Percent of the raw score lost per started day late (counted from the deadline).
    pub per_day: Option<f64>,
    /// Percent of the raw score lost per started hour late; not with `per-day`.
    pub per_hour: Option<f64>,
    /// The lowest percent of the raw score late work keeps (default 0).
    pub floor: Option<f64>,
    /// Late days each student may spend, in deadline order, before penalties start (default 0).
    pub budget: Option<u32>,
    /// Work later than this after the deadline scores zero, floor or not (`"7d"`).
    #[serde(default, with = "humantime_serde")]
    pub zero_after: Option<Duration>,
}

/// `[[extension]]`: `student`, optionally `exercise`, and either `by` or `until`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawExtension {
    /// The student: the submission's folder name.
    pub student: String,
    /// The exercise id; every exercise when omitted.
    pub exercise: Option<String>,
    /// How much later than the deadline (`"2d"`, `"36h"`).
    #[serde(default, with = "humantime_serde")]
    pub by: Option<Duration>,
    /// The new deadline itself, with its UTC offset.
    pub until: Option<Datetime>,
    /// Why (shown to the student and in the reports).
    pub reason: Option<String>,
}

/// `[[late-days]]`: `student` and `days`, the student's own late-day budget.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawLateDays {
    /// The student: the submission's folder name.
    pub student: String,
    /// Late days this student may spend (replaces `[late].budget`).
    pub days: u32,
}

/// `[[override]]`: the points one student gets for one exercise, with the reason.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawOverride {
    /// The student: the submission's folder name.
    pub student: String,
    /// The exercise id.
    pub exercise: String,
    /// The exercise's final points (0 or more); late penalties no longer apply.
    pub points: f64,
    /// Why: required, shown to the student and in every report.
    pub reason: String,
}

/// `[export]`: the grade column's name in each LMS's import file.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawExport {
    /// The column for every LMS unless set below (default `netlab`).
    pub assignment: Option<String>,
    /// Canvas's column, such as `Lab 1 (123456)` (the assignment's id in brackets).
    pub canvas: Option<String>,
    /// Moodle's grade item column, such as `Assignment: Lab 1 (Real)`.
    pub moodle: Option<String>,
    /// Blackboard's column, such as `Lab 1 [Total Pts: 100 Score] |12345`.
    pub blackboard: Option<String>,
}
