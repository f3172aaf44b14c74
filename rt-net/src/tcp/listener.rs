//! [`TcpListener`]: a TCP socket accepting connections.

use super::stream::TcpStream;
use crate::addr::each_addr;
use crate::ToSocketAddrs;
use rt_io::unstable::PollEvented;
use rt_io::Interest;
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};
use std::task::{ready, Context, Poll};

/// A TCP socket server, listening for connections.
///
/// [`bind`](Self::bind) one (or build it with
/// [`TcpSocket::listen`](crate::TcpSocket::listen)), then
/// [`accept`](Self::accept) connections in a loop, typically spawning a
/// task per connection.
///
/// An accept error (the process out of file descriptors, `EMFILE`; a
/// connection aborted before it was accepted) is returned to the caller
/// and does not break the listener: the pending connections stay queued
/// and a later `accept` succeeds once the cause is gone.
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
/// let addr = listener.local_addr()?;
/// let server = rt_core::spawn(async move {
///     for _ in 0..2 {
///         let (mut socket, _) = listener.accept().await?;
///         rt_core::spawn(async move {
///             let mut buf = [0u8; 5];
///             socket.read_exact(&mut buf).await?;
///             socket.write_all(&buf).await
///         });
///     }
///     Ok::<_, std::io::Error>(())
/// });
/// for _ in 0..2 {
///     let mut client = TcpStream::connect(addr).await?;
///     client.write_all(b"hello").await?;
///     let mut buf = [0u8; 5];
///     client.read_exact(&mut buf).await?;
///     assert_eq!(&buf, b"hello");
/// }
/// server.await??;
/// # Ok::<_, Box<dyn std::error::Error>>(()) }).unwrap();
/// ```
pub struct TcpListener {
    io: PollEvented<mio::net::TcpListener>,
}

