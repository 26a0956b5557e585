//! Taking a submitted file: the only code that reads a student's folder for a
//! track. It follows no links, takes only regular files of bounded size, and
//! copies the bytes into a private folder that the program then runs from.

use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

/// The most bytes a submitted file may hold.
pub(crate) const MAX_FILE: u64 = 1 << 20;

/// What a student's folder gave for one exercise.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Taken {
    /// The private copy of the file, and where it was found.
    File { copy: PathBuf, found: String },
    /// None of the accepted paths exists.
    Missing,
    /// An accepted path exists but cannot be graded (a link, not a file, too big).
    Refused(String),
}

/// Looks for the first of `accept` in `dir` and copies it to `into/name`.
pub(crate) fn take(dir: &Path, accept: &[String], into: &Path, name: &str) -> Taken {
    for relative in accept {
        match inspect(dir, Path::new(relative)) {
            Ok(None) => continue,
            Ok(Some(path)) => {
                return match copy(&path, &into.join(name)) {
                    Ok(copy) => Taken::File {
                        copy,
                        found: relative.clone(),
                    },
                    Err(why) => Taken::Refused(format!("`{relative}`: {why}")),
                };
            }
            Err(why) => return Taken::Refused(format!("`{relative}`: {why}")),
        }
    }
    Taken::Missing
}

/// The path when every component exists as a real folder and the last as a
/// regular file; `None` when something is missing; `Err` for links and the like.
fn inspect(dir: &Path, relative: &Path) -> Result<Option<PathBuf>, String> {
    let mut path = dir.to_path_buf();
    let parts: Vec<Component<'_>> = relative.components().collect();
    for (index, part) in parts.iter().enumerate() {
        path.push(part);
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        let last = index + 1 == parts.len();
        if meta.file_type().is_symlink() {
            return Err("is a symbolic link: submit the file itself".into());
        }
        if last && !meta.is_file() {
            return Err("is not a regular file".into());
        }
        if !last && !meta.is_dir() {
            return Ok(None);
        }
        if last && meta.len() > MAX_FILE {
            return Err(format!("is larger than {MAX_FILE} bytes"));
        }
    }
    Ok(Some(path))
}

/// Copies at most [`MAX_FILE`] bytes, refusing more.
fn copy(from: &Path, to: &Path) -> Result<PathBuf, String> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags_nofollow()
        .open(from)
        .map_err(|e| e.to_string())?;
    let mut content: Vec<u8> = Vec::new();
    file.take(MAX_FILE + 1)
        .read_to_end(&mut content)
        .map_err(|e| e.to_string())?;
    if content.len() as u64 > MAX_FILE {
        return Err(format!("is larger than {MAX_FILE} bytes"));
    }
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    std::fs::write(to, content).map_err(|e| e.to_string())?;
    Ok(to.to_path_buf())
}

/// Opening without following a final symbolic link.
trait NoFollow {
    fn custom_flags_nofollow(&mut self) -> &mut Self;
}

impl NoFollow for std::fs::OpenOptions {
    fn custom_flags_nofollow(&mut self) -> &mut Self {
        use std::os::unix::fs::OpenOptionsExt as _;
        self.custom_flags(libc::O_NOFOLLOW)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_accepted_file_is_copied_and_links_are_refused() {
        let student = tempfile::tempdir().unwrap();
        let into = tempfile::tempdir().unwrap();
        let accept = ["01/server.py".to_string(), "server.py".to_string()];
        assert_eq!(
            take(student.path(), &accept, into.path(), "s.py"),
            Taken::Missing
        );
        std::fs::write(student.path().join("server.py"), "print(1)\n").unwrap();
        let taken = take(student.path(), &accept, into.path(), "s.py");
        assert_eq!(
            taken,
            Taken::File {
                copy: into.path().join("s.py"),
                found: "server.py".into()
            }
        );
        assert_eq!(
            std::fs::read_to_string(into.path().join("s.py")).unwrap(),
            "print(1)\n"
        );
        std::os::unix::fs::symlink("/etc", student.path().join("01")).unwrap();
        match take(student.path(), &accept, into.path(), "s.py") {
            Taken::Refused(why) => assert!(why.contains("symbolic link"), "{why}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_huge_or_special_file_is_refused() {
        let student = tempfile::tempdir().unwrap();
        let into = tempfile::tempdir().unwrap();
        let big = std::fs::File::create(student.path().join("a.py")).unwrap();
        big.set_len(MAX_FILE + 1).unwrap();
        std::fs::create_dir(student.path().join("b.py")).unwrap();
        let accept = |name: &str| vec![name.to_string()];
        assert!(
            matches!(take(student.path(), &accept("a.py"), into.path(), "x"), Taken::Refused(w) if w.contains("larger"))
        );
        assert!(
            matches!(take(student.path(), &accept("b.py"), into.path(), "x"), Taken::Refused(w) if w.contains("regular"))
        );
    }
}
