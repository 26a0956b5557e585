//! Tracks of exercises in other languages than Rust, described by data: a
//! folder such as `python/` holding `track.toml` (how a submitted file runs,
//! which files a submission gives, what stderr means), and the same layout
//! as the Rust track:
//!
//! ```text
//! <track>/track.toml                 the track's data (see [`raw`])
//! <track>/exercises/<folder>/        statement (README.md, README.zh-CN.md), stub file, tests.toml
//! <track>/solutions/<folder>/<file>  the reference solution
//! <track>/hidden/<folder>.toml       hidden tests
//! <track>/variants/<folder>/*.patch  known-wrong variants, as patches to the solution
//! ```
//!
//! Nothing is built: a submission's file is copied ([`ingest`]) and run as
//! `run` says. [`grade`] grades submissions, commands and the track itself.

pub mod grade;
mod ingest;
pub mod raw;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::course::{Course, Exercise, ExerciseKind};
use crate::lang::Lang;
use crate::runner::Programs;
use raw::RawTrack;

/// The track file's name inside a track folder.
pub const TRACK_FILE: &str = "track.toml";

/// A problem with a track's data or a submission's files.
#[derive(Debug, thiserror::Error)]
pub enum TrackError {
    /// The track file could not be read.
    #[error("cannot read `{}`", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The track file is malformed or does not make sense.
    #[error("{}: {message}", .path.display())]
    Invalid { path: PathBuf, message: String },
    /// A test or quiz file is wrong, or a variant cannot be applied.
    #[error(transparent)]
    Grade(#[from] crate::grading::GradeError),
}

/// One exercise of a track.
#[derive(Clone, Debug)]
pub struct TrackExercise {
    /// The exercise as reports know it.
    pub exercise: Exercise,
    /// The file its stub and solution hold, such as `tcp_server.py`.
    pub file: String,
    /// Where a student's folder may hold it, first match wins.
    pub accept: Vec<String>,
}

/// One diagnosis of a program's stderr.
#[derive(Clone, Debug)]
pub struct Diagnosis {
    /// The text stderr holds.
    pub stderr: String,
    /// English.
    pub says: String,
    /// Simplified Chinese.
    pub says_zh: String,
    /// Exercise ids it applies to; all when `None`.
    pub exercises: Option<Vec<String>>,
}

/// A loaded, checked track.
#[derive(Clone, Debug)]
pub struct Track {
    /// Its name: the folder's name, such as `python`.
    pub name: String,
    /// The track's folder.
    pub root: PathBuf,
    /// How a file runs, with `{file}`.
    pub run: Vec<String>,
    /// Its exercises, in order.
    pub exercises: Vec<TrackExercise>,
    /// Its diagnoses, in order.
    pub diagnoses: Vec<Diagnosis>,
    /// Where its hidden tests are read from (normally `<track>/hidden`).
    pub hidden_dir: PathBuf,
}

impl Track {
    /// Reads and checks `workspace/<name>/track.toml`.
    pub fn load(workspace: &Path, name: &str) -> Result<Track, TrackError> {
        let root = workspace.join(name);
        let path = root.join(TRACK_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| TrackError::Read {
            path: path.clone(),
            source,
        })?;
        let invalid = |message: String| TrackError::Invalid {
            path: path.clone(),
            message,
        };
        let raw: RawTrack =
            toml::from_str(&text).map_err(|e| invalid(e.to_string().trim_end().to_string()))?;
        if let Some(problem) = crate::scenario::unknown_version(raw.format_version) {
            return Err(invalid(problem));
        }
        if !raw.run.iter().any(|w| w.contains("{file}")) {
            return Err(invalid(
                "`run` must name the file: put `{file}` in it".into(),
            ));
        }
        let mut exercises: Vec<TrackExercise> = Vec::new();
        for e in raw.exercises {
            if exercises.iter().any(|x| x.exercise.id == e.id) {
                return Err(invalid(format!("a second exercise is named `{}`", e.id)));
            }
            if e.accept.is_empty() {
                return Err(invalid(format!("exercise `{}`: `accept` is empty", e.id)));
            }
            if let Some(bad) = e
                .accept
                .iter()
                .chain([&e.file, &e.folder])
                .find(|p| !is_relative_plain(p))
            {
                return Err(invalid(format!(
                    "exercise `{}`: `{bad}` must be a relative path without `..`",
                    e.id
                )));
            }
            exercises.push(TrackExercise {
                exercise: Exercise {
                    id: e.id,
                    folder: e.folder,
                    kind: ExerciseKind::Program,
                },
                file: e.file,
                accept: e.accept,
            });
        }
        let diagnoses = raw
            .diagnoses
            .into_iter()
            .map(|d| Diagnosis {
                stderr: d.stderr,
                says: d.says,
                says_zh: d.says_zh,
                exercises: d.exercises,
            })
            .collect();
        Ok(Track {
            name: name.to_string(),
            run: raw.run,
            exercises,
            diagnoses,
            hidden_dir: root.join("hidden"),
            root,
        })
    }

