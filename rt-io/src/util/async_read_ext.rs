//! [`AsyncReadExt`]: the `read_*` methods of every [`AsyncRead`].

use super::chain::{chain, Chain};
use super::read::{
    read, read_buf, read_exact, read_to_end, read_to_string, Read, ReadBufFut, ReadExact,
    ReadToEnd, ReadToString,
};
use super::read_int::{read_number, ReadNumber};
use super::take::{take, Take};
use crate::async_read::AsyncRead;
use crate::buf::BufMut;

macro_rules! read_number_methods {
    ($( $name:ident => $ty:ident :: $conv:ident / $enc:ident, $order:literal; )*) => {$(
        #[doc = concat!("Reads a `", stringify!($ty), "` in ", $order, " byte order.")]
        ///
        /// Equivalent to
        #[doc = concat!("`async fn ", stringify!($name), "(&mut self) -> io::Result<", stringify!($ty), ">`.")]
        ///
        /// # Errors
        ///
        /// `UnexpectedEof` if the reader ends first; any error of the reader.
        ///
        /// # Cancel safety
        ///
        /// Not cancel safe: bytes of a partially read number are lost.
        ///
        /// # Examples
        ///
        /// ```
        /// use rt_io::AsyncReadExt;
        ///
        /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
        /// rt.block_on(async {
        #[doc = concat!("    let bytes = (42 as ", stringify!($ty), ").", stringify!($enc), "();")]
        ///     let mut r = &bytes[..];
        #[doc = concat!("    assert_eq!(r.", stringify!($name), "().await.unwrap(), 42 as ", stringify!($ty), ");")]
        /// });
        /// ```
        fn $name(&mut self) -> ReadNumber<'_, Self, $ty>
        where
            Self: Unpin,
        {
            read_number(self, std::mem::size_of::<$ty>(), |b| {
                let mut bytes = [0u8; std::mem::size_of::<$ty>()];
                bytes.copy_from_slice(b);
                $ty::$conv(bytes)
            })
        }
    )*};
}

/// Reads bytes from an [`AsyncRead`]: the asynchronous versions of
/// [`std::io::Read`]'s methods, and more.
///
/// Implemented for every `AsyncRead`. Each method returns a future to
/// `.await`; the methods document their cancel safety (whether dropping
/// the future early, as `select!` does, can lose data).
///
/// # Examples
///
/// ```
/// use rt_io::AsyncReadExt;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut r: &[u8] = b"\x00\x2Arest";
///     assert_eq!(r.read_u16().await.unwrap(), 42);
///     let mut rest = Vec::new();
///     r.read_to_end(&mut rest).await.unwrap();
///     assert_eq!(rest, b"rest");
/// });
/// ```
pub trait AsyncReadExt: AsyncRead {
    /// Chains this reader with `next`: reads from `self` until EOF, then
    /// from `next`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncReadExt;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut buf = Vec::new();
    ///     (&b"a"[..]).chain(&b"b"[..]).read_to_end(&mut buf).await.unwrap();
    ///     assert_eq!(buf, b"ab");
    /// });
    /// ```
    fn chain<R>(self, next: R) -> Chain<Self, R>
    where
        Self: Sized,
        R: AsyncRead,
    {
        chain(self, next)
    }

    /// Reads some bytes into `buf`, returning how many.
    ///
    /// Equivalent to `async fn read(&mut self, buf: &mut [u8]) -> io::Result<usize>`.
    /// `Ok(0)` means end of file (or an empty `buf`). Waits until at least
    /// one byte is available.
    ///
    /// # Errors
    ///
    /// Any error of the reader.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: if the future is dropped before it completes, no data
    /// was read.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncReadExt;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut r: &[u8] = b"hello";
    ///     let mut buf = [0u8; 3];
    ///     assert_eq!(r.read(&mut buf).await.unwrap(), 3);
    ///     assert_eq!(&buf, b"hel");
    /// });
    /// ```
    fn read<'a>(&'a mut self, buf: &'a mut [u8]) -> Read<'a, Self>
    where
        Self: Unpin,
    {
        read(self, buf)
    }

    /// Reads some bytes into the spare capacity of `buf` (a
    /// [`BufMut`](crate::buf::BufMut) such as `Vec<u8>`), returning how
    /// many were appended. Never reads uninitialised memory, never zeroes it
    /// either.
    ///
    /// Equivalent to `async fn read_buf<B: BufMut>(&mut self, buf: &mut B) -> io::Result<usize>`.
    /// `Ok(0)` means end of file, or `buf` has no room.
    ///
    /// # Errors
    ///
    /// Any error of the reader.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: if the future is dropped before it completes, no data
    /// was read.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncReadExt;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut r: &[u8] = b"abc";
    ///     let mut v = Vec::with_capacity(8);
    ///     assert_eq!(r.read_buf(&mut v).await.unwrap(), 3);
    ///     assert_eq!(v, b"abc");
    /// });
    /// ```
    fn read_buf<'a, B>(&'a mut self, buf: &'a mut B) -> ReadBufFut<'a, Self, B>
    where
        Self: Unpin,
        B: BufMut + ?Sized,
    {
        read_buf(self, buf)
    }

