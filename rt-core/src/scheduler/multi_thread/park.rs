//! Worker parking on the multi-thread runtime: one worker at a time blocks
//! in the driver (I/O, timers); the others block on their own condvar.
//!
//! # Protocol
//!
//! Each worker has a `Parker` whose `state` word takes one of:
//!
//! | state | meaning |
//! |---|---|
//! | `EMPTY` | not parked, no stored notification |
//! | `PARKED_CONDVAR` | blocked (or about to block) on this worker's condvar |
//! | `PARKED_DRIVER` | blocked (or about to block) in the shared driver |
//! | `NOTIFIED` | an unpark not yet consumed by a park |
//!
//! 1. `unpark` swaps in `NOTIFIED` and then wakes whatever it replaced: for
//!    `PARKED_CONDVAR` it takes and releases the mutex before signalling
//!    the condvar (so the signal is ordered after the wait began, rule 3);
//!    for `PARKED_DRIVER` it unparks the driver.
//! 2. `park` consumes `NOTIFIED` without blocking if it finds it. Otherwise
//!    it tries to take the shared driver (`try_lock`: never waits for it).
//! 3. Condvar path: lock the mutex, CAS `EMPTY -> PARKED_CONDVAR` (a failure
//!    means an unpark raced in: consume it), wait until `NOTIFIED` is found
//!    (spurious wake-ups loop), then reset to `EMPTY`.
//! 4. Driver path: CAS `EMPTY -> PARKED_DRIVER` (failure: consume the
//!    notification), park the driver, then swap back to `EMPTY`. An unpark
//!    that saw `PARKED_DRIVER` has unparked the driver, so the driver park
//!    returns; a driver park may also return early, which is allowed
//!    (parks may be spurious).
//! 5. Only the owning worker moves the state out of `NOTIFIED` or into a
//!    `PARKED_*` value; other threads only write `NOTIFIED`.
//!
//! The driver is held only while a worker is parked in it; it is never held
//! while tasks run, so a slow task cannot keep I/O and timers from being
//! processed by whichever worker parks next.

use crate::loom::lock;
use crate::loom::sync::atomic::{AtomicUsize, Ordering};
use crate::loom::sync::{Arc, Condvar, Mutex};
use crate::runtime::park::{Park, Unpark};
use std::time::Duration;

const EMPTY: usize = 0;
const PARKED_CONDVAR: usize = 1;
const PARKED_DRIVER: usize = 2;
const NOTIFIED: usize = 3;

/// The runtime's driver stack, shared by all workers.
pub(crate) struct SharedDriver {
    driver: Mutex<Option<Box<dyn Park>>>,
    unpark: std::sync::Arc<dyn Unpark>,
}

impl SharedDriver {
    pub(crate) fn new(driver: Box<dyn Park>) -> SharedDriver {
        SharedDriver {
            unpark: driver.unparker(),
            driver: Mutex::new(Some(driver)),
        }
    }

    /// Shuts the driver down (blocks until no worker is parked in it).
    pub(crate) fn shutdown(&self) {
        self.unpark.unpark();
        if let Some(driver) = lock(&self.driver).as_mut() {
            driver.shutdown();
        }
    }
}

/// A worker's parker; clones share the same state (the worker parks
/// through a clone while its core stays reachable for wake-ups).
#[derive(Clone)]
pub(crate) struct Parker {
    inner: Arc<Inner>,
}

/// Wakes one worker's `Parker`.
#[derive(Clone)]
pub(crate) struct Unparker {
    inner: Arc<Inner>,
}

struct Inner {
    state: AtomicUsize,
    mutex: Mutex<()>,
    condvar: Condvar,
    shared: Arc<SharedDriver>,
}

impl Parker {
    pub(crate) fn new(shared: Arc<SharedDriver>) -> Parker {
        Parker {
            inner: Arc::new(Inner {
                state: AtomicUsize::new(EMPTY),
                mutex: Mutex::new(()),
                condvar: Condvar::new(),
                shared,
            }),
        }
    }

