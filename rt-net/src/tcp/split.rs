//! [`TcpStream::split`]: borrowed halves.
//!
//! Both halves are `&TcpStream`: every stream operation they need takes
//! `&self` (the socket is full-duplex and each readiness direction has
//! its own waker slot), so no lock and no allocation are involved.

use super::stream::TcpStream;
use rt_io::{AsyncRead, AsyncWrite, Interest, ReadBuf, Ready};
use std::io::{self, IoSlice, IoSliceMut};
use std::net::{Shutdown, SocketAddr};
use std::pin::Pin;
use std::task::{Context, Poll};

/// The read half of a [`TcpStream`], borrowed by
/// [`TcpStream::split`].
///
/// Reads through it are reads of the stream; its `AsyncRead`
/// implementation is the stream's.
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
/// client.write_all(b"hi").await?;
/// let (mut rd, _wr) = server.split();
/// let mut buf = [0u8; 2];
/// rd.read_exact(&mut buf).await?;
/// assert_eq!(&buf, b"hi");
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
#[derive(Debug)]
pub struct ReadHalf<'a>(&'a TcpStream);

/// The write half of a [`TcpStream`], borrowed by
/// [`TcpStream::split`].
///
/// Its `poll_shutdown` shuts the stream's write side down (sends FIN).
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
/// let (_rd, mut wr) = client.split();
/// wr.write_all(b"bye").await?;
/// wr.shutdown().await?;
/// let mut got = Vec::new();
/// server.read_to_end(&mut got).await?;
/// assert_eq!(got, b"bye");
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
#[derive(Debug)]
pub struct WriteHalf<'a>(&'a TcpStream);

pub(crate) fn split(stream: &mut TcpStream) -> (ReadHalf<'_>, WriteHalf<'_>) {
    (ReadHalf(stream), WriteHalf(stream))
}

impl ReadHalf<'_> {
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
    /// use rt_net::{TcpListener, TcpStream};
    /// use std::future::poll_fn;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (mut server, _) = listener.accept().await?;
    /// client.write_all(b"?").await?;
    /// let (mut rd, _) = server.split();
    /// let mut storage = [0u8; 1];
    /// let mut buf = ReadBuf::new(&mut storage);
    /// assert_eq!(poll_fn(|cx| rd.poll_peek(cx, &mut buf)).await?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn poll_peek(
        &mut self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<usize>> {
        self.0.poll_peek(cx, buf)
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
    /// use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (mut server, _) = listener.accept().await?;
    /// client.write_all(b"p").await?;
    /// let (mut rd, _) = server.split();
    /// let mut buf = [0u8; 1];
    /// assert_eq!(rd.peek(&mut buf).await?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn peek(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.peek(buf).await
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
    /// use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (mut server, _) = listener.accept().await?;
    /// drop(client);
    /// let (rd, _) = server.split();
    /// assert!(rd.ready(Interest::READABLE).await?.is_read_closed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn ready(&self, interest: Interest) -> io::Result<Ready> {
        self.0.ready(interest).await
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
    /// use rt_io::AsyncWriteExt;
    /// use rt_net::{TcpListener, TcpStream};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (mut server, _) = listener.accept().await?;
    /// client.write_all(b"r").await?;
    /// let (rd, _) = server.split();
    /// rd.readable().await?;
    /// assert_eq!(rd.try_read(&mut [0u8; 1])?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn readable(&self) -> io::Result<()> {
        self.0.readable().await
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
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (rd, _) = client.split();
    /// let err = rd.try_read(&mut [0u8; 1]).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_read(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.try_read(buf)
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
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (rd, _) = client.split();
    /// let mut buf = [0u8; 1];
    /// let err = rd.try_read_vectored(&mut [std::io::IoSliceMut::new(&mut buf)]).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_read_vectored(&self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
        self.0.try_read_vectored(bufs)
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
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (rd, _) = client.split();
    /// assert_eq!(rd.peer_addr()?, listener.local_addr()?);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.0.peer_addr()
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
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let expected = client.local_addr()?;
    /// let (rd, _) = client.split();
    /// assert_eq!(rd.local_addr()?, expected);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

impl WriteHalf<'_> {
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
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (_, wr) = client.split();
    /// assert!(wr.ready(Interest::WRITABLE).await?.is_writable());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn ready(&self, interest: Interest) -> io::Result<Ready> {
        self.0.ready(interest).await
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
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (_, wr) = client.split();
    /// wr.writable().await?;
    /// assert_eq!(wr.try_write(b"w")?, 1);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub async fn writable(&self) -> io::Result<()> {
        self.0.writable().await
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
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (_, wr) = client.split();
    /// wr.writable().await?;
    /// assert_eq!(wr.try_write(b"ab")?, 2);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_write(&self, buf: &[u8]) -> io::Result<usize> {
        self.0.try_write(buf)
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
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (_, wr) = client.split();
    /// wr.writable().await?;
    /// assert_eq!(wr.try_write_vectored(&[IoSlice::new(b"a"), IoSlice::new(b"b")])?, 2);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn try_write_vectored(&self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        self.0.try_write_vectored(bufs)
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
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (_, wr) = client.split();
    /// assert_eq!(wr.peer_addr()?, listener.local_addr()?);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.0.peer_addr()
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
    /// let mut client = TcpStream::connect(listener.local_addr()?).await?;
    /// let expected = client.local_addr()?;
    /// let (_, wr) = client.split();
    /// assert_eq!(wr.local_addr()?, expected);
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

impl AsRef<TcpStream> for ReadHalf<'_> {
    fn as_ref(&self) -> &TcpStream {
        self.0
    }
}

impl AsRef<TcpStream> for WriteHalf<'_> {
    fn as_ref(&self) -> &TcpStream {
        self.0
    }
}
