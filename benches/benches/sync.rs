//! `sync` workloads (issue 10): channels, locks and notifications, rt
//! beside tokio, on the multi-thread runtime (`RT_BENCH_WORKERS` workers,
//! 2 by default).
//!
//! Each function below is one iteration; [`benches::rt_and_tokio!`]
//! compiles it against `::rt` and against `::tokio` (the alias `runtime`).
//! The "contended" workloads make every holder yield once while it holds
//! the lock or permit, so waiters queue up on any number of workers (even
//! one) and the waiter-queue path is what gets measured.
// criterion_group!/criterion_main! and the macro's modules generate items
// without docs; the workloads are documented here and in BENCHMARKS.md.
#![allow(missing_docs)]

use std::hint::black_box;

benches::rt_and_tokio! {
    workloads {
        mpsc_bounded_uncontended: [MultiThread],
        mpsc_bounded_contended: [MultiThread],
        mpsc_unbounded_uncontended: [MultiThread],
        mpsc_unbounded_contended: [MultiThread],
        oneshot_request_reply: [MultiThread],
        mutex_contended: [MultiThread],
        semaphore_contended: [MultiThread],
        notify_ping_pong: [MultiThread],
        rwlock_contended: [MultiThread],
        broadcast_fan_out: [MultiThread],
        watch_updates: [MultiThread],
    }

    use std::sync::Arc;

    use runtime::sync::{broadcast, mpsc, oneshot, watch, Mutex, Notify, RwLock, Semaphore};
    use runtime::task;

    /// Messages through the channel in the uncontended mpsc workloads.
    const ROUNDS: usize = 10;
    const PER_ROUND: usize = 1_000;
    /// Producer tasks, and messages each sends, in the contended ones.
    const PRODUCERS: usize = 5;
    const PER_PRODUCER: usize = 1_000;
    /// Capacity of the contended bounded channel: small, so producers wait.
    const CONTENDED_CAPACITY: usize = 100;
    /// Sequential requests in oneshot_request_reply.
    const REQUESTS: usize = 1_000;
    /// Tasks contending for a lock or permit, and acquisitions each makes.
    const CONTENDERS: usize = 8;
    const PER_CONTENDER: usize = 500;
    /// Permits of the contended semaphore.
    const PERMITS: usize = 2;
    /// Round trips in notify_ping_pong.
    const NOTIFY_ROUNDS: usize = 1_000;

    /// One task fills a bounded channel with 1000 messages and drains it,
    /// 10 times: the fast paths, no waiting.
    pub(crate) fn mpsc_bounded_uncontended(rt: &Runtime) {
        rt.block_on(async {
            let (tx, mut rx) = mpsc::channel::<usize>(PER_ROUND);
            for _ in 0..ROUNDS {
                for i in 0..PER_ROUND {
                    tx.send(i).await.unwrap();
                }
                for _ in 0..PER_ROUND {
                    black_box(rx.recv().await.unwrap());
                }
            }
        });
    }

    /// 5 producer tasks send 1000 messages each into a bounded channel of
    /// capacity 100 that `block_on` drains: senders wait for room.
    pub(crate) fn mpsc_bounded_contended(rt: &Runtime) {
        rt.block_on(async {
            let (tx, mut rx) = mpsc::channel::<usize>(CONTENDED_CAPACITY);
            for _ in 0..PRODUCERS {
                let tx = tx.clone();
                runtime::spawn(async move {
                    for i in 0..PER_PRODUCER {
                        tx.send(i).await.unwrap();
                    }
                });
            }
            drop(tx);
            let mut received = 0;
            while let Some(i) = rx.recv().await {
                black_box(i);
                received += 1;
            }
            assert_eq!(received, PRODUCERS * PER_PRODUCER);
        });
    }

    /// As mpsc_bounded_uncontended, on an unbounded channel.
    pub(crate) fn mpsc_unbounded_uncontended(rt: &Runtime) {
        rt.block_on(async {
            let (tx, mut rx) = mpsc::unbounded_channel::<usize>();
            for _ in 0..ROUNDS {
                for i in 0..PER_ROUND {
                    tx.send(i).unwrap();
                }
                for _ in 0..PER_ROUND {
                    black_box(rx.recv().await.unwrap());
                }
            }
        });
    }

    /// As mpsc_bounded_contended, on an unbounded channel (producers never
    /// wait; the receiver does).
    pub(crate) fn mpsc_unbounded_contended(rt: &Runtime) {
        rt.block_on(async {
            let (tx, mut rx) = mpsc::unbounded_channel::<usize>();
            for _ in 0..PRODUCERS {
                let tx = tx.clone();
                runtime::spawn(async move {
                    for i in 0..PER_PRODUCER {
                        tx.send(i).unwrap();
                    }
                });
            }
            drop(tx);
            let mut received = 0;
            while let Some(i) = rx.recv().await {
                black_box(i);
                received += 1;
            }
            assert_eq!(received, PRODUCERS * PER_PRODUCER);
        });
    }

    /// A server task answers 1000 sequential requests, each carrying a
    /// oneshot for the reply: the actor pattern's round trip.
    pub(crate) fn oneshot_request_reply(rt: &Runtime) {
        rt.block_on(async {
            let (tx, mut rx) = mpsc::channel::<(usize, oneshot::Sender<usize>)>(16);
            let server = runtime::spawn(async move {
                while let Some((request, reply)) = rx.recv().await {
                    let _ = reply.send(request + 1);
                }
            });
            for i in 0..REQUESTS {
                let (reply_tx, reply_rx) = oneshot::channel();
                tx.send((i, reply_tx)).await.unwrap();
                assert_eq!(reply_rx.await.unwrap(), i + 1);
            }
            drop(tx);
            server.await.unwrap();
        });
    }

    /// 8 tasks lock one `Mutex` 500 times each, yielding once while holding
    /// it, so the others queue on the lock.
    pub(crate) fn mutex_contended(rt: &Runtime) {
        rt.block_on(async {
            let mutex = Arc::new(Mutex::new(0usize));
            let handles: Vec<_> = (0..CONTENDERS)
                .map(|_| {
                    let mutex = Arc::clone(&mutex);
                    runtime::spawn(async move {
                        for _ in 0..PER_CONTENDER {
                            let mut guard = mutex.lock().await;
                            *guard += 1;
                            task::yield_now().await;
                        }
                    })
                })
                .collect();
            for handle in handles {
                handle.await.unwrap();
            }
            assert_eq!(*mutex.lock().await, CONTENDERS * PER_CONTENDER);
        });
    }

    /// 8 tasks take a permit of a 2-permit `Semaphore` 500 times each,
    /// yielding once while holding it.
    pub(crate) fn semaphore_contended(rt: &Runtime) {
        rt.block_on(async {
            let semaphore = Arc::new(Semaphore::new(PERMITS));
            let handles: Vec<_> = (0..CONTENDERS)
                .map(|_| {
                    let semaphore = Arc::clone(&semaphore);
                    runtime::spawn(async move {
                        for _ in 0..PER_CONTENDER {
                            let permit = semaphore.acquire().await.unwrap();
                            task::yield_now().await;
                            drop(permit);
                        }
                    })
                })
                .collect();
            for handle in handles {
                handle.await.unwrap();
            }
        });
    }

    /// Two tasks wake each other 1000 times through two `Notify`s
    /// (`notify_one` / `notified`).
    pub(crate) fn notify_ping_pong(rt: &Runtime) {
        rt.block_on(async {
            let ping = Arc::new(Notify::new());
            let pong = Arc::new(Notify::new());
            let partner = {
                let (ping, pong) = (Arc::clone(&ping), Arc::clone(&pong));
                runtime::spawn(async move {
                    for _ in 0..NOTIFY_ROUNDS {
                        ping.notified().await;
                        pong.notify_one();
                    }
                })
            };
            for _ in 0..NOTIFY_ROUNDS {
                ping.notify_one();
                pong.notified().await;
            }
            partner.await.unwrap();
        });
    }

    /// 6 reader tasks and 2 writer tasks on one `RwLock`, 250 operations
    /// each, yielding while they hold it (readers share, writers queue).
    pub(crate) fn rwlock_contended(rt: &Runtime) {
        rt.block_on(async {
            let lock = Arc::new(RwLock::new(0u64));
            let mut tasks = Vec::new();
            for i in 0..8 {
                let lock = lock.clone();
                tasks.push(runtime::spawn(async move {
                    for _ in 0..250 {
                        if i < 2 {
                            let mut g = lock.write().await;
                            *g += 1;
                            task::yield_now().await;
                        } else {
                            let g = lock.read().await;
                            black_box(*g);
                            task::yield_now().await;
                        }
                    }
                }));
            }
            for t in tasks {
                t.await.unwrap();
            }
            assert_eq!(*lock.read().await, 500);
        });
    }

    /// One sender, 10 receiver tasks, 1,000 values each (capacity 1,024:
    /// no lag).
    pub(crate) fn broadcast_fan_out(rt: &Runtime) {
        rt.block_on(async {
            let (tx, _) = broadcast::channel::<u64>(1024);
            let receivers: Vec<_> = (0..10)
                .map(|_| {
                    let mut rx = tx.subscribe();
                    runtime::spawn(async move {
                        let mut sum = 0u64;
                        while let Ok(v) = rx.recv().await {
                            sum += v;
                        }
                        sum
                    })
                })
                .collect();
            for i in 0..1_000u64 {
                tx.send(i).unwrap();
            }
            drop(tx);
            for r in receivers {
                assert_eq!(r.await.unwrap(), 499_500);
            }
        });
    }

    /// One sender updates a `watch` 1,000 times, yielding between updates;
    /// 4 receiver tasks follow with `changed()`.
    pub(crate) fn watch_updates(rt: &Runtime) {
        rt.block_on(async {
            let (tx, rx) = watch::channel(0u64);
            let receivers: Vec<_> = (0..4)
                .map(|_| {
                    let mut rx = rx.clone();
                    runtime::spawn(async move {
                        let mut seen = 0u64;
                        while rx.changed().await.is_ok() {
                            seen = *rx.borrow_and_update();
                        }
                        seen
                    })
                })
                .collect();
            for i in 1..=1_000u64 {
                tx.send(i).unwrap();
                task::yield_now().await;
            }
            drop(tx);
            for r in receivers {
                assert_eq!(r.await.unwrap(), 1_000);
            }
        });
    }
}

criterion::criterion_group!(benches, register);
criterion::criterion_main!(benches);
