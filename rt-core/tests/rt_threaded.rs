//! Behaviour specific to the multi-thread scheduler: parallelism, work
//! stealing, block_in_place, shutdown from worker threads, metrics.

mod support;

use rt_core::runtime::{Builder, Handle, Runtime, RuntimeFlavor};
use rt_core::task;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{panic_message, DropCounter};

fn rt(workers: usize) -> Runtime {
    Builder::new_multi_thread()
        .worker_threads(workers)
        .thread_name("rt-worker")
        .build()
        .unwrap()
}

/// Spins until `cond` holds; the deadline only catches hangs.
fn wait_until(what: &str, cond: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::yield_now();
    }
}

#[test]
fn flavor_and_worker_count() {
    let rt = rt(3);
    assert_eq!(rt.handle().runtime_flavor(), RuntimeFlavor::MultiThread);
    assert_eq!(rt.metrics().num_workers(), 3);
}

#[test]
fn tasks_run_in_parallel_on_all_workers() {
    // Four tasks that each wait for all four to be running at once: this
    // only completes if four workers run them simultaneously.
    let rt = rt(4);
    let arrived = Arc::new(AtomicUsize::new(0));
    let joins: Vec<_> = (0..4)
        .map(|_| {
            let arrived = arrived.clone();
            rt.spawn(async move {
                arrived.fetch_add(1, Ordering::SeqCst);
                wait_until("all four tasks to run at once", || {
                    arrived.load(Ordering::SeqCst) == 4
                });
                std::thread::current().id()
            })
        })
        .collect();
    let ids: std::collections::HashSet<_> = rt.block_on(async {
        let mut ids = std::collections::HashSet::new();
        for j in joins {
            ids.insert(j.await.unwrap());
        }
        ids
    });
    assert_eq!(ids.len(), 4);
}

#[test]
fn idle_workers_steal_from_a_busy_one() {
    // One task spawns many children onto its own worker's queue; the other
    // workers must steal them (each child blocks briefly so one worker
    // cannot finish them all alone quickly).
    let rt = rt(4);
    let threads = rt.block_on(async {
        rt_core::spawn(async {
            let children: Vec<_> = (0..64)
                .map(|_| {
                    rt_core::spawn(async {
                        std::thread::sleep(Duration::from_millis(2));
                        std::thread::current().id()
                    })
                })
                .collect();
            let mut ids = std::collections::HashSet::new();
            for c in children {
                ids.insert(c.await.unwrap());
            }
            ids.len()
        })
        .await
        .unwrap()
    });
    assert!(threads > 1, "no work was stolen");
    // Counters are published when workers park, which they do once idle.
    let m = rt.metrics();
    wait_until("steals to be counted", || {
        (0..4).map(|w| m.worker_steal_count(w)).sum::<u64>() >= 1
    });
}

#[test]
fn a_blocked_worker_does_not_stall_the_others() {
    let rt = rt(2);
    let release = Arc::new(AtomicBool::new(false));
    let r = release.clone();
    let blocker = rt.spawn(async move {
        // Blocks its worker (bad practice, on purpose).
        wait_until("the test to release the blocker", || {
            r.load(Ordering::SeqCst)
        });
    });
    let done = rt.block_on(async {
        let mut sum = 0;
        for i in 0..200 {
            sum += rt_core::spawn(async move { i }).await.unwrap();
        }
        sum
    });
    assert_eq!(done, (0..200).sum::<i32>());
    assert!(!blocker.is_finished());
    release.store(true, Ordering::SeqCst);
    rt.block_on(blocker).unwrap();
}

