//! What this machine offers student programs, detected once.

use std::fmt;
use std::sync::OnceLock;

#[cfg(target_os = "linux")]
use super::{cgroup, landlock};

/// Which protections this machine gives student programs.
#[derive(Clone, Debug, Default)]
pub struct Protections {
    /// Runs and builds get namespaces of their own through bubblewrap: a
    /// fresh root, their own processes and network.
    pub namespaces: bool,
    /// A seccomp filter refuses namespace, mount, tracing and kernel calls
    /// inside the jail.
    pub seccomp: bool,
    /// `RLIMIT_NPROC` bounds processes (it does not for root).
    pub nproc_rlimit: bool,
    /// A cgroup per run bounds processes (`pids.max`).
    pub cgroup_pids: bool,
    /// A cgroup per run finds and kills every descendant.
    pub cgroup_kill: bool,
    /// A cgroup per run (and per build) bounds the memory of all its processes.
    pub cgroup_memory: bool,
    /// A cgroup per run measures the CPU time it was given, for deadlines.
    pub cpu_time: bool,
    /// The kernel's Landlock ABI, when Landlock is enabled.
    pub landlock: Option<u32>,
    /// Leftover processes are found by a marker in their environment (`/proc`).
    pub proc_sweep: bool,
    /// Programs started by root give up every capability.
    pub drop_caps: bool,
    /// The grader's own `/proc` entries (environment, memory, folders) are
    /// closed to its programs (it is not dumpable).
    pub hidden_grader: bool,
    #[cfg(target_os = "linux")]
    pub(super) cgroups: cgroup::Hierarchies,
}

impl Protections {
    fn detect() -> Protections {
        raise_open_files_limit();
        let root = nix::unistd::geteuid().is_root();
        #[cfg(target_os = "linux")]
        {
            let cgroups = cgroup::Hierarchies::detect();
            let landlock = landlock::Abi::detect().map(|abi| abi.0);
            // A process of the same user may read a dumpable process's
            // environment through /proc; the grader's may hold secrets.
            let hidden_grader = nix::sys::prctl::set_dumpable(false).is_ok();
            Protections {
                namespaces: super::namespaces(),
                seccomp: super::namespaces() && super::seccomp::available(),
                drop_caps: root,
                hidden_grader,
                nproc_rlimit: !root,
                cgroup_pids: cgroups.pids(),
                cgroup_kill: cgroups.kill(),
                cgroup_memory: cgroups.memory(),
                cpu_time: cgroups.cpu_time(),
                landlock,
                proc_sweep: !cgroups.kill(),
                cgroups,
            }
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = root;
            Protections::default()
        }
    }

    /// What is not available here, in words; empty when everything is.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if !self.namespaces {
            missing.push("namespaces per run and build (install bubblewrap and grade as root)");
        }
        if !(self.nproc_rlimit || self.cgroup_pids) {
            missing.push("a process-count limit");
        }
        if !(self.cgroup_kill || self.proc_sweep) {
            missing.push("killing processes that leave their process group");
        }
        if !self.cgroup_memory {
            missing.push("a memory limit for builds and for all of a run's processes together");
        }
        if !self.cpu_time {
            missing.push("CPU-time deadlines (wall-clock deadlines are used)");
        }
        if self.landlock.is_none() && !self.namespaces {
            missing.push("filesystem and network rules (Landlock)");
        }
        missing
    }
}

impl Protections {
    /// Every protection in force, one phrase each.
    pub fn active(&self) -> Vec<String> {
        let mut active = Vec::new();
        if self.namespaces {
            active.push("namespaces (bubblewrap: mount, pid, net, ipc, uts, cgroup)".to_string());
        }
        active.extend([
            "process group kill".to_string(),
            "rlimits (cpu, memory, open files, file size)".to_string(),
            "scrubbed environment".to_string(),
            "private temporary directory".to_string(),
            "hermetic start (signals, mask, umask, session, limits, descriptors)".to_string(),
        ]);
        if self.nproc_rlimit {
            active.push("rlimit processes".into());
        }
        if self.cgroup_pids {
            active.push("cgroup pids.max".into());
        }
        if self.cgroup_kill {
            active.push("cgroup kill".into());
        }
        if self.cgroup_memory {
            active.push("cgroup memory limit".into());
        }
        if self.cpu_time {
            active.push("cgroup CPU time".into());
        }
        if self.proc_sweep {
            active.push("/proc sweep".into());
        }
        if self.drop_caps {
            active.push("no capabilities".into());
        }
        if self.hidden_grader {
            active.push("grader's /proc closed".into());
        }
        if let (Some(abi), false) = (self.landlock, self.namespaces) {
            let mut what = vec!["fs"];
            if abi >= 4 {
                what.push("tcp bind/connect");
            }
            if abi >= 6 {
                what.push("signals");
            }
            active.push(format!("landlock {} (ABI {abi})", what.join(", ")));
        }
        active
    }
}

impl fmt::Display for Protections {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.active().join(", "))?;
        let missing = self.missing();
        if !missing.is_empty() {
            write!(f, "; not available here: {}", missing.join(", "))?;
        }
        Ok(())
    }
}

/// Puts the grader itself in a known state, whoever started it: its soft
/// limit on open files raised to the hard limit (as cargo-nextest does), so
/// that a caller's `ulimit -n 64` cannot make the grader fail where a
/// student's program would be blamed; and umask `022`, so that the reports
/// it writes are readable by the course's staff and web servers whatever
/// the caller's umask; and nice 0 where it may (a grader started with
/// `nice -n 19` on a busy machine starves its own side of every test, and a
/// correct program then times out waiting for the test). Called first thing
/// by `xtask`, before any thread starts; the library raises the limit itself
/// before its first run.
pub fn settle_grader_state() {
    nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o022));
    raise_open_files_limit();
    super::sys::normal_priority();
}

/// The open-files half of [`settle_grader_state`].
fn raise_open_files_limit() {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    if let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE)
        && soft < hard
    {
        // Failing leaves the limit as it was; the runs' errors then say so.
        let _ = setrlimit(Resource::RLIMIT_NOFILE, hard, hard);
    }
}

/// The protections of this machine, detected on first use.
pub fn protections() -> &'static Protections {
    static DETECTED: OnceLock<Protections> = OnceLock::new();
    DETECTED.get_or_init(Protections::detect)
}
