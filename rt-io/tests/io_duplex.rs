//! `duplex`: bounded in-memory pipes.

mod support;

use rt_io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use std::io::{self, ErrorKind};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use support::{block_on, poll_once};

#[test]
fn ping_pong() {
    block_on(async {
        let (mut a, mut b) = rt_io::duplex(8);
        a.write_all(b"ping").await.unwrap();
        let mut buf = [0u8; 4];
        b.read_exact(&mut buf).await.unwrap();
        b.write_all(b"pong").await.unwrap();
        a.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"pong");
    });
}

#[test]
fn a_full_pipe_applies_back_pressure() {
    let (mut a, mut b) = rt_io::duplex(4);
    assert_eq!(
        support::expect_ready(poll_once(&mut a.write(b"abcdef"))).unwrap(),
        4
    );
    assert!(
        poll_once(&mut a.write(b"x")).is_pending(),
        "full: the writer waits"
    );
    let mut two = [0u8; 2];
    assert_eq!(
        support::expect_ready(poll_once(&mut b.read(&mut two))).unwrap(),
        2
    );
    assert_eq!(&two, b"ab");
    assert_eq!(
        support::expect_ready(poll_once(&mut a.write(b"xyz"))).unwrap(),
        2
    );
}

#[test]
fn a_blocked_writer_is_woken_by_a_read() {
    let (mut a, mut b) = rt_io::duplex(1);
    let (count, waker) = support::WakeCounter::new();
    let mut cx = Context::from_waker(&waker);
    assert!(Pin::new(&mut a).poll_write(&mut cx, b"1").is_ready());
    assert!(Pin::new(&mut a).poll_write(&mut cx, b"2").is_pending());
    assert_eq!(count.count(), 0);
    let mut byte = [0u8; 1];
    let mut rb = ReadBuf::new(&mut byte);
    assert!(Pin::new(&mut b).poll_read(&mut cx, &mut rb).is_ready());
    assert_eq!(count.count(), 1, "the read woke the writer");
}

#[test]
fn shutdown_gives_eof_after_buffered_data() {
    block_on(async {
        let (mut a, mut b) = rt_io::duplex(64);
        a.write_all(b"last words").await.unwrap();
        a.shutdown().await.unwrap();
        let mut s = String::new();
        b.read_to_string(&mut s).await.unwrap();
        assert_eq!(s, "last words");
        assert_eq!(
            a.write(b"more").await.unwrap_err().kind(),
            ErrorKind::BrokenPipe,
            "writing after shutdown"
        );
        // The other direction still works.
        b.write_all(b"reply").await.unwrap();
        let mut r = [0u8; 5];
        a.read_exact(&mut r).await.unwrap();
        assert_eq!(&r, b"reply");
    });
}

#[test]
fn dropping_one_end_closes_both_directions() {
    block_on(async {
        let (mut a, b) = rt_io::duplex(64);
        drop(b);
        assert_eq!(
            a.write(b"x").await.unwrap_err().kind(),
            ErrorKind::BrokenPipe
        );
        let mut buf = [0u8; 4];
        assert_eq!(a.read(&mut buf).await.unwrap(), 0, "EOF");
    });
}

#[test]
fn dropping_the_writer_wakes_a_pending_reader() {
    block_on(async {
        let (a, mut b) = rt_io::duplex(64);
        let reader = rt_core::spawn(async move {
            let mut v = Vec::new();
            b.read_to_end(&mut v).await.map(|_| v)
        });
        rt_core::task::yield_now().await; // the reader parks
        drop(a);
        assert!(reader.await.unwrap().unwrap().is_empty());
    });
}

/// Counts bytes accepted by the inner writer.
struct CountingWriter<W> {
    inner: W,
    written: Arc<AtomicU64>,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for CountingWriter<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let res = Pin::new(&mut self.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = &res {
            self.written.fetch_add(*n as u64, Ordering::SeqCst);
        }
        res
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Reads everything, checking after each read that the pipe never held
/// more than `cap` bytes (written − read).
struct CheckingReader<R> {
    inner: R,
    written: Arc<AtomicU64>,
    read: u64,
    cap: u64,
    max_in_flight: u64,
}

impl<R: AsyncRead + Unpin> CheckingReader<R> {
    async fn drain(&mut self) {
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let before = self.written.load(Ordering::SeqCst) - self.read;
            assert!(before <= self.cap, "pipe holds {before} > cap {}", self.cap);
            self.max_in_flight = self.max_in_flight.max(before);
            let n = self.inner.read(&mut buf).await.unwrap();
            if n == 0 {
                return;
            }
            assert!(buf[..n].iter().all(|&b| b == 0xA5));
            self.read += n as u64;
        }
    }
}

#[test]
fn copy_100_mb_through_a_64_kib_duplex_with_bounded_buffering() {
    const TOTAL: u64 = 100 * 1024 * 1024;
    const CAP: usize = 64 * 1024;
    block_on(async {
        let (a, b) = rt_io::duplex(CAP);
        let written = Arc::new(AtomicU64::new(0));
        let w = written.clone();
        let producer = rt_core::spawn(async move {
            let mut src = rt_io::repeat(0xA5).take(TOTAL);
            let mut dst = CountingWriter {
                inner: a,
                written: w,
            };
            let n = rt_io::copy(&mut src, &mut dst).await.unwrap();
            dst.shutdown().await.unwrap();
            n
        });
        let mut reader = CheckingReader {
            inner: b,
            written,
            read: 0,
            cap: CAP as u64,
            max_in_flight: 0,
        };
        reader.drain().await;
        assert_eq!(producer.await.unwrap(), TOTAL);
        assert_eq!(reader.read, TOTAL);
        assert!(reader.max_in_flight <= CAP as u64);
        assert!(
            reader.max_in_flight > 0,
            "the check observed a full-ish pipe"
        );
    });
}

#[test]
fn payload_integrity_through_small_pipe() {
    block_on(async {
        let data = support::pattern(200_000, 11);
        let (mut a, mut b) = rt_io::duplex(100);
        let expect = data.clone();
        let producer = rt_core::spawn(async move {
            a.write_all(&data).await.unwrap();
        });
        let mut got = Vec::new();
        let consumer = async {
            let mut chunk = [0u8; 37];
            loop {
                let n = b.read(&mut chunk).await.unwrap();
                if n == 0 {
                    break;
                }
                got.extend_from_slice(&chunk[..n]);
            }
        };
        consumer.await;
        producer.await.unwrap();
        assert_eq!(got, expect);
    });
}

#[test]
#[should_panic(expected = "max_buf_size must be at least 1")]
fn zero_capacity_panics() {
    let _ = rt_io::duplex(0);
}
