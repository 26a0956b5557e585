//! The only unsafe code of the grader: what runs in the child between `fork`
//! and `exec`, and the raw Landlock system calls.
//!
//! The grader is multi-threaded, so the child of a `fork` may only make
//! async-signal-safe calls: no allocation, no locks. Everything the child
//! needs (limits, open file descriptors) is therefore prepared by the parent
//! into a plain [`Hook`] of numbers, and the child only makes system calls.
#![expect(
    unsafe_code,
    reason = "pre_exec hooks and Landlock system calls have no safe wrapper; kept to this module"
)]

use std::io;
use std::os::fd::RawFd;
use std::os::unix::process::CommandExt;
use std::process::Command;

use nix::sys::resource::{Resource, getrlimit, setrlimit};

/// How many resource limits a hook can carry.
const MAX_RLIMITS: usize = 16;
/// How many cgroup `cgroup.procs` files a hook can join.
const MAX_CGROUPS: usize = 4;
/// How many descriptors a hook can pass on to the program (bubblewrap's).
const MAX_KEPT_FDS: usize = 4;

/// What the child does before `exec`, as plain numbers (Copy, no heap).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Hook {
    /// `(resource, soft, hard)` limits.
    rlimits: [Option<(Resource, u64, u64)>; MAX_RLIMITS],
    /// Open `cgroup.procs` files to write `0` (this process) into.
    cgroups: [Option<RawFd>; MAX_CGROUPS],
    /// A Landlock ruleset to enforce on itself.
    landlock: Option<RawFd>,
    /// Whether to give up every capability (when the grader runs as root).
    drop_caps: bool,
    /// Whether to reset the state a caller could have left: see [`Hook::hermetic`].
    hermetic: bool,
    /// Descriptors above 2 that survive `exec` (every other one is closed).
    keep_fds: [Option<RawFd>; MAX_KEPT_FDS],
    /// How many CPUs the machine has: the program may run on all of them.
    cpus: usize,
}

impl Hook {
    /// Adds a resource limit, lowered to the grader's own hard limit (which an
    /// unprivileged process cannot raise); a full hook drops it (there are
    /// only as many as [`MAX_RLIMITS`]).
    pub(super) fn rlimit(&mut self, resource: Resource, soft: u64, hard: u64) {
        let ceiling = getrlimit(resource).map_or(u64::MAX, |(_, hard)| hard);
        let (soft, hard) = (soft.min(ceiling), hard.min(ceiling));
        if let Some(slot) = self.rlimits.iter_mut().find(|s| s.is_none()) {
            *slot = Some((resource, soft, hard));
        }
    }

    /// Makes the child join the cgroup whose `cgroup.procs` is open as `fd`.
    #[cfg_attr(
        not(target_os = "linux"),
        expect(dead_code, reason = "cgroups are Linux only")
    )]
    /// The fd must stay open until the spawn returns.
    pub(super) fn join_cgroup(&mut self, fd: RawFd) {
        if let Some(slot) = self.cgroups.iter_mut().find(|s| s.is_none()) {
            *slot = Some(fd);
        }
    }

    /// Makes the child restrict itself with the Landlock ruleset `fd`, which
    /// must stay open until the spawn returns.
    #[cfg_attr(
        not(target_os = "linux"),
        expect(dead_code, reason = "Landlock is Linux only")
    )]
    pub(super) fn landlock(&mut self, fd: RawFd) {
        self.landlock = Some(fd);
    }

    /// Makes the child give up all capabilities before `exec`, with
    /// `no_new_privs` so that `exec` cannot give them back: a program started
    /// by root keeps uid 0 (files stay accessible) but cannot raise its
    /// limits, reboot, load modules, use raw sockets or trace the grader.
    #[cfg_attr(not(target_os = "linux"), expect(dead_code, reason = "Linux only"))]
    pub(super) fn drop_capabilities(&mut self) {
        self.drop_caps = true;
    }

    /// Makes the child start from one known state, whoever started the
    /// grader: every signal at its default action and none blocked, umask
    /// `022`, a new session without a controlling terminal, nice 0, every CPU
    /// of the machine, and no descriptor above 2 but those [`Hook::keep_fd`]
    /// names. Resource limits are set one by one by [`Hook::rlimit`].
    pub(super) fn hermetic(&mut self) {
        self.hermetic = true;
        self.cpus = nix::unistd::sysconf(nix::unistd::SysconfVar::_NPROCESSORS_ONLN)
            .ok()
            .flatten()
            .map_or(1, |n| n.max(1) as usize);
    }

    /// Keeps `fd` open across `exec` (the hook closes every other one above 2).
    pub(super) fn keep_fd(&mut self, fd: RawFd) {
        if let Some(slot) = self.keep_fds.iter_mut().find(|s| s.is_none()) {
            *slot = Some(fd);
        }
    }

    /// Installs the hook on `cmd`.
    pub(super) fn install(self, cmd: &mut Command) {
        // SAFETY: the closure only makes async-signal-safe system calls
        // (write, setrlimit, prctl, landlock_restrict_self) on values copied
        // into it; it allocates nothing and takes no locks. Errors are built
        // from errno with `io::Error::from_raw_os_error`, which does not allocate.
        unsafe {
            cmd.pre_exec(move || self.run_in_child());
        }
    }

    /// The child's side: join cgroups first (so that everything it becomes is
    /// counted and killable), then set limits, then lock the filesystem.
    fn run_in_child(&self) -> io::Result<()> {
        for fd in self.cgroups.iter().flatten() {
            // Writing `0` to `cgroup.procs` moves the writing process.
            // SAFETY: `fd` is open (the parent keeps it until the spawn
            // returns) and the buffer is a static byte string.
            let written = unsafe { libc::write(*fd, b"0".as_ptr().cast(), 1) };
            if written != 1 {
                return Err(io::Error::last_os_error());
            }
        }
        for (resource, soft, hard) in self.rlimits.iter().flatten() {
            setrlimit(*resource, *soft, *hard)
                .map_err(|errno| io::Error::from_raw_os_error(errno as i32))?;
        }
        if self.hermetic {
            self.reset_state()?;
        }
        #[cfg(target_os = "linux")]
        {
            if self.landlock.is_some() || self.drop_caps {
                no_new_privs()?;
            }
            if let Some(fd) = self.landlock {
                restrict_self(fd)?;
            }
            if self.drop_caps {
                drop_all_capabilities()?;
            }
        }
        Ok(())
    }
}

