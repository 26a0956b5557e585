//! Reports are safe to open whatever the submissions are called: folder
//! names that clash with report files, that a spreadsheet would run as a
//! formula, or that hold terminal escape sequences. The real binary grades a
//! class of such (empty) submissions, splits it, merges it, and every report
//! is read back.

use std::path::Path;
use std::process::Output;

mod support;

/// Runs `xtask ARGS` (see [`support::xtask`]), which must succeed.
fn xtask(args: &[&str]) -> Output {
    support::succeeds(support::xtask().args(args))
}

/// Hostile folder names, and the folder each one's `results.json` is in.
const NAMES: [(&str, &str); 9] = [
    ("grades.csv", "~grades.csv"),
    ("report.html", "~report.html"),
    ("Summary.md", "~Summary.md"),
    ("~grades.csv", "~~grades.csv"),
    (
        "=HYPERLINK(\"http:,,x\",\"y\")",
        "=HYPERLINK(\"http:,,x\",\"y\")",
    ),
    ("@SUM(A1)", "@SUM(A1)"),
    ("-2+3", "-2+3"),
    (
        "\u{1b}[2J\u{1b}[32mall passed\u{7}",
        "\u{1b}[2J\u{1b}[32mall passed\u{7}",
    ),
    ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
];

fn first_cells(gradebook: &Path) -> Vec<String> {
    let mut reader = csv::Reader::from_path(gradebook).unwrap();
    reader
        .records()
        .map(|r| r.unwrap().get(0).unwrap().to_string())
        .collect()
}

#[test]
fn hostile_folder_names_cannot_break_or_poison_the_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let class = tmp.path().join("class");
    for (name, _) in NAMES {
        std::fs::create_dir_all(class.join(name)).unwrap();
    }
    let class = class.to_str().unwrap();
    let dir = |name: &str| tmp.path().join(name).to_str().unwrap().to_string();
    let (full, one, two, merged) = (dir("full"), dir("one"), dir("two"), dir("merged"));
    let mut printed = Vec::new();
    for (out, partition) in [(&full, None), (&one, Some("1/2")), (&two, Some("2/2"))] {
        let work = format!("{out}.work");
        let mut args = vec!["grade", "--seed", "5", "--submissions", class];
        args.extend(["--out", out, "--work", &work]);
        if let Some(p) = partition {
            args.extend(["--partition", p]);
        }
        let output = xtask(&args);
        printed.extend(output.stdout);
        printed.extend(output.stderr);
    }
    let output = xtask(&["merge", "--out", &merged, &one, &two]);
    printed.extend(output.stdout);

    // The terminal saw the escape sequence written out, never the sequence.
    let printed = String::from_utf8(printed).unwrap();
    assert!(!printed.contains(['\u{1b}', '\u{7}']), "{printed:?}");
    assert!(
        printed.contains("\\u{1b}[2J\\u{1b}[32mall passed\\u{7}"),
        "{printed}"
    );

    for out in [&full, &merged] {
        let out = Path::new(out);
        for report in ["grades.csv", "report.html", "summary.md"] {
            assert!(out.join(report).is_file(), "{}/{report}", out.display());
        }
        // Every submission has its row, and no cell starts a formula.
        let cells = first_cells(&out.join("grades.csv"));
        assert_eq!(cells.len(), NAMES.len(), "{cells:?}");
        for cell in &cells {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
        assert!(cells.contains(&"'=HYPERLINK(\"http:,,x\",\"y\")".to_string()));
        for (name, folder) in NAMES {
            let results = out.join(folder).join("results.json");
            assert!(results.is_file(), "{name:?}: no {}", results.display());
        }
        let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
        assert!(!summary.contains("](javascript"), "{summary}");
        assert!(!summary.contains('\u{1b}'), "{summary}");
    }
    assert_eq!(
        std::fs::read(Path::new(&merged).join("grades.csv")).unwrap(),
        std::fs::read(Path::new(&full).join("grades.csv")).unwrap(),
        "the merged shares equal one full run"
    );
}

#[test]
fn a_program_cannot_write_escape_sequences_to_the_instructors_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    // A "server" that clears the screen and prints a fake verdict, in green,
    // then retitles the terminal, instead of listening.
    let program = "printf '\\033[2J\\033[32mall tests passed\\r\\033]0;owned\\007\\n' >&2; exit 1";
    let output = xtask(&[
        "grade",
        "--exercise",
        "tcp-server",
        "--cmd",
        program,
        "--seed",
        "3",
        "--out",
        out.to_str().unwrap(),
    ]);
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(!printed.contains(['\u{1b}', '\u{7}', '\r']), "{printed:?}");
    assert!(
        printed.contains("| \\u{1b}[2J\\u{1b}[32mall tests passed\\r\\u{1b}]0;owned\\u{7}"),
        "{printed}"
    );
    let results = std::fs::read_to_string(out.join("command/results.json")).unwrap();
    assert!(
        results.contains("\\\\u{1b}[2J"),
        "shown escaped in JSON too"
    );
}
