//! [`RtTimer`] and [`RtSleep`]: hyper's timer traits over rt-time's wheel.
//!
//! hyper speaks `std::time::Instant`; rt-time's [`rt_time::Instant`] wraps
//! one, so deadlines convert without loss. [`RtTimer`] also overrides
//! hyper's `Timer::now` with rt-time's clock, so hyper's deadlines (which
//! it computes as `timer.now() + timeout`) follow the runtime's paused
//! clock in tests built with rt's `test-util`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// hyper's [`Timer`](hyper::rt::Timer) on rt: timeouts (such as the HTTP/1
/// server's header read timeout) and keep-alive timers become rt-time
/// sleeps on the runtime's timer wheel.
///
/// [`reset`](hyper::rt::Timer::reset) moves an [`RtSleep`] to its new
/// deadline in place (O(1), no allocation); a sleep of another timer is
/// replaced.
///
/// # Panics
///
/// `sleep` and `sleep_until` panic outside an rt runtime built with the
/// time driver (the facade's `enable_time()` or `enable_all()`), as
/// `rt::time::sleep` does. hyper calls them from the connection's task.
///
/// # Examples
///
/// ```
/// use hyper::rt::Timer;
/// use rt_hyper::RtTimer;
/// use std::time::{Duration, Instant};
///
/// let rt = rt::runtime::Builder::new_current_thread().enable_time().build().unwrap();
/// rt.block_on(async {
///     let timer = RtTimer::new();
///     let start = Instant::now();
///     timer.sleep(Duration::from_millis(5)).await;
///     assert!(start.elapsed() >= Duration::from_millis(5));
///
///     // Pushed back in place by `reset`.
///     let mut sleep = timer.sleep(Duration::from_secs(60));
///     timer.reset(&mut sleep, Instant::now() + Duration::from_millis(5));
///     sleep.await;
/// });
/// ```
///
/// With a hyper server:
///
/// ```
/// let mut http = hyper::server::conn::http1::Builder::new();
/// http.timer(rt_hyper::RtTimer::new());
/// ```
#[derive(Debug, Default, Clone, Copy)]
pub struct RtTimer {
    _private: (),
}

impl RtTimer {
    /// A timer over the current runtime's timer wheel.
    ///
    /// ```
    /// let timer = rt_hyper::RtTimer::new();
    /// # let _ = timer;
    /// ```
    pub const fn new() -> RtTimer {
        RtTimer { _private: () }
    }
}

impl hyper::rt::Timer for RtTimer {
    #[track_caller]
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn hyper::rt::Sleep>> {
        Box::pin(RtSleep::new(rt_time::sleep(duration)))
    }

    #[track_caller]
    fn sleep_until(&self, deadline: Instant) -> Pin<Box<dyn hyper::rt::Sleep>> {
        Box::pin(RtSleep::new(rt_time::sleep_until(
            rt_time::Instant::from_std(deadline),
        )))
    }

    fn now(&self) -> Instant {
        rt_time::Instant::now().into_std()
    }

    #[track_caller]
    fn reset(&self, sleep: &mut Pin<Box<dyn hyper::rt::Sleep>>, new_deadline: Instant) {
        match sleep.as_mut().downcast_mut_pin::<RtSleep>() {
            Some(ours) => ours.reset(new_deadline),
            None => *sleep = self.sleep_until(new_deadline),
        }
    }
}

/// hyper's [`Sleep`](hyper::rt::Sleep): an [`rt_time::Sleep`] that hyper
/// can hold as a `Pin<Box<dyn Sleep>>`.
///
/// [`RtTimer`] makes these; wrapping a sleep by hand is for a custom
/// [`Timer`](hyper::rt::Timer) that wants [`RtTimer`]'s
/// in-place reset. Like `rt_time::Sleep` it is `!Unpin`: pin it to poll
/// it or to [`reset`](RtSleep::reset) it.
///
/// # Examples
///
/// ```
/// use rt_hyper::RtSleep;
/// use std::time::{Duration, Instant};
///
/// let rt = rt::runtime::Builder::new_current_thread().enable_time().build().unwrap();
/// rt.block_on(async {
///     let mut sleep = std::pin::pin!(RtSleep::new(rt::time::sleep(Duration::from_secs(60))));
///     sleep.as_mut().reset(Instant::now() + Duration::from_millis(1));
///     sleep.as_mut().await;
///     assert!(sleep.is_elapsed());
/// });
/// ```
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct RtSleep {
    /// Structurally pinned: the timer wheel links to it once polled.
    inner: rt_time::Sleep,
}

impl RtSleep {
    /// Wraps an rt sleep.
    ///
    /// ```
    /// # let rt = rt::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    /// # let _guard = rt.enter();
    /// let sleep = rt_hyper::RtSleep::new(rt::time::sleep(std::time::Duration::from_secs(1)));
    /// # drop(sleep);
    /// ```
    pub fn new(inner: rt_time::Sleep) -> RtSleep {
        RtSleep { inner }
    }

