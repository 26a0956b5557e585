//! A student's progress: what the last `check` of each exercise found, kept in
//! one small JSON file under `target/` (never part of a submission) so that
//! `list`, `hint` and `watch` remember it across restarts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::grading::ExerciseReport;

/// Where the progress file lives, under the workspace root.
pub const PROGRESS_FILE: &str = "target/netlab/progress.json";

/// The file's format version.
const VERSION: u32 = 1;

/// The last check of every exercise, by id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// The format's version.
    pub version: u32,
    /// Each checked exercise's last result, by exercise id.
    pub exercises: BTreeMap<String, ExerciseProgress>,
}

/// What the last check of one exercise found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExerciseProgress {
    /// Tests that passed.
    pub passed: usize,
    /// Tests run.
    pub total: usize,
    /// Points earned.
    pub score: f64,
    /// Points available.
    pub max_score: f64,
    /// Whether the code compiled (always true for a quiz).
    pub built: bool,
    /// The failing tests' names, in report order.
    pub failing: Vec<String>,
    /// When the check ran, in seconds since 1970.
    pub checked_at: u64,
}

impl ExerciseProgress {
    /// Whether every test passed.
    pub fn done(&self) -> bool {
        self.built && self.passed == self.total && self.total > 0
    }
}

impl Progress {
    /// The progress file of the workspace at `root`.
    pub fn path(root: &Path) -> PathBuf {
        root.join(PROGRESS_FILE)
    }

    /// Reads the file; a missing, unreadable or outdated file is an empty progress.
    pub fn load(path: &Path) -> Progress {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| serde_json::from_str::<Progress>(&text).ok())
            .filter(|p| p.version == VERSION)
            .unwrap_or_else(|| Progress {
                version: VERSION,
                exercises: BTreeMap::new(),
            })
    }

    /// Writes the file (through a temporary file, so a crash never leaves half of it).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, text + "\n")?;
        std::fs::rename(&tmp, path)
    }

    /// Records one exercise's report, replacing its earlier record.
    pub fn record(&mut self, report: &ExerciseReport) {
        let checked_at = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        self.version = VERSION;
        self.exercises.insert(
            report.exercise.id.clone(),
            ExerciseProgress {
                passed: report.results.iter().filter(|r| r.outcome.passed()).count(),
                total: report.results.len(),
                score: report.score(),
                max_score: report.max_score(),
                built: report.not_built.is_none(),
                failing: report
                    .results
                    .iter()
                    .filter(|r| !r.outcome.passed())
                    .map(|r| r.name.clone())
                    .collect(),
                checked_at,
            },
        );
    }

    /// The first of `ids` (in course order) whose last check did not pass
    /// every test, or that was never checked.
    pub fn next<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
        ids.into_iter()
            .find(|id| !self.get(id).is_some_and(ExerciseProgress::done))
    }

    /// The record of exercise `id`, if it was ever checked.
    pub fn get(&self, id: &str) -> Option<&ExerciseProgress> {
        self.exercises.get(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::{Exercise, ExerciseKind};
    use crate::outcome::{Failure, TestOutcome, TestResult};

    fn result(name: &str, passed: bool) -> TestResult {
        let outcome = if passed {
            TestOutcome::Passed
        } else {
            TestOutcome::Failed(Failure::new(None, "no"))
        };
        TestResult {
            score: if passed { 2.0 } else { 0.5 },
            ..crate::report::sample::bare("x", name, 2.0, outcome)
        }
    }

    #[test]
    fn progress_survives_a_save_and_a_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = Progress::path(dir.path());
        assert_eq!(Progress::load(&path).exercises.len(), 0, "no file yet");
        let report = ExerciseReport {
            exercise: Exercise {
                id: "x".into(),
                folder: "01-x".into(),
                kind: ExerciseKind::Program,
            },
            results: vec![result("a", true), result("b", false), result("c", false)],
            not_built: None,
        };
        let mut progress = Progress::load(&path);
        progress.record(&report);
        progress.save(&path).unwrap();
        let again = Progress::load(&path);
        let x = again.get("x").unwrap();
        assert_eq!((x.passed, x.total, x.score, x.max_score), (1, 3, 3.0, 6.0));
        assert_eq!(x.failing, ["b", "c"]);
        assert!(!x.done());
        assert_eq!(again.next(["x", "y"]), Some("x"));
        let mut all = again.clone();
        all.exercises.get_mut("x").unwrap().passed = 3;
        assert_eq!(all.next(["x", "y"]), Some("y"), "y was never checked");
        assert_eq!(all.next(["x"]), None);
        std::fs::write(&path, "{ not json").unwrap();
        assert!(
            Progress::load(&path).exercises.is_empty(),
            "a broken file is ignored"
        );
    }
}
