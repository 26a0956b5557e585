//! Unframed conversation steps, for programs whose messages have no line
//! end (the Python course's `recv(1024)` servers and `input()` clients):
//! the checks of `ask`, `expect-message` and `expect-idle` (`drain` and
//! `expect-end` need none of their own).

use std::time::Duration;

use super::step::StepKind;

/// An `ask` of `data`, expecting `reply` when given, on `conn`.
pub(super) fn ask(
    data: &str,
    reply: Option<&str>,
    conn: Result<String, String>,
) -> Result<StepKind, String> {
    if data.is_empty() {
        return Err(
            "`ask = \"\"` sends nothing, so no reply can come: use `expect-silence`".into(),
        );
    }
    if reply.is_some_and(str::is_empty) {
        return Err("`reply = \"\"` expects nothing: use `expect-silence`".into());
    }
    Ok(StepKind::Ask {
        conn: conn?,
        data: data.as_bytes().to_vec(),
        reply: reply.map(|reply| reply.as_bytes().to_vec()),
    })
}

/// An `expect-message` of `message` on `conn`.
pub(super) fn expect_message(
    message: &str,
    conn: Result<String, String>,
) -> Result<StepKind, String> {
    if message.is_empty() {
        return Err("`expect-message` needs the bytes the peer sends".into());
    }
    Ok(StepKind::ExpectMessage {
        conn: conn?,
        message: message.as_bytes().to_vec(),
    })
}

/// An `expect-idle` of `idle_for`.
pub(super) fn expect_idle(idle_for: Duration) -> Result<StepKind, String> {
    if idle_for.is_zero() {
        return Err("`expect-idle` needs a duration such as `\"1s\"`".into());
    }
    Ok(StepKind::ExpectIdle { idle_for })
}
