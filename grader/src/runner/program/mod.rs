//! A running student program: started in its own process group, its output
//! captured with a cap ([`output`]), its readiness line and exit turned into
//! events.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use super::unix;
use crate::lang::Lang;
use crate::sandbox::Confinement;
use crate::text::runner as messages;

mod output;

pub(crate) use crate::text::runner::READY_PREFIX;
pub(crate) use output::Capture;
pub use output::OUTPUT_CAP;
use output::{Event, copy, spawn_reader};
/// How long a terminated program gets between SIGTERM and SIGKILL.
const TERMINATE_GRACE: Duration = Duration::from_millis(100);

/// How to start each program a test may name: the command's words before the
/// test's own arguments.
#[derive(Clone, Debug, Default)]
pub struct Programs {
    commands: HashMap<String, Vec<OsString>>,
}

impl Programs {
    /// No programs yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `name` to run as `command` (a binary, then fixed arguments).
    pub fn insert(&mut self, name: impl Into<String>, command: Vec<OsString>) {
        self.commands.insert(name.into(), command);
    }

    /// The command for `name`, if registered.
    pub fn get(&self, name: &str) -> Option<&[OsString]> {
        self.commands.get(name).map(Vec::as_slice)
    }
}

/// What the runner knows about the program so far.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) listening: Option<SocketAddr>,
    pub(crate) bad_listening: Option<String>,
    pub(crate) exit: Option<ExitStatus>,
}

/// A started program. Dropping it kills its whole process group.
pub(crate) struct Program {
    pid: u32,
    events: Receiver<Event>,
    pub(crate) state: State,
    stdout: Arc<Mutex<Capture>>,
    stderr: Arc<Mutex<Capture>>,
    terminated: bool,
    confinement: Confinement,
    /// Processes of the run still alive after it was ended (should be none).
    pub(crate) leftovers: usize,
}

impl Program {
    /// Starts `command` in `dir` under `confinement` (which fixes its
    /// environment and state). A jailed program waits for
    /// [`Program::release`] before it runs.
    pub(crate) fn spawn(
        command: &[OsString],
        dir: &Path,
        stdin: Option<Vec<u8>>,
        confinement: Confinement,
    ) -> io::Result<Program> {
        let (program, fixed) = command
            .split_first()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "empty command"))?;
        debug_assert!(dir.is_dir());
        let mut cmd = confinement.command(program, fixed);
        cmd.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        Self::start(cmd, stdin, confinement)
    }

    /// Like [`Program::spawn`], with the caller's own arguments appended.
    pub(crate) fn spawn_with_args(
        command: &[OsString],
        args: &[String],
        dir: &Path,
        stdin: Option<Vec<u8>>,
        confinement: Confinement,
    ) -> io::Result<Program> {
        let mut full = command.to_vec();
        full.extend(args.iter().map(OsString::from));
        Self::spawn(&full, dir, stdin, confinement)
    }

    fn start(
        mut cmd: Command,
        stdin: Option<Vec<u8>>,
        mut confinement: Confinement,
    ) -> io::Result<Program> {
        let mut child: Child = cmd.spawn()?;
        drop(cmd);
        let pid = child.id();
        if let Err(err) = confinement.started() {
            let _ = child.kill();
            let _ = child.wait();
            return Err(err);
        }
        let jailed = confinement.jailed();
        let (tx, events) = channel();
        let stdout = Arc::new(Mutex::new(Capture::default()));
        let stderr = Arc::new(Mutex::new(Capture::default()));
        if let (Some(mut pipe), Some(bytes)) = (child.stdin.take(), stdin) {
            // Written from a thread: a program that never reads must not block us.
            thread::spawn(move || {
                let _ = pipe.write_all(&bytes);
            });
        }
        let out = child.stdout.take().expect("stdout is piped");
        let err = child.stderr.take().expect("stderr is piped");
        spawn_reader(out, Arc::clone(&stdout), tx.clone(), true);
        spawn_reader(err, Arc::clone(&stderr), tx.clone(), false);
        thread::spawn(move || {
            if let Ok(status) = child.wait() {
                let status = if jailed {
                    unwrap_jail_status(status)
                } else {
                    status
                };
                let _ = tx.send(Event::Exited(status));
            }
        });
        Ok(Program {
            pid,
            events,
            state: State::default(),
            stdout,
            stderr,
            terminated: false,
            confinement,
            leftovers: 0,
        })
    }

    /// The CPU time every process of the run has used so far, the ended
    /// ones included; `None` where this machine cannot measure it.
    pub(crate) fn cpu_time(&self) -> Option<Duration> {
        self.confinement.cpu_time()
    }

    /// What the run's cgroup says of the program now, for its fair clock.
    pub(crate) fn usage(&self) -> Option<super::clock::Usage> {
        let (cpu, wants_cpu) = self.confinement.usage()?;
        Some(super::clock::Usage { cpu, wants_cpu })
    }

    /// Waits until `done` holds for the state, or `deadline` passes; returns whether it held.
    pub(crate) fn wait_until(
        &mut self,
        deadline: Instant,
        mut done: impl FnMut(&State, &Self) -> bool,
    ) -> bool {
        loop {
            self.drain();
            if done(&self.state, self) {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            match self.events.recv_timeout(left) {
                Ok(event) => self.apply(event),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    // Every sender is gone: nothing more will happen.
                    return done(&self.state, self);
                }
            }
        }
    }

    /// Takes in every event that has already arrived.
    pub(crate) fn drain(&mut self) {
        while let Ok(event) = self.events.try_recv() {
            self.apply(event);
        }
    }

    fn apply(&mut self, event: Event) {
        match event {
            Event::Listening(addr) => {
                self.state.listening.get_or_insert(addr);
            }
            Event::BadListening(line) => self.state.bad_listening = Some(line),
            Event::Output => {}
            Event::Exited(status) => self.state.exit = Some(status),
        }
    }

    /// A copy of what the program printed to stdout so far.
    pub(crate) fn stdout(&self) -> Capture {
        copy(&self.stdout)
    }

    /// A copy of what the program printed to stderr so far.
    pub(crate) fn stderr(&self) -> Capture {
        copy(&self.stderr)
    }

    /// Lets the program run: a jailed one waits until the test has set up
    /// what it needs in the run's network namespace (its listener).
    pub(crate) fn release(&mut self) {
        self.confinement.release();
    }

    /// The run's own network namespace, where it has one.
    pub(crate) fn net(&self) -> Option<&crate::sandbox::NetNs> {
        self.confinement.net()
    }

    /// A TCP connection to `addr` from the test, made inside the run's
    /// network namespace where it has one.
    pub(crate) fn connect(
        &self,
        addr: SocketAddr,
        timeout: Duration,
    ) -> io::Result<std::net::TcpStream> {
        match self.net() {
            Some(net) => net.connect(addr, timeout),
            None => std::net::TcpStream::connect_timeout(&addr, timeout),
        }
    }

    /// The socket tables of the namespace the program lives in: its own
    /// when jailed, else the grader's (which it shares).
    pub(crate) fn socket_tables(&self) -> crate::sandbox::SocketTables {
        match self.net() {
            Some(net) => net.tables(),
            None => crate::sandbox::SocketTables::own(),
        }
    }

    /// The TCP sockets listening where the program lives.
    pub(crate) fn listeners(&self) -> Vec<SocketAddr> {
        self.socket_tables().listeners()
    }

    /// Sends a signal to the program (the leader only, as `kill PID` would).
    pub(crate) fn signal(&self, signal: nix::sys::signal::Signal) {
        if let Some(pid) = self.confinement.program_pid(self.pid) {
            unix::signal_process(pid, signal);
        }
    }

    /// Ends the program and everything in its group; idempotent.
    pub(crate) fn terminate(&mut self) {
        if self.terminated {
            return;
        }
        self.terminated = true;
        let pid = self.pid;
        let mut confinement = std::mem::take(&mut self.confinement);
        self.leftovers = confinement.terminate(pid, TERMINATE_GRACE, |deadline| {
            self.wait_until(deadline, |state, _| state.exit.is_some())
        });
        self.confinement = confinement;
        // The leader's exit status arrives once the SIGKILL lands.
        let _ = self.wait_until(Instant::now() + Duration::from_secs(1), |state, _| {
            state.exit.is_some()
        });
    }
}

