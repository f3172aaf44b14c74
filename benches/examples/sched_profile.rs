//! One scheduler or timer workload on rt's multi-thread runtime (2 workers, or
//! the current-thread runtime), run
//! `N` times: a driver for `valgrind --tool=callgrind`, whose instruction
//! counts are stable on a noisy machine where criterion's times are not.
//!
//! ```sh
//! cargo build --release -p benches --example sched_profile
//! valgrind --tool=callgrind target/release/examples/sched_profile yield_many 3
//! valgrind --tool=callgrind target/release/examples/sched_profile yield_many 3 current
//! ```
#![allow(missing_docs)]

use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let workload = args.next().unwrap_or_else(|| "yield_many".into());
    let n: usize = args.next().map_or(3, |s| s.parse().expect("a count"));
    // `current` as the third argument: the current-thread runtime, whose
    // instruction counts are exactly repeatable (no interleaving).
    let mut builder = match args.next().as_deref() {
        None | Some("multi") => {
            let mut b = rt::runtime::Builder::new_multi_thread();
            b.worker_threads(2);
            b
        }
        Some("current") => rt::runtime::Builder::new_current_thread(),
        Some(other) => panic!("unknown flavour `{other}` (multi or current)"),
    };
    let rt = builder.enable_all().build().unwrap();
    for _ in 0..n {
        match workload.as_str() {
            "yield_many" => rt.block_on(async {
                let handles: Vec<_> = (0..200)
                    .map(|_| {
                        rt::spawn(async {
                            for _ in 0..1_000 {
                                rt::task::yield_now().await;
                            }
                        })
                    })
                    .collect();
                for h in handles {
                    h.await.unwrap();
                }
            }),
            "spawn_many_local" => rt.block_on(async {
                rt::spawn(async {
                    let handles: Vec<_> = (0..10_000)
                        .map(|i| rt::spawn(async move { black_box(i) }))
                        .collect();
                    for h in handles {
                        h.await.unwrap();
                    }
                })
                .await
                .unwrap();
            }),
            "spawn_many_remote" => {
                let handles: Vec<_> = (0..10_000)
                    .map(|i| rt.spawn(async move { black_box(i) }))
                    .collect();
                rt.block_on(async {
                    for h in handles {
                        h.await.unwrap();
                    }
                });
            }
            "ping_pong" => rt.block_on(async {
                let (done_tx, done_rx) = rt::sync::oneshot::channel();
                rt::spawn(async move {
                    for _ in 0..1_000 {
                        let (ping_tx, ping_rx) = rt::sync::oneshot::channel::<()>();
                        let (pong_tx, pong_rx) = rt::sync::oneshot::channel::<()>();
                        rt::spawn(async move {
                            ping_rx.await.unwrap();
                            pong_tx.send(()).unwrap();
                        });
                        ping_tx.send(()).unwrap();
                        pong_rx.await.unwrap();
                    }
                    done_tx.send(()).unwrap();
                });
                done_rx.await.unwrap();
            }),
            "sleep_many" => rt.block_on(async {
                let handles: Vec<_> = (0..100_000)
                    .map(|_| {
                        rt::spawn(async {
                            rt::time::sleep(std::time::Duration::from_millis(1)).await;
                        })
                    })
                    .collect();
                for h in handles {
                    h.await.unwrap();
                }
            }),
            "timer_insert_cancel" => rt.block_on(async {
                let tasks: Vec<_> = (0..4)
                    .map(|_| {
                        rt::spawn(async {
                            for _ in 0..2_000 {
                                let t = rt::time::timeout(
                                    std::time::Duration::from_secs(10),
                                    rt::task::yield_now(),
                                );
                                t.await.unwrap();
                            }
                        })
                    })
                    .collect();
                for t in tasks {
                    t.await.unwrap();
                }
            }),
            other => panic!("unknown workload `{other}`"),
        }
    }
}
