//! Whether the whole runtime is idle, for a driver that may act only then:
//! rt-time's paused clock jumps to the next timer only when nothing in the
//! runtime can still run (no task runnable, no worker busy, no blocking
//! work in flight).
//!
//! A driver layer creates an [`IdleWatch`] and inserts it into the
//! runtime's [`Extensions`](super::Extensions); `Builder::build` finds it
//! there and turns the accounting on. Without one, none of this costs
//! anything: every counting site is behind an `Option`.
//!
//! # The protocol
//!
//! One word, `state`: the number of *busy units* (`state >> 1`) and the
//! `ARMED` bit (bit 0). A unit stands for a thread that may run tasks or
//! user code of the runtime, or for work in flight that may wake tasks:
//!
//! | unit | held from | until |
//! |---|---|---|
//! | a multi-thread worker | the start, or being woken (rule 3) | it parks (`Idle::transition_worker_to_parked`) |
//! | a thread in `block_on` that is not the scheduler's driver thread (multi-thread `block_on`, `Handle::block_on`, a current-thread `block_on` waiting for the core) | entering `block_on`, or being woken (rule 6) | it parks, or `block_on` returns |
//! | a `spawn_blocking` task | its spawn | it completed (its `JoinHandle` woken) or was cancelled |
//! | a `block_in_place` section | its start | its end |
//!
//! The *driver thread* (the current-thread `block_on` that holds the core,
//! or the multi-thread worker that holds the shared driver) holds no unit
//! while it is parked: it is the one asking.
//!
//! 1. **Counting.** `enter` adds a unit and `exit` removes one, each a
//!    `SeqCst` read-modify-write of `state`.
//! 2. **Release last.** A unit is released only after everything it did
//!    that makes work for others (pushing or waking a task, waking a
//!    thread) is done, so the `exit` that leaves the count at zero orders
//!    those effects before any check that reads that zero.
//! 3. **Waking hands a unit over.** Whoever wakes a parked thread adds the
//!    thread's unit *before* waking it, while still holding its own unit
//!    (or being the driver thread): a worker woken by idle rule 2 is
//!    counted in `Idle::worker_to_notify` under the sleepers lock, a worker
//!    resuming for work of its own counts itself in
//!    `Idle::unpark_worker_by_id`, a `block_on` thread is counted by the
//!    first waker that finds it parked (rule 6). So the count never passes
//!    through zero between a wake-up and the work it causes.
//! 4. **Checking.** The driver thread calls [`IdleWatch::check_and_arm`]:
//!    first its own queues (work there: [`Idleness::OwnWork`], it returns
//!    to run it and never blocks); then `fetch_or(ARMED)`, which reads the
//!    count in the same RMW. A zero count with no task queued anywhere
//!    (rule 5) is [`Idleness::Idle`]: it disarms and may act. Anything else
//!    is [`Idleness::Busy`]: the bit stays set, the driver parks in the
//!    layer below and calls [`IdleWatch::disarm`] when it wakes.
//! 5. **Queued work without a unit.** At a zero count a task may still sit
//!    in a queue: pushed by a unit that released afterwards (visible to the
//!    check by rule 2), or woken into the queue of a worker that parked in
//!    the driver and has not counted itself again yet (such a worker
//!    pushes what it wakes to its stealable queue, not to its LIFO slot, so
//!    that a next driver thread sees it). A worker is always on its way to
//!    such work (idle rule 3, or the worker itself), so the answer is
//!    `Busy`, and that worker's `exit` ends the wait by rule 7.
//! 6. **`block_on` units.** A `Unit` has a state word: `RUNNING`, `PARKED`
//!    or `NOTIFIED`. To park, the thread CASes `RUNNING -> PARKED`, then
//!    exits its unit, then parks its thread parker; a failed CAS (a waker
//!    stored `NOTIFIED`) means a wake-up came: it keeps its unit, resets to
//!    `RUNNING` and polls again. A waker swaps in `NOTIFIED`; only if it
//!    replaced `PARKED` does it enter the thread's unit (rule 3), then it
//!    unparks the thread. Woken, the thread swaps `RUNNING` back in; if it
//!    replaced `PARKED`, no waker counted it (a spurious or stale wake-up)
//!    and it enters its unit itself.
//! 7. **No lost wake-up of the driver.** The `exit` that takes the count to
//!    zero while `ARMED` is set clears the bit and unparks the layer below
//!    the driver. Arming and that `exit` are RMWs of one word, so one sees
//!    the other: either the driver reads the zero (and answers by rule 4
//!    without blocking on this), or the releaser sees the bit and unparks;
//!    an unpark that comes before the driver blocks is stored by the layer
//!    below (the `Unpark` contract), so its park returns at once.
//!
//! Work started by threads outside the runtime (a plain `std::thread`
//! waking a task) holds no unit: the driver cannot see it coming. Such a
//! wake-up unparks the driver, which is why rt-time also keeps its own
//! "woken" flag.

