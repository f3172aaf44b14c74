//! [`UnixStream::into_split`]: owned halves sharing the stream (the
//! same design as `tcp/split_owned.rs`).
//!
//! The halves hold one `Arc<UnixStream>` each; the stream's operations
//! all take `&self`, so no lock is needed (reads use the read waker
//! slot, writes the write slot). The stream closes when both halves are
//! gone. Dropping the write half shuts the write side down first, so the
//! peer sees EOF even while the read half lives on.

use super::stream::UnixStream;
use super::SocketAddr;
use rt_io::{AsyncRead, AsyncWrite, Interest, ReadBuf, Ready};
use std::error::Error;
use std::fmt;
use std::io::{self, IoSlice, IoSliceMut};
use std::net::Shutdown;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// The owned read half of a [`UnixStream`], from
/// [`UnixStream::into_split`].
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt};
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let (a, mut b) = rt_net::UnixStream::pair()?;
/// let (mut rd, _wr) = a.into_split();
/// let reader = rt_core::spawn(async move {
///     let mut buf = Vec::new();
///     rd.read_to_end(&mut buf).await.map(|_| buf)
/// });
/// b.write_all(b"to the reader task").await?;
/// drop(b);
/// assert_eq!(reader.await??, b"to the reader task");
/// # Ok::<_, Box<dyn std::error::Error>>(()) }).unwrap();
/// ```
#[derive(Debug)]
pub struct OwnedReadHalf {
    inner: Arc<UnixStream>,
}

/// The owned write half of a [`UnixStream`], from
/// [`UnixStream::into_split`].
///
/// Dropping it shuts the stream's write side down (sends FIN), as does
/// `poll_shutdown`; [`forget`](Self::forget) drops it without doing so.
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt};
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let (a, mut b) = rt_net::UnixStream::pair()?;
/// let (_rd, mut wr) = a.into_split();
/// wr.write_all(b"last words").await?;
/// drop(wr); // `b` reads EOF although `_rd` is alive
/// let mut got = String::new();
/// b.read_to_string(&mut got).await?;
/// assert_eq!(got, "last words");
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
#[derive(Debug)]
pub struct OwnedWriteHalf {
    inner: Arc<UnixStream>,
    shutdown_on_drop: bool,
}

/// The error [`OwnedReadHalf::reunite`] returns when the halves come
/// from different streams; it gives both back.
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let (a, b) = rt_net::UnixStream::pair()?;
/// let (rd_a, _wr_a) = a.into_split();
/// let (_rd_b, wr_b) = b.into_split();
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

