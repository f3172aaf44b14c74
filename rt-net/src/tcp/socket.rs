//! [`TcpSocket`]: a TCP socket configured before it connects or listens.

use super::listener::TcpListener;
use super::stream::TcpStream;
use crate::sys::{self, Domain};
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, IntoRawFd, OwnedFd, RawFd};
use std::time::Duration;

/// A TCP socket that has not yet become a [`TcpStream`] or a
/// [`TcpListener`]: set options that must precede `connect`/`listen`
/// (address reuse, buffer sizes, a local address to bind), then call
/// [`connect`](Self::connect) or [`listen`](Self::listen).
///
/// The socket is created non-blocking and close-on-exec. Creating and
/// configuring it needs no runtime; `connect` and `listen` register it
/// with the current runtime's I/O driver.
///
/// # Examples
///
/// ```
/// use rt_net::{TcpSocket, TcpStream};
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let socket = TcpSocket::new_v4()?;
/// socket.set_reuseaddr(true)?;
/// socket.bind("127.0.0.1:0".parse().unwrap())?;
/// let listener = socket.listen(128)?;
///
/// let client = TcpSocket::new_v4()?;
/// client.set_nodelay(true)?;
/// let stream: TcpStream = client.connect(listener.local_addr()?).await?;
/// assert!(stream.nodelay()?);
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
pub struct TcpSocket {
    // An unconnected socket held in std's type: it owns the descriptor
    // and provides `getsockname`, `TCP_NODELAY` and `SO_ERROR` safely.
    inner: std::net::TcpStream,
}

impl TcpSocket {
    fn new(domain: Domain) -> io::Result<TcpSocket> {
        Ok(TcpSocket {
            inner: std::net::TcpStream::from(sys::tcp_socket(domain)?),
        })
    }

    /// Creates an IPv4 TCP socket.
    ///
    /// # Errors
    ///
    /// The OS's (out of descriptors, ...).
    ///
    /// # Examples
    ///
    /// ```
    /// let socket = rt_net::TcpSocket::new_v4()?;
    /// assert!(socket.local_addr()?.is_ipv4());
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn new_v4() -> io::Result<TcpSocket> {
        TcpSocket::new(Domain::V4)
    }

    /// Creates an IPv6 TCP socket.
    ///
    /// # Errors
    ///
    /// The OS's (IPv6 unsupported, out of descriptors, ...).
    ///
    /// # Examples
    ///
    /// ```
    /// if let Ok(socket) = rt_net::TcpSocket::new_v6() {
    ///     assert!(socket.local_addr()?.is_ipv6());
    /// }
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn new_v6() -> io::Result<TcpSocket> {
        TcpSocket::new(Domain::V6)
    }

    /// Wraps a std stream (connected or not) to configure it further.
    ///
    /// # Examples
    ///
    /// ```
    /// let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// let std_stream = std::net::TcpStream::connect(listener.local_addr()?)?;
    /// let socket = rt_net::TcpSocket::from_std_stream(std_stream);
    /// socket.set_nodelay(true)?;
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn from_std_stream(stream: std::net::TcpStream) -> TcpSocket {
        TcpSocket { inner: stream }
    }

    /// Allows binding an address in `TIME_WAIT` (`SO_REUSEADDR`): a
    /// restarted server can bind its port at once.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// let socket = rt_net::TcpSocket::new_v4()?;
    /// socket.set_reuseaddr(true)?;
    /// assert!(socket.reuseaddr()?);
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn set_reuseaddr(&self, reuseaddr: bool) -> io::Result<()> {
        sys::set_reuseaddr(self.as_fd(), reuseaddr)
    }

    /// Whether `SO_REUSEADDR` is set.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// let socket = rt_net::TcpSocket::new_v4()?;
    /// assert!(!socket.reuseaddr()?);
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn reuseaddr(&self) -> io::Result<bool> {
        sys::reuseaddr(self.as_fd())
    }

