//! Auto-advance waits for the whole runtime to be idle (feature
//! `test-util`), on every scheduler flavour: blocking work in flight, a
//! task woken on the driver's own thread, or a worker still running tasks
//! keep the paused clock still.
#![cfg(feature = "test-util")]

mod support;

use rt_core::runtime::{Builder, Extensions, Park, Runtime, Unpark};
use rt_time::{sleep, sleep_until, Duration, Instant};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use support::panic_message;

/// Paused runtimes of every flavour (layers below the timer first).
fn paused_runtimes(below: impl Fn(&mut Builder)) -> Vec<(&'static str, Runtime)> {
    let mut out = Vec::new();
    for (name, mut builder) in [
        ("current_thread", Builder::new_current_thread()),
        ("multi_thread(1)", multi(1)),
        ("multi_thread(4)", multi(4)),
    ] {
        below(&mut builder);
        let rt = builder
            .driver_layer(rt_time::driver_layer(true))
            .build()
            .unwrap();
        out.push((name, rt));
    }
    out
}

fn multi(workers: usize) -> Builder {
    let mut b = Builder::new_multi_thread();
    b.worker_threads(workers);
    b
}

#[test]
fn spawn_blocking_in_flight_holds_the_clock() {
    for (name, rt) in paused_runtimes(|_| {}) {
        rt.block_on(async {
            let start = Instant::now();
            let blocking = rt_core::task::spawn_blocking(|| {
                std::thread::sleep(std::time::Duration::from_millis(100));
                Instant::now()
            });
            let timer = rt_core::spawn(sleep(Duration::from_secs(3600)));
            let seen_by_blocking = blocking.await.unwrap();
            assert_eq!(
                seen_by_blocking, start,
                "{name}: the clock moved under blocking work"
            );
            assert!(
                !timer.is_finished(),
                "{name}: the timer fired during blocking work"
            );
            timer.await.unwrap();
            assert!(start.elapsed() >= Duration::from_secs(3600), "{name}");
        });
    }
}

#[test]
fn queued_blocking_work_holds_the_clock_too() {
    // One blocking thread: the second closure waits in the pool's queue.
    for (name, rt) in [
        (
            "current_thread",
            Builder::new_current_thread()
                .max_blocking_threads(1)
                .driver_layer(rt_time::driver_layer(true))
                .build()
                .unwrap(),
        ),
        (
            "multi_thread(2)",
            Builder::new_multi_thread()
                .worker_threads(2)
                .max_blocking_threads(1)
                .driver_layer(rt_time::driver_layer(true))
                .build()
                .unwrap(),
        ),
    ] {
        rt.block_on(async {
            let start = Instant::now();
            let nap = || std::thread::sleep(std::time::Duration::from_millis(50));
            let first = rt_core::task::spawn_blocking(nap);
            let second = rt_core::task::spawn_blocking(nap);
            let mut timer = rt_core::spawn(sleep(Duration::from_secs(60)));
            rt_core::select! {
                _ = &mut timer => panic!("{name}: the clock jumped with blocking work queued"),
                r = async { first.await.and(second.await) } => r.unwrap(),
            }
            assert_eq!(start.elapsed(), Duration::ZERO, "{name}");
            timer.await.unwrap();
        });
    }
}

/// A Park layer standing in for a reactor: when its park is polled it
/// wakes the task that registered a waker (an I/O event dispatched on the
/// parking thread, which unparks nothing).
struct FakeIo {
    inner: Box<dyn Park>,
    slot: Arc<Mutex<Option<Waker>>>,
}

impl Park for FakeIo {
    fn park(&mut self, timeout: Option<Duration>) {
        if let Some(waker) = self.slot.lock().unwrap().take() {
            waker.wake();
            return;
        }
        self.inner.park(timeout);
    }

    fn unparker(&self) -> Arc<dyn Unpark> {
        self.inner.unparker()
    }

    fn shutdown(&mut self) {
        self.inner.shutdown();
    }
}

/// Ready on its second poll, after registering its waker with `FakeIo`.
struct IoEvent {
    slot: Arc<Mutex<Option<Waker>>>,
    registered: bool,
}