pub(crate) fn split_owned(stream: UnixStream) -> (OwnedReadHalf, OwnedWriteHalf) {
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

fn reunite(read: OwnedReadHalf, mut write: OwnedWriteHalf) -> Result<UnixStream, ReuniteError> {
    if !Arc::ptr_eq(&read.inner, &write.inner) {
        return Err(ReuniteError(read, write));
    }
    write.shutdown_on_drop = false;
    drop(write);
    // The two halves held the only references, and the write half's is
    // gone.
    Ok(Arc::try_unwrap(read.inner)
        .unwrap_or_else(|_| unreachable!("a UnixStream's halves are its only owners")))
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
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixStream::pair()?;
    /// let (rd, wr) = a.into_split();
    /// let _a: rt_net::UnixStream = rd.reunite(wr).expect("same stream");
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn reunite(self, other: OwnedWriteHalf) -> Result<UnixStream, ReuniteError> {
        reunite(self, other)
    }

    /// Waits for readiness; see [`UnixStream::ready`].
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
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// let (rd, _wr) = a.into_split();
    /// drop(b);
    /// assert!(rd.ready(Interest::READABLE).await?.is_read_closed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn ready(&self, interest: Interest) -> io::Result<Ready> {
        self.inner.ready(interest).await
    }

    /// Waits until readable; see [`UnixStream::readable`].
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
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// let (rd, _wr) = a.into_split();
    /// drop(b);
    /// rd.readable().await?;
    /// assert_eq!(rd.try_read(&mut [0u8; 1])?, 0); // EOF
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn readable(&self) -> io::Result<()> {
        self.inner.readable().await
    }

    /// Reads without waiting; see [`UnixStream::try_read`].
    ///
    /// # Errors
    ///
    /// As [`UnixStream::try_read`].
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// let (rd, _wr) = a.into_split();
    /// # let _ = &b;
    /// let err = rd.try_read(&mut [0u8; 1]).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_read(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.try_read(buf)
    }

    /// Reads into several buffers without waiting; see
    /// [`UnixStream::try_read_vectored`].
    ///
    /// # Errors
    ///
    /// As [`UnixStream::try_read`].
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// let (rd, _wr) = a.into_split();
    /// drop(b);
    /// rd.readable().await?;
    /// let mut buf = [0u8; 1];
    /// assert_eq!(rd.try_read_vectored(&mut [std::io::IoSliceMut::new(&mut buf)])?, 0);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_read_vectored(&self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
        self.inner.try_read_vectored(bufs)
    }

    /// The peer's address; see [`UnixStream::peer_addr`].
    ///
    /// # Errors
    ///
    /// As [`UnixStream::peer_addr`].
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// let (rd, _wr) = a.into_split();
    /// # let _ = &b;
    /// assert!(rd.peer_addr()?.is_unnamed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.inner.peer_addr()
    }

    /// The local address; see [`UnixStream::local_addr`].
    ///
    /// # Errors
    ///
    /// As [`UnixStream::local_addr`].
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// let (rd, _wr) = a.into_split();
    /// # let _ = &b;
    /// assert!(rd.local_addr()?.is_unnamed());
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
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixStream::pair()?;
    /// let (rd, wr) = a.into_split();
    /// let _a: rt_net::UnixStream = wr.reunite(rd).expect("same stream");
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn reunite(self, other: OwnedReadHalf) -> Result<UnixStream, ReuniteError> {
        reunite(other, self)
    }

    /// Drops the write half *without* shutting the write side down.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::{AsyncReadExt, AsyncWriteExt};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, mut b) = rt_net::UnixStream::pair()?;
    /// let (mut rd, wr) = a.into_split();
    /// wr.forget();
    /// b.write_all(b"still open").await?; // no EOF was sent
    /// let mut buf = [0u8; 10];
    /// rd.read_exact(&mut buf).await?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn forget(mut self) {
        self.shutdown_on_drop = false;
        drop(self);
    }

    /// Waits for readiness; see [`UnixStream::ready`].
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
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// let (_rd, wr) = a.into_split();
    /// # let _ = &b;
    /// assert!(wr.ready(Interest::WRITABLE).await?.is_writable());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn ready(&self, interest: Interest) -> io::Result<Ready> {
        self.inner.ready(interest).await
    }

    /// Waits until writable; see [`UnixStream::writable`].
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
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// let (_rd, wr) = a.into_split();
    /// # let _ = &b;
    /// wr.writable().await?;
    /// assert_eq!(wr.try_write(b"w")?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn writable(&self) -> io::Result<()> {
        self.inner.writable().await
    }

    /// Writes without waiting; see [`UnixStream::try_write`].
    ///
    /// # Errors
    ///
    /// As [`UnixStream::try_write`].
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// let (_rd, wr) = a.into_split();
    /// # let _ = &b;
    /// wr.writable().await?;
    /// assert_eq!(wr.try_write(b"ab")?, 2);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_write(&self, buf: &[u8]) -> io::Result<usize> {
        self.inner.try_write(buf)
    }

    /// Writes from several buffers without waiting; see
    /// [`UnixStream::try_write_vectored`].
    ///
    /// # Errors
    ///
    /// As [`UnixStream::try_write`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::IoSlice;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// let (_rd, wr) = a.into_split();
    /// # let _ = &b;
    /// wr.writable().await?;
    /// assert_eq!(wr.try_write_vectored(&[IoSlice::new(b"a"), IoSlice::new(b"b")])?, 2);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_write_vectored(&self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        self.inner.try_write_vectored(bufs)
    }

    /// The peer's address; see [`UnixStream::peer_addr`].
    ///
    /// # Errors
    ///
    /// As [`UnixStream::peer_addr`].
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// let (_rd, wr) = a.into_split();
    /// # let _ = &b;
    /// assert!(wr.peer_addr()?.is_unnamed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.inner.peer_addr()
    }

    /// The local address; see [`UnixStream::local_addr`].
    ///
    /// # Errors
    ///
    /// As [`UnixStream::local_addr`].
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// let (_rd, wr) = a.into_split();
    /// # let _ = &b;
    /// assert!(wr.local_addr()?.is_unnamed());
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

impl AsRef<UnixStream> for OwnedReadHalf {
    fn as_ref(&self) -> &UnixStream {
        &self.inner
    }
}

impl AsRef<UnixStream> for OwnedWriteHalf {
    fn as_ref(&self) -> &UnixStream {
        &self.inner
    }
}
