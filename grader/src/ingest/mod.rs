//! Ingest: the only code that reads a submitted tree.
//!
//! A submission is hostile data. Ingest walks the taken paths
//! (`exercises`, `exercises/<folder>`, its `src/` or `answers.toml`) without
//! following any link, refuses links, devices, FIFOs and sockets anywhere on
//! them, caps the file count, each file's size, the total size, the depth and
//! the path length (sizes come from metadata: a 2 GiB sparse file is never
//! read), and copies only regular files into a [`Snapshot`]: paths and bytes,
//! with a content hash per exercise. Nothing after ingest touches the
//! submission folder again. A refusal fails that exercise of that submission
//! (see [`Refusal::message`]), never the class.

mod refusal;
mod walk;

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest as _, Sha256};

pub use refusal::{Reason, Refusal};

use crate::course::{Course, Exercise, ExerciseKind};
use walk::Step;

/// The caps on what one exercise of a submission may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Files at most.
    pub max_files: usize,
    /// Bytes in one file at most.
    pub max_file_bytes: u64,
    /// Bytes in all files together at most.
    pub max_total_bytes: u64,
    /// Folders below the taken root at most.
    pub max_depth: usize,
    /// Bytes in a path below the taken root at most.
    pub max_path_bytes: usize,
}

impl Default for Limits {
    /// Generous for hand-written sources, far below what could hurt the grader.
    fn default() -> Limits {
        Limits {
            max_files: 256,
            max_file_bytes: 2 << 20,
            max_total_bytes: 8 << 20,
            max_depth: 12,
            max_path_bytes: 512,
        }
    }
}

/// The regular files of one taken folder (or the one taken file), read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Files {
    /// By path relative to the taken root, `/`-separated.
    files: BTreeMap<String, Vec<u8>>,
}

impl Files {
    /// Files from memory (for tests and generated sources).
    pub fn from_map(files: BTreeMap<String, Vec<u8>>) -> Files {
        Files { files }
    }

    /// Each file's relative path and bytes, by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    /// The bytes of the file at `path`.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// Whether there is something cargo could build: a `main.rs` or a program under `bin/`.
    fn has_program(&self) -> bool {
        self.files
            .keys()
            .any(|p| p == "main.rs" || p.starts_with("bin/"))
    }

    /// These files but those whose path `skip` holds for.
    pub fn without(&self, skip: impl Fn(&str) -> bool) -> Files {
        Files {
            files: self
                .files
                .iter()
                .filter(|(path, _)| !skip(path))
                .map(|(p, b)| (p.clone(), b.clone()))
                .collect(),
        }
    }

    /// The SHA-256 of every path and its bytes, in path order, as hex.
    pub fn hash(&self) -> String {
        let mut hasher = Sha256::new();
        self.feed(&mut hasher);
        hex(&hasher.finalize())
    }

    /// Feeds every path and its bytes, length-prefixed, into `hasher`.
    pub fn feed(&self, hasher: &mut Sha256) {
        for (path, bytes) in &self.files {
            hasher.update((path.len() as u64).to_le_bytes());
            hasher.update(path.as_bytes());
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        }
    }

    /// Writes the files under `dir` (which the grader created: no link can be in it).
    pub fn write_into(&self, dir: &Path) -> std::io::Result<()> {
        for (path, bytes) in &self.files {
            let target = dir.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&target, bytes)?;
        }
        std::fs::create_dir_all(dir)
    }
}

/// What ingest took of one exercise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Taken {
    /// Its files.
    Present(Files),
    /// The submission has no such exercise (or nothing buildable in it): it grades as the stub.
    Missing,
    /// Something on the taken paths must not be taken: the exercise fails with this reason.
    Refused(Refusal),
}

/// Everything taken of one submission, by exercise folder.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    exercises: BTreeMap<String, Taken>,
}

impl Snapshot {
    /// Takes every exercise of `course` from the submission folder `dir`.
    pub fn take(course: &Course, dir: &Path, limits: &Limits) -> Snapshot {
        let exercises = course
            .exercises
            .iter()
            .map(|exercise| {
                (
                    exercise.folder.clone(),
                    take_exercise(exercise, dir, limits),
                )
            })
            .collect();
        Snapshot { exercises }
    }

    /// Sets what was taken of `exercise` (for sources that are not a submission).
    pub fn insert(&mut self, exercise: &Exercise, taken: Taken) {
        self.exercises.insert(exercise.folder.clone(), taken);
    }

    /// What was taken of `exercise`; missing when it was not taken.
    pub fn get(&self, exercise: &Exercise) -> &Taken {
        static MISSING: Taken = Taken::Missing;
        self.exercises.get(&exercise.folder).unwrap_or(&MISSING)
    }
}

/// Takes one exercise of the submission in `dir`: the chain `dir`,
/// `exercises`, `exercises/<folder>` must be real folders, then its `src/`
/// (a program) or `answers.toml` (a quiz) is taken.
pub fn take_exercise(exercise: &Exercise, dir: &Path, limits: &Limits) -> Taken {
    let folder = format!("exercises/{}", exercise.folder);
    let chain = [
        (dir.to_path_buf(), String::from(".")),
        (dir.join("exercises"), String::from("exercises")),
        (dir.join(&folder), folder.clone()),
    ];
    for (path, shown) in &chain {
        match walk::folder_step(path, shown) {
            Step::Folder => {}
            Step::Absent => return Taken::Missing,
            Step::Refused(refusal) => return Taken::Refused(refusal),
        }
    }
    match exercise.kind {
        ExerciseKind::Program => take_src(
            &dir.join(&folder).join("src"),
            &format!("{folder}/src"),
            limits,
        ),
        ExerciseKind::Quiz => walk::take_file(
            &dir.join(&folder).join(crate::quiz::ANSWERS_FILE),
            &format!("{folder}/{}", crate::quiz::ANSWERS_FILE),
            limits,
        ),
    }
}

/// Takes a program's `src/` folder at `src` (shown as `shown`); missing when
/// it is absent or holds nothing cargo could build.
pub fn take_src(src: &Path, shown: &str, limits: &Limits) -> Taken {
    match walk::folder_step(src, shown) {
        Step::Folder => {}
        Step::Absent => return Taken::Missing,
        Step::Refused(refusal) => return Taken::Refused(refusal),
    }
    match walk::take_tree(src, shown, limits) {
        Taken::Present(files) if !files.has_program() => Taken::Missing,
        taken => taken,
    }
}

/// Takes a quiz folder's `answers.toml` from the folder `dir` (shown as `shown`).
pub fn take_answers(dir: &Path, shown: &str, limits: &Limits) -> Taken {
    match walk::folder_step(dir, shown) {
        Step::Folder => {}
        Step::Absent => return Taken::Missing,
        Step::Refused(refusal) => return Taken::Refused(refusal),
    }
    walk::take_file(
        &dir.join(crate::quiz::ANSWERS_FILE),
        &walk::join(shown, crate::quiz::ANSWERS_FILE),
        limits,
    )
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
