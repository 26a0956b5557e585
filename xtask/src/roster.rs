//! `cargo xtask roster`: checks out a class's repositories, or one share of
//! them, as data for `grade --submissions`. The roster is a file in the
//! trusted repository: one `owner/repo` (or repository URL) per line, or
//! GitHub Classroom's grades export (a CSV with a `student_repository_url` or
//! `student_repository_name` column).
//!
//! Each repository becomes the folder named after it. One that cannot be
//! checked out (deleted, renamed, private to the token) becomes an empty
//! folder, so the class still gets a row for it (zero points), and its
//! reason goes to the status file (`checkout.csv`), which `merge` joins and
//! lists in the summary. Clones are shallow, never prompt, fetch no LFS
//! objects and write no credential anywhere: a token (`NETLAB_CHECKOUT_TOKEN`)
//! reaches git only through a credential helper reading the environment of
//! the clone itself.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, bail};
use grader::report::{escape_controls, neutralize_cell};

use crate::grade::{parse_partition, share_of};

/// Options of `roster`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The roster file.
    #[arg(long, value_name = "FILE")]
    roster: PathBuf,
    /// Check out only share K of N (by repository name, as `grade --partition` splits folders).
    #[arg(long, value_name = "K/N", value_parser = parse_partition)]
    partition: Option<(usize, usize)>,
    /// Where `owner/repo` entries live (`https://github.com`, or a `file://` folder for tests).
    #[arg(long, value_name = "URL", default_value = "https://github.com")]
    base_url: String,
    /// The folder to check the repositories out into (created; must hold none of them yet).
    #[arg(long, value_name = "DIR")]
    into: PathBuf,
    /// Where to write `submission,repository,status` for each repository.
    #[arg(long, value_name = "FILE")]
    status: PathBuf,
}

/// The status of a repository that was checked out.
pub(crate) const CHECKED_OUT: &str = "checked out";
/// The variable holding a read-only token for private repositories.
const TOKEN_VAR: &str = "NETLAB_CHECKOUT_TOKEN";

/// One student's repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The submission's folder name: the repository's name.
    pub(crate) name: String,
    /// Where to clone it from.
    pub(crate) url: String,
    /// The roster line it came from.
    pub(crate) line: usize,
}

/// Checks out the roster (or its share) and writes the status file.
pub(crate) fn run(args: Args) -> anyhow::Result<u8> {
    let text = std::fs::read_to_string(&args.roster)
        .with_context(|| format!("cannot read the roster `{}`", args.roster.display()))?;
    let mut entries = parse_roster(&text, &args.base_url)
        .with_context(|| format!("in the roster `{}`", args.roster.display()))?;
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(partition) = args.partition {
        entries = share_of(entries, partition);
    }
    std::fs::create_dir_all(&args.into)
        .with_context(|| format!("cannot create `{}`", args.into.display()))?;
    let mut status = Vec::new();
    for entry in &entries {
        let dir = args.into.join(&entry.name);
        if dir.exists() {
            bail!(
                "`{}` already exists: check out into a new folder",
                dir.display()
            );
        }
        let outcome = clone(entry, &dir);
        if outcome != CHECKED_OUT {
            // An empty folder: the class gets a row for it, graded as nothing submitted.
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
        }
        println!("{}: {}", entry.name, escape_controls(&outcome));
        status.push([entry.name.clone(), entry.url.clone(), outcome]);
    }
    write_status(&args.status, &status)?;
    let failed = status.iter().filter(|s| s[2] != CHECKED_OUT).count();
    println!(
        "{} of {} repositories checked out into {}",
        entries.len() - failed,
        entries.len(),
        args.into.display()
    );
    Ok(crate::PASSED)
}

/// Clones `entry` into `dir`: [`CHECKED_OUT`], or why not (git's last line).
fn clone(entry: &Entry, dir: &Path) -> String {
    let mut git = Command::new("git");
    git.args(["clone", "--quiet", "--depth", "1", "--no-tags", "--"])
        .arg(&entry.url)
        .arg(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_LFS_SKIP_SMUDGE", "1")
        // Only this command's settings: no system or user configuration
        // (a credential store there would keep the token).
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdin(std::process::Stdio::null());
    if std::env::var_os(TOKEN_VAR).is_some_and(|t| !t.is_empty()) {
        // The helper reads the token from its own environment when git asks:
        // nothing is written to `.git/config` or anywhere else on disk.
        git.env("GIT_CONFIG_COUNT", "2")
            .env("GIT_CONFIG_KEY_0", "credential.helper")
            .env("GIT_CONFIG_VALUE_0", "")
            .env("GIT_CONFIG_KEY_1", "credential.helper")
            .env(
                "GIT_CONFIG_VALUE_1",
                format!(
                    "!f() {{ echo username=x-access-token; echo \"password=${TOKEN_VAR}\"; }}; f"
                ),
            );
    }
    match git.output() {
        Ok(out) if out.status.success() => CHECKED_OUT.to_string(),
        Ok(out) => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let reason = stderr
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("git clone failed")
                .trim();
            format!("not checked out: {reason}")
        }
        Err(err) => format!("not checked out: cannot run git ({err})"),
    }
}

