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

use nix::sys::resource::{Resource, setrlimit};

/// How many resource limits a hook can carry.
const MAX_RLIMITS: usize = 6;
/// How many cgroup `cgroup.procs` files a hook can join.
const MAX_CGROUPS: usize = 3;

/// What the child does before `exec`, as plain numbers (Copy, no heap).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Hook {
    /// `(resource, soft, hard)` limits.
    rlimits: [Option<(Resource, u64, u64)>; MAX_RLIMITS],
    /// Open `cgroup.procs` files to write `0` (this process) into.
    cgroups: [Option<RawFd>; MAX_CGROUPS],
    /// A Landlock ruleset to enforce on itself.
    landlock: Option<RawFd>,
}

impl Hook {
    /// Adds a resource limit; a full hook drops it (there are only as many as [`MAX_RLIMITS`]).
    pub(super) fn rlimit(&mut self, resource: Resource, soft: u64, hard: u64) {
        if let Some(slot) = self.rlimits.iter_mut().find(|s| s.is_none()) {
            *slot = Some((resource, soft, hard));
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
        #[cfg(target_os = "linux")]
        if let Some(fd) = self.landlock {
            restrict_self(fd)?;
        }
        Ok(())
    }
}

/// Enforces the Landlock ruleset `fd` on the calling process (and all it will start).
#[cfg(target_os = "linux")]
fn restrict_self(fd: RawFd) -> io::Result<()> {
    // SAFETY: plain system calls with integer arguments.
    unsafe {
        if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 {
            return Err(io::Error::last_os_error());
        }
        if libc::syscall(libc::SYS_landlock_restrict_self, fd, 0) != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}
