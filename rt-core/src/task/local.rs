//! `LocalSet`: a set of `!Send` tasks that all run on the thread that
//! drives the set.
//!
//! # Protocol
//!
//! 1. Local tasks are bound to the set's owner list with `bind_local`: their
//!    `Notified`s are only ever run by the set's owner thread, inside
//!    [`LocalSet::run_until`], `block_on` or the set's own `Future` poll, and
//!    the list is only shut down by the set's `Drop` on that thread.
//! 2. A wake on the owner thread while the set is being polled (`CURRENT`
//!    points at this set's context) pushes to the local queue, which the
//!    running tick will drain. Any other wake (another thread, or this
//!    thread outside the set's poll) pushes to the shared remote queue and
//!    wakes the future driving the set.
//! 3. Dropping the set closes the remote queue (later wakes drop their
//!    `Notified`), cancels every task on the owner thread (futures are
//!    dropped there), and drops the queued `Notified`s.
//! 4. Outputs are taken by the `JoinHandle` or dropped by the harness on
//!    completion, on the owner thread; a task that is deallocated on another
//!    thread (its last waker dropped there) holds no future and no output
//!    by then (task rules 1 and 5).

use super::list::OwnedTasks;
use super::{JoinHandle, Notified, Schedule, SpawnMeta, Task};
use crate::loom::lock;
use crate::loom::sync::Mutex;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll, Waker};

/// Tasks run per poll of the set before it yields to the runtime.
const MAX_TASKS_PER_TICK: usize = 61;
/// Every this many ticks, the remote queue is checked first.
const REMOTE_FIRST_INTERVAL: u32 = 31;

/// A set of tasks that run on the current thread, so they need not be
/// `Send`.
///
/// Spawn with [`LocalSet::spawn_local`] or, while the set is running,
/// [`spawn_local`]; drive the set with [`run_until`](LocalSet::run_until),
/// [`block_on`](LocalSet::block_on), or by awaiting it (which completes once
/// every task in it has). Dropping the set cancels its remaining tasks on
/// the dropping thread.
///
/// ```
/// use std::rc::Rc;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// let local = rt_core::task::LocalSet::new();
/// let out = local.block_on(&rt, async {
///     let shared = Rc::new(5); // not Send
///     let s = shared.clone();
///     let h = rt_core::task::spawn_local(async move { *s * 2 });
///     h.await.unwrap() + *shared
/// });
/// assert_eq!(out, 15);
/// ```
pub struct LocalSet {
    tick: Cell<u32>,
    context: Rc<LocalContext>,
    _not_send: PhantomData<*const ()>,
}

struct LocalContext {
    shared: Arc<Shared>,
    /// Owner-thread queue (protocol rule 2).
    local_queue: RefCell<VecDeque<Notified<Arc<Shared>>>>,
}

struct Shared {
    owned: OwnedTasks<Arc<Shared>>,
    /// Wakes from elsewhere; `None` once the set is dropped.
    remote_queue: Mutex<Option<VecDeque<Notified<Arc<Shared>>>>>,
    /// The future driving the set.
    waker: Mutex<Option<Waker>>,
}

thread_local! {
    static CURRENT: Cell<*const LocalContext> = const { Cell::new(std::ptr::null()) };
}

/// Runs `f` with `cx` as the current local set.
fn with_context<R>(cx: &LocalContext, f: impl FnOnce() -> R) -> R {
    struct Reset(*const LocalContext);
    impl Drop for Reset {
        fn drop(&mut self) {
            let prev = self.0;
            let _ = CURRENT.try_with(|c| c.set(prev));
        }
    }
    let prev = CURRENT.with(|c| c.replace(cx as *const _));
    let _reset = Reset(prev);
    f()
}

/// Runs `f` with the current local set, if any.
fn current<R>(f: impl FnOnce(Option<&LocalContext>) -> R) -> R {
    let ptr = CURRENT.try_with(Cell::get).unwrap_or(std::ptr::null());
    // SAFETY: CURRENT is only set by `with_context` from a reference that
    // outlives the closure, and reset by a guard (also on unwind) before
    // that scope ends; it is only read on the thread that set it.
    f(unsafe { ptr.as_ref() })
}

/// Spawns a `!Send` future on the current [`LocalSet`].
///
/// # Panics
///
/// Panics outside a `LocalSet`'s `run_until`/`block_on`/poll: use
/// [`LocalSet::spawn_local`] to spawn onto a set from outside.
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// let local = rt_core::task::LocalSet::new();
/// local.block_on(&rt, async {
///     let cell = std::rc::Rc::new(std::cell::Cell::new(1));
///     let c = cell.clone();
///     rt_core::task::spawn_local(async move { c.set(2) }).await.unwrap();
///     assert_eq!(cell.get(), 2);
/// });
/// ```
#[track_caller]
pub fn spawn_local<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    spawn_local_with_meta(future, SpawnMeta::new(std::panic::Location::caller()))
}