    /// Allows several sockets to bind the same address and port
    /// (`SO_REUSEPORT`); on Linux the kernel balances incoming
    /// connections across the listeners.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::TcpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = TcpSocket::new_v4()?;
    /// a.set_reuseport(true)?;
    /// a.bind("127.0.0.1:0".parse().unwrap())?;
    /// let b = TcpSocket::new_v4()?;
    /// b.set_reuseport(true)?;
    /// b.bind(a.local_addr()?)?; // same port, no AddrInUse
    /// let (_a, _b) = (a.listen(16)?, b.listen(16)?);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn set_reuseport(&self, reuseport: bool) -> io::Result<()> {
        sys::set_reuseport(self.as_fd(), reuseport)
    }

    /// Whether `SO_REUSEPORT` is set.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// let socket = rt_net::TcpSocket::new_v4()?;
    /// socket.set_reuseport(true)?;
    /// assert!(socket.reuseport()?);
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn reuseport(&self) -> io::Result<bool> {
        sys::reuseport(self.as_fd())
    }

    /// Turns TCP keepalive probes on or off (`SO_KEEPALIVE`).
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// let socket = rt_net::TcpSocket::new_v4()?;
    /// socket.set_keepalive(true)?;
    /// assert!(socket.keepalive()?);
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn set_keepalive(&self, keepalive: bool) -> io::Result<()> {
        sys::set_keepalive(self.as_fd(), keepalive)
    }

    /// Whether `SO_KEEPALIVE` is set.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// let socket = rt_net::TcpSocket::new_v4()?;
    /// assert!(!socket.keepalive()?);
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn keepalive(&self) -> io::Result<bool> {
        sys::keepalive(self.as_fd())
    }

    /// Sets the send buffer size (`SO_SNDBUF`). The OS may adjust it
    /// (Linux doubles it for bookkeeping and enforces a minimum), so
    /// read it back with [`send_buffer_size`](Self::send_buffer_size).
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// let socket = rt_net::TcpSocket::new_v4()?;
    /// socket.set_send_buffer_size(64 * 1024)?;
    /// assert!(socket.send_buffer_size()? >= 64 * 1024);
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn set_send_buffer_size(&self, size: u32) -> io::Result<()> {
        sys::set_send_buffer_size(self.as_fd(), size)
    }

    /// The send buffer size (`SO_SNDBUF`), as the OS reports it.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// let socket = rt_net::TcpSocket::new_v4()?;
    /// assert!(socket.send_buffer_size()? > 0);
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn send_buffer_size(&self) -> io::Result<u32> {
        sys::send_buffer_size(self.as_fd())
    }

    /// Sets the receive buffer size (`SO_RCVBUF`); the OS may adjust it
    /// as for [`set_send_buffer_size`](Self::set_send_buffer_size).
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// let socket = rt_net::TcpSocket::new_v4()?;
    /// socket.set_recv_buffer_size(64 * 1024)?;
    /// assert!(socket.recv_buffer_size()? >= 64 * 1024);
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn set_recv_buffer_size(&self, size: u32) -> io::Result<()> {
        sys::set_recv_buffer_size(self.as_fd(), size)
    }

    /// The receive buffer size (`SO_RCVBUF`), as the OS reports it.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// let socket = rt_net::TcpSocket::new_v4()?;
    /// assert!(socket.recv_buffer_size()? > 0);
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn recv_buffer_size(&self) -> io::Result<u32> {
        sys::recv_buffer_size(self.as_fd())
    }

    /// Sets `SO_LINGER`; see [`TcpStream::set_linger`].
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let socket = rt_net::TcpSocket::new_v4()?;
    /// socket.set_linger(Some(Duration::from_secs(1)))?;
    /// assert_eq!(socket.linger()?, Some(Duration::from_secs(1)));
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn set_linger(&self, dur: Option<Duration>) -> io::Result<()> {
        sys::set_linger(self.as_fd(), dur)
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
    /// let socket = rt_net::TcpSocket::new_v4()?;
    /// assert_eq!(socket.linger()?, None);
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn linger(&self) -> io::Result<Option<Duration>> {
        sys::linger(self.as_fd())
    }

    /// Turns Nagle's algorithm off (`true`) or on (`TCP_NODELAY`); the
    /// setting carries over to the connected stream.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// let socket = rt_net::TcpSocket::new_v4()?;
    /// socket.set_nodelay(true)?;
    /// assert!(socket.nodelay()?);
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn set_nodelay(&self, nodelay: bool) -> io::Result<()> {
        sys::set_nodelay(self.as_fd(), nodelay)
    }

    /// Whether `TCP_NODELAY` is set.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// let socket = rt_net::TcpSocket::new_v4()?;
    /// assert!(!socket.nodelay()?);
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn nodelay(&self) -> io::Result<bool> {
        sys::nodelay(self.as_fd())
    }

    /// The local address: the unspecified address with port 0 until the
    /// socket is bound (explicitly, or by `connect`).
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// let socket = rt_net::TcpSocket::new_v4()?;
    /// assert_eq!(socket.local_addr()?.port(), 0);
    /// socket.bind("127.0.0.1:0".parse().unwrap())?;
    /// assert_ne!(socket.local_addr()?.port(), 0);
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
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
    /// let socket = rt_net::TcpSocket::new_v4()?;
    /// assert!(socket.take_error()?.is_none());
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        self.inner.take_error()
    }

    /// Binds the socket to `addr` (port 0: any free port).
    ///
    /// # Errors
    ///
    /// `AddrInUse`, `AddrNotAvailable`, `InvalidInput` (an IPv6 address
    /// on an IPv4 socket, or the reverse), ... from the OS.
    ///
    /// # Examples
    ///
    /// ```
    /// let socket = rt_net::TcpSocket::new_v4()?;
    /// socket.bind("127.0.0.1:0".parse().unwrap())?;
    /// assert!(socket.local_addr()?.ip().is_loopback());
    /// # Ok::<_, std::io::Error>(())
    /// ```
    pub fn bind(&self, addr: SocketAddr) -> io::Result<()> {
        sys::bind(self.as_fd(), &addr)
    }

    /// Connects to `addr`, consuming the socket.
    ///
    /// # Errors
    ///
    /// As [`TcpStream::connect`]: `ConnectionRefused`, `TimedOut`, ...
    ///
    /// # Panics
    ///
    /// Outside a runtime with the I/O driver.
    ///
    /// # Cancel safety
    ///
    /// Not cancel safe: dropping the future closes the socket and
    /// abandons the attempt.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::{TcpListener, TcpSocket};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let socket = TcpSocket::new_v4()?;
    /// socket.bind("127.0.0.1:0".parse().unwrap())?;
    /// let local = socket.local_addr()?;
    /// let stream = socket.connect(listener.local_addr()?).await?;
    /// assert_eq!(stream.local_addr()?, local);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn connect(self, addr: SocketAddr) -> io::Result<TcpStream> {
        sys::connect(self.as_fd(), &addr)?;
        TcpStream::connect_mio(mio::net::TcpStream::from_std(self.inner)).await
    }

    /// Starts listening, with room for `backlog` pending connections
    /// (capped by the OS), and returns the listener.
    ///
    /// # Errors
    ///
    /// The OS's (`AddrInUse` when the implicit bind of an unbound socket
    /// fails, ...); the registration's.
    ///
    /// # Panics
    ///
    /// Outside a runtime with the I/O driver.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::TcpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let socket = TcpSocket::new_v4()?;
    /// socket.bind("127.0.0.1:0".parse().unwrap())?;
    /// let listener = socket.listen(1024)?;
    /// assert!(listener.local_addr()?.ip().is_loopback());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    #[track_caller]
    pub fn listen(self, backlog: u32) -> io::Result<TcpListener> {
        sys::listen(self.as_fd(), backlog)?;
        let listener = std::net::TcpListener::from(OwnedFd::from(self.inner));
        TcpListener::new(mio::net::TcpListener::from_std(listener))
    }
}

impl AsRawFd for TcpSocket {
    fn as_raw_fd(&self) -> RawFd {
        self.inner.as_raw_fd()
    }
}

impl AsFd for TcpSocket {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.inner.as_fd()
    }
}

impl IntoRawFd for TcpSocket {
    fn into_raw_fd(self) -> RawFd {
        self.inner.into_raw_fd()
    }
}

impl FromRawFd for TcpSocket {
    /// Takes ownership of a TCP socket descriptor, which should be in
    /// non-blocking mode.
    ///
    /// # Safety
    ///
    /// `fd` must be an open TCP socket that nothing else owns (it is
    /// closed when the `TcpSocket` is dropped).
    unsafe fn from_raw_fd(fd: RawFd) -> TcpSocket {
        TcpSocket {
            // SAFETY: the caller guarantees `fd` is an open socket owned
            // by no one else; ownership moves into the std stream.
            inner: unsafe { std::net::TcpStream::from_raw_fd(fd) },
        }
    }
}

impl fmt::Debug for TcpSocket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpSocket")
            .field("local_addr", &self.local_addr().ok())
            .field("fd", &self.as_raw_fd())
            .finish()
    }
}
