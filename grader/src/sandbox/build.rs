//! Builds of submitted sources: cargo and rustc confined like a run, within a time limit.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::thread;

#[cfg(target_os = "linux")]
use super::landlock;
use super::{protections, sys};

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
    let (home, cargo_home, tmp) = build_dirs(work);
    for dir in [&home, &cargo_home, &tmp] {
        std::fs::create_dir_all(dir)?;
    }
    let mut hook = sys::Hook::default();
    hook.hermetic();
    for (resource, value) in BUILD_RLIMITS {
        hook.rlimit(resource, value, value);
    }
    #[cfg(target_os = "linux")]
    let cgroup = build_cgroup(&mut hook)?;
    let jailed = super::jail::bwrap();
    // Only the toolchain, the system and `work` exist in there: no
    // `.cargo/config.toml` above `work`, nothing of the course.
    let jail = jailed
        .map(|bwrap| {
            super::jail::Jail::new(bwrap, super::jail::JailKind::Build, work)
                .read(tools.read.iter().cloned())
                .filtered()
        })
        .transpose()?;
    let mut cmd = match &jail {
        Some(jail) => {
            jail.kept_fds().into_iter().for_each(|fd| hook.keep_fd(fd));
            jail.command(tools.cargo.as_os_str(), &[])
        }
        None => Command::new(&tools.cargo),
    };
    set_build_env(&mut cmd, work, tools);
    #[cfg(target_os = "linux")]
    {
        let ruleset = match (jailed, protections().landlock) {
            (None, Some(abi)) => Some(build_rules(work, tools, abi, &mut hook)?),
            _ => None,
        };
        hook.install(&mut cmd);
        Ok((
            cmd,
            BuildGuard {
                _ruleset: ruleset,
                cgroup,
                _jail: jail,
            },
        ))
    }
    #[cfg(not(target_os = "linux"))]
    {
        hook.install(&mut cmd);
        Ok((cmd, BuildGuard {}))
    }
}

/// The build's cgroup, which cargo joins, where the grader may make one.
#[cfg(target_os = "linux")]
fn build_cgroup(hook: &mut sys::Hook) -> io::Result<Option<super::cgroup::RunCgroup>> {
    if !protections().cgroup_kill {
        return Ok(None);
    }
    let cgroup = protections()
        .cgroups
        .create_run(BUILD_PROCESSES, Some(BUILD_MEMORY))?;
    cgroup.procs_fds().for_each(|fd| hook.join_cgroup(fd));
    Ok(Some(cgroup))
}

/// The build's fixed environment: its folders in `work`, the toolchain on
/// `PATH`, nothing inherited.
fn set_build_env(cmd: &mut Command, work: &Path, tools: &Toolchain) {
    let (home, cargo_home, tmp) = build_dirs(work);
    let mut path: Vec<PathBuf> = std::env::split_paths(super::jail::FIXED_PATH).collect();
    path.extend(tools.read.iter().map(|dir| dir.join("bin")));
    cmd.current_dir(work)
        .env_clear()
        .env(
            "PATH",
            std::env::join_paths(path).unwrap_or_else(|_| super::jail::FIXED_PATH.into()),
        )
        .env("HOME", &home)
        .env("CARGO_HOME", &cargo_home)
        .env("TMPDIR", &tmp)
        .env("RUSTC", &tools.rustc)
        .env("LANG", "C.UTF-8")
        .env("TZ", "UTC");
}

/// The build's home, cargo home and temporary folder, in `work`.
fn build_dirs(work: &Path) -> (PathBuf, PathBuf, PathBuf) {
    (work.join("home"), work.join("cargo-home"), work.join("tmp"))
}

/// Landlock's rules for a build without a jail: the toolchain, and
/// nowhere to write but `work`.
#[cfg(target_os = "linux")]
fn build_rules(
    work: &Path,
    tools: &Toolchain,
    abi: u32,
    hook: &mut sys::Hook,
) -> io::Result<std::os::fd::OwnedFd> {
    // Cargo reads the (trusted) `.cargo/config.toml` files of the
    // folders above `work`: those files, and nothing else there.
    let configs = work
        .ancestors()
        .flat_map(|dir| ["config.toml", "config"].map(|name| dir.join(".cargo").join(name)));
    let rules = landlock::Rules {
        read: tools.read.iter().cloned().chain(configs).collect(),
        write: vec![work.to_path_buf()],
        bind: Vec::new(),
        connect: Vec::new(),
    };
    let fd = rules.create(landlock::Abi(abi))?;
    hook.landlock(std::os::fd::AsRawFd::as_raw_fd(&fd));
    Ok(fd)
}

