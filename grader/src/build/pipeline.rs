//! The one build pipeline of `check`, `verify` and `grade`:
//! taken sources + trusted template → cache (a hit is done) → confined cargo
//! in a fresh root → binaries and diagnostics.
//!
//! Each submission is built in a root of its own that holds nothing but the
//! grader-written workspace of the exercises to build (their trusted
//! manifests and taken sources) and is removed afterwards, so nothing of an
//! earlier submission, sources or binaries, is visible to a later build. One
//! cargo run builds every exercise of the submission that missed the cache
//! (`--keep-going`: one that does not compile costs only itself). An
//! exercise is built from its own files only: a binary whose compiler read
//! anything else (`include_str!("../../<other exercise>/src/main.rs")`) is
//! refused, which also keeps every cache key complete.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use sha2::{Digest as _, Sha256};

use super::cache::{Cache, Hit};
use super::cargo::{CargoRun, read_outside, run_cargo};
use super::diagnostics::{cargo_failure, trim_errors};
use super::options::BuildOptions;
use super::profile::{GRADED, Profile};
use super::{BuildError, BuildOutcome};
use crate::course::{Course, Exercise, ExerciseKind};
use crate::ingest::{Files, hex};
use crate::runner::Programs;

/// The trusted part of an exercise's build.
#[derive(Clone, Debug)]
struct Template {
    /// The exercise's own `Cargo.toml`.
    manifest: String,
    /// Programs of the other exercises, which its `src/bin/` may not define
    /// (cargo would put both in one target folder): `bin/<name>.rs` and `bin/<name>/`.
    reserved: BTreeSet<String>,
}

/// Builds taken sources inside the trusted templates of one course.
#[derive(Debug)]
pub struct Builder {
    templates: BTreeMap<String, Template>,
    toolchain: String,
    profile: Profile,
    cache: Option<Cache>,
    time_limit: Duration,
    stats: Stats,
}

/// How many exercises came from the cache and how many were compiled.
#[derive(Debug, Default)]
struct Stats {
    hits: AtomicUsize,
    compiled: AtomicUsize,
}

impl Builder {
    /// A builder for `course`'s program exercises.
    pub fn new(course: &Course, opts: &BuildOptions) -> Result<Builder, BuildError> {
        let programs: Vec<&Exercise> = course
            .exercises
            .iter()
            .filter(|e| e.kind == ExerciseKind::Program)
            .collect();
        let names: BTreeMap<&str, BTreeSet<String>> = programs
            .iter()
            .map(|e| (e.folder.as_str(), stub_programs(course, e)))
            .collect();
        let mut templates = BTreeMap::new();
        for exercise in &programs {
            let path = course.exercise_dir(exercise).join("Cargo.toml");
            let manifest = std::fs::read_to_string(&path).map_err(|source| BuildError::Io {
                path: path.clone(),
                source,
            })?;
            let reserved = names
                .iter()
                .filter(|(folder, _)| **folder != exercise.folder)
                .flat_map(|(_, names)| names.iter().cloned())
                .collect();
            templates.insert(exercise.folder.clone(), Template { manifest, reserved });
        }
        // A cache that cannot be opened costs speed, not the grading.
        let cache = opts.cache.as_ref().and_then(|config| {
            Cache::open(&config.dir, config.max_bytes)
                .inspect_err(|err| {
                    eprintln!(
                        "warning: no build cache: cannot open `{}`: {err}",
                        config.dir.display()
                    );
                })
                .ok()
        });
        Ok(Builder {
            templates,
            toolchain: crate::sandbox::toolchain_version().to_string(),
            profile: GRADED,
            cache,
            time_limit: opts.time_limit,
            stats: Stats::default(),
        })
    }

