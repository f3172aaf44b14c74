//! The time driver: a Park layer over a hierarchical timing wheel.
//!
//! # Design
//!
//! * [`Wheel`] is the data structure alone: a hierarchical
//!   hashed timing wheel after G. Varghese and T. Lauck, *Hashed and
//!   Hierarchical Timing Wheels: Data Structures for the Efficient
//!   Implementation of a Timer Facility* (SOSP 1987; IEEE/ACM ToN 1997),
//!   scheme 7: 6 levels × 64 slots, 1 ms ticks, a 64-bit occupancy bitmap
//!   per level. It knows nothing of clocks, locks or parking.
//! * Entries are intrusive: a [`Sleep`](crate::Sleep) owns its
//!   [`Entry`](entry::Entry) and the wheel links pointers to it into slot
//!   lists; inserting and cancelling are O(1), and nothing is allocated per
//!   timer. An entry registers lazily, on its first poll: a timer that is
//!   never polled (a `timeout` whose future is ready at once) never touches
//!   the wheel.
//! * [`Handle`] (the runtime extension resources find through
//!   `rt_core::runtime::Handle::extension`) owns the wheels (one per
//!   worker, below), each behind its own mutex together with the park
//!   bookkeeping ([`Synced`]), the clock, and the unparker of the Park
//!   layer below.
//! * [`Driver`] is the Park layer: `park(timeout)` parks the inner layer no
//!   longer than until the next expiration, then fires what is due (wakers
//!   are called after the lock is released, in batches).
//!
//! # One wheel per worker
//!
//! `Handle` holds `workers + 1` wheels: one per multi-thread worker
//! (`rt_core::runtime::WorkerThreads`, inserted before the layer is built)
//! and a shared one, the only one on the current-thread runtime. A timer
//! registers on the wheel of the worker that first polls it
//! (`rt_core::runtime::current_worker_index`), or on the shared wheel when
//! polled off the workers, and records that index: cancelling, resetting
//! or polling it again from any thread locks that one wheel, never a
//! global lock, so workers that insert and cancel timers do not contend
//! and each wheel's slots stay in its worker's cache. An entry changes
//! wheels only while unlinked (its first poll, or after `Interval`'s lazy
//! reset), and which wheel it is on never matters for correctness.
//!
//! The thread that processes timers (the worker holding the driver, after
//! each park, and any worker's periodic maintenance that finds the driver
//! free) processes all wheels at once: it locks them in index order,
//! advances each to the current tick, and fires their pending entries
//! merged in `(when, seq)` order, where `seq` comes from one counter shared
//! by all wheels. So timers due at the same instant fire in registration
//! order across workers too (the paused clock's determinism), and a timer
//! on the wheel of a worker stuck in a long poll still fires on time.
//! Parking computes the minimum next expiration over all wheels and
//! records it as every wheel's `wake_at`. Locks are only ever taken in
//! index order, and an entry operation takes exactly one.
//!
//! # The entry protocol
//!
//! An entry has an atomic `state` and lock-guarded fields (`prev`/`next`
//! links, `when` tick, `seq`, `location`, `waker`), guarded by the mutex of
//! the wheel the entry names (its *wheel lock*).
//!
//! | state | linked? | who may touch the guarded fields |
//! |---|---|---|
//! | `Unregistered` | no | the owner, under the wheel lock when registering |
//! | `Registered` | in a slot list | whoever holds the wheel lock |
//! | `Pending` | in the pending list | whoever holds the wheel lock |
//! | `Fired` | no | the owner (the wheel is done with it) |
//! | `Cancelled` | no | nobody: the entry is being dropped |
//!
//! Transitions: `Unregistered → Registered` (first poll, owner, lock);
//! `Unregistered → Fired` (first poll of a past deadline, owner, no lock);
//! `Registered → Registered` (cascade to a lower level, wheel, lock);
//! `Registered → Pending` (due, wheel, lock); `Pending → Fired` (fire,
//! wheel, lock); `Registered/Pending → Fired` (a poll after the deadline,
//! ahead of the wheel, owner, lock); `Registered/Pending/Fired → Registered or Fired` (reset,
//! owner, lock); `Registered/Pending → Unregistered` and
//! `Fired → Unregistered` (lazy reset by `Interval`, owner);
//! `Registered/Pending → Cancelled` (drop, owner, lock).
//!
//! 1. **Lifetime.** An entry is linked only while pinned (it lives in a
//!    pinned `Sleep`), and its `Drop` unlinks it under the wheel lock
//!    before the memory goes away. So a pointer found in a wheel list, read
//!    with that wheel's lock held, points to a live entry.
//! 2. **The wheel lock guards the guarded fields.** They are read or
//!    written only by a thread holding the lock of the entry's wheel, or by
//!    the owner of an unlinked entry that no list can reach (rule 5).
//! 3. **State writes.** While linked, `state` is written only under the
//!    wheel lock. While unlinked (`Unregistered`, `Fired`) only the owner
//!    writes it, without the lock: no wheel can reach the entry. The owner
//!    reads `state` without the lock; seeing `Registered` or `Pending` it
//!    takes the lock and reads again, since the wheel may have moved it.
//! 4. **Firing publishes.** The wheel fires a `Pending` entry by unlinking
//!    it, moving its waker out and storing `Fired` with `Release`, in that
//!    order and under the lock; that store is the wheel's last access to
//!    the entry. An owner that loads `Fired` with `Acquire` sees every
//!    write the wheel made, and may use or free the entry without the lock.
//! 5. **One owner.** Registering, resetting and cancelling take
//!    `Pin<&mut Sleep>` (or `&mut` in `Drop`): one thread at a time. The
//!    owner chooses the entry's wheel only while the entry is unlinked.
//! 6. **Cancel.** Dropping an entry whose state reads `Registered` or
//!    `Pending` locks its wheel, reads the state again (it may have fired
//!    meanwhile), unlinks it if still linked and marks it `Cancelled`.
//!    `Unregistered` and `Fired` entries drop without the lock (rules 3, 4).
//! 7. **No user code under the lock.** Wakers are woken, and replaced
//!    wakers dropped, only after the wheel lock is released: a waker may do
//!    anything, including dropping or polling another timer of this wheel.
//! 8. **No lost wake-up.** Storing the waker (poll) and taking it to wake
//!    (fire) both happen under the wheel lock, and a poll that finds
//!    `Fired` under the lock returns `Ready`. So a poll returning `Pending`
//!    has stored a waker that the firing will find.
//! 9. **Shutdown.** `Handle::shutdown` sets `is_shutdown` and then, under
//!    each wheel lock, fires every linked entry as in rule 4. Registration
//!    checks `is_shutdown` under the lock, so no entry is linked after the
//!    shutdown's sweep; polling a timer afterwards panics.
//!
//! # Finding the current driver
//!
//! Every `sleep`, `timeout` and `interval` looks up the current runtime's
//! `Handle` ([`Handle::current`]). The full lookup walks rt-core's
//! extension slots and compares `TypeId`s; each thread keeps instead its
//! last answer in the thread-local `LAST`, a `(runtime id, *const Inner)`
//! pair (`(0, null)` at first: ids start at 1), under these rules:
//!
//! 1. **What is stored.** `LAST` holds `(id, p)` only where `p` is
//!    `Arc::as_ptr` of the `Handle` in the extensions of the runtime whose
//!    id is `id`, as the full lookup found it while that runtime was
//!    current. No reference count is held for it.
//! 2. **When it is used.** A lookup reads the current runtime's id first
//!    (`rt_core::runtime::Handle::current_runtime_id`); `p` is used only if
//!    that id equals the stored one. Ids are never reused in a process, and
//!    a runtime's extensions are fixed once it is built and live as long as
//!    any clone of its handle, such as the one this thread's context holds
//!    for the current runtime; so the `Inner` at `p` is alive, and the
//!    lookup takes its own strong reference before returning.
//!
//! # Parking
//!
//! `Driver::park` computes the next expiration and records it as `wake_at`
//! in each wheel's `Synced` (under its lock) before parking the inner
//! layer; a registration that links an entry due before `wake_at` (from a
//! thread other than the parked one) lowers `wake_at` and unparks the
//! driver through the inner layer's `Unpark`, so the parked thread re-arms
//! its timeout. Since `wake_at` is set and read under the same lock, a
//! registration either is seen by the driver's computation or sees the
//! driver's `wake_at`.
//!
//! With the clock paused (feature `test-util`), `park` first polls the inner
//! layer without blocking; if nothing woke the runtime (the unparker's
//! `did_wake` flag), it asks rt-core's `IdleWatch` (registered by
//! `driver_layer` in the runtime's extensions) whether the rest of the
//! runtime is idle:
//!
//! * `OwnWork` (tasks of the parking thread are runnable, e.g. woken by the
//!   I/O poll just now): return, so the scheduler runs them.
//! * `Busy` (another worker runs tasks, work is queued for one, or blocking
//!   work is in flight): park the inner layer with the watch armed; the
//!   last busy unit to finish unparks it (the watch's rule 7), and `park`
//!   returns so that the scheduler looks again.
//! * `Idle`: poll the layer below once more without blocking (I/O that
//!   became ready while other threads were busy is dispatched first) and
//!   ask again; still idle, advance the clock to the next expiration and
//!   fire the due timers instead of blocking (auto-advance), stepping on
//!   while nothing fires and nothing wakes the runtime; block for real
//!   only when no timer is pending.
//!
//! On the multi-thread runtime the worker holding the shared driver is the
//! one asking; the watch counts the other workers (parked or not), threads
//! in `block_on`, and blocking work. Timers due at the same instant fire in
//! registration order, and the tasks they wake are queued on the driver's
//! worker in that order.

