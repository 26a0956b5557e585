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
//! machine offers, [`confinement`] the confinement of a run, [`build`] that
//! of builds, and [`sweep`] the search for processes a run left behind.

use std::io;
use std::path::PathBuf;

mod build;
#[cfg(target_os = "linux")]
mod cgroup;
mod confinement;
mod jail;
#[cfg(target_os = "linux")]
mod landlock;
mod netns;
mod protections;
#[cfg(target_os = "linux")]
mod seccomp;
mod sockets;
mod sweep;
mod sys;

pub use build::{
    BUILD_WALL_CEILING, Bounded, BuildGuard, confined_cargo, output_within, toolchain_version,
};
pub(crate) use confinement::Confinement;
pub use netns::{NetNs, is_served};
pub use protections::{Protections, protections, settle_grader_state};
pub use sockets::SocketTables;
pub use sweep::sweep_leftovers;

/// Whether runs and builds get namespaces of their own here (bubblewrap,
/// as root).
pub fn namespaces() -> bool {
    jail::bwrap().is_some()
}

/// Whether `error` means the grader itself ran short of a resource (open
/// files, memory, buffers, threads): a grader error, never the student's fault.
pub fn is_graders_own_shortage(error: &io::Error) -> bool {
    matches!(
        error.raw_os_error(),
        Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM | libc::EAGAIN)
    )
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
