//! The one work-sharing loop: a fixed number of threads, each taking the next
//! item until none is left, results in the items' order. Submissions of a
//! class and tests of a batch are both run through it.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `work` on every item of `items` on `threads` threads (at least one,
/// at most one per item); returns the results in the order of `items`.
/// A panic in `work` ends the whole call, as it would on one thread: the
/// callers catch what must not escape.
pub fn map_in_parallel<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, items.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    let result = work(item);
                    results.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every item was taken"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_done_once_and_results_keep_their_order() {
        let items: Vec<u32> = (0..100).collect();
        let done = AtomicUsize::new(0);
        let squares = map_in_parallel(&items, 4, |n| {
            done.fetch_add(1, Ordering::Relaxed);
            n * n
        });
        assert_eq!(done.load(Ordering::Relaxed), 100);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(map_in_parallel(&[] as &[u32], 3, |n| *n).is_empty());
        assert_eq!(map_in_parallel(&[7], 0, |n| n + 1), vec![8]);
    }
}
