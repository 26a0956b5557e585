//! Golden reports: every report `grade` writes for the sample class with
//! `--seed 7`, compared byte for byte after normalising only what truly
//! varies from run to run (ports, packet timings and ladders, test times,
//! the date, this machine's containment, the output folder, the order in
//! which submissions finish).
//!
//! One sample races by design: `partial`'s `reconnect-server` exits after
//! its first client, and whether a test's next connection is refused or
//! reset depends on when that exit lands. The texts of those failures are
//! left out; their status and score are still compared.
//!
//! Set `NETLAB_BLESS=1` to rewrite the golden files from a run.

use std::path::{Path, PathBuf};

/// The variable that rewrites the golden files instead of comparing.
const BLESS: &str = "NETLAB_BLESS";

/// Where the golden files live.
fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/samples")
}

/// The reports compared, relative to `--out` (JUnit is written there too).
pub(crate) const REPORTS: &[&str] = &[
    "grades.csv",
    "status.csv",
    "summary.md",
    "gradebook.json",
    "junit.xml",
    "report.html",
    "correct/results.json",
    "hangs/results.json",
    "no-compile/results.json",
    "partial/results.json",
];

/// Compares the reports under `out` and the terminal's `stdout` with the
/// golden files (or rewrites them under `NETLAB_BLESS=1`).
pub(crate) fn compare(out: &Path, stdout: &str) {
    let bless = std::env::var_os(BLESS).is_some_and(|v| !v.is_empty());
    let mut files: Vec<(String, String)> = REPORTS
        .iter()
        .map(|name| {
            let path = out.join(name);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (name.to_string(), normalize(name, &text, out))
        })
        .collect();
    files.push(("stdout.txt".to_string(), normalize_stdout(stdout, out)));
    let mut differ = Vec::new();
    for (name, text) in files {
        let golden = golden_dir().join(&name);
        if bless {
            std::fs::create_dir_all(golden.parent().expect("a folder")).expect("mkdir");
            std::fs::write(&golden, &text).expect("write golden");
            continue;
        }
        let want = std::fs::read_to_string(&golden)
            .unwrap_or_else(|e| panic!("{}: {e} (bless with {BLESS}=1)", golden.display()));
        if want != text {
            let line = want
                .lines()
                .zip(text.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| want.lines().count().min(text.lines().count()));
            let show = |t: &str| {
                t.lines()
                    .nth(line)
                    .unwrap_or("(end)")
                    .chars()
                    .take(400)
                    .collect::<String>()
            };
            differ.push(format!(
                "{name}: first difference at line {}\n  golden: {}\n  now:    {}",
                line + 1,
                show(&want),
                show(&text)
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "reports differ from the golden files (rewrite them with {BLESS}=1 only if the change is intended):\n{}",
        differ.join("\n")
    );
}

/// One report, normalised.
fn normalize(name: &str, text: &str, out: &Path) -> String {
    let text = text.replace(&*out.to_string_lossy(), "<out>");
    if name.ends_with(".json") {
        let racy = name == "partial/results.json";
        return normalize_json_lines(&text, racy);
    }
    let text = normalize_text(&text);
    if name.ends_with(".xml") {
        let text = replace_attr(&text, " time=\"", "<time>");
        return replace_between(
            &text,
            &format!("classname=\"{RACY_SUBMISSION}.{RACY_EXERCISE}\" time=\"<time>\">"),
            "</testcase>",
            "<varies/>",
        );
    }
    if name.ends_with(".html") {
        let text = replace_between(&text, "<dd id=\"date\">", "</dd>", "<date>");
        let text = replace_between(
            &text,
            "<ul class=\"protections\">",
            "</ul>",
            "<protections>",
        );
        let text = replace_between(&text, "<section id=\"endings\">", "</section>", "<endings>");
        let text = replace_elements(&text, "<figure class=\"ladder\">", "</figure>", "<ladder/>");
        let text = replace_elements(
            &text,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"520\"",
            "</svg>",
            "<packets/>",
        );
        return without_racy_rows(&text);
    }
    text
}

/// The terminal's output: progress lines come in the order submissions
/// finish and the load line measures this run, so both are left out.
fn normalize_stdout(stdout: &str, out: &Path) -> String {
    let text = stdout.replace(&*out.to_string_lossy(), "<out>");
    let kept: String = text
        .lines()
        .filter(|line| {
            !(line.starts_with('[') && line.contains("] ") && line.contains(" points ("))
        })
        // The load line measures this run's programs against their deadlines.
        .filter(|line| !line.starts_with("load: "))
        .map(|line| format!("{line}\n"))
        .collect();
    normalize_text(&kept)
}

/// The submission and exercise whose failure texts race (see above).
const RACY_SUBMISSION: &str = "partial";
const RACY_EXERCISE: &str = "reconnect-server";

/// `report.html` without the texts of the racy exercise's failed tests.
fn without_racy_rows(html: &str) -> String {
    let tag = format!(
        "<details class=\"student\" id=\"student-3\" data-submission=\"{RACY_SUBMISSION}\">"
    );
    let Some(student) = html.find(&tag) else {
        return html.to_string();
    };
    let Some(heading) = html[student..].find(&format!("<h3>{RACY_EXERCISE} ")) else {
        return html.to_string();
    };
    let start = student + heading;
    let end = html[start + 4..]
        .find("<h3>")
        .map_or(html.len(), |at| start + 4 + at);
    let span = replace_between(
        &html[start..end],
        "<tr class=\"result failed\"",
        "</tr>",
        "><varies/>",
    );
    format!("{}{span}{}", &html[..start], &html[end..])
}

/// Pretty JSON: each string value on a line is decoded, normalised and
/// encoded again, so key order and layout are compared as written. With
/// `racy`, the racy exercise's failure texts are left out.
fn normalize_json_lines(text: &str, racy: bool) -> String {
    let mut normalized = String::new();
    let mut in_racy_test = false;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("\"name\": ") {
            in_racy_test = racy && line.contains(&format!("\"{RACY_EXERCISE} › "));
        }
        if in_racy_test
            && line.trim_start().starts_with("\"output\": \"")
            && !line.contains("\"output\": \"\"")
        {
            let indent = &line[..line.len() - line.trim_start().len()];
            let comma = if line.trim_end().ends_with(',') {
                ","
            } else {
                ""
            };
            normalized.push_str(&format!("{indent}\"output\": \"<varies>\"{comma}\n"));
            continue;
        }
        let body = line.trim_end_matches('\n');
        let (body, comma) = match body.strip_suffix(',') {
            Some(b) => (b, ","),
            None => (body, ""),
        };
        let value_at = body.find(": \"").map(|i| i + 2).or_else(|| {
            let trimmed = body.trim_start();
            trimmed.starts_with('"').then(|| body.len() - trimmed.len())
        });
        let decoded = value_at.and_then(|at| {
            serde_json::from_str::<String>(&body[at..])
                .ok()
                .map(|s| (at, s))
        });
        match decoded {
            Some((at, value)) => {
                let value = normalize_text(&value);
                normalized.push_str(&body[..at]);
                normalized.push_str(&serde_json::to_string(&value).expect("a string"));
                normalized.push_str(comma);
                if line.ends_with('\n') {
                    normalized.push('\n');
                }
            }
            None => normalized.push_str(line),
        }
    }
    normalized
}

/// Text shared by every format: ports chosen by the system become `<port>`,
/// and packet ladders (timings, retransmissions) are left out; they have
/// tests of their own.
fn normalize_text(text: &str) -> String {
    let mut kept = String::new();
    let mut skip_deeper: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(depth) = skip_deeper {
            if indent > depth && !line.trim().is_empty() {
                continue;
            }
            skip_deeper = None;
        }
        if line.trim_start().starts_with("packets (TCP segments") {
            skip_deeper = Some(indent);
            kept.push_str(&" ".repeat(indent));
            kept.push_str("<packets>\n");
            continue;
        }
        kept.push_str(line);
    }
    replace_ports(&kept)
}

/// `127.0.0.1:N` with a port the system picked (4 or 5 digits, not the
/// documented 8888) becomes `127.0.0.1:<port>`.
fn replace_ports(text: &str) -> String {
    const HOST: &str = "127.0.0.1:";
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(HOST) {
        out.push_str(&rest[..at + HOST.len()]);
        rest = &rest[at + HOST.len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if (4..=5).contains(&digits) && &rest[..digits] != "8888" {
            out.push_str("<port>");
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// Every `start…end` span's inside becomes `with`.
fn replace_between(text: &str, start: &str, end: &str, with: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(start) {
        out.push_str(&rest[..at + start.len()]);
        rest = &rest[at + start.len()..];
        let Some(stop) = rest.find(end) else { break };
        out.push_str(with);
        rest = &rest[stop..];
    }
    out.push_str(rest);
    out
}

/// Every element from `start` to its first `end` becomes `with`.
fn replace_elements(text: &str, start: &str, end: &str, with: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(start) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(stop) = rest.find(end) else { break };
        out.push_str(with);
        rest = &rest[stop + end.len()..];
    }
    out.push_str(rest);
    out
}

/// Every value of the attribute opened by `attr` (such as ` time="`) becomes `with`.
fn replace_attr(text: &str, attr: &str, with: &str) -> String {
    replace_between(text, attr, "\"", with)
}
