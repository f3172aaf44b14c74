//! The Park layer: how an idle runtime thread blocks, and how another
//! thread wakes it.
//!
//! A runtime parks through a stack of [`Park`] layers built per
//! `Builder::driver_layer`: the base is a [`ParkThread`] (a condition
//! variable); the I/O driver replaces it with a reactor that blocks in
//! `epoll_wait`; the time driver wraps whatever is below and parks it no
//! longer than the next timer deadline. [`Unpark`] handles wake the parked
//! thread from anywhere.
//!
//! # The `ParkThread` protocol
//!
//! One atomic word, `state`, with three values:
//!
//! | state | meaning |
//! |---|---|
//! | `EMPTY` | no pending notification, nobody parked |
//! | `PARKED` | the parker is blocked (or about to block) on the condvar |
//! | `NOTIFIED` | an unpark happened that no park has consumed yet |
//!
//! 1. `unpark` swaps in `NOTIFIED`. Only if it saw `PARKED` does it take the
//!    mutex (and release it at once) and signal the condvar: taking the
//!    mutex orders the signal after the parker's wait began (rule 2), so the
//!    signal cannot be lost.
//! 2. `park` first tries `NOTIFIED -> EMPTY` (consume and return). Otherwise
//!    it locks the mutex and only then tries `EMPTY -> PARKED`; failing
//!    means an unpark raced in, which it consumes. It waits on the condvar
//!    while holding the mutex, and returns once it consumes `NOTIFIED`
//!    (spurious wake-ups loop) or the timeout elapses (then it resets the
//!    state to `EMPTY`, consuming any notification that raced in).
//! 3. Only the parking thread moves the state out of `NOTIFIED` or into
//!    `PARKED`; unparkers only write `NOTIFIED`. Hence at most one
//!    notification is stored, and an unpark before a park makes that park
//!    return immediately (no lost wake-ups).

use crate::loom::lock;
use crate::loom::sync::atomic::{AtomicUsize, Ordering};
use crate::loom::sync::{Condvar, Mutex};
use std::sync::Arc;
use std::task::{Wake, Waker};
use std::time::{Duration, Instant};

/// Blocks the current thread until woken. Implemented by the default
/// thread parker and by driver crates (the reactor, the timer).
///
/// # Examples
///
/// A layer that counts parks around an inner parker:
///
/// ```
/// use rt_core::runtime::{Park, ParkThread, Unpark};
/// use std::sync::Arc;
/// use std::time::Duration;
///
/// struct Counting<P> { inner: P, parks: usize }
///
/// impl<P: Park> Park for Counting<P> {
///     fn park(&mut self, timeout: Option<Duration>) {
///         self.parks += 1;
///         self.inner.park(timeout);
///     }
///     fn unparker(&self) -> Arc<dyn Unpark> {
///         self.inner.unparker()
///     }
///     fn shutdown(&mut self) {
///         self.inner.shutdown();
///     }
/// }
///
/// let mut p = Counting { inner: ParkThread::new(), parks: 0 };
/// p.unparker().unpark();
/// p.park(None); // returns at once: the notification was stored
/// p.park(Some(Duration::from_millis(1))); // times out
/// assert_eq!(p.parks, 2);
/// ```
pub trait Park: Send + 'static {
    /// Blocks until [`Unpark::unpark`] is called on an unparker of this
    /// park, or `timeout` elapses (`None`: no timeout). A zero timeout polls
    /// (for a driver: processes ready events) without blocking. May return
    /// spuriously. A driver processes its events (wakes tasks) before
    /// returning.
    ///
    /// ```
    /// use rt_core::runtime::{Park, ParkThread};
    /// use std::time::{Duration, Instant};
    ///
    /// let mut park = ParkThread::new();
    /// let start = Instant::now();
    /// park.park(Some(Duration::from_millis(10))); // nobody unparks: times out
    /// assert!(start.elapsed() >= Duration::from_millis(10));
    /// park.park(Some(Duration::ZERO)); // a zero timeout only polls
    /// ```
    fn park(&mut self, timeout: Option<Duration>);

    /// Returns a handle that wakes this park from any thread.
    ///
    /// ```
    /// use rt_core::runtime::{Park, ParkThread};
    ///
    /// let mut park = ParkThread::new();
    /// let unpark = park.unparker();
    /// std::thread::spawn(move || unpark.unpark()).join().unwrap();
    /// park.park(None); // the stored notification makes it return
    /// ```
    fn unparker(&self) -> Arc<dyn Unpark>;

    /// Called once when the runtime shuts down: release resources, wake
    /// everything still waiting on this driver.
    ///
    /// ```
    /// use rt_core::runtime::{Park, ParkThread};
    ///
    /// let mut park = ParkThread::new();
    /// park.shutdown(); // a thread parker holds nothing to release
    /// ```
    fn shutdown(&mut self);
}

