//! [`RtIo`]: one adapter between rt's I/O traits and hyper's, both ways.
//!
//! # Buffers
//!
//! hyper's [`Read`](hyper::rt::Read) hands the reader a
//! [`ReadBufCursor`](hyper::rt::ReadBufCursor) over memory that may be
//! uninitialised; rt's [`AsyncRead`] takes an [`rt_io::ReadBuf`], which
//! tracks the same thing. Each direction lends the unfilled part of the
//! caller's buffer to the other kind of buffer, lets the inner reader fill
//! it, and reports back how many bytes were filled. The `SAFETY` comments
//! below cite these rules:
//!
//! 1. **No de-initialisation.** Neither buffer type lets safe code write
//!    uninitialised bytes into it (rule 3 of `rt_io::ReadBuf`; the contract
//!    of `ReadBufCursor::as_mut` for hyper). So lending an *initialised*
//!    region to a buffer that starts out believing it is uninitialised is
//!    sound: the worst outcome is that the reader zeroes bytes again.
//! 2. **Filled is initialised.** A buffer's filled part is always
//!    initialised (rule 2 of `rt_io::ReadBuf`; hyper's `ReadBuf` keeps
//!    `filled <= init` the same way). The lent buffer starts with nothing
//!    filled, at the start of the caller's unfilled region, so after the
//!    read its `filled().len()` bytes are exactly the first bytes of that
//!    region, written and initialised.
//! 3. **Structural pinning.** `RtIo<T>` pins `T` structurally: a pinned
//!    `RtIo` never hands out `&mut T` or moves `T` (the `&mut self`
//!    accessors need an unpinned `RtIo`, which a pinned one gives only when
//!    `T: Unpin`), and `RtIo` has no `Drop` impl.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use rt_io::{AsyncRead, AsyncWrite};

/// Adapts an I/O object between rt's traits and hyper's.
///
/// - For `T:` [`rt_io::AsyncRead`] / [`rt_io::AsyncWrite`] (an
///   `rt::net::TcpStream`, a `UnixStream`, an `rt::io::DuplexStream`...),
///   `RtIo<T>` is a [`hyper::rt::Read`] / [`hyper::rt::Write`], which is
///   what hyper's `serve_connection` and `handshake` take.
/// - For `T:` [`hyper::rt::Read`] / [`hyper::rt::Write`] (hyper's
///   `upgrade::Upgraded`, for one), `RtIo<T>` is an rt
///   [`AsyncRead`] / [`AsyncWrite`], so rt's `AsyncReadExt`,
///   `copy_bidirectional` and friends work on it.
///
/// Reads pass hyper's possibly uninitialised buffers through without
/// zeroing them (whether the inner reader zeroes is its own business);
/// writes, flushes, shutdowns and vectored writes are forwarded as they
/// are.
///
/// # Examples
///
/// An HTTP/1.1 exchange over an in-memory pipe: the server end and the
/// client end are each an rt stream wrapped in `RtIo`.
///
/// ```
/// use hyper::{body::Incoming, service::service_fn, Request, Response};
/// use rt_hyper::RtIo;
///
/// let rt = rt::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let (client, server) = rt::io::duplex(4096);
///     rt::spawn(async move {
///         let hello = service_fn(|_req: Request<Incoming>| async {
///             Ok::<_, std::convert::Infallible>(Response::new(String::from("hello")))
///         });
///         hyper::server::conn::http1::Builder::new()
///             .serve_connection(RtIo::new(server), hello)
///             .await
///             .unwrap();
///     });
///
///     let (mut sender, conn) = hyper::client::conn::http1::handshake::<_, String>(RtIo::new(client))
///         .await
///         .unwrap();
///     rt::spawn(conn);
///     let req = Request::get("/").header("host", "example").body(String::new()).unwrap();
///     let res = sender.send_request(req).await.unwrap();
///     assert_eq!(res.status(), 200);
/// });
/// ```
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RtIo<T> {
    /// Structurally pinned (rule 3).
    inner: T,
}

impl<T> RtIo<T> {
    /// Wraps `inner`.
    ///
    /// ```
    /// let io = rt_hyper::RtIo::new(std::io::empty());
    /// # let _ = io;
    /// ```
    pub const fn new(inner: T) -> RtIo<T> {
        RtIo { inner }
    }

