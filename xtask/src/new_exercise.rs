//! `cargo xtask new-exercise ID FOLDER`: scaffolds a program exercise in every
//! place the course needs one, so that `cargo xtask verify ID` passes at once.
//!
//! Everything is checked before anything is written: an id or folder that
//! exists or is badly formed is an error that leaves the workspace as it was.
//! What it writes is listed in README's "Adding an exercise".

mod templates;

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use grader::course::Course;
use grader::lang::Lang;

use crate::PASSED;

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

/// Everything the scaffold writes, checked before any of it is.
struct Plan {
    /// New folders, removed again if writing fails.
    folders: Vec<PathBuf>,
    /// New files (inside `folders`, or the hidden test file).
    created: Vec<Write>,
    /// Existing files with their new text (and their old one, to restore).
    edited: Vec<(Write, String)>,
    /// Registrations that could not be made, for the instructor to make.
    notes: Vec<String>,
}

/// Writes the scaffold of exercise `args.id` in `args.folder`.
pub(crate) fn run(root: &Path, args: Args, lang: Lang) -> anyhow::Result<u8> {
    let plan = plan(root, &args.id, &args.folder, lang)?;
    write(&plan).context(say(
        lang,
        "cannot write the scaffold (nothing of it was kept)",
        "无法写入练习骨架（已撤销写入的内容）",
    ))?;
    let shown = |path: &Path| {
        path.strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    match lang {
        Lang::En => println!("new exercise `{}` in exercises/{}:", args.id, args.folder),
        Lang::Zh => println!("新练习 `{}`，位于 exercises/{}：", args.id, args.folder),
    }
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
        match lang {
            Lang::En => println!(
                "  ! Cargo.lock not updated ({err:#}): the next `cargo build` adds the new packages; commit it"
            ),
            Lang::Zh => println!(
                "  ! 未能更新 Cargo.lock（{err:#}）：下一次 `cargo build` 会加入新包；请提交它"
            ),
        }
    }
    match lang {
        Lang::En => println!(
            "next: `cargo xtask verify {id}` proves the scaffold; then replace its statement, stub, solution, tests and variant \
             (README.md, \"Adding an exercise\")",
            id = args.id
        ),
        Lang::Zh => println!(
            "下一步：`cargo xtask verify {id}` 验证这个骨架；然后替换它的题目、待填代码、参考答案、测试和错误变体\
             （见 README.md 的 \"Adding an exercise\"）",
            id = args.id
        ),
    }
    Ok(PASSED)
}

