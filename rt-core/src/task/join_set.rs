//! [`JoinSet`]: a collection of spawned tasks, joined in completion order.
//!
//! # Design
//!
//! The set is built on the public [`JoinHandle`] API only. Each task has a
//! slot in a slab (`entries`, with a free list) holding its `JoinHandle`
//! and an *entry waker*: an `Arc<EntryWaker>` that knows the slot's index.
//! The set polls a `JoinHandle` only with that handle's own entry waker, so
//! when the task completes the runtime wakes the entry waker, which pushes
//! the index onto the shared *ready list* and wakes the task waiting in
//! [`JoinSet::join_next`] (the waker stored in `Synced`).
//!
//! `join_next` pops indices from the ready list and polls only those
//! handles, so a call costs O(ready), not O(len). Readiness may be spurious
//! (a slot whose handle is still pending, or an index whose task already
//! left the set and whose slot was reused); polling such a handle just
//! re-registers its entry waker.
//!
//! The rules:
//!
//! 1. **Ready list.** A new entry is pushed at spawn, so that its first
//!    poll registers its entry waker. After that an index is pushed only by
//!    its entry waker, and the runtime wakes a join waker once, at
//!    completion: the list holds at most two stale or spurious indices per
//!    task that ever joined the set, and draining it always terminates.
//! 2. **Queued flag.** `EntryWaker::queued` is read and written only while
//!    holding `Shared::synced`'s lock. It is set when the index is pushed,
//!    and cleared, under the same lock, when the set pops the index, before
//!    polling the handle. So a completion either finds the flag clear and
//!    pushes the index again, or finds it set: then its lock release
//!    happens before the set's pop, and the poll that follows sees the task
//!    complete. No completion is lost, and an index is queued at most once
//!    per entry waker at a time.
//! 3. **Waiter.** `Synced::waker` is registered under the lock after the
//!    set found the ready list empty, and taken by the next push: a wake
//!    between the check and the registration is impossible.
//! 4. **Budget.** Handles are polled with an unconstrained cooperative
//!    budget (their own `poll_proceed` charge is skipped); the set charges
//!    one unit per `poll_join_next` that returns `Ready`.

use super::{AbortHandle, Id, JoinError, JoinHandle};
use crate::coop;
use crate::loom::lock;
use crate::loom::sync::atomic::{AtomicBool, Ordering};
use crate::loom::sync::Mutex;
use crate::runtime::Handle;
use std::collections::VecDeque;
use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll, Wake, Waker};

/// A collection of tasks spawned on a runtime, awaited in the order they
/// complete.
///
/// All tasks must have the same output type `T`. Tasks are spawned with
/// [`spawn`](JoinSet::spawn) (or collected from an iterator of futures) and
/// joined with [`join_next`](JoinSet::join_next), which returns the output
/// of whichever task finishes next, or `None` once the set is empty.
///
/// When the `JoinSet` is dropped, all tasks still in it are immediately
/// aborted. Use [`detach_all`](JoinSet::detach_all) to let them run on.
///
/// # Examples
///
/// ```
/// use rt_core::task::JoinSet;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut set = JoinSet::new();
///     for i in 0..10 {
///         set.spawn(async move { i });
///     }
///
///     let mut seen = [false; 10];
///     while let Some(res) = set.join_next().await {
///         seen[res.unwrap()] = true;
///     }
///     assert!(seen.iter().all(|&s| s));
/// });
/// ```
pub struct JoinSet<T> {
    /// The slab: `None` marks a free slot (listed in `free`).
    entries: Vec<Option<Entry<T>>>,
    free: Vec<usize>,
    len: usize,
    shared: Arc<Shared>,
}

struct Entry<T> {
    handle: JoinHandle<T>,
    /// `Waker::from(notify.clone())`, kept so that polling does not clone
    /// the `Arc` each time.
    waker: Waker,
    notify: Arc<EntryWaker>,
}

/// Shared between the set and the entry wakers (which the runtime may wake
/// from any thread).
struct Shared {
    synced: Mutex<Synced>,
}

