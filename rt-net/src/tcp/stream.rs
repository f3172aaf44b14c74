//! [`TcpStream`]: a TCP connection.

use super::split::{split, ReadHalf, WriteHalf};
use super::split_owned::{split_owned, OwnedReadHalf, OwnedWriteHalf};
use crate::addr::each_addr;
use crate::{sys, ToSocketAddrs};
use rt_io::unstable::PollEvented;
use rt_io::{AsyncRead, AsyncWrite, Interest, ReadBuf, Ready};
use std::fmt;
use std::future::poll_fn;
use std::io::{self, IoSlice, IoSliceMut, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// A TCP connection between a local and a remote socket.
///
/// Created by [`connect`](TcpStream::connect)ing to a remote address, by
/// [`TcpListener::accept`](crate::TcpListener::accept), or by
/// [`TcpSocket::connect`](crate::TcpSocket::connect). Read and write it
/// with [`AsyncReadExt`](rt_io::AsyncReadExt) /
/// [`AsyncWriteExt`](rt_io::AsyncWriteExt), or with the `try_*` methods
/// after [`readable`](Self::readable) / [`writable`](Self::writable).
///
/// Reading and writing from two tasks: [`split`](Self::split) (borrowed
/// halves) or [`into_split`](Self::into_split) (owned halves). Shutting
/// the write side down ([`AsyncWriteExt::shutdown`](rt_io::AsyncWriteExt::shutdown))
/// sends FIN; dropping the stream closes the connection.
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
/// let mut client = TcpStream::connect(listener.local_addr()?).await?;
/// let (mut server, _) = listener.accept().await?;
///
/// client.write_all(b"hello").await?;
/// client.shutdown().await?;
/// let mut got = String::new();
/// server.read_to_string(&mut got).await?;
/// assert_eq!(got, "hello");
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
pub struct TcpStream {
    io: PollEvented<mio::net::TcpStream>,
}

impl TcpStream {
    /// Opens a TCP connection to `addr`.
    ///
    /// `addr` is anything [`ToSocketAddrs`] accepts. If it resolves to
    /// several addresses, each is tried in order until one connects; if
    /// none does, the error of the last attempt is returned.
    ///
    /// # Errors
    ///
    /// The connection attempt's error: `ConnectionRefused` when nothing
    /// listens at the address, `TimedOut` when the OS gives up,
    /// `InvalidInput` when `addr` resolves to no address, a lookup error
    /// for an unknown host name.
    ///
    /// # Panics
    ///
    /// Outside a runtime with the I/O driver.
    ///
    /// # Cancel safety
    ///
    /// Not cancel safe: dropping the future abandons the attempt (the
    /// half-open socket is closed). Retrying starts a new connection.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let stream = TcpStream::connect(listener.local_addr()?).await?;
    /// assert_eq!(stream.peer_addr()?, listener.local_addr()?);
    ///
    /// // Nothing listens on the port of a closed listener.
    /// let addr = listener.local_addr()?;
    /// drop(listener);
    /// let err = TcpStream::connect(addr).await.unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::ConnectionRefused);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn connect<A: ToSocketAddrs>(addr: A) -> io::Result<TcpStream> {
        each_addr(addr, |addr| async move {
            let sys = mio::net::TcpStream::connect(addr)?;
            TcpStream::connect_mio(sys).await
        })
        .await
    }

    /// Registers a socket whose non-blocking `connect` is under way and
    /// waits for the outcome.
    pub(crate) async fn connect_mio(sys: mio::net::TcpStream) -> io::Result<TcpStream> {
        let stream = TcpStream::new(sys)?;
        loop {
            // Writable (or hung up) once the handshake finished or failed.
            let ev = poll_fn(|cx| stream.io.poll_write_ready(cx)).await?;
            if let Some(e) = stream.io.get_ref().take_error()? {
                return Err(e);
            }
            match stream.io.get_ref().peer_addr() {
                Ok(_) => return Ok(stream),
                // Not connected yet and not failed: a spurious wake-up.
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
    pub(crate) fn new(sys: mio::net::TcpStream) -> io::Result<TcpStream> {
        Ok(TcpStream {
            io: PollEvented::new(sys)?,
        })
    }

    /// Wraps a connected std stream, registering it with the current
    /// runtime's I/O driver.
    ///
    /// The stream must be in non-blocking mode
    /// ([`set_nonblocking(true)`](std::net::TcpStream::set_nonblocking)):
    /// a blocking socket would block the runtime thread that polls it.
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
    /// use rt_net::TcpStream;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// let std_stream = std::net::TcpStream::connect(listener.local_addr()?)?;
    /// std_stream.set_nonblocking(true)?;
    /// let stream = TcpStream::from_std(std_stream)?;
    /// assert_eq!(stream.peer_addr()?, listener.local_addr()?);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    #[track_caller]
    pub fn from_std(stream: std::net::TcpStream) -> io::Result<TcpStream> {
        TcpStream::new(mio::net::TcpStream::from_std(stream))
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
    /// use rt_net::{TcpListener, TcpStream};
    /// use std::io::Write;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let stream = TcpStream::connect(listener.local_addr()?).await?;
    /// let mut std_stream = stream.into_std()?;
    /// std_stream.set_nonblocking(false)?;
    /// std_stream.write_all(b"blocking write")?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn into_std(self) -> io::Result<std::net::TcpStream> {
        Ok(self.io.into_inner()?.into())
    }

    /// The local address of this end of the connection.
    ///
    /// # Errors
    ///
    /// The OS's (`getsockname`).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (_server, peer) = listener.accept().await?;
    /// assert_eq!(client.local_addr()?, peer);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.io.get_ref().local_addr()
    }

    /// The remote address of the connection.
    ///
    /// # Errors
    ///
    /// `NotConnected` once the connection is gone; the OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// assert_eq!(client.peer_addr()?, listener.local_addr()?);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.io.get_ref().peer_addr()
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
    /// use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// assert!(client.take_error()?.is_none());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        self.io.get_ref().take_error()
    }

    /// Waits until the stream is ready for any of `interest`, returning
    /// the readiness found (possibly including `READ_CLOSED` /
    /// `WRITE_CLOSED`).
    ///
    /// Readiness can be a false positive: the `try_*` call that follows
    /// may still return `WouldBlock`, which clears it so the next wait
    /// sleeps until new readiness.
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: dropping the future consumes no readiness.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::Interest;
    /// use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// let ready = client.ready(Interest::READABLE | Interest::WRITABLE).await?;
    /// assert!(ready.is_writable());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn ready(&self, interest: Interest) -> io::Result<Ready> {
        Ok(self.io.registration().readiness(interest).await?.ready())
    }

    /// Waits until the stream is readable (data, EOF, or an error to
    /// report), for use with [`try_read`](Self::try_read).
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
    /// use rt_io::AsyncWriteExt;
    /// use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (server, _) = listener.accept().await?;
    /// client.write_all(b"data").await?;
    ///
    /// let mut buf = [0u8; 16];
    /// let n = loop {
    ///     server.readable().await?;
    ///     match server.try_read(&mut buf) {
    ///         Ok(n) => break n,
    ///         Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
    ///         Err(e) => return Err(e),
    ///     }
    /// };
    /// assert_eq!(&buf[..n], b"data");
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn readable(&self) -> io::Result<()> {
        self.ready(Interest::READABLE).await.map(drop)
    }

    /// Polls for read readiness.
    ///
    /// Only the task of the most recent call is woken (one waker per
    /// direction); [`readable`](Self::readable) supports any number of
    /// waiters.
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::{TcpListener, TcpStream};
    /// use std::future::poll_fn;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (server, _) = listener.accept().await?;
    /// drop(client); // EOF makes the server readable
    /// poll_fn(|cx| server.poll_read_ready(cx)).await?;
    /// assert_eq!(server.try_read(&mut [0u8; 4])?, 0);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_read_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.io.poll_read_ready(cx).map_ok(drop)
    }

    /// Reads what is available into `buf` without waiting.
    ///
    /// `Ok(0)` means EOF (or an empty `buf`).
    ///
    /// # Errors
    ///
    /// `WouldBlock` when no data is available (the readiness is then
    /// cleared); the OS's; the shutdown error.
    ///
    /// # Examples
    ///
    /// See [`readable`](Self::readable).
    ///
    /// ```
    /// use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// let err = client.try_read(&mut [0u8; 8]).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_read(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.io
            .registration()
            .try_io(Interest::READABLE, || (&mut self.io.get_ref()).read(buf))
    }

    /// Reads what is available into several buffers without waiting,
    /// filling them in order.
    ///
    /// # Errors
    ///
    /// As [`try_read`](Self::try_read).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncWriteExt;
    /// use rt_net::{TcpListener, TcpStream};
    /// use std::io::IoSliceMut;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (server, _) = listener.accept().await?;
    /// client.write_all(b"abcdef").await?;
    /// let (mut a, mut b) = ([0u8; 2], [0u8; 4]);
    /// let n = loop {
    ///     server.readable().await?;
    ///     let mut bufs = [IoSliceMut::new(&mut a), IoSliceMut::new(&mut b)];
    ///     match server.try_read_vectored(&mut bufs) {
    ///         Ok(n) => break n,
    ///         Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
    ///         Err(e) => return Err(e),
    ///     }
    /// };
    /// assert_eq!((n, &a, &b), (6, b"ab", b"cdef"));
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_read_vectored(&self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
        self.io.registration().try_io(Interest::READABLE, || {
            (&mut self.io.get_ref()).read_vectored(bufs)
        })
    }

    /// Waits until the stream is writable, for use with
    /// [`try_write`](Self::try_write).
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
    /// use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// let n = loop {
    ///     client.writable().await?;
    ///     match client.try_write(b"hello") {
    ///         Ok(n) => break n,
    ///         Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
    ///         Err(e) => return Err(e),
    ///     }
    /// };
    /// assert_eq!(n, 5);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn writable(&self) -> io::Result<()> {
        self.ready(Interest::WRITABLE).await.map(drop)
    }

    /// Polls for write readiness (one waker per direction, as
    /// [`poll_read_ready`](Self::poll_read_ready)).
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::{TcpListener, TcpStream};
    /// use std::future::poll_fn;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// poll_fn(|cx| client.poll_write_ready(cx)).await?;
    /// assert_eq!(client.try_write(b"x")?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_write_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.io.poll_write_ready(cx).map_ok(drop)
    }

    /// Writes as much of `buf` as the socket accepts, without waiting.
    ///
    /// # Errors
    ///
    /// `WouldBlock` when the send buffer is full (the readiness is then
    /// cleared); `BrokenPipe` / `ConnectionReset` once the peer is gone;
    /// the OS's; the shutdown error.
    ///
    /// # Examples
    ///
    /// See [`writable`](Self::writable).
    ///
    /// ```
    /// use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// client.writable().await?;
    /// assert_eq!(client.try_write(b"hi")?, 2);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_write(&self, buf: &[u8]) -> io::Result<usize> {
        self.io
            .registration()
            .try_io(Interest::WRITABLE, || (&mut self.io.get_ref()).write(buf))
    }

    /// Writes from several buffers, in order, without waiting.
    ///
    /// # Errors
    ///
    /// As [`try_write`](Self::try_write).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::{TcpListener, TcpStream};
    /// use std::io::IoSlice;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// client.writable().await?;
    /// let n = client.try_write_vectored(&[IoSlice::new(b"ab"), IoSlice::new(b"cd")])?;
    /// assert_eq!(n, 4);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_write_vectored(&self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        self.io.registration().try_io(Interest::WRITABLE, || {
            (&mut self.io.get_ref()).write_vectored(bufs)
        })
    }

    /// Runs `f` (some I/O on the socket, say through
    /// [`AsFd`]) if the stream is ready for `interest`; when `f` returns
    /// `WouldBlock`, that readiness is cleared.
    ///
    /// `f` must perform non-blocking I/O on this socket and return
    /// `WouldBlock` when it would block; otherwise readiness is reported
    /// wrongly and a later wait may hang.
    ///
    /// # Errors
    ///
    /// `WouldBlock` if the stream is not ready; `f`'s errors; the
    /// shutdown error.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::Interest;
    /// use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// client.writable().await?;
    /// let n = client.try_io(Interest::WRITABLE, || client.try_write(b"x"))?;
    /// assert_eq!(n, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_io<R>(
        &self,
        interest: Interest,
        f: impl FnOnce() -> io::Result<R>,
    ) -> io::Result<R> {
        self.io.registration().try_io(interest, f)
    }

    /// Waits for `interest`, then runs `f`, repeating while `f` returns
    /// `WouldBlock` (as [`try_io`](Self::try_io), with waiting).
    ///
    /// # Errors
    ///
    /// `f`'s errors other than `WouldBlock`; the shutdown error.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe if `f` is: `f` always runs to completion.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::{AsyncWriteExt, Interest};
    /// use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (server, _) = listener.accept().await?;
    /// client.write_all(b"z").await?;
    /// let mut byte = [0u8; 1];
    /// // Any non-blocking read of the socket can go in the closure.
    /// let n = server
    ///     .async_io(Interest::READABLE, || server.try_read(&mut byte))
    ///     .await?;
    /// assert_eq!((n, &byte), (1, b"z"));
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn async_io<R>(
        &self,
        interest: Interest,
        f: impl FnMut() -> io::Result<R>,
    ) -> io::Result<R> {
        self.io.registration().async_io(interest, f).await
    }

    /// Receives data without removing it from the receive queue: the
    /// next read returns it again. Waits until data (or EOF) arrives.
    ///
    /// # Errors
    ///
    /// The OS's; the shutdown error.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: peeking consumes nothing.
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
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (mut server, _) = listener.accept().await?;
    /// client.write_all(b"hey").await?;
    /// let mut buf = [0u8; 3];
    /// let n = server.peek(&mut buf).await?;
    /// assert_eq!(&buf[..n], &b"hey"[..n]);
    /// server.read_exact(&mut buf).await?;
    /// assert_eq!(&buf, b"hey");
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn peek(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.io
            .registration()
            .async_io(Interest::READABLE, || self.io.get_ref().peek(buf))
            .await
    }

    /// Polls to peek: like [`peek`](Self::peek), filling `buf` and
    /// returning how many bytes were peeked.
    ///
    /// # Errors
    ///
    /// As [`peek`](Self::peek).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::{AsyncWriteExt, ReadBuf};
    /// use rt_net::{TcpListener, TcpStream};
    /// use std::future::poll_fn;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (server, _) = listener.accept().await?;
    /// client.write_all(b"!").await?;
    /// let mut storage = [0u8; 4];
    /// let mut buf = ReadBuf::new(&mut storage);
    /// let n = poll_fn(|cx| server.poll_peek(cx, &mut buf)).await?;
    /// assert_eq!((n, buf.filled()), (1, &b"!"[..]));
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_peek(
        &self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<usize>> {
        let dst = buf.initialize_unfilled();
        let n = std::task::ready!(self
            .io
            .registration()
            .poll_read_io(cx, || self.io.get_ref().peek(dst)))?;
        buf.advance(n);
        Poll::Ready(Ok(n))
    }

    /// Whether Nagle's algorithm is off (`TCP_NODELAY`).
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// client.set_nodelay(true)?;
    /// assert!(client.nodelay()?);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn nodelay(&self) -> io::Result<bool> {
        self.io.get_ref().nodelay()
    }

    /// Turns Nagle's algorithm off (`true`) or on (`TCP_NODELAY`): with
    /// it off, small writes are sent at once instead of being coalesced.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// See [`nodelay`](Self::nodelay).
    ///
    /// ```
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// client.set_nodelay(false)?;
    /// assert!(!client.nodelay()?);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn set_nodelay(&self, nodelay: bool) -> io::Result<()> {
        self.io.get_ref().set_nodelay(nodelay)
    }

    /// The `SO_LINGER` setting: `None` when off.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::{TcpListener, TcpStream};
    /// use std::time::Duration;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// assert_eq!(client.linger()?, None);
    /// client.set_linger(Some(Duration::from_secs(2)))?;
    /// assert_eq!(client.linger()?, Some(Duration::from_secs(2)));
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn linger(&self) -> io::Result<Option<Duration>> {
        sys::linger(self.as_fd())
    }

    /// Sets `SO_LINGER` (whole seconds). `Some(d)`: closing waits up to
    /// `d` for unsent data — the wait happens in the thread that drops
    /// the stream, so keep `d` short. `Some(Duration::ZERO)`: closing
    /// discards unsent data and resets the connection (RST). `None`:
    /// closing returns at once and the OS sends the data in the
    /// background (the default).
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// See [`linger`](Self::linger).
    ///
    /// ```
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// client.set_linger(Some(std::time::Duration::ZERO))?;
    /// drop(client); // resets the connection
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn set_linger(&self, dur: Option<Duration>) -> io::Result<()> {
        sys::set_linger(self.as_fd(), dur)
    }

    /// The IP time-to-live of outgoing packets (`IP_TTL`).
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// client.set_ttl(42)?;
    /// assert_eq!(client.ttl()?, 42);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn ttl(&self) -> io::Result<u32> {
        self.io.get_ref().ttl()
    }

    /// Sets the IP time-to-live of outgoing packets (`IP_TTL`).
    ///
    /// # Errors
    ///
    /// The OS's (`InvalidInput` for a value above 255).
    ///
    /// # Examples
    ///
    /// See [`ttl`](Self::ttl).
    ///
    /// ```
    /// # use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// assert!(client.set_ttl(1000).is_err());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn set_ttl(&self, ttl: u32) -> io::Result<()> {
        self.io.get_ref().set_ttl(ttl)
    }

    /// Splits the stream into a read half and a write half that borrow
    /// it, for reading and writing concurrently in one task (say, with
    /// `join!` or `select!`). No allocation, no locking.
    ///
    /// To move the halves into different tasks, use
    /// [`into_split`](Self::into_split).
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
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (mut server, _) = listener.accept().await?;
    ///
    /// let (mut rd, mut wr) = server.split();
    /// let echo = rt_io::copy(&mut rd, &mut wr);
    /// let talk = async {
    ///     client.write_all(b"echo me").await?;
    ///     client.shutdown().await?; // the copy ends at this EOF
    ///     let mut back = [0u8; 7];
    ///     client.read_exact(&mut back).await?;
    ///     Ok::<_, std::io::Error>(back)
    /// };
    /// let (copied, back) = rt_core::join!(echo, talk);
    /// assert_eq!(copied?, 7);
    /// assert_eq!(&back?, b"echo me");
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn split(&mut self) -> (ReadHalf<'_>, WriteHalf<'_>) {
        split(self)
    }

    /// Splits the stream into owned halves that can move to different
    /// tasks (they share the stream through an `Arc`).
    ///
    /// Dropping the [`OwnedWriteHalf`] shuts the write side down (the
    /// peer reads EOF) unless [`forget`](OwnedWriteHalf::forget) is
    /// used; the halves can be put back together with
    /// [`reunite`](OwnedReadHalf::reunite).
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
    ///
    /// let (mut rd, mut wr) = client.into_split();
    /// let writer = rt_core::spawn(async move { wr.write_all(b"from a task").await });
    /// writer.await??; // `wr` dropped: the write side is shut down
    /// let mut got = String::new();
    /// server.read_to_string(&mut got).await?;
    /// assert_eq!(got, "from a task");
    /// server.write_all(b"back").await?;
    /// let mut back = [0u8; 4];
    /// rd.read_exact(&mut back).await?;
    /// assert_eq!(&back, b"back");
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

impl AsyncRead for TcpStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.poll_read_priv(cx, buf)
    }
}

impl AsyncWrite for TcpStream {
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

    /// Shuts the write side down (sends FIN); reading still works.
    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(self.shutdown_std(Shutdown::Write))
    }
}

impl TryFrom<std::net::TcpStream> for TcpStream {
    type Error = io::Error;

    /// As [`TcpStream::from_std`].
    #[track_caller]
    fn try_from(stream: std::net::TcpStream) -> io::Result<TcpStream> {
        TcpStream::from_std(stream)
    }
}

impl AsRawFd for TcpStream {
    fn as_raw_fd(&self) -> RawFd {
        self.io.get_ref().as_raw_fd()
    }
}

impl AsFd for TcpStream {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.io.get_ref().as_fd()
    }
}

impl fmt::Debug for TcpStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpStream")
            .field("local_addr", &self.local_addr().ok())
            .field("peer_addr", &self.peer_addr().ok())
            .field("fd", &self.as_raw_fd())
            .finish()
    }
}