    /// Reads exactly `buf.len()` bytes, returning that length.
    ///
    /// Equivalent to `async fn read_exact(&mut self, buf: &mut [u8]) -> io::Result<usize>`.
    ///
    /// # Errors
    ///
    /// `UnexpectedEof` if the reader ends first (the content of `buf` is
    /// then unspecified); any error of the reader.
    ///
    /// # Cancel safety
    ///
    /// Not cancel safe: if the future is dropped, some bytes may have been
    /// read into `buf` and are lost to the next read.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncReadExt;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut r: &[u8] = b"hi";
    ///     let mut buf = [0u8; 3];
    ///     let err = r.read_exact(&mut buf).await.unwrap_err();
    ///     assert_eq!(err.kind(), std::io::ErrorKind::UnexpectedEof);
    /// });
    /// ```
    fn read_exact<'a>(&'a mut self, buf: &'a mut [u8]) -> ReadExact<'a, Self>
    where
        Self: Unpin,
    {
        read_exact(self, buf)
    }

    read_number_methods! {
        read_u8 => u8::from_be_bytes / to_be_bytes, "big-endian";
        read_i8 => i8::from_be_bytes / to_be_bytes, "big-endian";
        read_u16 => u16::from_be_bytes / to_be_bytes, "big-endian";
        read_i16 => i16::from_be_bytes / to_be_bytes, "big-endian";
        read_u32 => u32::from_be_bytes / to_be_bytes, "big-endian";
        read_i32 => i32::from_be_bytes / to_be_bytes, "big-endian";
        read_u64 => u64::from_be_bytes / to_be_bytes, "big-endian";
        read_i64 => i64::from_be_bytes / to_be_bytes, "big-endian";
        read_u128 => u128::from_be_bytes / to_be_bytes, "big-endian";
        read_i128 => i128::from_be_bytes / to_be_bytes, "big-endian";
        read_f32 => f32::from_be_bytes / to_be_bytes, "big-endian";
        read_f64 => f64::from_be_bytes / to_be_bytes, "big-endian";
        read_u16_le => u16::from_le_bytes / to_le_bytes, "little-endian";
        read_i16_le => i16::from_le_bytes / to_le_bytes, "little-endian";
        read_u32_le => u32::from_le_bytes / to_le_bytes, "little-endian";
        read_i32_le => i32::from_le_bytes / to_le_bytes, "little-endian";
        read_u64_le => u64::from_le_bytes / to_le_bytes, "little-endian";
        read_i64_le => i64::from_le_bytes / to_le_bytes, "little-endian";
        read_u128_le => u128::from_le_bytes / to_le_bytes, "little-endian";
        read_i128_le => i128::from_le_bytes / to_le_bytes, "little-endian";
        read_f32_le => f32::from_le_bytes / to_le_bytes, "little-endian";
        read_f64_le => f64::from_le_bytes / to_le_bytes, "little-endian";
    }

    /// Reads to end of file, appending to `buf`; returns the number of
    /// bytes appended.
    ///
    /// Equivalent to `async fn read_to_end(&mut self, buf: &mut Vec<u8>) -> io::Result<usize>`.
    ///
    /// # Errors
    ///
    /// Any error of the reader; the bytes read before it stay in `buf`.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe in the sense that nothing is lost: bytes read before
    /// the future was dropped stay appended to `buf`, so calling again
    /// continues where it stopped (the returned count then covers only the
    /// second call).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncReadExt;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut buf = b"x".to_vec();
    ///     let n = (&b"yz"[..]).read_to_end(&mut buf).await.unwrap();
    ///     assert_eq!((n, &buf[..]), (2, &b"xyz"[..]));
    /// });
    /// ```
    fn read_to_end<'a>(&'a mut self, buf: &'a mut Vec<u8>) -> ReadToEnd<'a, Self>
    where
        Self: Unpin,
    {
        read_to_end(self, buf)
    }

    /// Reads to end of file, appending to `dst`; returns the number of
    /// bytes appended.
    ///
    /// Equivalent to `async fn read_to_string(&mut self, dst: &mut String) -> io::Result<usize>`.
    ///
    /// # Errors
    ///
    /// `InvalidData` if the bytes read are not UTF-8: `dst` is then left
    /// unchanged. Any error of the reader: `dst` then holds the bytes read
    /// before it if they are UTF-8, else it is unchanged.
    ///
    /// # Cancel safety
    ///
    /// Not cancel safe: if the future is dropped, `dst` gets its original
    /// content back and the bytes read so far are lost.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncReadExt;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut s = String::new();
    ///     (&b"text"[..]).read_to_string(&mut s).await.unwrap();
    ///     assert_eq!(s, "text");
    ///     let err = (&b"\xff"[..]).read_to_string(&mut s).await.unwrap_err();
    ///     assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    ///     assert_eq!(s, "text");
    /// });
    /// ```
    fn read_to_string<'a>(&'a mut self, dst: &'a mut String) -> ReadToString<'a, Self>
    where
        Self: Unpin,
    {
        read_to_string(self, dst)
    }

    /// Limits this reader to `limit` bytes; see [`Take`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::AsyncReadExt;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut buf = Vec::new();
    ///     (&b"abcdef"[..]).take(2).read_to_end(&mut buf).await.unwrap();
    ///     assert_eq!(buf, b"ab");
    /// });
    /// ```
    fn take(self, limit: u64) -> Take<Self>
    where
        Self: Sized,
    {
        take(self, limit)
    }
}

impl<R: AsyncRead + ?Sized> AsyncReadExt for R {}
