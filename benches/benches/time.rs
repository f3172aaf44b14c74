//! `time` workloads (issues 6 and 10): timer insert+cancel, many sleeps,
//! and the timeout fast path, rt beside tokio.
//!
//! Each function below is one iteration; [`benches::rt_and_tokio!`]
//! compiles it against `::rt` and against `::tokio` (the alias `runtime`).
// criterion_group!/criterion_main! and the macro's modules generate items
// without docs; the workloads are documented here and in BENCHMARKS.md.
#![allow(missing_docs)]

use std::hint::black_box;

benches::rt_and_tokio! {
    workloads {
        timer_insert_cancel: [CurrentThread, MultiThread],
        sleep_many: [CurrentThread, MultiThread],
        timeout_fast_path: [CurrentThread, MultiThread],
    }

    use runtime::task;
    use runtime::time::{sleep, timeout, Duration};

    /// Timers registered and cancelled per task, and tasks (one per worker
    /// and a couple more, so every worker inserts and cancels).
    const INSERT_CANCEL_PER_TASK: usize = 2_000;
    const INSERT_CANCEL_TASKS: usize = 4;
    /// Concurrent 1 ms sleeps in sleep_many.
    const SLEEPS: usize = 100_000;
    /// Timeouts around already-ready futures in timeout_fast_path.
    const FAST_TIMEOUTS: usize = 10_000;

    /// Every task wraps a future that is pending once in a 10 s timeout:
    /// the timer is registered (first poll of the inner future is pending)
    /// and cancelled (the timeout is dropped once the inner future is done).
    pub(crate) fn timer_insert_cancel(rt: &Runtime) {
        rt.block_on(async {
            let tasks: Vec<_> = (0..INSERT_CANCEL_TASKS)
                .map(|_| {
                    runtime::spawn(async {
                        for _ in 0..INSERT_CANCEL_PER_TASK {
                            let r = timeout(Duration::from_secs(10), task::yield_now()).await;
                            black_box(r.is_ok());
                        }
                    })
                })
                .collect();
            for t in tasks {
                t.await.unwrap();
            }
        });
    }

    /// 100,000 tasks each sleeping 1 ms, joined.
    pub(crate) fn sleep_many(rt: &Runtime) {
        rt.block_on(async {
            let tasks: Vec<_> = (0..SLEEPS)
                .map(|_| runtime::spawn(sleep(Duration::from_millis(1))))
                .collect();
            for t in tasks {
                t.await.unwrap();
            }
        });
    }

    /// `timeout` around futures that are ready at once: the timer should
    /// never be touched.
    pub(crate) fn timeout_fast_path(rt: &Runtime) {
        rt.block_on(async {
            for i in 0..FAST_TIMEOUTS {
                let r = timeout(Duration::from_secs(1), async { i }).await;
                black_box(r.unwrap());
            }
        });
    }
}

criterion::criterion_group!(benches, register);
criterion::criterion_main!(benches);
