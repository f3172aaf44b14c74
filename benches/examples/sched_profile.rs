//! One scheduler workload on rt's multi-thread runtime (2 workers), run
//! `N` times: a driver for `valgrind --tool=callgrind`, whose instruction
//! counts are stable on a noisy machine where criterion's times are not.
//!
//! ```sh
//! cargo build --release -p benches --example sched_profile
//! valgrind --tool=callgrind target/release/examples/sched_profile yield_many 3
//! ```
#![allow(missing_docs)]

use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let workload = args.next().unwrap_or_else(|| "yield_many".into());
    let n: usize = args.next().map_or(3, |s| s.parse().expect("a count"));
    let rt = rt::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
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
            other => panic!("unknown workload `{other}`"),
        }
    }
}
