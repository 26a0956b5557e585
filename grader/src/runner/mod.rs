//! The runner: runs tests against programs, in parallel, under deadlines.
//!
//! Each test starts its program afresh in its own process group and temporary
//! directory, finds its port from the `listening on ADDR` line, plays the
//! steps, and kills the whole group at the end, whatever happened.

mod clock;
mod conn;
mod exec;
mod files;
pub mod packets;
mod program;
mod settle;
mod transcript;
mod unix;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

pub use crate::text::runner::dur as format_duration;
pub use exec::{TRY_ADDR, TRY_SERVER};
pub use program::{OUTPUT_CAP, Programs, describe_exit, describe_exit_in};

use crate::outcome::{TestOutcome, TestResult};
use crate::scenario::TestCase;

/// How a batch of tests runs.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// The run's seed; each test derives its own from it and its name.
    pub seed: u64,
    /// Multiplies every timeout and budget, for slow or loaded machines.
    pub time_scale: f64,
    /// How many tests (each one program) run at once; by default one per
    /// core ([`default_jobs`]), so that no program waits for a core.
    pub jobs: usize,
    /// The language of texts a student reads (test descriptions, hints, quiz feedback).
    pub lang: crate::lang::Lang,
    /// The longest random delay before and after each write of a test (zero:
    /// none), drawn apart from the test's data: `verify --under-load` shakes
    /// scheduling with it to prove that verdicts do not depend on timing.
    pub write_jitter: Duration,
    /// Whether deadlines are on the fair clock of `runner::clock` (the
    /// default), which counts the time the machine could give the program.
    /// Off, they follow the wall clock, as tests of the budget's
    /// enforcement itself need.
    pub fair_clock: bool,
    /// Keep the packet ladders of passing tests too (a failing test's are always kept).
    pub packets: bool,
    /// Keep the captured frames, for `.pcap` files.
    pub keep_frames: bool,
}

impl RunOptions {
    /// Options with `seed`, the time scale from `NETLAB_TIME_SCALE` (default 1)
    /// and one job per core.
    pub fn new(seed: u64) -> Self {
        let time_scale = std::env::var("NETLAB_TIME_SCALE")
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| v.is_finite() && *v > 0.0)
            .unwrap_or(1.0);
        let jobs = default_jobs();
        RunOptions {
            seed,
            time_scale,
            jobs,
            lang: crate::lang::Lang::default(),
            write_jitter: Duration::ZERO,
            fair_clock: true,
            packets: false,
            keep_frames: false,
        }
    }

    /// `duration` stretched by the time scale.
    pub fn scale(&self, duration: Duration) -> Duration {
        duration.mul_f64(self.time_scale)
    }

    /// The seed of one test: the run's seed mixed with the test's name, so a
    /// test draws the same data whichever other tests run.
    pub fn test_seed(&self, name: &str) -> u64 {
        // FNV-1a over the name, then mixed with the run's seed.
        let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        (hash ^ self.seed)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(31)
    }
}

/// One test to run, against the programs that stand for its exercise.
#[derive(Clone, Copy)]
pub struct Job<'a> {
    /// The exercise id, for the result.
    pub exercise: &'a str,
    /// The test.
    pub test: &'a TestCase,
    /// How to start the programs the test names.
    pub programs: &'a Programs,
}

/// How many programs run at once unless told otherwise: one per core.
pub fn default_jobs() -> usize {
    thread::available_parallelism().map_or(2, |n| n.get())
}

/// Tests running now in this process, and the most there have been at once.
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The most tests (each one program) this process has run at once since it
/// started or since [`reset_programs_at_once`].
pub fn programs_at_once() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Starts counting [`programs_at_once`] afresh.
pub fn reset_programs_at_once() {
    PEAK.store(RUNNING.load(Ordering::Relaxed), Ordering::Relaxed);
}

/// How many more times a test is run when its run was the grader's own
/// failure (an [`TestOutcome::Error`]: the grader could not open a socket,
/// make a folder, start the sandbox): such a failure is never the student's,
/// so it gets another try with the same data before it is reported.
pub const GRADER_ERROR_RETRIES: usize = 2;

/// Runs one test now, on this thread; a run that was the grader's failure is
/// run again, up to [`GRADER_ERROR_RETRIES`] times.
pub fn run_test(job: Job<'_>, opts: &RunOptions) -> TestResult {
    let mut result = run_once(job, opts);
    for _ in 0..GRADER_ERROR_RETRIES {
        if !matches!(result.outcome, TestOutcome::Error(_)) {
            break;
        }
        result = run_once(job, opts);
    }
    result
}

fn run_once(job: Job<'_>, opts: &RunOptions) -> TestResult {
    let now = RUNNING.fetch_add(1, Ordering::Relaxed) + 1;
    PEAK.fetch_max(now, Ordering::Relaxed);
    let result = exec::run_test(job.exercise, job.test, job.programs, opts);
    RUNNING.fetch_sub(1, Ordering::Relaxed);
    result
}

/// Runs `jobs` on `opts.jobs` threads; `on_done` hears of each result as it
/// comes. Results come back in the order of `jobs`. Each test first takes
/// one of `slots`, which other batches may share: however many batches run
/// at once, no more tests than there are slots run together.
pub fn run_all_in(
    jobs: &[Job<'_>],
    opts: &RunOptions,
    slots: &Slots,
    on_done: &(dyn Fn(&TestResult) + Sync),
) -> Vec<TestResult> {
    crate::pool::map_in_parallel(jobs, opts.jobs, |job| {
        let result = {
            let _slot = slots.take();
            run_test(*job, opts)
        };
        on_done(&result);
        result
    })
}

/// A counting semaphore bounding how many tests run at once across batches.
#[derive(Debug)]
pub struct Slots {
    free: Mutex<usize>,
    freed: Condvar,
}

impl Slots {
    /// `count` slots (at least one).
    pub fn new(count: usize) -> Self {
        Slots {
            free: Mutex::new(count.max(1)),
            freed: Condvar::new(),
        }
    }

    /// Waits for a free slot; it is given back when the guard drops.
    pub fn take(&self) -> SlotGuard<'_> {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        SlotGuard { slots: self }
    }
}

/// A taken slot of [`Slots`].
#[derive(Debug)]
pub struct SlotGuard<'a> {
    slots: &'a Slots,
}

impl Drop for SlotGuard<'_> {
    fn drop(&mut self) {
        *self.slots.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.slots.freed.notify_one();
    }
}