    /// When this sleep completes.
    ///
    /// ```
    /// # let rt = rt::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    /// # let _guard = rt.enter();
    /// let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
    /// let sleep = rt_hyper::RtSleep::new(rt::time::sleep_until(deadline.into()));
    /// assert_eq!(sleep.deadline(), deadline);
    /// ```
    pub fn deadline(&self) -> Instant {
        self.inner.deadline().into_std()
    }

    /// Whether the deadline has been reached (as seen by the last poll).
    ///
    /// ```
    /// # let rt = rt::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    /// # let _guard = rt.enter();
    /// let sleep = rt_hyper::RtSleep::new(rt::time::sleep(std::time::Duration::from_secs(60)));
    /// assert!(!sleep.is_elapsed());
    /// ```
    pub fn is_elapsed(&self) -> bool {
        self.inner.is_elapsed()
    }

    /// Moves the deadline to `deadline`, earlier or later, in place.
    ///
    /// ```
    /// # let rt = rt::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    /// # let _guard = rt.enter();
    /// use std::time::{Duration, Instant};
    /// let mut sleep = Box::pin(rt_hyper::RtSleep::new(rt::time::sleep(Duration::from_secs(60))));
    /// let soon = Instant::now() + Duration::from_millis(1);
    /// sleep.as_mut().reset(soon);
    /// assert_eq!(sleep.deadline(), soon);
    /// ```
    pub fn reset(self: Pin<&mut Self>, deadline: Instant) {
        self.project().reset(rt_time::Instant::from_std(deadline));
    }

    /// Unwraps the rt sleep.
    ///
    /// ```
    /// # let rt = rt::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    /// # let _guard = rt.enter();
    /// let sleep = rt_hyper::RtSleep::new(rt::time::sleep(std::time::Duration::from_secs(1)));
    /// let inner: rt::time::Sleep = sleep.into_inner();
    /// # drop(inner);
    /// ```
    pub fn into_inner(self) -> rt_time::Sleep {
        self.inner
    }

    fn project(self: Pin<&mut Self>) -> Pin<&mut rt_time::Sleep> {
        // SAFETY: `inner` is structurally pinned: a pinned `RtSleep` never
        // moves it or hands out `&mut` to it (`into_inner` takes `self` by
        // value, which a pinned `!Unpin` value cannot give), and `RtSleep`
        // has no `Drop` impl.
        unsafe { self.map_unchecked_mut(|sleep| &mut sleep.inner) }
    }
}

impl From<rt_time::Sleep> for RtSleep {
    /// Wraps an rt sleep, as [`RtSleep::new`].
    ///
    /// ```
    /// # let rt = rt::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    /// # let _guard = rt.enter();
    /// let sleep: rt_hyper::RtSleep = rt::time::sleep(std::time::Duration::from_secs(1)).into();
    /// # drop(sleep);
    /// ```
    fn from(inner: rt_time::Sleep) -> RtSleep {
        RtSleep::new(inner)
    }
}

impl Future for RtSleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.project().poll(cx)
    }
}

impl hyper::rt::Sleep for RtSleep {}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::rt::Timer;

    fn runtime() -> rt_core::runtime::Runtime {
        rt_core::runtime::Builder::new_current_thread()
            .driver_layer(rt_time::driver_layer(false))
            .build()
            .unwrap()
    }

    /// A foreign `Sleep`, for the replace-on-reset path.
    struct Never;

    impl Future for Never {
        type Output = ();
        fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
            Poll::Pending
        }
    }

    impl hyper::rt::Sleep for Never {}

    #[test]
    fn reset_moves_our_sleep_in_place() {
        let rt = runtime();
        rt.block_on(async {
            let timer = RtTimer::new();
            let mut sleep = timer.sleep(Duration::from_secs(3600));
            let before: *const dyn hyper::rt::Sleep = &*sleep;
            let soon = Instant::now() + Duration::from_millis(2);
            timer.reset(&mut sleep, soon);
            assert!(std::ptr::addr_eq(before, &*sleep), "not reallocated");
            let ours = sleep.as_mut().downcast_mut_pin::<RtSleep>().unwrap();
            assert_eq!(ours.deadline(), soon);
            sleep.await;
        });
    }

    #[test]
    fn reset_replaces_a_foreign_sleep() {
        let rt = runtime();
        rt.block_on(async {
            let timer = RtTimer::new();
            let mut sleep: Pin<Box<dyn hyper::rt::Sleep>> = Box::pin(Never);
            timer.reset(&mut sleep, Instant::now() + Duration::from_millis(1));
            assert!(sleep.is::<RtSleep>());
            sleep.await;
        });
    }

    #[test]
    fn sleep_until_keeps_the_deadline() {
        let rt = runtime();
        let _guard = rt.enter();
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut sleep = RtTimer::new().sleep_until(deadline);
        let ours = sleep.as_mut().downcast_mut_pin::<RtSleep>().unwrap();
        assert_eq!(ours.deadline(), deadline);
        assert!(RtTimer::new().now() <= Instant::now());
    }

    #[test]
    fn types_are_send_and_sync() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<RtTimer>();
        check::<crate::RtExecutor>();
        fn sleep_is<T: hyper::rt::Sleep>() {}
        sleep_is::<RtSleep>();
    }
}
