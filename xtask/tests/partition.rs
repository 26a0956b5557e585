//! `grade --partition K/N` plus `merge` equals one full run: a class can be
//! graded as a CI matrix.

use std::path::Path;
use std::process::Command;

mod support;

use support::{read_json, root, stdout_of};

/// Runs `xtask ARGS EXTRA` (see [`support::xtask`]), which must succeed; returns its stdout.
fn xtask(args: &[&str], extra: &[&Path]) -> String {
    stdout_of(support::xtask().args(args).args(extra))
}

fn scores(results: &Path) -> Vec<(String, f64)> {
    let json = read_json(results);
    json["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].to_string(), t["score"].as_f64().unwrap()))
        .collect()
}

#[test]
fn shares_merged_equal_one_full_run() {
    let tmp = tempfile::tempdir().unwrap();
    let class = tmp.path().join("class");
    // Three samples (the hanging one only makes this test slower).
    std::fs::create_dir_all(&class).unwrap();
    for sample in ["correct", "partial", "no-compile"] {
        let copied = Command::new("cp")
            .arg("-r")
            .arg(root().join("samples").join(sample))
            .arg(class.join(sample))
            .status();
        assert!(copied.unwrap().success());
    }
    let dir = |name: &str| tmp.path().join(name);
    let full = dir("full");
    let share1 = dir("share1");
    let share2 = dir("share2");
    let merged = dir("merged");
    for (out, partition) in [
        (&full, None),
        (&share1, Some("1/2")),
        (&share2, Some("2/2")),
    ] {
        let mut args = vec![
            "grade",
            "--seed",
            "99",
            "--submissions",
            class.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        let work = out.with_extension("work");
        args.extend(["--work", work.to_str().unwrap()]);
        if let Some(p) = partition {
            args.extend(["--partition", p]);
        }
        xtask(&args, &[]);
    }
    let shared = std::fs::read_to_string(share1.join("grades.csv")).unwrap();
    assert_eq!(
        shared.lines().count(),
        3,
        "share 1 of 2 holds two of the three: {shared}"
    );
    xtask(
        &["merge", "--out", merged.to_str().unwrap()],
        &[&share1, &share2],
    );
    for sheet in ["grades.csv", "status.csv"] {
        assert_eq!(
            std::fs::read_to_string(merged.join(sheet)).unwrap(),
            std::fs::read_to_string(full.join(sheet)).unwrap(),
            "{sheet}"
        );
    }
    // The joined record lists the same submissions and final scores as one run's.
    let record = |dir: &Path| -> Vec<(String, f64)> {
        let text = std::fs::read_to_string(dir.join("gradebook.json")).expect("gradebook.json");
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        value["submissions"]
            .as_array()
            .expect("submissions")
            .iter()
            .map(|s| {
                let total = s["exercises"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["final"].as_f64().unwrap())
                    .sum();
                (s["name"].as_str().unwrap().to_string(), total)
            })
            .collect()
    };
    assert_eq!(record(&merged), record(&full));
    for sample in ["correct", "partial", "no-compile"] {
        let file = Path::new(sample).join("results.json");
        assert_eq!(
            scores(&merged.join(&file)),
            scores(&full.join(&file)),
            "{sample}"
        );
    }
    // A share without `status.csv` (the record of what could not be graded)
    // beside one with it is refused, not silently dropped.
    std::fs::remove_file(share2.join("status.csv")).unwrap();
    let refused = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root())
        .args(["merge", "--out", merged.to_str().unwrap()])
        .args([&share1, &share2])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("has no `status.csv` but other shares do"),
        "{stderr}"
    );
}

#[test]
fn a_bad_partition_is_refused() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root())
        .args(["grade", "--submissions", "samples", "--partition", "3/2"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not a share such as `2/4`"));
}
