//! [`UnixStream`]: a connected Unix-domain stream socket.

use super::split::{split, ReadHalf, WriteHalf};
use super::split_owned::{split_owned, OwnedReadHalf, OwnedWriteHalf};
use super::{SocketAddr, UCred};
use crate::sys;
use rt_io::unstable::PollEvented;
use rt_io::{AsyncRead, AsyncWrite, Interest, ReadBuf, Ready};
use std::fmt;
use std::future::poll_fn;
use std::io::{self, IoSlice, IoSliceMut, Read, Write};
use std::net::Shutdown;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A connected Unix-domain stream socket.
///
/// Created by [`connect`](Self::connect)ing to a path a
/// [`UnixListener`](crate::UnixListener) is bound to, by
/// [`UnixListener::accept`](crate::UnixListener::accept), or as a
/// connected [`pair`](Self::pair). It is
/// [`AsyncRead`](rt_io::AsyncRead) + [`AsyncWrite`](rt_io::AsyncWrite),
/// has the same readiness and `try_*` methods as
/// [`TcpStream`](crate::TcpStream), and splits the same way.
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt};
/// use rt_net::UnixStream;
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let (mut a, mut b) = UnixStream::pair()?;
/// a.write_all(b"over a socketpair").await?;
/// a.shutdown().await?;
/// let mut got = String::new();
/// b.read_to_string(&mut got).await?;
/// assert_eq!(got, "over a socketpair");
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
pub struct UnixStream {
    io: PollEvented<mio::net::UnixStream>,
}