use super::context;
use super::park::{CachedParkThread, Unpark};
use crate::loom::sync::atomic::{AtomicUsize, Ordering};
use crate::scheduler;
use std::fmt;
use std::sync::Arc;
use std::task::{Wake, Waker};

const ARMED: usize = 1;
const ONE: usize = 2;

/// Tells a driver whether the rest of its runtime is idle, and wakes it
/// when the runtime becomes idle.
///
/// For drivers that act only while nothing else can run: rt-time's paused
/// clock auto-advances only when every worker is parked with empty queues
/// and no `spawn_blocking` work is in flight. A driver layer creates one
/// with the unparker of the layer it parks in, and inserts a clone into
/// the runtime's [`Extensions`](super::Extensions) so that
/// [`Builder::build`](super::Builder::build) turns the accounting on for
/// that runtime. While parked, it calls [`check_and_arm`](Self::check_and_arm):
/// on [`Idleness::Busy`] it parks in the layer below, and is unparked
/// through the given unparker as soon as the runtime becomes idle.
///
/// The source of `rt_core::runtime::idle_watch` documents the accounting
/// protocol and its rules.
///
/// # Examples
///
/// ```
/// use rt_core::runtime::{Builder, IdleWatch, Idleness, ParkThread, Park};
/// use std::sync::Arc;
///
/// // A stand-in for the layer a driver parks in.
/// let mut below = ParkThread::new();
/// let watch = IdleWatch::new(below.unparker());
/// let w = watch.clone();
/// let rt = Builder::new_current_thread()
///     .driver_layer(Arc::new(move |park, ext| {
///         ext.insert(w.clone());
///         Ok(park)
///     }))
///     .build()
///     .unwrap();
/// // Away from the driver's park only the busy units are known: none yet.
/// assert_eq!(watch.check_and_arm(), Idleness::Idle);
///
/// let (tx, rx) = std::sync::mpsc::channel();
/// let blocking = rt.spawn_blocking(move || rx.recv());
/// // Blocking work in flight keeps the runtime busy; the watch is armed.
/// assert_eq!(watch.check_and_arm(), Idleness::Busy);
/// tx.send(7).unwrap();
/// // When the blocking work is over, the runtime is idle: the layer below
/// // is unparked (had it been parked already, it would have woken).
/// below.park(None);
/// watch.disarm();
/// assert_eq!(rt.block_on(blocking).unwrap(), Ok(7));
/// ```
#[derive(Clone)]
pub struct IdleWatch {
    inner: Arc<Inner>,
}

struct Inner {
    /// Busy units `<< 1 | ARMED`.
    state: AtomicUsize,
    /// Wakes the driver parked in the layer below it (rule 7).
    unpark: Arc<dyn Unpark>,
}

/// The answer of [`IdleWatch::check_and_arm`].
///
/// ```
/// use rt_core::runtime::{IdleWatch, Idleness, Park, ParkThread};
///
/// // A watch no runtime registered: nothing counts as busy.
/// let watch = IdleWatch::new(ParkThread::new().unparker());
/// assert_eq!(watch.check_and_arm(), Idleness::Idle);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Idleness {
    /// Nothing in the runtime runs or is runnable, apart from the calling
    /// driver thread; no blocking work is in flight.
    Idle,
    /// The calling thread has runnable tasks of its own: return from the
    /// park to run them (do not block: nobody else will run them).
    OwnWork,
    /// Other threads are busy or have work queued. The watch is armed: the
    /// unparker given to [`IdleWatch::new`] is called once the runtime
    /// becomes idle. Park, then call [`IdleWatch::disarm`].
    Busy,
}

impl IdleWatch {
    /// A watch that calls `unpark` when the runtime becomes idle while the
    /// watch is armed. `unpark` must not block (an [`Unpark`] of a Park
    /// layer never does): it runs on the thread whose work just ended.
    ///
    /// ```
    /// use rt_core::runtime::{IdleWatch, Park, ParkThread};
    ///
    /// let below = ParkThread::new();
    /// let watch = IdleWatch::new(below.unparker());
    /// # drop(watch);
    /// ```
    pub fn new(unpark: Arc<dyn Unpark>) -> IdleWatch {
        IdleWatch {
            inner: Arc::new(Inner {
                state: AtomicUsize::new(0),
                unpark,
            }),
        }
    }

