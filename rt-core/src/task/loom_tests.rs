//! Loom models of the task protocol: wake/complete/abort/join-drop races
//! across threads, with a minimal queue-only scheduler.

use super::list::OwnedTasks;
use super::{JoinHandle, Notified, Schedule, Task};
use crate::loom::sync::atomic::{AtomicUsize, Ordering};
use crate::loom::sync::{Arc, Mutex};
use crate::loom::thread;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

struct Sched {
    queue: Mutex<VecDeque<Notified<Arc<Sched>>>>,
    owned: OwnedTasks<Arc<Sched>>,
}

impl Schedule for Arc<Sched> {
    fn release(&self, task: &Task<Self>) -> Option<Task<Self>> {
        self.owned.remove(task)
    }

    fn schedule(&self, task: Notified<Self>) {
        self.queue.lock().unwrap().push_back(task);
    }
}

fn new_sched() -> Arc<Sched> {
    Arc::new(Sched {
        queue: Mutex::new(VecDeque::new()),
        owned: OwnedTasks::new(),
    })
}

fn spawn<F>(sched: &Arc<Sched>, f: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let meta = super::SpawnMeta::new(std::panic::Location::caller());
    let (join, notified) = sched.owned.bind(f, sched.clone(), meta);
    sched.schedule(notified.expect("list open"));
    join
}

fn run_queue(sched: &Arc<Sched>) {
    loop {
        let task = sched.queue.lock().unwrap().pop_front();
        match task {
            Some(t) => t.run(),
            None => break,
        }
    }
}

/// Counts drops of the task output.
struct Output(Arc<AtomicUsize>);

impl Drop for Output {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// Pending once, handing its waker out; ready after being woken.
struct WakeOnce {
    slot: Arc<Mutex<Option<Waker>>>,
    polled: bool,
}

impl Future for WakeOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.polled {
            return Poll::Ready(());
        }
        self.polled = true;
        *self.slot.lock().unwrap() = Some(cx.waker().clone());
        Poll::Pending
    }
}

#[test]
fn loom_join_handle_drop_races_completion() {
    loom::model(|| {
        let sched = new_sched();
        let drops = Arc::new(AtomicUsize::new(0));
        let d = drops.clone();
        let join = spawn(&sched, async move { Output(d) });
        let th = thread::spawn(move || drop(join));
        run_queue(&sched);
        th.join().unwrap();
        // The output is dropped exactly once, by whichever side owns it.
        assert_eq!(drops.load(Ordering::SeqCst), 1);
        assert_eq!(sched.owned.len(), 0);
    });
}

#[test]
fn loom_remote_wake_while_running() {
    loom::model(|| {
        let sched = new_sched();
        let slot = Arc::new(Mutex::new(None::<Waker>));
        let join = spawn(
            &sched,
            WakeOnce {
                slot: slot.clone(),
                polled: false,
            },
        );
        let s2 = slot.clone();
        let th = thread::spawn(move || loop {
            if let Some(w) = s2.lock().unwrap().take() {
                w.wake();
                break;
            }
            thread::yield_now();
        });
        // Run until the wake has been delivered and the task completed.
        while !join.is_finished() {
            run_queue(&sched);
            thread::yield_now();
        }
        th.join().unwrap();
        run_queue(&sched);
        assert!(loom::future::block_on(join).is_ok());
    });
}

#[test]
fn loom_abort_races_run() {
    loom::model(|| {
        let sched = new_sched();
        let slot = Arc::new(Mutex::new(None::<Waker>));
        let join = spawn(
            &sched,
            WakeOnce {
                slot: slot.clone(),
                polled: false,
            },
        );
        let abort = join.abort_handle();
        let th = thread::spawn(move || abort.abort());
        run_queue(&sched);
        th.join().unwrap();
        run_queue(&sched);
        // The task never gets woken, so it can only finish by the abort.
        let res = loom::future::block_on(join);
        assert!(res.unwrap_err().is_cancelled());
        drop(slot);
    });
}

#[test]
fn loom_join_waker_races_completion() {
    loom::model(|| {
        let sched = new_sched();
        let join = spawn(&sched, async { 7u8 });
        let s2 = sched.clone();
        let th = thread::spawn(move || run_queue(&s2));
        let out = loom::future::block_on(join);
        assert_eq!(out.unwrap(), 7);
        th.join().unwrap();
    });
}

#[test]
fn loom_shutdown_races_wake() {
    loom::model(|| {
        let sched = new_sched();
        let slot = Arc::new(Mutex::new(None::<Waker>));
        let join = spawn(
            &sched,
            WakeOnce {
                slot: slot.clone(),
                polled: false,
            },
        );
        run_queue(&sched); // first poll: pending, waker stored
        let waker = slot.lock().unwrap().take().expect("waker");
        let th = thread::spawn(move || waker.wake());
        sched.owned.close_and_shutdown_all();
        th.join().unwrap();
        run_queue(&sched);
        assert!(loom::future::block_on(join).unwrap_err().is_cancelled());
    });
}
