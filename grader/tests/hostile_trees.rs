//! Hostile submitted trees graded as a class, next to a correct submission:
//! each trick fails only its own exercise, with a reason, never the class;
//! nothing it names reaches any report; the correct submission's score is
//! untouched. These fail closed: none is skipped.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use grader::build::{BuildOptions, CacheConfig, NotBuilt};
use grader::course::Course;
use grader::grading::Suite;
use grader::ingest::{Limits, Reason};
use grader::lang::Lang;
use grader::report::gradescope_json_in;
use grader::runner::RunOptions;
use grader::submissions::{ClassOptions, Submission, SubmissionReport, grade_class};

/// The text a hidden file holds: it must appear in no report.
const SECRET: &str = "NETLAB-HIDDEN-SECRET-7f3a";

mod support;

use support::{copy_dir, root, write};

/// A tcp-server `src/` holding the reference solution's files.
fn tcp_server_src(dir: &Path) -> PathBuf {
    let src = dir.join("exercises/01-tcp-server/src");
    copy_dir(&root().join("solutions/01-tcp-server/src"), &src);
    src
}

/// Every hostile submission, built under `subs`, with the exercise it attacks.
fn hostile_class(subs: &Path, hidden: &Path) -> Vec<(&'static str, &'static str)> {
    // `src/bin` is a link to the hidden tests.
    let src = tcp_server_src(&subs.join("bin-link"));
    std::fs::remove_dir_all(src.join("bin")).unwrap();
    symlink(hidden, src.join("bin")).unwrap();
    write(
        &src.join("main.rs"),
        "const H: &str = include_str!(\"bin/secret.toml\");\nfn main() { println!(\"listening on {H}\"); }\n",
    );
    // `exercises` is a link to the solutions.
    std::fs::create_dir_all(subs.join("exercises-link")).unwrap();
    symlink(
        root().join("solutions"),
        subs.join("exercises-link/exercises"),
    )
    .unwrap();
    // One exercise folder is a link to its solution.
    std::fs::create_dir_all(subs.join("folder-link/exercises")).unwrap();
    symlink(
        root().join("solutions/01-tcp-server"),
        subs.join("folder-link/exercises/01-tcp-server"),
    )
    .unwrap();
    // A link to /proc/self inside src/.
    let src = tcp_server_src(&subs.join("proc-self"));
    symlink("/proc/self", src.join("me")).unwrap();
    // A FIFO inside src/ (reading it would block the grader for good).
    let src = tcp_server_src(&subs.join("fifo"));
    nix::unistd::mkfifo(&src.join("input.rs"), nix::sys::stat::Mode::S_IRWXU).unwrap();
    // A 2 GiB sparse file.
    let src = tcp_server_src(&subs.join("sparse"));
    std::fs::File::create(src.join("big.rs"))
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    // Folders nested past PATH_MAX, made from the inside.
    let src = tcp_server_src(&subs.join("deep"));
    nest_past_path_max(&src);
    // No reconnect-server of its own: it reads the classmate's, if a build
    // folder still held one.
    let src = tcp_server_src(&subs.join("borrower"));
    write(
        &src.join("main.rs"),
        "const THEIRS: &str = include_str!(\"../../02-reconnect-server/src/main.rs\");\nfn main() { println!(\"{}\", THEIRS.len()); }\n",
    );
    // Its own other exercise, read from this one: outside its own `src/`.
    let src = tcp_server_src(&subs.join("cross-reader"));
    copy_dir(
        &root().join("solutions/02-reconnect-server/src"),
        &subs.join("cross-reader/exercises/02-reconnect-server/src"),
    );
    // Its own (not the cached classmate's), so that both are built together.
    let theirs = subs.join("cross-reader/exercises/02-reconnect-server/src/main.rs");
    let mut text = std::fs::read_to_string(&theirs).unwrap();
    text.push_str("// Mine.\n");
    std::fs::write(&theirs, text).unwrap();
    write(
        &src.join("main.rs"),
        "const MINE: &str = include_str!(\"../../02-reconnect-server/src/main.rs\");\nfn main() { println!(\"{}\", MINE.len()); }\n",
    );
    vec![
        ("bin-link", "tcp-server"),
        ("exercises-link", "tcp-server"),
        ("folder-link", "tcp-server"),
        ("proc-self", "tcp-server"),
        ("fifo", "tcp-server"),
        ("sparse", "tcp-server"),
        ("deep", "tcp-server"),
        ("borrower", "tcp-server"),
        ("cross-reader", "tcp-server"),
    ]
}

