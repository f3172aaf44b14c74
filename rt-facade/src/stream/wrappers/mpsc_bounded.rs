use crate::stream::Stream;
use crate::sync::mpsc::Receiver;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A [`Stream`] of the values received by an [`mpsc::Receiver`]; ends
/// once every sender is gone (or the receiver was
/// [closed](ReceiverStream::close)) and the buffer is drained.
///
/// [`mpsc::Receiver`]: crate::sync::mpsc::Receiver
///
/// # Examples
///
/// ```
/// use futures::StreamExt;
/// use rt::stream::wrappers::ReceiverStream;
///
/// # #[rt::main(flavor = "current_thread")]
/// # async fn main() {
/// let (tx, rx) = rt::sync::mpsc::channel(8);
/// rt::spawn(async move {
///     for i in 1..=4 {
///         tx.send(i).await.unwrap();
///     }
/// });
/// let squares: Vec<i32> = ReceiverStream::new(rx).map(|i| i * i).collect().await;
/// assert_eq!(squares, [1, 4, 9, 16]);
/// # }
/// ```
pub struct ReceiverStream<T> {
    inner: Receiver<T>,
}

impl<T> ReceiverStream<T> {
    /// Wraps `recv`.
    ///
    /// # Examples
    ///
    /// ```
    /// let (_tx, rx) = rt::sync::mpsc::channel::<u8>(1);
    /// let stream = rt::stream::wrappers::ReceiverStream::new(rx);
    /// # drop(stream);
    /// ```
    pub fn new(recv: Receiver<T>) -> Self {
        Self { inner: recv }
    }

    /// Unwraps the receiver.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt::sync::mpsc::channel(1);
    /// tx.try_send(5).unwrap();
    /// let mut rx = rt::stream::wrappers::ReceiverStream::new(rx).into_inner();
    /// assert_eq!(rx.try_recv(), Ok(5));
    /// ```
    pub fn into_inner(self) -> Receiver<T> {
        self.inner
    }

    /// Closes the receiving half without dropping it; see
    /// [`Receiver::close`]. Buffered values are still yielded, then the
    /// stream ends.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt::stream::StreamExt;
    /// use rt::stream::wrappers::ReceiverStream;
    ///
    /// # #[rt::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let (tx, rx) = rt::sync::mpsc::channel(2);
    /// tx.send(1).await.unwrap();
    /// let mut stream = ReceiverStream::new(rx);
    /// stream.close();
    /// assert!(tx.send(2).await.is_err());
    /// assert_eq!(stream.next().await, Some(1));
    /// assert_eq!(stream.next().await, None);
    /// # }
    /// ```
    pub fn close(&mut self) {
        self.inner.close();
    }
}

impl<T> Stream for ReceiverStream<T> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.inner.poll_recv(cx)
    }

    /// At least the number of buffered values; no upper bound, as senders
    /// (or permits) may add more.
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.inner.len(), None)
    }
}

impl<T> AsRef<Receiver<T>> for ReceiverStream<T> {
    fn as_ref(&self) -> &Receiver<T> {
        &self.inner
    }
}

impl<T> AsMut<Receiver<T>> for ReceiverStream<T> {
    fn as_mut(&mut self) -> &mut Receiver<T> {
        &mut self.inner
    }
}

impl<T> From<Receiver<T>> for ReceiverStream<T> {
    fn from(recv: Receiver<T>) -> Self {
        Self::new(recv)
    }
}

impl<T> fmt::Debug for ReceiverStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceiverStream")
            .field("inner", &self.inner)
            .finish()
    }
}
