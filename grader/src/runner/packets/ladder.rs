//! From segments to ladders: one per connection, each rung a segment drawn
//! as an arrow between the client and the server, and a diagnosis in the
//! lesson's words, taken from the segments sent before the test's end.

use std::net::SocketAddr;
use std::time::Duration;

use super::{Ending, Ladder, Rung, Segment, Side};
use crate::lang::Lang;
use crate::scenario::escape_bytes;
use crate::text::packets as say;

/// Rungs shown before a long exchange is cut.
pub const HEAD: usize = 16;
/// Rungs shown at the end of a cut exchange.
const TAIL: usize = 8;
/// Width of the client's column in the terminal.
const COLUMN: usize = 30;

/// The ladders of `segments`, one per connection in the order they began.
/// `test_listens` is the test's own listening address (when the program is
/// a client): a SYN sent to it comes from the program.
pub fn ladders(segments: &[Segment], test_listens: Option<SocketAddr>, lang: Lang) -> Vec<Ladder> {
    split(segments)
        .into_iter()
        .map(|conn| ladder(&conn, test_listens, lang))
        .collect()
}

/// The segments of each connection, in order of their first segment.
fn split(segments: &[Segment]) -> Vec<Vec<&Segment>> {
    let mut conns: Vec<Vec<&Segment>> = Vec::new();
    for segment in segments {
        let same = |s: &&Segment| {
            (s.from == segment.from && s.to == segment.to)
                || (s.from == segment.to && s.to == segment.from)
        };
        // A new SYN on an ended pair of ports is a new connection.
        let fresh = segment.syn && !segment.ack;
        let found = conns.iter().rposition(|c| {
            c.first().is_some_and(same) && !(fresh && c.iter().any(|s| s.fin || s.rst || s.len > 0))
        });
        match found {
            Some(i) => conns[i].push(segment),
            None => conns.push(vec![segment]),
        }
    }
    conns
}

/// Which end is the client: the sender of the first SYN, else the higher port.
fn client_of(conn: &[&Segment]) -> SocketAddr {
    match conn.iter().find(|s| s.syn && !s.ack) {
        Some(syn) => syn.from,
        None => {
            let first = conn[0];
            if first.from.port() > first.to.port() {
                first.from
            } else {
                first.to
            }
        }
    }
}

/// One connection's ladder.
fn ladder(conn: &[&Segment], test_listens: Option<SocketAddr>, lang: Lang) -> Ladder {
    let client_addr = client_of(conn);
    let server_addr = if conn[0].from == client_addr {
        conn[0].to
    } else {
        conn[0].from
    };
    let client = if test_listens.is_some_and(|a| a.port() == server_addr.port()) {
        Side::Program
    } else {
        Side::Test
    };
    let mut rungs = rungs(conn, client_addr);
    let omitted = rungs.len().saturating_sub(HEAD + TAIL + 1);
    if omitted > 0 {
        rungs.drain(HEAD..HEAD + omitted);
    }
    let facts = Facts::of(conn, client_addr, client);
    Ladder {
        client,
        client_addr,
        server_addr,
        rungs,
        omitted,
        ending: facts.ending(),
        diagnosis: facts.diagnosis(lang),
    }
}

