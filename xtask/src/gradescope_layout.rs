//! Where a Gradescope submission's code is: a student's repository (GitHub
//! or a zip of it: `exercises/` at the top or inside one folder), or files
//! uploaded one by one (`01-tcp-server/src/main.rs`, `tcp-server/main.rs`,
//! or, when the assignment grades one program, just `main.rs` and
//! `bin/tcp-client.rs`). Uploaded files are copied into a repository-shaped
//! folder for `grade`, walking the upload without following any link and
//! copying only regular files of bounded size; everything else is listed as
//! not graded.

use std::path::{Component, Path, PathBuf};

use anyhow::Context as _;
use grader::course::{Exercise, ExerciseKind};
use grader::lang::Lang;
use grader::report::escape_controls;

use crate::text::gradescope as text;

/// Files of an upload looked at, at most.
const MAX_FILES: usize = 2000;
/// Folder depth of an upload looked at, at most.
const MAX_DEPTH: usize = 16;
/// The largest uploaded file copied (a source file is far smaller).
const MAX_FILE_BYTES: u64 = 1 << 20;
/// Paths named in the feedback, at most, per list.
const SHOWN: usize = 12;

/// The repository-shaped folder to grade, and what the student is told about it.
pub(crate) struct Located {
    /// The folder holding `exercises/`.
    pub(crate) dir: PathBuf,
    /// One or more lines for the student: which layout was graded, and how.
    pub(crate) note: String,
}

/// Finds the code in `submission`; uploaded files are staged in `staging`.
pub(crate) fn locate(
    submission: &Path,
    exercises: &[Exercise],
    staging: &Path,
    lang: Lang,
) -> anyhow::Result<Located> {
    if is_dir(&submission.join("exercises")) {
        let note = text::graded_repository(lang);
        return Ok(Located {
            dir: submission.to_path_buf(),
            note: note.to_string(),
        });
    }
    if let Some(inner) = single_folder(submission)?.filter(|d| is_dir(&d.join("exercises"))) {
        let name =
            escape_controls(&inner.file_name().unwrap_or_default().to_string_lossy()).into_owned();
        let note = text::graded_folder(lang, &name);
        return Ok(Located { dir: inner, note });
    }
    stage(submission, exercises, staging, lang)
}

/// Copies the uploaded files that belong to an exercise into `staging`.
fn stage(
    submission: &Path,
    exercises: &[Exercise],
    staging: &Path,
    lang: Lang,
) -> anyhow::Result<Located> {
    std::fs::create_dir_all(staging)
        .with_context(|| format!("cannot create `{}`", staging.display()))?;
    let mut graded = Vec::new();
    let mut ignored = Vec::new();
    let walk = walkdir::WalkDir::new(submission)
        .follow_links(false)
        .max_depth(MAX_DEPTH)
        .sort_by_file_name();
    for entry in walk.into_iter().filter_map(Result::ok).take(MAX_FILES) {
        let Ok(relative) = entry.path().strip_prefix(submission) else {
            continue;
        };
        if relative.as_os_str().is_empty() || entry.file_type().is_dir() {
            continue;
        }
        let shown = escape_controls(&relative.to_string_lossy()).into_owned();
        let size = entry.metadata().map(|m| m.len()).unwrap_or(u64::MAX);
        let place = place(relative, exercises);
        match place {
            Some(to) if entry.file_type().is_file() && size <= MAX_FILE_BYTES => {
                let target = staging.join(&to);
                if target.exists() {
                    ignored.push(shown);
                    continue;
                }
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)
                        .with_context(|| format!("cannot create `{}`", parent.display()))?;
                }
                std::fs::copy(entry.path(), &target)
                    .with_context(|| format!("cannot copy `{}`", entry.path().display()))?;
                graded.push(format!("`{shown}` → `{}`", to.display()));
            }
            _ => ignored.push(shown),
        }
    }
    let mut note = String::new();
    if graded.is_empty() {
        note.push_str(text::no_exercise_files(lang));
    } else {
        note.push_str(text::graded_files(lang));
        note.push_str(&list(&graded));
    }
    if !ignored.is_empty() {
        note.push('\n');
        note.push_str(text::not_graded(lang));
        note.push_str(&list(
            &ignored.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>(),
        ));
    }
    Ok(Located {
        dir: staging.to_path_buf(),
        note,
    })
}

