//! The current-thread scheduler: every task runs on the thread that calls
//! `Runtime::block_on`.
//!
//! The `Core` (run queue, driver, tick) is owned by whichever thread is in
//! `Runtime::block_on`; it sits in a slot in `CurrentThread` otherwise.
//! Other threads calling `block_on` at the same time drive only their own
//! future until the core comes back, then take it. Tasks woken from the
//! thread that holds the core go straight to its local queue; tasks woken
//! from elsewhere go to the shared inject queue, and the driver is unparked.

use super::Common;
use crate::coop;
use crate::loom::lock;
use crate::loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use crate::loom::sync::Mutex;
use crate::runtime::context;
use crate::runtime::idle_watch::BlockOnPark;
use crate::runtime::park::{Park, Unpark};
use crate::task::list::OwnedTasks;
use crate::task::{JoinHandle, Notified, Schedule, SpawnMeta, Task};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Poll, Wake, Waker};
use std::time::Duration;

/// Owned by the `Runtime`: the slot where the core rests between
/// `block_on` calls.
pub(crate) struct CurrentThread {
    core: Mutex<Option<Box<Core>>>,
    /// Threads in `block_on` waiting for the core.
    waiters: Mutex<Vec<Arc<dyn Unpark>>>,
}

pub(crate) struct Handle {
    shared: Shared,
    driver: Arc<dyn Unpark>,
    pub(crate) common: Common,
    config: Config,
}

#[derive(Clone, Copy)]
pub(crate) struct Config {
    pub(crate) global_queue_interval: u32,
    pub(crate) event_interval: u32,
}

struct Shared {
    inject: Mutex<Inject>,
    /// Length of `inject`, read without the lock to skip empty checks.
    inject_len: AtomicUsize,
    owned: OwnedTasks<Arc<Handle>>,
    /// The `block_on` future was woken.
    woken: AtomicBool,
}

struct Inject {
    queue: VecDeque<Notified<Arc<Handle>>>,
    closed: bool,
}

struct Core {
    tasks: VecDeque<Notified<Arc<Handle>>>,
    tick: u32,
    driver: Option<Box<dyn Park>>,
}

/// The active scheduler context of the thread holding the core.
pub(crate) struct Context {
    handle: Arc<Handle>,
    core: RefCell<Option<Box<Core>>>,
}

impl CurrentThread {
    pub(crate) fn new(
        driver: Box<dyn Park>,
        common: Common,
        config: Config,
    ) -> (CurrentThread, Arc<Handle>) {
        let handle = Arc::new(Handle {
            shared: Shared {
                inject: Mutex::new(Inject {
                    queue: VecDeque::new(),
                    closed: false,
                }),
                inject_len: AtomicUsize::new(0),
                owned: OwnedTasks::new(),
                woken: AtomicBool::new(false),
            },
            driver: driver.unparker(),
            common,
            config,
        });
        let core = Box::new(Core {
            tasks: VecDeque::with_capacity(64),
            tick: 0,
            driver: Some(driver),
        });
        let scheduler = CurrentThread {
            core: Mutex::new(Some(core)),
            waiters: Mutex::new(Vec::new()),
        };
        (scheduler, handle)
    }

    pub(crate) fn block_on<F: Future>(&self, handle: &Arc<Handle>, future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        // A thread waiting for the core is a busy unit while not parked
        // (idle-watch rule 6); the one holding the core is the driver
        // thread and holds none.
        let mut park = BlockOnPark::new(handle.common.idle_watch.as_ref());
        let waker = park.waker();
        let mut cx = std::task::Context::from_waker(&waker);
        loop {
            if let Some(core) = self.take_core() {
                park.release();
                let sched_cx = super::Context::CurrentThread(Context {
                    handle: handle.clone(),
                    core: RefCell::new(Some(core)),
                });
                // Dropped before `sched_cx`: returns the core, also on unwind.
                let _put_back = PutBack {
                    scheduler: self,
                    cx: &sched_cx,
                };
                return context::set_scheduler(&sched_cx, || {
                    let super::Context::CurrentThread(cx) = &sched_cx else {
                        unreachable!()
                    };
                    cx.run(handle, future.as_mut())
                });
            }
            // Another thread drives the scheduler: drive only our future
            // until it completes or the core is released.
            let unparker = park.unparker();
            {
                let mut waiters = lock(&self.waiters);
                if !waiters.iter().any(|w| Arc::ptr_eq(w, &unparker)) {
                    waiters.push(unparker);
                }
            }
            if let Poll::Ready(v) = coop::budget(|| future.as_mut().poll(&mut cx)) {
                return v;
            }
            if lock(&self.core).is_some() {
                continue;
            }
            park.park();
        }
    }

