//! [`AsyncWrite`] and its implementations for std and pointer types.

use std::io::{self, IoSlice};
use std::ops::DerefMut;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Writes bytes to a sink, asynchronously.
///
/// The asynchronous counterpart of [`std::io::Write`]. Most code uses the
/// [`AsyncWriteExt`](crate::AsyncWriteExt) methods rather than calling the
/// `poll_*` methods directly.
///
/// # Examples
///
/// A writer that counts bytes:
///
/// ```
/// use rt_io::{AsyncWrite, AsyncWriteExt};
/// use std::pin::Pin;
/// use std::task::{Context, Poll};
///
/// #[derive(Default)]
/// struct Counter(usize);
///
/// impl AsyncWrite for Counter {
///     fn poll_write(
///         mut self: Pin<&mut Self>,
///         _cx: &mut Context<'_>,
///         buf: &[u8],
///     ) -> Poll<std::io::Result<usize>> {
///         self.0 += buf.len();
///         Poll::Ready(Ok(buf.len()))
///     }
///     fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
///         Poll::Ready(Ok(()))
///     }
///     fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
///         Poll::Ready(Ok(()))
///     }
/// }
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut c = Counter::default();
///     c.write_all(b"hello").await.unwrap();
///     assert_eq!(c.0, 5);
/// });
/// ```
pub trait AsyncWrite {
    /// Attempts to write bytes from `buf`, returning how many were written.
    ///
    /// `Ok(0)` for a non-empty `buf` means the sink can accept no more
    /// (it is closed). `Poll::Pending` means the sink is not ready: the
    /// task in `cx` will be woken when it may be.
    ///
    /// Calling it by hand, as a combinator does:
    ///
    /// ```
    /// use rt_io::AsyncWrite;
    /// use std::future::poll_fn;
    /// use std::pin::Pin;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut storage = [0u8; 4];
    ///     let mut dst = std::io::Cursor::new(&mut storage[..]);
    ///     let n = poll_fn(|cx| Pin::new(&mut dst).poll_write(cx, b"hello")).await.unwrap();
    ///     assert_eq!(n, 4, "a short write: only 4 bytes of room");
    ///     assert_eq!(&storage, b"hell");
    /// });
    /// ```
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>>;

    /// Attempts to flush buffered data to its destination.
    ///
    /// ```
    /// use rt_io::{AsyncWrite, AsyncWriteExt, BufWriter};
    /// use std::future::poll_fn;
    /// use std::pin::Pin;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut w = BufWriter::new(Vec::new());
    ///     w.write_all(b"buffered").await.unwrap();
    ///     assert!(w.get_ref().is_empty(), "still in the BufWriter");
    ///     poll_fn(|cx| Pin::new(&mut w).poll_flush(cx)).await.unwrap();
    ///     assert_eq!(w.get_ref().as_slice(), b"buffered");
    /// });
    /// ```
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;

    /// Initiates or attempts to complete a shutdown of the write side:
    /// flushes, then closes (for a socket, sends FIN). After success, the
    /// sink accepts no more writes.
    ///
    /// ```
    /// use rt_io::{AsyncReadExt, AsyncWrite, AsyncWriteExt};
    /// use std::future::poll_fn;
    /// use std::pin::Pin;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let (mut a, mut b) = rt_io::duplex(64);
    ///     a.write_all(b"last words").await.unwrap();
    ///     poll_fn(|cx| Pin::new(&mut a).poll_shutdown(cx)).await.unwrap();
    ///     // The other end reads what was written, then end of file.
    ///     let mut got = String::new();
    ///     b.read_to_string(&mut got).await.unwrap();
    ///     assert_eq!(got, "last words");
    /// });
    /// ```
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;

