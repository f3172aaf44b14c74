//! The driver's clock, and with feature `test-util` the controls of the
//! paused clock: `pause`, `resume`, `advance`.
//!
//! Without `test-util` the clock is `std::time::Instant::now()`. With it,
//! the clock of a runtime is `base + (time since unfrozen)`: pausing freezes
//! it (`base = now`, not unfrozen), `advance` moves `base` forward, resuming
//! unfreezes it from where it stands, so it never goes backwards.

#[cfg(feature = "test-util")]
use crate::loom::sync::{atomic::AtomicBool, atomic::Ordering, Mutex};
use crate::Instant;
#[cfg(feature = "test-util")]
use crate::{driver, loom::lock};
#[cfg(feature = "test-util")]
use std::time::Duration;

/// A runtime's source of time.
pub(crate) struct Clock {
    #[cfg(feature = "test-util")]
    paused: AtomicBool,
    #[cfg(feature = "test-util")]
    inner: Mutex<Frozen>,
}

#[cfg(feature = "test-util")]
struct Frozen {
    base: std::time::Instant,
    /// When the clock last started running; `None` while paused.
    unfrozen: Option<std::time::Instant>,
}

impl Clock {
    /// A clock reading the current time, paused at once if `start_paused`
    /// (which needs `test-util`, checked by `driver_layer`).
    pub(crate) fn new(start_paused: bool) -> Clock {
        #[cfg(feature = "test-util")]
        {
            let now = std::time::Instant::now();
            Clock {
                paused: AtomicBool::new(start_paused),
                inner: Mutex::new(Frozen {
                    base: now,
                    unfrozen: if start_paused { None } else { Some(now) },
                }),
            }
        }
        #[cfg(not(feature = "test-util"))]
        {
            debug_assert!(!start_paused, "start_paused needs the test-util feature");
            Clock {}
        }
    }

    pub(crate) fn now(&self) -> Instant {
        #[cfg(feature = "test-util")]
        {
            let frozen = lock(&self.inner);
            let mut now = frozen.base;
            if let Some(unfrozen) = frozen.unfrozen {
                now += unfrozen.elapsed();
            }
            Instant::from_std(now)
        }
        #[cfg(not(feature = "test-util"))]
        {
            Instant::from_std(std::time::Instant::now())
        }
    }

    pub(crate) fn is_paused(&self) -> bool {
        #[cfg(feature = "test-util")]
        {
            self.paused.load(Ordering::Acquire)
        }
        #[cfg(not(feature = "test-util"))]
        {
            false
        }
    }

    /// Advances a paused clock by `by` (auto-advance); returns `false` if
    /// the clock is running.
    #[cfg_attr(not(feature = "test-util"), allow(unused_variables))]
    pub(crate) fn advance_if_paused(&self, by: std::time::Duration) -> bool {
        #[cfg(feature = "test-util")]
        {
            let mut frozen = lock(&self.inner);
            if frozen.unfrozen.is_some() {
                return false;
            }
            // `by` reaches an existing Instant (a timer's tick): no overflow.
            if let Some(base) = frozen.base.checked_add(by) {
                frozen.base = base;
            }
            true
        }
        #[cfg(not(feature = "test-util"))]
        {
            false
        }
    }

    #[cfg(feature = "test-util")]
    fn pause(&self) -> Result<(), &'static str> {
        let mut frozen = lock(&self.inner);
        let Some(unfrozen) = frozen.unfrozen.take() else {
            return Err("`rt::time::pause` called while time is already paused");
        };
        frozen.base += unfrozen.elapsed();
        self.paused.store(true, Ordering::Release);
        Ok(())
    }

    #[cfg(feature = "test-util")]
    fn resume(&self) -> Result<(), &'static str> {
        let mut frozen = lock(&self.inner);
        if frozen.unfrozen.is_some() {
            return Err("`rt::time::resume` called while time is not paused: call `pause` first");
        }
        frozen.unfrozen = Some(std::time::Instant::now());
        self.paused.store(false, Ordering::Release);
        Ok(())
    }

    #[cfg(feature = "test-util")]
    fn advance(&self, by: Duration) -> Result<(), String> {
        let mut frozen = lock(&self.inner);
        if frozen.unfrozen.is_some() {
            return Err(
                "`rt::time::advance` called while time is not paused: call `pause` first".into(),
            );
        }
        frozen.base = frozen.base.checked_add(by).ok_or_else(|| {
            format!("`rt::time::advance({by:?})` would move the clock past the largest `Instant`")
        })?;
        Ok(())
    }
}

