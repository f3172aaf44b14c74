use crate::net::{TcpListener, TcpStream};
use crate::stream::Stream;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A [`Stream`] of the connections a [`TcpListener`] accepts: each item is
/// `io::Result<TcpStream>`, as [`TcpListener::accept`] returns (without the
/// peer address; ask the stream for it with `peer_addr`).
///
/// The stream never ends. An accept error (for example `EMFILE`, too many
/// open files) is yielded as an item and the stream continues; decide in
/// the loop whether to stop.
///
/// # Examples
///
/// ```
/// use rt::net::{TcpListener, TcpStream};
/// use rt::stream::wrappers::TcpListenerStream;
/// use rt::stream::StreamExt;
///
/// # #[rt::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let listener = TcpListener::bind("127.0.0.1:0").await?;
/// let addr = listener.local_addr()?;
/// let client = rt::spawn(async move { TcpStream::connect(addr).await });
/// let mut incoming = TcpListenerStream::new(listener);
/// let server_side = incoming.next().await.unwrap()?;
/// let client_side = client.await.unwrap()?;
/// assert_eq!(server_side.peer_addr()?, client_side.local_addr()?);
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct TcpListenerStream {
    inner: TcpListener,
}

impl TcpListenerStream {
    /// Wraps `listener`.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[rt::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let listener = rt::net::TcpListener::bind("127.0.0.1:0").await?;
    /// let incoming = rt::stream::wrappers::TcpListenerStream::new(listener);
    /// # drop(incoming);
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(listener: TcpListener) -> Self {
        Self { inner: listener }
    }

    /// Unwraps the listener.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[rt::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let listener = rt::net::TcpListener::bind("127.0.0.1:0").await?;
    /// let addr = listener.local_addr()?;
    /// let incoming = rt::stream::wrappers::TcpListenerStream::new(listener);
    /// assert_eq!(incoming.into_inner().local_addr()?, addr);
    /// # Ok(())
    /// # }
    /// ```
    pub fn into_inner(self) -> TcpListener {
        self.inner
    }
}

impl Stream for TcpListenerStream {
    type Item = io::Result<TcpStream>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner
            .poll_accept(cx)
            .map(|accepted| Some(accepted.map(|(stream, _peer)| stream)))
    }
}

impl AsRef<TcpListener> for TcpListenerStream {
    fn as_ref(&self) -> &TcpListener {
        &self.inner
    }
}

impl AsMut<TcpListener> for TcpListenerStream {
    fn as_mut(&mut self) -> &mut TcpListener {
        &mut self.inner
    }
}

impl From<TcpListener> for TcpListenerStream {
    fn from(listener: TcpListener) -> Self {
        Self::new(listener)
    }
}
