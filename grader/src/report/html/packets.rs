//! Packets in `report.html`: a connection's ladder as an SVG sequence
//! diagram (in a student's failing-test details), and the class chart of
//! how connections ended, per test.
//!
//! Every drawn figure carries its number or label in a `data-` attribute,
//! so a test can check what is drawn.

use std::collections::BTreeMap;

use maud::{Markup, html};

use crate::lang::Lang;
use crate::report::GradebookRow;
use crate::runner::packets::{Ending, Ladder, Side};
use crate::text::packets as say;

/// The diagram's width, the two lifelines' places and the height of a rung.
const WIDTH: f64 = 520.0;
const CLIENT_X: f64 = 150.0;
const SERVER_X: f64 = 430.0;
const TOP: f64 = 40.0;
const STEP: f64 = 24.0;

/// One connection drawn as a sequence diagram: the client's and the
/// server's lifelines, one arrow per rung, the test's end as a dashed line,
/// and the diagnosis under it.
pub(super) fn ladder_svg(ladder: &Ladder, lang: Lang) -> Markup {
    let (client, server) = match ladder.client {
        Side::Test => (say::test_side(lang), say::program_side(lang)),
        Side::Program => (say::program_side(lang), say::test_side(lang)),
    };
    let mut rows = ladder.rungs.len() + usize::from(ladder.omitted > 0);
    rows += usize::from(ladder.rungs.iter().any(|r| r.after_end));
    let height = TOP + STEP * rows as f64 + 16.0;
    let bottom = height - 8.0;
    let mid = (CLIENT_X + SERVER_X) / 2.0;
    // Each rung's height, after the rows for the omitted rungs and the test's end.
    let mut y = TOP;
    let mut over = false;
    let mut places: Vec<(Option<f64>, Option<f64>, f64)> = Vec::new();
    for (i, rung) in ladder.rungs.iter().enumerate() {
        let omitted = (ladder.omitted > 0 && i == crate::runner::packets::LADDER_HEAD).then(|| {
            y += STEP;
            y
        });
        let end = (rung.after_end && !over).then(|| {
            over = true;
            y += STEP;
            y
        });
        y += STEP;
        places.push((omitted, end, y));
    }
    html! {
        figure class="ladder" {
            svg xmlns="http://www.w3.org/2000/svg" role="img" width=(WIDTH) height=(height)
                viewBox={ "0 0 " (WIDTH) " " (height) } data-ending=(format!("{:?}", ladder.ending))
                font-size="12" font-family="monospace" {
                title { (ladder.diagnosis.join("; ")) }
                text x=(CLIENT_X) y="14" text-anchor="middle" font-weight="bold" { (client) }
                text x=(CLIENT_X) y="28" text-anchor="middle" { (ladder.client_addr) }
                text x=(SERVER_X) y="14" text-anchor="middle" font-weight="bold" { (server) }
                text x=(SERVER_X) y="28" text-anchor="middle" { (ladder.server_addr) }
                line x1=(CLIENT_X) y1=(TOP) x2=(CLIENT_X) y2=(bottom) stroke="#888" {}
                line x1=(SERVER_X) y1=(TOP) x2=(SERVER_X) y2=(bottom) stroke="#888" {}
                @for (rung, (omitted, end, y)) in ladder.rungs.iter().zip(places) {
                    @if let Some(y) = omitted {
                        text x=(mid) y=(y) text-anchor="middle" fill="#666" { "… " (ladder.omitted) " …" }
                    }
                    @if let Some(y) = end {
                        line class="test-over" x1="10" y1=(y) x2=(WIDTH - 10.0) y2=(y) stroke="#c00" stroke-dasharray="4 3" {}
                        text x="12" y=(y - 3.0) fill="#c00" { (say::test_over_short(lang)) }
                    }
                    (rung_svg(rung, y, mid))
                }
            }
            figcaption { ul { @for line in &ladder.diagnosis { li { (line) } } } }
        }
    }
}

/// One rung: its time, an arrow from the side that sent it, and its label.
fn rung_svg(rung: &crate::runner::packets::Rung, y: f64, mid: f64) -> Markup {
    let (x1, x2) = if rung.from_client {
        (CLIENT_X, SERVER_X)
    } else {
        (SERVER_X, CLIENT_X)
    };
    let head = if rung.from_client { x2 - 8.0 } else { x2 + 8.0 };
    let colour = if rung.label.contains("RST") {
        "#c00"
    } else if rung.label.contains("SYN") || rung.label.contains("FIN") {
        "#06c"
    } else {
        "#333"
    };
    html! {
        g class="rung" data-label=(rung.label) data-from-client=(rung.from_client) {
            text x="4" y=(y) fill="#666" { (format!("{:.3}s", rung.at.as_secs_f64())) }
            line x1=(x1) y1=(y - 8.0) x2=(x2) y2=(y) stroke=(colour) {}
            polygon points={ (x2) "," (y) " " (head) "," (y - 5.0) " " (head) "," (y + 3.0) } fill=(colour) {}
            text x=(mid) y=(y - 8.0) text-anchor="middle" fill=(colour) { (rung.label) }
        }
    }
}

