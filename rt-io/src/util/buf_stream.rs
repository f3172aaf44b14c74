//! [`BufStream`]: read and write buffering on one stream.

use super::buf_reader::BufReader;
use super::buf_writer::BufWriter;
use crate::async_buf_read::AsyncBufRead;
use crate::async_read::AsyncRead;
use crate::async_seek::AsyncSeek;
use crate::async_write::AsyncWrite;
use crate::read_buf::ReadBuf;
use std::io::{self, IoSlice, SeekFrom};
use std::pin::Pin;
use std::task::{Context, Poll};

/// Buffers both directions of a stream: a [`BufReader`] around a
/// [`BufWriter`].
///
/// Like `BufWriter`, it must be flushed (or shut down) for buffered
/// writes to reach the stream; dropping it loses them.
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncBufReadExt, AsyncWriteExt, BufStream};
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let (client, server) = rt_io::duplex(64);
///     let mut client = BufStream::new(client);
///     let mut server = BufStream::new(server);
///     client.write_all(b"ping\n").await.unwrap();
///     client.flush().await.unwrap();
///     let mut line = String::new();
///     server.read_line(&mut line).await.unwrap();
///     assert_eq!(line, "ping\n");
/// });
/// ```
#[derive(Debug)]
pub struct BufStream<RW> {
    inner: BufReader<BufWriter<RW>>,
}

impl<RW: AsyncRead + AsyncWrite> BufStream<RW> {
    /// Wraps `stream` with 8 KiB read and write buffers.
    ///
    /// ```
    /// let (a, _b) = rt_io::duplex(8);
    /// let s = rt_io::BufStream::new(a);
    /// # drop(s);
    /// ```
    pub fn new(stream: RW) -> BufStream<RW> {
        BufStream {
            inner: BufReader::new(BufWriter::new(stream)),
        }
    }

    /// Wraps `stream` with buffers of the given capacities.
    ///
    /// ```
    /// let (a, _b) = rt_io::duplex(8);
    /// let s = rt_io::BufStream::with_capacity(16, 32, a);
    /// # drop(s);
    /// ```
    pub fn with_capacity(
        reader_capacity: usize,
        writer_capacity: usize,
        stream: RW,
    ) -> BufStream<RW> {
        BufStream {
            inner: BufReader::with_capacity(
                reader_capacity,
                BufWriter::with_capacity(writer_capacity, stream),
            ),
        }
    }
}

impl<RW> BufStream<RW> {
    fn project(self: Pin<&mut Self>) -> Pin<&mut BufReader<BufWriter<RW>>> {
        // SAFETY: pin projection rules 1-4 (util/mod.rs): `inner` is the
        // only field, and structural.
        unsafe { self.map_unchecked_mut(|s| &mut s.inner) }
    }

    /// The underlying stream.
    ///
    /// ```
    /// let s = rt_io::BufStream::new(std::io::Cursor::new(Vec::<u8>::new()));
    /// assert_eq!(s.get_ref().position(), 0);
    /// ```
    pub fn get_ref(&self) -> &RW {
        self.inner.get_ref().get_ref()
    }

    /// The underlying stream, mutably; using it directly bypasses the
    /// buffers.
    ///
    /// ```
    /// let mut s = rt_io::BufStream::new(std::io::Cursor::new(Vec::<u8>::new()));
    /// s.get_mut().set_position(0);
    /// ```
    pub fn get_mut(&mut self) -> &mut RW {
        self.inner.get_mut().get_mut()
    }

    /// The underlying stream, pinned.
    ///
    /// ```
    /// let mut s = Box::pin(rt_io::BufStream::new(std::io::Cursor::new(Vec::<u8>::new())));
    /// let _inner = s.as_mut().get_pin_mut();
    /// ```
    pub fn get_pin_mut(self: Pin<&mut Self>) -> Pin<&mut RW> {
        self.project().get_pin_mut().get_pin_mut()
    }

    /// Unwraps the stream; buffered data in both directions is lost.
    ///
    /// ```
    /// let c = rt_io::BufStream::new(std::io::Cursor::new(vec![1u8])).into_inner();
    /// assert_eq!(c.into_inner(), vec![1]);
    /// ```
    pub fn into_inner(self) -> RW {
        self.inner.into_inner().into_inner()
    }
}

impl<RW> From<BufReader<BufWriter<RW>>> for BufStream<RW> {
    fn from(b: BufReader<BufWriter<RW>>) -> Self {
        BufStream { inner: b }
    }
}

impl<RW: AsyncRead + AsyncWrite> AsyncWrite for BufStream<RW> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.project().poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.project().poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().poll_shutdown(cx)
    }
}

impl<RW: AsyncRead + AsyncWrite> AsyncRead for BufStream<RW> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.project().poll_read(cx, buf)
    }
}

impl<RW: AsyncRead + AsyncWrite> AsyncBufRead for BufStream<RW> {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        self.project().poll_fill_buf(cx)
    }

    fn consume(self: Pin<&mut Self>, amt: usize) {
        self.project().consume(amt)
    }
}

impl<RW: AsyncRead + AsyncWrite + AsyncSeek> AsyncSeek for BufStream<RW> {
    /// Seeks the stream: buffered writes are written out and buffered
    /// reads discarded first.
    fn start_seek(self: Pin<&mut Self>, position: SeekFrom) -> io::Result<()> {
        self.project().start_seek(position)
    }

    fn poll_complete(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        self.project().poll_complete(cx)
    }
}
