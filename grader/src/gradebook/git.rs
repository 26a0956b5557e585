//! A git submission read with git's plumbing (`rev-list`, `ls-tree`,
//! `cat-file`): its commits, and the graded files of any commit copied to
//! a fresh folder. Nothing is checked out, so the working tree and index
//! stay as they are.
//!
//! The repository is hostile data. Only a plain `.git` folder is read (not a
//! link or a `gitdir:` file, no alternates, no shared `commondir`); git runs
//! without system or global configuration, hooks, fsmonitor, signature
//! checks or lazy fetches; only regular files are copied (links and
//! submodules are skipped) under size caps, and every path is checked to
//! stay inside the folder asked for.

use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use jiff::Timestamp;

use super::record::Commit;

/// The most commits of history read.
const MAX_COMMITS: usize = 20_000;
/// The largest file copied.
const MAX_FILE: u64 = 1024 * 1024;
/// The most bytes copied from one commit.
const MAX_TOTAL: u64 = 32 * 1024 * 1024;
/// The most files copied from one commit.
const MAX_FILES: usize = 2_000;

/// A problem reading a git submission.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// git could not be started.
    #[error("cannot run `git`; install it to grade at the deadline")]
    Spawn(#[source] std::io::Error),
    /// git failed.
    #[error("`git {args}` failed in `{}`: {stderr}", .dir.display())]
    Failed {
        dir: PathBuf,
        args: String,
        stderr: String,
    },
    /// The repository is set up in a way this reader refuses.
    #[error("`{}`: {message}", .dir.display())]
    Refused { dir: PathBuf, message: String },
    /// A file could not be written.
    #[error("cannot write `{}`", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A submission's git repository.
#[derive(Clone, Debug)]
pub struct GitRepo {
    git_dir: PathBuf,
}

impl GitRepo {
    /// The repository of `submission`, or `None` when it has no `.git` folder.
    pub fn open(submission: &Path) -> Result<Option<GitRepo>, GitError> {
        let git_dir = submission.join(".git");
        let Ok(meta) = std::fs::symlink_metadata(&git_dir) else {
            return Ok(None);
        };
        let refuse = |message: &str| GitError::Refused {
            dir: git_dir.clone(),
            message: message.to_string(),
        };
        if !meta.is_dir() {
            return Err(refuse(
                "`.git` is not a plain folder (a link or a `gitdir:` file is not followed)",
            ));
        }
        for shared in [
            "commondir",
            "objects/info/alternates",
            "objects/info/http-alternates",
        ] {
            if std::fs::symlink_metadata(git_dir.join(shared)).is_ok() {
                return Err(refuse(&format!(
                    "`.git/{shared}` would read objects from elsewhere"
                )));
            }
        }
        let git_dir = git_dir.canonicalize().map_err(|source| GitError::Write {
            path: git_dir.clone(),
            source,
        })?;
        Ok(Some(GitRepo { git_dir }))
    }

    /// Whether the repository is a shallow clone: history before its oldest commit is missing.
    pub fn is_shallow(&self) -> bool {
        self.git_dir.join("shallow").is_file()
    }

    /// The first-parent history of `HEAD`, newest first.
    pub fn history(&self) -> Result<Vec<Commit>, GitError> {
        let max = format!("--max-count={MAX_COMMITS}");
        let out = self.git(&["rev-list", "--first-parent", "--timestamp", &max, "HEAD"])?;
        let text = String::from_utf8_lossy(&out);
        let mut commits = Vec::new();
        for line in text.lines() {
            let parsed = line.split_once(' ').and_then(|(time, hash)| {
                let time = Timestamp::from_second(time.parse().ok()?).ok()?;
                is_hash(hash).then(|| Commit {
                    hash: hash.to_string(),
                    time,
                })
            });
            match parsed {
                Some(commit) => commits.push(commit),
                None => return Err(self.refused(&format!("unexpected `rev-list` line {line:?}"))),
            }
        }
        Ok(commits)
    }

    /// The newest commit of `HEAD`'s first-parent history made no later than
    /// `deadline` (by its committer time), if any.
    pub fn last_before(&self, deadline: Timestamp) -> Result<Option<Commit>, GitError> {
        Ok(self.history()?.into_iter().find(|c| c.time <= deadline))
    }

    /// Copies the regular files under `path` (a folder or a file, relative to
    /// the repository's root) in `commit` to the same place under `into`.
    /// Returns how many files were copied.
    pub fn extract(&self, commit: &str, path: &str, into: &Path) -> Result<usize, GitError> {
        if !is_hash(commit) {
            return Err(self.refused(&format!("`{commit}` is not a commit hash")));
        }
        let listing = self.git(&[
            "ls-tree",
            "-r",
            "-l",
            "-z",
            "--full-tree",
            commit,
            "--",
            path,
        ])?;
        let (mut files, mut total) = (0usize, 0u64);
        for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, name)) = entry.split_once('\t') else {
                return Err(self.refused(&format!("unexpected `ls-tree` entry {entry:?}")));
            };
            let fields: Vec<&str> = meta.split_whitespace().collect();
            let [mode, kind, object, size] = fields[..] else {
                return Err(self.refused(&format!("unexpected `ls-tree` entry {entry:?}")));
            };
            // Links and submodules are not copied: only regular files are graded.
            if kind != "blob" || !(mode == "100644" || mode == "100755") {
                continue;
            }
            let size: u64 = size.parse().unwrap_or(u64::MAX);
            files += 1;
            total = total.saturating_add(size);
            if size > MAX_FILE || total > MAX_TOTAL || files > MAX_FILES {
                return Err(self.refused(&format!(
                    "`{path}` in {commit} is too large to grade (files up to {MAX_FILE} bytes, {MAX_FILES} files, {MAX_TOTAL} bytes in all)"
                )));
            }
            let target = into
                .join(safe_relative(name, path).ok_or_else(|| {
                    self.refused(&format!("the path {name:?} leaves the folder"))
                })?);
            let bytes = self.git(&["cat-file", "blob", object])?;
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|source| GitError::Write {
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
            std::fs::write(&target, bytes).map_err(|source| GitError::Write {
                path: target.clone(),
                source,
            })?;
        }
        Ok(files)
    }

    /// Runs a plumbing command and returns its stdout.
    fn git(&self, args: &[&str]) -> Result<Vec<u8>, GitError> {
        let output = Command::new("git")
            .args([
                "-c",
                "safe.directory=*",
                "-c",
                "core.fsmonitor=false",
                "-c",
                "core.hooksPath=/dev/null",
                "-c",
                "log.showSignature=false",
                "-c",
                "core.sshCommand=false",
                "-c",
                "protocol.allow=never",
            ])
            .args(args)
            .env("GIT_DIR", &self.git_dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_NO_LAZY_FETCH", "1")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_NO_REPLACE_OBJECTS", "1")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_OBJECT_DIRECTORY")
            .env_remove("GIT_ALTERNATE_OBJECT_DIRECTORIES")
            .current_dir(&self.git_dir)
            .stdin(Stdio::null())
            .output()
            .map_err(GitError::Spawn)?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(GitError::Failed {
                dir: self.git_dir.clone(),
                args: args.join(" "),
                stderr: stderr.lines().take(3).collect::<Vec<_>>().join(" / "),
            });
        }
        Ok(output.stdout)
    }

    fn refused(&self, message: &str) -> GitError {
        GitError::Refused {
            dir: self.git_dir.clone(),
            message: message.to_string(),
        }
    }
}

/// A full 40- or 64-digit hex object name.
fn is_hash(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `name` as a relative path of plain components under `prefix`, or `None`.
fn safe_relative(name: &str, prefix: &str) -> Option<PathBuf> {
    let path = Path::new(name);
    let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
    (plain && path.starts_with(prefix)).then(|| path.to_path_buf())
}

#[cfg(test)]
#[path = "git_tests.rs"]
mod tests;