    pub(crate) fn unparker(&self) -> Unparker {
        Unparker {
            inner: self.inner.clone(),
        }
    }

    /// Blocks until unparked.
    pub(crate) fn park(&self) {
        self.inner.park();
    }

    /// Polls the driver without blocking, if no other worker holds it.
    pub(crate) fn park_zero(&self) {
        if let Ok(mut driver) = self.inner.shared.driver.try_lock() {
            if let Some(driver) = driver.as_mut() {
                driver.park(Some(Duration::ZERO));
            }
        }
    }
}

impl Unparker {
    pub(crate) fn unpark(&self) {
        self.inner.unpark();
    }
}

impl Inner {
    fn park(&self) {
        // Rule 2.
        if self
            .state
            .compare_exchange(NOTIFIED, EMPTY, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
        {
            return;
        }
        match self.shared.driver.try_lock() {
            Ok(mut driver) => match driver.as_mut() {
                Some(driver) => self.park_driver(&mut **driver),
                None => self.park_condvar(),
            },
            Err(_) => self.park_condvar(),
        }
    }

    fn park_condvar(&self) {
        // Rule 3.
        let mut guard = lock(&self.mutex);
        match self
            .state
            .compare_exchange(EMPTY, PARKED_CONDVAR, Ordering::SeqCst, Ordering::SeqCst)
        {
            Ok(_) => {}
            Err(NOTIFIED) => {
                self.state.swap(EMPTY, Ordering::SeqCst);
                return;
            }
            Err(actual) => panic!("inconsistent worker park state: {actual}"),
        }
        loop {
            guard = self.condvar.wait(guard).unwrap_or_else(|e| e.into_inner());
            if self
                .state
                .compare_exchange(NOTIFIED, EMPTY, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
            {
                return;
            }
        }
    }

    fn park_driver(&self, driver: &mut dyn Park) {
        // Rule 4.
        match self
            .state
            .compare_exchange(EMPTY, PARKED_DRIVER, Ordering::SeqCst, Ordering::SeqCst)
        {
            Ok(_) => {}
            Err(NOTIFIED) => {
                self.state.swap(EMPTY, Ordering::SeqCst);
                return;
            }
            Err(actual) => panic!("inconsistent worker park state: {actual}"),
        }
        driver.park(None);
        match self.state.swap(EMPTY, Ordering::SeqCst) {
            NOTIFIED | PARKED_DRIVER => {}
            actual => panic!("inconsistent worker park state: {actual}"),
        }
    }

    fn unpark(&self) {
        // Rule 1.
        match self.state.swap(NOTIFIED, Ordering::SeqCst) {
            EMPTY | NOTIFIED => {}
            PARKED_CONDVAR => {
                drop(lock(&self.mutex));
                self.condvar.notify_one();
            }
            PARKED_DRIVER => self.shared.unpark.unpark(),
            actual => panic!("inconsistent worker park state: {actual}"),
        }
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use crate::runtime::park::ParkThread;
    use loom::thread;

    fn shared() -> Arc<SharedDriver> {
        Arc::new(SharedDriver::new(Box::new(ParkThread::new())))
    }

    #[test]
    fn loom_unpark_reaches_condvar_or_driver_parker() {
        loom::model(|| {
            let shared = shared();
            let a = Parker::new(shared.clone());
            let b = Parker::new(shared);
            let (ua, ub) = (a.unparker(), b.unparker());
            // Two workers park at once: one gets the driver, the other the
            // condvar; each must be woken by its own unpark.
            let th = thread::spawn(move || {
                b.park();
            });
            let t2 = thread::spawn(move || {
                ua.unpark();
                ub.unpark();
            });
            a.park();
            th.join().unwrap();
            t2.join().unwrap();
        });
    }

    #[test]
    fn loom_unpark_before_park_is_not_lost() {
        loom::model(|| {
            let p = Parker::new(shared());
            let u = p.unparker();
            let th = thread::spawn(move || u.unpark());
            p.park();
            th.join().unwrap();
        });
    }
}