/// The text in `lang`.
fn say(lang: Lang, en: &str, zh: &str) -> String {
    match lang {
        Lang::En => en.to_string(),
        Lang::Zh => zh.to_string(),
    }
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
    if !is_kebab(id) || id.len() > 40 || id.ends_with("-solution") {
        bail!(say(
            lang,
            &format!(
                "`{id}` is not an exercise id: use lowercase letters, digits and single `-`, starting with a letter \
                 (such as `udp-echo`), at most 40 characters, not ending in `-solution`"
            ),
            &format!(
                "`{id}` 不能作为练习 id：只用小写字母、数字和单个 `-`，以字母开头（例如 `udp-echo`），\
                 不超过 40 个字符，且不以 `-solution` 结尾"
            ),
        ));
    }
    let number = folder
        .split_once('-')
        .filter(|(n, rest)| n.len() == 2 && n.chars().all(|c| c.is_ascii_digit()) && is_kebab(rest))
        .map(|(n, _)| n.to_string());
    let Some(number) = number.filter(|_| folder.len() <= 60) else {
        bail!(say(
            lang,
            &format!(
                "`{folder}` is not an exercise folder: use `NN-topic`, two digits, `-`, then lowercase words joined by `-` \
                 (such as `04-udp-echo`)"
            ),
            &format!(
                "`{folder}` 不能作为练习文件夹：格式为 `NN-主题`，即两位数字、`-`，再接用 `-` 连接的小写单词（例如 `04-udp-echo`）"
            ),
        ));
    };
    let course = Course::open(root).context("cannot find the exercises")?;
    for exercise in &course.exercises {
        if exercise.id == id || exercise.folder == folder {
            bail!(say(
                lang,
                &format!(
                    "exercise `{}` already exists in `exercises/{}`: choose another id and folder",
                    exercise.id, exercise.folder
                ),
                &format!(
                    "练习 `{}` 已经存在（`exercises/{}`）：请换一个 id 和文件夹",
                    exercise.id, exercise.folder
                ),
            ));
        }
        if exercise.folder.starts_with(&format!("{number}-")) {
            bail!(say(
                lang,
                &format!(
                    "the number `{number}` is taken by `exercises/{}`: choose a free one",
                    exercise.folder
                ),
                &format!(
                    "编号 `{number}` 已被 `exercises/{}` 使用：请换一个未用的编号",
                    exercise.folder
                ),
            ));
        }
    }
    let taken = taken_names(root, &course)?;
    if taken.iter().any(|name| name == id) {
        bail!(say(
            lang,
            &format!(
                "`{id}` already names a package or program of this workspace: choose another id"
            ),
            &format!("`{id}` 已是本工作区中某个包或程序的名字：请换一个 id"),
        ));
    }
    let fill = |text: &str| {
        text.replace("__ID__", id)
            .replace("__FOLDER__", folder)
            .replace("__NUMBER__", &number)
    };
    let exercise = root.join("exercises").join(folder);
    let solution = root.join("solutions").join(folder);
    let variants = root.join("grader/variants").join(folder);
    let hidden = root.join("grader/hidden").join(format!("{folder}.toml"));
    let sample = root.join("samples/correct/exercises").join(folder);
    let mut folders = vec![exercise.clone(), solution.clone(), variants.clone()];
    let solution_main = fill(&templates::solution_main());
    let (variant_name, variant_about) = templates::VARIANT;
    let mut created = vec![
        (exercise.join("Cargo.toml"), fill(templates::STUB_MANIFEST)),
        (exercise.join("README.md"), fill(templates::README_EN)),
        (exercise.join("README.zh-CN.md"), fill(templates::README_ZH)),
        (exercise.join("tests.toml"), fill(templates::PUBLIC_TESTS)),
        (exercise.join("src/main.rs"), fill(&templates::stub_main())),
        (
            solution.join("Cargo.toml"),
            fill(templates::SOLUTION_MANIFEST),
        ),
        (solution.join("src/main.rs"), solution_main.clone()),
        (hidden.clone(), fill(templates::HIDDEN_TESTS)),
        (
            variants.join(format!("{variant_name}.patch")),
            variant_patch(variant_about, &solution_main)?,
        ),
    ];
    let mut notes = Vec::new();
    // The correct sample holds every reference solution: it keeps full marks.
    if root.join("samples/correct/exercises").is_dir() {
        folders.push(sample.clone());
        created.push((sample.join("src/main.rs"), solution_main));
    }
    for path in folders.iter().chain([&hidden]) {
        if path.exists() {
            bail!(say(
                lang,
                &format!(
                    "`{}` already exists: remove it or choose another folder",
                    path.display()
                ),
                &format!("`{}` 已经存在：请删除它或换一个文件夹", path.display()),
            ));
        }
    }
    let manifest_path = root.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path)
        .with_context(|| format!("cannot read `{}`", manifest_path.display()))?;
    let mut edited = vec![(
        Write {
            path: manifest_path,
            text: with_members(&manifest, folder)?,
        },
        manifest,
    )];
    let readme_path = root.join("README.md");
    if let Ok(readme) = std::fs::read_to_string(&readme_path) {
        match with_table_row(&readme, &fill(templates::README_ROW)) {
            Some(text) => edited.push((
                Write {
                    path: readme_path,
                    text,
                },
                readme,
            )),
            None => notes.push(say(
                lang,
                "README.md has no exercise table (`| Exercise | Folder | What you build |`): add the row by hand",
                "README.md 中没有练习表（`| Exercise | Folder | What you build |`）：请手动加入一行",
            )),
        }
    }
    Ok(Plan {
        folders,
        created: created
            .into_iter()
            .map(|(path, text)| Write { path, text })
            .collect(),
        edited,
        notes,
    })
}

/// Package names of the workspace's members and the exercises' programs:
/// names a new exercise's package and program may not take.
fn taken_names(root: &Path, course: &Course) -> anyhow::Result<Vec<String>> {
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
fn with_members(manifest: &str, folder: &str) -> anyhow::Result<String> {
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
fn with_table_row(readme: &str, row: &str) -> Option<String> {
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

/// The known-wrong variant: a unified diff of one changed line of the
/// solution's `src/main.rs`, with three lines of context.
fn variant_patch(about: &str, solution: &str) -> anyhow::Result<String> {
    let (from, to) = templates::VARIANT_LINE;
    let lines: Vec<&str> = solution.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == from)
        .context("the scaffold's solution lacks the variant's line")?;
    let first = at.saturating_sub(3);
    let last = (at + 4).min(lines.len());
    let mut hunk = String::new();
    for (i, line) in lines.iter().enumerate().take(last).skip(first) {
        if i == at {
            hunk.push_str(&format!("-{line}\n+{to}\n"));
        } else {
            hunk.push_str(&format!(" {line}\n"));
        }
    }
    let count = last - first;
    Ok(format!(
        "{about}\n\n--- a/src/main.rs\n+++ b/src/main.rs\n@@ -{start},{count} +{start},{count} @@\n{hunk}",
        start = first + 1
    ))
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
    fn the_variant_applies_to_the_solution() {
        let solution = templates::solution_main();
        let patch = variant_patch("Wrong.", &solution).unwrap();
        let diff = &patch[patch.find("--- ").unwrap()..];
        assert!(diff.contains("-    word.to_ascii_uppercase()\n+    word.to_string()\n"));
        assert!(patch.starts_with("Wrong.\n\n--- a/src/main.rs\n"));
    }
}
