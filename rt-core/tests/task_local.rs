//! `task_local!`: scopes, nesting, isolation between tasks, `sync_scope`,
//! errors and panics outside a scope, `take_value`, on every scheduler
//! flavour.

#[macro_use]
mod support;

use rt_core::task::{self, AccessError, JoinSet, LocalKey, TaskLocalFuture};
use std::future::{poll_fn, Future};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use support::panic_message;

rt_core::task_local! {
    static NUMBER: u32;
    /// A documented, public key of a non-`Copy` type.
    pub static NAME: String;
}

rt_core::task_local! {
    pub(crate) static SINGLE: Vec<u8>
}

/// A waker that does nothing (`Waker::noop` needs Rust 1.85, above the MSRV).
fn noop_waker() -> Waker {
    struct Noop;
    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }
    Waker::from(Arc::new(Noop))
}

/// Polls `fut` once with a no-op waker.
fn poll_once<F: Future + ?Sized>(fut: std::pin::Pin<&mut F>) -> Poll<F::Output> {
    fut.poll(&mut Context::from_waker(&noop_waker()))
}

// Scoped futures stay `Send` (they are spawned below).
const _: () = {
    fn assert_send<T: Send>() {}
    #[allow(dead_code, reason = "compile-time check only")]
    fn check() {
        assert_send::<TaskLocalFuture<String, std::future::Ready<()>>>();
        assert_send::<&'static LocalKey<String>>();
    }
};

rt_test! {
    async fn value_is_visible_across_awaits() {
        let seen = NUMBER
            .scope(7, async {
                let mut seen = Vec::new();
                for _ in 0..50 {
                    seen.push(NUMBER.get());
                    task::yield_now().await;
                }
                seen
            })
            .await;
        assert!(seen.iter().all(|&v| v == 7));
        // Gone after the scope.
        assert!(NUMBER.try_get().is_err());
    }

    async fn value_follows_a_spawned_scoped_task() {
        // Spawned as a task, the scoped future may be polled by different
        // worker threads: the value goes with it.
        let h = rt_core::spawn(NAME.scope("moving".to_string(), async {
            let mut ok = true;
            for _ in 0..100 {
                ok &= NAME.with(|n| n == "moving");
                task::yield_now().await;
            }
            ok
        }));
        assert!(h.await.unwrap());
    }

    async fn scopes_nest_and_restore() {
        NUMBER
            .scope(1, async {
                assert_eq!(NUMBER.get(), 1);
                let inner = NUMBER
                    .scope(2, async {
                        task::yield_now().await;
                        let v = NUMBER.get();
                        NUMBER.scope(3, async { assert_eq!(NUMBER.get(), 3) }).await;
                        assert_eq!(NUMBER.get(), 2);
                        v
                    })
                    .await;
                assert_eq!(inner, 2);
                assert_eq!(NUMBER.get(), 1);
                // Different keys are independent.
                NAME.scope("n".to_string(), async {
                    assert_eq!(NUMBER.get(), 1);
                    assert_eq!(NAME.get(), "n");
                })
                .await;
                assert!(NAME.try_get().is_err());
            })
            .await;
        assert!(NUMBER.try_get().is_err());
    }

    async fn outer_value_is_hidden_while_inner_scope_is_pending() {
        // The inner scope is polled, then left pending while the outer
        // future runs: the outer value must be visible again in between.
        NUMBER
            .scope(10, async {
                let mut inner = pin!(NUMBER.scope(20, async {
                    let first = NUMBER.get();
                    task::yield_now().await;
                    (first, NUMBER.get())
                }));
                assert!(poll_once(inner.as_mut()).is_pending());
                assert_eq!(NUMBER.get(), 10);
                assert_eq!(inner.await, (20, 20));
                assert_eq!(NUMBER.get(), 10);
            })
            .await;
    }

    async fn spawned_tasks_do_not_inherit() {
        NUMBER
            .scope(5, async {
                let h = rt_core::spawn(async { NUMBER.try_get() });
                assert!(h.await.unwrap().is_err());
                assert_eq!(NUMBER.get(), 5);

                let mut set = JoinSet::new();
                set.spawn(async { NUMBER.try_with(|v| *v).is_err() });
                set.spawn_blocking(|| NUMBER.try_with(|v| *v).is_err());
                assert!(set.join_all().await.into_iter().all(|isolated| isolated));
            })
            .await;
    }

    async fn concurrent_tasks_see_their_own_values() {
        let mut set = JoinSet::new();
        for i in 0..16u32 {
            set.spawn(NUMBER.scope(i, async move {
                for _ in 0..20 {
                    assert_eq!(NUMBER.get(), i);
                    task::yield_now().await;
                }
                i
            }));
        }
        let mut outputs = set.join_all().await;
        outputs.sort();
        assert_eq!(outputs, (0..16).collect::<Vec<_>>());
    }

    async fn sync_scope_inside_an_async_scope() {
        NUMBER
            .scope(1, async {
                let v = NUMBER.sync_scope(2, || {
                    let inner = NUMBER.sync_scope(3, || NUMBER.get());
                    (NUMBER.get(), inner)
                });
                assert_eq!(v, (2, 3));
                assert_eq!(NUMBER.get(), 1);
            })
            .await;
    }

    async fn take_value_after_completion() {
        let mut fut = pin!(SINGLE.scope(vec![1, 2], async {
            SINGLE.with(|v| v.len())
        }));
        assert_eq!(fut.as_mut().await, 2);
        assert_eq!(fut.as_mut().take_value(), Some(vec![1, 2]));
        assert_eq!(fut.as_mut().take_value(), None);
    }

    async fn take_value_before_completion() {
        let mut fut = pin!(NUMBER.scope(4, async {
            let before = NUMBER.try_get();
            task::yield_now().await;
            (before, NUMBER.try_get())
        }));
        assert!(poll_once(fut.as_mut()).is_pending());
        assert_eq!(fut.as_mut().take_value(), Some(4));
        // The rest of the future runs without a value.
        let (before, after) = fut.await;
        assert_eq!(before, Ok(4));
        assert!(after.is_err());
    }
}