pub(crate) mod entry;
pub(crate) mod wheel;

use crate::clock::Clock;
use crate::loom::lock;
use crate::loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use crate::loom::sync::{Mutex, MutexGuard};
use crate::Instant;
use entry::Shared;
use rt_core::runtime::{DriverLayer, Park, Unpark};
#[cfg(feature = "test-util")]
use rt_core::runtime::{IdleWatch, Idleness};
use std::fmt;
use std::sync::Arc;
use std::task::Waker;
use std::time::Duration;
use wheel::Wheel;

/// Wakers called per lock release while firing.
const WAKE_BATCH: usize = 32;

/// Deadlines saturate here, ticks too: far beyond any real deadline
/// (~5.8 million years of milliseconds), far below overflow.
const MAX_TICK: u64 = u64::MAX >> 8;

/// `wake_at` when the driver is not parked: no registration unparks it.
const NOT_PARKED: u64 = 0;

thread_local! {
    /// This thread's last driver lookup: a runtime id and that runtime's
    /// `Inner`, under the rules of "Finding the current driver" (module doc).
    static LAST: std::cell::Cell<(u64, *const Inner)> =
        const { std::cell::Cell::new((0, std::ptr::null())) };
}

/// The runtime extension through which timers find their driver.
#[derive(Clone)]
pub(crate) struct Handle {
    inner: Arc<Inner>,
}

