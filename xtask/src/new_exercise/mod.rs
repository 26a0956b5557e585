//! `cargo xtask new-exercise ID FOLDER`: scaffolds a program exercise in every
//! place the course needs one, so that `cargo xtask verify ID` passes at once.
//!
//! Everything is checked before anything is written: an id or folder that
//! exists or is badly formed is an error that leaves the workspace as it was.
//! What it writes is listed in README's "Adding an exercise".
//!
//! The files come from [`TEMPLATES`], a tree laid out as the workspace is,
//! every file ending in `.in`, with `__ID__`, `__FOLDER__` and `__NUMBER__`
//! standing for the exercise's id, folder and number (`dist` never ships it).
//! Its program is a command-line one (no socket), so that the scaffold is
//! std-only, fast and never flaky.

mod workspace;

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use grader::course::Course;
use grader::lang::Lang;

use crate::PASSED;
use crate::text::new_exercise as text;
use workspace::{taken_names, with_members, with_table_row};

/// Options of `new-exercise`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The exercise id and package name, such as `udp-echo`: lowercase letters, digits and `-`.
    id: String,
    /// Its folder, `NN-topic`, such as `04-udp-echo`: a number no other exercise has.
    folder: String,
}

/// One file to write: where, and its new text.
struct Write {
    path: PathBuf,
    text: String,
}

/// Existing files with their new text, and their old one to restore.
type Edited = Vec<(Write, String)>;

/// Everything the scaffold writes, checked before any of it is.
struct Plan {
    /// New folders, removed again if writing fails.
    folders: Vec<PathBuf>,
    /// New files (inside `folders`, or the hidden test file).
    created: Vec<Write>,
    /// Existing files with their new text (and their old one, to restore).
    edited: Edited,
    /// Registrations that could not be made, for the instructor to make.
    notes: Vec<String>,
}

/// Writes the scaffold of exercise `args.id` in `args.folder`.
pub(crate) fn run(root: &Path, args: Args, lang: Lang) -> anyhow::Result<u8> {
    let plan = plan(root, &args.id, &args.folder, lang)?;
    write(&plan).context(text::cannot_write(lang))?;
    let shown = |path: &Path| {
        path.strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    println!("{}", text::created(lang, &args.id, &args.folder));
    for file in &plan.created {
        println!("  + {}", shown(&file.path));
    }
    for (file, _) in &plan.edited {
        println!("  ~ {}", shown(&file.path));
    }
    for note in &plan.notes {
        println!("  ! {note}");
    }
    if let Err(err) = refresh_lock(root) {
        println!("{}", text::lock_not_updated(lang, &err));
    }
    println!("{}", text::next_verify(lang, &args.id));
    Ok(PASSED)
}

/// Whether `name` is lowercase ASCII words joined by single `-`, starting with a letter.
fn is_kebab(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Checks the id and folder against the course and plans every write.
fn plan(root: &Path, id: &str, folder: &str, lang: Lang) -> anyhow::Result<Plan> {
    let number = check_names(root, id, folder, lang)?;
    let names = Names { id, folder, number };
    let templates = root.join(TEMPLATES);
    let (created, folders) = created_files(root, &templates, &names)?;
    for path in &folders {
        if path.exists() {
            bail!(text::path_exists(lang, &path.display().to_string()));
        }
    }
    let (edited, notes) = registrations(root, &templates, &names, lang)?;
    Ok(Plan {
        folders,
        created,
        edited,
        notes,
    })
}

/// The names a template's `__ID__`, `__FOLDER__` and `__NUMBER__` stand for.
struct Names<'a> {
    id: &'a str,
    folder: &'a str,
    number: String,
}

impl Names<'_> {
    /// `text` with the names in place of their placeholders.
    fn fill(&self, text: &str) -> String {
        text.replace("__ID__", self.id)
            .replace("__FOLDER__", self.folder)
            .replace("__NUMBER__", &self.number)
    }
}

