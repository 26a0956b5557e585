//! The steps about the program itself: its exit, whether it runs, its
//! output, the files it leaves, signals and deliberate pauses.

use std::time::{Duration, Instant};

use super::{Run, Stop};
use crate::outcome::Failure;
use crate::runner::conn::remaining;
use crate::runner::files::{self, Finding};
use crate::runner::program::describe_exit;
use crate::runner::unix::signal_named;
use crate::scenario::{FileCheck, Step, escape_bytes};

impl Run<'_> {
    /// Waits for the program to exit with `status`.
    pub(super) fn expect_exit(
        &mut self,
        number: usize,
        status: i32,
        step: &Step,
        deadline: Instant,
    ) -> Result<(), Stop> {
        let exit = self.wait_for_end(
            number,
            step,
            deadline,
            &format!("exit with status {status}"),
        )?;
        if exit.code() != Some(status) {
            return Err(Failure::new(
                Some(number),
                format!(
                    "expected exit status {status}, got {}",
                    describe_exit(&exit)
                ),
            )
            .into());
        }
        Ok(())
    }

    /// The program must not have ended.
    pub(super) fn expect_running(&mut self, number: usize) -> Result<(), Stop> {
        let program = self.program();
        program.drain();
        if let Some(exit) = program.state.exit {
            return Err(Failure::new(
                Some(number),
                format!(
                    "expected the program to be still running, but it ended: {}",
                    describe_exit(&exit)
                ),
            )
            .into());
        }
        self.transcript.event(None, "the program is still running");
        Ok(())
    }

    /// Waits for the program to end, by any status or signal.
    pub(super) fn expect_ended(
        &mut self,
        number: usize,
        step: &Step,
        deadline: Instant,
    ) -> Result<(), Stop> {
        self.wait_for_end(number, step, deadline, "end").map(|_| ())
    }

    /// Waits for the program to end and records how; fails when it is still
    /// running at `deadline`, saying what it was expected to do.
    fn wait_for_end(
        &mut self,
        number: usize,
        step: &Step,
        deadline: Instant,
        expected: &str,
    ) -> Result<std::process::ExitStatus, Stop> {
        let program = self.program();
        program.wait_until(deadline, |state, _| state.exit.is_some());
        let Some(exit) = program.state.exit else {
            return Err(Failure::new(
                Some(number),
                format!(
                    "expected the program to {expected}, but it was still running after {:.1?}",
                    self.opts.scale(step.timeout)
                ),
            )
            .into());
        };
        self.transcript
            .event(None, format!("the program ended: {}", describe_exit(&exit)));
        Ok(exit)
    }

    /// Compares the program's whole standard output.
    pub(super) fn expect_stdout(
        &mut self,
        number: usize,
        text: &[u8],
        deadline: Instant,
    ) -> Result<(), Stop> {
        let program = self.program();
        // Done when it matches, when it can no longer match, or when stdout ended.
        program.wait_until(deadline, |_, p| {
            let out = p.stdout();
            out.closed || out.kept == text || !text.starts_with(&out.kept)
        });
        let got = program.stdout().kept;
        if got != text {
            return Err(
                Failure::mismatch(number, "wrong standard output", text.to_vec(), got).into(),
            );
        }
        Ok(())
    }

    /// Checks a file the program left, once it has ended.
    pub(super) fn expect_file(
        &mut self,
        number: usize,
        check: &FileCheck,
        step: &Step,
        deadline: Instant,
    ) -> Result<(), Stop> {
        let program = self.program();
        program.wait_until(deadline, |state, _| state.exit.is_some());
        if program.state.exit.is_none() {
            return Err(Failure::new(
                Some(number),
                format!(
                    "expected the program to have ended before checking `{}`, but it was still running after {:.1?}",
                    check.path.display(),
                    self.opts.scale(step.timeout)
                ),
            )
            .into());
        }
        let dir = self.dir.clone().expect("files are checked after the start");
        let finding = files::check(&dir, check)
            .map_err(|e| Stop::Grader(format!("cannot check `{}`: {e}", check.path.display())))?;
        match finding {
            Finding::Holds(line) => self.transcript.event(None, line),
            Finding::Wrong {
                message,
                expected,
                actual,
            } => {
                return Err(Failure {
                    step: Some(number),
                    message,
                    expected,
                    actual,
                }
                .into());
            }
        }
        Ok(())
    }

    /// Counts the lines on stderr once the program has ended.
    pub(super) fn expect_stderr_lines(
        &mut self,
        number: usize,
        lines: usize,
        deadline: Instant,
    ) -> Result<(), Stop> {
        let got = self.finished_stderr(deadline);
        let count = got.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
        if count != lines {
            return Err(Failure::mismatch(
                number,
                format!("expected {lines} line(s) on stderr, got {count}"),
                Vec::new(),
                got,
            )
            .into());
        }
        Ok(())
    }

    /// Checks how stderr starts once the program has ended.
    pub(super) fn expect_stderr_prefix(
        &mut self,
        number: usize,
        prefix: &[u8],
        deadline: Instant,
    ) -> Result<(), Stop> {
        let got = self.finished_stderr(deadline);
        if !got.starts_with(prefix) {
            return Err(Failure::mismatch(
                number,
                format!("expected stderr to start with {}", escape_bytes(prefix)),
                prefix.to_vec(),
                got,
            )
            .into());
        }
        Ok(())
    }

    /// Sends a signal to the program.
    pub(super) fn signal(&mut self, signal: &str) -> Result<(), Stop> {
        let sig = signal_named(signal).expect("checked at load time");
        self.program().signal(sig);
        self.transcript
            .event(None, format!("sent SIG{signal} to the program"));
        Ok(())
    }

    /// Waits on purpose, within the test's budget.
    pub(super) fn sleep(&mut self, duration: Duration) -> Result<(), Stop> {
        let pause = self.opts.scale(duration).min(remaining(self.deadline));
        std::thread::sleep(pause);
        self.transcript.event(None, format!("waited {pause:?}"));
        Ok(())
    }

    /// Stderr once the program has ended (or the deadline passed).
    fn finished_stderr(&mut self, deadline: Instant) -> Vec<u8> {
        let program = self.program();
        program.wait_until(deadline, |state, p| {
            state.exit.is_some() && p.stderr().closed
        });
        program.stderr().kept
    }
}
