//! A test's files: created in the program's working directory before it
//! starts, and checked there after it ended.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

use crate::lang::Lang;
use crate::scenario::{FileCheck, FileContent, FileExpect, FileSetup, escape_bytes};
use crate::text::runner::files as say;

/// A file much longer than expected is reported by its size, not read.
const READ_SLACK: u64 = 1 << 20;

/// What checking a file found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Finding {
    /// The expectation holds; the text says what was found, for the transcript.
    Holds(String),
    /// It does not.
    Wrong {
        /// What is wrong, in a sentence.
        message: String,
        /// The expected bytes, when bytes were compared.
        expected: Option<Vec<u8>>,
        /// The file's bytes, when bytes were compared.
        actual: Option<Vec<u8>>,
    },
}

impl Finding {
    fn wrong(message: String) -> Self {
        Finding::Wrong {
            message,
            expected: None,
            actual: None,
        }
    }
}

/// Creates `setup` inside `dir`; returns a line for the transcript.
pub(crate) fn create(dir: &Path, setup: &FileSetup, lang: Lang) -> io::Result<String> {
    let path = dir.join(&setup.path);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let shown = setup.path.display().to_string();
    match &setup.content {
        FileContent::Bytes(bytes) => {
            fs::write(&path, bytes)?;
            Ok(say::created_file(
                lang,
                &shown,
                bytes.len(),
                &escape_bytes(bytes),
            ))
        }
        FileContent::Sparse(size) => {
            // `set_len` on an empty file makes a hole: no bytes are written.
            File::create(&path)?.set_len(*size)?;
            Ok(say::created_sparse(lang, &shown, *size))
        }
    }
}

/// Checks `check` inside `dir`; `Err` is the grader's own trouble reading it.
/// The file is opened once, beneath `dir`, without following any link (a
/// link anywhere on the path is "not a plain file"), and everything is read
/// from that one descriptor, so no swap can redirect the check.
pub(crate) fn check(dir: &Path, check: &FileCheck, lang: Lang) -> io::Result<Finding> {
    let shown = &check.path.display().to_string();
    let opened = match open_beneath(dir, &check.path) {
        Ok(file) => Some(file),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) if is_not_plain(&e) => {
            return Ok(match check.expect {
                FileExpect::Exists(true) => Finding::Holds(say::file_exists(lang, shown)),
                FileExpect::Exists(false) => Finding::wrong(say::expected_no_file(lang, shown, 0)),
                _ => Finding::wrong(say::expected_plain_file(lang, shown)),
            });
        }
        Err(e) => return Err(e),
    };
    let meta = opened.as_ref().map(File::metadata).transpose()?;
    let finding = match (&check.expect, meta) {
        (FileExpect::Exists(true), Some(_)) => Finding::Holds(say::file_exists(lang, shown)),
        (FileExpect::Exists(false), None) => Finding::Holds(say::file_absent(lang, shown)),
        (FileExpect::Exists(true), None) => Finding::wrong(say::expected_to_exist(lang, shown)),
        (FileExpect::Exists(false), Some(meta)) => {
            Finding::wrong(say::expected_no_file(lang, shown, meta.len()))
        }
        (_, None) => Finding::wrong(say::expected_a_file(lang, shown)),
        (_, Some(meta)) if !meta.is_file() => Finding::wrong(say::expected_plain_file(lang, shown)),
        (FileExpect::Size(size), Some(meta)) if meta.len() == *size => {
            Finding::Holds(say::file_size(lang, shown, *size))
        }
        (FileExpect::Size(size), Some(meta)) => {
            Finding::wrong(say::wrong_file_size(lang, shown, *size, meta.len()))
        }
        (FileExpect::Bytes(expected), Some(meta))
            if meta.len() > expected.len() as u64 + READ_SLACK =>
        {
            Finding::wrong(say::file_too_long(lang, shown, expected.len(), meta.len()))
        }
        (FileExpect::Bytes(expected), Some(_)) => {
            let mut actual = Vec::new();
            opened
                .expect("a file with metadata was opened")
                .take(expected.len() as u64 + READ_SLACK)
                .read_to_end(&mut actual)?;
            if actual == *expected {
                Finding::Holds(say::file_holds(
                    lang,
                    shown,
                    actual.len(),
                    &escape_bytes(&actual),
                ))
            } else {
                Finding::Wrong {
                    message: say::wrong_file_contents(lang, shown),
                    expected: Some(expected.clone()),
                    actual: Some(actual),
                }
            }
        }
    };
    Ok(finding)
}

/// Whether opening failed because something on the path is a link, or the
/// file is a kind that cannot be read as one (a socket).
fn is_not_plain(error: &io::Error) -> bool {
    matches!(
        error.raw_os_error(),
        Some(libc::ELOOP | libc::EXDEV | libc::ENXIO | libc::ENOTDIR)
    )
}

