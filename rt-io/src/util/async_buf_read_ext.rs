//! [`AsyncBufReadExt`]: line- and delimiter-oriented reading.

use super::buf_read::{
    fill_buf, lines, read_line, read_until, split, FillBuf, Lines, ReadLine, ReadUntil, Split,
};
use crate::async_buf_read::AsyncBufRead;
use std::pin::Pin;

/// Reads from an [`AsyncBufRead`] by delimiter or line: the asynchronous
/// versions of [`std::io::BufRead`]'s methods.
///
/// Implemented for every `AsyncBufRead`.
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncBufReadExt, BufReader};
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut r = BufReader::new(&b"first\nsecond\n"[..]);
///     let mut line = String::new();
///     r.read_line(&mut line).await.unwrap();
///     assert_eq!(line, "first\n");
/// });
/// ```
pub trait AsyncBufReadExt: AsyncBufRead {
    /// Reads until `byte` (included) or end of file, appending to `buf`;
    /// returns the number of bytes appended (`0` at end of file).
    ///
    /// Equivalent to `async fn read_until(&mut self, byte: u8, buf: &mut Vec<u8>) -> io::Result<usize>`.
    ///
    /// # Errors
    ///
    /// Any error of the reader; the bytes read before it stay in `buf`.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: bytes read before the future was dropped stay
    /// appended to `buf`; calling again continues the same segment.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncBufReadExt;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut r: &[u8] = b"key=value";
    ///     let mut buf = Vec::new();
    ///     assert_eq!(r.read_until(b'=', &mut buf).await.unwrap(), 4);
    ///     assert_eq!(buf, b"key=");
    /// });
    /// ```
    fn read_until<'a>(&'a mut self, byte: u8, buf: &'a mut Vec<u8>) -> ReadUntil<'a, Self>
    where
        Self: Unpin,
    {
        read_until(self, byte, buf)
    }

    /// Reads a line (through `\n`, included) or to end of file, appending
    /// it to `buf`; returns the number of bytes read (`0` at end of file).
    ///
    /// Equivalent to `async fn read_line(&mut self, buf: &mut String) -> io::Result<usize>`.
    ///
    /// # Errors
    ///
    /// `InvalidData` if the bytes read are not UTF-8: they are discarded
    /// and `buf` keeps exactly its previous content. Any error of the
    /// reader: `buf` then holds the bytes read before it if they are UTF-8,
    /// else its previous content.
    ///
    /// # Cancel safety
    ///
    /// Not cancel safe: if the future is dropped, `buf` gets its previous
    /// content back and the bytes read so far are lost. Use
    /// [`lines`](AsyncBufReadExt::lines) (whose `next_line` is cancel safe)
    /// in `select!` loops.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncBufReadExt;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut r: &[u8] = b"one\ntwo";
    ///     let mut s = String::new();
    ///     assert_eq!(r.read_line(&mut s).await.unwrap(), 4);
    ///     assert_eq!(r.read_line(&mut s).await.unwrap(), 3);
    ///     assert_eq!(s, "one\ntwo");
    ///     assert_eq!(r.read_line(&mut s).await.unwrap(), 0);
    /// });
    /// ```
    fn read_line<'a>(&'a mut self, buf: &'a mut String) -> ReadLine<'a, Self>
    where
        Self: Unpin,
    {
        read_line(self, buf)
    }

    /// Splits the reader at `byte`; see [`Split`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncBufReadExt;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut s = rt_io::BufReader::new(&b"a b"[..]).split(b' ');
    ///     assert_eq!(s.next_segment().await.unwrap(), Some(b"a".to_vec()));
    ///     assert_eq!(s.next_segment().await.unwrap(), Some(b"b".to_vec()));
    ///     assert_eq!(s.next_segment().await.unwrap(), None);
    /// });
    /// ```
    fn split(self, byte: u8) -> Split<Self>
    where
        Self: Sized,
    {
        split(self, byte)
    }

    /// Returns the reader's buffered data, filling the buffer first if it
    /// is empty; an empty slice means end of file. Follow with
    /// [`consume`](AsyncBufReadExt::consume).
    ///
    /// Equivalent to `async fn fill_buf(&mut self) -> io::Result<&[u8]>`.
    ///
    /// # Errors
    ///
    /// Any error of the reader.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: dropping the future loses nothing (data stays in the
    /// reader's buffer).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::{AsyncBufReadExt, BufReader};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut r = BufReader::new(&b"peek"[..]);
    ///     assert_eq!(r.fill_buf().await.unwrap(), b"peek");
    ///     r.consume(2);
    ///     assert_eq!(r.fill_buf().await.unwrap(), b"ek");
    /// });
    /// ```
    fn fill_buf(&mut self) -> FillBuf<'_, Self>
    where
        Self: Unpin,
    {
        fill_buf(self)
    }

    /// Marks `amt` bytes of the buffer returned by
    /// [`fill_buf`](AsyncBufReadExt::fill_buf) as read.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncBufReadExt;
    ///
    /// let mut r: &[u8] = b"abc";
    /// r.consume(1);
    /// assert_eq!(r, b"bc");
    /// ```
    fn consume(&mut self, amt: usize)
    where
        Self: Unpin,
    {
        Pin::new(self).consume(amt)
    }

    /// Returns a [`Lines`] reading this reader line by line.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncBufReadExt;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut lines = (&b"x\ny\n"[..]).lines();
    ///     assert_eq!(lines.next_line().await.unwrap().as_deref(), Some("x"));
    ///     assert_eq!(lines.next_line().await.unwrap().as_deref(), Some("y"));
    ///     assert_eq!(lines.next_line().await.unwrap(), None);
    /// });
    /// ```
    fn lines(self) -> Lines<Self>
    where
        Self: Sized,
    {
        lines(self)
    }
}

impl<R: AsyncBufRead + ?Sized> AsyncBufReadExt for R {}
