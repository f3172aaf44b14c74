//! Shared helpers for rt-io's integration tests.
#![allow(dead_code, reason = "each test file uses a subset of the helpers")]
#![allow(
    unreachable_pub,
    reason = "test-support module included per test crate"
)]

use rt_io::{AsyncRead, AsyncWrite, ReadBuf};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// A current-thread runtime with the I/O driver.
pub fn rt() -> rt_core::runtime::Runtime {
    rt_core::runtime::Builder::new_current_thread()
        .driver_layer(rt_io::driver_layer())
        .build()
        .expect("runtime with the I/O driver")
}

/// A current-thread runtime without any driver.
pub fn rt_without_io() -> rt_core::runtime::Runtime {
    rt_core::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
}

/// Runs `f` on a fresh I/O-enabled runtime.
pub fn block_on<F: Future>(f: F) -> F::Output {
    rt().block_on(f)
}

/// A waker that counts its wakes.
#[derive(Default)]
pub struct WakeCounter(AtomicUsize);

impl WakeCounter {
    pub fn new() -> (Arc<WakeCounter>, Waker) {
        let c = Arc::new(WakeCounter::default());
        (c.clone(), Waker::from(c))
    }

    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

impl Wake for WakeCounter {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A waker that does nothing (`Waker::noop` needs Rust 1.85; the MSRV is
/// 1.80).
pub fn noop_waker() -> Waker {
    struct Noop;
    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }
    Waker::from(Arc::new(Noop))
}

/// Polls `f` once with a no-op waker.
pub fn poll_once<F: Future + Unpin>(f: &mut F) -> Poll<F::Output> {
    let waker = noop_waker();
    let mut cx = Context::from_waker(&waker);
    Pin::new(f).poll(&mut cx)
}

#[track_caller]
pub fn expect_ready<T>(p: Poll<T>) -> T {
    match p {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("expected Ready, got Pending"),
    }
}

#[track_caller]
pub fn assert_pending<T>(p: Poll<T>) {
    assert!(p.is_pending(), "expected Pending, got Ready");
}

/// A reader that yields its data one byte per `poll_read`, returning
/// `Pending` (after waking the task) before every byte when `pending` is
/// set — the worst case for any code that must keep partial progress.
#[derive(Debug)]
pub struct OneByteReader {
    data: Vec<u8>,
    pos: usize,
    pending: bool,
    flip: bool,
    pub reads: usize,
}

impl OneByteReader {
    pub fn new(data: &[u8]) -> OneByteReader {
        OneByteReader {
            data: data.to_vec(),
            pos: 0,
            pending: false,
            flip: false,
            reads: 0,
        }
    }

    /// Also return `Pending` before each byte.
    pub fn with_pending(mut self) -> OneByteReader {
        self.pending = true;
        self
    }
}

impl AsyncRead for OneByteReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.pending {
            self.flip = !self.flip;
            if self.flip {
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
        }
        self.reads += 1;
        if self.pos < self.data.len() && buf.remaining() > 0 {
            let b = self.data[self.pos];
            buf.put_slice(&[b]);
            self.pos += 1;
        }
        Poll::Ready(Ok(()))
    }
}

/// A writer accepting at most 3 bytes per `poll_write` (optionally with
/// a `Pending` before each write), recording what it got.
#[derive(Debug, Default)]
pub struct ThreeByteWriter {
    pub data: Vec<u8>,
    pub writes: usize,
    pub flushes: usize,
    pub shutdowns: usize,
    pending: bool,
    flip: bool,
}

impl ThreeByteWriter {
    pub fn new() -> ThreeByteWriter {
        ThreeByteWriter::default()
    }

    pub fn with_pending(mut self) -> ThreeByteWriter {
        self.pending = true;
        self
    }
}

impl AsyncWrite for ThreeByteWriter {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.pending {
            self.flip = !self.flip;
            if self.flip {
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
        }
        self.writes += 1;
        let n = buf.len().min(3);
        self.data.extend_from_slice(&buf[..n]);
        Poll::Ready(Ok(n))
    }

    fn poll_flush(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.flushes += 1;
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.shutdowns += 1;
        Poll::Ready(Ok(()))
    }
}

/// A reader that fails with `kind` after yielding `data`.
pub struct FailingReader {
    pub data: Vec<u8>,
    pub kind: io::ErrorKind,
}

impl AsyncRead for FailingReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.data.is_empty() {
            return Poll::Ready(Err(self.kind.into()));
        }
        let n = self.data.len().min(buf.remaining());
        let chunk: Vec<u8> = self.data.drain(..n).collect();
        buf.put_slice(&chunk);
        Poll::Ready(Ok(()))
    }
}

/// A writer that accepts nothing (`Ok(0)`).
pub struct ZeroWriter;

impl AsyncWrite for ZeroWriter {
    fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, _: &[u8]) -> Poll<io::Result<usize>> {
        Poll::Ready(Ok(0))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// Deterministic pseudo-random bytes (xorshift), for payload checks.
pub fn pattern(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}
