//! [`UdpSocket`]: datagrams over the reactor.
//!
//! Datagram reads go through `Registration::poll_read_io`, never
//! `PollEvented::poll_read`: its short-read shortcut is for streams (a
//! datagram shorter than the buffer says nothing about the queue).

use crate::addr::{each_addr, no_addresses, resolve};
use crate::ToSocketAddrs;
use rt_io::unstable::PollEvented;
use rt_io::{Interest, ReadBuf, Ready};
use std::fmt;
use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};
use std::task::{ready, Context, Poll};

/// A UDP socket.
///
/// UDP is connectionless: [`send_to`](Self::send_to) /
/// [`recv_from`](Self::recv_from) name the peer per datagram. After
/// [`connect`](Self::connect), [`send`](Self::send) / [`recv`](Self::recv)
/// talk to one peer, and datagrams from others are filtered out by the
/// OS.
///
/// All methods take `&self`, so one socket can be shared (`Arc`) between
/// a sending and a receiving task; each datagram is sent or received
/// whole by one call.
///
/// # Examples
///
/// ```
/// use rt_net::UdpSocket;
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let server = UdpSocket::bind("127.0.0.1:0").await?;
/// let client = UdpSocket::bind("127.0.0.1:0").await?;
/// client.send_to(b"ping", server.local_addr()?).await?;
///
/// let mut buf = [0u8; 16];
/// let (n, from) = server.recv_from(&mut buf).await?;
/// assert_eq!((&buf[..n], from), (&b"ping"[..], client.local_addr()?));
/// server.send_to(b"pong", from).await?;
/// let n = client.recv(&mut buf).await?;
/// assert_eq!(&buf[..n], b"pong");
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
pub struct UdpSocket {
    io: PollEvented<mio::net::UdpSocket>,
}

