//! Which workers are parked, and how many are searching for work.
//!
//! # Protocol
//!
//! `state` packs two counters: `num_searching` (low 16 bits) and
//! `num_unparked` (the rest). `sleepers` (behind a mutex) lists the parked
//! workers.
//!
//! 1. At most half the workers search (steal) at once
//!    (`transition_worker_to_searching`), which bounds the contention of
//!    idle workers on each other's queues.
//! 2. A producer that made work available (pushed to the injector, or to a
//!    local queue that others may steal from) wakes a parked worker only if
//!    no worker is searching: a searcher will find the work. The woken
//!    worker is counted as unparked *and searching* in the same RMW, under
//!    the sleepers lock, before it is unparked.
//! 3. A worker parks by removing itself from `num_unparked` (and from
//!    `num_searching` if it was searching) and joining `sleepers`, under
//!    the lock. If it was the last searcher, it must then re-check every
//!    queue and wake a worker if it finds work (rule 2 let producers skip
//!    the wake-up while it searched). Both sides put a SeqCst fence between
//!    their queue access and their `state` access, so that either the
//!    producer sees no searcher and wakes someone, or the last searcher
//!    sees the producer's work.
//! 4. A searcher that finds work stops searching; if it was the last
//!    searcher it wakes another parked worker to keep looking (work tends
//!    to come in bursts).
//! 5. A parked worker that finds work of its own (tasks woken into its
//!    queue while it parked in the driver) leaves `sleepers` itself. If a
//!    producer took it out first, the producer already counted it as
//!    unparked *and searching* (rule 2), so the worker must take that
//!    search on (and end it by rule 3 or 4); otherwise `num_searching`
//!    leaks, and rule 2 stops every later wake-up.

use crate::loom::lock;
use crate::loom::sync::atomic::{AtomicUsize, Ordering};
use crate::loom::sync::Mutex;

const UNPARK_SHIFT: usize = 16;
const SEARCH_MASK: usize = (1 << UNPARK_SHIFT) - 1;
const UNPARK_ONE: usize = 1 << UNPARK_SHIFT;

pub(crate) struct Idle {
    state: AtomicUsize,
    sleepers: Mutex<Vec<usize>>,
    num_workers: usize,
}

impl Idle {
    pub(crate) fn new(num_workers: usize) -> Idle {
        assert!(num_workers < SEARCH_MASK, "too many worker threads");
        Idle {
            // Every worker starts unparked and not searching.
            state: AtomicUsize::new(num_workers << UNPARK_SHIFT),
            sleepers: Mutex::new(Vec::with_capacity(num_workers)),
            num_workers,
        }
    }

    fn num_searching(state: usize) -> usize {
        state & SEARCH_MASK
    }

    fn num_unparked(state: usize) -> usize {
        state >> UNPARK_SHIFT
    }

    /// Rule 2: returns the worker to unpark, if one should be woken.
    pub(crate) fn worker_to_notify(&self) -> Option<usize> {
        if !self.notify_should_wakeup() {
            return None;
        }
        let mut sleepers = lock(&self.sleepers);
        if !self.notify_should_wakeup() {
            return None;
        }
        let worker = sleepers.pop()?;
        self.state.fetch_add(UNPARK_ONE | 1, Ordering::SeqCst);
        Some(worker)
    }

    fn notify_should_wakeup(&self) -> bool {
        let state = self.state.load(Ordering::SeqCst);
        Self::num_searching(state) == 0 && Self::num_unparked(state) < self.num_workers
    }

    /// Rule 3: returns `true` if the worker was the last searcher.
    pub(crate) fn transition_worker_to_parked(&self, worker: usize, is_searching: bool) -> bool {
        let mut sleepers = lock(&self.sleepers);
        let dec = UNPARK_ONE | usize::from(is_searching);
        let prev = self.state.fetch_sub(dec, Ordering::SeqCst);
        sleepers.push(worker);
        is_searching && Self::num_searching(prev) == 1
    }

    /// Rule 1: returns `true` if the worker may search.
    pub(crate) fn transition_worker_to_searching(&self) -> bool {
        let state = self.state.load(Ordering::SeqCst);
        if 2 * Self::num_searching(state) >= self.num_workers {
            return false;
        }
        // Racy by design: the bound is a heuristic; a few extra searchers
        // are harmless.
        self.state.fetch_add(1, Ordering::SeqCst);
        true
    }

    /// Rule 4: returns `true` if the worker was the last searcher.
    pub(crate) fn transition_worker_from_searching(&self) -> bool {
        let prev = self.state.fetch_sub(1, Ordering::SeqCst);
        debug_assert!(Self::num_searching(prev) > 0);
        Self::num_searching(prev) == 1
    }

