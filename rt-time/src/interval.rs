use crate::driver::Handle;
use crate::{Instant, Sleep};
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;

/// Lateness beyond which a tick counts as missed.
const MISSED_TOLERANCE: Duration = Duration::from_millis(5);

/// Creates an [`Interval`] that ticks every `period`, the first tick
/// completing immediately.
///
/// Equivalent to `interval_at(Instant::now(), period)`. Missed ticks are
/// handled by [`MissedTickBehavior::Burst`] unless changed with
/// [`Interval::set_missed_tick_behavior`].
///
/// # Panics
///
/// Panics if `period` is zero, when called outside a runtime, or on a
/// runtime built without the time driver.
///
/// # Examples
///
/// ```
/// use rt_time::{interval, Duration, Instant};
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_time::driver_layer(false))
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     let start = Instant::now();
///     let mut ticks = interval(Duration::from_millis(10));
///     ticks.tick().await; // immediately
///     ticks.tick().await; // 10 ms later
///     ticks.tick().await; // 20 ms after the start
///     assert!(start.elapsed() >= Duration::from_millis(20));
/// });
/// ```
#[track_caller]
pub fn interval(period: Duration) -> Interval {
    assert!(period > Duration::ZERO, "`period` must be non-zero.");
    let handle = Handle::current("rt::time::interval");
    let start = handle.now();
    Interval::new(start, period, handle)
}

/// Creates an [`Interval`] whose first tick completes at `start`, then
/// every `period`.
///
/// # Panics
///
/// Panics if `period` is zero, when called outside a runtime, or on a
/// runtime built without the time driver.
///
/// # Examples
///
/// ```
/// use rt_time::{interval_at, Duration, Instant};
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_time::driver_layer(false))
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     let start = Instant::now() + Duration::from_millis(10);
///     let mut ticks = interval_at(start, Duration::from_millis(10));
///     assert_eq!(ticks.tick().await, start);
///     assert_eq!(ticks.tick().await, start + Duration::from_millis(10));
/// });
/// ```
#[track_caller]
pub fn interval_at(start: Instant, period: Duration) -> Interval {
    assert!(period > Duration::ZERO, "`period` must be non-zero.");
    Interval::new(start, period, Handle::current("rt::time::interval_at"))
}

/// What an [`Interval`] does when ticks were missed: when a tick is polled
/// more than a few milliseconds after it was due (the task was busy, the
/// runtime overloaded, or time was advanced).
///
/// # Examples
///
/// ```
/// use rt_time::{interval, Duration, MissedTickBehavior};
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_time::driver_layer(false))
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     let mut ticks = interval(Duration::from_millis(50));
///     assert_eq!(ticks.missed_tick_behavior(), MissedTickBehavior::Burst);
///     ticks.set_missed_tick_behavior(MissedTickBehavior::Skip);
///     assert_eq!(ticks.missed_tick_behavior(), MissedTickBehavior::Skip);
/// });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissedTickBehavior {
    /// Catch up: the missed ticks complete immediately, one per call,
    /// until the schedule is met again; later ticks keep the original
    /// schedule (`start + n * period`). The default.
    ///
    /// Period 10 ms, ticks due at 10, 20, 30, polled late at 35: ticks
    /// complete at 35 (10), 35 (20), 35 (30), then 40, 50, ...
    #[default]
    Burst,
    /// Start over from the late tick: the next tick is one `period` after
    /// the moment the late one completed, and the schedule shifts.
    ///
    /// Same example: ticks complete at 35 (the one due at 10), then 45, 55.
    Delay,
    /// Drop the missed ticks: the next tick is the next one on the original
    /// schedule after now.
    ///
    /// Same example: ticks complete at 35 (the one due at 10), then 40, 50.
    Skip,
}

impl MissedTickBehavior {
    /// The deadline after the tick due at `timeout` completed late, at `now`.
    fn next_timeout(self, timeout: Instant, now: Instant, period: Duration) -> Instant {
        let next = match self {
            MissedTickBehavior::Burst => timeout.checked_add(period),
            MissedTickBehavior::Delay => now.checked_add(period),
            MissedTickBehavior::Skip => {
                let late = now.saturating_duration_since(timeout).as_nanos();
                let to_next = period.as_nanos() - late % period.as_nanos();
                // `0 < to_next <= period`, so this fits in a Duration.
                let to_next = Duration::new(
                    (to_next / 1_000_000_000) as u64,
                    (to_next % 1_000_000_000) as u32,
                );
                now.checked_add(to_next)
            }
        };
        next.unwrap_or_else(|| Instant::far_future_from(now))
    }
}

/// A stream of ticks, every `period`, from [`interval`] or
/// [`interval_at`].
///
/// # Examples
///
/// ```
/// use rt_time::{interval, Duration};
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_time::driver_layer(false))
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     let mut ticks = interval(Duration::from_millis(2));
///     for _ in 0..3 {
///         ticks.tick().await;
///     }
///     assert_eq!(ticks.period(), Duration::from_millis(2));
/// });
/// ```
#[derive(Debug)]
pub struct Interval {
    /// The next tick; boxed so that `Interval` is `Unpin`.
    delay: Pin<Box<Sleep>>,
    period: Duration,
    missed_tick_behavior: MissedTickBehavior,
}

impl Interval {
    fn new(start: Instant, period: Duration, handle: Handle) -> Interval {
        Interval {
            delay: Box::pin(Sleep::new(start, handle)),
            period,
            missed_tick_behavior: MissedTickBehavior::default(),
        }
    }

    fn now(&self) -> Instant {
        self.delay.handle().now()
    }

