//! End-to-end tests of `cargo xtask grade`: the real binary grades the
//! sample submissions under `samples/` (and tampered copies of them), and the
//! tests read the reports it writes.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

mod golden;

mod support;

use support::course_data::{CourseData, number};
use support::{copy_dir, grade, read_json, root};

fn tests_of(results: &Value) -> &Vec<Value> {
    results["tests"].as_array().expect("tests is an array")
}

/// Every test of `results` that did not pass, with what it said: shown when
/// a score is not the one expected, so that a failure explains itself.
fn failures(results: &Value) -> String {
    tests_of(results)
        .iter()
        .filter(|t| t["status"] != "passed")
        .map(|t| format!("{}: {}\n", t["name"], t["output"]))
        .collect()
}

#[test]
fn the_samples_are_graded_and_every_report_is_written() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("grades");
    let junit = out.join("junit.xml");
    let summary = tmp.path().join("step-summary.md");
    let start = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root())
        .args(["grade", "--submissions", "samples", "--seed", "7", "--out"])
        .arg(&out)
        .arg("--junit")
        .arg(&junit)
        .arg("--work")
        .arg(tmp.path().join("work"))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("NO_COLOR", "1")
        .output()
        .expect("xtask runs");
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "exit 0 whatever the scores:\n{stdout}"
    );

    // Every expected total comes from the course's test files.
    let course = CourseData::open();
    let total = course.total();
    let [quiz, tcp, reconnect, seek] =
        ["concepts", "tcp-server", "reconnect-server", "file-seek"].map(|id| course.max(id));
    // `hangs`' server binds, then never answers: it scores the client's
    // tests (its client is right) and the server's that never connect.
    let client = course.program_max("tcp-server", "tcp-client");
    let hangs_tcp = client + course.unconnected_max("tcp-server", "tcp-server");
    assert!(hangs_tcp > 0.0 && hangs_tcp < tcp, "{hangs_tcp} of {tcp}");

    // The scores table and the class summary on the terminal: the quiz's
    // syntax error and tcp-server's compile error (`!`) score 0, the rest full marks.
    let row = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("no-compile "))
        .unwrap_or_else(|| panic!("no row of `no-compile`: {stdout}"));
    let fraction = |got: f64, max: f64| format!("{}/{}", number(got), number(max));
    let mut cells = vec!["no-compile".to_string()];
    for id in course.ids() {
        cells.push(match id.as_str() {
            "concepts" => fraction(0.0, quiz),
            "tcp-server" => format!("!{}", fraction(0.0, tcp)),
            "reconnect-server" => fraction(reconnect, reconnect),
            "file-seek" => fraction(seek, seek),
            // An exercise added since: the sample does not have it.
            other => format!("∅{}", fraction(0.0, course.max(other))),
        });
    }
    cells.push(fraction(reconnect + seek, total));
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        cells,
        "{stdout}"
    );
    assert!(stdout.contains("class (4 submissions)"), "{stdout}");
    assert!(stdout.contains("weakest tests"), "{stdout}");
    assert!(stdout.contains("seed 7"), "{stdout}");

    let csv = std::fs::read_to_string(out.join("grades.csv")).expect("grades.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5, "{csv}");
    assert_eq!(lines[0], course.csv_header());
    let explain = |name: &str| failures(&read_json(&out.join(name).join("results.json")));
    assert_eq!(
        lines[1],
        course.full_row("correct"),
        "{}",
        explain("correct")
    );
    assert_eq!(
        lines[2],
        course.csv_row("hangs", &[("tcp-server", hangs_tcp), ("file-seek", seek)]),
        "the quiz and reconnect-server are missing: {}",
        explain("hangs")
    );
    assert_eq!(
        lines[3],
        course.csv_row(
            "no-compile",
            &[("reconnect-server", reconnect), ("file-seek", seek)]
        )
    );
    // `partial` gets part of every exercise's points (which ones: below).
    let cells: Vec<f64> = lines[4]
        .strip_prefix("partial,")
        .expect("partial's row")
        .split(',')
        .map(|cell| cell.parse().expect("a score"))
        .collect();
    let partial_scores: Vec<(&str, f64)> =
        ["concepts", "tcp-server", "reconnect-server", "file-seek"]
            .into_iter()
            .map(|id| (id, cells[course.column(id)]))
            .collect();
    for (id, score) in &partial_scores {
        assert!(0.0 < *score && *score < course.max(id), "{id}: {csv}");
    }
    assert_eq!(
        lines[4],
        course.csv_row("partial", &partial_scores),
        "{csv}"
    );
    let partial_total: f64 = partial_scores.iter().map(|(_, s)| s).sum();
    let mean = (total + hangs_tcp + seek + reconnect + seek + partial_total) / 4.0;
    assert!(
        stdout.contains(&format!("mean {}/{}", number(mean), number(total))),
        "mean {mean}: {stdout}"
    );
    let status = std::fs::read_to_string(out.join("status.csv")).expect("status.csv");
    assert_eq!(
        status,
        "submission,status,note\ncorrect,graded,\nhangs,graded,\nno-compile,graded,\npartial,graded,\n"
    );

    let correct = read_json(&out.join("correct/results.json"));
    assert_eq!(correct["score"], total);
    assert_eq!(correct["max_score"], total);
    assert_eq!(correct["extra_data"]["seed"], 7);
    for test in tests_of(&correct) {
        for key in [
            "name",
            "score",
            "max_score",
            "status",
            "output",
            "visibility",
            "tags",
        ] {
            assert!(test.get(key).is_some(), "a test lacks `{key}`: {test}");
        }
        assert_eq!(test["status"], "passed");
        let id = test["name"].as_str().and_then(|n| n.split(" › ").next());
        assert_eq!(
            test["tags"][0].as_str(),
            id,
            "the exercise id is the first tag"
        );
        assert!(
            ["visible", "after_published"].contains(&test["visibility"].as_str().unwrap_or(""))
        );
    }

    // The compiler's errors reach the student, in every test of the exercise,
    // and cost nothing in the exercise that compiles.
    let broken = read_json(&out.join("no-compile/results.json"));
    assert_eq!(broken["score"], reconnect + seek);
    for test in tests_of(&broken)
        .iter()
        .filter(|t| t["tags"][0] == "tcp-server")
    {
        let text = test["output"].as_str().expect("output");
        assert_eq!(test["status"], "failed");
        assert!(text.contains("error[E0308]: mismatched types"), "{text}");
        assert!(
            text.contains("exercises/01-tcp-server/src/main.rs:"),
            "{text}"
        );
        assert!(!text.contains("warning"), "warnings are trimmed: {text}");
    }

    // The hanging server fails on its timeouts, well within the tests' budgets.
    let hangs = read_json(&out.join("hangs/results.json"));
    let missing = tests_of(&hangs)
        .iter()
        .find(|t| t["tags"][0] == "reconnect-server")
        .expect("a reconnect-server test");
    assert!(
        missing["output"]
            .as_str()
            .unwrap_or("")
            .contains("the submission has no `exercises/02-reconnect-server/src/`"),
        "{missing}"
    );
    let replies = tests_of(&hangs)
        .iter()
        .find(|t| t["name"] == "tcp-server › server-replies-to-one-message")
        .expect("test present");
    assert_eq!(replies["status"], "failed");
    assert!(
        replies["output"]
            .as_str()
            .unwrap_or("")
            .contains("no complete line within")
    );
    // Hangs end at their deadlines: a minute on an idle machine; deadlines
    // are on the fair clock, which a loaded machine stretches (up to 50×).
    let limit = Duration::from_secs(60) * if machine_is_loaded() { 50 } else { 1 };
    assert!(elapsed < limit, "took {elapsed:?}");

    let partial = read_json(&out.join("partial/results.json"));
    // Its points are those of the tests it passes, and it fails what
    // samples/README.md says it gets wrong: the stub client, one client only,
    // `seek:N:1` from the start.
    for (i, id) in course.ids().iter().enumerate() {
        let got: f64 = tests_of(&partial)
            .iter()
            .filter(|t| t["tags"][0] == id.as_str())
            .map(|t| t["score"].as_f64().expect("a score"))
            .sum();
        assert_eq!(number(got), number(cells[i]), "{id}");
    }
    let failed = |name: &str| {
        tests_of(&partial)
            .iter()
            .find(|t| t["name"] == name)
            .unwrap_or_else(|| panic!("no test `{name}`"))["status"]
            == "failed"
    };
    for test in course.tests("tcp-server") {
        if test.program == "tcp-client" {
            assert!(
                failed(&format!("tcp-server › {}", test.name)),
                "{}",
                test.name
            );
        }
    }
    assert!(failed(
        "reconnect-server › serves-the-next-client-after-one-leaves"
    ));
    assert!(failed("file-seek › three-seeks-reach-offset-5"));
    // The quiz: partial credit, and an explanation of the wrong answer.
    let handshake = tests_of(&partial)
        .iter()
        .find(|t| t["name"] == "concepts › handshake-order")
        .expect("quiz check present");
    assert_eq!(handshake["score"], 0.5);
    let text = handshake["output"].as_str().unwrap_or("");
    assert!(text.contains("`ACK` is one item too many"), "{text}");
    assert!(text.contains("why: "), "{text}");
    let syntax = tests_of(&broken)
        .iter()
        .find(|t| t["tags"][0] == "concepts")
        .expect("quiz check present");
    assert!(
        syntax["output"]
            .as_str()
            .unwrap_or("")
            .contains("`answers.toml` line "),
        "{syntax}"
    );
    let leaves = tests_of(&partial)
        .iter()
        .find(|t| t["name"] == "tcp-server › server-exits-when-the-client-leaves")
        .expect("test present");
    assert_eq!(leaves["status"], "failed");
    assert!(
        leaves["output"]
            .as_str()
            .unwrap_or("")
            .contains("expected exit status 0")
    );

    // Hidden tests show what the program did, not what the hidden file holds.
    let mut hidden_failures = 0;
    for name in ["partial", "hangs"] {
        let results = read_json(&out.join(name).join("results.json"));
        for test in tests_of(&results) {
            if test["visibility"] == "after_published" && test["status"] == "failed" {
                hidden_failures += 1;
                let text = test["output"].as_str().unwrap_or("");
                for secret in ["expected:", "diff:", "hint:", "checks:"] {
                    assert!(
                        !text.contains(secret),
                        "hidden test leaks `{secret}`: {text}"
                    );
                }
            }
        }
    }
    assert!(hidden_failures > 0, "the samples fail some hidden tests");

    let xml = std::fs::read_to_string(&junit).expect("junit.xml");
    assert!(xml.contains("<testsuites"), "{xml}");
    assert!(xml.contains("name=\"correct/tcp-server\""), "{xml}");
    assert!(xml.contains("name=\"partial/reconnect-server\""), "{xml}");
    assert!(xml.contains("<failure"), "{xml}");
    assert!(xml.contains("name=\"seed\" value=\"7\""), "{xml}");

    let markdown = std::fs::read_to_string(&summary).expect("step summary");
    assert!(markdown.starts_with("# netlab grades"), "{markdown}");
    let mut cells = vec!["no-compile".to_string()];
    for id in course.ids() {
        cells.push(match id.as_str() {
            "concepts" => "0".to_string(),
            "tcp-server" => "0 ⚠".to_string(),
            "reconnect-server" => number(reconnect),
            "file-seek" => number(seek),
            _ => "0 ∅".to_string(),
        });
    }
    cells.push(number(reconnect + seek));
    let row = format!("| {} |", cells.join(" | "));
    assert!(markdown.contains(&row), "{row}\n{markdown}");
    assert_eq!(
        std::fs::read_to_string(out.join("summary.md")).expect("summary.md"),
        markdown
    );

    // Every report, byte for byte, as it was before reporters consumed events.
    golden::compare(&out, &stdout);
}

