//! A checked step: one action, its connection resolved, its payload decoded.

use std::time::Duration;

use super::files::{FileCheck, check_expect};
use super::payload::{RandomLines, parse_hex};
use super::raw::RawStep;

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
    Signal { signal: String },
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
}

/// Signals a step may send.
pub(crate) const SIGNALS: [&str; 4] = ["TERM", "INT", "HUP", "KILL"];

impl StepKind {
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

/// Which connection names exist so far, and which one is the default.
#[derive(Default)]
pub(crate) struct Conns {
    names: Vec<String>,
}

impl Conns {
    fn open(&mut self, name: &str) -> Result<String, String> {
        if name.is_empty() {
            return Err("a connection needs a name".into());
        }
        if self.names.iter().any(|n| n == name) {
            return Err(format!(
                "connection `{name}` is already open; pick a new name"
            ));
        }
        self.names.push(name.to_string());
        Ok(name.to_string())
    }

    pub(super) fn resolve(&self, on: Option<&str>, key: &str) -> Result<String, String> {
        match on {
            Some(name) if self.names.iter().any(|n| n == name) => Ok(name.to_string()),
            Some(name) => Err(format!(
                "`{key}` names connection `{name}`, which no earlier `connect` or `accept` opened"
            )),
            None => self.names.last().cloned().ok_or_else(|| {
                format!("`{key}` needs a connection: add a `connect` or `accept` step before it")
            }),
        }
    }
}

/// Turns a raw step into a checked one; `Err` says what is wrong, by key.
pub(crate) fn check_step(
    raw: &RawStep,
    conns: &mut Conns,
    timeout: Duration,
    line: usize,
) -> Result<Step, String> {
    let mut actions: Vec<&str> = Vec::new();
    let mut note = |present: bool, key: &'static str| {
        if present {
            actions.push(key);
        }
    };
    note(raw.connect.is_some(), "connect");
    note(raw.accept.is_some(), "accept");
    note(raw.send.is_some(), "send");
    note(raw.send_line.is_some(), "send-line");
    note(raw.send_hex.is_some(), "send-hex");
    note(raw.send_random.is_some(), "send-random");
    note(raw.expect_line.is_some(), "expect-line");
    note(raw.expect_line_hex.is_some(), "expect-line-hex");
    note(raw.expect_replies.is_some(), "expect-replies");
    note(raw.expect_closed.is_some(), "expect-closed");
    note(raw.expect_silence.is_some(), "expect-silence");
    note(raw.expect_exit.is_some(), "expect-exit");
    note(raw.expect_running.is_some(), "expect-running");
    note(raw.expect_ended.is_some(), "expect-ended");
    note(raw.expect_stdout.is_some(), "expect-stdout");
    note(raw.expect_stdout_hex.is_some(), "expect-stdout-hex");
    note(raw.expect_file.is_some(), "expect-file");
    note(raw.expect_stderr_lines.is_some(), "expect-stderr-lines");
    note(raw.expect_stderr_prefix.is_some(), "expect-stderr-prefix");
    note(raw.close.is_some(), "close");
    note(raw.shutdown.is_some(), "shutdown");
    note(raw.reset.is_some(), "reset");
    note(raw.signal.is_some(), "signal");
    note(raw.sleep.is_some(), "sleep");
    super::talk::note_actions(raw, &mut note);
    let action = match actions.as_slice() {
        [one] => *one,
        [] => {
            return Err("a step needs one action key, such as `send-line` or `expect-line`".into());
        }
        many => {
            return Err(format!(
                "a step takes one action, this one has {}",
                many.join(", ")
            ));
        }
    };
    let is_send = matches!(action, "send" | "send-line" | "send-hex");
    if !is_send && (raw.repeat.is_some() || raw.split.is_some() || raw.pause.is_some()) {
        return Err(format!(
            "`repeat`, `split` and `pause` go with `send`, `send-line` or `send-hex`, not `{action}`"
        ));
    }
    if raw.reply.is_some() && action != "ask" {
        return Err(format!("`reply` goes with `ask`, not `{action}`"));
    }
    if raw.split == Some(0) {
        return Err("`split` must be at least 1 byte".into());
    }
    if raw.on.is_some() && matches!(action, "connect" | "accept") {
        return Err(format!(
            "`on` does not go with `{action}`: its value is the new name"
        ));
    }
    let on = raw.on.as_deref();
    let expect_true = |value: Option<bool>, key: &str| match value {
        Some(false) => Err(format!("`{key} = false` means nothing: leave the step out")),
        _ => Ok(()),
    };
    let kind = match action {
        "connect" => StepKind::Connect {
            conn: conns.open(raw.connect.as_deref().unwrap_or_default())?,
        },
        "accept" => StepKind::Accept {
            conn: conns.open(raw.accept.as_deref().unwrap_or_default())?,
        },
        "send" | "send-line" | "send-hex" => {
            let mut data = match (&raw.send, &raw.send_line, &raw.send_hex) {
                (Some(text), _, _) | (_, Some(text), _) => text.as_bytes().to_vec(),
                (_, _, Some(hex)) => parse_hex(hex).map_err(|e| format!("`send-hex`: {e}"))?,
                _ => unreachable!("one send key is present"),
            };
            data = data.repeat(raw.repeat.unwrap_or(1));
            if raw.send_line.is_some() {
                data.push(b'\n');
            }
            StepKind::Send {
                conn: conns.resolve(on, action)?,
                data,
                split: raw.split,
                pause: raw.pause.unwrap_or_default(),
            }
        }
        "send-random" => {
            let spec = raw.send_random.clone().expect("present");
            if spec.min_len > spec.max_len {
                return Err("`send-random`: `min-len` is above `max-len`".into());
            }
            StepKind::SendRandom {
                conn: conns.resolve(on, action)?,
                spec,
            }
        }
        "expect-line" | "expect-line-hex" => {
            let line = match (&raw.expect_line, &raw.expect_line_hex) {
                (Some(text), _) => text.as_bytes().to_vec(),
                (_, Some(hex)) => parse_hex(hex).map_err(|e| format!("`expect-line-hex`: {e}"))?,
                _ => unreachable!("one expect key is present"),
            };
            if line.contains(&b'\n') {
                return Err(format!("`{action}` is one line: leave out its `\\n`"));
            }
            StepKind::ExpectLine {
                conn: conns.resolve(on, action)?,
                line,
            }
        }
        "expect-replies" => {
            expect_true(raw.expect_replies, action)?;
            StepKind::ExpectReplies {
                conn: conns.resolve(on, action)?,
            }
        }
        "expect-closed" => {
            expect_true(raw.expect_closed, action)?;
            StepKind::ExpectClosed {
                conn: conns.resolve(on, action)?,
            }
        }
        "expect-silence" => StepKind::ExpectSilence {
            conn: conns.resolve(on, action)?,
            quiet_for: raw.expect_silence.expect("present"),
        },
        "expect-exit" => StepKind::ExpectExit {
            status: raw.expect_exit.expect("present"),
        },
        "expect-running" => {
            expect_true(raw.expect_running, action)?;
            StepKind::ExpectRunning
        }
        "expect-ended" => {
            expect_true(raw.expect_ended, action)?;
            StepKind::ExpectEnded
        }
        "expect-stdout" => StepKind::ExpectStdout {
            text: raw.expect_stdout.clone().expect("present").into_bytes(),
        },
        "expect-stdout-hex" => StepKind::ExpectStdout {
            text: parse_hex(raw.expect_stdout_hex.as_deref().expect("present"))
                .map_err(|e| format!("`expect-stdout-hex`: {e}"))?,
        },
        "expect-file" => StepKind::ExpectFile {
            check: check_expect(raw.expect_file.as_ref().expect("present"))?,
        },
        "expect-stderr-lines" => StepKind::ExpectStderrLines {
            lines: raw.expect_stderr_lines.expect("present"),
        },
        "expect-stderr-prefix" => StepKind::ExpectStderrPrefix {
            prefix: raw
                .expect_stderr_prefix
                .clone()
                .expect("present")
                .into_bytes(),
        },
        "close" => StepKind::Close {
            conn: conns.resolve(raw.close.as_deref(), action)?,
        },
        "shutdown" => StepKind::Shutdown {
            conn: conns.resolve(raw.shutdown.as_deref(), action)?,
        },
        "reset" => StepKind::Reset {
            conn: conns.resolve(raw.reset.as_deref(), action)?,
        },
        "signal" => {
            let signal = raw.signal.clone().expect("present");
            if !SIGNALS.contains(&signal.as_str()) {
                return Err(format!(
                    "`signal = \"{signal}\"`: use one of {}",
                    SIGNALS.join(", ")
                ));
            }
            StepKind::Signal { signal }
        }
        "sleep" => StepKind::Sleep {
            duration: raw.sleep.expect("present"),
        },
        "ask" | "expect-message" | "drain" | "expect-end" | "expect-idle" => {
            super::talk::check(action, raw, conns, on)?
        }
        other => unreachable!("action `{other}` is listed above"),
    };
    if raw.on.is_some() && kind.conn().is_none() {
        return Err(format!(
            "`on` does not go with `{action}`, which is not about a connection"
        ));
    }
    Ok(Step {
        kind,
        line,
        timeout: raw.timeout.unwrap_or(timeout),
    })
}
