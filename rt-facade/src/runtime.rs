//! The runtime: scheduler, blocking pool and drivers.
//!
//! [`Builder`] and [`Runtime`] are the facade's own types: they stack the
//! drivers enabled by `enable_io()` / `enable_time()` as Park layers over
//! rt-core's runtime. Everything else here is rt-core's.
//!
//! ```
//! use rt::runtime::Runtime;
//!
//! let rt = Runtime::new().unwrap();
//! let answer = rt.block_on(async { rt::spawn(async { 42 }).await.unwrap() });
//! assert_eq!(answer, 42);
//! ```

use std::fmt;
use std::future::Future;
use std::io;
use std::time::Duration;

#[doc(inline)]
pub use rt_core::runtime::{
    Dump, EnterGuard, Handle, RuntimeFlavor, RuntimeMetrics, SlowPoll, TaskDump, TaskMeta,
    TaskState, TryCurrentError,
};

/// Builds a [`Runtime`] with custom settings; Tokio's `runtime::Builder`.
///
/// ```
/// let rt = rt::runtime::Builder::new_current_thread()
///     .enable_all()
///     .thread_name("worker")
///     .build()
///     .unwrap();
/// assert_eq!(rt.block_on(async { 1 + 1 }), 2);
/// ```
pub struct Builder {
    inner: rt_core::runtime::Builder,
    multi_thread: bool,
    enable_io: bool,
    enable_time: bool,
    start_paused: bool,
}

impl Builder {
    /// A builder for the current-thread runtime: every task runs on the
    /// thread in [`Runtime::block_on`].
    pub fn new_current_thread() -> Builder {
        Builder::from_core(rt_core::runtime::Builder::new_current_thread())
    }

    /// A builder for the multi-thread runtime.
    ///
    /// Tasks run on a pool of work-stealing worker threads (default: one
    /// per CPU, or the `RT_WORKER_THREADS` environment variable).
    #[cfg(feature = "rt-multi-thread")]
    pub fn new_multi_thread() -> Builder {
        let mut b = Builder::from_core(rt_core::runtime::Builder::new_multi_thread());
        b.multi_thread = true;
        b
    }

    fn from_core(inner: rt_core::runtime::Builder) -> Builder {
        Builder {
            inner,
            multi_thread: false,
            enable_io: false,
            enable_time: false,
            start_paused: false,
        }
    }

    /// Enables both the I/O and the time drivers.
    pub fn enable_all(&mut self) -> &mut Self {
        self.enable_io = true;
        self.enable_time = true;
        self
    }

    /// Enables the I/O driver: the mio reactor that `rt::io::unix::AsyncFd`
    /// and (with rt-net) sockets register with, and the signal driver
    /// (`rt::signal`, `rt::process`) above it. Needs feature `net`,
    /// `io-util`, `signal` or `process`.
    pub fn enable_io(&mut self) -> &mut Self {
        self.enable_io = true;
        self
    }

    /// Enables the time driver (`rt::time`: sleeps, timeouts, intervals).
    /// Needs feature `time`.
    pub fn enable_time(&mut self) -> &mut Self {
        self.enable_time = true;
        self
    }

    /// Starts the runtime with its clock paused (feature `test-util`): time
    /// only moves by `rt::time::advance` or, when the whole runtime is idle
    /// (no task runnable, every worker parked, no `spawn_blocking` work in
    /// flight), by jumping to the next timer; see `rt::time::pause`. Works
    /// on both flavours: unlike Tokio, also on the multi-thread runtime.
    /// Takes effect with the time driver (`enable_time()` or
    /// `enable_all()`).
    #[cfg(feature = "test-util")]
    pub fn start_paused(&mut self, start_paused: bool) -> &mut Self {
        self.start_paused = start_paused;
        self
    }

    /// Sets the number of worker threads; see
    /// [`rt_core::runtime::Builder::worker_threads`].
    ///
    /// # Panics
    ///
    /// Panics if `val` is 0.
    #[track_caller]
    pub fn worker_threads(&mut self, val: usize) -> &mut Self {
        self.inner.worker_threads(val);
        self
    }

