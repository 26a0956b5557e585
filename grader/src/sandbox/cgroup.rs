//! A cgroup per run or build, on Linux, when the grader may create cgroups
//! (root): `pids.max` bounds the processes of the run (RLIMIT_NPROC does not
//! bind root), `memory.limit_in_bytes` its memory, `cpuacct` measures the CPU
//! time it was given (deadlines count it), and killing everything in the
//! cgroup reaches descendants that left the process group.
//!
//! Both hierarchies are used when present: cgroup v1's `pids`, `cpuacct` and
//! `memory` controllers and the v2 tree (`cgroup.kill`, and `pids`, `memory`
//! and `cpu` if they are enabled there). A hybrid machine (such as the
//! grading machine) has the v1 controllers and a v2 tree without any.

use std::fs::{self, File};
use std::io::Write as _;
use std::os::fd::{AsRawFd, RawFd};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// Where the grader's cgroups live, found once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Hierarchies {
    /// `…/pids/netlab-<grader pid>` in cgroup v1.
    v1_pids: Option<PathBuf>,
    /// `…/cpuacct/netlab-<grader pid>` in cgroup v1.
    v1_cpuacct: Option<PathBuf>,
    /// `…/memory/netlab-<grader pid>` in cgroup v1.
    v1_memory: Option<PathBuf>,
    /// `…/netlab-<grader pid>` in the v2 tree.
    v2: Option<PathBuf>,
    /// Whether the v2 tree has `pids` for its children.
    v2_pids: bool,
    /// Whether the v2 tree has `cgroup.kill`.
    v2_kill: bool,
    /// Whether the v2 tree has `memory` for its children.
    v2_memory: bool,
    /// Whether the v2 tree has `cpu.stat` for its children.
    v2_cpu: bool,
}

impl Hierarchies {
    /// Creates the grader's own cgroups where it may; none when it may not.
    pub(crate) fn detect() -> Hierarchies {
        let me = std::process::id();
        let mut found = Hierarchies::default();
        let v1 = |name: &str| {
            let root = Path::new("/sys/fs/cgroup").join(name);
            root.join("cgroup.procs")
                .is_file()
                .then(|| make_own_dir(&root, me))
                .flatten()
        };
        found.v1_pids = v1("pids");
        found.v1_cpuacct = v1("cpuacct");
        found.v1_memory = v1("memory");
        let v2_root = [
            Path::new("/sys/fs/cgroup/unified"),
            Path::new("/sys/fs/cgroup"),
        ]
        .into_iter()
        .find(|p| p.join("cgroup.controllers").is_file());
        if let Some(root) = v2_root
            && let Some(own) = make_own_dir(root, me)
        {
            found.v2_kill = own.join("cgroup.kill").is_file();
            let controllers =
                fs::read_to_string(own.join("cgroup.controllers")).unwrap_or_default();
            let enable = |name: &str| {
                controllers.split_whitespace().any(|c| c == name)
                    && fs::write(own.join("cgroup.subtree_control"), format!("+{name}")).is_ok()
            };
            found.v2_pids = enable("pids");
            found.v2_memory = enable("memory");
            // `cpu.stat` exists in every v2 cgroup; `cpu` adds nothing we read.
            found.v2_cpu = own.join("cpu.stat").is_file();
            found.v2 = Some(own);
        }
        found
    }

    /// Whether a run's processes can be counted and bounded.
    pub(crate) fn pids(&self) -> bool {
        self.v1_pids.is_some() || self.v2_pids
    }

    /// Whether every process of a run can be found and killed.
    pub(crate) fn kill(&self) -> bool {
        self.v1_pids.is_some() || self.v2.is_some()
    }

    /// Whether a run's memory can be bounded as a whole.
    pub(crate) fn memory(&self) -> bool {
        self.v1_memory.is_some() || self.v2_memory
    }

    /// Whether the CPU time a run was given can be measured.
    pub(crate) fn cpu_time(&self) -> bool {
        self.v1_cpuacct.is_some() || self.v2_cpu
    }

