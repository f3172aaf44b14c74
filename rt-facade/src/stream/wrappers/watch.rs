use crate::stream::Stream;
use crate::sync::watch::Receiver;
use std::fmt;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// A [`Stream`] of the values of a [`watch`](crate::sync::watch) channel:
/// the current value first (with [`new`](WatchStream::new)), then each
/// new value as it is sent.
///
/// Like [`watch::Receiver::changed`], the stream only ever sees the latest
/// value: values sent in quick succession may be skipped, and every item
/// is a clone of the value current when it is yielded. Each yielded value
/// is marked seen. The stream ends once the sender is gone and its last
/// value was yielded.
///
/// [`watch::Receiver::changed`]: crate::sync::watch::Receiver::changed
///
/// # Examples
///
/// ```
/// use rt::stream::wrappers::WatchStream;
/// use rt::stream::StreamExt;
///
/// # #[rt::main(flavor = "current_thread")]
/// # async fn main() {
/// let (tx, rx) = rt::sync::watch::channel("starting");
/// let mut states = WatchStream::new(rx);
/// assert_eq!(states.next().await, Some("starting"));
/// tx.send("running").unwrap();
/// assert_eq!(states.next().await, Some("running"));
/// drop(tx);
/// assert_eq!(states.next().await, None);
/// # }
/// ```
pub struct WatchStream<T> {
    inner: Receiver<T>,
    /// Yield the current value without waiting for a change (set by
    /// `new`, cleared by the first item).
    yield_current: bool,
}

impl<T> WatchStream<T> {
    /// Wraps `rx`: the stream yields the current value at once (seen by
    /// `rx` or not), then each change.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt::stream::StreamExt;
    ///
    /// # #[rt::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let (_tx, rx) = rt::sync::watch::channel(1);
    /// let mut stream = rt::stream::wrappers::WatchStream::new(rx);
    /// assert_eq!(stream.next().await, Some(1));
    /// # }
    /// ```
    pub fn new(rx: Receiver<T>) -> Self {
        Self {
            inner: rx,
            yield_current: true,
        }
    }

    /// Wraps `rx` without yielding the current value: the stream's first
    /// item is the first value `rx` has not seen (at once if there is one
    /// already, as with [`Receiver::changed`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt::stream::StreamExt;
    /// use rt::stream::wrappers::WatchStream;
    ///
    /// # #[rt::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let (tx, rx) = rt::sync::watch::channel(1);
    /// let mut changes = WatchStream::from_changes(rx);
    /// rt::spawn(async move { tx.send(2).unwrap() });
    /// assert_eq!(changes.next().await, Some(2));
    /// assert_eq!(changes.next().await, None); // the sender is gone
    /// # }
    /// ```
    pub fn from_changes(rx: Receiver<T>) -> Self {
        Self {
            inner: rx,
            yield_current: false,
        }
    }

    /// Unwraps the receiver; values the stream yielded are marked seen.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt::sync::watch::channel(1);
    /// let stream = rt::stream::wrappers::WatchStream::new(rx);
    /// tx.send(2).unwrap();
    /// let rx = stream.into_inner();
    /// assert_eq!(rx.has_changed(), Ok(true));
    /// ```
    pub fn into_inner(self) -> Receiver<T> {
        self.inner
    }
}

impl<T: Clone> Stream for WatchStream<T> {
    type Item = T;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let this = self.get_mut();
        if !this.yield_current && ready!(this.inner.poll_changed(cx)).is_err() {
            return Poll::Ready(None);
        }
        this.yield_current = false;
        let value = this.inner.borrow_and_update().clone();
        Poll::Ready(Some(value))
    }
}

impl<T> AsRef<Receiver<T>> for WatchStream<T> {
    fn as_ref(&self) -> &Receiver<T> {
        &self.inner
    }
}

impl<T> AsMut<Receiver<T>> for WatchStream<T> {
    fn as_mut(&mut self) -> &mut Receiver<T> {
        &mut self.inner
    }
}

impl<T> From<Receiver<T>> for WatchStream<T> {
    /// Same as [`WatchStream::new`]: the current value comes first.
    fn from(rx: Receiver<T>) -> Self {
        Self::new(rx)
    }
}

impl<T> fmt::Debug for WatchStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // No `T: Debug` needed: the value is not shown.
        f.debug_struct("WatchStream")
            .field("yield_current", &self.yield_current)
            .finish_non_exhaustive()
    }
}