    /// Caps the blocking pool (default 512 threads).
    ///
    /// # Panics
    ///
    /// Panics if `val` is 0.
    #[track_caller]
    pub fn max_blocking_threads(&mut self, val: usize) -> &mut Self {
        self.inner.max_blocking_threads(val);
        self
    }

    /// Names the threads the runtime starts.
    pub fn thread_name(&mut self, val: impl Into<String>) -> &mut Self {
        self.inner.thread_name(val);
        self
    }

    /// Names the threads the runtime starts with a function.
    pub fn thread_name_fn<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn() -> String + Send + Sync + 'static,
    {
        self.inner.thread_name_fn(f);
        self
    }

    /// Sets the stack size of the threads the runtime starts.
    pub fn thread_stack_size(&mut self, val: usize) -> &mut Self {
        self.inner.thread_stack_size(val);
        self
    }

    /// Runs `f` on each thread the runtime starts.
    pub fn on_thread_start<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn() + Send + Sync + 'static,
    {
        self.inner.on_thread_start(f);
        self
    }

    /// Runs `f` on each thread the runtime starts, before it exits.
    pub fn on_thread_stop<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn() + Send + Sync + 'static,
    {
        self.inner.on_thread_stop(f);
        self
    }

    /// Runs `f` before a scheduler thread parks for lack of work.
    pub fn on_thread_park<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn() + Send + Sync + 'static,
    {
        self.inner.on_thread_park(f);
        self
    }

    /// Runs `f` after a scheduler thread wakes from a park.
    pub fn on_thread_unpark<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn() + Send + Sync + 'static,
    {
        self.inner.on_thread_unpark(f);
        self
    }

    /// Calls `f` when a task is spawned; see
    /// [`rt_core::runtime::Builder::on_task_spawn`].
    pub fn on_task_spawn<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn(&TaskMeta<'_>) + Send + Sync + 'static,
    {
        self.inner.on_task_spawn(f);
        self
    }

    /// Calls `f` when a task terminates.
    pub fn on_task_terminate<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn(&TaskMeta<'_>) + Send + Sync + 'static,
    {
        self.inner.on_task_terminate(f);
        self
    }

    /// Calls `f` before every task poll.
    pub fn on_before_task_poll<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn(&TaskMeta<'_>) + Send + Sync + 'static,
    {
        self.inner.on_before_task_poll(f);
        self
    }

    /// Calls `f` after every task poll.
    pub fn on_after_task_poll<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn(&TaskMeta<'_>) + Send + Sync + 'static,
    {
        self.inner.on_after_task_poll(f);
        self
    }

    /// Reports polls longer than `threshold`; see
    /// [`rt_core::runtime::Builder::slow_poll_threshold`].
    pub fn slow_poll_threshold(&mut self, threshold: Duration) -> &mut Self {
        self.inner.slow_poll_threshold(threshold);
        self
    }

    /// Where slow polls are reported (default: standard error).
    pub fn on_slow_poll<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn(&SlowPoll<'_>) + Send + Sync + 'static,
    {
        self.inner.on_slow_poll(f);
        self
    }

    /// How long idle blocking threads wait for work (default 10 s).
    pub fn thread_keep_alive(&mut self, duration: Duration) -> &mut Self {
        self.inner.thread_keep_alive(duration);
        self
    }

    /// Ticks between checks of the shared queue of remotely woken tasks.
    ///
    /// # Panics
    ///
    /// Panics if `val` is 0.
    #[track_caller]
    pub fn global_queue_interval(&mut self, val: u32) -> &mut Self {
        self.inner.global_queue_interval(val);
        self
    }

    /// Tasks run between polls of the drivers (default 61).
    ///
    /// # Panics
    ///
    /// Panics if `val` is 0.
    #[track_caller]
    pub fn event_interval(&mut self, val: u32) -> &mut Self {
        self.inner.event_interval(val);
        self
    }

    /// Creates the runtime.
    ///
    /// # Errors
    ///
    /// Returns an error when a driver fails to start.
    pub fn build(&mut self) -> io::Result<Runtime> {
        // The I/O reactor replaces the thread parker at the bottom of the
        // Park stack; the timer (once rt-time lands) wraps what is below.
        let mut inner = self.inner.clone();
        #[cfg(any(
            feature = "io-util",
            feature = "net",
            feature = "signal",
            feature = "process"
        ))]
        if self.enable_io {
            inner.driver_layer(rt_io::driver_layer());
            // Signals (and rt-process's SIGCHLD) ride on the reactor: the
            // signal layer sits directly above it, below the timer.
            #[cfg(any(feature = "signal", feature = "process"))]
            inner.driver_layer(rt_signal::driver_layer());
        }
        #[cfg(feature = "time")]
        if self.enable_time {
            inner.driver_layer(rt_time::driver_layer(self.start_paused));
        }
        #[cfg(not(feature = "time"))]
        let _ = (self.enable_time, self.start_paused, self.multi_thread);
        Ok(Runtime {
            inner: inner.build()?,
        })
    }
}

impl fmt::Debug for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builder")
            .field("inner", &self.inner)
            .field("multi_thread", &self.multi_thread)
            .field("enable_io", &self.enable_io)
            .field("enable_time", &self.enable_time)
            .field("start_paused", &self.start_paused)
            .finish()
    }
}

