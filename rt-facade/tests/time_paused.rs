//! The paused clock on both scheduler flavours (feature `test-util`):
//! auto-advance waits for the whole runtime to be idle (no task runnable,
//! every worker parked, no `spawn_blocking` work in flight), timers fire in
//! virtual-time order, `advance` moves timers, and `pause` works inside a
//! multi-thread runtime.
//!
//! Every suite in `both_flavors!` runs on `#[rt::test(start_paused = true)]`
//! (current-thread) and on `#[rt::test(flavor = "multi_thread",
//! worker_threads = 2, start_paused = true)]`. A lost wake-up here shows as
//! a hang, so each test arms a watchdog that fails the run instead.
#![cfg(all(feature = "full", feature = "test-util"))]

use rt::sync::{mpsc, oneshot};
use rt::time::{advance, sleep, sleep_until, timeout, Duration, Instant};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Fails the whole test binary if the test it guards is still running
/// after a generous bound (the tests take milliseconds of real time).
struct Watchdog(Arc<AtomicBool>);

impl Watchdog {
    fn arm(test: &'static str) -> Watchdog {
        let done = Arc::new(AtomicBool::new(false));
        let d = done.clone();
        std::thread::spawn(move || {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
            while std::time::Instant::now() < deadline {
                if d.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            eprintln!("{test}: still running after 120 s of real time: a lost wake-up?");
            std::process::exit(101);
        });
        Watchdog(done)
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Expands each `async fn` into a test on each flavour, with a watchdog.
macro_rules! both_flavors {
    ($($(#[$doc:meta])* async fn $name:ident() $body:block)*) => {
        mod current_thread {
            use super::*;
            $(
                $(#[$doc])*
                #[rt::test(start_paused = true)]
                async fn $name() {
                    let _watchdog = Watchdog::arm(concat!("current_thread::", stringify!($name)));
                    $body
                }
            )*
        }
        mod multi_thread {
            use super::*;
            $(
                $(#[$doc])*
                #[rt::test(flavor = "multi_thread", worker_threads = 2, start_paused = true)]
                async fn $name() {
                    let _watchdog = Watchdog::arm(concat!("multi_thread::", stringify!($name)));
                    $body
                }
            )*
        }
    };
}

both_flavors! {
    /// Blocking work counts as work: the clock does not jump an hour while
    /// a `spawn_blocking` closure spends 200 ms of real time.
    async fn blocking_work_holds_auto_advance() {
        let start = Instant::now();
        let (tx, rx) = oneshot::channel();
        rt::task::spawn_blocking(move || {
            std::thread::sleep(std::time::Duration::from_millis(200));
            tx.send(42).unwrap();
        });
        rt::select! {
            v = rx => assert_eq!(v.unwrap(), 42),
            _ = sleep(Duration::from_secs(3600)) => {
                panic!("the paused clock jumped an hour while blocking work was in flight")
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(3600),
            "the clock moved to the sleep's deadline: {:?}",
            start.elapsed()
        );
        // Once the blocking work is over, auto-advance resumes.
        sleep(Duration::from_secs(3600)).await;
        assert!(start.elapsed() >= Duration::from_secs(3600));
    }

    /// The same through `timeout` and the blocking task's `JoinHandle`.
    async fn timeout_around_blocking_work_does_not_elapse() {
        let res = timeout(
            Duration::from_secs(3600),
            rt::task::spawn_blocking(|| {
                std::thread::sleep(std::time::Duration::from_millis(200));
                "done"
            }),
        )
        .await;
        assert_eq!(res.expect("timed out in virtual time").unwrap(), "done");
    }

    /// Sleeps in several spawned tasks complete in virtual-time order, each
    /// exactly at its deadline (the clock jumps from timer to timer).
    async fn sleeps_in_spawned_tasks_complete_in_virtual_time_order() {
        let start = Instant::now();
        let log = Arc::new(Mutex::new(Vec::new()));
        let tasks: Vec<_> = [3000u64, 1000, 2000, 4000, 2500, 500]
            .into_iter()
            .map(|ms| {
                let log = log.clone();
                rt::spawn(async move {
                    sleep_until(start + Duration::from_millis(ms)).await;
                    log.lock().unwrap().push((ms, start.elapsed()));
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        let log = log.lock().unwrap().clone();
        let ms = Duration::from_millis;
        assert_eq!(
            log,
            [
                (500, ms(500)),
                (1000, ms(1000)),
                (2000, ms(2000)),
                (2500, ms(2500)),
                (3000, ms(3000)),
                (4000, ms(4000)),
            ]
        );
    }

    /// A chain of sleeps in one task alongside sleeps in others: every
    /// completion observes the clock at its own deadline.
    async fn interleaved_sleepers_see_their_own_deadlines() {
        let start = Instant::now();
        let (tx, mut rx) = mpsc::unbounded_channel();
        for (id, period) in [(0u64, 300u64), (1, 700)] {
            let tx = tx.clone();
            rt::spawn(async move {
                for k in 1..=5 {
                    sleep_until(start + Duration::from_millis(period * k)).await;
                    tx.send((start.elapsed(), id, k)).unwrap();
                }
            });
        }
        drop(tx);
        let mut seen = Vec::new();
        while let Some(event) = rx.recv().await {
            seen.push(event);
        }
        assert_eq!(seen.len(), 10);
        for &(at, id, k) in &seen {
            let period = if id == 0 { 300 } else { 700 };
            assert_eq!(at, Duration::from_millis(period * k), "{seen:?}");
        }
        let times: Vec<_> = seen.iter().map(|e| e.0).collect();
        let mut sorted = times.clone();
        sorted.sort();
        assert_eq!(times, sorted, "completions out of virtual-time order");
    }

    /// `advance` fires the timers it passes and no others; the clock then
    /// stays where `advance` put it while tasks still run.
    async fn advance_moves_timers() {
        let start = Instant::now();
        let (tx, mut rx) = mpsc::unbounded_channel();
        let late = Arc::new(AtomicBool::new(false));
        for ms in [10u64, 20] {
            let tx = tx.clone();
            rt::spawn(async move {
                sleep_until(start + Duration::from_millis(ms)).await;
                tx.send(ms).unwrap();
            });
        }
        let l = late.clone();
        rt::spawn(async move {
            sleep_until(start + Duration::from_millis(30)).await;
            l.store(true, Ordering::SeqCst);
        });
        advance(Duration::from_millis(25)).await;
        let mut fired = vec![rx.recv().await.unwrap(), rx.recv().await.unwrap()];
        fired.sort_unstable();
        assert_eq!(fired, [10, 20]);
        assert_eq!(start.elapsed(), Duration::from_millis(25));
        assert!(!late.load(Ordering::SeqCst), "a timer past the advance fired");
    }

    /// A task that stays busy (yielding, so it never parks) keeps the clock
    /// still: a one-hour sleep in another task completes only after the
    /// busy loop ended.
    async fn a_busy_task_holds_auto_advance_until_it_finishes() {
        const ROUNDS: usize = 20_000;
        let counter = Arc::new(AtomicUsize::new(0));
        let c = counter.clone();
        let sleeper = rt::spawn(async move {
            sleep(Duration::from_secs(3600)).await;
            c.load(Ordering::SeqCst)
        });
        let c = counter.clone();
        let busy = rt::spawn(async move {
            for _ in 0..ROUNDS {
                c.fetch_add(1, Ordering::SeqCst);
                rt::task::yield_now().await;
            }
        });
        let seen = sleeper.await.unwrap();
        assert_eq!(seen, ROUNDS, "the clock jumped while a task was still running");
        busy.await.unwrap();
    }
}

/// On the multi-thread runtime one task per worker stays busy while a
/// third sleeps: the sleep waits for both.
#[rt::test(flavor = "multi_thread", worker_threads = 2, start_paused = true)]
async fn every_worker_must_be_idle_before_the_clock_jumps() {
    let _watchdog = Watchdog::arm("every_worker_must_be_idle_before_the_clock_jumps");
    const ROUNDS: usize = 10_000;
    let done = Arc::new(AtomicUsize::new(0));
    let d = done.clone();
    let sleeper = rt::spawn(async move {
        sleep(Duration::from_secs(60)).await;
        d.load(Ordering::SeqCst)
    });
    let busy: Vec<_> = (0..2)
        .map(|_| {
            let d = done.clone();
            rt::spawn(async move {
                for _ in 0..ROUNDS {
                    rt::task::yield_now().await;
                }
                d.fetch_add(1, Ordering::SeqCst);
            })
        })
        .collect();
    assert_eq!(sleeper.await.unwrap(), 2);
    for b in busy {
        b.await.unwrap();
    }
}

/// With one worker the order of same-instant timers is fully observable:
/// they wake in registration order and run in that order.
#[rt::test(flavor = "multi_thread", worker_threads = 1, start_paused = true)]
async fn same_instant_timers_wake_in_registration_order_on_multi_thread() {
    let _watchdog = Watchdog::arm("same_instant_timers_wake_in_registration_order");
    let deadline = Instant::now() + Duration::from_secs(5);
    let order = Arc::new(Mutex::new(Vec::new()));
    let (tx, mut rx) = mpsc::unbounded_channel();
    let tasks: Vec<_> = (0..30)
        .map(|i| {
            let (order, tx) = (order.clone(), tx.clone());
            rt::spawn(async move {
                let s = sleep_until(deadline);
                rt::pin!(s);
                // Register now (first poll), then report: registration
                // order is spawn order on the single worker.
                assert!(futures_poll_once(s.as_mut()).await.is_pending());
                tx.send(()).unwrap();
                s.await;
                order.lock().unwrap().push(i);
            })
        })
        .collect();
    for _ in 0..30 {
        rx.recv().await.unwrap();
    }
    for t in tasks {
        t.await.unwrap();
    }
    let order = Arc::try_unwrap(order).unwrap().into_inner().unwrap();
    assert_eq!(order, (0..30).collect::<Vec<_>>());
}

/// Polls `fut` once and returns what it returned.
async fn futures_poll_once<F: std::future::Future + Unpin>(
    mut fut: F,
) -> std::task::Poll<F::Output> {
    std::future::poll_fn(|cx| std::task::Poll::Ready(std::pin::Pin::new(&mut fut).poll(cx))).await
}

/// `pause` inside a multi-thread runtime built with a running clock: the
/// clock freezes, auto-advance skips an hour, `resume` lets it run again.
#[rt::test(flavor = "multi_thread", worker_threads = 2)]
async fn pause_inside_a_multi_thread_runtime() {
    let _watchdog = Watchdog::arm("pause_inside_a_multi_thread_runtime");
    let real = std::time::Instant::now();
    rt::time::pause();
    let frozen = Instant::now();
    std::thread::sleep(std::time::Duration::from_millis(5));
    assert_eq!(Instant::now(), frozen, "paused time moved by itself");
    // Sleeps in tasks on the workers and in the test's own future.
    let worker_sleep = rt::spawn(async move {
        sleep(Duration::from_secs(1800)).await;
        frozen.elapsed()
    });
    sleep(Duration::from_secs(3600)).await;
    assert!(frozen.elapsed() >= Duration::from_secs(3600));
    // Paused at an arbitrary instant: the timer fires at the first
    // millisecond tick at or after its deadline.
    let slept = worker_sleep.await.unwrap();
    assert!(
        slept >= Duration::from_secs(1800) && slept < Duration::from_secs(1801),
        "{slept:?}"
    );
    rt::time::resume();
    let t = Instant::now();
    sleep(Duration::from_millis(5)).await;
    assert!(t.elapsed() >= Duration::from_millis(5));
    assert!(
        real.elapsed() < std::time::Duration::from_secs(60),
        "the test really slept"
    );
}
