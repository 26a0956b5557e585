//! Running one test: start the program, play its steps, end it, keep the evidence.
//!
//! The steps themselves live in [`net`] (connections) and [`process`] (the
//! program's exit, output and files); this module owns a test's life and its
//! clock: every step's deadline and the test's budget are points on the
//! run's fair clock (see [`super::clock`]), not on the wall clock.

mod net;
mod process;
mod talk;

use std::collections::HashMap;
use std::net::TcpListener;
use std::time::{Duration, Instant};

use super::RunOptions;
use super::clock::{Deadline, FairWait, RunClock, TICK, Until};
use super::conn::Conn;
use super::files;
use super::packets::{self, Capture, Packets};
use super::program::{Program, Programs, READY_PREFIX, State, describe_exit_in};
use super::transcript::Transcript;
use crate::outcome::{Failure, TestOutcome, TestResult};
use crate::sandbox::{Confinement, Room};
use crate::scenario::{Step, StepKind, TestCase, escape_bytes};
use crate::text::packets as say_packets;
use crate::text::runner as say;

/// The address a "try it" command gives a server, in place of `{addr}`.
pub const TRY_ADDR: &str = "127.0.0.1:8888";
/// The address a "try it" command gives a client, in place of `{server}`:
/// the student listens there first (`nc -l 127.0.0.1 9999`).
pub const TRY_SERVER: &str = "127.0.0.1:9999";
/// Where the test listens for a client program inside the run's own network
/// namespace: the address the "try it" line gives, since nothing else can be
/// there.
const SERVER_IN_JAIL: &str = TRY_SERVER;
/// How long an ended program's exit may take to be seen after its
/// connection was refused, closed or reset.
const EXIT_SHOWS_WITHIN: Duration = Duration::from_millis(500);
/// How many lines of stderr a failure shows.
const STDERR_TAIL_LINES: usize = 12;

