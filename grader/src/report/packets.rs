//! The packet ladders of a test in the terminal: beside the transcript, the
//! connection's life as the lesson draws it, and what the lesson calls it.

use std::fmt::Write as _;

use super::Paint;
use super::safe::escape_controls;
use crate::lang::Lang;
use crate::outcome::TestResult;
use crate::runner::packets::render_ladder;

/// The ladders of `result`, indented by two spaces (empty when nothing was captured).
pub fn render_packets(result: &TestResult, paint: Paint, lang: Lang) -> String {
    let mut out = String::new();
    // Nothing captured, or no connection made: nothing to draw.
    let Some(packets) = result.packets.as_ref().filter(|p| !p.ladders.is_empty()) else {
        return out;
    };
    let _ = writeln!(
        out,
        "  {}",
        paint.dim(lang.text(
            "packets (TCP segments on the run's loopback; → client to server, ← server to client):",
            "数据包（本次运行回环接口上的 TCP 报文段；→ 客户端到服务器，← 服务器到客户端）：",
        ))
    );
    for (i, ladder) in packets.ladders.iter().enumerate() {
        for line in render_ladder(ladder, i + 1, lang) {
            // The first bytes of data are the student's: no escape sequence reaches the terminal.
            let _ = writeln!(out, "    {}", escape_controls(&line));
        }
    }
    if let Some(note) = &packets.note {
        let _ = writeln!(
            out,
            "  {}{}{}",
            paint.yellow(lang.text("note:", "注意：")),
            lang.text(" ", ""),
            escape_controls(note)
        );
    }
    out
}
