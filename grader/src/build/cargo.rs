//! Running cargo over a grader-written workspace, confined, and sorting its
//! JSON messages by exercise: the only place graded code is compiled.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use cargo_metadata::diagnostic::DiagnosticLevel;
use cargo_metadata::{Message, Target};

use super::BuildError;
use crate::sandbox::Bounded;

/// What one cargo run produced, by exercise folder.
#[derive(Debug, Default)]
pub(super) struct CargoRun {
    /// Each exercise's rendered compiler errors.
    pub(super) errors: BTreeMap<String, Vec<String>>,
    /// Each exercise's binaries: program name and built file.
    pub(super) programs: BTreeMap<String, Vec<(String, PathBuf)>>,
    /// Whether cargo reported success.
    pub(super) success: bool,
    /// Cargo's stderr.
    pub(super) stderr: String,
}

/// Builds every member of the workspace `ws` with
/// `sandbox::confined_cargo` (the compiler reads student code: it gets the
/// same care as the program), for at most `limit` of CPU time; `None` when
/// stopped for spinning past it, an error when the machine was too busy to
/// finish it (see [`crate::sandbox::output_within`]).
pub(super) fn run_cargo(ws: &Path, limit: Duration) -> Result<Option<CargoRun>, BuildError> {
    let (mut cmd, guard) = crate::sandbox::confined_cargo(ws).map_err(|source| BuildError::Io {
        path: ws.to_path_buf(),
        source,
    })?;
    cmd.current_dir(ws)
        .stdin(Stdio::null())
        .args([
            "build",
            "--offline",
            "--workspace",
            "--bins",
            "--keep-going",
            "--message-format=json",
            "--color",
            "never",
        ])
        .env("CARGO_TARGET_DIR", ws.join("target"));
    let output =
        match crate::sandbox::output_within(cmd, &guard, limit).map_err(BuildError::Cargo)? {
            Bounded::Finished(output) => output,
            Bounded::OverOwnTime => return Ok(None),
            Bounded::OverWall { wall, cpu } => return Err(BuildError::Busy { wall, cpu }),
        };
    let mut run = CargoRun {
        success: output.status.success(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        ..CargoRun::default()
    };
    for message in cargo_metadata::Message::parse_stream(output.stdout.as_slice()) {
        match message {
            Ok(Message::CompilerMessage(m)) if m.message.level == DiagnosticLevel::Error => {
                if let (Some(folder), Some(text)) = (folder_of(&m.target), m.message.rendered) {
                    run.errors.entry(folder).or_default().push(text);
                }
            }
            Ok(Message::CompilerArtifact(a)) => {
                if let (Some(folder), Some(exe)) = (folder_of(&a.target), a.executable) {
                    let programs = run.programs.entry(folder).or_default();
                    programs.push((a.target.name, exe.into_std_path_buf()));
                }
            }
            _ => {}
        }
    }
    Ok(Some(run))
}

/// The exercise folder of a member's target: members are
/// `exercises/<folder>/` of the workspace, their targets under `src/`.
fn folder_of(target: &Target) -> Option<String> {
    let parts: Vec<&str> = target.src_path.components().map(|c| c.as_str()).collect();
    let at = parts.iter().rposition(|part| *part == "exercises")?;
    parts.get(at + 1).map(|folder| folder.to_string())
}

/// The files (other than its own sources under `allowed`) that the
/// compiler read to build the program `name` in the workspace `ws`, from
/// rustc's dep-info files (`target/debug/deps/<crate>-<hash>.d`, written
/// even when another member fails). `ws` holds no link (the grader wrote
/// it), so normalising `..` away by hand is exact inside it. Without
/// dep-info nothing can be vouched for: that fails closed.
pub(super) fn read_outside(name: &str, ws: &Path, allowed: &Path) -> Vec<String> {
    let deps = ws.join("target/debug/deps");
    let prefix = format!("{}-", name.replace('-', "_"));
    let dep_files: Vec<PathBuf> = std::fs::read_dir(&deps)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".d"))
        })
        .collect();
    if dep_files.is_empty() {
        return vec![format!("target/debug/deps/{prefix}*.d (missing)")];
    }
    let mut outside = Vec::new();
    for file in dep_files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            outside.push(file.display().to_string());
            continue;
        };
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            // `target: dep dep …`, spaces in paths escaped as `\ `.
            let line = line.replace("\\ ", "\u{0}");
            let Some((_, list)) = line.split_once(": ") else {
                continue;
            };
            for dep in list.split_whitespace() {
                let dep = normalize(&ws.join(dep.replace('\u{0}', " ")));
                if !dep.starts_with(allowed) {
                    outside.push(dep.display().to_string());
                }
            }
        }
    }
    outside
}

/// `path` with `.` and `..` resolved by hand.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
