//! The kernel's TCP socket tables (`/proc/<pid>/net/tcp` and `tcp6`) of one
//! network namespace, the one reader of them: which sockets listen there
//! (readiness is verified, not taken on the program's word), and how many
//! bytes a connection's ends hold that their reader has not read yet (writes
//! settle before the next).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::path::PathBuf;

/// State `0A` of a table row: listening.
const LISTEN: u8 = 0x0A;

/// The socket tables of one network namespace, as procfs shows them to a
/// process living in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SocketTables {
    dir: PathBuf,
    /// The namespace the tables must belong to (`net:[inode]`), checked
    /// around every read: a process id can be reused once its process is
    /// gone, and another namespace's tables are none of this run's.
    namespace: Option<(PathBuf, std::ffi::OsString)>,
}

impl SocketTables {
    /// The tables of the namespace process `pid` lives in (`/proc/<pid>/net`);
    /// empty once the process is gone.
    pub fn of_process(pid: i32) -> SocketTables {
        SocketTables {
            dir: PathBuf::from(format!("/proc/{pid}/net")),
            namespace: None,
        }
    }

    /// The tables of process `pid` for as long as it lives in `namespace`
    /// (the target of a `/proc/<pid>/ns/net` link, `net:[inode]`); none
    /// once the process id belongs to another namespace.
    pub fn of_process_in(pid: i32, namespace: std::ffi::OsString) -> SocketTables {
        SocketTables {
            namespace: Some((PathBuf::from(format!("/proc/{pid}/ns/net")), namespace)),
            ..SocketTables::of_process(pid)
        }
    }

    /// The tables of the grader's own namespace.
    pub fn own() -> SocketTables {
        SocketTables {
            dir: PathBuf::from("/proc/self/net"),
            namespace: None,
        }
    }

    /// Every TCP socket of the namespace, IPv4 and IPv6 (a kernel without
    /// IPv6 has no `tcp6`; a table that cannot be read has no rows).
    pub fn rows(&self) -> Vec<SocketRow> {
        if !self.still_ours() {
            return Vec::new();
        }
        let rows = ["tcp", "tcp6"]
            .iter()
            .filter_map(|table| std::fs::read_to_string(self.dir.join(table)).ok())
            .flat_map(|text| rows_in(&text))
            .collect();
        // Checked again: the process may have gone (and its id been reused)
        // while the tables were read.
        if self.still_ours() { rows } else { Vec::new() }
    }

    /// Whether the tables' process still lives in the namespace expected.
    fn still_ours(&self) -> bool {
        self.namespace
            .as_ref()
            .is_none_or(|(link, expected)| std::fs::read_link(link).is_ok_and(|t| t == *expected))
    }

    /// Every TCP socket listening in the namespace now.
    pub fn listeners(&self) -> Vec<SocketAddr> {
        self.rows()
            .into_iter()
            .filter(|row| row.state == LISTEN)
            .map(|row| row.local)
            .collect()
    }

    /// Bytes sent on `stream` that its peer has not read yet: what is still
    /// on the way (our end's `tx_queue`) and what waits in the peer's receive
    /// queue (its `rx_queue`). `None` when these tables do not show our end
    /// (not this namespace's connection); the peer's end is gone once it
    /// closed, with nothing left to read.
    pub fn unread(&self, stream: &TcpStream) -> Option<u64> {
        let ours = stream.local_addr().ok()?;
        let theirs = stream.peer_addr().ok()?;
        let (mut sending, mut receiving) = (None, None);
        for row in self.rows() {
            if row.local == ours && row.remote == theirs {
                sending = Some(row.tx_queue);
            } else if row.local == theirs && row.remote == ours {
                receiving = Some(row.rx_queue);
            }
        }
        Some(sending? + receiving.unwrap_or(0))
    }
}

/// One row of a socket table: `sl local rem st tx_queue:rx_queue ...`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SocketRow {
    /// The socket's own address.
    pub local: SocketAddr,
    /// Its peer's (the unspecified address for a listener).
    pub remote: SocketAddr,
    /// The kernel's TCP state (`0A`: listening, `01`: established).
    pub state: u8,
    /// Bytes sent and not yet acknowledged.
    pub tx_queue: u64,
    /// Bytes received and not yet read.
    pub rx_queue: u64,
}

/// The rows of a `/proc/net/tcp` or `tcp6` table (its header skipped, lines
/// that do not parse left out).
pub fn rows_in(table: &str) -> Vec<SocketRow> {
    table.lines().skip(1).filter_map(row).collect()
}

fn row(line: &str) -> Option<SocketRow> {
    let mut fields = line.split_whitespace();
    let _slot = fields.next()?;
    let local = parse_hex_addr(fields.next()?)?;
    let remote = parse_hex_addr(fields.next()?)?;
    let state = u8::from_str_radix(fields.next()?, 16).ok()?;
    let (tx, rx) = fields.next()?.split_once(':')?;
    Some(SocketRow {
        local,
        remote,
        state,
        tx_queue: u64::from_str_radix(tx, 16).ok()?,
        rx_queue: u64::from_str_radix(rx, 16).ok()?,
    })
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
   2: 0100007F:1F90 0100007F:D431 01 00000000:0000000A 00:00000000 00000000     0        0 3 1 0 100 0 0 10 0
";
    const TCP6: &str = "  sl  local_address                         remote_address                        st
   0: 00000000000000000000000001000000:22B3 00000000000000000000000000000000:0000 0A 00000000:00000000
";

    #[test]
    #[cfg(target_endian = "little")]
    fn rows_of_the_kernels_tables_parse() {
        let rows = rows_in(TCP);
        let listening: Vec<SocketAddr> = rows
            .iter()
            .filter(|r| r.state == LISTEN)
            .map(|r| r.local)
            .collect();
        assert_eq!(
            listening,
            vec![
                "127.0.0.1:8080".parse().unwrap(),
                "0.0.0.0:8888".parse().unwrap()
            ]
        );
        assert_eq!(rows[2].remote, "127.0.0.1:54321".parse().unwrap());
        assert_eq!(
            (rows[2].state, rows[2].tx_queue, rows[2].rx_queue),
            (1, 0, 10)
        );
        assert_eq!(rows_in(TCP6)[0].local, "[::1]:8883".parse().unwrap());
        assert!(rows_in("header\ngarbage line\n").is_empty());
    }

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
        // Another namespace's tables (a process long gone) show nothing.
        assert_eq!(SocketTables::of_process(i32::MAX).unread(&client), None);
        // Nor do a process's tables once it is not in the namespace expected.
        let pid = std::process::id() as i32;
        let other = SocketTables::of_process_in(pid, "net:[1]".into());
        assert_eq!(other.unread(&client), None);
        let own = std::fs::read_link("/proc/self/ns/net")
            .unwrap()
            .into_os_string();
        let same = SocketTables::of_process_in(pid, own);
        assert_eq!(same.unread(&client), Some(0));
    }
}
