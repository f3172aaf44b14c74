//! [`AsyncWriteExt`]: the `write_*` methods of every [`AsyncWrite`].

use super::write::{
    flush, shutdown, write, write_all, write_all_buf, write_buf, write_vectored, Flush, Shutdown,
    Write, WriteAll, WriteAllBuf, WriteBuf, WriteVectored,
};
use super::write_int::{write_number, WriteNumber};
use crate::async_write::AsyncWrite;
use crate::buf::Buf;
use std::io::IoSlice;

macro_rules! write_number_methods {
    ($( $name:ident => $ty:ident :: $conv:ident, $order:literal; )*) => {$(
        #[doc = concat!("Writes a `", stringify!($ty), "` in ", $order, " byte order.")]
        ///
        /// Equivalent to
        #[doc = concat!("`async fn ", stringify!($name), "(&mut self, n: ", stringify!($ty), ") -> io::Result<()>`.")]
        ///
        /// # Errors
        ///
        /// `WriteZero` if the writer accepts no more; any error of the writer.
        ///
        /// # Cancel safety
        ///
        /// Not cancel safe: part of the number may have been written.
        ///
        /// # Examples
        ///
        /// ```
        /// use rt_io::AsyncWriteExt;
        ///
        /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
        /// rt.block_on(async {
        ///     let mut v = Vec::new();
        #[doc = concat!("    v.", stringify!($name), "(7 as ", stringify!($ty), ").await.unwrap();")]
        #[doc = concat!("    assert_eq!(v, (7 as ", stringify!($ty), ").", stringify!($conv), "());")]
        /// });
        /// ```
        fn $name(&mut self, n: $ty) -> WriteNumber<'_, Self>
        where
            Self: Unpin,
        {
            write_number(self, &n.$conv())
        }
    )*};
}

/// Writes bytes to an [`AsyncWrite`]: the asynchronous versions of
/// [`std::io::Write`]'s methods, and more.
///
/// Implemented for every `AsyncWrite`.
///
/// # Examples
///
/// ```
/// use rt_io::AsyncWriteExt;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut out = Vec::new();
///     out.write_all(b"len=").await.unwrap();
///     out.write_u8(3).await.unwrap();
///     out.flush().await.unwrap();
///     assert_eq!(out, b"len=\x03");
/// });
/// ```
pub trait AsyncWriteExt: AsyncWrite {
    /// Writes some bytes of `src`, returning how many were written.
    ///
    /// Equivalent to `async fn write(&mut self, src: &[u8]) -> io::Result<usize>`.
    /// May write fewer bytes than `src` holds; `Ok(0)` for a non-empty
    /// `src` means the writer is closed.
    ///
    /// # Errors
    ///
    /// Any error of the writer.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: if the future is dropped before it completes, nothing
    /// was written.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncWriteExt;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut out = Vec::new();
    ///     assert_eq!(out.write(b"abc").await.unwrap(), 3);
    /// });
    /// ```
    fn write<'a>(&'a mut self, src: &'a [u8]) -> Write<'a, Self>
    where
        Self: Unpin,
    {
        write(self, src)
    }