fn write_status(path: &Path, rows: &[[String; 3]]) -> anyhow::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
    }
    let mut csv = csv::Writer::from_path(path)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    csv.write_record(["submission", "repository", "status"])?;
    for row in rows {
        csv.write_record(row.iter().map(|c| neutralize_cell(c).into_owned()))?;
    }
    csv.flush()
        .with_context(|| format!("cannot write `{}`", path.display()))
}

/// The roster's entries, each checked: a repository name that can be a
/// folder name, and no name twice. Errors name the line.
pub(crate) fn parse_roster(text: &str, base_url: &str) -> anyhow::Result<Vec<Entry>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let raw: Vec<(usize, String)> = if first.contains(',') {
        classroom_csv(text)?
    } else {
        text.lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim().to_string()))
            .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
            .collect()
    };
    let mut entries: Vec<Entry> = Vec::new();
    for (line, repo) in raw {
        let entry = entry_of(&repo, base_url, line)?;
        if let Some(other) = entries.iter().find(|e| e.name == entry.name) {
            bail!(
                "line {line}: `{repo}` has the same name `{}` as line {}: each submission folder is named after its repository",
                entry.name,
                other.line
            );
        }
        entries.push(entry);
    }
    if entries.is_empty() {
        bail!("no repositories: write one `owner/repo` per line");
    }
    Ok(entries)
}

/// Columns of GitHub Classroom's export that name the repository, in order of preference.
const REPO_COLUMNS: [&str; 3] = [
    "student_repository_url",
    "student_repository_name",
    "repository",
];

/// The repository column of a CSV roster, with each value's line.
fn classroom_csv(text: &str) -> anyhow::Result<Vec<(usize, String)>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader
        .headers()
        .context("line 1: cannot read the header")?
        .clone();
    let column = REPO_COLUMNS
        .iter()
        .find_map(|name| header.iter().position(|h| h.trim() == *name))
        .with_context(|| {
            format!(
                "line 1: no repository column (one of {})",
                REPO_COLUMNS.map(|c| format!("`{c}`")).join(", ")
            )
        })?;
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.context("cannot read the roster")?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let value = record.get(column).unwrap_or_default().trim();
        if !value.is_empty() {
            out.push((line, value.to_string()));
        }
    }
    Ok(out)
}

/// One roster value: `owner/repo`, or a URL ending in the repository's name.
fn entry_of(repo: &str, base_url: &str, line: usize) -> anyhow::Result<Entry> {
    let url = if repo.contains("://") {
        repo.to_string()
    } else {
        let parts: Vec<&str> = repo.split('/').collect();
        if parts.len() != 2 || parts.iter().any(|p| !is_name(p)) {
            bail!("line {line}: `{repo}` is not `owner/repo` or a repository URL");
        }
        format!("{}/{repo}", base_url.trim_end_matches('/'))
    };
    // The name is the last segment of the URL's path (never its host).
    let path = url
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('/'))
        .map_or("", |(_, path)| path.trim_end_matches('/'));
    let last = path.rsplit('/').next().unwrap_or_default();
    let name = last.strip_suffix(".git").unwrap_or(last);
    if !is_name(name) {
        bail!("line {line}: `{repo}` does not end in a repository name");
    }
    Ok(Entry {
        name: name.to_string(),
        url,
        line,
    })
}

/// A GitHub owner or repository name: letters, digits, `-`, `_` and `.`, not
/// starting with a dot (so never `.`, `..` or a hidden folder).
fn is_name(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('.')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://github.com";

    #[test]
    fn a_plain_roster_lists_owner_and_repo() {
        let entries = parse_roster(
            "# class of 2026\norg/hw1-alice\n\n  https://github.com/org/hw1-bob.git  \n",
            BASE,
        )
        .unwrap();
        let got: Vec<(&str, &str, usize)> = entries
            .iter()
            .map(|e| (e.name.as_str(), e.url.as_str(), e.line))
            .collect();
        assert_eq!(
            got,
            [
                ("hw1-alice", "https://github.com/org/hw1-alice", 2),
                ("hw1-bob", "https://github.com/org/hw1-bob.git", 4)
            ]
        );
    }

    #[test]
    fn a_classroom_export_is_read_by_its_repository_column() {
        let csv = "assignment_name,github_username,student_repository_name,student_repository_url,points_awarded\n\
                   hw1,alice,hw1-alice,https://github.com/org/hw1-alice,0\n\
                   hw1,\"bob, jr\",hw1-bob,https://github.com/org/hw1-bob,0\n";
        let names: Vec<String> = parse_roster(csv, BASE)
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["hw1-alice", "hw1-bob"]);
    }

    #[test]
    fn bad_rosters_name_the_line() {
        for (text, message) in [
            (
                "org/a\norg/../x\n",
                "line 2: `org/../x` is not `owner/repo`",
            ),
            (
                "org/a\nother/a\n",
                "line 2: `other/a` has the same name `a` as line 1",
            ),
            ("org/a b\n", "line 1: `org/a b` is not"),
            (
                "https://example.com/\n",
                "line 1: `https://example.com/` does not end",
            ),
            ("name,login\nx,y\n", "line 1: no repository column"),
            ("# nobody\n", "no repositories"),
        ] {
            let err = format!("{:#}", parse_roster(text, BASE).unwrap_err());
            assert!(err.contains(message), "{text:?}: {err}");
        }
    }
}