    /// Completes at the next tick, returning the instant it was scheduled
    /// for (not the instant it completed).
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: if `tick` loses a `select!`, no tick is consumed.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_time::{interval, Duration, Instant};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(rt_time::driver_layer(false))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     let mut ticks = interval(Duration::from_millis(5));
    ///     let first = ticks.tick().await;
    ///     let second = ticks.tick().await;
    ///     assert_eq!(second - first, Duration::from_millis(5));
    ///     assert!(Instant::now() >= second);
    /// });
    /// ```
    pub async fn tick(&mut self) -> Instant {
        poll_fn(|cx| self.poll_tick(cx)).await
    }

    /// Polls for the next tick: `Ready(scheduled instant)` once it is due.
    /// When `Pending`, the waker of the most recent call is woken at the
    /// tick.
    ///
    /// ```
    /// use rt_time::{interval, Duration};
    /// use std::future::{poll_fn, Future};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(rt_time::driver_layer(false))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     let mut ticks = interval(Duration::from_millis(5));
    ///     let first = poll_fn(|cx| ticks.poll_tick(cx)).await;
    ///     let second = poll_fn(|cx| ticks.poll_tick(cx)).await;
    ///     assert_eq!(second - first, Duration::from_millis(5));
    /// });
    /// ```
    pub fn poll_tick(&mut self, cx: &mut Context<'_>) -> Poll<Instant> {
        ready!(self.delay.as_mut().poll(cx));
        let timeout = self.delay.deadline();
        let now = self.now();
        let next = if now.saturating_duration_since(timeout) > MISSED_TOLERANCE {
            self.missed_tick_behavior
                .next_timeout(timeout, now, self.period)
        } else {
            timeout
                .checked_add(self.period)
                .unwrap_or_else(|| Instant::far_future_from(now))
        };
        // Registered again by the next poll.
        self.delay.as_mut().reset_without_reregister(next);
        Poll::Ready(timeout)
    }

    /// Resets the interval: the next tick completes one `period` from now.
    ///
    /// ```
    /// use rt_time::{interval, Duration, Instant};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(rt_time::driver_layer(false))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     let mut ticks = interval(Duration::from_millis(5));
    ///     ticks.tick().await;
    ///     let before = Instant::now();
    ///     ticks.reset();
    ///     let next = ticks.tick().await;
    ///     assert!(next >= before + Duration::from_millis(5));
    /// });
    /// ```
    pub fn reset(&mut self) {
        let at = self.now() + self.period;
        self.reset_at(at);
    }

    /// Resets the interval so that the next tick completes immediately.
    ///
    /// ```
    /// use rt_time::{interval, Duration, Instant};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(rt_time::driver_layer(false))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     let mut ticks = interval(Duration::from_secs(3600));
    ///     ticks.tick().await;
    ///     ticks.reset_immediately();
    ///     ticks.tick().await; // does not wait an hour
    /// });
    /// ```
    pub fn reset_immediately(&mut self) {
        let now = self.now();
        self.reset_at(now);
    }

    /// Resets the interval so that the next tick completes `after` from
    /// now.
    ///
    /// ```
    /// use rt_time::{interval, Duration, Instant};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(rt_time::driver_layer(false))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     let mut ticks = interval(Duration::from_secs(3600));
    ///     ticks.tick().await;
    ///     let before = Instant::now();
    ///     ticks.reset_after(Duration::from_millis(5));
    ///     assert!(ticks.tick().await >= before + Duration::from_millis(5));
    /// });
    /// ```
    pub fn reset_after(&mut self, after: Duration) {
        let now = self.now();
        let at = now
            .checked_add(after)
            .unwrap_or_else(|| Instant::far_future_from(now));
        self.reset_at(at);
    }

    /// Resets the interval so that the next tick completes at `deadline`.
    ///
    /// ```
    /// use rt_time::{interval, Duration, Instant};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(rt_time::driver_layer(false))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     let mut ticks = interval(Duration::from_secs(3600));
    ///     ticks.tick().await;
    ///     let at = Instant::now() + Duration::from_millis(5);
    ///     ticks.reset_at(at);
    ///     assert_eq!(ticks.tick().await, at);
    /// });
    /// ```
    pub fn reset_at(&mut self, deadline: Instant) {
        self.delay.as_mut().reset(deadline);
    }

    /// Returns the behaviour for missed ticks.
    ///
    /// ```
    /// use rt_time::{interval, Duration, MissedTickBehavior};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(rt_time::driver_layer(false))
    ///     .build()
    ///     .unwrap();
    /// let _guard = rt.enter();
    /// let ticks = interval(Duration::from_secs(1));
    /// assert_eq!(ticks.missed_tick_behavior(), MissedTickBehavior::Burst);
    /// ```
    pub fn missed_tick_behavior(&self) -> MissedTickBehavior {
        self.missed_tick_behavior
    }

    /// Sets the behaviour for missed ticks.
    ///
    /// ```
    /// use rt_time::{interval, Duration, MissedTickBehavior};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(rt_time::driver_layer(false))
    ///     .build()
    ///     .unwrap();
    /// let _guard = rt.enter();
    /// let mut ticks = interval(Duration::from_secs(1));
    /// ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    /// assert_eq!(ticks.missed_tick_behavior(), MissedTickBehavior::Delay);
    /// ```
    pub fn set_missed_tick_behavior(&mut self, behavior: MissedTickBehavior) {
        self.missed_tick_behavior = behavior;
    }

    /// Returns the period.
    ///
    /// ```
    /// use rt_time::{interval, Duration};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(rt_time::driver_layer(false))
    ///     .build()
    ///     .unwrap();
    /// let _guard = rt.enter();
    /// assert_eq!(interval(Duration::from_secs(2)).period(), Duration::from_secs(2));
    /// ```
    pub fn period(&self) -> Duration {
        self.period
    }
}
