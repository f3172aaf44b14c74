use crate::stream::Stream;
use crate::sync::broadcast::error::RecvError;
use crate::sync::broadcast::Receiver;
use std::error::Error;
use std::fmt;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// A [`Stream`] of the values received by a [`broadcast::Receiver`].
///
/// Each item is `Ok(value)`, or
/// `Err(BroadcastStreamRecvError::Lagged(n))` when the receiver fell more
/// than the channel's capacity behind and `n` values were overwritten
/// before it got them; the stream then continues with the oldest value
/// still retained. The stream ends once every sender is gone and every
/// value left was yielded.
///
/// [`broadcast::Receiver`]: crate::sync::broadcast::Receiver
///
/// # Examples
///
/// ```
/// use futures::StreamExt;
/// use rt::stream::wrappers::errors::BroadcastStreamRecvError;
/// use rt::stream::wrappers::BroadcastStream;
///
/// # #[rt::main(flavor = "current_thread")]
/// # async fn main() {
/// let (tx, rx) = rt::sync::broadcast::channel(2);
/// for i in 0..4 {
///     tx.send(i).unwrap();
/// }
/// drop(tx);
/// let items: Vec<_> = BroadcastStream::new(rx).collect().await;
/// assert_eq!(items, [Err(BroadcastStreamRecvError::Lagged(2)), Ok(2), Ok(3)]);
/// # }
/// ```
pub struct BroadcastStream<T> {
    inner: Receiver<T>,
}

/// The error a [`BroadcastStream`] yields.
///
/// # Examples
///
/// ```
/// use rt::stream::wrappers::errors::BroadcastStreamRecvError;
///
/// let err = BroadcastStreamRecvError::Lagged(3);
/// assert_eq!(err.to_string(), "channel lagged by 3");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BroadcastStreamRecvError {
    /// The receiver lagged too far behind: this many values were
    /// overwritten before it received them. The next item is the oldest
    /// value still retained.
    Lagged(u64),
}

impl fmt::Display for BroadcastStreamRecvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BroadcastStreamRecvError::Lagged(n) => write!(f, "channel lagged by {n}"),
        }
    }
}

impl Error for BroadcastStreamRecvError {}

impl<T: Clone> BroadcastStream<T> {
    /// Wraps `rx`. The stream yields what `rx` has yet to receive.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt::sync::broadcast::channel::<u8>(4);
    /// let stream = rt::stream::wrappers::BroadcastStream::new(rx);
    /// # drop((tx, stream));
    /// ```
    pub fn new(rx: Receiver<T>) -> Self {
        Self { inner: rx }
    }
}

impl<T> BroadcastStream<T> {
    /// Unwraps the receiver. Nothing is lost: the receiver resumes where
    /// the stream stopped.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt::sync::broadcast::channel(4);
    /// let stream = rt::stream::wrappers::BroadcastStream::new(rx);
    /// tx.send(1).unwrap();
    /// let mut rx = stream.into_inner();
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// ```
    pub fn into_inner(self) -> Receiver<T> {
        self.inner
    }
}

impl<T: Clone> Stream for BroadcastStream<T> {
    type Item = Result<T, BroadcastStreamRecvError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match ready!(self.inner.poll_recv(cx)) {
            Ok(value) => Poll::Ready(Some(Ok(value))),
            Err(RecvError::Lagged(n)) => {
                Poll::Ready(Some(Err(BroadcastStreamRecvError::Lagged(n))))
            }
            Err(RecvError::Closed) => Poll::Ready(None),
        }
    }
}

impl<T> AsRef<Receiver<T>> for BroadcastStream<T> {
    fn as_ref(&self) -> &Receiver<T> {
        &self.inner
    }
}

impl<T> AsMut<Receiver<T>> for BroadcastStream<T> {
    fn as_mut(&mut self) -> &mut Receiver<T> {
        &mut self.inner
    }
}

impl<T: Clone> From<Receiver<T>> for BroadcastStream<T> {
    fn from(rx: Receiver<T>) -> Self {
        Self::new(rx)
    }
}

impl<T> fmt::Debug for BroadcastStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BroadcastStream")
            .field("inner", &self.inner)
            .finish()
    }
}