/// The state behind `Shared`'s lock.
struct Synced {
    /// Indices of entries that may be ready (rule 1).
    ready: VecDeque<usize>,
    /// The waker of the task waiting in `poll_join_next` (rule 3).
    waker: Option<Waker>,
}

/// The waker the set registers with one task's `JoinHandle`.
struct EntryWaker {
    shared: Arc<Shared>,
    index: usize,
    /// The index is in the ready list (rule 2: only under the lock).
    queued: AtomicBool,
}

impl Wake for EntryWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        let waiter = {
            let mut synced = lock(&self.shared.synced);
            // Rule 2: the flag is only touched under the lock.
            if self.queued.load(Ordering::Relaxed) {
                return;
            }
            self.queued.store(true, Ordering::Relaxed);
            synced.ready.push_back(self.index);
            synced.waker.take()
        };
        // Wake outside the lock: the waiter may run its poll right here.
        if let Some(waiter) = waiter {
            waiter.wake();
        }
    }
}

impl<T> JoinSet<T> {
    /// Creates an empty `JoinSet`.
    ///
    /// ```
    /// let set: rt_core::task::JoinSet<()> = rt_core::task::JoinSet::new();
    /// assert!(set.is_empty());
    /// ```
    pub fn new() -> JoinSet<T> {
        JoinSet {
            entries: Vec::new(),
            free: Vec::new(),
            len: 0,
            shared: Arc::new(Shared {
                synced: Mutex::new(Synced {
                    ready: VecDeque::new(),
                    waker: None,
                }),
            }),
        }
    }

    /// Returns the number of tasks in the set, including those that have
    /// completed but have not been joined yet.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut set = rt_core::task::JoinSet::new();
    ///     set.spawn(async {});
    ///     set.spawn(async {});
    ///     assert_eq!(set.len(), 2);
    ///     set.join_next().await;
    ///     assert_eq!(set.len(), 1);
    /// });
    /// ```
    pub fn len(&self) -> usize {
        self.len
    }

    /// Returns `true` if the set holds no tasks.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut set = rt_core::task::JoinSet::new();
    ///     assert!(set.is_empty());
    ///     set.spawn(async {});
    ///     assert!(!set.is_empty());
    /// });
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Aborts all tasks in the set.
    ///
    /// The tasks stay in the set: joining them afterwards gives a
    /// [`JoinError`] for which [`is_cancelled`](JoinError::is_cancelled) is
    /// true, or their output if they completed before the abort took effect.
    /// Use [`shutdown`](JoinSet::shutdown) to abort and remove them.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut set = rt_core::task::JoinSet::new();
    ///     set.spawn(std::future::pending::<()>());
    ///     set.abort_all();
    ///     assert!(set.join_next().await.unwrap().unwrap_err().is_cancelled());
    /// });
    /// ```
    pub fn abort_all(&mut self) {
        for entry in self.entries.iter().flatten() {
            entry.handle.abort();
        }
    }

    /// Removes all tasks from the set without aborting them: they keep
    /// running in the background, and their outputs are dropped when they
    /// complete.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let (tx, rx) = std::sync::mpsc::channel();
    ///     let mut set = rt_core::task::JoinSet::new();
    ///     set.spawn(async move { tx.send("still ran").unwrap() });
    ///     set.detach_all();
    ///     assert!(set.is_empty());
    ///     drop(set); // does not abort the detached task
    ///     while let Err(_) = rx.try_recv() {
    ///         rt_core::task::yield_now().await;
    ///     }
    /// });
    /// ```
    pub fn detach_all(&mut self) {
        // Dropping a JoinHandle detaches its task.
        self.entries.clear();
        self.free.clear();
        self.len = 0;
        // The queued indices name slots that no longer exist.
        lock(&self.shared.synced).ready.clear();
    }

