//! The test file exactly as written: plain serde structs whose field docs are
//! the format's reference (a step's keys are [`Action`]'s variants and
//! [`Modifiers`]' fields). [`super::load`] turns them into checked [`super::TestCase`]s.

use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

// A step's keys are documented where a step is read, in
// `grader/src/scenario/step/action.rs`: each action key is a variant of
// `Action`, each other key a field of `Modifiers`.
pub use super::step::{Action, Modifiers, RawStep};

/// One test file, such as `exercises/01-tcp-server/tests.toml`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawFile {
    /// The format's version; only `1` exists.
    pub format_version: u32,
    /// Values every test takes unless it sets its own.
    #[serde(default)]
    pub defaults: RawDefaults,
    /// The tests, in the order they are reported.
    #[serde(default, rename = "test")]
    pub tests: Vec<Spanned<RawTest>>,
}

/// Settings shared by the tests of a file; each test may override any of them.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawDefaults {
    /// The binary to run, by name (for example `tcp-server`).
    pub program: Option<String>,
    /// Its arguments. `{addr}` becomes `127.0.0.1:0` and makes the test wait
    /// for the `listening on ADDR` line; `{server}` becomes the address of a
    /// listener the test opens before the start, for client programs.
    pub args: Option<Vec<String>>,
    /// How long one step may wait, such as `"2s"`.
    #[serde(default, with = "humantime_serde")]
    pub step_timeout: Option<Duration>,
    /// The wall-clock budget of a whole test, start-up and clean-up included.
    #[serde(default, with = "humantime_serde")]
    pub budget: Option<Duration>,
    /// The reply each message gets, with `{message}` standing for the message's
    /// bytes; `expect-replies` steps check against it.
    pub reply: Option<String>,
    /// Messages that get no reply (for example `##`).
    pub quiet: Option<Vec<String>>,
    /// Files to create before the start; see [`RawTest::files`].
    pub files: Option<Vec<RawFileSetup>>,
    /// Resource limits of the student's program; see [`RawLimits`].
    pub limits: Option<RawLimits>,
    /// See [`RawTest::wait_listener`].
    pub wait_listener: Option<bool>,
    /// See [`RawTest::server_port`].
    pub server_port: Option<u16>,
    /// See [`RawTest::reply_ends_after`].
    #[serde(default, with = "humantime_serde")]
    pub reply_ends_after: Option<Duration>,
}

/// `limits = { cpu = "5s", memory = "256MiB", processes = 64, open-files = 256, file-size = "64MiB" }`:
/// what the student's program may use, set before it runs. Every key is
/// optional; a test's `limits` overrides `[defaults].limits` key by key, and
/// a key set nowhere takes the grader's default (in brackets below).
/// Sizes are bytes, written as an integer or with a unit: `B`, `KiB`, `MiB`,
/// `GiB` (powers of 1024), or `KB`, `MB`, `GB` (powers of 1000).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawLimits {
    /// CPU time of each process, such as `"5s"` (`10s`). When it runs out the
    /// process gets SIGXCPU, then SIGKILL a second later.
    #[serde(default, with = "humantime_serde")]
    pub cpu: Option<Duration>,
    /// Address space of each process (virtual memory, `1GiB`); at least 16 MiB.
    /// Allocations beyond it fail. Threads reserve their stacks from it.
    pub memory: Option<RawSize>,
    /// Processes and threads the program may have at once, itself included (`64`).
    /// Enforced by a cgroup `pids.max` where the grader may create cgroups,
    /// else by `RLIMIT_NPROC` (which root ignores).
    pub processes: Option<u64>,
    /// Open file descriptors per process (`256`); at least 16.
    pub open_files: Option<u64>,
    /// The largest file a process may write (`64MiB`); writing past it fails
    /// (SIGXFSZ). A seek past it followed by a write fails too.
    pub file_size: Option<RawSize>,
}

/// A size in bytes: `1048576` or `"1MiB"`.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum RawSize {
    /// Plain bytes.
    Bytes(u64),
    /// A number with a unit, such as `"256MiB"`.
    Text(String),
}