/// The rungs worth drawing: every segment but the ACKs that only
/// acknowledge data (the handshake's ACK and the ACK of a FIN stay).
fn rungs(conn: &[&Segment], client: SocketAddr) -> Vec<Rung> {
    let mut rungs = Vec::new();
    let mut handshake_acked = false;
    let mut syn_acked = false;
    // The acknowledgement number that would answer each side's FIN.
    let mut fin_of_client: Option<u32> = None;
    let mut fin_of_server: Option<u32> = None;
    for s in conn {
        let from_client = s.from == client;
        let peer_fin = if from_client {
            fin_of_server
        } else {
            fin_of_client
        };
        let acks_fin = s.ack && peer_fin.is_some_and(|end| s.ack_no == end);
        let mut parts: Vec<String> = Vec::new();
        if s.len > 0 {
            parts.push(data_label(s));
        }
        if s.syn {
            parts.push(if s.ack { "SYN,ACK" } else { "SYN" }.to_string());
            syn_acked |= s.ack;
        } else if s.rst {
            parts.push("RST".to_string());
        } else if s.fin {
            parts.push(if acks_fin { "FIN,ACK" } else { "FIN" }.to_string());
        } else if s.len == 0
            && s.ack
            && ((syn_acked && !handshake_acked && from_client) || acks_fin)
        {
            // The handshake's ACK, or the ACK of a FIN.
            parts.push("ACK".to_string());
        }
        if from_client && syn_acked && s.ack {
            handshake_acked = true;
        }
        if s.fin {
            let end = s.seq.wrapping_add(s.len as u32).wrapping_add(1);
            if from_client {
                fin_of_client = Some(end);
            } else {
                fin_of_server = Some(end);
            }
        }
        if s.len == 0 && acks_fin && !s.fin {
            // Answered: a repeated ACK of the same FIN is not drawn again.
            if from_client {
                fin_of_server = None;
            } else {
                fin_of_client = None;
            }
        }
        if !parts.is_empty() {
            rungs.push(Rung {
                at: s.at,
                from_client,
                label: parts.join(", "),
                after_end: s.after_end,
            });
        }
    }
    rungs
}

/// `"hello\n" (6 bytes)`, with `…` when only the first bytes were kept.
fn data_label(s: &Segment) -> String {
    let more = if s.len > s.first.len() { "…" } else { "" };
    let unit = if s.len == 1 { "byte" } else { "bytes" };
    format!("{}{more} ({} {unit})", escape_bytes(&s.first), s.len)
}

/// What the segments sent before the test's end say about a connection.
struct Facts {
    /// Who the program is: client or server.
    program_is_client: bool,
    syn: bool,
    syn_ack: bool,
    refused: bool,
    handshake: bool,
    /// Who sent the first FIN: `Some(true)` the program.
    first_fin_by_program: Option<bool>,
    program_fin: bool,
    program_rst: bool,
    test_rst: bool,
    /// The program sent FIN before it sent any data, while the test had sent some.
    closed_before_replying: bool,
    /// The program sent FIN, then acknowledged the test's later data without a reset.
    kept_reading: bool,
    /// Segments of the teardown (FINs and the ACKs of FINs), when both sides
    /// closed without a reset (0 otherwise).
    teardown: usize,
}

impl Facts {
    fn of(conn: &[&Segment], client: SocketAddr, client_side: Side) -> Facts {
        let program_is_client = client_side == Side::Program;
        let by_program = |s: &Segment| (s.from == client) == program_is_client;
        let before: Vec<&Segment> = conn.iter().copied().filter(|s| !s.after_end).collect();
        let syn = before.iter().any(|s| s.syn && !s.ack);
        let syn_ack = before.iter().any(|s| s.syn && s.ack);
        let refused = syn && !syn_ack && before.iter().any(|s| s.rst && s.from != client);
        let handshake = syn_ack && before.iter().any(|s| !s.syn && s.ack && s.from == client);
        let first_fin_by_program = before.iter().find(|s| s.fin).map(|s| by_program(s));
        let program_fin_at = before.iter().position(|s| s.fin && by_program(s));
        let test_sent_data = before.iter().any(|s| s.len > 0 && !by_program(s));
        let program_sent_data_before_fin =
            program_fin_at.is_some_and(|i| before[..i].iter().any(|s| s.len > 0 && by_program(s)));
        let kept_reading = program_fin_at.is_some_and(|i| {
            let after = &before[i + 1..];
            after.iter().any(|s| s.len > 0 && !by_program(s))
                && !after.iter().any(|s| s.rst && by_program(s))
        });
        // The teardown may end after the test's steps (the test closes its
        // side then): it is counted over the whole connection.
        let both_closed = conn.iter().any(|s| s.fin && by_program(s))
            && conn.iter().any(|s| s.fin && !by_program(s))
            && !conn.iter().any(|s| s.rst);
        let teardown = if both_closed {
            rungs(conn, client)
                .iter()
                .filter(|r| {
                    r.label.ends_with("FIN") || r.label.ends_with("FIN,ACK") || r.label == "ACK"
                })
                .count()
                .saturating_sub(usize::from(handshake))
        } else {
            0
        };
        Facts {
            program_is_client,
            syn,
            syn_ack,
            refused,
            handshake,
            first_fin_by_program,
            program_fin: program_fin_at.is_some(),
            program_rst: before.iter().any(|s| s.rst && by_program(s)),
            test_rst: before.iter().any(|s| s.rst && !by_program(s)),
            closed_before_replying: program_fin_at.is_some()
                && test_sent_data
                && !program_sent_data_before_fin,
            kept_reading,
            teardown,
        }
    }

