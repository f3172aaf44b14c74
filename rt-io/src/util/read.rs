//! Futures of [`AsyncReadExt`](crate::AsyncReadExt): `read`, `read_exact`,
//! `read_buf`, `read_to_end`, `read_to_string`.

use super::{eof, poll_read_buf};
use crate::async_read::AsyncRead;
use crate::buf::BufMut;
use crate::read_buf::ReadBuf;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// Future of [`AsyncReadExt::read`](crate::AsyncReadExt::read).
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Read<'a, R: ?Sized> {
    reader: &'a mut R,
    buf: &'a mut [u8],
}

pub(crate) fn read<'a, R: AsyncRead + Unpin + ?Sized>(
    reader: &'a mut R,
    buf: &'a mut [u8],
) -> Read<'a, R> {
    Read { reader, buf }
}

impl<R: AsyncRead + Unpin + ?Sized> Future for Read<'_, R> {
    type Output = io::Result<usize>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let mut rb = ReadBuf::new(this.buf);
        ready!(Pin::new(&mut *this.reader).poll_read(cx, &mut rb))?;
        Poll::Ready(Ok(rb.filled().len()))
    }
}

/// Future of [`AsyncReadExt::read_exact`](crate::AsyncReadExt::read_exact).
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ReadExact<'a, R: ?Sized> {
    reader: &'a mut R,
    buf: ReadBuf<'a>,
}

pub(crate) fn read_exact<'a, R: AsyncRead + Unpin + ?Sized>(
    reader: &'a mut R,
    buf: &'a mut [u8],
) -> ReadExact<'a, R> {
    ReadExact {
        reader,
        buf: ReadBuf::new(buf),
    }
}

impl<R: AsyncRead + Unpin + ?Sized> Future for ReadExact<'_, R> {
    type Output = io::Result<usize>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        while this.buf.remaining() > 0 {
            let before = this.buf.filled().len();
            ready!(Pin::new(&mut *this.reader).poll_read(cx, &mut this.buf))?;
            if this.buf.filled().len() == before {
                return Poll::Ready(Err(eof()));
            }
        }
        Poll::Ready(Ok(this.buf.capacity()))
    }
}

/// Future of [`AsyncReadExt::read_buf`](crate::AsyncReadExt::read_buf).
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ReadBufFut<'a, R: ?Sized, B: ?Sized> {
    reader: &'a mut R,
    buf: &'a mut B,
}

pub(crate) fn read_buf<'a, R, B>(reader: &'a mut R, buf: &'a mut B) -> ReadBufFut<'a, R, B>
where
    R: AsyncRead + Unpin + ?Sized,
    B: BufMut + ?Sized,
{
    ReadBufFut { reader, buf }
}

impl<R, B> Future for ReadBufFut<'_, R, B>
where
    R: AsyncRead + Unpin + ?Sized,
    B: BufMut + ?Sized,
{
    type Output = io::Result<usize>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        poll_read_buf(Pin::new(&mut *this.reader), cx, this.buf)
    }
}

/// Future of [`AsyncReadExt::read_to_end`](crate::AsyncReadExt::read_to_end).
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ReadToEnd<'a, R: ?Sized> {
    reader: &'a mut R,
    buf: &'a mut Vec<u8>,
    read: usize,
}

pub(crate) fn read_to_end<'a, R: AsyncRead + Unpin + ?Sized>(
    reader: &'a mut R,
    buf: &'a mut Vec<u8>,
) -> ReadToEnd<'a, R> {
    ReadToEnd {
        reader,
        buf,
        read: 0,
    }
}

/// Reads until EOF, appending to `buf`; `read` counts the bytes appended
/// (across polls).
fn poll_read_to_end<R: AsyncRead + ?Sized>(
    mut reader: Pin<&mut R>,
    cx: &mut Context<'_>,
    buf: &mut Vec<u8>,
    read: &mut usize,
) -> Poll<io::Result<usize>> {
    loop {
        if buf.capacity() - buf.len() < 32 {
            // Grow geometrically, starting small for short reads.
            buf.reserve(buf.capacity().max(32));
        }
        let n = ready!(poll_read_buf(reader.as_mut(), cx, buf))?;
        if n == 0 {
            return Poll::Ready(Ok(std::mem::take(read)));
        }
        *read += n;
    }
}

impl<R: AsyncRead + Unpin + ?Sized> Future for ReadToEnd<'_, R> {
    type Output = io::Result<usize>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        poll_read_to_end(Pin::new(&mut *this.reader), cx, this.buf, &mut this.read)
    }
}

/// Future of [`AsyncReadExt::read_to_string`](crate::AsyncReadExt::read_to_string).
///
/// While it runs, the string's bytes live in the future; dropping the
/// future early restores the string's original content.
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ReadToString<'a, R: ?Sized> {
    reader: &'a mut R,
    output: &'a mut String,
    bytes: Vec<u8>,
    start_len: usize,
    read: usize,
}

pub(crate) fn read_to_string<'a, R: AsyncRead + Unpin + ?Sized>(
    reader: &'a mut R,
    output: &'a mut String,
) -> ReadToString<'a, R> {
    let bytes = std::mem::take(output).into_bytes();
    ReadToString {
        reader,
        output,
        start_len: bytes.len(),
        bytes,
        read: 0,
    }
}

/// Moves `bytes` back into `output`, keeping only the original prefix
/// when the appended part is not UTF-8. Returns whether it was UTF-8.
pub(super) fn restore_string(output: &mut String, bytes: &mut Vec<u8>, start_len: usize) -> bool {
    let bytes = std::mem::take(bytes);
    match String::from_utf8(bytes) {
        Ok(s) => {
            *output = s;
            true
        }
        Err(e) => {
            let mut bytes = e.into_bytes();
            bytes.truncate(start_len);
            // The original prefix came from a `String`: it is UTF-8.
            *output = String::from_utf8(bytes).unwrap_or_default();
            false
        }
    }
}

pub(super) fn invalid_utf8() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "stream did not contain valid UTF-8",
    )
}

impl<R: AsyncRead + Unpin + ?Sized> Future for ReadToString<'_, R> {
    type Output = io::Result<usize>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let res = ready!(poll_read_to_end(
            Pin::new(&mut *this.reader),
            cx,
            &mut this.bytes,
            &mut this.read
        ));
        let utf8 = restore_string(this.output, &mut this.bytes, this.start_len);
        this.start_len = usize::MAX; // done: Drop must not restore again
        match res {
            Ok(n) if utf8 => Poll::Ready(Ok(n)),
            Ok(_) => Poll::Ready(Err(invalid_utf8())),
            Err(e) => Poll::Ready(Err(e)),
        }
    }
}

impl<R: ?Sized> Drop for ReadToString<'_, R> {
    fn drop(&mut self) {
        if self.start_len != usize::MAX {
            // Cancelled: put the original content back.
            self.bytes.truncate(self.start_len);
            restore_string(self.output, &mut self.bytes, self.start_len);
        }
    }
}
