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

/// Restores the default action of SIGINT and SIGTERM in this process, so that
/// the programs it starts inherit it. A shell starts background jobs (`cmd &`
/// in a script) with SIGINT ignored, and an ignored signal stays ignored across
/// `exec`: a correct student program would then survive the tests' SIGINT.
/// Call it first thing in `main`, before any thread starts.
pub fn restore_default_signals() {
    use nix::sys::signal::{SaFlags, SigAction, SigHandler, SigSet, sigaction};
    let default = SigAction::new(SigHandler::SigDfl, SaFlags::empty(), SigSet::empty());
    for signal in [Signal::SIGINT, Signal::SIGTERM] {
        // SAFETY: installing the default action involves no handler code, so
        // nothing can run in signal context; it is called before threads start.
        #[expect(
            unsafe_code,
            reason = "sigaction is unsafe in nix; SIG_DFL installs no handler"
        )]
        let _ = unsafe { sigaction(signal, &default) };
    }
}
