//! Unframed conversation steps, for programs whose messages have no line
//! end (the Python course's `recv(1024)` servers and `input()` clients):
//! `ask`, `expect-message`, `drain`, `expect-end` and `expect-idle`.

use super::raw::RawStep;
use super::step::{Conns, StepKind};

/// Notes which unframed action keys `raw` holds, for the one-action check.
pub(super) fn note_actions(raw: &RawStep, note: &mut impl FnMut(bool, &'static str)) {
    note(raw.ask.is_some(), "ask");
    note(raw.expect_message.is_some(), "expect-message");
    note(raw.drain.is_some(), "drain");
    note(raw.expect_end.is_some(), "expect-end");
    note(raw.expect_idle.is_some(), "expect-idle");
}

/// Checks one unframed step whose action key is `action`.
pub(super) fn check(
    action: &str,
    raw: &RawStep,
    conns: &Conns,
    on: Option<&str>,
) -> Result<StepKind, String> {
    let conn = || conns.resolve(on, action);
    Ok(match action {
        "ask" => {
            let data = raw.ask.clone().unwrap_or_default().into_bytes();
            if data.is_empty() {
                return Err(
                    "`ask = \"\"` sends nothing, so no reply can come: use `expect-silence`".into(),
                );
            }
            let reply = raw.reply.clone().map(String::into_bytes);
            if reply.as_ref().is_some_and(Vec::is_empty) {
                return Err("`reply = \"\"` expects nothing: use `expect-silence`".into());
            }
            StepKind::Ask {
                conn: conn()?,
                data,
                reply,
            }
        }
        "expect-message" => {
            let expected = raw.expect_message.clone().unwrap_or_default().into_bytes();
            if expected.is_empty() {
                return Err("`expect-message` needs the bytes the peer sends".into());
            }
            StepKind::ExpectMessage {
                conn: conn()?,
                message: expected,
            }
        }
        "drain" => StepKind::Drain {
            conn: conn()?,
            at_most: raw.drain.unwrap_or_default(),
        },
        "expect-end" => {
            if raw.expect_end == Some(false) {
                return Err("`expect-end = false` means nothing: leave the step out".into());
            }
            StepKind::ExpectEnd { conn: conn()? }
        }
        "expect-idle" => {
            let idle_for = raw.expect_idle.unwrap_or_default();
            if idle_for.is_zero() {
                return Err("`expect-idle` needs a duration such as `\"1s\"`".into());
            }
            StepKind::ExpectIdle { idle_for }
        }
        other => unreachable!("`{other}` is not an unframed action"),
    })
}
