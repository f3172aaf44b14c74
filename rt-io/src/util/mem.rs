//! [`duplex`]: an in-memory, bounded, bidirectional byte pipe.
//!
//! # Protocol
//!
//! Each direction is a `Pipe` behind a mutex, shared by the writing end
//! and the reading end:
//!
//! 1. The buffer never holds more than `max_buf_size` bytes: a write
//!    takes at most the free room, and with no room it parks its waker in
//!    `write_waker` and returns `Pending`.
//! 2. A read with an empty buffer parks its waker in `read_waker` (or
//!    returns EOF once `write_closed`).
//! 3. Every state change that can unblock the other end (bytes added,
//!    bytes removed, either side closed) takes the other end's waker under
//!    the lock and wakes it after releasing the lock. Since a parked waker
//!    is stored under the same lock that the state change holds, no wake-up
//!    is lost.
//! 4. Dropping a `DuplexStream` closes both of its directions: its peer
//!    reads the remaining bytes then EOF, and its peer's writes fail with
//!    `BrokenPipe`.

use super::poll_proceed_and_make_progress;
use crate::async_read::AsyncRead;
use crate::async_write::AsyncWrite;
use crate::loom::lock;
use crate::loom::sync::{Arc, Mutex};
use crate::read_buf::ReadBuf;
use std::collections::VecDeque;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll, Waker};

/// One end of an in-memory bidirectional pipe; created in pairs by
/// [`duplex`].
///
/// Bytes written to one end are read from the other. Each direction
/// buffers at most `max_buf_size` bytes: a writer that gets ahead of its
/// reader waits (back-pressure), so memory use stays bounded.
///
/// Dropping an end closes it: the peer reads what is buffered and then
/// EOF, and the peer's writes fail with `BrokenPipe`.
/// [`shutdown`](crate::AsyncWriteExt::shutdown) closes only this end's
/// writing direction.
///
/// Each read and write charges the task's cooperative budget.
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
///
/// async fn greet(mut stream: DuplexStream) -> std::io::Result<()> {
///     stream.write_all(b"hello").await
/// }
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let (a, mut b) = rt_io::duplex(16);
///     greet(a).await.unwrap(); // `a` is dropped: `b` reads "hello", then EOF
///     let mut got = String::new();
///     b.read_to_string(&mut got).await.unwrap();
///     assert_eq!(got, "hello");
/// });
/// ```
#[derive(Debug)]
pub struct DuplexStream {
    read: Arc<Mutex<Pipe>>,
    write: Arc<Mutex<Pipe>>,
}

#[derive(Debug)]
struct Pipe {
    buffer: VecDeque<u8>,
    max_buf_size: usize,
    /// The writing end shut down or was dropped.
    write_closed: bool,
    /// The reading end was dropped.
    read_closed: bool,
    read_waker: Option<Waker>,
    write_waker: Option<Waker>,
}

/// Creates a pair of connected [`DuplexStream`]s, each direction buffering
/// at most `max_buf_size` bytes.
///
/// Useful to test protocol code without sockets.
///
/// # Panics
///
/// Panics if `max_buf_size` is 0 (nothing could ever be written).
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt};
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let (mut client, mut server) = rt_io::duplex(64);
///     client.write_all(b"ping").await.unwrap();
///     let mut buf = [0u8; 4];
///     server.read_exact(&mut buf).await.unwrap();
///     assert_eq!(&buf, b"ping");
///     server.write_all(b"pong").await.unwrap();
///     client.read_exact(&mut buf).await.unwrap();
///     assert_eq!(&buf, b"pong");
/// });
/// ```
#[track_caller]
pub fn duplex(max_buf_size: usize) -> (DuplexStream, DuplexStream) {
    assert!(max_buf_size > 0, "duplex: max_buf_size must be at least 1");
    let one = Arc::new(Mutex::new(Pipe::new(max_buf_size)));
    let two = Arc::new(Mutex::new(Pipe::new(max_buf_size)));
    (
        DuplexStream {
            read: one.clone(),
            write: two.clone(),
        },
        DuplexStream {
            read: two,
            write: one,
        },
    )
}

impl Pipe {
    fn new(max_buf_size: usize) -> Pipe {
        Pipe {
            buffer: VecDeque::new(),
            max_buf_size,
            write_closed: false,
            read_closed: false,
            read_waker: None,
            write_waker: None,
        }
    }

