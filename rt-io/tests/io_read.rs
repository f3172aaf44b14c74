//! `AsyncReadExt`: read, read_exact, read_to_end, read_to_string,
//! read_buf, take, chain, and the number readers.

mod support;

use rt_io::{AsyncRead, AsyncReadExt, ReadBuf};
use std::io::{self, Cursor, ErrorKind};
use std::pin::Pin;
use std::task::{Context, Poll};
use support::{block_on, poll_once, FailingReader, OneByteReader};

#[test]
fn read_returns_what_is_available() {
    block_on(async {
        let mut r = OneByteReader::new(b"abc");
        let mut buf = [0u8; 8];
        assert_eq!(r.read(&mut buf).await.unwrap(), 1);
        assert_eq!(buf[0], b'a');
        let mut src: &[u8] = b"hello";
        assert_eq!(src.read(&mut buf).await.unwrap(), 5);
        assert_eq!(src.read(&mut buf).await.unwrap(), 0, "EOF");
        assert_eq!(src.read(&mut []).await.unwrap(), 0, "empty buffer");
    });
}

#[test]
fn read_exact_assembles_one_byte_reads_across_pending() {
    block_on(async {
        let mut r = OneByteReader::new(b"0123456789").with_pending();
        let mut buf = [0u8; 7];
        assert_eq!(r.read_exact(&mut buf).await.unwrap(), 7);
        assert_eq!(&buf, b"0123456");
        let err = r.read_exact(&mut buf).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnexpectedEof);
    });
}

#[test]
fn read_to_end_appends_and_counts() {
    block_on(async {
        let data = support::pattern(10_000, 7);
        let mut r = OneByteReader::new(&data[..100]).with_pending();
        let mut out = b"prefix".to_vec();
        assert_eq!(r.read_to_end(&mut out).await.unwrap(), 100);
        assert_eq!(&out[..6], b"prefix");
        assert_eq!(&out[6..], &data[..100]);

        let mut big = Vec::new();
        let mut src = &data[..];
        assert_eq!(src.read_to_end(&mut big).await.unwrap(), 10_000);
        assert_eq!(big, data);
    });
}

#[test]
fn read_to_end_keeps_data_before_an_error() {
    block_on(async {
        let mut r = FailingReader {
            data: b"partial".to_vec(),
            kind: ErrorKind::ConnectionReset,
        };
        let mut out = Vec::new();
        let err = r.read_to_end(&mut out).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ConnectionReset);
        assert_eq!(out, b"partial");
    });
}

#[test]
fn read_to_string_validates_utf8_and_preserves_on_error() {
    block_on(async {
        let mut s = String::from("keep:");
        let mut r = OneByteReader::new("héllo".as_bytes()).with_pending();
        assert_eq!(r.read_to_string(&mut s).await.unwrap(), 6);
        assert_eq!(s, "keep:héllo");

        let mut bad: &[u8] = b"ok\xffno";
        let err = bad.read_to_string(&mut s).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidData);
        assert_eq!(s, "keep:héllo", "unchanged on invalid UTF-8");
    });
}

#[test]
fn read_to_string_cancelled_restores_buffer() {
    let mut s = String::from("original");
    {
        let mut r = OneByteReader::new(b"abc").with_pending();
        let mut fut = r.read_to_string(&mut s);
        assert!(poll_once(&mut fut).is_pending());
        assert!(poll_once(&mut fut).is_pending()); // one byte read, then Pending
    }
    assert_eq!(s, "original");
}

#[test]
fn read_buf_fills_spare_capacity_without_initialising() {
    block_on(async {
        let mut src: &[u8] = b"0123456789";
        let mut v = Vec::with_capacity(4);
        let n = src.read_buf(&mut v).await.unwrap();
        assert!(n >= 4, "fills the spare capacity ({n})");
        assert_eq!(&v[..], &b"0123456789"[..n]);
        // A full Vec grows.
        let mut full = vec![1u8; 3];
        full.shrink_to_fit();
        let mut src: &[u8] = b"xyz";
        assert_eq!(src.read_buf(&mut full).await.unwrap(), 3);
        assert_eq!(full, b"\x01\x01\x01xyz");
    });
}

