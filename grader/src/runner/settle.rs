//! Whether the program has read what the test sent: the kernel's socket
//! tables (`/proc/net/tcp`, `tcp6`) show, for the program's end of a
//! connection, the bytes received but not yet read (`rx_queue`), and for the
//! test's end the bytes not yet delivered (`tx_queue`).
//!
//! A connection waits for both to be zero before each write, shutdown or
//! reset ("settles"), so one write of the test never shares a `read` with
//! the next: the bytes a test gives in one write arrive together, the
//! pieces of a split message arrive apart, and a program that takes one
//! `read` for one message gets the same verdict on every run.

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;

use super::clock::Deadline;

/// Where the socket tables of the grader's own network namespace are.
pub(crate) const PROC_NET: &str = "/proc/self/net";

/// How deep below the grader a process of a run may be (the sandbox, its
/// init, the program, the program's children).
const DEPTH: usize = 4;

/// Where the socket tables that show `stream` are: `known` if it still shows
/// it, the grader's own, or those of a process descended from the grader —
/// a run in a network namespace of its own shows its sockets only there.
pub(crate) fn tables_for(stream: &TcpStream, known: Option<&Path>) -> Option<PathBuf> {
    let shows = |dir: &Path| unread(stream, dir).is_some();
    if let Some(known) = known.filter(|k| shows(k)) {
        return Some(known.to_path_buf());
    }
    if shows(Path::new(PROC_NET)) {
        return Some(PathBuf::from(PROC_NET));
    }
    let mut level: Vec<u32> = children_of_threads(Path::new("/proc/self/task"));
    for _ in 0..DEPTH {
        let mut next = Vec::new();
        for pid in level {
            let dir = PathBuf::from(format!("/proc/{pid}/net"));
            if shows(&dir) {
                return Some(dir);
            }
            next.extend(children_of_threads(Path::new(&format!("/proc/{pid}/task"))));
        }
        level = next;
    }
    None
}

/// The child processes of every thread under `tasks` (`/proc/PID/task`).
fn children_of_threads(tasks: &Path) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir(tasks) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read_to_string(e.path().join("children")).ok())
        .flat_map(|text| {
            text.split_whitespace()
                .filter_map(|p| p.parse().ok())
                .collect::<Vec<u32>>()
        })
        .collect()
}

/// Waits, within `deadline`, until the peer has read every byte sent on
/// `stream`; returns whether it did (or nothing could be seen, where the
/// platform has no socket tables). A program that does not read in time
/// is no reason to stop: the test's next step judges it.
pub(crate) fn settle(stream: &TcpStream, proc_net: &Path, deadline: &dyn Deadline) -> bool {
    let mut pause = Duration::from_micros(200);
    loop {
        match unread(stream, proc_net) {
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

/// Bytes sent on `stream` that the peer has not read yet, or `None` when the
/// socket tables do not show this connection.
pub(crate) fn unread(stream: &TcpStream, proc_net: &Path) -> Option<u64> {
    let ours = stream.local_addr().ok()?;
    let theirs = stream.peer_addr().ok()?;
    let table = if ours.is_ipv4() { "tcp" } else { "tcp6" };
    let text = std::fs::read_to_string(proc_net.join(table)).ok()?;
    let (mut sending, mut receiving) = (None, None);
    for line in text.lines().skip(1) {
        let Some(row) = Row::parse(line) else {
            continue;
        };
        if row.local == ours && row.remote == theirs {
            sending = Some(row.tx_queue);
        } else if row.local == theirs && row.remote == ours {
            receiving = Some(row.rx_queue);
        }
    }
    // Our end must be there, or this is not our namespace's table; the
    // program's end is gone once it closed, with nothing left to read.
    Some(sending? + receiving.unwrap_or(0))
}

/// One line of `/proc/net/tcp`: `sl local rem st tx_queue:rx_queue ...`.
#[derive(Debug, PartialEq)]
struct Row {
    local: SocketAddr,
    remote: SocketAddr,
    tx_queue: u64,
    rx_queue: u64,
}

impl Row {
    fn parse(line: &str) -> Option<Row> {
        let mut fields = line.split_whitespace();
        let _slot = fields.next()?;
        let local = address(fields.next()?)?;
        let remote = address(fields.next()?)?;
        let _state = fields.next()?;
        let (tx, rx) = fields.next()?.split_once(':')?;
        Some(Row {
            local,
            remote,
            tx_queue: u64::from_str_radix(tx, 16).ok()?,
            rx_queue: u64::from_str_radix(rx, 16).ok()?,
        })
    }
}

/// `0100007F:1F90` (IPv4) or 32 hex digits and a port (IPv6): the address is
/// written as 32-bit words in the kernel's byte order.
fn address(text: &str) -> Option<SocketAddr> {
    let (ip, port) = text.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let words: Vec<u32> = (0..ip.len() / 8)
        .map(|i| u32::from_str_radix(ip.get(i * 8..i * 8 + 8)?, 16).ok())
        .collect::<Option<_>>()?;
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_ne_bytes()).collect();
    let ip: std::net::IpAddr = match bytes.len() {
        4 => <[u8; 4]>::try_from(bytes).ok()?.into(),
        16 => <[u8; 16]>::try_from(bytes).ok()?.into(),
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::time::Instant;

    #[test]
    fn rows_of_the_socket_table_parse() {
        let line = "   1: 0100007F:1F90 0100007F:A2C4 01 00000000:0000000A 00:00000000 00000000     0        0 12345 1 0000000000000000 20 4 30 10 -1";
        let row = Row::parse(line).unwrap();
        if cfg!(target_endian = "little") {
            assert_eq!(row.local, "127.0.0.1:8080".parse().unwrap());
            assert_eq!(row.remote, "127.0.0.1:41668".parse().unwrap());
        }
        assert_eq!((row.tx_queue, row.rx_queue), (0, 10));
        let v6 = "0: 00000000000000000000000001000000:1F90 00000000000000000000000001000000:A2C4 01 00000000:00000000";
        if cfg!(target_endian = "little") {
            assert_eq!(Row::parse(v6).unwrap().local, "[::1]:8080".parse().unwrap());
        }
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn unread_bytes_are_seen_until_the_peer_reads_them() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (mut server, _) = listener.accept().unwrap();
        let proc_net = Path::new(PROC_NET);
        assert_eq!(unread(&client, proc_net), Some(0));
        client.write_all(b"hello").unwrap();
        let until = Instant::now() + Duration::from_secs(5);
        // Delivery on loopback is immediate, but let the kernel finish it.
        while unread(&client, proc_net) != Some(5) && Instant::now() < until {
            thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(unread(&client, proc_net), Some(5));
        assert!(!settle(&client, proc_net, &Instant::now()));
        let mut buf = [0; 16];
        assert_eq!(server.read(&mut buf).unwrap(), 5);
        assert!(settle(&client, proc_net, &until));
        drop(server);
        assert_eq!(unread(&client, proc_net), Some(0));
    }
}
