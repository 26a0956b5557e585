//! Process groups and signals: the only place the runner talks to the kernel
//! about processes directly.

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// The kernel's signal for one a test file names (`TERM`, `INT`, `HUP`, `KILL`).
pub(crate) fn signal_of(signal: crate::scenario::Signal) -> Signal {
    use crate::scenario::Signal as Step;
    match signal {
        Step::Term => Signal::SIGTERM,
        Step::Int => Signal::SIGINT,
        Step::Hup => Signal::SIGHUP,
        Step::Kill => Signal::SIGKILL,
    }
}

/// Sends `signal` to the process `pid` alone.
pub(crate) fn signal_process(pid: u32, signal: Signal) {
    // An error only means the process is already gone.
    let _ = kill(Pid::from_raw(pid as i32), signal);
}

/// A readable name for a signal number, such as `SIGSEGV`.
pub(crate) fn signal_name(number: i32) -> String {
    Signal::try_from(number).map_or_else(|_| format!("signal {number}"), |s| s.as_str().to_string())
}
