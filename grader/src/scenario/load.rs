//! Reading a test file: parse, apply defaults, check every test and step.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::files::{FileSetup, check_setup};
use super::limits::Limits;
use super::raw::{RawDefaults, RawFile, RawTest};
use super::step::{Conns, Step, StepKind, check_step};

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

/// Checks one test; an error carries the byte offset it is about.
fn check_test(
    raw: &RawTest,
    defaults: &RawDefaults,
    text: &str,
    path: &Path,
    visibility: Visibility,
    start: usize,
) -> Result<TestCase, (usize, String)> {
    let fail = |message: String| (start, format!("test `{}`: {message}", raw.name));
    if raw.name.is_empty() || raw.name.chars().any(char::is_whitespace) {
        return Err(fail(
            "`name` must be non-empty, without spaces (use kebab-case)".into(),
        ));
    }
    if !(raw.points.is_finite() && raw.points > 0.0) {
        return Err(fail(format!("`points = {}` must be above 0", raw.points)));
    }
    let program = raw
        .program
        .clone()
        .or_else(|| defaults.program.clone())
        .ok_or_else(|| fail("no `program` here or in `[defaults]`".into()))?;
    let args = raw
        .args
        .clone()
        .or_else(|| defaults.args.clone())
        .unwrap_or_default();
    let has = |placeholder: &str| args.iter().any(|a| a.contains(placeholder));
    let (step_timeout, budget) = check_timing(raw, defaults).map_err(fail)?;
    let limits = Limits::merge(defaults.limits.as_ref(), raw.limits.as_ref()).map_err(fail)?;
    let reply = raw.reply.clone().or_else(|| defaults.reply.clone());
    if let Some(reply) = &reply
        && !reply.contains("{message}")
    {
        return Err(fail("`reply` must contain `{message}`".into()));
    }
    let files = check_files(raw, defaults).map_err(fail)?;
    let wait_listener = raw
        .wait_listener
        .or(defaults.wait_listener)
        .unwrap_or(false);
    let server_port = raw.server_port.or(defaults.server_port);
    check_peers(has("{server}"), has("{addr}"), server_port, wait_listener)
        .map_err(|message| fail(message.into()))?;
    let needs = StepNeeds {
        server: has("{server}") || server_port.is_some(),
        addr: has("{addr}") || wait_listener,
        reply: reply.is_some(),
    };
    let steps = check_steps(raw, text, step_timeout, &needs)?;
    Ok(TestCase {
        name: raw.name.clone(),
        about: raw.about.clone(),
        points: raw.points,
        hint: raw.hint.clone(),
        zh: (raw.about_zh.clone(), raw.hint_zh.clone()),
        program,
        wait_listening: raw.wait_listening.unwrap_or(has("{addr}")),
        needs_server: needs.server,
        wait_listener,
        server_port,
        reply_ends_after: raw
            .reply_ends_after
            .or(defaults.reply_ends_after)
            .unwrap_or(DEFAULT_REPLY_ENDS_AFTER),
        args,
        stdin: raw.stdin.clone().map(String::into_bytes),
        budget,
        limits,
        reply,
        quiet: quiet_lines(raw, defaults),
        files,
        steps,
        visibility,
        file: path.to_path_buf(),
        line: line_of(text, start),
    })
}

/// The messages that get no reply (the test's own or `[defaults]`'s), as bytes.
fn quiet_lines(raw: &RawTest, defaults: &RawDefaults) -> Vec<Vec<u8>> {
    raw.quiet
        .clone()
        .or_else(|| defaults.quiet.clone())
        .unwrap_or_default()
        .into_iter()
        .map(String::into_bytes)
        .collect()
}

/// A test's step timeout and budget, defaults applied; the budget must
/// cover at least one step.
fn check_timing(raw: &RawTest, defaults: &RawDefaults) -> Result<(Duration, Duration), String> {
    let step_timeout = raw
        .step_timeout
        .or(defaults.step_timeout)
        .unwrap_or(DEFAULT_STEP_TIMEOUT);
    let budget = raw.budget.or(defaults.budget).unwrap_or(DEFAULT_BUDGET);
    if budget < step_timeout {
        return Err(format!(
            "`budget` ({budget:?}) is shorter than one step's timeout ({step_timeout:?})"
        ));
    }
    Ok((step_timeout, budget))
}

/// The files a test sets up (its own or `[defaults]`'s), each path once.
fn check_files(raw: &RawTest, defaults: &RawDefaults) -> Result<Vec<FileSetup>, String> {
    let mut files: Vec<FileSetup> = Vec::new();
    for raw_file in raw
        .files
        .as_ref()
        .or(defaults.files.as_ref())
        .into_iter()
        .flatten()
    {
        let file = check_setup(raw_file).map_err(|message| format!("`files`: {message}"))?;
        if files.iter().any(|f| f.path == file.path) {
            return Err(format!(
                "`files`: `{}` is listed twice",
                file.path.display()
            ));
        }
        files.push(file);
    }
    Ok(files)
}

/// Checks that the ways a test names its peers (`{server}`, `server-port`,
/// `{addr}`, `wait-listener`) agree.
fn check_peers(
    has_server: bool,
    has_addr: bool,
    server_port: Option<u16>,
    wait_listener: bool,
) -> Result<(), &'static str> {
    if server_port == Some(0) {
        return Err("`server-port = 0`: name the port the client connects to, such as 8888");
    }
    if has_server && server_port.is_some() {
        return Err("`server-port` and `{server}` both give the client a server: keep one");
    }
    if wait_listener && has_addr {
        return Err(
            "`wait-listener` is for programs that choose their own port: leave `{addr}` out of `args`",
        );
    }
    Ok(())
}

/// What a test offers its steps: a listener for `accept`, the program's
/// address for `connect`, a reply template for `expect-replies`.
struct StepNeeds {
    server: bool,
    addr: bool,
    reply: bool,
}

/// Checks each step of a test, and that the test offers what the step needs.
fn check_steps(
    raw: &RawTest,
    text: &str,
    step_timeout: Duration,
    needs: &StepNeeds,
) -> Result<Vec<Step>, (usize, String)> {
    let mut conns = Conns::default();
    let mut steps = Vec::with_capacity(raw.steps.len());
    for (index, spanned) in raw.steps.iter().enumerate() {
        let offset = spanned.span().start;
        let fail = |message: &str| {
            (
                offset,
                format!("test `{}`, step {}: {message}", raw.name, index + 1),
            )
        };
        let step = check_step(
            spanned.get_ref(),
            &mut conns,
            step_timeout,
            line_of(text, offset),
        )
        .map_err(|message| fail(&message))?;
        let problem = match &step.kind {
            StepKind::Accept { .. } if !needs.server => Some(
                "`accept` needs a listener: put `{server}` in the test's `args`, or set `server-port`",
            ),
            StepKind::Connect { .. } if !needs.addr => Some(
                "`connect` needs the program's address: put `{addr}` in the test's `args`, or set `wait-listener = true`",
            ),
            StepKind::ExpectReplies { .. } if !needs.reply => {
                Some("`expect-replies` needs a `reply` template in the test or `[defaults]`")
            }
            _ => None,
        };
        if let Some(problem) = problem {
            return Err(fail(problem));
        }
        steps.push(step);
    }
    Ok(steps)
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
