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
        // 2 MiB in 8 KiB rounds = 256 rounds, two coop budgets (128): the
        // copy must return Pending (and wake itself) at least once.
        let copy = rt_core::spawn(PollCount {
            inner: Box::pin(async {
                let data = vec![1u8; 2 * 1024 * 1024];
                let mut src = &data[..];
                rt_io::copy(&mut src, &mut rt_io::sink()).await.unwrap()
            }),
            polls: 0,
        });
        let (n, polls) = copy.await.unwrap();
        assert_eq!(n, 2 * 1024 * 1024);
        assert!(polls >= 2, "copy yielded {} times", polls - 1);
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