/// A misbehaving reader that swaps the `ReadBuf` for its own (empty,
/// `'static`) buffer. Empty so that nothing is leaked: the test runs under
/// LeakSanitizer in `cargo xtask asan`.
struct Swapper;

impl AsyncRead for Swapper {
    fn poll_read(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let own: &'static mut [u8] = &mut [];
        *buf = ReadBuf::new(own);
        buf.advance(buf.capacity());
        Poll::Ready(Ok(()))
    }
}

#[test]
#[should_panic(expected = "replaced the ReadBuf")]
fn read_buf_detects_a_swapped_read_buf() {
    let mut r = Swapper;
    let mut v: Vec<u8> = Vec::with_capacity(8);
    let _ = poll_once(&mut r.read_buf(&mut v));
}

#[test]
fn take_limits_and_can_be_reset() {
    block_on(async {
        let mut t = OneByteReader::new(b"abcdefgh").take(3);
        let mut out = Vec::new();
        t.read_to_end(&mut out).await.unwrap();
        assert_eq!(out, b"abc");
        t.set_limit(2);
        t.read_to_end(&mut out).await.unwrap();
        assert_eq!(out, b"abcde");
        let inner = t.into_inner();
        assert_eq!(
            inner.reads, 5,
            "one read per byte; at the limit the inner reader is not read"
        );
    });
}

#[test]
fn chain_switches_at_eof() {
    block_on(async {
        let mut c = OneByteReader::new(b"ab").chain(Cursor::new(b"cd".to_vec()));
        let mut s = String::new();
        c.read_to_string(&mut s).await.unwrap();
        assert_eq!(s, "abcd");
        let (first, second) = c.into_inner();
        assert_eq!(first.reads, 3);
        assert_eq!(second.position(), 2);
    });
}

#[test]
fn numbers_big_and_little_endian() {
    block_on(async {
        let bytes: Vec<u8> = (1..=16).collect();
        let mut r = OneByteReader::new(&bytes).with_pending();
        assert_eq!(r.read_u8().await.unwrap(), 1);
        assert_eq!(r.read_u16().await.unwrap(), 0x0203);
        assert_eq!(r.read_u16_le().await.unwrap(), 0x0504);
        assert_eq!(r.read_i32().await.unwrap(), 0x06070809);
        assert_eq!(r.read_u32_le().await.unwrap(), 0x0d0c0b0a);
        let err = r.read_u64().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnexpectedEof);

        let mut r: &[u8] = &[0xff, 0xfe];
        assert_eq!(r.read_i16().await.unwrap(), -2);
        let f = 1.5f64.to_le_bytes();
        let mut r: &[u8] = &f;
        assert_eq!(r.read_f64_le().await.unwrap(), 1.5);
        let x = u128::MAX - 5;
        let b = x.to_be_bytes();
        let mut r: &[u8] = &b;
        assert_eq!(r.read_u128().await.unwrap(), x);
        let mut r: &[u8] = &(-3i8).to_be_bytes();
        assert_eq!(r.read_i8().await.unwrap(), -3);
    });
}

#[test]
fn cursor_and_box_and_pin_impls() {
    block_on(async {
        let mut c = Cursor::new(b"cursor".to_vec());
        c.set_position(3);
        let mut s = String::new();
        c.read_to_string(&mut s).await.unwrap();
        assert_eq!(s, "sor");
        c.set_position(100);
        assert_eq!(
            c.read(&mut [0u8; 4]).await.unwrap(),
            0,
            "past the end is EOF"
        );

        let mut boxed: Box<dyn AsyncRead + Unpin> = Box::new(&b"boxed"[..]);
        let mut out = Vec::new();
        boxed.read_to_end(&mut out).await.unwrap();
        assert_eq!(out, b"boxed");

        let mut pinned = Box::pin(OneByteReader::new(b"pin"));
        let mut out = Vec::new();
        pinned.read_to_end(&mut out).await.unwrap();
        assert_eq!(out, b"pin");
    });
}
