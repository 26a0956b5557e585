//! Reading a student's `answers.toml`: a byte-order mark, Windows line endings
//! and full-width text are fine; a syntax error is the student's to fix, so it
//! becomes a message with its line, not a grader error.

use std::path::Path;

use crate::lang::Lang;

/// The answers file's name inside the quiz folder.
pub const ANSWERS_FILE: &str = "answers.toml";

/// The largest answers file read.
const MAX_ANSWERS_BYTES: u64 = 1 << 20;

/// What the student's answers file holds.
#[derive(Clone, Debug)]
pub enum Answers {
    /// The answers, by question id.
    Read(toml::Table),
    /// No answers could be read; every check scores zero with this message.
    Unreadable(String),
}

impl Answers {
    /// Reads `dir/answers.toml`; `None` for `dir` means the submission has no quiz folder.
    pub fn read(dir: Option<&Path>, lang: Lang) -> Answers {
        let Some(dir) = dir else {
            return Answers::Unreadable(
                lang.text(
                    "the submission has no `exercises/00-concepts/answers.toml`",
                    "提交中没有 `exercises/00-concepts/answers.toml`",
                )
                .to_string(),
            );
        };
        let path = dir.join(ANSWERS_FILE);
        // Only a plain, small file is read: a link could point at any file on
        // the grading machine, and its text would be echoed back as answers.
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if !meta.file_type().is_file() => {
                return Answers::Unreadable(
                    lang.text(
                        "`answers.toml` is not a plain file (a link or a folder?): submit the file itself",
                        "`answers.toml` 不是普通文件（是链接或文件夹？）：请提交文件本身",
                    )
                    .to_string(),
                );
            }
            Ok(meta) if meta.len() > MAX_ANSWERS_BYTES => {
                return Answers::Unreadable(
                    lang.text(
                        "`answers.toml` is larger than 1 MiB: it holds only short answers",
                        "`answers.toml` 超过 1 MiB：它只应包含简短的答案",
                    )
                    .to_string(),
                );
            }
            _ => {}
        }
        match std::fs::read(&path) {
            Ok(bytes) => Self::parse_bytes(&bytes, lang),
            Err(err) => Answers::Unreadable(match lang {
                Lang::En => format!("cannot read `{ANSWERS_FILE}`: {err}"),
                Lang::Zh => format!("无法读取 `{ANSWERS_FILE}`：{err}"),
            }),
        }
    }

    /// Parses the file's bytes.
    fn parse_bytes(bytes: &[u8], lang: Lang) -> Answers {
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Answers::Unreadable(
                lang.text(
                    "`answers.toml` is not UTF-8 text: save it as UTF-8",
                    "`answers.toml` 不是 UTF-8 文本：请以 UTF-8 编码保存",
                )
                .to_string(),
            );
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // A lone `\r` (old Mac line ends) is not a TOML line break.
        let text = if text.contains('\r') && !text.contains('\n') {
            text.replace('\r', "\n")
        } else {
            text.to_string()
        };
        match toml::from_str::<toml::Table>(&text) {
            Ok(table) => Answers::Read(table),
            Err(err) => {
                let (line, column) = err.span().map_or((1, 1), |span| {
                    let before = &text[..span.start.min(text.len())];
                    let line = before.matches('\n').count() + 1;
                    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                    (line, column)
                });
                let what = err.message().trim().trim_end_matches('.');
                Answers::Unreadable(match lang {
                    Lang::En => format!(
                        "`{ANSWERS_FILE}` line {line}, column {column}: {what}; fix the TOML syntax (strings need \"quotes\", lists [\"a\", \"b\"]) and check again"
                    ),
                    Lang::Zh => format!(
                        "`{ANSWERS_FILE}` 第 {line} 行第 {column} 列：{what}；请修正 TOML 语法（字符串要加 \"引号\"，列表写成 [\"a\", \"b\"]）后再检查"
                    ),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_and_windows_line_endings_are_fine() {
        let text = "\u{feff}# answers\r\nhandshake = [\"SYN\", \"SYN+ACK\", \"ACK\"]\r\nport = \"0-1023\"\r\n";
        let Answers::Read(table) = Answers::parse_bytes(text.as_bytes(), Lang::En) else {
            panic!("not read");
        };
        assert_eq!(table["handshake"].as_array().unwrap().len(), 3);
        assert_eq!(table["port"].as_str(), Some("0-1023"));
    }

    #[test]
    fn a_syntax_error_names_its_line_in_both_languages() {
        let text = "a = \"ok\"\r\nb = transport\r\n";
        let Answers::Unreadable(message) = Answers::parse_bytes(text.as_bytes(), Lang::En) else {
            panic!("read");
        };
        assert!(
            message.starts_with("`answers.toml` line 2, column 5:"),
            "{message}"
        );
        let Answers::Unreadable(message) = Answers::parse_bytes(text.as_bytes(), Lang::Zh) else {
            panic!("read");
        };
        assert!(message.contains("第 2 行"), "{message}");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("secret.toml"), "osi-layers = [\"x\"]\n").unwrap();
        std::os::unix::fs::symlink(
            dir.path().join("secret.toml"),
            dir.path().join(ANSWERS_FILE),
        )
        .unwrap();
        assert!(matches!(
            Answers::read(Some(dir.path()), Lang::En),
            Answers::Unreadable(m) if m.contains("not a plain file")
        ));
    }

    #[test]
    fn text_that_is_not_utf8_is_reported() {
        assert!(matches!(
            Answers::parse_bytes(b"a = \"\xff\"", Lang::En),
            Answers::Unreadable(m) if m.contains("UTF-8")
        ));
    }
}
