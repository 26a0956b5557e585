//! The content-addressed build cache: one entry per distinct build input
//! (an exercise's taken sources, the trusted template, the toolchain and the
//! build profile: see [`super::pipeline`] for the key), holding the built
//! binaries or the compiler's errors.
//!
//! Safe by construction:
//! - the grader writes entries, from a build's output, never the build: the
//!   cache is not under any build's or run's folder;
//! - an entry is written into `tmp/` and renamed into `entries/<key>`
//!   whole, so no reader ever sees half an entry, and two graders writing the
//!   same key at once both succeed (the second rename loses, harmlessly);
//! - every read checks the record's own hash and each binary's size and
//!   SHA-256: a corrupted entry is removed and rebuilt, never used;
//! - the cache is bounded: after each write the least recently used entries
//!   (by the time of their last hit) go until it fits.

use std::io;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::ingest::hex;

/// The format of an entry's record; a cache of another format is ignored.
const FORMAT: u32 = 1;
/// The record of an entry.
const RECORD: &str = "entry.json";
/// Leftovers of a grader that died mid-write are removed after this long.
const STALE_TMP: Duration = Duration::from_secs(3600);
/// The default bound on the cache's size.
pub const DEFAULT_CACHE_BYTES: u64 = 2 << 30;

/// A build cache in a folder of its own.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    max_bytes: u64,
}

/// What a hit holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hit {
    /// The binaries, by program name, copied into the folder given to [`Cache::get`].
    Built(Vec<(String, PathBuf)>),
    /// The compiler's errors, to replay.
    Failed(String),
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    format: u32,
    key: String,
    outcome: Outcome,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
enum Outcome {
    Built { programs: Vec<Stored> },
    Failed { log: String },
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    name: String,
    file: String,
    size: u64,
    sha256: String,
}

impl Cache {
    /// Opens (creating) the cache in `dir`, bounded to `max_bytes`.
    pub fn open(dir: &Path, max_bytes: u64) -> io::Result<Cache> {
        std::fs::create_dir_all(dir.join("entries"))?;
        std::fs::create_dir_all(dir.join("tmp"))?;
        let cache = Cache {
            dir: dir.to_path_buf(),
            max_bytes,
        };
        cache.remove_stale_tmp();
        Ok(cache)
    }

    /// The cache's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The entry for `key`, verified; its binaries are copied into `bin_dir`.
    /// `None` on a miss, and on a corrupted entry (which is removed).
    pub fn get(&self, key: &str, bin_dir: &Path) -> Option<Hit> {
        let entry = self.entry(key)?;
        let record = match read_record(&entry, key) {
            Ok(record) => record,
            Err(Broken::Gone) => return None,
            Err(Broken::Corrupt) => {
                self.remove(&entry);
                return None;
            }
        };
        let hit = match record.outcome {
            Outcome::Failed { log } => Hit::Failed(log),
            Outcome::Built { programs } => {
                let mut copied = Vec::new();
                for stored in &programs {
                    match copy_verified(&entry, stored, bin_dir) {
                        Ok(path) => copied.push((stored.name.clone(), path)),
                        Err(Broken::Gone) => return None,
                        Err(Broken::Corrupt) => {
                            self.remove(&entry);
                            return None;
                        }
                    }
                }
                Hit::Built(copied)
            }
        };
        // The time of the last hit orders eviction.
        let _ = std::fs::File::options()
            .write(true)
            .open(entry.join(RECORD))
            .and_then(|f| f.set_modified(SystemTime::now()));
        Some(hit)
    }

    /// Stores the binaries `programs` (name, path of the built file) under `key`.
    pub fn put_built(&self, key: &str, programs: &[(String, PathBuf)]) -> io::Result<()> {
        let tmp = self.scratch()?;
        let mut stored = Vec::new();
        for (index, (name, path)) in programs.iter().enumerate() {
            let bytes = std::fs::read(path)?;
            let file = format!("bin-{index}");
            std::fs::write(tmp.path().join(&file), &bytes)?;
            stored.push(Stored {
                name: name.clone(),
                file,
                size: bytes.len() as u64,
                sha256: hex(&Sha256::digest(&bytes)),
            });
        }
        self.commit(tmp, key, Outcome::Built { programs: stored })
    }

    /// Stores the compiler's errors `log` under `key`.
    pub fn put_failed(&self, key: &str, log: &str) -> io::Result<()> {
        let tmp = self.scratch()?;
        self.commit(
            tmp,
            key,
            Outcome::Failed {
                log: log.to_string(),
            },
        )
    }

