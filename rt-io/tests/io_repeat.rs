//! `repeat`: the endless reader.

mod support;

use rt_io::AsyncReadExt;
use support::block_on;

#[test]
fn fills_every_read() {
    block_on(async {
        let mut r = rt_io::repeat(b'q');
        let mut buf = [0u8; 1000];
        assert_eq!(r.read(&mut buf).await.unwrap(), 1000);
        assert!(buf.iter().all(|&b| b == b'q'));
        let mut limited = Vec::new();
        r.take(5).read_to_end(&mut limited).await.unwrap();
        assert_eq!(limited, b"qqqqq");
    });
}

#[test]
fn the_coop_budget_makes_an_endless_reader_yield() {
    block_on(async {
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let d = done.clone();
        let reader = rt_core::spawn(async move {
            let mut r = rt_io::repeat(0);
            let mut byte = [0u8; 1];
            let mut reads = 0u32;
            while !d.load(std::sync::atomic::Ordering::SeqCst) && reads < 100_000 {
                r.read_exact(&mut byte).await.unwrap();
                reads += 1;
            }
            reads
        });
        let stopper = rt_core::spawn(async move {
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        stopper.await.unwrap();
        let reads = reader.await.unwrap();
        assert!(reads < 100_000, "the reader yielded after {reads} reads");
    });
}
