//! `JoinSet`: joining in completion order, abort, drop, shutdown, detach,
//! the cooperative budget, and cancel safety of `join_next`, on every
//! scheduler flavour.

#[macro_use]
mod support;

use rt_core::runtime::{Builder, Runtime};
use rt_core::task::{self, JoinSet};
use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};
use support::{panic_message, DropCounter};

/// A waker that does nothing (`Waker::noop` needs Rust 1.85, above the MSRV).
fn noop_waker() -> Waker {
    struct Noop;
    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }
    Waker::from(Arc::new(Noop))
}

/// Yields until `cond` holds, failing the test after 10 seconds.
async fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        task::yield_now().await;
    }
}

/// A task body that completes only once `gate` is open.
async fn wait_for_gate(gate: Arc<AtomicBool>) {
    while !gate.load(Ordering::SeqCst) {
        task::yield_now().await;
    }
}

/// Counts how many times the inner future was polled.
struct CountPolls<F> {
    polls: Arc<AtomicUsize>,
    inner: Pin<Box<F>>,
}

impl<F: Future> Future for CountPolls<F> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.polls.fetch_add(1, Ordering::SeqCst);
        self.inner.as_mut().poll(cx)
    }
}

fn flavours() -> Vec<(&'static str, Runtime)> {
    vec![
        (
            "current_thread",
            Builder::new_current_thread().build().unwrap(),
        ),
        (
            "multi_thread(1)",
            Builder::new_multi_thread()
                .worker_threads(1)
                .build()
                .unwrap(),
        ),
        (
            "multi_thread(4)",
            Builder::new_multi_thread()
                .worker_threads(4)
                .build()
                .unwrap(),
        ),
    ]
}

// `JoinSet` and its futures can move between worker threads.
const _: () = {
    fn assert_send_sync<T: Send + Sync>() {}
    fn assert_send<T: Send>(_: &T) {}
    #[allow(dead_code, reason = "compile-time check only")]
    fn check(set: &mut JoinSet<String>) {
        assert_send_sync::<JoinSet<String>>();
        assert_send(&set.join_next());
        assert_send(&set.shutdown());
    }
};

