//! [`sink`]: a writer that discards everything.

use super::poll_proceed_and_make_progress;
use crate::async_write::AsyncWrite;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// Accepts and discards every write. Created by [`sink()`].
///
/// Each poll charges the task's cooperative budget.
///
/// # Examples
///
/// ```
/// let s: rt_io::Sink = rt_io::sink();
/// # drop(s);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Sink {
    _p: (),
}

/// Returns a writer that accepts and discards all data.
///
/// # Examples
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut src: &[u8] = b"nobody reads this";
///     let n = rt_io::copy(&mut src, &mut rt_io::sink()).await.unwrap();
///     assert_eq!(n, 17);
/// });
/// ```
pub fn sink() -> Sink {
    Sink { _p: () }
}

impl AsyncWrite for Sink {
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
