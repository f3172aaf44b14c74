use crate::signal::unix::Signal;
use crate::stream::Stream;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A [`Stream`] of the deliveries of a Unix [`Signal`]: one `()` per
/// delivery (deliveries that arrive together coalesce, as with
/// [`Signal::recv`]). It ends when the runtime the listener was created on
/// shuts down.
///
/// # Examples
///
/// ```
/// use futures::StreamExt;
/// use rt::signal::unix::{signal, SignalKind};
/// use rt::stream::wrappers::SignalStream;
///
/// # #[rt::main(flavor = "current_thread")]
/// # async fn main() {
/// let mut usr1 = SignalStream::new(signal(SignalKind::user_defined1()).unwrap());
/// // SAFETY: kill(2) on our own pid; rt's SIGUSR1 handler is installed.
/// unsafe { libc::kill(libc::getpid(), libc::SIGUSR1) };
/// assert_eq!(usr1.next().await, Some(()));
/// # }
/// ```
#[derive(Debug)]
pub struct SignalStream {
    inner: Signal,
}

impl SignalStream {
    /// Wraps `signal`.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[rt::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use rt::signal::unix::{signal, SignalKind};
    /// let stream = rt::stream::wrappers::SignalStream::new(signal(SignalKind::hangup()).unwrap());
    /// # drop(stream);
    /// # }
    /// ```
    pub fn new(signal: Signal) -> Self {
        Self { inner: signal }
    }

    /// Unwraps the listener.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[rt::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use rt::signal::unix::{signal, SignalKind};
    /// let stream = rt::stream::wrappers::SignalStream::new(signal(SignalKind::hangup()).unwrap());
    /// let _signal: rt::signal::unix::Signal = stream.into_inner();
    /// # }
    /// ```
    pub fn into_inner(self) -> Signal {
        self.inner
    }
}

impl Stream for SignalStream {
    type Item = ();

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<()>> {
        self.inner.poll_recv(cx)
    }
}

impl AsRef<Signal> for SignalStream {
    fn as_ref(&self) -> &Signal {
        &self.inner
    }
}

impl AsMut<Signal> for SignalStream {
    fn as_mut(&mut self) -> &mut Signal {
        &mut self.inner
    }
}

impl From<Signal> for SignalStream {
    fn from(signal: Signal) -> Self {
        Self::new(signal)
    }
}
