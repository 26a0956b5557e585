//! Grading a class in a small course of two exercises: one exercise that
//! does not compile costs only that exercise, and a missing one scores zero.

use grader::build::{BuildOptions, NotBuilt};
use grader::course::Course;
use grader::grading::Suite;
use grader::ingest::Limits;
use grader::runner::RunOptions;
use grader::submissions::{ClassOptions, Submission, grade_class};

mod support;

use support::{read, root, write};

/// A second exercise: the tcp-server's main program under another name.
const OTHER_TESTS: &str = r###"
format-version = 1

[defaults]
program = "other-server"
args = ["{addr}"]
step-timeout = "2s"
budget = "8s"

[[test]]
name = "other-replies"
points = 3
step = [
  { connect = "alice" },
  { send-line = "hello" },
  { expect-line = "Receive your message: hello" },
  { send-line = "##" },
  { expect-closed = true },
  { expect-exit = 0 },
]
"###;

#[test]
fn a_compile_error_costs_only_its_exercise_and_a_missing_one_scores_zero() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let course_root = tmp.path().join("course");
    let real = root();
    let template = support::tcp_server_course(&course_root, "");
    write(
        &course_root.join("exercises/02-other/Cargo.toml"),
        &template.replace("name = \"tcp-server\"", "name = \"other-server\""),
    );
    write(
        &course_root.join("exercises/02-other/tests.toml"),
        OTHER_TESTS,
    );
    let course = Course::open(&course_root).expect("course");
    assert_eq!(course.exercises.len(), 2);

    let server = read(&real.join("solutions/01-tcp-server/src/main.rs"));
    let broken = read(&real.join("samples/no-compile/exercises/01-tcp-server/src/main.rs"));
    let subs = tmp.path().join("subs");
    // `mixed`: the first exercise does not compile, the second is right.
    write(
        &subs.join("mixed/exercises/01-tcp-server/src/main.rs"),
        &broken,
    );
    write(
        &subs.join("mixed/exercises/01-tcp-server/src/bin/tcp-client.rs"),
        &read(&real.join("solutions/01-tcp-server/src/bin/tcp-client.rs")),
    );
    write(&subs.join("mixed/exercises/02-other/src/main.rs"), &server);
    // `half`: only the second exercise.
    write(&subs.join("half/exercises/02-other/src/main.rs"), &server);
    let submissions: Vec<Submission> = ["mixed", "half"]
        .iter()
        .map(|name| Submission {
            name: name.to_string(),
            dir: subs.join(name),
        })
        .collect();

    let mut run = RunOptions::new(11);
    run.jobs = 2;
    let opts = ClassOptions {
        run,
        suite: Suite::All,
        workers: 1,
        slots: 2,
        work: tmp.path().join("work"),
        build: BuildOptions::uncached(),
        limits: Limits::default(),
    };
    let reports =
        grade_class(&course, &submissions, &opts, &grader::events::ignore).expect("graded");
    assert_eq!(reports.len(), 2);

    let mixed = &reports[0];
    let (tcp, other) = (&mixed.exercises[0], &mixed.exercises[1]);
    assert_eq!(tcp.exercise.id, "tcp-server");
    assert_eq!(tcp.score(), 0.0);
    let Some(NotBuilt::Compile { log }) = &tcp.not_built else {
        panic!("a compiler log: {:?}", tcp.not_built);
    };
    assert!(log.contains("error[E0308]: mismatched types"), "{log}");
    assert!(
        log.contains("exercises/01-tcp-server/src/main.rs:17"),
        "{log}"
    );
    assert!(!log.contains("warning:"), "{log}");
    assert!(other.not_built.is_none(), "{:?}", other.not_built);
    assert_eq!(other.score(), 3.0, "{:#?}", other.results);

    // The same worker built `half` next: nothing of `mixed` is left behind.
    let half = &reports[1];
    assert_eq!(half.exercises[0].score(), 0.0);
    assert_eq!(
        half.exercises[0].not_built,
        Some(NotBuilt::Missing {
            folder: "01-tcp-server".into()
        })
    );
    assert_eq!(half.exercises[1].score(), 3.0);
}