/// Checks that `id` and `folder` are well formed and free; returns the
/// folder's number.
fn check_names(root: &Path, id: &str, folder: &str, lang: Lang) -> anyhow::Result<String> {
    if !is_kebab(id) || id.len() > 40 || id.ends_with("-solution") {
        bail!(text::bad_id(lang, id));
    }
    let number = folder
        .split_once('-')
        .filter(|(n, rest)| n.len() == 2 && n.chars().all(|c| c.is_ascii_digit()) && is_kebab(rest))
        .map(|(n, _)| n.to_string());
    let Some(number) = number.filter(|_| folder.len() <= 60) else {
        bail!(text::bad_folder(lang, folder));
    };
    let course = Course::open(root).context("cannot find the exercises")?;
    for exercise in &course.exercises {
        if exercise.id == id || exercise.folder == folder {
            bail!(text::exercise_exists(lang, &exercise.id, &exercise.folder));
        }
        if exercise.folder.starts_with(&format!("{number}-")) {
            bail!(text::number_taken(lang, &number, &exercise.folder));
        }
    }
    let taken = taken_names(root, &course)?;
    if taken.iter().any(|name| name == id) {
        bail!(text::name_taken(lang, id));
    }
    Ok(number)
}

/// The new files filled in from `templates` (and the correct sample's copy
/// of the solution), with the new paths they claim:
/// `exercises/<folder>`, `grader/hidden/<folder>.toml`…
fn created_files(
    root: &Path,
    templates: &Path,
    names: &Names<'_>,
) -> anyhow::Result<(Vec<Write>, Vec<PathBuf>)> {
    let folder = names.folder;
    let mut created = Vec::new();
    let mut folders: Vec<PathBuf> = Vec::new();
    for template in template_files(templates)? {
        let relative = template
            .strip_prefix(templates)
            .context("a template lies in the templates' folder")?;
        if relative == Path::new(README_ROW) {
            continue;
        }
        let text = std::fs::read_to_string(&template)
            .with_context(|| format!("cannot read `{}`", template.display()))?;
        let relative = names.fill(&relative.to_string_lossy());
        let relative = relative.strip_suffix(".in").unwrap_or(&relative);
        let claimed = claimed_path(relative, folder)
            .with_context(|| format!("the template `{relative}` names no `__FOLDER__`"))?;
        if !folders.contains(&root.join(&claimed)) {
            folders.push(root.join(&claimed));
        }
        created.push((root.join(relative), names.fill(&text)));
    }
    // The correct sample holds every reference solution: it keeps full marks.
    if root.join("samples/correct/exercises").is_dir() {
        let solution = root.join("solutions").join(folder);
        let sample = root.join("samples/correct/exercises").join(folder);
        let sources: Vec<(PathBuf, String)> = created
            .iter()
            .filter_map(|(path, text)| {
                let inside = path.strip_prefix(solution.join("src")).ok()?;
                Some((sample.join("src").join(inside), text.clone()))
            })
            .collect();
        folders.push(sample);
        created.extend(sources);
    }
    let created = created
        .into_iter()
        .map(|(path, text)| Write { path, text })
        .collect();
    Ok((created, folders))
}

/// The workspace's `Cargo.toml` and README with the new exercise registered
/// (each with its old text), and the registrations left to the instructor.
fn registrations(
    root: &Path,
    templates: &Path,
    names: &Names<'_>,
    lang: Lang,
) -> anyhow::Result<(Edited, Vec<String>)> {
    let mut notes = Vec::new();
    let manifest_path = root.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path)
        .with_context(|| format!("cannot read `{}`", manifest_path.display()))?;
    let mut edited = vec![(
        Write {
            path: manifest_path,
            text: with_members(&manifest, names.folder)?,
        },
        manifest,
    )];
    let readme_path = root.join("README.md");
    if let Ok(readme) = std::fs::read_to_string(&readme_path) {
        let row = std::fs::read_to_string(templates.join(README_ROW))
            .with_context(|| format!("cannot read `{TEMPLATES}/{README_ROW}`"))?;
        match with_table_row(&readme, names.fill(&row).trim_end()) {
            Some(text) => edited.push((
                Write {
                    path: readme_path,
                    text,
                },
                readme,
            )),
            None => notes.push(text::no_readme_table(lang).to_string()),
        }
    }
    Ok((edited, notes))
}

/// Every file under `dir`, sorted.
fn template_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.with_context(|| format!("cannot read the templates in `{}`", dir.display()))?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    if files.is_empty() {
        bail!("no templates in `{}`", dir.display());
    }
    Ok(files)
}

