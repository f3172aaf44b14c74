//! Future of [`AsyncSeekExt::seek`](crate::AsyncSeekExt::seek).

use crate::async_seek::AsyncSeek;
use std::future::Future;
use std::io::{self, SeekFrom};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// Future of [`AsyncSeekExt::seek`](crate::AsyncSeekExt::seek) (and
/// `rewind`, `stream_position`).
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Seek<'a, S: ?Sized> {
    seek: &'a mut S,
    pos: Option<SeekFrom>,
}

pub(crate) fn seek<S: AsyncSeek + Unpin + ?Sized>(seek: &mut S, pos: SeekFrom) -> Seek<'_, S> {
    Seek {
        seek,
        pos: Some(pos),
    }
}

impl<S: AsyncSeek + Unpin + ?Sized> Future for Seek<'_, S> {
    type Output = io::Result<u64>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        let this = self.get_mut();
        if let Some(pos) = this.pos {
            // Finish a seek a cancelled call may have left in flight.
            ready!(Pin::new(&mut *this.seek).poll_complete(cx))?;
            Pin::new(&mut *this.seek).start_seek(pos)?;
            this.pos = None;
        }
        Pin::new(&mut *this.seek).poll_complete(cx)
    }
}
