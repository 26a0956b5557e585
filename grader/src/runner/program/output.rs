//! A program's output: each stream read to its end on a thread of its own,
//! kept up to a cap, stdout scanned for the readiness line.

use std::io::Read;
use std::net::SocketAddr;
use std::process::ExitStatus;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::thread;

use super::READY_PREFIX;

/// How many bytes of each stream are kept; the rest is counted and dropped.
pub const OUTPUT_CAP: usize = 1 << 20;
/// How far into stdout the `listening on` line is looked for.
const READY_SCAN_LIMIT: usize = 64 * 1024;

/// Captured bytes of one output stream.
#[derive(Debug, Default)]
pub(crate) struct Capture {
    /// The first [`OUTPUT_CAP`] bytes.
    pub(crate) kept: Vec<u8>,
    /// How many bytes came in all.
    pub(crate) total: u64,
    /// Whether the stream reached its end.
    pub(crate) closed: bool,
}

impl Capture {
    /// Whether bytes were dropped.
    pub(crate) fn truncated(&self) -> bool {
        self.total > self.kept.len() as u64
    }
}

/// Something that happened to the program.
pub(super) enum Event {
    Listening(SocketAddr),
    BadListening(String),
    Output,
    Exited(ExitStatus),
}

pub(super) fn copy(capture: &Mutex<Capture>) -> Capture {
    let capture = capture.lock().unwrap_or_else(|e| e.into_inner());
    Capture {
        kept: capture.kept.clone(),
        total: capture.total,
        closed: capture.closed,
    }
}

/// Reads a pipe to its end into `capture`, keeping at most [`OUTPUT_CAP`] bytes;
/// on stdout, also looks for the readiness line.
pub(super) fn spawn_reader(
    mut pipe: impl Read + Send + 'static,
    capture: Arc<Mutex<Capture>>,
    events: Sender<Event>,
    scan: bool,
) {
    thread::spawn(move || {
        let mut chunk = vec![0; 64 * 1024];
        let mut scanned = 0;
        let mut scanning = scan;
        loop {
            let n = match pipe.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let mut captured = capture.lock().unwrap_or_else(|e| e.into_inner());
            let room = OUTPUT_CAP.saturating_sub(captured.kept.len());
            captured.kept.extend_from_slice(&chunk[..n.min(room)]);
            captured.total += n as u64;
            if scanning {
                let event = find_ready_line(&captured.kept, &mut scanned);
                scanning =
                    scanned < READY_SCAN_LIMIT && !matches!(event, Some(Event::Listening(_)));
                if let Some(event) = event {
                    let _ = events.send(event);
                }
            }
            drop(captured);
            let _ = events.send(Event::Output);
        }
        capture.lock().unwrap_or_else(|e| e.into_inner()).closed = true;
        let _ = events.send(Event::Output);
    });
}

/// Looks at the complete lines after `*scanned` for `listening on ADDR`.
fn find_ready_line(kept: &[u8], scanned: &mut usize) -> Option<Event> {
    let mut found = None;
    while let Some(end) = kept[*scanned..].iter().position(|&b| b == b'\n') {
        let line = &kept[*scanned..*scanned + end];
        *scanned += end + 1;
        let line = String::from_utf8_lossy(line);
        let Some(rest) = line.trim_end_matches('\r').strip_prefix(READY_PREFIX) else {
            continue;
        };
        match rest.trim().parse::<SocketAddr>() {
            Ok(mut addr) => {
                if addr.ip().is_unspecified() {
                    // `0.0.0.0:PORT` is reachable on loopback.
                    addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
                }
                return Some(Event::Listening(addr));
            }
            Err(_) => found = Some(Event::BadListening(line.to_string())),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ready_line_is_found_after_other_lines_and_unspecified_ips_become_loopback() {
        let mut scanned = 0;
        let out = b"starting\nlistening on 0.0.0.0:4000\n";
        match find_ready_line(out, &mut scanned) {
            Some(Event::Listening(addr)) => assert_eq!(addr.to_string(), "127.0.0.1:4000"),
            _ => panic!("no ready line found"),
        }
    }

    #[test]
    fn a_partial_or_bad_ready_line_is_not_taken() {
        let mut scanned = 0;
        assert!(find_ready_line(b"listening on 127.0.0.1:40", &mut scanned).is_none());
        assert_eq!(scanned, 0);
        assert!(matches!(
            find_ready_line(b"listening on port 80\n", &mut scanned),
            Some(Event::BadListening(_))
        ));
    }
}
