use crate::stream::Stream;
use crate::time::{Instant, Interval};
use std::pin::Pin;
use std::task::{Context, Poll};

/// A [`Stream`] of the ticks of an [`Interval`]: each item is the
/// [`Instant`] the tick was scheduled for, as [`Interval::tick`] returns.
/// It never ends.
///
/// Missed ticks are handled by the interval's
/// [`MissedTickBehavior`](crate::time::MissedTickBehavior).
///
/// # Examples
///
/// ```
/// use futures::StreamExt;
/// use rt::stream::wrappers::IntervalStream;
/// use rt::time::{interval, Duration, Instant};
///
/// # #[rt::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let start = Instant::now();
/// let ticks: Vec<Instant> = IntervalStream::new(interval(Duration::from_secs(1)))
///     .take(3)
///     .collect()
///     .await;
/// assert_eq!(ticks[0], start);
/// assert_eq!(ticks[2] - ticks[0], Duration::from_secs(2));
/// # }
/// ```
#[derive(Debug)]
pub struct IntervalStream {
    inner: Interval,
}

impl IntervalStream {
    /// Wraps `interval`.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[rt::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let ticks = rt::time::interval(rt::time::Duration::from_millis(10));
    /// let stream = rt::stream::wrappers::IntervalStream::new(ticks);
    /// # drop(stream);
    /// # }
    /// ```
    pub fn new(interval: Interval) -> Self {
        Self { inner: interval }
    }

    /// Unwraps the interval.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt::time::Duration;
    ///
    /// # #[rt::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let stream = rt::stream::wrappers::IntervalStream::new(rt::time::interval(Duration::from_millis(10)));
    /// assert_eq!(stream.into_inner().period(), Duration::from_millis(10));
    /// # }
    /// ```
    pub fn into_inner(self) -> Interval {
        self.inner
    }
}

impl Stream for IntervalStream {
    type Item = Instant;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Instant>> {
        self.inner.poll_tick(cx).map(Some)
    }
}

impl AsRef<Interval> for IntervalStream {
    fn as_ref(&self) -> &Interval {
        &self.inner
    }
}

impl AsMut<Interval> for IntervalStream {
    fn as_mut(&mut self) -> &mut Interval {
        &mut self.inner
    }
}

impl From<Interval> for IntervalStream {
    fn from(interval: Interval) -> Self {
        Self::new(interval)
    }
}
