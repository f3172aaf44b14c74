use crate::driver::Handle;
use crate::error::Elapsed;
use crate::{Instant, Sleep};
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// Requires `future` to complete within `duration`.
///
/// Resolves to `Ok(output)` if the future completes first, `Err(Elapsed)`
/// once `duration` has elapsed (the future is then dropped with the
/// `Timeout`). The future is polled before the timer, so a future that is
/// ready at its first poll returns `Ok` even with a zero duration, without
/// ever registering a timer on the wheel. A `duration` too large to add to
/// the current instant means "no deadline" (it saturates about 30 years
/// ahead).
///
/// # Cancel safety
///
/// Cancel safe exactly when `future` is: dropping the `Timeout` drops the
/// future and cancels the timer.
///
/// # Panics
///
/// Panics when called outside a runtime, or on a runtime built without the
/// time driver (build it with `enable_time()` or `enable_all()`).
///
/// # Examples
///
/// ```
/// use rt_time::{timeout, Duration};
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_time::driver_layer(false))
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     assert_eq!(timeout(Duration::from_secs(1), async { 7 }).await, Ok(7));
///     let slow = std::future::pending::<()>();
///     assert!(timeout(Duration::from_millis(5), slow).await.is_err());
/// });
/// ```
#[track_caller]
pub fn timeout<F>(duration: Duration, future: F) -> Timeout<F::IntoFuture>
where
    F: IntoFuture,
{
    Timeout::new(
        future.into_future(),
        Sleep::after(duration, "rt::time::timeout"),
    )
}

/// Requires `future` to complete before `deadline`.
///
/// As [`timeout`], with an instant instead of a duration.
///
/// # Cancel safety
///
/// Cancel safe exactly when `future` is.
///
/// # Panics
///
/// Panics when called outside a runtime, or on a runtime built without the
/// time driver.
///
/// # Examples
///
/// ```
/// use rt_time::{timeout_at, Duration, Instant};
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_time::driver_layer(false))
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     let deadline = Instant::now() + Duration::from_millis(5);
///     let res = timeout_at(deadline, std::future::pending::<()>()).await;
///     assert!(res.is_err());
///     assert!(Instant::now() >= deadline);
/// });
/// ```
#[track_caller]
pub fn timeout_at<F>(deadline: Instant, future: F) -> Timeout<F::IntoFuture>
where
    F: IntoFuture,
{
    let handle = Handle::current("rt::time::timeout_at");
    Timeout::new(future.into_future(), Sleep::new(deadline, handle))
}

/// Future returned by [`timeout`] and [`timeout_at`].
///
/// # Examples
///
/// ```
/// use rt_time::{timeout, Duration};
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_time::driver_layer(false))
///     .build()
///     .unwrap();
/// let _guard = rt.enter();
/// let mut t = timeout(Duration::from_secs(1), std::future::ready(3));
/// let _: &std::future::Ready<i32> = t.get_ref();
/// let _: &mut std::future::Ready<i32> = t.get_mut();
/// let inner = t.into_inner();
/// assert_eq!(rt.block_on(inner), 3);
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Timeout<T> {
    value: T,
    delay: Sleep,
}

impl<T> Timeout<T> {
    fn new(value: T, delay: Sleep) -> Timeout<T> {
        Timeout { value, delay }
    }

    /// Returns a reference to the wrapped future.
    ///
    /// ```
    /// use rt_time::{timeout, Duration};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(rt_time::driver_layer(false))
    ///     .build()
    ///     .unwrap();
    /// let _guard = rt.enter();
    /// let t = timeout(Duration::from_secs(1), std::future::ready(3));
    /// let _inner: &std::future::Ready<i32> = t.get_ref();
    /// ```
    pub fn get_ref(&self) -> &T {
        &self.value
    }

    /// Returns a mutable reference to the wrapped future.
    ///
    /// ```
    /// use rt_time::{timeout, Duration};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(rt_time::driver_layer(false))
    ///     .build()
    ///     .unwrap();
    /// let _guard = rt.enter();
    /// let mut t = timeout(Duration::from_secs(1), std::future::ready(3));
    /// let _inner: &mut std::future::Ready<i32> = t.get_mut();
    /// ```
    pub fn get_mut(&mut self) -> &mut T {
        &mut self.value
    }

    /// Consumes the `Timeout`, returning the wrapped future (the timer is
    /// cancelled).
    ///
    /// ```
    /// use rt_time::{timeout, Duration};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(rt_time::driver_layer(false))
    ///     .build()
    ///     .unwrap();
    /// let inner = rt.block_on(async {
    ///     timeout(Duration::from_secs(1), async { "done" }).into_inner()
    /// });
    /// assert_eq!(rt.block_on(inner), "done");
    /// ```
    pub fn into_inner(self) -> T {
        self.value
    }

    fn project(self: Pin<&mut Self>) -> (Pin<&mut T>, Pin<&mut Sleep>) {
        // SAFETY: structural pinning of both fields: neither is moved out
        // of a pinned `Timeout` (`into_inner` takes an unpinned `self`),
        // `Timeout` has no `Drop` impl and is `Unpin` only if both are.
        unsafe {
            let this = self.get_unchecked_mut();
            (
                Pin::new_unchecked(&mut this.value),
                Pin::new_unchecked(&mut this.delay),
            )
        }
    }
}

impl<T: Future> Future for Timeout<T> {
    type Output = Result<T::Output, Elapsed>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let had_budget = rt_core::coop::has_budget_remaining();
        let (value, mut delay) = self.project();
        if let Poll::Ready(v) = value.poll(cx) {
            return Poll::Ready(Ok(v));
        }
        // If the inner future spent the last of the budget, the deadline
        // must still be able to fire: poll the timer unconstrained.
        let poll = if had_budget && !rt_core::coop::has_budget_remaining() {
            let mut unconstrained = rt_core::task::unconstrained(delay.as_mut());
            Pin::new(&mut unconstrained).poll(cx)
        } else {
            delay.poll(cx)
        };
        poll.map(|()| Err(Elapsed::new()))
    }
}

impl<T: fmt::Debug> fmt::Debug for Timeout<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Timeout")
            .field("value", &self.value)
            .field("deadline", &self.delay.deadline())
            .finish()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::future::{pending, ready};

    fn rt() -> rt_core::runtime::Runtime {
        rt_core::runtime::Builder::new_current_thread()
            .driver_layer(crate::driver_layer(false))
            .build()
            .unwrap()
    }

    #[test]
    fn ready_future_never_touches_the_wheel() {
        let rt = rt();
        rt.block_on(async {
            let handle = Handle::current("test");
            assert_eq!(timeout(Duration::from_secs(1), ready(1)).await, Ok(1));
            assert_eq!(timeout(Duration::ZERO, async { 2 }).await, Ok(2));
            assert_eq!(
                handle.registrations(),
                0,
                "the fast path registered a timer"
            );

            // A pending future does register, and dropping unlinks.
            let mut t = Box::pin(timeout(Duration::from_secs(1), pending::<()>()));
            let waker = crate::driver::noop_waker();
            let mut cx = Context::from_waker(&waker);
            assert!(t.as_mut().poll(&mut cx).is_pending());
            assert_eq!((handle.registrations(), handle.len()), (1, 1));
            drop(t);
            assert_eq!(
                handle.len(),
                0,
                "dropping the timeout left its entry linked"
            );
        });
    }
}
