//! [`empty`]: a reader that is always at EOF, a writer that discards.

use super::poll_proceed_and_make_progress;
use crate::async_buf_read::AsyncBufRead;
use crate::async_read::AsyncRead;
use crate::async_seek::AsyncSeek;
use crate::async_write::AsyncWrite;
use crate::read_buf::ReadBuf;
use std::io::{self, SeekFrom};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// Always at end of file when read; accepts and discards writes. Created
/// by [`empty()`].
///
/// Each poll charges the task's cooperative budget, so a loop over an
/// `Empty` still lets other tasks run.
///
/// # Examples
///
/// ```
/// let e: rt_io::Empty = rt_io::empty();
/// # drop(e);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Empty {
    _p: (),
}

/// Returns a reader that is always at EOF (and a writer that discards
/// everything).
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt};
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut buf = Vec::new();
///     assert_eq!(rt_io::empty().read_to_end(&mut buf).await.unwrap(), 0);
///     assert_eq!(rt_io::empty().write(b"gone").await.unwrap(), 4);
/// });
/// ```
pub fn empty() -> Empty {
    Empty { _p: () }
}

impl AsyncRead for Empty {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        _buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        ready!(poll_proceed_and_make_progress(cx));
        Poll::Ready(Ok(()))
    }
}

impl AsyncBufRead for Empty {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        ready!(poll_proceed_and_make_progress(cx));
        Poll::Ready(Ok(&[]))
    }

    fn consume(self: Pin<&mut Self>, _amt: usize) {}
}

impl AsyncWrite for Empty {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        ready!(poll_proceed_and_make_progress(cx));
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(poll_proceed_and_make_progress(cx));
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(poll_proceed_and_make_progress(cx));
        Poll::Ready(Ok(()))
    }
}

impl AsyncSeek for Empty {
    fn start_seek(self: Pin<&mut Self>, _position: SeekFrom) -> io::Result<()> {
        Ok(())
    }

    fn poll_complete(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        ready!(poll_proceed_and_make_progress(cx));
        Poll::Ready(Ok(0))
    }
}
