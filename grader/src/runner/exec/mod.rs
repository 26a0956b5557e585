//! Running one test: start the program, play its steps, end it, keep the evidence.
//!
//! The start lives in [`start`], the steps themselves in [`connect`]
//! (opening and ending connections), [`net`] (talking over them) and [`process`] (the program's exit, output and files), the
//! end and its evidence in [`evidence`]; this module owns a test's life, and
//! [`waits`] its clock: every step's deadline and the test's budget are
//! points on the run's fair clock (see [`super::clock`]), not on the wall
//! clock.

mod connect;
mod evidence;
mod net;
mod process;
mod start;
mod talk;
mod waits;

use std::collections::HashMap;
use std::net::TcpListener;
use std::time::{Duration, Instant};

use super::RunOptions;
use super::clock::{RunClock, Until};
use super::conn::Conn;
use super::packets::Capture;
use super::program::{Program, Programs};
use super::transcript::Transcript;
use crate::outcome::{Failure, TestOutcome, TestResult};
use crate::scenario::{Step, StepKind, TestCase};
use crate::text::runner as say;

/// The address a "try it" command gives a server, in place of `{addr}`.
pub const TRY_ADDR: &str = "127.0.0.1:8888";
/// The address a "try it" command gives a client, in place of `{server}`:
/// the student listens there first (`nc -l 127.0.0.1 9999`).
pub const TRY_SERVER: &str = "127.0.0.1:9999";
/// How long an ended program's exit may take to be seen after its
/// connection was refused, closed or reset.
const EXIT_SHOWS_WITHIN: Duration = Duration::from_millis(500);

/// Why a step stopped the test.
enum Stop {
    /// The program did not do what was expected.
    Fail(Failure),
    /// The grader could not carry on (not the student's fault).
    Grader(String),
}

impl From<Failure> for Stop {
    fn from(failure: Failure) -> Self {
        Stop::Fail(failure)
    }
}

/// One test in progress.
struct Run<'a> {
    test: &'a TestCase,
    opts: &'a RunOptions,
    transcript: Transcript,
    program: Option<Program>,
    listener: Option<TcpListener>,
    /// The test's listening address for a client program, once chosen.
    server: Option<std::net::SocketAddr>,
    conns: HashMap<String, Conn>,
    rng: fastrand::Rng,
    /// The run's fair clock.
    clock: RunClock,
    /// The test's budget on it.
    budget: Until,
    /// The largest share of its deadline a step has used (1.0: all of it).
    deadline_share: f64,
    /// The program's working directory, once the test has started.
    dir: Option<std::path::PathBuf>,
    /// When the test started.
    started: Instant,
    /// The capture of the run's loopback, where there is one.
    capture: Option<Capture>,
}

/// Runs `test` against `programs` and returns its result; never panics on student behaviour.
pub(crate) fn run_test(
    exercise: &str,
    test: &TestCase,
    programs: &Programs,
    opts: &RunOptions,
) -> TestResult {
    let started = Instant::now();
    let seed = opts.test_seed(&test.name);
    let clock = RunClock::start(opts.fair_clock);
    let budget = clock.after(opts.scale(test.budget), || None);
    let mut run = Run {
        test,
        opts,
        transcript: Transcript::default(),
        program: None,
        listener: None,
        server: None,
        conns: HashMap::new(),
        rng: fastrand::Rng::with_seed(seed),
        clock,
        budget,
        deadline_share: 0.0,
        dir: None,
        started,
        capture: None,
    };
    let workdir = tempfile::Builder::new().prefix("netlab-run-").tempdir();
    let (outcome, command) = match workdir {
        Err(err) => (
            TestOutcome::Error(format!("cannot create a temporary directory: {err}")),
            None,
        ),
        Ok(ref dir) => {
            let command = run.command_line(programs);
            let outcome = match run.start(programs, dir.path()).and_then(|()| run.play()) {
                Ok(()) => TestOutcome::Passed,
                Err(Stop::Fail(failure)) => TestOutcome::Failed(failure),
                Err(Stop::Grader(message)) => TestOutcome::Error(message),
            };
            (outcome, command)
        }
    };
    if let Some(capture) = &run.capture {
        capture.mark_end();
    }
    let (stderr_tail, notes) = run.finish();
    let packets = run.packets(outcome.passed());
    TestResult {
        exercise: exercise.to_string(),
        name: test.name.clone(),
        about: test.about.clone(),
        max_score: test.points,
        score: if outcome.passed() { test.points } else { 0.0 },
        visibility: test.visibility,
        hint: test.hint.clone(),
        outcome,
        transcript: run.transcript.entries,
        command,
        stderr_tail,
        notes,
        seed: opts.seed,
        elapsed: started.elapsed(),
        deadline_share: run.deadline_share,
        packets,
    }
}

