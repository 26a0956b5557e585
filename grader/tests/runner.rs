//! The runner against small shell programs that misbehave on purpose: they
//! never get ready, exit early, hang, flood stdout or leave children behind.

use std::time::{Duration, Instant};

use grader::lang::Lang;
use grader::outcome::{TestOutcome, TestResult};
use grader::runner::RunOptions;

mod support;

use support::run::{message, run_inline, sh};

/// Runs the one test in `toml` against `sh -c script`.
fn run_script(script: &str, toml: &str) -> TestResult {
    run_script_in(script, toml, Lang::En)
}

/// [`run_script`] with the runner's messages in `lang`.
fn run_script_in(script: &str, toml: &str, lang: Lang) -> TestResult {
    let mut opts = RunOptions::new(7);
    opts.lang = lang;
    // These tests time the budget's enforcement itself, on the wall clock
    // (the fair clock would stretch it on a loaded machine).
    opts.fair_clock = false;
    run_inline("fake", toml, "fake", sh(script), &opts)
}

/// Whether any process has `marker` in its command line.
fn process_with(marker: &str) -> bool {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(Result::ok)
        .any(|entry| {
            std::fs::read(entry.path().join("cmdline"))
                .is_ok_and(|cmdline| String::from_utf8_lossy(&cmdline).contains(marker))
        })
}

const SERVER_TEST: &str = r#"
format-version = 1
[[test]]
name = "t"
points = 1
program = "fake"
args = ["{addr}"]
step-timeout = "1s"
budget = "3s"
step = [{ connect = "a" }, { send-line = "hi" }, { expect-line = "hi" }]
"#;

#[test]
fn a_program_that_exits_before_getting_ready_fails_at_once() {
    let started = Instant::now();
    let result = run_script("echo starting; exit 3", SERVER_TEST);
    assert!(
        message(&result).contains("ended (exit status 3) before printing `listening on ADDR`"),
        "{result:?}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_program_that_never_gets_ready_fails_after_the_step_timeout() {
    let started = Instant::now();
    let result = run_script("exec sleep 31.4159", SERVER_TEST);
    assert!(
        message(&result).contains("no `listening on ADDR` line"),
        "{result:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(!process_with("31.4159"), "the program was left running");
}

#[test]
fn a_bad_readiness_address_is_explained() {
    let result = run_script("echo 'listening on port 80'; exec sleep 27.18", SERVER_TEST);
    assert!(
        message(&result).contains("does not give an address"),
        "{result:?}"
    );
    assert!(!process_with("27.18"));
}

#[test]
fn a_hanging_test_stops_at_its_budget_and_children_die_with_it() {
    // Ready, but never answers; a background child holds on too.
    let script = "sleep 42.4242 & echo listening on 127.0.0.1:1; exec sleep 42.4243";
    let toml = r#"
format-version = 1
[[test]]
name = "t"
points = 1
program = "fake"
args = ["{addr}"]
step-timeout = "1s"
budget = "1500ms"
step = [{ expect-exit = 0 }, { expect-exit = 0 }, { expect-exit = 0 }]
"#;
    let started = Instant::now();
    let result = run_script(script, toml);
    assert!(
        matches!(result.outcome, TestOutcome::Failed(_)),
        "{result:?}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(2500),
        "{:?}",
        started.elapsed()
    );
    assert!(
        !process_with("42.4242") && !process_with("42.4243"),
        "a process outlived its test"
    );
}

#[test]
fn flooded_stdout_is_capped_and_reported() {
    let toml = r#"
format-version = 1
[[test]]
name = "t"
points = 1
program = "fake"
step = [{ expect-exit = 0, timeout = "10s" }]
"#;
    let result = run_script("head -c 3000000 /dev/zero; exit 0", toml);
    assert!(result.outcome.passed(), "{result:?}");
    assert_eq!(
        result.notes,
        vec!["stdout: 3000000 bytes in all; only the first 1048576 were kept".to_string()]
    );
}

#[test]
fn stderr_lines_and_exit_statuses_are_checked() {
    let toml = r#"
format-version = 1
[[test]]
name = "t"
points = 1
program = "fake"
step = [{ expect-exit = 1 }, { expect-stderr-lines = 1 }, { expect-stderr-prefix = "error:" }]
"#;
    assert!(
        run_script("echo 'error: bad' >&2; exit 1", toml)
            .outcome
            .passed()
    );
    let two_lines = run_script("printf 'error: a\\nb\\n' >&2; exit 1", toml);
    assert!(message(&two_lines).contains("expected 1 line(s) on stderr, got 2"));
    assert_eq!(
        two_lines.stderr_tail,
        vec!["error: a".to_string(), "b".to_string()]
    );
    let killed = run_script("kill -SEGV $$", toml);
    assert!(message(&killed).contains("killed by SIGSEGV"), "{killed:?}");
}

#[test]
fn failures_and_the_transcript_speak_chinese_when_asked() {
    let ready = run_script_in("exit 101", SERVER_TEST, Lang::Zh);
    assert_eq!(
        message(&ready),
        "程序还没打印 `listening on ADDR` 就结束了：退出码 101（程序 panic 了：\
         常见原因是还没填写的 `todo!()`，或对错误调用了 `unwrap()`）"
    );
    let toml = r#"
format-version = 1
[[test]]
name = "t"
points = 1
program = "fake"
step = [{ expect-exit = 1 }]
"#;
    let zh = run_script_in("exit 2", toml, Lang::Zh);
    assert_eq!(message(&zh), "退出码应为 1，实际：退出码 2");
    assert!(
        zh.transcript
            .iter()
            .any(|e| e.text == "程序已结束：退出码 2"),
        "{:?}",
        zh.transcript
    );
    let en = run_script("exit 2", toml);
    assert_eq!(message(&en), "expected exit status 1, got exit status 2");
    assert!(
        en.transcript
            .iter()
            .any(|e| e.text == "the program ended: exit status 2"),
        "{:?}",
        en.transcript
    );
}
