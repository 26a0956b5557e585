//! The steps that talk over connections: send, expect lines, replies,
//! closes and silence (opening and ending them is [`super::connect`]).

use std::time::Duration;

use super::{Run, Stop};
use crate::outcome::Failure;
use crate::runner::clock::Until;
use crate::runner::conn::ReadError;
use crate::scenario::{RandomLines, Step, escape_bytes};
use crate::text::runner as say;

impl Run<'_> {
    /// Writes bytes, in pieces with pauses when asked.
    pub(super) fn send(
        &mut self,
        number: usize,
        conn: &str,
        data: &[u8],
        split: Option<usize>,
        pause: Duration,
        deadline: Until,
    ) -> Result<(), Stop> {
        let quiet = self.test.quiet.clone();
        let how = match split {
            Some(n) if n < data.len() => say::in_pieces(self.opts.lang, n, pause),
            _ => String::new(),
        };
        self.transcript.sent(conn, data, &how);
        let result = self.with_conn(conn, deadline, |c, d| c.send(data, split, pause, d, &quiet));
        result.map_err(|e| self.send_failure(number, e))?;
        Ok(())
    }

    /// Writes seeded random lines, one write each or all in one.
    pub(super) fn send_random(
        &mut self,
        number: usize,
        conn: &str,
        spec: &RandomLines,
        deadline: Until,
    ) -> Result<(), Stop> {
        let quiet = self.test.quiet.clone();
        let lines = spec.generate(&mut self.rng, &quiet);
        let writes: Vec<Vec<u8>> = if spec.one_write {
            vec![
                lines
                    .iter()
                    .flat_map(|l| l.iter().copied().chain([b'\n']))
                    .collect(),
            ]
        } else {
            lines
                .iter()
                .map(|l| [l.as_slice(), b"\n"].concat())
                .collect()
        };
        for data in writes {
            self.transcript
                .sent(conn, &data, say::random(self.opts.lang));
            let result = self.with_conn(conn, deadline, |c, d| {
                c.send(&data, None, Duration::ZERO, d, &quiet)
            });
            result.map_err(|e| self.send_failure(number, e))?;
        }
        Ok(())
    }

    /// Reads one line and compares it.
    pub(super) fn expect_line(
        &mut self,
        number: usize,
        conn: &str,
        line: &[u8],
        deadline: Until,
    ) -> Result<(), Stop> {
        let got = self.read_line(number, conn, deadline, Awaited::Line(line))?;
        if without_cr(&got) != without_cr(line) {
            return Err(Failure::mismatch(
                number,
                say::wrong_line(self.opts.lang),
                with_line_end(line),
                with_line_end(&got),
            )
            .into());
        }
        // The line answered the oldest message still waiting, if any: a later
        // `expect-replies` must not wait for that reply again.
        self.conn(conn).pending.pop_front();
        Ok(())
    }

    /// Reads the reply to every message still waiting for one, in order.
    pub(super) fn expect_replies(
        &mut self,
        number: usize,
        conn: &str,
        step: &Step,
    ) -> Result<(), Stop> {
        let template = self.test.reply.clone().expect("checked at load time");
        let pending: Vec<Vec<u8>> = self.conn(conn).pending.drain(..).collect();
        if pending.is_empty() {
            return Err(Stop::Grader(format!(
                "step {number} (`expect-replies`) has no message waiting for a reply: fix the test file"
            )));
        }
        for message in pending {
            let expected = fill_reply(&template, &message);
            let deadline = self.step_deadline(step);
            let awaited = Awaited::Reply {
                message: &message,
                expected: &expected,
            };
            let got = self.read_line(number, conn, deadline, awaited)?;
            if without_cr(&got) != without_cr(&expected) {
                let what = say::wrong_reply(self.opts.lang, &escape_bytes(&message));
                let (expected, got) = (with_line_end(&expected), with_line_end(&got));
                return Err(Failure::mismatch(number, what, expected, got).into());
            }
        }
        Ok(())
    }

    /// Reads until the program closes; nothing more may arrive.
    pub(super) fn expect_closed(
        &mut self,
        number: usize,
        conn: &str,
        deadline: Until,
    ) -> Result<(), Stop> {
        match self.with_conn(conn, deadline, |c, d| c.read_to_close(d)) {
            Ok(extra) if extra.is_empty() => {
                let text = say::program_closed(self.opts.lang);
                self.transcript.event(Some(conn), text)
            }
            Ok(extra) => {
                self.transcript.received(conn, &extra);
                return Err(Failure::mismatch(
                    number,
                    say::expected_close(self.opts.lang),
                    Vec::new(),
                    extra,
                )
                .into());
            }
            Err(err) => return Err(self.read_failure(number, conn, err, Awaited::Close)),
        }
        Ok(())
    }

    /// Nothing may arrive for a while.
    pub(super) fn expect_silence(
        &mut self,
        number: usize,
        conn: &str,
        quiet_for: Duration,
    ) -> Result<(), Stop> {
        let until = self.deadline_after(quiet_for);
        let quiet_for = self.opts.scale(quiet_for);
        let got = self
            .with_conn(conn, until, |c, d| c.read_during(d))
            .map_err(|e| self.read_failure(number, conn, e, Awaited::Silence))?;
        if !got.is_empty() {
            self.transcript.received(conn, &got);
            return Err(Failure::mismatch(
                number,
                say::expected_nothing(self.opts.lang, quiet_for),
                Vec::new(),
                got,
            )
            .into());
        }
        self.transcript
            .event(Some(conn), say::nothing_arrived(self.opts.lang, quiet_for));
        Ok(())
    }

    pub(super) fn read_line(
        &mut self,
        number: usize,
        conn: &str,
        deadline: Until,
        awaited: Awaited<'_>,
    ) -> Result<Vec<u8>, Stop> {
        match self.with_conn(conn, deadline, |c, d| c.read_line(d)) {
            Ok(line) => {
                self.transcript
                    .received(conn, &[line.as_slice(), b"\n"].concat());
                Ok(line)
            }
            Err(err) => Err(self.read_failure(number, conn, err, awaited)),
        }
    }

    pub(super) fn read_failure(
        &mut self,
        number: usize,
        conn: &str,
        err: ReadError,
        awaited: Awaited<'_>,
    ) -> Stop {
        let lang = self.opts.lang;
        let waited = self.waited(number);
        let timed_out = matches!(err, ReadError::Timeout { .. });
        // Each step names what it waited for: a line, a reply, the close.
        let (partial, message) = match err {
            ReadError::Timeout { partial } => (
                partial,
                match awaited {
                    Awaited::Reply { message, .. } => {
                        say::no_reply(lang, &escape_bytes(message), waited)
                    }
                    Awaited::Close => say::still_open(lang, waited),
                    Awaited::Line(_) | Awaited::Silence => say::no_complete_line(lang, waited),
                },
            ),
            ReadError::Closed { partial } => (partial, say::program_closed(lang).into()),
            ReadError::Reset { partial } => (partial, say::program_reset(lang).into()),
            ReadError::TooLong { len } => (Vec::new(), say::no_line_end(lang, len)),
            ReadError::Io(e) => return Stop::Grader(format!("reading from `{conn}` failed: {e}")),
        };
        if !partial.is_empty() {
            self.transcript.received(conn, &partial);
        }
        let note = if timed_out {
            self.exit_note()
        } else {
            self.ended_note()
        };
        let message = format!("{message}{note}");
        // A line that never ended: what was awaited includes its line end,
        // so expected and actual show where they differ.
        let expected = match awaited {
            Awaited::Line(line) => Some(line),
            Awaited::Reply { expected, .. } => Some(expected),
            Awaited::Close | Awaited::Silence => None,
        };
        match expected {
            Some(expected) => {
                Failure::mismatch(number, message, with_line_end(expected), partial).into()
            }
            None if !partial.is_empty() => Failure::mismatch(
                number,
                format!("{}; {message}", say::expected_close(lang)),
                Vec::new(),
                partial,
            )
            .into(),
            None => Failure::new(Some(number), message).into(),
        }
    }

    pub(super) fn send_failure(&mut self, number: usize, err: std::io::Error) -> Stop {
        Failure::new(
            Some(number),
            format!(
                "{}{}",
                say::sending_failed(self.opts.lang, err),
                self.ended_note()
            ),
        )
        .into()
    }
}

