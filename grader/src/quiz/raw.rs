//! The quiz files exactly as written: plain serde structs whose field docs are
//! the format's reference.
//!
//! `exercises/<folder>/questions.toml` holds the statement (every question, in
//! both languages), the spellings the grader accepts for each term, and the
//! public checks. `grader/hidden/<folder>.toml` holds more checks of the same
//! questions (and may add spellings). A check scores part of one question's
//! answer, so hidden checks grade answers the student gave to public questions.
//!
//! ```toml
//! format-version = 1
//! exercise = "concepts"
//!
//! [aliases]                 # canonical term = other spellings
//! tcp = ["传输控制协议"]
//!
//! [vocabulary.tcpip]        # spellings only the questions using it accept
//! transport = ["传输", "host to host"]
//!
//! [[question]]
//! id = "protocol-layers"    # the key in answers.toml
//! kind = "map"              # text | list | map
//! vocabulary = "tcpip"
//! prompt = "Which layer …"
//! prompt-zh = "…属于哪一层"
//!
//! [[check]]
//! name = "protocol-layers"  # the test name in every report
//! question = "protocol-layers"
//! points = 2
//! explain = "HTTP and DNS are application protocols …"
//! expect-sha256 = { http = "…", dns = "…" }   # public files: hashes only
//! # expect = { smtp = "application" }         # hidden files may keep plain keys
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// One quiz file: the public `questions.toml` or a hidden one.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawQuizFile {
    /// The format's version; only `1` exists.
    pub format_version: u32,
    /// The exercise id (only in `questions.toml`, where it names the quiz).
    pub exercise: Option<String>,
    /// Title of the quiz, in English.
    pub title: Option<String>,
    /// Title of the quiz, in Chinese.
    pub title_zh: Option<String>,
    /// Accepted spellings for every question: each key is a canonical term,
    /// its value the other ways to write it (any language). Spellings are
    /// compared after normalising case, spaces, separators and full-width
    /// characters. A student's answer is looked up as written, then without a
    /// trailing unit ("layer", "protocol", "segments", "times", 层, 协议, 报文段,
    /// 报文, 次, 个), so `传输层`, `Transport Layer` and `transport` are one
    /// answer once `transport = ["传输"]` is listed, and `三次` is `3` once
    /// `3 = ["三"]` is. A spelling may stand for one term only.
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Named sets of spellings, in the shape of `aliases`, that apply only to
    /// the questions naming them in `vocabulary` (and win over `aliases`
    /// there): "链路层" is OSI's data link layer in one, TCP/IP's link layer in
    /// another.
    #[serde(default)]
    pub vocabulary: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// The questions (only in `questions.toml`), in the order students see them.
    #[serde(default, rename = "question")]
    pub questions: Vec<Spanned<RawQuestion>>,
    /// The checks that score the answers, in the order they are reported.
    #[serde(default, rename = "check")]
    pub checks: Vec<Spanned<RawCheck>>,
}

/// One question of the statement.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawQuestion {
    /// The question's id: its key in `answers.toml`.
    pub id: String,
    /// The shape of its answer: `text` (one string), `list` (an ordered
    /// array of strings) or `map` (a table of strings).
    pub kind: String,
    /// The question, in English.
    pub prompt: String,
    /// The question, in Chinese.
    pub prompt_zh: Option<String>,
    /// The `[vocabulary.NAME]` whose spellings its answers may use, besides
    /// the shared `[aliases]`.
    pub vocabulary: Option<String>,
}

/// One check: a test that scores part of one question's answer.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawCheck {
    /// The test's name in reports, unique among public and hidden checks.
    pub name: String,
    /// The id of the question whose answer it scores.
    pub question: String,
    /// Points for a fully right answer; partly right answers get a share:
    /// per item for `list` (by position) and `map` (by key) questions.
    pub points: f64,
    /// What it checks, in English (by default the question's prompt).
    pub about: Option<String>,
    /// What it checks, in Chinese.
    pub about_zh: Option<String>,
    /// Help before the answer is right: where to look, not the answer.
    pub hint: Option<String>,
    /// The hint, in Chinese.
    pub hint_zh: Option<String>,
    /// Shown after grading when the answer is not fully right: why the right
    /// answer is right.
    pub explain: Option<String>,
    /// The explanation, in Chinese.
    pub explain_zh: Option<String>,
    /// The right answer in plain text, canonical spelling: a string (`text`),
    /// an array (`list`) or a table of the keys this check scores (`map`).
    /// Only hidden files may use it.
    pub expect: Option<toml::Value>,
    /// The right answer as hashes of the same shape, each the SHA-256 (hex) of
    /// `netlab-quiz`, the question id, the item's key (1-based position for a
    /// list, the normalised key for a map, empty for text) and the canonical
    /// answer, joined by NUL bytes: see `cargo xtask quiz-hash`.
    pub expect_sha256: Option<toml::Value>,
}
