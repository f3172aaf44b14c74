//! Leak-check workload (issue 11; run by `cargo xtask leak` under valgrind):
//! 1,000,000 tasks spawned, a third aborted, a third detached, a third
//! joined, then tasks left pending when the runtime drops. Every task
//! allocation must be freed.

fn main() {
    let total: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let rt = rt::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut batch = Vec::with_capacity(10_000);
        for i in 0..total {
            // Some of the aborted and detached tasks never finish on their
            // own (joined ones always do).
            let never = i % 7 == 0 && i % 3 != 2;
            let h = rt::spawn(async move {
                if never {
                    std::future::pending::<()>().await;
                }
                rt::task::yield_now().await;
                i
            });
            match i % 3 {
                0 => h.abort(),
                1 => drop(h),
                _ => batch.push(h),
            }
            if batch.len() == batch.capacity() {
                for h in batch.drain(..) {
                    let _ = h.await;
                }
            }
        }
        for h in batch.drain(..) {
            let _ = h.await;
        }
        // Leave some tasks pending: the runtime's drop must free them.
        for _ in 0..1_000 {
            drop(rt::spawn(std::future::pending::<()>()));
        }
    });
    drop(rt);
    println!("leak_spawn_abort: {total} tasks done");
}