/// One `[[test]]`: a program started with arguments, then steps run in order.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawTest {
    /// A short unique name in kebab-case; reports and `--test` use it.
    pub name: String,
    /// What the test checks, in a sentence (shown when it fails).
    pub about: Option<String>,
    /// Points for passing; a test scores all or nothing.
    pub points: f64,
    /// Shown to the student when the test fails: what to look at, not the answer.
    pub hint: Option<String>,
    /// `about` in Simplified Chinese, shown with `--lang zh` (English when absent).
    pub about_zh: Option<String>,
    /// `hint` in Simplified Chinese, shown with `--lang zh` (English when absent).
    pub hint_zh: Option<String>,
    /// Overrides `defaults.program`.
    pub program: Option<String>,
    /// Overrides `defaults.args`.
    pub args: Option<Vec<String>>,
    /// Bytes written to the program's standard input, which is then closed.
    /// Without it, standard input is empty.
    pub stdin: Option<String>,
    /// Whether to wait for `listening on ADDR`; by default, when `args` has `{addr}`.
    pub wait_listening: Option<bool>,
    /// Overrides `defaults.step-timeout`.
    #[serde(default, with = "humantime_serde")]
    pub step_timeout: Option<Duration>,
    /// Overrides `defaults.budget`.
    #[serde(default, with = "humantime_serde")]
    pub budget: Option<Duration>,
    /// Overrides `defaults.reply`.
    pub reply: Option<String>,
    /// Overrides `defaults.quiet`.
    pub quiet: Option<Vec<String>>,
    /// Files created in the program's working directory (a fresh, empty
    /// temporary directory for every test) before it starts, such as
    /// `files = [{ path = "data.bin", text = "0123456789" }, { path = "big", size = 4294967296 }]`.
    /// Overrides `defaults.files` as a whole. Arguments name them by `path`.
    pub files: Option<Vec<RawFileSetup>>,
    /// Overrides `defaults.limits`, key by key.
    pub limits: Option<RawLimits>,
    /// For servers that take no arguments and choose their own port (the
    /// Python track): the start waits until a socket of the run listens in its
    /// network namespace, on any port and address, instead of a `listening on`
    /// line; `connect` steps go to that socket. Unflushed output does not matter.
    pub wait_listener: Option<bool>,
    /// For clients that take no arguments and connect to a fixed port (the
    /// Python track): before the start the test listens on this port on every
    /// address of the run's network namespace; `accept` takes the program's
    /// connection. `grade --port N` changes it for every test.
    pub server_port: Option<u16>,
    /// How long the peer must stay silent after its last bytes for an `ask`'s
    /// reply or an `expect-message` to be complete, when no exact text is
    /// expected (`"200ms"`). A reply has no line end to wait for: whatever
    /// arrives until this quiet period is the reply.
    #[serde(default, with = "humantime_serde")]
    pub reply_ends_after: Option<Duration>,
    /// The steps, run in order; the test fails at the first that fails.
    #[serde(rename = "step", default)]
    pub steps: Vec<Spanned<RawStep>>,
}

/// One file a test creates: `{ path = "data.bin", text = "hello" }`. Exactly one
/// of `text`, `hex` and `size` gives its content.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawFileSetup {
    /// Where, relative to the program's working directory: no absolute paths,
    /// no `..`; missing folders are created.
    pub path: String,
    /// Its bytes, as written (TOML escapes such as `\u0000` work).
    pub text: Option<String>,
    /// Its bytes, in hex (`"ff 00 0a"`).
    pub hex: Option<String>,
    /// Its size in bytes, all zeros, made sparse (nothing is written), so
    /// `size = 4294967296` costs no disk space and no time.
    pub size: Option<u64>,
}

/// What `expect-file` expects: `{ path = "data.bin", text = "hello" }`. Exactly
/// one of `text`, `hex`, `size` and `exists`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawExpectFile {
    /// Which file, relative to the program's working directory, as in `files`.
    pub path: String,
    /// The file holds exactly these bytes.
    pub text: Option<String>,
    /// The file holds exactly these bytes, given in hex.
    pub hex: Option<String>,
    /// The file is this many bytes long (its bytes are not read).
    pub size: Option<u64>,
    /// The file exists (`true`) or does not (`false`).
    pub exists: Option<bool>,
}