/// The runtime; Tokio's `runtime::Runtime`. See
/// [`rt_core::runtime::Runtime`] for the shutdown semantics.
///
/// ```
/// let rt = rt::runtime::Builder::new_current_thread().build().unwrap();
/// let join = rt.spawn(async { "spawned" });
/// assert_eq!(rt.block_on(join).unwrap(), "spawned");
/// ```
pub struct Runtime {
    inner: rt_core::runtime::Runtime,
}

impl Runtime {
    /// A runtime with default settings and every driver enabled: the
    /// multi-thread runtime with feature `rt-multi-thread`, else the
    /// current-thread runtime.
    ///
    /// # Errors
    ///
    /// Returns an error when the runtime cannot be built.
    pub fn new() -> io::Result<Runtime> {
        #[cfg(feature = "rt-multi-thread")]
        let mut builder = Builder::new_multi_thread();
        #[cfg(not(feature = "rt-multi-thread"))]
        let mut builder = Builder::new_current_thread();
        builder.enable_all().build()
    }

    /// Runs a future to completion, driving the runtime meanwhile.
    ///
    /// # Panics
    ///
    /// Panics when called inside an async context.
    #[track_caller]
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.inner.block_on(future)
    }

    /// Spawns a future onto the runtime.
    #[track_caller]
    pub fn spawn<F>(&self, future: F) -> rt_core::task::JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.inner.spawn(future)
    }

    /// Runs a blocking function on the blocking pool.
    #[track_caller]
    pub fn spawn_blocking<F, R>(&self, f: F) -> rt_core::task::JoinHandle<R>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        self.inner.spawn_blocking(f)
    }

    /// The runtime's handle.
    pub fn handle(&self) -> &Handle {
        self.inner.handle()
    }

    /// Enters the runtime's context until the guard drops.
    pub fn enter(&self) -> EnterGuard<'_> {
        self.inner.enter()
    }

    /// Shuts down, waiting at most `duration` for running blocking work.
    pub fn shutdown_timeout(self, duration: Duration) {
        self.inner.shutdown_timeout(duration);
    }

    /// Shuts down without waiting for blocking work.
    pub fn shutdown_background(self) {
        self.inner.shutdown_background();
    }

    /// Runtime metrics.
    pub fn metrics(&self) -> RuntimeMetrics {
        self.inner.metrics()
    }
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

/// Lets a facade `Runtime` be passed where rt-core's is expected, e.g.
/// `LocalSet::block_on(&rt, fut)`.
impl std::ops::Deref for Runtime {
    type Target = rt_core::runtime::Runtime;

    fn deref(&self) -> &rt_core::runtime::Runtime {
        &self.inner
    }
}
