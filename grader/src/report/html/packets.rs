//! Packets in `report.html`: a connection's ladder as an SVG sequence
//! diagram (in a student's failing-test details), and the class chart of
//! how connections ended, per test.
//!
//! Every drawn figure carries its number or label in a `data-` attribute,
//! so a test can check what is drawn.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::escape;
use crate::lang::Lang;
use crate::report::GradebookRow;
use crate::runner::packets::{Ending, Ladder, Side};

/// The diagram's width, the two lifelines' places and the height of a rung.
const WIDTH: f64 = 520.0;
const CLIENT_X: f64 = 150.0;
const SERVER_X: f64 = 430.0;
const TOP: f64 = 40.0;
const STEP: f64 = 24.0;

/// One connection drawn as a sequence diagram: the client's and the
/// server's lifelines, one arrow per rung, the test's end as a dashed line,
/// and the diagnosis under it.
pub(super) fn ladder_svg(ladder: &Ladder, lang: Lang) -> String {
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
    let mut rows = ladder.rungs.len() + usize::from(ladder.omitted > 0);
    rows += usize::from(ladder.rungs.iter().any(|r| r.after_end));
    let height = TOP + STEP * rows as f64 + 16.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<figure class=\"ladder\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" \
         width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" \
         data-ending=\"{ending:?}\" font-size=\"12\" font-family=\"monospace\">\
         <title>{title}</title>\
         <text x=\"{CLIENT_X}\" y=\"14\" text-anchor=\"middle\" font-weight=\"bold\">{client}</text>\
         <text x=\"{CLIENT_X}\" y=\"28\" text-anchor=\"middle\">{client_addr}</text>\
         <text x=\"{SERVER_X}\" y=\"14\" text-anchor=\"middle\" font-weight=\"bold\">{server}</text>\
         <text x=\"{SERVER_X}\" y=\"28\" text-anchor=\"middle\">{server_addr}</text>\
         <line x1=\"{CLIENT_X}\" y1=\"{TOP}\" x2=\"{CLIENT_X}\" y2=\"{bottom}\" stroke=\"#888\"/>\
         <line x1=\"{SERVER_X}\" y1=\"{TOP}\" x2=\"{SERVER_X}\" y2=\"{bottom}\" stroke=\"#888\"/>",
        ending = ladder.ending,
        title = escape(&ladder.diagnosis.join("; ")),
        client = escape(client),
        server = escape(server),
        client_addr = ladder.client_addr,
        server_addr = ladder.server_addr,
        bottom = height - 8.0,
    );
    let mut y = TOP;
    let mut over = false;
    for (i, rung) in ladder.rungs.iter().enumerate() {
        if ladder.omitted > 0 && i == crate::runner::packets::LADDER_HEAD {
            y += STEP;
            let _ = write!(
                svg,
                "<text x=\"{mid}\" y=\"{y}\" text-anchor=\"middle\" fill=\"#666\">… {} …</text>",
                ladder.omitted,
                mid = (CLIENT_X + SERVER_X) / 2.0,
            );
        }
        if rung.after_end && !over {
            over = true;
            y += STEP;
            let _ = write!(
                svg,
                "<line class=\"test-over\" x1=\"10\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"#c00\" stroke-dasharray=\"4 3\"/>\
                 <text x=\"12\" y=\"{ty}\" fill=\"#c00\">{}</text>",
                escape(lang.text("test over", "测试结束")),
                x2 = WIDTH - 10.0,
                ty = y - 3.0,
            );
        }
        y += STEP;
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
        let _ = write!(
            svg,
            "<g class=\"rung\" data-label=\"{label}\" data-from-client=\"{from_client}\">\
             <text x=\"4\" y=\"{y}\" fill=\"#666\">{time:.3}s</text>\
             <line x1=\"{x1}\" y1=\"{y0}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"{colour}\"/>\
             <polygon points=\"{x2},{y} {head},{ya} {head},{yb}\" fill=\"{colour}\"/>\
             <text x=\"{mid}\" y=\"{ty}\" text-anchor=\"middle\" fill=\"{colour}\">{label}</text></g>",
            label = escape(&rung.label),
            from_client = rung.from_client,
            time = rung.at.as_secs_f64(),
            y0 = y - 8.0,
            ya = y - 5.0,
            yb = y + 3.0,
            mid = (CLIENT_X + SERVER_X) / 2.0,
            ty = y - 8.0,
        );
    }
    svg.push_str("</svg><figcaption><ul>");
    for line in &ladder.diagnosis {
        let _ = write!(svg, "<li>{}</li>", escape(line));
    }
    svg.push_str("</ul></figcaption></figure>");
    svg
}

/// The class chart: per test, how many connections ended each way (one
/// stacked bar per test), over every submission's captured tests; empty
/// when nothing was captured.
pub(super) fn endings_section(rows: &[GradebookRow], lang: Lang) -> String {
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
        return String::new();
    }
    let colours = ["#06c", "#6a3", "#c00", "#e90", "#999"];
    let mut out = format!(
        "<section id=\"endings\"><h2>{}</h2><p>",
        escape(lang.text(
            "How connections ended (from the packets of each run)",
            "连接是如何结束的（来自每次运行的数据包）"
        ))
    );
    for (ending, colour) in Ending::ALL.iter().zip(colours) {
        let _ = write!(
            out,
            "<span class=\"tag\"><svg width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\" fill=\"{colour}\"/></svg> {}</span> ",
            escape(ending.label(lang))
        );
    }
    out.push_str("</p><table><tbody>");
    for ((exercise, test), ends) in &counts {
        let total: usize = ends.values().sum();
        let mut bar = String::new();
        let mut x = 0.0;
        for (ending, colour) in Ending::ALL.iter().zip(colours) {
            let n = ends.get(ending).copied().unwrap_or(0);
            let w = 300.0 * n as f64 / total as f64;
            if n > 0 {
                let _ = write!(
                    bar,
                    "<rect class=\"ending\" data-ending=\"{ending:?}\" data-count=\"{n}\" x=\"{x:.1}\" width=\"{w:.1}\" height=\"14\" fill=\"{colour}\"><title>{}: {n}</title></rect>",
                    escape(ending.label(lang))
                );
            }
            x += w;
        }
        let _ = write!(
            out,
            "<tr class=\"endings\" data-test=\"{test}\"><td class=\"nowrap\">{exercise}</td><td><code>{test}</code></td>\
             <td><svg width=\"300\" height=\"14\" role=\"img\">{bar}</svg></td><td class=\"num\">{total}</td></tr>",
            exercise = escape(exercise),
            test = escape(test),
        );
    }
    out.push_str("</tbody></table></section>\n");
    out
}

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
        let svg = ladder_svg(&ladder(), Lang::En);
        assert_eq!(svg.matches("<g class=\"rung\"").count(), 6, "{svg}");
        assert!(svg.contains("data-label=\"SYN,ACK\" data-from-client=\"false\""));
        assert!(svg.contains("data-ending=\"Reset\""));
        assert!(svg.contains("class=\"test-over\""));
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;RST&gt;"));
    }
}
