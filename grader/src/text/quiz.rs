//! What the concept quiz tells a student about their `answers.toml`.

use crate::text::catalogue;

use crate::quiz::ANSWERS_FILE;

catalogue! {
    /// The answers cannot be read.
    pub(crate) fn cannot_read(err: impl std::fmt::Display) {
        en: "cannot read `{ANSWERS_FILE}`: {err}",
        zh: "无法读取 `{ANSWERS_FILE}`：{err}",
    }
    /// The answers are not valid TOML.
    pub(crate) fn bad_toml(line: usize, column: usize, what: &str) {
        en: "`{ANSWERS_FILE}` line {line}, column {column}: {what}; fix the TOML syntax (strings need \"quotes\", lists [\"a\", \"b\"]) and check again",
        zh: "`{ANSWERS_FILE}` 第 {line} 行第 {column} 列：{what}；请修正 TOML 语法（字符串要加 \"引号\"，列表写成 [\"a\", \"b\"]）后再检查",
    }
    /// How much of a question is right.
    pub(crate) fn partly_right(id: &str, out_of: usize, right: usize, score: &str, points: &str) {
        en: "`{id}`: {right} of {out_of} right ({score} of {points} points)",
        zh: "`{id}`：{out_of} 项中答对 {right} 项（得 {score} 分，共 {points} 分）",
    }
    /// A question not answered at all.
    pub(crate) fn no_answer_yet(id: &str) {
        en: "no answer yet: fill in `{id}` in answers.toml",
        zh: "尚未作答：请在 answers.toml 中填写 `{id}`",
    }
    /// No answers file.
    pub(crate) fn no_answers_file() {
        en: "the submission has no `exercises/00-concepts/answers.toml`",
        zh: "提交中没有 `exercises/00-concepts/answers.toml`",
    }
    /// Answers not plain.
    pub(crate) fn answers_not_plain() {
        en: "`answers.toml` is not a plain file (a link or a folder?): submit the file itself",
        zh: "`answers.toml` 不是普通文件（是链接或文件夹？）：请提交文件本身",
    }
    /// Answers too large.
    pub(crate) fn answers_too_large() {
        en: "`answers.toml` is larger than 1 MiB: it holds only short answers",
        zh: "`answers.toml` 超过 1 MiB：它只应包含简短的答案",
    }
    /// Answers not utf8.
    pub(crate) fn answers_not_utf8() {
        en: "`answers.toml` is not UTF-8 text: save it as UTF-8",
        zh: "`answers.toml` 不是 UTF-8 文本：请以 UTF-8 编码保存",
    }
    /// Why label.
    pub(crate) fn why_label() {
        en: "why: ",
        zh: "解析：",
    }
    /// No answer.
    pub(crate) fn no_answer() {
        en: "no answer",
        zh: "未作答",
    }
    /// Not right.
    pub(crate) fn not_right() {
        en: "is not right",
        zh: "不正确",
    }
    /// One too many.
    pub(crate) fn one_too_many() {
        en: "is one item too many",
        zh: "是多余的一项",
    }
    /// An answer that should be one string.
    pub(crate) fn shape_text() {
        en: "the answer should be one string in quotes, such as \"tcp\"",
        zh: "答案应是一个带引号的字符串，例如 \"tcp\"",
    }
    /// An answer that should be a list of strings.
    pub(crate) fn shape_list() {
        en: "the answer should be a list of strings, such as [\"a\", \"b\"]",
        zh: "答案应是字符串列表，例如 [\"a\", \"b\"]",
    }
    /// An answer that should be a table of strings.
    pub(crate) fn shape_table() {
        en: "the answer should be a table of strings, such as { HTTP = \"…\" }",
        zh: "答案应是字符串表，例如 { HTTP = \"…\" }",
    }
}