struct Inner {
    /// The clock; `start` is tick 0.
    clock: Clock,
    start: std::time::Instant,
    /// One per worker, then the shared one; see "One wheel per worker".
    wheels: Box<[Mutex<Synced>]>,
    /// Sequence numbers of registrations, shared by all wheels: the order
    /// of same-tick timers.
    next_seq: AtomicU64,
    unpark: Arc<TimeUnpark>,
    is_shutdown: AtomicBool,
    /// Read back through `RuntimeMetrics::timer_*` (relaxed counters).
    metrics: std::sync::Arc<rt_core::runtime::TimerDriverMetrics>,
}

/// What a wheel lock guards: the wheel and the parked driver's wake-up tick.
pub(crate) struct Synced {
    pub(crate) wheel: Wheel,
    /// The tick at which the parked driver wakes by itself (`u64::MAX`:
    /// never), or `NOT_PARKED`.
    wake_at: u64,
}

impl Synced {
    /// After linking an entry due at `when`: whether the parked driver must
    /// be unparked to re-arm its timeout (it would wake too late otherwise).
    pub(crate) fn note_registration(&mut self, when: u64) -> bool {
        if when < self.wake_at {
            self.wake_at = when;
            true
        } else {
            false
        }
    }
}

/// The driver's `Unpark`: records that something woke the runtime (the
/// paused clock only auto-advances when nothing did), then unparks the
/// layer below.
struct TimeUnpark {
    inner: Arc<dyn Unpark>,
    did_wake: AtomicBool,
}

