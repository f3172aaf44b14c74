//! `copy`, `copy_buf`, `copy_bidirectional`.

mod support;

use rt_io::{AsyncReadExt, AsyncWriteExt, BufReader};
use std::io::ErrorKind;
use support::{block_on, FailingReader, OneByteReader, ThreeByteWriter, ZeroWriter};

#[test]
fn copy_one_byte_reader_into_three_byte_writer() {
    block_on(async {
        let data = support::pattern(5000, 5);
        let mut r = OneByteReader::new(&data).with_pending();
        let mut w = ThreeByteWriter::new().with_pending();
        let n = rt_io::copy(&mut r, &mut w).await.unwrap();
        assert_eq!(n, 5000);
        assert_eq!(w.data, data);
        assert!(w.flushes >= 1, "flushed at EOF");
    });
}

#[test]
fn copy_empty_source() {
    block_on(async {
        let mut w = Vec::new();
        assert_eq!(rt_io::copy(&mut rt_io::empty(), &mut w).await.unwrap(), 0);
    });
}

#[test]
fn copy_errors() {
    block_on(async {
        let mut r = FailingReader {
            data: b"abc".to_vec(),
            kind: ErrorKind::ConnectionAborted,
        };
        let mut w = Vec::new();
        let err = rt_io::copy(&mut r, &mut w).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ConnectionAborted);
        assert_eq!(w, b"abc");
        let err = rt_io::copy(&mut &b"x"[..], &mut ZeroWriter)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::WriteZero);
    });
}

/// Counts how often the wrapped future is polled.
struct PollCount<F> {
    inner: std::pin::Pin<Box<F>>,
    polls: usize,
}

impl<F: std::future::Future> std::future::Future for PollCount<F> {
    type Output = (F::Output, usize);

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        self.polls += 1;
        let polls = self.polls;
        self.inner.as_mut().poll(cx).map(|v| (v, polls))
    }
}

#[test]
fn copy_between_always_ready_objects_yields() {
    block_on(async {
        // 1000-byte reads, always ready: 256 rounds, two coop budgets
        // (128): the copy must return Pending (and wake itself) at least
        // once.
        let copy = rt_core::spawn(PollCount {
            inner: Box::pin(async {
                let mut src = Recorder::new(vec![1u8; 256_000]).reads_at_most(1000);
                rt_io::copy(&mut src, &mut rt_io::sink()).await.unwrap()
            }),
            polls: 0,
        });
        let (n, polls) = copy.await.unwrap();
        assert_eq!(n, 256_000);
        assert!(polls >= 2, "copy yielded {} times", polls - 1);
    });
}

/// An always-ready stream: reads hand out `data` (at most `max_read` bytes
/// a call) and record the room each read was offered; writes are kept.
struct Recorder {
    data: Vec<u8>,
    pos: usize,
    max_read: usize,
    /// `Some(true)`: the next read returns `Pending`.
    pending_next: Option<bool>,
    offered: Vec<usize>,
    written: Vec<u8>,
}

impl Recorder {
    fn new(data: Vec<u8>) -> Recorder {
        Recorder {
            data,
            pos: 0,
            max_read: usize::MAX,
            pending_next: None,
            offered: Vec::new(),
            written: Vec::new(),
        }
    }

    fn reads_at_most(mut self, max_read: usize) -> Recorder {
        self.max_read = max_read;
        self
    }

    /// Every other read returns `Pending` first (waking at once), as a
    /// socket does when its data arrives in bursts.
    fn pending_between_reads(mut self) -> Recorder {
        self.pending_next = Some(true);
        self
    }
}

impl rt_io::AsyncRead for Recorder {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut rt_io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let this = &mut *self;
        if let Some(pending) = &mut this.pending_next {
            *pending = !*pending;
            if !*pending {
                cx.waker().wake_by_ref();
                return std::task::Poll::Pending;
            }
        }
        this.offered.push(buf.remaining());
        let n = buf
            .remaining()
            .min(this.max_read)
            .min(this.data.len() - this.pos);
        buf.put_slice(&this.data[this.pos..this.pos + n]);
        this.pos += n;
        std::task::Poll::Ready(Ok(()))
    }
}

impl rt_io::AsyncWrite for Recorder {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.written.extend_from_slice(buf);
        std::task::Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
}

#[test]
fn copy_grows_its_buffer_while_reads_fill_it() {
    block_on(async {
        let data = support::pattern(1 << 20, 3);
        let mut r = Recorder::new(data.clone());
        let mut w = Vec::new();
        assert_eq!(rt_io::copy(&mut r, &mut w).await.unwrap(), 1 << 20);
        assert_eq!(w, data);
        // 8 KiB, doubling after each full read, up to 64 KiB; the final
        // read (EOF) is offered 64 KiB as well.
        let k = 1024;
        assert_eq!(r.offered[..5], [8 * k, 16 * k, 32 * k, 64 * k, 64 * k]);
        assert!(r.offered.iter().all(|&n| n <= 64 * k), "{:?}", r.offered);
        // 8 + 16 + 32 KiB, then 15 full reads of 64 KiB and one of the last
        // 8 KiB, then EOF: 20 reads, where a fixed 8 KiB buffer needs 129.
        assert_eq!(r.offered.len(), 20, "{:?}", r.offered);
    });
}

