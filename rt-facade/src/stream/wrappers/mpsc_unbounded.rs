use crate::stream::Stream;
use crate::sync::mpsc::UnboundedReceiver;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A [`Stream`] of the values received by an [`mpsc::UnboundedReceiver`];
/// ends once every sender is gone (or the receiver was
/// [closed](UnboundedReceiverStream::close)) and the buffer is drained.
///
/// [`mpsc::UnboundedReceiver`]: crate::sync::mpsc::UnboundedReceiver
///
/// # Examples
///
/// ```
/// use futures::StreamExt;
/// use rt::stream::wrappers::UnboundedReceiverStream;
///
/// # #[rt::main(flavor = "current_thread")]
/// # async fn main() {
/// let (tx, rx) = rt::sync::mpsc::unbounded_channel();
/// rt::spawn(async move {
///     for i in 1..=4 {
///         tx.send(i).unwrap();
///     }
/// });
/// let squares: Vec<i32> = UnboundedReceiverStream::new(rx).map(|i| i * i).collect().await;
/// assert_eq!(squares, [1, 4, 9, 16]);
/// # }
/// ```
pub struct UnboundedReceiverStream<T> {
    inner: UnboundedReceiver<T>,
}

impl<T> UnboundedReceiverStream<T> {
    /// Wraps `recv`.
    ///
    /// # Examples
    ///
    /// ```
    /// let (_tx, rx) = rt::sync::mpsc::unbounded_channel::<u8>();
    /// let stream = rt::stream::wrappers::UnboundedReceiverStream::new(rx);
    /// # drop(stream);
    /// ```
    pub fn new(recv: UnboundedReceiver<T>) -> Self {
        Self { inner: recv }
    }

    /// Unwraps the receiver.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt::sync::mpsc::unbounded_channel();
    /// tx.send(5).unwrap();
    /// let mut rx = rt::stream::wrappers::UnboundedReceiverStream::new(rx).into_inner();
    /// assert_eq!(rx.try_recv(), Ok(5));
    /// ```
    pub fn into_inner(self) -> UnboundedReceiver<T> {
        self.inner
    }

    /// Closes the receiving half without dropping it; see
    /// [`UnboundedReceiver::close`]. Buffered values are still yielded,
    /// then the stream ends.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt::stream::StreamExt;
    /// use rt::stream::wrappers::UnboundedReceiverStream;
    ///
    /// # #[rt::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let (tx, rx) = rt::sync::mpsc::unbounded_channel();
    /// tx.send(1).unwrap();
    /// let mut stream = UnboundedReceiverStream::new(rx);
    /// stream.close();
    /// assert!(tx.send(2).is_err());
    /// assert_eq!(stream.next().await, Some(1));
    /// assert_eq!(stream.next().await, None);
    /// # }
    /// ```
    pub fn close(&mut self) {
        self.inner.close();
    }
}

impl<T> Stream for UnboundedReceiverStream<T> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.inner.poll_recv(cx)
    }

    /// At least the number of buffered values; no upper bound, as senders
    /// may add more.
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.inner.len(), None)
    }
}

impl<T> AsRef<UnboundedReceiver<T>> for UnboundedReceiverStream<T> {
    fn as_ref(&self) -> &UnboundedReceiver<T> {
        &self.inner
    }
}

impl<T> AsMut<UnboundedReceiver<T>> for UnboundedReceiverStream<T> {
    fn as_mut(&mut self) -> &mut UnboundedReceiver<T> {
        &mut self.inner
    }
}

impl<T> From<UnboundedReceiver<T>> for UnboundedReceiverStream<T> {
    fn from(recv: UnboundedReceiver<T>) -> Self {
        Self::new(recv)
    }
}

impl<T> fmt::Debug for UnboundedReceiverStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnboundedReceiverStream")
            .field("inner", &self.inner)
            .finish()
    }
}
