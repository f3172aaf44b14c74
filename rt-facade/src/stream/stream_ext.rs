//! [`StreamExt`] and the futures its methods return.

use futures_core::Stream;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The basic helpers every [`Stream`] gets: [`next`](StreamExt::next) and
/// [`try_next`](StreamExt::try_next).
///
/// Implemented for every `Stream`. It is deliberately small; combinators
/// (`map`, `filter`, `take`, `collect`, ...) come from `futures::StreamExt`
/// or similar crates. When both traits are in scope, `stream.next()` is
/// ambiguous: import one of them as `use ... as _` or call
/// `StreamExt::next(&mut stream)`.
///
/// # Examples
///
/// ```
/// use rt::stream::wrappers::UnboundedReceiverStream;
/// use rt::stream::StreamExt;
///
/// # #[rt::main(flavor = "current_thread")]
/// # async fn main() {
/// let (tx, rx) = rt::sync::mpsc::unbounded_channel();
/// tx.send("a").unwrap();
/// drop(tx);
/// let mut stream = UnboundedReceiverStream::new(rx);
/// assert_eq!(stream.next().await, Some("a"));
/// assert_eq!(stream.next().await, None);
/// # }
/// ```
pub trait StreamExt: Stream {
    /// Returns the next item, or `None` once the stream has ended.
    ///
    /// Equivalent to `async fn next(&mut self) -> Option<Self::Item>`. The
    /// stream must be [`Unpin`]; pin a `!Unpin` stream first, with
    /// `std::pin::pin!` or `Box::pin`.
    ///
    /// # Cancel safety
    ///
    /// This method is cancel safe: the future only borrows the stream, and
    /// an item is taken from the stream only in the poll that returns it.
    /// If the future is dropped (for example by a losing `select!` branch),
    /// no item is lost; the next call returns it.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt::stream::wrappers::IntervalStream;
    /// use rt::stream::StreamExt;
    /// use rt::time::{interval, Duration};
    ///
    /// # #[rt::main(flavor = "current_thread", start_paused = true)]
    /// # async fn main() {
    /// let mut ticks = IntervalStream::new(interval(Duration::from_secs(1)));
    /// let first = ticks.next().await.unwrap();
    /// let second = ticks.next().await.unwrap();
    /// assert_eq!(second - first, Duration::from_secs(1));
    /// # }
    /// ```
    fn next(&mut self) -> Next<'_, Self>
    where
        Self: Unpin,
    {
        Next { stream: self }
    }

    /// For a stream of `Result`s: returns the next `Ok` value, `Ok(None)`
    /// once the stream has ended, or the first error.
    ///
    /// Equivalent to
    /// `async fn try_next(&mut self) -> Result<Option<T>, E>`; with `?` it
    /// reads like an iterator of fallible items. The stream must be
    /// [`Unpin`].
    ///
    /// # Errors
    ///
    /// The error the stream yielded as its next item. The stream is not
    /// ended by it: calling again returns the item after the error.
    ///
    /// # Cancel safety
    ///
    /// This method is cancel safe, as [`next`](StreamExt::next) is.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt::io::AsyncBufReadExt;
    /// use rt::stream::wrappers::LinesStream;
    /// use rt::stream::StreamExt;
    ///
    /// # #[rt::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mut lines = LinesStream::new((&b"one\ntwo\n"[..]).lines());
    /// assert_eq!(lines.try_next().await?.as_deref(), Some("one"));
    /// assert_eq!(lines.try_next().await?.as_deref(), Some("two"));
    /// assert_eq!(lines.try_next().await?, None);
    /// # Ok(())
    /// # }
    /// ```
    fn try_next<T, E>(&mut self) -> TryNext<'_, Self>
    where
        Self: Stream<Item = Result<T, E>> + Unpin,
    {
        TryNext { stream: self }
    }
}

impl<S: Stream + ?Sized> StreamExt for S {}

/// Future returned by [`StreamExt::next`]: the stream's next item.
///
/// # Examples
///
/// ```
/// use rt::stream::wrappers::ReceiverStream;
/// use rt::stream::{Next, StreamExt};
///
/// # #[rt::main(flavor = "current_thread")]
/// # async fn main() {
/// let (tx, rx) = rt::sync::mpsc::channel(1);
/// let mut stream = ReceiverStream::new(rx);
/// tx.send(7).await.unwrap();
/// let next: Next<'_, _> = stream.next();
/// assert_eq!(next.await, Some(7));
/// # }
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Next<'a, S: ?Sized> {
    stream: &'a mut S,
}

impl<S: Stream + Unpin + ?Sized> Future for Next<'_, S> {
    type Output = Option<S::Item>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut *self.stream).poll_next(cx)
    }
}

impl<S: ?Sized> fmt::Debug for Next<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Next").finish_non_exhaustive()
    }
}

/// Future returned by [`StreamExt::try_next`]: the stream's next `Ok`
/// value, `Ok(None)` at its end, or its next error.
///
/// # Examples
///
/// ```
/// use rt::stream::wrappers::BroadcastStream;
/// use rt::stream::{StreamExt, TryNext};
///
/// # #[rt::main(flavor = "current_thread")]
/// # async fn main() {
/// let (tx, rx) = rt::sync::broadcast::channel(1);
/// let mut stream = BroadcastStream::new(rx);
/// tx.send("hi").unwrap();
/// drop(tx);
/// let next: TryNext<'_, _> = stream.try_next();
/// assert_eq!(next.await, Ok(Some("hi")));
/// assert_eq!(stream.try_next().await, Ok(None));
/// # }
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct TryNext<'a, S: ?Sized> {
    stream: &'a mut S,
}

impl<T, E, S> Future for TryNext<'_, S>
where
    S: Stream<Item = Result<T, E>> + Unpin + ?Sized,
{
    type Output = Result<Option<T>, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut *self.stream)
            .poll_next(cx)
            .map(Option::transpose)
    }
}

impl<S: ?Sized> fmt::Debug for TryNext<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TryNext").finish_non_exhaustive()
    }
}
