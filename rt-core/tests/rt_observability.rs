//! Task dumps, task hooks and the slow-poll detector (beyond Tokio: stable,
//! cheap, and available on both flavours).

#[macro_use]
mod support;

use rt_core::runtime::{Builder, Handle, TaskState};
use rt_core::task;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

rt_test! {
    async fn dump_lists_live_tasks_with_names_locations_and_states() {
        // `#[track_caller]` reports the line of the `.spawn(` call.
        let line = line!() + 3;
        let idle = task::Builder::new()
            .name("idle-one")
            .spawn(std::future::pending::<()>())
            .unwrap();
        // Let it run once and go idle.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let dump = Handle::current().dump().await;
            let t = dump.tasks().iter().find(|t| t.id() == idle.id()).expect("task listed");
            if t.poll_count() >= 1 && t.state() == TaskState::Idle {
                assert_eq!(t.name(), Some("idle-one"));
                assert_eq!(t.spawned_at().file(), file!());
                assert_eq!(t.spawned_at().line(), line);
                assert!(t.since_last_poll().is_some());
                let text = dump.to_string();
                assert!(text.contains("idle-one") && text.contains("idle"), "{text}");
                break;
            }
            assert!(std::time::Instant::now() < deadline, "task never went idle");
            task::yield_now().await;
        }
        idle.abort();
        let _ = idle.await;
        // Terminated tasks leave the dump.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !Handle::current().dump().await.tasks().is_empty() {
            assert!(std::time::Instant::now() < deadline, "aborted task still listed");
            task::yield_now().await;
        }
    }

    async fn a_task_dumping_itself_is_running() {
        let h = rt_core::spawn(async {
            let me = task::id();
            let dump = Handle::current().dump().await;
            dump.tasks().iter().find(|t| t.id() == me).map(|t| (t.state(), t.poll_count()))
        });
        assert_eq!(h.await.unwrap(), Some((TaskState::Running, 1)));
    }

    async fn unnamed_tasks_have_their_spawn_location() {
        let line = line!() + 1;
        let h = rt_core::spawn(async { task::yield_now().await });
        let dump = Handle::current().dump().await;
        if let Some(t) = dump.tasks().iter().find(|t| t.id() == h.id()) {
            assert_eq!(t.name(), None);
            assert_eq!(t.spawned_at().line(), line);
        }
        h.await.unwrap();
    }
}

type Events = Arc<Mutex<Vec<(String, u64)>>>;

fn hooked(builder: &mut Builder, events: &Events) {
    let (a, b, c, d) = (
        events.clone(),
        events.clone(),
        events.clone(),
        events.clone(),
    );
    builder
        .on_task_spawn(move |m| a.lock().unwrap().push(("spawn".into(), m.id().as_u64())))
        .on_before_task_poll(move |m| b.lock().unwrap().push(("before".into(), m.id().as_u64())))
        .on_after_task_poll(move |m| c.lock().unwrap().push(("after".into(), m.id().as_u64())))
        .on_task_terminate(move |m| {
            d.lock()
                .unwrap()
                .push(("terminate".into(), m.id().as_u64()))
        });
}

fn check_hook_order(mut builder: Builder) {
    let events: Events = Arc::default();
    hooked(&mut builder, &events);
    let rt = builder.build().unwrap();
    let id = rt.block_on(async {
        let h = rt_core::spawn(async {
            task::yield_now().await;
        });
        let id = h.id().as_u64();
        h.await.unwrap();
        id
    });
    drop(rt);
    let ev: Vec<String> = events
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, i)| *i == id)
        .map(|(e, _)| e.clone())
        .collect();
    // spawn, then two polls (the yield), then terminate.
    assert_eq!(
        ev,
        ["spawn", "before", "after", "before", "after", "terminate"],
        "{ev:?}"
    );
}

#[test]
fn hooks_run_in_order_current_thread() {
    check_hook_order(Builder::new_current_thread());
}

#[test]
fn hooks_run_in_order_multi_thread() {
    let mut b = Builder::new_multi_thread();
    b.worker_threads(2);
    check_hook_order(b);
}

/// A future whose drop (at runtime shutdown) spawns another task: the
/// runtime is closed by then, so the new task terminates at once.
struct SpawnOnDrop(rt_core::runtime::Handle);

impl std::future::Future for SpawnOnDrop {
    type Output = ();
    fn poll(self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        std::task::Poll::Pending
    }
}

impl Drop for SpawnOnDrop {
    fn drop(&mut self) {
        drop(self.0.spawn(async {}));
    }
}

/// Every task the spawn hook saw is seen by the terminate hook exactly
/// once, and the other way round, including tasks spawned while the
/// runtime shuts down and tasks still pending at shutdown.
fn check_spawn_and_terminate_pair_up(mut builder: Builder) {
    let events: Events = Arc::default();
    hooked(&mut builder, &events);
    let rt = builder.build().unwrap();
    rt.block_on(async {
        for _ in 0..3 {
            drop(rt_core::spawn(SpawnOnDrop(Handle::current())));
        }
        rt_core::spawn(async {}).await.unwrap();
        task::yield_now().await;
    });
    drop(rt);
    let ev = events.lock().unwrap();
    let ids = |kind: &str| {
        let mut v: Vec<u64> = ev
            .iter()
            .filter(|(e, _)| e == kind)
            .map(|(_, i)| *i)
            .collect();
        v.sort_unstable();
        v
    };
    let (spawned, terminated) = (ids("spawn"), ids("terminate"));
    // 3 pending + 1 joined + 3 spawned during shutdown.
    assert_eq!(spawned.len(), 7, "{ev:?}");
    assert_eq!(spawned, terminated, "{ev:?}");
    for id in &spawned {
        let first = ev.iter().position(|(_, i)| i == id).unwrap();
        assert_eq!(ev[first].0, "spawn", "task {id}: {ev:?}");
    }
}

