//! Reports: feedback a student can act on, and the files instructors keep.
//!
//! Every format is derived from the same [`crate::grading::ExerciseReport`]s.
//! The class-level views (the terminal summary and `report.html`, see
//! [`render_html`]) share one [`ClassModel`].

mod class;
mod feedback;
mod gradebook;
mod gradescope;
mod html;
mod labels;
mod paint;
#[cfg(test)]
mod sample;

pub use class::{ClassModel, ScoreSet, Stats, SubmissionScores, TestRate, WEAKEST_SHOWN};
pub use feedback::{render_build_log, render_failure};
pub use gradebook::{GradebookRow, write_gradebook};
pub use gradescope::{gradescope_json, write_results_json};
pub use html::{ClassReport, escape, render_html, utc_date, write_html};
pub use labels::Labels;
pub use paint::Paint;
