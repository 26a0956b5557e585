//! The kernel's TCP socket tables of one network namespace, asked through
//! `sock_diag` netlink (the interface `ss` uses), the one reader of them:
//! which sockets listen there (readiness is verified, not taken on the
//! program's word), and how many bytes a connection's ends hold that their
//! reader has not read yet (writes settle before the next).
//!
//! Not `/proc/net/tcp`: reading that walks the whole of the kernel's
//! connection hash (shared by every namespace, sized for the machine's
//! memory) at every page read, and settling reads it every few
//! milliseconds; measured, that walk was two thirds of the grader's CPU time
//! during tests. A `sock_diag` query names the one connection end it wants
//! (a hash lookup) or asks for listeners only (no connection walked).
//!
//! A netlink socket answers for the namespace it was made in, for its whole
//! life: tables made for a run ([`SocketTables::in_namespace`]) can never show
//! another namespace's sockets, whatever happens to the run's processes.

use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};

#[cfg(target_os = "linux")]
mod diag;

use diag::{Diag, Family};

/// Elsewhere there are no namespaces and no `sock_diag`: the tables show
/// nothing, so readiness rests on the program's line and writes do not settle.
#[cfg(not(target_os = "linux"))]
mod diag {
    use std::net::SocketAddr;

    #[derive(Debug)]
    pub(super) enum Diag {}

    #[derive(Clone, Copy)]
    pub(super) enum Family {
        V4,
        V6,
    }

    pub(super) struct End {
        pub(super) send_queue: u32,
        pub(super) recv_queue: u32,
    }

    impl Diag {
        pub(super) fn open() -> std::io::Result<Diag> {
            Err(std::io::ErrorKind::Unsupported.into())
        }
        pub(super) fn listeners(&mut self, _family: Family) -> Vec<SocketAddr> {
            match *self {}
        }
        pub(super) fn one(&mut self, _local: SocketAddr, _remote: SocketAddr) -> Option<End> {
            match *self {}
        }
    }
}

/// The socket tables of one network namespace.
#[derive(Clone, Debug)]
pub struct SocketTables {
    /// The namespace's `sock_diag` socket (queries take turns on it); `None`
    /// where it could not be made, and then the tables show nothing.
    diag: Option<Arc<Mutex<Diag>>>,
}

impl SocketTables {
    /// The tables of the namespace the calling thread lives in.
    pub fn here() -> SocketTables {
        SocketTables {
            diag: Diag::open().ok().map(|diag| Arc::new(Mutex::new(diag))),
        }
    }

    /// Tables that show nothing (where the namespace could not be entered).
    pub fn none() -> SocketTables {
        SocketTables { diag: None }
    }

    /// The tables of the grader's own namespace: one socket for the whole
    /// process, made the first time (callers without a run namespace ask at
    /// every poll).
    pub fn own() -> SocketTables {
        static OWN: std::sync::OnceLock<SocketTables> = std::sync::OnceLock::new();
        OWN.get_or_init(SocketTables::here).clone()
    }

    /// Every TCP socket listening in the namespace now, IPv4 and IPv6.
    pub fn listeners(&self) -> Vec<SocketAddr> {
        let Some(diag) = &self.diag else {
            return Vec::new();
        };
        let mut diag = diag.lock().unwrap_or_else(|e| e.into_inner());
        [Family::V4, Family::V6]
            .into_iter()
            .flat_map(|family| diag.listeners(family))
            .collect()
    }

    /// Bytes sent on `stream` that its peer has not read yet: what is still
    /// on the way (our end's send queue) and what waits in the peer's receive
    /// queue. `None` when the namespace does not hold our end (not this
    /// namespace's connection); the peer's end is gone once it closed, with
    /// nothing left to read.
    pub fn unread(&self, stream: &TcpStream) -> Option<u64> {
        let ours = stream.local_addr().ok()?;
        let theirs = stream.peer_addr().ok()?;
        let mut diag = self
            .diag
            .as_ref()?
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let sending = diag.one(ours, theirs)?.send_queue;
        let receiving = diag.one(theirs, ours).map_or(0, |end| end.recv_queue);
        Some(u64::from(sending) + u64::from(receiving))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn unread_bytes_are_seen_until_the_peer_reads_them() {
        use std::io::{Read, Write};
        use std::time::{Duration, Instant};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (mut server, _) = listener.accept().unwrap();
        let tables = SocketTables::own();
        assert!(tables.listeners().contains(&listener.local_addr().unwrap()));
        assert_eq!(tables.unread(&client), Some(0));
        client.write_all(b"hello").unwrap();
        let until = Instant::now() + Duration::from_secs(5);
        // Delivery on loopback is immediate, but let the kernel finish it.
        while tables.unread(&client) != Some(5) && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(tables.unread(&client), Some(5));
        let mut buf = [0; 16];
        assert_eq!(server.read(&mut buf).unwrap(), 5);
        assert_eq!(tables.unread(&client), Some(0));
        // A connection this namespace does not hold has no ends to show.
        let elsewhere = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let stranger = TcpStream::connect(elsewhere.local_addr().unwrap()).unwrap();
        drop(elsewhere);
        let _ = stranger.shutdown(std::net::Shutdown::Both);
        // (Another namespace's tables are proven in `netns`'s tests.)
    }
}
