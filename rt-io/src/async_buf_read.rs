//! [`AsyncBufRead`] and its implementations for std and pointer types.

use crate::async_read::AsyncRead;
use std::io;
use std::ops::DerefMut;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Reads bytes asynchronously from a source with an internal buffer.
///
/// The asynchronous counterpart of [`std::io::BufRead`]: the reader
/// exposes its buffer through [`poll_fill_buf`](AsyncBufRead::poll_fill_buf)
/// and is told how much was used through [`consume`](AsyncBufRead::consume).
/// The line- and delimiter-oriented helpers are in
/// [`AsyncBufReadExt`](crate::AsyncBufReadExt).
///
/// # Examples
///
/// ```
/// use rt_io::AsyncBufReadExt;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut src: &[u8] = b"abc";
///     let buf = src.fill_buf().await.unwrap();
///     assert_eq!(buf, b"abc");
///     src.consume(2);
///     assert_eq!(src, b"c");
/// });
/// ```
pub trait AsyncBufRead: AsyncRead {
    /// Returns the buffered data, filling the buffer from the underlying
    /// source first if it is empty. An empty slice means end of file.
    ///
    /// ```
    /// use rt_io::{AsyncBufRead, BufReader};
    /// use std::future::poll_fn;
    /// use std::pin::Pin;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut r = BufReader::with_capacity(4, &b"abcdef"[..]);
    ///     let len = poll_fn(|cx| Pin::new(&mut r).poll_fill_buf(cx).map_ok(|b| b.len())).await.unwrap();
    ///     assert_eq!(len, 4, "one buffer's worth");
    ///     Pin::new(&mut r).consume(4);
    ///     let rest = poll_fn(|cx| Pin::new(&mut r).poll_fill_buf(cx).map_ok(<[u8]>::to_vec)).await.unwrap();
    ///     assert_eq!(rest, b"ef");
    /// });
    /// ```
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>>;

    /// Marks `amt` bytes of the buffer returned by
    /// [`poll_fill_buf`](AsyncBufRead::poll_fill_buf) as read.
    ///
    /// `amt` must not exceed the length of that buffer.
    ///
    /// ```
    /// use rt_io::{AsyncBufRead, AsyncBufReadExt};
    /// use std::pin::Pin;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut src: &[u8] = b"key=value";
    ///     let head = src.fill_buf().await.unwrap();
    ///     let eq = head.iter().position(|&b| b == b'=').unwrap();
    ///     Pin::new(&mut src).consume(eq + 1);
    ///     assert_eq!(src, b"value");
    /// });
    /// ```
    fn consume(self: Pin<&mut Self>, amt: usize);
}

macro_rules! deref_async_buf_read {
    () => {
        fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
            Pin::new(&mut **self.get_mut()).poll_fill_buf(cx)
        }

        fn consume(mut self: Pin<&mut Self>, amt: usize) {
            Pin::new(&mut **self).consume(amt)
        }
    };
}

impl<T: ?Sized + AsyncBufRead + Unpin> AsyncBufRead for Box<T> {
    deref_async_buf_read!();
}

impl<T: ?Sized + AsyncBufRead + Unpin> AsyncBufRead for &mut T {
    deref_async_buf_read!();
}

impl<P> AsyncBufRead for Pin<P>
where
    P: DerefMut + Unpin,
    P::Target: AsyncBufRead,
{
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        self.get_mut().as_mut().poll_fill_buf(cx)
    }

    fn consume(self: Pin<&mut Self>, amt: usize) {
        self.get_mut().as_mut().consume(amt)
    }
}

impl AsyncBufRead for &[u8] {
    fn poll_fill_buf(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        Poll::Ready(Ok(*self.get_mut()))
    }

    fn consume(mut self: Pin<&mut Self>, amt: usize) {
        *self = &self[amt.min(self.len())..];
    }
}

impl<T: AsRef<[u8]> + Unpin> AsyncBufRead for io::Cursor<T> {
    fn poll_fill_buf(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        let this = self.get_mut();
        let data = this.get_ref().as_ref();
        let start = usize::try_from(this.position())
            .unwrap_or(usize::MAX)
            .min(data.len());
        Poll::Ready(Ok(&data[start..]))
    }

    fn consume(mut self: Pin<&mut Self>, amt: usize) {
        let pos = self.position() + amt as u64;
        self.set_position(pos);
    }
}