    fn take_core(&self) -> Option<Box<Core>> {
        lock(&self.core).take()
    }

    fn put_core(&self, core: Box<Core>) {
        *lock(&self.core) = Some(core);
        let waiters = std::mem::take(&mut *lock(&self.waiters));
        for w in waiters {
            w.unpark();
        }
    }

    /// Cancels every task, drops every queued task and shuts the driver
    /// down, on this thread.
    pub(crate) fn shutdown(&self, handle: &Arc<Handle>) {
        let Some(core) = self.take_core() else {
            // Only possible if a block_on unwound while holding the core
            // and failed to put it back, which the guard prevents.
            return;
        };
        let cx = Context {
            handle: handle.clone(),
            core: RefCell::new(Some(core)),
        };
        let sched_cx = super::Context::CurrentThread(cx);
        context::set_scheduler(&sched_cx, || {
            let super::Context::CurrentThread(cx) = &sched_cx else {
                unreachable!()
            };
            handle.shared.owned.close_and_shutdown_all();
            loop {
                let task = cx
                    .core
                    .borrow_mut()
                    .as_mut()
                    .and_then(|c| c.tasks.pop_front());
                match task {
                    Some(task) => drop(task),
                    None => break,
                }
            }
            let remote = {
                let mut inject = lock(&handle.shared.inject);
                inject.closed = true;
                handle.shared.inject_len.store(0, Ordering::Release);
                std::mem::take(&mut inject.queue)
            };
            drop(remote);
            let driver = cx.core.borrow_mut().as_mut().and_then(|c| c.driver.take());
            if let Some(mut driver) = driver {
                driver.shutdown();
                cx.core.borrow_mut().as_mut().expect("core").driver = Some(driver);
            }
        });
        let super::Context::CurrentThread(cx) = sched_cx else {
            unreachable!()
        };
        if let Some(core) = cx.core.into_inner() {
            self.put_core(core);
        }
        debug_assert!(handle.shared.owned.is_empty());
    }
}

/// Returns the core to the runtime when `block_on` ends, also on unwind.
struct PutBack<'a> {
    scheduler: &'a CurrentThread,
    cx: &'a super::Context,
}

impl Drop for PutBack<'_> {
    fn drop(&mut self) {
        if let super::Context::CurrentThread(cx) = self.cx {
            if let Some(core) = cx.core.borrow_mut().take() {
                self.scheduler.put_core(core);
            }
        }
    }
}

/// Wakes the `block_on` future: sets the flag, and unparks the driver
/// unless the waking thread is the one running the scheduler (which checks
/// the flag before parking).
struct BlockOnWaker(Arc<Handle>);

impl Wake for BlockOnWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.shared.woken.store(true, Ordering::Release);
        let on_scheduler_thread = context::with_scheduler(|cx| match cx {
            Some(super::Context::CurrentThread(cx)) => Arc::ptr_eq(&cx.handle, &self.0),
            _ => false,
        });
        if !on_scheduler_thread {
            self.0.driver.unpark();
        }
    }
}

impl Context {
    pub(crate) fn common(&self) -> &Common {
        &self.handle.common
    }

    /// Idle-watch rule 4: every task of this runtime is this thread's to
    /// run: queued locally or remotely, or the `block_on` future woken.
    pub(crate) fn has_work(&self) -> bool {
        let local = match self.core.try_borrow() {
            Ok(core) => core.as_ref().is_some_and(|core| !core.tasks.is_empty()),
            Err(_) => true,
        };
        local
            || self.handle.shared.inject_len.load(Ordering::Acquire) != 0
            || self.handle.shared.woken.load(Ordering::Acquire)
    }

