//! Compiling graded code: one pipeline for `check`, `verify` and `grade`
//! ([`Builder`]): sources taken by [`crate::ingest`] + the trusted template →
//! the content-addressed [`Cache`] → confined cargo in a fresh root →
//! binaries and diagnostics. The build profile is decided in [`profile`],
//! the cache's place and the time limit in [`options`].

mod cache;
mod cargo;
mod diagnostics;
mod options;
mod patch;
mod pipeline;
pub mod profile;

use std::path::{Path, PathBuf};

pub use cache::{Cache, DEFAULT_CACHE_BYTES, Hit};
pub use options::{BUILD_TIME_LIMIT, BuildOptions, CacheConfig, default_cache_dir};
pub use patch::{Variant, apply_variant};
pub use pipeline::{Builder, cache_key};

use crate::ingest::Refusal;
use crate::lang::Lang;
use crate::runner::Programs;

/// A problem of the grader's, not the student's, while building.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A file or directory could not be prepared.
    #[error("cannot prepare `{}` for the build", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Cargo itself could not be started.
    #[error("cannot run cargo")]
    Cargo(#[source] std::io::Error),
    /// The build lasted far longer in wall-clock time than its CPU time
    /// limit without using it: the machine was too busy, never the
    /// student's fault (regrade).
    #[error(
        "the build was stopped after {:.0?} of wall-clock time, having used {} of CPU time: the grading machine was too busy; grade this submission again",
        .wall,
        .cpu.map_or_else(|| "an unknown amount".to_string(), |c| format!("{c:.1?}"))
    )]
    Busy {
        wall: std::time::Duration,
        cpu: Option<std::time::Duration>,
    },
    /// A known-wrong variant's patch does not apply to the solution.
    #[error("patch `{}` does not apply: {message}", .path.display())]
    Patch { path: PathBuf, message: String },
}

/// What a build produced.
#[derive(Debug)]
pub enum BuildOutcome {
    /// The binaries, by name.
    Built(Programs),
    /// The student's code did not compile; the compiler's errors, trimmed.
    Failed { log: String },
}

/// Why an exercise has no programs to test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotBuilt {
    /// The submission has no such exercise (or nothing cargo could build in it).
    Missing {
        /// The exercise folder.
        folder: String,
    },
    /// Ingest refused part of it (a link, a special file, a cap).
    Refused(Refusal),
    /// It did not compile: the compiler's errors.
    Compile {
        /// The errors, trimmed.
        log: String,
    },
    /// The grader could not build or grade it (not the student's fault).
    Error {
        /// What went wrong.
        message: String,
    },
}

impl NotBuilt {
    /// Whether this is the grader's problem rather than the student's.
    pub fn is_grader_error(&self) -> bool {
        matches!(self, NotBuilt::Error { .. })
    }

    /// One line saying why no test of exercise `id` could run.
    pub fn summary(&self, id: &str, lang: Lang) -> String {
        match (self, lang) {
            (NotBuilt::Missing { folder }, Lang::En) => format!(
                "the submission has no `exercises/{folder}/src/`, so no test of `{id}` could run"
            ),
            (NotBuilt::Missing { folder }, Lang::Zh) => {
                format!("提交中没有 `exercises/{folder}/src/`，因此 `{id}` 的测试都无法运行")
            }
            (NotBuilt::Refused(refusal), Lang::En) => {
                format!("`{id}` was not graded: {}", refusal.message(Lang::En))
            }
            (NotBuilt::Refused(refusal), Lang::Zh) => {
                format!("`{id}` 未评分：{}", refusal.message(Lang::Zh))
            }
            (NotBuilt::Compile { .. }, Lang::En) => format!(
                "`{id}` did not build, so no test of it could run: fix the compiler's errors first"
            ),
            (NotBuilt::Compile { .. }, Lang::Zh) => {
                format!("`{id}` 没有编译通过，因此它的测试都无法运行：请先修正编译错误")
            }
            (NotBuilt::Error { message }, Lang::En) => {
                format!("the grader could not grade `{id}`: {message}")
            }
            (NotBuilt::Error { message }, Lang::Zh) => {
                format!("评分程序无法评分 `{id}`：{message}")
            }
        }
    }
}

/// Parses a cache bound such as `2GiB` or `500MB` (`--cache-size`).
pub fn parse_cache_size(text: &str) -> Result<u64, String> {
    crate::scenario::parse_size(&crate::scenario::raw::RawSize::Text(text.to_string()))
}

/// Copies a trusted directory tree (files and folders only; links are skipped).
pub(crate) fn copy_tree(from: &Path, to: &Path) -> Result<(), BuildError> {
    let io = |path: &Path, source| BuildError::Io {
        path: path.to_path_buf(),
        source,
    };
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(|e| io(from, e.into()))?;
        let target = to.join(entry.path().strip_prefix(from).unwrap_or(entry.path()));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| io(&target, e))?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).map_err(|e| io(&target, e))?;
        }
    }
    Ok(())
}
