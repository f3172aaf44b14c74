//! [`AsyncRead`] and its implementations for std and pointer types.

use crate::read_buf::ReadBuf;
use std::io;
use std::ops::DerefMut;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Reads bytes from a source, asynchronously.
///
/// The asynchronous counterpart of [`std::io::Read`]: instead of blocking,
/// [`poll_read`](AsyncRead::poll_read) returns `Poll::Pending` and arranges
/// for the task to be woken when the source may be readable again. Most
/// code uses the [`AsyncReadExt`](crate::AsyncReadExt) methods rather than
/// calling `poll_read` directly.
///
/// # Examples
///
/// A reader that yields the same byte forever:
///
/// ```
/// use rt_io::{AsyncRead, AsyncReadExt, ReadBuf};
/// use std::pin::Pin;
/// use std::task::{Context, Poll};
///
/// struct Sevens;
///
/// impl AsyncRead for Sevens {
///     fn poll_read(
///         self: Pin<&mut Self>,
///         _cx: &mut Context<'_>,
///         buf: &mut ReadBuf<'_>,
///     ) -> Poll<std::io::Result<()>> {
///         buf.initialize_unfilled().fill(7);
///         buf.advance(buf.remaining());
///         Poll::Ready(Ok(()))
///     }
/// }
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut three = [0u8; 3];
///     Sevens.read_exact(&mut three).await.unwrap();
///     assert_eq!(three, [7, 7, 7]);
/// });
/// ```
pub trait AsyncRead {
    /// Attempts to read into `buf`.
    ///
    /// On success returns `Poll::Ready(Ok(()))` with the bytes read
    /// appended to `buf`'s filled part; if nothing was appended (and `buf`
    /// had room), the source reached end of file. `Poll::Pending` means no
    /// data is available yet: the task in `cx` will be woken when there
    /// may be.
    ///
    /// Calling it by hand, as a combinator does:
    ///
    /// ```
    /// use rt_io::{AsyncRead, ReadBuf};
    /// use std::future::poll_fn;
    /// use std::pin::Pin;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut src: &[u8] = b"hello";
    ///     let mut storage = [0u8; 3];
    ///     let mut buf = ReadBuf::new(&mut storage);
    ///     poll_fn(|cx| Pin::new(&mut src).poll_read(cx, &mut buf)).await.unwrap();
    ///     assert_eq!(buf.filled(), b"hel", "as much as fits");
    ///     assert_eq!(src, b"lo");
    /// });
    /// ```
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>>;
}

macro_rules! deref_async_read {
    () => {
        fn poll_read(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &mut ReadBuf<'_>,
        ) -> Poll<io::Result<()>> {
            Pin::new(&mut **self).poll_read(cx, buf)
        }
    };
}

impl<T: ?Sized + AsyncRead + Unpin> AsyncRead for Box<T> {
    deref_async_read!();
}

impl<T: ?Sized + AsyncRead + Unpin> AsyncRead for &mut T {
    deref_async_read!();
}

impl<P> AsyncRead for Pin<P>
where
    P: DerefMut + Unpin,
    P::Target: AsyncRead,
{
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.get_mut().as_mut().poll_read(cx, buf)
    }
}

impl AsyncRead for &[u8] {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let n = self.len().min(buf.remaining());
        let (head, tail) = self.split_at(n);
        buf.put_slice(head);
        *self = tail;
        Poll::Ready(Ok(()))
    }
}

impl<T: AsRef<[u8]> + Unpin> AsyncRead for io::Cursor<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let data = self.get_ref().as_ref();
        let start = usize::try_from(self.position())
            .unwrap_or(usize::MAX)
            .min(data.len());
        let n = (data.len() - start).min(buf.remaining());
        buf.put_slice(&data[start..start + n]);
        let pos = self.position() + n as u64;
        self.set_position(pos);
        Poll::Ready(Ok(()))
    }
}
