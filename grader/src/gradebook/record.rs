//! `gradebook.json`: the record of one graded class, written next to
//! `grades.csv`. It holds every submission's raw score, penalty, override
//! and final score per exercise, each test's verdict, the graded commit, and
//! a fingerprint of every test's definition, so a later run can be compared
//! with it ([`super::diff`]) and exported ([`super::export`]).

use std::collections::BTreeMap;
use std::path::Path;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::late::{Adjustment, RawScore, apply};
use super::policy::CoursePolicy;
use crate::report::GradebookRow;

/// The record file's name in an `--out` folder.
pub const RECORD_FILE: &str = "gradebook.json";
/// The record format's version.
const RECORD_VERSION: u32 = 1;

/// A problem reading or writing a record.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The file could not be read or written.
    #[error("cannot access `{}`", .path.display())]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not a record this grader writes.
    #[error("`{}` is not a netlab gradebook record: {message}", .path.display())]
    Format {
        path: std::path::PathBuf,
        message: String,
    },
}

/// One graded class.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Gradebook {
    /// The record format's version.
    pub version: u32,
    /// The exercise ids, in course order.
    pub ids: Vec<String>,
    /// The course file applied, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// Each test's fingerprint, keyed `exercise › name`.
    pub tests: BTreeMap<String, String>,
    /// The submissions, in gradebook order.
    pub submissions: Vec<StudentRecord>,
}

/// One submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudentRecord {
    /// Its name (folder name).
    pub name: String,
    /// Its exercises, in course order.
    pub exercises: Vec<ExerciseRecord>,
}

/// One exercise of one submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExerciseRecord {
    /// The exercise id.
    pub id: String,
    /// Raw, penalty, override and final score.
    #[serde(flatten)]
    pub grade: Adjustment,
    /// The commit graded, for a git submission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<Commit>,
    /// Whether the code built (and was present).
    pub built: bool,
    /// Each test's verdict.
    pub tests: Vec<TestRecord>,
}

/// A git commit that was graded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commit {
    /// Its full hash.
    pub hash: String,
    /// Its committer time (set by the student's machine).
    pub time: Timestamp,
}

/// One test's verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestRecord {
    /// The test's name.
    pub name: String,
    /// Points earned.
    pub score: f64,
    /// Points available.
    pub max_score: f64,
    /// Whether it passed.
    pub passed: bool,
}

/// When each submission's work was handed in, per exercise, and which commit.
#[derive(Clone, Debug, Default)]
pub struct Handed {
    /// The time the work was handed in, when known.
    pub time: Option<Timestamp>,
    /// The commit graded, for a git submission.
    pub commit: Option<Commit>,
}

impl Gradebook {
    /// The record of `rows` (exercises `ids`), with `policy` applied;
    /// `handed(student, exercise)` says when each piece of work came in;
    /// `tests` holds each test's fingerprint.
    pub fn build(
        ids: &[String],
        rows: &[GradebookRow],
        policy: Option<&CoursePolicy>,
        handed: &dyn Fn(&str, &str) -> Handed,
        tests: BTreeMap<String, String>,
    ) -> Gradebook {
        let submissions = rows
            .iter()
            .map(|row| student(ids, row, policy, handed))
            .collect();
        Gradebook {
            version: RECORD_VERSION,
            ids: ids.to_vec(),
            policy: policy.map(|p| p.path.display().to_string()),
            tests,
            submissions,
        }
    }