    /// Returns the waker to wake (after unlocking) per rule 3.
    fn poll_read(
        &mut self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> (Poll<io::Result<()>>, Option<Waker>) {
        if self.buffer.is_empty() {
            if self.write_closed {
                return (Poll::Ready(Ok(())), None);
            }
            // Rule 2.
            store_waker(&mut self.read_waker, cx);
            return (Poll::Pending, None);
        }
        let n = self.buffer.len().min(buf.remaining());
        let (front, back) = self.buffer.as_slices();
        let from_front = n.min(front.len());
        buf.put_slice(&front[..from_front]);
        buf.put_slice(&back[..n - from_front]);
        self.buffer.drain(..n);
        (Poll::Ready(Ok(())), self.write_waker.take())
    }

    fn poll_write(
        &mut self,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> (Poll<io::Result<usize>>, Option<Waker>) {
        if self.read_closed || self.write_closed {
            return (Poll::Ready(Err(io::ErrorKind::BrokenPipe.into())), None);
        }
        if buf.is_empty() {
            return (Poll::Ready(Ok(0)), None);
        }
        let room = self.max_buf_size - self.buffer.len();
        if room == 0 {
            // Rule 1.
            store_waker(&mut self.write_waker, cx);
            return (Poll::Pending, None);
        }
        let n = room.min(buf.len());
        self.buffer.extend(&buf[..n]);
        (Poll::Ready(Ok(n)), self.read_waker.take())
    }

    fn close_write(&mut self) -> Option<Waker> {
        self.write_closed = true;
        self.read_waker.take()
    }

    fn close_read(&mut self) -> Option<Waker> {
        self.read_closed = true;
        self.write_waker.take()
    }
}

fn store_waker(slot: &mut Option<Waker>, cx: &Context<'_>) {
    match slot {
        Some(w) if w.will_wake(cx.waker()) => {}
        _ => *slot = Some(cx.waker().clone()),
    }
}

fn wake(waker: Option<Waker>) {
    if let Some(w) = waker {
        w.wake();
    }
}

impl AsyncRead for DuplexStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        ready!(poll_proceed_and_make_progress(cx));
        let (res, waker) = lock(&self.read).poll_read(cx, buf);
        wake(waker);
        res
    }
}

impl AsyncWrite for DuplexStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        ready!(poll_proceed_and_make_progress(cx));
        let (res, waker) = lock(&self.write).poll_write(cx, buf);
        wake(waker);
        res
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let waker = lock(&self.write).close_write();
        wake(waker);
        Poll::Ready(Ok(()))
    }
}

impl Drop for DuplexStream {
    fn drop(&mut self) {
        // Rule 4.
        let w1 = lock(&self.write).close_write();
        let w2 = lock(&self.read).close_read();
        wake(w1);
        wake(w2);
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    struct Noop;
    impl std::task::Wake for Noop {
        fn wake(self: std::sync::Arc<Self>) {}
    }

    #[test]
    fn write_takes_at_most_the_free_room() {
        let (mut a, _b) = duplex(5);
        let waker = Waker::from(std::sync::Arc::new(Noop));
        let mut cx = Context::from_waker(&waker);
        let r = Pin::new(&mut a).poll_write(&mut cx, b"abcdefgh");
        assert!(matches!(r, Poll::Ready(Ok(5))));
        assert!(Pin::new(&mut a).poll_write(&mut cx, b"x").is_pending());
        assert_eq!(lock(&a.write).buffer.len(), 5);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use crate::loom::sync::atomic::{AtomicBool, Ordering};
    use std::task::Wake;

    struct Flag(AtomicBool);
    impl Wake for Flag {
        fn wake(self: std::sync::Arc<Self>) {
            self.0.store(true, Ordering::SeqCst);
        }
    }

    /// A reader parked on an empty pipe is woken by a concurrent write
    /// (rule 3): either its poll sees the byte, or the writer finds its
    /// waker.
    #[test]
    fn loom_duplex_read_write_no_lost_wakeup() {
        loom::model(|| {
            let (mut a, mut b) = duplex(1);
            let th = loom::thread::spawn(move || {
                let noop = std::sync::Arc::new(Flag(AtomicBool::new(false)));
                let waker = Waker::from(noop);
                let mut cx = Context::from_waker(&waker);
                let r = Pin::new(&mut a).poll_write(&mut cx, b"x");
                assert!(matches!(r, Poll::Ready(Ok(1))));
                a
            });
            let flag = std::sync::Arc::new(Flag(AtomicBool::new(false)));
            let waker = Waker::from(flag.clone());
            let mut cx = Context::from_waker(&waker);
            let mut byte = [0u8; 1];
            let mut rb = ReadBuf::new(&mut byte);
            let first = Pin::new(&mut b).poll_read(&mut cx, &mut rb);
            let a = th.join().unwrap();
            if first.is_pending() {
                assert!(flag.0.load(Ordering::SeqCst), "lost wake-up");
                let mut rb = ReadBuf::new(&mut byte);
                assert!(Pin::new(&mut b).poll_read(&mut cx, &mut rb).is_ready());
                assert_eq!(rb.filled(), b"x");
            } else {
                assert_eq!(rb.filled(), b"x");
            }
            drop(a);
        });
    }
}