impl Unpark for TimeUnpark {
    fn unpark(&self) {
        self.did_wake.store(true, Ordering::SeqCst);
        self.inner.unpark();
    }
}

/// Wraps the Park stack so far in a time driver, and registers the
/// driver's handle in the runtime's extensions.
///
/// `rt` (the facade) calls this from `Builder::enable_time()` and
/// `start_paused()`; with rt-core alone, pass it to
/// [`Builder::driver_layer`](rt_core::runtime::Builder::driver_layer).
/// With `start_paused`, the runtime's clock starts paused (see
/// `pause`, feature `test-util`).
///
/// # Panics
///
/// Panics if `start_paused` is true and the `test-util` feature is off.
///
/// # Examples
///
/// ```
/// use rt_core::runtime::Builder;
/// use std::time::Duration;
///
/// let rt = Builder::new_current_thread()
///     .driver_layer(rt_time::driver_layer(false))
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     let start = rt_time::Instant::now();
///     rt_time::sleep(Duration::from_millis(10)).await;
///     assert!(start.elapsed() >= Duration::from_millis(10));
/// });
/// ```
pub fn driver_layer(start_paused: bool) -> DriverLayer {
    assert!(
        !start_paused || cfg!(feature = "test-util"),
        "starting a runtime with its clock paused needs the `test-util` feature of rt-time \
         (the `test-util` feature of rt)"
    );
    Arc::new(move |park, extensions| {
        let workers = extensions
            .get::<rt_core::runtime::WorkerThreads>()
            .map_or(0, |w| w.0);
        let (driver, handle) = Driver::new(park, start_paused, workers);
        extensions.insert(handle.inner.metrics.clone());
        extensions.insert(handle);
        #[cfg(feature = "test-util")]
        if let Some(watch) = &driver.idle_watch {
            // Turns on rt-core's idle accounting for this runtime.
            extensions.insert(watch.clone());
        }
        Ok(Box::new(driver) as Box<dyn Park>)
    })
}

impl Handle {
    /// A driver handle with a wheel for each of `workers` workers plus the
    /// shared wheel.
    pub(crate) fn new(inner_unpark: Arc<dyn Unpark>, start_paused: bool, workers: usize) -> Handle {
        let clock = Clock::new(start_paused);
        let start = clock.now().into_std();
        let wheels = (0..=workers)
            .map(|_| {
                Mutex::new(Synced {
                    wheel: Wheel::new(),
                    wake_at: NOT_PARKED,
                })
            })
            .collect();
        Handle {
            inner: Arc::new(Inner {
                clock,
                start,
                wheels,
                next_seq: AtomicU64::new(0),
                unpark: Arc::new(TimeUnpark {
                    inner: inner_unpark,
                    did_wake: AtomicBool::new(false),
                }),
                is_shutdown: AtomicBool::new(false),
                metrics: Default::default(),
            }),
        }
    }

    /// Counts an entry inserted into a wheel (metrics).
    pub(crate) fn record_registered(&self) {
        self.inner.metrics.record_registered();
    }

    /// Counts entries fired (metrics).
    pub(crate) fn record_fired(&self, n: usize) {
        if n > 0 {
            self.inner.metrics.record_fired(n as u64);
        }
    }

    /// The time driver of the current runtime, for the public function
    /// `api`; panics with what to do when there is none. See "Finding the
    /// current driver" in the module doc.
    #[track_caller]
    #[inline]
    pub(crate) fn current(api: &str) -> Handle {
        let id = match rt_core::runtime::Handle::current_runtime_id() {
            Ok(id) => id,
            Err(e) => Self::no_context(api, e),
        };
        let (last_id, inner) = LAST.get();
        if last_id == id {
            // SAFETY: `LAST` holds `inner` for runtime `id` (rule 1 of
            // "Finding the current driver"), and runtime `id` is current on
            // this thread, so the `Arc` it points to is alive (rule 2). The
            // count taken here is the one the new `Arc` owns.
            let inner = unsafe {
                Arc::increment_strong_count(inner);
                Arc::from_raw(inner)
            };
            return Handle { inner };
        }
        Self::current_uncached(api, id)
    }

