//! `empty`: EOF reader, discarding writer.

mod support;

use rt_io::{AsyncBufReadExt, AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
use std::io::SeekFrom;
use support::block_on;

#[test]
fn always_eof_and_discards_writes() {
    block_on(async {
        let mut e = rt_io::empty();
        let mut buf = [0u8; 8];
        assert_eq!(e.read(&mut buf).await.unwrap(), 0);
        assert!(e.fill_buf().await.unwrap().is_empty());
        assert_eq!(e.write(b"abc").await.unwrap(), 3);
        e.flush().await.unwrap();
        e.shutdown().await.unwrap();
        assert_eq!(e.seek(SeekFrom::Start(10)).await.unwrap(), 0);
    });
}

#[test]
fn a_loop_on_empty_still_yields() {
    block_on(async {
        let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let f = flag.clone();
        let looper = rt_core::spawn(async move {
            // Bounded: 10_000 polls, far more than one coop budget (128).
            let mut e = rt_io::empty();
            let mut saw_other = false;
            for _ in 0..10_000 {
                e.read(&mut [0u8; 1]).await.unwrap();
                if f.load(std::sync::atomic::Ordering::SeqCst) {
                    saw_other = true;
                    break;
                }
            }
            saw_other
        });
        let other = rt_core::spawn(async move {
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        other.await.unwrap();
        assert!(
            looper.await.unwrap(),
            "the looping task yielded to the other one"
        );
    });
}