/// The new path a file at `relative` claims for the exercise: its first
/// component that names `folder` and everything above it
/// (`exercises/04-x/src/main.rs` claims `exercises/04-x`).
fn claimed_path(relative: &str, folder: &str) -> Option<PathBuf> {
    let mut claimed = PathBuf::new();
    for part in Path::new(relative).components() {
        claimed.push(part);
        if part.as_os_str().to_string_lossy().contains(folder) {
            return Some(claimed);
        }
    }
    None
}

/// Writes the plan; on the first failure, removes what it wrote and restores
/// what it edited.
fn write(plan: &Plan) -> anyhow::Result<()> {
    let result = write_all(plan);
    if result.is_err() {
        for folder in &plan.folders {
            let _ = std::fs::remove_dir_all(folder);
        }
        for file in &plan.created {
            let _ = std::fs::remove_file(&file.path);
        }
        for (file, old) in &plan.edited {
            let _ = std::fs::write(&file.path, old);
        }
    }
    result
}

fn write_all(plan: &Plan) -> anyhow::Result<()> {
    for file in plan
        .created
        .iter()
        .chain(plan.edited.iter().map(|(f, _)| f))
    {
        if let Some(parent) = file.path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        std::fs::write(&file.path, &file.text)
            .with_context(|| format!("cannot write `{}`", file.path.display()))?;
    }
    Ok(())
}

/// Adds the new packages to `Cargo.lock` (offline: they are path packages).
fn refresh_lock(root: &Path) -> anyhow::Result<()> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args(["update", "--workspace", "--offline", "--quiet"])
        .current_dir(root)
        .stdin(std::process::Stdio::null())
        .output()
        .context("cannot run `cargo update`")?;
    if !output.status.success() {
        bail!(
            "`cargo update --workspace --offline` failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}

/// The scaffold's files, relative to the workspace root.
const TEMPLATES: &str = "xtask/templates/new-exercise";

/// The template of README's exercise table row (not a file of the exercise).
const README_ROW: &str = "README-row.md.in";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_folders_are_kebab_case() {
        for good in ["udp-echo", "a", "http2", "x-1-y"] {
            assert!(is_kebab(good), "{good}");
        }
        for bad in [
            "",
            "Udp",
            "udp_echo",
            "-udp",
            "udp-",
            "udp--echo",
            "1udp",
            "udp echo",
            "ü",
        ] {
            assert!(!is_kebab(bad), "{bad}");
        }
    }

    #[test]
    fn members_go_after_the_last_solution() {
        let manifest = "[workspace]\nmembers = [\n    \"exercises/01-a\",\n    \"solutions/01-a\",\n    \"grader\",\n]\n";
        let text = with_members(manifest, "02-b").unwrap();
        assert_eq!(
            text,
            "[workspace]\nmembers = [\n    \"exercises/01-a\",\n    \"solutions/01-a\",\n    \"exercises/02-b\",\n    \"solutions/02-b\",\n    \"grader\",\n]\n"
        );
        assert!(with_members("[package]\nname = \"x\"\n", "02-b").is_err());
    }

    #[test]
    fn the_row_ends_the_exercise_table() {
        let readme = "x\n\n| Exercise | Folder | What you build |\n|---|---|---|\n| `a` | `exercises/01-a` | a |\n\nafter\n";
        let text = with_table_row(readme, "| `b` | `exercises/02-b` | b |").unwrap();
        assert!(
            text.contains("| a |\n| `b` | `exercises/02-b` | b |\n\nafter"),
            "{text}"
        );
        assert_eq!(with_table_row("no table\n", "| b |"), None);
    }

    #[test]
    fn each_file_claims_its_new_folder() {
        assert_eq!(
            claimed_path("exercises/04-x/src/main.rs", "04-x"),
            Some(PathBuf::from("exercises/04-x"))
        );
        assert_eq!(
            claimed_path("grader/hidden/04-x.toml", "04-x"),
            Some(PathBuf::from("grader/hidden/04-x.toml"))
        );
        assert_eq!(claimed_path("README.md", "04-x"), None);
    }
}