    /// [`current`](Self::current) when this thread's cache is for another
    /// runtime: the full lookup, then the cache update (rule 1).
    #[cold]
    #[track_caller]
    fn current_uncached(api: &str, id: u64) -> Handle {
        // Where the runtime's extensions keep this handle: the same slot in
        // every runtime built the usual way, so a hit skips the scan.
        static SLOT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let found =
            rt_core::runtime::Handle::with_current_extension_hinted(&SLOT, |h: Option<&Handle>| {
                h.cloned()
            });
        match found {
            Ok(Some(handle)) => {
                // Rule 1: still on this thread, so runtime `id` is the one
                // just searched.
                LAST.set((id, Arc::as_ptr(&handle.inner)));
                handle
            }
            Ok(None) => panic!(
                "`{api}` needs the time driver: build the runtime with `enable_time()` or \
                 `enable_all()`"
            ),
            Err(e) => Self::no_context(api, e),
        }
    }

    /// The panic of [`current`](Self::current) outside a runtime.
    #[cold]
    #[track_caller]
    fn no_context(api: &str, e: rt_core::runtime::TryCurrentError) -> ! {
        if e.is_missing_context() {
            panic!(
                "`{api}` called outside of an rt runtime: there is no runtime on this thread. \
                 Call it from a task, inside `Runtime::block_on`, or after `Runtime::enter`, on \
                 a runtime built with `enable_time()` or `enable_all()`"
            )
        } else {
            panic!(
                "`{api}` called while this thread's rt runtime context is being destroyed (the \
                 thread is exiting)"
            )
        }
    }

    /// The current runtime's time driver, if any.
    #[cfg(feature = "test-util")]
    pub(crate) fn try_current() -> Option<Handle> {
        let rt = rt_core::runtime::Handle::try_current().ok()?;
        rt.extension::<Handle>().cloned()
    }

    pub(crate) fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The current time of this driver's clock.
    pub(crate) fn now(&self) -> Instant {
        self.inner.clock.now()
    }

    /// The tick at which a timer with `deadline` fires (rounded up: a timer
    /// never fires early), saturating.
    pub(crate) fn deadline_to_tick(&self, deadline: Instant) -> u64 {
        let since = deadline
            .into_std()
            .saturating_duration_since(self.inner.start);
        let ms = since.as_nanos().div_ceil(1_000_000);
        ms.min(u128::from(MAX_TICK)) as u64
    }

    /// The tick containing `now` (rounded down).
    pub(crate) fn instant_to_tick(&self, now: Instant) -> u64 {
        let since = now.into_std().saturating_duration_since(self.inner.start);
        since.as_millis().min(u128::from(MAX_TICK)) as u64
    }

    /// The instant tick `tick` starts, `None` if not representable.
    pub(crate) fn tick_to_instant(&self, tick: u64) -> Option<Instant> {
        self.inner
            .start
            .checked_add(Duration::from_millis(tick))
            .map(Instant::from_std)
    }

    /// For a timer's first poll: `None` if `deadline` has passed, else its
    /// tick.
    pub(crate) fn due(&self, deadline: Instant) -> Option<u64> {
        if deadline <= self.now() {
            None
        } else {
            Some(self.deadline_to_tick(deadline))
        }
    }

    /// The wheel a timer polled on this thread registers on: this worker's,
    /// else the shared one (see "One wheel per worker"). A worker of another
    /// runtime may get any in-range wheel, which is only less local.
    pub(crate) fn wheel_for_current_thread(&self) -> usize {
        let shared = self.inner.wheels.len() - 1;
        match rt_core::runtime::current_worker_index() {
            Some(i) if i < shared => i,
            _ => shared,
        }
    }

    /// The sequence number of a registration being linked now.
    pub(crate) fn next_seq(&self) -> u64 {
        self.inner.next_seq.fetch_add(1, Ordering::Relaxed)
    }

