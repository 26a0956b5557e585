//! Why a submitted tree (or part of it) is not taken: one reason, the path it
//! concerns, and the sentence a student reads, in English and Chinese.

use crate::lang::Lang;
use crate::text::ingest as say;

/// The longest path shown in a message; longer ones are shortened.
const SHOWN_PATH_CHARS: usize = 96;

/// Why ingest refused part of a submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// A symbolic link (links are never followed, so never taken).
    Link,
    /// A FIFO, socket or device: only regular files are taken.
    Special {
        /// `fifo`, `socket`, `block device` or `character device`.
        kind: &'static str,
    },
    /// A file where a folder belongs (`exercises`, the exercise folder, `src`).
    NotAFolder,
    /// A folder where a file belongs (`answers.toml`).
    NotAFile,
    /// More files than a source tree may hold.
    TooManyFiles {
        /// The cap.
        limit: usize,
    },
    /// One file larger than a source file may be (read from its metadata, never read).
    FileTooLarge {
        /// Its size.
        size: u64,
        /// The cap.
        limit: u64,
    },
    /// All files together larger than a source tree may be.
    TooLarge {
        /// The cap.
        limit: u64,
    },
    /// Folders nested deeper than allowed.
    TooDeep {
        /// The cap, in folders below the taken root.
        limit: usize,
    },
    /// A path longer than allowed.
    PathTooLong {
        /// The cap, in bytes, below the taken root.
        limit: usize,
    },
    /// A name that is not UTF-8.
    BadName,
    /// The file system refused to read it.
    Unreadable {
        /// The operating system's words.
        error: String,
    },
}

/// Part of a submission that ingest refused: every test of that exercise fails with its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The path concerned, relative to the submission (`exercises/01-tcp-server/src/bin`).
    pub path: String,
    /// Why.
    pub reason: Reason,
}

impl Refusal {
    /// A refusal of `path`.
    pub fn new(path: impl Into<String>, reason: Reason) -> Refusal {
        Refusal {
            path: path.into(),
            reason,
        }
    }

    /// The sentence a student reads, such as
    /// "`src/bin` is a symbolic link: links are not graded".
    pub fn message(&self, lang: Lang) -> String {
        let path = &shown(&self.path);
        match &self.reason {
            Reason::Link => say::link(lang, path),
            Reason::Special { kind } => say::special(lang, path, kind_in(kind, lang)),
            Reason::NotAFolder => say::not_a_folder(lang, path),
            Reason::NotAFile => say::not_a_file(lang, path),
            Reason::TooManyFiles { limit } => say::too_many_files(lang, path, *limit),
            Reason::FileTooLarge { size, limit } => say::file_too_large(lang, path, *size, *limit),
            Reason::TooLarge { limit } => say::too_large(lang, path, *limit),
            Reason::TooDeep { limit } => say::too_deep(lang, path, *limit),
            Reason::PathTooLong { limit } => say::path_too_long(lang, path, *limit),
            Reason::BadName => say::bad_name(lang, path),
            Reason::Unreadable { error } => say::unreadable(lang, path, error),
        }
    }
}

/// The name of a special file's `kind` (`fifo`, `socket`, …) in `lang`.
fn kind_in(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "fifo" => say::fifo(lang),
        "socket" => say::socket(lang),
        "block device" => say::block_device(lang),
        "character device" => say::character_device(lang),
        _ => say::special_file(lang),
    }
}

/// `path`, shortened in its middle when very long (a path nested past
/// `PATH_MAX` would otherwise fill the report).
fn shown(path: &str) -> String {
    let chars: Vec<char> = path.chars().collect();
    if chars.len() <= SHOWN_PATH_CHARS {
        return path.to_string();
    }
    let half = SHOWN_PATH_CHARS / 2;
    let head: String = chars[..half].iter().collect();
    let tail: String = chars[chars.len() - half..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_named_in_both_languages() {
        let refusal = Refusal::new("exercises/01-tcp-server/src/bin", Reason::Link);
        assert_eq!(
            refusal.message(Lang::En),
            "`exercises/01-tcp-server/src/bin` is a symbolic link: links are not graded, submit the files themselves"
        );
        assert!(refusal.message(Lang::Zh).contains("符号链接"));
    }

    #[test]
    fn a_special_file_is_named_by_its_kind() {
        let fifo = Refusal::new("src/pipe", Reason::Special { kind: "fifo" });
        assert_eq!(
            fifo.message(Lang::Zh),
            "`src/pipe` 是命名管道，不是普通文件：只有普通文件参与评分"
        );
        let device = Refusal::new(
            "src/tty",
            Reason::Special {
                kind: "character device",
            },
        );
        assert_eq!(
            device.message(Lang::En),
            "`src/tty` is a character device, not a regular file: only regular files are graded"
        );
        let error = "Permission denied".to_string();
        let unreadable = Refusal::new("src/main.py", Reason::Unreadable { error });
        assert_eq!(
            unreadable.message(Lang::Zh),
            "无法读取 `src/main.py`（Permission denied）"
        );
    }

    #[test]
    fn a_very_long_path_is_shortened() {
        let long = "a/".repeat(2000);
        let message = Refusal::new(long, Reason::TooDeep { limit: 16 }).message(Lang::En);
        assert!(message.len() < 300, "{message}");
        assert!(message.contains('…'));
    }
}
