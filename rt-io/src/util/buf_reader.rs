//! [`BufReader`]: adds a read buffer to any reader.

use super::DEFAULT_BUF_SIZE;
use crate::async_buf_read::AsyncBufRead;
use crate::async_read::AsyncRead;
use crate::async_seek::AsyncSeek;
use crate::async_write::AsyncWrite;
use crate::read_buf::ReadBuf;
use std::fmt;
use std::io::{self, IoSlice, SeekFrom};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// Adds buffering to a reader: many small reads become few large ones,
/// and the reader becomes an [`AsyncBufRead`] (lines, delimiters).
///
/// Reads at least as large as the buffer bypass it when it is empty.
/// Writes pass straight through to the inner object. Dropping a
/// `BufReader` drops the data still in its buffer.
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncBufReadExt, BufReader};
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut lines = BufReader::new(&b"a\nb\n"[..]).lines();
///     assert_eq!(lines.next_line().await.unwrap().as_deref(), Some("a"));
/// });
/// ```
pub struct BufReader<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    cap: usize,
    seek_state: SeekState,
}

#[derive(Debug, Clone, Copy)]
enum SeekState {
    /// No seek in flight.
    Init,
    /// `start_seek` was called; the inner seek has not been submitted.
    Start(SeekFrom),
    /// A `Current(n)` seek whose adjustment overflowed: the first of two
    /// inner seeks (back over the buffered remainder) is in flight.
    PendingOverflowed(i64),
    /// The inner seek is in flight.
    Pending,
}

impl<R: AsyncRead> BufReader<R> {
    /// Wraps `inner` with an 8 KiB buffer.
    ///
    /// ```
    /// let r = rt_io::BufReader::new(&b"data"[..]);
    /// assert!(r.buffer().is_empty());
    /// ```
    pub fn new(inner: R) -> BufReader<R> {
        BufReader::with_capacity(DEFAULT_BUF_SIZE, inner)
    }

    /// Wraps `inner` with a buffer of `capacity` bytes.
    ///
    /// ```
    /// let r = rt_io::BufReader::with_capacity(16, &b"data"[..]);
    /// # drop(r);
    /// ```
    pub fn with_capacity(capacity: usize, inner: R) -> BufReader<R> {
        BufReader {
            inner,
            buf: vec![0; capacity].into_boxed_slice(),
            pos: 0,
            cap: 0,
            seek_state: SeekState::Init,
        }
    }
}

struct Proj<'a, R> {
    inner: Pin<&'a mut R>,
    buf: &'a mut [u8],
    pos: &'a mut usize,
    cap: &'a mut usize,
    seek_state: &'a mut SeekState,
}

impl<R> BufReader<R> {
    fn project(self: Pin<&mut Self>) -> Proj<'_, R> {
        // SAFETY: pin projection rules 1-4 (util/mod.rs): `inner` is the
        // only structural field.
        let this = unsafe { self.get_unchecked_mut() };
        Proj {
            // SAFETY: as above; `inner` stays pinned in place.
            inner: unsafe { Pin::new_unchecked(&mut this.inner) },
            buf: &mut this.buf,
            pos: &mut this.pos,
            cap: &mut this.cap,
            seek_state: &mut this.seek_state,
        }
    }

    /// The underlying reader.
    ///
    /// ```
    /// let r = rt_io::BufReader::new(&b"x"[..]);
    /// assert_eq!(*r.get_ref(), b"x");
    /// ```
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// The underlying reader, mutably. Reading from it directly skips the
    /// buffered data.
    ///
    /// ```
    /// let mut r = rt_io::BufReader::new(&b"x"[..]);
    /// *r.get_mut() = &b"y"[..];
    /// ```
    pub fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    /// The underlying reader, pinned.
    ///
    /// ```
    /// let mut r = Box::pin(rt_io::BufReader::new(&b"x"[..]));
    /// let _inner = r.as_mut().get_pin_mut();
    /// ```
    pub fn get_pin_mut(self: Pin<&mut Self>) -> Pin<&mut R> {
        self.project().inner
    }

    /// Unwraps the underlying reader; buffered data is lost.
    ///
    /// ```
    /// let r: &[u8] = rt_io::BufReader::new(&b"x"[..]).into_inner();
    /// assert_eq!(r, b"x");
    /// ```
    pub fn into_inner(self) -> R {
        self.inner
    }

    /// The data buffered but not yet read.
    ///
    /// ```
    /// use rt_io::AsyncBufReadExt;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut r = rt_io::BufReader::new(&b"abc"[..]);
    ///     r.fill_buf().await.unwrap();
    ///     r.consume(1);
    ///     assert_eq!(r.buffer(), b"bc");
    /// });
    /// ```
    pub fn buffer(&self) -> &[u8] {
        &self.buf[self.pos..self.cap]
    }
}