    /// Like [`poll_write`](AsyncWrite::poll_write), from several buffers.
    ///
    /// The default writes the first non-empty buffer only; writers with a
    /// real vectored write override it and
    /// [`is_write_vectored`](AsyncWrite::is_write_vectored).
    ///
    /// ```
    /// use rt_io::AsyncWrite;
    /// use std::future::poll_fn;
    /// use std::io::IoSlice;
    /// use std::pin::Pin;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut dst = Vec::new();
    ///     let bufs = [IoSlice::new(b"head "), IoSlice::new(b"body")];
    ///     let n = poll_fn(|cx| Pin::new(&mut dst).poll_write_vectored(cx, &bufs)).await.unwrap();
    ///     assert_eq!(n, 9, "a Vec takes every slice at once");
    ///     assert_eq!(dst, b"head body");
    /// });
    /// ```
    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let buf = bufs
            .iter()
            .find(|b| !b.is_empty())
            .map_or(&[][..], |b| &**b);
        self.poll_write(cx, buf)
    }

    /// Whether this writer has an efficient
    /// [`poll_write_vectored`](AsyncWrite::poll_write_vectored). Default
    /// `false`.
    ///
    /// ```
    /// use rt_io::AsyncWrite;
    ///
    /// assert!(AsyncWrite::is_write_vectored(&Vec::<u8>::new()));
    /// assert!(!AsyncWrite::is_write_vectored(&rt_io::sink()), "the default");
    /// ```
    fn is_write_vectored(&self) -> bool {
        false
    }
}

macro_rules! deref_async_write {
    () => {
        fn poll_write(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &[u8],
        ) -> Poll<io::Result<usize>> {
            Pin::new(&mut **self).poll_write(cx, buf)
        }

        fn poll_write_vectored(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            bufs: &[IoSlice<'_>],
        ) -> Poll<io::Result<usize>> {
            Pin::new(&mut **self).poll_write_vectored(cx, bufs)
        }

        fn is_write_vectored(&self) -> bool {
            (**self).is_write_vectored()
        }

        fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            Pin::new(&mut **self).poll_flush(cx)
        }

        fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            Pin::new(&mut **self).poll_shutdown(cx)
        }
    };
}

impl<T: ?Sized + AsyncWrite + Unpin> AsyncWrite for Box<T> {
    deref_async_write!();
}

impl<T: ?Sized + AsyncWrite + Unpin> AsyncWrite for &mut T {
    deref_async_write!();
}

impl<P> AsyncWrite for Pin<P>
where
    P: DerefMut + Unpin,
    P::Target: AsyncWrite,
{
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.get_mut().as_mut().poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.get_mut().as_mut().poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        (**self).is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().as_mut().poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().as_mut().poll_shutdown(cx)
    }
}

impl AsyncWrite for Vec<u8> {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.get_mut().extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let total = bufs.iter().map(|b| b.len()).sum();
        this.reserve(total);
        for b in bufs {
            this.extend_from_slice(b);
        }
        Poll::Ready(Ok(total))
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

// std implements `Write` for these cursors (writes past the end of a
// fixed slice are short; `Vec`-backed cursors grow), so the async versions
// are immediate delegations.
macro_rules! cursor_async_write {
    ($($ty:ty),*) => {$(
        impl AsyncWrite for io::Cursor<$ty> {
            fn poll_write(
                self: Pin<&mut Self>,
                _cx: &mut Context<'_>,
                buf: &[u8],
            ) -> Poll<io::Result<usize>> {
                Poll::Ready(io::Write::write(self.get_mut(), buf))
            }

            fn poll_write_vectored(
                self: Pin<&mut Self>,
                _cx: &mut Context<'_>,
                bufs: &[IoSlice<'_>],
            ) -> Poll<io::Result<usize>> {
                Poll::Ready(io::Write::write_vectored(self.get_mut(), bufs))
            }

            fn is_write_vectored(&self) -> bool {
                true
            }

            fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
                Poll::Ready(io::Write::flush(self.get_mut()))
            }

            fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
                self.poll_flush(cx)
            }
        }
    )*};
}

cursor_async_write!(&mut [u8], &mut Vec<u8>, Vec<u8>, Box<[u8]>);
