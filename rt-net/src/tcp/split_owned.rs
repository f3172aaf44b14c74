//! [`TcpStream::into_split`]: owned halves sharing the stream.
//!
//! The halves hold one `Arc<TcpStream>` each; the stream's operations
//! all take `&self`, so no lock is needed (reads use the read waker
//! slot, writes the write slot). The stream closes when both halves are
//! gone. Dropping the write half shuts the write side down first, so the
//! peer sees EOF even while the read half lives on.

use super::stream::TcpStream;
use rt_io::{AsyncRead, AsyncWrite, Interest, ReadBuf, Ready};
use std::error::Error;
use std::fmt;
use std::io::{self, IoSlice, IoSliceMut};
use std::net::{Shutdown, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// The owned read half of a [`TcpStream`], from
/// [`TcpStream::into_split`].
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt};
/// use rt_net::{TcpListener, TcpStream};
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let listener = TcpListener::bind("127.0.0.1:0").await?;
/// let client = TcpStream::connect(listener.local_addr()?).await?;
/// let (mut server, _) = listener.accept().await?;
/// let (mut rd, _wr) = client.into_split();
/// let reader = rt_core::spawn(async move {
///     let mut buf = Vec::new();
///     rd.read_to_end(&mut buf).await.map(|_| buf)
/// });
/// server.write_all(b"to the reader task").await?;
/// drop(server);
/// assert_eq!(reader.await??, b"to the reader task");
/// # Ok::<_, Box<dyn std::error::Error>>(()) }).unwrap();
/// ```
#[derive(Debug)]
pub struct OwnedReadHalf {
    inner: Arc<TcpStream>,
}

/// The owned write half of a [`TcpStream`], from
/// [`TcpStream::into_split`].
///
/// Dropping it shuts the stream's write side down (sends FIN), as does
/// `poll_shutdown`; [`forget`](Self::forget) drops it without doing so.
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt};
/// use rt_net::{TcpListener, TcpStream};
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let listener = TcpListener::bind("127.0.0.1:0").await?;
/// let client = TcpStream::connect(listener.local_addr()?).await?;
/// let (mut server, _) = listener.accept().await?;
/// let (_rd, mut wr) = client.into_split();
/// wr.write_all(b"last words").await?;
/// drop(wr); // the server reads EOF although `_rd` is alive
/// let mut got = String::new();
/// server.read_to_string(&mut got).await?;
/// assert_eq!(got, "last words");
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
#[derive(Debug)]
pub struct OwnedWriteHalf {
    inner: Arc<TcpStream>,
    shutdown_on_drop: bool,
}

/// The error [`OwnedReadHalf::reunite`] returns when the halves come
/// from different streams; it gives both back.
///
/// # Examples
///
/// ```
/// use rt_net::{TcpListener, TcpStream};
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let listener = TcpListener::bind("127.0.0.1:0").await?;
/// let (rd_a, _wr_a) = TcpStream::connect(listener.local_addr()?).await?.into_split();
/// let (_rd_b, wr_b) = TcpStream::connect(listener.local_addr()?).await?.into_split();
/// let err = rd_a.reunite(wr_b).unwrap_err();
/// let (_rd_a, _wr_b) = (err.0, err.1); // both halves come back
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
#[derive(Debug)]
pub struct ReuniteError(pub OwnedReadHalf, pub OwnedWriteHalf);

impl fmt::Display for ReuniteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("tried to reunite halves that are not from the same socket")
    }
}

impl Error for ReuniteError {}

pub(crate) fn split_owned(stream: TcpStream) -> (OwnedReadHalf, OwnedWriteHalf) {
    let inner = Arc::new(stream);
    (
        OwnedReadHalf {
            inner: inner.clone(),
        },
        OwnedWriteHalf {
            inner,
            shutdown_on_drop: true,
        },
    )
}

fn reunite(read: OwnedReadHalf, mut write: OwnedWriteHalf) -> Result<TcpStream, ReuniteError> {
    if !Arc::ptr_eq(&read.inner, &write.inner) {
        return Err(ReuniteError(read, write));
    }
    write.shutdown_on_drop = false;
    drop(write);
    // The two halves held the only references, and the write half's is
    // gone.
    Ok(Arc::try_unwrap(read.inner)
        .unwrap_or_else(|_| unreachable!("a TcpStream's halves are its only owners")))
}