    /// Rule 4: is the runtime idle? Call it from the driver thread, parked
    /// in the driver: its own queues are checked through the thread's
    /// scheduler context; on any other thread only the busy units and the
    /// shared queues count.
    ///
    /// On [`Idleness::Busy`] the watch stays armed until
    /// [`disarm`](Self::disarm).
    ///
    /// ```
    /// use rt_core::runtime::{Builder, IdleWatch, Idleness, Park, ParkThread};
    /// use std::sync::Arc;
    ///
    /// let watch = IdleWatch::new(ParkThread::new().unparker());
    /// let w = watch.clone();
    /// let rt = Builder::new_current_thread()
    ///     .driver_layer(Arc::new(move |park, ext| {
    ///         ext.insert(w.clone()); // registering it makes the runtime count units
    ///         Ok(park)
    ///     }))
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(watch.check_and_arm(), Idleness::Idle);
    /// let (tx, rx) = std::sync::mpsc::channel::<()>();
    /// let job = rt.spawn_blocking(move || rx.recv());
    /// assert_eq!(watch.check_and_arm(), Idleness::Busy, "blocking work in flight");
    /// watch.disarm();
    /// drop(tx);
    /// assert!(rt.block_on(job).unwrap().is_err());
    /// ```
    pub fn check_and_arm(&self) -> Idleness {
        context::with_scheduler(|cx| match cx {
            Some(cx)
                if cx
                    .common()
                    .idle_watch
                    .as_ref()
                    .is_some_and(|w| w.same(self)) =>
            {
                self.check_with(|| cx.has_own_work(), || cx.has_queued_work())
            }
            _ => self.check_with(|| false, || false),
        })
    }

    /// Rule 4 with the queue checks given: `own_work` before arming,
    /// `queued` after the arming RMW read a zero count.
    pub(crate) fn check_with(
        &self,
        own_work: impl FnOnce() -> bool,
        queued: impl FnOnce() -> bool,
    ) -> Idleness {
        if own_work() {
            return Idleness::OwnWork;
        }
        let prev = self.inner.state.fetch_or(ARMED, Ordering::SeqCst);
        if prev >= ONE || queued() {
            return Idleness::Busy;
        }
        self.disarm();
        Idleness::Idle
    }

    /// Ends a wait armed by [`check_and_arm`](Self::check_and_arm): the
    /// runtime no longer unparks the driver when it becomes idle.
    ///
    /// ```
    /// use rt_core::runtime::{IdleWatch, Idleness, Park, ParkThread};
    ///
    /// let watch = IdleWatch::new(ParkThread::new().unparker());
    /// // Idle: nothing to wait for, and the watch is left disarmed.
    /// assert_eq!(watch.check_and_arm(), Idleness::Idle);
    /// watch.disarm(); // harmless when not armed
    /// ```
    pub fn disarm(&self) {
        self.inner.state.fetch_and(!ARMED, Ordering::SeqCst);
    }

    /// Rule 1: a unit becomes busy.
    pub(crate) fn enter(&self) {
        self.enter_many(1);
    }

    pub(crate) fn enter_many(&self, n: usize) {
        self.inner.state.fetch_add(n * ONE, Ordering::SeqCst);
    }

    /// Rules 1, 2 and 7: a unit is done; wakes an armed driver if it was
    /// the last.
    pub(crate) fn exit(&self) {
        let prev = self.inner.state.fetch_sub(ONE, Ordering::SeqCst);
        debug_assert!(prev >= ONE, "idle watch: more units released than taken");
        if prev == ONE | ARMED {
            // Rule 7: clear the bit first, so one arming gets one unpark.
            let prev = self.inner.state.fetch_and(!ARMED, Ordering::SeqCst);
            if prev & ARMED != 0 {
                self.inner.unpark.unpark();
            }
        }
    }

    fn same(&self, other: &IdleWatch) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    #[cfg(test)]
    pub(crate) fn units(&self) -> usize {
        self.inner.state.load(Ordering::SeqCst) / ONE
    }
}

impl fmt::Debug for IdleWatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.inner.state.load(Ordering::Relaxed);
        f.debug_struct("IdleWatch")
            .field("busy_units", &(state / ONE))
            .field("armed", &(state & ARMED != 0))
            .finish_non_exhaustive()
    }
}

