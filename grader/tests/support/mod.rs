//! Setup shared by the grader's integration tests: the workspace, files
//! written and copied into temporary courses, and student programs run
//! from inline test files ([`run`]).
//!
//! Include it with `mod support;`.

// Every test file is its own crate and compiles this module anew, using only
// a part of it: what one file leaves unused is not dead.
#![allow(dead_code, reason = "each test file uses a part of it")]

pub(crate) mod run;

use std::path::{Path, PathBuf};

/// The workspace root (the grader crate's parent folder).
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("grader lives in the workspace")
        .to_path_buf()
}

/// Writes `text` to `path`, creating its folders.
pub(crate) fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// The text of `path`; panics naming the file when it cannot be read.
pub(crate) fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Copies the directory tree `from` to `to`.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Writes a course into `dir` holding the workspace's tcp-server exercise:
/// its `tests.toml`, and its `Cargo.toml` (the build template) followed by
/// `extra`. Returns that `Cargo.toml` as the workspace has it.
pub(crate) fn tcp_server_course(dir: &Path, extra: &str) -> String {
    let real = root().join("exercises/01-tcp-server");
    let template = read(&real.join("Cargo.toml"));
    write(
        &dir.join("exercises/01-tcp-server/Cargo.toml"),
        &format!("{template}{extra}"),
    );
    write(
        &dir.join("exercises/01-tcp-server/tests.toml"),
        &read(&real.join("tests.toml")),
    );
    template
}
