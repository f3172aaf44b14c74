//! Asynchronous green threads: spawning, joining, aborting, yielding.
//!
//! # Examples
//!
//! ```
//! use rt_core::task;
//!
//! let rt = rt_core::runtime::Builder::new_multi_thread().worker_threads(2).build().unwrap();
//! rt.block_on(async {
//!     // Spawn, then join: the output comes back through the JoinHandle.
//!     let squares: Vec<_> = (1..=3u64).map(|n| task::spawn(async move { n * n })).collect();
//!     let mut sum = 0;
//!     for handle in squares {
//!         sum += handle.await.unwrap();
//!     }
//!     assert_eq!(sum, 14);
//!
//!     // Abort: the JoinHandle reports the cancellation.
//!     let forever = task::spawn(std::future::pending::<()>());
//!     forever.abort();
//!     assert!(forever.await.unwrap_err().is_cancelled());
//!
//!     // Blocking work goes to the blocking pool; `yield_now` lets others run.
//!     let len = task::spawn_blocking(|| "blocking".len()).await.unwrap();
//!     task::yield_now().await;
//!     assert_eq!(len, 8);
//! });
//! ```
//!
//! # The task protocol
//!
//! A task is one heap allocation (`core::Cell`): a header (the atomic
//! state word, the vtable, the id, owner-list links), the core (the
//! scheduler handle and the *stage*: the future, then its output), and the
//! trailer (the join waker slot). Handles point at the header:
//!
//! | handle | references | may touch |
//! |---|---|---|
//! | `Task` (the owner list's) | 1 | nothing but shutdown |
//! | `Notified` (in a run queue) | 1 | may try to run the task |
//! | `JoinHandle` | 1 | output after completion, join waker slot |
//! | `AbortHandle`, task `Waker` | 1 each | state word only |
//!
//! The state word (`state.rs` has the bit layout) packs RUNNING, COMPLETE,
//! NOTIFIED, CANCELLED, JOIN_INTEREST, JOIN_WAKER and the reference count.
//! The rules, cited by number in SAFETY comments:
//!
//! 1. **References.** Every handle above owns one reference; the last one to
//!    go deallocates. The owner list holds its reference from spawn until
//!    the task completes, so an incomplete task is never freed.
//! 2. **Running.** Only the thread that set RUNNING (by
//!    `transition_to_running`, or `transition_to_shutdown` at shutdown) may
//!    access the stage, until it clears RUNNING (idle) or sets COMPLETE. That
//!    thread holds one reference while it runs (the consumed `Notified`'s,
//!    or the shutdown caller's).
//! 3. **Notified.** NOTIFIED is set exactly while one `Notified` for the
//!    task exists or the runner owes a reschedule. A `Notified` that finds
//!    the task running or complete is stale: it is dropped with its
//!    reference.
//! 4. **Wake while running.** A wake that finds RUNNING only sets NOTIFIED
//!    (a by-value waker drops its reference). The runner, on going idle,
//!    sees NOTIFIED and turns its running reference into a new `Notified`.
//!    An abort that finds RUNNING sets CANCELLED too, and the runner cancels
//!    the task instead of going idle.
//! 5. **Output.** COMPLETE is set after the output (or `JoinError`) is
//!    stored. From then on, if JOIN_INTEREST was set at completion the
//!    `JoinHandle` owns the stage (takes or drops the output); if not, the
//!    completing thread drops the output itself. The JoinHandle clears
//!    JOIN_INTEREST when dropped.
//! 6. **Join waker.** While JOIN_WAKER is clear and the task is not
//!    complete, only the `JoinHandle` may access the waker slot. The handle
//!    writes the slot, then sets JOIN_WAKER (failing if COMPLETE): the slot
//!    is then *published*, read-only for both sides. To replace it the
//!    handle clears JOIN_WAKER first (failing if COMPLETE). On completion
//!    with JOIN_INTEREST and JOIN_WAKER, the runtime wakes the published
//!    waker, then clears JOIN_WAKER: if JOIN_INTEREST is gone by then, the
//!    runtime drops the waker, else the handle owns the slot again. A handle
//!    dropped before completion clears both bits at once and drops the
//!    waker itself.
//! 7. **Owner list.** A task is bound to at most one list: the one of the
//!    scheduler stored in it (blocking tasks to none), and it is only ever
//!    released through that scheduler. Its list links are accessed only
//!    under that list's lock (`list.rs`).
//!
//! Panics in the future, in its `Drop`, in the output's `Drop` and in the
//! join waker are caught by the harness: they become a `JoinError` or are
//! discarded, and never unwind into the scheduler.

