//! The course on disk: which exercises exist, where their tests, solutions
//! and known-wrong variants live.
//!
//! ```text
//! exercises/<folder>/            the stub crate a student edits; `tests.toml` holds its public tests
//! solutions/<folder>/src/        the reference solution's sources
//! grader/hidden/<folder>.toml    hidden tests
//! grader/variants/<folder>/*.patch  known-wrong variants, as patches to the solution
//! ```

use std::path::{Path, PathBuf};

/// The public tests' file name inside an exercise folder.
pub const PUBLIC_TESTS: &str = "tests.toml";

/// A problem finding the course's files.
#[derive(Debug, thiserror::Error)]
pub enum CourseError {
    /// A directory could not be listed.
    #[error("cannot read `{}`", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An exercise manifest has no `package.name`.
    #[error("`{}` has no `package.name`", .path.display())]
    Manifest { path: PathBuf },
    /// An id on the command line names no exercise.
    #[error("no exercise `{id}`; the exercises are: {known}")]
    Unknown { id: String, known: String },
}

/// One exercise of the course.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exercise {
    /// Its id: the package name, such as `tcp-server`.
    pub id: String,
    /// Its folder name, such as `01-tcp-server`.
    pub folder: String,
}

/// Where everything is.
#[derive(Clone, Debug)]
pub struct Course {
    /// The workspace root.
    pub root: PathBuf,
    /// Where hidden tests are read from (normally `grader/hidden`).
    pub hidden_dir: PathBuf,
    /// Where known-wrong variants are read from (normally `grader/variants`).
    pub variants_dir: PathBuf,
    /// The exercises, by folder order.
    pub exercises: Vec<Exercise>,
}

impl Course {
    /// Finds the exercises under `root/exercises`.
    pub fn open(root: &Path) -> Result<Course, CourseError> {
        let dir = root.join("exercises");
        let entries = std::fs::read_dir(&dir).map_err(|source| CourseError::Read {
            path: dir.clone(),
            source,
        })?;
        let mut exercises = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| CourseError::Read {
                path: dir.clone(),
                source,
            })?;
            let manifest = entry.path().join("Cargo.toml");
            if !manifest.is_file() {
                continue;
            }
            let id = package_name(&manifest).ok_or(CourseError::Manifest {
                path: manifest.clone(),
            })?;
            exercises.push(Exercise {
                id,
                folder: entry.file_name().to_string_lossy().into_owned(),
            });
        }
        exercises.sort_by(|a, b| a.folder.cmp(&b.folder));
        Ok(Course {
            root: root.to_path_buf(),
            hidden_dir: root.join("grader/hidden"),
            variants_dir: root.join("grader/variants"),
            exercises,
        })
    }

    /// The exercises named by `ids`, or all of them when `ids` is empty.
    pub fn select(&self, ids: &[String]) -> Result<Vec<Exercise>, CourseError> {
        if ids.is_empty() {
            return Ok(self.exercises.clone());
        }
        ids.iter()
            .map(|id| {
                self.exercises
                    .iter()
                    .find(|e| &e.id == id || &e.folder == id)
                    .cloned()
                    .ok_or_else(|| CourseError::Unknown {
                        id: id.clone(),
                        known: self
                            .exercises
                            .iter()
                            .map(|e| e.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
            })
            .collect()
    }

    /// The stub crate's folder.
    pub fn exercise_dir(&self, exercise: &Exercise) -> PathBuf {
        self.root.join("exercises").join(&exercise.folder)
    }

    /// The reference solution's folder.
    pub fn solution_dir(&self, exercise: &Exercise) -> PathBuf {
        self.root.join("solutions").join(&exercise.folder)
    }

    /// The public test file.
    pub fn public_tests(&self, exercise: &Exercise) -> PathBuf {
        self.exercise_dir(exercise).join(PUBLIC_TESTS)
    }

    /// The hidden test file (it may not exist, as in the students' copy).
    pub fn hidden_tests(&self, exercise: &Exercise) -> PathBuf {
        self.hidden_dir.join(format!("{}.toml", exercise.folder))
    }

    /// The known-wrong variants' patch files, sorted by name.
    pub fn variants(&self, exercise: &Exercise) -> Result<Vec<PathBuf>, CourseError> {
        let dir = self.variants_dir.join(&exercise.folder);
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        let entries = std::fs::read_dir(&dir).map_err(|source| CourseError::Read {
            path: dir.clone(),
            source,
        })?;
        let mut patches: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "patch"))
            .collect();
        patches.sort();
        Ok(patches)
    }
}

/// Reads `package.name` from a manifest.
fn package_name(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest).ok()?;
    let value: toml::Table = toml::from_str(&text).ok()?;
    value
        .get("package")?
        .get("name")?
        .as_str()
        .map(str::to_string)
}
