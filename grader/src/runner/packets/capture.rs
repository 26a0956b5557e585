//! Capturing one run's loopback: an `AF_PACKET` socket made inside the run's
//! network namespace, read on a thread of its own until the test is over.
//!
//! Bounded: at most [`MAX_SEGMENTS`] segments are kept (past that only the
//! ones a ladder needs: SYN, FIN, RST and the ACK of a FIN, up to
//! [`MAX_CONTROL`] more), and at most [`MAX_FRAMES`] frames of at most
//! [`SNAP_LEN`] bytes for a `.pcap`, so a flood cannot grow memory.

use std::collections::HashSet;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use etherparse::{LaxNetSlice, LaxSlicedPacket, TransportSlice};
use socket2::Socket;

use super::{FIRST_BYTES, Frame, Segment};
use crate::sandbox::NetNs;

/// Segments kept in full order.
pub(crate) const MAX_SEGMENTS: usize = 2_000;
/// Segments kept past [`MAX_SEGMENTS`]: only those that open or close.
pub(crate) const MAX_CONTROL: usize = 500;
/// Frames kept for a `.pcap`.
pub(crate) const MAX_FRAMES: usize = 4_000;
/// Bytes kept of each frame for a `.pcap` (headers and the first data bytes).
pub(crate) const SNAP_LEN: usize = 256;
/// How long a read waits before the thread looks at its orders again.
const POLL: Duration = Duration::from_millis(20);
/// `PACKET_OUTGOING`: the sending copy of a loopback frame (the receiving
/// copy, `PACKET_HOST`, is the one kept).
#[cfg(target_os = "linux")]
const PACKET_OUTGOING: u8 = 4;

/// What a capture held when it stopped.
#[derive(Debug, Default)]
pub(crate) struct Captured {
    /// The segments kept, in order.
    pub(crate) segments: Vec<Segment>,
    /// The frames kept (when asked for).
    pub(crate) frames: Vec<Frame>,
    /// TCP segments seen in all.
    pub(crate) seen: usize,
    /// TCP segments not kept.
    pub(crate) dropped: usize,
}

/// Orders to the reading thread.
enum Order {
    /// Read what is queued, then count what follows as after the test's end.
    MarkEnd(mpsc::Sender<()>),
    /// Read what is queued and stop.
    Stop,
}

/// A capture in progress.
#[derive(Debug)]
pub(crate) struct Capture {
    orders: mpsc::Sender<Order>,
    thread: Option<JoinHandle<Captured>>,
}

impl Capture {
    /// Starts capturing in `net`, with times counted from `started`; `None`
    /// (with the reason recorded once) when this machine cannot.
    pub(crate) fn start(net: Option<&NetNs>, started: Instant, keep_frames: bool) -> Option<Self> {
        let Some(net) = net else {
            super::set_unavailable(
                "the runs have no network namespace of their own here".to_string(),
            );
            return None;
        };
        let socket = match open(net) {
            Ok(socket) => socket,
            Err(err) => {
                super::set_unavailable(format!("cannot open a packet socket: {err}"));
                return None;
            }
        };
        let (orders, inbox) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("netlab-capture".into())
            .spawn(move || Reader::new(started, keep_frames).run(&socket, &inbox))
            .map_err(|err| super::set_unavailable(format!("cannot start a thread: {err}")))
            .ok()?;
        Some(Capture {
            orders,
            thread: Some(thread),
        })
    }

    /// The test's steps are over: what was sent until now is the program's
    /// doing, what follows is the grader closing up. Waits until the thread
    /// has read what is queued, so the line does not depend on load.
    pub(crate) fn mark_end(&self) {
        let (done, wait) = mpsc::channel();
        if self.orders.send(Order::MarkEnd(done)).is_ok() {
            let _ = wait.recv();
        }
    }

    /// Stops capturing and returns what was kept.
    pub(crate) fn finish(mut self) -> Captured {
        let _ = self.orders.send(Order::Stop);
        self.thread
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or_default()
    }
}

/// A packet socket in `net` that wakes every [`POLL`].
fn open(net: &NetNs) -> io::Result<Socket> {
    let socket = net.packet_socket()?;
    socket.set_read_timeout(Some(POLL))?;
    Ok(socket)
}

/// The reading thread's state.
struct Reader {
    started: Instant,
    keep_frames: bool,
    /// Since the start, when the steps ended.
    ended: bool,
    kept: Captured,
    /// (sender, acknowledgement number) of the ACK that would answer a FIN.
    fin_acks: HashSet<(SocketAddr, u32)>,
}

impl Reader {
    fn new(started: Instant, keep_frames: bool) -> Self {
        Reader {
            started,
            keep_frames,
            ended: false,
            kept: Captured::default(),
            fin_acks: HashSet::new(),
        }
    }