impl UnixStream {
    /// Connects to the socket bound at `path`.
    ///
    /// # Errors
    ///
    /// `NotFound` when nothing exists at `path`; `ConnectionRefused`
    /// when no socket listens there (a stale socket file);
    /// `WouldBlock` when the listener's backlog is full; the OS's.
    ///
    /// # Panics
    ///
    /// Outside a runtime with the I/O driver.
    ///
    /// # Cancel safety
    ///
    /// Not cancel safe: dropping the future abandons the attempt.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::{UnixListener, UnixStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let path = std::env::temp_dir().join(format!("rt-net-doc-connect-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let listener = UnixListener::bind(&path)?;
    /// let client = UnixStream::connect(&path).await?;
    /// assert_eq!(client.peer_addr()?.as_pathname(), Some(path.as_path()));
    /// drop(listener);
    /// std::fs::remove_file(&path)?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn connect<P: AsRef<Path>>(path: P) -> io::Result<UnixStream> {
        let stream = UnixStream::new(mio::net::UnixStream::connect(path)?)?;
        loop {
            let ev = poll_fn(|cx| stream.io.poll_write_ready(cx)).await?;
            if let Some(e) = stream.io.get_ref().take_error()? {
                return Err(e);
            }
            match stream.io.get_ref().peer_addr() {
                Ok(_) => return Ok(stream),
                Err(e)
                    if e.kind() == io::ErrorKind::NotConnected && !ev.ready().is_write_closed() =>
                {
                    stream.io.registration().clear_readiness(ev);
                }
                Err(e) => return Err(e),
            }
        }
    }

    #[track_caller]
    pub(crate) fn new(sys: mio::net::UnixStream) -> io::Result<UnixStream> {
        Ok(UnixStream {
            io: PollEvented::new(sys)?,
        })
    }

    /// Creates a connected pair of unnamed streams (`socketpair`).
    ///
    /// # Errors
    ///
    /// The OS's (out of descriptors, ...).
    ///
    /// # Panics
    ///
    /// Outside a runtime with the I/O driver.
    ///
    /// # Examples
    ///
    /// See the [type-level example](UnixStream).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// assert!(a.peer_addr()?.is_unnamed() && b.peer_addr()?.is_unnamed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    #[track_caller]
    pub fn pair() -> io::Result<(UnixStream, UnixStream)> {
        let (a, b) = mio::net::UnixStream::pair()?;
        Ok((UnixStream::new(a)?, UnixStream::new(b)?))
    }

    /// Wraps a connected std stream, registering it with the current
    /// runtime's I/O driver. It must be in non-blocking mode
    /// ([`set_nonblocking(true)`](std::os::unix::net::UnixStream::set_nonblocking)).
    ///
    /// # Errors
    ///
    /// The OS refusing the registration.
    ///
    /// # Panics
    ///
    /// Outside a runtime with the I/O driver.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = std::os::unix::net::UnixStream::pair()?;
    /// a.set_nonblocking(true)?;
    /// let a = rt_net::UnixStream::from_std(a)?;
    /// # let _ = a;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    #[track_caller]
    pub fn from_std(stream: std::os::unix::net::UnixStream) -> io::Result<UnixStream> {
        UnixStream::new(mio::net::UnixStream::from_std(stream))
    }

    /// Deregisters the stream and returns it as a std stream, still in
    /// non-blocking mode.
    ///
    /// # Errors
    ///
    /// The OS refusing the deregistration.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::{Read, Write};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// let (mut a, mut b) = (a.into_std()?, b.into_std()?);
    /// a.write_all(b"std")?;
    /// let mut buf = [0u8; 3];
    /// b.read_exact(&mut buf)?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn into_std(self) -> io::Result<std::os::unix::net::UnixStream> {
        Ok(self.io.into_inner()?.into())
    }

    /// The local address (unnamed unless bound to a path).
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixStream::pair()?;
    /// assert!(a.local_addr()?.is_unnamed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.io.get_ref().local_addr().map(SocketAddr::from)
    }

    /// The peer's address.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// See [`connect`](Self::connect).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixStream::pair()?;
    /// assert!(a.peer_addr()?.is_unnamed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.io.get_ref().peer_addr().map(SocketAddr::from)
    }

    /// The credentials of the peer process (see [`UCred`]).
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// assert_eq!(a.peer_cred()?, b.peer_cred()?); // both ends are this process
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn peer_cred(&self) -> io::Result<UCred> {
        let (uid, gid, pid) = sys::peer_cred(self.as_fd())?;
        Ok(UCred { uid, gid, pid })
    }

    /// Takes the pending socket error (`SO_ERROR`), clearing it.
    ///
    /// # Errors
    ///
    /// The OS's, reading the option.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixStream::pair()?;
    /// assert!(a.take_error()?.is_none());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        self.io.get_ref().take_error()
    }

    /// Waits until the stream is ready for any of `interest`; see
    /// [`TcpStream::ready`](crate::TcpStream::ready).
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
    /// drop(b);
    /// let ready = a.ready(Interest::READABLE).await?;
    /// assert!(ready.is_read_closed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn ready(&self, interest: Interest) -> io::Result<Ready> {
        Ok(self.io.registration().readiness(interest).await?.ready())
    }

    /// Waits until readable, for use with [`try_read`](Self::try_read).
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
    /// b.writable().await?;
    /// b.try_write(b"r")?;
    /// let mut buf = [0u8; 4];
    /// let n = loop {
    ///     a.readable().await?;
    ///     match a.try_read(&mut buf) {
    ///         Ok(n) => break n,
    ///         Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
    ///         Err(e) => return Err(e),
    ///     }
    /// };
    /// assert_eq!(&buf[..n], b"r");
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn readable(&self) -> io::Result<()> {
        self.ready(Interest::READABLE).await.map(drop)
    }

    /// Waits until writable, for use with [`try_write`](Self::try_write).
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
    /// See [`readable`](Self::readable).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixStream::pair()?;
    /// a.writable().await?;
    /// assert_eq!(a.try_write(b"w")?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn writable(&self) -> io::Result<()> {
        self.ready(Interest::WRITABLE).await.map(drop)
    }

    /// Polls for read readiness (one waker per direction).
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// drop(b);
    /// std::future::poll_fn(|cx| a.poll_read_ready(cx)).await?;
    /// assert_eq!(a.try_read(&mut [0u8; 1])?, 0);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_read_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.io.poll_read_ready(cx).map_ok(drop)
    }

    /// Polls for write readiness (one waker per direction).
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixStream::pair()?;
    /// std::future::poll_fn(|cx| a.poll_write_ready(cx)).await?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_write_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.io.poll_write_ready(cx).map_ok(drop)
    }

    /// Reads what is available without waiting (`Ok(0)`: EOF).
    ///
    /// # Errors
    ///
    /// `WouldBlock` when no data is available; the OS's.
    ///
    /// # Examples
    ///
    /// See [`readable`](Self::readable).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixStream::pair()?;
    /// let err = a.try_read(&mut [0u8; 1]).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_read(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.io
            .registration()
            .try_io(Interest::READABLE, || (&mut self.io.get_ref()).read(buf))
    }

    /// Reads into several buffers without waiting.
    ///
    /// # Errors
    ///
    /// As [`try_read`](Self::try_read).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::IoSliceMut;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// b.writable().await?;
    /// b.try_write(b"xyz")?;
    /// a.readable().await?;
    /// let (mut x, mut yz) = ([0u8; 1], [0u8; 2]);
    /// let n = a.try_read_vectored(&mut [IoSliceMut::new(&mut x), IoSliceMut::new(&mut yz)])?;
    /// assert_eq!((n, &x, &yz), (3, b"x", b"yz"));
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_read_vectored(&self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
        self.io.registration().try_io(Interest::READABLE, || {
            (&mut self.io.get_ref()).read_vectored(bufs)
        })
    }

    /// Writes what the socket accepts without waiting.
    ///
    /// # Errors
    ///
    /// `WouldBlock` when the buffer is full; `BrokenPipe` once the peer
    /// is gone; the OS's.
    ///
    /// # Examples
    ///
    /// See [`writable`](Self::writable).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// drop(b);
    /// a.writable().await?;
    /// assert_eq!(a.try_write(b"x").unwrap_err().kind(), std::io::ErrorKind::BrokenPipe);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_write(&self, buf: &[u8]) -> io::Result<usize> {
        self.io
            .registration()
            .try_io(Interest::WRITABLE, || (&mut self.io.get_ref()).write(buf))
    }

    /// Writes from several buffers without waiting.
    ///
    /// # Errors
    ///
    /// As [`try_write`](Self::try_write).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::IoSlice;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixStream::pair()?;
    /// a.writable().await?;
    /// assert_eq!(a.try_write_vectored(&[IoSlice::new(b"a"), IoSlice::new(b"b")])?, 2);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_write_vectored(&self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        self.io.registration().try_io(Interest::WRITABLE, || {
            (&mut self.io.get_ref()).write_vectored(bufs)
        })
    }

    /// Runs `f` if the stream is ready for `interest`; see
    /// [`TcpStream::try_io`](crate::TcpStream::try_io).
    ///
    /// # Errors
    ///
    /// `WouldBlock` if not ready; `f`'s errors; the shutdown error.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::Interest;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixStream::pair()?;
    /// a.writable().await?;
    /// assert_eq!(a.try_io(Interest::WRITABLE, || a.try_write(b"io"))?, 2);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_io<R>(
        &self,
        interest: Interest,
        f: impl FnOnce() -> io::Result<R>,
    ) -> io::Result<R> {
        self.io.registration().try_io(interest, f)
    }

    /// Waits for `interest` and runs `f`, repeating while it returns
    /// `WouldBlock`.
    ///
    /// # Errors
    ///
    /// `f`'s errors other than `WouldBlock`; the shutdown error.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe if `f` is.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::Interest;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// b.writable().await?;
    /// b.try_write(b"!")?;
    /// let mut byte = [0u8; 1];
    /// let n = a.async_io(Interest::READABLE, || a.try_read(&mut byte)).await?;
    /// assert_eq!(n, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn async_io<R>(
        &self,
        interest: Interest,
        f: impl FnMut() -> io::Result<R>,
    ) -> io::Result<R> {
        self.io.registration().async_io(interest, f).await
    }

    /// Splits the stream into borrowed read and write halves; see
    /// [`TcpStream::split`](crate::TcpStream::split).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::{AsyncReadExt, AsyncWriteExt};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (mut a, mut b) = rt_net::UnixStream::pair()?;
    /// let (mut rd, mut wr) = a.split();
    /// wr.write_all(b"ab").await?;
    /// b.write_all(b"cd").await?;
    /// let mut buf = [0u8; 2];
    /// rd.read_exact(&mut buf).await?;
    /// assert_eq!(&buf, b"cd");
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn split(&mut self) -> (ReadHalf<'_>, WriteHalf<'_>) {
        split(self)
    }

    /// Splits the stream into owned halves; see
    /// [`TcpStream::into_split`](crate::TcpStream::into_split).
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
    /// rt_core::spawn(async move { wr.write_all(b"task").await }).await??;
    /// let mut got = String::new();
    /// b.read_to_string(&mut got).await?; // EOF: `wr` was dropped
    /// assert_eq!(got, "task");
    /// # Ok::<_, Box<dyn std::error::Error>>(()) }).unwrap();
    /// ```
    pub fn into_split(self) -> (OwnedReadHalf, OwnedWriteHalf) {
        split_owned(self)
    }

    // The shared-reference I/O the halves go through.

    pub(crate) fn poll_read_priv(
        &self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        // SAFETY: `sys::recv_uninit` is recv(2): it initialises exactly the
        // bytes it reports and never reads the buffer (the contract of
        // `poll_read_uninit`). Saves zeroing the caller's buffer per read.
        unsafe {
            self.io
                .poll_read_uninit(cx, buf, |s, dst| crate::sys::recv_uninit(s.as_fd(), dst))
        }
    }

    pub(crate) fn poll_write_priv(
        &self,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.io.poll_write(cx, buf)
    }

    pub(crate) fn poll_write_vectored_priv(
        &self,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.io.poll_write_vectored(cx, bufs)
    }

    pub(crate) fn shutdown_std(&self, how: Shutdown) -> io::Result<()> {
        self.io.get_ref().shutdown(how)
    }
}

impl AsyncRead for UnixStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.poll_read_priv(cx, buf)
    }
}

impl AsyncWrite for UnixStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.poll_write_priv(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.poll_write_vectored_priv(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    /// Writes go straight to the socket: nothing to flush.
    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    /// Shuts the write side down; reading still works.
    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(self.shutdown_std(Shutdown::Write))
    }
}

impl TryFrom<std::os::unix::net::UnixStream> for UnixStream {
    type Error = io::Error;

    /// As [`UnixStream::from_std`].
    #[track_caller]
    fn try_from(stream: std::os::unix::net::UnixStream) -> io::Result<UnixStream> {
        UnixStream::from_std(stream)
    }
}

impl AsRawFd for UnixStream {
    fn as_raw_fd(&self) -> RawFd {
        self.io.get_ref().as_raw_fd()
    }
}

impl AsFd for UnixStream {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.io.get_ref().as_fd()
    }
}

impl fmt::Debug for UnixStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnixStream")
            .field("local_addr", &self.local_addr().ok())
            .field("peer_addr", &self.peer_addr().ok())
            .field("fd", &self.as_raw_fd())
            .finish()
    }
}
