//! Verdicts are properties of the program, not of the machine: with every
//! core kept busy, a program that needs more CPU than a step would give it
//! at a loaded machine's pace still passes, hangs still fail, and a server
//! that takes one `read` for one message fails exactly the framing tests,
//! every time.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use grader::outcome::{TestOutcome, TestResult};
use grader::runner::RunOptions;

mod support;

use support::run::{python, run_inline};

/// One case at a time: each keeps every core busy itself.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Busy-loop threads, one per core, until dropped; one case at a time.
struct Busy(
    Arc<AtomicBool>,
    Vec<std::thread::JoinHandle<()>>,
    #[expect(dead_code, reason = "held for its drop")] std::sync::MutexGuard<'static, ()>,
);

impl Busy {
    fn start() -> Busy {
        let one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let stop = Arc::new(AtomicBool::new(false));
        let threads = (0..grader::runner::default_jobs())
            .map(|_| {
                let stop = Arc::clone(&stop);
                std::thread::spawn(move || {
                    let until = Instant::now() + Duration::from_secs(120);
                    while !stop.load(Ordering::Relaxed) && Instant::now() < until {
                        std::hint::black_box((0..1000).sum::<u64>());
                    }
                })
            })
            .collect();
        Busy(stop, threads, one)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
        for thread in self.1.drain(..) {
            let _ = thread.join();
        }
    }
}

/// Runs the one test of `toml` against `python3 -c script`, with write delays.
fn run_python(script: &str, toml: &str) -> TestResult {
    let mut opts = RunOptions::new(3);
    opts.write_jitter = Duration::from_millis(3);
    run_inline("py", toml, "py", python(script), &opts)
}

/// A server that burns `BURN` seconds of CPU time before each reply, or
/// treats each `recv(1024)` as one message (`ONE_READ`), or never replies
/// (`SILENT`: `sleep` or `spin`).
const SERVER: &str = r#"
import socket, sys, time
host, port = sys.argv[1].rsplit(":", 1)
s = socket.socket(); s.bind((host, int(port))); s.listen()
print("listening on 127.0.0.1:%d" % s.getsockname()[1], flush=True)
c, _ = s.accept()
buf = b""
while True:
    data = c.recv(1024)
    if not data:
        break
    if mode == "sleep":
        time.sleep(3600)
    if mode == "spin":
        while True:
            pass
    if mode == "one-read":
        c.sendall(b"Receive your message: " + data.rstrip(b"\n") + b"\n")
        continue
    buf += data
    while b"\n" in buf:
        line, buf = buf.split(b"\n", 1)
        if mode.startswith("burn"):
            start = time.process_time()
            while time.process_time() - start < float(mode[4:]):
                pass
        c.sendall(b"Receive your message: " + line + b"\n")
"#;

fn script(mode: &str) -> String {
    format!("mode = '{mode}'\n{SERVER}")
}

fn test_file(steps: &str, timeout: &str) -> String {
    format!(
        r#"
format-version = 1
[defaults]
program = "py"
args = ["{{addr}}"]
step-timeout = "{timeout}"
budget = "8s"
reply = "Receive your message: {{message}}"
[[test]]
name = "t"
points = 1
step = [ {{ connect = "a" }}, {steps} ]
"#
    )
}

#[test]
fn a_program_slower_than_a_loaded_machine_allows_passes_when_its_cpu_time_fits() {
    let _busy = Busy::start();
    // 0.6 s of CPU per reply, within a 1.5 s step: a busy loop per core (and
    // whatever else runs) stretch it past the step on the wall clock.
    let toml = test_file(
        r#"{ send-line = "one" }, { expect-replies = true }, { send-line = "two" }, { expect-replies = true }"#,
        "1500ms",
    );
    let result = run_python(&script("burn0.6"), &toml);
    assert_eq!(
        result.outcome,
        TestOutcome::Passed,
        "{:#?}",
        result.transcript
    );
    assert!(
        result.deadline_share > 0.2 && result.deadline_share < 1.0,
        "{}",
        result.deadline_share
    );
}

#[test]
fn hangs_fail_under_load_whether_they_sleep_or_spin() {
    let _busy = Busy::start();
    for mode in ["sleep", "spin"] {
        let started = Instant::now();
        let toml = test_file(
            r#"{ send-line = "hi" }, { expect-replies = true }"#,
            "500ms",
        );
        let result = run_python(&script(mode), &toml);
        assert!(
            matches!(&result.outcome, TestOutcome::Failed(f) if f.step == Some(3)),
            "{mode}: {:?}",
            result.outcome
        );
        // Within the ceiling: 50 times the step, plus start-up and clean-up.
        assert!(started.elapsed() < Duration::from_secs(40), "{mode}");
    }
}

#[test]
fn one_read_one_message_fails_exactly_the_framing_tests_every_time() {
    let _busy = Busy::start();
    let separate = test_file(
        r#"{ send-line = "a" }, { send-line = "b" }, { send-random = { lines = 5 } }, { expect-replies = true }"#,
        "2s",
    );
    let pieces = test_file(
        r#"{ send-line = "in pieces", split = 1 }, { expect-replies = true }"#,
        "2s",
    );
    let together = test_file(r#"{ send = "a\nb\n" }, { expect-replies = true }"#, "2s");
    for round in 0..2 {
        for (toml, passes) in [(&separate, true), (&pieces, false), (&together, false)] {
            let right = run_python(&script("lines"), toml);
            assert!(
                right.outcome.passed(),
                "round {round}: {:#?}",
                right.transcript
            );
            let one_read = run_python(&script("one-read"), toml);
            assert_eq!(
                one_read.outcome.passed(),
                passes,
                "round {round}: {:#?}",
                one_read.transcript
            );
        }
    }
}