/// Pauses time: the runtime's clock stops, [`Instant::now`] returns the
/// same instant until [`advance`] or [`resume`], and timers only fire when
/// time is advanced.
///
/// Works on both scheduler flavours (unlike Tokio, whose paused clock needs
/// the current-thread runtime). Time paused at runtime start:
/// `rt::runtime::Builder::start_paused(true)` or
/// `#[rt::test(start_paused = true)]` (with rt-core alone,
/// `rt_time::driver_layer(true)`).
///
/// # Auto-advance
///
/// While time is paused and the runtime has no work to do, the clock jumps
/// to the next pending timer at once: sleeping an hour completes
/// instantly, and timers fire in deadline order (timers due at the same
/// instant are woken in the order they were registered). "No work" means
/// the whole runtime is idle:
///
/// * no task is runnable, and the `block_on` future is not woken;
/// * on the multi-thread runtime, every worker is parked with an empty
///   queue: a task running (or yielding in a loop) on one worker keeps the
///   clock still for all of them, however long it takes;
/// * no `spawn_blocking` work is queued or running (blocking work counts
///   as work: a closure that takes 200 ms of real time holds the clock for
///   those 200 ms), nor a `block_in_place` section.
///
/// A blocking closure that never returns therefore stops auto-advance for
/// good, and so does one that waits for a timer of this runtime (say
/// `Handle::block_on(sleep(..))` inside `spawn_blocking`): only `advance`
/// moves the clock then. Work started by threads outside the runtime is
/// invisible until it wakes a task: a plain `std::thread` about to send on
/// a channel does not hold the clock.
///
/// Requires feature `test-util`.
///
/// # Panics
///
/// Panics if time is already paused, outside a runtime, or on a runtime
/// without the time driver.
///
/// # Examples
///
/// ```
/// use rt_time::{Duration, Instant};
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_time::driver_layer(false))
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     rt_time::pause();
///     let start = Instant::now();
///     rt_time::sleep(Duration::from_secs(3600)).await; // instant: auto-advance
///     assert!(start.elapsed() >= Duration::from_secs(3600));
/// });
/// ```
///
/// On the multi-thread runtime, blocking work holds the clock:
///
/// ```
/// use rt_time::{sleep, Duration, Instant};
///
/// let rt = rt_core::runtime::Builder::new_multi_thread()
///     .worker_threads(2)
///     .driver_layer(rt_time::driver_layer(true))
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     let start = Instant::now();
///     let blocking = rt_core::task::spawn_blocking(|| {
///         std::thread::sleep(std::time::Duration::from_millis(50));
///     });
///     let timer = rt_core::spawn(async move {
///         sleep(Duration::from_secs(3600)).await;
///     });
///     blocking.await.unwrap();
///     // The hour-long sleep could not complete while the closure ran.
///     assert!(!timer.is_finished());
///     timer.await.unwrap(); // now the runtime is idle: the clock jumps
///     assert!(start.elapsed() >= Duration::from_secs(3600));
/// });
/// ```
#[cfg(feature = "test-util")]
#[track_caller]
pub fn pause() {
    let handle = driver::Handle::current("rt::time::pause");
    if let Err(msg) = handle.clock().pause() {
        panic!("{msg}");
    }
    // On the multi-thread runtime another worker may be parked in the
    // driver with a real timeout: wake it to park the paused way.
    handle.unpark();
}

/// Resumes time paused by [`pause`]: the clock runs again from the instant
/// it shows (it never goes back).
///
/// Requires feature `test-util`.
///
/// # Panics
///
/// Panics if time is not paused, or outside a runtime with the time driver.
///
/// # Examples
///
/// ```
/// use rt_time::{Duration, Instant};
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_time::driver_layer(true))
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     let frozen = Instant::now();
///     assert_eq!(Instant::now(), frozen);
///     rt_time::resume();
///     rt_time::sleep(Duration::from_millis(2)).await; // real time now
///     assert!(Instant::now() > frozen);
/// });
/// ```
#[cfg(feature = "test-util")]
#[track_caller]
pub fn resume() {
    let handle = driver::Handle::current("rt::time::resume");
    if let Err(msg) = handle.clock().resume() {
        panic!("{msg}");
    }
    // Re-arm the driver with real timeouts.
    handle.unpark();
}

/// Advances paused time by `duration`.
///
/// [`Instant::now`] jumps forward by `duration`. Every timer whose
/// millisecond tick the clock reaches fires (in deadline order, ties in
/// registration order) before this returns, and the future yields once so
/// that the tasks they woke run before the caller continues (on the
/// current-thread runtime; on the multi-thread runtime they are queued by
/// then and run on any worker, in parallel with the caller). (A deadline
/// that falls inside the last, unfinished millisecond, possible when time
/// was paused at an arbitrary instant, completes at its next poll.) Unlike sleeping, it does not wait for
/// anything: to run until some timer fires, `sleep` and let auto-advance
/// move the clock (see [`pause`]).
///
/// Requires feature `test-util`.
///
/// # Panics
///
/// Panics if time is not paused, outside a runtime with the time driver,
/// or if `duration` moves the clock past the largest representable
/// instant.
///
/// # Cancel safety
///
/// The clock is advanced and timers fired at the first poll; dropping the
/// future afterwards only skips the final yield.
///
/// # Examples
///
/// ```
/// use rt_time::{Duration, Instant};
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_time::driver_layer(true))
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     let start = Instant::now();
///     let sleep = rt_time::sleep(Duration::from_secs(5));
///     rt_time::advance(Duration::from_secs(5)).await;
///     assert_eq!(start.elapsed(), Duration::from_secs(5));
///     sleep.await; // already due
/// });
/// ```
#[cfg(feature = "test-util")]
pub async fn advance(duration: Duration) {
    let handle = driver::Handle::current("rt::time::advance");
    if let Err(msg) = handle.clock().advance(duration) {
        panic!("{msg}");
    }
    handle.process();
    rt_core::task::yield_now().await;
}