    /// The wrapped I/O object.
    ///
    /// ```
    /// let io = rt_hyper::RtIo::new(vec![1u8, 2]);
    /// assert_eq!(io.inner(), &[1, 2]);
    /// ```
    pub const fn inner(&self) -> &T {
        &self.inner
    }

    /// The wrapped I/O object, mutably.
    ///
    /// ```
    /// let mut io = rt_hyper::RtIo::new(Vec::<u8>::new());
    /// io.inner_mut().push(7);
    /// assert_eq!(io.inner(), &[7]);
    /// ```
    pub fn inner_mut(&mut self) -> &mut T {
        &mut self.inner
    }

    /// Unwraps the I/O object.
    ///
    /// ```
    /// let io = rt_hyper::RtIo::new(String::from("x"));
    /// assert_eq!(io.into_inner(), "x");
    /// ```
    pub fn into_inner(self) -> T {
        self.inner
    }

    /// The pinned wrapped object.
    fn project(self: Pin<&mut Self>) -> Pin<&mut T> {
        // SAFETY: `inner` is structurally pinned (rule 3): it is never moved
        // out of a pinned `RtIo`, and no `&mut T` is handed out from one.
        unsafe { self.map_unchecked_mut(|io| &mut io.inner) }
    }
}

impl<T> From<T> for RtIo<T> {
    /// Wraps `inner`, as [`RtIo::new`].
    ///
    /// ```
    /// let io: rt_hyper::RtIo<_> = std::io::sink().into();
    /// # let _ = io;
    /// ```
    fn from(inner: T) -> RtIo<T> {
        RtIo::new(inner)
    }
}

/// rt reader → hyper reader.
impl<T: AsyncRead> hyper::rt::Read for RtIo<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        mut buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        // SAFETY: the region goes only to an `rt_io::ReadBuf`, through which
        // no byte is de-initialised (rule 1).
        let unfilled = unsafe { buf.as_mut() };
        let mut lent = rt_io::ReadBuf::uninit(unfilled);
        ready!(self.project().poll_read(cx, &mut lent))?;
        let n = lent.filled().len();
        // SAFETY: the first `n` bytes of the cursor's region are `lent`'s
        // filled part, hence initialised (rule 2); `n` is at most the
        // region's length, so `filled` stays within the buffer.
        unsafe { buf.advance(n) };
        Poll::Ready(Ok(()))
    }
}

/// rt writer → hyper writer.
impl<T: AsyncWrite> hyper::rt::Write for RtIo<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.project().poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.project().poll_write_vectored(cx, bufs)
    }
}

/// hyper reader → rt reader.
impl<T: hyper::rt::Read> AsyncRead for RtIo<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut rt_io::ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        // SAFETY: the region goes only to a `hyper::rt::ReadBuf`, through
        // which no byte is de-initialised (rule 1).
        let unfilled = unsafe { buf.unfilled_mut() };
        let mut lent = hyper::rt::ReadBuf::uninit(unfilled);
        ready!(self.project().poll_read(cx, lent.unfilled()))?;
        let n = lent.filled().len();
        // SAFETY: the first `n` unfilled bytes of `buf` are `lent`'s filled
        // part, hence initialised (rule 2).
        unsafe { buf.assume_init(n) };
        // Within the initialised part now, so `advance` cannot panic.
        buf.advance(n);
        Poll::Ready(Ok(()))
    }
}

