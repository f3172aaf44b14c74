//! Timers used from several threads at once: registration from outside the
//! driver's thread, cancellation racing the driver's firing, no lost wakes.

mod support;

use rt_time::{sleep, Duration, Instant};
use std::future::{poll_fn, Future};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Poll, Waker};
use support::*;

/// The runtime's thread parks until a far timer; another thread registers
/// a near one, which must unpark the driver to re-arm its timeout.
#[test]
fn registration_from_another_thread_wakes_the_parked_driver() {
    let rt = rt();
    let handle = rt.handle().clone();
    let start = std::time::Instant::now();
    rt.block_on(async move {
        let done = Arc::new(AtomicBool::new(false));
        let main_waker: Arc<Mutex<Option<Waker>>> = Arc::default();
        let thread = std::thread::spawn({
            let (done, main_waker) = (done.clone(), main_waker.clone());
            move || {
                let _guard = handle.enter();
                // Give the runtime's thread time to park on the far timer.
                std::thread::sleep(Duration::from_millis(50));
                let started = Instant::now();
                block_on_thread(sleep(Duration::from_millis(20)), Duration::from_secs(20));
                assert!(started.elapsed() >= Duration::from_millis(20));
                done.store(true, Ordering::SeqCst);
                if let Some(w) = main_waker.lock().unwrap().take() {
                    w.wake();
                }
            }
        });
        let mut far = std::pin::pin!(sleep(Duration::from_secs(60)));
        poll_fn(|cx| {
            *main_waker.lock().unwrap() = Some(cx.waker().clone());
            if done.load(Ordering::SeqCst) {
                return Poll::Ready(());
            }
            assert!(far.as_mut().poll(cx).is_pending(), "the far timer fired");
            Poll::Pending
        })
        .await;
        thread.join().unwrap();
    });
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "the driver slept through a nearer timer registered from another thread"
    );
}

/// Threads register and drop timers while the runtime's thread fires them.
#[test]
fn cancel_under_contention() {
    let rt = rt();
    let handle = rt.handle().clone();
    let completed = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..6u64)
        .map(|t| {
            let (handle, completed) = (handle.clone(), completed.clone());
            std::thread::spawn(move || {
                let _guard = handle.enter();
                let mut rng = Rng::new(t + 1);
                for i in 0..3000u64 {
                    let d = Duration::from_millis(rng.below(4));
                    let mut s = Box::pin(sleep(d));
                    let _ = poll_once(s.as_mut());
                    if rng.below(4) == 0 {
                        // Drop right away, possibly while the driver fires it.
                        std::thread::yield_now();
                    }
                    if i % 100 == 0 {
                        let start = Instant::now();
                        block_on_thread(s.as_mut(), Duration::from_secs(20));
                        assert!(start.elapsed() <= d + Duration::from_secs(20));
                        completed.fetch_add(1, Ordering::SeqCst);
                    }
                    drop(s);
                }
            })
        })
        .collect();
    // Keep the driver busy firing while the threads churn.
    rt.block_on(async {
        while !threads.iter().all(|t| t.is_finished()) {
            sleep(Duration::from_millis(1)).await;
        }
    });
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(completed.load(Ordering::SeqCst), 6 * 30);
}

/// Many threads each wait for many short timers; none may lose its wake.
#[test]
fn no_lost_wakeups_across_threads() {
    let rt = rt();
    let handle = rt.handle().clone();
    let threads: Vec<_> = (0..8u64)
        .map(|t| {
            let handle = handle.clone();
            std::thread::spawn(move || {
                let _guard = handle.enter();
                let mut rng = Rng::new(100 + t);
                for _ in 0..150 {
                    let d = Duration::from_millis(rng.below(3));
                    let start = Instant::now();
                    block_on_thread(sleep(d), Duration::from_secs(20));
                    assert!(start.elapsed() >= d, "woke early");
                }
            })
        })
        .collect();
    rt.block_on(async {
        while !threads.iter().all(|t| t.is_finished()) {
            sleep(Duration::from_millis(2)).await;
        }
    });
    for t in threads {
        t.join().unwrap();
    }
}

/// Tasks on the runtime and plain threads share the wheel.
#[test]
fn tasks_and_threads_share_the_wheel() {
    for (name, rt) in runtimes() {
        let handle = rt.handle().clone();
        let thread = std::thread::spawn(move || {
            let _guard = handle.enter();
            for _ in 0..50 {
                block_on_thread(sleep(Duration::from_millis(1)), Duration::from_secs(20));
            }
        });
        rt.block_on(async {
            let tasks: Vec<_> = (0..50u64)
                .map(|i| rt_core::spawn(sleep(Duration::from_millis(i % 7))))
                .collect();
            for t in tasks {
                t.await.unwrap();
            }
            while !thread.is_finished() {
                sleep(Duration::from_millis(1)).await;
            }
        });
        thread
            .join()
            .unwrap_or_else(|_| panic!("{name}: thread failed"));
    }
}
