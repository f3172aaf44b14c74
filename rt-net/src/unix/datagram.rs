//! [`UnixDatagram`]: Unix-domain datagrams over the reactor.

use super::SocketAddr;
use rt_io::unstable::PollEvented;
use rt_io::{Interest, ReadBuf, Ready};
use std::fmt;
use std::io;
use std::net::Shutdown;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};
use std::path::Path;
use std::task::{ready, Context, Poll};

/// A Unix-domain datagram socket.
///
/// Bound to a path ([`bind`](Self::bind)), [`unbound`](Self::unbound),
/// or one of a connected [`pair`](Self::pair). As with
/// [`UdpSocket`](crate::UdpSocket), every method takes `&self` and each
/// datagram is sent or received whole by one call; unlike UDP, delivery
/// is reliable and ordered, and a sender waits when the receiver's queue
/// is full.
///
/// # Examples
///
/// ```
/// use rt_net::UnixDatagram;
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let dir = std::env::temp_dir();
/// let server_path = dir.join(format!("rt-net-doc-dgram-s-{}.sock", std::process::id()));
/// let client_path = dir.join(format!("rt-net-doc-dgram-c-{}.sock", std::process::id()));
/// let _ = std::fs::remove_file(&server_path);
/// let _ = std::fs::remove_file(&client_path);
///
/// let server = UnixDatagram::bind(&server_path)?;
/// let client = UnixDatagram::bind(&client_path)?;
/// client.send_to(b"ping", &server_path).await?;
/// let mut buf = [0u8; 8];
/// let (n, from) = server.recv_from(&mut buf).await?;
/// assert_eq!(&buf[..n], b"ping");
/// server.send_to(b"pong", from.as_pathname().unwrap()).await?;
/// let n = client.recv(&mut buf).await?;
/// assert_eq!(&buf[..n], b"pong");
///
/// std::fs::remove_file(&server_path)?;
/// std::fs::remove_file(&client_path)?;
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
pub struct UnixDatagram {
    io: PollEvented<mio::net::UnixDatagram>,
}

impl UnixDatagram {
    #[track_caller]
    fn new(sys: mio::net::UnixDatagram) -> io::Result<UnixDatagram> {
        Ok(UnixDatagram {
            io: PollEvented::new(sys)?,
        })
    }

    /// Creates a socket bound to `path` (creating the socket file, which
    /// is not removed on drop).
    ///
    /// # Errors
    ///
    /// `AddrInUse` when `path` exists; the OS's.
    ///
    /// # Panics
    ///
    /// Outside a runtime with the I/O driver.
    ///
    /// # Examples
    ///
    /// See the [type-level example](UnixDatagram).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let path = std::env::temp_dir().join(format!("rt-net-doc-dbind-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let socket = rt_net::UnixDatagram::bind(&path)?;
    /// assert_eq!(socket.local_addr()?.as_pathname(), Some(path.as_path()));
    /// std::fs::remove_file(&path)?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    #[track_caller]
    pub fn bind<P: AsRef<Path>>(path: P) -> io::Result<UnixDatagram> {
        UnixDatagram::new(mio::net::UnixDatagram::bind(path)?)
    }

    /// Creates a socket bound to no address: it can send (with
    /// [`send_to`](Self::send_to), or after [`connect`](Self::connect)),
    /// but nobody can reply to it.
    ///
    /// # Errors
    ///
    /// The OS's.
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
    /// let socket = rt_net::UnixDatagram::unbound()?;
    /// assert!(socket.local_addr()?.is_unnamed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    #[track_caller]
    pub fn unbound() -> io::Result<UnixDatagram> {
        UnixDatagram::new(mio::net::UnixDatagram::unbound()?)
    }

    /// Creates a connected pair of unnamed sockets.
    ///
    /// # Errors
    ///
    /// The OS's.
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
    /// let (a, b) = rt_net::UnixDatagram::pair()?;
    /// a.send(b"one").await?;
    /// a.send(b"two").await?;
    /// let mut buf = [0u8; 8];
    /// assert_eq!(b.recv(&mut buf).await?, 3); // datagram boundaries kept
    /// assert_eq!(&buf[..3], b"one");
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    #[track_caller]
    pub fn pair() -> io::Result<(UnixDatagram, UnixDatagram)> {
        let (a, b) = mio::net::UnixDatagram::pair()?;
        Ok((UnixDatagram::new(a)?, UnixDatagram::new(b)?))
    }