impl TcpListener {
    /// Creates a listener bound to `addr` (with `SO_REUSEADDR`, and a
    /// backlog of 1024 pending connections).
    ///
    /// `addr` is anything [`ToSocketAddrs`] accepts; port 0 asks the OS
    /// for a free port (see [`local_addr`](Self::local_addr)). If it
    /// resolves to several addresses, each is tried in order until one
    /// binds; if none does, the last error is returned.
    ///
    /// # Errors
    ///
    /// `AddrInUse`, `AddrNotAvailable`, `PermissionDenied`, ... from the
    /// OS; `InvalidInput` when `addr` resolves to no address; lookup
    /// errors for a host name.
    ///
    /// # Panics
    ///
    /// Outside a runtime with the I/O driver.
    ///
    /// # Cancel safety
    ///
    /// Not cancel safe for host names: a lookup already running on the
    /// blocking pool completes and is discarded. With IP literals the
    /// future completes on its first poll.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::TcpListener;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// assert_ne!(listener.local_addr()?.port(), 0);
    ///
    /// let taken = listener.local_addr()?;
    /// let err = TcpListener::bind(taken).await.unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::AddrInUse);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn bind<A: ToSocketAddrs>(addr: A) -> io::Result<TcpListener> {
        each_addr(addr, |addr| async move {
            TcpListener::new(mio::net::TcpListener::bind(addr)?)
        })
        .await
    }

    #[track_caller]
    pub(crate) fn new(sys: mio::net::TcpListener) -> io::Result<TcpListener> {
        Ok(TcpListener {
            io: PollEvented::new_with_interest(sys, Interest::READABLE)?,
        })
    }

    /// Accepts a new connection: the stream and the peer's address.
    ///
    /// # Errors
    ///
    /// The OS's, returned as they come: `EMFILE`/`ENFILE` (out of file
    /// descriptors), `ConnectionAborted`, ... The listener stays usable:
    /// call `accept` again (after freeing descriptors, or after a pause)
    /// and the queued connections are still there. The shutdown error
    /// once the runtime is gone.
    ///
    /// # Panics
    ///
    /// Registering the accepted stream outside a runtime with the I/O
    /// driver (only possible if the future is polled elsewhere).
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: a connection is only taken from the queue when the
    /// future completes, so dropping it (say, in `select!`) loses none.
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
    /// let (server, peer) = listener.accept().await?;
    /// assert_eq!(peer, client.local_addr()?);
    /// assert_eq!(server.peer_addr()?, peer);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn accept(&self) -> io::Result<(TcpStream, SocketAddr)> {
        let (sys, addr) = self
            .io
            .registration()
            .async_io(Interest::READABLE, || self.io.get_ref().accept())
            .await?;
        Ok((TcpStream::new(sys)?, addr))
    }

    /// Polls to accept a connection (only the task of the latest call is
    /// woken when one arrives).
    ///
    /// # Errors
    ///
    /// As [`accept`](Self::accept).
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
    /// let _client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (_server, _peer) = poll_fn(|cx| listener.poll_accept(cx)).await?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_accept(&self, cx: &mut Context<'_>) -> Poll<io::Result<(TcpStream, SocketAddr)>> {
        let (sys, addr) = ready!(self
            .io
            .registration()
            .poll_read_io(cx, || self.io.get_ref().accept()))?;
        Poll::Ready(TcpStream::new(sys).map(|s| (s, addr)))
    }

    /// Wraps a bound, listening std listener, registering it with the
    /// current runtime's I/O driver.
    ///
    /// The listener must be in non-blocking mode
    /// ([`set_nonblocking(true)`](std::net::TcpListener::set_nonblocking)):
    /// a blocking one would block the runtime thread that accepts.
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
    /// use rt_net::TcpListener;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// std_listener.set_nonblocking(true)?;
    /// let addr = std_listener.local_addr()?;
    /// let listener = TcpListener::from_std(std_listener)?;
    /// assert_eq!(listener.local_addr()?, addr);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    #[track_caller]
    pub fn from_std(listener: std::net::TcpListener) -> io::Result<TcpListener> {
        TcpListener::new(mio::net::TcpListener::from_std(listener))
    }

    /// Deregisters the listener and returns it as a std listener, still
    /// in non-blocking mode.
    ///
    /// # Errors
    ///
    /// The OS refusing the deregistration.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::TcpListener;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let std_listener = listener.into_std()?;
    /// let err = std_listener.accept().unwrap_err(); // non-blocking
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn into_std(self) -> io::Result<std::net::TcpListener> {
        Ok(self.io.into_inner()?.into())
    }

    /// The address the listener is bound to.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::TcpListener;
    /// use std::net::Ipv4Addr;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// assert_eq!(listener.local_addr()?.ip(), Ipv4Addr::LOCALHOST);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.io.get_ref().local_addr()
    }

    /// The IP time-to-live of the sockets this listener accepts.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::TcpListener;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// listener.set_ttl(100)?;
    /// assert_eq!(listener.ttl()?, 100);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn ttl(&self) -> io::Result<u32> {
        self.io.get_ref().ttl()
    }

    /// Sets the IP time-to-live of the sockets this listener accepts.
    ///
    /// # Errors
    ///
    /// The OS's (`InvalidInput` above 255).
    ///
    /// # Examples
    ///
    /// See [`ttl`](Self::ttl).
    ///
    /// ```
    /// # use rt_net::TcpListener;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// listener.set_ttl(7)?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn set_ttl(&self, ttl: u32) -> io::Result<()> {
        self.io.get_ref().set_ttl(ttl)
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
    /// # use rt_net::TcpListener;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// assert!(listener.take_error()?.is_none());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        self.io.get_ref().take_error()
    }
}

impl TryFrom<std::net::TcpListener> for TcpListener {
    type Error = io::Error;

    /// As [`TcpListener::from_std`].
    #[track_caller]
    fn try_from(listener: std::net::TcpListener) -> io::Result<TcpListener> {
        TcpListener::from_std(listener)
    }
}

impl AsRawFd for TcpListener {
    fn as_raw_fd(&self) -> RawFd {
        self.io.get_ref().as_raw_fd()
    }
}

impl AsFd for TcpListener {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.io.get_ref().as_fd()
    }
}

impl fmt::Debug for TcpListener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpListener")
            .field("local_addr", &self.local_addr().ok())
            .field("fd", &self.as_raw_fd())
            .finish()
    }
}
