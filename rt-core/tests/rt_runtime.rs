//! Runtime lifecycle, context and misuse: shutdown semantics, entering,
//! and the panics users see (with messages that say what to do).

mod support;

use rt_core::runtime::{Builder, Handle, Runtime};
use rt_core::task;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};
use support::{panic_message, DropCounter};

fn rt() -> Runtime {
    Builder::new_current_thread().build().unwrap()
}

fn panic_of(f: impl FnOnce()) -> String {
    let err = catch_unwind(AssertUnwindSafe(f)).expect_err("expected a panic");
    panic_message(&*err)
}

#[test]
fn spawn_outside_runtime_panics_with_guidance() {
    let msg = panic_of(|| {
        drop(rt_core::spawn(async {}));
    });
    assert!(
        msg.contains("must be called from within a runtime"),
        "{msg}"
    );
    assert!(msg.contains("Handle::spawn"), "{msg}");
}

#[test]
fn spawn_blocking_outside_runtime_panics_with_guidance() {
    let msg = panic_of(|| {
        drop(task::spawn_blocking(|| {}));
    });
    assert!(
        msg.contains("must be called from within a runtime"),
        "{msg}"
    );
}

#[test]
fn nested_block_on_panics_with_guidance() {
    let rt = rt();
    let inner = rt_core::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let msg = panic_of(|| rt.block_on(async { inner.block_on(async {}) }));
    assert!(
        msg.contains("Cannot start a runtime from within a runtime"),
        "{msg}"
    );
    // The same runtime, too.
    let msg = panic_of(|| rt.block_on(async { Handle::current().block_on(async {}) }));
    assert!(
        msg.contains("Cannot start a runtime from within a runtime"),
        "{msg}"
    );
    // And the runtime still works afterwards.
    assert_eq!(rt.block_on(async { 1 }), 1);
}

#[test]
fn try_current_outside_is_an_error_not_a_panic() {
    let err = Handle::try_current().unwrap_err();
    assert!(err.is_missing_context());
    assert!(!err.is_thread_local_destroyed());
    assert!(err.to_string().contains("no rt runtime"), "{err}");
    let msg = panic_of(|| {
        let _ = Handle::current();
    });
    assert!(msg.contains("outside of a runtime"), "{msg}");
}

#[test]
fn task_id_outside_task_panics_with_guidance() {
    let msg = panic_of(|| {
        let _ = task::id();
    });
    assert!(msg.contains("outside of a task"), "{msg}");
}

#[test]
fn builder_rejects_zero_settings() {
    let msg = panic_of(|| {
        Builder::new_multi_thread().worker_threads(0);
    });
    assert!(msg.contains("Worker threads cannot be set to 0"), "{msg}");
    let msg = panic_of(|| {
        Builder::new_current_thread().max_blocking_threads(0);
    });
    assert!(
        msg.contains("Max blocking threads cannot be set to 0"),
        "{msg}"
    );
}

