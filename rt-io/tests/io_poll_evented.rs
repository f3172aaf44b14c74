//! `rt_io::unstable::PollEvented`: the building block for rt-net.

mod support;

use rt_io::unstable::PollEvented;
use rt_io::{Interest, ReadBuf};
use std::future::poll_fn;
use std::io::IoSlice;
use support::block_on;

#[test]
fn read_write_over_a_mio_socketpair() {
    block_on(async {
        let (a, b) = mio::net::UnixStream::pair().unwrap();
        let a = PollEvented::new(a).unwrap();
        let b = PollEvented::new(b).unwrap();
        let data = support::pattern(300_000, 4);
        let expect = data.clone();
        let writer = rt_core::spawn(async move {
            let mut off = 0;
            while off < data.len() {
                let n = poll_fn(|cx| a.poll_write(cx, &data[off..])).await.unwrap();
                off += n;
            }
            let n = poll_fn(|cx| a.poll_write_vectored(cx, &[IoSlice::new(b"!")]))
                .await
                .unwrap();
            assert_eq!(n, 1);
            a
        });
        let mut got = Vec::new();
        let mut buf = vec![0u8; 8192];
        while got.len() < expect.len() + 1 {
            let mut rb = ReadBuf::new(&mut buf);
            poll_fn(|cx| b.poll_read(cx, &mut rb)).await.unwrap();
            assert!(!rb.filled().is_empty());
            got.extend_from_slice(rb.filled());
        }
        assert_eq!(&got[..expect.len()], &expect[..]);
        assert_eq!(got[expect.len()], b'!');
        let a = writer.await.unwrap();
        drop(a);
        // EOF after the peer closed.
        let mut rb = ReadBuf::new(&mut buf);
        poll_fn(|cx| b.poll_read(cx, &mut rb)).await.unwrap();
        assert!(rb.filled().is_empty());
        let _inner = b.into_inner().unwrap();
    });
}

#[test]
fn registration_readiness_and_try_io() {
    block_on(async {
        let (a, b) = mio::net::UnixStream::pair().unwrap();
        let a = PollEvented::new_with_interest(a, Interest::READABLE).unwrap();
        let reg = a.registration();
        let err = reg
            .try_io(Interest::READABLE, || {
                std::io::Read::read(&mut a.get_ref(), &mut [0u8; 1])
            })
            .unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
        std::io::Write::write_all(&mut &b, b"q").unwrap();
        let ev = reg.readiness(Interest::READABLE).await.unwrap();
        assert!(ev.ready().is_readable());
        let n = reg
            .async_io(Interest::READABLE, || {
                std::io::Read::read(&mut a.get_ref(), &mut [0u8; 4])
            })
            .await
            .unwrap();
        assert_eq!(n, 1);
    });
}