mod abort;
mod builder;
mod core;
mod error;
mod harness;
mod id;
mod join;
pub(crate) mod list;
mod raw;
mod state;
mod waker;

#[cfg(all(test, loom))]
mod loom_tests;

pub use abort::AbortHandle;
pub use builder::Builder;
pub use error::JoinError;
pub use id::Id;
pub use join::JoinHandle;
mod join_set;
mod local;
mod task_local;
pub use crate::scheduler::multi_thread::block_in_place;
pub use join_set::JoinSet;
pub use local::{spawn_local, LocalEnterGuard, LocalSet};
pub use task_local::{AccessError, LocalKey, TaskLocalFuture};

pub(crate) use self::core::Header;
pub(crate) use raw::{Notified, Task};

use crate::coop;
use crate::runtime::context;
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// What a task is created with besides its future.
pub(crate) struct SpawnMeta {
    pub(crate) id: Id,
    pub(crate) name: Option<Box<str>>,
    pub(crate) location: &'static std::panic::Location<'static>,
}

impl SpawnMeta {
    /// An unnamed task spawned at `location`.
    #[inline]
    pub(crate) fn new(location: &'static std::panic::Location<'static>) -> SpawnMeta {
        SpawnMeta {
            id: Id::next(),
            name: None,
            location,
        }
    }
}

/// A per-thread millisecond clock that schedulers refresh at coarse
/// intervals (after parking, and every batch of tasks), so that recording
/// a task's last poll time costs a thread-local read instead of a clock
/// read per poll. Used by task dumps ("time since last poll").
pub(crate) mod coarse_clock {
    use std::cell::Cell;
    use std::sync::OnceLock;
    use std::time::Instant;

    fn epoch() -> Instant {
        static EPOCH: OnceLock<Instant> = OnceLock::new();
        *EPOCH.get_or_init(Instant::now)
    }

    thread_local! {
        static NOW_MS: Cell<u32> = const { Cell::new(0) };
    }

    /// Milliseconds since the process epoch, read from the clock now
    /// (wraps after ~49 days; differences use wrapping arithmetic).
    pub(crate) fn precise_ms() -> u32 {
        // Offset by one so that 0 means "never polled".
        (epoch().elapsed().as_millis() as u32).wrapping_add(1)
    }

    /// Re-reads the clock for this thread.
    pub(crate) fn refresh() {
        // `rt_no_task_bookkeeping`: see `Header::record_poll`.
        if cfg!(rt_no_task_bookkeeping) {
            return;
        }
        let now = precise_ms();
        let _ = NOW_MS.try_with(|c| c.set(now));
    }

    /// This thread's last refreshed time (0 if this thread never
    /// refreshed: every scheduler loop does, before polling).
    #[inline]
    pub(crate) fn now_ms() -> u32 {
        NOW_MS.with(Cell::get)
    }
}

/// What a task needs from the scheduler that owns it.
pub(crate) trait Schedule: Send + Sync + Sized + 'static {
    /// The runtime's task hooks, if any are configured (one branch per poll
    /// when none are).
    fn hooks(&self) -> Option<&crate::runtime::hooks::TaskHooks> {
        None
    }

    /// The task completed: remove it from the owner list, returning the
    /// list's reference if it was still there.
    fn release(&self, task: &Task<Self>) -> Option<Task<Self>>;

    /// The task was woken: queue it.
    fn schedule(&self, task: Notified<Self>);

    /// The task was woken while it was running (it yielded): queue it
    /// behind the other ready tasks.
    fn yield_now(&self, task: Notified<Self>) {
        self.schedule(task);
    }
}

