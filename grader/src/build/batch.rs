//! Building whole submissions fast: one persistent build directory per
//! worker, reused from one submission to the next.
//!
//! The directory is a workspace shaped like a student's repository
//! (`exercises/<folder>/`), with the trusted template's manifests. For each
//! submission only the files under `src/` are replaced, and only where their
//! bytes differ, so cargo starts once per submission for all its exercises,
//! keeps its fingerprints and target directory, and recompiles only the crates
//! whose sources really changed. `--keep-going` lets every exercise that
//! compiles build even when another does not, and the compiler's errors are
//! attributed to their exercise from cargo's JSON messages.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use super::{BuildError, BuildOutcome, MISSING_PREFIX};
use crate::course::{Course, Exercise};
use crate::runner::Programs;

/// At most this many lines of compiler errors reach a student.
const MAX_LOG_LINES: usize = 60;

/// At most this many errors are shown; the rest are counted.
const MAX_ERRORS: usize = 5;

/// A worker's persistent build directory.
#[derive(Debug)]
pub struct BuildDir {
    root: PathBuf,
    /// The template manifest of each exercise, by folder.
    templates: BTreeMap<String, String>,
    /// The members of the workspace manifest as last written.
    members: Option<Vec<String>>,
    /// The lock that keeps other grading runs out of this directory.
    _lock: nix::fcntl::Flock<std::fs::File>,
    /// By folder: the programs of the *other* exercises, which a submission's
    /// `src/bin/` may not define (cargo would put both in one file).
    reserved: BTreeMap<String, BTreeSet<OsString>>,
}

impl BuildDir {
    /// Claims the first build directory `parent/worker-N`, N from `first` on,
    /// that no other worker (of this run or another) holds, and prepares it.
    pub fn claim(course: &Course, parent: &Path, first: usize) -> Result<BuildDir, BuildError> {
        for n in first.. {
            let root = parent.join(format!("worker-{n}"));
            if let Some(dir) = BuildDir::new(course, &root)? {
                return Ok(dir);
            }
        }
        unreachable!("some build directory is free")
    }

