//! [`copy`]: pump a reader into a writer.

use super::DEFAULT_BUF_SIZE;
use crate::async_read::AsyncRead;
use crate::async_write::AsyncWrite;
use crate::read_buf::ReadBuf;
use std::future::poll_fn;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// The most [`copy`]'s buffer grows to: 64 KiB, eight of its starting
/// 8 KiB. Beyond it a loopback TCP copy gains little more per byte, and a
/// larger buffer only costs memory.
const COPY_MAX_BUF_SIZE: usize = 64 * 1024;

/// The state of one copy direction: a buffer that is filled from the
/// reader and drained into the writer.
///
/// A buffer may grow, doubling up to `max`, while the reader keeps filling
/// it: a read that fills the whole buffer says the reader had at least that
/// much ready, so a bigger buffer moves the same bytes in fewer reads and
/// writes (for a socket, fewer system calls). A reader that returns less
/// than the buffer (small messages, a slow peer) never grows it. The buffer
/// is replaced only when it is empty (everything read has been written), so
/// no byte moves.
#[derive(Debug)]
pub(crate) struct CopyBuffer {
    read_done: bool,
    need_flush: bool,
    /// The last read filled the whole buffer.
    last_read_full: bool,
    pos: usize,
    cap: usize,
    amt: u64,
    /// The size the buffer may grow to; `buf.len()` when it never grows.
    max: usize,
    buf: Box<[u8]>,
}

impl CopyBuffer {
    /// A buffer of `size` bytes (at least 1) that keeps its size.
    pub(crate) fn new(size: usize) -> CopyBuffer {
        CopyBuffer::growing(size, size)
    }

    /// A buffer of `size` bytes (at least 1) that may double, up to `max`,
    /// while reads fill it.
    pub(crate) fn growing(size: usize, max: usize) -> CopyBuffer {
        let size = size.max(1);
        CopyBuffer {
            read_done: false,
            need_flush: false,
            last_read_full: false,
            pos: 0,
            cap: 0,
            amt: 0,
            max: max.max(size),
            buf: vec![0; size].into_boxed_slice(),
        }
    }

    /// Copies until the reader reports EOF and everything read has been
    /// written and flushed; returns the byte count.
    pub(crate) fn poll_copy<R, W>(
        &mut self,
        cx: &mut Context<'_>,
        mut reader: Pin<&mut R>,
        mut writer: Pin<&mut W>,
    ) -> Poll<io::Result<u64>>
    where
        R: AsyncRead + ?Sized,
        W: AsyncWrite + ?Sized,
    {
        loop {
            // One budget unit per round trip, so copying between two
            // always-ready in-memory objects still yields.
            let coop = ready!(rt_core::coop::poll_proceed(cx));
            if self.pos == self.cap && !self.read_done {
                self.pos = 0;
                self.cap = 0;
                if self.last_read_full && self.buf.len() < self.max {
                    // Empty (pos == cap): nothing to carry over.
                    let size = self.buf.len().saturating_mul(2).min(self.max);
                    self.buf = vec![0; size].into_boxed_slice();
                    self.last_read_full = false;
                }
                let mut rb = ReadBuf::new(&mut self.buf);
                match reader.as_mut().poll_read(cx, &mut rb) {
                    Poll::Ready(Ok(())) => {
                        let n = rb.filled().len();
                        if n == 0 {
                            self.read_done = true;
                        } else {
                            self.cap = n;
                        }
                        self.last_read_full = n == self.buf.len();
                    }
                    Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                    Poll::Pending => {
                        // Nothing to read for now: push out what the
                        // writer may be holding before sleeping.
                        if self.need_flush {
                            ready!(writer.as_mut().poll_flush(cx))?;
                            self.need_flush = false;
                        }
                        return Poll::Pending;
                    }
                }
            }
            while self.pos < self.cap {
                let n = ready!(writer
                    .as_mut()
                    .poll_write(cx, &self.buf[self.pos..self.cap]))?;
                if n == 0 {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::WriteZero,
                        "write zero bytes into writer",
                    )));
                }
                self.pos += n;
                self.amt += n as u64;
                self.need_flush = true;
            }
            coop.made_progress();
            if self.pos == self.cap && self.read_done {
                ready!(writer.as_mut().poll_flush(cx))?;
                return Poll::Ready(Ok(self.amt));
            }
        }
    }
}

/// Copies the entire contents of `reader` into `writer`, returning the
/// number of bytes copied.
///
/// Reads until EOF, writing everything read, then flushes `writer`.
///
/// The bytes pass through a heap buffer that starts at 8 KiB, as Tokio's,
/// and doubles, up to 64 KiB, each time a read fills it: a bulk transfer
/// soon moves 64 KiB per read and write, while a reader that delivers less
/// than the buffer (small messages) keeps it at 8 KiB. The buffer never
/// shrinks during one call, so many long-lived copies that each saw a
/// burst hold up to 64 KiB apiece. For a fixed size, wrap the reader in a
/// [`BufReader`](crate::BufReader) of that capacity and use
/// [`copy_buf`](crate::copy_buf), which also avoids the extra copy for any
/// [`AsyncBufRead`](crate::AsyncBufRead) source;
/// [`copy_bidirectional`](crate::copy_bidirectional) keeps two fixed
/// 8 KiB buffers.
///
/// # Errors
///
/// The first error of `reader` or `writer`; `WriteZero` if the writer
/// accepts no more.
///
/// # Cancel safety
///
/// Not cancel safe: bytes read but not yet written when the future is
/// dropped are lost.
///
/// # Examples
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut reader: &[u8] = b"hello";
///     let mut writer: Vec<u8> = Vec::new();
///     let n = rt_io::copy(&mut reader, &mut writer).await.unwrap();
///     assert_eq!((n, &writer[..]), (5, &b"hello"[..]));
/// });
/// ```
pub async fn copy<'a, R, W>(reader: &'a mut R, writer: &'a mut W) -> io::Result<u64>
where
    R: AsyncRead + Unpin + ?Sized,
    W: AsyncWrite + Unpin + ?Sized,
{
    let mut buf = CopyBuffer::growing(DEFAULT_BUF_SIZE, COPY_MAX_BUF_SIZE);
    poll_fn(|cx| buf.poll_copy(cx, Pin::new(&mut *reader), Pin::new(&mut *writer))).await
}
