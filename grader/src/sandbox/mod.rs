//! Containment of student programs: resource limits, process cleanup and
//! filesystem rules, set up before the program runs.
//!
//! What is available depends on the platform and on privileges; it is
//! detected once ([`protections`]) and every run uses the best there is:
//! - resource limits (`setrlimit`) on every Unix;
//! - on Linux, a cgroup per run when the grader may create one (root): its
//!   `pids.max` bounds processes and `cgroup.kill` ends every descendant, even
//!   those that left the process group with `setsid`;
//! - on Linux with Landlock, filesystem rules (read-only system paths, read
//!   and write only in the run's own directory), TCP bind and connect rules,
//!   and no signals to processes outside the sandbox;
//! - on Linux as root, programs give up every capability; the grader makes
//!   itself non-dumpable so that its `/proc` entries stay closed.
//!
//! Builds of submitted sources get the same filesystem rules
//! ([`confined_cargo`]) and a time limit ([`output_within`]).
//! See `docs/security.md` for the whole model. [`protections`] holds what this
//! machine offers, [`build`] the confinement of builds.

use std::io;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use nix::sys::resource::Resource;

use crate::scenario::Limits;

mod build;
#[cfg(target_os = "linux")]
mod cgroup;
#[cfg(target_os = "linux")]
mod landlock;
mod protections;
mod sys;

pub use build::{BuildGuard, confined_cargo, output_within};
pub use protections::{Protections, protections};

/// The environment variable that marks every process of a run, for the
/// `/proc` sweep where there are no cgroups.
const MARKER: &str = "NETLAB_RUN";

/// Where a run may go: its directory, its program, its ports.
#[derive(Clone, Debug, Default)]
#[cfg_attr(
    not(target_os = "linux"),
    expect(dead_code, reason = "only Landlock reads it")
)]
pub(crate) struct Room {
    /// The run's private directory: the only place it may write.
    pub(crate) dir: PathBuf,
    /// Files and trees it may read and execute beyond the system's (its binary).
    pub(crate) read: Vec<PathBuf>,
    /// TCP ports it may bind; 0 is any free port.
    pub(crate) bind: Vec<u16>,
    /// TCP ports it may connect to.
    pub(crate) connect: Vec<u16>,
}

/// Everything that confines one run of a student program, prepared in the
/// parent before the spawn, and able to kill all of the run afterwards.
#[derive(Debug)]
pub(crate) struct Confinement {
    hook: sys::Hook,
    marker: String,
    #[cfg(target_os = "linux")]
    cgroup: Option<cgroup::RunCgroup>,
    #[cfg(target_os = "linux")]
    _ruleset: Option<std::os::fd::OwnedFd>,
}

impl Confinement {
    /// Prepares a run under `limits` in `room`.
    pub(crate) fn prepare(limits: &Limits, room: &Room) -> io::Result<Confinement> {
        let protections = protections();
        let mut hook = sys::Hook::default();
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
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let marker = format!(
            "{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        #[cfg(target_os = "linux")]
        {
            if protections.drop_caps {
                hook.drop_capabilities();
            }
            if protections.nproc_rlimit {
                // RLIMIT_NPROC counts every task of the user, not of the program:
                // allow what the user already runs plus the program's share.
                let nproc = user_tasks().saturating_add(limits.processes);
                hook.rlimit(Resource::RLIMIT_NPROC, nproc, nproc);
            }
            let cgroup = if protections.cgroup_kill {
                let cgroup = protections
                    .cgroups
                    .create_run(limits.processes, Some(limits.memory))?;
                cgroup.procs_fds().for_each(|fd| hook.join_cgroup(fd));
                Some(cgroup)
            } else {
                None
            };
            let ruleset = match protections.landlock {
                Some(abi) => {
                    let rules = landlock::Rules {
                        read: room.read.clone(),
                        write: vec![room.dir.clone()],
                        bind: room.bind.clone(),
                        connect: room.connect.clone(),
                    };
                    let fd = rules.create(landlock::Abi(abi))?;
                    hook.landlock(std::os::fd::AsRawFd::as_raw_fd(&fd));
                    Some(fd)
                }
                None => None,
            };
            Ok(Confinement {
                hook,
                marker,
                cgroup,
                _ruleset: ruleset,
            })
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = (protections, room);
            Ok(Confinement { hook, marker })
        }
    }

    /// Makes `cmd` start confined: marked, limited, in its cgroup, under its rules.
    pub(crate) fn apply(&self, cmd: &mut Command) {
        cmd.env(MARKER, &self.marker);
        self.hook.install(cmd);
    }

    /// The CPU time every process of the run has used so far (from its
    /// cgroup), or `None` where this machine cannot measure it.
    pub(crate) fn cpu_time(&self) -> Option<std::time::Duration> {
        #[cfg(target_os = "linux")]
        {
            self.cgroup.as_ref().and_then(cgroup::RunCgroup::cpu_time)
        }
        #[cfg(not(target_os = "linux"))]
        None
    }

    /// Kills every process of the run that the platform can find (cgroup
    /// members, or marked processes in `/proc`) and returns how many were
    /// still alive at `deadline`.
    pub(crate) fn kill_all(&mut self, deadline: Instant) -> usize {
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

/// The check after a submission: kills any process of this grader's runs that
/// is still alive (there should be none) and returns how many there were.
pub fn sweep_leftovers() -> usize {
    #[cfg(target_os = "linux")]
    {
        let mut pids = protections().cgroups.all_members();
        pids.extend(marked(&format!("{MARKER}={}-", std::process::id())));
        pids.sort_unstable();
        pids.dedup();
        for pid in &pids {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(*pid),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
        pids.len()
    }
    #[cfg(not(target_os = "linux"))]
    0
}

/// Live processes whose environment contains `needle`.
#[cfg(target_os = "linux")]
fn marked(needle: &str) -> Vec<i32> {
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| env.windows(needle.len()).any(|w| w == needle.as_bytes()))
        })
        .collect()
}

/// Kills processes whose environment holds this run's marker; returns how
/// many were still found at `deadline`.
#[cfg(target_os = "linux")]
fn sweep_marked(marker: &str, deadline: Instant) -> usize {
    let needle = format!("{MARKER}={marker}\0");
    loop {
        let found = marked(&needle);
        if found.is_empty() || Instant::now() >= deadline {
            return found.len();
        }
        for pid in found {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
        // Killed processes leave /proc as the kernel tears them down.
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
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
