use super::context;
use super::idle_watch::BlockOnPark;
use crate::scheduler;
use crate::task::{JoinHandle, SpawnMeta};
use std::any::Any;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;

/// A cheap, clonable handle to a runtime: spawn onto it, enter its context,
/// or find its drivers, from any thread.
///
/// A handle does not keep the runtime running: once the `Runtime` is
/// dropped, tasks spawned through a handle are cancelled at once.
///
/// ```
/// use rt_core::runtime::{Builder, Handle};
///
/// let rt = Builder::new_current_thread().build().unwrap();
/// let handle = rt.handle().clone();
/// let join = std::thread::spawn(move || handle.spawn(async { 5 }))
///     .join()
///     .unwrap();
/// assert_eq!(rt.block_on(join).unwrap(), 5);
/// ```
#[derive(Clone)]
pub struct Handle {
    pub(crate) inner: scheduler::Handle,
}

/// The kind of scheduler a runtime uses.
///
/// ```
/// use rt_core::runtime::{Builder, RuntimeFlavor};
///
/// let rt = Builder::new_multi_thread().worker_threads(1).build().unwrap();
/// assert_eq!(rt.handle().runtime_flavor(), RuntimeFlavor::MultiThread);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RuntimeFlavor {
    /// Tasks run on the thread that calls `block_on`.
    CurrentThread,
    /// Tasks run on a pool of worker threads.
    MultiThread,
}

/// Error returned by [`Handle::try_current`] outside a runtime.
///
/// ```
/// let err = rt_core::runtime::Handle::try_current().unwrap_err();
/// assert!(err.is_missing_context());
/// assert!(err.to_string().starts_with("there is no rt runtime running on this thread"));
/// ```
#[derive(Debug)]
pub struct TryCurrentError {
    destroyed: bool,
}

impl TryCurrentError {
    pub(crate) fn missing() -> TryCurrentError {
        TryCurrentError { destroyed: false }
    }

    pub(crate) fn destroyed() -> TryCurrentError {
        TryCurrentError { destroyed: true }
    }

    /// The thread is not in a runtime context.
    ///
    /// ```
    /// let err = rt_core::runtime::Handle::try_current().unwrap_err();
    /// assert!(err.is_missing_context());
    /// ```
    pub fn is_missing_context(&self) -> bool {
        !self.destroyed
    }

    /// The thread-local runtime context was already destroyed (the thread
    /// is exiting).
    ///
    /// ```
    /// // Outside a runtime, on a live thread: the context is missing, not destroyed.
    /// let err = rt_core::runtime::Handle::try_current().unwrap_err();
    /// assert!(!err.is_thread_local_destroyed());
    /// ```
    pub fn is_thread_local_destroyed(&self) -> bool {
        self.destroyed
    }
}

impl fmt::Display for TryCurrentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.destroyed {
            f.write_str(
                "the rt runtime context was already destroyed: this thread is shutting down",
            )
        } else {
            f.write_str(
                "there is no rt runtime running on this thread: call this from a task, inside \
                 `Runtime::block_on`, or after `Runtime::enter`",
            )
        }
    }
}

impl std::error::Error for TryCurrentError {}

/// Returned by [`Handle::enter`] and `Runtime::enter`: the runtime stays
/// the thread's current runtime until the guard is dropped.
///
/// Guards must be dropped in the reverse order they were created.
///
/// ```
/// use rt_core::runtime::Handle;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// assert!(Handle::try_current().is_err());
/// let guard = rt.enter();
/// assert_eq!(Handle::current().runtime_id(), rt.handle().runtime_id());
/// drop(guard);
/// assert!(Handle::try_current().is_err());
/// ```
#[must_use = "the runtime is only entered while the guard lives"]
pub struct EnterGuard<'a> {
    _guard: context::SetCurrentGuard,
    _handle: PhantomData<&'a Handle>,
}

impl fmt::Debug for EnterGuard<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnterGuard").finish_non_exhaustive()
    }
}

