//! The future of `AsyncReadExt::read_u8` ... `read_f64_le`.

use super::eof;
use crate::async_read::AsyncRead;
use crate::read_buf::ReadBuf;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// Future of the `AsyncReadExt::read_<number>` methods: reads exactly
/// `size_of::<N>()` bytes and decodes them.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ReadNumber<'a, R: ?Sized, N> {
    reader: &'a mut R,
    buf: [u8; 16],
    size: u8,
    filled: u8,
    decode: fn(&[u8]) -> N,
}

pub(crate) fn read_number<R: AsyncRead + Unpin + ?Sized, N>(
    reader: &mut R,
    size: usize,
    decode: fn(&[u8]) -> N,
) -> ReadNumber<'_, R, N> {
    debug_assert!(size <= 16);
    ReadNumber {
        reader,
        buf: [0; 16],
        size: size as u8,
        filled: 0,
        decode,
    }
}

impl<R: AsyncRead + Unpin + ?Sized, N> Future for ReadNumber<'_, R, N> {
    type Output = io::Result<N>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<N>> {
        let this = self.get_mut();
        let size = this.size as usize;
        while (this.filled as usize) < size {
            let mut rb = ReadBuf::new(&mut this.buf[this.filled as usize..size]);
            ready!(Pin::new(&mut *this.reader).poll_read(cx, &mut rb))?;
            let n = rb.filled().len();
            if n == 0 {
                return Poll::Ready(Err(eof()));
            }
            this.filled += n as u8;
        }
        Poll::Ready(Ok((this.decode)(&this.buf[..size])))
    }
}

impl<R: ?Sized, N> fmt::Debug for ReadNumber<'_, R, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadNumber")
            .field("size", &self.size)
            .field("filled", &self.filled)
            .finish_non_exhaustive()
    }
}
