//! Reports: feedback a student can act on, and the files instructors keep.
//!
//! Every format is derived from the same [`crate::grading::ExerciseReport`]s.

mod feedback;
mod gradebook;
mod gradescope;
mod paint;

pub use feedback::{render_build_log, render_failure};
pub use gradebook::{GradebookRow, write_gradebook};
pub use gradescope::{gradescope_json, write_results_json};
pub use paint::Paint;
