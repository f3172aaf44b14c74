use crate::driver::entry::Entry;
use crate::driver::Handle;
use crate::Instant;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;

/// Waits until `duration` has elapsed.
///
/// Equivalent to `sleep_until(Instant::now() + duration)`. Timers have a
/// resolution of 1 ms and never complete early: the sleep completes at the
/// first millisecond tick at or after its deadline (later if the runtime is
/// busy). No work is done while waiting. A duration too large to add to
/// the current instant saturates to a deadline about 30 years away; the
/// wheel itself covers about 2.2 years ahead and re-inserts longer
/// deadlines as they come into range.
///
/// For running something regularly, see [`interval`](crate::interval()).
///
/// # Cancel safety
///
/// Cancel safe: dropping the `Sleep` cancels the timer (O(1)); it holds no
/// data that could be lost.
///
/// # Panics
///
/// Panics when called outside a runtime, or on a runtime built without the
/// time driver (build it with `enable_time()` or `enable_all()`).
///
/// # Examples
///
/// ```
/// use rt_time::{sleep, Duration, Instant};
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_time::driver_layer(false))
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     let start = Instant::now();
///     sleep(Duration::from_millis(20)).await;
///     assert!(start.elapsed() >= Duration::from_millis(20));
/// });
/// ```
#[track_caller]
pub fn sleep(duration: Duration) -> Sleep {
    Sleep::after(duration, "rt::time::sleep")
}

/// Waits until `deadline` is reached.
///
/// A deadline in the past completes at the first poll.
///
/// # Cancel safety
///
/// Cancel safe, like [`sleep`].
///
/// # Panics
///
/// Panics when called outside a runtime, or on a runtime built without the
/// time driver.
///
/// # Examples
///
/// ```
/// use rt_time::{sleep_until, Duration, Instant};
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_time::driver_layer(false))
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     let deadline = Instant::now() + Duration::from_millis(10);
///     sleep_until(deadline).await;
///     assert!(Instant::now() >= deadline);
/// });
/// ```
#[track_caller]
pub fn sleep_until(deadline: Instant) -> Sleep {
    Sleep::new(deadline, Handle::current("rt::time::sleep_until"))
}

/// Future returned by [`sleep`] and [`sleep_until`].
///
/// It registers its timer on the runtime's wheel when first polled, and
/// cancels it when dropped. It is `!Unpin` (the wheel points into it): to
/// poll it outside `.await`, or to [`reset`](Sleep::reset) it, pin it with
/// `std::pin::pin!` or `Box::pin`.
///
/// Polling a `Sleep` charges one unit of the task's cooperative budget
/// (`rt_core::coop`), so a loop over already-elapsed sleeps still yields to
/// other tasks.
///
/// # Examples
///
/// Resetting a sleep in a loop (a debounce timer):
///
/// ```
/// use rt_time::{sleep, Duration, Instant};
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_time::driver_layer(false))
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     let mut timer = std::pin::pin!(sleep(Duration::from_secs(60)));
///     // Something happened: fire soon instead.
///     timer.as_mut().reset(Instant::now() + Duration::from_millis(5));
///     timer.as_mut().await;
///     assert!(timer.is_elapsed());
/// });
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Sleep {
    deadline: Instant,
    /// Structurally pinned: the wheel links pointers to it.
    entry: Entry,
}

impl Sleep {
    pub(crate) fn new(deadline: Instant, handle: Handle) -> Sleep {
        Sleep {
            deadline,
            entry: Entry::new(handle),
        }
    }

    /// A sleep of `duration` from the driver's now, saturating.
    #[track_caller]
    pub(crate) fn after(duration: Duration, api: &str) -> Sleep {
        let handle = Handle::current(api);
        let now = handle.now();
        let deadline = now
            .checked_add(duration)
            .unwrap_or_else(|| Instant::far_future_from(now));
        Sleep::new(deadline, handle)
    }

    pub(crate) fn handle(&self) -> &Handle {
        self.entry.handle()
    }

