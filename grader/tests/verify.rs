//! End to end: the real exercises, solutions, stubs and variants, through the
//! real build and runner. This is `cargo xtask verify` as a test.

use grader::course::Course;
use grader::runner::RunOptions;
use grader::verify::{ExerciseVerdict, verify_exercise};

mod support;

use support::root;

fn options() -> RunOptions {
    let mut opts = RunOptions::new(20_261_125);
    opts.jobs = 8;
    opts
}

fn verify(course: &Course, id: &str, work: &str) -> ExerciseVerdict {
    let exercise = course
        .select(&[id.to_string()])
        .expect("exercise exists")
        .remove(0);
    let work = root().join("target/netlab/tests").join(work);
    verify_exercise(course, &exercise, &work, &options()).expect("verification runs")
}

#[test]
fn every_exercise_keeps_its_promises() {
    let course = Course::open(&root()).unwrap();
    assert!(!course.exercises.is_empty());
    for exercise in &course.exercises {
        let verdict = verify(&course, &exercise.id, "verify");
        assert_eq!(verdict.problems(), Vec::<String>::new(), "{}", exercise.id);
        assert!(!verdict.solution.results.is_empty());
        assert!(
            verdict
                .solution
                .results
                .iter()
                .all(|r| r.score == r.max_score)
        );
        assert!(verdict.stub.results.iter().all(|r| r.score == 0.0));
        if exercise.id == "tcp-server" {
            check_tcp_server_variants(&verdict);
        }
        if exercise.id == "reconnect-server" {
            check_reconnect_server_variants(&verdict);
        }
    }
}

/// Each known-wrong variant is caught by the test written for it.
fn check_tcp_server_variants(verdict: &ExerciseVerdict) {
    assert!(
        verdict.variants.len() >= 4,
        "at least four known-wrong variants"
    );
    let caught = |name: &str| {
        let (_, report) = verdict
            .variants
            .iter()
            .find(|(v, _)| v.name == name)
            .expect("variant exists");
        ExerciseVerdict::caught_by(report)
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    };
    assert!(
        caught("server-one-read-one-message")
            .contains(&"server-joins-a-message-split-over-reads".to_string())
    );
    assert!(caught("server-text-only").contains(&"server-binary-messages".to_string()));
    assert!(caught("server-no-reply").contains(&"server-replies-to-one-message".to_string()));
    assert!(
        caught("server-never-exits").contains(&"server-exits-when-the-client-leaves".to_string())
    );
    assert!(
        caught("client-quits-without-sending-quit")
            .contains(&"client-sends-the-quit-message".to_string())
    );
}

/// Each known-wrong variant of `reconnect-server` is caught by the test
/// written for the clause it breaks.
fn check_reconnect_server_variants(verdict: &ExerciseVerdict) {
    let expected = [
        ("exits-after-first-client", "serves-client-after-client"),
        ("exits-on-quit", "quit-closes-only-that-session"),
        ("ignores-quit", "quit-closes-only-that-session"),
        ("one-read-one-message", "a-message-split-over-many-writes"),
        ("one-read-one-message", "several-messages-in-one-write"),
        ("dies-on-reset", "a-client-resets-mid-message"),
        ("dies-on-reset", "a-client-resets-after-a-reply"),
        ("replies-without-message", "serves-one-client"),
        ("keeps-carriage-return", "crlf-line-endings"),
        ("text-only-messages", "non-utf8-bytes"),
        (
            "drops-unterminated-last-message",
            "an-unterminated-last-message-is-answered",
        ),
        ("cuts-long-messages", "a-1-mib-message"),
        ("panics-on-bad-address", "rejects-an-address-in-use"),
        ("threaded-exits-on-quit", "quit-closes-only-that-session"),
    ];
    for (variant, test) in expected {
        let (_, report) = verdict
            .variants
            .iter()
            .find(|(v, _)| v.name == variant)
            .unwrap_or_else(|| panic!("variant `{variant}` exists"));
        let caught = ExerciseVerdict::caught_by(report);
        assert!(
            caught.contains(&test),
            "`{test}` should catch `{variant}`; caught by {caught:?}"
        );
    }
}

#[test]
fn weakening_a_hidden_test_lets_a_variant_through_and_verify_says_so() {
    let mut course = Course::open(&root()).unwrap();
    let hidden = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(course.hidden_dir.join("01-tcp-server.toml")).unwrap();
    // Drop the binary-payload test: the text-only variant now passes everything.
    let start = original
        .find("[[test]]\nname = \"server-binary-messages\"")
        .expect("test exists");
    let end = start
        + original[start + 1..]
            .find("[[test]]")
            .expect("a test follows")
        + 1;
    let weakened = format!("{}{}", &original[..start], &original[end..]);
    std::fs::write(hidden.path().join("01-tcp-server.toml"), weakened).unwrap();
    course.hidden_dir = hidden.path().to_path_buf();

    let verdict = verify(&course, "tcp-server", "weakened");
    let problems = verdict.problems();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].contains("no test catches variant `server-text-only`"),
        "{}",
        problems[0]
    );
}
