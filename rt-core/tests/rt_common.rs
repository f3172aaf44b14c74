//! Behaviour every scheduler flavour must share: spawn, join, abort, panics,
//! yield, cooperative budget, blocking work.

#[macro_use]
mod support;

use rt_core::runtime::Handle;
use rt_core::task::{self, JoinHandle};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use support::{panic_message, DropCounter};

/// A future that is always ready after `n` pendings, waking itself.
struct YieldTimes(usize);

impl Future for YieldTimes {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 == 0 {
            return Poll::Ready(());
        }
        self.0 -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

rt_test! {
    async fn spawn_and_join() {
        let h = rt_core::spawn(async { 1 + 1 });
        assert_eq!(h.await.unwrap(), 2);
    }

    async fn spawn_many_tasks_complete() {
        let counter = Arc::new(AtomicUsize::new(0));
        let handles: Vec<JoinHandle<()>> = (0..100_000)
            .map(|_| {
                let c = counter.clone();
                rt_core::spawn(async move {
                    c.fetch_add(1, Ordering::Relaxed);
                })
            })
            .collect();
        for h in handles {
            h.await.unwrap();
        }
        assert_eq!(counter.load(Ordering::Relaxed), 100_000);
        // A task wakes its JoinHandle just before it leaves the owner list,
        // so on worker threads the count drains a moment after the joins.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while Handle::current().metrics().num_alive_tasks() != 0 {
            assert!(std::time::Instant::now() < deadline, "tasks never released");
            task::yield_now().await;
        }
    }

    async fn nested_spawn() {
        let h = rt_core::spawn(async {
            let inner = rt_core::spawn(async { "inner" });
            inner.await.unwrap()
        });
        assert_eq!(h.await.unwrap(), "inner");
    }

    async fn yield_now_lets_others_run() {
        let flag = Arc::new(AtomicBool::new(false));
        let f = flag.clone();
        let _h = rt_core::spawn(async move { f.store(true, Ordering::SeqCst) });
        // On every flavour the spawned task gets to run while we yield
        // (the deadline only catches hangs).
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !flag.load(Ordering::SeqCst) {
            assert!(std::time::Instant::now() < deadline, "spawned task never ran");
            task::yield_now().await;
        }
    }

    async fn panic_is_delivered_through_join_handle() {
        let err = rt_core::spawn(async { panic!("task went wrong") }).await.unwrap_err();
        assert!(err.is_panic());
        assert!(!err.is_cancelled());
        assert!(err.to_string().contains("task went wrong"), "{err}");
        let payload = err.into_panic();
        assert_eq!(panic_message(&*payload), "task went wrong");
        // The runtime keeps working after a task panicked.
        assert_eq!(rt_core::spawn(async { 3 }).await.unwrap(), 3);
    }

    async fn panicking_drop_of_output_does_not_poison() {
        struct PanicOnDrop;
        impl Drop for PanicOnDrop {
            fn drop(&mut self) {
                panic!("drop of output panicked");
            }
        }
        let h = rt_core::spawn(async { PanicOnDrop });
        // Detach: the output is dropped by the runtime on completion.
        drop(h);
        task::yield_now().await;
        task::yield_now().await;
        assert_eq!(rt_core::spawn(async { 4 }).await.unwrap(), 4);
    }

    async fn panicking_join_waker_does_not_stop_the_runtime() {
        struct PanicWaker(AtomicUsize);
        impl std::task::Wake for PanicWaker {
            fn wake(self: Arc<Self>) {
                self.0.fetch_add(1, Ordering::SeqCst);
                panic!("join waker panicked");
            }
        }
        let go = Arc::new(AtomicBool::new(false));
        let g = go.clone();
        let mut h = rt_core::spawn(async move {
            while !g.load(Ordering::SeqCst) {
                task::yield_now().await;
            }
            5
        });
        // Register the panicking waker while the task cannot finish yet.
        let wakes = Arc::new(PanicWaker(AtomicUsize::new(0)));
        let waker = std::task::Waker::from(wakes.clone());
        let mut cx = Context::from_waker(&waker);
        assert!(Pin::new(&mut h).poll(&mut cx).is_pending());
        // The task completes and wakes the panicking waker on a runtime
        // thread: the panic stays there (the deadline only catches hangs).
        go.store(true, Ordering::SeqCst);
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while wakes.0.load(Ordering::SeqCst) == 0 {
            assert!(std::time::Instant::now() < deadline, "the join waker was never woken");
            task::yield_now().await;
        }
        // The output is still handed over, and the runtime keeps working.
        assert_eq!(h.await.unwrap(), 5);
        assert_eq!(rt_core::spawn(async { 6 }).await.unwrap(), 6);
    }

    async fn abort_pending_task() {
        let (counter, drops, _) = DropCounter::new();
        let h = rt_core::spawn(async move {
            let _c = counter;
            std::future::pending::<()>().await;
        });
        task::yield_now().await; // let it start
        h.abort();
        let err = h.await.unwrap_err();
        assert!(err.is_cancelled());
        assert!(err.to_string().contains("cancelled"), "{err}");
        assert_eq!(drops.load(Ordering::SeqCst), 1, "the future is dropped on abort");
    }

    async fn abort_right_after_spawn() {
        // On the current-thread runtime the task cannot have been polled
        // yet; on the multi-thread runtime a worker may get to it first.
        // Either way the outcome is consistent: cancelled means never ran.
        let ran = Arc::new(AtomicBool::new(false));
        let r = ran.clone();
        let h = rt_core::spawn(async move { r.store(true, Ordering::SeqCst) });
        h.abort();
        match h.await {
            Err(e) => {
                assert!(e.is_cancelled());
                assert!(!ran.load(Ordering::SeqCst), "a cancelled task ran");
            }
            Ok(()) => assert!(ran.load(Ordering::SeqCst)),
        }
    }

