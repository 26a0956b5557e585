//! The confinement of one run of a student program: its limits, jail,
//! cgroup and Landlock rules before the spawn, and its end.

use std::ffi::{OsStr, OsString};
use std::io;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use nix::sys::resource::Resource;

use super::sweep::MARKER;
#[cfg(target_os = "linux")]
use super::sweep::sweep_marked;
use super::{NetNs, Room, jail, protections, sys};
#[cfg(target_os = "linux")]
use super::{Protections, cgroup, landlock};
use crate::scenario::Limits;

/// Everything that confines one run of a student program, from before its
/// spawn to after its last process is gone: the one owner of a run's life.
/// The default confines nothing: it stands in while a run is being ended.
#[derive(Debug, Default)]
pub(crate) struct Confinement {
    hook: sys::Hook,
    marker: String,
    /// The run's writable folder: its home and temporary folder too.
    dir: PathBuf,
    /// Extra `PATH` entries: the `bin/` of installations the command uses.
    path_extra: Vec<PathBuf>,
    #[cfg(target_os = "linux")]
    cgroup: Option<cgroup::RunCgroup>,
    #[cfg(target_os = "linux")]
    _ruleset: Option<std::os::fd::OwnedFd>,
    /// The namespaces, before the spawn.
    jail: Option<jail::Jail>,
    /// The namespaces, once the sandbox exists.
    started: Option<jail::Started>,
}

impl Confinement {
    /// Prepares a run under `limits` in `room`.
    pub(crate) fn prepare(limits: &Limits, room: &Room) -> io::Result<Confinement> {
        let protections = protections();
        let mut hook = sys::Hook::default();
        hook.hermetic();
        set_limits(&mut hook, limits);
        let marker = next_marker();
        let path_extra = installed_bins(room);
        let jail = run_jail(room, &mut hook)?;
        #[cfg(target_os = "linux")]
        {
            if protections.nproc_rlimit {
                // RLIMIT_NPROC counts every task of the user, not of the program:
                // allow what the user already runs plus the program's share.
                let nproc = user_tasks().saturating_add(limits.processes);
                hook.rlimit(Resource::RLIMIT_NPROC, nproc, nproc);
            }
            let cgroup = run_cgroup(protections, limits, &mut hook)?;
            let ruleset = filesystem_rules(jail.is_some(), protections, room, &mut hook)?;
            Ok(Confinement {
                hook,
                marker,
                dir: room.dir.clone(),
                path_extra,
                cgroup,
                _ruleset: ruleset,
                jail,
                started: None,
            })
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = protections;
            Ok(Confinement {
                hook,
                marker,
                dir: room.dir.clone(),
                path_extra,
                jail,
                started: None,
            })
        }
    }

    /// The command that starts `program` with `args` confined: inside the
    /// jail where there is one, with the fixed environment every run starts
    /// from (see README's "How it works"), in the run's folder.
    pub(crate) fn command(&self, program: &OsStr, args: &[OsString]) -> Command {
        let mut cmd = match &self.jail {
            Some(jail) => jail.command(program, args),
            None => {
                let mut cmd = Command::new(program);
                cmd.args(args);
                cmd
            }
        };
        let mut path = std::env::split_paths(jail::FIXED_PATH).collect::<Vec<_>>();
        path.extend(self.path_extra.iter().cloned());
        cmd.current_dir(&self.dir)
            .env_clear()
            .env(
                "PATH",
                std::env::join_paths(path).unwrap_or_else(|_| jail::FIXED_PATH.into()),
            )
            .env("HOME", &self.dir)
            .env("TMPDIR", &self.dir)
            .env("LANG", "C.UTF-8")
            .env("TZ", "UTC")
            .env("RUST_BACKTRACE", "0")
            .env(MARKER, &self.marker);
        self.hook.install(&mut cmd);
        cmd
    }

    /// Right after the spawn: finds the jail's sandbox and network namespace.
    /// The program itself waits for [`Confinement::release`].
    pub(crate) fn started(&mut self) -> io::Result<()> {
        if let Some(mut jail) = self.jail.take() {
            self.started = Some(jail.started()?);
        }
        Ok(())
    }

    /// The run's own network namespace, where it has one.
    pub(crate) fn net(&self) -> Option<&NetNs> {
        self.started.as_ref().map(|s| &s.net)
    }

