//! The TCP segments a test and the student's program exchanged, as the
//! lesson draws them: captured on the run's own loopback ([`capture`]),
//! drawn as a two-column ladder with a diagnosis ([`ladder`]) and, on
//! request, written as a `.pcap` file ([`pcap`]).
//!
//! Capture needs the run's own network namespace; where there is none the
//! feature says so once ([`unavailable`]) and everything else works.

mod capture;
mod ladder;
mod pcap;

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

use crate::text::packets as say;

pub(crate) use capture::Capture;
pub use ladder::{HEAD as LADDER_HEAD, ladders, render_ladder};
pub use pcap::{write_pcap, write_pcaps};

/// Which end of the capture sent a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The test (the grader).
    Test,
    /// The student's program.
    Program,
}

/// One TCP segment as the ladder needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// Since the test started.
    pub at: Duration,
    /// Sender's address.
    pub from: SocketAddr,
    /// Receiver's address.
    pub to: SocketAddr,
    /// Sequence number.
    pub seq: u32,
    /// Acknowledgement number (meaningful when `ack`).
    pub ack_no: u32,
    /// SYN flag.
    pub syn: bool,
    /// ACK flag.
    pub ack: bool,
    /// FIN flag.
    pub fin: bool,
    /// RST flag.
    pub rst: bool,
    /// Bytes of data it carried.
    pub len: usize,
    /// The first of those bytes (at most [`FIRST_BYTES`]).
    pub first: Vec<u8>,
    /// Sent after the test's steps were over (the grader closing up).
    pub after_end: bool,
}

/// How many data bytes of a segment are kept.
pub const FIRST_BYTES: usize = 24;

/// One captured frame, whole or cut to [`pcap::SNAP_LEN`], for a `.pcap` file.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// Since the Unix epoch.
    pub when: Duration,
    /// Its length on the wire.
    pub wire_len: usize,
    /// The bytes kept.
    pub bytes: Vec<u8>,
}

/// How a connection ended, for the class chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ending {
    /// The server sent FIN first.
    ServerFinFirst,
    /// The client sent FIN first.
    ClientFinFirst,
    /// A reset (RST) ended it.
    Reset,
    /// Still open when the test's steps were over.
    StillOpen,
    /// It never got through the handshake.
    NoHandshake,
}

impl Ending {
    /// Every ending, in the order a chart shows them.
    pub const ALL: [Ending; 5] = [
        Ending::ServerFinFirst,
        Ending::ClientFinFirst,
        Ending::Reset,
        Ending::StillOpen,
        Ending::NoHandshake,
    ];

    /// A short label in `lang`.
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            Ending::ServerFinFirst => say::server_fin_first(lang),
            Ending::ClientFinFirst => say::client_fin_first(lang),
            Ending::Reset => say::reset(lang),
            Ending::StillOpen => say::still_open(lang),
            Ending::NoHandshake => say::no_handshake(lang),
        }
    }
}

/// One rung of a ladder: a segment drawn as an arrow.
#[derive(Clone, Debug, PartialEq)]
pub struct Rung {
    /// Since the test started.
    pub at: Duration,
    /// Sent by the client (an arrow to the right) or the server.
    pub from_client: bool,
    /// `SYN`, `SYN,ACK`, `"hello\n" (6 bytes)`, `FIN`, …
    pub label: String,
    /// Sent after the test's steps were over.
    pub after_end: bool,
}

/// One connection's ladder, diagnosed.
#[derive(Clone, Debug, PartialEq)]
pub struct Ladder {
    /// Whether the test was the client (it connected) or the program.
    pub client: Side,
    /// The client's address.
    pub client_addr: SocketAddr,
    /// The server's address.
    pub server_addr: SocketAddr,
    /// The rungs, in order (the middle of a long exchange left out).
    pub rungs: Vec<Rung>,
    /// Rungs left out after the first [`ladder::HEAD`].
    pub omitted: usize,
    /// How it ended, by the segments sent before the test's end.
    pub ending: Ending,
    /// What the lesson would call it, in the run's language.
    pub diagnosis: Vec<String>,
}

/// What the capture of one test holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Packets {
    /// One ladder per connection, in the order they started (a failing
    /// test's, or every test's on request; empty otherwise).
    pub ladders: Vec<Ladder>,
    /// How each connection ended, for every captured test (the class chart).
    pub endings: Vec<Ending>,
    /// The frames, when a `.pcap` was asked for.
    pub frames: Vec<Frame>,
    /// A note on what was not kept (the caps), in the run's language.
    pub note: Option<String>,
}

static UNAVAILABLE: OnceLock<String> = OnceLock::new();

/// Why packets could not be captured on this machine, once the grader has
/// found out (`None` while every capture tried so far worked).
pub fn unavailable() -> Option<&'static str> {
    UNAVAILABLE.get().map(String::as_str)
}

/// Records why capture is unavailable (the first reason wins).
fn set_unavailable(why: String) {
    let _ = UNAVAILABLE.set(why);
}