    /// Returns `true` while the worker is in the sleepers list (it was not
    /// woken by rule 2).
    pub(crate) fn is_parked(&self, worker: usize) -> bool {
        lock(&self.sleepers).contains(&worker)
    }

    /// Rule 5: a parked worker resumes because it has work of its own.
    /// Returns `true` if it is now searching (a producer woke it first).
    pub(crate) fn transition_worker_from_parked_with_work(&self, worker: usize) -> bool {
        !self.unpark_worker_by_id(worker)
    }

    /// Takes a parked worker out of the sleepers list on its own account
    /// (it found work in its own queue after a driver park). Returns `true`
    /// if it was still listed.
    pub(crate) fn unpark_worker_by_id(&self, worker: usize) -> bool {
        let mut sleepers = lock(&self.sleepers);
        match sleepers.iter().position(|&w| w == worker) {
            Some(pos) => {
                sleepers.swap_remove(pos);
                self.state.fetch_add(UNPARK_ONE, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }

    #[cfg(any(test, loom))]
    pub(crate) fn num_searching_now(&self) -> usize {
        Self::num_searching(self.state.load(Ordering::SeqCst))
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn searching_is_bounded_to_half() {
        let idle = Idle::new(4);
        assert!(idle.transition_worker_to_searching());
        assert!(idle.transition_worker_to_searching());
        assert!(!idle.transition_worker_to_searching());
        assert!(!idle.transition_worker_from_searching());
        assert!(idle.transition_worker_from_searching());
    }

    #[test]
    fn notify_wakes_a_sleeper_as_searching() {
        let idle = Idle::new(2);
        assert!(!idle.transition_worker_to_parked(1, false));
        assert!(idle.is_parked(1));
        assert_eq!(idle.worker_to_notify(), Some(1));
        assert!(!idle.is_parked(1));
        assert_eq!(idle.num_searching_now(), 1);
        // A searcher exists: no further wake-ups.
        assert!(!idle.transition_worker_to_parked(0, false));
        assert_eq!(idle.worker_to_notify(), None);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;

    /// Rule 5: a producer's wake-up racing a parked worker that found its
    /// own work. Whichever wins, once the worker stops searching the
    /// searching count is back to zero (so later producers still wake
    /// parked workers).
    #[test]
    fn loom_own_work_vs_producer_wakeup_keeps_searching_count() {
        loom::model(|| {
            let idle = Arc::new(Idle::new(2));
            assert!(!idle.transition_worker_to_parked(0, false));
            let i2 = idle.clone();
            let producer = thread::spawn(move || i2.worker_to_notify());
            // Worker 0 resumes with work found in its own queue.
            let searching = idle.transition_worker_from_parked_with_work(0);
            let notified = producer.join().unwrap();
            // The producer can only have picked worker 0 (1 is unparked).
            assert!(notified.is_none() || notified == Some(0));
            assert_eq!(searching, notified.is_some());
            if searching {
                idle.transition_worker_from_searching();
            }
            assert_eq!(idle.num_searching_now(), 0);
            assert!(!idle.is_parked(0));
        });
    }
    use crate::loom::sync::atomic::{fence, AtomicBool};
    use crate::loom::sync::Arc;
    use loom::thread;

    /// Idle rule 3: a producer pushing work while the last searcher parks
    /// either sees the searcher (and relies on it) and the searcher then
    /// sees the work, or sees no searcher and wakes a worker. Work is never
    /// left behind with every worker parked.
    #[test]
    fn loom_last_searcher_park_vs_producer_push() {
        loom::model(|| {
            let idle = Arc::new(Idle::new(2));
            let queue = Arc::new(Mutex::new(Vec::<u32>::new()));
            let woken = Arc::new(AtomicBool::new(false));
            // Worker 1 is already parked; worker 0 is searching.
            assert!(!idle.transition_worker_to_parked(1, false));
            assert!(idle.transition_worker_to_searching());

            let (i2, q2, w2) = (idle.clone(), queue.clone(), woken.clone());
            let producer = thread::spawn(move || {
                q2.lock().unwrap().push(1);
                fence(Ordering::SeqCst);
                if i2.worker_to_notify().is_some() {
                    w2.store(true, Ordering::SeqCst);
                }
            });

            // Worker 0 found nothing and parks as the last searcher.
            let saw_work_before = !queue.lock().unwrap().is_empty();
            let mut handled = saw_work_before;
            if !saw_work_before && idle.transition_worker_to_parked(0, true) {
                fence(Ordering::SeqCst);
                if !queue.lock().unwrap().is_empty() && idle.worker_to_notify().is_some() {
                    handled = true;
                }
            }
            producer.join().unwrap();
            assert!(
                handled || woken.load(Ordering::SeqCst),
                "work pushed but no worker woken"
            );
        });
    }
}
