//! The schedulers. Each has a `Handle` (shared by every thread and task of
//! the runtime) and a per-thread `Context` that is active while a thread
//! runs the scheduler loop.

pub(crate) mod current_thread;
pub(crate) mod multi_thread;

use crate::blocking;
use crate::runtime::Extensions;
use crate::task::{JoinHandle, SpawnMeta};
use std::future::Future;
use std::sync::Arc;

/// What every scheduler flavour's handle carries besides its queues.
pub(crate) struct Common {
    pub(crate) blocking: blocking::Spawner,
    /// Fixed once the runtime is built: never changed afterwards, so that a
    /// driver may cache what it found here per thread, keyed by
    /// `runtime_id` (rt-time does: "Finding the current driver").
    pub(crate) extensions: Extensions,
    /// Identifies the runtime (`Handle::runtime_id`, debugging, and the
    /// key of such caches): unique in the process, never reused, never 0.
    pub(crate) runtime_id: u64,
    pub(crate) flavor: crate::runtime::RuntimeFlavor,
    /// Task hooks and the slow-poll detector; `None` when none is set.
    pub(crate) hooks: Option<Arc<crate::runtime::hooks::TaskHooks>>,
    /// `Builder::on_thread_park`: called before a scheduler thread blocks.
    pub(crate) before_park: Option<Arc<dyn Fn() + Send + Sync>>,
    /// `Builder::on_thread_unpark`: called after it wakes up.
    pub(crate) after_unpark: Option<Arc<dyn Fn() + Send + Sync>>,
    /// The idle accounting a driver layer asked for (`IdleWatch`); `None`
    /// when no driver did, and then nothing is counted.
    pub(crate) idle_watch: Option<crate::runtime::IdleWatch>,
}

impl Common {
    /// Runs `park` between the park hooks.
    pub(crate) fn parking<R>(&self, park: impl FnOnce() -> R) -> R {
        if let Some(f) = &self.before_park {
            f();
        }
        let r = park();
        if let Some(f) = &self.after_unpark {
            f();
        }
        r
    }
}

#[derive(Clone)]
pub(crate) enum Handle {
    CurrentThread(Arc<current_thread::Handle>),
    MultiThread(Arc<multi_thread::Handle>),
}

pub(crate) enum Context {
    CurrentThread(current_thread::Context),
    MultiThread(multi_thread::Context),
}

impl Context {
    pub(crate) fn common(&self) -> &Common {
        match self {
            Context::CurrentThread(cx) => cx.common(),
            Context::MultiThread(cx) => &cx.handle().common,
        }
    }

    /// Idle-watch rule 4: this thread has runnable work of its own (only
    /// it will run it).
    pub(crate) fn has_own_work(&self) -> bool {
        match self {
            Context::CurrentThread(cx) => cx.has_work(),
            Context::MultiThread(cx) => cx.has_own_work(),
        }
    }

    /// Idle-watch rule 5: a task is queued where other threads take work.
    pub(crate) fn has_queued_work(&self) -> bool {
        match self {
            // Every task of a current-thread runtime is the driver
            // thread's own (`has_own_work`).
            Context::CurrentThread(_) => false,
            Context::MultiThread(cx) => cx.handle().has_queued_work(),
        }
    }
}

impl Handle {
    pub(crate) fn common(&self) -> &Common {
        match self {
            Handle::CurrentThread(h) => &h.common,
            Handle::MultiThread(h) => &h.common,
        }
    }

    pub(crate) fn spawn_task<F>(&self, future: F, meta: SpawnMeta) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        match self {
            Handle::CurrentThread(h) => current_thread::Handle::spawn(h, future, meta),
            Handle::MultiThread(h) => multi_thread::Handle::spawn(h, future, meta),
        }
    }

    pub(crate) fn spawn_blocking<F, R>(&self, f: F, meta: SpawnMeta) -> JoinHandle<R>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        self.common().blocking.spawn_blocking(self, f, meta)
    }

    /// Every live task, for `Handle::dump`.
    pub(crate) fn for_each_task(&self, f: impl FnMut(&crate::task::Header)) {
        match self {
            Handle::CurrentThread(h) => h.for_each_task(f),
            Handle::MultiThread(h) => h.shared.owned.for_each(f),
        }
    }

    pub(crate) fn num_alive_tasks(&self) -> usize {
        match self {
            Handle::CurrentThread(h) => h.num_alive_tasks(),
            Handle::MultiThread(h) => h.num_alive_tasks(),
        }
    }
}
