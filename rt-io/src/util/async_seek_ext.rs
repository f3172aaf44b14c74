//! [`AsyncSeekExt`]: `seek`, `rewind`, `stream_position`.

use super::seek::{seek, Seek};
use crate::async_seek::AsyncSeek;
use std::io::SeekFrom;

/// Seeks within an [`AsyncSeek`]: the asynchronous versions of
/// [`std::io::Seek`]'s methods.
///
/// Implemented for every `AsyncSeek`.
///
/// # Examples
///
/// ```
/// use rt_io::AsyncSeekExt;
/// use std::io::{Cursor, SeekFrom};
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut c = Cursor::new(vec![0u8; 10]);
///     c.seek(SeekFrom::Start(4)).await.unwrap();
///     assert_eq!(c.stream_position().await.unwrap(), 4);
/// });
/// ```
pub trait AsyncSeekExt: AsyncSeek {
    /// Seeks to `pos`, returning the new position from the start.
    ///
    /// Equivalent to `async fn seek(&mut self, pos: SeekFrom) -> io::Result<u64>`.
    ///
    /// # Errors
    ///
    /// Seeking before the start, or any error of the stream.
    ///
    /// # Cancel safety
    ///
    /// Not cancel safe: if the future is dropped after the seek was
    /// submitted, the position is unknown (the next `seek` waits for the
    /// submitted one to finish first, so the stream stays consistent).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncSeekExt;
    /// use std::io::{Cursor, SeekFrom};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut c = Cursor::new(b"0123".to_vec());
    ///     assert_eq!(c.seek(SeekFrom::End(-1)).await.unwrap(), 3);
    ///     assert!(c.seek(SeekFrom::Current(-9)).await.is_err());
    /// });
    /// ```
    fn seek(&mut self, pos: SeekFrom) -> Seek<'_, Self>
    where
        Self: Unpin,
    {
        seek(self, pos)
    }

    /// Seeks to the start; equivalent to `seek(SeekFrom::Start(0))`.
    ///
    /// # Errors
    ///
    /// Any error of the stream.
    ///
    /// # Cancel safety
    ///
    /// As [`seek`](AsyncSeekExt::seek).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::{AsyncReadExt, AsyncSeekExt};
    /// use std::io::Cursor;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut c = Cursor::new(b"ab".to_vec());
    ///     c.read_u8().await.unwrap();
    ///     c.rewind().await.unwrap();
    ///     assert_eq!(c.read_u8().await.unwrap(), b'a');
    /// });
    /// ```
    fn rewind(&mut self) -> Seek<'_, Self>
    where
        Self: Unpin,
    {
        seek(self, SeekFrom::Start(0))
    }

    /// Returns the current position; equivalent to
    /// `seek(SeekFrom::Current(0))`.
    ///
    /// # Errors
    ///
    /// Any error of the stream.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: it does not move the position.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::{AsyncReadExt, AsyncSeekExt};
    /// use std::io::Cursor;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut c = Cursor::new(b"abc".to_vec());
    ///     c.read_u16().await.unwrap();
    ///     assert_eq!(c.stream_position().await.unwrap(), 2);
    /// });
    /// ```
    fn stream_position(&mut self) -> Seek<'_, Self>
    where
        Self: Unpin,
    {
        seek(self, SeekFrom::Current(0))
    }
}

impl<S: AsyncSeek + ?Sized> AsyncSeekExt for S {}
