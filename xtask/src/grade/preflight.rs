//! What `grade` checks before the first build: every path it will write,
//! the hidden tests and the submissions, so a mistake costs a second and
//! not a class's grading, and zeros that are no result are said loudly.

use std::path::Path;

use anyhow::{Context as _, bail};
use grader::course::{Course, ExerciseKind};
use grader::report::{Paint, escape_controls};
use grader::submissions::Submission;

use crate::output::count;

/// Checks that `--out` is (or can be made) a folder we can write into,
/// that `--junit` can be written, and that `--work` is a folder.
pub(crate) fn check_outputs(
    out: Option<&Path>,
    junit: Option<&Path>,
    work: Option<&Path>,
) -> anyhow::Result<()> {
    if let Some(out) = out {
        writable_folder(
            out,
            "--out",
            "grades.csv, status.csv, results.json, summary.md and report.html",
        )?;
    }
    if let Some(work) = work {
        writable_folder(work, "--work", "the build directories")?;
    }
    if let Some(junit) = junit {
        if junit.is_dir() {
            bail!(
                "`--junit` names `{}`, which is a folder: give the file to write, such as `{}`",
                junit.display(),
                junit.join("junit.xml").display()
            );
        }
        let parent = junit
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        writable_folder(parent, "--junit", "the JUnit file")?;
    }
    Ok(())
}

/// `path` is a folder we may write into, created if missing.
fn writable_folder(path: &Path, flag: &str, holds: &str) -> anyhow::Result<()> {
    if path.exists() && !path.is_dir() {
        bail!(
            "`{flag}` names `{}`, which is a file, not a folder: give a folder for {holds}",
            path.display()
        );
    }
    std::fs::create_dir_all(path)
        .with_context(|| format!("cannot create the `{flag}` folder `{}`", path.display()))?;
    let probe = path.join(format!(".netlab-write-check-{}", std::process::id()));
    std::fs::write(&probe, b"")
        .with_context(|| format!("cannot write into the `{flag}` folder `{}`", path.display()))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// The hidden tests must be there: without them `grade` would score the
/// public tests only and say nothing.
pub(crate) fn check_hidden(course: &Course, student_copy: bool) -> anyhow::Result<()> {
    let dir = &course.hidden_dir;
    if dir.is_dir() {
        return Ok(());
    }
    if student_copy {
        bail!(
            "this is a student copy (made by `cargo xtask dist`): it holds no hidden tests, so `grade` \
             would score the public tests only; run them with `cargo xtask check`, or give the hidden \
             tests with `--hidden-dir DIR`"
        );
    }
    bail!(
        "no hidden tests at `{}`: give their folder with `--hidden-dir DIR` (or `NETLAB_HIDDEN_DIR`)",
        dir.display()
    )
}

/// What a look at the submissions found before grading them.
#[derive(Debug, Default)]
pub(crate) struct Survey {
    /// Submissions holding no exercise of the course at all.
    pub(crate) empty: Vec<String>,
    /// Set when the submissions folder looks like one repository, with why.
    pub(crate) single_repository: Option<String>,
    /// How many submissions were looked at.
    pub(crate) total: usize,
}

/// Looks at each submission's exercise folders (without following links)
/// and at the submissions folder itself.
pub(crate) fn survey(course: &Course, folder: Option<&Path>, submissions: &[Submission]) -> Survey {
    let empty = submissions
        .iter()
        .filter(|s| !holds_any_exercise(course, &s.dir))
        .map(|s| s.name.clone())
        .collect();
    let single_repository = folder.and_then(|folder| {
        let marks = ["exercises", "Cargo.toml", ".git", "xtask"];
        let found: Vec<&str> = marks
            .into_iter()
            .filter(|m| std::fs::symlink_metadata(folder.join(m)).is_ok())
            .collect();
        (!found.is_empty()).then(|| {
            format!(
                "`{}` looks like one student's repository (it holds {}), not a folder of submission folders: \
                 grade it with `--submission {}`",
                escape_controls(&folder.display().to_string()),
                found.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", "),
                escape_controls(&folder.display().to_string())
            )
        })
    });
    Survey {
        empty,
        single_repository,
        total: submissions.len(),
    }
}

/// Whether `dir` holds any of the course's exercises, as the grader takes them.
fn holds_any_exercise(course: &Course, dir: &Path) -> bool {
    let real = |path: &Path, want_dir: bool| {
        std::fs::symlink_metadata(path)
            .is_ok_and(|m| if want_dir { m.is_dir() } else { m.is_file() })
    };
    course.exercises.iter().any(|exercise| {
        let folder = dir.join("exercises").join(&exercise.folder);
        match exercise.kind {
            ExerciseKind::Program => real(&folder.join("src"), true),
            ExerciseKind::Quiz => real(&folder.join(grader::quiz::ANSWERS_FILE), false),
        }
    })
}

impl Survey {
    /// Prints the warnings, if any, on stderr; returns whether there were any.
    pub(crate) fn warn(&self, paint: Paint) -> bool {
        if let Some(why) = &self.single_repository {
            eprintln!("{} {why}", paint.yellow(&paint.bold("warning:")));
        }
        if !self.empty.is_empty() {
            let names = shortened(&self.empty, 8);
            let (empty, total) = (self.empty.len(), self.total);
            eprintln!(
                "{} {empty} of {} {} no exercise at all (no `exercises/<folder>/src/` nor `answers.toml`): {names}; \
                 {} 0 as if nothing was handed in",
                paint.yellow(&paint.bold("warning:")),
                count(total, "submission", "submissions"),
                if empty == 1 { "holds" } else { "hold" },
                if empty == 1 {
                    "it scores"
                } else {
                    "they score"
                },
            );
        }
        self.single_repository.is_some() || !self.empty.is_empty()
    }
}

/// The first `shown` names (control characters written out, so a hostile
/// folder name cannot drive the terminal), then how many more.
fn shortened(names: &[String], shown: usize) -> String {
    let mut text = names
        .iter()
        .take(shown)
        .map(|n| escape_controls(n))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > shown {
        text.push_str(&format!(" and {} more", names.len() - shown));
    }
    text
}
