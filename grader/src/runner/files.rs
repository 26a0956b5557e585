//! A test's files: created in the program's working directory before it
//! starts, and checked there after it ended.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

use crate::scenario::{FileCheck, FileContent, FileExpect, FileSetup, escape_bytes};

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
pub(crate) fn create(dir: &Path, setup: &FileSetup) -> io::Result<String> {
    let path = dir.join(&setup.path);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let shown = setup.path.display();
    match &setup.content {
        FileContent::Bytes(bytes) => {
            fs::write(&path, bytes)?;
            Ok(format!(
                "created `{shown}` holding {} byte(s): {}",
                bytes.len(),
                escape_bytes(bytes)
            ))
        }
        FileContent::Sparse(size) => {
            // `set_len` on an empty file makes a hole: no bytes are written.
            File::create(&path)?.set_len(*size)?;
            Ok(format!(
                "created `{shown}`: {size} zero bytes (a sparse file)"
            ))
        }
    }
}

/// Checks `check` inside `dir`; `Err` is the grader's own trouble reading it.
pub(crate) fn check(dir: &Path, check: &FileCheck) -> io::Result<Finding> {
    let path = dir.join(&check.path);
    let shown = check.path.display();
    let meta = match fs::symlink_metadata(&path) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let finding = match (&check.expect, meta) {
        (FileExpect::Exists(true), Some(_)) => Finding::Holds(format!("`{shown}` exists")),
        (FileExpect::Exists(false), None) => Finding::Holds(format!("`{shown}` does not exist")),
        (FileExpect::Exists(true), None) => {
            Finding::wrong(format!("expected `{shown}` to exist, but it does not"))
        }
        (FileExpect::Exists(false), Some(meta)) => Finding::wrong(format!(
            "expected no file `{shown}`, but there is one ({} bytes)",
            meta.len()
        )),
        (_, None) => Finding::wrong(format!("expected a file `{shown}`, but there is none")),
        (_, Some(meta)) if !meta.is_file() => {
            Finding::wrong(format!("expected `{shown}` to be a plain file"))
        }
        (FileExpect::Size(size), Some(meta)) if meta.len() == *size => {
            Finding::Holds(format!("`{shown}` is {size} bytes long"))
        }
        (FileExpect::Size(size), Some(meta)) => Finding::wrong(format!(
            "expected `{shown}` to be {size} bytes long, but it is {} bytes long",
            meta.len()
        )),
        (FileExpect::Bytes(expected), Some(meta))
            if meta.len() > expected.len() as u64 + READ_SLACK =>
        {
            Finding::wrong(format!(
                "expected `{shown}` to hold {} byte(s), but it is {} bytes long",
                expected.len(),
                meta.len()
            ))
        }
        (FileExpect::Bytes(expected), Some(_)) => {
            let mut actual = Vec::new();
            File::open(&path)?
                .take(expected.len() as u64 + READ_SLACK)
                .read_to_end(&mut actual)?;
            if actual == *expected {
                Finding::Holds(format!(
                    "`{shown}` holds {} byte(s): {}",
                    actual.len(),
                    escape_bytes(&actual)
                ))
            } else {
                Finding::Wrong {
                    message: format!("wrong contents of `{shown}`"),
                    expected: Some(expected.clone()),
                    actual: Some(actual),
                }
            }
        }
    };
    Ok(finding)
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

    #[test]
    fn files_are_created_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let setup = FileSetup {
            path: PathBuf::from("sub/data.bin"),
            content: FileContent::Bytes(b"ab\x00".to_vec()),
        };
        let line = create(dir.path(), &setup).unwrap();
        assert!(line.contains("3 byte(s)"), "{line}");
        let holds = check(
            dir.path(),
            &expect("sub/data.bin", FileExpect::Bytes(b"ab\x00".to_vec())),
        );
        assert!(matches!(holds.unwrap(), Finding::Holds(_)));
        let wrong = check(
            dir.path(),
            &expect("sub/data.bin", FileExpect::Bytes(b"ab".to_vec())),
        );
        assert_eq!(
            wrong.unwrap(),
            Finding::Wrong {
                message: "wrong contents of `sub/data.bin`".into(),
                expected: Some(b"ab".to_vec()),
                actual: Some(b"ab\x00".to_vec()),
            }
        );
        let missing = check(dir.path(), &expect("nope", FileExpect::Size(0))).unwrap();
        assert!(matches!(missing, Finding::Wrong { .. }), "{missing:?}");
        let absent = check(dir.path(), &expect("nope", FileExpect::Exists(false))).unwrap();
        assert!(matches!(absent, Finding::Holds(_)), "{absent:?}");
        let present = check(
            dir.path(),
            &expect("sub/data.bin", FileExpect::Exists(false)),
        )
        .unwrap();
        assert!(matches!(present, Finding::Wrong { .. }), "{present:?}");
    }

    #[test]
    fn a_sparse_file_has_its_size_without_being_read() {
        let dir = tempfile::tempdir().unwrap();
        let setup = FileSetup {
            path: PathBuf::from("big"),
            content: FileContent::Sparse(1 << 32),
        };
        create(dir.path(), &setup).unwrap();
        let size = check(dir.path(), &expect("big", FileExpect::Size(1 << 32))).unwrap();
        assert!(matches!(size, Finding::Holds(_)), "{size:?}");
        let bytes = check(dir.path(), &expect("big", FileExpect::Bytes(Vec::new()))).unwrap();
        match bytes {
            Finding::Wrong { message, .. } => {
                assert!(message.contains("4294967296 bytes long"), "{message}")
            }
            holds => panic!("{holds:?}"),
        }
    }
}
