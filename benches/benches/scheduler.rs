//! Scheduler workloads (issue 3): spawning, yielding, wake-ups between
//! tasks, and the blocking pool, each on the current-thread runtime and on
//! the multi-thread runtime, rt beside tokio.
//!
//! Each function below is one iteration; [`benches::rt_and_tokio!`]
//! compiles it against `::rt` and against `::tokio` (the alias `runtime`).
//! The multi-thread ones run on `RT_BENCH_WORKERS` workers (2 by default).
// criterion_group!/criterion_main! and the macro's modules generate items
// without docs; the workloads are documented here and in BENCHMARKS.md.
#![allow(missing_docs)]

use std::hint::black_box;

benches::rt_and_tokio! {
    workloads {
        spawn_many_local: [CurrentThread, MultiThread],
        spawn_many_remote: [CurrentThread, MultiThread],
        yield_many: [CurrentThread, MultiThread],
        ping_pong: [CurrentThread, MultiThread],
        chained_spawn: [CurrentThread, MultiThread],
        spawn_blocking: [CurrentThread, MultiThread],
        current_thread_spawn_yield: [CurrentThread],
    }

    use runtime::sync::oneshot;
    use runtime::task;

    /// Tasks spawned (and joined) by the spawn_many workloads.
    const NUM_SPAWN: usize = 10_000;
    /// Tasks in yield_many, and the yields each makes.
    const NUM_YIELD_TASKS: usize = 200;
    const NUM_YIELDS: usize = 1_000;
    /// Pairs in ping_pong.
    const NUM_PINGS: usize = 1_000;
    /// Length of the chain in chained_spawn.
    const CHAIN_DEPTH: usize = 1_000;
    /// Round trips to the blocking pool in spawn_blocking.
    const NUM_BLOCKING: usize = 1_000;
    /// Spawn+yield rounds in current_thread_spawn_yield.
    const NUM_SPAWN_YIELD: usize = 10_000;

    /// 10k empty tasks spawned from inside a task (so on the multi-thread
    /// runtime they go to a worker's local queue), then joined in order.
    pub(crate) fn spawn_many_local(rt: &Runtime) {
        rt.block_on(async {
            runtime::spawn(async {
                let handles: Vec<_> = (0..NUM_SPAWN)
                    .map(|i| runtime::spawn(async move { black_box(i) }))
                    .collect();
                for handle in handles {
                    handle.await.unwrap();
                }
            })
            .await
            .unwrap();
        });
    }

    /// 10k empty tasks spawned from outside the runtime through its handle
    /// (the remote/injection path), then joined from `block_on`.
    pub(crate) fn spawn_many_remote(rt: &Runtime) {
        let handles: Vec<_> = (0..NUM_SPAWN)
            .map(|i| rt.spawn(async move { black_box(i) }))
            .collect();
        rt.block_on(async {
            for handle in handles {
                handle.await.unwrap();
            }
        });
    }

    /// 200 tasks that each yield 1000 times: the cost of re-queueing a task
    /// that is still ready.
    pub(crate) fn yield_many(rt: &Runtime) {
        rt.block_on(async {
            let handles: Vec<_> = (0..NUM_YIELD_TASKS)
                .map(|_| {
                    runtime::spawn(async {
                        for _ in 0..NUM_YIELDS {
                            task::yield_now().await;
                        }
                    })
                })
                .collect();
            for handle in handles {
                handle.await.unwrap();
            }
        });
    }

    /// Tokio's ping_pong: 1000 times, a task spawns a partner, sends it a
    /// ping over a oneshot and waits for the pong on another: spawns plus
    /// cross-task wake-ups.
    pub(crate) fn ping_pong(rt: &Runtime) {
        rt.block_on(async {
            runtime::spawn(async {
                let handles: Vec<_> = (0..NUM_PINGS)
                    .map(|_| {
                        runtime::spawn(async {
                            let (ping_tx, ping_rx) = oneshot::channel::<()>();
                            let (pong_tx, pong_rx) = oneshot::channel::<()>();
                            runtime::spawn(async move {
                                ping_rx.await.unwrap();
                                pong_tx.send(()).unwrap();
                            });
                            ping_tx.send(()).unwrap();
                            pong_rx.await.unwrap();
                        })
                    })
                    .collect();
                for handle in handles {
                    handle.await.unwrap();
                }
            })
            .await
            .unwrap();
        });
    }

    /// Each task spawns the next, 1000 deep; the last one signals the
    /// `block_on` future over a oneshot.
    pub(crate) fn chained_spawn(rt: &Runtime) {
        fn link(done: oneshot::Sender<()>, left: usize) {
            if left == 0 {
                done.send(()).unwrap();
            } else {
                runtime::spawn(async move { link(done, left - 1) });
            }
        }
        rt.block_on(async {
            let (done_tx, done_rx) = oneshot::channel();
            runtime::spawn(async move { link(done_tx, CHAIN_DEPTH) });
            done_rx.await.unwrap();
        });
    }

    /// 1000 `spawn_blocking` calls, each awaited before the next: the
    /// round trip to the blocking pool (one thread, kept alive, does the
    /// work after the first).
    pub(crate) fn spawn_blocking(rt: &Runtime) {
        rt.block_on(async {
            for i in 0..NUM_BLOCKING {
                let out = task::spawn_blocking(move || black_box(i)).await.unwrap();
                black_box(out);
            }
        });
    }

    /// The current-thread scheduler's inner loop: 10k rounds of spawning a
    /// task that yields once and yielding the `block_on` future, then
    /// joining every task.
    pub(crate) fn current_thread_spawn_yield(rt: &Runtime) {
        rt.block_on(async {
            let mut handles = Vec::with_capacity(NUM_SPAWN_YIELD);
            for _ in 0..NUM_SPAWN_YIELD {
                handles.push(runtime::spawn(task::yield_now()));
                task::yield_now().await;
            }
            for handle in handles {
                handle.await.unwrap();
            }
        });
    }
}

criterion::criterion_group!(benches, register);
criterion::criterion_main!(benches);
