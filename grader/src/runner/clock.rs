//! Deadlines that measure the program, not the machine.
//!
//! Every test runs on its own *fair clock*, which advances by the time the
//! machine could give the program rather than by the wall clock:
//!
//! - while the program computes (a thread of the run wants a core: it runs,
//!   waits in the run queue, or waits on the disk; read from the run's
//!   cgroup at every tick), the clock advances by the CPU time it was
//!   given, at most the wall time: a slow-but-correct program is never cut
//!   short because other programs shared its cores (however long it waits
//!   in the run queue between its slices), and a program cannot slow its own
//!   clock by keeping the machine busy itself (a fork bomb's clock is the
//!   wall clock);
//! - while it waits (every thread sleeps by its own doing: for the test, or
//!   because it hangs idle, or polls with a sleep between tries), the clock
//!   advances by the wall time multiplied by the share of a core a runnable
//!   program gets right now, `cores / runnable tasks` (at most 1), read from
//!   the kernel's count of runnable tasks (`/proc/loadavg`) at every tick.
//!
//! On an idle machine both are the wall clock. A hard wall-clock ceiling,
//! [`CEILING`] times the step's timeout, ends any wait whatever the clocks
//! say, so a loaded machine can slow grading down but never hang it.

use std::cell::Cell;
use std::time::{Duration, Instant};

/// The least share of a core a waiting program's clock counts: waiting needs
/// no core, only the grader's own (small) work does, so a loaded machine
/// stretches a hang's wait at most 4 times.
const MIN_SHARE: f64 = 0.25;

/// The longest a wait blocks before it reads the clocks again.
pub(crate) const TICK: Duration = Duration::from_millis(50);

/// Readings of the fair clock closer together than this do not read the
/// run's cgroup again: the clock answers with its last reading, lagging by
/// at most this much, so a caller that polls every few hundred microseconds
/// (settling) does not read every thread's state each time.
const MIN_READ: Duration = Duration::from_millis(10);

/// How many times its timeout a wait may last in wall-clock time, whatever
/// the load: the backstop for hangs.
pub(crate) const CEILING: u32 = 50;

/// What the run's cgroup says of the program at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Usage {
    /// The CPU time its processes have used so far.
    pub(crate) cpu: Duration,
    /// Whether a thread of it wants a core now (running, runnable, or in a
    /// disk wait), rather than sleeping by its own doing.
    pub(crate) wants_cpu: bool,
}

/// When a wait gives up: a fixed instant, or a step's deadline on a fair clock.
pub(crate) trait Deadline {
    /// How long the wait may block before it asks again; `None` once time is up.
    fn next_wait(&self) -> Option<Duration>;
}

impl Deadline for Instant {
    fn next_wait(&self) -> Option<Duration> {
        let left = self.saturating_duration_since(Instant::now());
        (!left.is_zero()).then_some(left)
    }
}

/// A point on a run's fair clock, and the wall-clock ceiling that goes with it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Until {
    /// The fair time (since the run started) at which the wait ends.
    pub(crate) fair: Duration,
    /// The wall-clock instant at which it ends whatever the fair clock says.
    pub(crate) ceiling: Instant,
}

impl Until {
    /// The earlier of two deadlines.
    pub(crate) fn min(self, other: Until) -> Until {
        Until {
            fair: self.fair.min(other.fair),
            ceiling: self.ceiling.min(other.ceiling),
        }
    }
}

/// One run's fair clock; it advances whenever it is read.
#[derive(Debug)]
pub(crate) struct RunClock {
    last: Cell<Reading>,
    cores: f64,
    fair: bool,
}

#[derive(Clone, Copy, Debug)]
struct Reading {
    at: Instant,
    fair: Duration,
    cpu: Option<Duration>,
}

impl RunClock {
    /// A clock at zero, now; `fair`: the fair clock (else the wall clock).
    pub(crate) fn start(fair: bool) -> RunClock {
        RunClock {
            last: Cell::new(Reading {
                at: Instant::now(),
                fair: Duration::ZERO,
                cpu: None,
            }),
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()) as f64,
            fair,
        }
    }

    /// The fair time since the start, advanced to now; `usage` tells what
    /// the run's cgroup says of the program now, when known. It is asked at
    /// most once per [`MIN_READ`] (a wall clock never asks).
    pub(crate) fn now(&self, usage: impl FnOnce() -> Option<Usage>) -> Duration {
        let last = self.last.get();
        let at = Instant::now();
        let wall = at.duration_since(last.at);
        if !self.fair {
            let fair = last.fair + wall;
            self.last.set(Reading {
                at,
                fair,
                cpu: None,
            });
            return fair;
        }
        if wall < MIN_READ {
            return last.fair;
        }
        let usage = usage();
        let cpu = usage.map(|u| u.cpu);
        let used = cpu
            .zip(last.cpu)
            .map(|(now, before)| now.saturating_sub(before));
        let computing = usage.is_some_and(|u| u.wants_cpu);
        let fair = last.fair + advance(wall, core_share(self.cores), used.filter(|_| computing));
        self.last.set(Reading { at, fair, cpu });
        fair
    }

    /// The deadline `timeout` of fair time from now, with its ceiling.
    pub(crate) fn after(&self, timeout: Duration, usage: impl FnOnce() -> Option<Usage>) -> Until {
        Until {
            fair: self.now(usage) + timeout,
            ceiling: Instant::now() + timeout * CEILING,
        }
    }

    /// How far the clock is from `until`: `None` once it is reached.
    pub(crate) fn left(
        &self,
        until: Until,
        usage: impl FnOnce() -> Option<Usage>,
    ) -> Option<Duration> {
        let fair = self.now(usage);
        let wall = until.ceiling.saturating_duration_since(Instant::now());
        let left = until.fair.saturating_sub(fair).min(wall);
        (!left.is_zero()).then_some(left)
    }
}