    fn ending(&self) -> Ending {
        let server_is_program = !self.program_is_client;
        if !self.handshake {
            Ending::NoHandshake
        } else if self.program_rst || self.test_rst {
            Ending::Reset
        } else {
            match self.first_fin_by_program {
                Some(by_program) if by_program == server_is_program => Ending::ServerFinFirst,
                Some(_) => Ending::ClientFinFirst,
                None => Ending::StillOpen,
            }
        }
    }

    /// The lesson's words for what happened, one sentence a line.
    fn diagnosis(&self, lang: Lang) -> Vec<String> {
        let mut lines = Vec::new();
        if self.handshake {
            lines.push(say::handshake(lang).to_string());
        } else if self.refused {
            lines.push(say::refused(lang).to_string());
            return lines;
        } else if self.syn && !self.syn_ack {
            lines.push(say::syn_unanswered(lang).to_string());
            return lines;
        } else if !self.syn {
            lines.push(say::no_handshake_seen(lang).to_string());
        }
        let you = if self.program_is_client {
            say::your_client(lang).to_string()
        } else {
            say::your_server(lang).to_string()
        };
        if self.program_rst {
            if self.program_fin {
                lines.push(say::fin_then_reset(lang, &you));
            } else {
                lines.push(say::program_reset(lang).to_string());
            }
        } else if self.test_rst {
            lines.push(say::test_reset(lang).to_string());
        } else if self.first_fin_by_program == Some(true) {
            let mut line = say::program_closed_first(lang, &you);
            if self.closed_before_replying {
                line.push_str(say::before_any_reply(lang));
            }
            lines.push(line);
            if self.kept_reading {
                lines.push(say::kept_reading(lang).to_string());
            }
        } else if self.first_fin_by_program == Some(false) {
            lines.push(say::test_closed_first(lang).to_string());
        }
        if !self.program_fin && !self.program_rst && self.handshake {
            lines.push(say::no_fin(lang).to_string());
        }
        if self.teardown > 0 {
            lines.push(match self.teardown {
                3 => say::teardown_3(lang).to_string(),
                n => say::teardown(lang, n),
            });
        }
        lines
    }
}

/// The ladder as terminal lines (no indentation, no colour): a header, one
/// line per rung (client's arrows on the left, the server's on the right),
/// then the diagnosis.
pub fn render_ladder(ladder: &Ladder, number: usize, lang: Lang) -> Vec<String> {
    let (client, server) = match ladder.client {
        Side::Test => (say::test_side(lang), say::program_side(lang)),
        Side::Program => (say::program_side(lang), say::test_side(lang)),
    };
    let mut lines = vec![say::header(
        lang,
        number,
        client,
        ladder.client_addr,
        server,
        ladder.server_addr,
    )];
    let mut over = false;
    for (i, rung) in ladder.rungs.iter().enumerate() {
        if ladder.omitted > 0 && i == HEAD {
            lines.push(say::omitted(lang, ladder.omitted));
        }
        if rung.after_end && !over {
            over = true;
            lines.push(say::test_over(lang).to_string());
        }
        let time = seconds(rung.at);
        if rung.from_client {
            lines.push(format!("{time:>9}  {} →", rung.label));
        } else {
            lines.push(format!("{time:>9}  {:COLUMN$}← {}", "", rung.label));
        }
    }
    for line in &ladder.diagnosis {
        lines.push(format!("  ⇒ {line}"));
    }
    lines
}

/// `0.012s`.
fn seconds(at: Duration) -> String {
    format!("{:.3}s", at.as_secs_f64())
}

#[cfg(test)]
mod tests;