    /// Wraps a std socket, registering it with the current runtime's
    /// I/O driver. It must be in non-blocking mode
    /// ([`set_nonblocking(true)`](std::os::unix::net::UnixDatagram::set_nonblocking)).
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
    /// let std_socket = std::os::unix::net::UnixDatagram::unbound()?;
    /// std_socket.set_nonblocking(true)?;
    /// let socket = rt_net::UnixDatagram::from_std(std_socket)?;
    /// # let _ = socket;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    #[track_caller]
    pub fn from_std(socket: std::os::unix::net::UnixDatagram) -> io::Result<UnixDatagram> {
        UnixDatagram::new(mio::net::UnixDatagram::from_std(socket))
    }

    /// Deregisters the socket and returns it as a std socket, still in
    /// non-blocking mode.
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
    /// let (a, _b) = rt_net::UnixDatagram::pair()?;
    /// let a = a.into_std()?;
    /// assert_eq!(a.recv(&mut [0u8; 1]).unwrap_err().kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn into_std(self) -> io::Result<std::os::unix::net::UnixDatagram> {
        Ok(self.io.into_inner()?.into())
    }

    /// Connects the socket to the one bound at `path`: [`send`](Self::send)
    /// goes there and [`recv`](Self::recv) receives only from there.
    ///
    /// # Errors
    ///
    /// `NotFound` / `ConnectionRefused` when no socket is bound at
    /// `path`; the OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let path = std::env::temp_dir().join(format!("rt-net-doc-dconn-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let server = rt_net::UnixDatagram::bind(&path)?;
    /// let client = rt_net::UnixDatagram::unbound()?;
    /// client.connect(&path)?;
    /// client.send(b"c").await?;
    /// assert_eq!(server.recv(&mut [0u8; 1]).await?, 1);
    /// std::fs::remove_file(&path)?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn connect<P: AsRef<Path>>(&self, path: P) -> io::Result<()> {
        self.io.get_ref().connect(path)
    }

    /// The local address.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// See [`bind`](Self::bind).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixDatagram::pair()?;
    /// assert!(a.local_addr()?.is_unnamed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.io.get_ref().local_addr().map(SocketAddr::from)
    }

    /// The address of the connected peer.
    ///
    /// # Errors
    ///
    /// `NotConnected` when not connected; the OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let socket = rt_net::UnixDatagram::unbound()?;
    /// assert_eq!(socket.peer_addr().unwrap_err().kind(), std::io::ErrorKind::NotConnected);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.io.get_ref().peer_addr().map(SocketAddr::from)
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
    /// let (a, _b) = rt_net::UnixDatagram::pair()?;
    /// assert!(a.take_error()?.is_none());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        self.io.get_ref().take_error()
    }

    /// Shuts down the read side, the write side, or both.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::net::Shutdown;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixDatagram::pair()?;
    /// a.shutdown(Shutdown::Write)?;
    /// assert!(a.send(b"x").await.is_err());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.io.get_ref().shutdown(how)
    }

    /// Waits until the socket is ready for any of `interest`.
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
    /// let (a, _b) = rt_net::UnixDatagram::pair()?;
    /// assert!(a.ready(Interest::WRITABLE).await?.is_writable());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn ready(&self, interest: Interest) -> io::Result<Ready> {
        Ok(self.io.registration().readiness(interest).await?.ready())
    }

    /// Waits until a datagram may be waiting, for the `try_recv*`
    /// methods.
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
    /// let (a, b) = rt_net::UnixDatagram::pair()?;
    /// a.send(b"r").await?;
    /// b.readable().await?;
    /// assert_eq!(b.try_recv(&mut [0u8; 4])?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn readable(&self) -> io::Result<()> {
        self.ready(Interest::READABLE).await.map(drop)
    }

    /// Waits until the socket can send, for the `try_send*` methods.
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
    /// let (a, _b) = rt_net::UnixDatagram::pair()?;
    /// a.writable().await?;
    /// assert_eq!(a.try_send(b"w")?, 1);
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
    /// let (a, b) = rt_net::UnixDatagram::pair()?;
    /// a.send(b"p").await?;
    /// std::future::poll_fn(|cx| b.poll_recv_ready(cx)).await?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_recv_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
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
    /// let (a, _b) = rt_net::UnixDatagram::pair()?;
    /// std::future::poll_fn(|cx| a.poll_send_ready(cx)).await?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_send_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.io.poll_write_ready(cx).map_ok(drop)
    }

    /// Sends a datagram to the connected peer, waiting while the peer's
    /// queue is full.
    ///
    /// # Errors
    ///
    /// `NotConnected` without a peer; `ConnectionRefused` once the peer
    /// is gone; the OS's.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: a datagram is sent whole by the call that completes,
    /// or not at all.
    ///
    /// # Examples
    ///
    /// See [`pair`](Self::pair).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixDatagram::pair()?;
    /// assert_eq!(a.send(b"abc").await?, 3);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn send(&self, buf: &[u8]) -> io::Result<usize> {
        self.io
            .registration()
            .async_io(Interest::WRITABLE, || self.io.get_ref().send(buf))
            .await
    }

    /// Polls to send a datagram to the connected peer.
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send).
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixDatagram::pair()?;
    /// assert_eq!(std::future::poll_fn(|cx| a.poll_send(cx, b"p")).await?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_send(&self, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.io
            .registration()
            .poll_write_io(cx, || self.io.get_ref().send(buf))
    }

    /// Sends a datagram to the connected peer without waiting.
    ///
    /// # Errors
    ///
    /// `WouldBlock` when the peer's queue is full; as
    /// [`send`](Self::send).
    ///
    /// # Examples
    ///
    /// See [`writable`](Self::writable).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixDatagram::pair()?;
    /// drop(b);
    /// a.writable().await?;
    /// assert!(a.try_send(b"gone").is_err());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_send(&self, buf: &[u8]) -> io::Result<usize> {
        self.io
            .registration()
            .try_io(Interest::WRITABLE, || self.io.get_ref().send(buf))
    }

    /// Receives a datagram from the connected peer (truncated to
    /// `buf`); returns its length.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: a datagram is only taken off the queue by the call
    /// that completes.
    ///
    /// # Examples
    ///
    /// See [`pair`](Self::pair).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixDatagram::pair()?;
    /// a.send(b"hello").await?;
    /// let mut buf = [0u8; 5];
    /// assert_eq!(b.recv(&mut buf).await?, 5);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.io
            .registration()
            .async_io(Interest::READABLE, || self.io.get_ref().recv(buf))
            .await
    }

    /// Polls to receive a datagram into `buf`'s unfilled part.
    ///
    /// # Errors
    ///
    /// As [`recv`](Self::recv).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::ReadBuf;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixDatagram::pair()?;
    /// a.send(b"rb").await?;
    /// let mut storage = [0u8; 4];
    /// let mut buf = ReadBuf::new(&mut storage);
    /// std::future::poll_fn(|cx| b.poll_recv(cx, &mut buf)).await?;
    /// assert_eq!(buf.filled(), b"rb");
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_recv(&self, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let dst = buf.initialize_unfilled();
        let n = ready!(self
            .io
            .registration()
            .poll_read_io(cx, || self.io.get_ref().recv(dst)))?;
        buf.advance(n);
        Poll::Ready(Ok(()))
    }

    /// Receives a datagram from the connected peer without waiting.
    ///
    /// # Errors
    ///
    /// `WouldBlock` when none is queued; the OS's.
    ///
    /// # Examples
    ///
    /// See [`readable`](Self::readable).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixDatagram::pair()?;
    /// assert_eq!(a.try_recv(&mut [0u8; 1]).unwrap_err().kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.io
            .registration()
            .try_io(Interest::READABLE, || self.io.get_ref().recv(buf))
    }

    /// Sends a datagram to the socket bound at `target`.
    ///
    /// # Errors
    ///
    /// `NotFound` / `ConnectionRefused` when nothing is bound there; the
    /// OS's.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: the datagram is sent whole by the call that
    /// completes, or not at all.
    ///
    /// # Examples
    ///
    /// See the [type-level example](UnixDatagram).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let socket = rt_net::UnixDatagram::unbound()?;
    /// let nowhere = std::env::temp_dir().join("rt-net-doc-no-such.sock");
    /// assert!(socket.send_to(b"x", &nowhere).await.is_err());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn send_to<P: AsRef<Path>>(&self, buf: &[u8], target: P) -> io::Result<usize> {
        let target = target.as_ref();
        self.io
            .registration()
            .async_io(Interest::WRITABLE, || {
                self.io.get_ref().send_to(buf, target)
            })
            .await
    }

    /// Polls to send a datagram to `target`.
    ///
    /// # Errors
    ///
    /// As [`send_to`](Self::send_to).
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let path = std::env::temp_dir().join(format!("rt-net-doc-psendto-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let server = rt_net::UnixDatagram::bind(&path)?;
    /// let client = rt_net::UnixDatagram::unbound()?;
    /// std::future::poll_fn(|cx| client.poll_send_to(cx, b"p", &path)).await?;
    /// assert_eq!(server.recv(&mut [0u8; 1]).await?, 1);
    /// std::fs::remove_file(&path)?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_send_to<P: AsRef<Path>>(
        &self,
        cx: &mut Context<'_>,
        buf: &[u8],
        target: P,
    ) -> Poll<io::Result<usize>> {
        let target = target.as_ref();
        self.io
            .registration()
            .poll_write_io(cx, || self.io.get_ref().send_to(buf, target))
    }

    /// Sends a datagram to `target` without waiting.
    ///
    /// # Errors
    ///
    /// `WouldBlock` when the receiver's queue is full; as
    /// [`send_to`](Self::send_to).
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let path = std::env::temp_dir().join(format!("rt-net-doc-tsendto-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let server = rt_net::UnixDatagram::bind(&path)?;
    /// let client = rt_net::UnixDatagram::unbound()?;
    /// client.writable().await?;
    /// assert_eq!(client.try_send_to(b"t", &path)?, 1);
    /// assert_eq!(server.recv(&mut [0u8; 1]).await?, 1);
    /// std::fs::remove_file(&path)?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_send_to<P: AsRef<Path>>(&self, buf: &[u8], target: P) -> io::Result<usize> {
        self.io.registration().try_io(Interest::WRITABLE, || {
            self.io.get_ref().send_to(buf, target)
        })
    }

    /// Receives a datagram (truncated to `buf`): its length and sender.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: a datagram is only taken off the queue by the call
    /// that completes.
    ///
    /// # Examples
    ///
    /// See the [type-level example](UnixDatagram).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixDatagram::pair()?;
    /// a.send(b"from").await?;
    /// let (n, from) = b.recv_from(&mut [0u8; 8]).await?;
    /// assert_eq!(n, 4);
    /// assert!(from.is_unnamed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn recv_from(&self, buf: &mut [u8]) -> io::Result<(usize, SocketAddr)> {
        let (n, addr) = self
            .io
            .registration()
            .async_io(Interest::READABLE, || self.io.get_ref().recv_from(buf))
            .await?;
        Ok((n, SocketAddr::from(addr)))
    }

    /// Polls to receive a datagram into `buf`'s unfilled part, returning
    /// the sender.
    ///
    /// # Errors
    ///
    /// As [`recv_from`](Self::recv_from).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::ReadBuf;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixDatagram::pair()?;
    /// a.send(b"pf").await?;
    /// let mut storage = [0u8; 4];
    /// let mut buf = ReadBuf::new(&mut storage);
    /// let from = std::future::poll_fn(|cx| b.poll_recv_from(cx, &mut buf)).await?;
    /// assert!(from.is_unnamed());
    /// assert_eq!(buf.filled(), b"pf");
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_recv_from(
        &self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<SocketAddr>> {
        let dst = buf.initialize_unfilled();
        let (n, addr) = ready!(self
            .io
            .registration()
            .poll_read_io(cx, || self.io.get_ref().recv_from(dst)))?;
        buf.advance(n);
        Poll::Ready(Ok(SocketAddr::from(addr)))
    }

    /// Receives a datagram and its sender without waiting.
    ///
    /// # Errors
    ///
    /// `WouldBlock` when none is queued; the OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixDatagram::pair()?;
    /// a.send(b"t").await?;
    /// b.readable().await?;
    /// let (n, _from) = b.try_recv_from(&mut [0u8; 4])?;
    /// assert_eq!(n, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_recv_from(&self, buf: &mut [u8]) -> io::Result<(usize, SocketAddr)> {
        let (n, addr) = self
            .io
            .registration()
            .try_io(Interest::READABLE, || self.io.get_ref().recv_from(buf))?;
        Ok((n, SocketAddr::from(addr)))
    }

    /// Runs `f` if the socket is ready for `interest`; see
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
    /// let (a, _b) = rt_net::UnixDatagram::pair()?;
    /// a.writable().await?;
    /// assert_eq!(a.try_io(Interest::WRITABLE, || a.try_send(b"io"))?, 2);
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
    /// let (a, b) = rt_net::UnixDatagram::pair()?;
    /// a.send(b"aio").await?;
    /// let mut buf = [0u8; 4];
    /// assert_eq!(b.async_io(Interest::READABLE, || b.try_recv(&mut buf)).await?, 3);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn async_io<R>(
        &self,
        interest: Interest,
        f: impl FnMut() -> io::Result<R>,
    ) -> io::Result<R> {
        self.io.registration().async_io(interest, f).await
    }
}

impl TryFrom<std::os::unix::net::UnixDatagram> for UnixDatagram {
    type Error = io::Error;

    /// As [`UnixDatagram::from_std`].
    #[track_caller]
    fn try_from(socket: std::os::unix::net::UnixDatagram) -> io::Result<UnixDatagram> {
        UnixDatagram::from_std(socket)
    }
}

impl AsRawFd for UnixDatagram {
    fn as_raw_fd(&self) -> RawFd {
        self.io.get_ref().as_raw_fd()
    }
}

impl AsFd for UnixDatagram {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.io.get_ref().as_fd()
    }
}

impl fmt::Debug for UnixDatagram {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnixDatagram")
            .field("local_addr", &self.local_addr().ok())
            .field("peer_addr", &self.peer_addr().ok())
            .field("fd", &self.as_raw_fd())
            .finish()
    }
}
