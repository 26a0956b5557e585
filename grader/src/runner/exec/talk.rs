//! Unframed steps (messages without line ends, as the Python course writes
//! them) and readiness by listening socket: a server needs no ready line and
//! may choose any port; a client is given a listener on a fixed port.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::{Duration, Instant};

use super::{Run, Stop};
use crate::outcome::Failure;
use crate::runner::conn::ReadError;
use crate::runner::program::describe_exit_in;
use crate::text::talk;

/// How often readiness looks at the run's listening sockets.
const LISTENER_POLL: Duration = Duration::from_millis(20);
/// An idle program may use this fraction of the wall time in CPU time.
const IDLE_CPU_SHARE: f64 = 0.1;
/// How long `expect-idle` waits on one connection before looking at the next.
const IDLE_READ_SLICE: Duration = Duration::from_millis(20);

/// When an unframed read is complete.
#[derive(Clone, Copy)]
enum Until<'a> {
    /// These bytes have arrived (or arriving bytes no longer match them).
    Exact(&'a [u8]),
    /// The peer fell silent after its last bytes.
    Quiet,
}

/// How an unframed read ended.
enum Got {
    /// Bytes came (the peer may have closed after them).
    Bytes(Vec<u8>),
    /// Nothing came by the deadline.
    Nothing,
    /// The peer closed (or reset) before sending anything.
    Closed,
}