/// Processes and threads a build may have at once (cargo, rustc and its
/// threads, the linker).
const BUILD_PROCESSES: u64 = 512;
/// Memory for all of a build's processes together: `include_bytes!("/dev/zero")`
/// stops here, not at the machine's end.
const BUILD_MEMORY: u64 = 2 << 30;
/// The resource limits of every build, set explicitly.
const BUILD_RLIMITS: [(nix::sys::resource::Resource, u64); 4] = [
    (nix::sys::resource::Resource::RLIMIT_NOFILE, 4096),
    (nix::sys::resource::Resource::RLIMIT_CORE, 0),
    (nix::sys::resource::Resource::RLIMIT_FSIZE, 1 << 30),
    (nix::sys::resource::Resource::RLIMIT_CPU, 600),
];

/// How many times its limit a build may last in wall-clock time while its
/// CPU time stays under the limit (a loaded machine), before the grader
/// gives up on it as its own failure.
pub const BUILD_WALL_CEILING: u32 = 10;

/// How often a bounded build's clocks are read.
const BUILD_TICK: std::time::Duration = std::time::Duration::from_millis(100);

/// How a bounded build ended.
#[derive(Debug)]
pub enum Bounded {
    /// It finished: its status and output.
    Finished(std::process::Output),
    /// It used more than its limit of its own time (CPU time, and time
    /// blocked on itself with no thread wanting a core): the sources make
    /// the compiler spin (a `const` or macro that never finishes) or wait
    /// for ever (`include_bytes!` of a pipe).
    OverOwnTime,
    /// It lasted [`BUILD_WALL_CEILING`] times its limit in wall-clock time
    /// without using its CPU time (or, where CPU time cannot be measured,
    /// its limit): the machine was too busy, which is the grader's failure.
    OverWall {
        /// Wall-clock time when it was stopped.
        wall: std::time::Duration,
        /// CPU time it had used, where known.
        cpu: Option<std::time::Duration>,
    },
}

/// Runs `cmd` (confined by `guard`) to its end like [`Command::output`], in
/// its own process group, for at most `limit` of its own time: CPU time as
/// its cgroup counts it, plus time blocked with no thread wanting a core, so
/// that load on the machine never decides whether a build finishes; a
/// wall-clock ceiling backs it. A build over either is killed.
pub fn output_within(
    mut cmd: Command,
    guard: &BuildGuard,
    limit: std::time::Duration,
) -> io::Result<Bounded> {
    use std::io::Read as _;
    use std::process::Stdio;
    // The confinement's hook makes it a session (and group) of its own.
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = std::time::Instant::now();
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
    // The build's own time: the CPU time it was given, plus the time it
    // spent blocked on itself with no thread wanting a core (rustc reading
    // a pipe it named in `include_bytes!`). Time it spent waiting for a
    // core (a loaded machine) is not its own.
    let mut blocked = std::time::Duration::ZERO;
    let mut last = started;
    let stopped = loop {
        match rx.recv_timeout(BUILD_TICK) {
            Ok(()) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break None,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
        }
        let now = std::time::Instant::now();
        if guard.wants_cpu() == Some(false) {
            blocked += now - last;
        }
        last = now;
        if let Some(stop) = over_limit(limit, started.elapsed(), guard.cpu_time(), blocked) {
            break Some(stop);
        }
    };
    if stopped.is_some() {
        let _ = nix::sys::signal::killpg(group, nix::sys::signal::Signal::SIGKILL);
    }
    let status = waiter
        .join()
        .unwrap_or_else(|_| Err(io::Error::other("waiter panicked")))?;
    if let Some(stopped) = stopped {
        return Ok(stopped);
    }
    Ok(Bounded::Finished(std::process::Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }))
}

