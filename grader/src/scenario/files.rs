//! Files in a test's working directory: the ones created before the program
//! starts (`files`), and the checks made after it ends (`expect-file`).

use std::path::{Component, Path, PathBuf};

use super::payload::parse_hex;
use super::raw::{RawExpectFile, RawFileSetup};

/// A file the test creates before the start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSetup {
    /// Relative to the working directory, checked to stay inside it.
    pub path: PathBuf,
    /// What it holds.
    pub content: FileContent,
}

/// What a created file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileContent {
    /// These bytes.
    Bytes(Vec<u8>),
    /// This many zero bytes, as a sparse file.
    Sparse(u64),
}

/// A check on a file after the program ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileCheck {
    /// Relative to the working directory, checked to stay inside it.
    pub path: PathBuf,
    /// What must hold.
    pub expect: FileExpect,
}

/// What `expect-file` requires of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileExpect {
    /// Exactly these bytes.
    Bytes(Vec<u8>),
    /// Exactly this size.
    Size(u64),
    /// That it exists, or not.
    Exists(bool),
}

/// Checks that `path` is a plain relative path inside the working directory.
pub(crate) fn check_path(path: &str) -> Result<PathBuf, String> {
    let parsed = Path::new(path);
    if path.is_empty() {
        return Err("a file's `path` is empty".into());
    }
    for component in parsed.components() {
        match component {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => {
                return Err(format!(
                    "`path = \"{path}\"` leaves the working directory: no `..`"
                ));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "`path = \"{path}\"` must be relative to the program's working directory"
                ));
            }
        }
    }
    if !parsed
        .components()
        .any(|c| matches!(c, Component::Normal(_)))
    {
        return Err(format!("`path = \"{path}\"` names no file"));
    }
    Ok(parsed.to_path_buf())
}

/// Checks one entry of `files`.
pub(crate) fn check_setup(raw: &RawFileSetup) -> Result<FileSetup, String> {
    let path = check_path(&raw.path)?;
    let content = match (&raw.text, &raw.hex, raw.size) {
        (Some(text), None, None) => FileContent::Bytes(text.as_bytes().to_vec()),
        (None, Some(hex), None) => FileContent::Bytes(
            parse_hex(hex).map_err(|e| format!("file `{}`: `hex`: {e}", raw.path))?,
        ),
        (None, None, Some(size)) => FileContent::Sparse(size),
        _ => {
            return Err(format!(
                "file `{}` needs exactly one of `text`, `hex` and `size`",
                raw.path
            ));
        }
    };
    Ok(FileSetup { path, content })
}

/// Checks an `expect-file` value.
pub(crate) fn check_expect(raw: &RawExpectFile) -> Result<FileCheck, String> {
    let path = check_path(&raw.path)?;
    let expect = match (&raw.text, &raw.hex, raw.size, raw.exists) {
        (Some(text), None, None, None) => FileExpect::Bytes(text.as_bytes().to_vec()),
        (None, Some(hex), None, None) => {
            FileExpect::Bytes(parse_hex(hex).map_err(|e| format!("`expect-file` `hex`: {e}"))?)
        }
        (None, None, Some(size), None) => FileExpect::Size(size),
        (None, None, None, Some(exists)) => FileExpect::Exists(exists),
        _ => {
            return Err(
                "`expect-file` needs `path` and exactly one of `text`, `hex`, `size` and `exists`"
                    .into(),
            );
        }
    };
    Ok(FileCheck { path, expect })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(path: &str, text: Option<&str>, hex: Option<&str>, size: Option<u64>) -> RawFileSetup {
        RawFileSetup {
            path: path.into(),
            text: text.map(str::to_string),
            hex: hex.map(str::to_string),
            size,
        }
    }

    #[test]
    fn paths_stay_inside_the_working_directory() {
        assert_eq!(check_path("a/b.txt").unwrap(), PathBuf::from("a/b.txt"));
        assert_eq!(check_path("./f").unwrap(), PathBuf::from("./f"));
        assert!(check_path("../f").unwrap_err().contains("no `..`"));
        assert!(check_path("a/../../f").unwrap_err().contains("no `..`"));
        assert!(check_path("/etc/passwd").unwrap_err().contains("relative"));
        assert!(check_path("").unwrap_err().contains("empty"));
        assert!(check_path(".").unwrap_err().contains("names no file"));
    }

    #[test]
    fn a_setup_takes_exactly_one_content() {
        assert_eq!(
            check_setup(&setup("f", None, Some("00 ff"), None))
                .unwrap()
                .content,
            FileContent::Bytes(vec![0, 0xff])
        );
        assert_eq!(
            check_setup(&setup("f", None, None, Some(7)))
                .unwrap()
                .content,
            FileContent::Sparse(7)
        );
        let err = check_setup(&setup("f", Some("x"), None, Some(1))).unwrap_err();
        assert!(err.contains("exactly one of"), "{err}");
        let err = check_setup(&setup("f", None, None, None)).unwrap_err();
        assert!(err.contains("exactly one of"), "{err}");
        let err = check_setup(&setup("f", None, Some("0"), None)).unwrap_err();
        assert!(err.contains("odd number"), "{err}");
    }

    #[test]
    fn an_expectation_takes_exactly_one_check() {
        let raw = RawExpectFile {
            path: "f".into(),
            text: None,
            hex: None,
            size: None,
            exists: Some(false),
        };
        assert_eq!(
            check_expect(&raw).unwrap().expect,
            FileExpect::Exists(false)
        );
        let both = RawExpectFile {
            size: Some(3),
            ..raw.clone()
        };
        assert!(check_expect(&both).unwrap_err().contains("exactly one of"));
    }
}
