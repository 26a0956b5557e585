//! netlab's grader: test files, the runner, builds, scores and reports.
//!
//! - [`scenario`] reads the declarative test files, strictly.
//! - [`file_error`] is the one error of reading a test or quiz file (file, line, key).
//! - [`runner`] runs a test against a program: start, readiness, steps, kill.
//! - [`outcome`] is what a run produced, kept apart from grader errors.
//! - [`course`] finds the exercises, their tests and known-wrong variants.
//! - [`sandbox`] confines student programs: limits, cleanup, filesystem rules.
//! - [`ingest`] reads a submitted tree strictly into a snapshot (the only code that does).
//! - [`build`] compiles a student's sources inside the trusted template.
//! - [`grading`] ties them together: build, run, score one submission.
//! - [`submissions`] grades many submissions (a class) at once, in parallel.
//! - [`events`] is the one stream the engine emits and every report consumes.
//! - [`gradebook`] turns raw scores into final grades after grading: course
//!   policy, regrade diffs, LMS export, git submissions at a deadline.
//! - [`report`] turns results into feedback, JSON, CSV and the HTML class report.
//! - [`quiz`] scores the concept quiz's answers, as tests like any other.
//! - [`progress`] remembers each exercise's last check for `list` and `hint`.
//! - [`lang`] picks English or Chinese texts.
//! - [`verify`] proves the tests: solutions pass, stubs and variants fail.
//! - [`track`] grades tracks in other languages (the Python course), described by data.
//! - [`unavailable`] makes a test that cannot run here fail, not pass.
//! - [`text`] holds every sentence a person reads, in English and Chinese side by side.

pub mod build;
pub mod course;
pub mod events;
pub mod file_error;
pub mod gradebook;
pub mod grading;
pub mod ingest;
pub mod lang;
pub mod outcome;
pub mod pool;
pub mod progress;
pub mod quiz;
pub mod report;
pub mod runner;
pub mod sandbox;
pub mod scenario;
pub mod submissions;
pub mod text;
pub mod track;
pub mod unavailable;
pub mod verify;
