//! `split`, `ReadHalf`, `WriteHalf`, `unsplit`.

mod support;

use rt_io::{AsyncReadExt, AsyncWrite, AsyncWriteExt};
use support::block_on;

#[test]
fn halves_work_from_different_tasks() {
    block_on(async {
        let (a, mut b) = rt_io::duplex(16);
        let (mut rd, mut wr) = rt_io::split(a);
        let writer = rt_core::spawn(async move {
            for i in 0..100u32 {
                wr.write_u32(i).await.unwrap();
            }
            wr
        });
        let echo = rt_core::spawn(async move {
            let mut buf = [0u8; 64];
            loop {
                let n = b.read(&mut buf).await.unwrap();
                if n == 0 {
                    break;
                }
                b.write_all(&buf[..n]).await.unwrap();
            }
        });
        for i in 0..100u32 {
            assert_eq!(rd.read_u32().await.unwrap(), i);
        }
        let wr = writer.await.unwrap();
        assert!(rd.is_pair_of(&wr) && wr.is_pair_of(&rd));
        let a = rd.unsplit(wr);
        drop(a); // closes: the echo task sees EOF
        echo.await.unwrap();
    });
}

#[test]
fn write_half_reports_vectored_support() {
    let (rd, wr) = rt_io::split(std::io::Cursor::new(Vec::<u8>::new()));
    assert!(wr.is_write_vectored());
    let c = rd.unsplit(wr);
    assert!(c.into_inner().is_empty());
}

#[test]
#[should_panic(expected = "unrelated")]
fn unsplit_unrelated_halves_panics() {
    let (a, b) = rt_io::duplex(8);
    let (r1, _w1) = rt_io::split(a);
    let (_r2, w2) = rt_io::split(b);
    let _ = r1.unsplit(w2);
}

#[test]
fn halves_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<rt_io::ReadHalf<rt_io::DuplexStream>>();
    assert_send_sync::<rt_io::WriteHalf<rt_io::DuplexStream>>();
}
