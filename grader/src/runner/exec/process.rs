//! The steps about the program itself: its exit, whether it runs, its
//! output, the files it leaves, signals and deliberate pauses.

use std::time::Duration;

use super::{Run, Stop};
use crate::outcome::Failure;
use crate::runner::clock::Until;
use crate::runner::files::{self, Finding};
use crate::runner::program::describe_exit_in;
use crate::runner::unix::signal_of;
use crate::scenario::{FileCheck, Signal, Step, escape_bytes};
use crate::text::runner as say;

impl Run<'_> {
    /// Waits for the program to exit with `status`.
    pub(super) fn expect_exit(
        &mut self,
        number: usize,
        status: i32,
        step: &Step,
        deadline: Until,
    ) -> Result<(), Stop> {
        let exit = self.wait_for_end(number, step, deadline, Some(status))?;
        if exit.code() != Some(status) {
            let lang = self.opts.lang;
            return Err(Failure::new(
                Some(number),
                say::wrong_exit_status(lang, status, &describe_exit_in(&exit, lang)),
            )
            .into());
        }
        Ok(())
    }

    /// The program must not have ended.
    pub(super) fn expect_running(&mut self, number: usize) -> Result<(), Stop> {
        let lang = self.opts.lang;
        let program = self.program();
        program.drain();
        if let Some(exit) = program.state.exit {
            return Err(Failure::new(
                Some(number),
                say::ended_early(lang, &describe_exit_in(&exit, lang)),
            )
            .into());
        }
        self.transcript.event(None, say::still_running(lang));
        Ok(())
    }

    /// Waits for the program to end, by any status or signal.
    pub(super) fn expect_ended(
        &mut self,
        number: usize,
        step: &Step,
        deadline: Until,
    ) -> Result<(), Stop> {
        self.wait_for_end(number, step, deadline, None).map(|_| ())
    }

    /// Waits for the program to end and records how; fails when it is still
    /// running at `deadline`, saying what it was expected to do: exit with
    /// `status`, or end at all.
    fn wait_for_end(
        &mut self,
        number: usize,
        step: &Step,
        deadline: Until,
        status: Option<i32>,
    ) -> Result<std::process::ExitStatus, Stop> {
        let lang = self.opts.lang;
        self.wait_program(deadline, |state, _| state.exit.is_some());
        let Some(exit) = self.program().state.exit else {
            return Err(Failure::new(
                Some(number),
                say::still_running_after(lang, status, self.opts.scale(step.timeout)),
            )
            .into());
        };
        self.transcript.event(
            None,
            say::program_ended(lang, &describe_exit_in(&exit, lang)),
        );
        Ok(exit)
    }

    /// Compares the program's whole standard output.
    pub(super) fn expect_stdout(
        &mut self,
        number: usize,
        text: &[u8],
        deadline: Until,
    ) -> Result<(), Stop> {
        let lang = self.opts.lang;
        // Done when it matches, when it can no longer match, or when stdout ended.
        self.wait_program(deadline, |_, p| {
            let out = p.stdout();
            out.closed || out.kept == text || !text.starts_with(&out.kept)
        });
        let got = self.program().stdout().kept;
        if got != text {
            return Err(
                Failure::mismatch(number, say::wrong_stdout(lang), text.to_vec(), got).into(),
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
        deadline: Until,
    ) -> Result<(), Stop> {
        self.wait_program(deadline, |state, _| state.exit.is_some());
        if self.program().state.exit.is_none() {
            return Err(Failure::new(
                Some(number),
                say::running_before_file_check(
                    self.opts.lang,
                    &check.path.display().to_string(),
                    self.opts.scale(step.timeout),
                ),
            )
            .into());
        }
        // Whatever the program left running (a child) could still swap the
        // file: the check waits until every process of the run is gone.
        self.program().terminate();
        let dir = self.dir.clone().expect("files are checked after the start");
        let finding = files::check(&dir, check, self.opts.lang)
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
        deadline: Until,
    ) -> Result<(), Stop> {
        let got = self.finished_stderr(deadline);
        let count = got.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
        if count != lines {
            return Err(Failure::mismatch(
                number,
                say::wrong_stderr_lines(self.opts.lang, lines, count),
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
        deadline: Until,
    ) -> Result<(), Stop> {
        let got = self.finished_stderr(deadline);
        if !got.starts_with(prefix) {
            return Err(Failure::mismatch(
                number,
                say::wrong_stderr_prefix(self.opts.lang, &escape_bytes(prefix)),
                prefix.to_vec(),
                got,
            )
            .into());
        }
        Ok(())
    }

    /// Sends a signal to the program.
    pub(super) fn signal(&mut self, signal: Signal) -> Result<(), Stop> {
        self.program().signal(signal_of(signal));
        self.transcript
            .event(None, say::sent_signal(self.opts.lang, signal.name()));
        Ok(())
    }

    /// Waits on purpose, within the test's budget, on the fair clock: the
    /// program gets the same time to act whatever the machine's load.
    pub(super) fn sleep(&mut self, duration: Duration) -> Result<(), Stop> {
        let until = self.deadline_after(duration);
        self.wait_out(until);
        let pause = self.opts.scale(duration);
        self.transcript
            .event(None, say::waited(self.opts.lang, pause));
        Ok(())
    }

    /// Stderr once the program has ended (or the deadline passed).
    fn finished_stderr(&mut self, deadline: Until) -> Vec<u8> {
        self.wait_program(deadline, |state, p| {
            state.exit.is_some() && p.stderr().closed
        });
        self.program().stderr().kept
    }
}
