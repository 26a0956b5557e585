//! A run's own network namespace, as the grader reaches into it: sockets made
//! inside it (a socket keeps the namespace it was created in, so the test's
//! connections and listeners live beside the program's), and the list of
//! sockets listening there, which is how readiness is verified rather than
//! taken on the program's word.

use std::fs::File;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

use socket2::{Domain, Protocol, Socket, Type};

/// A handle on one network namespace (an open `/proc/<pid>/ns/net`).
#[derive(Debug)]
pub struct NetNs {
    ns: File,
}

impl NetNs {
    /// The network namespace of process `pid`.
    pub(crate) fn of_process(pid: i32) -> io::Result<NetNs> {
        Ok(NetNs {
            ns: File::open(format!("/proc/{pid}/ns/net"))?,
        })
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

    /// Every TCP socket listening in the namespace now.
    pub fn listeners(&self) -> io::Result<Vec<SocketAddr>> {
        self.inside(|| {
            let mut found = Vec::new();
            for name in ["tcp", "tcp6"] {
                // A kernel without IPv6 has no `tcp6`.
                if let Ok(text) = std::fs::read_to_string(format!("/proc/thread-self/net/{name}")) {
                    found.extend(listening_in(&text));
                }
            }
            Ok(found)
        })
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

/// The listening sockets (state `0A`) of a `/proc/net/tcp` or `tcp6` table.
pub fn listening_in(table: &str) -> Vec<SocketAddr> {
    table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let local = fields.nth(1)?;
            let state = fields.nth(1)?;
            (state == "0A").then(|| parse_hex_addr(local)).flatten()
        })
        .collect()
}

/// `0100007F:1F90` (IPv4) or 32 hex digits (IPv6) and a port, as the kernel
/// writes them: each 32-bit word in host byte order.
fn parse_hex_addr(text: &str) -> Option<SocketAddr> {
    let (ip, port) = text.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let words: Vec<u32> = (0..ip.len() / 8)
        .map(|i| u32::from_str_radix(ip.get(i * 8..i * 8 + 8)?, 16).ok())
        .collect::<Option<_>>()?;
    let ip = match words.as_slice() {
        [one] => IpAddr::V4(Ipv4Addr::from(one.to_ne_bytes())),
        [a, b, c, d] => {
            let mut bytes = [0u8; 16];
            for (i, word) in [a, b, c, d].into_iter().enumerate() {
                bytes[i * 4..i * 4 + 4].copy_from_slice(&word.to_ne_bytes());
            }
            IpAddr::V6(Ipv6Addr::from(bytes))
        }
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TCP: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
   1: 00000000:22B8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0
   2: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0 100 0 0 10 0
";
    const TCP6: &str = "  sl  local_address                         remote_address                        st
   0: 00000000000000000000000001000000:22B3 00000000000000000000000000000000:0000 0A 00000000:00000000
";

    #[test]
    fn listening_sockets_are_read_from_the_kernels_tables() {
        let v4 = listening_in(TCP);
        assert_eq!(
            v4,
            vec![
                "127.0.0.1:8080".parse().unwrap(),
                "0.0.0.0:8888".parse().unwrap()
            ]
        );
        assert_eq!(listening_in(TCP6), vec!["[::1]:8883".parse().unwrap()]);
    }

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
