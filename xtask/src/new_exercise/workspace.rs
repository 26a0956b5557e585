//! What `new-exercise` reads and edits in the workspace's own files: the
//! names its `Cargo.toml` members already take, its `members` list, and the
//! README's exercise table.

use std::path::Path;

use anyhow::{Context as _, bail};
use grader::course::Course;

/// Package names of the workspace's members and the exercises' programs:
/// names a new exercise's package and program may not take.
pub(super) fn taken_names(root: &Path, course: &Course) -> anyhow::Result<Vec<String>> {
    let mut names = Vec::new();
    let manifest: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))
        .context("cannot read the workspace's `Cargo.toml`")?
        .parse()
        .context("the workspace's `Cargo.toml` is not valid TOML")?;
    let members = manifest
        .get("workspace")
        .and_then(|w| w.get("members"))
        .and_then(|m| m.as_array())
        .context("the workspace's `Cargo.toml` has no `workspace.members`")?;
    for member in members.iter().filter_map(|m| m.as_str()) {
        let text =
            std::fs::read_to_string(root.join(member).join("Cargo.toml")).unwrap_or_default();
        if let Ok(table) = text.parse::<toml::Table>()
            && let Some(name) = table
                .get("package")
                .and_then(|p| p.get("name"))
                .and_then(|n| n.as_str())
        {
            names.push(name.to_string());
        }
    }
    for exercise in &course.exercises {
        names.push(exercise.id.clone());
        let bin = course.exercise_dir(exercise).join("src/bin");
        for entry in std::fs::read_dir(bin).into_iter().flatten().flatten() {
            if let Some(stem) = entry.path().file_stem() {
                names.push(stem.to_string_lossy().into_owned());
            }
        }
    }
    Ok(names)
}

/// The workspace manifest with `exercises/<folder>` and `solutions/<folder>`
/// added to `workspace.members`, after the last solution.
pub(super) fn with_members(manifest: &str, folder: &str) -> anyhow::Result<String> {
    let start = manifest
        .find("members = [")
        .context("the workspace's `Cargo.toml` has no `members = [` list")?;
    let end = start
        + manifest[start..]
            .find(']')
            .context("the workspace's `members` list is not closed")?;
    let list = &manifest[start..end];
    let insert_at = match list.rfind("\"solutions/") {
        Some(at) => start + at + list[at..].find('\n').unwrap_or(list.len() - at) + 1,
        None => end,
    };
    let added = format!("    \"exercises/{folder}\",\n    \"solutions/{folder}\",\n");
    let text = format!(
        "{}{added}{}",
        &manifest[..insert_at],
        &manifest[insert_at..]
    );
    // The result must still be the manifest it was, plus the two members.
    let table: toml::Table = text
        .parse()
        .context("cannot add the members to the workspace's `Cargo.toml` (edit it by hand)")?;
    let members = table
        .get("workspace")
        .and_then(|w| w.get("members"))
        .and_then(|m| m.as_array())
        .context("the workspace's `Cargo.toml` has no `workspace.members`")?;
    for member in [format!("exercises/{folder}"), format!("solutions/{folder}")] {
        if !members.iter().any(|m| m.as_str() == Some(member.as_str())) {
            bail!("cannot add `{member}` to the workspace's `Cargo.toml` (edit it by hand)");
        }
    }
    Ok(text)
}

/// README with `row` added at the end of its exercise table, or `None` when it has none.
pub(super) fn with_table_row(readme: &str, row: &str) -> Option<String> {
    let mut lines: Vec<&str> = readme.split_inclusive('\n').collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("| Exercise | Folder | What you build |"))?;
    let last = header
        + lines[header..]
            .iter()
            .take_while(|l| l.starts_with('|'))
            .count();
    let row = format!("{row}\n");
    lines.insert(last, &row);
    Some(lines.concat())
}