    /// Lets a jailed program start; nothing for others.
    pub(crate) fn release(&mut self) {
        if let Some(started) = &mut self.started {
            started.release();
        }
    }

    /// The program's process id: inside a jail, the child of the sandbox's
    /// first process; otherwise the process the grader started (`leader`).
    pub(crate) fn program_pid(&self, leader: u32) -> Option<u32> {
        match &self.started {
            Some(started) => started
                .program(Duration::from_secs(1))
                .map(|pid| pid as u32),
            None => Some(leader),
        }
    }

    /// Whether the program's exit status comes through bubblewrap, which
    /// reports a death by signal N as the exit code 128 + N.
    pub(crate) fn jailed(&self) -> bool {
        self.started.is_some()
    }

    /// The run's CPU time so far and whether a thread of it wants a core
    /// now (from its cgroup), or `None` where this machine cannot tell.
    pub(crate) fn usage(&self) -> Option<(Duration, bool)> {
        #[cfg(target_os = "linux")]
        {
            let cgroup = self.cgroup.as_ref()?;
            Some((cgroup.cpu_time()?, cgroup.wants_cpu()))
        }
        #[cfg(not(target_os = "linux"))]
        None
    }

    /// The CPU time every process of the run has used so far (from its
    /// cgroup), or `None` where this machine cannot measure it.
    pub(crate) fn cpu_time(&self) -> Option<Duration> {
        #[cfg(target_os = "linux")]
        {
            self.cgroup.as_ref().and_then(cgroup::RunCgroup::cpu_time)
        }
        #[cfg(not(target_os = "linux"))]
        None
    }

    /// Ends the run, politely first: SIGTERM to the program's process group,
    /// up to `grace` for `gone` to see it exit, then SIGKILL to everything of
    /// the run the platform can find (the jail's PID namespace, the cgroup, or
    /// marked processes in `/proc`). Returns how many processes were still
    /// alive two seconds later (there should be none).
    pub(crate) fn terminate(
        &mut self,
        leader: u32,
        grace: Duration,
        mut gone: impl FnMut(Instant) -> bool,
    ) -> usize {
        self.release();
        if !gone(Instant::now()) {
            let group = self.program_pid(leader).unwrap_or(leader);
            signal_group_then_wait(group, grace, gone);
        }
        if let Some(started) = &self.started {
            started.kill();
        }
        let _ = nix::sys::signal::killpg(
            nix::unistd::Pid::from_raw(leader as i32),
            nix::sys::signal::Signal::SIGKILL,
        );
        self.kill_all(Instant::now() + Duration::from_secs(2))
    }

    /// Kills every process of the run that the platform can find (cgroup
    /// members, or marked processes in `/proc`) and returns how many were
    /// still alive at `deadline`.
    fn kill_all(&mut self, deadline: Instant) -> usize {
        #[cfg(target_os = "linux")]
        {
            if let Some(cgroup) = &self.cgroup {
                return cgroup.kill_all(deadline).len();
            }
            if protections().proc_sweep {
                return sweep_marked(&self.marker, deadline);
            }
        }
        let _ = deadline;
        0
    }
}

/// SIGTERM the process group `group`, then wait up to `grace` for `gone`.
fn signal_group_then_wait(group: u32, grace: Duration, gone: impl FnOnce(Instant) -> bool) {
    // An error only means the group is already empty.
    let _ = nix::sys::signal::killpg(
        nix::unistd::Pid::from_raw(group as i32),
        nix::sys::signal::Signal::SIGTERM,
    );
    let _ = gone(Instant::now() + grace);
}

