//! [`Chain`]: two readers, one after the other.

use crate::async_buf_read::AsyncBufRead;
use crate::async_read::AsyncRead;
use crate::read_buf::ReadBuf;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// Reads from the first reader until EOF, then from the second; created
/// by [`AsyncReadExt::chain`](crate::AsyncReadExt::chain).
///
/// # Examples
///
/// ```
/// use rt_io::AsyncReadExt;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut c = (&b"foo"[..]).chain(&b"bar"[..]);
///     let mut s = String::new();
///     c.read_to_string(&mut s).await.unwrap();
///     assert_eq!(s, "foobar");
/// });
/// ```
#[derive(Debug)]
#[must_use = "streams do nothing unless you `.await` or poll them"]
pub struct Chain<T, U> {
    first: T,
    second: U,
    done_first: bool,
}

pub(crate) fn chain<T: AsyncRead, U: AsyncRead>(first: T, second: U) -> Chain<T, U> {
    Chain {
        first,
        second,
        done_first: false,
    }
}

impl<T, U> Chain<T, U> {
    fn project(self: Pin<&mut Self>) -> (Pin<&mut T>, Pin<&mut U>, &mut bool) {
        // SAFETY: pin projection rules 1-4 (util/mod.rs): `first` and
        // `second` are the structural fields.
        let this = unsafe { self.get_unchecked_mut() };
        // SAFETY: as above; both stay pinned in place.
        let first = unsafe { Pin::new_unchecked(&mut this.first) };
        // SAFETY: as above.
        let second = unsafe { Pin::new_unchecked(&mut this.second) };
        (first, second, &mut this.done_first)
    }

    /// The two readers.
    ///
    /// ```
    /// use rt_io::AsyncReadExt;
    /// let c = (&b"a"[..]).chain(&b"b"[..]);
    /// assert_eq!(c.get_ref(), (&&b"a"[..], &&b"b"[..]));
    /// ```
    pub fn get_ref(&self) -> (&T, &U) {
        (&self.first, &self.second)
    }

    /// The two readers, mutably; reading from them directly may confuse
    /// the chain.
    ///
    /// ```
    /// use rt_io::AsyncReadExt;
    /// let mut c = (&b"a"[..]).chain(&b"b"[..]);
    /// *c.get_mut().1 = &b"z"[..];
    /// ```
    pub fn get_mut(&mut self) -> (&mut T, &mut U) {
        (&mut self.first, &mut self.second)
    }

    /// The two readers, pinned.
    ///
    /// ```
    /// use rt_io::AsyncReadExt;
    /// let mut c = Box::pin((&b"a"[..]).chain(&b"b"[..]));
    /// let (_a, _b) = c.as_mut().get_pin_mut();
    /// ```
    pub fn get_pin_mut(self: Pin<&mut Self>) -> (Pin<&mut T>, Pin<&mut U>) {
        let (a, b, _) = self.project();
        (a, b)
    }

    /// Unwraps the two readers.
    ///
    /// ```
    /// use rt_io::AsyncReadExt;
    /// let (a, b) = (&b"a"[..]).chain(&b"b"[..]).into_inner();
    /// assert_eq!((a, b), (&b"a"[..], &b"b"[..]));
    /// ```
    pub fn into_inner(self) -> (T, U) {
        (self.first, self.second)
    }
}

impl<T: AsyncRead, U: AsyncRead> AsyncRead for Chain<T, U> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let (first, second, done_first) = self.project();
        if !*done_first {
            let before = buf.filled().len();
            ready!(first.poll_read(cx, buf))?;
            if buf.filled().len() > before || buf.remaining() == 0 {
                return Poll::Ready(Ok(()));
            }
            *done_first = true;
        }
        second.poll_read(cx, buf)
    }
}

impl<T: AsyncBufRead, U: AsyncBufRead> AsyncBufRead for Chain<T, U> {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        let (first, second, done_first) = self.project();
        if !*done_first {
            match ready!(first.poll_fill_buf(cx))? {
                [] => *done_first = true,
                buf => return Poll::Ready(Ok(buf)),
            }
        }
        second.poll_fill_buf(cx)
    }

    fn consume(self: Pin<&mut Self>, amt: usize) {
        let (first, second, done_first) = self.project();
        if *done_first {
            second.consume(amt)
        } else {
            first.consume(amt)
        }
    }
}
