//! The packet ladders of a test in the terminal: beside the transcript, the
//! connection's life as the lesson draws it, and what the lesson calls it.

use std::fmt::Write as _;

use super::Paint;
use super::safe::escape_controls;
use crate::lang::Lang;
use crate::outcome::TestResult;
use crate::runner::packets::render_ladder;
use crate::text::report as say;

/// The ladders of `result`, indented by two spaces (empty when nothing was captured).
pub fn render_packets(result: &TestResult, paint: Paint, lang: Lang) -> String {
    let mut out = String::new();
    // Nothing captured, or no connection made: nothing to draw.
    let Some(packets) = result.packets.as_ref().filter(|p| !p.ladders.is_empty()) else {
        return out;
    };
    let _ = writeln!(out, "  {}", paint.dim(say::packets_heading(lang)));
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
            paint.yellow(say::note_label(lang)),
            say::label_gap(lang),
            escape_controls(note)
        );
    }
    out
}