    /// Adds a freshly spawned task's handle and queues it for its first
    /// poll (rule 1).
    fn insert(&mut self, handle: JoinHandle<T>) -> AbortHandle {
        let abort = handle.abort_handle();
        let index = self.free.pop().unwrap_or(self.entries.len());
        let notify = Arc::new(EntryWaker {
            shared: self.shared.clone(),
            index,
            queued: AtomicBool::new(true),
        });
        let entry = Entry {
            handle,
            waker: Waker::from(notify.clone()),
            notify,
        };
        if index == self.entries.len() {
            self.entries.push(Some(entry));
        } else {
            self.entries[index] = Some(entry);
        }
        self.len += 1;
        // The waiter (if any) cannot be in `poll_join_next` now: we hold
        // `&mut self`. It will see the entry on its next poll.
        lock(&self.shared.synced).ready.push_back(index);
        abort
    }

    /// Removes the entry at `index`, which must be occupied.
    fn remove(&mut self, index: usize) -> Entry<T> {
        let entry = self.entries[index]
            .take()
            .expect("JoinSet: removing a free slot");
        self.len -= 1;
        if self.len == 0 {
            // Reset the slab so that a long-lived set does not keep a long
            // free list. Every queued index is stale now; drop them (later
            // stale pushes are skipped as free slots).
            self.entries.clear();
            self.free.clear();
            lock(&self.shared.synced).ready.clear();
        } else {
            self.free.push(index);
        }
        entry
    }

    /// Pops ready entries and polls them until one has completed, which is
    /// removed and returned. Returns `None` once the ready list is empty,
    /// after registering `waiter` (if given) to be woken by the next push.
    fn poll_ready(&mut self, waiter: Option<&Waker>) -> Option<Result<(Id, T), JoinError>> {
        loop {
            let index = {
                let mut synced = lock(&self.shared.synced);
                match synced.ready.pop_front() {
                    Some(index) => {
                        if let Some(Some(entry)) = self.entries.get(index) {
                            // Rule 2: cleared under the lock, before the poll.
                            entry.notify.queued.store(false, Ordering::Relaxed);
                        }
                        index
                    }
                    None => {
                        if let Some(waiter) = waiter {
                            match &synced.waker {
                                Some(w) if w.will_wake(waiter) => {}
                                _ => synced.waker = Some(waiter.clone()),
                            }
                        }
                        return None;
                    }
                }
            };
            // A free slot: the index is stale (rule 1).
            let Some(Some(entry)) = self.entries.get_mut(index) else {
                continue;
            };
            let mut cx = Context::from_waker(&entry.waker);
            let handle = Pin::new(&mut entry.handle);
            // Rule 4: the set charges the budget, not each handle.
            let poll = coop::with_budget(coop::Budget::unconstrained(), || handle.poll(&mut cx));
            if let Poll::Ready(res) = poll {
                let entry = self.remove(index);
                let id = entry.handle.id();
                return Some(res.map(|output| (id, output)));
            }
            // Spurious readiness: the poll re-registered the entry waker.
        }
    }
}

