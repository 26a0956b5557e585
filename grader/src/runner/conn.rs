//! One TCP connection the test holds: writes with optional pieces and pauses,
//! line reads under deadlines, and the messages still waiting for a reply.
//!
//! Every wait takes a [`Deadline`] and blocks at most one slice of it at a
//! time, so a deadline on a run's fair clock (see [`super::clock`]) can
//! stretch while the machine is loaded. Before each write, shutdown or
//! reset the connection *settles* (see [`super::settle`]): two writes of the
//! test never arrive in one `read` of the program.

use std::collections::VecDeque;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use super::clock::Deadline;
use super::settle::settle;
use crate::sandbox::SocketTables;

/// A received line longer than this (without a `\n`) is not waited on further.
const MAX_LINE: usize = 4 << 20;

/// Why a read did not produce what was wanted.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The deadline passed; `partial` is what arrived without a `\n`.
    Timeout { partial: Vec<u8> },
    /// The peer closed the connection (end of stream).
    Closed { partial: Vec<u8> },
    /// The peer reset the connection.
    Reset { partial: Vec<u8> },
    /// More than [`MAX_LINE`] bytes without a line end.
    TooLong { len: usize },
    /// Any other socket error.
    Io(io::Error),
}

/// A connection and its bookkeeping.
pub(crate) struct Conn {
    stream: TcpStream,
    received: Vec<u8>,
    unsent_line: Vec<u8>,
    /// Messages sent whose replies have not been read yet.
    pub(crate) pending: VecDeque<Vec<u8>>,
    eof: bool,
    /// The socket tables of the namespace the connection lives in.
    tables: SocketTables,
    /// Random delays before and after each write, for `verify --under-load`.
    jitter: Option<(fastrand::Rng, Duration)>,
}

