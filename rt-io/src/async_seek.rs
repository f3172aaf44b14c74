//! [`AsyncSeek`] and its implementations for std and pointer types.

use std::io::{self, SeekFrom};
use std::ops::DerefMut;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Seeks within a byte stream, asynchronously.
///
/// A seek is two steps: [`start_seek`](AsyncSeek::start_seek) submits it,
/// [`poll_complete`](AsyncSeek::poll_complete) waits for it and returns the
/// new position. Most code uses [`AsyncSeekExt`](crate::AsyncSeekExt).
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncSeekExt};
/// use std::io::{Cursor, SeekFrom};
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut c = Cursor::new(b"hello".to_vec());
///     assert_eq!(c.seek(SeekFrom::End(-2)).await.unwrap(), 3);
///     let mut rest = String::new();
///     c.read_to_string(&mut rest).await.unwrap();
///     assert_eq!(rest, "lo");
/// });
/// ```
pub trait AsyncSeek {
    /// Submits a seek to `position`.
    ///
    /// # Errors
    ///
    /// Returns an error if a seek is already in progress (its
    /// `poll_complete` has not returned `Ready` yet) or if the position is
    /// invalid (for some implementations the error only shows in
    /// `poll_complete`).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncSeek;
    /// use std::future::poll_fn;
    /// use std::io::{Cursor, SeekFrom};
    /// use std::pin::Pin;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut c = Cursor::new(vec![0u8; 10]);
    ///     Pin::new(&mut c).start_seek(SeekFrom::Start(7)).unwrap();
    ///     let pos = poll_fn(|cx| Pin::new(&mut c).poll_complete(cx)).await.unwrap();
    ///     assert_eq!(pos, 7);
    /// });
    /// ```
    fn start_seek(self: Pin<&mut Self>, position: SeekFrom) -> io::Result<()>;

    /// Waits for the submitted seek and returns the new position from the
    /// start of the stream. With no seek submitted, returns the current
    /// position.
    ///
    /// ```
    /// use rt_io::{AsyncReadExt, AsyncSeek};
    /// use std::future::poll_fn;
    /// use std::io::Cursor;
    /// use std::pin::Pin;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut c = Cursor::new(b"abc".to_vec());
    ///     c.read_u8().await.unwrap();
    ///     // No seek submitted: the current position.
    ///     let pos = poll_fn(|cx| Pin::new(&mut c).poll_complete(cx)).await.unwrap();
    ///     assert_eq!(pos, 1);
    /// });
    /// ```
    fn poll_complete(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>>;
}

macro_rules! deref_async_seek {
    () => {
        fn start_seek(mut self: Pin<&mut Self>, position: SeekFrom) -> io::Result<()> {
            Pin::new(&mut **self).start_seek(position)
        }

        fn poll_complete(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
            Pin::new(&mut **self).poll_complete(cx)
        }
    };
}

impl<T: ?Sized + AsyncSeek + Unpin> AsyncSeek for Box<T> {
    deref_async_seek!();
}

impl<T: ?Sized + AsyncSeek + Unpin> AsyncSeek for &mut T {
    deref_async_seek!();
}

impl<P> AsyncSeek for Pin<P>
where
    P: DerefMut + Unpin,
    P::Target: AsyncSeek,
{
    fn start_seek(self: Pin<&mut Self>, position: SeekFrom) -> io::Result<()> {
        self.get_mut().as_mut().start_seek(position)
    }

    fn poll_complete(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        self.get_mut().as_mut().poll_complete(cx)
    }
}

impl<T: AsRef<[u8]> + Unpin> AsyncSeek for io::Cursor<T> {
    fn start_seek(self: Pin<&mut Self>, position: SeekFrom) -> io::Result<()> {
        io::Seek::seek(self.get_mut(), position).map(drop)
    }

    fn poll_complete(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        Poll::Ready(Ok(self.get_mut().position()))
    }
}