impl Future for IoEvent {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.registered {
            return Poll::Ready(());
        }
        self.registered = true;
        *self.slot.lock().unwrap() = Some(cx.waker().clone());
        Poll::Pending
    }
}

/// A task woken while the driver's thread polls the layer below (as the
/// reactor dispatches I/O) runs before the clock jumps to the next timer.
#[test]
fn a_task_woken_during_the_drivers_own_poll_runs_before_the_jump() {
    let slot = Arc::new(Mutex::new(None));
    let s = slot.clone();
    let layer = move |b: &mut Builder| {
        let s = s.clone();
        b.driver_layer(Arc::new(move |inner, _: &mut Extensions| {
            Ok(Box::new(FakeIo {
                inner,
                slot: s.clone(),
            }) as Box<dyn Park>)
        }));
    };
    for (name, rt) in paused_runtimes(layer) {
        let slot = slot.clone();
        rt.block_on(async move {
            let start = Instant::now();
            let _timer = rt_core::spawn(sleep(Duration::from_secs(3600)));
            let io = rt_core::spawn(async move {
                IoEvent {
                    slot,
                    registered: false,
                }
                .await;
                start.elapsed()
            });
            assert_eq!(
                io.await.unwrap(),
                Duration::ZERO,
                "{name}: the clock jumped first"
            );
        });
    }
}

/// Tasks that keep one worker busy (yielding, never parking) hold the
/// clock for the whole runtime; sleeps then complete in deadline order.
#[test]
fn busy_workers_hold_the_clock_and_sleeps_keep_their_order() {
    for (name, rt) in paused_runtimes(|_| {}) {
        rt.block_on(async {
            const ROUNDS: usize = 5_000;
            let start = Instant::now();
            let rounds = Arc::new(AtomicUsize::new(0));
            let log = Arc::new(Mutex::new(Vec::new()));
            let sleepers: Vec<_> = [40u64, 10, 30, 20]
                .into_iter()
                .map(|secs| {
                    let (rounds, log) = (rounds.clone(), log.clone());
                    rt_core::spawn(async move {
                        sleep_until(start + Duration::from_secs(secs)).await;
                        log.lock().unwrap().push((
                            secs,
                            start.elapsed(),
                            rounds.load(Ordering::SeqCst),
                        ));
                    })
                })
                .collect();
            let r = rounds.clone();
            let busy = rt_core::spawn(async move {
                for _ in 0..ROUNDS {
                    r.fetch_add(1, Ordering::SeqCst);
                    rt_core::task::yield_now().await;
                }
            });
            for s in sleepers {
                s.await.unwrap();
            }
            busy.await.unwrap();
            let log = log.lock().unwrap().clone();
            let secs = Duration::from_secs;
            assert_eq!(
                log,
                [
                    (10, secs(10), ROUNDS),
                    (20, secs(20), ROUNDS),
                    (30, secs(30), ROUNDS),
                    (40, secs(40), ROUNDS)
                ],
                "{name}"
            );
        });
    }
}

#[test]
fn pause_works_on_the_multi_thread_runtime() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .driver_layer(rt_time::driver_layer(false))
        .build()
        .unwrap();
    let real = std::time::Instant::now();
    rt.block_on(async {
        rt_time::pause();
        let msg = panic_message(rt_time::pause);
        assert!(msg.contains("already paused"), "{msg}");
        let start = Instant::now();
        let done = Arc::new(AtomicBool::new(false));
        let d = done.clone();
        let task = rt_core::spawn(async move {
            sleep(Duration::from_secs(3600)).await;
            d.store(true, Ordering::SeqCst);
        });
        rt_time::advance(Duration::from_secs(1800)).await;
        assert_eq!(start.elapsed(), Duration::from_secs(1800));
        assert!(!done.load(Ordering::SeqCst));
        task.await.unwrap(); // auto-advance does the rest
        assert!(start.elapsed() >= Duration::from_secs(3600));
        rt_time::resume();
    });
    assert!(real.elapsed() < std::time::Duration::from_secs(60));
}
