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
//!   and no signals to processes outside the sandbox.

use std::fmt;
use std::process::Command;
use std::sync::OnceLock;

use nix::sys::resource::Resource;

use crate::scenario::Limits;

mod sys;

/// Which protections this machine gives student programs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Protections {
    /// `setrlimit` limits (CPU, memory, files, file size; processes when not root).
    pub rlimits: bool,
    /// `RLIMIT_NPROC` bounds processes (it does not for root).
    pub nproc_rlimit: bool,
}

impl Protections {
    fn detect() -> Protections {
        let root = nix::unistd::geteuid().is_root();
        Protections {
            rlimits: true,
            nproc_rlimit: !root && cfg!(target_os = "linux"),
        }
    }

    /// What is not available here, in words; empty when everything is.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if !self.nproc_rlimit {
            missing.push("a process-count limit");
        }
        missing
    }
}

impl fmt::Display for Protections {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut active = vec!["process group kill"];
        if self.rlimits {
            active.push("rlimits (cpu, memory, open files, file size)");
        }
        if self.nproc_rlimit {
            active.push("rlimit processes");
        }
        write!(f, "{}", active.join(", "))?;
        let missing = self.missing();
        if !missing.is_empty() {
            write!(f, "; not available here: {}", missing.join(", "))?;
        }
        Ok(())
    }
}

/// The protections of this machine, detected on first use.
pub fn protections() -> &'static Protections {
    static DETECTED: OnceLock<Protections> = OnceLock::new();
    DETECTED.get_or_init(Protections::detect)
}

/// Everything that confines one run of a student program, prepared in the
/// parent before the spawn.
#[derive(Debug)]
pub(crate) struct Confinement {
    hook: sys::Hook,
}

impl Confinement {
    /// Prepares a run under `limits`.
    pub(crate) fn prepare(limits: &Limits) -> Confinement {
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
        #[cfg(target_os = "linux")]
        if protections.nproc_rlimit {
            // RLIMIT_NPROC counts every task of the user, not of the program:
            // allow what the user already runs plus the program's share.
            let nproc = user_tasks().saturating_add(limits.processes);
            hook.rlimit(Resource::RLIMIT_NPROC, nproc, nproc);
        }
        let _ = protections;
        Confinement { hook }
    }

    /// Makes `cmd` start confined.
    pub(crate) fn apply(&self, cmd: &mut Command) {
        self.hook.install(cmd);
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