/// Wakes a [`Park`] from any thread. A notification sent while the park is
/// not blocked is stored: the next `park` returns immediately.
///
/// ```
/// use rt_core::runtime::{Park, ParkThread, Unpark};
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use std::sync::Arc;
///
/// /// An unparker that counts its wake-ups, around another one.
/// struct Counting {
///     inner: Arc<dyn Unpark>,
///     count: AtomicUsize,
/// }
///
/// impl Unpark for Counting {
///     fn unpark(&self) {
///         self.count.fetch_add(1, Ordering::SeqCst);
///         self.inner.unpark();
///     }
/// }
///
/// let mut park = ParkThread::new();
/// let unpark = Counting { inner: park.unparker(), count: AtomicUsize::new(0) };
/// unpark.unpark();
/// park.park(None);
/// assert_eq!(unpark.count.load(Ordering::SeqCst), 1);
/// ```
pub trait Unpark: Send + Sync + 'static {
    /// Wakes the parked thread, or makes its next park return at once.
    ///
    /// ```
    /// use rt_core::runtime::{Park, ParkThread};
    /// use std::time::Duration;
    ///
    /// let mut park = ParkThread::new();
    /// let unpark = park.unparker();
    /// let waker = std::thread::spawn(move || {
    ///     std::thread::sleep(Duration::from_millis(10));
    ///     unpark.unpark();
    /// });
    /// park.park(None); // blocks until the other thread unparks
    /// waker.join().unwrap();
    /// ```
    fn unpark(&self);
}

const EMPTY: usize = 0;
const PARKED: usize = 1;
const NOTIFIED: usize = 2;

/// The default [`Park`]: a condition variable.
///
/// ```
/// use rt_core::runtime::{Park, ParkThread};
///
/// let mut park = ParkThread::new();
/// let unpark = park.unparker();
/// let t = std::thread::spawn(move || unpark.unpark());
/// park.park(None); // returns once the other thread unparks (or already did)
/// t.join().unwrap();
/// ```
#[derive(Debug)]
pub struct ParkThread {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    state: AtomicUsize,
    mutex: Mutex<()>,
    condvar: Condvar,
}

impl ParkThread {
    /// A new parker with no stored notification.
    ///
    /// ```
    /// use rt_core::runtime::{Park, ParkThread};
    /// use std::time::{Duration, Instant};
    ///
    /// let mut park = ParkThread::new();
    /// let start = Instant::now();
    /// park.park(Some(Duration::from_millis(5))); // nothing stored: waits
    /// assert!(start.elapsed() >= Duration::from_millis(5));
    /// ```
    pub fn new() -> ParkThread {
        ParkThread {
            inner: Arc::new(Inner::new()),
        }
    }
}

impl Default for ParkThread {
    fn default() -> Self {
        ParkThread::new()
    }
}

impl Park for ParkThread {
    fn park(&mut self, timeout: Option<Duration>) {
        self.inner.park(timeout);
    }

    fn unparker(&self) -> Arc<dyn Unpark> {
        self.inner.clone()
    }

    fn shutdown(&mut self) {
        // Wake anything blocked here; nothing else to release.
        self.inner.unpark();
    }
}

impl Inner {
    fn new() -> Inner {
        Inner {
            state: AtomicUsize::new(EMPTY),
            mutex: Mutex::new(()),
            condvar: Condvar::new(),
        }
    }

