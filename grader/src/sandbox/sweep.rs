//! The sweep for processes a run left behind, where no cgroup holds them:
//! every process of a run carries a marker in its environment.

use std::time::Instant;

#[cfg(target_os = "linux")]
use super::protections;

/// The environment variable that marks every process of a run, for the
/// `/proc` sweep where there are no cgroups.
pub(super) const MARKER: &str = "NETLAB_RUN";

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
pub(super) fn sweep_marked(marker: &str, deadline: Instant) -> usize {
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
