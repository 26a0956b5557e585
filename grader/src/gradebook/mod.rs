//! The gradebook: what happens to raw scores after grading, never inside it.
//!
//! - [`policy`] reads `course.toml` ([`course_file`] is its format): deadlines,
//!   extensions, late policy, overrides.
//! - [`late`] applies it: lateness, late-day budget, penalty with its floor, override.
//! - [`explain`] says what policy did, in English or Chinese.
//! - [`record`] is `gradebook.json`, the record of a graded class.
//! - [`fingerprint`] fingerprints each test's definition for [`diff`].
//! - [`diff`] compares two records: whose score or verdicts moved, and why;
//!   [`diff_views`] says so in the terminal, `summary.md` and `report.html`.
//! - [`views`] puts final scores and explanations in `grades.csv`, `results.json`,
//!   the terminal, `summary.md` and `report.html`.
//! - [`export`] writes Canvas, Moodle and Blackboard import files from a roster.
//! - [`git`] reads a git submission as it was at a deadline, without touching it.
//! - [`handed`] reads when each submission was handed in, as the hosting service says.

pub mod course_file;
pub mod diff;
pub mod diff_views;
pub mod explain;
pub mod export;
pub mod fingerprint;
pub mod git;
pub mod handed;
pub mod late;
pub mod policy;
pub mod record;
pub mod views;

pub use diff::{RegradeDiff, compare};
pub use export::{ExportError, Lms, Roster, write_lms_file};
pub use fingerprint::test_fingerprints;
pub use handed::read_handed_in;
pub use late::{Adjustment, Lateness, RawScore, apply};
pub use policy::{COURSE_FILE, CoursePolicy, PolicyError};
pub use record::{Commit, Gradebook, Handed, RECORD_FILE, RecordError, StudentRecord};
pub use views::{
    STATUS_FILE, annotate_results, render_policy_html, render_policy_markdown, render_policy_text,
    write_final_gradebook, write_status_sheet,
};