/// A task woken by a task that then blocks its worker lands in that
/// worker's LIFO slot; another worker that comes searching must take it
/// from there instead of leaving it stranded behind the blocking poll.
#[test]
fn a_task_woken_before_a_blocking_poll_is_stolen_from_the_lifo_slot() {
    use std::sync::Mutex;
    use std::task::{Poll, Waker};

    let rt = rt(2);
    let waker: Arc<Mutex<Option<Waker>>> = Arc::default();
    let woken = Arc::new(AtomicBool::new(false));
    let ran = Arc::new(AtomicBool::new(false));
    let (w, flag, r) = (waker.clone(), woken.clone(), ran.clone());
    let sleeper = rt.spawn(std::future::poll_fn(move |cx| {
        if flag.load(Ordering::SeqCst) {
            r.store(true, Ordering::SeqCst);
            return Poll::Ready(());
        }
        *w.lock().unwrap() = Some(cx.waker().clone());
        Poll::Pending
    }));
    wait_until("the sleeper to register its waker", || {
        waker.lock().unwrap().is_some()
    });
    let release = Arc::new(AtomicBool::new(false));
    let rel = release.clone();
    let blocker = rt.spawn(async move {
        woken.store(true, Ordering::SeqCst);
        // Woken from a worker: the sleeper goes to this worker's LIFO slot.
        waker.lock().unwrap().take().unwrap().wake();
        // Then block the worker (bad practice, on purpose) until the
        // sleeper ran elsewhere.
        wait_until("the test to release the blocker", || {
            rel.load(Ordering::SeqCst)
        });
    });
    // Remote spawns keep the other worker waking up and searching.
    wait_until("the sleeper to run on the other worker", || {
        drop(rt.spawn(async {}));
        std::thread::sleep(Duration::from_millis(1));
        ran.load(Ordering::SeqCst)
    });
    release.store(true, Ordering::SeqCst);
    rt.block_on(async {
        sleeper.await.unwrap();
        blocker.await.unwrap();
    });
}

#[test]
fn block_in_place_hands_the_queue_to_another_thread() {
    // One worker: while its task blocks in place, another task must still
    // run, which is only possible if the core moved to another thread.
    let rt = rt(1);
    let flag = Arc::new(AtomicBool::new(false));
    let f = flag.clone();
    let setter_ran_on = rt.block_on(async move {
        let waiter = rt_core::spawn(async move {
            task::block_in_place(|| {
                wait_until("the other task to run", || f.load(Ordering::SeqCst));
            });
            "unblocked"
        });
        // Give the waiter time to enter block_in_place.
        std::thread::sleep(Duration::from_millis(20));
        let setter = rt_core::spawn(async move {
            flag.store(true, Ordering::SeqCst);
            std::thread::current().id()
        });
        let id = setter.await.unwrap();
        assert_eq!(waiter.await.unwrap(), "unblocked");
        id
    });
    assert_ne!(setter_ran_on, std::thread::current().id());
    // The runtime still works afterwards.
    assert_eq!(rt.block_on(rt.spawn(async { 2 })).unwrap(), 2);
}

#[test]
fn block_in_place_allows_handle_block_on() {
    let rt = rt(2);
    let v = rt.block_on(async {
        rt_core::spawn(async {
            task::block_in_place(|| Handle::current().block_on(async { 41 + 1 }))
        })
        .await
        .unwrap()
    });
    assert_eq!(v, 42);
}

#[test]
fn block_in_place_on_current_thread_panics_with_guidance() {
    let rt = Builder::new_current_thread().build().unwrap();
    let err = rt
        .block_on(async { rt_core::spawn(async { task::block_in_place(|| ()) }).await })
        .unwrap_err();
    let msg = panic_message(&*err.into_panic());
    assert!(msg.contains("only on the multi-thread runtime"), "{msg}");
    assert!(msg.contains("spawn_blocking"), "{msg}");
}

#[test]
fn block_in_place_outside_runtime_just_runs() {
    assert_eq!(task::block_in_place(|| 3), 3);
}

#[test]
fn nested_block_on_in_worker_panics() {
    let rt = rt(2);
    let err = rt
        .block_on(async { rt_core::spawn(async { Handle::current().block_on(async {}) }).await })
        .unwrap_err();
    let msg = panic_message(&*err.into_panic());
    assert!(
        msg.contains("Cannot start a runtime from within a runtime"),
        "{msg}"
    );
}

#[test]
fn drop_cancels_tasks_on_worker_threads() {
    let rt = rt(2);
    let (counter, drops, dropped_on) = DropCounter::new();
    let started = Arc::new(AtomicBool::new(false));
    let s = started.clone();
    let join = rt.spawn(async move {
        let _c = counter;
        s.store(true, Ordering::SeqCst);
        std::future::pending::<()>().await;
    });
    wait_until("the task to start", || started.load(Ordering::SeqCst));
    let abort = join.abort_handle();
    drop(rt);
    assert_eq!(drops.load(Ordering::SeqCst), 1);
    assert_eq!(dropped_on.lock().unwrap().as_deref(), Some("rt-worker"));
    assert!(abort.is_finished());
}

#[test]
fn shutdown_timeout_with_a_stuck_worker_returns() {
    let rt = rt(2);
    let started = Arc::new(AtomicBool::new(false));
    let s = started.clone();
    let _j = rt.spawn(async move {
        s.store(true, Ordering::SeqCst);
        std::thread::sleep(Duration::from_secs(20));
    });
    wait_until("the task to start", || started.load(Ordering::SeqCst));
    let t = Instant::now();
    rt.shutdown_timeout(Duration::from_millis(100));
    assert!(
        t.elapsed() < Duration::from_secs(2),
        "took {:?}",
        t.elapsed()
    );
}