#[test]
fn sync_scope_sets_and_drops_the_value() {
    assert!(NAME.try_with(|_| ()).is_err());
    let len = NAME.sync_scope("hello".to_string(), || {
        NAME.with(|n| assert_eq!(n, "hello"));
        NAME.get().len()
    });
    assert_eq!(len, 5);
    assert!(NAME.try_with(|_| ()).is_err());
}

#[test]
fn try_with_outside_a_scope_errors() {
    let err = NUMBER.try_with(|v| *v).unwrap_err();
    assert_eq!(err.to_string(), "task-local value not set");
    assert_eq!(format!("{err:?}"), "AccessError");
    assert_eq!(NUMBER.try_get(), Err(err));
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    assert!(boxed.source().is_none());
}

#[test]
fn with_outside_a_scope_panics_with_advice() {
    let payload = catch_unwind(|| NUMBER.with(|v| *v)).unwrap_err();
    let msg = panic_message(&*payload);
    assert!(msg.contains("outside its scope"), "{msg}");
    assert!(msg.contains("scope(value, future)"), "{msg}");
    assert!(msg.contains("try_with"), "{msg}");

    let payload = catch_unwind(|| NUMBER.get()).unwrap_err();
    assert!(panic_message(&*payload).contains("outside its scope"));
}

#[test]
fn panicking_scope_restores_the_outer_value() {
    let outer = NUMBER.sync_scope(1, || {
        let res = catch_unwind(|| {
            NUMBER.sync_scope(2, || {
                assert_eq!(NUMBER.get(), 2);
                panic!("inner scope panicked");
            })
        });
        assert!(res.is_err());
        NUMBER.get()
    });
    assert_eq!(outer, 1);
    assert!(NUMBER.try_get().is_err());

    // The same for a future whose poll panics.
    let mut fut = Box::pin(NUMBER.scope(3, async {
        panic!("poll panicked");
    }));
    let res = catch_unwind(AssertUnwindSafe(|| poll_once(fut.as_mut())));
    assert_eq!(panic_message(&*res.unwrap_err()), "poll panicked");
    assert!(NUMBER.try_get().is_err());
    // The value went back into the future.
    assert_eq!(fut.as_mut().take_value(), Some(3));
}

#[test]
fn scope_inside_with_on_the_same_key_panics() {
    let payload =
        catch_unwind(|| NUMBER.sync_scope(1, || NUMBER.with(|_| NUMBER.sync_scope(2, || ()))))
            .unwrap_err();
    let msg = panic_message(&*payload);
    assert!(msg.contains("borrowed"), "{msg}");
    // No value leaked out of the failed scopes.
    assert!(NUMBER.try_get().is_err());
}

#[test]
fn inner_future_is_dropped_inside_the_scope() {
    struct RecordOnDrop(Arc<Mutex<Option<Result<String, AccessError>>>>);
    impl Drop for RecordOnDrop {
        fn drop(&mut self) {
            *self.0.lock().unwrap() = Some(NAME.try_get());
        }
    }

    let seen = Arc::new(Mutex::new(None));
    let guard = RecordOnDrop(seen.clone());
    let mut fut = Box::pin(NAME.scope("in drop".to_string(), async move {
        let _guard = guard;
        std::future::pending::<()>().await;
    }));
    assert!(poll_once(fut.as_mut()).is_pending());
    drop(fut);
    assert_eq!(*seen.lock().unwrap(), Some(Ok("in drop".to_string())));
    assert!(NAME.try_get().is_err());
}

#[test]
fn polling_after_completion_panics() {
    let mut fut = Box::pin(NUMBER.scope(1, async { NUMBER.get() }));
    assert_eq!(poll_once(fut.as_mut()), Poll::Ready(1));
    let payload = catch_unwind(AssertUnwindSafe(|| poll_once(fut.as_mut()))).unwrap_err();
    assert!(panic_message(&*payload).contains("after completion"));
}

#[test]
fn works_with_any_executor() {
    // Scopes depend on no runtime: drive one with a hand-rolled poll loop.
    let mut fut = pin!(NUMBER.scope(
        8,
        poll_fn(|cx| {
            cx.waker().wake_by_ref();
            Poll::Ready(NUMBER.get() * 2)
        })
    ));
    assert_eq!(poll_once(fut.as_mut()), Poll::Ready(16));
}

#[test]
fn debug_output() {
    assert_eq!(format!("{NUMBER:?}"), "LocalKey { .. }");
    let fut = NUMBER.scope(3, async {});
    assert_eq!(format!("{fut:?}"), "TaskLocalFuture { value: Some(3), .. }");
}