impl Conn {
    /// Wraps a connected stream living in the namespace of `tables`; small
    /// writes go out at once (no Nagle delay).
    pub(crate) fn new(stream: TcpStream, tables: SocketTables) -> io::Result<Conn> {
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            received: Vec::new(),
            unsent_line: Vec::new(),
            pending: VecDeque::new(),
            eof: false,
            tables,
            jitter: None,
        })
    }

    /// Sleeps a random time up to `max` before and after each write (drawn
    /// from `seed`, apart from the test's data), to shake out verdicts that
    /// depend on scheduling.
    pub(crate) fn jitter(&mut self, max: Duration, seed: u64) {
        self.jitter = (!max.is_zero()).then(|| (fastrand::Rng::with_seed(seed), max));
    }

    fn delay(&mut self) {
        if let Some((rng, max)) = &mut self.jitter {
            let nanos = rng.u64(0..=max.as_nanos() as u64);
            thread::sleep(Duration::from_nanos(nanos));
        }
    }

    /// Waits until the peer has read every byte sent so far (see [`settle`]).
    fn settle(&self, deadline: &dyn Deadline) {
        settle(&self.stream, &self.tables, deadline);
    }

    /// Writes `data`, in pieces of `split` bytes when asked, each once the
    /// program has read the one before, then `pause` later; records the
    /// complete messages it carries (except `quiet` ones).
    pub(crate) fn send(
        &mut self,
        data: &[u8],
        split: Option<usize>,
        pause: Duration,
        deadline: &dyn Deadline,
        quiet: &[Vec<u8>],
    ) -> io::Result<()> {
        let piece = split.unwrap_or(data.len()).max(1);
        for (index, chunk) in data.chunks(piece).enumerate() {
            self.settle(deadline);
            if index > 0 && !pause.is_zero() {
                thread::sleep(pause.min(deadline.next_wait().unwrap_or_default()));
            }
            self.delay();
            self.write_piece(chunk, deadline)?;
            self.delay();
        }
        self.track_messages(data, quiet);
        Ok(())
    }

    /// `write_all` by `deadline`, one slice of it at a time.
    fn write_piece(&mut self, mut chunk: &[u8], deadline: &dyn Deadline) -> io::Result<()> {
        while !chunk.is_empty() {
            let Some(slice) = deadline.next_wait() else {
                return Err(io::Error::from(ErrorKind::TimedOut));
            };
            self.stream.set_write_timeout(Some(slice))?;
            match self.stream.write(chunk) {
                Ok(0) => return Err(io::Error::from(ErrorKind::WriteZero)),
                Ok(n) => chunk = &chunk[n..],
                Err(e)
                    if matches!(
                        e.kind(),
                        ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                    ) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn track_messages(&mut self, data: &[u8], quiet: &[Vec<u8>]) {
        self.unsent_line.extend_from_slice(data);
        while let Some(end) = self.unsent_line.iter().position(|&b| b == b'\n') {
            let mut line: Vec<u8> = self.unsent_line.drain(..=end).collect();
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            if !quiet.contains(&line) {
                self.pending.push_back(line);
            }
        }
    }

    /// Reads one line (without its `\n`) by `deadline`.
    pub(crate) fn read_line(&mut self, deadline: &dyn Deadline) -> Result<Vec<u8>, ReadError> {
        loop {
            if let Some(end) = self.received.iter().position(|&b| b == b'\n') {
                let mut line: Vec<u8> = self.received.drain(..=end).collect();
                line.pop();
                return Ok(line);
            }
            if self.received.len() > MAX_LINE {
                return Err(ReadError::TooLong {
                    len: self.received.len(),
                });
            }
            self.fill(deadline)?;
        }
    }

    /// Reads until the peer closes; `Ok` holds any bytes that came first.
    pub(crate) fn read_to_close(&mut self, deadline: &dyn Deadline) -> Result<Vec<u8>, ReadError> {
        loop {
            match self.fill(deadline) {
                Ok(()) => {}
                Err(ReadError::Closed { partial } | ReadError::Reset { partial }) => {
                    return Ok(partial);
                }
                Err(other) => return Err(other),
            }
        }
    }

    /// Waits until `deadline`; `Ok` holds whatever arrived meanwhile (empty if silent).
    pub(crate) fn read_during(&mut self, deadline: &dyn Deadline) -> Result<Vec<u8>, ReadError> {
        loop {
            match self.fill(deadline) {
                Ok(()) if self.received.is_empty() => {}
                Ok(()) => return Ok(std::mem::take(&mut self.received)),
                Err(ReadError::Timeout { partial }) => return Ok(partial),
                Err(ReadError::Closed { partial } | ReadError::Reset { partial }) => {
                    return Ok(partial);
                }
                Err(other) => return Err(other),
            }
        }
    }

    /// One read by `deadline` for unframed steps (the Python track's hook):
    /// the bytes already buffered or that came (empty when the deadline passed
    /// first); `Err(Closed | Reset)` once the peer has ended the connection.
    pub(crate) fn read_some(&mut self, deadline: Instant) -> Result<Vec<u8>, ReadError> {
        if !self.received.is_empty() {
            return Ok(std::mem::take(&mut self.received));
        }
        match self.fill(&deadline) {
            Ok(()) => Ok(std::mem::take(&mut self.received)),
            Err(ReadError::Timeout { partial }) => Ok(partial),
            Err(other) => Err(other),
        }
    }

    /// One read into the buffer within one slice of `deadline`; `Ok` also
    /// when the slice ends with nothing read (the caller looks again).
    fn fill(&mut self, deadline: &dyn Deadline) -> Result<(), ReadError> {
        if self.eof {
            return Err(ReadError::Closed {
                partial: std::mem::take(&mut self.received),
            });
        }
        let Some(left) = deadline.next_wait() else {
            return Err(ReadError::Timeout {
                partial: std::mem::take(&mut self.received),
            });
        };
        self.stream
            .set_read_timeout(Some(left))
            .map_err(ReadError::Io)?;
        let mut chunk = [0u8; 64 * 1024];
        match self.stream.read(&mut chunk) {
            Ok(0) => {
                self.eof = true;
                Err(ReadError::Closed {
                    partial: std::mem::take(&mut self.received),
                })
            }
            Ok(n) => {
                self.received.extend_from_slice(&chunk[..n]);
                Ok(())
            }
            // The slice ended: the caller asks the deadline again.
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) =>
            {
                Ok(())
            }
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted
                ) =>
            {
                self.eof = true;
                Err(ReadError::Reset {
                    partial: std::mem::take(&mut self.received),
                })
            }
            Err(e) => Err(ReadError::Io(e)),
        }
    }

    /// Closes the sending side once the program has read what came before;
    /// an unterminated last message now counts as sent.
    pub(crate) fn shutdown(
        &mut self,
        quiet: &[Vec<u8>],
        deadline: &dyn Deadline,
    ) -> io::Result<()> {
        self.settle(deadline);
        self.stream.shutdown(Shutdown::Write)?;
        let last = std::mem::take(&mut self.unsent_line);
        if !last.is_empty() && !quiet.contains(&last) {
            self.pending.push_back(last);
        }
        Ok(())
    }

    /// Closes the connection (both directions) once the program has read
    /// what came before.
    pub(crate) fn close(self, deadline: &dyn Deadline) {
        self.settle(deadline);
    }

    /// Aborts the connection with a reset (SO_LINGER 0, then close), once the
    /// program has read what came before.
    pub(crate) fn reset(self, deadline: &dyn Deadline) -> io::Result<()> {
        self.settle(deadline);
        let socket = socket2::Socket::from(self.stream);
        socket.set_linger(Some(Duration::ZERO))?;
        drop(socket);
        Ok(())
    }
}
