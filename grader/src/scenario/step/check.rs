//! Checking a step as written: exactly one action, modifiers only where that
//! action takes them, connection names that exist, payloads that decode.
//! An `Err` says what is wrong, by key; the loader adds the file, line,
//! test and step.

use std::time::Duration;

use super::action::{Action, Modifiers, RawStep};
use super::kind::{Signal, Step, StepKind};
use crate::scenario::files::check_expect;
use crate::scenario::payload::{RandomLines, parse_hex};
use crate::scenario::talk;

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

    /// The connection a step with action `key` acts on: `on` when given,
    /// else the one opened last.
    pub(crate) fn resolve(&self, on: Option<&str>, key: &str) -> Result<String, String> {
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
    let action = the_action(&raw.actions)?;
    let modifiers = &raw.modifiers;
    check_modifiers(action, modifiers)?;
    let kind = check_action(action, modifiers, conns)?;
    if modifiers.on.is_some() && kind.conn().is_none() {
        return Err(format!(
            "`on` does not go with `{}`, which is not about a connection",
            action.key()
        ));
    }
    Ok(Step {
        kind,
        line,
        timeout: modifiers.timeout.unwrap_or(timeout),
    })
}

/// The step's one action.
fn the_action(actions: &[Action]) -> Result<&Action, String> {
    match actions {
        [one] => Ok(one),
        [] => Err("a step needs one action key, such as `send-line` or `expect-line`".into()),
        many => {
            let keys: Vec<&str> = many.iter().map(Action::key).collect();
            Err(format!(
                "a step takes one action, this one has {}",
                keys.join(", ")
            ))
        }
    }
}

/// Whether the modifiers go with `action`.
fn check_modifiers(action: &Action, modifiers: &Modifiers) -> Result<(), String> {
    let key = action.key();
    let shapes_a_send =
        modifiers.repeat.is_some() || modifiers.split.is_some() || modifiers.pause.is_some();
    if shapes_a_send && !action.is_send() {
        return Err(format!(
            "`repeat`, `split` and `pause` go with `send`, `send-line` or `send-hex`, not `{key}`"
        ));
    }
    if modifiers.reply.is_some() && !matches!(action, Action::Ask(_)) {
        return Err(format!("`reply` goes with `ask`, not `{key}`"));
    }
    if modifiers.split == Some(0) {
        return Err("`split` must be at least 1 byte".into());
    }
    if modifiers.on.is_some() && matches!(action, Action::Connect(_) | Action::Accept(_)) {
        return Err(format!(
            "`on` does not go with `{key}`: its value is the new name"
        ));
    }
    Ok(())
}