    /// Every process in any of the grader's cgroups.
    pub(crate) fn all_members(&self) -> Vec<i32> {
        let mut pids = Vec::new();
        for base in self.v1_dirs().chain(&self.v2) {
            members_of_tree(base, &mut pids);
        }
        pids
    }

    fn v1_dirs(&self) -> impl Iterator<Item = &PathBuf> {
        self.v1_pids
            .iter()
            .chain(&self.v1_cpuacct)
            .chain(&self.v1_memory)
    }

    /// Creates the cgroups of one run, with at most `processes` tasks and,
    /// when given, `memory` bytes for all of them together.
    pub(crate) fn create_run(
        &self,
        processes: u64,
        memory: Option<u64>,
    ) -> std::io::Result<RunCgroup> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = NEXT.fetch_add(1, Ordering::Relaxed).to_string();
        let mut run = RunCgroup::default();
        let join = |base: &Path, run: &mut RunCgroup| -> std::io::Result<PathBuf> {
            let dir = base.join(&name);
            fs::create_dir(&dir)?;
            run.dirs.push(dir.clone());
            run.procs
                .push(File::options().write(true).open(dir.join("cgroup.procs"))?);
            Ok(dir)
        };
        if let Some(base) = &self.v1_pids {
            let dir = join(base, &mut run)?;
            fs::write(dir.join("pids.max"), processes.to_string())?;
        }
        if let Some(base) = &self.v1_cpuacct {
            let dir = join(base, &mut run)?;
            run.cpu_file = Some((dir.join("cpuacct.usage"), CpuFormat::Nanoseconds));
        }
        if let (Some(base), Some(bytes)) = (&self.v1_memory, memory) {
            let dir = join(base, &mut run)?;
            fs::write(dir.join("memory.limit_in_bytes"), bytes.to_string())?;
            // Without swap accounting this file is absent; the limit still holds.
            let _ = fs::write(dir.join("memory.memsw.limit_in_bytes"), bytes.to_string());
        }
        if let Some(base) = &self.v2 {
            let dir = join(base, &mut run)?;
            if self.v2_pids {
                fs::write(dir.join("pids.max"), processes.to_string())?;
            }
            if let (true, Some(bytes)) = (self.v2_memory, memory) {
                fs::write(dir.join("memory.max"), bytes.to_string())?;
                let _ = fs::write(dir.join("memory.swap.max"), "0");
            }
            if self.v2_cpu && run.cpu_file.is_none() {
                run.cpu_file = Some((dir.join("cpu.stat"), CpuFormat::StatMicroseconds));
            }
            if self.v2_kill {
                run.kill_file = Some(dir.join("cgroup.kill"));
            }
        }
        Ok(run)
    }
}

/// Makes `<root>/netlab-<pid>`, after removing those of graders no longer running.
fn make_own_dir(root: &Path, me: u32) -> Option<PathBuf> {
    if let Ok(entries) = fs::read_dir(root) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(pid) = name
                .strip_prefix("netlab-")
                .and_then(|p| p.parse::<i32>().ok())
            else {
                continue;
            };
            if kill(Pid::from_raw(pid), None).is_err() {
                // A grader that died mid-run may have left processes there.
                let mut left = Vec::new();
                members_of_tree(&entry.path(), &mut left);
                for pid in left {
                    let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
                }
                remove_tree(&entry.path());
            }
        }
    }
    let own = root.join(format!("netlab-{me}"));
    match fs::create_dir(&own) {
        Ok(()) => Some(own),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Some(own),
        Err(_) => None,
    }
}

/// The processes in the cgroup `dir` and below.
fn members_of_tree(dir: &Path, into: &mut Vec<i32>) {
    if let Ok(text) = fs::read_to_string(dir.join("cgroup.procs")) {
        into.extend(text.lines().filter_map(|l| l.trim().parse::<i32>().ok()));
    }
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            members_of_tree(&entry.path(), into);
        }
    }
}

/// Removes an (empty of processes) cgroup and its children, best effort.
fn remove_tree(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                remove_tree(&entry.path());
            }
        }
    }
    let _ = fs::remove_dir(dir);
}