    pub(crate) fn lock_wheel(&self, idx: usize) -> MutexGuard<'_, Synced> {
        lock(&self.inner.wheels[idx])
    }

    pub(crate) fn is_shutdown(&self) -> bool {
        self.inner.is_shutdown.load(Ordering::Acquire)
    }

    /// Panics if the driver has shut down.
    #[track_caller]
    pub(crate) fn assert_running(&self) {
        if self.is_shutdown() {
            Handle::shutdown_panic();
        }
    }

    /// The panic of a timer polled after its driver shut down; the message
    /// starts with [`Error::shutdown`](crate::error::Error::shutdown)'s.
    #[track_caller]
    pub(crate) fn shutdown_panic() -> ! {
        panic!(
            "{}. An rt timer was polled after its runtime shut down: the runtime that owns \
             this `Sleep`/`Timeout`/`Interval` is shutting down or has been dropped, and its \
             time driver no longer runs. Poll timers only on a live runtime",
            crate::error::Error::shutdown()
        );
    }

    /// Wakes the parked driver.
    pub(crate) fn unpark(&self) {
        self.inner.unpark.unpark();
    }

    /// Processes the wheels up to the clock's current time and fires what
    /// is due; returns how many entries fired.
    pub(crate) fn process(&self) -> usize {
        let now = self.instant_to_tick(self.now());
        self.process_at(now)
    }

    /// Processes the wheels up to tick `now` and fires what is due.
    pub(crate) fn process_at(&self, now: u64) -> usize {
        let mut guards = self.lock_all();
        for synced in &mut guards {
            synced.wheel.advance(now);
        }
        self.fire_pending(guards)
    }

    /// Every wheel's lock, in index order (the only order in which more
    /// than one is ever held).
    fn lock_all(&self) -> Vec<MutexGuard<'_, Synced>> {
        (0..self.inner.wheels.len())
            .map(|idx| self.lock_wheel(idx))
            .collect()
    }

    /// Fires the pending entries of all wheels, merged in `(when, seq)`
    /// order, waking in batches with the locks released (rule 7).
    fn fire_pending<'a>(&'a self, mut guards: Vec<MutexGuard<'a, Synced>>) -> usize {
        let mut fired = 0;
        let mut wakers: Vec<Waker> = Vec::new();
        loop {
            while wakers.len() < WAKE_BATCH {
                let next = guards
                    .iter()
                    .enumerate()
                    .filter_map(|(idx, g)| g.wheel.first_pending_key().map(|key| (key, idx)))
                    .min();
                let Some((_, idx)) = next else {
                    break;
                };
                let entry = guards[idx]
                    .wheel
                    .pop_pending()
                    .expect("a wheel with a first pending key has a pending entry");
                // SAFETY: `entry` was linked in wheel `idx` until
                // `pop_pending` just now and we still hold its lock: alive
                // (rule 1) and ours (rule 2); firing it is rule 4.
                if let Some(waker) = unsafe { Shared::fire(entry) } {
                    wakers.push(waker);
                }
                fired += 1;
            }
            let more = guards.iter().any(|g| g.wheel.has_pending());
            drop(guards);
            for waker in wakers.drain(..) {
                waker.wake();
            }
            if !more {
                self.record_fired(fired);
                return fired;
            }
            guards = self.lock_all();
        }
    }

    /// Before parking: the earliest next expiration over all wheels, and
    /// records it as each wheel's `wake_at`.
    fn prepare_park(&self) -> Option<u64> {
        let mut guards = self.lock_all();
        let next = guards
            .iter()
            .filter_map(|g| g.wheel.next_expiration())
            .min();
        for g in &mut guards {
            g.wake_at = next.unwrap_or(u64::MAX).max(NOT_PARKED + 1);
        }
        next
    }

    /// After parking: registrations no longer need to unpark.
    fn finish_park(&self) {
        for idx in 0..self.inner.wheels.len() {
            self.lock_wheel(idx).wake_at = NOT_PARKED;
        }
    }

    /// Rule 9: refuses new registrations and fires every entry.
    pub(crate) fn shutdown(&self) {
        self.inner.is_shutdown.store(true, Ordering::SeqCst);
        let mut guards = self.lock_all();
        for synced in &mut guards {
            synced.wheel.expire_all();
        }
        self.fire_pending(guards);
    }

    /// Entries linked in all wheels.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        (0..self.inner.wheels.len())
            .map(|idx| self.lock_wheel(idx).wheel.len())
            .sum()
    }

    /// Registrations ever made on all wheels.
    #[cfg(all(test, not(loom)))]
    pub(crate) fn registrations(&self) -> u64 {
        (0..self.inner.wheels.len())
            .map(|idx| self.lock_wheel(idx).wheel.registrations())
            .sum()
    }
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("wheels", &self.inner.wheels.len())
            .field("is_shutdown", &self.is_shutdown())
            .finish_non_exhaustive()
    }
}