impl<T: 'static> JoinSet<T> {
    /// Spawns `task` on the current runtime and adds it to the set,
    /// returning an [`AbortHandle`] for it.
    ///
    /// The task starts running in the background at once, whether or not
    /// the set is joined.
    ///
    /// # Panics
    ///
    /// Panics when called outside a runtime (see
    /// [`spawn`](crate::task::spawn)); use [`spawn_on`](JoinSet::spawn_on)
    /// with a [`Handle`] to spawn from anywhere.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut set = rt_core::task::JoinSet::new();
    ///     let abort = set.spawn(std::future::pending::<u32>());
    ///     set.spawn(async { 7 });
    ///     abort.abort();
    ///     let mut outputs = Vec::new();
    ///     while let Some(res) = set.join_next().await {
    ///         outputs.push(res.ok());
    ///     }
    ///     outputs.sort();
    ///     assert_eq!(outputs, [None, Some(7)]);
    /// });
    /// ```
    #[track_caller]
    pub fn spawn<F>(&mut self, task: F) -> AbortHandle
    where
        F: Future<Output = T> + Send + 'static,
        T: Send,
    {
        let handle = current_handle("JoinSet::spawn");
        self.insert(handle.spawn(task))
    }

    /// Spawns `task` on the runtime of `handle` and adds it to the set,
    /// returning an [`AbortHandle`] for it.
    ///
    /// May be called from any thread.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let mut set = rt_core::task::JoinSet::new();
    /// // Outside the runtime: spawn through its handle.
    /// set.spawn_on(async { "on the handle's runtime" }, rt.handle());
    /// let out = rt.block_on(set.join_next()).unwrap().unwrap();
    /// assert_eq!(out, "on the handle's runtime");
    /// ```
    #[track_caller]
    pub fn spawn_on<F>(&mut self, task: F, handle: &Handle) -> AbortHandle
    where
        F: Future<Output = T> + Send + 'static,
        T: Send,
    {
        self.insert(handle.spawn(task))
    }

    /// Runs the blocking function `f` on the current runtime's blocking
    /// pool (see [`spawn_blocking`](crate::task::spawn_blocking)) and adds it
    /// to the set, returning an [`AbortHandle`] for it.
    ///
    /// Aborting a blocking task that has started has no effect.
    ///
    /// # Panics
    ///
    /// Panics when called outside a runtime; use
    /// [`spawn_blocking_on`](JoinSet::spawn_blocking_on) with a [`Handle`]
    /// to spawn from anywhere.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut set = rt_core::task::JoinSet::new();
    ///     for n in 1..=3u64 {
    ///         set.spawn_blocking(move || n * 10);
    ///     }
    ///     let mut sum = 0;
    ///     while let Some(res) = set.join_next().await {
    ///         sum += res.unwrap();
    ///     }
    ///     assert_eq!(sum, 60);
    /// });
    /// ```
    #[track_caller]
    pub fn spawn_blocking<F>(&mut self, f: F) -> AbortHandle
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send,
    {
        let handle = current_handle("JoinSet::spawn_blocking");
        self.insert(handle.spawn_blocking(f))
    }

    /// Runs the blocking function `f` on the blocking pool of `handle`'s
    /// runtime and adds it to the set, returning an [`AbortHandle`] for it.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let mut set = rt_core::task::JoinSet::new();
    /// set.spawn_blocking_on(|| 2 + 2, rt.handle());
    /// assert_eq!(rt.block_on(set.join_next()).unwrap().unwrap(), 4);
    /// ```
    #[track_caller]
    pub fn spawn_blocking_on<F>(&mut self, f: F, handle: &Handle) -> AbortHandle
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send,
    {
        self.insert(handle.spawn_blocking(f))
    }

    /// Waits until one of the tasks in the set completes and returns its
    /// output.
    ///
    /// Returns `None` if the set is empty. Tasks are returned in the order
    /// they complete, not the order they were spawned.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: if `join_next` is used as the event in a `select!` and
    /// another branch completes first, no task output is lost; the task
    /// stays in the set and a later call returns it.
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut set = rt_core::task::JoinSet::new();
    ///     set.spawn(async { 1 });
    ///     assert_eq!(set.join_next().await.unwrap().unwrap(), 1);
    ///     assert!(set.join_next().await.is_none());
    /// });
    /// ```
    pub async fn join_next(&mut self) -> Option<Result<T, JoinError>> {
        poll_fn(|cx| self.poll_join_next(cx)).await
    }

    /// Waits until one of the tasks in the set completes and returns its
    /// [`Id`] along with its output.
    ///
    /// Returns `None` if the set is empty. On error the id is in the
    /// [`JoinError`] ([`JoinError::id`]).
    ///
    /// # Cancel safety
    ///
    /// Cancel safe, like [`join_next`](JoinSet::join_next).
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut set = rt_core::task::JoinSet::new();
    ///     let id = set.spawn(async { "done" }).id();
    ///     let (joined, out) = set.join_next_with_id().await.unwrap().unwrap();
    ///     assert_eq!((joined, out), (id, "done"));
    /// });
    /// ```
    pub async fn join_next_with_id(&mut self) -> Option<Result<(Id, T), JoinError>> {
        poll_fn(|cx| self.poll_join_next_with_id(cx)).await
    }

    /// Returns the output of a task in the set that has already completed,
    /// without waiting.
    ///
    /// Returns `None` if no task in the set is known to have completed, or
    /// if the set is empty.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut set = rt_core::task::JoinSet::new();
    ///     set.spawn(async { 3 });
    ///     // Let the task run, then reap it without waiting.
    ///     let out = loop {
    ///         match set.try_join_next() {
    ///             Some(res) => break res.unwrap(),
    ///             None => rt_core::task::yield_now().await,
    ///         }
    ///     };
    ///     assert_eq!(out, 3);
    ///     assert!(set.try_join_next().is_none());
    /// });
    /// ```
    pub fn try_join_next(&mut self) -> Option<Result<T, JoinError>> {
        self.try_join_next_with_id()
            .map(|res| res.map(|(_, output)| output))
    }

    /// Returns the [`Id`] and output of a task in the set that has already
    /// completed, without waiting; see
    /// [`try_join_next`](JoinSet::try_join_next).
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut set = rt_core::task::JoinSet::new();
    ///     let id = set.spawn(async {}).id();
    ///     let joined = loop {
    ///         match set.try_join_next_with_id() {
    ///             Some(res) => break res.unwrap().0,
    ///             None => rt_core::task::yield_now().await,
    ///         }
    ///     };
    ///     assert_eq!(joined, id);
    /// });
    /// ```
    pub fn try_join_next_with_id(&mut self) -> Option<Result<(Id, T), JoinError>> {
        if self.len == 0 {
            return None;
        }
        self.poll_ready(None)
    }

    /// Polls for one of the tasks in the set to complete.
    ///
    /// Returns:
    ///
    /// * `Poll::Pending` if the set is not empty but no task has completed
    ///   yet (or the task's cooperative budget is spent). The waker of `cx`
    ///   is woken when a task completes; only the waker of the latest call
    ///   is kept.
    /// * `Poll::Ready(Some(Ok(value)))` or `Poll::Ready(Some(Err(err)))`
    ///   when a task completed, panicked or was cancelled; it is removed from
    ///   the set.
    /// * `Poll::Ready(None)` if the set is empty.
    ///
    /// This is the building block of [`join_next`](JoinSet::join_next), for
    /// hand-written futures and `Stream` adapters.
    ///
    /// ```
    /// use std::future::poll_fn;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut set = rt_core::task::JoinSet::new();
    ///     set.spawn(async { 'x' });
    ///     let out = poll_fn(|cx| set.poll_join_next(cx)).await;
    ///     assert_eq!(out.unwrap().unwrap(), 'x');
    /// });
    /// ```
    pub fn poll_join_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, JoinError>>> {
        self.poll_join_next_with_id(cx)
            .map(|res| res.map(|res| res.map(|(_, output)| output)))
    }

    /// Polls for one of the tasks in the set to complete, returning its
    /// [`Id`] along with its output; see
    /// [`poll_join_next`](JoinSet::poll_join_next).
    ///
    /// ```
    /// use std::future::poll_fn;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut set = rt_core::task::JoinSet::new();
    ///     let id = set.spawn(async {}).id();
    ///     let (joined, ()) = poll_fn(|cx| set.poll_join_next_with_id(cx))
    ///         .await
    ///         .unwrap()
    ///         .unwrap();
    ///     assert_eq!(joined, id);
    /// });
    /// ```
    pub fn poll_join_next_with_id(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<(Id, T), JoinError>>> {
        // Rule 4: one unit per `Ready`, `None` included, so that a loop
        // over an empty set still yields to the scheduler.
        let coop = ready!(coop::poll_proceed(cx));
        if self.len == 0 {
            coop.made_progress();
            return Poll::Ready(None);
        }
        match self.poll_ready(Some(cx.waker())) {
            Some(res) => {
                coop.made_progress();
                Poll::Ready(Some(res))
            }
            // The unit is refunded when `coop` drops.
            None => Poll::Pending,
        }
    }

    /// Aborts all tasks and waits for them to terminate, emptying the set.
    ///
    /// Tasks that were blocking (see
    /// [`spawn_blocking`](JoinSet::spawn_blocking)) and had already started
    /// are waited for until they finish.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe in the sense that the set stays consistent: if the
    /// `shutdown` future is dropped early, the tasks not yet reaped stay in
    /// the set, aborted, and a later `join_next` or `shutdown` reaps them.
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut set = rt_core::task::JoinSet::new();
    ///     for _ in 0..5 {
    ///         set.spawn(std::future::pending::<()>());
    ///     }
    ///     set.shutdown().await;
    ///     assert!(set.is_empty());
    /// });
    /// ```
    pub async fn shutdown(&mut self) {
        self.abort_all();
        while self.join_next().await.is_some() {}
    }

    /// Waits for all tasks in the set to complete and returns their outputs,
    /// in the order they completed (not the order they were spawned).
    ///
    /// # Panics
    ///
    /// If a task panicked, its panic is resumed here (with the same
    /// payload); if a task was cancelled, this panics with the
    /// [`JoinError`]'s message. Either way the remaining tasks are aborted,
    /// because the set is dropped while unwinding. To handle errors any other
    /// way, call [`join_next`](JoinSet::join_next) in a loop.
    ///
    /// # Cancel safety
    ///
    /// Not cancel safe: the set is moved into the future, so dropping the
    /// future early aborts the remaining tasks and loses the outputs
    /// collected so far.
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let set: rt_core::task::JoinSet<u32> = (1..=4).map(|i| async move { i * i }).collect();
    ///     let mut outputs = set.join_all().await;
    ///     outputs.sort();
    ///     assert_eq!(outputs, [1, 4, 9, 16]);
    /// });
    /// ```
    pub async fn join_all(mut self) -> Vec<T> {
        let mut outputs = Vec::with_capacity(self.len);
        while let Some(res) = self.join_next().await {
            match res {
                Ok(output) => outputs.push(output),
                Err(err) => match err.try_into_panic() {
                    Ok(payload) => std::panic::resume_unwind(payload),
                    Err(err) => panic!("`JoinSet::join_all`: {err}"),
                },
            }
        }
        outputs
    }
}