impl Run<'_> {
    /// `--bin NAME -- ARGS` as a student could pass to `cargo run`, with fixed ports.
    fn command_line(&self, programs: &Programs) -> Option<String> {
        let _ = programs.get(&self.test.program)?;
        let args = self.test.args.iter().map(|a| {
            a.replace("{addr}", TRY_ADDR)
                .replace("{server}", TRY_SERVER)
        });
        Some(format!(
            "--bin {} -- {}",
            self.test.program,
            shell_words(&args.collect::<Vec<_>>())
        ))
    }

    fn play(&mut self) -> Result<(), Stop> {
        for (index, step) in self.test.steps.iter().enumerate() {
            let number = index + 1;
            self.transcript.at_step(number);
            if self.clock.left(self.budget, || self.usage()).is_none() {
                return Err(Failure::new(
                    Some(number),
                    say::out_of_budget(self.opts.lang, self.opts.scale(self.test.budget)),
                )
                .into());
            }
            let since = self.clock.now(|| self.usage());
            let result = self.step(number, step);
            if step.kind.waits_for_the_program() {
                self.note_share(since, step.timeout);
            }
            result?;
        }
        Ok(())
    }

    fn program(&mut self) -> &mut Program {
        self.program
            .as_mut()
            .expect("the program starts before any step")
    }

    fn conn(&mut self, name: &str) -> &mut Conn {
        self.conns
            .get_mut(name)
            .expect("connection names are checked at load time")
    }

    /// Runs one step: the network steps live in `net.rs`, the program's in `process.rs`.
    fn step(&mut self, number: usize, step: &Step) -> Result<(), Stop> {
        let deadline = self.step_deadline(step);
        match &step.kind {
            StepKind::Connect { conn } => self.connect(number, conn, deadline),
            StepKind::Accept { conn } => self.accept_conn(number, conn, deadline),
            StepKind::Send {
                conn,
                data,
                split,
                pause,
            } => self.send(number, conn, data, *split, *pause, deadline),
            StepKind::SendRandom { conn, spec } => self.send_random(number, conn, spec, deadline),
            StepKind::ExpectLine { conn, line } => self.expect_line(number, conn, line, deadline),
            StepKind::ExpectReplies { conn } => self.expect_replies(number, conn, step),
            StepKind::ExpectClosed { conn } => self.expect_closed(number, conn, deadline),
            StepKind::ExpectSilence { conn, quiet_for } => {
                self.expect_silence(number, conn, *quiet_for)
            }
            StepKind::Close { conn } => self.close(conn, deadline),
            StepKind::Shutdown { conn } => self.shutdown(number, conn, deadline),
            StepKind::Reset { conn } => self.reset(conn, deadline),
            StepKind::ExpectExit { status } => self.expect_exit(number, *status, step, deadline),
            StepKind::ExpectRunning => self.expect_running(number),
            StepKind::ExpectEnded => self.expect_ended(number, step, deadline),
            StepKind::ExpectStdout { text } => self.expect_stdout(number, text, deadline),
            StepKind::ExpectFile { check } => self.expect_file(number, check, step, deadline),
            StepKind::ExpectStderrLines { lines } => {
                self.expect_stderr_lines(number, *lines, deadline)
            }
            StepKind::ExpectStderrPrefix { prefix } => {
                self.expect_stderr_prefix(number, prefix, deadline)
            }
            StepKind::Signal { signal } => self.signal(*signal),
            StepKind::Sleep { duration } => self.sleep(*duration),
            // The unframed steps (the Python track's) wait for a wall-clock
            // instant: the fair deadline as it stands when the step starts.
            StepKind::Ask { conn, data, reply } => {
                let deadline = self.wall_deadline(deadline);
                self.ask(number, conn, data, reply.as_deref(), deadline)
            }
            StepKind::ExpectMessage { conn, message } => {
                let deadline = self.wall_deadline(deadline);
                self.expect_message(number, conn, message, deadline)
            }
            StepKind::Drain { conn, at_most } => self.drain(conn, *at_most),
            StepKind::ExpectEnd { conn } => {
                let deadline = self.wall_deadline(deadline);
                self.expect_end(number, conn, deadline)
            }
            StepKind::ExpectIdle { idle_for } => self.expect_idle(number, *idle_for),
        }
    }

    fn waited(&self, number: usize) -> Duration {
        self.opts.scale(self.test.steps[number - 1].timeout)
    }
}