/// How far the fair clock moves in a tick of `wall` time, when a runnable
/// program gets `share` of a core and the program, computing, used `used`
/// CPU time (`None`: waiting, or not known).
fn advance(wall: Duration, share: f64, used: Option<Duration>) -> Duration {
    match used {
        // Computing: the CPU time it was given, never more than the wall time
        // (threads and processes of its own do not buy it time).
        Some(used) => used.min(wall),
        // Waiting, or unknown: the time it could have had.
        None => wall.mul_f64(share),
    }
}

/// The share of a core a runnable program gets now: `cores / runnable`, at
/// most 1 and at least [`MIN_SHARE`], from the kernel's count of runnable
/// tasks (the reader excluded); 1 where the count is unavailable.
fn core_share(cores: f64) -> f64 {
    let runnable = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| runnable_in(&text));
    match runnable {
        Some(runnable) if runnable as f64 > cores => (cores / runnable as f64).max(MIN_SHARE),
        _ => 1.0,
    }
}

/// Runnable tasks other than the reader, from `/proc/loadavg` ("0.5 0.4 0.3 3/456 789").
fn runnable_in(loadavg: &str) -> Option<u64> {
    let field = loadavg.split_whitespace().nth(3)?;
    let running: u64 = field.split_once('/')?.0.parse().ok()?;
    Some(running.saturating_sub(1))
}

/// A wait against a step's deadline on its run's fair clock, reading the
/// program's CPU time at every tick.
pub(crate) struct FairWait<'a> {
    /// The run's clock.
    pub(crate) clock: &'a RunClock,
    /// What the run's cgroup says of the program now, when known.
    pub(crate) cpu: &'a dyn Fn() -> Option<Usage>,
    /// When the wait ends.
    pub(crate) until: Until,
}

impl Deadline for FairWait<'_> {
    fn next_wait(&self) -> Option<Duration> {
        let left = self.clock.left(self.until, self.cpu)?;
        // The fair clock never runs faster than the wall clock, so sleeping
        // for what is left never oversleeps it.
        Some(left.min(TICK))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn a_computing_program_is_charged_its_cpu_time_a_waiting_one_the_available_time() {
        // Computing but given only part of a core: its CPU time counts, even
        // a tick it spent waiting in the run queue.
        assert_eq!(advance(MS(100), 0.5, Some(MS(30))), MS(30));
        assert_eq!(advance(MS(100), 0.5, Some(MS(0))), MS(0));
        // Threads or forks keeping cores busy: the wall clock, however loaded
        // the machine looks.
        assert_eq!(advance(MS(100), 0.1, Some(MS(190))), MS(100));
        // Waiting (blocked, or hung waiting): the time it could have had.
        assert_eq!(advance(MS(100), 0.5, None), MS(50));
        assert_eq!(advance(MS(100), 1.0, None), MS(100));
    }

    #[test]
    fn the_share_of_a_core_comes_from_the_runnable_count() {
        assert_eq!(runnable_in("6.40 2.06 0.74 16/195 22286"), Some(15));
        assert_eq!(runnable_in("0.00 0.00 0.00 1/100 1"), Some(0));
        assert_eq!(runnable_in("garbage"), None);
    }

    #[test]
    fn a_fixed_instant_and_a_fair_wait_end() {
        let past = Instant::now();
        assert_eq!(past.next_wait(), None);
        let clock = RunClock::start(true);
        let none = || None;
        let wait = FairWait {
            clock: &clock,
            cpu: &none,
            until: clock.after(MS(30), || None),
        };
        let start = Instant::now();
        while let Some(slice) = wait.next_wait() {
            assert!(slice <= TICK);
            std::thread::sleep(slice);
        }
        // At least the timeout of wall time, and at most the ceiling.
        let took = start.elapsed();
        assert!(took >= MS(29), "{took:?}");
        assert!(took <= MS(30) * CEILING + MS(100), "{took:?}");
    }

    #[test]
    fn readings_close_together_ask_the_cgroup_once() {
        let clock = RunClock::start(true);
        let asked = Cell::new(0);
        let usage = || {
            asked.set(asked.get() + 1);
            None
        };
        std::thread::sleep(MIN_READ);
        let first = clock.now(usage);
        // Polled again at once: the last reading, not a new one.
        assert_eq!(clock.now(usage), first);
        assert_eq!(asked.get(), 1);
        std::thread::sleep(MIN_READ);
        assert!(clock.now(usage) >= first + MIN_READ.mul_f64(MIN_SHARE));
        assert_eq!(asked.get(), 2);
        // A wall clock never asks.
        let wall = RunClock::start(false);
        wall.now(usage);
        assert_eq!(asked.get(), 2);
    }

    #[test]
    fn the_ceiling_ends_a_wait_whatever_the_fair_clock_says() {
        let clock = RunClock::start(true);
        let until = Until {
            fair: Duration::from_secs(3600),
            ceiling: Instant::now() + MS(20),
        };
        std::thread::sleep(MS(25));
        assert_eq!(clock.left(until, || None), None);
    }
}
