//! Starting a test: the test's listener for a client program, the test's
//! files, the confined program and the wait for its readiness line.

use std::ffi::OsString;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{EXIT_SHOWS_WITHIN, Run, Stop, TRY_SERVER, shell_words};
use crate::outcome::Failure;
use crate::runner::clock::{RunClock, Until};
use crate::runner::files;
use crate::runner::packets::Capture;
use crate::runner::program::{Program, Programs, READY_PREFIX, describe_exit_in};
use crate::sandbox::{Confinement, Room};
use crate::scenario::escape_bytes;
use crate::text::runner as say;

/// Where the test listens for a client program inside the run's own network
/// namespace: the address the "try it" line gives, since nothing else can be
/// there.
const SERVER_IN_JAIL: &str = TRY_SERVER;

impl Run<'_> {
    /// Starts the test: its listener for a client program, its files, the
    /// program itself (confined), then waits until the program is ready.
    pub(super) fn start(&mut self, programs: &Programs, dir: &Path) -> Result<(), Stop> {
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
            let addr = self.server_addr(jailed)?;
            self.transcript
                .event(None, say::test_listens(self.opts.lang, addr));
            self.server = Some(addr);
        }
        self.create_files(dir)?;
        self.spawn(&command, dir)?;
        if self.test.wait_listener {
            return self.wait_for_listener();
        }
        if !self.test.wait_listening {
            return Ok(());
        }
        self.wait_listening()
    }

    /// Where the test listens for a client program.
    fn server_addr(&mut self, jailed: bool) -> Result<SocketAddr, Stop> {
        Ok(match (self.test.server_port, jailed) {
            // A client that takes no arguments connects to its fixed
            // port: in the run's own namespace the test listens there,
            // on every address.
            (Some(port), true) => SocketAddr::from(([0, 0, 0, 0], port)),
            (Some(_), false) => {
                return Err(Stop::Grader(crate::text::talk::NEEDS_A_NAMESPACE.into()));
            }
            (None, true) => SERVER_IN_JAIL.parse().expect("a valid address"),
            (None, false) => {
                // Without a namespace of its own the run shares the machine's
                // ports: the test listens on a free one, made now.
                let listener = TcpListener::bind("127.0.0.1:0")
                    .map_err(|e| Stop::Grader(format!("cannot open the test's listener: {e}")))?;
                let addr = listener
                    .local_addr()
                    .map_err(|e| Stop::Grader(e.to_string()))?;
                self.listener = Some(listener);
                addr
            }
        })
    }

    /// Creates the test's files in the program's directory.
    fn create_files(&mut self, dir: &Path) -> Result<(), Stop> {
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
        Ok(())
    }

    /// Starts the program confined, the test's listener in its namespace and
    /// the capture, then lets it run.
    fn spawn(&mut self, command: &[OsString], dir: &Path) -> Result<(), Stop> {
        let args = self.args();
        self.transcript.event(
            None,
            say::start(self.opts.lang, &self.test.program, &shell_words(&args)),
        );
        if let Some(stdin) = &self.test.stdin {
            self.transcript
                .event(None, say::stdin(self.opts.lang, &escape_bytes(stdin)));
        }
        let room = self.room(command, &args, dir);
        let confinement = Confinement::prepare(&self.test.limits, &room)
            .map_err(|e| Stop::Grader(format!("cannot confine `{}`: {e}", self.test.program)))?;
        let program =
            Program::spawn_with_args(command, &args, dir, self.test.stdin.clone(), confinement)
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
        Ok(())
    }

    /// Waits for the program's readiness line (`listening on ADDR`) and
    /// checks that it listens there.
    fn wait_listening(&mut self) -> Result<(), Stop> {
        let timeout = self
            .test
            .steps
            .first()
            .map_or(Duration::from_secs(3), |s| s.timeout);
        let wait = self.opts.scale(timeout);
        let deadline = self.deadline_after(timeout);
        let since = self.clock.now(|| self.usage());
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
    fn room(&self, command: &[OsString], args: &[String], dir: &Path) -> Room {
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
}

/// The files a (trusted) command names: its binary, absolute paths among its
/// words (`sh -c "exec python3 '/abs/server.py' …"`), and the installation of
/// each program it runs from `PATH` (`/opt/python/bin/python3` brings
/// `/opt/python`, where its standard library lives), which the confined
/// program may read and execute.
pub(super) fn readable_in(command: &[OsString]) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = command.first().map(Into::into).into_iter().collect();
    for part in command.iter().skip(1) {
        // Split as `sh` would; a part that does not split names nothing.
        for word in shlex::split(&part.to_string_lossy()).unwrap_or_default() {
            let word = word.as_str();
            let path = Path::new(word);
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
fn installation_of(program: &str) -> Option<PathBuf> {
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
    addr: SocketAddr,
    clock: &RunClock,
    deadline: Until,
    lang: crate::lang::Lang,
) -> Result<(), String> {
    if !addr.ip().is_loopback() {
        return Err(say::claimed_not_loopback(lang, addr));
    }
    loop {
        if crate::sandbox::is_served(addr, &program.listeners()) {
            return Ok(());
        }
        program.drain();
        let time_is_up = clock.left(deadline, || program.usage()).is_none();
        if time_is_up || program.state.exit.is_some() {
            return Err(say::claimed_not_listening(lang, addr));
        }
        // The kernel offers no event for "a socket started listening".
        std::thread::sleep(Duration::from_millis(2));
    }
}