impl OwnedReadHalf {
    /// Puts the stream back together with its write half.
    ///
    /// # Errors
    ///
    /// [`ReuniteError`] (holding both halves) if `other` is the write
    /// half of a different stream.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// let local = client.local_addr()?;
    /// let (rd, wr) = client.into_split();
    /// let client = rd.reunite(wr).expect("same stream");
    /// assert_eq!(client.local_addr()?, local);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn reunite(self, other: OwnedWriteHalf) -> Result<TcpStream, ReuniteError> {
        reunite(self, other)
    }

    /// Polls to peek; see [`TcpStream::poll_peek`].
    ///
    /// # Errors
    ///
    /// As [`TcpStream::peek`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::{AsyncWriteExt, ReadBuf};
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (mut server, _) = listener.accept().await?;
    /// server.write_all(b"x").await?;
    /// let (mut rd, _wr) = client.into_split();
    /// let mut storage = [0u8; 1];
    /// let mut buf = ReadBuf::new(&mut storage);
    /// assert_eq!(std::future::poll_fn(|cx| rd.poll_peek(cx, &mut buf)).await?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_peek(
        &mut self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<usize>> {
        self.inner.poll_peek(cx, buf)
    }

    /// Peeks; see [`TcpStream::peek`].
    ///
    /// # Errors
    ///
    /// As [`TcpStream::peek`].
    ///
    /// # Cancel safety
    ///
    /// Cancel safe.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncWriteExt;
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (mut server, _) = listener.accept().await?;
    /// server.write_all(b"x").await?;
    /// let (mut rd, _wr) = client.into_split();
    /// assert_eq!(rd.peek(&mut [0u8; 1]).await?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn peek(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.peek(buf).await
    }

    /// Waits for readiness; see [`TcpStream::ready`].
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::Interest;
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// drop(listener.accept().await?); // the peer closes
    /// let (rd, _wr) = client.into_split();
    /// assert!(rd.ready(Interest::READABLE).await?.is_read_closed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn ready(&self, interest: Interest) -> io::Result<Ready> {
        self.inner.ready(interest).await
    }

    /// Waits until readable; see [`TcpStream::readable`].
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// drop(listener.accept().await?);
    /// let (rd, _wr) = client.into_split();
    /// rd.readable().await?;
    /// assert_eq!(rd.try_read(&mut [0u8; 1])?, 0); // EOF
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn readable(&self) -> io::Result<()> {
        self.inner.readable().await
    }

    /// Reads without waiting; see [`TcpStream::try_read`].
    ///
    /// # Errors
    ///
    /// As [`TcpStream::try_read`].
    ///
    /// # Examples
    ///
    /// See [`readable`](Self::readable).
    ///
    /// ```
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let (rd, _wr) = TcpStream::connect(listener.local_addr()?).await?.into_split();
    /// let err = rd.try_read(&mut [0u8; 1]).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_read(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.try_read(buf)
    }

    /// Reads into several buffers without waiting; see
    /// [`TcpStream::try_read_vectored`].
    ///
    /// # Errors
    ///
    /// As [`TcpStream::try_read`].
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let (rd, _wr) = TcpStream::connect(listener.local_addr()?).await?.into_split();
    /// let mut buf = [0u8; 1];
    /// let err = rd.try_read_vectored(&mut [std::io::IoSliceMut::new(&mut buf)]).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_read_vectored(&self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
        self.inner.try_read_vectored(bufs)
    }

    /// The remote address; see [`TcpStream::peer_addr`].
    ///
    /// # Errors
    ///
    /// As [`TcpStream::peer_addr`].
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let (rd, _wr) = TcpStream::connect(listener.local_addr()?).await?.into_split();
    /// assert_eq!(rd.peer_addr()?, listener.local_addr()?);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.inner.peer_addr()
    }

    /// The local address; see [`TcpStream::local_addr`].
    ///
    /// # Errors
    ///
    /// As [`TcpStream::local_addr`].
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// let local = client.local_addr()?;
    /// let (rd, _wr) = client.into_split();
    /// assert_eq!(rd.local_addr()?, local);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

impl OwnedWriteHalf {
    /// Puts the stream back together with its read half; see
    /// [`OwnedReadHalf::reunite`].
    ///
    /// # Errors
    ///
    /// [`ReuniteError`] if `other` is the read half of a different
    /// stream.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let (rd, wr) = TcpStream::connect(listener.local_addr()?).await?.into_split();
    /// let _client: TcpStream = wr.reunite(rd).expect("same stream");
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn reunite(self, other: OwnedReadHalf) -> Result<TcpStream, ReuniteError> {
        reunite(other, self)
    }

