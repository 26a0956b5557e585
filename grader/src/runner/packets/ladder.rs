//! From segments to ladders: one per connection, each rung a segment drawn
//! as an arrow between the client and the server, and a diagnosis in the
//! lesson's words, taken from the segments sent before the test's end.

use std::net::SocketAddr;
use std::time::Duration;

use super::{Ending, Ladder, Rung, Segment, Side};
use crate::lang::Lang;
use crate::scenario::escape_bytes;

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
        let t = |en: &str, zh: &str| match lang {
            Lang::En => en.to_string(),
            Lang::Zh => zh.to_string(),
        };
        let mut lines = Vec::new();
        if self.handshake {
            lines.push(t(
                "three-way handshake completed (SYN, SYN-ACK, ACK)",
                "三次握手完成（SYN、SYN-ACK、ACK）",
            ));
        } else if self.refused {
            lines.push(t(
                "the connection was refused: a reset (RST) answered the SYN, nothing listened on that port",
                "连接被拒绝：SYN 得到的回答是重置（RST），该端口上没有程序在监听",
            ));
            return lines;
        } else if self.syn && !self.syn_ack {
            lines.push(t("the SYN was never answered", "SYN 一直没有得到回答"));
            return lines;
        } else if !self.syn {
            lines.push(t("the handshake was not seen", "没有看到握手"));
        }
        let you = if self.program_is_client {
            t("your client", "你的客户端")
        } else {
            t("your server", "你的服务器")
        };
        if self.program_rst {
            if self.program_fin {
                lines.push(match lang {
                    Lang::En => format!("{you} closed the connection (FIN), then answered more data with a reset (RST)"),
                    Lang::Zh => format!("{you}关闭了连接（FIN），随后对新到的数据回以重置（RST）"),
                });
            } else {
                lines.push(match lang {
                    Lang::En => "the connection was reset (RST) by your program: it closed the socket or exited with unread data".to_string(),
                    Lang::Zh => "连接被你的程序重置（RST）：它在还有未读数据时关闭了套接字或退出了".to_string(),
                });
            }
        } else if self.test_rst {
            lines.push(t(
                "the test reset the connection (RST)",
                "测试重置了连接（RST）",
            ));
        } else if self.first_fin_by_program == Some(true) {
            let mut line = match lang {
                Lang::En => format!("{you} closed first (it sent FIN)"),
                Lang::Zh => format!("{you}先关闭了连接（它发送了 FIN）"),
            };
            if self.closed_before_replying {
                line.push_str(lang.text(", before sending any reply", "，在发送任何回复之前"));
            }
            lines.push(line);
            if self.kept_reading {
                lines.push(t(
                    "after its FIN your program kept reading: it closed only its sending side (shutdown)",
                    "发送 FIN 之后你的程序仍在读取：它只关闭了发送方向（shutdown）",
                ));
            }
        } else if self.first_fin_by_program == Some(false) {
            lines.push(t(
                "the test closed first (it sent FIN)",
                "测试先关闭了连接（它发送了 FIN）",
            ));
        }
        if !self.program_fin && !self.program_rst && self.handshake {
            lines.push(t(
                "no FIN from your program: it never closed the connection",
                "你的程序没有发送 FIN：它一直没有关闭连接",
            ));
        }
        if self.teardown > 0 {
            lines.push(match (lang, self.teardown) {
                (Lang::En, 3) => "teardown in 3 segments (FIN, FIN+ACK, ACK)".to_string(),
                (Lang::Zh, 3) => "四次挥手合并为 3 个报文段（FIN、FIN+ACK、ACK）".to_string(),
                (Lang::En, n) => format!("teardown in {n} segments (FIN, ACK, FIN, ACK)"),
                (Lang::Zh, n) => format!("挥手用了 {n} 个报文段（FIN、ACK、FIN、ACK）"),
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
        Side::Test => (
            lang.text("test", "测试"),
            lang.text("your program", "你的程序"),
        ),
        Side::Program => (
            lang.text("your program", "你的程序"),
            lang.text("test", "测试"),
        ),
    };
    let mut lines = vec![match lang {
        Lang::En => format!(
            "connection {number}: {client} {} (client) | {server} {} (server)",
            ladder.client_addr, ladder.server_addr
        ),
        Lang::Zh => format!(
            "连接 {number}：{client} {}（客户端）| {server} {}（服务器）",
            ladder.client_addr, ladder.server_addr
        ),
    }];
    let mut over = false;
    for (i, rung) in ladder.rungs.iter().enumerate() {
        if ladder.omitted > 0 && i == HEAD {
            lines.push(match lang {
                Lang::En => format!("          … {} more segments …", ladder.omitted),
                Lang::Zh => format!("          … 另有 {} 个报文段 …", ladder.omitted),
            });
        }
        if rung.after_end && !over {
            over = true;
            lines.push(
                lang.text(
                    "          ── test over: the grader closes its side and stops your program ──",
                    "          ── 测试结束：评分程序关闭自己一端并结束你的程序 ──",
                )
                .to_string(),
            );
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