/// The current runtime's handle, or a panic naming `what`.
#[track_caller]
fn current_handle(what: &str) -> Handle {
    match Handle::try_current() {
        Ok(handle) => handle,
        Err(err) => panic!(
            "`{what}` must be called from within a runtime: {err}. Use the `_on` variant with a \
             runtime `Handle` to spawn from anywhere."
        ),
    }
}

impl<T> Drop for JoinSet<T> {
    /// Aborts every task still in the set.
    fn drop(&mut self) {
        self.abort_all();
        // The JoinHandles drop with `entries`.
    }
}

impl<T> Default for JoinSet<T> {
    fn default() -> JoinSet<T> {
        JoinSet::new()
    }
}

impl<T> fmt::Debug for JoinSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JoinSet").field("len", &self.len).finish()
    }
}

/// Collects futures into a `JoinSet`, spawning each on the current runtime.
///
/// # Panics
///
/// Panics when called outside a runtime, like [`JoinSet::spawn`].
///
/// ```
/// use rt_core::task::JoinSet;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let set: JoinSet<usize> = ["a", "bb", "ccc"]
///         .into_iter()
///         .map(|s| async move { s.len() })
///         .collect();
///     assert_eq!(set.len(), 3);
///     assert_eq!(set.join_all().await.into_iter().sum::<usize>(), 6);
/// });
/// ```
impl<T, F> FromIterator<F> for JoinSet<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    #[track_caller]
    fn from_iter<I: IntoIterator<Item = F>>(iter: I) -> JoinSet<T> {
        let mut set = JoinSet::new();
        set.extend(iter);
        set
    }
}

/// Spawns each future on the current runtime and adds it to the set.
///
/// # Panics
///
/// Panics when called outside a runtime, like [`JoinSet::spawn`].
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut set = rt_core::task::JoinSet::new();
///     set.extend((0..3).map(|i| async move { i }));
///     assert_eq!(set.len(), 3);
/// });
/// ```
impl<T, F> Extend<F> for JoinSet<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    #[track_caller]
    fn extend<I: IntoIterator<Item = F>>(&mut self, iter: I) {
        for future in iter {
            self.spawn(future);
        }
    }
}
