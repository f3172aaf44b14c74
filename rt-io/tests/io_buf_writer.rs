//! `BufWriter`: buffering, flushing, bypass, vectored writes, seeking.

mod support;

use rt_io::{AsyncReadExt, AsyncSeekExt, AsyncWrite, AsyncWriteExt, BufWriter};
use std::io::{Cursor, ErrorKind, IoSlice, SeekFrom};
use support::{block_on, ThreeByteWriter, ZeroWriter};

#[test]
fn buffers_until_flush() {
    block_on(async {
        let mut w = BufWriter::with_capacity(10, ThreeByteWriter::new());
        w.write_all(b"abcd").await.unwrap();
        assert_eq!(w.get_ref().writes, 0);
        assert_eq!(w.buffer(), b"abcd");
        w.flush().await.unwrap();
        assert_eq!(w.get_ref().data, b"abcd");
        assert_eq!(w.get_ref().writes, 2, "the 3-byte writer took two writes");
        assert_eq!(w.get_ref().flushes, 1);
        assert!(w.buffer().is_empty());
    });
}

#[test]
fn flushes_when_full_and_bypasses_large_writes() {
    block_on(async {
        let mut w = BufWriter::with_capacity(4, Vec::new());
        w.write_all(b"ab").await.unwrap();
        w.write_all(b"cde").await.unwrap(); // "ab" flushed first
        assert_eq!(w.get_ref(), b"ab");
        w.write_all(b"0123456789").await.unwrap(); // larger than capacity
        assert_eq!(w.get_ref(), b"abcde0123456789");
        w.shutdown().await.unwrap();
    });
}

#[test]
fn partial_and_pending_inner_writes() {
    block_on(async {
        let data = support::pattern(5000, 9);
        let mut w = BufWriter::with_capacity(64, ThreeByteWriter::new().with_pending());
        for chunk in data.chunks(7) {
            w.write_all(chunk).await.unwrap();
        }
        w.shutdown().await.unwrap();
        let inner = w.into_inner();
        assert_eq!(inner.data, data);
        assert_eq!(inner.shutdowns, 1);
    });
}

#[test]
fn write_zero_inner_is_an_error() {
    block_on(async {
        let mut w = BufWriter::new(ZeroWriter);
        w.write_all(b"x").await.unwrap();
        assert_eq!(w.flush().await.unwrap_err().kind(), ErrorKind::WriteZero);
    });
}

#[test]
fn vectored_writes_are_buffered() {
    block_on(async {
        let mut w = BufWriter::with_capacity(16, ThreeByteWriter::new());
        assert!(w.is_write_vectored());
        let bufs = [
            IoSlice::new(b"ab"),
            IoSlice::new(b"cd"),
            IoSlice::new(b"ef"),
        ];
        assert_eq!(w.write_vectored(&bufs).await.unwrap(), 6);
        assert_eq!(w.buffer(), b"abcdef");
        // Too large for the buffer, and the inner writer is not vectored:
        // whole slices are buffered as far as they fit.
        let big = [IoSlice::new(&[1u8; 8]), IoSlice::new(&[2u8; 12])];
        let n = w.write_vectored(&big).await.unwrap();
        assert_eq!(n, 8);
        w.flush().await.unwrap();
        let mut expect = b"abcdef".to_vec();
        expect.extend_from_slice(&[1u8; 8]);
        assert_eq!(w.get_ref().data, expect);
    });
}

#[test]
fn seek_writes_out_the_buffer_first() {
    block_on(async {
        let mut w = BufWriter::new(Cursor::new(Vec::new()));
        w.write_all(b"hello world").await.unwrap();
        assert_eq!(
            w.stream_position().await.unwrap(),
            11,
            "includes buffered bytes"
        );
        w.seek(SeekFrom::Start(6)).await.unwrap();
        w.write_all(b"WORLD").await.unwrap();
        w.flush().await.unwrap();
        let mut c = w.into_inner();
        c.set_position(0);
        let mut s = String::new();
        c.read_to_string(&mut s).await.unwrap();
        assert_eq!(s, "hello WORLD");
    });
}

#[test]
fn into_inner_drops_unflushed_data() {
    block_on(async {
        let mut w = BufWriter::new(Vec::new());
        w.write_all(b"lost").await.unwrap();
        assert!(w.into_inner().is_empty());
    });
}