/// The checked form of `action`. An action's own problems are named before
/// a problem with its connection, which is resolved first but reported last.
fn check_action(
    action: &Action,
    modifiers: &Modifiers,
    conns: &mut Conns,
) -> Result<StepKind, String> {
    let key = action.key();
    let conn = |conns: &Conns| conns.resolve(modifiers.on.as_deref(), key);
    let named = |conns: &Conns, name: &str| conns.resolve(Some(name), key);
    let hex = |hex: &str| parse_hex(hex).map_err(|e| format!("`{key}`: {e}"));
    match action {
        Action::Connect(name) => conns.open(name).map(|conn| StepKind::Connect { conn }),
        Action::Accept(name) => conns.open(name).map(|conn| StepKind::Accept { conn }),
        Action::Send(text) => send(text.as_bytes(), false, modifiers, conn(conns)),
        Action::SendLine(text) => send(text.as_bytes(), true, modifiers, conn(conns)),
        Action::SendHex(text) => send(&hex(text)?, false, modifiers, conn(conns)),
        Action::SendRandom(spec) => send_random(spec, conn(conns)),
        Action::ExpectLine(text) => expect_line(key, text.as_bytes().to_vec(), conn(conns)),
        Action::ExpectLineHex(text) => expect_line(key, hex(text)?, conn(conns)),
        Action::ExpectReplies(yes) => flag(*yes, key, conn(conns), |conn| {
            StepKind::ExpectReplies { conn }
        }),
        Action::ExpectClosed(yes) => flag(*yes, key, conn(conns), |conn| StepKind::ExpectClosed {
            conn,
        }),
        Action::ExpectSilence(quiet_for) => conn(conns).map(|conn| StepKind::ExpectSilence {
            conn,
            quiet_for: *quiet_for,
        }),
        Action::ExpectExit(status) => Ok(StepKind::ExpectExit { status: *status }),
        Action::ExpectRunning(yes) => flag(*yes, key, Ok(()), |()| StepKind::ExpectRunning),
        Action::ExpectEnded(yes) => flag(*yes, key, Ok(()), |()| StepKind::ExpectEnded),
        Action::ExpectStdout(text) => Ok(StepKind::ExpectStdout {
            text: text.as_bytes().to_vec(),
        }),
        Action::ExpectStdoutHex(text) => Ok(StepKind::ExpectStdout { text: hex(text)? }),
        Action::ExpectFile(file) => check_expect(file).map(|check| StepKind::ExpectFile { check }),
        Action::ExpectStderrLines(lines) => Ok(StepKind::ExpectStderrLines { lines: *lines }),
        Action::ExpectStderrPrefix(prefix) => Ok(StepKind::ExpectStderrPrefix {
            prefix: prefix.as_bytes().to_vec(),
        }),
        Action::Close(name) => named(conns, name).map(|conn| StepKind::Close { conn }),
        Action::Shutdown(name) => named(conns, name).map(|conn| StepKind::Shutdown { conn }),
        Action::Reset(name) => named(conns, name).map(|conn| StepKind::Reset { conn }),
        Action::Signal(name) => signal_named(name).map(|signal| StepKind::Signal { signal }),
        Action::Sleep(duration) => Ok(StepKind::Sleep {
            duration: *duration,
        }),
        Action::Ask(data) => talk::ask(data, modifiers.reply.as_deref(), conn(conns)),
        Action::ExpectMessage(message) => talk::expect_message(message, conn(conns)),
        Action::Drain(at_most) => conn(conns).map(|conn| StepKind::Drain {
            conn,
            at_most: *at_most,
        }),
        Action::ExpectEnd(yes) => flag(*yes, key, conn(conns), |conn| StepKind::ExpectEnd { conn }),
        Action::ExpectIdle(idle_for) => talk::expect_idle(*idle_for),
    }
}

/// A `send`, `send-line` or `send-hex` of `payload`, shaped by the modifiers.
fn send(
    payload: &[u8],
    line: bool,
    modifiers: &Modifiers,
    conn: Result<String, String>,
) -> Result<StepKind, String> {
    let mut data = payload.repeat(modifiers.repeat.unwrap_or(1));
    if line {
        data.push(b'\n');
    }
    Ok(StepKind::Send {
        conn: conn?,
        data,
        split: modifiers.split,
        pause: modifiers.pause.unwrap_or_default(),
    })
}

/// A `send-random` of `spec`.
fn send_random(spec: &RandomLines, conn: Result<String, String>) -> Result<StepKind, String> {
    if spec.min_len > spec.max_len {
        return Err("`send-random`: `min-len` is above `max-len`".into());
    }
    Ok(StepKind::SendRandom {
        conn: conn?,
        spec: spec.clone(),
    })
}

/// An `expect-line` or `expect-line-hex` (written `key`) of `line`.
fn expect_line(key: &str, line: Vec<u8>, conn: Result<String, String>) -> Result<StepKind, String> {
    if line.contains(&b'\n') {
        return Err(format!("`{key}` is one line: leave out its `\\n`"));
    }
    Ok(StepKind::ExpectLine { conn: conn?, line })
}

/// A flag action such as `expect-replies = true`, which means nothing when
/// `false`; `then` makes the step from what the flag waits on.
fn flag<T>(
    value: bool,
    key: &str,
    on: Result<T, String>,
    then: impl FnOnce(T) -> StepKind,
) -> Result<StepKind, String> {
    if !value {
        return Err(format!("`{key} = false` means nothing: leave the step out"));
    }
    on.map(then)
}

/// The signal a `signal` step names.
fn signal_named(name: &str) -> Result<Signal, String> {
    Signal::named(name).ok_or_else(|| {
        let names: Vec<&str> = Signal::ALL.into_iter().map(Signal::name).collect();
        format!("`signal = \"{name}\"`: use one of {}", names.join(", "))
    })
}
