//! LocalSet and spawn_local: !Send tasks on the thread driving the set.

#[macro_use]
mod support;

use rt_core::task::{self, LocalSet};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;
use support::panic_message;

rt_test! {
    async fn spawn_local_runs_not_send_futures() {
        let local = LocalSet::new();
        let out = local
            .run_until(async {
                let counter = Rc::new(Cell::new(0));
                let mut joins = Vec::new();
                for _ in 0..100 {
                    let c = counter.clone();
                    joins.push(task::spawn_local(async move {
                        task::yield_now().await;
                        c.set(c.get() + 1);
                    }));
                }
                for j in joins {
                    j.await.unwrap();
                }
                counter.get()
            })
            .await;
        assert_eq!(out, 100);
    }

    async fn local_tasks_stay_on_the_driving_thread() {
        let local = LocalSet::new();
        let me = std::thread::current().id();
        local
            .run_until(async move {
                for _ in 0..20 {
                    let id = task::spawn_local(async {
                        task::yield_now().await;
                        std::thread::current().id()
                    })
                    .await
                    .unwrap();
                    assert_eq!(id, me);
                }
            })
            .await;
    }

    async fn awaiting_the_set_waits_for_all_tasks() {
        let local = LocalSet::new();
        let log = Rc::new(RefCell::new(Vec::new()));
        for i in 0..10 {
            let log = log.clone();
            local.spawn_local(async move {
                for _ in 0..i {
                    task::yield_now().await;
                }
                log.borrow_mut().push(i);
            });
        }
        local.await;
        let mut got = log.borrow().clone();
        got.sort_unstable();
        assert_eq!(got, (0..10).collect::<Vec<_>>());
    }

    async fn remote_wake_drives_the_set() {
        let local = LocalSet::new();
        let (tx, rx) = std::sync::mpsc::channel::<std::task::Waker>();
        let flag = Arc::new(AtomicBool::new(false));
        let f = flag.clone();
        let t = std::thread::spawn(move || {
            let waker = rx.recv().unwrap();
            std::thread::sleep(Duration::from_millis(10));
            f.store(true, Ordering::SeqCst);
            waker.wake();
        });
        let not_send = Rc::new(());
        let h = local.spawn_local(async move {
            let _keep = not_send;
            std::future::poll_fn(|cx| {
                if flag.load(Ordering::SeqCst) {
                    Poll::Ready(7)
                } else {
                    let _ = tx.send(cx.waker().clone());
                    Poll::Pending
                }
            })
            .await
        });
        assert_eq!(local.run_until(h).await.unwrap(), 7);
        t.join().unwrap();
    }

    async fn abort_from_another_thread() {
        let local = LocalSet::new();
        let h = local.spawn_local(std::future::pending::<()>());
        let abort = h.abort_handle();
        std::thread::spawn(move || abort.abort()).join().unwrap();
        let res = local.run_until(h).await;
        assert!(res.unwrap_err().is_cancelled());
    }

    async fn dropping_the_set_cancels_tasks_on_this_thread() {
        struct OnDrop(Rc<Cell<bool>>, std::thread::ThreadId);
        impl Drop for OnDrop {
            fn drop(&mut self) {
                assert_eq!(std::thread::current().id(), self.1);
                self.0.set(true);
            }
        }
        let dropped = Rc::new(Cell::new(false));
        let guard = OnDrop(dropped.clone(), std::thread::current().id());
        let local = LocalSet::new();
        let h = local.spawn_local(async move {
            let _g = guard;
            std::future::pending::<()>().await;
        });
        local.run_until(task::yield_now()).await;
        drop(local);
        assert!(dropped.get());
        assert!(h.await.unwrap_err().is_cancelled());
    }

    async fn spawn_local_from_a_local_task_and_send_tasks_from_it() {
        let local = LocalSet::new();
        let v = local
            .run_until(async {
                let inner = task::spawn_local(async {
                    let rc = Rc::new(20);
                    let sendable = rt_core::spawn(async { 1 }).await.unwrap();
                    *rc + sendable
                });
                inner.await.unwrap()
            })
            .await;
        assert_eq!(v, 21);
    }

    async fn local_panic_is_a_join_error() {
        let local = LocalSet::new();
        let err = local
            .run_until(async { task::spawn_local(async { panic!("local boom") }).await })
            .await
            .unwrap_err();
        assert_eq!(panic_message(&*err.into_panic()), "local boom");
    }
}

#[test]
fn spawn_local_outside_a_set_panics_with_guidance() {
    let rt = rt_core::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rt.block_on(async {
            drop(task::spawn_local(async {}));
        })
    }))
    .unwrap_err();
    let msg = panic_message(&*err);
    assert!(msg.contains("outside of a `task::LocalSet`"), "{msg}");
    assert!(msg.contains("LocalSet::spawn_local"), "{msg}");
}

#[test]
fn block_on_and_enter() {
    let rt = rt_core::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let local = LocalSet::new();
    let h = {
        let _g = local.enter();
        task::spawn_local(async { Rc::new("entered") })
    };
    let v = local.block_on(&rt, async { h.await.unwrap() });
    assert_eq!(*v, "entered");
}
