//! The Python track against realistic student programs (`python/samples/`),
//! one per mistake the course's students make, in several styles: each gets
//! the verdict expected and a message that names its mistake. The reference
//! solutions score full marks.

use grader::grading::Suite;
use grader::lang::Lang;
use grader::report::{Paint, render_failure};
use grader::runner::RunOptions;
use grader::submissions::{Submission, SubmissionReport};
use grader::track::Track;
use grader::track::grade::{TrackRun, grade_class};

mod support;

fn options(lang: Lang) -> TrackRun {
    let mut run = RunOptions::new(2026);
    run.lang = lang;
    TrackRun {
        run,
        suite: Suite::All,
        port: None,
    }
}

/// Grades the named sample folders (all of `python/samples` when empty).
fn grade_samples(names: &[&str], lang: Lang) -> Vec<SubmissionReport> {
    let root = support::root();
    let track = Track::load(&root, "python").expect("the python track loads");
    let samples = root.join("python/samples");
    let mut submissions: Vec<Submission> = std::fs::read_dir(&samples)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| Submission {
            name: e.file_name().to_string_lossy().into_owned(),
            dir: e.path(),
        })
        .filter(|s| names.is_empty() || names.contains(&s.name.as_str()))
        .collect();
    submissions.sort_by(|a, b| a.name.cmp(&b.name));
    grade_class(
        &track,
        &submissions,
        &options(lang),
        4,
        16,
        &grader::events::ignore,
    )
    .expect("grading runs")
}

/// (student, exercise, the tests it must fail (empty: it passes all), words
/// the failure output must hold, naming the mistake).
const EXPECTED: &[(&str, &str, &[&str], &str)] = &[
    ("all-correct", "tcp-server", &[], ""),
    ("all-correct", "tcp-client", &[], ""),
    ("all-correct", "reconnect-server", &[], ""),
    (
        "bytes-vs-str",
        "tcp-server",
        &["quit-ends-the-session", "a-long-conversation"],
        "`data == '##'` is never true",
    ),
    (
        "no-empty-check",
        "reconnect-server",
        &[
            "client-leaving-keeps-the-server-serving",
            "does-not-spin-when-a-client-stops-sending",
        ],
        "if not data: break",
    ),
    (
        "breaks-accept-loop",
        "reconnect-server",
        &[
            "next-client-after-quit",
            "client-leaving-keeps-the-server-serving",
            "survives-a-reset-after-quit",
            "does-not-spin-when-a-client-stops-sending",
            "five-clients-in-a-row",
        ],
        "never `break` out of the outer loop",
    ),
    (
        "accept-in-loop",
        "tcp-server",
        &[
            "replies-to-each-message",
            "quit-ends-the-session",
            "client-leaving-ends-the-session",
            "a-long-conversation",
        ],
        "With `accept()` inside the loop",
    ),
    (
        "never-closes",
        "reconnect-server",
        &["quit-closes-the-connection"],
        "call `connfd.close()` before going back to `accept()`",
    ),
    (
        "classroom-ip",
        "tcp-server",
        &[
            "replies-to-each-message",
            "quit-ends-the-session",
            "client-leaving-ends-the-session",
            "does-not-spin-when-the-client-stops-sending",
            "a-long-conversation",
        ],
        "such as a classroom IP",
    ),
    (
        "client-binds",
        "tcp-client",
        &[
            "sends-each-line-and-reads-the-reply",
            "an-empty-line-ends-the-client",
            "quit-at-once",
            "a-chinese-line-is-sent-as-utf-8",
        ],
        "your client calls `bind` on the server's port",
    ),
    (
        "client-sends-empty",
        "tcp-client",
        &[
            "an-empty-line-ends-the-client",
            "a-chinese-line-is-sent-as-utf-8",
        ],
        "`sockfd.send(b'')` sends nothing at all",
    ),
    (
        "full-width-space",
        "tcp-server",
        &[
            "replies-to-each-message",
            "quit-ends-the-session",
            "client-leaving-ends-the-session",
            "does-not-spin-when-the-client-stops-sending",
            "a-long-conversation",
        ],
        "full-width space (U+3000",
    ),
];

#[test]
fn every_sample_gets_its_verdict_and_a_message_naming_its_mistake() {
    let reports = grade_samples(&[], Lang::En);
    let mut problems = Vec::new();
    for (student, exercise, failing, words) in EXPECTED {
        let report = reports
            .iter()
            .find(|r| r.name == *student)
            .unwrap_or_else(|| panic!("no sample `{student}`"));
        let graded = report
            .exercises
            .iter()
            .find(|e| e.exercise.id == *exercise)
            .unwrap();
        let failed: Vec<&str> = graded
            .results
            .iter()
            .filter(|r| !r.outcome.passed())
            .map(|r| r.name.as_str())
            .collect();
        if failed != *failing {
            problems.push(format!(
                "{student}/{exercise}: failed {failed:?}, expected {failing:?}\n{}",
                graded
                    .results
                    .iter()
                    .map(|r| render_failure(r, Paint::PLAIN))
                    .collect::<String>()
            ));
            continue;
        }
        let output: String = graded
            .results
            .iter()
            .map(|r| render_failure(r, Paint::PLAIN))
            .collect();
        if !output.contains(words) {
            problems.push(format!(
                "{student}/{exercise}: the output does not say `{words}`:\n{output}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn an_exercise_missing_from_a_folder_scores_zero_and_says_which_file() {
    let reports = grade_samples(&["bytes-vs-str"], Lang::Zh);
    let client = reports[0]
        .exercises
        .iter()
        .find(|e| e.exercise.id == "tcp-client")
        .unwrap();
    assert_eq!(client.score(), 0.0);
    let output = render_failure(&client.results[0], Paint::PLAIN);
    assert!(
        output.contains("提交里没有 `tcp-client` 的 `tcp_client.py`"),
        "{output}"
    );
    assert!(output.contains("`02-tcp-client/tcp_client.py`"), "{output}");
}
