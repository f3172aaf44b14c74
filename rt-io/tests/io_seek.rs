//! `AsyncSeek` / `AsyncSeekExt`.

mod support;

use rt_io::{AsyncReadExt, AsyncSeek, AsyncSeekExt};
use std::io::{self, Cursor, SeekFrom};
use std::pin::Pin;
use std::task::{Context, Poll};
use support::block_on;

#[test]
fn cursor_seeks() {
    block_on(async {
        let mut c = Cursor::new(b"0123456789".to_vec());
        assert_eq!(c.seek(SeekFrom::Start(3)).await.unwrap(), 3);
        assert_eq!(c.seek(SeekFrom::Current(2)).await.unwrap(), 5);
        assert_eq!(c.read_u8().await.unwrap(), b'5');
        assert_eq!(c.seek(SeekFrom::End(-1)).await.unwrap(), 9);
        assert_eq!(c.stream_position().await.unwrap(), 9);
        assert_eq!(c.rewind().await.unwrap(), 0);
        let err = c.seek(SeekFrom::Current(-1)).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    });
}

/// A seeker whose seeks take one `Pending` to complete.
#[derive(Default)]
struct SlowSeek {
    pos: u64,
    target: Option<u64>,
    pending_once: bool,
}

impl AsyncSeek for SlowSeek {
    fn start_seek(mut self: Pin<&mut Self>, position: SeekFrom) -> io::Result<()> {
        if self.target.is_some() {
            return Err(io::Error::other("seek in progress"));
        }
        let SeekFrom::Start(p) = position else {
            return Err(io::ErrorKind::Unsupported.into());
        };
        self.target = Some(p);
        self.pending_once = true;
        Ok(())
    }

    fn poll_complete(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        if self.pending_once {
            self.pending_once = false;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        if let Some(t) = self.target.take() {
            self.pos = t;
        }
        Poll::Ready(Ok(self.pos))
    }
}

#[test]
fn a_cancelled_seek_is_completed_by_the_next_one() {
    let mut s = SlowSeek::default();
    {
        let mut fut = s.seek(SeekFrom::Start(10));
        assert!(support::poll_once(&mut fut).is_pending()); // cancelled mid-seek
    }
    block_on(async {
        // The next seek first waits for the one in flight, then seeks.
        assert_eq!(s.seek(SeekFrom::Start(20)).await.unwrap(), 20);
        assert_eq!(s.stream_position_start().await, 20);
    });
}

trait StartPos {
    async fn stream_position_start(&mut self) -> u64;
}

impl StartPos for SlowSeek {
    async fn stream_position_start(&mut self) -> u64 {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_complete(cx))
            .await
            .unwrap()
    }
}

#[test]
fn boxed_seek() {
    block_on(async {
        let mut b: Box<dyn AsyncSeek + Unpin> = Box::new(Cursor::new(vec![0u8; 4]));
        assert_eq!(b.seek(SeekFrom::End(0)).await.unwrap(), 4);
    });
}
