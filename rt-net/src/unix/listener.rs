//! [`UnixListener`]: a Unix-domain socket accepting connections.

use super::stream::UnixStream;
use super::SocketAddr;
use rt_io::unstable::PollEvented;
use rt_io::Interest;
use std::fmt;
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};
use std::path::Path;
use std::task::{ready, Context, Poll};

/// A Unix-domain socket server, listening for connections at a
/// filesystem path.
///
/// Binding creates the socket file; dropping the listener does **not**
/// remove it (as with std): remove it yourself, or binding the same path
/// again fails with `AddrInUse`. Accept errors are returned to the
/// caller and leave the listener usable, as for
/// [`TcpListener`](crate::TcpListener).
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt};
/// use rt_net::{UnixListener, UnixStream};
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let path = std::env::temp_dir().join(format!("rt-net-doc-listener-{}.sock", std::process::id()));
/// let _ = std::fs::remove_file(&path);
/// let listener = UnixListener::bind(&path)?;
/// let server = rt_core::spawn(async move {
///     let (mut socket, _) = listener.accept().await?;
///     socket.write_all(b"welcome").await
/// });
/// let mut client = UnixStream::connect(&path).await?;
/// let mut got = String::new();
/// client.read_to_string(&mut got).await?;
/// assert_eq!(got, "welcome");
/// server.await??;
/// std::fs::remove_file(&path)?;
/// # Ok::<_, Box<dyn std::error::Error>>(()) }).unwrap();
/// ```
pub struct UnixListener {
    io: PollEvented<mio::net::UnixListener>,
}

impl UnixListener {
    /// Creates a listener bound to `path` (creating the socket file).
    ///
    /// # Errors
    ///
    /// `AddrInUse` when `path` exists (a socket file left behind
    /// included); `NotFound` for a missing parent directory;
    /// `InvalidInput` for a path too long for a socket address; the OS's.
    ///
    /// # Panics
    ///
    /// Outside a runtime with the I/O driver.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::UnixListener;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let path = std::env::temp_dir().join(format!("rt-net-doc-bind-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let listener = UnixListener::bind(&path)?;
    /// let err = UnixListener::bind(&path).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::AddrInUse);
    /// drop(listener);
    /// std::fs::remove_file(&path)?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    #[track_caller]
    pub fn bind<P: AsRef<Path>>(path: P) -> io::Result<UnixListener> {
        UnixListener::new(mio::net::UnixListener::bind(path)?)
    }

    #[track_caller]
    fn new(sys: mio::net::UnixListener) -> io::Result<UnixListener> {
        Ok(UnixListener {
            io: PollEvented::new_with_interest(sys, Interest::READABLE)?,
        })
    }

    /// Wraps a std listener, registering it with the current runtime's
    /// I/O driver. It must be in non-blocking mode
    /// ([`set_nonblocking(true)`](std::os::unix::net::UnixListener::set_nonblocking)).
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
    /// let path = std::env::temp_dir().join(format!("rt-net-doc-lstd-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let std_listener = std::os::unix::net::UnixListener::bind(&path)?;
    /// std_listener.set_nonblocking(true)?;
    /// let listener = rt_net::UnixListener::from_std(std_listener)?;
    /// assert_eq!(listener.local_addr()?.as_pathname(), Some(path.as_path()));
    /// std::fs::remove_file(&path)?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    #[track_caller]
    pub fn from_std(listener: std::os::unix::net::UnixListener) -> io::Result<UnixListener> {
        UnixListener::new(mio::net::UnixListener::from_std(listener))
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
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let path = std::env::temp_dir().join(format!("rt-net-doc-linto-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let listener = rt_net::UnixListener::bind(&path)?;
    /// let std_listener = listener.into_std()?;
    /// let err = std_listener.accept().unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// std::fs::remove_file(&path)?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn into_std(self) -> io::Result<std::os::unix::net::UnixListener> {
        Ok(self.io.into_inner()?.into())
    }

    /// Accepts a new connection: the stream and the peer's address
    /// (usually unnamed).
    ///
    /// # Errors
    ///
    /// The OS's (`EMFILE`, ...), returned as they come; the listener
    /// stays usable. The shutdown error once the runtime is gone.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: a connection is only taken from the queue when the
    /// future completes.
    ///
    /// # Examples
    ///
    /// See the [type-level example](UnixListener).
    ///
    /// ```
    /// use rt_net::{UnixListener, UnixStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let path = std::env::temp_dir().join(format!("rt-net-doc-accept-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let listener = UnixListener::bind(&path)?;
    /// let _client = UnixStream::connect(&path).await?;
    /// let (_server, peer) = listener.accept().await?;
    /// assert!(peer.is_unnamed());
    /// std::fs::remove_file(&path)?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn accept(&self) -> io::Result<(UnixStream, SocketAddr)> {
        let (sys, addr) = self
            .io
            .registration()
            .async_io(Interest::READABLE, || self.io.get_ref().accept())
            .await?;
        Ok((UnixStream::new(sys)?, SocketAddr::from(addr)))
    }

    /// Polls to accept a connection (only the task of the latest call is
    /// woken).
    ///
    /// # Errors
    ///
    /// As [`accept`](Self::accept).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::{UnixListener, UnixStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let path = std::env::temp_dir().join(format!("rt-net-doc-paccept-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let listener = UnixListener::bind(&path)?;
    /// let _client = UnixStream::connect(&path).await?;
    /// let (_server, _) = std::future::poll_fn(|cx| listener.poll_accept(cx)).await?;
    /// std::fs::remove_file(&path)?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_accept(&self, cx: &mut Context<'_>) -> Poll<io::Result<(UnixStream, SocketAddr)>> {
        let (sys, addr) = ready!(self
            .io
            .registration()
            .poll_read_io(cx, || self.io.get_ref().accept()))?;
        Poll::Ready(UnixStream::new(sys).map(|s| (s, SocketAddr::from(addr))))
    }

    /// The address the listener is bound to.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// See [`from_std`](Self::from_std).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let path = std::env::temp_dir().join(format!("rt-net-doc-laddr-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let listener = rt_net::UnixListener::bind(&path)?;
    /// assert!(!listener.local_addr()?.is_unnamed());
    /// std::fs::remove_file(&path)?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.io.get_ref().local_addr().map(SocketAddr::from)
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
    /// let path = std::env::temp_dir().join(format!("rt-net-doc-lerr-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let listener = rt_net::UnixListener::bind(&path)?;
    /// assert!(listener.take_error()?.is_none());
    /// std::fs::remove_file(&path)?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        self.io.get_ref().take_error()
    }
}

impl TryFrom<std::os::unix::net::UnixListener> for UnixListener {
    type Error = io::Error;

    /// As [`UnixListener::from_std`].
    #[track_caller]
    fn try_from(listener: std::os::unix::net::UnixListener) -> io::Result<UnixListener> {
        UnixListener::from_std(listener)
    }
}

impl AsRawFd for UnixListener {
    fn as_raw_fd(&self) -> RawFd {
        self.io.get_ref().as_raw_fd()
    }
}

impl AsFd for UnixListener {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.io.get_ref().as_fd()
    }
}

impl fmt::Debug for UnixListener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnixListener")
            .field("local_addr", &self.local_addr().ok())
            .field("fd", &self.as_raw_fd())
            .finish()
    }
}
