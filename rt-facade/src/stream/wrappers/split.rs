use crate::io::{AsyncBufRead, Split};
use crate::stream::Stream;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A [`Stream`] of the segments of an [`AsyncBufRead`] split at a
/// delimiter byte, over [`Split`]: each item is `io::Result<Vec<u8>>` (a
/// segment without its delimiter), as [`Split::next_segment`] returns. The
/// stream ends at the reader's EOF.
///
/// An I/O error is yielded as an item; reading may continue after it.
///
/// The reader must be [`Unpin`] for the stream to be polled (the facade has
/// no unsafe code to pin-project with); a `!Unpin` reader can be boxed with
/// `Box::pin(reader)`, which is an `AsyncBufRead` and `Unpin`.
///
/// # Examples
///
/// ```
/// use futures::{StreamExt, TryStreamExt};
/// use rt::io::{AsyncBufReadExt, BufReader};
/// use rt::stream::wrappers::SplitStream;
///
/// # #[rt::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let fields: Vec<Vec<u8>> = SplitStream::new(BufReader::new(&b"a,bb,,ccc"[..]).split(b','))
///     .try_collect()
///     .await?;
/// assert_eq!(fields, [&b"a"[..], b"bb", b"", b"ccc"]);
/// let lengths: Vec<usize> = SplitStream::new(BufReader::new(&b"a,bb"[..]).split(b','))
///     .map(|field| field.map_or(0, |f| f.len()))
///     .collect()
///     .await;
/// assert_eq!(lengths, [1, 2]);
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct SplitStream<R> {
    inner: Split<R>,
}

impl<R> SplitStream<R> {
    /// Wraps `split`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt::io::AsyncBufReadExt;
    ///
    /// let stream = rt::stream::wrappers::SplitStream::new(rt::io::BufReader::new(&b"a;b"[..]).split(b';'));
    /// # drop(stream);
    /// ```
    pub fn new(split: Split<R>) -> Self {
        Self { inner: split }
    }

    /// Unwraps the [`Split`]; a segment being read is kept in it.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt::io::AsyncBufReadExt;
    /// use rt::stream::StreamExt;
    ///
    /// # #[rt::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mut stream = rt::stream::wrappers::SplitStream::new(rt::io::BufReader::new(&b"a;b"[..]).split(b';'));
    /// assert_eq!(stream.try_next().await?, Some(b"a".to_vec()));
    /// let mut split = stream.into_inner();
    /// assert_eq!(split.next_segment().await?, Some(b"b".to_vec()));
    /// # Ok(())
    /// # }
    /// ```
    pub fn into_inner(self) -> Split<R> {
        self.inner
    }
}

impl<R: AsyncBufRead + Unpin> Stream for SplitStream<R> {
    type Item = io::Result<Vec<u8>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.inner)
            .poll_next_segment(cx)
            .map(Result::transpose)
    }
}

impl<R> AsRef<Split<R>> for SplitStream<R> {
    fn as_ref(&self) -> &Split<R> {
        &self.inner
    }
}

impl<R> AsMut<Split<R>> for SplitStream<R> {
    fn as_mut(&mut self) -> &mut Split<R> {
        &mut self.inner
    }
}

impl<R> From<Split<R>> for SplitStream<R> {
    fn from(split: Split<R>) -> Self {
        Self::new(split)
    }
}
