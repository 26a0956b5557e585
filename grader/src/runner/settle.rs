//! Whether the program has read what the test sent: the kernel's socket
//! tables of the run's namespace ([`SocketTables`]) show, for the program's end of a
//! connection, the bytes received but not yet read (`rx_queue`), and for the
//! test's end the bytes not yet delivered (`tx_queue`).
//!
//! A connection waits for both to be zero before each write, shutdown or
//! reset ("settles"), so one write of the test never shares a `read` with
//! the next: the bytes a test gives in one write arrive together, the
//! pieces of a split message arrive apart, and a program that takes one
//! `read` for one message gets the same verdict on every run.

use std::net::TcpStream;
use std::thread;
use std::time::Duration;

use super::clock::Deadline;
use crate::sandbox::SocketTables;

/// Waits, within `deadline`, until the peer has read every byte sent on
/// `stream`; returns whether it did (or nothing could be seen, where the
/// platform has no socket tables). A program that does not read in time
/// is no reason to stop: the test's next step judges it.
pub(crate) fn settle(stream: &TcpStream, tables: &SocketTables, deadline: &dyn Deadline) -> bool {
    let mut pause = Duration::from_micros(200);
    loop {
        match tables.unread(stream) {
            None | Some(0) => return true,
            Some(_) => {}
        }
        let Some(left) = deadline.next_wait() else {
            return false;
        };
        // There is no event for "the peer read": look again soon, then less often.
        thread::sleep(pause.min(left));
        pause = (pause * 2).min(Duration::from_millis(10));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::time::Instant;

    #[test]
    #[cfg(target_os = "linux")]
    fn a_write_settles_once_the_peer_has_read_it() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (mut server, _) = listener.accept().unwrap();
        let tables = SocketTables::own();
        client.write_all(b"hello").unwrap();
        let until = Instant::now() + Duration::from_secs(5);
        // Delivery on loopback is immediate, but let the kernel finish it.
        while tables.unread(&client) != Some(5) && Instant::now() < until {
            thread::sleep(Duration::from_millis(1));
        }
        assert!(!settle(&client, &tables, &Instant::now()));
        let mut buf = [0; 16];
        assert_eq!(server.read(&mut buf).unwrap(), 5);
        assert!(settle(&client, &tables, &until));
    }
}
