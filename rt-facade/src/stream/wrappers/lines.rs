use crate::io::{AsyncBufRead, Lines};
use crate::stream::Stream;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A [`Stream`] of the lines of an [`AsyncBufRead`], over [`Lines`]: each
/// item is `io::Result<String>` (a line without its `\n` or `\r\n`), as
/// [`Lines::next_line`] returns. The stream ends at the reader's EOF.
///
/// An I/O error, or a line that is not UTF-8 (`InvalidData`), is yielded
/// as an item; reading may continue after it.
///
/// The reader must be [`Unpin`] for the stream to be polled (the facade has
/// no unsafe code to pin-project with); a `!Unpin` reader can be boxed with
/// `Box::pin(reader)`, which is an `AsyncBufRead` and `Unpin`.
///
/// # Examples
///
/// ```
/// use futures::StreamExt;
/// use rt::io::AsyncBufReadExt;
/// use rt::stream::wrappers::LinesStream;
///
/// # #[rt::main(flavor = "current_thread")]
/// # async fn main() {
/// let input = &b"apple\nbanana\r\ncherry"[..];
/// let long: Vec<String> = LinesStream::new(input.lines())
///     .filter_map(|line| async move { line.ok().filter(|l| l.len() > 5) })
///     .collect()
///     .await;
/// assert_eq!(long, ["banana", "cherry"]);
/// # }
/// ```
#[derive(Debug)]
pub struct LinesStream<R> {
    inner: Lines<R>,
}

impl<R> LinesStream<R> {
    /// Wraps `lines`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt::io::AsyncBufReadExt;
    ///
    /// let stream = rt::stream::wrappers::LinesStream::new((&b"a\nb"[..]).lines());
    /// # drop(stream);
    /// ```
    pub fn new(lines: Lines<R>) -> Self {
        Self { inner: lines }
    }

    /// Unwraps the [`Lines`]; a line being read is kept in it.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt::io::AsyncBufReadExt;
    /// use rt::stream::StreamExt;
    ///
    /// # #[rt::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mut stream = rt::stream::wrappers::LinesStream::new((&b"a\nb"[..]).lines());
    /// assert_eq!(stream.try_next().await?.as_deref(), Some("a"));
    /// let mut lines = stream.into_inner();
    /// assert_eq!(lines.next_line().await?.as_deref(), Some("b"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn into_inner(self) -> Lines<R> {
        self.inner
    }
}

impl<R: AsyncBufRead + Unpin> Stream for LinesStream<R> {
    type Item = io::Result<String>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.inner)
            .poll_next_line(cx)
            .map(Result::transpose)
    }
}

impl<R> AsRef<Lines<R>> for LinesStream<R> {
    fn as_ref(&self) -> &Lines<R> {
        &self.inner
    }
}

impl<R> AsMut<Lines<R>> for LinesStream<R> {
    fn as_mut(&mut self) -> &mut Lines<R> {
        &mut self.inner
    }
}

impl<R> From<Lines<R>> for LinesStream<R> {
    fn from(lines: Lines<R>) -> Self {
        Self::new(lines)
    }
}
