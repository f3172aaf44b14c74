//! Futures and streams of [`AsyncBufReadExt`](crate::AsyncBufReadExt):
//! `read_until`, `read_line`, `fill_buf`, `lines`, `split`.

use super::read::{invalid_utf8, restore_string};
use crate::async_buf_read::AsyncBufRead;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// Appends bytes up to and including `delim` (or to EOF) to `buf`. `read`
/// accumulates the count across polls, so progress survives `Pending`;
/// it is returned (and reset) on completion.
pub(crate) fn poll_read_until<R: AsyncBufRead + ?Sized>(
    mut reader: Pin<&mut R>,
    cx: &mut Context<'_>,
    delim: u8,
    buf: &mut Vec<u8>,
    read: &mut usize,
) -> Poll<io::Result<usize>> {
    loop {
        let (done, used) = {
            let available = ready!(reader.as_mut().poll_fill_buf(cx))?;
            match available.iter().position(|&b| b == delim) {
                Some(i) => {
                    buf.extend_from_slice(&available[..=i]);
                    (true, i + 1)
                }
                None => {
                    buf.extend_from_slice(available);
                    (false, available.len())
                }
            }
        };
        reader.as_mut().consume(used);
        *read += used;
        if done || used == 0 {
            return Poll::Ready(Ok(std::mem::take(read)));
        }
    }
}

/// Future of [`AsyncBufReadExt::read_until`](crate::AsyncBufReadExt::read_until).
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ReadUntil<'a, R: ?Sized> {
    reader: &'a mut R,
    delim: u8,
    buf: &'a mut Vec<u8>,
    read: usize,
}

pub(crate) fn read_until<'a, R: AsyncBufRead + Unpin + ?Sized>(
    reader: &'a mut R,
    delim: u8,
    buf: &'a mut Vec<u8>,
) -> ReadUntil<'a, R> {
    ReadUntil {
        reader,
        delim,
        buf,
        read: 0,
    }
}

impl<R: AsyncBufRead + Unpin + ?Sized> Future for ReadUntil<'_, R> {
    type Output = io::Result<usize>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        poll_read_until(
            Pin::new(&mut *this.reader),
            cx,
            this.delim,
            this.buf,
            &mut this.read,
        )
    }
}

/// Future of [`AsyncBufReadExt::read_line`](crate::AsyncBufReadExt::read_line).
///
/// While it runs the string's bytes live in the future; dropping it early
/// restores the string's original content.
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ReadLine<'a, R: ?Sized> {
    reader: &'a mut R,
    output: &'a mut String,
    bytes: Vec<u8>,
    start_len: usize,
    read: usize,
}

pub(crate) fn read_line<'a, R: AsyncBufRead + Unpin + ?Sized>(
    reader: &'a mut R,
    output: &'a mut String,
) -> ReadLine<'a, R> {
    let bytes = std::mem::take(output).into_bytes();
    ReadLine {
        reader,
        output,
        start_len: bytes.len(),
        bytes,
        read: 0,
    }
}

impl<R: AsyncBufRead + Unpin + ?Sized> Future for ReadLine<'_, R> {
    type Output = io::Result<usize>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let res = ready!(poll_read_until(
            Pin::new(&mut *this.reader),
            cx,
            b'\n',
            &mut this.bytes,
            &mut this.read
        ));
        let utf8 = restore_string(this.output, &mut this.bytes, this.start_len);
        this.start_len = usize::MAX; // done: Drop must not restore again
        match res {
            Ok(n) if utf8 => Poll::Ready(Ok(n)),
            Ok(_) => Poll::Ready(Err(invalid_utf8())),
            Err(e) => Poll::Ready(Err(e)),
        }
    }
}

impl<R: ?Sized> Drop for ReadLine<'_, R> {
    fn drop(&mut self) {
        if self.start_len != usize::MAX {
            // Cancelled: put the original content back.
            self.bytes.truncate(self.start_len);
            restore_string(self.output, &mut self.bytes, self.start_len);
        }
    }
}

/// Future of [`AsyncBufReadExt::fill_buf`](crate::AsyncBufReadExt::fill_buf).
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct FillBuf<'a, R: ?Sized> {
    reader: Option<&'a mut R>,
}

pub(crate) fn fill_buf<R: AsyncBufRead + Unpin + ?Sized>(reader: &mut R) -> FillBuf<'_, R> {
    FillBuf {
        reader: Some(reader),
    }
}

