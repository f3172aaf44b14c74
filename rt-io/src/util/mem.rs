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
    buffer: Ring,
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
            buffer: Ring::default(),
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
        self.buffer.consume(n);
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
        self.buffer.push(&buf[..n], self.max_buf_size);
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

/// A pipe's bytes: a ring that grows up to the pipe's bound.
///
/// Unlike a `VecDeque`, it picks where data starts each time it is empty:
/// at the offset in a 4 KiB page half a page away from the writer's
/// source. The ring is usually allocated at the first write, right after
/// the writer's own buffer, and a `VecDeque` restarts at its base whenever
/// it empties; ring and source then sit 16 bytes apart (the allocator's
/// header) modulo 4 KiB, and every copy into the ring hits the CPU's
/// 4K-aliasing stall (stores just ahead of the next loads at the same page
/// offset). `io_copy_duplex` measured rt's writer `memcpy` at 1.5x tokio's
/// for the same bytes before this.
#[derive(Debug, Default)]
struct Ring {
    /// The ring's storage; its length is the ring's capacity.
    buf: Vec<u8>,
    /// Where the oldest byte is (meaningless while `len` is 0).
    head: usize,
    len: usize,
}

/// Page size for the aliasing rule of [`Ring`].
const PAGE: usize = 4096;

impl Ring {
    fn len(&self) -> usize {
        self.len
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The buffered bytes, oldest first, in at most two pieces.
    fn as_slices(&self) -> (&[u8], &[u8]) {
        let cap = self.buf.len();
        let end = self.head + self.len;
        if end <= cap {
            (&self.buf[self.head..end], &[])
        } else {
            (&self.buf[self.head..], &self.buf[..end - cap])
        }
    }

    /// Drops the `n` oldest bytes.
    fn consume(&mut self, n: usize) {
        assert!(n <= self.len, "consumed more than buffered");
        self.len -= n;
        if self.len > 0 {
            self.head = (self.head + n) % self.buf.len();
        }
    }

    /// Appends `src`; `len() + src.len()` must be at most `max`.
    fn push(&mut self, src: &[u8], max: usize) {
        let need = self.len + src.len();
        assert!(need <= max, "pushed beyond the pipe's bound");
        if need > self.buf.len() {
            self.grow(need, max);
        }
        let cap = self.buf.len();
        if self.len == 0 {
            // Half a page away from the source (see the type's doc).
            let base = self.buf.as_ptr() as usize;
            let src_at = src.as_ptr() as usize;
            self.head = (src_at.wrapping_add(PAGE / 2).wrapping_sub(base) % PAGE) % cap;
        }
        let tail = (self.head + self.len) % cap;
        let first = (cap - tail).min(src.len());
        self.buf[tail..tail + first].copy_from_slice(&src[..first]);
        self.buf[..src.len() - first].copy_from_slice(&src[first..]);
        self.len = need;
    }

    /// Reallocates to hold at least `need` bytes (doubling, at most `max`),
    /// keeping the buffered bytes in order.
    fn grow(&mut self, need: usize, max: usize) {
        let new_cap = need.max(self.buf.len() * 2).min(max);
        let mut new = vec![0u8; new_cap];
        let (a, b) = self.as_slices();
        new[..a.len()].copy_from_slice(a);
        new[a.len()..a.len() + b.len()].copy_from_slice(b);
        self.buf = new;
        self.head = 0;
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

    /// The ring against a `VecDeque` model: pushes and consumes of mixed
    /// sizes, from sources at varied page offsets, across wrap-arounds and
    /// growth from a small capacity up to the bound.
    #[test]
    fn ring_matches_a_vecdeque() {
        let max = 10_000;
        let mut ring = Ring::default();
        let mut model = std::collections::VecDeque::new();
        let source: Vec<u8> = (0..max).map(|i| (i * 7 % 251) as u8).collect();
        let mut x = 12345u64;
        for step in 0..5_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let room = max - model.len();
            if room > 0 && x % 3 != 0 {
                let n = 1 + (x as usize >> 8) % room.min(3_000);
                let at = (x as usize >> 20) % (max - n + 1);
                ring.push(&source[at..at + n], max);
                model.extend(&source[at..at + n]);
            } else if !model.is_empty() {
                let n = 1 + (x as usize >> 8) % model.len();
                ring.consume(n);
                model.drain(..n);
            }
            let (a, b) = ring.as_slices();
            let got: Vec<u8> = a.iter().chain(b).copied().collect();
            assert!(
                got == model.iter().copied().collect::<Vec<_>>(),
                "diverged at step {step}"
            );
            assert_eq!(ring.len(), model.len());
            assert!(ring.buf.len() <= max);
        }
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