    /// Prepares (or reuses) the build directory `root` for `course`'s
    /// exercises; `None` when another worker holds it.
    pub fn new(course: &Course, root: &Path) -> Result<Option<BuildDir>, BuildError> {
        let mut templates = BTreeMap::new();
        // Only programs are built; a quiz has no crate.
        let programs_only = course
            .exercises
            .iter()
            .filter(|e| e.kind == crate::course::ExerciseKind::Program);
        for exercise in programs_only.clone() {
            let path = course.exercise_dir(exercise).join("Cargo.toml");
            let text = std::fs::read_to_string(&path).map_err(io(&path))?;
            templates.insert(exercise.folder.clone(), text);
        }
        let programs: BTreeMap<String, BTreeSet<String>> = programs_only
            .map(|e| (e.folder.clone(), stub_programs(course, e)))
            .collect();
        let reserved = programs
            .keys()
            .map(|folder| {
                let others = programs
                    .iter()
                    .filter(|(other, _)| *other != folder)
                    .flat_map(|(_, names)| names)
                    .flat_map(|name| [OsString::from(name), OsString::from(format!("{name}.rs"))])
                    .collect();
                (folder.clone(), others)
            })
            .collect();
        std::fs::create_dir_all(root).map_err(io(root))?;
        let path = root.join(".netlab-lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io(&path))?;
        let lock = match nix::fcntl::Flock::lock(file, nix::fcntl::FlockArg::LockExclusiveNonblock)
        {
            Ok(lock) => lock,
            Err((_, nix::errno::Errno::EWOULDBLOCK)) => return Ok(None),
            Err((_, errno)) => return Err(io(&path)(std::io::Error::from(errno))),
        };
        Ok(Some(BuildDir {
            _lock: lock,
            root: root.to_path_buf(),
            templates,
            members: None,
            reserved,
        }))
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Builds each exercise from its `src/` directory (`None`: the submission
    /// has none, and it is not built). Outcomes come back in the order given.
    pub fn build(
        &mut self,
        sources: &[(Exercise, Option<PathBuf>)],
    ) -> Result<Vec<BuildOutcome>, BuildError> {
        let present: Vec<&Exercise> = sources
            .iter()
            .filter(|(_, src)| src.is_some())
            .map(|(e, _)| e)
            .collect();
        for (exercise, src) in sources {
            if let Some(src) = src {
                self.sync_member(exercise, src)?;
            }
        }
        let mut outcomes: BTreeMap<String, BuildOutcome> = BTreeMap::new();
        if !present.is_empty() {
            self.write_workspace(&present)?;
            outcomes = self.run_cargo(&present)?;
        }
        Ok(sources
            .iter()
            .map(|(exercise, src)| match src {
                None => BuildOutcome::Failed {
                    log: format!(
                        "{MISSING_PREFIX} `exercises/{}/src/` folder",
                        exercise.folder
                    ),
                },
                Some(_) => {
                    outcomes
                        .remove(&exercise.folder)
                        .unwrap_or_else(|| BuildOutcome::Failed {
                            log: "cargo built nothing for this exercise".to_string(),
                        })
                }
            })
            .collect())
    }

    /// Writes the trusted manifest and mirrors `src` into the member's `src/`.
    fn sync_member(&self, exercise: &Exercise, src: &Path) -> Result<(), BuildError> {
        let dir = self.member_dir(exercise);
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let template = self
            .templates
            .get(&exercise.folder)
            .map_or("", String::as_str);
        write_if_changed(&dir.join("Cargo.toml"), template.as_bytes())?;
        let none = BTreeSet::new();
        let reserved = self.reserved.get(&exercise.folder).unwrap_or(&none);
        mirror(src, &dir.join("src"), &none)?;
        // A program of another exercise defined here is left out.
        if src.join("bin").is_dir() {
            mirror(&src.join("bin"), &dir.join("src/bin"), reserved)?;
        }
        Ok(())
    }

    fn member_dir(&self, exercise: &Exercise) -> PathBuf {
        self.root.join("exercises").join(&exercise.folder)
    }

    /// The workspace manifest: only the exercises this submission has, and a
    /// dev profile tuned for one-off builds (no incremental state, no debug info).
    fn write_workspace(&mut self, present: &[&Exercise]) -> Result<(), BuildError> {
        let members: Vec<String> = present
            .iter()
            .map(|e| format!("exercises/{}", e.folder))
            .collect();
        if self.members.as_ref() == Some(&members) {
            return Ok(());
        }
        let list = members
            .iter()
            .map(|m| format!("{m:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        let manifest = format!(
            "# Written by the netlab grader: the trusted template, nothing from a submission.\n\
             [workspace]\nresolver = \"3\"\nmembers = [{list}]\n\n\
             [profile.dev]\nincremental = false\ndebug = 0\n"
        );
        write_if_changed(&self.root.join("Cargo.toml"), manifest.as_bytes())?;
        self.members = Some(members);
        Ok(())
    }

    /// Runs cargo once for all present exercises and sorts its messages by exercise.
    fn run_cargo(
        &self,
        present: &[&Exercise],
    ) -> Result<BTreeMap<String, BuildOutcome>, BuildError> {
        // The compiler reads student code: it gets the same care as the
        // program (Landlock: no reading hidden tests with `include_str!`).
        let (mut cmd, _guard) =
            crate::sandbox::confined_cargo(&self.root).map_err(io(&self.root))?;
        cmd.current_dir(&self.root)
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
            .env("CARGO_TARGET_DIR", self.root.join("target"))
            // Settings of the caller's environment must not change the build.
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_BUILD_RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("RUSTC_WRAPPER")
            .env_remove("CARGO_INCREMENTAL");
        let Some(output) = crate::sandbox::output_within(cmd, super::cargo::BUILD_TIME_LIMIT)
            .map_err(BuildError::Cargo)?
        else {
            let log = format!(
                "the build took longer than {:?} and was stopped (a `const` or macro that never finishes?)",
                super::cargo::BUILD_TIME_LIMIT
            );
            return Ok(present
                .iter()
                .map(|e| (e.folder.clone(), BuildOutcome::Failed { log: log.clone() }))
                .collect());
        };
        let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut programs: BTreeMap<String, Programs> = BTreeMap::new();
        let folder_of = |manifest: Option<&str>| -> Option<String> {
            let manifest = Path::new(manifest?);
            Some(
                manifest
                    .parent()?
                    .file_name()?
                    .to_string_lossy()
                    .into_owned(),
            )
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
                        errors.entry(folder).or_default().push(text.to_string());
                    }
                }
                Some("compiler-artifact") => {
                    if let (Some(name), Some(exe)) = (
                        message["target"]["name"].as_str(),
                        message["executable"].as_str(),
                    ) {
                        programs
                            .entry(folder)
                            .or_default()
                            .insert(name, vec![PathBuf::from(exe).into_os_string()]);
                    }
                }
                _ => {}
            }
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut outcomes = BTreeMap::new();
        for exercise in present {
            let folder = &exercise.folder;
            let outcome = if let Some(errors) = errors.get(folder) {
                BuildOutcome::Failed {
                    log: trim_errors(errors),
                }
            } else if !output.status.success() && !programs.contains_key(folder) {
                // Cargo failed before compiling anything of this exercise.
                BuildOutcome::Failed {
                    log: cargo_failure(&stderr),
                }
            } else {
                BuildOutcome::Built(programs.remove(folder).unwrap_or_default())
            };
            outcomes.insert(folder.clone(), outcome);
        }
        Ok(outcomes)
    }
}

/// The compiler's errors as a student needs them: errors only (no warnings),
/// at most [`MAX_ERRORS`] of them and [`MAX_LOG_LINES`] lines.
fn trim_errors(errors: &[String]) -> String {
    let shown: Vec<&str> = errors
        .iter()
        .filter(|e| !e.starts_with("error: aborting due to"))
        .map(|e| e.trim_end())
        .collect();
    let mut text = shown
        .iter()
        .take(MAX_ERRORS)
        .copied()
        .collect::<Vec<_>>()
        .join("\n\n");
    if shown.len() > MAX_ERRORS {
        text.push_str(&format!(
            "\n\n… and {} more error(s)",
            shown.len() - MAX_ERRORS
        ));
    }
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() > MAX_LOG_LINES {
        let mut kept = lines[..MAX_LOG_LINES].join("\n");
        kept.push_str(&format!("\n… ({} more lines)", lines.len() - MAX_LOG_LINES));
        kept
    } else {
        text
    }
}

/// Cargo's own complaint, without progress lines.
fn cargo_failure(stderr: &str) -> String {
    let kept: Vec<&str> = stderr
        .lines()
        .filter(|l| !super::cargo::is_progress(l))
        .take(MAX_LOG_LINES)
        .collect();
    kept.join("\n")
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + use<> {
    let path = path.to_path_buf();
    move |source| BuildError::Io { path, source }
}

/// Writes `bytes` to `path` unless it already holds exactly them, so that an
/// unchanged file keeps its modification time and cargo its fingerprint.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    std::fs::write(path, bytes).map_err(io(path))
}

/// The programs of an exercise's stub: its package's main program and each
/// program under `src/bin/`.
fn stub_programs(course: &Course, exercise: &Exercise) -> BTreeSet<String> {
    let mut names = BTreeSet::from([exercise.id.clone()]);
    let bin = course.exercise_dir(exercise).join("src/bin");
    if let Ok(entries) = std::fs::read_dir(bin) {
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if let Some(stem) = path.file_stem() {
                names.insert(stem.to_string_lossy().into_owned());
            }
        }
    }
    names
}

/// Makes `to` hold exactly the regular files and folders of `from` but the
/// entries named in `skip` (links and other special files are skipped too),
/// touching only what differs.
fn mirror(from: &Path, to: &Path, skip: &BTreeSet<OsString>) -> Result<(), BuildError> {
    std::fs::create_dir_all(to).map_err(io(to))?;
    let mut wanted = BTreeSet::new();
    for entry in std::fs::read_dir(from).map_err(io(from))? {
        let entry = entry.map_err(io(from))?;
        if skip.contains(&entry.file_name()) {
            continue;
        }
        let kind = entry.file_type().map_err(io(&entry.path()))?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            if target.is_file() || target.is_symlink() {
                std::fs::remove_file(&target).map_err(io(&target))?;
            }
            mirror(&entry.path(), &target, &BTreeSet::new())?;
        } else if kind.is_file() {
            if target.is_dir() && !target.is_symlink() {
                std::fs::remove_dir_all(&target).map_err(io(&target))?;
            }
            let bytes = std::fs::read(entry.path()).map_err(io(&entry.path()))?;
            write_if_changed(&target, &bytes)?;
        } else {
            continue;
        }
        wanted.insert(entry.file_name());
    }
    for entry in std::fs::read_dir(to).map_err(io(to))? {
        let entry = entry.map_err(io(to))?;
        if wanted.contains(&entry.file_name()) {
            continue;
        }
        let path = entry.path();
        let removed = if path.is_dir() && !path.is_symlink() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        removed.map_err(io(&path))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_capped_and_counted() {
        let errors: Vec<String> = (0..7).map(|i| format!("error: number {i}")).collect();
        let text = trim_errors(&errors);
        assert!(text.contains("error: number 4"));
        assert!(!text.contains("error: number 5"));
        assert!(text.ends_with("… and 2 more error(s)"));
    }

    #[test]
    fn mirroring_removes_stale_files_and_keeps_unchanged_ones() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let from = tmp.path().join("from");
        let to = tmp.path().join("to");
        std::fs::create_dir_all(from.join("bin")).expect("mkdir");
        std::fs::write(from.join("main.rs"), "fn main() {}").expect("write");
        std::fs::write(from.join("bin/x.rs"), "fn main() {}").expect("write");
        std::fs::create_dir_all(&to).expect("mkdir");
        std::fs::write(to.join("stale.rs"), "old").expect("write");
        std::fs::write(to.join("main.rs"), "fn main() {}").expect("write");
        let before = std::fs::metadata(to.join("main.rs"))
            .and_then(|m| m.modified())
            .expect("mtime");
        mirror(&from, &to, &BTreeSet::new()).expect("mirror");
        assert!(!to.join("stale.rs").exists());
        assert!(to.join("bin/x.rs").is_file());
        let after = std::fs::metadata(to.join("main.rs"))
            .and_then(|m| m.modified())
            .expect("mtime");
        assert_eq!(before, after, "an unchanged file is not rewritten");
    }
}