/// What a step reading from a connection waits for, so its failure can name it.
#[derive(Clone, Copy)]
pub(super) enum Awaited<'a> {
    /// One line holding these bytes (`expect-line`).
    Line(&'a [u8]),
    /// The reply `expected` to the message `message` (`expect-replies`).
    Reply {
        message: &'a [u8],
        expected: &'a [u8],
    },
    /// The program closing the connection (`expect-closed`).
    Close,
    /// Nothing at all for a while (`expect-silence`).
    Silence,
}

/// The reply template with the message's bytes in place of `{message}`.
fn fill_reply(template: &str, message: &[u8]) -> Vec<u8> {
    let (before, after) = template
        .split_once("{message}")
        .expect("checked at load time");
    [before.as_bytes(), message, after.as_bytes()].concat()
}

/// A line as it travels: its bytes and the `\n` that ends it, so shown
/// values are exactly the bytes on the wire.
fn with_line_end(line: &[u8]) -> Vec<u8> {
    [line, b"\n"].concat()
}

/// A line without one trailing `\r`: line endings may be `\n` or `\r\n`.
fn without_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_filled_with_raw_bytes() {
        assert_eq!(
            fill_reply("Receive your message: {message}", b"\xffa"),
            b"Receive your message: \xffa"
        );
    }

    #[test]
    fn a_trailing_cr_is_a_line_ending() {
        assert_eq!(without_cr(b"a\r"), b"a");
        assert_eq!(without_cr(b"a\r\r"), b"a\r");
    }
}