    /// Drops the write half *without* shutting the write side down: the
    /// connection stays fully open while the read half lives.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::{AsyncReadExt, AsyncWriteExt};
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let (mut rd, wr) = TcpStream::connect(listener.local_addr()?).await?.into_split();
    /// let (mut server, _) = listener.accept().await?;
    /// wr.forget();
    /// server.write_all(b"still open").await?; // no EOF was sent
    /// let mut buf = [0u8; 10];
    /// rd.read_exact(&mut buf).await?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn forget(mut self) {
        self.shutdown_on_drop = false;
        drop(self);
    }

    /// Waits for readiness; see [`TcpStream::ready`].
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::Interest;
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let (_rd, wr) = TcpStream::connect(listener.local_addr()?).await?.into_split();
    /// assert!(wr.ready(Interest::WRITABLE).await?.is_writable());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn ready(&self, interest: Interest) -> io::Result<Ready> {
        self.inner.ready(interest).await
    }

    /// Waits until writable; see [`TcpStream::writable`].
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let (_rd, wr) = TcpStream::connect(listener.local_addr()?).await?.into_split();
    /// wr.writable().await?;
    /// assert_eq!(wr.try_write(b"w")?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn writable(&self) -> io::Result<()> {
        self.inner.writable().await
    }

    /// Writes without waiting; see [`TcpStream::try_write`].
    ///
    /// # Errors
    ///
    /// As [`TcpStream::try_write`].
    ///
    /// # Examples
    ///
    /// See [`writable`](Self::writable).
    ///
    /// ```
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let (_rd, wr) = TcpStream::connect(listener.local_addr()?).await?.into_split();
    /// wr.writable().await?;
    /// assert_eq!(wr.try_write(b"ab")?, 2);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_write(&self, buf: &[u8]) -> io::Result<usize> {
        self.inner.try_write(buf)
    }

    /// Writes from several buffers without waiting; see
    /// [`TcpStream::try_write_vectored`].
    ///
    /// # Errors
    ///
    /// As [`TcpStream::try_write`].
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::{TcpListener, TcpStream};
    /// use std::io::IoSlice;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let (_rd, wr) = TcpStream::connect(listener.local_addr()?).await?.into_split();
    /// wr.writable().await?;
    /// assert_eq!(wr.try_write_vectored(&[IoSlice::new(b"a"), IoSlice::new(b"b")])?, 2);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_write_vectored(&self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        self.inner.try_write_vectored(bufs)
    }

    /// The remote address; see [`TcpStream::peer_addr`].
    ///
    /// # Errors
    ///
    /// As [`TcpStream::peer_addr`].
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let (_rd, wr) = TcpStream::connect(listener.local_addr()?).await?.into_split();
    /// assert_eq!(wr.peer_addr()?, listener.local_addr()?);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.inner.peer_addr()
    }

    /// The local address; see [`TcpStream::local_addr`].
    ///
    /// # Errors
    ///
    /// As [`TcpStream::local_addr`].
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// let local = client.local_addr()?;
    /// let (_rd, wr) = client.into_split();
    /// assert_eq!(wr.local_addr()?, local);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

impl Drop for OwnedWriteHalf {
    fn drop(&mut self) {
        if self.shutdown_on_drop {
            // The peer may be gone already: nothing to report to.
            let _ = self.inner.shutdown_std(Shutdown::Write);
        }
    }
}

impl AsyncRead for OwnedReadHalf {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.inner.poll_read_priv(cx, buf)
    }
}

impl AsyncWrite for OwnedWriteHalf {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.inner.poll_write_priv(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.inner.poll_write_vectored_priv(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    /// Shuts the write side down; dropping the half later does not
    /// repeat it.
    fn poll_shutdown(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let res = self.inner.shutdown_std(Shutdown::Write);
        if res.is_ok() {
            self.shutdown_on_drop = false;
        }
        Poll::Ready(res)
    }
}

impl AsRef<TcpStream> for OwnedReadHalf {
    fn as_ref(&self) -> &TcpStream {
        &self.inner
    }
}

impl AsRef<TcpStream> for OwnedWriteHalf {
    fn as_ref(&self) -> &TcpStream {
        &self.inner
    }
}
