//! Process groups and signals: the only place the runner talks to the kernel
//! about processes directly.

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// Parses a signal name used in test files (`TERM`, `INT`, `HUP`, `KILL`).
pub(crate) fn signal_named(name: &str) -> Option<Signal> {
    match name {
        "TERM" => Some(Signal::SIGTERM),
        "INT" => Some(Signal::SIGINT),
        "HUP" => Some(Signal::SIGHUP),
        "KILL" => Some(Signal::SIGKILL),
        _ => None,
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
