//! The time driver under the facade's runtimes: timers fire on every
//! flavour, and a worker blocked by a bad task does not stall them.

use rt::runtime::Builder;
use rt::time::{sleep, timeout, Duration, Instant};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

fn runtimes() -> Vec<(&'static str, rt::runtime::Runtime)> {
    vec![
        (
            "current_thread",
            Builder::new_current_thread().enable_all().build().unwrap(),
        ),
        (
            "multi_thread(4)",
            Builder::new_multi_thread()
                .worker_threads(4)
                .enable_all()
                .build()
                .unwrap(),
        ),
    ]
}

#[test]
fn many_concurrent_sleeps_complete_in_deadline_order() {
    for (name, rt) in runtimes() {
        rt.block_on(async {
            let fired = Arc::new(std::sync::Mutex::new(Vec::new()));
            let mut joins = Vec::new();
            for i in (0..50u64).rev() {
                let fired = fired.clone();
                joins.push(rt::spawn(async move {
                    sleep(Duration::from_millis(5 * i)).await;
                    fired.lock().unwrap().push(i);
                }));
            }
            for j in joins {
                j.await.unwrap();
            }
            let fired = fired.lock().unwrap().clone();
            // Deadlines 5 ms apart fire in order on every flavour (the
            // wheel has 1 ms resolution; a spread of 5 ms absorbs thread
            // scheduling jitter).
            let mut sorted = fired.clone();
            sorted.sort_unstable();
            assert_eq!(fired.len(), 50, "{name}");
            let inversions = fired.windows(2).filter(|w| w[0] > w[1]).count();
            assert!(
                inversions <= 2,
                "{name}: {inversions} out-of-order firings: {fired:?}"
            );
        });
    }
}

#[test]
fn sleep_never_fires_early() {
    for (name, rt) in runtimes() {
        rt.block_on(async {
            for ms in [1u64, 7, 20] {
                let start = Instant::now();
                sleep(Duration::from_millis(ms)).await;
                assert!(
                    start.elapsed() >= Duration::from_millis(ms),
                    "{name}: {ms} ms"
                );
            }
        });
    }
}

#[test]
fn timeout_elapses_on_a_pending_future() {
    for (name, rt) in runtimes() {
        rt.block_on(async {
            let r = timeout(Duration::from_millis(10), std::future::pending::<()>()).await;
            assert!(r.is_err(), "{name}");
            let r = timeout(Duration::from_secs(10), async { 3 }).await;
            assert_eq!(r.unwrap(), 3, "{name}");
        });
    }
}

/// A task that blocks its worker for a second (bad practice, on purpose)
/// must not stop timers on a 2-worker runtime: the idle worker parks in the
/// driver and keeps firing them.
#[test]
fn a_blocked_worker_does_not_stall_timers() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let blocker = rt::spawn(async { std::thread::sleep(std::time::Duration::from_secs(1)) });
        let ticks = Arc::new(AtomicUsize::new(0));
        let t = ticks.clone();
        let ticker = rt::spawn(async move {
            let start = Instant::now();
            let mut interval = rt::time::interval(Duration::from_millis(20));
            while start.elapsed() < Duration::from_millis(600) {
                interval.tick().await;
                t.fetch_add(1, Ordering::SeqCst);
            }
        });
        ticker.await.unwrap();
        // ~30 ticks expected in 600 ms; a stalled driver would give ~1.
        assert!(
            ticks.load(Ordering::SeqCst) >= 10,
            "ticks: {}",
            ticks.load(Ordering::SeqCst)
        );
        assert!(
            !blocker.is_finished(),
            "the blocker should still be sleeping"
        );
        blocker.await.unwrap();
    });
}

/// `start_paused` works on the multi-thread runtime too (unlike Tokio):
/// once every worker is idle the clock jumps to the next timer.
#[test]
fn paused_clock_on_multi_thread_skips_ahead() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .start_paused(true)
        .build()
        .unwrap();
    let real = std::time::Instant::now();
    rt.block_on(async {
        let start = Instant::now();
        let task = rt::spawn(async move {
            sleep(Duration::from_secs(7200)).await;
            start.elapsed()
        });
        sleep(Duration::from_secs(3600)).await;
        assert_eq!(start.elapsed(), Duration::from_secs(3600));
        assert_eq!(task.await.unwrap(), Duration::from_secs(7200));
    });
    assert!(real.elapsed() < std::time::Duration::from_secs(60));
}

#[test]
fn paused_clock_on_current_thread_skips_ahead() {
    let rt = Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .unwrap();
    let real = std::time::Instant::now();
    rt.block_on(async {
        let start = Instant::now();
        sleep(Duration::from_secs(3600)).await;
        assert!(start.elapsed() >= Duration::from_secs(3600));
    });
    assert!(real.elapsed() < std::time::Duration::from_secs(5));
}

/// Regression: rounds of many concurrent sleeps on the multi-thread
/// runtime once left every task queued and every worker parked (a worker
/// woken both by a producer and by its own work leaked the searching
/// count, idle rule 5). Bounded by a watchdog so a regression fails
/// instead of hanging.
#[test]
fn rounds_of_concurrent_sleeps_never_stall_on_multi_thread() {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        for _ in 0..15 {
            rt.block_on(async {
                let tasks: Vec<_> = (0..20_000)
                    .map(|_| rt::spawn(sleep(Duration::from_millis(1))))
                    .collect();
                for t in tasks {
                    t.await.unwrap();
                }
            });
        }
        let _ = tx.send(());
    });
    rx.recv_timeout(std::time::Duration::from_secs(120))
        .expect("sleeps stalled: tasks queued but no worker woken");
}

/// A worker that never runs out of tasks polls the drivers only in its
/// periodic maintenance (every `event_interval` ticks). What that poll wakes
/// stays in the worker's own queue: nothing goes through the global
/// injection queue (with `global_queue_interval` large, a task left there
/// would sit, visible, until the worker ran out of local work).
#[test]
fn timers_fired_between_polls_stay_on_the_busy_worker() {
    let rt = Builder::new_multi_thread()
        .worker_threads(1)
        .event_interval(7)
        .global_queue_interval(251)
        .enable_all()
        .build()
        .unwrap();
    let metrics = rt.metrics();
    let max_depth = rt.block_on(async move {
        // Spawned from a task on the worker, so both start in its queue.
        rt::spawn(async move {
            let done = Arc::new(AtomicUsize::new(0));
            let sleepers: Vec<_> = (0..8)
                .map(|i| {
                    let done = done.clone();
                    rt::spawn(async move {
                        sleep(Duration::from_millis(1 + i)).await;
                        done.fetch_add(1, Ordering::SeqCst);
                    })
                })
                .collect();
            let started = Instant::now();
            let mut max_depth = 0;
            // Busy: yield (never park) until every sleeper has run; the
            // 30 s bound only catches a hang.
            while done.load(Ordering::SeqCst) < 8 {
                max_depth = max_depth.max(metrics.global_queue_depth());
                assert!(
                    started.elapsed() < Duration::from_secs(30),
                    "sleepers never ran"
                );
                rt::task::yield_now().await;
            }
            for s in sleepers {
                s.await.unwrap();
            }
            max_depth
        })
        .await
        .unwrap()
    });
    assert_eq!(
        max_depth, 0,
        "a fired timer's task went through the injector"
    );
}