/// A unit held for the guard's lifetime (rule 1): a `block_in_place`
/// section.
pub(crate) struct UnitGuard(Option<IdleWatch>);

impl UnitGuard {
    pub(crate) fn enter(watch: Option<&IdleWatch>) -> UnitGuard {
        if let Some(w) = watch {
            w.enter();
        }
        UnitGuard(watch.cloned())
    }
}

impl Drop for UnitGuard {
    fn drop(&mut self) {
        if let Some(w) = &self.0 {
            w.exit();
        }
    }
}

const RUNNING: usize = 0;
const PARKED: usize = 1;
const NOTIFIED: usize = 2;

/// The unit of a thread in `block_on` (rule 6), and the waker of its
/// future.
struct Unit {
    state: AtomicUsize,
    watch: IdleWatch,
    thread: Arc<dyn Unpark>,
}

impl Unit {
    /// Rule 6, waker side: count the thread if it parked, then wake it.
    fn notify(&self) {
        if self.state.swap(NOTIFIED, Ordering::SeqCst) == PARKED {
            self.watch.enter();
        }
        self.thread.unpark();
    }
}

impl Wake for Unit {
    fn wake(self: Arc<Self>) {
        self.notify();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.notify();
    }
}

impl Unpark for Unit {
    fn unpark(&self) {
        self.notify();
    }
}

/// How a thread in `block_on` that is not the driver thread parks: the
/// thread's cached parker, counted as a unit (rule 6) when the runtime has
/// an idle watch. Holds its unit from `new` until dropped.
pub(crate) struct BlockOnPark {
    thread: CachedParkThread,
    unit: Option<Arc<Unit>>,
}

impl BlockOnPark {
    pub(crate) fn new(watch: Option<&IdleWatch>) -> BlockOnPark {
        let thread = CachedParkThread::new();
        let unit = watch.map(|watch| {
            watch.enter();
            Arc::new(Unit {
                state: AtomicUsize::new(RUNNING),
                watch: watch.clone(),
                thread: thread.unparker(),
            })
        });
        BlockOnPark { thread, unit }
    }

    /// For the current runtime's `block_on` on a thread outside it.
    pub(crate) fn for_runtime(rt: &scheduler::Handle) -> BlockOnPark {
        BlockOnPark::new(rt.common().idle_watch.as_ref())
    }

    pub(crate) fn waker(&self) -> Waker {
        match &self.unit {
            Some(unit) => Waker::from(unit.clone()),
            None => self.thread.waker(),
        }
    }

    pub(crate) fn unparker(&self) -> Arc<dyn Unpark> {
        match &self.unit {
            Some(unit) => unit.clone(),
            None => self.thread.unparker(),
        }
    }

    /// Parks until woken (rule 6 around the thread parker).
    pub(crate) fn park(&self) {
        let Some(unit) = &self.unit else {
            self.thread.park();
            return;
        };
        if unit
            .state
            .compare_exchange(RUNNING, PARKED, Ordering::SeqCst, Ordering::SeqCst)
            .is_err()
        {
            // A wake-up came while running: keep the unit, poll again.
            unit.state.store(RUNNING, Ordering::SeqCst);
            return;
        }
        unit.watch.exit();
        self.thread.park();
        if unit.state.swap(RUNNING, Ordering::SeqCst) == PARKED {
            // No waker counted us: a spurious or stale wake-up.
            unit.watch.enter();
        }
    }

    /// Releases the unit early: the thread becomes the driver thread (a
    /// current-thread `block_on` that took the core).
    pub(crate) fn release(&mut self) {
        if let Some(unit) = self.unit.take() {
            unit.watch.exit();
        }
    }

    /// Drives `future` to completion on this thread.
    pub(crate) fn block_on<F: std::future::Future>(self, future: F) -> F::Output {
        let waker = self.waker();
        let mut cx = std::task::Context::from_waker(&waker);
        let mut future = std::pin::pin!(future);
        loop {
            if let std::task::Poll::Ready(v) = crate::coop::budget(|| future.as_mut().poll(&mut cx))
            {
                return v;
            }
            self.park();
        }
    }
}

