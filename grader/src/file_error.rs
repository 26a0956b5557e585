//! The one error of reading the grader's own TOML files (test files and quiz
//! files): it names the file, and where it can the line and the key.

use std::path::PathBuf;

/// Which kind of file could not be loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A test file (`grader/tests/*.toml`, `grader/hidden/*.toml`).
    Test,
    /// A quiz file (the public questions or the hidden checks).
    Quiz,
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FileKind::Test => "test file",
            FileKind::Quiz => "quiz file",
        })
    }
}

/// A problem with one of the grader's files (the grader's, not the student's).
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file could not be read.
    #[error("cannot read {kind} `{}`", .path.display())]
    Read {
        kind: FileKind,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The TOML is malformed, or a key or value is wrong.
    #[error("{}: {message}", .path.display())]
    Parse { path: PathBuf, message: String },
    /// A value is well-formed but does not make sense.
    #[error("{}:{line}: {message}", .path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
}
