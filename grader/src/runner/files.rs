//! A test's files: created in the program's working directory before it
//! starts, and checked there after it ended.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

use super::messages as say;
use crate::lang::Lang;
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
pub(crate) fn check(dir: &Path, check: &FileCheck, lang: Lang) -> io::Result<Finding> {
    let path = dir.join(&check.path);
    let shown = &check.path.display().to_string();
    let meta = match fs::symlink_metadata(&path) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
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
            File::open(&path)?
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