/// Whether a build that has lasted `wall`, used `cpu` and been blocked on
/// itself for `blocked` is over its `limit`: its own time (CPU plus blocked)
/// past the limit is the sources' failure; wall-clock time past
/// [`BUILD_WALL_CEILING`] times the limit (or the limit, where CPU time is
/// unknown) is the machine's.
fn over_limit(
    limit: std::time::Duration,
    wall: std::time::Duration,
    cpu: Option<std::time::Duration>,
    blocked: std::time::Duration,
) -> Option<Bounded> {
    if cpu.is_some_and(|cpu| cpu + blocked > limit) {
        return Some(Bounded::OverOwnTime);
    }
    let ceiling = if cpu.is_some() {
        limit * BUILD_WALL_CEILING
    } else {
        limit
    };
    (wall > ceiling).then_some(Bounded::OverWall { wall, cpu })
}

/// Keeps a confined build's prepared rules open until it has started, and
/// ends every process of the build when dropped.
#[derive(Debug)]
pub struct BuildGuard {
    #[cfg(target_os = "linux")]
    _ruleset: Option<std::os::fd::OwnedFd>,
    #[cfg(target_os = "linux")]
    cgroup: Option<super::cgroup::RunCgroup>,
    /// The jail's descriptors (its seccomp filters), open until the spawn.
    #[cfg(target_os = "linux")]
    _jail: Option<super::jail::Jail>,
}

impl BuildGuard {
    /// Whether some thread of the build wants a core now (see
    /// `RunCgroup::wants_cpu`), where its cgroup is known.
    pub fn wants_cpu(&self) -> Option<bool> {
        #[cfg(target_os = "linux")]
        {
            self.cgroup.as_ref().map(|c| c.wants_cpu())
        }
        #[cfg(not(target_os = "linux"))]
        {
            None
        }
    }

    /// The CPU time the build's processes have used so far, where its
    /// cgroup counts it.
    pub fn cpu_time(&self) -> Option<std::time::Duration> {
        #[cfg(target_os = "linux")]
        {
            self.cgroup.as_ref().and_then(|c| c.cpu_time())
        }
        #[cfg(not(target_os = "linux"))]
        {
            None
        }
    }
}

impl Drop for BuildGuard {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        if let Some(cgroup) = &self.cgroup {
            // A finished build has no process left; a stopped one may.
            cgroup.kill_all(std::time::Instant::now() + std::time::Duration::from_secs(2));
        }
    }
}

// --- Hook for the build cache (added by the `build` engineer; see its report). ---

/// The version of the toolchain confined builds use (`rustc -vV`, found
/// once, outside any sandbox): part of every build-cache key, so a new
/// compiler never reuses an old one's binaries.
pub fn toolchain_version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        let tools = toolchain();
        Command::new(&tools.rustc)
            .arg("-vV")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            // Unknown: a key no real version string can equal, and no reuse
            // across runs that could not tell either.
            .unwrap_or_else(|| format!("unknown rustc at {}", tools.rustc.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn a_build_is_charged_its_own_time_never_the_machines() {
        let limit = S(10);
        // Spinning: its CPU time passes the limit.
        assert!(matches!(
            over_limit(limit, S(11), Some(S(11)), S(0)),
            Some(Bounded::OverOwnTime)
        ));
        // Blocked on itself (a pipe in `include_bytes!`): the time counts.
        assert!(matches!(
            over_limit(limit, S(11), Some(Duration::from_millis(200)), S(10)),
            Some(Bounded::OverOwnTime)
        ));
        // Starved on a loaded machine: runnable, little CPU, nothing blocked;
        // it goes on until the wall-clock ceiling, then is the grader's failure.
        assert!(over_limit(limit, S(99), Some(S(2)), S(0)).is_none());
        assert!(matches!(
            over_limit(limit, S(101), Some(S(2)), S(0)),
            Some(Bounded::OverWall { .. })
        ));
        // No CPU accounting: the limit is wall-clock time, and the grader's.
        assert!(matches!(
            over_limit(limit, S(11), None, S(0)),
            Some(Bounded::OverWall { .. })
        ));
        assert!(over_limit(limit, S(9), Some(S(9)), S(0)).is_none());
    }
}
