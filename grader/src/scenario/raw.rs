//! The test file exactly as written: plain serde structs whose field docs are
//! the format's reference. [`super::load`] turns them into checked [`super::TestCase`]s.

use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::payload::RandomLines;

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

/// One step: exactly one action key, plus the modifiers that action allows.
///
/// How bytes arrive is part of a test: before each write, `close`,
/// `shutdown` or `reset` on a connection, the test waits (within the step's
/// timeout) until the program has read every byte sent on it before. So the
/// bytes of one write arrive together and two writes never share a `read`:
/// several messages in one `send` (or `one-write = true`) reach the program
/// in one read, `split` pieces in separate reads, every time. A test not
/// about framing sends one message per write and reads its reply; a test
/// about framing writes the bytes the way it needs them.
///
/// Every timeout and budget is measured on the run's fair clock (see the
/// runner's `clock` module): the time the program could have had, not the
/// wall clock, so a loaded machine does not fail a correct program.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawStep {
    /// Connect a new client, named by the value, to the program's address.
    pub connect: Option<String>,
    /// For client programs: accept the program's connection as peer NAME.
    pub accept: Option<String>,
    /// Send these bytes as written (TOML escapes such as `\n` and `\r` work).
    pub send: Option<String>,
    /// Send the text and a `\n`.
    pub send_line: Option<String>,
    /// Send bytes given in hex (`"ff fe 0a"`), for data that is not UTF-8.
    pub send_hex: Option<String>,
    /// Send random lines drawn from the test's seed; they count as messages.
    pub send_random: Option<RandomLines>,
    /// With `send`, `send-line` or `send-hex`: repeat the payload (before a
    /// `send-line`'s `\n`) this many times.
    pub repeat: Option<usize>,
    /// With a send: write it in pieces of this many bytes, each once the
    /// program has read the one before, so that no `read` of the program
    /// holds two pieces (`split = 1`: one byte per read).
    pub split: Option<usize>,
    /// With `split`: wait this long more between the pieces (by default no
    /// more than it takes the program to read each piece).
    #[serde(default, with = "humantime_serde")]
    pub pause: Option<Duration>,
    /// Expect this exact line (its `\n` not written here) from the peer. It
    /// counts as the reply to the oldest message still waiting for one, so
    /// `expect-line` and `expect-replies` mix on one connection.
    pub expect_line: Option<String>,
    /// Expect this exact line, given in hex.
    pub expect_line_hex: Option<String>,
    /// Expect the `reply` to every message sent on this connection since the
    /// last `expect-replies`, in order.
    pub expect_replies: Option<bool>,
    /// Expect the peer to close the connection (end of stream or a reset)
    /// with nothing more sent.
    pub expect_closed: Option<bool>,
    /// Expect no bytes from the peer for this long.
    #[serde(default, with = "humantime_serde")]
    pub expect_silence: Option<Duration>,
    /// Expect the program to exit with this status.
    pub expect_exit: Option<i32>,
    /// Expect the program to be still running.
    pub expect_running: Option<bool>,
    /// Expect the program to end within the step's timeout, by any exit status
    /// or signal (for example after `signal = "TERM"`, which a program need
    /// not catch).
    pub expect_ended: Option<bool>,
    /// Expect the program's whole standard output to be exactly this.
    pub expect_stdout: Option<String>,
    /// Expect the program's whole standard output to be exactly these bytes,
    /// given in hex (`"00 ff 0a"`), for output that is not UTF-8.
    pub expect_stdout_hex: Option<String>,
    /// After the program exited (waiting for it within the step's timeout):
    /// expect a file in its working directory to hold given bytes, to have a
    /// given size, or to exist or not; see [`RawExpectFile`].
    pub expect_file: Option<RawExpectFile>,
    /// After the program exited: expect exactly this many lines on stderr.
    pub expect_stderr_lines: Option<usize>,
    /// After the program exited: expect stderr to start with this text.
    pub expect_stderr_prefix: Option<String>,
    /// Close the connection (both directions).
    pub close: Option<String>,
    /// Close only the sending side: the peer sees end of stream, replies still arrive.
    pub shutdown: Option<String>,
    /// Abort the connection with a reset (RST).
    pub reset: Option<String>,
    /// Send a signal to the program: `"TERM"`, `"INT"`, `"HUP"` or `"KILL"`.
    pub signal: Option<String>,
    /// Wait this long, on purpose (a stimulus, never a way to await an event).
    #[serde(default, with = "humantime_serde")]
    pub sleep: Option<Duration>,
    /// Unframed: write these bytes as one write (no line end is added), then
    /// wait for the reply: whatever arrives until the peer is silent for the
    /// test's `reply-ends-after`, or until exactly `reply` has arrived. Fails
    /// when no reply comes within the step's timeout or the peer closes first.
    pub ask: Option<String>,
    /// With `ask`: the exact reply expected (bytes as written, no line end).
    pub reply: Option<String>,
    /// Unframed: expect the peer (a client program) to send exactly these
    /// bytes as its next message; one trailing line end (`\n` or `\r\n`) is
    /// allowed. The message ends when these bytes have arrived, or when the
    /// peer falls silent for `reply-ends-after`.
    pub expect_message: Option<String>,
    /// Read and drop whatever the peer sends until it closes the connection
    /// or this long has passed, such as `"1s"`; never fails. Settles the end
    /// of a conversation without a reset: nothing is left unread.
    #[serde(default, with = "humantime_serde")]
    pub drain: Option<Duration>,
    /// Expect the peer to close the connection (end of stream or reset)
    /// within the step's timeout; bytes it sends first (a reply to `##`) are
    /// allowed and shown.
    pub expect_end: Option<bool>,
    /// Do nothing for this long (`"1s"`), then expect the program to have used
    /// at most a tenth of it in CPU time: a server waiting in `accept()` or
    /// `recv()` uses none, one that spins on empty reads uses all it gets.
    #[serde(default, with = "humantime_serde")]
    pub expect_idle: Option<Duration>,
    /// Which connection the step acts on; by default the one opened last.
    pub on: Option<String>,
    /// Overrides the test's `step-timeout` for this step.
    #[serde(default, with = "humantime_serde")]
    pub timeout: Option<Duration>,
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