fn nest_past_path_max(src: &Path) {
    use std::os::fd::AsFd as _;
    let name = "d".repeat(250);
    let mut dir = std::fs::File::open(src).unwrap();
    for _ in 0..24 {
        nix::sys::stat::mkdirat(dir.as_fd(), name.as_str(), nix::sys::stat::Mode::S_IRWXU).unwrap();
        let fd = nix::fcntl::openat(
            dir.as_fd(),
            name.as_str(),
            nix::fcntl::OFlag::O_DIRECTORY | nix::fcntl::OFlag::O_RDONLY,
            nix::sys::stat::Mode::empty(),
        )
        .unwrap();
        dir = std::fs::File::from(fd);
    }
}

fn report<'a>(reports: &'a [SubmissionReport], name: &str) -> &'a SubmissionReport {
    reports
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no report for `{name}`"))
}

#[test]
fn hostile_trees_fail_only_their_own_exercise_and_the_class_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let hidden = tmp.path().join("hidden");
    write(&hidden.join("secret.toml"), SECRET);
    let subs = tmp.path().join("subs");
    let attacks = hostile_class(&subs, &hidden);
    // The correct submission is graded first, so that a reused build folder
    // would still hold its reconnect-server for `borrower`.
    copy_dir(&root().join("samples/correct"), &subs.join("aa-correct"));
    let mut submissions = vec![Submission {
        name: "aa-correct".into(),
        dir: subs.join("aa-correct"),
    }];
    submissions.extend(attacks.iter().map(|(name, _)| Submission {
        name: name.to_string(),
        dir: subs.join(name),
    }));
    let course = Course::open(&root()).unwrap();
    let mut run = RunOptions::new(5);
    run.jobs = 4;
    let opts = ClassOptions {
        run,
        suite: Suite::All,
        workers: 1,
        slots: 4,
        work: tmp.path().join("work"),
        build: BuildOptions {
            cache: Some(CacheConfig {
                dir: tmp.path().join("cache"),
                max_bytes: 1 << 30,
            }),
            time_limit: grader::build::BUILD_TIME_LIMIT,
        },
        limits: Limits::default(),
    };
    let reports = grade_class(&course, &submissions, &opts, &grader::events::ignore)
        .expect("the class is graded");
    assert_eq!(reports.len(), submissions.len());

    let correct = report(&reports, "aa-correct");
    assert_eq!(correct.error, None);
    assert_eq!(
        correct.score(),
        correct.max_score(),
        "{:#?}",
        correct
            .exercises
            .iter()
            .map(|e| (&e.exercise.id, e.score(), &e.not_built))
            .collect::<Vec<_>>()
    );

    for (name, attacked) in &attacks {
        let graded = report(&reports, name);
        assert_eq!(graded.error, None, "{name}: the grader itself failed");
        let exercise = graded
            .exercises
            .iter()
            .find(|e| &e.exercise.id == attacked)
            .unwrap();
        assert_eq!(exercise.score(), 0.0, "{name} scored on `{attacked}`");
        let problem = exercise
            .not_built
            .clone()
            .unwrap_or_else(|| panic!("{name}: `{attacked}` was built and run"));
        let why = match (*name, &problem) {
            ("bin-link", NotBuilt::Refused(r)) => r.reason == Reason::Link,
            ("exercises-link" | "folder-link" | "proc-self", NotBuilt::Refused(r)) => {
                r.reason == Reason::Link
            }
            ("fifo", NotBuilt::Refused(r)) => r.reason == Reason::Special { kind: "fifo" },
            ("sparse", NotBuilt::Refused(r)) => {
                matches!(r.reason, Reason::FileTooLarge { size, .. } if size == 2 << 30)
            }
            ("deep", NotBuilt::Refused(r)) => matches!(
                r.reason,
                Reason::PathTooLong { .. } | Reason::TooDeep { .. }
            ),
            ("borrower", NotBuilt::Compile { log }) => log.contains("couldn't read"),
            ("cross-reader", NotBuilt::Compile { log }) => {
                log.contains("outside `exercises/01-tcp-server/src/`")
            }
            _ => false,
        };
        assert!(why, "{name}: unexpected reason {problem:?}");
        // The reason reaches the student, and nothing hidden does.
        let json = gradescope_json_in(&graded.exercises, 5, Lang::En).to_string();
        let summary = problem.summary(attacked, Lang::En);
        let needle = serde_json::to_string(&summary).unwrap();
        let needle = &needle[1..needle.len() - 1];
        assert!(json.contains(needle), "{name}: `{needle}` not in {json}");
        assert!(!json.contains(SECRET), "{name}: the secret leaked");
        if let NotBuilt::Refused(refusal) = &problem {
            assert!(!refusal.message(Lang::Zh).is_empty());
        }
    }
    // Nothing of any submission is left in the build folder.
    let left: Vec<_> = std::fs::read_dir(tmp.path().join("work"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
