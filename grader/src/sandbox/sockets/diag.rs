//! `sock_diag` queries on one netlink socket: the listeners of a family, or
//! one connection end by its addresses.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use netlink_packet_core::{
    NLM_F_DUMP, NLM_F_REQUEST, NetlinkHeader, NetlinkMessage, NetlinkPayload,
};
use netlink_packet_sock_diag::SockDiagMessage;
use netlink_packet_sock_diag::constants::{AF_INET, AF_INET6, IPPROTO_TCP};
use netlink_packet_sock_diag::inet::{
    ExtensionFlags, InetRequest, InetResponseHeader, SocketId, StateFlags,
};
use netlink_sys::{Socket, SocketAddr as NetlinkAddr, protocols::NETLINK_SOCK_DIAG};

/// How long a query waits for the kernel's answer before it counts as none
/// (the kernel answers at once; this only bounds a wait that cannot happen).
const ANSWER_TIMEOUT: Duration = Duration::from_secs(2);

/// "No cookie": an exact query names the socket by its addresses alone.
const NO_COOKIE: [u8; 8] = [0xff; 8];

/// An address family of the tables.
#[derive(Clone, Copy, Debug)]
pub(super) enum Family {
    V4,
    V6,
}

/// A connection end as the kernel reports it.
pub(super) type End = InetResponseHeader;

/// A `sock_diag` netlink socket and the number of its last query.
#[derive(Debug)]
pub(super) struct Diag {
    socket: Socket,
    sequence: u32,
    /// Where answers are read, kept between queries (settling asks often).
    buffer: Vec<u8>,
}

impl Diag {
    /// A `sock_diag` socket of the calling thread's namespace.
    pub(super) fn open() -> std::io::Result<Diag> {
        let mut socket = Socket::new(NETLINK_SOCK_DIAG)?;
        socket.bind_auto()?;
        socket.connect(&NetlinkAddr::new(0, 0))?;
        let fd = std::os::fd::AsFd::as_fd(&socket);
        let timeout = nix::sys::time::TimeVal::new(ANSWER_TIMEOUT.as_secs() as _, 0);
        nix::sys::socket::setsockopt(&fd, nix::sys::socket::sockopt::ReceiveTimeout, &timeout)?;
        Ok(Diag {
            socket,
            sequence: 0,
            buffer: Vec::with_capacity(64 * 1024),
        })
    }

    /// The sockets of `family` listening now.
    pub(super) fn listeners(&mut self, family: Family) -> Vec<SocketAddr> {
        let (family, id) = match family {
            Family::V4 => (AF_INET, SocketId::new_v4()),
            Family::V6 => (AF_INET6, SocketId::new_v6()),
        };
        self.ask(family, StateFlags::LISTEN, id, true)
            .into_iter()
            .map(|end| SocketAddr::new(end.socket_id.source_address, end.socket_id.source_port))
            .collect()
    }

    /// The connection end at `local` whose peer is `remote`, if there is one.
    pub(super) fn one(&mut self, local: SocketAddr, remote: SocketAddr) -> Option<End> {
        let family = match (local.ip(), remote.ip()) {
            (IpAddr::V4(_), IpAddr::V4(_)) => AF_INET,
            _ => AF_INET6,
        };
        let id = SocketId {
            source_port: local.port(),
            destination_port: remote.port(),
            source_address: local.ip(),
            destination_address: remote.ip(),
            interface_id: 0,
            cookie: NO_COOKIE,
        };
        self.ask(family, StateFlags::all(), id, false)
            .into_iter()
            .next()
    }

    /// Sends one query and collects its answers (none on any error: a
    /// socket that is not there, or a kernel without `sock_diag`).
    fn ask(
        &mut self,
        family: u8,
        states: StateFlags,
        socket_id: SocketId,
        dump: bool,
    ) -> Vec<InetResponseHeader> {
        self.sequence = self.sequence.wrapping_add(1);
        let mut header = NetlinkHeader::default();
        header.flags = NLM_F_REQUEST | if dump { NLM_F_DUMP } else { 0 };
        header.sequence_number = self.sequence;
        let request = SockDiagMessage::InetRequest(InetRequest {
            family,
            protocol: IPPROTO_TCP,
            extensions: ExtensionFlags::empty(),
            states,
            socket_id,
        });
        let mut message = NetlinkMessage::new(header, request.into());
        message.finalize();
        let mut bytes = vec![0; message.buffer_len()];
        message.serialize(&mut bytes);
        if self.socket.send(&bytes, 0).is_err() {
            return Vec::new();
        }
        self.answers(dump).unwrap_or_default()
    }

    /// Reads the answers to the last query: until `Done` for a dump, the one
    /// answer (or error) for an exact query. Answers to earlier queries (one
    /// cut short) are skipped.
    fn answers(&mut self, dump: bool) -> Option<Vec<InetResponseHeader>> {
        let mut buffer = std::mem::take(&mut self.buffer);
        let found = self.read_answers(dump, &mut buffer);
        self.buffer = buffer;
        found
    }

    /// [`Diag::answers`], reading into `buffer`.
    fn read_answers(
        &mut self,
        dump: bool,
        buffer: &mut Vec<u8>,
    ) -> Option<Vec<InetResponseHeader>> {
        let mut found = Vec::new();
        loop {
            buffer.clear();
            let size = self.socket.recv(buffer, 0).ok()?;
            let mut at = 0;
            while at < size {
                let message =
                    NetlinkMessage::<SockDiagMessage>::deserialize(&buffer[at..size]).ok()?;
                let length = message.header.length as usize;
                let ours = message.header.sequence_number == self.sequence;
                match message.payload {
                    _ if !ours => {}
                    NetlinkPayload::InnerMessage(SockDiagMessage::InetResponse(answer)) => {
                        found.push(answer.header);
                        if !dump {
                            return Some(found);
                        }
                    }
                    NetlinkPayload::Done(_) => return Some(found),
                    NetlinkPayload::Error(_) => return None,
                    _ => {}
                }
                if length == 0 {
                    break;
                }
                at += length;
            }
        }
    }
}