    /// How many exercises came from the cache, and how many were compiled, so far.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.stats.hits.load(Ordering::Relaxed),
            self.stats.compiled.load(Ordering::Relaxed),
        )
    }

    /// Replaces the toolchain's version string (for tests of the cache key).
    pub fn set_toolchain(&mut self, version: &str) {
        self.toolchain = version.to_string();
    }

    /// The cache key of `files` as the sources of `exercise`.
    pub fn key(&self, exercise: &Exercise, files: &Files) -> String {
        let template = self.templates.get(&exercise.folder);
        let manifest = template.map_or("", |t| t.manifest.as_str());
        let reserved: Vec<&str> = template
            .map(|t| t.reserved.iter().map(String::as_str).collect())
            .unwrap_or_default();
        cache_key(&self.toolchain, &self.profile, manifest, &reserved, files)
    }

    /// Builds `units` (each exercise with its taken sources) in the fresh
    /// folder `root`, which the caller removes when done with the binaries
    /// (they are under `root/bin/<folder>/`). Outcomes come in the order given.
    pub fn build(
        &self,
        units: &[(&Exercise, &Files)],
        root: &Path,
    ) -> Result<Vec<BuildOutcome>, BuildError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| BuildError::Io { path, source }
        };
        std::fs::create_dir_all(root).map_err(io(root))?;
        let root = root.canonicalize().map_err(io(root))?;
        let mut outcomes: Vec<Option<BuildOutcome>> = Vec::new();
        let mut misses = Vec::new();
        for (index, (exercise, files)) in units.iter().enumerate() {
            let files = self.usable(exercise, files);
            let key = self.key(exercise, &files);
            let bin = root.join("bin").join(&exercise.folder);
            let hit = self.cache.as_ref().and_then(|c| c.get(&key, &bin));
            outcomes.push(hit.map(|hit| match hit {
                Hit::Built(programs) => BuildOutcome::Built(programs_of(programs)),
                Hit::Failed(log) => BuildOutcome::Failed { log },
            }));
            if outcomes[index].is_none() {
                misses.push((index, *exercise, files, key));
            } else {
                self.stats.hits.fetch_add(1, Ordering::Relaxed);
            }
        }
        if !misses.is_empty() {
            let ws = root.join("build");
            let built = self.build_misses(&misses, &ws, &root.join("bin"));
            // The sources and target folder go as soon as the binaries are out.
            let _ = std::fs::remove_dir_all(&ws);
            for ((index, ..), outcome) in misses.iter().zip(built?) {
                outcomes[*index] = Some(outcome);
            }
        }
        Ok(outcomes
            .into_iter()
            .map(|o| o.expect("every unit has an outcome"))
            .collect())
    }

    /// The files of `exercise` that are built: without the other exercises' programs.
    fn usable(&self, exercise: &Exercise, files: &Files) -> Files {
        let Some(template) = self.templates.get(&exercise.folder) else {
            return files.clone();
        };
        files.without(|path| {
            let Some(rest) = path.strip_prefix("bin/") else {
                return false;
            };
            let first = rest.split('/').next().unwrap_or(rest);
            let stem = first.strip_suffix(".rs").unwrap_or(first);
            template.reserved.contains(stem)
        })
    }

    /// Writes the workspace of the missed units under `ws`, runs cargo once,
    /// copies the binaries to `bin/<folder>/` and fills the cache.
    fn build_misses(
        &self,
        misses: &[(usize, &Exercise, Files, String)],
        ws: &Path,
        bin: &Path,
    ) -> Result<Vec<BuildOutcome>, BuildError> {
        self.write_workspace(misses, ws)?;
        self.stats
            .compiled
            .fetch_add(misses.len(), Ordering::Relaxed);
        let Some(run) = run_cargo(ws, self.time_limit)? else {
            let log = format!(
                "the build used more than {:?} of its own time (computing, or waiting on itself) and was stopped (a `const` or macro that never finishes, an `include_bytes!` of a pipe?)",
                self.time_limit
            );
            return Ok(misses
                .iter()
                .map(|_| BuildOutcome::Failed { log: log.clone() })
                .collect());
        };
        let mut outcomes = Vec::new();
        for (_, exercise, _, key) in misses {
            let outcome = self.outcome_of(&run, exercise, ws, &bin.join(&exercise.folder))?;
            outcomes.push(outcome);
            let stored = match (&outcomes[outcomes.len() - 1], &self.cache) {
                (Store::Built(programs), Some(cache)) => cache.put_built(key, programs),
                (Store::Failed(log), Some(cache)) => cache.put_failed(key, log),
                _ => Ok(()),
            };
            // A cache that cannot be written costs speed, not the grade.
            if let Err(err) = stored {
                eprintln!("warning: cannot write to the build cache: {err}");
            }
        }
        Ok(outcomes.into_iter().map(Store::into_outcome).collect())
    }

    /// What the cargo run means for one exercise.
    fn outcome_of(
        &self,
        run: &CargoRun,
        exercise: &Exercise,
        ws: &Path,
        bin: &Path,
    ) -> Result<Store, BuildError> {
        let folder = &exercise.folder;
        if let Some(errors) = run.errors.get(folder) {
            return Ok(Store::Failed(trim_errors(errors)));
        }
        let Some(programs) = run.programs.get(folder) else {
            // Cargo failed before compiling anything of this exercise: not
            // the student's compile error, and not cached.
            let log = if run.success {
                "cargo built nothing for this exercise".to_string()
            } else {
                cargo_failure(&run.stderr)
            };
            return Ok(Store::Uncached(log));
        };
        let own = ws.join("exercises").join(folder).join("src");
        let mut copied = Vec::new();
        for (name, exe) in programs {
            let outside = read_outside(name, ws, &own);
            if let Some(first) = outside.first() {
                let shown = Path::new(first)
                    .strip_prefix(ws)
                    .map_or_else(|_| first.clone(), |p| p.display().to_string());
                return Ok(Store::Failed(format!(
                    "`{name}` reads `{shown}` at compile time, outside `exercises/{folder}/src/`: an exercise is built from its own files only\n\
                     `{name}` 在编译时读取了 `exercises/{folder}/src/` 之外的 `{shown}`：每个练习只用它自己的文件构建"
                )));
            }
            std::fs::create_dir_all(bin)
                .and_then(|()| std::fs::copy(exe, bin.join(name)))
                .map_err(|source| BuildError::Io {
                    path: bin.join(name),
                    source,
                })?;
            copied.push((name.clone(), bin.join(name)));
        }
        Ok(Store::Built(copied))
    }

    /// The grader's workspace: its manifest (the one profile), and per
    /// exercise the trusted manifest and the taken sources.
    fn write_workspace(
        &self,
        misses: &[(usize, &Exercise, Files, String)],
        ws: &Path,
    ) -> Result<(), BuildError> {
        let members: Vec<String> = misses
            .iter()
            .map(|(_, e, ..)| format!("{:?}", format!("exercises/{}", e.folder)))
            .collect();
        let manifest = format!(
            "# Written by the netlab grader: the trusted template, nothing from a submission.\n\
             [workspace]\nresolver = \"3\"\nmembers = [{}]\n\n{}",
            members.join(", "),
            self.profile.manifest_table()
        );
        let write = |path: &Path, bytes: &[u8]| {
            std::fs::create_dir_all(path.parent().unwrap_or(ws))
                .and_then(|()| std::fs::write(path, bytes))
                .map_err(|source| BuildError::Io {
                    path: path.to_path_buf(),
                    source,
                })
        };
        write(&ws.join("Cargo.toml"), manifest.as_bytes())?;
        for (_, exercise, files, _) in misses {
            let member = ws.join("exercises").join(&exercise.folder);
            let template = self
                .templates
                .get(&exercise.folder)
                .map_or("", |t| t.manifest.as_str());
            write(&member.join("Cargo.toml"), template.as_bytes())?;
            files
                .write_into(&member.join("src"))
                .map_err(|source| BuildError::Io {
                    path: member.join("src"),
                    source,
                })?;
        }
        Ok(())
    }
}

