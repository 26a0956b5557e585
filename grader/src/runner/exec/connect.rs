//! The steps that open and end connections: connect to the program, accept
//! its connection, close, shut down and reset.

use std::net::TcpStream;
use std::os::fd::AsFd;

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};

use super::waits::exit_or_deadline;
use super::{Run, Stop};
use crate::outcome::Failure;
use crate::runner::clock::{TICK, Until};
use crate::runner::conn::Conn;
use crate::runner::program::Program;
use crate::text::runner as say;

impl Run<'_> {
    /// Opens a connection to the address the program announced.
    pub(super) fn connect(
        &mut self,
        number: usize,
        conn: &str,
        deadline: Until,
    ) -> Result<(), Stop> {
        let addr = self
            .program()
            .state
            .listening
            .expect("connect implies waiting for the address");
        let stream = self.connect_by(addr, deadline).map_err(|e| {
            if crate::sandbox::is_graders_own_shortage(&e) {
                // The grader ran out, not the student's program.
                return Stop::Grader(format!("cannot make the test's connection: {e}"));
            }
            Failure::new(
                Some(number),
                format!(
                    "{}{}",
                    say::cannot_connect(self.opts.lang, addr, e),
                    self.ended_note()
                ),
            )
            .into()
        })?;
        let conn_state = self.new_conn(stream)?;
        self.conns.insert(conn.to_string(), conn_state);
        self.transcript
            .event(Some(conn), say::connected(self.opts.lang, addr));
        Ok(())
    }

    /// Connects to `addr`, trying again in slices until the fair deadline:
    /// a loaded machine may be slow to complete the handshake.
    fn connect_by(
        &mut self,
        addr: std::net::SocketAddr,
        deadline: Until,
    ) -> std::io::Result<TcpStream> {
        loop {
            let Some(left) = self.clock.left(deadline, || self.usage()) else {
                return Err(std::io::ErrorKind::TimedOut.into());
            };
            match self.program().connect(addr, left.min(TICK)) {
                Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
                other => return other,
            }
        }
    }

    /// Accepts the program's connection to the test's listener.
    pub(super) fn accept_conn(
        &mut self,
        number: usize,
        conn: &str,
        deadline: Until,
    ) -> Result<(), Stop> {
        let stream = self.accept(number, deadline)?;
        let peer = stream
            .peer_addr()
            .map(|a| a.to_string())
            .unwrap_or_default();
        let conn_state = self.new_conn(stream)?;
        self.conns.insert(conn.to_string(), conn_state);
        self.transcript
            .event(Some(conn), say::accepted(self.opts.lang, &peer));
        Ok(())
    }

    /// Waits for the program's connection to the test's listener.
    pub(super) fn accept(&mut self, number: usize, deadline: Until) -> Result<TcpStream, Stop> {
        let listener = self.listener.as_ref().expect("accept implies a listener");
        listener
            .set_nonblocking(true)
            .map_err(|e| Stop::Grader(e.to_string()))?;
        loop {
            match listener.accept() {
                Ok((stream, _)) => {
                    stream
                        .set_nonblocking(false)
                        .map_err(|e| Stop::Grader(e.to_string()))?;
                    return Ok(stream);
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(Stop::Grader(format!("accept failed: {e}"))),
            }
            let exited = {
                let program = self.program.as_mut().expect("started");
                program.drain();
                program.state.exit
            };
            let left = self.clock.left(deadline, || self.usage());
            if let Some(exit) = exit_or_deadline(exited, left.is_none(), self.opts.lang) {
                return Err(Failure::new(
                    Some(number),
                    say::did_not_connect(self.opts.lang, exit.as_deref()),
                )
                .into());
            }
            // Wake on a connection, or every 50 ms to notice that the program ended.
            let slice = left.unwrap_or_default().min(TICK);
            let mut fds = [PollFd::new(listener.as_fd(), PollFlags::POLLIN)];
            let _ = poll(
                &mut fds,
                PollTimeout::try_from(slice).unwrap_or(PollTimeout::MAX),
            );
        }
    }

    /// A new connection, with the run's write delays when they are asked
    /// for, reading the socket tables of the namespace it lives in.
    fn new_conn(&mut self, stream: TcpStream) -> Result<Conn, Stop> {
        let tables = self
            .program
            .as_ref()
            .map_or_else(crate::sandbox::SocketTables::own, Program::socket_tables);
        let mut conn = Conn::new(stream, tables).map_err(|e| Stop::Grader(e.to_string()))?;
        conn.jitter(self.opts.write_jitter, self.rng.u64(..));
        Ok(conn)
    }

    /// Closes a connection, once the program has read what came before.
    pub(super) fn close(&mut self, conn: &str, deadline: Until) -> Result<(), Stop> {
        if let Some(conn_state) = self.conns.remove(conn) {
            self.with_wait(deadline, |d| conn_state.close(d));
        }
        self.transcript
            .event(Some(conn), say::test_closed(self.opts.lang));
        Ok(())
    }

    /// Closes a connection's sending side.
    pub(super) fn shutdown(
        &mut self,
        number: usize,
        conn: &str,
        deadline: Until,
    ) -> Result<(), Stop> {
        let quiet = self.test.quiet.clone();
        self.with_conn(conn, deadline, |c, d| c.shutdown(&quiet, d))
            .map_err(|e| self.send_failure(number, e))?;
        self.transcript
            .event(Some(conn), say::test_shutdown(self.opts.lang));
        Ok(())
    }

    /// Aborts a connection with a reset.
    pub(super) fn reset(&mut self, conn: &str, deadline: Until) -> Result<(), Stop> {
        let conn_state = self.conns.remove(conn).expect("checked");
        self.with_wait(deadline, |d| conn_state.reset(d))
            .map_err(|e| Stop::Grader(format!("cannot reset: {e}")))?;
        self.transcript
            .event(Some(conn), say::test_reset(self.opts.lang));
        Ok(())
    }
}
