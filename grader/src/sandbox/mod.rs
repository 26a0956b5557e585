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
//! See `docs/security.md` for the whole model.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::thread;
use std::time::Instant;

use nix::sys::resource::Resource;

use crate::scenario::Limits;

#[cfg(target_os = "linux")]
mod cgroup;
#[cfg(target_os = "linux")]
mod landlock;
mod sys;

/// The environment variable that marks every process of a run, for the
/// `/proc` sweep where there are no cgroups.
const MARKER: &str = "NETLAB_RUN";

/// Which protections this machine gives student programs.
#[derive(Clone, Debug, Default)]
pub struct Protections {
    /// `RLIMIT_NPROC` bounds processes (it does not for root).
    pub nproc_rlimit: bool,
    /// A cgroup per run bounds processes (`pids.max`).
    pub cgroup_pids: bool,
    /// A cgroup per run finds and kills every descendant.
    pub cgroup_kill: bool,
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
    cgroups: cgroup::Hierarchies,
}

impl Protections {
    fn detect() -> Protections {
        let root = nix::unistd::geteuid().is_root();
        #[cfg(target_os = "linux")]
        {
            let cgroups = cgroup::Hierarchies::detect();
            let landlock = landlock::Abi::detect().map(|abi| abi.0);
            // A process of the same user may read a dumpable process's
            // environment through /proc; the grader's may hold secrets.
            let hidden_grader = nix::sys::prctl::set_dumpable(false).is_ok();
            Protections {
                drop_caps: root,
                hidden_grader,
                nproc_rlimit: !root,
                cgroup_pids: cgroups.pids(),
                cgroup_kill: cgroups.kill(),
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
        if !(self.nproc_rlimit || self.cgroup_pids) {
            missing.push("a process-count limit");
        }
        if !(self.cgroup_kill || self.proc_sweep) {
            missing.push("killing processes that leave their process group");
        }
        if self.landlock.is_none() {
            missing.push("filesystem and network rules (Landlock)");
        }
        missing
    }
}

impl Protections {
    /// Every protection in force, one phrase each.
    pub fn active(&self) -> Vec<String> {
        let mut active = vec![
            "process group kill".to_string(),
            "rlimits (cpu, memory, open files, file size)".to_string(),
            "scrubbed environment".to_string(),
            "private temporary directory".to_string(),
        ];
        if self.nproc_rlimit {
            active.push("rlimit processes".into());
        }
        if self.cgroup_pids {
            active.push("cgroup pids.max".into());
        }
        if self.cgroup_kill {
            active.push("cgroup kill".into());
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
        if let Some(abi) = self.landlock {
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

/// The protections of this machine, detected on first use.
pub fn protections() -> &'static Protections {
    static DETECTED: OnceLock<Protections> = OnceLock::new();
    DETECTED.get_or_init(Protections::detect)
}

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
                let cgroup = protections.cgroups.create_run(limits.processes)?;
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

/// The toolchain a confined build uses, found once, outside any sandbox.
#[derive(Clone, Debug)]
struct Toolchain {
    cargo: PathBuf,
    rustc: PathBuf,
    /// Trees the build may read and execute (the sysroot, cargo's folder).
    #[cfg_attr(
        not(target_os = "linux"),
        expect(dead_code, reason = "only Landlock reads it")
    )]
    read: Vec<PathBuf>,
}

fn toolchain() -> &'static Toolchain {
    static FOUND: OnceLock<Toolchain> = OnceLock::new();
    FOUND.get_or_init(|| {
        let rustc_cmd = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
        let sysroot = Command::new(&rustc_cmd)
            .args(["--print", "sysroot"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
        let in_sysroot = |name: &str| {
            sysroot
                .as_ref()
                .map(|s| s.join("bin").join(name))
                .filter(|p| p.is_file())
        };
        let cargo = std::env::var_os("CARGO")
            .map(PathBuf::from)
            .or_else(|| in_sysroot("cargo"))
            .unwrap_or_else(|| "cargo".into());
        let rustc = in_sysroot("rustc").unwrap_or_else(|| rustc_cmd.into());
        let mut read: Vec<PathBuf> = sysroot.into_iter().collect();
        read.extend(
            cargo
                .parent()
                .filter(|p| p.is_absolute())
                .map(Path::to_path_buf),
        );
        read.extend(
            rustc
                .parent()
                .filter(|p| p.is_absolute())
                .map(Path::to_path_buf),
        );
        Toolchain { cargo, rustc, read }
    })
}

/// A confined `cargo` for building untrusted sources in `work`: a scrubbed
/// environment (its own `CARGO_HOME`, `HOME` and `TMPDIR` under `work`), and
/// under Landlock, reads only of the system and the toolchain and writes only
/// in `work`, so that `include_str!("/path/to/hidden/test")` cannot compile.
/// The guard must live until the build has been spawned.
pub fn confined_cargo(work: &Path) -> io::Result<(Command, BuildGuard)> {
    let tools = toolchain();
    let home = work.join("home");
    let cargo_home = work.join("cargo-home");
    let tmp = work.join("tmp");
    for dir in [&home, &cargo_home, &tmp] {
        std::fs::create_dir_all(dir)?;
    }
    let mut cmd = Command::new(&tools.cargo);
    cmd.env_clear()
        .env(
            "PATH",
            std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into()),
        )
        .env("HOME", &home)
        .env("CARGO_HOME", &cargo_home)
        .env("TMPDIR", &tmp)
        .env("RUSTC", &tools.rustc)
        .env("LANG", "C.UTF-8");
    #[cfg(target_os = "linux")]
    {
        let mut hook = sys::Hook::default();
        let ruleset = match protections().landlock {
            Some(abi) => {
                // Cargo reads the (trusted) `.cargo/config.toml` files of the
                // folders above `work`: those files, and nothing else there.
                let configs = work.ancestors().flat_map(|dir| {
                    ["config.toml", "config"].map(|name| dir.join(".cargo").join(name))
                });
                let rules = landlock::Rules {
                    read: tools.read.iter().cloned().chain(configs).collect(),
                    write: vec![work.to_path_buf()],
                    bind: Vec::new(),
                    connect: Vec::new(),
                };
                let fd = rules.create(landlock::Abi(abi))?;
                hook.landlock(std::os::fd::AsRawFd::as_raw_fd(&fd));
                Some(fd)
            }
            None => None,
        };
        hook.install(&mut cmd);
        Ok((cmd, BuildGuard { _ruleset: ruleset }))
    }
    #[cfg(not(target_os = "linux"))]
    Ok((cmd, BuildGuard {}))
}

/// Runs `cmd` to its end like [`Command::output`], in its own process group,
/// but for at most `limit`: then the whole group is killed and `None` returned.
pub fn output_within(
    mut cmd: Command,
    limit: std::time::Duration,
) -> io::Result<Option<std::process::Output>> {
    use std::io::Read as _;
    use std::os::unix::process::CommandExt as _;
    use std::process::Stdio;
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut child = cmd.spawn()?;
    let group = nix::unistd::Pid::from_raw(child.id() as i32);
    let read_all = |mut pipe: Box<dyn std::io::Read + Send>| {
        thread::spawn(move || {
            let mut everything = Vec::new();
            let _ = pipe.read_to_end(&mut everything);
            everything
        })
    };
    let stdout = read_all(Box::new(child.stdout.take().expect("piped")));
    let stderr = read_all(Box::new(child.stderr.take().expect("piped")));
    let (tx, rx) = std::sync::mpsc::channel();
    let waiter = thread::spawn(move || {
        let status = child.wait();
        let _ = tx.send(());
        status
    });
    let timed_out = rx.recv_timeout(limit).is_err();
    if timed_out {
        let _ = nix::sys::signal::killpg(group, nix::sys::signal::Signal::SIGKILL);
    }
    let status = waiter
        .join()
        .unwrap_or_else(|_| Err(io::Error::other("waiter panicked")))?;
    if timed_out {
        return Ok(None);
    }
    Ok(Some(std::process::Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }))
}

/// Keeps a confined build's prepared rules open until it has started.
#[derive(Debug)]
pub struct BuildGuard {
    #[cfg(target_os = "linux")]
    _ruleset: Option<std::os::fd::OwnedFd>,
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