/// One exercise's result, with whether it may be cached.
enum Store {
    Built(Vec<(String, PathBuf)>),
    Failed(String),
    Uncached(String),
}

impl Store {
    fn into_outcome(self) -> BuildOutcome {
        match self {
            Store::Built(programs) => BuildOutcome::Built(programs_of(programs)),
            Store::Failed(log) | Store::Uncached(log) => BuildOutcome::Failed { log },
        }
    }
}

fn programs_of(list: Vec<(String, PathBuf)>) -> Programs {
    let mut programs = Programs::new();
    for (name, path) in list {
        programs.insert(name, vec![path.into_os_string()]);
    }
    programs
}

/// The cache key: everything a build's result depends on, length-prefixed.
pub fn cache_key(
    toolchain: &str,
    profile: &Profile,
    manifest: &str,
    reserved: &[&str],
    files: &Files,
) -> String {
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(b"netlab build cache 1");
    field(toolchain.as_bytes());
    field(profile.key().as_bytes());
    field(manifest.as_bytes());
    field(reserved.join("\n").as_bytes());
    files.feed(&mut hasher);
    hex(&hasher.finalize())
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn files(main: &str) -> Files {
        Files::from_map(BTreeMap::from([(
            "main.rs".to_string(),
            main.as_bytes().to_vec(),
        )]))
    }

    #[test]
    fn every_input_of_a_build_is_in_its_key() {
        let manifest = "[package]\nname = \"tcp-server\"\n";
        let base = cache_key(
            "rustc 1.90.0",
            &GRADED,
            manifest,
            &["x"],
            &files("fn main() {}"),
        );
        let changed = [
            cache_key(
                "rustc 1.91.0",
                &GRADED,
                manifest,
                &["x"],
                &files("fn main() {}"),
            ),
            cache_key(
                "rustc 1.90.0",
                &Profile { opt_level: 2 },
                manifest,
                &["x"],
                &files("fn main() {}"),
            ),
            cache_key(
                "rustc 1.90.0",
                &GRADED,
                "[package]\nname = \"other\"\n",
                &["x"],
                &files("fn main() {}"),
            ),
            cache_key(
                "rustc 1.90.0",
                &GRADED,
                manifest,
                &["y"],
                &files("fn main() {}"),
            ),
            cache_key(
                "rustc 1.90.0",
                &GRADED,
                manifest,
                &["x"],
                &files("fn main() { }"),
            ),
        ];
        for key in changed {
            assert_ne!(key, base);
        }
        assert_eq!(
            base,
            cache_key(
                "rustc 1.90.0",
                &GRADED,
                manifest,
                &["x"],
                &files("fn main() {}")
            )
        );
    }
}