#[track_caller]
pub(crate) fn spawn_local_with_meta<F>(future: F, meta: SpawnMeta) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    current(|cx| match cx {
        Some(cx) => cx.spawn(future, meta),
        None => panic!(
            "`spawn_local` called from outside of a `task::LocalSet`: call it from a task running \
             in a LocalSet (inside `LocalSet::run_until` or `LocalSet::block_on`), or use \
             `LocalSet::spawn_local` to spawn onto a set from outside"
        ),
    })
}

impl LocalContext {
    fn spawn<F>(&self, future: F, meta: SpawnMeta) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        if std::mem::size_of::<F>() > super::BOX_FUTURE_THRESHOLD {
            self.bind_and_schedule(Box::pin(future), meta)
        } else {
            self.bind_and_schedule(future, meta)
        }
    }

    fn bind_and_schedule<F>(&self, future: F, meta: SpawnMeta) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        // SAFETY: protocol rule 1: this set's Notifieds are only run, and
        // its list only shut down, on the owner thread, which is this one.
        let (join, notified) = unsafe {
            self.shared
                .owned
                .bind_local(future, self.shared.clone(), meta)
        };
        if let Some(notified) = notified {
            self.shared.schedule(notified);
        }
        join
    }

    fn next_task(&self, tick: u32) -> Option<Notified<Arc<Shared>>> {
        if tick % REMOTE_FIRST_INTERVAL == 0 {
            self.pop_remote()
                .or_else(|| self.local_queue.borrow_mut().pop_front())
        } else {
            let local = self.local_queue.borrow_mut().pop_front();
            local.or_else(|| self.pop_remote())
        }
    }

    fn pop_remote(&self) -> Option<Notified<Arc<Shared>>> {
        lock(&self.shared.remote_queue)
            .as_mut()
            .and_then(VecDeque::pop_front)
    }
}

impl LocalSet {
    /// An empty set.
    ///
    /// ```
    /// use std::rc::Rc;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let local = rt_core::task::LocalSet::new();
    /// let shared = Rc::new(std::cell::Cell::new(0));
    /// let s = shared.clone();
    /// let task = local.spawn_local(async move { s.set(s.get() + 1) });
    /// local.block_on(&rt, async { task.await.unwrap() });
    /// assert_eq!(shared.get(), 1);
    /// ```
    pub fn new() -> LocalSet {
        LocalSet {
            tick: Cell::new(0),
            context: Rc::new(LocalContext {
                shared: Arc::new(Shared {
                    owned: OwnedTasks::new(),
                    remote_queue: Mutex::new(Some(VecDeque::new())),
                    waker: Mutex::new(None),
                }),
                local_queue: RefCell::new(VecDeque::new()),
            }),
            _not_send: PhantomData,
        }
    }

    /// Spawns a `!Send` future onto this set. It runs when the set is
    /// driven (`run_until`, `block_on`, or awaiting the set).
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let local = rt_core::task::LocalSet::new();
    /// let h = local.spawn_local(async { std::rc::Rc::new(3) });
    /// let v = local.block_on(&rt, async { h.await.unwrap() });
    /// assert_eq!(*v, 3);
    /// ```
    #[track_caller]
    pub fn spawn_local<F>(&self, future: F) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        self.context
            .spawn(future, SpawnMeta::new(std::panic::Location::caller()))
    }

    pub(crate) fn spawn_local_with_meta<F>(
        &self,
        future: F,
        meta: SpawnMeta,
    ) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        self.context.spawn(future, meta)
    }

    /// Runs `future` to completion on `rt`, driving this set's tasks
    /// meanwhile: `rt.block_on(self.run_until(future))`.
    ///
    /// # Panics
    ///
    /// Panics when called inside an async context, like `Runtime::block_on`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::rc::Rc;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let local = rt_core::task::LocalSet::new();
    /// let total = local.block_on(&rt, async {
    ///     let a = rt_core::task::spawn_local(async { Rc::new(2) });
    ///     let b = rt_core::task::spawn_local(async { Rc::new(3) });
    ///     *a.await.unwrap() + *b.await.unwrap()
    /// });
    /// assert_eq!(total, 5);
    /// ```
    #[track_caller]
    pub fn block_on<F: Future>(&self, rt: &crate::runtime::Runtime, future: F) -> F::Output {
        rt.block_on(self.run_until(future))
    }

    /// Runs `future` to completion, driving this set's tasks meanwhile.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: dropping the returned future leaves the set and its
    /// tasks intact; they run again the next time the set is driven.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let local = rt_core::task::LocalSet::new();
    /// rt.block_on(local.run_until(async {
    ///     rt_core::task::spawn_local(async { /* !Send work */ }).await.unwrap();
    /// }));
    /// ```
    pub async fn run_until<F: Future>(&self, future: F) -> F::Output {
        RunUntil { set: self, future }.await
    }

    /// Enters the set's context so that [`spawn_local`] works until the
    /// guard drops (the tasks still only run when the set is driven).
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let local = rt_core::task::LocalSet::new();
    /// let task = {
    ///     let _guard = local.enter();
    ///     // `spawn_local` finds the set, outside `run_until`.
    ///     rt_core::task::spawn_local(async { std::rc::Rc::new("local") })
    /// };
    /// let value = local.block_on(&rt, async { task.await.unwrap() });
    /// assert_eq!(*value, "local");
    /// ```
    pub fn enter(&self) -> LocalEnterGuard<'_> {
        let prev = CURRENT.with(|c| c.replace(Rc::as_ptr(&self.context)));
        LocalEnterGuard {
            prev,
            _set: PhantomData,
        }
    }

    /// Runs up to `MAX_TASKS_PER_TICK` tasks; returns `true` if it stopped
    /// because of that bound (more may be ready).
    fn tick(&self) -> bool {
        super::coarse_clock::refresh();
        for _ in 0..MAX_TASKS_PER_TICK {
            let tick = self.tick.get().wrapping_add(1);
            self.tick.set(tick);
            match self.context.next_task(tick) {
                Some(task) => task.run(),
                None => return false,
            }
        }
        true
    }

    fn register_waker(&self, waker: &Waker) {
        let mut slot = lock(&self.context.shared.waker);
        match slot.as_ref() {
            Some(w) if w.will_wake(waker) => {}
            _ => *slot = Some(waker.clone()),
        }
    }
}