#[test]
fn many_remote_spawns_from_many_threads() {
    let rt = Arc::new(rt(4));
    let count = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let rt = rt.clone();
            let count = count.clone();
            std::thread::spawn(move || {
                let joins: Vec<_> = (0..2_500)
                    .map(|_| {
                        let c = count.clone();
                        rt.spawn(async move {
                            c.fetch_add(1, Ordering::Relaxed);
                        })
                    })
                    .collect();
                rt.block_on(async {
                    for j in joins {
                        j.await.unwrap();
                    }
                });
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(count.load(Ordering::Relaxed), 10_000);
}

#[test]
fn ping_pong_chains_complete() {
    // Tasks that wake each other back and forth (LIFO slot path).
    let rt = rt(2);
    rt.block_on(async {
        let mut joins = Vec::new();
        for _ in 0..50 {
            joins.push(rt_core::spawn(async {
                let mut v = 0u64;
                for i in 0..200u64 {
                    v += rt_core::spawn(async move { i }).await.unwrap();
                }
                v
            }));
        }
        for j in joins {
            assert_eq!(j.await.unwrap(), (0..200u64).sum::<u64>());
        }
    });
}

#[test]
fn worker_metrics_count_polls() {
    let rt = rt(2);
    rt.block_on(async {
        for _ in 0..1000 {
            rt_core::spawn(async {}).await.unwrap();
        }
    });
    let m = rt.metrics();
    // Workers publish their counters when they park; they park once idle.
    wait_until("workers to publish poll counts", || {
        (0..2).map(|w| m.worker_poll_count(w)).sum::<u64>() >= 1000
    });
    wait_until("a park to be counted", || {
        (0..2).map(|w| m.worker_park_count(w)).sum::<u64>() >= 1
    });
    assert!(
        (0..2)
            .map(|w| m.worker_total_busy_duration(w))
            .sum::<Duration>()
            > Duration::ZERO
    );
    assert_eq!(m.num_alive_tasks(), 0);
    let msg = catch_unwind(AssertUnwindSafe(|| m.worker_poll_count(2))).unwrap_err();
    assert!(panic_message(&*msg).contains("out of range"));
}

#[test]
fn runtime_can_be_built_and_dropped_repeatedly() {
    for _ in 0..50 {
        let rt = rt(2);
        assert_eq!(rt.block_on(rt.spawn(async { 1 })).unwrap(), 1);
    }
    for _ in 0..50 {
        drop(rt(3)); // dropped before workers even started
    }
}

#[test]
fn park_hooks_run_around_parks() {
    let parks = Arc::new(AtomicUsize::new(0));
    let unparks = Arc::new(AtomicUsize::new(0));
    let (p, u) = (parks.clone(), unparks.clone());
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .on_thread_park(move || {
            p.fetch_add(1, Ordering::SeqCst);
        })
        .on_thread_unpark(move || {
            u.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .unwrap();
    rt.block_on(async {
        for _ in 0..10 {
            rt_core::spawn(async {}).await.unwrap();
        }
    });
    wait_until("workers to park", || parks.load(Ordering::SeqCst) >= 2);
    // Every unpark follows a park.
    assert!(unparks.load(Ordering::SeqCst) <= parks.load(Ordering::SeqCst));
    drop(rt);
    // Shutdown wakes every parked worker.
    assert_eq!(unparks.load(Ordering::SeqCst), parks.load(Ordering::SeqCst));
}

/// `RT_WORKER_THREADS` sets the default worker count. Environment variables
/// are process-wide, so the check runs in a child process (this same test
/// binary, re-run with the variable set).
#[test]
fn rt_worker_threads_env_sets_default_workers() {
    if let Ok(expect) = std::env::var("RT_TEST_EXPECT_WORKERS") {
        let rt = Builder::new_multi_thread().build().unwrap();
        assert_eq!(rt.metrics().num_workers().to_string(), expect);
        return;
    }
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "rt_worker_threads_env_sets_default_workers",
            "--exact",
            "--quiet",
        ])
        .env("RT_WORKER_THREADS", "3")
        .env("RT_TEST_EXPECT_WORKERS", "3")
        .status()
        .unwrap();
    assert!(status.success(), "child saw the wrong worker count");
}