impl<'a, R: AsyncBufRead + Unpin + ?Sized> Future for FillBuf<'a, R> {
    type Output = io::Result<&'a [u8]>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&'a [u8]>> {
        let this = self.get_mut();
        let reader = this.reader.take().expect("FillBuf polled after completion");
        // Poll through a short reborrow first: returning the buffer needs
        // the full `'a` borrow, which cannot be handed back on `Pending`.
        match Pin::new(&mut *reader).poll_fill_buf(cx) {
            Poll::Pending => {
                this.reader = Some(reader);
                Poll::Pending
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            // The buffer is filled now; asking again returns it (an
            // `AsyncBufRead` keeps its buffer until `consume`), this time
            // borrowed for `'a`.
            Poll::Ready(Ok(_)) => Pin::new(reader).poll_fill_buf(cx),
        }
    }
}

/// Reads lines from an [`AsyncBufRead`]; created by
/// [`AsyncBufReadExt::lines`](crate::AsyncBufReadExt::lines).
///
/// Also a [`Stream`](futures_core::Stream) of `io::Result<String>`.
///
/// # Examples
///
/// ```
/// use rt_io::AsyncBufReadExt;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut lines = (&b"one\r\ntwo\nthree"[..]).lines();
///     let mut all = Vec::new();
///     while let Some(line) = lines.next_line().await.unwrap() {
///         all.push(line);
///     }
///     assert_eq!(all, ["one", "two", "three"]);
/// });
/// ```
#[derive(Debug)]
#[must_use = "streams do nothing unless polled"]
pub struct Lines<R> {
    reader: R,
    buf: Vec<u8>,
    read: usize,
}

pub(crate) fn lines<R: AsyncBufRead>(reader: R) -> Lines<R> {
    Lines {
        reader,
        buf: Vec::new(),
        read: 0,
    }
}

impl<R> Lines<R> {
    /// Projects to the pinned reader and the partial line.
    fn project(self: Pin<&mut Self>) -> (Pin<&mut R>, &mut Vec<u8>, &mut usize) {
        // SAFETY: pin projection rules 1-4 (util/mod.rs): `reader` is the
        // only structural field; the others are reached by `&mut`.
        let this = unsafe { self.get_unchecked_mut() };
        // SAFETY: as above; `reader` stays pinned in place.
        let reader = unsafe { Pin::new_unchecked(&mut this.reader) };
        (reader, &mut this.buf, &mut this.read)
    }

    /// The underlying reader.
    ///
    /// ```
    /// use rt_io::AsyncBufReadExt;
    /// let lines = (&b"a"[..]).lines();
    /// assert_eq!(*lines.get_ref(), b"a");
    /// ```
    pub fn get_ref(&self) -> &R {
        &self.reader
    }

    /// The underlying reader, mutably. Data already read into the line
    /// being assembled is not visible through it.
    ///
    /// ```
    /// use rt_io::AsyncBufReadExt;
    /// let mut lines = (&b"a"[..]).lines();
    /// *lines.get_mut() = &b"b"[..];
    /// ```
    pub fn get_mut(&mut self) -> &mut R {
        &mut self.reader
    }

    /// Unwraps the reader. A partially read line is lost.
    ///
    /// ```
    /// use rt_io::AsyncBufReadExt;
    /// let r: &[u8] = (&b"x"[..]).lines().into_inner();
    /// assert_eq!(r, b"x");
    /// ```
    pub fn into_inner(self) -> R {
        self.reader
    }
}

impl<R: AsyncBufRead + Unpin> Lines<R> {
    /// Returns the next line, without the `\n` or `\r\n`; `None` at EOF.
    ///
    /// # Errors
    ///
    /// I/O errors of the reader; `InvalidData` for a line that is not
    /// UTF-8 (that line is discarded).
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: a partially read line stays in the `Lines`, and the
    /// next call continues it.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncBufReadExt;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut lines = (&b"hi\n"[..]).lines();
    ///     assert_eq!(lines.next_line().await.unwrap().as_deref(), Some("hi"));
    ///     assert_eq!(lines.next_line().await.unwrap(), None);
    /// });
    /// ```
    pub async fn next_line(&mut self) -> io::Result<Option<String>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next_line(cx)).await
    }
}