impl Default for LocalSet {
    fn default() -> LocalSet {
        LocalSet::new()
    }
}

impl fmt::Debug for LocalSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalSet")
            .field("tasks", &self.context.shared.owned.len())
            .finish()
    }
}

/// Awaiting a `LocalSet` drives it until every task in it has completed.
impl Future for LocalSet {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<()> {
        self.register_waker(cx.waker());
        let more = with_context(&self.context, || self.tick());
        if more {
            cx.waker().wake_by_ref();
            Poll::Pending
        } else if self.context.shared.owned.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

impl Drop for LocalSet {
    fn drop(&mut self) {
        // Protocol rule 3, on the owner thread with the set entered (so
        // dropped futures may spawn_local: those are cancelled at once).
        with_context(&self.context, || {
            let shared = &self.context.shared;
            let remote = lock(&shared.remote_queue).take();
            drop(remote);
            shared.owned.close_and_shutdown_all();
            loop {
                let task = self.context.local_queue.borrow_mut().pop_front();
                match task {
                    Some(task) => drop(task),
                    None => break,
                }
            }
        });
    }
}

/// Returned by [`LocalSet::enter`].
///
/// ```
/// let local = rt_core::task::LocalSet::new();
/// let guard = local.enter();
/// let _task = rt_core::task::spawn_local(async {}); // works while `guard` lives
/// drop(guard);
/// // Without it (and outside `run_until`), `spawn_local` would panic.
/// ```
#[must_use = "the set is only entered while the guard lives"]
pub struct LocalEnterGuard<'a> {
    prev: *const LocalContext,
    _set: PhantomData<&'a LocalSet>,
}

impl Drop for LocalEnterGuard<'_> {
    fn drop(&mut self) {
        let prev = self.prev;
        let _ = CURRENT.try_with(|c| c.set(prev));
    }
}

impl fmt::Debug for LocalEnterGuard<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalEnterGuard").finish_non_exhaustive()
    }
}

struct RunUntil<'a, F> {
    set: &'a LocalSet,
    future: F,
}

impl<F: Future> Future for RunUntil<'_, F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<F::Output> {
        // SAFETY: structural pinning of `future`: it is never moved out of
        // the pinned RunUntil, which has no Drop or Unpin impl of its own.
        let me = unsafe { self.get_unchecked_mut() };
        // SAFETY: see above.
        let future = unsafe { Pin::new_unchecked(&mut me.future) };
        let set = me.set;
        set.register_waker(cx.waker());
        with_context(&set.context, || {
            if let Poll::Ready(v) = crate::coop::budget(|| future.poll(cx)) {
                return Poll::Ready(v);
            }
            if set.tick() {
                // More tasks are ready: come back after other work.
                cx.waker().wake_by_ref();
            }
            Poll::Pending
        })
    }
}

impl Schedule for Arc<Shared> {
    fn release(&self, task: &Task<Self>) -> Option<Task<Self>> {
        self.owned.remove(task)
    }

    fn schedule(&self, task: Notified<Self>) {
        // Protocol rule 2.
        let task = current(|cx| match cx {
            Some(cx) if Arc::ptr_eq(&cx.shared, self) => match cx.local_queue.try_borrow_mut() {
                Ok(mut q) => {
                    q.push_back(task);
                    None
                }
                Err(_) => Some(task),
            },
            _ => Some(task),
        });
        let Some(task) = task else { return };
        let mut remote = lock(&self.remote_queue);
        match remote.as_mut() {
            Some(q) => {
                q.push_back(task);
                drop(remote);
                let waker = lock(&self.waker).clone();
                if let Some(w) = waker {
                    w.wake();
                }
            }
            None => {
                // The set was dropped: the task is cancelled already.
                drop(remote);
                drop(task);
            }
        }
    }
}