impl Handle {
    /// Returns a handle to the runtime this thread is in.
    ///
    /// # Panics
    ///
    /// Panics outside a runtime; see [`try_current`](Self::try_current).
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let handle = rt_core::runtime::Handle::current();
    ///     handle.spawn(async { /* ... */ });
    /// });
    /// ```
    #[track_caller]
    pub fn current() -> Handle {
        match Handle::try_current() {
            Ok(handle) => handle,
            Err(e) => panic!(
                "`Handle::current()` called outside of a runtime: {e}. Note that a runtime's \
                 context is only available on its own threads; pass a `Handle` to other \
                 threads explicitly."
            ),
        }
    }

    /// Returns a handle to the runtime this thread is in, or an error
    /// outside a runtime.
    ///
    /// ```
    /// use rt_core::runtime::Handle;
    ///
    /// let err = Handle::try_current().unwrap_err();
    /// assert!(err.is_missing_context());
    /// ```
    pub fn try_current() -> Result<Handle, TryCurrentError> {
        context::with_current(|inner| Handle {
            inner: inner.clone(),
        })
    }

    /// Makes this runtime the thread's current runtime until the guard is
    /// dropped, so that `rt::spawn` and driver resources work outside
    /// `block_on`.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let join = {
    ///     let _guard = rt.handle().enter();
    ///     rt_core::spawn(async { "spawned outside block_on" })
    /// };
    /// assert_eq!(rt.block_on(join).unwrap(), "spawned outside block_on");
    /// ```
    pub fn enter(&self) -> EnterGuard<'_> {
        EnterGuard {
            _guard: context::set_current(&self.inner),
            _handle: PhantomData,
        }
    }

    /// Spawns a future onto the runtime; see [`crate::spawn`].
    ///
    /// May be called from any thread. On a current-thread runtime the task
    /// runs when a thread is in `Runtime::block_on`.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let handle = rt.handle().clone();
    /// // Spawned from a plain thread; runs once some thread is in `block_on`.
    /// let task = std::thread::spawn(move || handle.spawn(async { "hello" })).join().unwrap();
    /// assert_eq!(rt.block_on(task).unwrap(), "hello");
    /// ```
    #[track_caller]
    pub fn spawn<F>(&self, future: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let meta = SpawnMeta::new(std::panic::Location::caller());
        self.spawn_with_meta(future, meta)
    }

    #[track_caller]
    pub(crate) fn spawn_with_meta<F>(&self, future: F, meta: SpawnMeta) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        if std::mem::size_of::<F>() > crate::task::BOX_FUTURE_THRESHOLD {
            self.inner.spawn_task(Box::pin(future), meta)
        } else {
            self.inner.spawn_task(future, meta)
        }
    }

    /// Runs a blocking function on the runtime's blocking pool; see
    /// [`crate::task::spawn_blocking`].
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let handle = rt.handle().clone();
    /// let job = std::thread::spawn(move || handle.spawn_blocking(|| 6 * 7)).join().unwrap();
    /// assert_eq!(rt.block_on(job).unwrap(), 42);
    /// ```
    #[track_caller]
    pub fn spawn_blocking<F, R>(&self, f: F) -> JoinHandle<R>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        self.inner
            .spawn_blocking(f, SpawnMeta::new(std::panic::Location::caller()))
    }

    pub(crate) fn spawn_blocking_with_meta<F, R>(&self, f: F, meta: SpawnMeta) -> JoinHandle<R>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        self.inner.spawn_blocking(f, meta)
    }

    /// A snapshot of every live task of this runtime: id, name, spawn
    /// location, state, poll count and time since the last poll. Its
    /// `Display` is a readable table. Works on both flavours and every
    /// platform (see [`Dump`](super::Dump)).
    ///
    /// Reading the task list takes its lock briefly (per shard); workers
    /// keep running meanwhile.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: it completes in its first poll.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let _idle = rt_core::task::Builder::new()
    ///         .name("waiter")
    ///         .spawn(std::future::pending::<()>())
    ///         .unwrap();
    ///     rt_core::task::yield_now().await;
    ///     let dump = rt_core::runtime::Handle::current().dump().await;
    ///     assert_eq!(dump.tasks().len(), 1);
    ///     assert_eq!(dump.tasks()[0].name(), Some("waiter"));
    ///     println!("{dump}");
    /// });
    /// ```
    pub async fn dump(&self) -> super::Dump {
        use super::dump::{TaskDump, TaskState};
        let now = crate::task::coarse_clock::precise_ms();
        let mut tasks = Vec::new();
        self.inner.for_each_task(|header| {
            let (state, polls, last) = header.dump_state();
            tasks.push(TaskDump {
                id: header.id(),
                name: header.name().map(String::from),
                location: header.location(),
                state: match state {
                    0 => TaskState::Idle,
                    1 => TaskState::Scheduled,
                    2 => TaskState::Running,
                    _ => TaskState::Complete,
                },
                poll_count: polls,
                since_last_poll: (last != 0)
                    .then(|| std::time::Duration::from_millis(u64::from(now.wrapping_sub(last)))),
            });
        });
        // The list is newest first.
        tasks.reverse();
        super::Dump { tasks }
    }

    /// Runs a future to completion on the current thread, inside this
    /// runtime's context.
    ///
    /// Unlike `Runtime::block_on`, this does not drive a current-thread
    /// runtime's scheduler or drivers: tasks spawned onto such a runtime
    /// (and its timers and I/O) only make progress while some thread is in
    /// `Runtime::block_on`. Call it from a thread outside the runtime, for
    /// example inside `spawn_blocking`.
    ///
    /// # Panics
    ///
    /// Panics when called from a thread that is driving a runtime (inside
    /// an async context): use `.await` there instead.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let handle = rt.handle().clone();
    /// let v = std::thread::spawn(move || handle.block_on(async { 1 + 1 }))
    ///     .join()
    ///     .unwrap();
    /// assert_eq!(v, 2);
    /// ```
    #[track_caller]
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        // The thread is a busy unit of the runtime while it runs the future
        // (idle-watch rule 6).
        context::enter_runtime(&self.inner, || {
            BlockOnPark::for_runtime(&self.inner).block_on(future)
        })
    }

    /// The kind of scheduler this runtime uses.
    ///
    /// ```
    /// use rt_core::runtime::{Builder, RuntimeFlavor};
    ///
    /// let rt = Builder::new_current_thread().build().unwrap();
    /// assert_eq!(rt.handle().runtime_flavor(), RuntimeFlavor::CurrentThread);
    /// ```
    pub fn runtime_flavor(&self) -> RuntimeFlavor {
        self.inner.common().flavor
    }

    /// Returns the driver handle of type `T` that a driver layer registered
    /// when the runtime was built; see
    /// [`Builder::driver_layer`](super::Builder::driver_layer).
    ///
    /// ```
    /// use rt_core::runtime::Builder;
    /// use std::sync::Arc;
    ///
    /// struct Reactor {
    ///     name: &'static str,
    /// }
    ///
    /// let rt = Builder::new_current_thread()
    ///     .driver_layer(Arc::new(|park, ext| {
    ///         ext.insert(Reactor { name: "demo" });
    ///         Ok(park)
    ///     }))
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(rt.handle().extension::<Reactor>().unwrap().name, "demo");
    /// assert!(rt.handle().extension::<String>().is_none());
    /// ```
    pub fn extension<T: Any + Send + Sync>(&self) -> Option<&T> {
        self.inner.common().extensions.get::<T>()
    }

    /// Runs `f` with the current runtime's driver handle of type `T`
    /// (`None`: the runtime has no such driver), without cloning the
    /// runtime handle: the cheap path for resources that look their driver
    /// up on creation (every `sleep`, every socket).
    ///
    /// # Errors
    ///
    /// Returns [`TryCurrentError`] outside a runtime.
    ///
    /// ```
    /// use rt_core::runtime::{Builder, Handle};
    /// use std::sync::Arc;
    ///
    /// struct Clock(u32);
    /// let rt = Builder::new_current_thread()
    ///     .driver_layer(Arc::new(|inner, ext| {
    ///         ext.insert(Clock(9));
    ///         Ok(inner)
    ///     }))
    ///     .build()
    ///     .unwrap();
    /// let _g = rt.enter();
    /// let v = Handle::with_current_extension(|c: Option<&Clock>| c.map(|c| c.0)).unwrap();
    /// assert_eq!(v, Some(9));
    /// ```
    pub fn with_current_extension<T, R>(
        f: impl FnOnce(Option<&T>) -> R,
    ) -> Result<R, TryCurrentError>
    where
        T: Any + Send + Sync,
    {
        context::with_current(|inner| f(inner.common().extensions.get::<T>()))
    }

    /// Like [`with_current_extension`](Self::with_current_extension), with
    /// the lookup of [`Extensions::get_hinted`](super::Extensions::get_hinted):
    /// for a driver that looks its handle up on a hot path (every timer).
    ///
    /// # Errors
    ///
    /// Returns [`TryCurrentError`] outside a runtime.
    ///
    /// ```
    /// use rt_core::runtime::{Builder, Handle};
    /// use std::sync::atomic::AtomicUsize;
    /// use std::sync::Arc;
    ///
    /// static HINT: AtomicUsize = AtomicUsize::new(0);
    /// struct Clock(u32);
    /// let rt = Builder::new_current_thread()
    ///     .driver_layer(Arc::new(|inner, ext| {
    ///         ext.insert(Clock(9));
    ///         Ok(inner)
    ///     }))
    ///     .build()
    ///     .unwrap();
    /// let _g = rt.enter();
    /// let v = Handle::with_current_extension_hinted(&HINT, |c: Option<&Clock>| c.map(|c| c.0));
    /// assert_eq!(v.unwrap(), Some(9));
    /// ```
    #[inline]
    pub fn with_current_extension_hinted<T, R>(
        hint: &std::sync::atomic::AtomicUsize,
        f: impl FnOnce(Option<&T>) -> R,
    ) -> Result<R, TryCurrentError>
    where
        T: Any + Send + Sync,
    {
        context::with_current(|inner| f(inner.common().extensions.get_hinted::<T>(hint)))
    }

    /// The [`runtime_id`](Self::runtime_id) of the current runtime, read
    /// in place (no handle is cloned): for a driver that caches per thread
    /// what it found in a runtime's extensions, keyed by this id. Ids are
    /// never reused in a process, and a runtime's extensions do not change
    /// after it is built, so an entry keyed by the current id is valid for
    /// as long as that runtime stays current.
    ///
    /// # Errors
    ///
    /// Returns [`TryCurrentError`] outside a runtime.
    ///
    /// ```
    /// use rt_core::runtime::{Builder, Handle};
    ///
    /// assert!(Handle::current_runtime_id().unwrap_err().is_missing_context());
    /// let rt = Builder::new_current_thread().build().unwrap();
    /// let _g = rt.enter();
    /// assert_eq!(Handle::current_runtime_id().unwrap(), rt.handle().runtime_id());
    /// ```
    #[inline]
    pub fn current_runtime_id() -> Result<u64, TryCurrentError> {
        context::with_current(|inner| inner.common().runtime_id)
    }

    /// A number identifying this runtime, unique in the process.
    ///
    /// ```
    /// let a = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let b = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// assert_ne!(a.handle().runtime_id(), b.handle().runtime_id());
    /// assert_eq!(a.handle().clone().runtime_id(), a.handle().runtime_id());
    /// ```
    pub fn runtime_id(&self) -> u64 {
        self.inner.common().runtime_id
    }

    /// Runtime metrics; see [`RuntimeMetrics`](super::RuntimeMetrics).
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let metrics = rt_core::runtime::Handle::current().metrics();
    ///     let _pending = rt_core::spawn(std::future::pending::<()>());
    ///     assert_eq!(metrics.num_alive_tasks(), 1);
    /// });
    /// ```
    pub fn metrics(&self) -> super::RuntimeMetrics {
        super::RuntimeMetrics::new(self.inner.clone())
    }
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("runtime_id", &self.runtime_id())
            .field("flavor", &self.runtime_flavor())
            .finish()
    }
}
