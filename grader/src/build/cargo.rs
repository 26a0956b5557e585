//! Running cargo and reading its JSON messages.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::{BuildError, BuildOutcome, copy_tree};
use crate::runner::Programs;

/// At most this many lines of compiler output reach a student.
const MAX_LOG_LINES: usize = 60;
/// How long a build of submitted sources may take (a `const` that loops
/// forever would otherwise hold the grader up for good).
pub(super) const BUILD_TIME_LIMIT: Duration = Duration::from_secs(180);

/// Builds the binaries of `package` in the workspace at `root`, as the student would.
pub fn build_in_workspace(root: &Path, package: &str) -> Result<BuildOutcome, BuildError> {
    let mut cmd = cargo();
    cmd.current_dir(root).args(["build", "--package", package]);
    run(cmd, None)
}

/// Builds `src` as the package of the trusted `template` manifest, in `work`:
/// `work/<package>/Cargo.toml` is the template's, `work/<package>/src` a copy of
/// `src`, and `work/target` the build's own target directory. Nothing else is
/// read from where `src` came from.
pub fn build_sources(
    template: &Path,
    src: Option<&Path>,
    work: &Path,
) -> Result<BuildOutcome, BuildError> {
    build_sources_within(template, src, work, BUILD_TIME_LIMIT)
}

/// [`build_sources`], stopped (and failed) after `limit`.
pub fn build_sources_within(
    template: &Path,
    src: Option<&Path>,
    work: &Path,
    limit: Duration,
) -> Result<BuildOutcome, BuildError> {
    let crate_dir = work.join("crate");
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BuildError::Io { path, source }
    };
    if crate_dir.exists() {
        std::fs::remove_dir_all(&crate_dir).map_err(io(&crate_dir))?;
    }
    std::fs::create_dir_all(&crate_dir).map_err(io(&crate_dir))?;
    let manifest = std::fs::read_to_string(template).map_err(io(template))?;
    // Its own workspace: cargo must not go looking for one in the folders above.
    let manifest = format!("{manifest}\n[workspace]\n");
    std::fs::write(crate_dir.join("Cargo.toml"), manifest).map_err(io(&crate_dir))?;
    match src {
        Some(src) => copy_tree(src, &crate_dir.join("src"))?,
        None => std::fs::create_dir_all(crate_dir.join("src")).map_err(io(&crate_dir))?,
    }
    // The compiler reads student code: it gets the same care as the program.
    let (mut cmd, _guard) = crate::sandbox::confined_cargo(work).map_err(io(work))?;
    cmd.current_dir(&crate_dir)
        .stdin(Stdio::null())
        .args(["build", "--offline", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", work.join("target"));
    run(cmd, Some(limit))
}

fn cargo() -> Command {
    let mut cmd =
        Command::new(std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo")));
    cmd.stdin(Stdio::null());
    cmd
}

/// Runs `cargo build` (the caller's words, then ours), for at most `limit`,
/// and collects the binaries.
fn run(mut cmd: Command, limit: Option<Duration>) -> Result<BuildOutcome, BuildError> {
    cmd.args([
        "--bins",
        "--message-format=json-render-diagnostics",
        "--color",
        "never",
    ]);
    let output = match limit {
        None => cmd.output().map_err(BuildError::Cargo)?,
        Some(limit) => {
            match crate::sandbox::output_within(cmd, limit).map_err(BuildError::Cargo)? {
                Some(output) => output,
                None => {
                    return Ok(BuildOutcome::Failed {
                        log: format!(
                            "the build took longer than {limit:?} and was stopped (a `const` or macro that never finishes?)"
                        ),
                    });
                }
            }
        }
    };
    if !output.status.success() {
        return Ok(BuildOutcome::Failed {
            log: trim_log(&String::from_utf8_lossy(&output.stderr)),
        });
    }
    let mut programs = Programs::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-artifact" {
            continue;
        }
        if let (Some(name), Some(exe)) = (
            message["target"]["name"].as_str(),
            message["executable"].as_str(),
        ) {
            programs.insert(name, vec![PathBuf::from(exe).into_os_string()]);
        }
    }
    Ok(BuildOutcome::Built(programs))
}

/// Whether a line of cargo's stderr only reports progress (`Compiling …`).
pub(super) fn is_progress(line: &str) -> bool {
    const PROGRESS: [&str; 6] = [
        "Compiling ",
        "Blocking ",
        "Locking ",
        "Adding ",
        "Updating ",
        "Finished ",
    ];
    let line = line.trim_start();
    PROGRESS.iter().any(|word| line.starts_with(word))
}

/// Keeps the compiler's errors a student needs: no progress lines, no
/// warnings-only noise after the errors, at most [`MAX_LOG_LINES`] lines.
fn trim_log(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().filter(|l| !is_progress(l)).collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("error"))
        .unwrap_or(0);
    let kept = &lines[start..];
    let mut log = kept
        .iter()
        .take(MAX_LOG_LINES)
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    if kept.len() > MAX_LOG_LINES {
        log.push_str(&format!("\n… ({} more lines)", kept.len() - MAX_LOG_LINES));
    }
    log
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_starts_at_the_first_error_without_progress_lines() {
        let log = "   Compiling x v0.1.0\nwarning: unused\nerror[E0425]: cannot find value `y`\n --> src/main.rs:1:1\n";
        assert_eq!(
            trim_log(log),
            "error[E0425]: cannot find value `y`\n --> src/main.rs:1:1"
        );
    }
}