rt_test! {
    async fn join_next_on_empty_set_is_none() {
        let mut set: JoinSet<u32> = JoinSet::new();
        assert!(set.is_empty());
        assert!(set.join_next().await.is_none());
        assert!(set.join_next_with_id().await.is_none());
        assert!(set.try_join_next().is_none());

        set.spawn(async { 1 });
        assert_eq!(set.join_next().await.unwrap().unwrap(), 1);
        // Drained: empty again.
        assert!(set.join_next().await.is_none());
        assert_eq!(set.len(), 0);
    }

    async fn joins_in_completion_order_not_spawn_order() {
        let gate = Arc::new(AtomicBool::new(false));
        let mut set = JoinSet::new();
        let g = gate.clone();
        set.spawn(async move {
            wait_for_gate(g).await;
            "slow, spawned first"
        });
        set.spawn(async { "fast, spawned second" });

        // The first task cannot finish before the gate opens.
        assert_eq!(set.join_next().await.unwrap().unwrap(), "fast, spawned second");
        assert_eq!(set.len(), 1);
        gate.store(true, Ordering::SeqCst);
        assert_eq!(set.join_next().await.unwrap().unwrap(), "slow, spawned first");
        assert!(set.join_next().await.is_none());
    }

    async fn every_output_is_joined_exactly_once() {
        let mut set = JoinSet::new();
        for i in 0..100usize {
            set.spawn(async move {
                for _ in 0..(i % 7) {
                    task::yield_now().await;
                }
                i
            });
        }
        let mut seen = [false; 100];
        while let Some(res) = set.join_next().await {
            let i = res.unwrap();
            assert!(!seen[i], "output {i} joined twice");
            seen[i] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }

    async fn join_next_with_id_matches_spawned_ids() {
        let mut set = JoinSet::new();
        let mut ids = Vec::new();
        for i in 0..10u32 {
            let abort = set.spawn(async move { (task::id(), i) });
            ids.push(abort.id());
        }
        let mut joined = Vec::new();
        while let Some(res) = set.join_next_with_id().await {
            let (id, (inner_id, _)) = res.unwrap();
            assert_eq!(id, inner_id);
            joined.push(id);
        }
        ids.sort();
        joined.sort();
        assert_eq!(ids, joined);
    }

    async fn abort_all_gives_cancelled_errors() {
        let mut set = JoinSet::new();
        let mut ids = Vec::new();
        for _ in 0..8 {
            ids.push(set.spawn(std::future::pending::<()>()).id());
        }
        set.abort_all();
        // Aborting does not remove the tasks.
        assert_eq!(set.len(), 8);
        let mut cancelled = Vec::new();
        while let Some(res) = set.join_next().await {
            let err = res.unwrap_err();
            assert!(err.is_cancelled(), "{err:?}");
            cancelled.push(err.id());
        }
        ids.sort();
        cancelled.sort();
        assert_eq!(ids, cancelled);
    }

    async fn abort_handle_from_spawn_cancels_one_task() {
        let mut set = JoinSet::new();
        let abort = set.spawn(async {
            std::future::pending::<()>().await;
            1
        });
        set.spawn(async { 2 });
        abort.abort();
        let mut ok = Vec::new();
        let mut cancelled = 0;
        while let Some(res) = set.join_next().await {
            match res {
                Ok(v) => ok.push(v),
                Err(e) => {
                    assert!(e.is_cancelled());
                    assert_eq!(e.id(), abort.id());
                    cancelled += 1;
                }
            }
        }
        assert_eq!((ok, cancelled), (vec![2], 1));
        assert!(abort.is_finished());
    }

    async fn dropping_the_set_aborts_its_tasks() {
        let mut counts = Vec::new();
        let mut set = JoinSet::new();
        for _ in 0..5 {
            let (guard, count, _) = DropCounter::new();
            counts.push(count);
            set.spawn(async move {
                let _guard = guard;
                std::future::pending::<()>().await;
            });
        }
        // Let the tasks start, so the futures are live when aborted.
        task::yield_now().await;
        drop(set);
        wait_until("the aborted tasks' futures to drop", || {
            counts.iter().all(|c| c.load(Ordering::SeqCst) == 1)
        })
        .await;
    }

    async fn shutdown_aborts_and_waits() {
        let mut counts = Vec::new();
        let mut set = JoinSet::new();
        for _ in 0..5 {
            let (guard, count, _) = DropCounter::new();
            counts.push(count);
            set.spawn(async move {
                let _guard = guard;
                std::future::pending::<()>().await;
            });
        }
        set.spawn(async {});
        set.shutdown().await;
        assert!(set.is_empty());
        // `shutdown` returned only after every task terminated, and a
        // cancelled task's future is dropped before its join is signalled.
        for c in &counts {
            assert_eq!(c.load(Ordering::SeqCst), 1);
        }
        // The set stays usable.
        set.spawn(async {});
        assert!(set.join_next().await.unwrap().is_ok());
    }

    async fn detach_all_keeps_tasks_running() {
        let gate = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicUsize::new(0));
        let mut set = JoinSet::new();
        for _ in 0..4 {
            let (gate, done) = (gate.clone(), done.clone());
            set.spawn(async move {
                wait_for_gate(gate).await;
                done.fetch_add(1, Ordering::SeqCst);
            });
        }
        set.detach_all();
        assert_eq!(set.len(), 0);
        assert!(set.join_next().await.is_none());
        drop(set); // must not abort the detached tasks
        gate.store(true, Ordering::SeqCst);
        wait_until("the detached tasks to finish", || done.load(Ordering::SeqCst) == 4).await;
    }

    async fn try_join_next_only_returns_finished_tasks() {
        let gate = Arc::new(AtomicBool::new(false));
        let mut set = JoinSet::new();
        assert!(set.try_join_next().is_none());
        let g = gate.clone();
        let slow = set.spawn(async move {
            wait_for_gate(g).await;
            "slow"
        });
        let fast = set.spawn(async { "fast" });

        let mut got = None;
        wait_until("the fast task", || {
            got = set.try_join_next_with_id();
            got.is_some()
        })
        .await;
        let (id, out) = got.unwrap().unwrap();
        assert_eq!((id, out), (fast.id(), "fast"));
        assert_eq!(set.len(), 1);
        // The slow task is still waiting: nothing to reap.
        for _ in 0..10 {
            task::yield_now().await;
            assert!(set.try_join_next().is_none());
        }
        assert!(!slow.is_finished());

        gate.store(true, Ordering::SeqCst);
        let mut got = None;
        wait_until("the slow task", || {
            got = set.try_join_next();
            got.is_some()
        })
        .await;
        assert_eq!(got.unwrap().unwrap(), "slow");
        assert!(set.is_empty());
        assert!(set.try_join_next().is_none());
    }

    async fn len_bookkeeping() {
        let mut set = JoinSet::new();
        assert_eq!(set.len(), 0);
        for i in 0..3 {
            set.spawn(async move { i });
            assert_eq!(set.len(), i + 1);
        }
        // Completed but not joined tasks still count.
        for _ in 0..5 {
            task::yield_now().await;
        }
        assert_eq!(set.len(), 3);
        set.join_next().await.unwrap().unwrap();
        assert_eq!(set.len(), 2);
        set.abort_all();
        assert_eq!(set.len(), 2);
        set.spawn(std::future::pending());
        assert_eq!(set.len(), 3);
        set.shutdown().await;
        assert_eq!(set.len(), 0);
        set.spawn(std::future::pending());
        set.spawn(std::future::pending());
        set.detach_all();
        assert_eq!(set.len(), 0);
        assert!(set.is_empty());
        assert_eq!(format!("{set:?}"), "JoinSet { len: 0 }");
    }

    async fn slots_are_reused_across_spawn_and_join() {
        // Interleaving spawns and joins reuses slab slots, with stale
        // ready-list indices from earlier occupants still around.
        let mut set = JoinSet::new();
        let mut expected = 0u64;
        let mut sum = 0u64;
        for round in 0..500u64 {
            set.spawn(async move { round });
            set.spawn(async move {
                task::yield_now().await;
                round * 2
            });
            expected += round * 3;
            sum += set.join_next().await.unwrap().unwrap();
        }
        while let Some(res) = set.join_next().await {
            sum += res.unwrap();
        }
        assert_eq!(sum, expected);
    }

    async fn ten_thousand_tasks() {
        let mut set = JoinSet::new();
        for i in 0..10_000u64 {
            set.spawn(async move {
                if i % 3 == 0 {
                    task::yield_now().await;
                }
                i
            });
        }
        assert_eq!(set.len(), 10_000);
        let mut sum = 0;
        let mut n = 0;
        while let Some(res) = set.join_next().await {
            sum += res.unwrap();
            n += 1;
        }
        assert_eq!(n, 10_000);
        assert_eq!(sum, 10_000 * 9_999 / 2);
        assert!(set.is_empty());
    }

    async fn join_next_is_cancel_safe() {
        let gate = Arc::new(AtomicBool::new(false));
        let mut set = JoinSet::new();
        let g = gate.clone();
        let abort = set.spawn(async move {
            wait_for_gate(g).await;
            "delivered"
        });

        // A select-like loop: `join_next` loses against a branch that is
        // ready on the third poll, and is dropped there.
        let mut polls = 0;
        {
            let mut join = pin!(set.join_next());
            let winner = poll_fn(|cx| {
                if let Poll::Ready(res) = join.as_mut().poll(cx) {
                    return Poll::Ready(Err(res));
                }
                polls += 1;
                if polls == 3 {
                    return Poll::Ready(Ok("other branch"));
                }
                cx.waker().wake_by_ref();
                Poll::Pending
            })
            .await;
            assert_eq!(winner.unwrap(), "other branch");

            // Now let the task complete while the (registered) join_next
            // future still exists, and drop it without polling it again.
            gate.store(true, Ordering::SeqCst);
            wait_until("the task to finish", || abort.is_finished()).await;
        }
        assert_eq!(set.len(), 1);
        assert_eq!(set.join_next().await.unwrap().unwrap(), "delivered");
        assert!(set.join_next().await.is_none());
    }

    async fn join_next_charges_one_budget_unit_per_join() {
        let budget = rt_core::coop::BUDGET as usize;
        let n = 2 * budget + 10;
        let mut set = JoinSet::new();
        let mut aborts = Vec::new();
        for i in 0..n {
            aborts.push(set.spawn(async move { i }));
        }
        wait_until("all tasks to finish", || aborts.iter().all(|a| a.is_finished())).await;

        // Joining from a task (which runs with a budget): every join is
        // ready at once, so the task only yields when the budget runs out,
        // after exactly BUDGET joins per poll.
        let polls = Arc::new(AtomicUsize::new(0));
        let joined = rt_core::spawn(CountPolls {
            polls: polls.clone(),
            inner: Box::pin(async move {
                let mut count = 0;
                while let Some(res) = set.join_next().await {
                    res.unwrap();
                    count += 1;
                }
                count
            }),
        })
        .await
        .unwrap();
        assert_eq!(joined, n);
        // 2 * BUDGET + 10 joins and a final `None`: three polls.
        assert_eq!(polls.load(Ordering::SeqCst), 3);
    }

    async fn spawn_blocking_into_the_set() {
        let mut set = JoinSet::new();
        for i in 0..4u64 {
            set.spawn_blocking(move || {
                std::thread::sleep(Duration::from_millis(5));
                i
            });
        }
        let handle = rt_core::runtime::Handle::current();
        set.spawn_blocking_on(|| 100, &handle);
        let mut sum = 0;
        while let Some(res) = set.join_next().await {
            sum += res.unwrap();
        }
        assert_eq!(sum, 106);
    }

    async fn spawn_on_another_threads_handle() {
        let handle = rt_core::runtime::Handle::current();
        // Spawn from a thread outside the runtime, then join here.
        let set = std::thread::spawn(move || {
            let mut set = JoinSet::new();
            for i in 0..3 {
                set.spawn_on(async move { i }, &handle);
            }
            set
        })
        .join()
        .unwrap();
        let mut outputs = set.join_all().await;
        outputs.sort();
        assert_eq!(outputs, [0, 1, 2]);
    }

    async fn from_iterator_and_extend() {
        let mut set: JoinSet<u32> = (0..5).map(|i| async move { i }).collect();
        assert_eq!(set.len(), 5);
        set.extend((5..8).map(|i| async move { i }));
        assert_eq!(set.len(), 8);
        let mut outputs = set.join_all().await;
        outputs.sort();
        assert_eq!(outputs, (0..8).collect::<Vec<_>>());

        let empty: JoinSet<()> = JoinSet::default();
        assert!(empty.join_all().await.is_empty());
    }

    async fn join_all_resumes_a_tasks_panic_and_aborts_the_rest() {
        let (guard, dropped, _) = DropCounter::new();
        let mut set = JoinSet::new();
        set.spawn(async move {
            let _guard = guard;
            std::future::pending::<u32>().await
        });
        set.spawn(async { panic!("task boom") });
        let err = rt_core::spawn(set.join_all()).await.unwrap_err();
        assert!(err.is_panic());
        assert_eq!(panic_message(&*err.into_panic()), "task boom");
        // The set was dropped while unwinding: the pending task is aborted.
        wait_until("the pending task to be aborted", || dropped.load(Ordering::SeqCst) == 1).await;
    }

    async fn join_all_panics_on_a_cancelled_task() {
        let mut set = JoinSet::new();
        set.spawn(std::future::pending::<()>()).abort();
        let err = rt_core::spawn(set.join_all()).await.unwrap_err();
        let msg = panic_message(&*err.into_panic());
        assert!(msg.contains("cancelled"), "{msg}");
    }

    async fn join_next_wakes_a_waiting_task() {
        // The set is joined from one task while another thread completes
        // its task: the waiting task must be woken, not polled in a loop.
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let mut set = JoinSet::new();
        set.spawn_blocking(move || {
            rx.recv().unwrap();
            "from the pool"
        });
        let polls = Arc::new(AtomicUsize::new(0));
        let joiner = rt_core::spawn(CountPolls {
            polls: polls.clone(),
            inner: Box::pin(async move { set.join_next().await.unwrap().unwrap() }),
        });
        wait_until("the joiner to wait", || polls.load(Ordering::SeqCst) >= 1).await;
        for _ in 0..10 {
            task::yield_now().await;
        }
        assert_eq!(polls.load(Ordering::SeqCst), 1);
        tx.send(()).unwrap();
        assert_eq!(joiner.await.unwrap(), "from the pool");
        assert_eq!(polls.load(Ordering::SeqCst), 2);
    }
}