#[test]
fn a_submission_that_tampers_with_the_build_gets_the_score_of_its_sources() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let sub = tmp.path().join("subs/tamperer");
    copy_dir(&root().join("samples/correct"), &sub, &[]);
    let marker = tmp.path().join("pwned");
    let exercise = sub.join("exercises/01-tcp-server");
    // Its own manifest, with a build script that leaves a mark and breaks the build.
    std::fs::write(
        exercise.join("Cargo.toml"),
        "[package]\nname = \"tcp-server\"\nversion = \"0.1.0\"\nedition = \"2024\"\nbuild = \"build.rs\"\n",
    )
    .expect("write");
    std::fs::write(
        exercise.join("build.rs"),
        format!(
            "fn main() {{ std::fs::write({:?}, \"x\").unwrap(); panic!(\"tampered\"); }}\n",
            marker.display().to_string()
        ),
    )
    .expect("write");
    // A cargo configuration that would break every build.
    std::fs::create_dir_all(sub.join(".cargo")).expect("mkdir");
    std::fs::write(
        sub.join(".cargo/config.toml"),
        "[build]\nrustc = \"/bin/false\"\nrustflags = [\"--cfg\", \"tampered\"]\n",
    )
    .expect("write");
    // A program of another exercise, hoping to stand in for it.
    std::fs::write(
        exercise.join("src/bin/reconnect-server.rs"),
        "fn main() { println!(\"listening on 127.0.0.1:1\"); }\n",
    )
    .expect("write");
    // A root manifest, an xtask and a grader with hidden tests all of its own.
    std::fs::write(
        sub.join("Cargo.toml"),
        "[workspace]\nmembers = [\"xtask\"]\n",
    )
    .expect("write");
    std::fs::create_dir_all(sub.join("xtask/src")).expect("mkdir");
    std::fs::write(
        sub.join("xtask/src/main.rs"),
        "fn main() { println!(\"100/100\"); }",
    )
    .expect("write");
    std::fs::create_dir_all(sub.join("grader/hidden")).expect("mkdir");
    std::fs::write(
        sub.join("grader/hidden/01-tcp-server.toml"),
        "format-version = 1\n[[test]]\nname = \"free-points\"\npoints = 100\nstep = []\n",
    )
    .expect("write");
    // And a broken server behind it, to tell the tamperer's score from a broken one.
    let out = tmp.path().join("grades");
    grade(
        Some(tmp.path()),
        &[
            "--submissions",
            &tmp.path().join("subs").display().to_string(),
            "--seed",
            "3",
            "--out",
            &out.display().to_string(),
        ],
    );
    let csv = std::fs::read_to_string(out.join("grades.csv")).expect("grades.csv");
    let course = CourseData::open();
    let full = format!("{}\n{}\n", course.csv_header(), course.full_row("tamperer"));
    let results = read_json(&out.join("tamperer/results.json"));
    assert_eq!(csv, full, "{}", failures(&results));
    assert!(!marker.exists(), "the submission's build script ran");
    assert!(
        tests_of(&results)
            .iter()
            .all(|t| t["name"] != "tcp-server › free-points")
    );

    // The same sources with a bug score less: the score follows `src/` only.
    let main = exercise.join("src/main.rs");
    let text = std::fs::read_to_string(&main).expect("read");
    std::fs::write(&main, text.replace("Receive your message: ", "Got: ")).expect("write");
    grade(
        Some(tmp.path()),
        &[
            "--submissions",
            &tmp.path().join("subs").display().to_string(),
            "--seed",
            "3",
            "--out",
            &out.display().to_string(),
        ],
    );
    let csv = std::fs::read_to_string(out.join("grades.csv")).expect("grades.csv");
    let row: Vec<&str> = csv.lines().nth(1).expect("a row").split(',').collect();
    let tcp: f64 = row[2].parse().expect("a score");
    assert!(tcp < course.max("tcp-server"), "{csv}");
    assert_eq!(row[3], number(course.max("reconnect-server")), "{csv}");
    assert!(!marker.exists(), "the submission's build script ran");
}