impl<R: AsyncRead> AsyncRead for BufReader<R> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        // Empty buffer and a large read: skip the copy.
        if self.pos == self.cap && buf.remaining() >= self.buf.len() {
            let p = self.as_mut().project();
            *p.pos = 0;
            *p.cap = 0;
            return p.inner.poll_read(cx, buf);
        }
        let available = ready!(self.as_mut().poll_fill_buf(cx))?;
        let n = available.len().min(buf.remaining());
        buf.put_slice(&available[..n]);
        self.consume(n);
        Poll::Ready(Ok(()))
    }
}

impl<R: AsyncRead> AsyncBufRead for BufReader<R> {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        let p = self.project();
        if *p.pos >= *p.cap {
            let mut rb = ReadBuf::new(p.buf);
            ready!(p.inner.poll_read(cx, &mut rb))?;
            // A reader that swapped the ReadBuf cannot make us read past
            // our own buffer: `filled` is clamped to it.
            let n = rb.filled().len().min(rb.capacity());
            *p.cap = n;
            *p.pos = 0;
        }
        Poll::Ready(Ok(&p.buf[*p.pos..*p.cap]))
    }

    fn consume(self: Pin<&mut Self>, amt: usize) {
        let p = self.project();
        *p.pos = (*p.pos + amt).min(*p.cap);
    }
}

impl<R: AsyncRead + AsyncSeek> AsyncSeek for BufReader<R> {
    /// Submits a seek. `SeekFrom::Current` is relative to the *logical*
    /// position (accounting for buffered data). The buffer is discarded.
    fn start_seek(self: Pin<&mut Self>, pos: SeekFrom) -> io::Result<()> {
        let p = self.project();
        if !matches!(p.seek_state, SeekState::Init) {
            return Err(seek_in_progress());
        }
        *p.seek_state = SeekState::Start(pos);
        Ok(())
    }

    fn poll_complete(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        let mut p = self.project();
        loop {
            match *p.seek_state {
                SeekState::Init => {
                    // No seek: report the logical position.
                    let inner_pos = ready!(p.inner.as_mut().poll_complete(cx))?;
                    let buffered = (*p.cap - *p.pos) as u64;
                    return Poll::Ready(Ok(inner_pos.saturating_sub(buffered)));
                }
                SeekState::Start(SeekFrom::Current(n)) => {
                    let remainder = (*p.cap - *p.pos) as i64;
                    match n.checked_sub(remainder) {
                        Some(offset) => {
                            p.inner.as_mut().start_seek(SeekFrom::Current(offset))?;
                            *p.seek_state = SeekState::Pending;
                        }
                        None => {
                            p.inner.as_mut().start_seek(SeekFrom::Current(-remainder))?;
                            *p.seek_state = SeekState::PendingOverflowed(n);
                        }
                    }
                    *p.pos = 0;
                    *p.cap = 0;
                }
                SeekState::Start(pos) => {
                    p.inner.as_mut().start_seek(pos)?;
                    *p.seek_state = SeekState::Pending;
                    *p.pos = 0;
                    *p.cap = 0;
                }
                SeekState::PendingOverflowed(n) => {
                    let res = ready!(p.inner.as_mut().poll_complete(cx));
                    if let Err(e) = res {
                        *p.seek_state = SeekState::Init;
                        return Poll::Ready(Err(e));
                    }
                    *p.seek_state = SeekState::Pending;
                    if let Err(e) = p.inner.as_mut().start_seek(SeekFrom::Current(n)) {
                        *p.seek_state = SeekState::Init;
                        return Poll::Ready(Err(e));
                    }
                }
                SeekState::Pending => {
                    let res = ready!(p.inner.as_mut().poll_complete(cx));
                    *p.seek_state = SeekState::Init;
                    return Poll::Ready(res);
                }
            }
        }
    }
}

pub(crate) fn seek_in_progress() -> io::Error {
    io::Error::other("other seek in progress: call poll_complete before start_seek")
}

impl<R: AsyncRead + AsyncWrite> AsyncWrite for BufReader<R> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.get_pin_mut().poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.get_pin_mut().poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_pin_mut().poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_pin_mut().poll_shutdown(cx)
    }
}

impl<R: fmt::Debug> fmt::Debug for BufReader<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BufReader")
            .field("reader", &self.inner)
            .field(
                "buffer",
                &format_args!("{}/{}", self.cap - self.pos, self.buf.len()),
            )
            .finish()
    }
}
