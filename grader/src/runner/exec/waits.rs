//! The run's waits on its fair clock: deadlines for steps and the test's
//! budget, and waiting on the program or a connection until one of them.

use std::time::{Duration, Instant};

use super::Run;
use crate::runner::clock::{self, Deadline, FairWait, TICK, Until};
use crate::runner::conn::Conn;
use crate::runner::program::{Program, State, describe_exit_in};
use crate::scenario::Step;

impl Run<'_> {
    /// What the run's cgroup says of the program now, where the platform
    /// tells: for its fair clock.
    pub(super) fn usage(&self) -> Option<clock::Usage> {
        self.program.as_ref().and_then(Program::usage)
    }

    /// The earlier of `timeout` of fair time from now and the test's budget.
    pub(super) fn deadline_after(&self, timeout: Duration) -> Until {
        self.clock
            .after(self.opts.scale(timeout), || self.usage())
            .min(self.budget)
    }

    /// The wall-clock instant `until` falls on if the fair clock keeps the
    /// pace it has now (for waits that take an `Instant`).
    pub(super) fn wall_deadline(&self, until: Until) -> Instant {
        Instant::now() + self.clock.left(until, || self.usage()).unwrap_or_default()
    }

    /// The test's budget as a wall-clock instant (see [`Run::wall_deadline`]).
    pub(super) fn budget_instant(&self) -> Instant {
        self.wall_deadline(self.budget)
    }

    /// The earlier of the step's own deadline and the test's budget.
    pub(super) fn step_deadline(&self, step: &Step) -> Until {
        self.deadline_after(step.timeout)
    }

    /// Calls `f` with connection `name` and `until` as a deadline on the
    /// run's fair clock.
    pub(super) fn with_conn<T>(
        &mut self,
        name: &str,
        until: Until,
        f: impl FnOnce(&mut Conn, &dyn Deadline) -> T,
    ) -> T {
        let program = self.program.as_ref();
        let cpu = move || program.and_then(Program::usage);
        let wait = FairWait {
            clock: &self.clock,
            cpu: &cpu,
            until,
        };
        let conn = self
            .conns
            .get_mut(name)
            .expect("connection names are checked at load time");
        f(conn, &wait)
    }

    /// Calls `f` with `until` as a deadline on the run's fair clock.
    pub(super) fn with_wait<T>(&self, until: Until, f: impl FnOnce(&dyn Deadline) -> T) -> T {
        let cpu = || self.usage();
        f(&FairWait {
            clock: &self.clock,
            cpu: &cpu,
            until,
        })
    }

    /// Waits until `done` holds for the program, or `until` passes on the
    /// fair clock; returns whether it held.
    pub(super) fn wait_program(
        &mut self,
        until: Until,
        mut done: impl FnMut(&State, &Program) -> bool,
    ) -> bool {
        loop {
            let left = self.clock.left(until, || self.usage());
            let program = self.program.as_mut().expect("the program starts first");
            let Some(left) = left else {
                return program.wait_until(Instant::now(), &mut done);
            };
            if program.wait_until(Instant::now() + left.min(TICK), &mut done) {
                return true;
            }
        }
    }

    /// Sleeps until `until` on the fair clock.
    pub(super) fn wait_out(&mut self, until: Until) {
        while let Some(left) = self.clock.left(until, || self.usage()) {
            std::thread::sleep(left.min(TICK));
        }
    }

    /// Records the share of `timeout` used since `since` on the fair clock.
    pub(super) fn note_share(&mut self, since: Duration, timeout: Duration) {
        let used = self.clock.now(|| self.usage()).saturating_sub(since);
        let share = used.as_secs_f64() / self.opts.scale(timeout).as_secs_f64().max(1e-9);
        self.deadline_share = self.deadline_share.max(share.min(1.0));
    }
}

pub(super) fn remaining_until(deadline: Instant) -> Duration {
    deadline.saturating_duration_since(Instant::now())
}

/// `Some(why)` when the wait should stop: `Some(exit)` when the program
/// ended (described in `lang`), `None` when time is up.
pub(super) fn exit_or_deadline(
    exit: Option<std::process::ExitStatus>,
    time_is_up: bool,
    lang: crate::lang::Lang,
) -> Option<Option<String>> {
    match exit {
        Some(status) => Some(Some(describe_exit_in(&status, lang))),
        None if time_is_up => Some(None),
        None => None,
    }
}