impl Drop for Program {
    fn drop(&mut self) {
        self.terminate();
    }
}

/// A jailed program's status as the program itself ended: bubblewrap exits
/// with 128 + N when its program died of signal N (so a program that calls
/// `exit(139)` reads as killed by SIGSEGV, as a shell would say it too).
fn unwrap_jail_status(status: ExitStatus) -> ExitStatus {
    match status.code() {
        Some(code) if (129..=128 + 64).contains(&code) => ExitStatus::from_raw(code - 128),
        _ => status,
    }
}

/// Describes an exit status for a student: the code, or the signal and what it usually means.
pub fn describe_exit(status: &ExitStatus) -> String {
    describe_exit_in(status, Lang::En)
}

/// [`describe_exit`] in the student's language.
pub fn describe_exit_in(status: &ExitStatus, lang: Lang) -> String {
    match status.code() {
        Some(code) => messages::exit_code(lang, code),
        None => messages::killed_by(
            lang,
            &unix::signal_name(status.signal().unwrap_or_default()),
        ),
    }
}

#[cfg(test)]
mod cpu_time_tests {
    use super::*;
    use crate::sandbox::{Confinement, Room};
    use crate::scenario::Limits;

    fn spawn_sh(script: &str, dir: &Path) -> Program {
        let room = Room {
            dir: dir.to_path_buf(),
            ..Room::default()
        };
        let confinement = Confinement::prepare(&Limits::default(), &room).expect("confine");
        let command = ["/bin/sh", "-c", script].map(OsString::from);
        let mut program = Program::spawn(&command, dir, None, confinement).expect("spawn");
        program.release();
        program
    }

    /// A spinning program is charged its CPU time, a sleeping one almost none,
    /// whatever else the machine is doing.
    #[test]
    fn cpu_time_counts_the_programs_own_work_not_the_clock() {
        if !crate::sandbox::protections().cpu_time {
            assert!(
                std::env::var_os("NETLAB_ALLOW_MISSING_PROTECTIONS").is_some(),
                "this machine cannot measure a run's CPU time; set \
                 NETLAB_ALLOW_MISSING_PROTECTIONS=1 to accept that"
            );
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let mut busy = spawn_sh(
            "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done",
            dir.path(),
        );
        let mut idle = spawn_sh("sleep 0.3", dir.path());
        for program in [&mut busy, &mut idle] {
            program.wait_until(Instant::now() + Duration::from_secs(60), |s, _| {
                s.exit.is_some()
            });
            assert!(program.state.exit.is_some(), "the program did not end");
        }
        let busy_cpu = busy.cpu_time().expect("measured");
        let idle_cpu = idle.cpu_time().expect("measured");
        assert!(busy_cpu > Duration::from_millis(50), "{busy_cpu:?}");
        assert!(idle_cpu < Duration::from_millis(50), "{idle_cpu:?}");
        assert!(busy_cpu > idle_cpu * 4, "{busy_cpu:?} vs {idle_cpu:?}");
    }
}
