//! `BufReader`: buffering, bypass, seeking, pass-through writes.

mod support;

use rt_io::{AsyncBufReadExt, AsyncReadExt, AsyncSeekExt, AsyncWriteExt, BufReader};
use std::io::{Cursor, SeekFrom};
use support::{block_on, OneByteReader};

#[test]
fn small_reads_are_served_from_the_buffer() {
    block_on(async {
        let data = support::pattern(100, 1);
        let mut r = BufReader::with_capacity(32, Cursor::new(data.clone()));
        let mut b = [0u8; 5];
        r.read_exact(&mut b).await.unwrap();
        assert_eq!(&b, &data[..5]);
        assert_eq!(r.buffer(), &data[5..32]);
        assert_eq!(r.get_ref().position(), 32);
    });
}

#[test]
fn large_reads_bypass_an_empty_buffer() {
    block_on(async {
        let data = support::pattern(100, 2);
        let mut r = BufReader::with_capacity(8, Cursor::new(data.clone()));
        let mut big = [0u8; 50];
        assert_eq!(r.read(&mut big).await.unwrap(), 50);
        assert!(r.buffer().is_empty(), "nothing was buffered");
        assert_eq!(&big[..], &data[..50]);
    });
}

#[test]
fn partial_inner_reads() {
    block_on(async {
        let mut r = BufReader::new(OneByteReader::new(b"slowly").with_pending());
        let mut s = String::new();
        r.read_to_string(&mut s).await.unwrap();
        assert_eq!(s, "slowly");
    });
}

#[test]
fn seek_current_accounts_for_buffered_data() {
    block_on(async {
        let data: Vec<u8> = (0..100).collect();
        let mut r = BufReader::with_capacity(16, Cursor::new(data));
        assert_eq!(r.read_u8().await.unwrap(), 0);
        // Logical position is 1 even though the inner cursor is at 16.
        assert_eq!(r.stream_position().await.unwrap(), 1);
        assert_eq!(r.seek(SeekFrom::Current(9)).await.unwrap(), 10);
        assert_eq!(r.read_u8().await.unwrap(), 10);
        assert_eq!(r.seek(SeekFrom::Current(-5)).await.unwrap(), 6);
        assert_eq!(r.read_u8().await.unwrap(), 6);
        assert_eq!(r.seek(SeekFrom::End(-1)).await.unwrap(), 99);
        assert_eq!(r.read_u8().await.unwrap(), 99);
        r.rewind().await.unwrap();
        assert_eq!(r.read_u8().await.unwrap(), 0);
        assert!(r.seek(SeekFrom::Current(-10)).await.is_err());
    });
}

#[test]
fn seek_current_with_overflowing_offset() {
    block_on(async {
        let mut r = BufReader::with_capacity(16, Cursor::new(vec![0u8; 64]));
        r.fill_buf().await.unwrap(); // 16 buffered, logical position 0
                                     // i64::MIN - remainder would overflow: two inner seeks are used.
        assert!(r.seek(SeekFrom::Current(i64::MIN)).await.is_err());
        // The reader is still usable afterwards.
        assert_eq!(r.seek(SeekFrom::Start(3)).await.unwrap(), 3);
    });
}

#[test]
fn writes_pass_through() {
    block_on(async {
        let (a, mut b) = rt_io::duplex(16);
        let mut r = BufReader::new(a);
        r.write_all(b"through").await.unwrap();
        let mut got = [0u8; 7];
        b.read_exact(&mut got).await.unwrap();
        assert_eq!(&got, b"through");
        let _ = r.into_inner();
    });
}
