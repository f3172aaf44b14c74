//! `join`: a reader and a writer as one object.

mod support;

use rt_io::{AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use std::io::IoSlice;
use support::{block_on, OneByteReader, ThreeByteWriter};

#[test]
fn reads_from_the_reader_and_writes_to_the_writer() {
    block_on(async {
        let mut j = rt_io::join(OneByteReader::new(b"in"), ThreeByteWriter::new());
        let mut s = String::new();
        j.read_to_string(&mut s).await.unwrap();
        assert_eq!(s, "in");
        j.write_all(b"output").await.unwrap();
        j.flush().await.unwrap();
        j.shutdown().await.unwrap();
        assert!(!j.is_write_vectored());
        assert_eq!(j.writer().data, b"output");
        assert_eq!(j.writer().shutdowns, 1);
        j.writer_mut().data.clear();
        let bufs = [IoSlice::new(b"v")];
        assert_eq!(j.write_vectored(&bufs).await.unwrap(), 1);
        let (r, w) = j.into_inner();
        assert_eq!(r.reads, 3);
        assert_eq!(w.data, b"v");
    });
}

#[test]
fn buffered_reader_side() {
    block_on(async {
        let mut j = rt_io::join(BufReader::new(&b"l1\nl2\n"[..]), Vec::new());
        let mut line = String::new();
        j.read_line(&mut line).await.unwrap();
        assert_eq!(line, "l1\n");
        assert_eq!(j.reader().buffer(), b"l2\n");
        *j.reader_mut() = BufReader::new(&b"new"[..]);
        let mut rest = String::new();
        j.read_to_string(&mut rest).await.unwrap();
        assert_eq!(rest, "new");
    });
}
