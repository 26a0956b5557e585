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
    /// Its socket tables, made inside it the first time they are asked for.
    tables: std::sync::OnceLock<SocketTables>,
}

impl NetNs {
    /// The network namespace of process `pid`.
    pub(crate) fn of_process(pid: i32) -> io::Result<NetNs> {
        let ns = File::open(format!("/proc/{pid}/ns/net"))?;
        Ok(NetNs {
            ns,
            tables: std::sync::OnceLock::new(),
        })
    }

    /// The namespace's socket tables: asked through a socket made inside it
    /// (held open handle, not a process id), so they show this namespace's
    /// sockets and no other's for as long as they are used.
    pub fn tables(&self) -> SocketTables {
        self.tables
            .get_or_init(|| {
                self.inside(|| Ok(SocketTables::here()))
                    .unwrap_or_else(|_| SocketTables::none())
            })
            .clone()
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
    ///
    /// It binds with `IP_FREEBIND`: bubblewrap reports the sandbox's process
    /// (which is when the grader opens the test's listener) before that
    /// process has brought the namespace's loopback up, so the address may
    /// not exist yet; the listener takes its connections once it does.
    pub fn listen(&self, addr: SocketAddr) -> io::Result<TcpListener> {
        self.inside(|| {
            let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
            socket.set_reuse_address(true)?;
            if addr.is_ipv6() {
                socket.set_only_v6(false)?;
                socket.set_freebind_v6(true)?;
            } else {
                socket.set_freebind_v4(true)?;
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

    /// The test's listener can be opened before the namespace's loopback is
    /// up (bubblewrap brings it up after it has said the sandbox exists).
    /// Newer kernels (6.x) bind 127.0.0.1 on a down loopback even without
    /// `IP_FREEBIND`, so the test also checks the option itself: without it
    /// an older kernel refuses the bind with `EADDRNOTAVAIL`.
    #[test]
    #[cfg(target_os = "linux")]
    fn a_listener_opens_before_the_loopback_is_up() {
        use std::process::{Command, Stdio};
        if !nix::unistd::geteuid().is_root() {
            assert!(
                std::env::var_os("NETLAB_ALLOW_MISSING_PROTECTIONS").is_some(),
                "entering a network namespace takes root; set NETLAB_ALLOW_MISSING_PROTECTIONS=1 to accept not proving it here"
            );
            eprintln!("NOT PROVEN here (not root): a listener before the loopback is up");
            return;
        }
        // A namespace whose loopback stays down, as bubblewrap's is at first;
        // its first line says it exists.
        let mut holder = Command::new("unshare")
            .args(["--net", "sh", "-c", "echo ready; exec sleep 60"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("unshare (util-linux)");
        let pid = holder.id() as i32;
        let mut ready = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(holder.stdout.as_mut().unwrap()),
            &mut ready,
        )
        .unwrap();
        assert_eq!(ready, "ready\n");
        let net = NetNs::of_process(pid).unwrap();
        let addr: SocketAddr = "127.0.0.1:9999".parse().unwrap();
        let listened = net.listen(addr);
        let _ = holder.kill();
        let _ = holder.wait();
        let listener = listened.expect("a listener before the loopback is up");
        assert_eq!(listener.local_addr().unwrap(), addr);
        assert!(
            socket2::SockRef::from(&listener).freebind_v4().unwrap(),
            "the listener must bind with IP_FREEBIND"
        );
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