impl Hook {
    /// The child's side of [`Hook::hermetic`]; async-signal-safe calls only.
    fn reset_state(&self) -> io::Result<()> {
        // SAFETY: each call below is async-signal-safe and takes only plain
        // values or pointers to locals.
        unsafe {
            for signal in 1..=64 {
                if signal != libc::SIGKILL && signal != libc::SIGSTOP {
                    // Invalid numbers (those the C library keeps) fail harmlessly.
                    libc::signal(signal, libc::SIG_DFL);
                }
            }
            let mut none: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut none);
            if libc::sigprocmask(libc::SIG_SETMASK, &none, std::ptr::null_mut()) != 0 {
                return Err(io::Error::last_os_error());
            }
            libc::umask(0o022);
            if libc::setsid() < 0 {
                return Err(io::Error::last_os_error());
            }
            // Lowering a niceness needs privilege: an unprivileged grader's
            // programs keep its value (the README says so).
            libc::setpriority(libc::PRIO_PROCESS, 0, 0);
            #[cfg(target_os = "linux")]
            if self.cpus > 0 {
                let mut set: libc::cpu_set_t = std::mem::zeroed();
                for cpu in 0..self.cpus.min(libc::CPU_SETSIZE as usize) {
                    libc::CPU_SET(cpu, &mut set);
                }
                // A cpuset cgroup may forbid some CPUs: then the kernel keeps its choice.
                libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
            }
            #[cfg(target_os = "linux")]
            {
                let everything = libc::c_uint::MAX;
                if libc::syscall(
                    libc::SYS_close_range,
                    3,
                    everything,
                    libc::CLOSE_RANGE_CLOEXEC,
                ) != 0
                {
                    return Err(io::Error::last_os_error());
                }
            }
            #[cfg(not(target_os = "linux"))]
            for fd in 3..libc::sysconf(libc::_SC_OPEN_MAX).clamp(3, 65536) as RawFd {
                libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
            }
            for fd in self.keep_fds.iter().flatten() {
                if libc::fcntl(*fd, libc::F_SETFD, 0) != 0 {
                    return Err(io::Error::last_os_error());
                }
            }
        }
        Ok(())
    }
}

/// Gives the calling thread (and the threads it starts from now on) nice 0
/// where it may lower its niceness (as root): a grader started with
/// `nice -n 19` on a busy machine would otherwise starve its own side of
/// every test. Unprivileged, the niceness stays as it was.
pub(super) fn normal_priority() {
    // SAFETY: setpriority takes no pointers; failure changes nothing.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 0);
    }
}

