//! The declarative test format: one TOML file of tests per exercise, read strictly.
//!
//! A file holds `format-version`, optional `[defaults]` and any number of
//! `[[test]]` tables; see [`raw`] for every key. Loading checks every key and
//! value and reports the file, line and key of the first problem.

mod files;
mod limits;
mod load;
mod payload;
pub mod raw;
mod step;
mod talk;

pub use files::{FileCheck, FileContent, FileExpect, FileSetup};
pub use limits::Limits;
pub(crate) use limits::parse_size;
pub use load::{ScenarioError, TestCase, TestFile, Visibility};
pub(crate) use load::{line_of, unknown_version};
pub use payload::{RandomLines, escape_bytes, escape_tokens};
pub use step::{Signal, Step, StepKind};