#[test]
fn spawn_and_terminate_hooks_pair_up_current_thread() {
    check_spawn_and_terminate_pair_up(Builder::new_current_thread());
}

#[test]
fn spawn_and_terminate_hooks_pair_up_multi_thread() {
    let mut b = Builder::new_multi_thread();
    b.worker_threads(2);
    check_spawn_and_terminate_pair_up(b);
}

#[test]
fn panicking_hook_does_not_take_the_runtime_down() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .on_task_spawn(|_| panic!("spawn hook panicked"))
        .on_before_task_poll(|_| panic!("hook panicked"))
        .on_after_task_poll(|_| panic!("after-poll hook panicked"))
        .on_task_terminate(|_| panic!("terminate hook panicked"))
        .build()
        .unwrap();
    let v = rt.block_on(async { rt_core::spawn(async { 5 }).await.unwrap() });
    assert_eq!(v, 5);
}

type Reports = Arc<Mutex<Vec<(Option<String>, Duration)>>>;

fn slow_poll_runtime(threshold: Duration, reports: &Reports) -> rt_core::runtime::Runtime {
    let r = reports.clone();
    Builder::new_multi_thread()
        .worker_threads(2)
        .slow_poll_threshold(threshold)
        .on_slow_poll(move |report| {
            assert!(report.duration() > report.threshold());
            assert!(report.to_string().contains("spawn_blocking"));
            r.lock()
                .unwrap()
                .push((report.task().name().map(String::from), report.duration()));
        })
        .build()
        .unwrap()
}

#[test]
fn slow_poll_detector_fires_above_the_threshold() {
    let reports: Reports = Arc::default();
    let rt = slow_poll_runtime(Duration::from_millis(30), &reports);
    rt.block_on(async {
        task::Builder::new()
            .name("blocks-its-worker")
            .spawn(async { std::thread::sleep(Duration::from_millis(80)) })
            .unwrap()
            .await
            .unwrap();
    });
    let got = reports.lock().unwrap().clone();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0.as_deref(), Some("blocks-its-worker"));
    assert!(got[0].1 >= Duration::from_millis(80));
}

#[test]
fn slow_poll_detector_stays_quiet_below_the_threshold() {
    let reports: Reports = Arc::default();
    // A generous threshold: these polls take microseconds.
    let rt = slow_poll_runtime(Duration::from_secs(2), &reports);
    let count = Arc::new(AtomicUsize::new(0));
    rt.block_on(async {
        let mut joins = Vec::new();
        for _ in 0..200 {
            let c = count.clone();
            joins.push(rt_core::spawn(async move {
                for _ in 0..10 {
                    task::yield_now().await;
                }
                c.fetch_add(1, Ordering::SeqCst);
            }));
        }
        for j in joins {
            j.await.unwrap();
        }
    });
    assert_eq!(count.load(Ordering::SeqCst), 200);
    assert!(reports.lock().unwrap().is_empty());
}

#[test]
fn builder_names_spawn_blocking_and_spawn_on() {
    let rt = Builder::new_current_thread().build().unwrap();
    let handle = rt.handle().clone();
    let h = task::Builder::new()
        .name("on-handle")
        .spawn_on(std::future::pending::<()>(), &handle)
        .unwrap();
    let names: Vec<_> = rt.block_on(async {
        task::yield_now().await;
        let dump = Handle::current().dump().await;
        dump.tasks()
            .iter()
            .map(|t| t.name().map(String::from))
            .collect()
    });
    assert_eq!(names, [Some("on-handle".to_string())]);
    h.abort();
    let b = task::Builder::new()
        .name("blocking")
        .spawn_blocking_on(|| 3, &handle)
        .unwrap();
    assert_eq!(rt.block_on(b).unwrap(), 3);
}

/// `worker_mean_poll_time` tracks how long polls take: polls that each
/// block ~3 ms give a mean in the millisecond range, cheap polls pull it
/// far below. (Published when the worker parks: the loops below wait for
/// it, bounded so that only a hang fails.)
#[test]
fn mean_poll_time_follows_the_cost_of_polls() {
    let rt = Builder::new_multi_thread()
        .worker_threads(1)
        .build()
        .unwrap();
    let m = rt.metrics();
    assert_eq!(m.worker_mean_poll_time(0), Duration::ZERO);
    let run = |block: Duration| {
        rt.block_on(async move {
            let tasks: Vec<_> = (0..20)
                .map(|_| rt_core::spawn(async move { std::thread::sleep(block) }))
                .collect();
            for t in tasks {
                t.await.unwrap();
            }
        });
    };
    run(Duration::from_millis(3));
    let mut slow = Duration::ZERO;
    for _ in 0..5_000 {
        slow = m.worker_mean_poll_time(0);
        if slow >= Duration::from_millis(1) {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    assert!(
        slow >= Duration::from_millis(1),
        "slow polls: mean {slow:?}"
    );
    assert!(
        slow < Duration::from_millis(100),
        "slow polls: mean {slow:?}"
    );
    // Cheap batches pull the mean down (each poll weighs 10%).
    let mut cheap = slow;
    for _ in 0..200 {
        run(Duration::ZERO);
        std::thread::sleep(Duration::from_millis(1));
        cheap = m.worker_mean_poll_time(0);
        if cheap < slow / 2 {
            break;
        }
    }
    assert!(
        cheap < slow / 2,
        "cheap polls: mean {cheap:?} (slow was {slow:?})"
    );
}
