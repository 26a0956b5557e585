//! A track's `track.toml` exactly as written: plain serde structs whose field
//! docs are the format's reference. [`super::Track::load`] checks them.

use serde::Deserialize;

/// One `<track>/track.toml`, such as `python/track.toml`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawTrack {
    /// The format's version; only `1` exists.
    pub format_version: u32,
    /// How a submitted file runs, word by word: `["python3", "{file}"]`.
    /// `{file}` becomes the absolute path of a private copy of the file; the
    /// first word is found on `PATH`. The program takes no other arguments.
    pub run: Vec<String>,
    /// The track's exercises, in the order reports list them.
    #[serde(rename = "exercise")]
    pub exercises: Vec<RawExercise>,
    /// What the program's stderr means, in the course's terms; the first
    /// that matches is added to a failing test's message.
    #[serde(default, rename = "diagnosis")]
    pub diagnoses: Vec<RawDiagnosis>,
}

/// One `[[exercise]]`: an id, its folders, and the file a submission gives.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawExercise {
    /// The exercise id, such as `tcp-server`; its tests' `program` is this id.
    pub id: String,
    /// Its folder under `exercises/`, `solutions/`, `hidden/` (`<folder>.toml`)
    /// and `variants/`, such as `01-tcp-server`.
    pub folder: String,
    /// The file the stub and the solution hold in their folders, such as
    /// `tcp_server.py`; variants patch it (`a/tcp_server.py`).
    pub file: String,
    /// Where a student's folder may hold the exercise, as paths relative to
    /// that folder (`"01-tcp-server/tcp_server.py"`, `"server.py"`); the first
    /// that exists is graded. Without any, the exercise scores zero.
    pub accept: Vec<String>,
}

/// One `[[diagnosis]]`: `{ stderr = "U+3000", says = "…", says-zh = "…" }`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawDiagnosis {
    /// Text that the program's stderr holds, such as `BrokenPipeError`.
    pub stderr: String,
    /// What it means and what to do, in English.
    pub says: String,
    /// The same in Simplified Chinese.
    pub says_zh: String,
    /// The exercise ids it applies to; all when absent.
    pub exercises: Option<Vec<String>>,
}
