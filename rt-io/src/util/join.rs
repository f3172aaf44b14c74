//! [`join`]: one object from a reader and a writer.

use crate::async_buf_read::AsyncBufRead;
use crate::async_read::AsyncRead;
use crate::async_write::AsyncWrite;
use crate::read_buf::ReadBuf;
use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{Context, Poll};

/// A reader and a writer joined into one object that is both; created by
/// [`join()`].
///
/// ```
/// use rt_io::{AsyncBufReadExt, AsyncWriteExt, Join};
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut io: Join<&[u8], Vec<u8>> = rt_io::join(&b"line one\nline two\n"[..], Vec::new());
///     let mut line = String::new();
///     io.read_line(&mut line).await.unwrap(); // `Join` is buffered when its reader is
///     io.write_all(line.to_uppercase().as_bytes()).await.unwrap();
///     let (_reader, writer) = io.into_inner();
///     assert_eq!(writer, b"LINE ONE\n");
/// });
/// ```
#[derive(Debug)]
pub struct Join<R, W> {
    reader: R,
    writer: W,
}

/// Joins a reader and a writer into one object implementing
/// [`AsyncRead`] (and [`AsyncBufRead`]) through `reader` and
/// [`AsyncWrite`] through `writer` — the inverse of [`split`](crate::split).
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt};
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut both = rt_io::join(&b"in"[..], Vec::new());
///     let mut s = String::new();
///     both.read_to_string(&mut s).await.unwrap();
///     both.write_all(b"out").await.unwrap();
///     let (_r, w) = both.into_inner();
///     assert_eq!((s.as_str(), &w[..]), ("in", &b"out"[..]));
/// });
/// ```
pub fn join<R, W>(reader: R, writer: W) -> Join<R, W>
where
    R: AsyncRead,
    W: AsyncWrite,
{
    Join { reader, writer }
}

impl<R, W> Join<R, W> {
    fn project(self: Pin<&mut Self>) -> (Pin<&mut R>, Pin<&mut W>) {
        // SAFETY: pin projection rules 1-4 (util/mod.rs): `reader` and
        // `writer` are the structural fields.
        let this = unsafe { self.get_unchecked_mut() };
        // SAFETY: as above; both stay pinned in place.
        let r = unsafe { Pin::new_unchecked(&mut this.reader) };
        // SAFETY: as above.
        let w = unsafe { Pin::new_unchecked(&mut this.writer) };
        (r, w)
    }

    /// Splits into the reader and the writer.
    ///
    /// ```
    /// let (r, w) = rt_io::join(&b""[..], Vec::<u8>::new()).into_inner();
    /// assert!(r.is_empty() && w.is_empty());
    /// ```
    pub fn into_inner(self) -> (R, W) {
        (self.reader, self.writer)
    }

    /// The reader.
    ///
    /// ```
    /// let j = rt_io::join(&b"r"[..], Vec::<u8>::new());
    /// assert_eq!(*j.reader(), b"r");
    /// ```
    pub fn reader(&self) -> &R {
        &self.reader
    }

    /// The writer.
    ///
    /// ```
    /// let j = rt_io::join(&b""[..], vec![1u8]);
    /// assert_eq!(j.writer(), &[1]);
    /// ```
    pub fn writer(&self) -> &W {
        &self.writer
    }

    /// The reader, mutably.
    ///
    /// ```
    /// let mut j = rt_io::join(&b""[..], Vec::<u8>::new());
    /// *j.reader_mut() = &b"new"[..];
    /// ```
    pub fn reader_mut(&mut self) -> &mut R {
        &mut self.reader
    }

    /// The writer, mutably.
    ///
    /// ```
    /// let mut j = rt_io::join(&b""[..], Vec::<u8>::new());
    /// j.writer_mut().push(0);
    /// ```
    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.writer
    }

    /// The reader, pinned.
    ///
    /// ```
    /// let mut j = Box::pin(rt_io::join(&b""[..], Vec::<u8>::new()));
    /// let _r = j.as_mut().reader_pin_mut();
    /// ```
    pub fn reader_pin_mut(self: Pin<&mut Self>) -> Pin<&mut R> {
        self.project().0
    }

    /// The writer, pinned.
    ///
    /// ```
    /// let mut j = Box::pin(rt_io::join(&b""[..], Vec::<u8>::new()));
    /// let _w = j.as_mut().writer_pin_mut();
    /// ```
    pub fn writer_pin_mut(self: Pin<&mut Self>) -> Pin<&mut W> {
        self.project().1
    }
}

impl<R: AsyncRead, W> AsyncRead for Join<R, W> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.project().0.poll_read(cx, buf)
    }
}

impl<R, W: AsyncWrite> AsyncWrite for Join<R, W> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.project().1.poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.project().1.poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.writer.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().1.poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().1.poll_shutdown(cx)
    }
}

impl<R: AsyncBufRead, W> AsyncBufRead for Join<R, W> {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        self.project().0.poll_fill_buf(cx)
    }

    fn consume(self: Pin<&mut Self>, amt: usize) {
        self.project().0.consume(amt)
    }
}
