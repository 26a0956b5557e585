//! `cargo xtask dist OUT`: the repository students receive — stubs,
//! statements, public tests, the grader and xtask — without solutions, hidden
//! tests, known-wrong variants or sample submissions.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use grader::lang::Lang;

use crate::text::gradescope as text;

/// Options of `dist`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Where to write the student repository; must be missing or empty.
    out: PathBuf,
}

/// Top-level files copied as they are.
const FILES: [&str; 5] = [
    "Cargo.lock",
    "rustfmt.toml",
    "clippy.toml",
    ".gitignore",
    ".cargo/config.toml",
];
/// Folders copied, each with the sub-paths left out.
const TREES: [(&str, &[&str]); 3] = [
    ("exercises", &[]),
    // Hidden tests, variants and the grader's own tests (which need the solutions) stay home.
    ("grader", &["hidden", "variants", "tests", "tools"]),
    ("xtask", &["tests", "templates"]),
];
/// Files made for students from `xtask/templates/student/`: (template, destination).
const TEMPLATES: [(&str, &str); 2] = [
    ("README.md", "README.md"),
    ("check.yml", ".github/workflows/check.yml"),
];
/// Lock file packages that exist only in the instructor's workspace end with this.
const SOLUTION_SUFFIX: &str = "-solution";

/// The commands of the instructor's repository, hidden from `--help` in a student copy.
const INSTRUCTOR_COMMANDS: [&str; 12] = [
    "grade",
    "verify",
    "dist",
    "bench",
    "merge",
    "quiz-hash",
    "roster",
    "similar",
    "diff",
    "gradescope",
    "gradescope-run",
    "new-exercise",
];

/// Whether `root` is a student copy written by `dist`: it has no `solutions/`.
pub(crate) fn is_student_copy(root: &Path) -> bool {
    !root.join("solutions").exists()
}

/// The command line without the instructor's commands in its help.
pub(crate) fn hide_instructor_commands(mut command: clap::Command) -> clap::Command {
    for name in INSTRUCTOR_COMMANDS {
        command = command.mut_subcommand(name, |c| c.hide(true));
    }
    command.after_help(
        "This is a student copy: the instructor's commands (grade, verify, dist, bench, merge, roster, similar, diff, gradescope, new-exercise) \
         need solutions and hidden tests it does not hold.",
    )
}

/// Why an instructor's command does not run in a student copy.
pub(crate) fn instructor_only_note(name: &str, lang: Lang) -> String {
    text::instructor_only(lang, name)
}

/// Writes the student repository to `args.out`.
pub(crate) fn run(root: &Path, args: Args) -> anyhow::Result<u8> {
    let out = &args.out;
    if out.exists()
        && std::fs::read_dir(out)
            .with_context(|| format!("cannot read `{}`", out.display()))?
            .next()
            .is_some()
    {
        bail!(
            "`{}` is not empty: pick a new folder, so nothing in it is overwritten",
            out.display()
        );
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create `{}`", out.display()))?;
    for (path, bytes) in workspace_files(root)? {
        write(&out.join(path), &bytes)?;
    }
    for (template, dest) in TEMPLATES {
        let from = root.join("xtask/templates/student").join(template);
        let text = std::fs::read_to_string(&from)
            .with_context(|| format!("cannot read `{}`", from.display()))?;
        write(&out.join(dest), &text)?;
    }
    println!("wrote the student repository to {}", out.display());
    println!("try it: cd {} && cargo xtask check", out.display());
    Ok(crate::PASSED)
}

/// The files of the repository students receive (without its README and
/// workflow, made from templates), as paths relative to its root and their
/// contents. The Gradescope package is these plus the hidden tests.
pub(crate) fn workspace_files(root: &Path) -> anyhow::Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut files = vec![(PathBuf::from("Cargo.toml"), manifest(root)?.into_bytes())];
    for file in FILES {
        let from = root.join(file);
        let text = std::fs::read_to_string(&from)
            .with_context(|| format!("cannot read `{}`", from.display()))?;
        let text = if file == "Cargo.lock" {
            without_solutions(&text)
        } else {
            text
        };
        files.push((PathBuf::from(file), text.into_bytes()));
    }
    for (tree, skip) in TREES {
        collect_tree(root, Path::new(tree), skip, &mut files)?;
    }
    Ok(files)
}

/// The workspace manifest without the `solutions/` members.
fn manifest(root: &Path) -> anyhow::Result<String> {
    let path = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read `{}`", path.display()))?;
    let mut manifest: toml::Table =
        toml::from_str(&text).with_context(|| format!("cannot parse `{}`", path.display()))?;
    let members = manifest
        .get_mut("workspace")
        .and_then(|w| w.get_mut("members"))
        .and_then(|m| m.as_array_mut())
        .context("the workspace manifest has no `workspace.members`")?;
    members.retain(|m| m.as_str().is_some_and(|m| !m.starts_with("solutions/")));
    Ok(toml::to_string(&manifest)?)
}

/// The lock file without the `[[package]]` entries of solution crates.
fn without_solutions(lock: &str) -> String {
    lock.split("\n[[package]]\n")
        .filter(|entry| {
            let name = entry
                .lines()
                .find_map(|l| l.strip_prefix("name = \""))
                .unwrap_or_default();
            !name.trim_end_matches('"').ends_with(SOLUTION_SUFFIX)
        })
        .collect::<Vec<_>>()
        .join("\n[[package]]\n")
}

fn write(path: &Path, text: impl AsRef<[u8]>) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write `{}`", path.display()))
}

/// Adds the files under `root/tree` to `files`, leaving out the direct
/// children named in `skip` and any `target/` folder.
fn collect_tree(
    root: &Path,
    tree: &Path,
    skip: &[&str],
    files: &mut Vec<(PathBuf, Vec<u8>)>,
) -> anyhow::Result<()> {
    let from = root.join(tree);
    let walk = walkdir::WalkDir::new(&from)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            !(name == "target" || e.depth() == 1 && skip.contains(&name.as_ref()))
        });
    for entry in walk {
        let entry = entry.with_context(|| format!("cannot read `{}`", from.display()))?;
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path())
                .with_context(|| format!("cannot read `{}`", entry.path().display()))?;
            let path = entry.path().strip_prefix(root).unwrap_or(entry.path());
            files.push((path.to_path_buf(), bytes));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solution_packages_leave_the_lock_file() {
        let lock = "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"1\"\n\n[[package]]\nname = \"tcp-server-solution\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"b\"\n";
        let kept = without_solutions(lock);
        assert!(kept.contains("name = \"a\"") && kept.contains("name = \"b\""));
        assert!(!kept.contains("solution"), "{kept}");
    }
}
