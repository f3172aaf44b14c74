//! [`UnixStream::split`]: borrowed halves (`&UnixStream` each; see
//! `tcp/split.rs` for why no lock is needed).

use super::stream::UnixStream;
use super::SocketAddr;
use rt_io::{AsyncRead, AsyncWrite, Interest, ReadBuf, Ready};
use std::io::{self, IoSlice, IoSliceMut};
use std::net::Shutdown;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The read half of a [`UnixStream`], borrowed by
/// [`UnixStream::split`].
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt};
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let (mut a, mut b) = rt_net::UnixStream::pair()?;
/// b.write_all(b"hi").await?;
/// let (mut rd, _wr) = a.split();
/// let mut buf = [0u8; 2];
/// rd.read_exact(&mut buf).await?;
/// assert_eq!(&buf, b"hi");
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
#[derive(Debug)]
pub struct ReadHalf<'a>(&'a UnixStream);

/// The write half of a [`UnixStream`], borrowed by
/// [`UnixStream::split`]. Its `poll_shutdown` shuts the stream's write
/// side down.
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt};
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let (mut a, mut b) = rt_net::UnixStream::pair()?;
/// let (_rd, mut wr) = a.split();
/// wr.write_all(b"bye").await?;
/// wr.shutdown().await?;
/// let mut got = Vec::new();
/// b.read_to_end(&mut got).await?;
/// assert_eq!(got, b"bye");
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
#[derive(Debug)]
pub struct WriteHalf<'a>(&'a UnixStream);

pub(crate) fn split(stream: &mut UnixStream) -> (ReadHalf<'_>, WriteHalf<'_>) {
    (ReadHalf(stream), WriteHalf(stream))
}

impl ReadHalf<'_> {
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
    /// let (mut a, b) = rt_net::UnixStream::pair()?;
    /// let (rd, _wr) = a.split();
    /// drop(b);
    /// assert!(rd.ready(Interest::READABLE).await?.is_read_closed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn ready(&self, interest: Interest) -> io::Result<Ready> {
        self.0.ready(interest).await
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
    /// let (mut a, b) = rt_net::UnixStream::pair()?;
    /// let (rd, _wr) = a.split();
    /// drop(b);
    /// rd.readable().await?;
    /// assert_eq!(rd.try_read(&mut [0u8; 1])?, 0); // EOF
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn readable(&self) -> io::Result<()> {
        self.0.readable().await
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
    /// let (mut a, b) = rt_net::UnixStream::pair()?;
    /// let (rd, _wr) = a.split();
    /// # let _ = &b;
    /// let err = rd.try_read(&mut [0u8; 1]).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_read(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.try_read(buf)
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
    /// let (mut a, b) = rt_net::UnixStream::pair()?;
    /// let (rd, _wr) = a.split();
    /// drop(b);
    /// rd.readable().await?;
    /// let mut buf = [0u8; 1];
    /// assert_eq!(rd.try_read_vectored(&mut [std::io::IoSliceMut::new(&mut buf)])?, 0);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_read_vectored(&self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
        self.0.try_read_vectored(bufs)
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
    /// let (mut a, b) = rt_net::UnixStream::pair()?;
    /// let (rd, _wr) = a.split();
    /// # let _ = &b;
    /// assert!(rd.peer_addr()?.is_unnamed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.0.peer_addr()
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
    /// let (mut a, b) = rt_net::UnixStream::pair()?;
    /// let (rd, _wr) = a.split();
    /// # let _ = &b;
    /// assert!(rd.local_addr()?.is_unnamed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

impl WriteHalf<'_> {
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
    /// let (mut a, b) = rt_net::UnixStream::pair()?;
    /// let (_rd, wr) = a.split();
    /// # let _ = &b;
    /// assert!(wr.ready(Interest::WRITABLE).await?.is_writable());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn ready(&self, interest: Interest) -> io::Result<Ready> {
        self.0.ready(interest).await
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
    /// let (mut a, b) = rt_net::UnixStream::pair()?;
    /// let (_rd, wr) = a.split();
    /// # let _ = &b;
    /// wr.writable().await?;
    /// assert_eq!(wr.try_write(b"w")?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn writable(&self) -> io::Result<()> {
        self.0.writable().await
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
    /// let (mut a, b) = rt_net::UnixStream::pair()?;
    /// let (_rd, wr) = a.split();
    /// # let _ = &b;
    /// wr.writable().await?;
    /// assert_eq!(wr.try_write(b"ab")?, 2);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_write(&self, buf: &[u8]) -> io::Result<usize> {
        self.0.try_write(buf)
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
    /// let (mut a, b) = rt_net::UnixStream::pair()?;
    /// let (_rd, wr) = a.split();
    /// # let _ = &b;
    /// wr.writable().await?;
    /// assert_eq!(wr.try_write_vectored(&[IoSlice::new(b"a"), IoSlice::new(b"b")])?, 2);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_write_vectored(&self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        self.0.try_write_vectored(bufs)
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
    /// let (mut a, b) = rt_net::UnixStream::pair()?;
    /// let (_rd, wr) = a.split();
    /// # let _ = &b;
    /// assert!(wr.peer_addr()?.is_unnamed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.0.peer_addr()
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
    /// let (mut a, b) = rt_net::UnixStream::pair()?;
    /// let (_rd, wr) = a.split();
    /// # let _ = &b;
    /// assert!(wr.local_addr()?.is_unnamed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

impl AsyncRead for ReadHalf<'_> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.0.poll_read_priv(cx, buf)
    }
}

impl AsyncWrite for WriteHalf<'_> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.0.poll_write_priv(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.0.poll_write_vectored_priv(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(self.0.shutdown_std(Shutdown::Write))
    }
}

impl AsRef<UnixStream> for ReadHalf<'_> {
    fn as_ref(&self) -> &UnixStream {
        self.0
    }
}

impl AsRef<UnixStream> for WriteHalf<'_> {
    fn as_ref(&self) -> &UnixStream {
        self.0
    }
}