#[test]
fn join_all_panic_propagates_out_of_block_on() {
    for (name, rt) in flavours() {
        let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            rt.block_on(async {
                let mut set = JoinSet::new();
                set.spawn(async { 1 });
                set.spawn(async { panic!("join_all boom") });
                set.join_all().await
            })
        }));
        let payload = res.expect_err(name);
        assert_eq!(panic_message(&*payload), "join_all boom", "{name}");
    }
}

#[test]
fn spawn_outside_a_runtime_panics() {
    let res = std::panic::catch_unwind(|| {
        let mut set = JoinSet::new();
        set.spawn(async {});
    });
    let msg = panic_message(&*res.unwrap_err());
    assert!(msg.contains("JoinSet::spawn"), "{msg}");
    assert!(msg.contains("within a runtime"), "{msg}");
}

#[test]
fn poll_join_next_outside_a_runtime() {
    // A set built outside the runtime (spawning through a handle), joined
    // with the raw poll API, then polled by hand once empty.
    for (name, rt) in flavours() {
        let mut set = JoinSet::new();
        set.spawn_on(async { 5 }, rt.handle());
        let out = rt.block_on(poll_fn(|cx| set.poll_join_next(cx)));
        assert_eq!(out.unwrap().unwrap(), 5, "{name}");
        let waker = noop_waker();
        let mut cx = Context::from_waker(&waker);
        assert!(
            matches!(set.poll_join_next(&mut cx), Poll::Ready(None)),
            "{name}"
        );
    }
}
