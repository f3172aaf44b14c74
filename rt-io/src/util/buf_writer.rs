//! [`BufWriter`]: adds a write buffer to any writer.

use super::buf_reader::seek_in_progress;
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

/// Adds buffering to a writer: many small writes become few large ones.
///
/// Data reaches the inner writer when the buffer is full, on
/// [`flush`](crate::AsyncWriteExt::flush), and on
/// [`shutdown`](crate::AsyncWriteExt::shutdown). **Dropping a `BufWriter`
/// does not flush it** (a destructor cannot wait): data not flushed is
/// lost. Writes at least as large as the buffer bypass it. Reads pass
/// straight through to the inner object.
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncWriteExt, BufWriter};
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut w = BufWriter::with_capacity(4, Vec::new());
///     w.write_all(b"ab").await.unwrap();
///     assert_eq!(w.buffer(), b"ab");
///     w.write_all(b"cde").await.unwrap(); // does not fit: flushes "ab" first
///     assert_eq!(w.get_ref(), b"ab");
///     w.shutdown().await.unwrap();
///     assert_eq!(w.get_ref(), b"abcde");
/// });
/// ```
pub struct BufWriter<W> {
    inner: W,
    buf: Vec<u8>,
    capacity: usize,
    /// Bytes at the front of `buf` already written to `inner`.
    written: usize,
    seek_state: SeekState,
}

#[derive(Debug, Clone, Copy)]
enum SeekState {
    Init,
    Start(SeekFrom),
    Pending,
}

impl<W: AsyncWrite> BufWriter<W> {
    /// Wraps `inner` with an 8 KiB buffer.
    ///
    /// ```
    /// let w = rt_io::BufWriter::new(Vec::<u8>::new());
    /// assert!(w.buffer().is_empty());
    /// ```
    pub fn new(inner: W) -> BufWriter<W> {
        BufWriter::with_capacity(DEFAULT_BUF_SIZE, inner)
    }

    /// Wraps `inner` with a buffer of `cap` bytes.
    ///
    /// ```
    /// let w = rt_io::BufWriter::with_capacity(64, Vec::<u8>::new());
    /// # drop(w);
    /// ```
    pub fn with_capacity(cap: usize, inner: W) -> BufWriter<W> {
        BufWriter {
            inner,
            buf: Vec::with_capacity(cap),
            capacity: cap,
            written: 0,
            seek_state: SeekState::Init,
        }
    }
}

struct Proj<'a, W> {
    inner: Pin<&'a mut W>,
    buf: &'a mut Vec<u8>,
    capacity: usize,
    written: &'a mut usize,
    seek_state: &'a mut SeekState,
}

impl<W> BufWriter<W> {
    fn project(self: Pin<&mut Self>) -> Proj<'_, W> {
        // SAFETY: pin projection rules 1-4 (util/mod.rs): `inner` is the
        // only structural field.
        let this = unsafe { self.get_unchecked_mut() };
        Proj {
            // SAFETY: as above; `inner` stays pinned in place.
            inner: unsafe { Pin::new_unchecked(&mut this.inner) },
            buf: &mut this.buf,
            capacity: this.capacity,
            written: &mut this.written,
            seek_state: &mut this.seek_state,
        }
    }

    /// The underlying writer.
    ///
    /// ```
    /// let w = rt_io::BufWriter::new(vec![1u8]);
    /// assert_eq!(w.get_ref(), &[1]);
    /// ```
    pub fn get_ref(&self) -> &W {
        &self.inner
    }

    /// The underlying writer, mutably. Writing to it directly bypasses
    /// (and reorders around) the buffered data.
    ///
    /// ```
    /// let mut w = rt_io::BufWriter::new(Vec::<u8>::new());
    /// w.get_mut().push(1);
    /// ```
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.inner
    }

    /// The underlying writer, pinned.
    ///
    /// ```
    /// let mut w = Box::pin(rt_io::BufWriter::new(Vec::<u8>::new()));
    /// let _inner = w.as_mut().get_pin_mut();
    /// ```
    pub fn get_pin_mut(self: Pin<&mut Self>) -> Pin<&mut W> {
        self.project().inner
    }

    /// Unwraps the underlying writer. Data still buffered is lost: flush
    /// first.
    ///
    /// ```
    /// let v: Vec<u8> = rt_io::BufWriter::new(Vec::new()).into_inner();
    /// assert!(v.is_empty());
    /// ```
    pub fn into_inner(self) -> W {
        self.inner
    }

    /// The data buffered but not yet written.
    ///
    /// ```
    /// let w = rt_io::BufWriter::new(Vec::<u8>::new());
    /// assert_eq!(w.buffer(), b"");
    /// ```
    pub fn buffer(&self) -> &[u8] {
        &self.buf[self.written..]
    }
}

