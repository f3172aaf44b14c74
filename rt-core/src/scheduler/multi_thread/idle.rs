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
//! 6. **Busy units.** With an idle watch (`runtime/idle_watch.rs`), a
//!    worker holds a busy unit exactly while it is not in `sleepers`: the
//!    unit is taken and released under the sleepers lock, together with the
//!    list change: released when the worker joins `sleepers` (rule 3),
//!    taken for it by the producer that pops it (rule 2, before the
//!    producer unparks it: idle-watch rule 3), or by the worker itself when
//!    it leaves with work of its own (rule 5).

use crate::loom::lock;
use crate::loom::sync::atomic::{AtomicUsize, Ordering};
use crate::loom::sync::Mutex;
use crate::runtime::IdleWatch;

const UNPARK_SHIFT: usize = 16;
const SEARCH_MASK: usize = (1 << UNPARK_SHIFT) - 1;
const UNPARK_ONE: usize = 1 << UNPARK_SHIFT;

pub(crate) struct Idle {
    state: AtomicUsize,
    sleepers: Mutex<Vec<usize>>,
    num_workers: usize,
    /// Rule 6.
    watch: Option<IdleWatch>,
}

impl Idle {
    pub(crate) fn new(num_workers: usize, watch: Option<IdleWatch>) -> Idle {
        assert!(num_workers < SEARCH_MASK, "too many worker threads");
        if let Some(watch) = &watch {
            // Rule 6: every worker starts unparked.
            watch.enter_many(num_workers);
        }
        Idle {
            // Every worker starts unparked and not searching.
            state: AtomicUsize::new(num_workers << UNPARK_SHIFT),
            sleepers: Mutex::new(Vec::with_capacity(num_workers)),
            num_workers,
            watch,
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
        if let Some(watch) = &self.watch {
            // Rule 6: counted before the caller unparks it.
            watch.enter();
        }
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
        if let Some(watch) = &self.watch {
            // Rule 6 (idle-watch rule 2: the worker's queues are empty and
            // its pushes are done).
            watch.exit();
        }
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
                if let Some(watch) = &self.watch {
                    watch.enter(); // rule 6
                }
                true
            }
            None => false,
        }
    }

    #[cfg(test)]
    pub(crate) fn num_searching_now(&self) -> usize {
        Self::num_searching(self.state.load(Ordering::SeqCst))
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn searching_is_bounded_to_half() {
        let idle = Idle::new(4, None);
        assert!(idle.transition_worker_to_searching());
        assert!(idle.transition_worker_to_searching());
        assert!(!idle.transition_worker_to_searching());
        assert!(!idle.transition_worker_from_searching());
        assert!(idle.transition_worker_from_searching());
    }

    #[test]
    fn notify_wakes_a_sleeper_as_searching() {
        let idle = Idle::new(2, None);
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
            let idle = Arc::new(Idle::new(2, None));
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
    use crate::runtime::Idleness;
    use loom::thread;

    /// Idle rule 3: a producer pushing work while the last searcher parks
    /// either sees the searcher (and relies on it) and the searcher then
    /// sees the work, or sees no searcher and wakes a worker. Work is never
    /// left behind with every worker parked.
    #[test]
    fn loom_last_searcher_park_vs_producer_push() {
        loom::model(|| {
            let idle = Arc::new(Idle::new(2, None));
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

    fn watch() -> IdleWatch {
        use crate::runtime::{Park, ParkThread};
        IdleWatch::new(ParkThread::new().unparker())
    }

    /// Rule 6 with idle-watch rules 2, 3 and 5: worker 0 pushes a task
    /// while worker 1, the last searcher, parks; both end parked. A driver
    /// thread checking meanwhile never finds the runtime idle while the
    /// task is queued and nobody was woken for it. The queue is a flag
    /// written with `Release`, read with `Acquire` (weaker than the real
    /// queues), so the count's RMWs must carry the push to the check.
    #[test]
    fn loom_driver_never_sees_idle_with_work_queued() {
        loom::model(|| {
            let watch = watch();
            let idle = Arc::new(Idle::new(2, Some(watch.clone())));
            let queued = Arc::new(AtomicBool::new(false));
            // Worker 1 searches; worker 0 runs a task (the producer).
            assert!(idle.transition_worker_to_searching());

            let (i0, q0) = (idle.clone(), queued.clone());
            let producer = thread::spawn(move || {
                q0.store(true, Ordering::Release);
                fence(Ordering::SeqCst);
                let woke = i0.worker_to_notify();
                assert!(!i0.transition_worker_to_parked(0, false));
                woke
            });
            let (i1, q1) = (idle.clone(), queued.clone());
            let searcher = thread::spawn(move || {
                if i1.transition_worker_to_parked(1, true) {
                    fence(Ordering::SeqCst);
                    if q1.load(Ordering::Acquire) {
                        return i1.worker_to_notify();
                    }
                }
                None
            });

            let seen = watch.check_with(|| false, || queued.load(Ordering::Acquire));
            if seen == Idleness::Busy {
                watch.disarm();
            }
            let woke = [producer.join().unwrap(), searcher.join().unwrap()];
            // Someone was woken for the task (idle rule 3)...
            assert!(
                woke.iter().any(Option::is_some),
                "work queued, nobody woken"
            );
            // ...and it holds a unit until it parks again.
            assert_eq!(watch.units(), 1);
            // Idle only before the push, which worker 0's unit covered.
            assert_ne!(seen, Idleness::Idle, "idle with work on its way");
        });
    }

    /// Idle-watch rule 5: a worker parked in the driver wakes a task into
    /// its stealable queue, releases the driver, then counts itself again
    /// (rule 5 of this file). The next driver holder, checking in between,
    /// sees the task: never idle.
    #[test]
    fn loom_next_driver_holder_sees_work_woken_by_the_previous() {
        loom::model(|| {
            let watch = watch();
            let idle = Arc::new(Idle::new(2, Some(watch.clone())));
            assert!(!idle.transition_worker_to_parked(1, false));
            assert!(!idle.transition_worker_to_parked(0, false));
            let driver = Arc::new(Mutex::new(()));
            let queue0 = Arc::new(AtomicBool::new(false));
            // Worker 0 holds the driver and fires a timer into its queue.
            let guard = driver.lock().unwrap();
            queue0.store(true, Ordering::Release);
            let (d, q, w) = (driver.clone(), queue0.clone(), watch.clone());
            let next = thread::spawn(move || {
                // Worker 1 takes the driver once worker 0 left it.
                let _held = d.lock().unwrap();
                let seen = w.check_with(|| false, || q.load(Ordering::Acquire));
                if seen == Idleness::Busy {
                    w.disarm();
                }
                seen
            });
            drop(guard);
            // Still listed: it leaves on its own account, not searching.
            assert!(!idle.transition_worker_from_parked_with_work(0));
            assert_ne!(next.join().unwrap(), Idleness::Idle);
            assert_eq!(watch.units(), 1);
        });
    }
}