    /// Reads a record written by [`Gradebook::write`].
    pub fn read(path: &Path) -> Result<Gradebook, RecordError> {
        let text = std::fs::read_to_string(path).map_err(|source| RecordError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let book: Gradebook = serde_json::from_str(&text).map_err(|e| RecordError::Format {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        if book.version != RECORD_VERSION {
            return Err(RecordError::Format {
                path: path.to_path_buf(),
                message: format!(
                    "version {} (this grader writes {RECORD_VERSION})",
                    book.version
                ),
            });
        }
        Ok(book)
    }

    /// Writes the record as JSON.
    pub fn write(&self, path: &Path) -> Result<(), RecordError> {
        let text = serde_json::to_string_pretty(self).expect("a record is plain data");
        std::fs::write(path, text + "\n").map_err(|source| RecordError::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Joins the records of `grade --partition` shares into one, submissions
    /// in name order; refuses shares graded with other exercises or tests.
    pub fn join(books: Vec<Gradebook>) -> Result<Gradebook, String> {
        let mut books = books.into_iter();
        let Some(mut joined) = books.next() else {
            return Err("no record to join".to_string());
        };
        for book in books {
            if book.ids != joined.ids || book.policy != joined.policy {
                return Err(
                    "the shares were graded with other exercises or another course file".into(),
                );
            }
            for (key, print) in book.tests {
                if joined.tests.get(&key).is_some_and(|known| *known != print) {
                    return Err(format!(
                        "the shares were graded with different versions of `{key}`"
                    ));
                }
                joined.tests.insert(key, print);
            }
            for student in book.submissions {
                if joined.student(&student.name).is_some() {
                    return Err(format!("`{}` was graded in two shares", student.name));
                }
                joined.submissions.push(student);
            }
        }
        joined.submissions.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(joined)
    }

    /// The submission named `name`.
    pub fn student(&self, name: &str) -> Option<&StudentRecord> {
        self.submissions.iter().find(|s| s.name == name)
    }
}

impl StudentRecord {
    /// Final points in all.
    pub fn total(&self) -> f64 {
        self.exercises.iter().map(|e| e.grade.final_score).sum()
    }

    /// Raw points in all.
    pub fn raw(&self) -> f64 {
        self.exercises.iter().map(|e| e.grade.raw).sum()
    }

    /// Points available in all.
    pub fn max(&self) -> f64 {
        self.exercises.iter().map(|e| e.grade.max).sum()
    }

    /// Points lost for lateness in all.
    pub fn penalty(&self) -> f64 {
        self.exercises.iter().map(|e| e.grade.penalty).sum()
    }

    /// The exercise `id`.
    pub fn exercise(&self, id: &str) -> Option<&ExerciseRecord> {
        self.exercises.iter().find(|e| e.id == id)
    }
}

/// One submission's record.
fn student(
    ids: &[String],
    row: &GradebookRow,
    policy: Option<&CoursePolicy>,
    handed: &dyn Fn(&str, &str) -> Handed,
) -> StudentRecord {
    let present: Vec<_> = ids
        .iter()
        .map(|id| row.exercises.iter().find(|r| &r.exercise.id == id))
        .collect();
    let handed: Vec<Handed> = ids.iter().map(|id| handed(&row.submission, id)).collect();
    let raw: Vec<RawScore> = ids
        .iter()
        .zip(&present)
        .zip(&handed)
        .map(|((id, report), handed)| RawScore {
            exercise: id.clone(),
            raw: report.map_or(0.0, |r| r.score()),
            max: report.map_or(0.0, |r| r.max_score()),
            submitted: handed.time,
        })
        .collect();
    let grades = match policy {
        Some(policy) => apply(policy, &row.submission, &raw),
        None => raw.iter().map(|r| Adjustment::none(r.raw, r.max)).collect(),
    };
    let exercises = ids
        .iter()
        .zip(present)
        .zip(grades.into_iter().zip(handed))
        .map(|((id, report), (grade, handed))| ExerciseRecord {
            id: id.clone(),
            grade,
            commit: handed.commit,
            built: report.is_some_and(|r| r.not_built.is_none()),
            tests: report.map_or_else(Vec::new, |r| {
                r.results
                    .iter()
                    .map(|t| TestRecord {
                        name: t.name.clone(),
                        score: t.score,
                        max_score: t.max_score,
                        passed: t.outcome.passed(),
                    })
                    .collect()
            }),
        })
        .collect();
    StudentRecord {
        name: row.submission.clone(),
        exercises,
    }
}

/// The key of a test in [`Gradebook::tests`].
pub fn test_key(exercise: &str, name: &str) -> String {
    format!("{exercise} › {name}")
}