    fn run<F: Future>(&self, handle: &Arc<Handle>, mut future: Pin<&mut F>) -> F::Output {
        let waker = Waker::from(Arc::new(BlockOnWaker(handle.clone())));
        let mut fut_cx = std::task::Context::from_waker(&waker);
        // Poll the future first.
        handle.shared.woken.store(true, Ordering::Release);
        let event_interval = handle.config.event_interval;
        'outer: loop {
            crate::task::coarse_clock::refresh();
            if handle.shared.woken.swap(false, Ordering::AcqRel) {
                if let Poll::Ready(v) = coop::budget(|| future.as_mut().poll(&mut fut_cx)) {
                    return v;
                }
            }
            for _ in 0..event_interval {
                let task = {
                    let mut core = self.core.borrow_mut();
                    let core = core.as_mut().expect("core missing while running");
                    core.next_task(handle)
                };
                match task {
                    Some(task) => task.run(),
                    None => {
                        if handle.shared.woken.load(Ordering::Acquire) {
                            // The block_on future woke itself (e.g. it spent
                            // its budget): still let the drivers process
                            // their events, or timers and I/O would starve.
                            self.park(handle, Some(Duration::ZERO));
                        } else {
                            self.park(handle, None);
                        }
                        continue 'outer;
                    }
                }
            }
            // Let the driver process events between batches of tasks.
            self.park(handle, Some(Duration::ZERO));
        }
    }

    fn park(&self, handle: &Handle, timeout: Option<Duration>) {
        let mut driver = {
            let mut core = self.core.borrow_mut();
            let core = core.as_mut().expect("core missing while parking");
            if timeout.is_none()
                && (!core.tasks.is_empty() || handle.shared.inject_len.load(Ordering::Acquire) != 0)
            {
                return;
            }
            core.driver.take().expect("driver missing while parking")
        };
        if timeout.is_none() {
            handle.common.parking(|| driver.park(None));
        } else {
            driver.park(timeout);
        }
        self.core
            .borrow_mut()
            .as_mut()
            .expect("core missing after parking")
            .driver = Some(driver);
    }
}

impl Core {
    fn next_task(&mut self, handle: &Handle) -> Option<Notified<Arc<Handle>>> {
        self.tick = self.tick.wrapping_add(1);
        if self.tick % handle.config.global_queue_interval == 0 {
            handle.pop_inject().or_else(|| self.tasks.pop_front())
        } else {
            self.tasks.pop_front().or_else(|| handle.pop_inject())
        }
    }
}

impl Handle {
    #[inline]
    pub(crate) fn spawn<F>(me: &Arc<Handle>, future: F, meta: SpawnMeta) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let (join, notified) = me.shared.owned.bind(future, me.clone(), meta);
        if let Some(notified) = notified {
            me.schedule(notified);
        }
        join
    }

    fn pop_inject(&self) -> Option<Notified<Arc<Handle>>> {
        if self.shared.inject_len.load(Ordering::Acquire) == 0 {
            return None;
        }
        let mut inject = lock(&self.shared.inject);
        let task = inject.queue.pop_front();
        self.shared
            .inject_len
            .store(inject.queue.len(), Ordering::Release);
        task
    }

    pub(crate) fn for_each_task(&self, f: impl FnMut(&crate::task::Header)) {
        self.shared.owned.for_each(f);
    }

    pub(crate) fn num_alive_tasks(&self) -> usize {
        self.shared.owned.len()
    }

    pub(crate) fn injection_queue_depth(&self) -> usize {
        self.shared.inject_len.load(Ordering::Acquire)
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
        let task = context::with_scheduler(|cx| {
            if let Some(super::Context::CurrentThread(cx)) = cx {
                if Arc::ptr_eq(&cx.handle, self) {
                    if let Ok(mut core) = cx.core.try_borrow_mut() {
                        if let Some(core) = core.as_mut() {
                            core.tasks.push_back(task);
                            return None;
                        }
                    }
                }
            }
            Some(task)
        });
        let Some(task) = task else { return };
        let mut inject = lock(&self.shared.inject);
        if inject.closed {
            // Shutting down: the task was (or will be) cancelled through the
            // owner list; this reference just goes away.
            drop(inject);
            drop(task);
            return;
        }
        inject.queue.push_back(task);
        self.shared
            .inject_len
            .store(inject.queue.len(), Ordering::Release);
        drop(inject);
        self.driver.unpark();
    }
}