/// The cgroups of one run. Dropping it removes them (after a [`RunCgroup::kill_all`]).
#[derive(Debug, Default)]
pub(crate) struct RunCgroup {
    dirs: Vec<PathBuf>,
    /// Open `cgroup.procs` files, for the child to join before `exec`.
    procs: Vec<File>,
    kill_file: Option<PathBuf>,
    /// Where the CPU time of the run is read, and in which format.
    cpu_file: Option<(PathBuf, CpuFormat)>,
}

/// How a cgroup file states CPU time.
#[derive(Clone, Copy, Debug)]
enum CpuFormat {
    /// v1 `cpuacct.usage`: one number of nanoseconds.
    Nanoseconds,
    /// v2 `cpu.stat`: a `usage_usec N` line.
    StatMicroseconds,
}

impl RunCgroup {
    /// The descriptors the child writes itself into.
    pub(crate) fn procs_fds(&self) -> impl Iterator<Item = RawFd> + '_ {
        self.procs.iter().map(AsRawFd::as_raw_fd)
    }

    /// The CPU time (user and system) every process of the run has used so
    /// far, dead ones included; `None` where it cannot be measured.
    pub(crate) fn cpu_time(&self) -> Option<Duration> {
        let (file, format) = self.cpu_file.as_ref()?;
        let text = fs::read_to_string(file).ok()?;
        match format {
            CpuFormat::Nanoseconds => text.trim().parse().ok().map(Duration::from_nanos),
            CpuFormat::StatMicroseconds => text
                .lines()
                .find_map(|l| l.strip_prefix("usage_usec "))
                .and_then(|n| n.trim().parse().ok())
                .map(Duration::from_micros),
        }
    }

    /// Whether some thread of the run wants a core now: running or waiting
    /// in the run queue (state `R`), or in an uninterruptible wait on the
    /// machine (`D`, usually the disk). `false` when every thread sleeps by
    /// its own doing (a pipe, a socket, a timer) or none is left.
    pub(crate) fn wants_cpu(&self) -> bool {
        self.members().iter().any(|pid| {
            let tasks = fs::read_dir(format!("/proc/{pid}/task"))
                .into_iter()
                .flatten();
            tasks.flatten().any(|task| {
                let stat = fs::read_to_string(task.path().join("stat")).unwrap_or_default();
                // `pid (comm) S ...`: the state follows the last `)`.
                stat.rsplit_once(')')
                    .and_then(|(_, rest)| rest.trim_start().chars().next())
                    .is_some_and(|state| matches!(state, 'R' | 'D'))
            })
        })
    }

    /// The processes in the run's cgroups now.
    pub(crate) fn members(&self) -> Vec<i32> {
        let mut pids: Vec<i32> = self
            .dirs
            .iter()
            .filter_map(|d| fs::read_to_string(d.join("cgroup.procs")).ok())
            .flat_map(|text| {
                text.lines()
                    .filter_map(|l| l.trim().parse().ok())
                    .collect::<Vec<i32>>()
            })
            .collect();
        pids.sort_unstable();
        pids.dedup();
        pids
    }

    /// SIGKILLs every process of the run and waits (until `deadline`) for the
    /// cgroups to empty; returns the processes still there.
    pub(crate) fn kill_all(&self, deadline: Instant) -> Vec<i32> {
        if let Some(file) = &self.kill_file
            && let Ok(mut f) = File::options().write(true).open(file)
        {
            let _ = f.write_all(b"1");
        }
        loop {
            let members = self.members();
            if members.is_empty() || Instant::now() >= deadline {
                return members;
            }
            // Without `cgroup.kill`, a forking process may add members while
            // we kill: kill again until none are left (`pids.max` bounds it).
            for pid in &members {
                let _ = kill(Pid::from_raw(*pid), Signal::SIGKILL);
            }
            // Killed processes leave the cgroup as the kernel tears them down.
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

impl Drop for RunCgroup {
    fn drop(&mut self) {
        self.procs.clear();
        for dir in &self.dirs {
            let _ = fs::remove_dir(dir);
        }
    }
}