/// Allocates a task: returns the owner's `Task`, the first `Notified` and
/// the `JoinHandle` (three references, rule 1).
pub(crate) fn new_task<T, S>(
    future: T,
    scheduler: S,
    meta: SpawnMeta,
) -> (Task<S>, Notified<S>, JoinHandle<T::Output>)
where
    T: Future + 'static,
    S: Schedule,
{
    // With the `tracing` feature every task runs inside a span naming it,
    // so events logged by the task carry its id, name and spawn location.
    #[cfg(feature = "tracing")]
    let future = tracing::Instrument::instrument(
        future,
        tracing::info_span!(
            target: "rt::task",
            "task",
            task_id = meta.id.as_u64(),
            task_name = meta.name.as_deref(),
            spawned_at = %meta.location,
        ),
    );
    let raw = raw::RawTask::new(future, scheduler, meta);
    // SAFETY: the state starts with three references, one per handle.
    unsafe {
        (
            Task::from_raw(raw),
            Notified::from_raw(raw),
            JoinHandle::new(raw),
        )
    }
}

/// Futures larger than this are boxed before they are moved into the task,
/// so that spawning a large future does not copy it through several stack
/// frames (which overflows the stack in debug builds).
pub(crate) const BOX_FUTURE_THRESHOLD: usize = if cfg!(debug_assertions) { 2048 } else { 16384 };

/// Spawns a new asynchronous task, returning a [`JoinHandle`] for it.
///
/// The task starts running in the background as soon as the runtime gets to
/// it, whether or not the `JoinHandle` is awaited. On the multi-thread
/// runtime it may run on any worker thread, hence `Send + 'static`.
///
/// # Panics
///
/// Panics when called outside a runtime: from a thread that is not running
/// a runtime's tasks, `block_on`, or inside `Runtime::enter`. Use
/// [`Handle::spawn`](crate::runtime::Handle::spawn) with a handle to spawn
/// from anywhere.
///
/// # Examples
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let handles: Vec<_> = (0..10).map(|i| rt_core::spawn(async move { i * 2 })).collect();
///     let mut sum = 0;
///     for h in handles {
///         sum += h.await.unwrap();
///     }
///     assert_eq!(sum, 90);
/// });
/// ```
#[track_caller]
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let meta = SpawnMeta::new(std::panic::Location::caller());
    if std::mem::size_of::<F>() > BOX_FUTURE_THRESHOLD {
        spawn_inner(Box::pin(future), meta)
    } else {
        spawn_inner(future, meta)
    }
}

#[track_caller]
pub(crate) fn spawn_inner<F>(future: F, meta: SpawnMeta) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    match context::with_current(|handle| handle.spawn_task(future, meta)) {
        Ok(join) => join,
        Err(_) => panic!(
            "`rt::spawn` must be called from within a runtime: no rt runtime is running on this \
             thread. Call it from a task or inside `Runtime::block_on`, enter a runtime with \
             `Runtime::enter`, or use `Handle::spawn` with a runtime handle."
        ),
    }
}

/// Runs the blocking function `f` on a thread of the runtime's blocking
/// pool, returning a [`JoinHandle`] for its result.
///
/// Use it for work that would block a worker (synchronous I/O, long
/// computations). The pool starts threads on demand, up to
/// `max_blocking_threads`; beyond that, work waits in a queue (it is never
/// dropped). A blocking task cannot be aborted once it has started; when the
/// runtime shuts down, queued blocking tasks that have not started are
/// cancelled, and running ones are waited for (see
/// `Runtime::shutdown_timeout`).
///
/// # Panics
///
/// Panics when called outside a runtime, like [`spawn`].
///
/// # Examples
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// let n = rt.block_on(async {
///     rt_core::task::spawn_blocking(|| (1..=10u64).product::<u64>()).await.unwrap()
/// });
/// assert_eq!(n, 3_628_800);
/// ```
#[track_caller]
pub fn spawn_blocking<F, R>(f: F) -> JoinHandle<R>
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    let meta = SpawnMeta::new(std::panic::Location::caller());
    match context::with_current(|handle| handle.spawn_blocking(f, meta)) {
        Ok(join) => join,
        Err(_) => panic!(
            "`rt::task::spawn_blocking` must be called from within a runtime: no rt runtime is \
             running on this thread. Call it from a task or inside `Runtime::block_on`, or use \
             `Handle::spawn_blocking` with a runtime handle."
        ),
    }
}

