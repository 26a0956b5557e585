//! Compiling student code: in the student's own workspace (for `check`), or
//! from bare sources inside a fresh copy of the trusted template (for `grade`
//! and `verify`), where nothing but the sources comes from the submission.

mod batch;
mod cargo;
mod patch;

use std::path::{Path, PathBuf};

pub use batch::BuildDir;
pub use cargo::{build_in_workspace, build_sources, build_sources_within};
pub use patch::{Variant, apply_variant};

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
    /// A known-wrong variant's patch does not apply to the solution.
    #[error("patch `{}` does not apply: {message}", .path.display())]
    Patch { path: PathBuf, message: String },
}

/// How the log of an exercise the submission does not have begins.
pub const MISSING_PREFIX: &str = "the submission has no";

/// What a build produced.
#[derive(Debug)]
pub enum BuildOutcome {
    /// The binaries, by name.
    Built(Programs),
    /// The student's code did not compile; the compiler's errors, trimmed.
    Failed { log: String },
}

/// Copies a directory tree (files and folders only; links are skipped).
pub(crate) fn copy_tree(from: &Path, to: &Path) -> Result<(), BuildError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BuildError::Io { path, source }
    };
    std::fs::create_dir_all(to).map_err(io(to))?;
    for entry in std::fs::read_dir(from).map_err(io(from))? {
        let entry = entry.map_err(io(from))?;
        let kind = entry.file_type().map_err(io(&entry.path()))?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target).map_err(io(&target))?;
        }
    }
    Ok(())
}
