//! The multi-thread, work-stealing scheduler.
//!
//! Each worker thread owns a `Core`: a bounded FIFO run queue that other
//! workers steal half of, a LIFO slot for the task it just woke (both in
//! `queue.rs`, with their protocol and loom models), a tick counter and its
//! parker. A full queue spills half into the global injector. Tasks
//! woken from outside any worker go to the global injector, which every
//! worker checks first every `global_queue_interval` ticks (fairness) and
//! whenever its own queue is empty.
//!
//! * **Waking on the worker that runs:** a task woken by the task running
//!   on this worker goes to the LIFO slot, so a message passed between two
//!   tasks is handled while its data is hot in cache. The slot is bounded:
//!   at most `MAX_LIFO_POLLS_PER_TICK` LIFO tasks run back to back, then the
//!   slot's task goes to the back of the queue, so a ping-pong pair cannot
//!   starve the queue. A searching worker also takes a victim's LIFO task
//!   when the victim's queue is empty and the victim made no progress since
//!   the searcher's previous look (queue rule 10), so a task woken just
//!   before its waker's long poll is not stranded behind it, while a
//!   ping-pong pair on a busy worker is left together.
//! * **Idle workers** search (steal from random victims, then the injector),
//!   at most half of them at once (`idle.rs`), then park. One parked worker
//!   at a time holds the driver stack (I/O, timers); the others wait on
//!   their condvar (`park.rs`). Producers wake a parked worker only when no
//!   worker is searching.
//! * **Idle accounting** (only when a driver registered an `IdleWatch`,
//!   as rt-time's paused clock does): the worker parked in the driver can
//!   tell whether every other worker is parked with empty queues, the
//!   `block_on` thread is parked and no blocking work is in flight; the
//!   workers' share is kept in `idle.rs` (rule 6), the protocol is in
//!   `runtime/idle_watch.rs`.
//! * **`block_in_place`** hands the worker's core to a new thread, so the
//!   queue keeps running while this thread blocks; if the blocking section
//!   ends before that thread took the core, this thread takes it back.
//! * **Shutdown** sets a flag and wakes every worker; each cancels the
//!   tasks of the owner list it can claim, drops its queued `Notified`s and
//!   exits; the last one shuts the driver down. Worker threads run on the
//!   blocking pool, so `shutdown_timeout` bounds the wait for them too.

mod idle;
mod park;
mod queue;
mod worker;

pub use worker::block_in_place;
pub(crate) use worker::Context;

use super::Common;
use crate::loom::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use crate::loom::sync::Mutex;
use crate::runtime::context;
use crate::runtime::idle_watch::BlockOnPark;
use crate::runtime::park::Park;
use crate::task::list::OwnedTasks;
use crate::task::{JoinHandle, Notified, Schedule, SpawnMeta, Task};
use crossbeam_deque::Injector;
use idle::Idle;
use park::{Parker, SharedDriver, Unparker};
use std::future::Future;
use std::ptr::NonNull;
use std::sync::Arc;
use worker::Core;

#[derive(Clone, Copy)]
pub(crate) struct Config {
    pub(crate) num_workers: usize,
    pub(crate) global_queue_interval: u32,
    pub(crate) event_interval: u32,
    /// Whether a searching worker spins before it parks (`worker.rs`,
    /// `spin_for_work`): only with more than one CPU and no more workers
    /// than CPUs.
    pub(crate) spin_before_park: bool,
}

pub(crate) struct Handle {
    pub(crate) shared: Shared,
    pub(crate) common: Common,
}

pub(crate) struct Shared {
    remotes: Box<[Remote]>,
    inject: Injector<Notified<Arc<Handle>>>,
    idle: Idle,
    pub(crate) owned: OwnedTasks<Arc<Handle>>,
    driver: crate::loom::sync::Arc<SharedDriver>,
    shutdown: AtomicBool,
    /// A worker is spinning before it parks (`worker.rs`, `spin_for_work`):
    /// one at a time. A hint for CPU use only, not part of the idle rules.
    spinning: AtomicBool,
    /// Workers that have not finished their shutdown yet.
    workers_running: AtomicUsize,
    /// Cores waiting for a worker thread to start (at build, and handed
    /// off by `block_in_place`), indexed by worker.
    handoff: Box<[Mutex<Option<Box<Core>>>]>,
    config: Config,
}