/// Yields execution back to the runtime.
///
/// The current task is rescheduled behind the tasks that are already ready,
/// so a task looping on `yield_now` lets every other task run.
///
/// # Cancel safety
///
/// Cancel safe: it holds no state.
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let other = rt_core::spawn(async { "ran" });
///     // On the current-thread runtime the spawned task runs while we yield.
///     rt_core::task::yield_now().await;
///     assert!(other.is_finished());
/// });
/// ```
pub async fn yield_now() {
    struct YieldNow {
        yielded: bool,
    }

    impl Future for YieldNow {
        type Output = ();

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.yielded {
                return Poll::Ready(());
            }
            self.yielded = true;
            // Waking while running makes the harness requeue the task at the
            // back of the queue (Schedule::yield_now).
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    YieldNow { yielded: false }.await
}

/// Returns the [`Id`] of the currently running task.
///
/// # Panics
///
/// Panics if called from outside a task (for example directly inside
/// `block_on`); use [`try_id`] to check.
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let h = rt_core::spawn(async { rt_core::task::id() });
///     assert_eq!(h.id(), h.await.unwrap());
/// });
/// ```
#[track_caller]
pub fn id() -> Id {
    try_id().expect(
        "`rt::task::id()` called outside of a task: it only works inside a spawned task; use \
         `rt::task::try_id()` to check",
    )
}

/// Returns the [`Id`] of the currently running task, or `None` outside a
/// task.
///
/// ```
/// assert!(rt_core::task::try_id().is_none());
/// ```
pub fn try_id() -> Option<Id> {
    context::current_task_id()
}

/// Consumes one unit of the current task's cooperative budget, yielding to
/// the runtime if the budget is spent.
///
/// Call it in loops that do CPU-bound work between awaits that are always
/// ready, so the task does not starve the others.
///
/// # Cancel safety
///
/// Cancel safe.
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut sum = 0u64;
///     for i in 0..10_000u64 {
///         sum += i;
///         rt_core::task::consume_budget().await;
///     }
///     assert_eq!(sum, 49_995_000);
/// });
/// ```
pub async fn consume_budget() {
    let mut done = false;
    std::future::poll_fn(move |cx| {
        if done {
            return Poll::Ready(());
        }
        let restore = ready!(coop::poll_proceed(cx));
        restore.made_progress();
        done = true;
        Poll::Ready(())
    })
    .await
}

/// Turns off cooperative scheduling for a future: resources it polls never
/// make it yield because of the budget.
///
/// Use with care: an unconstrained future that is always ready can starve
/// the other tasks of its worker.
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(rt_core::task::unconstrained(async {
///     assert!(rt_core::coop::has_budget_remaining());
/// }));
/// ```
pub fn unconstrained<F: Future>(inner: F) -> Unconstrained<F> {
    Unconstrained { inner }
}

/// Future for [`unconstrained`].
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// let inner = async { rt_core::coop::has_budget_remaining() };
/// let fut: rt_core::task::Unconstrained<_> = rt_core::task::unconstrained(inner);
/// assert!(rt.block_on(fut));
/// ```
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Unconstrained<F> {
    inner: F,
}

impl<F: Future> Future for Unconstrained<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // SAFETY: structural pinning: `inner` is never moved out of the
        // pinned `Unconstrained`, and `Unconstrained` has no Drop or Unpin
        // impl that would move it.
        let inner = unsafe { self.map_unchecked_mut(|me| &mut me.inner) };
        coop::with_budget(coop::Budget::unconstrained(), || inner.poll(cx))
    }
}