impl Run<'_> {
    /// Waits until a socket of the run listens, on any port and address, and
    /// makes it the address `connect` steps go to.
    pub(super) fn wait_for_listener(&mut self) -> Result<(), Stop> {
        let lang = self.opts.lang;
        let timeout = self
            .test
            .steps
            .first()
            .map_or(Duration::from_secs(3), |s| s.timeout);
        // On the fair clock: a loaded machine does not make a slow start late.
        let deadline = self.deadline_after(timeout);
        loop {
            if let Some(addr) = pick_listener(&self.program().listeners()) {
                self.transcript.event(None, talk::listens(lang, addr));
                self.program().state.listening = Some(reachable(addr));
                return Ok(());
            }
            let program = self.program();
            if let Some(status) = program.state.exit {
                let exit = describe_exit_in(&status, lang);
                return Err(Failure::new(None, talk::ended_before_listening(lang, &exit)).into());
            }
            let Some(left) = self.clock.left(deadline, || self.usage()) else {
                let wait = self.opts.scale(timeout);
                return Err(Failure::new(None, talk::no_listener(lang, wait)).into());
            };
            let until = Instant::now() + left.min(LISTENER_POLL);
            self.program()
                .wait_until(until, |state, _| state.exit.is_some());
        }
    }

    /// Writes `data` in one write, then reads the reply.
    pub(super) fn ask(
        &mut self,
        number: usize,
        conn: &str,
        data: &[u8],
        reply: Option<&[u8]>,
        deadline: Instant,
    ) -> Result<(), Stop> {
        self.transcript.sent(conn, data, "");
        let result = self
            .conn(conn)
            .send(data, None, Duration::ZERO, &deadline, &[]);
        result.map_err(|e| self.send_failure(number, e))?;
        let until = reply.map_or(Until::Quiet, Until::Exact);
        let lang = self.opts.lang;
        let got = match self.read_unframed(number, conn, until, deadline)? {
            Got::Bytes(bytes) => bytes,
            Got::Nothing => {
                let message = format!(
                    "{}{}",
                    talk::no_reply(lang, self.waited(number)),
                    self.exit_note()
                );
                return Err(self.unframed_failure(number, message, reply));
            }
            Got::Closed => {
                let message = format!(
                    "{}{}",
                    talk::closed_instead_of_reply(lang),
                    self.exit_note()
                );
                return Err(self.unframed_failure(number, message, reply));
            }
        };
        match reply {
            Some(expected) if got != expected => {
                Err(
                    Failure::mismatch(number, talk::wrong_reply(lang), expected.to_vec(), got)
                        .into(),
                )
            }
            _ => Ok(()),
        }
    }

    /// Reads a client's next message and compares it; one line end may follow.
    pub(super) fn expect_message(
        &mut self,
        number: usize,
        conn: &str,
        message: &[u8],
        deadline: Instant,
    ) -> Result<(), Stop> {
        let lang = self.opts.lang;
        let got = match self.read_unframed(number, conn, Until::Exact(message), deadline)? {
            Got::Bytes(bytes) => bytes,
            Got::Nothing => {
                let text = format!(
                    "{}{}",
                    talk::no_message(lang, self.waited(number)),
                    self.exit_note()
                );
                return Err(self.unframed_failure(number, text, Some(message)));
            }
            Got::Closed => {
                let text = format!(
                    "{}{}",
                    talk::closed_instead_of_message(lang),
                    self.exit_note()
                );
                return Err(self.unframed_failure(number, text, Some(message)));
            }
        };
        let trimmed = got.strip_suffix(b"\n").unwrap_or(&got);
        let trimmed = trimmed.strip_suffix(b"\r").unwrap_or(trimmed);
        if trimmed != message {
            return Err(Failure::mismatch(
                number,
                talk::wrong_message(lang),
                message.to_vec(),
                got,
            )
            .into());
        }
        Ok(())
    }

    /// Reads and drops until the peer closes or `at_most` passes.
    pub(super) fn drain(&mut self, conn: &str, at_most: Duration) -> Result<(), Stop> {
        let at_most = self.opts.scale(at_most);
        let until = (Instant::now() + at_most).min(self.budget_instant());
        let lang = self.opts.lang;
        loop {
            match self.conn(conn).read_some(until) {
                Ok(bytes) if bytes.is_empty() => {
                    self.transcript
                        .event(Some(conn), talk::drained_without_close(lang, at_most));
                    return Ok(());
                }
                Ok(bytes) => self.transcript.received(conn, &bytes),
                Err(ReadError::Closed { partial } | ReadError::Reset { partial }) => {
                    if !partial.is_empty() {
                        self.transcript.received(conn, &partial);
                    }
                    self.transcript.event(Some(conn), talk::peer_closed(lang));
                    return Ok(());
                }
                Err(other) => {
                    return Err(Stop::Grader(format!(
                        "reading from `{conn}` failed: {other:?}"
                    )));
                }
            }
        }
    }

    /// The peer closes within the step's timeout; bytes before that are allowed.
    pub(super) fn expect_end(
        &mut self,
        number: usize,
        conn: &str,
        deadline: Instant,
    ) -> Result<(), Stop> {
        let lang = self.opts.lang;
        loop {
            match self.conn(conn).read_some(deadline) {
                Ok(bytes) if bytes.is_empty() => {
                    return Err(Failure::new(
                        Some(number),
                        talk::not_closed(lang, self.waited(number)),
                    )
                    .into());
                }
                Ok(bytes) => self.transcript.received(conn, &bytes),
                Err(ReadError::Closed { partial } | ReadError::Reset { partial }) => {
                    if !partial.is_empty() {
                        self.transcript.received(conn, &partial);
                    }
                    self.transcript.event(Some(conn), talk::peer_closed(lang));
                    return Ok(());
                }
                Err(other) => {
                    return Err(Stop::Grader(format!(
                        "reading from `{conn}` failed: {other:?}"
                    )));
                }
            }
        }
    }

    /// Waits `idle_for`; the program may use a tenth of it in CPU time.
    pub(super) fn expect_idle(&mut self, number: usize, idle_for: Duration) -> Result<(), Stop> {
        let lang = self.opts.lang;
        let wall = self.opts.scale(idle_for).min(
            self.budget_instant()
                .saturating_duration_since(Instant::now()),
        );
        let before = self
            .cpu_used()
            .ok_or_else(|| Stop::Grader(talk::NO_CPU_TIME.into()))?;
        self.drop_incoming_until(Instant::now() + wall);
        let after = self
            .cpu_used()
            .ok_or_else(|| Stop::Grader(talk::NO_CPU_TIME.into()))?;
        let used = after.saturating_sub(before);
        if used.as_secs_f64() > wall.as_secs_f64() * IDLE_CPU_SHARE {
            return Err(Failure::new(
                Some(number),
                format!("{}{}", talk::spun(lang, used, wall), self.exit_note()),
            )
            .into());
        }
        self.transcript.event(None, talk::idle(lang, used, wall));
        Ok(())
    }

    /// Reads and drops what arrives on every open connection until `until`,
    /// so that a program spinning on `send` is not stopped by full buffers.
    fn drop_incoming_until(&mut self, until: Instant) {
        let mut names: Vec<String> = self.conns.keys().cloned().collect();
        names.sort();
        loop {
            let now = Instant::now();
            if now >= until {
                return;
            }
            if names.is_empty() {
                std::thread::sleep(until - now);
                return;
            }
            let slice = (now + IDLE_READ_SLICE).min(until);
            names.retain(|name| {
                let conn = self.conns.get_mut(name).expect("listed above");
                conn.read_some(slice).is_ok()
            });
        }
    }

    /// CPU time used so far by every process of the run.
    fn cpu_used(&mut self) -> Option<Duration> {
        self.program().cpu_time()
    }

    /// Reads an unframed reply or message, recording what came.
    fn read_unframed(
        &mut self,
        number: usize,
        conn: &str,
        until: Until<'_>,
        deadline: Instant,
    ) -> Result<Got, Stop> {
        let quiet = self.opts.scale(self.test.reply_ends_after);
        let mut got: Vec<u8> = Vec::new();
        let mut closed = false;
        loop {
            let waiting_for_more = match until {
                Until::Exact(expected) => got.len() < expected.len() && expected.starts_with(&got),
                Until::Quiet => true,
            };
            if !got.is_empty() && !waiting_for_more {
                break;
            }
            let by = match until {
                Until::Quiet if !got.is_empty() => (Instant::now() + quiet).min(deadline),
                _ => deadline,
            };
            match self.conn(conn).read_some(by) {
                Ok(bytes) if bytes.is_empty() => break,
                Ok(bytes) => got.extend_from_slice(&bytes),
                Err(ReadError::Closed { partial } | ReadError::Reset { partial }) => {
                    got.extend_from_slice(&partial);
                    closed = true;
                    break;
                }
                Err(other) => {
                    return Err(Stop::Grader(format!(
                        "step {number}: reading from `{conn}` failed: {other:?}"
                    )));
                }
            }
        }
        if !got.is_empty() {
            self.transcript.received(conn, &got);
        }
        if closed {
            self.transcript
                .event(Some(conn), talk::peer_closed(self.opts.lang));
        }
        Ok(match (got.is_empty(), closed) {
            (false, _) => Got::Bytes(got),
            (true, true) => Got::Closed,
            (true, false) => Got::Nothing,
        })
    }

    fn unframed_failure(&self, number: usize, message: String, expected: Option<&[u8]>) -> Stop {
        match expected {
            Some(expected) => {
                Failure::mismatch(number, message, expected.to_vec(), Vec::new()).into()
            }
            None => Failure::new(Some(number), message).into(),
        }
    }
}

/// The listener a client should reach: IPv4 first, then the lowest port.
fn pick_listener(listening: &[SocketAddr]) -> Option<SocketAddr> {
    listening
        .iter()
        .min_by_key(|a| (a.is_ipv6(), a.port()))
        .copied()
}

/// An address to connect to: a wildcard listener is reached on loopback.
fn reachable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wildcard_listener_is_reached_on_loopback_ipv4_first() {
        let all: Vec<SocketAddr> = ["[::]:9999", "0.0.0.0:8888", "10.0.0.7:80"]
            .iter()
            .map(|a| a.parse().unwrap())
            .collect();
        assert_eq!(pick_listener(&all), Some("10.0.0.7:80".parse().unwrap()));
        assert_eq!(reachable(all[1]), "127.0.0.1:8888".parse().unwrap());
        assert_eq!(reachable(all[0]), "[::1]:9999".parse().unwrap());
        assert_eq!(pick_listener(&[]), None);
    }
}