fn remaining_until(deadline: Instant) -> Duration {
    deadline.saturating_duration_since(Instant::now())
}

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
    let budget = clock.after(opts.scale(test.budget), None);
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
    /// The test's arguments with placeholders filled in.
    fn args(&self) -> Vec<String> {
        let server = self.server;
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
        let connect = self.server.iter().map(|a| a.port()).collect();
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
            a.replace("{addr}", TRY_ADDR)
                .replace("{server}", TRY_SERVER)
        });
        Some(format!(
            "--bin {} -- {}",
            self.test.program,
            shell_words(&args.collect::<Vec<_>>())
        ))
    }

    /// What the run's cgroup says of the program now, where the platform
    /// tells: for its fair clock.
    fn usage(&self) -> Option<super::clock::Usage> {
        self.program.as_ref().and_then(Program::usage)
    }

    /// The earlier of `timeout` of fair time from now and the test's budget.
    fn deadline_after(&self, timeout: Duration) -> Until {
        self.clock
            .after(self.opts.scale(timeout), self.usage())
            .min(self.budget)
    }

    /// The wall-clock instant `until` falls on if the fair clock keeps the
    /// pace it has now (for waits that take an `Instant`).
    fn wall_deadline(&self, until: Until) -> Instant {
        Instant::now() + self.clock.left(until, self.usage()).unwrap_or_default()
    }

    /// The test's budget as a wall-clock instant (see [`Run::wall_deadline`]).
    fn budget_instant(&self) -> Instant {
        self.wall_deadline(self.budget)
    }

    /// The earlier of the step's own deadline and the test's budget.
    fn step_deadline(&self, step: &Step) -> Until {
        self.deadline_after(step.timeout)
    }

    /// Calls `f` with connection `name` and `until` as a deadline on the
    /// run's fair clock.
    fn with_conn<T>(
        &mut self,
        name: &str,
        until: Until,
        f: impl FnOnce(&mut Conn, &dyn Deadline) -> T,
    ) -> T {
        let program = self.program.as_ref();
        let cpu = move || program.and_then(Program::usage);
        let wait = FairWait {
            clock: &self.clock,
            cpu: &cpu,
            until,
        };
        let conn = self
            .conns
            .get_mut(name)
            .expect("connection names are checked at load time");
        f(conn, &wait)
    }

    /// Calls `f` with `until` as a deadline on the run's fair clock.
    fn with_wait<T>(&self, until: Until, f: impl FnOnce(&dyn Deadline) -> T) -> T {
        let cpu = || self.usage();
        f(&FairWait {
            clock: &self.clock,
            cpu: &cpu,
            until,
        })
    }

    /// A new connection, with the run's write delays when they are asked
    /// for, reading the socket tables of the namespace it lives in.
    fn new_conn(&mut self, stream: std::net::TcpStream) -> Result<Conn, Stop> {
        let tables = self
            .program
            .as_ref()
            .map_or_else(crate::sandbox::SocketTables::own, Program::socket_tables);
        let mut conn = Conn::new(stream, tables).map_err(|e| Stop::Grader(e.to_string()))?;
        conn.jitter(self.opts.write_jitter, self.rng.u64(..));
        Ok(conn)
    }

    /// Waits until `done` holds for the program, or `until` passes on the
    /// fair clock; returns whether it held.
    fn wait_program(
        &mut self,
        until: Until,
        mut done: impl FnMut(&State, &Program) -> bool,
    ) -> bool {
        loop {
            let cpu = self.usage();
            let left = self.clock.left(until, cpu);
            let program = self.program.as_mut().expect("the program starts first");
            let Some(left) = left else {
                return program.wait_until(Instant::now(), &mut done);
            };
            if program.wait_until(Instant::now() + left.min(TICK), &mut done) {
                return true;
            }
        }
    }

    /// Sleeps until `until` on the fair clock.
    fn wait_out(&mut self, until: Until) {
        while let Some(left) = self.clock.left(until, self.usage()) {
            std::thread::sleep(left.min(TICK));
        }
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
        let jailed = crate::sandbox::namespaces();
        if self.test.wait_listener && !jailed {
            return Err(Stop::Grader(crate::text::talk::NEEDS_A_NAMESPACE.into()));
        }
        if self.test.needs_server {
            let addr = match (self.test.server_port, jailed) {
                // A client that takes no arguments connects to its fixed
                // port: in the run's own namespace the test listens there,
                // on every address.
                (Some(port), true) => std::net::SocketAddr::from(([0, 0, 0, 0], port)),
                (Some(_), false) => {
                    return Err(Stop::Grader(crate::text::talk::NEEDS_A_NAMESPACE.into()));
                }
                (None, true) => SERVER_IN_JAIL.parse().expect("a valid address"),
                (None, false) => {
                    // Without a namespace of its own the run shares the machine's
                    // ports: the test listens on a free one, made now.
                    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| {
                        Stop::Grader(format!("cannot open the test's listener: {e}"))
                    })?;
                    let addr = listener
                        .local_addr()
                        .map_err(|e| Stop::Grader(e.to_string()))?;
                    self.listener = Some(listener);
                    addr
                }
            };
            self.transcript
                .event(None, say::test_listens(self.opts.lang, addr));
            self.server = Some(addr);
        }
        for setup in &self.test.files {
            let line = files::create(dir, setup, self.opts.lang).map_err(|e| {
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
            say::start(self.opts.lang, &self.test.program, &shell_words(&args)),
        );
        if let Some(stdin) = &self.test.stdin {
            self.transcript
                .event(None, say::stdin(self.opts.lang, &escape_bytes(stdin)));
        }
        let room = self.room(&command, &args, dir);
        let confinement = Confinement::prepare(&self.test.limits, &room)
            .map_err(|e| Stop::Grader(format!("cannot confine `{}`: {e}", self.test.program)))?;
        let program =
            Program::spawn_with_args(&command, &args, dir, self.test.stdin.clone(), confinement)
                .map_err(|e| Stop::Grader(format!("cannot start `{}`: {e}", self.test.program)))?;
        let program = self.program.insert(program);
        if let (Some(addr), Some(net)) = (self.server, program.net())
            && self.listener.is_none()
        {
            let listener = net.listen(addr).map_err(|e| {
                Stop::Grader(format!("cannot open the test's listener on {addr}: {e}"))
            })?;
            self.listener = Some(listener);
        }
        // Started before the release, so that the handshake is seen.
        self.capture = Capture::start(program.net(), self.started, self.opts.keep_frames);
        program.release();
        if self.test.wait_listener {
            return self.wait_for_listener();
        }
        if !self.test.wait_listening {
            return Ok(());
        }
        let timeout = self
            .test
            .steps
            .first()
            .map_or(Duration::from_secs(3), |s| s.timeout);
        let wait = self.opts.scale(timeout);
        let deadline = self.deadline_after(timeout);
        let since = self.clock.now(self.usage());
        self.wait_program(deadline, |state, _| {
            state.listening.is_some() || state.exit.is_some()
        });
        self.note_share(since, timeout);
        let budget = self.budget_instant();
        let program = self.program.as_mut().expect("just started");
        if program.state.listening.is_none() && program.state.exit.is_some() {
            // The exit can be seen before the last lines it printed: read
            // stdout to its end (briefly: a leftover child may hold it open).
            let drained = (Instant::now() + self.opts.scale(EXIT_SHOWS_WITHIN)).min(budget);
            program.wait_until(drained, |state, p| {
                state.listening.is_some() || p.stdout().closed
            });
        }
        if let Some(addr) = program.state.listening {
            self.transcript.event(None, format!("{READY_PREFIX}{addr}"));
            let lang = self.opts.lang;
            return verify_listening(program, addr, &self.clock, deadline, lang).map_err(
                |message| {
                    // Say so whenever the program had ended meanwhile.
                    let ended = program.state.exit.as_ref();
                    let note = ended
                        .map(|s| say::had_ended_note(lang, &describe_exit_in(s, lang)))
                        .unwrap_or_default();
                    Failure::new(None, format!("{message}{note}")).into()
                },
            );
        }
        let lang = self.opts.lang;
        let message = match (&program.state.exit, &program.state.bad_listening) {
            (Some(status), _) => say::ended_before_ready(lang, &describe_exit_in(status, lang)),
            (None, Some(line)) => say::bad_ready_line(lang, line),
            (None, None) => say::no_ready_line(lang, wait),
        };
        Err(Failure::new(None, message).into())
    }

    fn play(&mut self) -> Result<(), Stop> {
        for (index, step) in self.test.steps.iter().enumerate() {
            let number = index + 1;
            self.transcript.at_step(number);
            if self.clock.left(self.budget, self.usage()).is_none() {
                return Err(Failure::new(
                    Some(number),
                    say::out_of_budget(self.opts.lang, self.opts.scale(self.test.budget)),
                )
                .into());
            }
            let since = self.clock.now(self.usage());
            let result = self.step(number, step);
            if step.kind.waits_for_the_program() {
                self.note_share(since, step.timeout);
            }
            result?;
        }
        Ok(())
    }

    /// Records the share of `timeout` used since `since` on the fair clock.
    fn note_share(&mut self, since: Duration, timeout: Duration) {
        let used = self.clock.now(self.usage()).saturating_sub(since);
        let share = used.as_secs_f64() / self.opts.scale(timeout).as_secs_f64().max(1e-9);
        self.deadline_share = self.deadline_share.max(share.min(1.0));
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

    /// "; the program had ended (…)" when it has, to explain a failure.
    fn exit_note(&mut self) -> String {
        self.exit_note_within(Duration::ZERO)
    }

    /// [`Run::exit_note`] after a refused, closed or reset connection: the
    /// program may have just ended, and its exit takes a moment to be seen,
    /// so wait for it a little (returning at once when it shows).
    fn ended_note(&mut self) -> String {
        self.exit_note_within(self.opts.scale(EXIT_SHOWS_WITHIN))
    }

    fn exit_note_within(&mut self, grace: Duration) -> String {
        let budget = self.budget_instant();
        let Some(program) = self.program.as_mut() else {
            return String::new();
        };
        let deadline = Instant::now() + grace.min(remaining_until(budget));
        program.wait_until(deadline, |state, _| state.exit.is_some());
        program
            .state
            .exit
            .map(|s| say::had_ended_note(self.opts.lang, &describe_exit_in(&s, self.opts.lang)))
            .unwrap_or_default()
    }

    /// What the capture saw: how each connection ended, and the ladders when
    /// the test failed or they were asked for (call after [`Run::finish`],
    /// which closes up).
    fn packets(&mut self, passed: bool) -> Option<Packets> {
        let captured = self.capture.take()?.finish();
        let lang = self.opts.lang;
        let test_listens = self.server.filter(|_| self.test.needs_server);
        let note = (captured.dropped > 0).then(|| {
            let kept = captured.seen - captured.dropped;
            say_packets::capture_capped(lang, kept, captured.seen)
        });
        let mut ladders = packets::ladders(&captured.segments, test_listens, lang);
        let endings = ladders.iter().map(|l| l.ending).collect();
        if passed && !self.opts.packets {
            ladders.clear();
        }
        Some(Packets {
            ladders,
            endings,
            frames: captured.frames,
            note,
        })
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
            notes.push(say::leftovers(self.opts.lang, program.leftovers));
        }
        for (name, capture) in [("stdout", &stdout), ("stderr", &stderr)] {
            if capture.truncated() {
                notes.push(say::truncated(
                    self.opts.lang,
                    name,
                    capture.total,
                    capture.kept.len(),
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

/// The files a (trusted) command names: its binary, absolute paths among its
/// words (`sh -c "exec python3 '/abs/server.py' …"`), and the installation of
/// each program it runs from `PATH` (`/opt/python/bin/python3` brings
/// `/opt/python`, where its standard library lives), which the confined
/// program may read and execute.
fn readable_in(command: &[std::ffi::OsString]) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<std::path::PathBuf> = command.first().map(Into::into).into_iter().collect();
    for part in command.iter().skip(1) {
        // Split as `sh` would; a part that does not split names nothing.
        for word in shlex::split(&part.to_string_lossy()).unwrap_or_default() {
            let word = word.as_str();
            let path = std::path::Path::new(word);
            if path.is_absolute() && path.exists() {
                paths.push(path.to_path_buf());
            } else if !word.is_empty() && !word.contains('/') {
                paths.extend(installation_of(word));
            }
        }
    }
    paths
}

/// The folder a program found on `PATH` is installed in: the parent of its
/// `bin/`, unless that is `/` or holds the grader's own folder.
fn installation_of(program: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    let found = std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())?;
    let real = found.canonicalize().ok()?;
    let bin = real.parent()?;
    let prefix = bin.parent()?;
    let here = std::env::current_dir().ok()?;
    let useful =
        bin.file_name()? == "bin" && prefix.parent().is_some() && !here.starts_with(prefix);
    useful.then(|| prefix.to_path_buf())
}

/// Readiness is a claim: the address must be a loopback address on which a
/// socket of the run listens (in its own namespace, where it has one), by
/// `deadline` (a program may print before it calls `listen`).
fn verify_listening(
    program: &mut Program,
    addr: std::net::SocketAddr,
    clock: &RunClock,
    deadline: Until,
    lang: crate::lang::Lang,
) -> Result<(), String> {
    if !addr.ip().is_loopback() {
        return Err(say::claimed_not_loopback(lang, addr));
    }
    loop {
        match program.listeners() {
            Ok(listeners) if crate::sandbox::is_served(addr, &listeners) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(format!("cannot list the run's sockets: {e}")),
        }
        program.drain();
        let time_is_up = clock.left(deadline, program.usage()).is_none();
        if time_is_up || program.state.exit.is_some() {
            return Err(say::claimed_not_listening(lang, addr));
        }
        // The kernel offers no event for "a socket started listening".
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// `Some(why)` when the wait should stop: `Some(exit)` when the program
/// ended (described in `lang`), `None` when time is up.
fn exit_or_deadline(
    exit: Option<std::process::ExitStatus>,
    time_is_up: bool,
    lang: crate::lang::Lang,
) -> Option<Option<String>> {
    match exit {
        Some(status) => Some(Some(describe_exit_in(&status, lang))),
        None if time_is_up => Some(None),
        None => None,
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