/// The time driver: a Park layer over the layer below.
pub(crate) struct Driver {
    park: Box<dyn Park>,
    handle: Handle,
    /// Whether the rest of the runtime is idle (auto-advance waits for it);
    /// it unparks `park` when the runtime becomes idle. Only with the
    /// controllable clock.
    #[cfg(feature = "test-util")]
    idle_watch: Option<IdleWatch>,
}

impl Driver {
    pub(crate) fn new(park: Box<dyn Park>, start_paused: bool, workers: usize) -> (Driver, Handle) {
        let handle = Handle::new(park.unparker(), start_paused, workers);
        (
            Driver {
                #[cfg(feature = "test-util")]
                idle_watch: Some(IdleWatch::new(park.unparker())),
                park,
                handle: handle.clone(),
            },
            handle,
        )
    }

    fn park_timed(&mut self, timeout: Option<Duration>) {
        if timeout == Some(Duration::ZERO) {
            self.park.park(timeout);
            return;
        }
        let h = &self.handle;
        let until_next = h
            .prepare_park()
            .and_then(|tick| h.tick_to_instant(tick))
            .map(|at| at.saturating_duration_since(h.now()));
        let timeout = match (timeout, until_next) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.park.park(timeout);
        h.finish_park();
    }

    /// Parks with the clock paused: auto-advance instead of blocking, once
    /// the rest of the runtime is idle.
    fn park_paused(&mut self, timeout: Option<Duration>) {
        let h = self.handle.clone();
        self.park.park(Some(Duration::ZERO));
        let woken = h.inner.unpark.did_wake.swap(false, Ordering::SeqCst);
        if woken || timeout == Some(Duration::ZERO) {
            return;
        }
        let mut budget = timeout;
        loop {
            #[cfg(feature = "test-util")]
            if let Some(watch) = &self.idle_watch {
                match watch.check_and_arm() {
                    Idleness::Idle => {
                        // Idle now. Events that became ready while others
                        // were busy (I/O readiness) are dispatched before
                        // the clock moves: poll the layer below once more,
                        // and ask again.
                        self.park.park(Some(Duration::ZERO));
                        if h.inner.unpark.did_wake.load(Ordering::SeqCst)
                            || watch.check_and_arm() != Idleness::Idle
                        {
                            watch.disarm();
                            break;
                        }
                    }
                    // Tasks of this thread are runnable: run them first.
                    Idleness::OwnWork => break,
                    Idleness::Busy => {
                        // Another thread runs tasks or blocking work is in
                        // flight: wait until the runtime is idle (the watch
                        // unparks the layer below) or something wakes us,
                        // and let the scheduler look again.
                        self.park.park(budget);
                        watch.disarm();
                        break;
                    }
                }
            }
            let next = h.prepare_park().and_then(|tick| h.tick_to_instant(tick));
            let Some(target) = next else {
                // No timer to advance to: block until woken (or timeout).
                self.park.park(budget);
                break;
            };
            let step = target.saturating_duration_since(h.now());
            if let Some(left) = budget {
                if left < step {
                    h.clock().advance_if_paused(left);
                    break;
                }
                budget = Some(left - step);
            }
            if !h.clock().advance_if_paused(step) {
                break; // resumed meanwhile
            }
            if h.process() > 0 || h.inner.unpark.did_wake.load(Ordering::SeqCst) {
                break;
            }
        }
        h.finish_park();
    }
}

