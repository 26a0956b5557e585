//! Reading a test file: parse, apply defaults, check every test and step
//! (each test in [`check`]).

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::files::FileSetup;
use super::limits::Limits;
use super::raw::RawFile;
use super::step::Step;

mod check;

use check::check_test;

/// The only `format-version` this grader reads.
const FORMAT_VERSION: u32 = 1;
/// A step's wait when neither the test nor the file sets one.
const DEFAULT_STEP_TIMEOUT: Duration = Duration::from_secs(3);
/// How long a peer must be silent for an unframed reply to be complete,
/// when neither the test nor the file sets `reply-ends-after`.
const DEFAULT_REPLY_ENDS_AFTER: Duration = Duration::from_millis(200);
/// A test's wall-clock budget when neither the test nor the file sets one.
const DEFAULT_BUDGET: Duration = Duration::from_secs(15);

/// Who may see a test's name and feedback.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Visibility {
    /// A public test, shipped with the exercise.
    Public,
    /// A hidden test, kept under `grader/`; shown only after grades are published.
    Hidden,
}

/// A problem with a test file. The message names the file, the line and the key.
pub type ScenarioError = crate::file_error::FileError;

/// A loaded, checked test file.
#[derive(Clone, Debug)]
pub struct TestFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its tests, in file order.
    pub tests: Vec<TestCase>,
}

/// One checked test, ready to run.
#[derive(Clone, Debug)]
pub struct TestCase {
    /// Unique within its file.
    pub name: String,
    /// What it checks.
    pub about: Option<String>,
    /// Points for passing.
    pub points: f64,
    /// Shown when it fails.
    pub hint: Option<String>,
    /// `about` and `hint` in Simplified Chinese (`about-zh`, `hint-zh`),
    /// where the file has them; [`TestFile::in_lang`] picks.
    pub zh: (Option<String>, Option<String>),
    /// The binary to run.
    pub program: String,
    /// Its arguments, with `{addr}` and `{server}` still in place.
    pub args: Vec<String>,
    /// Standard input, if any.
    pub stdin: Option<Vec<u8>>,
    /// Whether the start waits for `listening on ADDR`.
    pub wait_listening: bool,
    /// Whether the test opens a listener for a client program (`{server}`).
    pub needs_server: bool,
    /// Whether the start waits for a listening socket of the run, on any
    /// port, instead of the `listening on` line (`wait-listener`).
    pub wait_listener: bool,
    /// The fixed port the test listens on for a client program that takes no
    /// arguments (`server-port`), on every address of the run's namespace.
    pub server_port: Option<u16>,
    /// The quiet period that ends an unframed reply or message.
    pub reply_ends_after: Duration,
    /// The whole test's wall-clock budget.
    pub budget: Duration,
    /// What the program may use: CPU, memory, processes, files.
    pub limits: Limits,
    /// The reply template, with `{message}`.
    pub reply: Option<String>,
    /// Messages that get no reply.
    pub quiet: Vec<Vec<u8>>,
    /// Files created in the working directory before the start.
    pub files: Vec<FileSetup>,
    /// The steps.
    pub steps: Vec<Step>,
    /// Public or hidden.
    pub visibility: Visibility,
    /// The file it came from.
    pub file: PathBuf,
    /// The line of its `[[test]]`.
    pub line: usize,
}

impl TestFile {
    /// Reads and checks `path`.
    pub fn load(path: &Path, visibility: Visibility) -> Result<TestFile, ScenarioError> {
        let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Read {
            kind: crate::file_error::FileKind::Test,
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text, path, visibility)
    }

    /// Reads and checks `path`, with each test's `about` and `hint` in
    /// `lang` where the file has them (`about-zh`, `hint-zh`).
    pub fn load_in(
        path: &Path,
        visibility: Visibility,
        lang: crate::lang::Lang,
    ) -> Result<TestFile, ScenarioError> {
        Ok(Self::load(path, visibility)?.in_lang(lang))
    }

    /// Each test's `about` and `hint` in `lang`, where the file has them.
    pub fn in_lang(mut self, lang: crate::lang::Lang) -> TestFile {
        for test in &mut self.tests {
            let (about_zh, hint_zh) = &test.zh;
            test.about = lang.pick_opt(test.about.as_deref(), about_zh.as_deref());
            test.hint = lang.pick_opt(test.hint.as_deref(), hint_zh.as_deref());
        }
        self
    }

    /// The names of the tests in the file at `path` that have an `about` or
    /// a `hint` without its Chinese (`about-zh`, `hint-zh`); empty when the
    /// file cannot be loaded (loading reports that).
    pub fn untranslated(path: &Path) -> Vec<String> {
        let Ok(file) = Self::load(path, Visibility::Public) else {
            return Vec::new();
        };
        file.tests
            .into_iter()
            .filter(|t| {
                (t.about.is_some() && t.zh.0.is_none()) || (t.hint.is_some() && t.zh.1.is_none())
            })
            .map(|t| t.name)
            .collect()
    }

    /// Parses and checks `text`, reporting problems against `path`.
    pub fn parse(
        text: &str,
        path: &Path,
        visibility: Visibility,
    ) -> Result<TestFile, ScenarioError> {
        let raw: RawFile = toml::from_str(text).map_err(|err| ScenarioError::Parse {
            path: path.to_path_buf(),
            message: err.to_string().trim_end().to_string(),
        })?;
        let invalid = |offset: usize, message: String| ScenarioError::Invalid {
            path: path.to_path_buf(),
            line: line_of(text, offset),
            message,
        };
        if let Some(problem) = unknown_version(raw.format_version) {
            return Err(invalid(0, problem));
        }
        let mut tests: Vec<TestCase> = Vec::new();
        for spanned in &raw.tests {
            let start = spanned.span().start;
            let test = check_test(
                spanned.get_ref(),
                &raw.defaults,
                text,
                path,
                visibility,
                start,
            )
            .map_err(|(offset, message)| invalid(offset, message))?;
            if tests.iter().any(|t| t.name == test.name) {
                return Err(invalid(
                    start,
                    format!("a second test is named `{}`", test.name),
                ));
            }
            tests.push(test);
        }
        Ok(TestFile {
            path: path.to_path_buf(),
            tests,
        })
    }
}

/// Why a file's `format-version` cannot be read, if it cannot; quiz files
/// share this format version and this message.
pub(crate) fn unknown_version(found: u32) -> Option<String> {
    (found != FORMAT_VERSION).then(|| {
        format!(
            "`format-version = {found}` is not known; this grader reads version {FORMAT_VERSION}"
        )
    })
}

/// The 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod step_errors;