#[test]
fn the_same_seed_gives_the_same_scores() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let subs = tmp.path().join("subs");
    for name in ["correct", "partial", "no-compile"] {
        copy_dir(&root().join("samples").join(name), &subs.join(name), &[]);
    }
    let run = |out: &str| {
        let out = tmp.path().join(out);
        grade(
            Some(tmp.path()),
            &[
                "--submissions",
                &subs.display().to_string(),
                "--seed",
                "42",
                "--out",
                &out.display().to_string(),
            ],
        );
        let csv = std::fs::read_to_string(out.join("grades.csv")).expect("grades.csv");
        let scores: Vec<(String, String, f64)> = ["correct", "partial", "no-compile"]
            .iter()
            .flat_map(|name| {
                let results = read_json(&out.join(name).join("results.json"));
                assert_eq!(results["extra_data"]["seed"], 42);
                tests_of(&results)
                    .iter()
                    .map(|t| {
                        (
                            name.to_string(),
                            t["name"].as_str().unwrap_or("").to_string(),
                            t["score"].as_f64().unwrap_or(-1.0),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        (csv, scores)
    };
    let first = run("first");
    let second = run("second");
    let moved: Vec<_> = first
        .1
        .iter()
        .zip(&second.1)
        .filter(|(a, b)| a != b)
        .collect();
    let why = |run: &str| -> String {
        ["correct", "partial", "no-compile"]
            .iter()
            .map(|name| {
                failures(&read_json(
                    &tmp.path().join(run).join(name).join("results.json"),
                ))
            })
            .collect()
    };
    assert!(
        first == second,
        "verdicts moved between two runs with one seed: {moved:?}\nfirst:\n{}\nsecond:\n{}",
        why("first"),
        why("second")
    );
    // Partial credit, the same both times.
    let partial = first
        .0
        .lines()
        .find_map(|l| l.strip_prefix("partial,"))
        .expect("partial's row");
    let cells: Vec<f64> = partial.split(',').map(|c| c.parse().unwrap()).collect();
    let (got, max) = (cells[cells.len() - 2], cells[cells.len() - 1]);
    assert!(0.0 < got && got < max, "{}", first.0);
    assert_eq!(max, CourseData::open().total());
}

#[test]
fn any_program_can_be_graded_with_cmd() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("grades");
    // A path relative to where `grade` runs.
    let cmd = "python3 xtask/tests/fixtures/tcp_server.py {addr}";
    let output = grade(
        Some(tmp.path()),
        &[
            "--exercise",
            "tcp-server",
            "--cmd",
            cmd,
            "--seed",
            "5",
            "--out",
            &out.display().to_string(),
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("test(s) of `tcp-client` skipped: `--cmd` stands for `tcp-server` only"),
        "{stdout}"
    );
    let results = read_json(&out.join("command/results.json"));
    let tests = tests_of(&results);
    let course = CourseData::open();
    let server_tests = course
        .tests("tcp-server")
        .into_iter()
        .filter(|t| t.program == "tcp-server")
        .count();
    assert_eq!(tests.len(), server_tests, "the server's tests only");
    for test in tests {
        assert_eq!(test["status"], "passed", "{test}");
    }
    assert_eq!(
        results["score"].as_f64(),
        Some(course.program_max("tcp-server", "tcp-server"))
    );

    // A program that does not serve fails them.
    let output = grade(
        Some(tmp.path()),
        &[
            "--exercise",
            "tcp-server",
            "--cmd",
            "python3 -c 'import sys; sys.exit(3)' {addr}",
            "--seed",
            "5",
            "--out",
            &out.display().to_string(),
        ],
    );
    assert!(output.status.success());
    let results = read_json(&out.join("command/results.json"));
    assert_eq!(results["score"], 0.0);
    let outputs = |results: &Value| {
        tests_of(results)
            .iter()
            .map(|t| t["output"].as_str().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let english = outputs(&results);
    assert!(
        english.contains("the program ended (exit status 3) before printing `listening on ADDR`"),
        "{english}"
    );

    // `--lang zh`: the runner's messages in results.json are Chinese.
    let output = grade(
        Some(tmp.path()),
        &[
            "--lang",
            "zh",
            "--exercise",
            "tcp-server",
            "--cmd",
            "python3 -c 'import sys; sys.exit(3)' {addr}",
            "--seed",
            "5",
            "--out",
            &out.display().to_string(),
        ],
    );
    assert!(output.status.success());
    let chinese = outputs(&read_json(&out.join("command/results.json")));
    assert!(
        chinese.contains("程序还没打印 `listening on ADDR` 就结束了：退出码 3"),
        "{chinese}"
    );
    assert!(!chinese.contains("before printing"), "{chinese}");
}

#[test]
fn a_missing_directory_is_a_grader_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root())
        .args(["grade", "--submissions", "no/such/dir"])
        .output()
        .expect("xtask runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no submissions directory"));
}

#[test]
fn hidden_tests_can_live_elsewhere() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let hidden = tmp.path().join("hidden");
    std::fs::create_dir_all(&hidden).expect("mkdir");
    let out = tmp.path().join("grades");
    grade(
        Some(tmp.path()),
        &[
            "--submission",
            "samples/correct",
            "--hidden-dir",
            &hidden.display().to_string(),
            "--seed",
            "1",
            "--out",
            &out.display().to_string(),
        ],
    );
    let results = read_json(&out.join("correct/results.json"));
    let tests = tests_of(&results);
    assert!(!tests.is_empty());
    assert!(
        tests.iter().all(|t| t["visibility"] == "visible"),
        "no hidden test ran"
    );
    assert_eq!(results["score"], results["max_score"]);
}

#[test]
fn a_grader_started_with_sigint_ignored_still_grades_sigint_tests() {
    // As a shell script's background job (`grade ... &`) starts: SIGINT ignored,
    // which programs would inherit across `exec`.
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("grades");
    let script = format!(
        "trap '' INT; exec '{}' grade --submission samples/correct --seed 2 --out '{}' --work '{}'",
        env!("CARGO_BIN_EXE_xtask"),
        out.display(),
        tmp.path().join("work").display()
    );
    let status = Command::new("sh")
        .args(["-c", &script])
        .current_dir(root())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("sh runs");
    assert!(status.success());
    let results = read_json(&out.join("correct/results.json"));
    let failed: Vec<&Value> = tests_of(&results)
        .iter()
        .filter(|t| t["status"] != "passed")
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
}

/// Whether more tasks than cores were runnable over the last minute.
fn machine_is_loaded() -> bool {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|t| t.split_whitespace().next()?.parse::<f64>().ok())
        .is_some_and(|load| load > cores)
}
