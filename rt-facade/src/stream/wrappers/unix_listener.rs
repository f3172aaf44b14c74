use crate::net::{UnixListener, UnixStream};
use crate::stream::Stream;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A [`Stream`] of the connections a [`UnixListener`] accepts: each item
/// is `io::Result<UnixStream>`, as [`UnixListener::accept`] returns
/// (without the peer address).
///
/// The stream never ends. An accept error is yielded as an item and the
/// stream continues; decide in the loop whether to stop.
///
/// # Examples
///
/// ```
/// use rt::io::{AsyncReadExt, AsyncWriteExt};
/// use rt::net::{UnixListener, UnixStream};
/// use rt::stream::wrappers::UnixListenerStream;
/// use rt::stream::StreamExt;
///
/// # #[rt::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let path = std::env::temp_dir().join(format!("rt-doc-uls-{}.sock", std::process::id()));
/// # let _ = std::fs::remove_file(&path);
/// let mut incoming = UnixListenerStream::new(UnixListener::bind(&path)?);
/// let mut client = UnixStream::connect(&path).await?;
/// let mut server_side = incoming.next().await.unwrap()?;
/// client.write_all(b"ping").await?;
/// let mut buf = [0; 4];
/// server_side.read_exact(&mut buf).await?;
/// assert_eq!(&buf, b"ping");
/// std::fs::remove_file(&path)?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct UnixListenerStream {
    inner: UnixListener,
}

impl UnixListenerStream {
    /// Wraps `listener`.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[rt::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let path = std::env::temp_dir().join(format!("rt-doc-uls-new-{}.sock", std::process::id()));
    /// # let _ = std::fs::remove_file(&path);
    /// let listener = rt::net::UnixListener::bind(&path)?;
    /// let incoming = rt::stream::wrappers::UnixListenerStream::new(listener);
    /// # drop(incoming);
    /// std::fs::remove_file(&path)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(listener: UnixListener) -> Self {
        Self { inner: listener }
    }

    /// Unwraps the listener.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[rt::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let path = std::env::temp_dir().join(format!("rt-doc-uls-inner-{}.sock", std::process::id()));
    /// # let _ = std::fs::remove_file(&path);
    /// let incoming = rt::stream::wrappers::UnixListenerStream::new(rt::net::UnixListener::bind(&path)?);
    /// let listener = incoming.into_inner();
    /// assert_eq!(listener.local_addr()?.as_pathname(), Some(path.as_path()));
    /// std::fs::remove_file(&path)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn into_inner(self) -> UnixListener {
        self.inner
    }
}

impl Stream for UnixListenerStream {
    type Item = io::Result<UnixStream>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner
            .poll_accept(cx)
            .map(|accepted| Some(accepted.map(|(stream, _peer)| stream)))
    }
}

impl AsRef<UnixListener> for UnixListenerStream {
    fn as_ref(&self) -> &UnixListener {
        &self.inner
    }
}

impl AsMut<UnixListener> for UnixListenerStream {
    fn as_mut(&mut self) -> &mut UnixListener {
        &mut self.inner
    }
}

impl From<UnixListener> for UnixListenerStream {
    fn from(listener: UnixListener) -> Self {
        Self::new(listener)
    }
}
