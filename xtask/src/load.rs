//! Load, made and measured: busy loops that keep every core busy for
//! `verify --under-load`, and the line `grade` and `bench` print about how
//! close a run came to its limits.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use grader::grading::ExerciseReport;
use grader::lang::Lang;

use crate::text::check as text;

/// The longest a [`Busy`] keeps spinning, even if it is never stopped.
const BUSY_LIMIT: Duration = Duration::from_secs(30 * 60);

/// Threads that keep cores busy until dropped (or for [`BUSY_LIMIT`] at most).
pub(crate) struct Busy {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Busy {
    /// One busy-loop thread per core.
    pub(crate) fn every_core() -> Busy {
        Busy::threads(grader::runner::default_jobs())
    }

    /// `count` busy-loop threads.
    pub(crate) fn threads(count: usize) -> Busy {
        let stop = Arc::new(AtomicBool::new(false));
        let threads = (0..count)
            .map(|_| {
                let stop = Arc::clone(&stop);
                let spin = move || {
                    let until = Instant::now() + BUSY_LIMIT;
                    let mut x = 0_u64;
                    while !stop.load(Ordering::Relaxed) && Instant::now() < until {
                        for _ in 0..10_000 {
                            x = std::hint::black_box(
                                x.wrapping_mul(6364136223846793005).wrapping_add(1),
                            );
                        }
                    }
                };
                std::thread::spawn(spin)
            })
            .collect();
        Busy { stop, threads }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

/// The passed test that came closest to a deadline: its share of the
/// deadline, and where it was (`submission`, exercise, test).
pub(crate) fn closest_call<'a>(
    reports: impl IntoIterator<Item = (&'a str, &'a ExerciseReport)>,
) -> Option<(f64, String)> {
    reports
        .into_iter()
        .flat_map(|(who, report)| report.results.iter().map(move |r| (who, r)))
        .filter(|(_, r)| r.outcome.passed())
        .map(|(who, r)| {
            (
                r.deadline_share,
                format!("{who}: {}/{}", r.exercise, r.name),
            )
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

/// "At most N programs at once (limit L, C cores); the slowest step of a
/// passed test used P% of its deadline (where)", in `lang`.
pub(crate) fn limits_line(limit: usize, closest: Option<(f64, String)>, lang: Lang) -> String {
    let at_once = grader::runner::programs_at_once();
    let cores = grader::runner::default_jobs();
    let (share, place) = closest.unwrap_or((0.0, "-".into()));
    let percent = (share * 100.0).round();
    text::limits(lang, at_once, limit, cores, percent, &place)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_loops_stop_when_dropped() {
        let started = Instant::now();
        let busy = Busy::threads(2);
        std::thread::sleep(Duration::from_millis(20));
        drop(busy);
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
