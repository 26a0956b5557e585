//! A run's own network namespace, as the grader reaches into it: sockets made
//! inside it (a socket keeps the namespace it was created in, so the test's
//! connections and listeners live beside the program's), and its socket
//! tables ([`SocketTables`]), which is how readiness is verified rather than
//! taken on the program's word.

use std::fs::File;
use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

use socket2::{Domain, Protocol, Socket, Type};

use super::sockets::SocketTables;

/// A handle on one network namespace (an open `/proc/<pid>/ns/net`).
#[derive(Debug)]
pub struct NetNs {
    ns: File,
    /// A process living in the namespace for as long as the run does.
    pid: i32,
}

impl NetNs {
    /// The network namespace of process `pid`.
    pub(crate) fn of_process(pid: i32) -> io::Result<NetNs> {
        Ok(NetNs {
            ns: File::open(format!("/proc/{pid}/ns/net"))?,
            pid,
        })
    }

    /// The namespace's socket tables, as its process shows them.
    pub fn tables(&self) -> SocketTables {
        SocketTables::of_process(self.pid)
    }

    /// Runs `work` on a short-lived thread that has entered the namespace
    /// (only that thread moves; the grader's others stay where they are).
    fn inside<T: Send>(&self, work: impl FnOnce() -> io::Result<T> + Send) -> io::Result<T> {
        std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    enter(&self.ns)?;
                    work()
                })
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the namespace thread panicked")))
        })
    }

    /// A TCP connection to `addr` inside the namespace.
    pub fn connect(&self, addr: SocketAddr, timeout: Duration) -> io::Result<TcpStream> {
        let socket = self
            .inside(|| Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP)))?;
        socket.connect_timeout(&addr.into(), timeout)?;
        Ok(socket.into())
    }

    /// A TCP listener on `addr` inside the namespace (address reuse on, so a
    /// fixed port is free again at once).
    pub fn listen(&self, addr: SocketAddr) -> io::Result<TcpListener> {
        self.inside(|| {
            let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
            socket.set_reuse_address(true)?;
            if addr.is_ipv6() {
                socket.set_only_v6(false)?;
            }
            socket.bind(&addr.into())?;
            socket.listen(128)?;
            Ok(socket.into())
        })
    }

    /// A raw packet socket (`AF_PACKET`, every protocol) made inside the
    /// namespace: it sees the frames of the namespace's own interfaces, which
    /// for a run is only its loopback.
    #[cfg(target_os = "linux")]
    pub(crate) fn packet_socket(&self) -> io::Result<Socket> {
        let all = i32::from((libc::ETH_P_ALL as u16).to_be());
        self.inside(|| Socket::new(Domain::PACKET, Type::RAW, Some(Protocol::from(all))))
    }

    /// Packet sockets are Linux's.
    #[cfg(not(target_os = "linux"))]
    pub(crate) fn packet_socket(&self) -> io::Result<Socket> {
        Err(io::Error::from(io::ErrorKind::Unsupported))
    }
}

/// Moves the calling thread into the network namespace `ns`.
#[cfg(target_os = "linux")]
fn enter(ns: &File) -> io::Result<()> {
    nix::sched::setns(ns, nix::sched::CloneFlags::CLONE_NEWNET).map_err(io::Error::from)
}

/// Network namespaces are Linux's.
#[cfg(not(target_os = "linux"))]
fn enter(_ns: &File) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Whether `claimed` is served by one of `listeners`: the same address, or
/// the same port on the unspecified address of its family (or of IPv6, which
/// also takes IPv4 unless the socket is IPv6-only).
pub fn is_served(claimed: SocketAddr, listeners: &[SocketAddr]) -> bool {
    listeners.iter().any(|l| {
        l.port() == claimed.port()
            && (l.ip() == claimed.ip()
                || (l.ip().is_unspecified() && (l.is_ipv6() || claimed.is_ipv4())))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_is_served_by_its_own_address_or_a_wildcard_of_the_port() {
        let listeners: Vec<SocketAddr> = vec![
            "0.0.0.0:8888".parse().unwrap(),
            "127.0.0.1:9000".parse().unwrap(),
        ];
        assert!(is_served("127.0.0.1:8888".parse().unwrap(), &listeners));
        assert!(is_served("127.0.0.1:9000".parse().unwrap(), &listeners));
        assert!(!is_served("127.0.0.2:9000".parse().unwrap(), &listeners));
        assert!(!is_served("127.0.0.1:9001".parse().unwrap(), &listeners));
        assert!(!is_served("[::1]:8888".parse().unwrap(), &listeners));
    }
}
