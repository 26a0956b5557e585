//! Reading one submitted folder or file strictly: no link is followed, only
//! regular files are read, and every cap is checked from metadata before a
//! byte is read.

use std::collections::BTreeMap;
use std::fs::{FileType, Metadata};
use std::io::Read as _;
use std::os::unix::fs::{FileTypeExt as _, OpenOptionsExt as _};
use std::path::Path;

use super::{Files, Limits, Reason, Refusal, Taken};

/// What one path of the chain to a taken folder is.
pub(super) enum Step {
    /// A real folder: go on.
    Folder,
    /// Nothing there.
    Absent,
    /// Something that must not be taken.
    Refused(Refusal),
}

/// Looks at `path` (shown as `shown`) without following it: a folder, nothing, or a refusal.
pub(super) fn folder_step(path: &Path, shown: &str) -> Step {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => Step::Folder,
        Ok(meta) => Step::Refused(refuse_kind(meta.file_type(), shown, Reason::NotAFolder)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Step::Absent,
        Err(err) => Step::Refused(unreadable(shown, &err)),
    }
}

/// Takes the regular files under the folder `root` (shown as `shown`).
/// `root` itself must already be known to be a real folder.
pub(super) fn take_tree(root: &Path, shown: &str, limits: &Limits) -> Taken {
    match walk(root, shown, limits) {
        Ok(files) => Taken::Present(Files { files }),
        Err(refusal) => Taken::Refused(refusal),
    }
}

/// Takes the single regular file `path` (shown as `shown`).
pub(super) fn take_file(path: &Path, shown: &str, limits: &Limits) -> Taken {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => match read_regular(path, shown, &meta, limits) {
            Ok(bytes) => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                Taken::Present(Files {
                    files: BTreeMap::from([(name, bytes)]),
                })
            }
            Err(refusal) => Taken::Refused(refusal),
        },
        Ok(meta) => Taken::Refused(refuse_kind(meta.file_type(), shown, Reason::NotAFile)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Taken::Missing,
        Err(err) => Taken::Refused(unreadable(shown, &err)),
    }
}

/// Walks `root` without following links; the first problem refuses the whole tree.
fn walk(root: &Path, shown: &str, limits: &Limits) -> Result<BTreeMap<String, Vec<u8>>, Refusal> {
    let mut files = BTreeMap::new();
    let mut total: u64 = 0;
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .follow_root_links(false)
        .min_depth(1)
        // One level more than allowed, so that a too-deep entry is seen (and
        // refused) without ever being opened.
        .max_depth(limits.max_depth + 1)
        .sort_by_file_name();
    for entry in walker {
        let entry = entry.map_err(|err| {
            let at = err
                .path()
                .and_then(|p| p.strip_prefix(root).ok())
                .map_or_else(|| shown.to_string(), |p| join(shown, &p.to_string_lossy()));
            let error = err
                .io_error()
                .map_or_else(|| err.to_string(), |e| e.kind().to_string());
            Refusal::new(at, Reason::Unreadable { error })
        })?;
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let Some(relative) = relative.to_str() else {
            let lossy = join(shown, &relative.to_string_lossy());
            return Err(Refusal::new(lossy, Reason::BadName));
        };
        let at = join(shown, relative);
        if relative.len() > limits.max_path_bytes {
            return Err(Refusal::new(
                at,
                Reason::PathTooLong {
                    limit: limits.max_path_bytes,
                },
            ));
        }
        if entry.depth() > limits.max_depth {
            return Err(Refusal::new(
                at,
                Reason::TooDeep {
                    limit: limits.max_depth,
                },
            ));
        }
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            return Err(refuse_kind(kind, &at, Reason::NotAFile));
        }
        if files.len() >= limits.max_files {
            return Err(Refusal::new(
                shown,
                Reason::TooManyFiles {
                    limit: limits.max_files,
                },
            ));
        }
        // `DirEntry::metadata` does not follow links when `follow_links` is off.
        let meta = entry.metadata().map_err(|err| {
            let error = err
                .io_error()
                .map_or_else(|| err.to_string(), |e| e.kind().to_string());
            Refusal::new(at.clone(), Reason::Unreadable { error })
        })?;
        total = total.saturating_add(meta.len());
        if meta.len() <= limits.max_file_bytes && total > limits.max_total_bytes {
            return Err(Refusal::new(
                shown,
                Reason::TooLarge {
                    limit: limits.max_total_bytes,
                },
            ));
        }
        let bytes = read_regular(entry.path(), &at, &meta, limits)?;
        files.insert(relative.replace(std::path::MAIN_SEPARATOR, "/"), bytes);
    }
    Ok(files)
}

/// Reads a file already seen (`meta`, from `lstat`) to be regular and small
/// enough: opened without following a link and without blocking (a FIFO
/// swapped in meanwhile cannot hang the grader), checked again on the open
/// file, and read no further than the cap.
fn read_regular(
    path: &Path,
    shown: &str,
    meta: &Metadata,
    limits: &Limits,
) -> Result<Vec<u8>, Refusal> {
    let too_large = |size: u64| {
        Refusal::new(
            shown,
            Reason::FileTooLarge {
                size,
                limit: limits.max_file_bytes,
            },
        )
    };
    if meta.len() > limits.max_file_bytes {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|err| match err.raw_os_error() {
            Some(libc::ELOOP) => Refusal::new(shown, Reason::Link),
            _ => unreadable(shown, &err),
        })?;
    let opened = file.metadata().map_err(|err| unreadable(shown, &err))?;
    if !opened.is_file() {
        return Err(refuse_kind(opened.file_type(), shown, Reason::NotAFile));
    }
    if opened.len() > limits.max_file_bytes {
        return Err(too_large(opened.len()));
    }
    let mut bytes = Vec::with_capacity(opened.len() as usize);
    file.take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| unreadable(shown, &err))?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The refusal for an entry of kind `kind` that is neither what was wanted nor
/// another ordinary kind (`otherwise` names that case).
fn refuse_kind(kind: FileType, shown: &str, otherwise: Reason) -> Refusal {
    let reason = if kind.is_symlink() {
        Reason::Link
    } else if kind.is_fifo() {
        Reason::Special { kind: "fifo" }
    } else if kind.is_socket() {
        Reason::Special { kind: "socket" }
    } else if kind.is_block_device() {
        Reason::Special {
            kind: "block device",
        }
    } else if kind.is_char_device() {
        Reason::Special {
            kind: "character device",
        }
    } else {
        otherwise
    };
    Refusal::new(shown, reason)
}

fn unreadable(shown: &str, err: &std::io::Error) -> Refusal {
    Refusal::new(
        shown,
        Reason::Unreadable {
            error: err.kind().to_string(),
        },
    )
}

/// `base/relative`, with `/` whatever the platform.
pub(super) fn join(base: &str, relative: &str) -> String {
    let relative = relative.replace(std::path::MAIN_SEPARATOR, "/");
    if base.is_empty() {
        relative
    } else {
        format!("{base}/{relative}")
    }
}