    /// The track as a [`Course`]: where its tests, solutions and variants are.
    pub fn course(&self) -> Course {
        Course {
            root: self.root.clone(),
            hidden_dir: self.hidden_dir.clone(),
            variants_dir: self.root.join("variants"),
            exercises: self.exercises.iter().map(|e| e.exercise.clone()).collect(),
        }
    }

    /// The exercises named by `ids` (by id or folder), or all of them.
    pub fn select(&self, ids: &[String]) -> Result<Vec<TrackExercise>, crate::course::CourseError> {
        let course = self.course();
        let chosen = course.select(ids)?;
        Ok(chosen
            .iter()
            .filter_map(|c| {
                self.exercises
                    .iter()
                    .find(|e| e.exercise.id == c.id)
                    .cloned()
            })
            .collect())
    }

    /// How to run `file` as the program of `exercise`.
    pub fn programs(&self, exercise: &TrackExercise, file: &Path) -> Programs {
        let command: Vec<OsString> = self
            .run
            .iter()
            .map(|w| OsString::from(w.replace("{file}", &file.to_string_lossy())))
            .collect();
        let mut programs = Programs::new();
        programs.insert(exercise.exercise.id.clone(), command);
        programs
    }

    /// The first diagnosis of `stderr` for `exercise`, in `lang`.
    pub fn diagnose(&self, exercise: &str, stderr: &str, lang: Lang) -> Option<String> {
        self.diagnoses
            .iter()
            .filter(|d| {
                d.exercises
                    .as_ref()
                    .is_none_or(|ids| ids.iter().any(|i| i == exercise))
            })
            .find(|d| stderr.contains(&d.stderr))
            .map(|d| lang.pick(&d.says, Some(&d.says_zh)).to_string())
    }
}

/// A relative path of plain names: no root, no `..`, not empty.
fn is_relative_plain(path: &str) -> bool {
    let path = Path::new(path);
    !path.as_os_str().is_empty()
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
    }

    #[test]
    fn the_python_track_loads_with_its_three_exercises() {
        let track = Track::load(workspace(), "python").unwrap();
        let ids: Vec<&str> = track
            .exercises
            .iter()
            .map(|e| e.exercise.id.as_str())
            .collect();
        assert_eq!(ids, ["tcp-server", "tcp-client", "reconnect-server"]);
        let course = track.course();
        assert!(course.public_tests(&course.exercises[0]).is_file());
        assert!(course.hidden_tests(&course.exercises[2]).is_file());
    }

    #[test]
    fn diagnoses_apply_in_order_to_their_exercises_in_both_languages() {
        let track = Track::load(workspace(), "python").unwrap();
        let stderr = "SyntaxError: invalid non-printable character U+3000";
        let en = track.diagnose("tcp-server", stderr, Lang::En).unwrap();
        assert!(en.contains("full-width space"), "{en}");
        let zh = track.diagnose("tcp-server", stderr, Lang::Zh).unwrap();
        assert!(zh.contains("全角空格"), "{zh}");
        let busy = "OSError: [Errno 98] Address already in use";
        assert!(track.diagnose("tcp-server", busy, Lang::En).is_none());
        assert!(
            track
                .diagnose("tcp-client", busy, Lang::En)
                .unwrap()
                .contains("connect")
        );
    }

    #[test]
    fn a_bad_track_file_names_the_problem() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("t")).unwrap();
        let write = |text: &str| std::fs::write(dir.path().join("t/track.toml"), text).unwrap();
        write("format-version = 1\nrun = [\"python3\"]\nexercise = []\n");
        let err = Track::load(dir.path(), "t").unwrap_err().to_string();
        assert!(err.contains("`{file}`"), "{err}");
        write("format-version = 1\nrun = [\"x\", \"{file}\"]\nexercise = []\nfiles = 1\n");
        let err = Track::load(dir.path(), "t").unwrap_err().to_string();
        assert!(err.contains("unknown field `files`"), "{err}");
        write(
            "format-version = 1\nrun = [\"x\", \"{file}\"]\n[[exercise]]\nid = \"a\"\nfolder = \"a\"\nfile = \"a.py\"\naccept = [\"../a.py\"]\n",
        );
        let err = Track::load(dir.path(), "t").unwrap_err().to_string();
        assert!(err.contains("`../a.py` must be a relative path"), "{err}");
    }
}