/// What other threads can reach of a worker.
struct Remote {
    steal: queue::Steal<Notified<Arc<Handle>>>,
    unpark: Unparker,
    metrics: WorkerMetrics,
}

/// Per-worker counters, written only by the worker that owns the core
/// (relaxed stores of locally accumulated values), read by anyone.
#[derive(Default)]
pub(crate) struct WorkerMetrics {
    pub(crate) park_count: AtomicU64,
    pub(crate) steal_count: AtomicU64,
    pub(crate) poll_count: AtomicU64,
    pub(crate) busy_nanos: AtomicU64,
    pub(crate) mean_poll_nanos: AtomicU64,
}

impl Handle {
    /// Builds the scheduler; worker threads are started by
    /// [`Handle::start_workers`] once the runtime handle exists.
    pub(crate) fn new(driver: Box<dyn Park>, common: Common, config: Config) -> Arc<Handle> {
        let driver = crate::loom::sync::Arc::new(SharedDriver::new(driver));
        let mut remotes = Vec::with_capacity(config.num_workers);
        let mut handoff = Vec::with_capacity(config.num_workers);
        for index in 0..config.num_workers {
            let park = Parker::new(driver.clone());
            let (core, steal) = Core::new(index, config.num_workers, park);
            remotes.push(Remote {
                steal,
                unpark: core.unparker(),
                metrics: WorkerMetrics::default(),
            });
            handoff.push(Mutex::new(Some(Box::new(core))));
        }
        Arc::new(Handle {
            shared: Shared {
                remotes: remotes.into_boxed_slice(),
                inject: Injector::new(),
                idle: Idle::new(config.num_workers, common.idle_watch.clone()),
                owned: OwnedTasks::new(),
                driver,
                shutdown: AtomicBool::new(false),
                spinning: AtomicBool::new(false),
                workers_running: AtomicUsize::new(config.num_workers),
                handoff: handoff.into_boxed_slice(),
                config,
            },
            common,
        })
    }

    /// Starts one thread per worker on the blocking pool.
    pub(crate) fn start_workers(me: &Arc<Handle>, rt: &super::Handle) {
        for index in 0..me.shared.config.num_workers {
            Handle::spawn_worker(me, rt, index);
        }
    }

    fn spawn_worker(me: &Arc<Handle>, rt: &super::Handle, index: usize) {
        let handle = me.clone();
        let rt2 = rt.clone();
        me.common
            .blocking
            .spawn_mandatory(rt, move || worker::run(handle, rt2, index));
    }