/// Where an uploaded file goes in the repository, if it belongs to an exercise.
fn place(relative: &Path, exercises: &[Exercise]) -> Option<PathBuf> {
    let parts: Vec<&str> = relative
        .components()
        .map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let file = *parts.last()?;
    // A folder named after an exercise: what follows it is that exercise's.
    for (i, part) in parts.iter().enumerate() {
        if let Some(exercise) = exercises
            .iter()
            .find(|e| e.folder == *part || e.id == *part)
        {
            return inside(exercise, &parts[i + 1..]);
        }
    }
    // Otherwise, files of the one program (or quiz) this assignment grades.
    if file == grader::quiz::ANSWERS_FILE {
        let quiz = exercises.iter().find(|e| e.kind == ExerciseKind::Quiz)?;
        return inside(quiz, &[file]);
    }
    let mut programs = exercises.iter().filter(|e| e.kind == ExerciseKind::Program);
    let (program, None) = (programs.next()?, programs.next()) else {
        return None;
    };
    if !file.ends_with(".rs") {
        return None;
    }
    let rest: Vec<&str> = match parts.iter().rposition(|p| *p == "src") {
        Some(src) => parts[src + 1..].to_vec(),
        None if parts.len() >= 2 && parts[parts.len() - 2] == "bin" => vec!["bin", file],
        None => vec![file],
    };
    inside(program, &rest)
}

/// `rest` (what follows the exercise's folder) as a path in the repository.
fn inside(exercise: &Exercise, rest: &[&str]) -> Option<PathBuf> {
    let base = Path::new("exercises").join(&exercise.folder);
    match exercise.kind {
        ExerciseKind::Quiz => {
            (rest == [grader::quiz::ANSWERS_FILE]).then(|| base.join(grader::quiz::ANSWERS_FILE))
        }
        ExerciseKind::Program => {
            // Beside `src/`, only Rust files count (never a manifest or build script).
            let rest = match rest.strip_prefix(&["src"]) {
                Some(rest) => rest,
                None if rest
                    .last()
                    .is_some_and(|f| f.ends_with(".rs") && *f != "build.rs") =>
                {
                    rest
                }
                None => return None,
            };
            (!rest.is_empty()).then(|| rest.iter().fold(base.join("src"), |p, r| p.join(r)))
        }
    }
}

/// The only folder in `dir` (dot-files and macOS's `__MACOSX` aside), if it is alone.
fn single_folder(dir: &Path) -> anyhow::Result<Option<PathBuf>> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("no submission at `{}`", dir.display()))?;
    let visible: Vec<_> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            !name.starts_with('.') && name != "__MACOSX"
        })
        .collect();
    match visible.as_slice() {
        [only] if is_dir(&only.path()) => Ok(Some(only.path())),
        _ => Ok(None),
    }
}

/// A real folder, not a link to one.
fn is_dir(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// `items`, comma-separated, the first few only.
fn list(items: &[String]) -> String {
    let mut text = items
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        text.push_str(&format!(", … (+{})", items.len() - SHOWN));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise(id: &str, folder: &str, kind: ExerciseKind) -> Exercise {
        Exercise {
            id: id.into(),
            folder: folder.into(),
            kind,
        }
    }

    fn course() -> Vec<Exercise> {
        vec![
            exercise("concepts", "00-concepts", ExerciseKind::Quiz),
            exercise("tcp-server", "01-tcp-server", ExerciseKind::Program),
            exercise("file-seek", "03-file-seek", ExerciseKind::Program),
        ]
    }

    fn placed(path: &str, exercises: &[Exercise]) -> Option<String> {
        place(Path::new(path), exercises).map(|p| p.display().to_string())
    }

    #[test]
    fn uploaded_files_find_their_exercise() {
        let all = course();
        assert_eq!(
            placed("01-tcp-server/src/main.rs", &all).as_deref(),
            Some("exercises/01-tcp-server/src/main.rs")
        );
        assert_eq!(
            placed("hw/tcp-server/bin/tcp-client.rs", &all).as_deref(),
            Some("exercises/01-tcp-server/src/bin/tcp-client.rs")
        );
        assert_eq!(
            placed("00-concepts/answers.toml", &all).as_deref(),
            Some("exercises/00-concepts/answers.toml")
        );
        assert_eq!(
            placed("answers.toml", &all).as_deref(),
            Some("exercises/00-concepts/answers.toml")
        );
        // With more than one program, a bare `main.rs` belongs to none.
        assert_eq!(placed("main.rs", &all), None);
        assert_eq!(placed("tcp-server/Cargo.toml", &all), None);
        assert_eq!(placed("01-tcp-server/build.rs", &all), None);
        assert_eq!(placed("00-concepts/notes.txt", &all), None);
    }

    #[test]
    fn one_program_takes_bare_rust_files() {
        let one = vec![exercise(
            "tcp-server",
            "01-tcp-server",
            ExerciseKind::Program,
        )];
        for (upload, to) in [
            ("main.rs", "exercises/01-tcp-server/src/main.rs"),
            (
                "bin/tcp-client.rs",
                "exercises/01-tcp-server/src/bin/tcp-client.rs",
            ),
            (
                "my-hw/src/bin/tcp-client.rs",
                "exercises/01-tcp-server/src/bin/tcp-client.rs",
            ),
            ("my-hw/main.rs", "exercises/01-tcp-server/src/main.rs"),
        ] {
            assert_eq!(placed(upload, &one).as_deref(), Some(to), "{upload}");
        }
        assert_eq!(placed("README.md", &one), None);
        assert_eq!(placed("answers.toml", &one), None);
    }
}