    async fn abort_after_completion_keeps_output() {
        let h = rt_core::spawn(async { 9 });
        while !h.is_finished() {
            task::yield_now().await;
        }
        h.abort();
        assert_eq!(h.await.unwrap(), 9);
    }

    async fn abort_handle_and_is_finished() {
        let h = rt_core::spawn(std::future::pending::<()>());
        let a = h.abort_handle();
        let a2 = a.clone();
        assert_eq!(a.id(), h.id());
        assert!(!a.is_finished());
        a2.abort();
        assert!(h.await.unwrap_err().is_cancelled());
        assert!(a.is_finished());
    }

    async fn self_abort_while_running() {
        let (tx, rx) = std::sync::mpsc::channel();
        let h = rt_core::spawn(async move {
            let me: rt_core::task::AbortHandle = rx.recv().unwrap();
            me.abort();
            // Aborted while running: cancelled at the next yield.
            task::yield_now().await;
            unreachable!("an aborted task must not be polled again");
        });
        tx.send(h.abort_handle()).unwrap();
        assert!(h.await.unwrap_err().is_cancelled());
    }

    async fn task_ids_are_unique_and_visible() {
        let h = rt_core::spawn(async { task::id() });
        let id = h.id();
        assert_eq!(h.await.unwrap(), id);
        let other = rt_core::spawn(async {});
        assert_ne!(other.id(), id);
        assert!(task::try_id().is_none(), "block_on's future is not a task");
    }

    async fn join_handle_dropped_detaches() {
        let done = Arc::new(AtomicBool::new(false));
        let d = done.clone();
        drop(rt_core::spawn(async move {
            task::yield_now().await;
            d.store(true, Ordering::SeqCst);
        }));
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !done.load(Ordering::SeqCst) {
            assert!(std::time::Instant::now() < deadline, "detached task never finished");
            task::yield_now().await;
        }
    }

    async fn always_ready_task_yields_to_others() {
        // A task looping on an always-ready resource (JoinHandle of a
        // finished task charges the budget) must let others run.
        let finished = rt_core::spawn(async {});
        let flag = Arc::new(AtomicBool::new(false));
        let f = flag.clone();
        let spinner = rt_core::spawn(async move {
            let mut finished = finished;
            let mut spins = 0u64;
            while !f.load(Ordering::SeqCst) {
                // Polling a completed JoinHandle again would panic; use the
                // budget directly like a ready resource would.
                rt_core::task::consume_budget().await;
                spins += 1;
                if spins > 10_000_000 {
                    panic!("the budget never forced a yield");
                }
            }
            let _ = (&mut finished).await;
        });
        let setter = rt_core::spawn(async move { flag.store(true, Ordering::SeqCst) });
        setter.await.unwrap();
        spinner.await.unwrap();
    }

    async fn self_waking_future_completes() {
        rt_core::spawn(YieldTimes(1000)).await.unwrap();
    }

    async fn spawn_blocking_runs_off_thread() {
        let outer = std::thread::current().id();
        let (inner, has_handle) = task::spawn_blocking(|| {
            (std::thread::current().id(), Handle::try_current().is_ok())
        })
        .await
        .unwrap();
        assert_ne!(outer, inner);
        assert!(has_handle, "blocking threads are in the runtime's context");
    }

    async fn spawn_blocking_panic_is_join_error() {
        let err = task::spawn_blocking(|| panic!("blocking boom")).await.unwrap_err();
        assert!(err.is_panic());
        assert_eq!(panic_message(&*err.into_panic()), "blocking boom");
    }

    async fn handle_block_on_inside_spawn_blocking() {
        let handle = Handle::current();
        let v = task::spawn_blocking(move || handle.block_on(async { 5 })).await.unwrap();
        assert_eq!(v, 5);
    }

    async fn large_future_does_not_overflow_stack() {
        let h = rt_core::spawn(async {
            let big = [7u8; 512 * 1024];
            task::yield_now().await;
            big.iter().map(|&b| b as usize).sum::<usize>()
        });
        assert_eq!(h.await.unwrap(), 7 * 512 * 1024);
    }

    async fn unconstrained_has_budget() {
        task::unconstrained(async {
            for _ in 0..1000 {
                assert!(rt_core::coop::has_budget_remaining());
                task::consume_budget().await;
            }
        })
        .await;
    }

    async fn join_error_converts_to_io_error() {
        let err = rt_core::spawn(async { panic!("x") }).await.unwrap_err();
        let io: std::io::Error = err.into();
        assert_eq!(io.kind(), std::io::ErrorKind::Other);
    }

    async fn spawn_from_other_thread_via_handle() {
        let handle = Handle::current();
        let join = std::thread::spawn(move || handle.spawn(async { "remote" }))
            .join()
            .unwrap();
        assert_eq!(join.await.unwrap(), "remote");
    }

    async fn remote_wake_is_delivered() {
        let (tx, rx) = std::sync::mpsc::channel::<std::task::Waker>();
        let woken = Arc::new(AtomicBool::new(false));
        let w = woken.clone();
        let t = std::thread::spawn(move || {
            let waker = rx.recv().unwrap();
            std::thread::sleep(Duration::from_millis(10));
            w.store(true, Ordering::SeqCst);
            waker.wake();
        });
        std::future::poll_fn(|cx| {
            if woken.load(Ordering::SeqCst) {
                Poll::Ready(())
            } else {
                let _ = tx.send(cx.waker().clone());
                Poll::Pending
            }
        })
        .await;
        t.join().unwrap();
    }
}