/// Opens `rel` for reading beneath `dir`, following no link at all and
/// never blocking (a FIFO opens at once): `openat2` with `RESOLVE_BENEATH`
/// and `RESOLVE_NO_SYMLINKS` on Linux.
#[cfg(target_os = "linux")]
fn open_beneath(dir: &Path, rel: &Path) -> io::Result<File> {
    use nix::fcntl::{OFlag, OpenHow, ResolveFlag, openat2};
    use nix::sys::stat::Mode;
    let base = File::open(dir)?;
    let how = OpenHow::new()
        .flags(
            OFlag::O_RDONLY
                | OFlag::O_NONBLOCK
                | OFlag::O_NOFOLLOW
                | OFlag::O_NOCTTY
                | OFlag::O_CLOEXEC,
        )
        .mode(Mode::empty())
        .resolve(
            ResolveFlag::RESOLVE_BENEATH
                | ResolveFlag::RESOLVE_NO_SYMLINKS
                | ResolveFlag::RESOLVE_NO_MAGICLINKS,
        );
    let fd = openat2(&base, rel, how)?;
    Ok(File::from(fd))
}

/// Elsewhere: every component checked to be no link, then `O_NOFOLLOW`.
#[cfg(not(target_os = "linux"))]
fn open_beneath(dir: &Path, rel: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut path = dir.to_path_buf();
    for part in rel.components() {
        path.push(part);
        if fs::symlink_metadata(&path)?.file_type().is_symlink() {
            return Err(io::Error::from_raw_os_error(libc::ELOOP));
        }
    }
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(&path)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn expect(path: &str, expect: FileExpect) -> FileCheck {
        FileCheck {
            path: path.into(),
            expect,
        }
    }

    /// A program (or a child it left) that swapped the checked file, or a
    /// folder on its path, for a link to a secret gets "not a plain file",
    /// and nothing of the secret.
    #[test]
    fn links_anywhere_on_the_path_are_not_followed_and_fifos_do_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let secret = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(secret.path(), "SECRET-OF-THE-GRADER").unwrap();
        std::os::unix::fs::symlink(secret.path(), dir.path().join("data.txt")).unwrap();
        std::os::unix::fs::symlink(secret.path().parent().unwrap(), dir.path().join("in")).unwrap();
        nix::unistd::mkfifo(&dir.path().join("pipe"), nix::sys::stat::Mode::S_IRWXU).unwrap();
        let name = secret
            .path()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        for path in ["data.txt", &format!("in/{name}"), "pipe"] {
            let found = check(
                dir.path(),
                &expect(path, FileExpect::Bytes(b"x".to_vec())),
                Lang::En,
            )
            .unwrap();
            let text = format!("{found:?}");
            assert!(!text.contains("SECRET"), "{path}: {text}");
            assert!(text.contains("plain file"), "{path}: {text}");
        }
    }

    #[test]
    fn files_are_created_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let setup = FileSetup {
            path: PathBuf::from("sub/data.bin"),
            content: FileContent::Bytes(b"ab\x00".to_vec()),
        };
        let line = create(dir.path(), &setup, Lang::En).unwrap();
        assert!(line.contains("3 byte(s)"), "{line}");
        let holds = check(
            dir.path(),
            &expect("sub/data.bin", FileExpect::Bytes(b"ab\x00".to_vec())),
            Lang::En,
        );
        assert!(matches!(holds.unwrap(), Finding::Holds(_)));
        let wrong = check(
            dir.path(),
            &expect("sub/data.bin", FileExpect::Bytes(b"ab".to_vec())),
            Lang::En,
        );
        assert_eq!(
            wrong.unwrap(),
            Finding::Wrong {
                message: "wrong contents of `sub/data.bin`".into(),
                expected: Some(b"ab".to_vec()),
                actual: Some(b"ab\x00".to_vec()),
            }
        );
        let missing = check(dir.path(), &expect("nope", FileExpect::Size(0)), Lang::En).unwrap();
        assert!(matches!(missing, Finding::Wrong { .. }), "{missing:?}");
        let absent = check(
            dir.path(),
            &expect("nope", FileExpect::Exists(false)),
            Lang::En,
        )
        .unwrap();
        assert!(matches!(absent, Finding::Holds(_)), "{absent:?}");
        let present = check(
            dir.path(),
            &expect("sub/data.bin", FileExpect::Exists(false)),
            Lang::En,
        )
        .unwrap();
        assert!(matches!(present, Finding::Wrong { .. }), "{present:?}");
        let zh = check(
            dir.path(),
            &expect("sub/data.bin", FileExpect::Size(5)),
            Lang::Zh,
        )
        .unwrap();
        assert_eq!(
            zh,
            Finding::Wrong {
                message: "`sub/data.bin` 应长 5 字节，实际长 3 字节".into(),
                expected: None,
                actual: None,
            }
        );
    }

    #[test]
    fn a_sparse_file_has_its_size_without_being_read() {
        let dir = tempfile::tempdir().unwrap();
        let setup = FileSetup {
            path: PathBuf::from("big"),
            content: FileContent::Sparse(1 << 32),
        };
        create(dir.path(), &setup, Lang::En).unwrap();
        let size = check(
            dir.path(),
            &expect("big", FileExpect::Size(1 << 32)),
            Lang::En,
        )
        .unwrap();
        assert!(matches!(size, Finding::Holds(_)), "{size:?}");
        let bytes = check(
            dir.path(),
            &expect("big", FileExpect::Bytes(Vec::new())),
            Lang::En,
        )
        .unwrap();
        match bytes {
            Finding::Wrong { message, .. } => {
                assert!(message.contains("4294967296 bytes long"), "{message}")
            }
            holds => panic!("{holds:?}"),
        }
    }
}