/// The class chart: per test, how many connections ended each way (one
/// stacked bar per test), over every submission's captured tests; empty
/// when nothing was captured.
pub(super) fn endings_section(rows: &[GradebookRow], lang: Lang) -> Markup {
    let mut counts: BTreeMap<(String, String), BTreeMap<Ending, usize>> = BTreeMap::new();
    for row in rows {
        for exercise in &row.exercises {
            for result in &exercise.results {
                let Some(packets) = &result.packets else {
                    continue;
                };
                let test = counts
                    .entry((result.exercise.clone(), result.name.clone()))
                    .or_default();
                for ending in &packets.endings {
                    *test.entry(*ending).or_default() += 1;
                }
            }
        }
    }
    counts.retain(|_, c| !c.is_empty());
    if counts.is_empty() {
        return Markup::default();
    }
    html! {
        section id="endings" {
            h2 {
                (say::endings_heading(lang))
            }
            p {
                @for (ending, colour) in Ending::ALL.iter().zip(COLOURS) {
                    span class="tag" {
                        svg width="10" height="10" { rect width="10" height="10" fill=(colour) {} }
                        " " (ending.label(lang))
                    }
                    " "
                }
            }
            table {
                tbody {
                    @for ((exercise, test), ends) in &counts {
                        @let total: usize = ends.values().sum();
                        tr class="endings" data-test=(test) {
                            td class="nowrap" { (exercise) }
                            td { code { (test) } }
                            td { svg width="300" height="14" role="img" { (ending_bars(ends, total, lang)) } }
                            td class="num" { (total) }
                        }
                    }
                }
            }
        }
        "\n"
    }
}

/// One test's stacked bar: a rectangle per way its connections ended.
fn ending_bars(ends: &BTreeMap<Ending, usize>, total: usize, lang: Lang) -> Markup {
    // Each way's count, width and left edge, in the order of the legend.
    let mut x = 0.0;
    let bars: Vec<(&Ending, &str, usize, f64, f64)> = (Ending::ALL.iter().zip(COLOURS))
        .map(|(ending, colour)| {
            let n = ends.get(ending).copied().unwrap_or(0);
            let (w, left) = (300.0 * n as f64 / total as f64, x);
            x += w;
            (ending, colour, n, w, left)
        })
        .collect();
    html! {
        @for (ending, colour, n, w, x) in bars {
            @if n > 0 {
                rect class="ending" data-ending=(format!("{ending:?}")) data-count=(n)
                    x=(format!("{x:.1}")) width=(format!("{w:.1}")) height="14" fill=(colour) {
                    title { (ending.label(lang)) ": " (n) }
                }
            }
        }
    }
}

/// The colour of each way a connection ends, in the order of [`Ending::ALL`].
const COLOURS: [&str; 5] = ["#06c", "#6a3", "#c00", "#e90", "#999"];

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::runner::packets::Rung;

    fn ladder() -> Ladder {
        let rung = |from_client: bool, label: &str, after_end: bool| Rung {
            at: Duration::from_millis(3),
            from_client,
            label: label.to_string(),
            after_end,
        };
        Ladder {
            client: Side::Test,
            client_addr: "127.0.0.1:40000".parse().unwrap(),
            server_addr: "127.0.0.1:8080".parse().unwrap(),
            rungs: vec![
                rung(true, "SYN", false),
                rung(false, "SYN,ACK", false),
                rung(true, "ACK", false),
                rung(true, "\"<script>\" (8 bytes)", false),
                rung(false, "RST", false),
                rung(true, "FIN", true),
            ],
            omitted: 0,
            ending: Ending::Reset,
            diagnosis: vec!["the connection was reset <RST>".to_string()],
        }
    }

    #[test]
    fn a_ladder_is_drawn_rung_by_rung_and_escaped() {
        let svg = ladder_svg(&ladder(), Lang::En).into_string();
        assert_eq!(svg.matches("<g class=\"rung\"").count(), 6, "{svg}");
        assert!(svg.contains("data-label=\"SYN,ACK\" data-from-client=\"false\""));
        assert!(svg.contains("data-ending=\"Reset\""));
        assert!(svg.contains("class=\"test-over\""));
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;RST&gt;"));
    }
}