impl Park for Driver {
    fn park(&mut self, timeout: Option<Duration>) {
        if self.handle.clock().is_paused() {
            self.park_paused(timeout);
        } else {
            self.park_timed(timeout);
        }
        self.handle.process();
    }

    fn unparker(&self) -> Arc<dyn Unpark> {
        self.handle.inner.unpark.clone()
    }

    fn shutdown(&mut self) {
        self.handle.shutdown();
        self.park.shutdown();
    }
}

/// A waker that does nothing (`Waker::noop` is newer than our MSRV).
#[cfg(all(test, not(loom)))]
pub(crate) fn noop_waker() -> Waker {
    struct Noop;
    impl std::task::Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }
    Waker::from(Arc::new(Noop))
}

#[cfg(all(test, loom))]
mod loom_tests;

#[cfg(all(test, not(loom)))]
mod tests {
    use super::entry::{Shared, State};
    use super::wheel::Insert;
    use super::*;
    use std::pin::Pin;
    use std::ptr::NonNull;

    struct NoUnpark;

    impl Unpark for NoUnpark {
        fn unpark(&self) {}
    }

    /// Records its index when woken.
    struct Record(usize, Arc<std::sync::Mutex<Vec<usize>>>);

    impl std::task::Wake for Record {
        fn wake(self: Arc<Self>) {
            self.1.lock().unwrap().push(self.0);
        }
    }

    #[test]
    fn same_tick_timers_on_different_wheels_fire_in_registration_order() {
        let handle = Handle::new(Arc::new(NoUnpark), false, 3);
        let order = Arc::new(std::sync::Mutex::new(Vec::new()));
        let all: Vec<Pin<Box<Shared>>> = (0..12).map(|_| Box::pin(Shared::new())).collect();
        for (i, e) in all.iter().enumerate() {
            // Scattered over the four wheels, not in wheel order.
            let idx = (i * 7) % 4;
            let when = if i % 3 == 0 { 50 } else { 40 };
            let waker = Waker::from(Arc::new(Record(i, order.clone())));
            let mut synced = handle.lock_wheel(idx);
            // SAFETY: test-only: the entry is pinned, unlinked, and outlives
            // the wheel's use of it (every entry fires below); we hold the
            // lock of wheel `idx`.
            unsafe {
                e.with_guarded(|g| g.waker = Some(waker));
                let linked = synced
                    .wheel
                    .insert(NonNull::from(&**e), when, handle.next_seq());
                assert_eq!(linked, Insert::Linked);
            }
        }
        assert_eq!(handle.process_at(39), 0, "nothing fires early");
        assert_eq!(handle.process_at(100), 12);
        let expected: Vec<usize> = (0..12)
            .filter(|i| i % 3 != 0)
            .chain((0..12).filter(|i| i % 3 == 0))
            .collect();
        assert_eq!(*order.lock().unwrap(), expected);
        assert!(all.iter().all(|e| e.state() == State::Fired));
    }

    #[test]
    fn timers_register_on_the_polling_workers_wheel() {
        let rt = rt_core::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .driver_layer(driver_layer(false))
            .build()
            .unwrap();
        let on_workers = rt.block_on(async {
            let mut seen = Vec::new();
            for _ in 0..8 {
                seen.push(
                    rt_core::spawn(async {
                        let h = Handle::current("test");
                        (
                            h.inner.wheels.len(),
                            rt_core::runtime::current_worker_index(),
                            h.wheel_for_current_thread(),
                        )
                    })
                    .await
                    .unwrap(),
                );
            }
            seen
        });
        for (wheels, worker, wheel) in on_workers {
            assert_eq!(wheels, 3, "two worker wheels and the shared one");
            assert_eq!(Some(wheel), worker, "a worker uses its own wheel");
        }
        let off_workers = rt.block_on(async { Handle::current("test").wheel_for_current_thread() });
        assert_eq!(off_workers, 2, "block_on uses the shared wheel");
        let current = rt_core::runtime::Builder::new_current_thread()
            .driver_layer(driver_layer(false))
            .build()
            .unwrap();
        let wheels = current.block_on(async { Handle::current("test").inner.wheels.len() });
        assert_eq!(
            wheels, 1,
            "the current-thread runtime has only the shared wheel"
        );
    }
}
