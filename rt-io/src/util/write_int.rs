//! The future of `AsyncWriteExt::write_u8` ... `write_f64_le`.

use crate::async_write::AsyncWrite;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// Future of the `AsyncWriteExt::write_<number>` methods: writes the
/// encoded bytes in full.
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct WriteNumber<'a, W: ?Sized> {
    writer: &'a mut W,
    buf: [u8; 16],
    len: u8,
    written: u8,
}

pub(crate) fn write_number<'a, W: AsyncWrite + Unpin + ?Sized>(
    writer: &'a mut W,
    bytes: &[u8],
) -> WriteNumber<'a, W> {
    let mut buf = [0; 16];
    buf[..bytes.len()].copy_from_slice(bytes);
    WriteNumber {
        writer,
        buf,
        len: bytes.len() as u8,
        written: 0,
    }
}

impl<W: AsyncWrite + Unpin + ?Sized> Future for WriteNumber<'_, W> {
    type Output = io::Result<()>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        while this.written < this.len {
            let rest = &this.buf[this.written as usize..this.len as usize];
            let n = ready!(Pin::new(&mut *this.writer).poll_write(cx, rest))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            this.written += n.min(rest.len()) as u8;
        }
        Poll::Ready(Ok(()))
    }
}
