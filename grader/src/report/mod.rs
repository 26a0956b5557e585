//! Reports: feedback a student can act on, and the files instructors keep.
//!
//! Every format is derived from the same [`crate::grading::ExerciseReport`]s:
//! `results.json` ([`gradescope_json`]), `grades.csv` ([`write_gradebook`]),
//! JUnit XML ([`junit_report`]) and Markdown ([`render_markdown`]).
//! The class-level views (the terminal summary, `report.html`, see
//! [`render_html`], and the Markdown summary) share one [`ClassModel`].

mod feedback;
mod gradebook;
mod gradescope;
mod html;
mod invisible;
mod junit;

mod markdown;
mod packets;
mod paint;
mod safe;
#[cfg(test)]
pub(crate) mod sample;
mod stats;

pub use crate::text::labels::Labels;
pub use feedback::{
    render_build_log, render_build_log_in, render_failure, render_failure_in,
    render_hidden_failure, render_hidden_failure_in,
};
pub use gradebook::{GradebookRow, number, number as score_text, row_status, write_gradebook};
pub use gradescope::{
    exercises_from_json, gradescope_json, gradescope_json_in, test_output, test_output_in,
    write_results_json, write_results_json_in,
};
pub use html::{ClassReport, render_html, utc_date, write_html};
pub use junit::{junit_report, write_junit};
pub use markdown::{markdown_text, render_markdown};
pub use packets::render_packets;
pub use paint::Paint;
pub use safe::{REPORT_FILES, escape_controls, neutralize_cell, restore_cell, results_folder};
pub use stats::{ClassModel, ScoreSet, Stats, SubmissionScores, TestRate, WEAKEST_SHOWN};
