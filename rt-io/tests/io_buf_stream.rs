//! `BufStream`: both directions buffered over one stream.

mod support;

use rt_io::{AsyncBufReadExt, AsyncReadExt, AsyncSeekExt, AsyncWriteExt, BufStream};
use std::io::{Cursor, SeekFrom};
use support::block_on;

#[test]
fn request_response_over_duplex() {
    block_on(async {
        let (a, b) = rt_io::duplex(32);
        let mut client = BufStream::with_capacity(8, 8, a);
        let mut server = BufStream::new(b);
        client.write_all(b"GET /\n").await.unwrap();
        client.flush().await.unwrap();
        let mut line = String::new();
        server.read_line(&mut line).await.unwrap();
        assert_eq!(line, "GET /\n");
        server.write_all(b"200 OK\n").await.unwrap();
        server.shutdown().await.unwrap();
        let mut reply = String::new();
        client.read_to_string(&mut reply).await.unwrap();
        assert_eq!(reply, "200 OK\n");
    });
}

#[test]
fn writes_wait_for_flush() {
    block_on(async {
        let (a, mut b) = rt_io::duplex(32);
        let mut s = BufStream::new(a);
        s.write_all(b"held").await.unwrap();
        let mut buf = [0u8; 4];
        assert!(support::poll_once(&mut b.read(&mut buf)).is_pending());
        s.flush().await.unwrap();
        b.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"held");
    });
}

#[test]
fn seek_flushes_writes_and_drops_read_buffer() {
    block_on(async {
        let mut s = BufStream::new(Cursor::new(b"0123456789".to_vec()));
        assert_eq!(s.read_u8().await.unwrap(), b'0');
        s.seek(SeekFrom::Start(5)).await.unwrap();
        s.write_all(b"ab").await.unwrap();
        s.seek(SeekFrom::Start(0)).await.unwrap();
        let mut all = String::new();
        s.read_to_string(&mut all).await.unwrap();
        assert_eq!(all, "01234ab789");
        assert_eq!(s.into_inner().into_inner(), b"01234ab789");
    });
}
