//! Setup shared by xtask's end-to-end tests: the workspace, copied trees,
//! JSON reports, and the real `xtask` binary run as a grader runs it. The
//! expectations read from the course's own data are in [`course_data`].
//!
//! Include it with `mod support;`.

// Every test file is its own crate and compiles this module anew, using only
// a part of it: what one file leaves unused is not dead.
#![allow(dead_code, reason = "each test file uses a part of it")]

pub(crate) mod course_data;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The workspace root (xtask's parent folder).
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Copies the directory tree `from` to `to`, leaving out every folder
/// named in `skip` (such as `target`).
pub(crate) fn copy_dir(from: &Path, to: &Path, skip: &[&str]) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            if !skip.iter().any(|s| entry.file_name() == *s) {
                copy_dir(&entry.path(), &target, skip);
            }
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The text of `path`; panics naming the file when it cannot be read.
pub(crate) fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The JSON document at `path`.
pub(crate) fn read_json(path: &Path) -> Value {
    serde_json::from_str(&read(path)).expect("valid JSON")
}

/// Bytes a program printed, as text.
pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// This build's `xtask`, started in the workspace root with no colour and
/// no GitHub step summary to write.
pub(crate) fn xtask() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command
        .current_dir(root())
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1");
    command
}

/// Gives `command` the locale `lang` alone: `LANG`, with no `LC_ALL` or
/// `LC_MESSAGES` of the caller's over it.
pub(crate) fn locale<'a>(command: &'a mut Command, lang: &str) -> &'a mut Command {
    command
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
}

/// Runs `command`, which must succeed: a failure panics with its exit
/// status, stdout and stderr.
pub(crate) fn succeeds(command: &mut Command) -> Output {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} exited {:?}: {}\n{}",
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr)
    );
    output
}

/// What `command` printed on stdout; it must succeed (see [`succeeds`]).
pub(crate) fn stdout_of(command: &mut Command) -> String {
    text(&succeeds(command).stdout)
}

/// Runs `xtask grade ARGS` (see [`xtask`]), which must succeed; with its
/// own build directory, `TMP/work`, when `tmp` is given.
pub(crate) fn grade(tmp: Option<&Path>, args: &[&str]) -> Output {
    let mut command = xtask();
    command.arg("grade").args(args);
    if let Some(tmp) = tmp {
        command.arg("--work").arg(tmp.join("work"));
    }
    succeeds(&mut command)
}