    fn run(mut self, socket: &Socket, inbox: &mpsc::Receiver<Order>) -> Captured {
        // Loopback frames are at most 64 KiB and a bit of header.
        let mut buf = vec![0u8; 70_000];
        loop {
            match inbox.try_recv() {
                Ok(Order::MarkEnd(done)) => {
                    self.drain(socket, &mut buf);
                    self.ended = true;
                    let _ = done.send(());
                }
                Ok(Order::Stop) | Err(mpsc::TryRecvError::Disconnected) => {
                    self.drain(socket, &mut buf);
                    return self.kept;
                }
                Err(mpsc::TryRecvError::Empty) => {}
            }
            match self.read_one(socket, &mut buf) {
                Ok(()) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return self.kept,
            }
        }
    }

    /// Reads what is queued now: until the queue is empty, or as many bytes
    /// as the socket's buffer can hold (a flood refills it as fast as it is
    /// read, and what was queued before fits in that).
    fn drain(&mut self, socket: &Socket, buf: &mut [u8]) {
        let budget = socket.recv_buffer_size().unwrap_or(1 << 20).max(1 << 16);
        if socket.set_nonblocking(true).is_err() {
            return;
        }
        let mut read = 0;
        while read < budget {
            match self.read_one(socket, buf) {
                Ok(()) => read += 256,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        let _ = socket.set_nonblocking(false);
    }

    /// Reads one frame and keeps what it holds.
    fn read_one(&mut self, socket: &Socket, buf: &mut [u8]) -> io::Result<()> {
        let (len, outgoing) = recv_frame(socket, buf)?;
        if outgoing {
            return Ok(());
        }
        let frame = &buf[..len.min(buf.len())];
        let at = self.started.elapsed();
        let Some(mut segment) = parse(frame, at) else {
            return Ok(());
        };
        segment.after_end = self.ended;
        self.kept.seen += 1;
        if self.keep_frames && self.kept.frames.len() < MAX_FRAMES {
            let when = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap_or_default();
            self.kept.frames.push(Frame {
                when,
                wire_len: len,
                bytes: frame[..frame.len().min(SNAP_LEN)].to_vec(),
            });
        }
        self.keep(segment);
        Ok(())
    }

    /// Keeps `segment` while there is room: every segment up to
    /// [`MAX_SEGMENTS`], then only those a ladder needs.
    fn keep(&mut self, segment: Segment) {
        if segment.fin {
            let fin_end = segment.seq.wrapping_add(segment.len as u32).wrapping_add(1);
            if self.fin_acks.len() < MAX_CONTROL {
                self.fin_acks.insert((segment.to, fin_end));
            }
        }
        let control = segment.syn
            || segment.fin
            || segment.rst
            || (segment.ack && self.fin_acks.contains(&(segment.from, segment.ack_no)));
        let room = self.kept.segments.len() < MAX_SEGMENTS
            || (control && self.kept.segments.len() < MAX_SEGMENTS + MAX_CONTROL);
        if room {
            self.kept.segments.push(segment);
        } else {
            self.kept.dropped += 1;
        }
    }
}

/// Reads one frame into `buf`: its length, and whether it is the sending
/// copy of a loopback frame.
#[cfg(target_os = "linux")]
fn recv_frame(socket: &Socket, buf: &mut [u8]) -> io::Result<(usize, bool)> {
    use std::os::fd::AsRawFd;
    let (len, from) =
        nix::sys::socket::recvfrom::<nix::sys::socket::LinkAddr>(socket.as_raw_fd(), buf)
            .map_err(io::Error::from)?;
    Ok((len, from.is_some_and(|a| a.pkttype() == PACKET_OUTGOING)))
}

/// Packet sockets are Linux's (none is ever opened elsewhere).
#[cfg(not(target_os = "linux"))]
fn recv_frame(_socket: &Socket, _buf: &mut [u8]) -> io::Result<(usize, bool)> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The TCP segment an Ethernet frame holds, if it holds one.
pub(crate) fn parse(frame: &[u8], at: Duration) -> Option<Segment> {
    let packet = LaxSlicedPacket::from_ethernet(frame).ok()?;
    let (source, destination): (IpAddr, IpAddr) = match packet.net.as_ref()? {
        LaxNetSlice::Ipv4(ip) => (
            ip.header().source_addr().into(),
            ip.header().destination_addr().into(),
        ),
        LaxNetSlice::Ipv6(ip) => (
            ip.header().source_addr().into(),
            ip.header().destination_addr().into(),
        ),
        LaxNetSlice::Arp(_) => return None,
    };
    let Some(TransportSlice::Tcp(tcp)) = &packet.transport else {
        return None;
    };
    let payload = tcp.payload();
    Some(Segment {
        at,
        from: SocketAddr::new(source, tcp.source_port()),
        to: SocketAddr::new(destination, tcp.destination_port()),
        seq: tcp.sequence_number(),
        ack_no: tcp.acknowledgment_number(),
        syn: tcp.syn(),
        ack: tcp.ack(),
        fin: tcp.fin(),
        rst: tcp.rst(),
        len: payload.len(),
        first: payload[..payload.len().min(FIRST_BYTES)].to_vec(),
        after_end: false,
    })
}