    /// Writes from several buffers at once, returning the number of bytes
    /// written (possibly fewer than their total).
    ///
    /// Equivalent to `async fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize>`.
    ///
    /// # Errors
    ///
    /// Any error of the writer.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: if the future is dropped before it completes, nothing
    /// was written.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncWriteExt;
    /// use std::io::IoSlice;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut out = Vec::new();
    ///     let bufs = [IoSlice::new(b"ab"), IoSlice::new(b"cd")];
    ///     assert_eq!(out.write_vectored(&bufs).await.unwrap(), 4);
    ///     assert_eq!(out, b"abcd");
    /// });
    /// ```
    fn write_vectored<'a, 'b>(&'a mut self, bufs: &'a [IoSlice<'b>]) -> WriteVectored<'a, 'b, Self>
    where
        Self: Unpin,
    {
        write_vectored(self, bufs)
    }

    /// Writes some bytes from `src` (a [`Buf`](crate::buf::Buf)) and
    /// advances its cursor past them; returns how many.
    ///
    /// Equivalent to `async fn write_buf<B: Buf>(&mut self, src: &mut B) -> io::Result<usize>`.
    /// `Ok(0)` if `src` is empty (or the writer is closed).
    ///
    /// # Errors
    ///
    /// Any error of the writer.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: if the future is dropped before it completes, nothing
    /// was written and `src` is unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncWriteExt;
    /// use std::io::Cursor;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut out = Vec::new();
    ///     let mut src = Cursor::new(b"data".to_vec());
    ///     assert_eq!(out.write_buf(&mut src).await.unwrap(), 4);
    ///     assert_eq!(src.position(), 4);
    /// });
    /// ```
    fn write_buf<'a, B>(&'a mut self, src: &'a mut B) -> WriteBuf<'a, Self, B>
    where
        Self: Sized + Unpin,
        B: Buf,
    {
        write_buf(self, src)
    }

    /// Writes all of `src`'s remaining bytes, advancing its cursor as they
    /// are written.
    ///
    /// Equivalent to `async fn write_all_buf<B: Buf>(&mut self, src: &mut B) -> io::Result<()>`.
    ///
    /// # Errors
    ///
    /// `WriteZero` if the writer accepts no more; any error of the writer.
    /// `src`'s cursor shows how much was written.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: `src`'s cursor always reflects what was written, so a
    /// new call continues exactly where the dropped one stopped.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncWriteExt;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut out = Vec::new();
    ///     let mut src: &[u8] = b"all of it";
    ///     out.write_all_buf(&mut src).await.unwrap();
    ///     assert!(src.is_empty());
    ///     assert_eq!(out, b"all of it");
    /// });
    /// ```
    fn write_all_buf<'a, B>(&'a mut self, src: &'a mut B) -> WriteAllBuf<'a, Self, B>
    where
        Self: Sized + Unpin,
        B: Buf,
    {
        write_all_buf(self, src)
    }

    /// Writes all of `src`.
    ///
    /// Equivalent to `async fn write_all(&mut self, src: &[u8]) -> io::Result<()>`.
    ///
    /// # Errors
    ///
    /// `WriteZero` if the writer accepts no more; any error of the writer.
    ///
    /// # Cancel safety
    ///
    /// Not cancel safe: if the future is dropped, an unknown prefix of
    /// `src` may have been written. Use
    /// [`write_all_buf`](AsyncWriteExt::write_all_buf) to keep track.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncWriteExt;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut out = Vec::new();
    ///     out.write_all(b"everything").await.unwrap();
    ///     assert_eq!(out, b"everything");
    /// });
    /// ```
    fn write_all<'a>(&'a mut self, src: &'a [u8]) -> WriteAll<'a, Self>
    where
        Self: Unpin,
    {
        write_all(self, src)
    }

    write_number_methods! {
        write_u8 => u8::to_be_bytes, "big-endian";
        write_i8 => i8::to_be_bytes, "big-endian";
        write_u16 => u16::to_be_bytes, "big-endian";
        write_i16 => i16::to_be_bytes, "big-endian";
        write_u32 => u32::to_be_bytes, "big-endian";
        write_i32 => i32::to_be_bytes, "big-endian";
        write_u64 => u64::to_be_bytes, "big-endian";
        write_i64 => i64::to_be_bytes, "big-endian";
        write_u128 => u128::to_be_bytes, "big-endian";
        write_i128 => i128::to_be_bytes, "big-endian";
        write_f32 => f32::to_be_bytes, "big-endian";
        write_f64 => f64::to_be_bytes, "big-endian";
        write_u16_le => u16::to_le_bytes, "little-endian";
        write_i16_le => i16::to_le_bytes, "little-endian";
        write_u32_le => u32::to_le_bytes, "little-endian";
        write_i32_le => i32::to_le_bytes, "little-endian";
        write_u64_le => u64::to_le_bytes, "little-endian";
        write_i64_le => i64::to_le_bytes, "little-endian";
        write_u128_le => u128::to_le_bytes, "little-endian";
        write_i128_le => i128::to_le_bytes, "little-endian";
        write_f32_le => f32::to_le_bytes, "little-endian";
        write_f64_le => f64::to_le_bytes, "little-endian";
    }

    /// Flushes buffered data to its destination.
    ///
    /// Equivalent to `async fn flush(&mut self) -> io::Result<()>`.
    ///
    /// # Errors
    ///
    /// Any error of the writer.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe in that no data is lost: a dropped flush may have
    /// written part of the buffered data; flushing again writes the rest.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::{AsyncWriteExt, BufWriter};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut w = BufWriter::new(Vec::new());
    ///     w.write_all(b"buffered").await.unwrap();
    ///     assert!(w.get_ref().is_empty());
    ///     w.flush().await.unwrap();
    ///     assert_eq!(w.get_ref(), b"buffered");
    /// });
    /// ```
    fn flush(&mut self) -> Flush<'_, Self>
    where
        Self: Unpin,
    {
        flush(self)
    }

    /// Shuts down the write side: flushes, then closes it (for a socket,
    /// sends FIN; for a [`DuplexStream`](crate::DuplexStream), the peer
    /// reads EOF).
    ///
    /// Equivalent to `async fn shutdown(&mut self) -> io::Result<()>`.
    ///
    /// # Errors
    ///
    /// Any error of the writer.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe in that no data is lost: a dropped shutdown may have
    /// flushed part of the data; calling it again finishes the job.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::{AsyncReadExt, AsyncWriteExt};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let (mut a, mut b) = rt_io::duplex(64);
    ///     a.write_all(b"bye").await.unwrap();
    ///     a.shutdown().await.unwrap();
    ///     let mut got = Vec::new();
    ///     b.read_to_end(&mut got).await.unwrap();
    ///     assert_eq!(got, b"bye");
    /// });
    /// ```
    fn shutdown(&mut self) -> Shutdown<'_, Self>
    where
        Self: Unpin,
    {
        shutdown(self)
    }
}

impl<W: AsyncWrite + ?Sized> AsyncWriteExt for W {}
