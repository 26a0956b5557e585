//! Running cargo over a grader-written workspace, confined, and sorting its
//! JSON messages by exercise: the only place graded code is compiled.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use super::BuildError;

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
/// same care as the program), for at most `limit`; `None` when stopped.
pub(super) fn run_cargo(ws: &Path, limit: Duration) -> Result<Option<CargoRun>, BuildError> {
    let (mut cmd, _guard) =
        crate::sandbox::confined_cargo(ws).map_err(|source| BuildError::Io {
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
    let Some(output) = crate::sandbox::output_within(cmd, limit).map_err(BuildError::Cargo)? else {
        return Ok(None);
    };
    let mut run = CargoRun {
        success: output.status.success(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        ..CargoRun::default()
    };
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(folder) = folder_of(message["manifest_path"].as_str()) else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-message") if message["message"]["level"] == "error" => {
                if let Some(text) = message["message"]["rendered"].as_str() {
                    run.errors.entry(folder).or_default().push(text.to_string());
                }
            }
            Some("compiler-artifact") => {
                if let (Some(name), Some(exe)) = (
                    message["target"]["name"].as_str(),
                    message["executable"].as_str(),
                ) {
                    run.programs
                        .entry(folder)
                        .or_default()
                        .push((name.to_string(), PathBuf::from(exe)));
                }
            }
            _ => {}
        }
    }
    Ok(Some(run))
}

/// The exercise folder of a member's manifest path.
fn folder_of(manifest: Option<&str>) -> Option<String> {
    let manifest = Path::new(manifest?);
    Some(
        manifest
            .parent()?
            .file_name()?
            .to_string_lossy()
            .into_owned(),
    )
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
