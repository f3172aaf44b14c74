//! `AsyncBufReadExt`: read_line, read_until, lines, split, fill_buf/consume.

mod support;

use futures_core::Stream;
use rt_io::{AsyncBufReadExt, BufReader};
use std::io::ErrorKind;
use std::pin::Pin;
use std::task::{Context, Poll};
use support::{block_on, poll_once, OneByteReader};

#[test]
fn read_line_across_one_byte_reads() {
    block_on(async {
        let mut r =
            BufReader::with_capacity(4, OneByteReader::new(b"first\nsecond\nlast").with_pending());
        let mut line = String::from("> ");
        assert_eq!(r.read_line(&mut line).await.unwrap(), 6);
        assert_eq!(line, "> first\n");
        line.clear();
        assert_eq!(r.read_line(&mut line).await.unwrap(), 7);
        assert_eq!(line, "second\n");
        line.clear();
        assert_eq!(r.read_line(&mut line).await.unwrap(), 4);
        assert_eq!(line, "last");
        line.clear();
        assert_eq!(r.read_line(&mut line).await.unwrap(), 0, "EOF");
        assert_eq!(line, "");
    });
}

#[test]
fn read_line_invalid_utf8_is_an_error_and_preserves_the_buffer() {
    block_on(async {
        let mut r: &[u8] = b"bad \xc3\x28 line\ngood\n";
        let mut line = String::from("kept");
        let err = r.read_line(&mut line).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidData);
        assert_eq!(line, "kept", "buffer unchanged");
        // The bad line was consumed; reading continues with the next one.
        assert_eq!(r.read_line(&mut line).await.unwrap(), 5);
        assert_eq!(line, "keptgood\n");
    });
}

#[test]
fn read_line_multibyte_char_split_across_reads() {
    block_on(async {
        let text = "añb€\n";
        let mut r = BufReader::with_capacity(1, OneByteReader::new(text.as_bytes()));
        let mut line = String::new();
        assert_eq!(r.read_line(&mut line).await.unwrap(), text.len());
        assert_eq!(line, text);
    });
}

#[test]
fn read_line_cancelled_restores_the_buffer() {
    let mut r = BufReader::with_capacity(2, OneByteReader::new(b"abc\n").with_pending());
    let mut line = String::from("before");
    {
        let mut fut = r.read_line(&mut line);
        for _ in 0..3 {
            assert!(poll_once(&mut fut).is_pending());
        }
    }
    assert_eq!(line, "before");
}

#[test]
fn read_until_is_cancel_safe() {
    let mut r = BufReader::with_capacity(1, OneByteReader::new(b"ab;cd").with_pending());
    let mut buf = Vec::new();
    {
        let mut fut = r.read_until(b';', &mut buf);
        for _ in 0..2 {
            assert!(poll_once(&mut fut).is_pending());
        }
    }
    assert_eq!(buf, b"a", "bytes read before cancellation are kept");
    block_on(async {
        r.read_until(b';', &mut buf).await.unwrap();
        assert_eq!(buf, b"ab;");
        buf.clear();
        assert_eq!(r.read_until(b';', &mut buf).await.unwrap(), 2);
        assert_eq!(buf, b"cd");
    });
}

#[test]
fn lines_strip_crlf_and_stream() {
    block_on(async {
        let mut lines = BufReader::new(&b"a\r\nb\n\nc"[..]).lines();
        let mut got = Vec::new();
        while let Some(l) = lines.next_line().await.unwrap() {
            got.push(l);
        }
        assert_eq!(got, ["a", "b", "", "c"]);

        let mut lines = (&b"x\ny\n"[..]).lines();
        let waker = support::noop_waker();
        let mut cx = Context::from_waker(&waker);
        let mut items = Vec::new();
        loop {
            match Pin::new(&mut lines).poll_next(&mut cx) {
                Poll::Ready(Some(item)) => items.push(item.unwrap()),
                Poll::Ready(None) => break,
                Poll::Pending => panic!("in-memory lines never pend"),
            }
        }
        assert_eq!(items, ["x", "y"]);
    });
}

#[test]
fn lines_next_line_is_cancel_safe() {
    let mut lines =
        BufReader::with_capacity(1, OneByteReader::new(b"hello\nworld\n").with_pending()).lines();
    for _ in 0..5 {
        let mut fut = Box::pin(lines.next_line());
        let _ = poll_once(&mut fut);
    }
    block_on(async {
        assert_eq!(lines.next_line().await.unwrap().as_deref(), Some("hello"));
        assert_eq!(lines.next_line().await.unwrap().as_deref(), Some("world"));
        assert_eq!(lines.next_line().await.unwrap(), None);
    });
}

#[test]
fn lines_invalid_utf8_errors_then_continues() {
    block_on(async {
        let mut lines = (&b"\xff\nok\n"[..]).lines();
        assert_eq!(
            lines.next_line().await.unwrap_err().kind(),
            ErrorKind::InvalidData
        );
        assert_eq!(lines.next_line().await.unwrap().as_deref(), Some("ok"));
    });
}

#[test]
fn split_segments_and_stream() {
    block_on(async {
        let mut s = BufReader::with_capacity(2, OneByteReader::new(b"a,bb,,ccc,")).split(b',');
        let mut got = Vec::new();
        while let Some(seg) = s.next_segment().await.unwrap() {
            got.push(seg);
        }
        assert_eq!(
            got,
            [b"a".to_vec(), b"bb".to_vec(), vec![], b"ccc".to_vec()]
        );

        let mut s = rt_io::BufReader::new(&b"1 2"[..]).split(b' ');
        let waker = support::noop_waker();
        let mut cx = Context::from_waker(&waker);
        let first = Pin::new(&mut s).poll_next(&mut cx);
        assert!(matches!(first, Poll::Ready(Some(Ok(ref v))) if v == b"1"));
    });
}

#[test]
fn fill_buf_and_consume() {
    block_on(async {
        let mut r = BufReader::with_capacity(3, &b"abcdef"[..]);
        assert_eq!(r.fill_buf().await.unwrap(), b"abc");
        r.consume(1);
        assert_eq!(r.fill_buf().await.unwrap(), b"bc");
        r.consume(2);
        assert_eq!(r.fill_buf().await.unwrap(), b"def");
        r.consume(3);
        assert_eq!(r.fill_buf().await.unwrap(), b"", "EOF");
    });
}
