//! Why a submitted tree (or part of it) is not taken: one reason, the path it
//! concerns, and the sentence a student reads, in English and Chinese.

use crate::lang::Lang;

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
        let path = shown(&self.path);
        match (&self.reason, lang) {
            (Reason::Link, Lang::En) => {
                format!(
                    "`{path}` is a symbolic link: links are not graded, submit the files themselves"
                )
            }
            (Reason::Link, Lang::Zh) => {
                format!("`{path}` 是符号链接：链接不参与评分，请提交文件本身")
            }
            (Reason::Special { kind }, Lang::En) => {
                format!("`{path}` is a {kind}, not a regular file: only regular files are graded")
            }
            (Reason::Special { kind }, Lang::Zh) => format!(
                "`{path}` 是{}，不是普通文件：只有普通文件参与评分",
                kind_zh(kind)
            ),
            (Reason::NotAFolder, Lang::En) => format!("`{path}` is not a folder"),
            (Reason::NotAFolder, Lang::Zh) => format!("`{path}` 不是文件夹"),
            (Reason::NotAFile, Lang::En) => format!("`{path}` is not a regular file"),
            (Reason::NotAFile, Lang::Zh) => format!("`{path}` 不是普通文件"),
            (Reason::TooManyFiles { limit }, Lang::En) => {
                format!("`{path}` holds more than {limit} files: submit only your source files")
            }
            (Reason::TooManyFiles { limit }, Lang::Zh) => {
                format!("`{path}` 中的文件超过 {limit} 个：只提交源文件")
            }
            (Reason::FileTooLarge { size, limit }, Lang::En) => format!(
                "`{path}` is {size} bytes, more than the {limit} bytes a source file may have"
            ),
            (Reason::FileTooLarge { size, limit }, Lang::Zh) => {
                format!("`{path}` 有 {size} 字节，超过源文件上限 {limit} 字节")
            }
            (Reason::TooLarge { limit }, Lang::En) => {
                format!("the files under `{path}` come to more than {limit} bytes")
            }
            (Reason::TooLarge { limit }, Lang::Zh) => {
                format!("`{path}` 下的文件总计超过 {limit} 字节")
            }
            (Reason::TooDeep { limit }, Lang::En) => {
                format!("`{path}` is nested more than {limit} folders deep")
            }
            (Reason::TooDeep { limit }, Lang::Zh) => {
                format!("`{path}` 的文件夹嵌套超过 {limit} 层")
            }
            (Reason::PathTooLong { limit }, Lang::En) => {
                format!("`{path}` is a path longer than {limit} bytes")
            }
            (Reason::PathTooLong { limit }, Lang::Zh) => {
                format!("`{path}` 的路径超过 {limit} 字节")
            }
            (Reason::BadName, Lang::En) => format!("`{path}` has a name that is not UTF-8"),
            (Reason::BadName, Lang::Zh) => format!("`{path}` 的名称不是 UTF-8"),
            (Reason::Unreadable { error }, Lang::En) => {
                format!("`{path}` cannot be read ({error})")
            }
            (Reason::Unreadable { error }, Lang::Zh) => format!("无法读取 `{path}`（{error}）"),
        }
    }
}

fn kind_zh(kind: &str) -> &'static str {
    match kind {
        "fifo" => "命名管道",
        "socket" => "套接字",
        "block device" => "块设备",
        "character device" => "字符设备",
        _ => "特殊文件",
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
    fn a_very_long_path_is_shortened() {
        let long = "a/".repeat(2000);
        let message = Refusal::new(long, Reason::TooDeep { limit: 16 }).message(Lang::En);
        assert!(message.len() < 300, "{message}");
        assert!(message.contains('…'));
    }
}