impl UdpSocket {
    /// Creates a socket bound to `addr` (port 0: any free port).
    ///
    /// If `addr` resolves to several addresses, each is tried in order
    /// until one binds; if none does, the last error is returned.
    ///
    /// # Errors
    ///
    /// `AddrInUse`, `AddrNotAvailable`, ... from the OS; `InvalidInput`
    /// when `addr` resolves to no address; lookup errors.
    ///
    /// # Panics
    ///
    /// Outside a runtime with the I/O driver.
    ///
    /// # Cancel safety
    ///
    /// Not cancel safe for host names (a running lookup is discarded);
    /// with IP literals the future completes on its first poll.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let socket = UdpSocket::bind("127.0.0.1:0").await?;
    /// assert_ne!(socket.local_addr()?.port(), 0);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn bind<A: ToSocketAddrs>(addr: A) -> io::Result<UdpSocket> {
        each_addr(addr, |addr| async move {
            UdpSocket::new(mio::net::UdpSocket::bind(addr)?)
        })
        .await
    }

    #[track_caller]
    fn new(sys: mio::net::UdpSocket) -> io::Result<UdpSocket> {
        Ok(UdpSocket {
            io: PollEvented::new(sys)?,
        })
    }

    /// Wraps a bound std socket, registering it with the current
    /// runtime's I/O driver.
    ///
    /// The socket must be in non-blocking mode
    /// ([`set_nonblocking(true)`](std::net::UdpSocket::set_nonblocking)).
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
    /// use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let std_socket = std::net::UdpSocket::bind("127.0.0.1:0")?;
    /// std_socket.set_nonblocking(true)?;
    /// let socket = UdpSocket::from_std(std_socket)?;
    /// assert!(socket.local_addr()?.ip().is_loopback());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    #[track_caller]
    pub fn from_std(socket: std::net::UdpSocket) -> io::Result<UdpSocket> {
        UdpSocket::new(mio::net::UdpSocket::from_std(socket))
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
    /// use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let socket = UdpSocket::bind("127.0.0.1:0").await?;
    /// let std_socket = socket.into_std()?;
    /// let err = std_socket.recv(&mut [0u8; 1]).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn into_std(self) -> io::Result<std::net::UdpSocket> {
        Ok(self.io.into_inner()?.into())
    }

    /// The address the socket is bound to.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let socket = UdpSocket::bind("127.0.0.1:0").await?;
    /// assert!(socket.local_addr()?.ip().is_loopback());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.io.get_ref().local_addr()
    }

    /// The address the socket is connected to.
    ///
    /// # Errors
    ///
    /// `NotConnected` before [`connect`](Self::connect); the OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// let b = UdpSocket::bind("127.0.0.1:0").await?;
    /// assert_eq!(a.peer_addr().unwrap_err().kind(), std::io::ErrorKind::NotConnected);
    /// a.connect(b.local_addr()?).await?;
    /// assert_eq!(a.peer_addr()?, b.local_addr()?);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.io.get_ref().peer_addr()
    }

    /// Connects the socket to `addr`: [`send`](Self::send) goes there
    /// and [`recv`](Self::recv) only receives from there.
    ///
    /// If `addr` resolves to several addresses, each is tried in order;
    /// the last error is returned if none works.
    ///
    /// # Errors
    ///
    /// The OS's; `InvalidInput` when `addr` resolves to no address;
    /// lookup errors.
    ///
    /// # Cancel safety
    ///
    /// Not cancel safe for host names (a running lookup is discarded);
    /// with IP literals the future completes on its first poll.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// let b = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.connect(b.local_addr()?).await?;
    /// a.send(b"hi").await?;
    /// let mut buf = [0u8; 2];
    /// assert_eq!(b.recv(&mut buf).await?, 2);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn connect<A: ToSocketAddrs>(&self, addr: A) -> io::Result<()> {
        each_addr(addr, |addr| async move { self.io.get_ref().connect(addr) }).await
    }

    /// Waits until the socket is ready for any of `interest`, returning
    /// the readiness found.
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
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let socket = UdpSocket::bind("127.0.0.1:0").await?;
    /// let ready = socket.ready(Interest::READABLE | Interest::WRITABLE).await?;
    /// assert!(ready.is_writable());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn ready(&self, interest: Interest) -> io::Result<Ready> {
        Ok(self.io.registration().readiness(interest).await?.ready())
    }

    /// Waits until a datagram may be waiting, for use with the
    /// `try_recv*` methods.
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
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// let b = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.send_to(b"d", b.local_addr()?).await?;
    /// let mut buf = [0u8; 4];
    /// let (n, _) = loop {
    ///     b.readable().await?;
    ///     match b.try_recv_from(&mut buf) {
    ///         Ok(got) => break got,
    ///         Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
    ///         Err(e) => return Err(e),
    ///     }
    /// };
    /// assert_eq!(&buf[..n], b"d");
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn readable(&self) -> io::Result<()> {
        self.ready(Interest::READABLE).await.map(drop)
    }

    /// Waits until the socket can send, for use with the `try_send*`
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
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// let b = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.writable().await?;
    /// assert_eq!(a.try_send_to(b"w", b.local_addr()?)?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn writable(&self) -> io::Result<()> {
        self.ready(Interest::WRITABLE).await.map(drop)
    }

    /// Polls for read readiness (one waker per direction: the task of
    /// the latest call).
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.send_to(b"self", a.local_addr()?).await?;
    /// std::future::poll_fn(|cx| a.poll_recv_ready(cx)).await?;
    /// assert_eq!(a.try_recv(&mut [0u8; 8])?, 4);
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
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// std::future::poll_fn(|cx| a.poll_send_ready(cx)).await?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_send_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.io.poll_write_ready(cx).map_ok(drop)
    }

    /// Sends a datagram to the connected peer; returns the bytes sent.
    ///
    /// # Errors
    ///
    /// `NotConnected` (or the OS's equivalent) without a peer;
    /// `ConnectionRefused` when an earlier datagram was rejected by the
    /// peer (ICMP port unreachable); the OS's.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: a datagram is sent whole by the call that completes,
    /// or not at all.
    ///
    /// # Examples
    ///
    /// See [`connect`](Self::connect).
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.connect(a.local_addr()?).await?;
    /// assert_eq!(a.send(b"to myself").await?, 9);
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
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.connect(a.local_addr()?).await?;
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
    /// `WouldBlock` when the socket cannot send now; as
    /// [`send`](Self::send).
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.connect(a.local_addr()?).await?;
    /// a.writable().await?;
    /// assert_eq!(a.try_send(b"t")?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_send(&self, buf: &[u8]) -> io::Result<usize> {
        self.io
            .registration()
            .try_io(Interest::WRITABLE, || self.io.get_ref().send(buf))
    }

    /// Receives a datagram from the connected peer into `buf`; returns
    /// its length. A datagram longer than `buf` is truncated (the rest
    /// is lost).
    ///
    /// # Errors
    ///
    /// `ConnectionRefused` when an earlier datagram was rejected by the
    /// peer; the OS's.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: a datagram is only taken off the queue by the call
    /// that completes.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.connect(a.local_addr()?).await?;
    /// a.send(b"loop").await?;
    /// let mut buf = [0u8; 8];
    /// assert_eq!(a.recv(&mut buf).await?, 4);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.io
            .registration()
            .async_io(Interest::READABLE, || self.io.get_ref().recv(buf))
            .await
    }

    /// Polls to receive a datagram from the connected peer, appending it
    /// to `buf`'s filled part.
    ///
    /// # Errors
    ///
    /// As [`recv`](Self::recv).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::ReadBuf;
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.connect(a.local_addr()?).await?;
    /// a.send(b"rb").await?;
    /// let mut storage = [0u8; 8];
    /// let mut buf = ReadBuf::new(&mut storage);
    /// std::future::poll_fn(|cx| a.poll_recv(cx, &mut buf)).await?;
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
    /// `WouldBlock` when none is queued; as [`recv`](Self::recv).
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.connect(a.local_addr()?).await?;
    /// let err = a.try_recv(&mut [0u8; 4]).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.io
            .registration()
            .try_io(Interest::READABLE, || self.io.get_ref().recv(buf))
    }

    /// Sends a datagram to `target`; returns the bytes sent.
    ///
    /// `target` is anything [`ToSocketAddrs`] accepts; the datagram goes
    /// to the first address it resolves to.
    ///
    /// # Errors
    ///
    /// `InvalidInput` when `target` resolves to no address; lookup
    /// errors; `MessageTooLong`-style OS errors for oversized datagrams;
    /// the OS's.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: the datagram is sent whole by the call that
    /// completes, or not at all (a host-name lookup in progress is
    /// discarded).
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// let b = UdpSocket::bind("127.0.0.1:0").await?;
    /// assert_eq!(a.send_to(b"abc", b.local_addr()?).await?, 3);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn send_to<A: ToSocketAddrs>(&self, buf: &[u8], target: A) -> io::Result<usize> {
        let target = resolve(target).await?.next().ok_or_else(no_addresses)?;
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
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// let to = a.local_addr()?;
    /// assert_eq!(std::future::poll_fn(|cx| a.poll_send_to(cx, b"x", to)).await?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_send_to(
        &self,
        cx: &mut Context<'_>,
        buf: &[u8],
        target: SocketAddr,
    ) -> Poll<io::Result<usize>> {
        self.io
            .registration()
            .poll_write_io(cx, || self.io.get_ref().send_to(buf, target))
    }

    /// Sends a datagram to `target` without waiting.
    ///
    /// # Errors
    ///
    /// `WouldBlock` when the socket cannot send now; the OS's.
    ///
    /// # Examples
    ///
    /// See [`writable`](Self::writable).
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.writable().await?;
    /// assert_eq!(a.try_send_to(b"x", a.local_addr()?)?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_send_to(&self, buf: &[u8], target: SocketAddr) -> io::Result<usize> {
        self.io.registration().try_io(Interest::WRITABLE, || {
            self.io.get_ref().send_to(buf, target)
        })
    }

    /// Receives a datagram: its length (truncated to `buf`) and sender.
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
    /// See the [type-level example](UdpSocket).
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.send_to(b"me", a.local_addr()?).await?;
    /// let mut buf = [0u8; 1]; // too short: the datagram is truncated
    /// let (n, from) = a.recv_from(&mut buf).await?;
    /// assert_eq!((n, from), (1, a.local_addr()?));
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn recv_from(&self, buf: &mut [u8]) -> io::Result<(usize, SocketAddr)> {
        self.io
            .registration()
            .async_io(Interest::READABLE, || self.io.get_ref().recv_from(buf))
            .await
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
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.send_to(b"pr", a.local_addr()?).await?;
    /// let mut storage = [0u8; 8];
    /// let mut buf = ReadBuf::new(&mut storage);
    /// let from = std::future::poll_fn(|cx| a.poll_recv_from(cx, &mut buf)).await?;
    /// assert_eq!((buf.filled(), from), (&b"pr"[..], a.local_addr()?));
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
        Poll::Ready(Ok(addr))
    }

    /// Receives a datagram and its sender without waiting.
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
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// let err = a.try_recv_from(&mut [0u8; 4]).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_recv_from(&self, buf: &mut [u8]) -> io::Result<(usize, SocketAddr)> {
        self.io
            .registration()
            .try_io(Interest::READABLE, || self.io.get_ref().recv_from(buf))
    }

    /// Receives the next datagram without taking it off the queue: the
    /// next `recv*` returns it again.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: peeking consumes nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.send_to(b"twice", a.local_addr()?).await?;
    /// let mut buf = [0u8; 8];
    /// let (n, _) = a.peek_from(&mut buf).await?;
    /// assert_eq!(&buf[..n], b"twice");
    /// let (n, _) = a.recv_from(&mut buf).await?;
    /// assert_eq!(&buf[..n], b"twice");
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn peek_from(&self, buf: &mut [u8]) -> io::Result<(usize, SocketAddr)> {
        self.io
            .registration()
            .async_io(Interest::READABLE, || self.io.get_ref().peek_from(buf))
            .await
    }

    /// Polls to peek at the next datagram (see
    /// [`peek_from`](Self::peek_from)).
    ///
    /// # Errors
    ///
    /// As [`peek_from`](Self::peek_from).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::ReadBuf;
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.send_to(b"pk", a.local_addr()?).await?;
    /// let mut storage = [0u8; 8];
    /// let mut buf = ReadBuf::new(&mut storage);
    /// std::future::poll_fn(|cx| a.poll_peek_from(cx, &mut buf)).await?;
    /// assert_eq!(buf.filled(), b"pk");
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_peek_from(
        &self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<SocketAddr>> {
        let dst = buf.initialize_unfilled();
        let (n, addr) = ready!(self
            .io
            .registration()
            .poll_read_io(cx, || self.io.get_ref().peek_from(dst)))?;
        buf.advance(n);
        Poll::Ready(Ok(addr))
    }

    /// Peeks at the next datagram without waiting.
    ///
    /// # Errors
    ///
    /// `WouldBlock` when none is queued; the OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// let err = a.try_peek_from(&mut [0u8; 4]).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_peek_from(&self, buf: &mut [u8]) -> io::Result<(usize, SocketAddr)> {
        self.io
            .registration()
            .try_io(Interest::READABLE, || self.io.get_ref().peek_from(buf))
    }

    /// The sender of the next datagram, without taking it off the queue
    /// (or copying its payload).
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// let b = UdpSocket::bind("127.0.0.1:0").await?;
    /// b.send_to(b"who", a.local_addr()?).await?;
    /// assert_eq!(a.peek_sender().await?, b.local_addr()?);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn peek_sender(&self) -> io::Result<SocketAddr> {
        self.io
            .registration()
            .async_io(Interest::READABLE, || {
                self.io.get_ref().peek_from(&mut []).map(|(_, a)| a)
            })
            .await
    }

    /// Polls for the sender of the next datagram (see
    /// [`peek_sender`](Self::peek_sender)).
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.send_to(b"s", a.local_addr()?).await?;
    /// let from = std::future::poll_fn(|cx| a.poll_peek_sender(cx)).await?;
    /// assert_eq!(from, a.local_addr()?);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_peek_sender(&self, cx: &mut Context<'_>) -> Poll<io::Result<SocketAddr>> {
        self.io
            .registration()
            .poll_read_io(cx, || self.io.get_ref().peek_from(&mut []).map(|(_, a)| a))
    }

    /// The sender of the next datagram, without waiting.
    ///
    /// # Errors
    ///
    /// `WouldBlock` when none is queued; the OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// let err = a.try_peek_sender().unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_peek_sender(&self) -> io::Result<SocketAddr> {
        self.io.registration().try_io(Interest::READABLE, || {
            self.io.get_ref().peek_from(&mut []).map(|(_, a)| a)
        })
    }

    /// Runs `f` if the socket is ready for `interest`, clearing that
    /// readiness when `f` returns `WouldBlock` (see
    /// [`TcpStream::try_io`](crate::TcpStream::try_io)).
    ///
    /// # Errors
    ///
    /// `WouldBlock` if not ready; `f`'s errors; the shutdown error.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::Interest;
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.writable().await?;
    /// let to = a.local_addr()?;
    /// let n = a.try_io(Interest::WRITABLE, || a.try_send_to(b"io", to))?;
    /// assert_eq!(n, 2);
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
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.send_to(b"aio", a.local_addr()?).await?;
    /// let mut buf = [0u8; 4];
    /// let (n, _) = a.async_io(Interest::READABLE, || a.try_recv_from(&mut buf)).await?;
    /// assert_eq!(n, 3);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn async_io<R>(
        &self,
        interest: Interest,
        f: impl FnMut() -> io::Result<R>,
    ) -> io::Result<R> {
        self.io.registration().async_io(interest, f).await
    }

    /// Whether `SO_BROADCAST` is set.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// assert!(!a.broadcast()?);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn broadcast(&self) -> io::Result<bool> {
        self.io.get_ref().broadcast()
    }

    /// Allows (or forbids) sending to broadcast addresses
    /// (`SO_BROADCAST`).
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.set_broadcast(true)?;
    /// assert!(a.broadcast()?);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn set_broadcast(&self, on: bool) -> io::Result<()> {
        self.io.get_ref().set_broadcast(on)
    }

    /// Whether IPv4 multicast datagrams this socket sends loop back to
    /// local listeners (`IP_MULTICAST_LOOP`).
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.set_multicast_loop_v4(false)?;
    /// assert!(!a.multicast_loop_v4()?);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn multicast_loop_v4(&self) -> io::Result<bool> {
        self.io.get_ref().multicast_loop_v4()
    }

    /// Sets `IP_MULTICAST_LOOP`.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// See [`multicast_loop_v4`](Self::multicast_loop_v4).
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.set_multicast_loop_v4(true)?;
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn set_multicast_loop_v4(&self, on: bool) -> io::Result<()> {
        self.io.get_ref().set_multicast_loop_v4(on)
    }

    /// The time-to-live of outgoing IPv4 multicast datagrams
    /// (`IP_MULTICAST_TTL`; 1 by default: the local network only).
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// assert_eq!(a.multicast_ttl_v4()?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn multicast_ttl_v4(&self) -> io::Result<u32> {
        self.io.get_ref().multicast_ttl_v4()
    }

    /// Sets `IP_MULTICAST_TTL`.
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.set_multicast_ttl_v4(4)?;
    /// assert_eq!(a.multicast_ttl_v4()?, 4);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn set_multicast_ttl_v4(&self, ttl: u32) -> io::Result<()> {
        self.io.get_ref().set_multicast_ttl_v4(ttl)
    }

    /// Whether IPv6 multicast datagrams loop back
    /// (`IPV6_MULTICAST_LOOP`; IPv6 sockets only).
    ///
    /// # Errors
    ///
    /// The OS's (an IPv4 socket).
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// if let Ok(a) = UdpSocket::bind("[::1]:0").await {
    ///     a.set_multicast_loop_v6(false)?;
    ///     assert!(!a.multicast_loop_v6()?);
    /// }
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn multicast_loop_v6(&self) -> io::Result<bool> {
        self.io.get_ref().multicast_loop_v6()
    }

    /// Sets `IPV6_MULTICAST_LOOP`.
    ///
    /// # Errors
    ///
    /// The OS's (an IPv4 socket).
    ///
    /// # Examples
    ///
    /// See [`multicast_loop_v6`](Self::multicast_loop_v6).
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// if let Ok(a) = UdpSocket::bind("[::1]:0").await {
    ///     a.set_multicast_loop_v6(true)?;
    /// }
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn set_multicast_loop_v6(&self, on: bool) -> io::Result<()> {
        self.io.get_ref().set_multicast_loop_v6(on)
    }

    /// The IP time-to-live of outgoing datagrams (`IP_TTL`).
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// a.set_ttl(60)?;
    /// assert_eq!(a.ttl()?, 60);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn ttl(&self) -> io::Result<u32> {
        self.io.get_ref().ttl()
    }

    /// Sets `IP_TTL`.
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
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// assert!(a.set_ttl(256).is_err());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn set_ttl(&self, ttl: u32) -> io::Result<()> {
        self.io.get_ref().set_ttl(ttl)
    }

    /// Joins the IPv4 multicast group `multiaddr` on the interface with
    /// address `interface` (`Ipv4Addr::UNSPECIFIED`: the OS picks).
    ///
    /// # Errors
    ///
    /// The OS's (`multiaddr` not a multicast address, no such interface).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::net::Ipv4Addr;
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("0.0.0.0:0").await?;
    /// let group = Ipv4Addr::new(239, 255, 0, 1);
    /// // Hosts without a multicast-capable interface refuse: not a bug here.
    /// if a.join_multicast_v4(group, Ipv4Addr::LOCALHOST).is_ok() {
    ///     a.leave_multicast_v4(group, Ipv4Addr::LOCALHOST)?;
    /// }
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn join_multicast_v4(&self, multiaddr: Ipv4Addr, interface: Ipv4Addr) -> io::Result<()> {
        self.io.get_ref().join_multicast_v4(&multiaddr, &interface)
    }

    /// Joins the IPv6 multicast group `multiaddr` on the interface with
    /// index `interface` (0: the OS picks).
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::net::Ipv6Addr;
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// if let Ok(a) = UdpSocket::bind("[::]:0").await {
    ///     let group: Ipv6Addr = "ff02::1:3".parse().unwrap();
    ///     if a.join_multicast_v6(&group, 0).is_ok() {
    ///         a.leave_multicast_v6(&group, 0)?;
    ///     }
    /// }
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn join_multicast_v6(&self, multiaddr: &Ipv6Addr, interface: u32) -> io::Result<()> {
        self.io.get_ref().join_multicast_v6(multiaddr, interface)
    }

    /// Leaves an IPv4 multicast group joined with
    /// [`join_multicast_v4`](Self::join_multicast_v4).
    ///
    /// # Errors
    ///
    /// The OS's (`AddrNotAvailable`-style errors when not a member).
    ///
    /// # Examples
    ///
    /// See [`join_multicast_v4`](Self::join_multicast_v4).
    ///
    /// ```
    /// use std::net::Ipv4Addr;
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("0.0.0.0:0").await?;
    /// // Not a member: refused.
    /// assert!(a.leave_multicast_v4(Ipv4Addr::new(239, 255, 0, 2), Ipv4Addr::UNSPECIFIED).is_err());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn leave_multicast_v4(&self, multiaddr: Ipv4Addr, interface: Ipv4Addr) -> io::Result<()> {
        self.io.get_ref().leave_multicast_v4(&multiaddr, &interface)
    }

    /// Leaves an IPv6 multicast group joined with
    /// [`join_multicast_v6`](Self::join_multicast_v6).
    ///
    /// # Errors
    ///
    /// The OS's.
    ///
    /// # Examples
    ///
    /// See [`join_multicast_v6`](Self::join_multicast_v6).
    ///
    /// ```
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// if let Ok(a) = UdpSocket::bind("[::]:0").await {
    ///     assert!(a.leave_multicast_v6(&"ff02::1:4".parse().unwrap(), 0).is_err());
    /// }
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn leave_multicast_v6(&self, multiaddr: &Ipv6Addr, interface: u32) -> io::Result<()> {
        self.io.get_ref().leave_multicast_v6(multiaddr, interface)
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
    /// # use rt_net::UdpSocket;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let a = UdpSocket::bind("127.0.0.1:0").await?;
    /// assert!(a.take_error()?.is_none());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        self.io.get_ref().take_error()
    }
}

impl TryFrom<std::net::UdpSocket> for UdpSocket {
    type Error = io::Error;

    /// As [`UdpSocket::from_std`].
    #[track_caller]
    fn try_from(socket: std::net::UdpSocket) -> io::Result<UdpSocket> {
        UdpSocket::from_std(socket)
    }
}

impl AsRawFd for UdpSocket {
    fn as_raw_fd(&self) -> RawFd {
        self.io.get_ref().as_raw_fd()
    }
}

impl AsFd for UdpSocket {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.io.get_ref().as_fd()
    }
}

impl fmt::Debug for UdpSocket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UdpSocket")
            .field("local_addr", &self.local_addr().ok())
            .field("fd", &self.as_raw_fd())
            .finish()
    }
}