#[test]
fn dropping_runtime_cancels_and_drops_tasks_on_the_dropping_thread() {
    let rt = rt();
    let (counter, drops, dropped_on) = DropCounter::new();
    let saw_handle = Arc::new(AtomicUsize::new(0));
    let s = saw_handle.clone();
    struct CheckHandleOnDrop(Arc<AtomicUsize>);
    impl Drop for CheckHandleOnDrop {
        fn drop(&mut self) {
            if Handle::try_current().is_ok() {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
    let join = rt.spawn(async move {
        let _c = counter;
        let _h = CheckHandleOnDrop(s);
        std::future::pending::<()>().await;
    });
    rt.block_on(task::yield_now()); // the task starts and parks
    assert_eq!(drops.load(Ordering::SeqCst), 0);
    let abort = join.abort_handle();
    std::thread::Builder::new()
        .name("dropper".into())
        .spawn(move || drop(rt))
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(drops.load(Ordering::SeqCst), 1);
    assert_eq!(dropped_on.lock().unwrap().as_deref(), Some("dropper"));
    assert_eq!(
        saw_handle.load(Ordering::SeqCst),
        1,
        "context entered during shutdown"
    );
    assert!(abort.is_finished());
    // The JoinHandle outlives the runtime and reports the cancellation.
    let err = futures_lite_block_on(join).unwrap_err();
    assert!(err.is_cancelled());
}

/// Polls a future to completion on this thread (no runtime).
fn futures_lite_block_on<F: std::future::Future>(f: F) -> F::Output {
    let rt = rt();
    rt.block_on(f)
}

#[test]
fn never_polled_tasks_are_dropped_at_shutdown() {
    let rt = rt();
    let (counter, drops, _) = DropCounter::new();
    let _join = rt.spawn(async move {
        let _c = counter;
    });
    drop(rt);
    assert_eq!(drops.load(Ordering::SeqCst), 1);
}

#[test]
fn spawn_after_shutdown_is_cancelled() {
    let rt = rt();
    let handle = rt.handle().clone();
    drop(rt);
    let (counter, drops, _) = DropCounter::new();
    let join = handle.spawn(async move {
        let _c = counter;
    });
    assert_eq!(drops.load(Ordering::SeqCst), 1, "dropped, not leaked");
    assert!(futures_lite_block_on(join).unwrap_err().is_cancelled());
}

#[test]
fn task_spawning_during_shutdown_is_dropped() {
    let rt = rt();
    let (counter, drops, _) = DropCounter::new();
    struct SpawnOnDrop(Option<DropCounter>);
    impl Drop for SpawnOnDrop {
        fn drop(&mut self) {
            let c = self.0.take();
            drop(rt_core::spawn(async move {
                let _c = c;
            }));
        }
    }
    let guard = SpawnOnDrop(Some(counter));
    let _join = rt.spawn(async move {
        let _g = guard;
        std::future::pending::<()>().await;
    });
    rt.block_on(task::yield_now());
    drop(rt);
    assert_eq!(drops.load(Ordering::SeqCst), 1);
}

#[test]
fn shutdown_timeout_returns_with_hung_blocking_task() {
    let rt = rt();
    let started = Arc::new(Barrier::new(2));
    let s = started.clone();
    let _j = rt.spawn_blocking(move || {
        s.wait();
        std::thread::sleep(Duration::from_secs(3));
    });
    started.wait();
    let t = Instant::now();
    rt.shutdown_timeout(Duration::from_millis(100));
    assert!(
        t.elapsed() < Duration::from_secs(2),
        "took {:?}",
        t.elapsed()
    );
}

#[test]
fn shutdown_background_does_not_wait() {
    let rt = rt();
    let started = Arc::new(Barrier::new(2));
    let s = started.clone();
    let _j = rt.spawn_blocking(move || {
        s.wait();
        std::thread::sleep(Duration::from_secs(3));
    });
    started.wait();
    let t = Instant::now();
    rt.shutdown_background();
    assert!(
        t.elapsed() < Duration::from_secs(2),
        "took {:?}",
        t.elapsed()
    );
}

#[test]
fn dropping_runtime_waits_for_running_blocking_work() {
    let rt = rt();
    let done = Arc::new(AtomicUsize::new(0));
    let d = done.clone();
    let started = Arc::new(Barrier::new(2));
    let s = started.clone();
    let _j = rt.spawn_blocking(move || {
        s.wait();
        std::thread::sleep(Duration::from_millis(100));
        d.store(1, Ordering::SeqCst);
    });
    started.wait();
    drop(rt);
    assert_eq!(done.load(Ordering::SeqCst), 1);
}

#[test]
fn queued_blocking_work_beyond_the_cap_waits_and_runs() {
    let rt = Builder::new_current_thread()
        .max_blocking_threads(2)
        .build()
        .unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let joins: Vec<_> = (0..20)
        .map(|_| {
            let c = count.clone();
            rt.spawn_blocking(move || {
                std::thread::sleep(Duration::from_millis(2));
                c.fetch_add(1, Ordering::SeqCst);
            })
        })
        .collect();
    assert!(rt.metrics().num_blocking_threads() <= 2);
    rt.block_on(async {
        for j in joins {
            j.await.unwrap();
        }
    });
    assert_eq!(count.load(Ordering::SeqCst), 20);
    assert!(rt.metrics().num_blocking_threads() <= 2);
}

/// Worker threads run on the blocking pool but do not count against
/// `max_blocking_threads`: with a cap below the number of workers,
/// `spawn_blocking` work still gets a thread.
#[test]
fn worker_threads_do_not_use_up_the_blocking_cap() {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = Builder::new_multi_thread()
            .worker_threads(2)
            .max_blocking_threads(1)
            .build()
            .unwrap();
        let sum = rt.block_on(async {
            let a = rt_core::task::spawn_blocking(|| 2);
            let b = rt_core::task::spawn_blocking(|| 3);
            a.await.unwrap() + b.await.unwrap()
        });
        let _ = tx.send(sum);
    });
    let sum = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("spawn_blocking never ran: the worker threads took up the blocking cap");
    assert_eq!(sum, 5);
}

/// A burst of blocking work spawned right after a round trip (while the
/// pool's last thread spins for more) runs on as many threads as it needs:
/// the four pieces here only finish when all four run at once.
#[test]
fn a_burst_after_a_round_trip_runs_concurrently() {
    let rt = Builder::new_current_thread().build().unwrap();
    rt.block_on(async {
        for _ in 0..3 {
            rt_core::task::spawn_blocking(|| ()).await.unwrap();
            let arrived = Arc::new(AtomicUsize::new(0));
            let joins: Vec<_> = (0..4)
                .map(|_| {
                    let arrived = arrived.clone();
                    rt_core::task::spawn_blocking(move || {
                        arrived.fetch_add(1, Ordering::SeqCst);
                        let deadline = Instant::now() + Duration::from_secs(10);
                        while arrived.load(Ordering::SeqCst) < 4 {
                            if Instant::now() > deadline {
                                return false;
                            }
                            std::thread::sleep(Duration::from_millis(1));
                        }
                        true
                    })
                })
                .collect();
            for j in joins {
                assert!(
                    j.await.unwrap(),
                    "blocking work was serialised onto one thread"
                );
            }
        }
    });
}

#[test]
fn idle_blocking_threads_exit_after_keep_alive() {
    let rt = Builder::new_current_thread()
        .thread_keep_alive(Duration::from_millis(20))
        .build()
        .unwrap();
    rt.block_on(rt.spawn_blocking(|| {})).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while rt.metrics().num_blocking_threads() != 0 {
        assert!(
            Instant::now() < deadline,
            "idle blocking thread never exited"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn thread_hooks_and_names() {
    let starts = Arc::new(AtomicUsize::new(0));
    let stops = Arc::new(AtomicUsize::new(0));
    let (s1, s2) = (starts.clone(), stops.clone());
    let rt = Builder::new_current_thread()
        .thread_name("hooked")
        .on_thread_start(move || {
            s1.fetch_add(1, Ordering::SeqCst);
        })
        .on_thread_stop(move || {
            s2.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .unwrap();
    let name = rt
        .block_on(rt.spawn_blocking(|| std::thread::current().name().map(String::from)))
        .unwrap();
    assert_eq!(name.as_deref(), Some("hooked"));
    drop(rt);
    assert_eq!(starts.load(Ordering::SeqCst), 1);
    assert_eq!(stops.load(Ordering::SeqCst), 1);
}

#[test]
fn enter_guard_allows_spawn_outside_block_on() {
    let rt = rt();
    let join = {
        let _g = rt.enter();
        assert!(Handle::try_current().is_ok());
        rt_core::spawn(async { 11 })
    };
    assert!(Handle::try_current().is_err());
    assert_eq!(rt.block_on(join).unwrap(), 11);
}

#[test]
fn enter_guards_dropped_out_of_order_panic() {
    let a = rt();
    let b = rt();
    let ga = a.enter();
    let gb = b.enter();
    let msg = panic_of(move || drop(ga));
    assert!(msg.contains("dropped out of order"), "{msg}");
    drop(gb);
}

#[test]
fn block_on_from_many_threads_on_one_runtime() {
    let rt = Arc::new(rt());
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let rt = rt.clone();
            std::thread::spawn(move || {
                rt.block_on(async move {
                    let mut sum = 0;
                    for j in 0..50 {
                        sum += rt_core::spawn(async move { i * j }).await.unwrap();
                        task::yield_now().await;
                    }
                    sum
                })
            })
        })
        .collect();
    for (i, t) in threads.into_iter().enumerate() {
        assert_eq!(t.join().unwrap(), i * (0..50).sum::<usize>());
    }
}

#[test]
fn block_on_wakes_from_another_thread() {
    let rt = rt();
    let (tx, rx) = std::sync::mpsc::channel();
    let t = std::thread::spawn(move || {
        let handle: Handle = rx.recv().unwrap();
        std::thread::sleep(Duration::from_millis(20));
        handle.spawn(async { 3 })
    });
    let v = rt.block_on(async {
        tx.send(Handle::current()).unwrap();
        // Wait for a JoinHandle made on another thread.
        let join = task::spawn_blocking(move || t.join().unwrap())
            .await
            .unwrap();
        join.await.unwrap()
    });
    assert_eq!(v, 3);
}

#[test]
fn public_types_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<Runtime>();
    send_sync::<Handle>();
    send_sync::<rt_core::task::JoinHandle<u8>>();
    send_sync::<rt_core::task::AbortHandle>();
    send_sync::<rt_core::task::JoinError>();
    send::<rt_core::task::Unconstrained<std::future::Ready<()>>>();
}

/// A `block_on` future that wakes itself on every poll (a busy loop on an
/// always-ready resource) must not starve the drivers: they are polled
/// between its polls. Observed through a driver layer that counts parks.
#[test]
fn self_waking_block_on_future_still_polls_the_driver() {
    use rt_core::runtime::{Park, ParkThread, Unpark};
    struct Counting(ParkThread, Arc<AtomicUsize>);
    impl Park for Counting {
        fn park(&mut self, timeout: Option<Duration>) {
            self.1.fetch_add(1, Ordering::SeqCst);
            self.0.park(timeout);
        }
        fn unparker(&self) -> Arc<dyn Unpark> {
            self.0.unparker()
        }
        fn shutdown(&mut self) {
            self.0.shutdown();
        }
    }
    let parks = Arc::new(AtomicUsize::new(0));
    let p = parks.clone();
    let rt = Builder::new_current_thread()
        .driver_layer(Arc::new(move |_inner, _ext| {
            Ok(Box::new(Counting(ParkThread::new(), p.clone())) as Box<dyn Park>)
        }))
        .build()
        .unwrap();
    let seen = rt.block_on(async {
        let start = parks.load(Ordering::SeqCst);
        let mut polls = 0;
        std::future::poll_fn(|cx| {
            polls += 1;
            if parks.load(Ordering::SeqCst) > start + 3 || polls > 100_000 {
                std::task::Poll::Ready(())
            } else {
                cx.waker().wake_by_ref();
                std::task::Poll::Pending
            }
        })
        .await;
        parks.load(Ordering::SeqCst) - start
    });
    assert!(seen > 3, "the driver was never polled while block_on spun");
}
