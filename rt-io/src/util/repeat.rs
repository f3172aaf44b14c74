//! [`repeat`]: a reader yielding one byte forever.

use super::poll_proceed_and_make_progress;
use crate::async_read::AsyncRead;
use crate::read_buf::ReadBuf;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// Yields the same byte forever. Created by [`repeat()`].
///
/// Each poll charges the task's cooperative budget.
///
/// # Examples
///
/// ```
/// let r: rt_io::Repeat = rt_io::repeat(0);
/// # drop(r);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Repeat {
    byte: u8,
}

/// Returns a reader that yields `byte` forever (fills every read).
///
/// # Examples
///
/// ```
/// use rt_io::AsyncReadExt;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut buf = [0u8; 4];
///     rt_io::repeat(b'z').read_exact(&mut buf).await.unwrap();
///     assert_eq!(&buf, b"zzzz");
/// });
/// ```
pub fn repeat(byte: u8) -> Repeat {
    Repeat { byte }
}

impl AsyncRead for Repeat {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        ready!(poll_proceed_and_make_progress(cx));
        let byte = self.byte;
        buf.initialize_unfilled().fill(byte);
        buf.advance(buf.remaining());
        Poll::Ready(Ok(()))
    }
}