impl<W: AsyncWrite> Proj<'_, W> {
    /// Writes the buffer out to `inner` (not flushing `inner` itself).
    fn flush_buf(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while *self.written < self.buf.len() {
            let res = ready!(self
                .inner
                .as_mut()
                .poll_write(cx, &self.buf[*self.written..]));
            match res {
                Ok(0) => {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::WriteZero,
                        "failed to write the buffered data",
                    )))
                }
                Ok(n) => *self.written += n,
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
        self.buf.clear();
        *self.written = 0;
        Poll::Ready(Ok(()))
    }
}

impl<W: AsyncWrite> AsyncWrite for BufWriter<W> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let mut p = self.project();
        if p.buf.len() + buf.len() > p.capacity {
            ready!(p.flush_buf(cx))?;
        }
        if buf.len() >= p.capacity {
            p.inner.poll_write(cx, buf)
        } else {
            p.buf.extend_from_slice(buf);
            Poll::Ready(Ok(buf.len()))
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let mut p = self.project();
        let total = bufs
            .iter()
            .fold(0usize, |acc, b| acc.saturating_add(b.len()));
        if p.buf.len() + total > p.capacity {
            ready!(p.flush_buf(cx))?;
        }
        if total >= p.capacity {
            if p.inner.is_write_vectored() {
                return p.inner.poll_write_vectored(cx, bufs);
            }
            // Buffer as many whole slices as fit; a first slice that is
            // too big on its own goes straight through.
            let first = bufs.iter().find(|b| !b.is_empty());
            match first {
                Some(b) if b.len() >= p.capacity => return p.inner.poll_write(cx, b),
                _ => {}
            }
            let mut n = 0;
            for b in bufs {
                if p.buf.len() + b.len() > p.capacity {
                    break;
                }
                p.buf.extend_from_slice(b);
                n += b.len();
            }
            return Poll::Ready(Ok(n));
        }
        for b in bufs {
            p.buf.extend_from_slice(b);
        }
        Poll::Ready(Ok(total))
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut p = self.project();
        ready!(p.flush_buf(cx))?;
        p.inner.poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut p = self.project();
        ready!(p.flush_buf(cx))?;
        p.inner.poll_shutdown(cx)
    }
}

impl<W: AsyncWrite + AsyncSeek> AsyncSeek for BufWriter<W> {
    /// Submits a seek; the buffer is written out before the inner seek.
    fn start_seek(self: Pin<&mut Self>, position: SeekFrom) -> io::Result<()> {
        let p = self.project();
        if !matches!(p.seek_state, SeekState::Init) {
            return Err(seek_in_progress());
        }
        *p.seek_state = SeekState::Start(position);
        Ok(())
    }

    fn poll_complete(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        let mut p = self.project();
        loop {
            match *p.seek_state {
                SeekState::Init => {
                    let pos = ready!(p.inner.as_mut().poll_complete(cx))?;
                    let buffered = (p.buf.len() - *p.written) as u64;
                    return Poll::Ready(Ok(pos + buffered));
                }
                SeekState::Start(pos) => {
                    if let Err(e) = ready!(p.flush_buf(cx)) {
                        *p.seek_state = SeekState::Init;
                        return Poll::Ready(Err(e));
                    }
                    if let Err(e) = p.inner.as_mut().start_seek(pos) {
                        *p.seek_state = SeekState::Init;
                        return Poll::Ready(Err(e));
                    }
                    *p.seek_state = SeekState::Pending;
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

impl<W: AsyncWrite + AsyncRead> AsyncRead for BufWriter<W> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.get_pin_mut().poll_read(cx, buf)
    }
}

impl<W: AsyncWrite + AsyncBufRead> AsyncBufRead for BufWriter<W> {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        self.get_pin_mut().poll_fill_buf(cx)
    }

    fn consume(self: Pin<&mut Self>, amt: usize) {
        self.get_pin_mut().consume(amt)
    }
}

impl<W: fmt::Debug> fmt::Debug for BufWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BufWriter")
            .field("writer", &self.inner)
            .field(
                "buffer",
                &format_args!("{}/{}", self.buf.len() - self.written, self.capacity),
            )
            .finish()
    }
}