#[test]
fn copy_keeps_growing_across_partial_writes() {
    block_on(async {
        // The writer takes 3 bytes a call: the buffer is replaced only once
        // it has drained, so no byte is lost or reordered.
        let data = support::pattern(100_000, 4);
        let mut r = Recorder::new(data.clone());
        let mut w = ThreeByteWriter::new().with_pending();
        assert_eq!(rt_io::copy(&mut r, &mut w).await.unwrap(), 100_000);
        assert_eq!(w.data, data);
        assert_eq!(r.offered[..4], [8192, 16384, 32768, 65536]);
    });
}

#[test]
fn copy_keeps_growing_across_pending_reads() {
    block_on(async {
        let data = support::pattern(300_000, 7);
        let mut r = Recorder::new(data.clone()).pending_between_reads();
        let mut w = ThreeByteWriter::new().with_pending();
        assert_eq!(rt_io::copy(&mut r, &mut w).await.unwrap(), 300_000);
        assert_eq!(w.data, data);
        assert_eq!(r.offered[..5], [8192, 16384, 32768, 65536, 65536]);
    });
}

#[test]
fn copy_keeps_8k_when_reads_come_short() {
    block_on(async {
        let data = support::pattern(300_000, 5);
        let mut r = Recorder::new(data.clone()).reads_at_most(8191);
        let mut w = Vec::new();
        assert_eq!(rt_io::copy(&mut r, &mut w).await.unwrap(), 300_000);
        assert_eq!(w, data);
        assert!(r.offered.iter().all(|&n| n == 8192), "{:?}", r.offered);
    });
}

#[test]
fn copy_bidirectional_keeps_two_8k_buffers() {
    block_on(async {
        // Documented as Tokio's: two fixed 8 KiB buffers, however full the
        // reads (a proxy's memory per connection stays bounded).
        let data = support::pattern(200_000, 6);
        let mut a = Recorder::new(data.clone());
        let mut b = Recorder::new(b"reply".to_vec());
        let copied = rt_io::copy_bidirectional(&mut a, &mut b).await.unwrap();
        assert_eq!(copied, (200_000, 5));
        assert_eq!((&b.written[..], &a.written[..]), (&data[..], &b"reply"[..]));
        assert!(a.offered.iter().all(|&n| n == 8192), "{:?}", a.offered);
        assert!(b.offered.iter().all(|&n| n == 8192), "{:?}", b.offered);
    });
}

#[test]
fn copy_buf_from_buffered_reader() {
    block_on(async {
        let data = support::pattern(3000, 8);
        let mut r = BufReader::with_capacity(7, OneByteReader::new(&data).with_pending());
        let mut w = ThreeByteWriter::new().with_pending();
        assert_eq!(rt_io::copy_buf(&mut r, &mut w).await.unwrap(), 3000);
        assert_eq!(w.data, data);
        let err = rt_io::copy_buf(&mut &b"x"[..], &mut ZeroWriter)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::WriteZero);
    });
}

#[test]
fn copy_bidirectional_proxies_and_shuts_down() {
    block_on(async {
        let (mut client, mut proxy_a) = rt_io::duplex(32);
        let (mut proxy_b, mut server) = rt_io::duplex(32);
        let proxy =
            rt_core::spawn(
                async move { rt_io::copy_bidirectional(&mut proxy_a, &mut proxy_b).await },
            );
        let request = support::pattern(10_000, 1);
        let response = support::pattern(7_000, 2);
        let (req2, resp2) = (request.clone(), response.clone());
        let server_task = rt_core::spawn(async move {
            let mut got = Vec::new();
            server.read_to_end(&mut got).await.unwrap(); // EOF: proxy shut us down
            assert_eq!(got, req2);
            server.write_all(&resp2).await.unwrap();
            server.shutdown().await.unwrap();
        });
        client.write_all(&request).await.unwrap();
        client.shutdown().await.unwrap();
        let mut got = Vec::new();
        client.read_to_end(&mut got).await.unwrap();
        assert_eq!(got, response);
        server_task.await.unwrap();
        assert_eq!(proxy.await.unwrap().unwrap(), (10_000, 7_000));
    });
}

#[test]
fn copy_bidirectional_reports_errors() {
    block_on(async {
        let (mut a, a_peer) = rt_io::duplex(8);
        let (mut b, b_peer) = rt_io::duplex(8);
        drop(b_peer); // writes to b fail
        let copy = rt_core::spawn(async move {
            rt_io::copy_bidirectional_with_sizes(&mut a, &mut b, 4, 4).await
        });
        let mut a_peer = a_peer;
        a_peer.write_all(b"data").await.unwrap();
        let err = copy.await.unwrap().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BrokenPipe);
    });
}
