use crate::fs::{DirEntry, ReadDir};
use crate::stream::Stream;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A [`Stream`] of the entries of a directory, over [`ReadDir`]: each item
/// is `io::Result<DirEntry>`, as [`ReadDir::next_entry`] returns. The
/// stream ends after the last entry. `.` and `..` are not included, and
/// the order is the operating system's.
///
/// # Examples
///
/// ```
/// use futures::TryStreamExt;
/// use rt::stream::wrappers::ReadDirStream;
///
/// # #[rt::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let dir = std::env::temp_dir().join(format!("rt-doc-readdirstream-{}", std::process::id()));
/// rt::fs::create_dir_all(&dir).await?;
/// rt::fs::write(dir.join("a.txt"), b"a").await?;
/// rt::fs::write(dir.join("b.txt"), b"b").await?;
/// let mut names: Vec<_> = ReadDirStream::new(rt::fs::read_dir(&dir).await?)
///     .map_ok(|entry| entry.file_name())
///     .try_collect()
///     .await?;
/// names.sort();
/// assert_eq!(names, ["a.txt", "b.txt"]);
/// rt::fs::remove_dir_all(&dir).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct ReadDirStream {
    inner: ReadDir,
}

impl ReadDirStream {
    /// Wraps `read_dir`.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[rt::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let entries = rt::fs::read_dir(std::env::temp_dir()).await?;
    /// let stream = rt::stream::wrappers::ReadDirStream::new(entries);
    /// # drop(stream);
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(read_dir: ReadDir) -> Self {
        Self { inner: read_dir }
    }

    /// Unwraps the [`ReadDir`]; it continues where the stream stopped.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[rt::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let dir = std::env::temp_dir().join(format!("rt-doc-readdirstream-inner-{}", std::process::id()));
    /// rt::fs::create_dir_all(&dir).await?;
    /// rt::fs::write(dir.join("only"), b"").await?;
    /// let stream = rt::stream::wrappers::ReadDirStream::new(rt::fs::read_dir(&dir).await?);
    /// let mut entries = stream.into_inner();
    /// assert_eq!(entries.next_entry().await?.unwrap().file_name(), "only");
    /// rt::fs::remove_dir_all(&dir).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn into_inner(self) -> ReadDir {
        self.inner
    }
}

impl Stream for ReadDirStream {
    type Item = io::Result<DirEntry>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.poll_next_entry(cx).map(Result::transpose)
    }
}

impl AsRef<ReadDir> for ReadDirStream {
    fn as_ref(&self) -> &ReadDir {
        &self.inner
    }
}

impl AsMut<ReadDir> for ReadDirStream {
    fn as_mut(&mut self) -> &mut ReadDir {
        &mut self.inner
    }
}

impl From<ReadDir> for ReadDirStream {
    fn from(read_dir: ReadDir) -> Self {
        Self::new(read_dir)
    }
}
