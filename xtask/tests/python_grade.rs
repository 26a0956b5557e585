//! End-to-end tests of `cargo xtask grade --track python`: the real binary
//! grades a class of students' folders of `.py` files and one command, and
//! the tests read every report it writes.

use std::path::Path;
use std::process::Output;

mod support;

use support::{copy_dir, read_json, root};

/// Runs `xtask grade ARGS` (which must succeed), in its default build directory.
fn grade(args: &[&str]) -> Output {
    support::grade(None, args)
}

/// A class of three: a correct student, one whose day-1 server compares bytes
/// with a str, and one who handed in nothing usable.
fn class(dir: &Path) {
    let samples = root().join("python/samples");
    for (student, from) in [("ann", "all-correct"), ("bo", "bytes-vs-str")] {
        copy_dir(&samples.join(from), &dir.join(student), &[]);
    }
    std::fs::create_dir_all(dir.join("cy")).unwrap();
    std::fs::write(dir.join("cy/notes.txt"), "no code\n").unwrap();
}

#[test]
fn a_class_of_python_folders_gets_every_report() {
    let tmp = tempfile::tempdir().unwrap();
    let class_dir = tmp.path().join("class");
    class(&class_dir);
    let out = tmp.path().join("out");
    let junit = tmp.path().join("junit.xml");
    let output = grade(&[
        "--track",
        "python",
        "--submissions",
        class_dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--junit",
        junit.to_str().unwrap(),
        "--seed",
        "5",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let csv = std::fs::read_to_string(out.join("grades.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("submission,tcp-server,tcp-client,reconnect-server,total,max"),
        "{stdout}"
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 3, "{csv}");
    let (ann, bo, cy) = (&rows[0], &rows[1], &rows[2]);
    assert_eq!(ann[0], "ann");
    assert_eq!(
        ann[4], ann[5],
        "the correct student scores full marks: {csv}"
    );
    assert_eq!(bo[0], "bo");
    assert!(bo[1].parse::<f64>().unwrap() > 0.0, "{csv}");
    assert_eq!(bo[2], "0", "{csv}");
    assert_eq!(cy[4], "0", "{csv}");
    let results = read_json(&out.join("bo/results.json"));
    let quit = results["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| {
            t["name"]
                .as_str()
                .unwrap()
                .contains("quit-ends-the-session")
        })
        .expect("the quit test is reported");
    assert_eq!(quit["status"], "failed");
    assert_eq!(quit["tags"][0], "tcp-server");
    assert!(
        quit["output"]
            .as_str()
            .unwrap()
            .contains("`data == '##'` is never true"),
        "{quit}"
    );
    for report in ["summary.md", "report.html"] {
        assert!(out.join(report).is_file(), "{report} is written");
    }
    let junit = std::fs::read_to_string(&junit).unwrap();
    assert!(junit.contains("reconnect-server"), "{junit}");
}

#[test]
fn one_python_program_is_graded_as_the_submission_named_cmd() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    // A client of a course that uses port 9000.
    let solution =
        std::fs::read_to_string(root().join("python/solutions/02-tcp-client/tcp_client.py"))
            .unwrap();
    let client = tmp.path().join("client.py");
    std::fs::write(&client, solution.replace("8888", "9000")).unwrap();
    let cmd = format!("python3 {}", client.display());
    grade(&[
        "--track",
        "python",
        "--exercise",
        "tcp-client",
        "--cmd",
        &cmd,
        "--port",
        "9000",
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "zh",
    ]);
    let csv = std::fs::read_to_string(out.join("grades.csv")).unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(row.starts_with("cmd,"), "{csv}");
    let results = read_json(&out.join("cmd/results.json"));
    assert_eq!(
        results["score"],
        results["tests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["max_score"].as_f64().unwrap())
            .sum::<f64>()
    );
}
