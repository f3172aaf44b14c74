//! The primitives under rt-core's runtime, on every scheduler flavour:
//! tasks talking to tasks, blocking threads, and the cooperative budget.

use rt_core::runtime::{Builder, Runtime};
use rt_sync::{
    broadcast, mpsc, oneshot, watch, Barrier, CancellationToken, Mutex, Notify, OnceCell, RwLock,
    Semaphore, SetOnce,
};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Runs each test body on the current-thread runtime and on the
/// multi-thread runtime with 1 and 4 workers.
macro_rules! rt_test {
    ($(fn $name:ident($rt:ident) $body:block)*) => {
        mod current_thread {
            $(#[test] fn $name() { let $rt = super::current_thread(); $body })*
        }
        mod multi_thread_1 {
            $(#[test] fn $name() { let $rt = super::multi_thread(1); $body })*
        }
        mod multi_thread_4 {
            $(#[test] fn $name() { let $rt = super::multi_thread(4); $body })*
        }
    };
}

fn current_thread() -> Runtime {
    Builder::new_current_thread().build().unwrap()
}

fn multi_thread(workers: usize) -> Runtime {
    Builder::new_multi_thread()
        .worker_threads(workers)
        .build()
        .unwrap()
}

rt_test! {
    fn mpsc_between_tasks(rt) {
        use super::*;
        let total = rt.block_on(async {
            let (tx, mut rx) = mpsc::channel(4);
            for id in 0..4u64 {
                let tx = tx.clone();
                rt_core::spawn(async move {
                    for i in 0..250u64 {
                        tx.send(id * 1000 + i).await.unwrap();
                    }
                });
            }
            drop(tx);
            let mut total = 0;
            while let Some(v) = rx.recv().await {
                total += v;
            }
            total
        });
        let expected: u64 = (0..4u64).map(|id| (0..250).map(|i| id * 1000 + i).sum::<u64>()).sum();
        assert_eq!(total, expected);
    }

    fn mutex_held_across_yield(rt) {
        use super::*;
        let mutex = Arc::new(Mutex::new(0usize));
        rt.block_on(async {
            let tasks: Vec<_> = (0..8)
                .map(|_| {
                    let mutex = mutex.clone();
                    rt_core::spawn(async move {
                        for _ in 0..50 {
                            let mut guard = mutex.lock().await;
                            let seen = *guard;
                            rt_core::task::yield_now().await;
                            *guard = seen + 1;
                        }
                    })
                })
                .collect();
            for t in tasks {
                t.await.unwrap();
            }
        });
        assert_eq!(*mutex.try_lock().unwrap(), 400);
    }

    fn semaphore_limits_tasks(rt) {
        use super::*;
        let sem = Arc::new(Semaphore::new(2));
        let active = Arc::new(AtomicUsize::new(0));
        let max = Arc::new(AtomicUsize::new(0));
        rt.block_on(async {
            let tasks: Vec<_> = (0..10)
                .map(|_| {
                    let (sem, active, max) = (sem.clone(), active.clone(), max.clone());
                    rt_core::spawn(async move {
                        let _permit = sem.acquire_owned().await.unwrap();
                        let now = active.fetch_add(1, Ordering::SeqCst) + 1;
                        max.fetch_max(now, Ordering::SeqCst);
                        rt_core::task::yield_now().await;
                        active.fetch_sub(1, Ordering::SeqCst);
                    })
                })
                .collect();
            for t in tasks {
                t.await.unwrap();
            }
        });
        assert!(max.load(Ordering::SeqCst) <= 2);
        assert_eq!(sem.available_permits(), 2);
    }

    fn notify_between_tasks(rt) {
        use super::*;
        rt.block_on(async {
            let notify = Arc::new(Notify::new());
            let n2 = notify.clone();
            let waiter = rt_core::spawn(async move { n2.notified().await });
            rt_core::task::yield_now().await;
            notify.notify_one();
            waiter.await.unwrap();
        });
    }

    fn blocking_methods_work_in_spawn_blocking(rt) {
        use super::*;
        rt.block_on(async {
            let (tx, rx) = oneshot::channel();
            let (mtx, mut mrx) = mpsc::channel(1);
            let blocking = rt_core::task::spawn_blocking(move || {
                mtx.blocking_send(1).unwrap();
                rx.blocking_recv().unwrap()
            });
            assert_eq!(mrx.recv().await, Some(1));
            tx.send("from task").unwrap();
            assert_eq!(blocking.await.unwrap(), "from task");
        });
    }

    fn oneshot_from_spawned_task(rt) {
        use super::*;
        rt.block_on(async {
            let (tx, rx) = oneshot::channel();
            rt_core::spawn(async move { tx.send(5).unwrap() });
            assert_eq!(rx.await, Ok(5));
        });
    }

    fn cancellation_token_stops_a_tree_of_tasks(rt) {
        use super::*;
        rt.block_on(async {
            let root = CancellationToken::new();
            let tasks: Vec<_> = (0..8)
                .map(|i| {
                    let token = if i % 2 == 0 { root.clone() } else { root.child_token() };
                    rt_core::spawn(async move {
                        token.run_until_cancelled(std::future::pending::<()>()).await
                    })
                })
                .collect();
            rt_core::task::yield_now().await;
            root.cancel();
            for t in tasks {
                assert_eq!(t.await.unwrap(), None);
            }
        });
    }

    fn rwlock_readers_and_writers(rt) {
        use super::*;
        let lock = Arc::new(RwLock::new((0usize, 0usize)));
        rt.block_on(async {
            let tasks: Vec<_> = (0..8)
                .map(|i| {
                    let lock = lock.clone();
                    rt_core::spawn(async move {
                        for _ in 0..25 {
                            if i % 4 == 0 {
                                let mut w = lock.write().await;
                                w.0 += 1;
                                rt_core::task::yield_now().await;
                                w.1 += 1;
                            } else {
                                let r = lock.read().await;
                                assert_eq!(r.0, r.1);
                                rt_core::task::yield_now().await;
                            }
                        }
                    })
                })
                .collect();
            for t in tasks {
                t.await.unwrap();
            }
        });
        assert_eq!(*lock.try_read().unwrap(), (50, 50));
    }

    fn watch_between_tasks(rt) {
        use super::*;
        rt.block_on(async {
            let (tx, rx) = watch::channel(0u32);
            let watchers: Vec<_> = (0..4)
                .map(|_| {
                    let mut rx = rx.clone();
                    rt_core::spawn(async move { *rx.wait_for(|v| *v == 100).await.unwrap() })
                })
                .collect();
            drop(rx);
            rt_core::spawn(async move {
                for i in 1..=100 {
                    tx.send(i).unwrap();
                    if i % 10 == 0 {
                        rt_core::task::yield_now().await;
                    }
                }
                tx.closed().await;
            });
            for w in watchers {
                assert_eq!(w.await.unwrap(), 100);
            }
        });
    }

    fn broadcast_between_tasks(rt) {
        use super::*;
        rt.block_on(async {
            let (tx, rx) = broadcast::channel(128);
            let receivers: Vec<_> = (0..3)
                .map(|_| {
                    let mut rx = rx.resubscribe();
                    rt_core::spawn(async move {
                        let mut sum = 0u64;
                        while let Ok(v) = rx.recv().await {
                            sum += v;
                        }
                        sum
                    })
                })
                .collect();
            drop(rx);
            for i in 1..=100u64 {
                tx.send(i).unwrap();
            }
            drop(tx);
            for r in receivers {
                assert_eq!(r.await.unwrap(), 5050);
            }
        });
    }

    fn barrier_once_cell_and_set_once_between_tasks(rt) {
        use super::*;
        rt.block_on(async {
            let barrier = Arc::new(Barrier::new(4));
            let cell = Arc::new(OnceCell::new());
            let ready = Arc::new(SetOnce::new());
            let inits = Arc::new(AtomicUsize::new(0));
            let tasks: Vec<_> = (0..4)
                .map(|i| {
                    let (barrier, cell, ready, inits) =
                        (barrier.clone(), cell.clone(), ready.clone(), inits.clone());
                    rt_core::spawn(async move {
                        let leader = barrier.wait().await.is_leader();
                        let value = *cell
                            .get_or_init(|| async move {
                                inits.fetch_add(1, Ordering::SeqCst);
                                rt_core::task::yield_now().await;
                                i
                            })
                            .await;
                        if leader {
                            ready.set(value).unwrap();
                        }
                        (leader, value, *ready.wait().await)
                    })
                })
                .collect();
            let mut leaders = 0;
            for t in tasks {
                let (leader, value, announced) = t.await.unwrap();
                leaders += usize::from(leader);
                assert_eq!(value, announced);
            }
            assert_eq!(leaders, 1);
            assert_eq!(inits.load(Ordering::SeqCst), 1);
        });
    }

    fn always_ready_receiver_yields_after_budget(rt) {
        use super::*;
        use std::task::Poll;
        // A receive loop over a channel that always has messages must still
        // yield once the task's cooperative budget is spent: `poll_recv`
        // then returns `Pending` although messages are buffered.
        let ready_in_a_row = rt.block_on(async {
            let (tx, mut rx) = mpsc::unbounded_channel();
            for i in 0..1000 {
                tx.send(i).unwrap();
            }
            let consumer = rt_core::spawn(async move {
                let mut ready = 0usize;
                std::future::poll_fn(|cx| loop {
                    match rx.poll_recv(cx) {
                        Poll::Ready(Some(_)) => ready += 1,
                        Poll::Ready(None) => panic!("channel ended early"),
                        Poll::Pending => return Poll::Ready(ready),
                    }
                })
                .await
            });
            consumer.await.unwrap()
        });
        assert!(ready_in_a_row > 0);
        assert!(ready_in_a_row <= usize::from(rt_core::coop::BUDGET));
    }
}

/// `blocking_*` methods refuse to block a thread that drives a runtime, and
/// say what to do instead.
#[test]
fn blocking_methods_panic_inside_a_runtime() {
    fn message(err: Box<dyn std::any::Any + Send>) -> String {
        err.downcast_ref::<String>()
            .cloned()
            .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    }
    let rt = rt_core::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let (tx, mut rx) = rt_sync::mpsc::channel::<u8>(1);
    let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rt.block_on(async { rx.blocking_recv() })
    }))
    .unwrap_err();
    let msg = message(err);
    assert!(
        msg.contains("Cannot block the current thread from within a runtime"),
        "{msg}"
    );
    assert!(msg.contains("spawn_blocking"), "{msg}");

    let mutex = rt_sync::Mutex::new(0);
    let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rt.block_on(async { *mutex.blocking_lock() += 1 })
    }))
    .unwrap_err();
    assert!(message(err).contains("blocking_lock"));

    let lock = rt_sync::RwLock::new(0);
    let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rt.block_on(async { *lock.blocking_read() })
    }))
    .unwrap_err();
    assert!(message(err).contains("RwLock::blocking_read"));
    let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rt.block_on(async { *lock.blocking_write() += 1 })
    }))
    .unwrap_err();
    assert!(message(err).contains("RwLock::blocking_write"));

    let (btx, mut brx) = rt_sync::broadcast::channel::<u8>(1);
    let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rt.block_on(async { brx.blocking_recv() })
    }))
    .unwrap_err();
    assert!(message(err).contains("blocking_recv"));
    btx.send(1).unwrap();
    assert_eq!(brx.blocking_recv(), Ok(1));
    *lock.blocking_write() += 1;
    assert_eq!(*lock.blocking_read(), 1);

    // Outside block_on the same calls work.
    tx.blocking_send(7).unwrap();
    assert_eq!(rx.blocking_recv(), Some(7));
}