impl Drop for BlockOnPark {
    fn drop(&mut self) {
        self.release();
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::runtime::Park;
    use crate::runtime::ParkThread;

    struct CountUnparks(std::sync::atomic::AtomicUsize);

    impl Unpark for CountUnparks {
        fn unpark(&self) {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }

    #[test]
    fn last_exit_unparks_an_armed_watch_once() {
        let unparks = Arc::new(CountUnparks(Default::default()));
        let watch = IdleWatch::new(unparks.clone());
        watch.enter_many(2);
        assert_eq!(watch.check_with(|| false, || false), Idleness::Busy);
        watch.exit();
        assert_eq!(unparks.0.load(std::sync::atomic::Ordering::SeqCst), 0);
        watch.exit();
        assert_eq!(unparks.0.load(std::sync::atomic::Ordering::SeqCst), 1);
        // Disarmed by that exit: a later cycle does not unpark.
        watch.enter();
        watch.exit();
        assert_eq!(unparks.0.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert_eq!(watch.check_with(|| false, || false), Idleness::Idle);
    }

    #[test]
    fn own_work_and_queued_work_are_not_idle() {
        let watch = IdleWatch::new(ParkThread::new().unparker());
        assert_eq!(watch.check_with(|| true, || false), Idleness::OwnWork);
        assert_eq!(watch.check_with(|| false, || true), Idleness::Busy);
        watch.disarm();
        assert_eq!(watch.check_with(|| false, || false), Idleness::Idle);
    }

    #[test]
    fn block_on_park_counts_its_thread_while_running() {
        let watch = IdleWatch::new(ParkThread::new().unparker());
        let park = BlockOnPark::new(Some(&watch));
        assert_eq!(watch.units(), 1);
        // A wake-up before parking: the park returns at once, unit kept.
        park.waker().wake_by_ref();
        park.park();
        assert_eq!(watch.units(), 1);
        // A wake-up from another thread while parked hands the unit over.
        let woken = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (waker, w) = (park.waker(), woken.clone());
        let t = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(20));
            w.store(true, std::sync::atomic::Ordering::SeqCst);
            waker.wake();
        });
        while !woken.load(std::sync::atomic::Ordering::SeqCst) {
            park.park();
        }
        t.join().unwrap();
        assert_eq!(watch.units(), 1);
        drop(park);
        assert_eq!(watch.units(), 0);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use crate::loom::sync::atomic::AtomicBool;
    use crate::runtime::{Park, ParkThread};
    use loom::thread;

    /// Rule 7: the last unit's `exit` racing the driver's arm-and-park. The
    /// driver loops until it sees `Idle`; a lost unpark would leave it
    /// parked forever, which loom reports as a deadlock.
    #[test]
    fn loom_last_exit_wakes_the_armed_driver() {
        loom::model(|| {
            let mut park = ParkThread::new();
            let watch = IdleWatch::new(park.unparker());
            watch.enter();
            let w = watch.clone();
            let th = thread::spawn(move || w.exit());
            loop {
                match watch.check_with(|| false, || false) {
                    Idleness::Idle => break,
                    Idleness::Busy => {
                        park.park(None);
                        watch.disarm();
                    }
                    Idleness::OwnWork => unreachable!(),
                }
            }
            th.join().unwrap();
            assert_eq!(watch.units(), 0);
        });
    }

    /// Rules 3 and 6: a busy thread wakes a parked `block_on` thread and
    /// then releases its own unit. The driver may see the runtime idle only
    /// after the woken thread has run and released its unit again, never
    /// in between.
    #[test]
    fn loom_waking_a_block_on_thread_hands_its_unit_over() {
        loom::model(|| {
            let watch = IdleWatch::new(ParkThread::new().unparker());
            let done = Arc::new(AtomicBool::new(false));
            // The waker's unit (a worker running a task).
            watch.enter();
            let (w, d) = (watch.clone(), done.clone());
            let (tx, rx) = loom::sync::mpsc::channel();
            let blocked = thread::spawn(move || {
                let park = BlockOnPark::new(Some(&w));
                tx.send(park.waker()).unwrap();
                park.park();
                // Polls its future again: it was woken (or woke spuriously).
                d.store(true, Ordering::SeqCst);
                drop(park);
            });
            let waker = rx.recv().unwrap();
            let w2 = watch.clone();
            let worker = thread::spawn(move || {
                waker.wake();
                w2.exit();
            });
            if watch.check_with(|| false, || false) == Idleness::Idle {
                assert!(
                    done.load(Ordering::SeqCst),
                    "idle while a woken block_on thread had not run"
                );
            } else {
                watch.disarm();
            }
            worker.join().unwrap();
            blocked.join().unwrap();
            assert_eq!(watch.units(), 0);
        });
    }
}
