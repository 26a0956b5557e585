//! The similarity page: one self-contained HTML file (inline style, no
//! script, a content security policy that loads nothing), every name and
//! line of code escaped by maud. Pairs are ranked per exercise; each opens
//! to its matching regions side by side.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::pairs::{Document, Pair, Region, lines};

/// One exercise's ranked pairs.
pub(crate) struct ExercisePairs {
    /// The exercise id.
    pub(crate) id: String,
    /// Its documents.
    pub(crate) docs: Vec<Document>,
    /// Its pairs, highest share first.
    pub(crate) pairs: Vec<Pair>,
}

/// Renders the page.
pub(crate) fn render(exercises: &[ExercisePairs], excluded: &[String], shown: usize) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "netlab similarity report" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { "netlab similarity report" }
                p {
                    "Token fingerprints (names and literals normalised, winnowed as MOSS does). "
                    "A high share is a reason to read the code, not a verdict. Left out: "
                    @for (i, e) in excluded.iter().enumerate() { @if i > 0 { ", " } code { (e) } }
                    "."
                }
                @for exercise in exercises { (section(exercise, shown)) }
            }
        }
    };
    page.into_string()
}

fn section(exercise: &ExercisePairs, shown: usize) -> Markup {
    html! {
        section id={ "exercise-" (exercise.id) } {
            h2 { (exercise.id) }
            p { (exercise.docs.len()) " submissions with code, " (exercise.pairs.len()) " pairs sharing code." }
            @if !exercise.pairs.is_empty() {
                table {
                    thead { tr { th { "#" } th { "submission" } th { "submission" } th.num { "share" } th.num { "of first" } th.num { "of second" } th.num { "fingerprints" } } }
                    tbody {
                        @for (i, pair) in exercise.pairs.iter().take(shown).enumerate() {
                            tr {
                                td { a href={ "#" (anchor(&exercise.id, i)) } { (i + 1) } }
                                td { (exercise.docs[pair.a].name) }
                                td { (exercise.docs[pair.b].name) }
                                td.num { (percent(pair.score())) }
                                td.num { (percent(pair.fraction.0)) }
                                td.num { (percent(pair.fraction.1)) }
                                td.num { (pair.shared) }
                            }
                        }
                    }
                }
                @for (i, pair) in exercise.pairs.iter().take(shown).enumerate() { (detail(exercise, i, pair)) }
            }
        }
    }
}

fn detail(exercise: &ExercisePairs, index: usize, pair: &Pair) -> Markup {
    let (a, b) = (&exercise.docs[pair.a], &exercise.docs[pair.b]);
    html! {
        // The ten highest open at once: the page has no script to open them from the table.
        details.pair id=(anchor(&exercise.id, index)) open[index < 10] {
            summary { (index + 1) ". " (a.name) " and " (b.name) ": " (percent(pair.score())) }
            table.regions {
                thead { tr { th { (a.name) } th { (b.name) } } }
                tbody {
                    @for (ra, rb) in &pair.regions {
                        tr { td { (excerpt(a, ra)) } td { (excerpt(b, rb)) } }
                    }
                }
            }
        }
    }
}

/// The whole lines a region covers, numbered, with the file's name.
fn excerpt(doc: &Document, region: &Region) -> Markup {
    let (path, text) = &doc.files[region.file];
    let (first, last) = lines(text, region.start, region.end);
    let body: String = text
        .lines()
        .enumerate()
        .skip(first - 1)
        .take(last + 1 - first)
        .map(|(n, line)| format!("{:>4}  {line}\n", n + 1))
        .collect();
    html! {
        div.file { (path) ":" (first) "–" (last) }
        pre { (body) }
    }
}

fn anchor(id: &str, index: usize) -> String {
    format!("pair-{id}-{}", index + 1)
}

fn percent(value: f64) -> String {
    format!("{:.0}%", value * 100.0)
}

/// Nothing may be loaded: no network, no scripts.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'";

const STYLE: &str = "
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:90rem;padding:0 1rem;color:#1d1d1f}
table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.25rem .6rem;text-align:left;border-bottom:1px solid #eee;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
details.pair{border:1px solid #ddd;border-radius:4px;margin:.5rem 0;padding:.25rem .75rem}
details.pair summary{cursor:pointer;font-weight:600}
table.regions{width:100%;table-layout:fixed}table.regions td{width:50%}
.file{font-size:.8rem;color:#555}
pre{background:#fff6d5;padding:.5rem;overflow-x:auto;font-size:.8rem;margin:.2rem 0}
";