impl<R: AsyncBufRead> Lines<R> {
    /// Polls for the next line; see [`next_line`](Self::next_line).
    ///
    /// ```
    /// use rt_io::AsyncBufReadExt;
    /// use std::pin::Pin;
    /// use std::task::{Context, Poll, Waker};
    ///
    /// let mut lines = (&b"a\nb"[..]).lines();
    /// # struct Noop;
    /// # impl std::task::Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
    /// let waker = Waker::from(std::sync::Arc::new(Noop));
    /// let mut cx = Context::from_waker(&waker);
    /// let Poll::Ready(Ok(Some(line))) = Pin::new(&mut lines).poll_next_line(&mut cx) else {
    ///     panic!()
    /// };
    /// assert_eq!(line, "a");
    /// ```
    pub fn poll_next_line(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<Option<String>>> {
        let (reader, buf, read) = self.project();
        let n = ready!(poll_read_until(reader, cx, b'\n', buf, read))?;
        if n == 0 && buf.is_empty() {
            return Poll::Ready(Ok(None));
        }
        if buf.last() == Some(&b'\n') {
            buf.pop();
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
        }
        let line = std::mem::take(buf);
        Poll::Ready(
            String::from_utf8(line)
                .map(Some)
                .map_err(|_| invalid_utf8()),
        )
    }
}

impl<R: AsyncBufRead> futures_core::Stream for Lines<R> {
    type Item = io::Result<String>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.poll_next_line(cx).map(Result::transpose)
    }
}

/// Splits an [`AsyncBufRead`] into segments at a delimiter byte; created
/// by [`AsyncBufReadExt::split`](crate::AsyncBufReadExt::split).
///
/// Also a [`Stream`](futures_core::Stream) of `io::Result<Vec<u8>>`.
///
/// # Examples
///
/// ```
/// use rt_io::AsyncBufReadExt;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut parts = rt_io::BufReader::new(&b"a,b,,c"[..]).split(b',');
///     let mut all = Vec::new();
///     while let Some(seg) = parts.next_segment().await.unwrap() {
///         all.push(seg);
///     }
///     assert_eq!(all, [b"a".to_vec(), b"b".to_vec(), vec![], b"c".to_vec()]);
/// });
/// ```
#[derive(Debug)]
#[must_use = "streams do nothing unless polled"]
pub struct Split<R> {
    reader: R,
    delim: u8,
    buf: Vec<u8>,
    read: usize,
}

pub(crate) fn split<R: AsyncBufRead>(reader: R, delim: u8) -> Split<R> {
    Split {
        reader,
        delim,
        buf: Vec::new(),
        read: 0,
    }
}

impl<R: AsyncBufRead + Unpin> Split<R> {
    /// Returns the next segment, without the delimiter; `None` at EOF.
    ///
    /// # Errors
    ///
    /// I/O errors of the reader.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: a partially read segment stays in the `Split`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncBufReadExt;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut s = rt_io::BufReader::new(&b"x;y"[..]).split(b';');
    ///     assert_eq!(s.next_segment().await.unwrap(), Some(b"x".to_vec()));
    /// });
    /// ```
    pub async fn next_segment(&mut self) -> io::Result<Option<Vec<u8>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next_segment(cx)).await
    }
}

impl<R: AsyncBufRead> Split<R> {
    /// Polls for the next segment; see [`next_segment`](Self::next_segment).
    ///
    /// ```
    /// use rt_io::AsyncBufReadExt;
    /// use std::pin::Pin;
    /// use std::task::{Context, Poll, Waker};
    ///
    /// let mut s = rt_io::BufReader::new(&b"x;y"[..]).split(b';');
    /// # struct Noop;
    /// # impl std::task::Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
    /// let waker = Waker::from(std::sync::Arc::new(Noop));
    /// let mut cx = Context::from_waker(&waker);
    /// assert!(matches!(
    ///     Pin::new(&mut s).poll_next_segment(&mut cx),
    ///     Poll::Ready(Ok(Some(_)))
    /// ));
    /// ```
    pub fn poll_next_segment(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<Option<Vec<u8>>>> {
        // SAFETY: pin projection rules 1-4 (util/mod.rs): `reader` is the
        // only structural field.
        let this = unsafe { self.get_unchecked_mut() };
        // SAFETY: as above; `reader` stays pinned in place.
        let reader = unsafe { Pin::new_unchecked(&mut this.reader) };
        let n = ready!(poll_read_until(
            reader,
            cx,
            this.delim,
            &mut this.buf,
            &mut this.read
        ))?;
        if n == 0 && this.buf.is_empty() {
            return Poll::Ready(Ok(None));
        }
        if this.buf.last() == Some(&this.delim) {
            this.buf.pop();
        }
        Poll::Ready(Ok(Some(std::mem::take(&mut this.buf))))
    }
}

impl<R: AsyncBufRead> futures_core::Stream for Split<R> {
    type Item = io::Result<Vec<u8>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.poll_next_segment(cx).map(Result::transpose)
    }
}
