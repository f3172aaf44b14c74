//! `AsyncWriteExt`: write, write_all, write_buf, write_all_buf,
//! write_vectored, flush, shutdown, the number writers; std impls.

mod support;

use rt_io::{AsyncWrite, AsyncWriteExt};
use std::collections::VecDeque;
use std::io::{Cursor, ErrorKind, IoSlice};
use support::{block_on, ThreeByteWriter, ZeroWriter};

#[test]
fn write_may_be_partial() {
    block_on(async {
        let mut w = ThreeByteWriter::new();
        assert_eq!(w.write(b"hello").await.unwrap(), 3);
        assert_eq!(w.data, b"hel");
    });
}

#[test]
fn write_all_loops_over_partial_writes_and_pending() {
    block_on(async {
        let data = support::pattern(1000, 3);
        let mut w = ThreeByteWriter::new().with_pending();
        w.write_all(&data).await.unwrap();
        assert_eq!(w.data, data);
        assert_eq!(w.writes, 334);
    });
}

#[test]
fn write_all_to_a_closed_writer_is_write_zero() {
    block_on(async {
        let err = ZeroWriter.write_all(b"x").await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::WriteZero);
        // Nothing to write is fine.
        ZeroWriter.write_all(b"").await.unwrap();
    });
}

#[test]
fn write_buf_advances_the_cursor() {
    block_on(async {
        let mut w = ThreeByteWriter::new();
        let mut src = Cursor::new(b"abcdefg".to_vec());
        assert_eq!(w.write_buf(&mut src).await.unwrap(), 3);
        assert_eq!(src.position(), 3);
        w.write_all_buf(&mut src).await.unwrap();
        assert_eq!(src.position(), 7);
        assert_eq!(w.data, b"abcdefg");
        assert_eq!(w.write_buf(&mut src).await.unwrap(), 0, "empty source");

        // A non-contiguous buffer.
        let mut dq: VecDeque<u8> = VecDeque::with_capacity(8);
        dq.extend(b"6789");
        dq.drain(..2);
        dq.extend(b"0123");
        let mut out = Vec::new();
        out.write_all_buf(&mut dq).await.unwrap();
        assert_eq!(out, b"890123");
        assert!(dq.is_empty());
    });
}

#[test]
fn write_all_buf_progress_survives_cancellation() {
    let mut w = ThreeByteWriter::new().with_pending();
    let mut src: &[u8] = b"abcdefgh";
    {
        let mut fut = w.write_all_buf(&mut src);
        // Pending, then 3 bytes + Pending again.
        assert!(support::poll_once(&mut fut).is_pending());
        assert!(support::poll_once(&mut fut).is_pending());
    }
    assert_eq!(src, b"defgh");
    assert_eq!(w.data, b"abc");
}

#[test]
fn write_vectored_default_and_native() {
    block_on(async {
        let bufs = [IoSlice::new(b""), IoSlice::new(b"ab"), IoSlice::new(b"cd")];
        // Default implementation: the first non-empty slice only.
        let mut w = ThreeByteWriter::new();
        assert!(!w.is_write_vectored());
        assert_eq!(w.write_vectored(&bufs).await.unwrap(), 2);
        assert_eq!(w.data, b"ab");
        // Vec: everything.
        let mut v = Vec::new();
        assert!(v.is_write_vectored());
        assert_eq!(v.write_vectored(&bufs).await.unwrap(), 4);
        assert_eq!(v, b"abcd");
    });
}

#[test]
fn numbers_round_trip() {
    block_on(async {
        let mut w = ThreeByteWriter::new().with_pending();
        w.write_u8(1).await.unwrap();
        w.write_u16(0x0203).await.unwrap();
        w.write_u32_le(0x07060504).await.unwrap();
        w.write_i64(-1).await.unwrap();
        w.write_f32(2.5).await.unwrap();
        w.write_i128_le(-2).await.unwrap();
        let mut expect = vec![1, 2, 3, 4, 5, 6, 7];
        expect.extend_from_slice(&[0xff; 8]);
        expect.extend_from_slice(&2.5f32.to_be_bytes());
        expect.extend_from_slice(&(-2i128).to_le_bytes());
        assert_eq!(w.data, expect);
        assert_eq!(
            ZeroWriter.write_u32(5).await.unwrap_err().kind(),
            ErrorKind::WriteZero
        );
    });
}

#[test]
fn flush_and_shutdown_reach_the_writer() {
    block_on(async {
        let mut w = ThreeByteWriter::new();
        w.flush().await.unwrap();
        w.shutdown().await.unwrap();
        assert_eq!((w.flushes, w.shutdowns), (1, 1));
    });
}

#[test]
fn cursor_writers() {
    block_on(async {
        let mut arr = [0u8; 4];
        let mut c = Cursor::new(&mut arr[..]);
        assert_eq!(c.write(b"abcdef").await.unwrap(), 4, "fixed slice is short");
        assert_eq!(c.write(b"g").await.unwrap(), 0);
        assert_eq!(&arr, b"abcd");

        let mut c = Cursor::new(Vec::new());
        c.write_all(b"grow").await.unwrap();
        c.set_position(1);
        c.write_all(b"R").await.unwrap();
        assert_eq!(c.into_inner(), b"gRow");

        let mut v = Vec::new();
        let mut c = Cursor::new(&mut v);
        c.write_all(b"ref").await.unwrap();
        assert_eq!(v, b"ref");

        let mut c = Cursor::new(vec![0u8; 3].into_boxed_slice());
        c.write_all(b"box").await.unwrap();
        assert_eq!(&*c.into_inner(), b"box");
    });
}

#[test]
fn boxed_and_ref_writers() {
    block_on(async {
        let mut boxed: Box<dyn AsyncWrite + Unpin + Send> = Box::new(Vec::new());
        boxed.write_all(b"dyn").await.unwrap();
        let mut inner = ThreeByteWriter::new();
        let r = &mut inner;
        r.write_all(b"1234").await.unwrap();
        assert_eq!(inner.data, b"1234");
    });
}
