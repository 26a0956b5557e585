//! The course on disk: which exercises exist, where their tests, solutions
//! and known-wrong variants live.
//!
//! ```text
//! exercises/<folder>/            the stub crate a student edits; `tests.toml` holds its public tests
//! exercises/<folder>/            or a quiz: `questions.toml` and the `answers.toml` a student fills in
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
    /// An exercise manifest has no `package.name` (a quiz's `questions.toml` no `exercise`).
    #[error("`{}` has no `package.name` (or, for a quiz, no `exercise`)", .path.display())]
    Manifest { path: PathBuf },
    /// An id on the command line names no exercise.
    #[error("no exercise `{id}`{}; the exercises are: {known}", .suggestion.as_ref().map(|s| format!(": did you mean `{s}`?")).unwrap_or_default())]
    Unknown {
        /// The id asked for.
        id: String,
        /// The nearest known id, when one is close.
        suggestion: Option<String>,
        /// Every known id, comma-separated.
        known: String,
    },
}

/// What kind of work an exercise asks for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExerciseKind {
    /// A crate whose programs the tests run (a folder with a `Cargo.toml`).
    #[default]
    Program,
    /// A quiz: `questions.toml`, answered in `answers.toml` (no crate).
    Quiz,
}

/// One exercise of the course.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exercise {
    /// Its id: the package name, such as `tcp-server`, or a quiz's `exercise` key.
    pub id: String,
    /// Its folder name, such as `01-tcp-server`.
    pub folder: String,
    /// A program or a quiz.
    pub kind: ExerciseKind,
}

impl Exercise {
    /// The part of an exercise folder (under `exercises/` or `solutions/`, or
    /// in a submission) that is graded: `src/` of a program, the folder itself
    /// (its `answers.toml`) for a quiz.
    pub fn graded_part(&self, folder: &Path) -> PathBuf {
        match self.kind {
            ExerciseKind::Program => folder.join("src"),
            ExerciseKind::Quiz => folder.to_path_buf(),
        }
    }
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
            let questions = entry.path().join(crate::quiz::QUESTIONS_FILE);
            let (id, kind) = if manifest.is_file() {
                let id = package_name(&manifest).ok_or(CourseError::Manifest {
                    path: manifest.clone(),
                })?;
                (id, ExerciseKind::Program)
            } else if questions.is_file() {
                let id = quiz_name(&questions).ok_or(CourseError::Manifest { path: questions })?;
                (id, ExerciseKind::Quiz)
            } else {
                continue;
            };
            exercises.push(Exercise {
                id,
                folder: entry.file_name().to_string_lossy().into_owned(),
                kind,
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
                        suggestion: self.nearest(id),
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

    /// The known id (or folder) nearest to a mistyped `id`, when it is close
    /// enough to be what was meant.
    fn nearest(&self, id: &str) -> Option<String> {
        self.exercises
            .iter()
            .flat_map(|e| [(&e.id, &e.id), (&e.folder, &e.id)])
            .map(|(name, id_of)| (strsim::damerau_levenshtein(id, name), id_of))
            .filter(|(distance, name)| *distance <= 2.max(name.len() / 4))
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, id)| id.clone())
    }

    /// The stub crate's folder.
    pub fn exercise_dir(&self, exercise: &Exercise) -> PathBuf {
        self.root.join("exercises").join(&exercise.folder)
    }

    /// The reference solution's folder.
    pub fn solution_dir(&self, exercise: &Exercise) -> PathBuf {
        self.root.join("solutions").join(&exercise.folder)
    }

    /// The public test file (a quiz's `questions.toml`).
    pub fn public_tests(&self, exercise: &Exercise) -> PathBuf {
        match exercise.kind {
            ExerciseKind::Program => self.exercise_dir(exercise).join(PUBLIC_TESTS),
            ExerciseKind::Quiz => self
                .exercise_dir(exercise)
                .join(crate::quiz::QUESTIONS_FILE),
        }
    }

    /// The hidden test file (it may not exist, as in the students' copy).
    pub fn hidden_tests(&self, exercise: &Exercise) -> PathBuf {
        self.hidden_dir.join(format!("{}.toml", exercise.folder))
    }

    /// The known-wrong variants' patch files, sorted by name.
    pub fn variants(&self, exercise: &Exercise) -> Result<Vec<PathBuf>, CourseError> {
        patches_in(&self.variants_dir.join(&exercise.folder))
    }

    /// The correct variants' patch files (`grader/variants/<folder>/correct/`),
    /// sorted by name: solutions written another way (slower, threaded, ...)
    /// that, like the reference, must pass every test in every round.
    pub fn correct_variants(&self, exercise: &Exercise) -> Result<Vec<PathBuf>, CourseError> {
        patches_in(&self.variants_dir.join(&exercise.folder).join("correct"))
    }
}

/// The `*.patch` files directly in `dir`, sorted; none when it does not exist.
fn patches_in(dir: &Path) -> Result<Vec<PathBuf>, CourseError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(dir).map_err(|source| CourseError::Read {
        path: dir.to_path_buf(),
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

/// Reads the `exercise` id from a quiz's `questions.toml`.
fn quiz_name(questions: &Path) -> Option<String> {
    let text = std::fs::read_to_string(questions).ok()?;
    let value: toml::Table = toml::from_str(text.trim_start_matches('\u{feff}')).ok()?;
    value.get("exercise")?.as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_course_finds_programs_and_the_quiz() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let course = Course::open(root).unwrap();
        let quiz = course.select(&["concepts".to_string()]).unwrap().remove(0);
        assert_eq!(quiz.folder, "00-concepts");
        assert_eq!(quiz.kind, ExerciseKind::Quiz);
        assert_eq!(
            course.public_tests(&quiz),
            root.join("exercises/00-concepts/questions.toml")
        );
        let dir = course.exercise_dir(&quiz);
        assert_eq!(quiz.graded_part(&dir), dir);
        let server = course
            .select(&["tcp-server".to_string()])
            .unwrap()
            .remove(0);
        assert_eq!(server.kind, ExerciseKind::Program);
        assert_eq!(server.graded_part(Path::new("x")), Path::new("x/src"));
    }
}