    /// The folder of `key`'s entry, when `key` is a key at all.
    fn entry(&self, key: &str) -> Option<PathBuf> {
        let valid = key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit());
        valid.then(|| self.dir.join("entries").join(key))
    }

    fn scratch(&self) -> io::Result<tempfile::TempDir> {
        tempfile::Builder::new()
            .prefix("put-")
            .tempdir_in(self.dir.join("tmp"))
    }

    /// Writes the record into `tmp` and renames `tmp` into place.
    fn commit(&self, tmp: tempfile::TempDir, key: &str, outcome: Outcome) -> io::Result<()> {
        let entry = self
            .entry(key)
            .ok_or_else(|| io::Error::other(format!("`{key}` is not a cache key")))?;
        let record = Record {
            format: FORMAT,
            key: key.to_string(),
            outcome,
        };
        let json = serde_json::to_string(&record).map_err(io::Error::other)?;
        let text = format!("{}\n{json}", hex(&Sha256::digest(json.as_bytes())));
        std::fs::write(tmp.path().join(RECORD), text)?;
        match std::fs::rename(tmp.path(), &entry) {
            Ok(()) => {}
            // Another grader stored the same key first: theirs is as good.
            Err(err) if entry.exists() => drop(err),
            Err(err) => return Err(err),
        }
        self.evict();
        Ok(())
    }

    /// Removes least recently used entries until the cache fits its bound.
    fn evict(&self) {
        let Ok(list) = std::fs::read_dir(self.dir.join("entries")) else {
            return;
        };
        let mut entries: Vec<(SystemTime, u64, PathBuf)> = list
            .filter_map(Result::ok)
            .map(|e| e.path())
            .map(|path| {
                let used = std::fs::metadata(path.join(RECORD))
                    .and_then(|m| m.modified())
                    .unwrap_or(SystemTime::UNIX_EPOCH);
                (used, folder_size(&path), path)
            })
            .collect();
        let mut total: u64 = entries.iter().map(|(_, size, _)| size).sum();
        entries.sort();
        for (_, size, path) in entries {
            if total <= self.max_bytes {
                break;
            }
            self.remove(&path);
            total = total.saturating_sub(size);
        }
    }

    /// Removes an entry: first out of sight (a rename), then from the disk.
    fn remove(&self, entry: &Path) {
        if let Ok(doomed) = tempfile::Builder::new()
            .prefix("gone-")
            .tempdir_in(self.dir.join("tmp"))
        {
            let target = doomed.path().join("entry");
            if std::fs::rename(entry, &target).is_ok() {
                let _ = std::fs::remove_dir_all(&target);
            }
        }
    }

    fn remove_stale_tmp(&self) {
        let Ok(list) = std::fs::read_dir(self.dir.join("tmp")) else {
            return;
        };
        for entry in list.filter_map(Result::ok) {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_TMP);
            if old {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// Why an entry could not be used.
enum Broken {
    /// It went away meanwhile (another grader evicted it): a plain miss.
    Gone,
    /// Its bytes are not what was written.
    Corrupt,
}

fn read_record(entry: &Path, key: &str) -> Result<Record, Broken> {
    let text = std::fs::read_to_string(entry.join(RECORD)).map_err(|err| match err.kind() {
        io::ErrorKind::NotFound => Broken::Gone,
        _ => Broken::Corrupt,
    })?;
    let (hash, json) = text.split_once('\n').ok_or(Broken::Corrupt)?;
    if hex(&Sha256::digest(json.as_bytes())) != hash {
        return Err(Broken::Corrupt);
    }
    let record: Record = serde_json::from_str(json).map_err(|_| Broken::Corrupt)?;
    if record.format != FORMAT || record.key != key {
        return Err(Broken::Corrupt);
    }
    Ok(record)
}

/// Copies one stored binary into `bin_dir`, checking its size and hash.
fn copy_verified(entry: &Path, stored: &Stored, bin_dir: &Path) -> Result<PathBuf, Broken> {
    let plain = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if !plain(&stored.name) || !plain(&stored.file) {
        return Err(Broken::Corrupt);
    }
    let source = entry.join(&stored.file);
    let size = std::fs::metadata(&source).map_err(|err| match err.kind() {
        io::ErrorKind::NotFound => Broken::Gone,
        _ => Broken::Corrupt,
    })?;
    if size.len() != stored.size {
        return Err(Broken::Corrupt);
    }
    let bytes = std::fs::read(&source).map_err(|_| Broken::Gone)?;
    if bytes.len() as u64 != stored.size || hex(&Sha256::digest(&bytes)) != stored.sha256 {
        return Err(Broken::Corrupt);
    }
    let target = bin_dir.join(&stored.name);
    let written = std::fs::create_dir_all(bin_dir)
        .and_then(|()| std::fs::write(&target, &bytes))
        .and_then(|()| std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o755)));
    // The cache is fine; the destination is not: a miss builds again.
    written.map_err(|_| Broken::Gone)?;
    Ok(target)
}

fn folder_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|list| {
            list.filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests;