/// Every resource limit a run has, set explicitly so that nothing is
/// inherited from whoever started the grader.
fn set_limits(hook: &mut sys::Hook, limits: &Limits) {
    let cpu = limits.cpu.as_secs_f64().ceil() as u64;
    // SIGXCPU at the soft limit; SIGKILL a second later if it is ignored.
    hook.rlimit(Resource::RLIMIT_CPU, cpu, cpu + 1);
    hook.rlimit(Resource::RLIMIT_AS, limits.memory, limits.memory);
    hook.rlimit(
        Resource::RLIMIT_NOFILE,
        limits.open_files,
        limits.open_files,
    );
    hook.rlimit(Resource::RLIMIT_FSIZE, limits.file_size, limits.file_size);
    hook.rlimit(Resource::RLIMIT_CORE, 0, 0);
    hook.rlimit(Resource::RLIMIT_STACK, STACK, STACK);
    hook.rlimit(Resource::RLIMIT_DATA, limits.memory, limits.memory);
    hook.rlimit(Resource::RLIMIT_MEMLOCK, 8 << 20, 8 << 20);
    #[cfg(target_os = "linux")]
    {
        hook.rlimit(Resource::RLIMIT_MSGQUEUE, 819_200, 819_200);
        hook.rlimit(Resource::RLIMIT_NICE, 0, 0);
        hook.rlimit(Resource::RLIMIT_RTPRIO, 0, 0);
        hook.rlimit(Resource::RLIMIT_SIGPENDING, 4096, 4096);
        hook.rlimit(Resource::RLIMIT_LOCKS, 1024, 1024);
    }
}

/// The main thread's stack limit of every run: Linux's usual 8 MiB.
const STACK: u64 = 8 << 20;

/// A marker unique to this run of this grader (see [`MARKER`]).
fn next_marker() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    )
}

/// The `bin/` folders of the installations a run may read.
fn installed_bins(room: &Room) -> Vec<PathBuf> {
    room.read
        .iter()
        .map(|p| p.join("bin"))
        .filter(|p| p.is_dir())
        .collect()
}

/// The run's jail where bubblewrap is available; the descriptors it needs
/// are kept open across the spawn.
fn run_jail(room: &Room, hook: &mut sys::Hook) -> io::Result<Option<jail::Jail>> {
    let jail = match jail::bwrap() {
        Some(bwrap) => {
            let jail = jail::Jail::new(bwrap, jail::JailKind::Run, &room.dir)
                .read(room.read.iter().cloned())
                .filtered()?
                .blocked()?;
            jail.kept_fds().into_iter().for_each(|fd| hook.keep_fd(fd));
            Some(jail)
        }
        None => None,
    };
    Ok(jail)
}

/// The run's cgroup, which the program joins, where the grader may make one.
#[cfg(target_os = "linux")]
fn run_cgroup(
    protections: &Protections,
    limits: &Limits,
    hook: &mut sys::Hook,
) -> io::Result<Option<cgroup::RunCgroup>> {
    if !protections.cgroup_kill {
        return Ok(None);
    }
    // All of the run's processes together may use twice what one
    // may: a single process meets its own limit first, cleanly.
    let together = limits.memory.saturating_mul(2);
    let cgroup = protections
        .cgroups
        .create_run(limits.processes, Some(together))?;
    cgroup.procs_fds().for_each(|fd| hook.join_cgroup(fd));
    Ok(Some(cgroup))
}

/// Without a jail: drops capabilities where it may, and Landlock's rules
/// where this machine has them.
#[cfg(target_os = "linux")]
fn filesystem_rules(
    jailed: bool,
    protections: &Protections,
    room: &Room,
    hook: &mut sys::Hook,
) -> io::Result<Option<std::os::fd::OwnedFd>> {
    // bubblewrap drops every capability itself, and Landlock would
    // forbid the mounts it makes: both are for runs without it.
    if jailed {
        return Ok(None);
    }
    if protections.drop_caps {
        hook.drop_capabilities();
    }
    let Some(abi) = protections.landlock else {
        return Ok(None);
    };
    let rules = landlock::Rules {
        read: room.read.clone(),
        write: vec![room.dir.clone()],
        bind: room.bind.clone(),
        connect: room.connect.clone(),
    };
    let fd = rules.create(landlock::Abi(abi))?;
    hook.landlock(std::os::fd::AsRawFd::as_raw_fd(&fd));
    Ok(Some(fd))
}

/// How many tasks (processes and threads) the grader's user runs now.
#[cfg(target_os = "linux")]
fn user_tasks() -> u64 {
    use std::os::unix::fs::MetadataExt;
    let uid = nix::unistd::geteuid().as_raw();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter(|e| e.metadata().is_ok_and(|m| m.uid() == uid))
        .map(|e| std::fs::read_dir(e.path().join("task")).map_or(1, |t| t.count() as u64))
        .sum()
}
