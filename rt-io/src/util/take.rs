//! [`Take`]: a reader limited to a number of bytes.

use crate::async_buf_read::AsyncBufRead;
use crate::async_read::AsyncRead;
use crate::read_buf::ReadBuf;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// Reads at most `limit` bytes from the inner reader, then reports EOF;
/// created by [`AsyncReadExt::take`](crate::AsyncReadExt::take).
///
/// # Examples
///
/// ```
/// use rt_io::AsyncReadExt;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut t = (&b"hello world"[..]).take(5);
///     let mut s = String::new();
///     t.read_to_string(&mut s).await.unwrap();
///     assert_eq!(s, "hello");
///     assert_eq!(t.limit(), 0);
/// });
/// ```
#[derive(Debug)]
#[must_use = "streams do nothing unless you `.await` or poll them"]
pub struct Take<R> {
    inner: R,
    limit: u64,
}

pub(crate) fn take<R: AsyncRead>(inner: R, limit: u64) -> Take<R> {
    Take { inner, limit }
}

impl<R> Take<R> {
    fn project(self: Pin<&mut Self>) -> (Pin<&mut R>, &mut u64) {
        // SAFETY: pin projection rules 1-4 (util/mod.rs): `inner` is the
        // only structural field.
        let this = unsafe { self.get_unchecked_mut() };
        // SAFETY: as above; `inner` stays pinned in place.
        (
            unsafe { Pin::new_unchecked(&mut this.inner) },
            &mut this.limit,
        )
    }

    /// Bytes that may still be read before EOF is reported.
    ///
    /// ```
    /// use rt_io::AsyncReadExt;
    /// assert_eq!((&b""[..]).take(3).limit(), 3);
    /// ```
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// Sets the number of bytes that may still be read.
    ///
    /// ```
    /// use rt_io::AsyncReadExt;
    /// let mut t = (&b""[..]).take(3);
    /// t.set_limit(7);
    /// assert_eq!(t.limit(), 7);
    /// ```
    pub fn set_limit(&mut self, limit: u64) {
        self.limit = limit;
    }

    /// The inner reader.
    ///
    /// ```
    /// use rt_io::AsyncReadExt;
    /// let t = (&b"ab"[..]).take(1);
    /// assert_eq!(*t.get_ref(), b"ab");
    /// ```
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// The inner reader, mutably; reading from it directly bypasses the
    /// limit.
    ///
    /// ```
    /// use rt_io::AsyncReadExt;
    /// let mut t = (&b"ab"[..]).take(1);
    /// *t.get_mut() = &b"cd"[..];
    /// ```
    pub fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    /// The pinned inner reader.
    ///
    /// ```
    /// use rt_io::AsyncReadExt;
    /// let mut t = Box::pin((&b"ab"[..]).take(1));
    /// let _inner = t.as_mut().get_pin_mut();
    /// ```
    pub fn get_pin_mut(self: Pin<&mut Self>) -> Pin<&mut R> {
        self.project().0
    }

    /// Unwraps the inner reader.
    ///
    /// ```
    /// use rt_io::AsyncReadExt;
    /// let r: &[u8] = (&b"ab"[..]).take(1).into_inner();
    /// assert_eq!(r, b"ab");
    /// ```
    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: AsyncRead> AsyncRead for Take<R> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let (inner, limit) = self.project();
        if *limit == 0 {
            return Poll::Ready(Ok(()));
        }
        let max = usize::try_from(*limit).unwrap_or(usize::MAX);
        let mut sub = buf.take(max);
        let ptr = sub.filled().as_ptr();
        ready!(inner.poll_read(cx, &mut sub))?;
        assert_eq!(
            sub.filled().as_ptr(),
            ptr,
            "AsyncRead::poll_read replaced the ReadBuf it was given"
        );
        let n = sub.filled().len();
        let init = sub.initialized().len();
        // SAFETY: the pointer check shows `sub` is still the window into
        // `buf`'s unfilled part, whose first `init` bytes are initialised
        // (ReadBuf rule 2 for `sub`), so ReadBuf rule 4 holds for `buf`.
        unsafe { buf.assume_init(init) };
        buf.advance(n);
        *limit -= n as u64;
        Poll::Ready(Ok(()))
    }
}

impl<R: AsyncBufRead> AsyncBufRead for Take<R> {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        let (inner, limit) = self.project();
        if *limit == 0 {
            return Poll::Ready(Ok(&[]));
        }
        let buf = ready!(inner.poll_fill_buf(cx))?;
        let cap = usize::try_from(*limit).unwrap_or(usize::MAX).min(buf.len());
        Poll::Ready(Ok(&buf[..cap]))
    }

    fn consume(self: Pin<&mut Self>, amt: usize) {
        let (inner, limit) = self.project();
        let amt = (amt as u64).min(*limit) as usize;
        *limit -= amt as u64;
        inner.consume(amt);
    }
}