/// Arguments as a shell would need them: quoted when they hold anything but
/// plain characters, so that a student can paste the command.
fn shell_words(args: &[String]) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_.,:/+=@%^".contains(c);
    args.iter()
        .map(|arg| {
            if !arg.is_empty() && arg.chars().all(plain) {
                arg.clone()
            } else {
                format!("'{}'", arg.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::start::readable_in;
    use super::*;

    /// Runs the one test of `toml` with `sh` as its program.
    fn run_sh(toml: &str) -> TestResult {
        let file = crate::scenario::TestFile::parse(
            toml,
            std::path::Path::new("t.toml"),
            crate::scenario::Visibility::Public,
        )
        .unwrap();
        let mut programs = Programs::new();
        programs.insert("sh", vec!["/bin/sh".into()]);
        run_test("sh", &file.tests[0], &programs, &RunOptions::new(1))
    }

    const FILE_TEST: &str = r#"
format-version = 1
[[test]]
name = "files"
points = 1
program = "sh"
files = [{ path = "in/data.txt", text = "abc" }, { path = "big", size = 4294967296 }]
args = ["-c", "cat in/data.txt; printf 'x\\000' >> in/data.txt; echo oops >&2; exit 3"]
step = [
  { expect-exit = 3 },
  { expect-stdout = "abc" },
  { expect-stderr-prefix = "oops" },
  { expect-file = { path = "in/data.txt", hex = "61 62 63 78 00" } },
  { expect-file = { path = "big", size = 4294967296 } },
  { expect-file = { path = "missing", exists = false } },
]
"#;

    #[test]
    fn files_are_made_before_the_start_and_checked_after_the_exit() {
        let result = run_sh(FILE_TEST);
        assert_eq!(
            result.outcome,
            TestOutcome::Passed,
            "{:?}",
            result.transcript
        );
    }

    #[test]
    fn a_wrong_file_fails_with_both_contents() {
        let result = run_sh(&FILE_TEST.replace("61 62 63 78 00", "61 62 63 78"));
        match result.outcome {
            TestOutcome::Failed(failure) => {
                assert_eq!(failure.step, Some(4));
                assert_eq!(failure.message, "wrong contents of `in/data.txt`");
                assert_eq!(failure.expected.as_deref(), Some(&b"abcx"[..]));
                assert_eq!(failure.actual.as_deref(), Some(&b"abcx\0"[..]));
            }
            other => panic!("{other:?}"),
        }
        let result = run_sh(&FILE_TEST.replace("size = 4294967296 } }", "size = 1 } }"));
        assert!(
            matches!(&result.outcome, TestOutcome::Failed(f) if f.step == Some(5)),
            "{:?}",
            result.outcome
        );
    }

    #[test]
    fn shell_words_quote_what_a_shell_would_split() {
        let args = ["--mode", "a+", "f", "write:a b", "write:it's", "write:"].map(String::from);
        assert_eq!(
            shell_words(&args),
            r"--mode a+ f 'write:a b' 'write:it'\''s' write:"
        );
    }

    #[test]
    fn a_command_may_read_its_binary_and_the_absolute_files_it_names() {
        let command: Vec<std::ffi::OsString> = [
            "sh",
            "-c",
            "exec cat '/etc/hostname' /nowhere/x \"$@\"",
            "netlab-cmd",
        ]
        .into_iter()
        .map(Into::into)
        .collect();
        let paths = readable_in(&command);
        assert_eq!(paths[0], std::path::Path::new("sh"));
        assert!(paths.contains(&"/etc/hostname".into()), "{paths:?}");
        assert!(!paths.contains(&"/nowhere/x".into()), "{paths:?}");
    }
}
