//! A step exactly as written: its action, a one-key table such as
//! `{ send-line = "hi" }` read by serde as an externally tagged enum, and the
//! modifier keys beside it (`split`, `pause`, `on`, …). The docs of
//! [`Action`]'s variants and [`Modifiers`]' fields are the reference of every
//! step key.

use std::time::Duration;

use serde::Deserialize;

use crate::scenario::payload::RandomLines;
use crate::scenario::raw::RawExpectFile;

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
///
/// Any other key is an error that lists the step's keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawStep {
    /// The action keys written, in the order [`Action`] lists them; loading
    /// demands exactly one, and names them all when there are more.
    pub actions: Vec<Action>,
    /// The other keys.
    pub modifiers: Modifiers,
}

/// What a step does: the step's one action key and its value.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Connect a new client, named by the value, to the program's address.
    Connect(String),
    /// For client programs: accept the program's connection as peer NAME.
    Accept(String),
    /// Send these bytes as written (TOML escapes such as `\n` and `\r` work).
    Send(String),
    /// Send the text and a `\n`.
    SendLine(String),
    /// Send bytes given in hex (`"ff fe 0a"`), for data that is not UTF-8.
    SendHex(String),
    /// Send random lines drawn from the test's seed; they count as messages.
    SendRandom(RandomLines),
    /// Expect this exact line (its `\n` not written here) from the peer. It
    /// counts as the reply to the oldest message still waiting for one, so
    /// `expect-line` and `expect-replies` mix on one connection.
    ExpectLine(String),
    /// Expect this exact line, given in hex.
    ExpectLineHex(String),
    /// Expect the `reply` to every message sent on this connection since the
    /// last `expect-replies`, in order.
    ExpectReplies(bool),
    /// Expect the peer to close the connection (end of stream or a reset)
    /// with nothing more sent.
    ExpectClosed(bool),
    /// Expect no bytes from the peer for this long.
    ExpectSilence(#[serde(with = "humantime_serde")] Duration),
    /// Expect the program to exit with this status.
    ExpectExit(i32),
    /// Expect the program to be still running.
    ExpectRunning(bool),
    /// Expect the program to end within the step's timeout, by any exit status
    /// or signal (for example after `signal = "TERM"`, which a program need
    /// not catch).
    ExpectEnded(bool),
    /// Expect the program's whole standard output to be exactly this.
    ExpectStdout(String),
    /// Expect the program's whole standard output to be exactly these bytes,
    /// given in hex (`"00 ff 0a"`), for output that is not UTF-8.
    ExpectStdoutHex(String),
    /// After the program exited (waiting for it within the step's timeout):
    /// expect a file in its working directory to hold given bytes, to have a
    /// given size, or to exist or not; see [`RawExpectFile`].
    ExpectFile(RawExpectFile),
    /// After the program exited: expect exactly this many lines on stderr.
    ExpectStderrLines(usize),
    /// After the program exited: expect stderr to start with this text.
    ExpectStderrPrefix(String),
    /// Close the connection (both directions).
    Close(String),
    /// Close only the sending side: the peer sees end of stream, replies still arrive.
    Shutdown(String),
    /// Abort the connection with a reset (RST).
    Reset(String),
    /// Send a signal to the program: `"TERM"`, `"INT"`, `"HUP"` or `"KILL"`.
    Signal(String),
    /// Wait this long, on purpose (a stimulus, never a way to await an event).
    Sleep(#[serde(with = "humantime_serde")] Duration),
    /// Unframed: write these bytes as one write (no line end is added), then
    /// wait for the reply: whatever arrives until the peer is silent for the
    /// test's `reply-ends-after`, or until exactly `reply` has arrived. Fails
    /// when no reply comes within the step's timeout or the peer closes first.
    Ask(String),
    /// Unframed: expect the peer (a client program) to send exactly these
    /// bytes as its next message; one trailing line end (`\n` or `\r\n`) is
    /// allowed. The message ends when these bytes have arrived, or when the
    /// peer falls silent for `reply-ends-after`.
    ExpectMessage(String),
    /// Read and drop whatever the peer sends until it closes the connection
    /// or this long has passed, such as `"1s"`; never fails. Settles the end
    /// of a conversation without a reset: nothing is left unread.
    Drain(#[serde(with = "humantime_serde")] Duration),
    /// Expect the peer to close the connection (end of stream or reset)
    /// within the step's timeout; bytes it sends first (a reply to `##`) are
    /// allowed and shown.
    ExpectEnd(bool),
    /// Do nothing for this long (`"1s"`), then expect the program to have used
    /// at most a tenth of it in CPU time: a server waiting in `accept()` or
    /// `recv()` uses none, one that spins on empty reads uses all it gets.
    ExpectIdle(#[serde(with = "humantime_serde")] Duration),
}

/// The keys beside a step's action, each allowed with some actions only.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Modifiers {
    /// With `send`, `send-line` or `send-hex`: repeat the payload (before a
    /// `send-line`'s `\n`) this many times.
    pub repeat: Option<usize>,
    /// With a send: write it in pieces of this many bytes, each once the
    /// program has read the one before, so that no `read` of the program
    /// holds two pieces (`split = 1`: one byte per read).
    pub split: Option<usize>,
    /// With `split`: wait this long more between the pieces (by default no
    /// more than it takes the program to read each piece).
    pub pause: Option<Duration>,
    /// With `ask`: the exact reply expected (bytes as written, no line end).
    pub reply: Option<String>,
    /// Which connection the step acts on; by default the one opened last.
    pub on: Option<String>,
    /// Overrides the test's `step-timeout` for this step.
    pub timeout: Option<Duration>,
}

impl Action {
    /// The key the action is written with, for messages.
    pub fn key(&self) -> &'static str {
        match self {
            Action::Connect(_) => "connect",
            Action::Accept(_) => "accept",
            Action::Send(_) => "send",
            Action::SendLine(_) => "send-line",
            Action::SendHex(_) => "send-hex",
            Action::SendRandom(_) => "send-random",
            Action::ExpectLine(_) => "expect-line",
            Action::ExpectLineHex(_) => "expect-line-hex",
            Action::ExpectReplies(_) => "expect-replies",
            Action::ExpectClosed(_) => "expect-closed",
            Action::ExpectSilence(_) => "expect-silence",
            Action::ExpectExit(_) => "expect-exit",
            Action::ExpectRunning(_) => "expect-running",
            Action::ExpectEnded(_) => "expect-ended",
            Action::ExpectStdout(_) => "expect-stdout",
            Action::ExpectStdoutHex(_) => "expect-stdout-hex",
            Action::ExpectFile(_) => "expect-file",
            Action::ExpectStderrLines(_) => "expect-stderr-lines",
            Action::ExpectStderrPrefix(_) => "expect-stderr-prefix",
            Action::Close(_) => "close",
            Action::Shutdown(_) => "shutdown",
            Action::Reset(_) => "reset",
            Action::Signal(_) => "signal",
            Action::Sleep(_) => "sleep",
            Action::Ask(_) => "ask",
            Action::ExpectMessage(_) => "expect-message",
            Action::Drain(_) => "drain",
            Action::ExpectEnd(_) => "expect-end",
            Action::ExpectIdle(_) => "expect-idle",
        }
    }

    /// Whether the action writes a payload that `repeat`, `split` and
    /// `pause` shape.
    pub(crate) fn is_send(&self) -> bool {
        matches!(
            self,
            Action::Send(_) | Action::SendLine(_) | Action::SendHex(_)
        )
    }
}