    fn park(&self, timeout: Option<Duration>) {
        // Rule 2: consume a stored notification without locking.
        if self
            .state
            .compare_exchange(NOTIFIED, EMPTY, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
        {
            return;
        }
        if timeout == Some(Duration::ZERO) {
            return;
        }
        let deadline = timeout.map(|t| Instant::now() + t);
        let mut guard = lock(&self.mutex);
        match self
            .state
            .compare_exchange(EMPTY, PARKED, Ordering::SeqCst, Ordering::SeqCst)
        {
            Ok(_) => {}
            Err(NOTIFIED) => {
                // Rule 2: an unpark raced in between; consume it.
                let prev = self.state.swap(EMPTY, Ordering::SeqCst);
                debug_assert_eq!(prev, NOTIFIED);
                return;
            }
            Err(actual) => panic!("inconsistent park state: {actual}"),
        }
        loop {
            guard = match deadline {
                None => self.condvar.wait(guard).unwrap_or_else(|e| e.into_inner()),
                Some(deadline) => {
                    let now = Instant::now();
                    if now >= deadline {
                        // Rule 2: timed out; consume a racing notification.
                        self.state.swap(EMPTY, Ordering::SeqCst);
                        return;
                    }
                    wait_timeout(&self.condvar, guard, deadline - now)
                }
            };
            if self
                .state
                .compare_exchange(NOTIFIED, EMPTY, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
            {
                return;
            }
            // Spurious wake-up: wait again.
        }
    }

    fn unpark(&self) {
        // Rule 1.
        match self.state.swap(NOTIFIED, Ordering::SeqCst) {
            EMPTY | NOTIFIED => {}
            PARKED => {
                drop(lock(&self.mutex));
                self.condvar.notify_one();
            }
            actual => panic!("inconsistent park state: {actual}"),
        }
    }
}

#[cfg(not(loom))]
fn wait_timeout<'a>(
    condvar: &Condvar,
    guard: std::sync::MutexGuard<'a, ()>,
    dur: Duration,
) -> std::sync::MutexGuard<'a, ()> {
    condvar
        .wait_timeout(guard, dur)
        .unwrap_or_else(|e| e.into_inner())
        .0
}

// loom models no time: a timed wait is an untimed one that may wake
// spuriously, which the park loop tolerates.
#[cfg(loom)]
fn wait_timeout<'a>(
    condvar: &Condvar,
    guard: loom::sync::MutexGuard<'a, ()>,
    _dur: Duration,
) -> loom::sync::MutexGuard<'a, ()> {
    condvar.wait(guard).unwrap()
}

impl Unpark for Inner {
    fn unpark(&self) {
        Inner::unpark(self);
    }
}

impl Wake for Inner {
    fn wake(self: Arc<Self>) {
        self.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.unpark();
    }
}

#[cfg(not(loom))]
thread_local! {
    static CURRENT_PARKER: Arc<Inner> = Arc::new(Inner::new());
}

/// A parker for the current thread, reused across calls on that thread.
pub(crate) struct CachedParkThread {
    inner: Arc<Inner>,
}

impl CachedParkThread {
    pub(crate) fn new() -> CachedParkThread {
        #[cfg(not(loom))]
        let inner = CURRENT_PARKER.with(Arc::clone);
        #[cfg(loom)]
        let inner = Arc::new(Inner::new());
        CachedParkThread { inner }
    }

    pub(crate) fn waker(&self) -> Waker {
        Waker::from(self.inner.clone())
    }

    pub(crate) fn unparker(&self) -> Arc<dyn Unpark> {
        self.inner.clone()
    }

    pub(crate) fn park(&self) {
        self.inner.park(None);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::thread;

    #[test]
    fn loom_park_unpark_no_lost_wakeup() {
        loom::model(|| {
            let inner = Arc::new(Inner::new());
            let unparker = inner.clone();
            let th = thread::spawn(move || unparker.unpark());
            inner.park(None);
            th.join().unwrap();
        });
    }

    #[test]
    fn loom_two_unparks_one_park() {
        loom::model(|| {
            let inner = Arc::new(Inner::new());
            let a = inner.clone();
            let b = inner.clone();
            let t1 = thread::spawn(move || a.unpark());
            let t2 = thread::spawn(move || b.unpark());
            inner.park(None);
            t1.join().unwrap();
            t2.join().unwrap();
            // At most one notification may remain stored.
            let s = inner.state.load(Ordering::SeqCst);
            assert!(s == EMPTY || s == NOTIFIED);
        });
    }

    #[test]
    fn loom_park_twice_with_two_unparks_in_sequence() {
        loom::model(|| {
            let inner = Arc::new(Inner::new());
            let flag = Arc::new(AtomicUsize::new(0));
            let (u, f) = (inner.clone(), flag.clone());
            let th = thread::spawn(move || {
                f.store(1, Ordering::SeqCst);
                u.unpark();
                while f.load(Ordering::SeqCst) != 2 {
                    thread::yield_now();
                }
                u.unpark();
            });
            while flag.load(Ordering::SeqCst) != 1 {
                inner.park(None);
            }
            flag.store(2, Ordering::SeqCst);
            inner.park(None);
            th.join().unwrap();
        });
    }
}
