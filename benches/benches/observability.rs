//! The cost of rt's observability (issue 12): the same spawn_many and
//! yield_many workloads on a 2-worker runtime (`RT_BENCH_WORKERS`) with
//!
//! - `hooks_off`: no task hooks, no slow-poll detector (the default; the
//!   always-on bookkeeping for task dumps and metrics still runs),
//! - `hooks_on`: all four task hooks set (`on_task_spawn`,
//!   `on_task_terminate`, `on_before_task_poll`, `on_after_task_poll`),
//! - `slow_poll_on`: the hooks plus the slow-poll detector (1 s threshold,
//!   never reached: the cost is two clock reads per poll).
//!
//! rt only (Tokio has no stable equivalent). Each group is
//! `observability_<workload>/multi_thread` with the three ids above;
//! `cargo bench -p benches --bench observability` prints them, and
//! BENCHMARKS.md records the ratios to `hooks_off`.
// criterion_group!/criterion_main! generate items without docs.
#![allow(missing_docs)]

use criterion::Criterion;
use std::hint::black_box;
use std::time::Duration;

#[derive(Clone, Copy)]
enum Setup {
    HooksOff,
    HooksOn,
    SlowPollOn,
}

impl Setup {
    const ALL: [(Setup, &'static str); 3] = [
        (Setup::HooksOff, "hooks_off"),
        (Setup::HooksOn, "hooks_on"),
        (Setup::SlowPollOn, "slow_poll_on"),
    ];

    fn runtime(self) -> rt::runtime::Runtime {
        let mut b = rt::runtime::Builder::new_multi_thread();
        b.worker_threads(benches::workers());
        if matches!(self, Setup::HooksOn | Setup::SlowPollOn) {
            // Hooks that do nothing but look at their argument: what is
            // measured is the runtime's cost of calling them (a counter
            // shared by both workers would measure cache-line contention).
            b.on_task_spawn(|m| {
                black_box(m.id());
            })
            .on_task_terminate(|m| {
                black_box(m.id());
            })
            .on_before_task_poll(|m| {
                black_box(m.id());
            })
            .on_after_task_poll(|m| {
                black_box(m.id());
            });
        }
        if matches!(self, Setup::SlowPollOn) {
            b.slow_poll_threshold(Duration::from_secs(1))
                .on_slow_poll(|report| {
                    black_box(report);
                });
        }
        b.build().unwrap()
    }
}

fn spawn_many(rt: &rt::runtime::Runtime) {
    rt.block_on(async {
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
    });
}

fn yield_many(rt: &rt::runtime::Runtime) {
    rt.block_on(async {
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
    });
}

/// One iteration of a workload.
type Workload = fn(&rt::runtime::Runtime);

fn register(c: &mut Criterion) {
    let workloads: [(&str, Workload); 2] = [("spawn_many", spawn_many), ("yield_many", yield_many)];
    for (name, workload) in workloads {
        let mut group = c.benchmark_group(format!("observability_{name}/multi_thread"));
        for (setup, id) in Setup::ALL {
            let rt = setup.runtime();
            group.bench_function(id, |b| b.iter(|| workload(&rt)));
        }
        group.finish();
    }
}

criterion::criterion_group!(benches, register);
criterion::criterion_main!(benches);