/// Sets `no_new_privs`: nothing this process executes gains privileges.
#[cfg(target_os = "linux")]
fn no_new_privs() -> io::Result<()> {
    // SAFETY: a plain system call with integer arguments.
    if unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Clears the effective, permitted and inheritable capability sets (and so
/// the ambient set) of the calling thread.
#[cfg(target_os = "linux")]
fn drop_all_capabilities() -> io::Result<()> {
    #[repr(C)]
    struct Header {
        version: u32,
        pid: i32,
    }
    #[repr(C)]
    #[derive(Clone, Copy)]
    struct Data {
        effective: u32,
        permitted: u32,
        inheritable: u32,
    }
    const VERSION_3: u32 = 0x2008_0522;
    let header = Header {
        version: VERSION_3,
        pid: 0,
    };
    let none = Data {
        effective: 0,
        permitted: 0,
        inheritable: 0,
    };
    let data = [none; 2];
    // SAFETY: both pointers are to live, correctly laid out stack values
    // (version 3 takes two data structs).
    let rc = unsafe { libc::syscall(libc::SYS_capset, std::ptr::from_ref(&header), data.as_ptr()) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Enforces the Landlock ruleset `fd` on the calling process (and all it
/// will start); `no_new_privs` must be set.
#[cfg(target_os = "linux")]
fn restrict_self(fd: RawFd) -> io::Result<()> {
    // SAFETY: a plain system call with integer arguments.
    if unsafe { libc::syscall(libc::SYS_landlock_restrict_self, fd, 0) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Raw Landlock system calls, used by the parent to build a ruleset.
#[cfg(target_os = "linux")]
pub(super) mod landlock {
    use std::io;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

    /// `struct landlock_ruleset_attr` (ABI 6 size; older kernels get a prefix).
    #[repr(C)]
    #[derive(Default)]
    pub(crate) struct RulesetAttr {
        pub(crate) handled_access_fs: u64,
        pub(crate) handled_access_net: u64,
        pub(crate) scoped: u64,
    }

    /// `struct landlock_path_beneath_attr` (packed).
    #[repr(C, packed)]
    struct PathBeneathAttr {
        allowed_access: u64,
        parent_fd: i32,
    }

    /// `struct landlock_net_port_attr`.
    #[repr(C)]
    struct NetPortAttr {
        allowed_access: u64,
        port: u64,
    }

    const CREATE_RULESET_VERSION: libc::c_uint = 1;
    const RULE_PATH_BENEATH: libc::c_int = 1;
    const RULE_NET_PORT: libc::c_int = 2;

    /// The kernel's Landlock ABI version, or `None` when Landlock is off or absent.
    pub(crate) fn abi() -> Option<u32> {
        // SAFETY: a NULL attribute with size 0 and the VERSION flag only
        // asks for the version, as documented in landlock(7).
        let version = unsafe {
            libc::syscall(
                libc::SYS_landlock_create_ruleset,
                std::ptr::null::<RulesetAttr>(),
                0usize,
                CREATE_RULESET_VERSION,
            )
        };
        u32::try_from(version).ok().filter(|v| *v > 0)
    }

    /// Creates a ruleset handling what `attr` says; `size` is how much of
    /// `attr` this kernel's ABI knows.
    pub(crate) fn create_ruleset(attr: &RulesetAttr, size: usize) -> io::Result<OwnedFd> {
        let size = size.min(std::mem::size_of::<RulesetAttr>());
        // SAFETY: `attr` points to a live struct at least `size` bytes long.
        let fd = unsafe {
            libc::syscall(
                libc::SYS_landlock_create_ruleset,
                std::ptr::from_ref(attr),
                size,
                0,
            )
        };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        let fd = i32::try_from(fd).map_err(io::Error::other)?;
        // SAFETY: the kernel just returned this new descriptor; we own it.
        Ok(unsafe { OwnedFd::from_raw_fd(fd) })
    }

    /// Allows `access` beneath the file or directory open as `parent`.
    pub(crate) fn add_path_rule(
        ruleset: &OwnedFd,
        parent: &impl AsRawFd,
        access: u64,
    ) -> io::Result<()> {
        let attr = PathBeneathAttr {
            allowed_access: access,
            parent_fd: parent.as_raw_fd(),
        };
        // SAFETY: `attr` is a live, correctly laid out struct; fds are open.
        let rc = unsafe {
            libc::syscall(
                libc::SYS_landlock_add_rule,
                ruleset.as_raw_fd(),
                RULE_PATH_BENEATH,
                std::ptr::from_ref(&attr),
                0,
            )
        };
        if rc != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    /// Allows `access` (bind, connect) on TCP `port`.
    pub(crate) fn add_port_rule(ruleset: &OwnedFd, port: u16, access: u64) -> io::Result<()> {
        let attr = NetPortAttr {
            allowed_access: access,
            port: u64::from(port),
        };
        // SAFETY: `attr` is a live, correctly laid out struct; the fd is open.
        let rc = unsafe {
            libc::syscall(
                libc::SYS_landlock_add_rule,
                ruleset.as_raw_fd(),
                RULE_NET_PORT,
                std::ptr::from_ref(&attr),
                0,
            )
        };
        if rc != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }
}
