//! Running one test: start the program, play its steps, end it, keep the evidence.

use std::collections::HashMap;
use std::net::{TcpListener, TcpStream};
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};

use super::RunOptions;
use super::conn::{Conn, ReadError, remaining};
use super::files::{self, Finding};
use super::program::{Program, Programs, READY_PREFIX, describe_exit};
use super::transcript::Transcript;
use super::unix::signal_named;
use crate::outcome::{Failure, TestOutcome, TestResult};
use crate::sandbox::{Confinement, Room};
use crate::scenario::{Step, StepKind, TestCase, escape_bytes};

/// How many lines of stderr a failure shows.
const STDERR_TAIL_LINES: usize = 12;

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
    conns: HashMap<String, Conn>,
    rng: fastrand::Rng,
    deadline: Instant,
    /// The program's working directory, once the test has started.
    dir: Option<std::path::PathBuf>,
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
    let mut run = Run {
        test,
        opts,
        transcript: Transcript::default(),
        program: None,
        listener: None,
        conns: HashMap::new(),
        rng: fastrand::Rng::with_seed(seed),
        deadline: started + opts.scale(test.budget),
        dir: None,
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
    let (stderr_tail, notes) = run.finish();
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
    }
}

impl Run<'_> {
    /// The test's arguments with placeholders filled in.
    fn args(&self) -> Vec<String> {
        let server = self.listener.as_ref().and_then(|l| l.local_addr().ok());
        self.test
            .args
            .iter()
            .map(|arg| {
                let arg = arg.replace("{addr}", "127.0.0.1:0");
                match server {
                    Some(server) => arg.replace("{server}", &server.to_string()),
                    None => arg,
                }
            })
            .collect()
    }

    /// Where the program may go: its directory, its binary, port 0 and the
    /// ports its arguments name; the test's listener for client programs.
    fn room(&self, command: &[std::ffi::OsString], args: &[String], dir: &std::path::Path) -> Room {
        let bind = std::iter::once(0)
            .chain(
                args.iter()
                    .filter_map(|a| a.rsplit_once(':')?.1.parse::<u16>().ok()),
            )
            .collect();
        let connect = self
            .listener
            .iter()
            .filter_map(|l| l.local_addr().ok())
            .map(|a| a.port())
            .collect();
        Room {
            dir: dir.to_path_buf(),
            read: readable_in(command),
            bind,
            connect,
        }
    }

    /// `--bin NAME -- ARGS` as a student could pass to `cargo run`, with fixed ports.
    fn command_line(&self, programs: &Programs) -> Option<String> {
        let _ = programs.get(&self.test.program)?;
        let args = self.test.args.iter().map(|a| {
            a.replace("{addr}", "127.0.0.1:8888")
                .replace("{server}", "127.0.0.1:9999")
        });
        Some(format!(
            "--bin {} -- {}",
            self.test.program,
            shell_words(&args.collect::<Vec<_>>())
        ))
    }

    /// The earlier of the step's own deadline and the test's budget.
    fn step_deadline(&self, step: &Step) -> Instant {
        (Instant::now() + self.opts.scale(step.timeout)).min(self.deadline)
    }

    fn start(&mut self, programs: &Programs, dir: &std::path::Path) -> Result<(), Stop> {
        let command = programs
            .get(&self.test.program)
            .ok_or_else(|| {
                Stop::Grader(format!(
                    "no program named `{}` was built",
                    self.test.program
                ))
            })?
            .to_vec();
        if self.test.needs_server {
            let listener = TcpListener::bind("127.0.0.1:0")
                .map_err(|e| Stop::Grader(format!("cannot open the test's listener: {e}")))?;
            let addr = listener
                .local_addr()
                .map_err(|e| Stop::Grader(e.to_string()))?;
            self.transcript
                .event(None, format!("the test listens on {addr}"));
            self.listener = Some(listener);
        }
        for setup in &self.test.files {
            let line = files::create(dir, setup).map_err(|e| {
                Stop::Grader(format!(
                    "cannot create the test's file `{}`: {e}",
                    setup.path.display()
                ))
            })?;
            self.transcript.event(None, line);
        }
        self.dir = Some(dir.to_path_buf());
        let args = self.args();
        self.transcript.event(
            None,
            format!("start `{} {}`", self.test.program, shell_words(&args)),
        );
        if let Some(stdin) = &self.test.stdin {
            self.transcript
                .event(None, format!("stdin: {}", escape_bytes(stdin)));
        }
        let room = self.room(&command, &args, dir);
        let confinement = Confinement::prepare(&self.test.limits, &room)
            .map_err(|e| Stop::Grader(format!("cannot confine `{}`: {e}", self.test.program)))?;
        let program =
            Program::spawn_with_args(&command, &args, dir, self.test.stdin.clone(), confinement)
                .map_err(|e| Stop::Grader(format!("cannot start `{}`: {e}", self.test.program)))?;
        let program = self.program.insert(program);
        if !self.test.wait_listening {
            return Ok(());
        }
        let wait = self.opts.scale(
            self.test
                .steps
                .first()
                .map_or(Duration::from_secs(3), |s| s.timeout),
        );
        let deadline = (Instant::now() + wait).min(self.deadline);
        program.wait_until(deadline, |state, _| {
            state.listening.is_some() || state.exit.is_some()
        });
        if let Some(addr) = program.state.listening {
            self.transcript.event(None, format!("{READY_PREFIX}{addr}"));
            return Ok(());
        }
        let message = match (&program.state.exit, &program.state.bad_listening) {
            (Some(status), _) => format!(
                "the program ended ({}) before printing `{READY_PREFIX}ADDR`",
                describe_exit(status)
            ),
            (None, Some(line)) => format!(
                "`{line}` does not give an address such as `127.0.0.1:40123` after `{READY_PREFIX}`"
            ),
            (None, None) => format!(
                "no `{READY_PREFIX}ADDR` line on stdout within {:.1?}: print it (and flush) right after binding",
                wait
            ),
        };
        Err(Failure::new(None, message).into())
    }

    fn play(&mut self) -> Result<(), Stop> {
        for (index, step) in self.test.steps.iter().enumerate() {
            let number = index + 1;
            self.transcript.at_step(number);
            if Instant::now() >= self.deadline {
                return Err(Failure::new(
                    Some(number),
                    format!(
                        "the test ran out of its {:.1?} budget",
                        self.opts.scale(self.test.budget)
                    ),
                )
                .into());
            }
            self.step(number, step)?;
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

    fn step(&mut self, number: usize, step: &Step) -> Result<(), Stop> {
        let deadline = self.step_deadline(step);
        let quiet = &self.test.quiet;
        match &step.kind {
            StepKind::Connect { conn } => {
                let addr = self
                    .program()
                    .state
                    .listening
                    .expect("connect implies waiting for the address");
                let stream =
                    TcpStream::connect_timeout(&addr, remaining(deadline)).map_err(|e| {
                        Failure::new(
                            Some(number),
                            format!("cannot connect to {addr}: {e}{}", self.exit_note()),
                        )
                    })?;
                let conn_state = Conn::new(stream).map_err(|e| Stop::Grader(e.to_string()))?;
                self.conns.insert(conn.clone(), conn_state);
                self.transcript
                    .event(Some(conn), format!("connected to {addr}"));
            }
            StepKind::Accept { conn } => {
                let stream = self.accept(number, deadline)?;
                let peer = stream
                    .peer_addr()
                    .map(|a| a.to_string())
                    .unwrap_or_default();
                self.conns.insert(
                    conn.clone(),
                    Conn::new(stream).map_err(|e| Stop::Grader(e.to_string()))?,
                );
                self.transcript.event(
                    Some(conn),
                    format!("accepted the program's connection from {peer}"),
                );
            }
            StepKind::Send {
                conn,
                data,
                split,
                pause,
            } => {
                let how = match split {
                    Some(n) if *n < data.len() => {
                        format!("  (in pieces of {n} byte(s), {pause:?} apart)")
                    }
                    _ => String::new(),
                };
                self.transcript.sent(conn, data, &how);
                let result = self
                    .conns
                    .get_mut(conn)
                    .expect("checked")
                    .send(data, *split, *pause, deadline, quiet);
                result.map_err(|e| self.send_failure(number, e))?;
            }
            StepKind::SendRandom { conn, spec } => {
                let lines = spec.generate(&mut self.rng, quiet);
                let writes: Vec<Vec<u8>> = if spec.one_write {
                    vec![
                        lines
                            .iter()
                            .flat_map(|l| l.iter().copied().chain([b'\n']))
                            .collect(),
                    ]
                } else {
                    lines
                        .iter()
                        .map(|l| [l.as_slice(), b"\n"].concat())
                        .collect()
                };
                for data in writes {
                    self.transcript.sent(conn, &data, "  (random)");
                    let result = self
                        .conn(conn)
                        .send(&data, None, Duration::ZERO, deadline, quiet);
                    result.map_err(|e| self.send_failure(number, e))?;
                }
            }
            StepKind::ExpectLine { conn, line } => {
                let got = self.read_line(number, conn, deadline, Some(line))?;
                if without_cr(&got) != without_cr(line) {
                    return Err(Failure::mismatch(number, "wrong line", line.clone(), got).into());
                }
            }
            StepKind::ExpectReplies { conn } => {
                let template = self.test.reply.clone().expect("checked at load time");
                let pending: Vec<Vec<u8>> = self.conn(conn).pending.drain(..).collect();
                if pending.is_empty() {
                    return Err(Stop::Grader(format!(
                        "step {number} (`expect-replies`) has no message waiting for a reply: fix the test file"
                    )));
                }
                for message in pending {
                    let expected = fill_reply(&template, &message);
                    let deadline = self.step_deadline(step);
                    let got = self.read_line(number, conn, deadline, Some(&expected))?;
                    if without_cr(&got) != without_cr(&expected) {
                        let what = format!("wrong reply to the message {}", escape_bytes(&message));
                        return Err(Failure::mismatch(number, what, expected, got).into());
                    }
                }
            }
            StepKind::ExpectClosed { conn } => match self.conn(conn).read_to_close(deadline) {
                Ok(extra) if extra.is_empty() => self
                    .transcript
                    .event(Some(conn), "the program closed the connection"),
                Ok(extra) => {
                    self.transcript.received(conn, &extra);
                    return Err(Failure::mismatch(
                        number,
                        "expected the connection to close with nothing more sent",
                        Vec::new(),
                        extra,
                    )
                    .into());
                }
                Err(err) => return Err(self.read_failure(number, conn, err, None)),
            },
            StepKind::ExpectSilence { conn, quiet_for } => {
                let quiet_for = self.opts.scale(*quiet_for).min(remaining(self.deadline));
                let got = self
                    .conn(conn)
                    .read_during(quiet_for)
                    .map_err(|e| self.read_failure(number, conn, e, None))?;
                if !got.is_empty() {
                    self.transcript.received(conn, &got);
                    return Err(Failure::mismatch(
                        number,
                        format!("expected nothing for {quiet_for:?}"),
                        Vec::new(),
                        got,
                    )
                    .into());
                }
                self.transcript
                    .event(Some(conn), format!("nothing arrived for {quiet_for:?}"));
            }
            StepKind::ExpectExit { status } => {
                let program = self.program();
                program.wait_until(deadline, |state, _| state.exit.is_some());
                let Some(exit) = program.state.exit else {
                    return Err(Failure::new(
                        Some(number),
                        format!("expected the program to exit with status {status}, but it was still running after {:.1?}", self.opts.scale(step.timeout)),
                    )
                    .into());
                };
                self.transcript
                    .event(None, format!("the program ended: {}", describe_exit(&exit)));
                if exit.code() != Some(*status) {
                    return Err(Failure::new(
                        Some(number),
                        format!(
                            "expected exit status {status}, got {}",
                            describe_exit(&exit)
                        ),
                    )
                    .into());
                }
            }
            StepKind::ExpectRunning => {
                let program = self.program();
                program.drain();
                if let Some(exit) = program.state.exit {
                    return Err(Failure::new(
                        Some(number),
                        format!(
                            "expected the program to be still running, but it ended: {}",
                            describe_exit(&exit)
                        ),
                    )
                    .into());
                }
                self.transcript.event(None, "the program is still running");
            }
            StepKind::ExpectEnded => {
                let program = self.program();
                program.wait_until(deadline, |state, _| state.exit.is_some());
                let Some(exit) = program.state.exit else {
                    return Err(Failure::new(
                        Some(number),
                        format!(
                            "expected the program to end, but it was still running after {:.1?}",
                            self.opts.scale(step.timeout)
                        ),
                    )
                    .into());
                };
                self.transcript
                    .event(None, format!("the program ended: {}", describe_exit(&exit)));
            }
            StepKind::ExpectStdout { text } => {
                let program = self.program();
                // Done when it matches, when it can no longer match, or when stdout ended.
                program.wait_until(deadline, |_, p| {
                    let out = p.stdout();
                    out.closed || out.kept == *text || !text.starts_with(&out.kept)
                });
                let got = program.stdout().kept;
                if got != *text {
                    return Err(Failure::mismatch(
                        number,
                        "wrong standard output",
                        text.clone(),
                        got,
                    )
                    .into());
                }
            }
            StepKind::ExpectFile { check } => {
                let program = self.program();
                program.wait_until(deadline, |state, _| state.exit.is_some());
                if program.state.exit.is_none() {
                    return Err(Failure::new(
                        Some(number),
                        format!(
                            "expected the program to have ended before checking `{}`, but it was still running after {:.1?}",
                            check.path.display(),
                            self.opts.scale(step.timeout)
                        ),
                    )
                    .into());
                }
                let dir = self.dir.clone().expect("files are checked after the start");
                let finding = files::check(&dir, check).map_err(|e| {
                    Stop::Grader(format!("cannot check `{}`: {e}", check.path.display()))
                })?;
                match finding {
                    Finding::Holds(line) => self.transcript.event(None, line),
                    Finding::Wrong {
                        message,
                        expected,
                        actual,
                    } => {
                        return Err(Failure {
                            step: Some(number),
                            message,
                            expected,
                            actual,
                        }
                        .into());
                    }
                }
            }
            StepKind::ExpectStderrLines { lines } => {
                let got = self.finished_stderr(deadline);
                let count = got.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
                if count != *lines {
                    return Err(Failure::mismatch(
                        number,
                        format!("expected {lines} line(s) on stderr, got {count}"),
                        Vec::new(),
                        got,
                    )
                    .into());
                }
            }
            StepKind::ExpectStderrPrefix { prefix } => {
                let got = self.finished_stderr(deadline);
                if !got.starts_with(prefix) {
                    return Err(Failure::mismatch(
                        number,
                        format!("expected stderr to start with {}", escape_bytes(prefix)),
                        prefix.clone(),
                        got,
                    )
                    .into());
                }
            }
            StepKind::Close { conn } => {
                self.conns.remove(conn);
                self.transcript
                    .event(Some(conn), "the test closed the connection");
            }
            StepKind::Shutdown { conn } => {
                self.conn(conn)
                    .shutdown(quiet)
                    .map_err(|e| self.send_failure(number, e))?;
                self.transcript.event(
                    Some(conn),
                    "the test closed its sending side (end of stream)",
                );
            }
            StepKind::Reset { conn } => {
                let conn_state = self.conns.remove(conn).expect("checked");
                conn_state
                    .reset()
                    .map_err(|e| Stop::Grader(format!("cannot reset: {e}")))?;
                self.transcript
                    .event(Some(conn), "the test reset the connection (RST)");
            }
            StepKind::Signal { signal } => {
                let sig = signal_named(signal).expect("checked at load time");
                self.program().signal(sig);
                self.transcript
                    .event(None, format!("sent SIG{signal} to the program"));
            }
            StepKind::Sleep { duration } => {
                let pause = self.opts.scale(*duration).min(remaining(self.deadline));
                std::thread::sleep(pause);
                self.transcript.event(None, format!("waited {pause:?}"));
            }
        }
        Ok(())
    }

    /// Waits for the program's connection to the test's listener.
    fn accept(&mut self, number: usize, deadline: Instant) -> Result<TcpStream, Stop> {
        let listener = self.listener.as_ref().expect("accept implies a listener");
        listener
            .set_nonblocking(true)
            .map_err(|e| Stop::Grader(e.to_string()))?;
        loop {
            match listener.accept() {
                Ok((stream, _)) => {
                    stream
                        .set_nonblocking(false)
                        .map_err(|e| Stop::Grader(e.to_string()))?;
                    return Ok(stream);
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(Stop::Grader(format!("accept failed: {e}"))),
            }
            let exited = {
                let program = self.program.as_mut().expect("started");
                program.drain();
                program.state.exit
            };
            if let Some(exit) = exit_or_deadline(exited, deadline) {
                return Err(Failure::new(
                    Some(number),
                    format!("the program did not connect to the test's server{exit}"),
                )
                .into());
            }
            // Wake on a connection, or every 50 ms to notice that the program ended.
            let slice = remaining(deadline).min(Duration::from_millis(50));
            let mut fds = [PollFd::new(listener.as_fd(), PollFlags::POLLIN)];
            let _ = poll(
                &mut fds,
                PollTimeout::try_from(slice).unwrap_or(PollTimeout::MAX),
            );
        }
    }

    fn read_line(
        &mut self,
        number: usize,
        conn: &str,
        deadline: Instant,
        expected: Option<&[u8]>,
    ) -> Result<Vec<u8>, Stop> {
        match self.conn(conn).read_line(deadline) {
            Ok(line) => {
                self.transcript
                    .received(conn, &[line.as_slice(), b"\n"].concat());
                Ok(line)
            }
            Err(err) => Err(self.read_failure(number, conn, err, expected)),
        }
    }

    fn read_failure(
        &mut self,
        number: usize,
        conn: &str,
        err: ReadError,
        expected: Option<&[u8]>,
    ) -> Stop {
        let (partial, message) = match err {
            ReadError::Timeout { partial } => (
                partial,
                format!("no complete line within {:.1?}", self.waited(number)),
            ),
            ReadError::Closed { partial } => {
                (partial, "the program closed the connection".to_string())
            }
            ReadError::Reset { partial } => {
                (partial, "the program reset the connection".to_string())
            }
            ReadError::TooLong { len } => (
                Vec::new(),
                format!("{len} bytes arrived without a line end"),
            ),
            ReadError::Io(e) => return Stop::Grader(format!("reading from `{conn}` failed: {e}")),
        };
        if !partial.is_empty() {
            self.transcript.received(conn, &partial);
        }
        let message = format!("{message}{}", self.exit_note());
        match expected {
            Some(expected) => Failure::mismatch(number, message, expected.to_vec(), partial).into(),
            None => Failure::new(Some(number), message).into(),
        }
    }

    fn send_failure(&mut self, number: usize, err: std::io::Error) -> Stop {
        Failure::new(
            Some(number),
            format!("sending failed: {err}{}", self.exit_note()),
        )
        .into()
    }

    fn waited(&self, number: usize) -> Duration {
        self.opts.scale(self.test.steps[number - 1].timeout)
    }

    /// ", and the program ended (…)" when it has, to explain a closed connection.
    fn exit_note(&mut self) -> String {
        let Some(program) = self.program.as_mut() else {
            return String::new();
        };
        program.drain();
        program
            .state
            .exit
            .map(|s| format!("; the program had ended ({})", describe_exit(&s)))
            .unwrap_or_default()
    }

    /// Stderr once the program has ended (or the deadline passed).
    fn finished_stderr(&mut self, deadline: Instant) -> Vec<u8> {
        let program = self.program();
        program.wait_until(deadline, |state, p| {
            state.exit.is_some() && p.stderr().closed
        });
        program.stderr().kept
    }

    /// Ends the program and returns the stderr tail and output notes.
    fn finish(&mut self) -> (Vec<String>, Vec<String>) {
        self.conns.clear();
        let Some(mut program) = self.program.take() else {
            return (Vec::new(), Vec::new());
        };
        program.terminate();
        // The pipes drain a moment after the group dies; the tail is worth that moment.
        program.wait_until(Instant::now() + Duration::from_millis(500), |_, p| {
            p.stderr().closed && p.stdout().closed
        });
        let stderr = program.stderr();
        let stdout = program.stdout();
        let mut notes = Vec::new();
        if program.leftovers > 0 {
            notes.push(format!(
                "{} process(es) of this test could not be killed",
                program.leftovers
            ));
        }
        for (name, capture) in [("stdout", &stdout), ("stderr", &stderr)] {
            if capture.truncated() {
                notes.push(format!(
                    "{name}: {} bytes in all; only the first {} were kept",
                    capture.total,
                    capture.kept.len()
                ));
            }
        }
        let text = String::from_utf8_lossy(&stderr.kept);
        let lines: Vec<&str> = text.lines().skip_while(|l| l.trim().is_empty()).collect();
        let tail = lines[lines.len().saturating_sub(STDERR_TAIL_LINES)..]
            .iter()
            .map(|l| l.to_string())
            .collect();
        (tail, notes)
    }
}

/// The files a (trusted) command names: its binary, and absolute paths among
/// its words (`sh -c "exec python3 '/abs/server.py' …"`), which the confined
/// program may read and execute.
fn readable_in(command: &[std::ffi::OsString]) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<std::path::PathBuf> = command.first().map(Into::into).into_iter().collect();
    for part in command.iter().skip(1) {
        for word in part.to_string_lossy().split_whitespace() {
            let word = word.trim_matches(['\'', '"']);
            let path = std::path::Path::new(word);
            if path.is_absolute() && path.exists() {
                paths.push(path.to_path_buf());
            }
        }
    }
    paths
}

/// `Some(reason)` when the wait should stop: the program ended, or time is up.
fn exit_or_deadline(exit: Option<std::process::ExitStatus>, deadline: Instant) -> Option<String> {
    match exit {
        Some(status) => Some(format!("; it ended first ({})", describe_exit(&status))),
        None if Instant::now() >= deadline => Some(" in time".to_string()),
        None => None,
    }
}

/// The reply template with the message's bytes in place of `{message}`.
fn fill_reply(template: &str, message: &[u8]) -> Vec<u8> {
    let (before, after) = template
        .split_once("{message}")
        .expect("checked at load time");
    [before.as_bytes(), message, after.as_bytes()].concat()
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

/// A line without one trailing `\r`: line endings may be `\n` or `\r\n`.
fn without_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_filled_with_raw_bytes() {
        assert_eq!(
            fill_reply("Receive your message: {message}", b"\xffa"),
            b"Receive your message: \xffa"
        );
    }

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

    #[test]
    fn a_trailing_cr_is_a_line_ending() {
        assert_eq!(without_cr(b"a\r"), b"a");
        assert_eq!(without_cr(b"a\r\r"), b"a\r");
    }
}
