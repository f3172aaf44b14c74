//! `sink`: the discarding writer.

mod support;

use rt_io::{AsyncWrite, AsyncWriteExt};
use std::io::IoSlice;
use support::block_on;

#[test]
fn accepts_everything() {
    block_on(async {
        let mut s = rt_io::sink();
        assert_eq!(s.write(&[0u8; 100_000]).await.unwrap(), 100_000);
        assert!(!s.is_write_vectored());
        let bufs = [IoSlice::new(b"a"), IoSlice::new(b"bc")];
        assert_eq!(s.write_vectored(&bufs).await.unwrap(), 1);
        s.write_all(b"all").await.unwrap();
        s.flush().await.unwrap();
        s.shutdown().await.unwrap();
        let mut src: &[u8] = &[7u8; 12_345];
        assert_eq!(rt_io::copy(&mut src, &mut s).await.unwrap(), 12_345);
    });
}
