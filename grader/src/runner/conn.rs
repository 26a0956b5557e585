//! One TCP connection the test holds: writes with optional pieces and pauses,
//! line reads under deadlines, and the messages still waiting for a reply.

use std::collections::VecDeque;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

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
}

impl Conn {
    /// Wraps a connected stream; small writes go out at once (no Nagle delay).
    pub(crate) fn new(stream: TcpStream) -> io::Result<Conn> {
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            received: Vec::new(),
            unsent_line: Vec::new(),
            pending: VecDeque::new(),
            eof: false,
        })
    }

    /// Writes `data`, in pieces of `split` bytes with `pause` between them when
    /// asked, and records the complete messages it carries (except `quiet` ones).
    pub(crate) fn send(
        &mut self,
        data: &[u8],
        split: Option<usize>,
        pause: Duration,
        deadline: Instant,
        quiet: &[Vec<u8>],
    ) -> io::Result<()> {
        let piece = split.unwrap_or(data.len()).max(1);
        for (index, chunk) in data.chunks(piece).enumerate() {
            if index > 0 && !pause.is_zero() {
                thread::sleep(pause.min(deadline.saturating_duration_since(Instant::now())));
            }
            self.stream.set_write_timeout(Some(remaining(deadline)))?;
            self.stream.write_all(chunk)?;
        }
        self.track_messages(data, quiet);
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
    pub(crate) fn read_line(&mut self, deadline: Instant) -> Result<Vec<u8>, ReadError> {
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
    pub(crate) fn read_to_close(&mut self, deadline: Instant) -> Result<Vec<u8>, ReadError> {
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

    /// Waits `quiet_for`; `Ok` holds whatever arrived meanwhile (empty if silent).
    pub(crate) fn read_during(&mut self, quiet_for: Duration) -> Result<Vec<u8>, ReadError> {
        let until = Instant::now() + quiet_for;
        match self.fill(until) {
            Ok(()) => Ok(std::mem::take(&mut self.received)),
            Err(ReadError::Timeout { partial }) => Ok(partial),
            Err(ReadError::Closed { partial } | ReadError::Reset { partial }) => Ok(partial),
            Err(other) => Err(other),
        }
    }

    /// One read by `deadline` for unframed steps (the Python track's hook):
    /// the bytes already buffered or that came (empty when the deadline passed
    /// first); `Err(Closed | Reset)` once the peer has ended the connection.
    pub(crate) fn read_some(&mut self, deadline: Instant) -> Result<Vec<u8>, ReadError> {
        if !self.received.is_empty() {
            return Ok(std::mem::take(&mut self.received));
        }
        match self.fill(deadline) {
            Ok(()) => Ok(std::mem::take(&mut self.received)),
            Err(ReadError::Timeout { partial }) => Ok(partial),
            Err(other) => Err(other),
        }
    }

    /// One read into the buffer by `deadline`.
    fn fill(&mut self, deadline: Instant) -> Result<(), ReadError> {
        if self.eof {
            return Err(ReadError::Closed {
                partial: std::mem::take(&mut self.received),
            });
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ReadError::Timeout {
                partial: std::mem::take(&mut self.received),
            });
        }
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
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                Err(ReadError::Timeout {
                    partial: std::mem::take(&mut self.received),
                })
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => Ok(()),
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

    /// Closes the sending side; an unterminated last message now counts as sent.
    pub(crate) fn shutdown(&mut self, quiet: &[Vec<u8>]) -> io::Result<()> {
        self.stream.shutdown(Shutdown::Write)?;
        let last = std::mem::take(&mut self.unsent_line);
        if !last.is_empty() && !quiet.contains(&last) {
            self.pending.push_back(last);
        }
        Ok(())
    }

    /// Aborts the connection with a reset: SO_LINGER 0, then close.
    pub(crate) fn reset(self) -> io::Result<()> {
        let socket = socket2::Socket::from(self.stream);
        socket.set_linger(Some(Duration::ZERO))?;
        drop(socket);
        Ok(())
    }
}

/// What is left until `deadline`, at least a millisecond (a zero timeout means "none").
pub(crate) fn remaining(deadline: Instant) -> Duration {
    deadline
        .saturating_duration_since(Instant::now())
        .max(Duration::from_millis(1))
}
