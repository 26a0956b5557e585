//! A checked step, as the runner executes it: one action, its connection
//! resolved, its payload decoded, its signal named.

use std::fmt;
use std::time::Duration;

use crate::scenario::files::FileCheck;
use crate::scenario::payload::RandomLines;

/// One step of a test, as the runner executes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// What the step does.
    pub kind: StepKind,
    /// The line of the test file it was written on (1-based).
    pub line: usize,
    /// How long the step may wait, when it waits.
    pub timeout: Duration,
}

/// The actions a step can take. Connection names are resolved at load time.
#[derive(Clone, Debug, PartialEq)]
pub enum StepKind {
    /// Open a connection to the program.
    Connect { conn: String },
    /// Accept the program's connection on the test's listener.
    Accept { conn: String },
    /// Write bytes, whole or in pieces with pauses.
    Send {
        conn: String,
        data: Vec<u8>,
        split: Option<usize>,
        pause: Duration,
    },
    /// Write seeded random lines.
    SendRandom { conn: String, spec: RandomLines },
    /// Read one line and compare it.
    ExpectLine { conn: String, line: Vec<u8> },
    /// Read the reply to every outstanding message.
    ExpectReplies { conn: String },
    /// Read until the peer closes; nothing more may arrive.
    ExpectClosed { conn: String },
    /// Nothing may arrive for this long.
    ExpectSilence { conn: String, quiet_for: Duration },
    /// The program exits with this status.
    ExpectExit { status: i32 },
    /// The program has not exited.
    ExpectRunning,
    /// The program ends, by any status or signal.
    ExpectEnded,
    /// The program's standard output is exactly this.
    ExpectStdout { text: Vec<u8> },
    /// After the program ended: a file in its working directory is as expected.
    ExpectFile { check: FileCheck },
    /// The program's stderr has exactly this many lines.
    ExpectStderrLines { lines: usize },
    /// The program's stderr starts with this.
    ExpectStderrPrefix { prefix: Vec<u8> },
    /// Close a connection.
    Close { conn: String },
    /// Shut down a connection's sending side.
    Shutdown { conn: String },
    /// Abort a connection with a reset.
    Reset { conn: String },
    /// Signal the program.
    Signal { signal: Signal },
    /// Wait on purpose.
    Sleep { duration: Duration },
    /// Unframed: write bytes in one write, then read the reply (exactly
    /// `reply` when given, else whatever arrives before a quiet period).
    Ask {
        conn: String,
        data: Vec<u8>,
        reply: Option<Vec<u8>>,
    },
    /// Unframed: the peer's next message is these bytes (a line end allowed).
    ExpectMessage { conn: String, message: Vec<u8> },
    /// Read and drop until the peer closes or `at_most` passes; never fails.
    Drain { conn: String, at_most: Duration },
    /// The peer closes the connection; bytes before the close are allowed.
    ExpectEnd { conn: String },
    /// The program uses almost no CPU time while idle for `idle_for`.
    ExpectIdle { idle_for: Duration },
}

impl StepKind {
    /// Whether the step waits for the program under its timeout (rather than
    /// on purpose, as `sleep` and `expect-silence` do, or not at all).
    pub fn waits_for_the_program(&self) -> bool {
        match self {
            StepKind::Connect { .. }
            | StepKind::Accept { .. }
            | StepKind::Send { .. }
            | StepKind::SendRandom { .. }
            | StepKind::ExpectLine { .. }
            | StepKind::ExpectReplies { .. }
            | StepKind::ExpectClosed { .. }
            | StepKind::ExpectExit { .. }
            | StepKind::ExpectEnded
            | StepKind::ExpectStdout { .. }
            | StepKind::ExpectFile { .. }
            | StepKind::ExpectStderrLines { .. }
            | StepKind::ExpectStderrPrefix { .. }
            | StepKind::Close { .. }
            | StepKind::Shutdown { .. }
            | StepKind::Reset { .. }
            | StepKind::Ask { .. }
            | StepKind::ExpectMessage { .. }
            | StepKind::ExpectEnd { .. } => true,
            StepKind::ExpectSilence { .. }
            | StepKind::Drain { .. }
            | StepKind::ExpectIdle { .. }
            | StepKind::ExpectRunning
            | StepKind::Signal { .. }
            | StepKind::Sleep { .. } => false,
        }
    }

    /// The connection a step acts on, if any.
    pub fn conn(&self) -> Option<&str> {
        match self {
            StepKind::Connect { conn }
            | StepKind::Accept { conn }
            | StepKind::Send { conn, .. }
            | StepKind::SendRandom { conn, .. }
            | StepKind::ExpectLine { conn, .. }
            | StepKind::ExpectReplies { conn }
            | StepKind::ExpectClosed { conn }
            | StepKind::ExpectSilence { conn, .. }
            | StepKind::Close { conn }
            | StepKind::Shutdown { conn }
            | StepKind::Reset { conn }
            | StepKind::Ask { conn, .. }
            | StepKind::ExpectMessage { conn, .. }
            | StepKind::Drain { conn, .. }
            | StepKind::ExpectEnd { conn } => Some(conn),
            StepKind::ExpectExit { .. }
            | StepKind::ExpectRunning
            | StepKind::ExpectEnded
            | StepKind::ExpectStdout { .. }
            | StepKind::ExpectFile { .. }
            | StepKind::ExpectStderrLines { .. }
            | StepKind::ExpectStderrPrefix { .. }
            | StepKind::Signal { .. }
            | StepKind::Sleep { .. }
            | StepKind::ExpectIdle { .. } => None,
        }
    }
}

/// A signal a `signal` step may send.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// `SIGTERM`, written `"TERM"`.
    Term,
    /// `SIGINT`, written `"INT"`.
    Int,
    /// `SIGHUP`, written `"HUP"`.
    Hup,
    /// `SIGKILL`, written `"KILL"`.
    Kill,
}

impl Signal {
    /// Every signal a step may send, in the order messages list them.
    pub const ALL: [Signal; 4] = [Signal::Term, Signal::Int, Signal::Hup, Signal::Kill];

    /// The name a test file writes, such as `"TERM"`.
    pub fn name(self) -> &'static str {
        match self {
            Signal::Term => "TERM",
            Signal::Int => "INT",
            Signal::Hup => "HUP",
            Signal::Kill => "KILL",
        }
    }

    /// The signal a test file names `name`, if a step may send it.
    pub fn named(name: &str) -> Option<Signal> {
        Signal::ALL.into_iter().find(|signal| signal.name() == name)
    }
}

/// Shown as its name in quotes (`"TERM"`), as when it was a string: a
/// gradebook's test fingerprints hash the steps' `Debug`, so a regrade
/// compared with an older run sees the same definition.
impl fmt::Debug for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.name(), f)
    }
}