/// hyper writer → rt writer.
impl<T: hyper::rt::Write> AsyncWrite for RtIo<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.project().poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.project().poll_write_vectored(cx, bufs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::MaybeUninit;
    use std::task::Waker;

    /// An rt reader that yields its bytes `chunk` at a time, through
    /// `unfilled_mut` + `assume_init` (no zeroing), as a socket would.
    struct Chunks {
        data: &'static [u8],
        chunk: usize,
    }

    impl AsyncRead for Chunks {
        fn poll_read(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
            buf: &mut rt_io::ReadBuf<'_>,
        ) -> Poll<io::Result<()>> {
            let n = self.chunk.min(self.data.len()).min(buf.remaining());
            // SAFETY: only initialised bytes are written, then declared.
            unsafe {
                for (dst, &b) in buf.unfilled_mut().iter_mut().zip(&self.data[..n]) {
                    dst.write(b);
                }
                buf.assume_init(n);
            }
            buf.advance(n);
            self.data = &self.data[n..];
            Poll::Ready(Ok(()))
        }
    }

    fn cx() -> Context<'static> {
        Context::from_waker(Waker::noop())
    }

    #[test]
    fn rt_reader_fills_hyper_buffer_after_what_is_filled() {
        let mut io = RtIo::new(Chunks {
            data: b"hello world",
            chunk: 5,
        });
        let mut storage = [MaybeUninit::<u8>::uninit(); 8];
        let mut buf = hyper::rt::ReadBuf::uninit(&mut storage);
        for _ in 0..2 {
            let poll = hyper::rt::Read::poll_read(Pin::new(&mut io), &mut cx(), buf.unfilled());
            assert!(matches!(poll, Poll::Ready(Ok(()))));
        }
        // The second read had room for 3 bytes only.
        assert_eq!(buf.filled(), b"hello wo");
        let poll = hyper::rt::Read::poll_read(Pin::new(&mut io), &mut cx(), buf.unfilled());
        assert!(matches!(poll, Poll::Ready(Ok(()))));
        assert_eq!(buf.filled(), b"hello wo", "a full buffer reads nothing");
    }

    #[test]
    fn hyper_reader_fills_rt_buffer_both_ways_round() {
        // rt → hyper → rt: the outer `RtIo` sees a hyper reader.
        let mut io = RtIo::new(RtIo::new(Chunks {
            data: b"abcdefg",
            chunk: 3,
        }));
        let mut storage = [MaybeUninit::<u8>::uninit(); 16];
        let mut buf = rt_io::ReadBuf::uninit(&mut storage);
        buf.put_slice(b">");
        loop {
            let before = buf.filled().len();
            let poll = AsyncRead::poll_read(Pin::new(&mut io), &mut cx(), &mut buf);
            assert!(matches!(poll, Poll::Ready(Ok(()))));
            if buf.filled().len() == before {
                break; // EOF
            }
        }
        assert_eq!(buf.filled(), b">abcdefg");
        assert_eq!(buf.initialized().len(), 8);
    }

    /// An rt reader that zeroes the whole unfilled part before writing
    /// (`initialize_unfilled`), as a reader over `std::io::Read` does.
    struct Zeroing(&'static [u8]);

    impl AsyncRead for Zeroing {
        fn poll_read(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
            buf: &mut rt_io::ReadBuf<'_>,
        ) -> Poll<io::Result<()>> {
            let dst = buf.initialize_unfilled();
            let n = dst.len().min(self.0.len());
            dst[..n].copy_from_slice(&self.0[..n]);
            buf.advance(n);
            Poll::Ready(Ok(()))
        }
    }

    #[test]
    fn initialised_bytes_stay_initialised() {
        // A hyper buffer that starts initialised, lent as uninitialised: a
        // zeroing reader zeroes it again (rule 1's worst case), and the
        // bytes past the filled part are zero, never garbage.
        let mut io = RtIo::new(Zeroing(b"xy"));
        let mut bytes = [9u8; 6];
        let mut buf = hyper::rt::ReadBuf::new(&mut bytes);
        let poll = hyper::rt::Read::poll_read(Pin::new(&mut io), &mut cx(), buf.unfilled());
        assert!(matches!(poll, Poll::Ready(Ok(()))));
        assert_eq!(buf.filled(), b"xy");
        assert_eq!(bytes, [b'x', b'y', 0, 0, 0, 0]);
    }

    #[test]
    fn writes_are_forwarded_both_ways() {
        let mut io = RtIo::new(RtIo::new(Vec::<u8>::new()));
        let slices = [io::IoSlice::new(b"ab"), io::IoSlice::new(b"cd")];
        let poll = AsyncWrite::poll_write_vectored(Pin::new(&mut io), &mut cx(), &slices);
        assert!(matches!(poll, Poll::Ready(Ok(4))));
        assert!(AsyncWrite::is_write_vectored(&io));
        let poll = AsyncWrite::poll_write(Pin::new(&mut io), &mut cx(), b"e");
        assert!(matches!(poll, Poll::Ready(Ok(1))));
        assert!(AsyncWrite::poll_flush(Pin::new(&mut io), &mut cx()).is_ready());
        assert!(AsyncWrite::poll_shutdown(Pin::new(&mut io), &mut cx()).is_ready());
        assert_eq!(io.into_inner().into_inner(), b"abcde");
    }
}
