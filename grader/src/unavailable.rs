//! What a test does when the tool or kernel feature it needs is missing:
//! it fails, naming what to install, unless the run said skips are fine.
//!
//! A test that returns early when it cannot run reports `ok` for something
//! never checked. Here it fails instead; a developer without, say, chromium
//! sets [`ALLOW_SKIP_VAR`] to run the rest, and each skip still prints a
//! `skipped:` line. `.ci/run` never sets the variable and fails on any
//! `skipped:` line, so CI cannot pass with a test that did not run.

/// Set (to anything but empty) to let tests that cannot run here skip instead of fail.
pub const ALLOW_SKIP_VAR: &str = "NETLAB_ALLOW_SKIP";

/// The line every skip prints; `.ci/run` looks for it.
pub const SKIPPED: &str = "skipped:";

/// Called by a test that cannot run here: panics with `reason` (what is
/// missing and how to get it) unless [`ALLOW_SKIP_VAR`] is set, in which case
/// it prints `skipped: <reason>` and the test should return.
pub fn cannot_run(reason: &str) {
    cannot_run_with(
        reason,
        std::env::var_os(ALLOW_SKIP_VAR).is_some_and(|v| !v.is_empty()),
    );
}

/// [`cannot_run`] with the choice given (for tests of this module).
fn cannot_run_with(reason: &str, allow_skip: bool) {
    assert!(
        allow_skip,
        "this test cannot run here: {reason}\n\
         (set {ALLOW_SKIP_VAR}=1 to skip tests that cannot run on this machine; CI never does)"
    );
    // `println!` and `eprintln!` are both captured by the test harness; stderr
    // shows with `--nocapture` and in CI logs of failures alike.
    println!("{SKIPPED} {reason}");
    eprintln!("{SKIPPED} {reason}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_that_cannot_run_fails_unless_skips_are_allowed() {
        let failed = std::panic::catch_unwind(|| cannot_run_with("no chromium", false));
        let message = failed.expect_err("must fail");
        let text = message
            .downcast_ref::<String>()
            .expect("a formatted message");
        assert!(text.contains("no chromium"), "{text}");
        assert!(text.contains(ALLOW_SKIP_VAR), "{text}");
        cannot_run_with("no chromium", true);
    }
}