    #[inline]
    pub(crate) fn spawn<F>(me: &Arc<Handle>, future: F, meta: SpawnMeta) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let (join, notified) = me.shared.owned.bind(future, me.clone(), meta);
        if let Some(notified) = notified {
            me.schedule_task(notified, false);
        }
        join
    }

    /// `block_on` runs the future on the calling thread, which counts as a
    /// busy unit while it is not parked (idle-watch rule 6).
    pub(crate) fn block_on<F: Future>(me: &Arc<Handle>, future: F) -> F::Output {
        BlockOnPark::new(me.common.idle_watch.as_ref()).block_on(future)
    }

    /// Idle-watch rule 5: a task sits in the injector or in a worker's
    /// stealable queue.
    pub(crate) fn has_queued_work(&self) -> bool {
        crate::loom::sync::atomic::fence(Ordering::SeqCst);
        !self.shared.inject.is_empty() || self.shared.remotes.iter().any(|r| !r.steal.is_empty())
    }

    fn schedule_task(self: &Arc<Self>, task: Notified<Arc<Handle>>, is_yield: bool) {
        let task = context::with_scheduler(|cx| {
            if let Some(super::Context::MultiThread(cx)) = cx {
                if Arc::ptr_eq(cx.handle(), self) {
                    return cx.schedule_local(task, is_yield);
                }
            }
            Some(task)
        });
        if let Some(task) = task {
            self.push_remote(task);
        }
    }

    fn push_remote(&self, task: Notified<Arc<Handle>>) {
        if self.shared.shutdown.load(Ordering::Acquire) {
            // The owner list is closed or closing: the task is (or will be)
            // cancelled through it; this queue reference just goes away.
            drop(task);
            return;
        }
        self.shared.inject.push(task);
        // Idle rule 3: order the push before reading the idle state.
        crate::loom::sync::atomic::fence(Ordering::SeqCst);
        self.notify_parked();
    }

    /// Idle rule 2.
    fn notify_parked(&self) {
        if let Some(index) = self.shared.idle.worker_to_notify() {
            self.shared.remotes[index].unpark.unpark();
        }
    }

    /// Idle rule 3, for the last searcher that just parked.
    fn notify_if_work_pending(&self) {
        crate::loom::sync::atomic::fence(Ordering::SeqCst);
        let pending = !self.shared.inject.is_empty()
            || self.shared.remotes.iter().any(|r| !r.steal.is_empty());
        if pending {
            self.notify_parked();
        }
    }

    /// Signals shutdown: every worker wakes, cancels what it can claim and
    /// exits. The wait for them is the blocking pool's.
    pub(crate) fn shutdown(&self) {
        if self.shared.shutdown.swap(true, Ordering::AcqRel) {
            return;
        }
        // Every core is claimed by a worker thread (mandatory pool work
        // is never cancelled), which sees the flag and shuts its core down
        // on that runtime thread.
        for remote in self.shared.remotes.iter() {
            remote.unpark.unpark();
        }
    }

    pub(crate) fn num_alive_tasks(&self) -> usize {
        self.shared.owned.len()
    }

    pub(crate) fn num_workers(&self) -> usize {
        self.shared.config.num_workers
    }

    pub(crate) fn injection_queue_depth(&self) -> usize {
        self.shared.inject.len()
    }

    pub(crate) fn worker_metrics(&self, worker: usize) -> &WorkerMetrics {
        &self.shared.remotes[worker].metrics
    }

    pub(crate) fn worker_local_queue_depth(&self, worker: usize) -> usize {
        self.shared.remotes[worker].steal.len()
    }

    /// A worker finished shutting down; the last one shuts the driver down
    /// and drains the injector.
    fn worker_exited(&self) {
        if self.shared.workers_running.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.shared.owned.close_and_shutdown_all();
            while let Some(task) = self.shared.inject.steal().success() {
                drop(task);
            }
            self.shared.driver.shutdown();
        }
    }
}

impl Schedule for Arc<Handle> {
    fn hooks(&self) -> Option<&crate::runtime::hooks::TaskHooks> {
        self.common.hooks.as_deref()
    }

    fn release(&self, task: &Task<Self>) -> Option<Task<Self>> {
        self.shared.owned.remove(task)
    }

    fn schedule(&self, task: Notified<Self>) {
        self.schedule_task(task, false);
    }

    fn yield_now(&self, task: Notified<Self>) {
        self.schedule_task(task, true);
    }
}

impl queue::Pointer for Notified<Arc<Handle>> {
    fn into_ptr(self) -> NonNull<()> {
        self.into_header_ptr().cast()
    }

    unsafe fn from_ptr(ptr: NonNull<()>) -> Self {
        // SAFETY: forwarded contract: `ptr` came from `into_ptr` above.
        unsafe { Notified::from_header_ptr(ptr.cast()) }
    }
}

impl queue::Overflow<Notified<Arc<Handle>>> for Injector<Notified<Arc<Handle>>> {
    fn push(&self, task: Notified<Arc<Handle>>) {
        Injector::push(self, task);
    }
}