    /// Returns the instant at which this sleep completes.
    ///
    /// ```
    /// use rt_time::{sleep_until, Duration, Instant};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(rt_time::driver_layer(false))
    ///     .build()
    ///     .unwrap();
    /// let _guard = rt.enter();
    /// let deadline = Instant::now() + Duration::from_secs(1);
    /// assert_eq!(sleep_until(deadline).deadline(), deadline);
    /// ```
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Returns `true` once the sleep has completed: its timer fired (or its
    /// deadline had passed when it was first polled). A sleep that was
    /// never polled reports `false`, whatever its deadline.
    ///
    /// ```
    /// use rt_time::{sleep, Duration};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(rt_time::driver_layer(false))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     let mut s = std::pin::pin!(sleep(Duration::from_millis(1)));
    ///     assert!(!s.is_elapsed());
    ///     s.as_mut().await;
    ///     assert!(s.is_elapsed());
    /// });
    /// ```
    pub fn is_elapsed(&self) -> bool {
        self.entry.is_elapsed()
    }

    /// Makes the sleep complete at `deadline` instead, whether or not it
    /// has completed already (a completed sleep becomes pending again when
    /// `deadline` is in the future).
    ///
    /// A registered sleep is re-registered at once and keeps the waker of
    /// its last poll, which is woken at the new deadline (or now, if the new
    /// deadline has passed); a sleep never polled just takes the new
    /// deadline.
    ///
    /// ```
    /// use rt_time::{sleep, Duration, Instant};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(rt_time::driver_layer(false))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     let start = Instant::now();
    ///     let mut s = std::pin::pin!(sleep(Duration::from_millis(1)));
    ///     s.as_mut().await;
    ///     s.as_mut().reset(Instant::now() + Duration::from_millis(10));
    ///     assert!(!s.is_elapsed());
    ///     s.as_mut().await;
    ///     assert!(start.elapsed() >= Duration::from_millis(11));
    /// });
    /// ```
    pub fn reset(self: Pin<&mut Self>, deadline: Instant) {
        let (slot, entry) = self.project();
        *slot = deadline;
        let due = entry.handle().due(deadline);
        entry.reset(due);
    }

    /// Sets a new deadline, registering it again only on the next poll.
    pub(crate) fn reset_without_reregister(self: Pin<&mut Self>, deadline: Instant) {
        let (slot, entry) = self.project();
        *slot = deadline;
        entry.unregister();
    }

    fn project(self: Pin<&mut Self>) -> (&mut Instant, Pin<&mut Entry>) {
        // SAFETY: structural pinning of `entry` only: it is never moved out
        // of a pinned `Sleep` (Sleep has no `Unpin` impl, being `!Unpin`
        // through `Entry`, and its drop is `Entry`'s, in place); `deadline`
        // is not pinned and may be written freely.
        unsafe {
            let this = self.get_unchecked_mut();
            (&mut this.deadline, Pin::new_unchecked(&mut this.entry))
        }
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let coop = ready!(rt_core::coop::poll_proceed(cx));
        let (deadline, entry) = self.project();
        let deadline = *deadline;
        let poll = entry.poll_elapsed(cx, |handle| handle.due(deadline));
        if poll.is_ready() {
            coop.made_progress();
        }
        poll
    }
}

impl fmt::Debug for Sleep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sleep")
            .field("deadline", &self.deadline)
            .field("is_elapsed", &self.is_elapsed())
            .finish()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn registration_is_lazy_and_drop_unlinks() {
        let rt = rt_core::runtime::Builder::new_current_thread()
            .driver_layer(crate::driver_layer(false))
            .build()
            .unwrap();
        let _guard = rt.enter();
        let handle = Handle::current("test");
        let waker = crate::driver::noop_waker();
        let mut cx = Context::from_waker(&waker);
        let mut sleeps: Vec<Pin<Box<Sleep>>> = (0..10u64)
            .map(|i| Box::pin(sleep(Duration::from_secs(10 + i))))
            .collect();
        assert_eq!(handle.registrations(), 0, "creating a sleep registered it");
        for s in &mut sleeps {
            assert!(s.as_mut().poll(&mut cx).is_pending());
        }
        assert_eq!(handle.len(), 10);
        // Polling again does not register twice.
        assert!(sleeps[0].as_mut().poll(&mut cx).is_pending());
        assert_eq!(handle.registrations(), 10);
        sleeps.truncate(3);
        assert_eq!(handle.len(), 3);
        // A lazy reset unlinks; the next poll links again.
        let deadline = sleeps[0].deadline();
        sleeps[0].as_mut().reset_without_reregister(deadline);
        assert_eq!(handle.len(), 2);
        assert!(sleeps[0].as_mut().poll(&mut cx).is_pending());
        assert_eq!(handle.len(), 3);
        drop(sleeps);
        assert_eq!(handle.len(), 0);
    }
}
