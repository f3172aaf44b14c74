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
    ///
    /// ```
    /// let rt = rt::runtime::Builder::new_current_thread().build().unwrap();
    /// let here = std::thread::current().id();
    /// let ran_on = rt.block_on(async { rt::spawn(async { std::thread::current().id() }).await.unwrap() });
    /// assert_eq!(ran_on, here);
    /// ```
    pub fn new_current_thread() -> Builder {
        Builder::from_core(rt_core::runtime::Builder::new_current_thread())
    }

    /// A builder for the multi-thread runtime.
    ///
    /// Tasks run on a pool of work-stealing worker threads (default: one
    /// per CPU, or the `RT_WORKER_THREADS` environment variable).
    ///
    /// ```
    /// let rt = rt::runtime::Builder::new_multi_thread()
    ///     .worker_threads(2)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(rt.metrics().num_workers(), 2);
    /// let here = std::thread::current().id();
    /// let ran_on = rt.block_on(async { rt::spawn(async { std::thread::current().id() }).await.unwrap() });
    /// assert_ne!(ran_on, here, "spawned tasks run on the workers");
    /// ```
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
    ///
    /// ```
    /// let rt = rt::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    /// rt.block_on(async {
    ///     // Timers and sockets both work.
    ///     rt::time::sleep(std::time::Duration::from_millis(1)).await;
    ///     let listener = rt::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     assert!(listener.local_addr().unwrap().port() > 0);
    /// });
    /// ```
    pub fn enable_all(&mut self) -> &mut Self {
        self.enable_io = true;
        self.enable_time = true;
        self
    }

    /// Enables the I/O driver: the mio reactor that `rt::io::unix::AsyncFd`
    /// and (with rt-net) sockets register with, and the signal driver
    /// (`rt::signal`, `rt::process`) above it. Needs feature `net`,
    /// `io-util`, `io-std`, `signal` or `process`.
    ///
    /// ```
    /// let rt = rt::runtime::Builder::new_current_thread().enable_io().build().unwrap();
    /// rt.block_on(async {
    ///     let listener = rt::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    ///     let addr = listener.local_addr().unwrap();
    ///     let (client, accepted) =
    ///         rt::join!(rt::net::TcpStream::connect(addr), listener.accept());
    ///     assert_eq!(client.unwrap().peer_addr().unwrap(), addr);
    ///     assert!(accepted.is_ok());
    /// });
    /// ```
    pub fn enable_io(&mut self) -> &mut Self {
        self.enable_io = true;
        self
    }

    /// Enables the time driver (`rt::time`: sleeps, timeouts, intervals).
    /// Needs feature `time`.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let rt = rt::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    /// rt.block_on(async {
    ///     let start = rt::time::Instant::now();
    ///     rt::time::sleep(Duration::from_millis(5)).await;
    ///     assert!(start.elapsed() >= Duration::from_millis(5));
    /// });
    /// ```
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
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let rt = rt::runtime::Builder::new_multi_thread()
    ///     .worker_threads(1)
    ///     .enable_time()
    ///     .start_paused(true)
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     let wall = std::time::Instant::now();
    ///     // An hour of paused time passes at once: the runtime is idle.
    ///     rt::time::sleep(Duration::from_secs(3600)).await;
    ///     assert!(wall.elapsed() < Duration::from_secs(60));
    /// });
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt::runtime::Builder::new_multi_thread().worker_threads(3).build().unwrap();
    /// assert_eq!(rt.metrics().num_workers(), 3);
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt::runtime::Builder::new_current_thread()
    ///     .max_blocking_threads(1)
    ///     .build()
    ///     .unwrap();
    /// // Two blocking jobs, one thread: the second waits for the first.
    /// let (a, b) = rt.block_on(async {
    ///     let a = rt::task::spawn_blocking(|| std::thread::current().id());
    ///     let b = rt::task::spawn_blocking(|| std::thread::current().id());
    ///     (a.await.unwrap(), b.await.unwrap())
    /// });
    /// assert_eq!(a, b);
    /// ```
    #[track_caller]
    pub fn max_blocking_threads(&mut self, val: usize) -> &mut Self {
        self.inner.max_blocking_threads(val);
        self
    }

    /// Names the threads the runtime starts.
    ///
    /// ```
    /// let rt = rt::runtime::Builder::new_multi_thread()
    ///     .worker_threads(1)
    ///     .thread_name("my-worker")
    ///     .build()
    ///     .unwrap();
    /// let name = rt.block_on(async {
    ///     rt::spawn(async { std::thread::current().name().map(String::from) }).await.unwrap()
    /// });
    /// assert_eq!(name.as_deref(), Some("my-worker"));
    /// ```
    pub fn thread_name(&mut self, val: impl Into<String>) -> &mut Self {
        self.inner.thread_name(val);
        self
    }

    /// Names the threads the runtime starts with a function.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    ///
    /// let rt = rt::runtime::Builder::new_multi_thread()
    ///     .worker_threads(2)
    ///     .thread_name_fn(|| {
    ///         static NEXT: AtomicUsize = AtomicUsize::new(0);
    ///         format!("worker-{}", NEXT.fetch_add(1, Ordering::Relaxed))
    ///     })
    ///     .build()
    ///     .unwrap();
    /// let name = rt.block_on(async {
    ///     rt::spawn(async { std::thread::current().name().unwrap().to_string() }).await.unwrap()
    /// });
    /// assert!(name.starts_with("worker-"), "{name}");
    /// ```
    pub fn thread_name_fn<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn() -> String + Send + Sync + 'static,
    {
        self.inner.thread_name_fn(f);
        self
    }

    /// Sets the stack size of the threads the runtime starts.
    ///
    /// ```
    /// let rt = rt::runtime::Builder::new_multi_thread()
    ///     .worker_threads(1)
    ///     .thread_stack_size(4 * 1024 * 1024)
    ///     .build()
    ///     .unwrap();
    /// // A task may keep a 1 MiB array on its worker's 4 MiB stack.
    /// let sum = rt.block_on(async {
    ///     rt::spawn(async {
    ///         let big = std::hint::black_box([1u8; 1 << 20]);
    ///         big.iter().map(|&b| u32::from(b)).sum::<u32>()
    ///     })
    ///     .await
    ///     .unwrap()
    /// });
    /// assert_eq!(sum, 1 << 20);
    /// ```
    pub fn thread_stack_size(&mut self, val: usize) -> &mut Self {
        self.inner.thread_stack_size(val);
        self
    }

    /// Runs `f` on each thread the runtime starts.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let started = Arc::new(AtomicUsize::new(0));
    /// let count = started.clone();
    /// let rt = rt::runtime::Builder::new_multi_thread()
    ///     .worker_threads(2)
    ///     .on_thread_start(move || {
    ///         count.fetch_add(1, Ordering::SeqCst);
    ///     })
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async { rt::spawn(async {}).await.unwrap() });
    /// assert!(started.load(Ordering::SeqCst) >= 1);
    /// ```
    pub fn on_thread_start<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn() + Send + Sync + 'static,
    {
        self.inner.on_thread_start(f);
        self
    }

    /// Runs `f` on each thread the runtime starts, before it exits.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let stopped = Arc::new(AtomicUsize::new(0));
    /// let count = stopped.clone();
    /// let rt = rt::runtime::Builder::new_multi_thread()
    ///     .worker_threads(2)
    ///     .on_thread_stop(move || {
    ///         count.fetch_add(1, Ordering::SeqCst);
    ///     })
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async { rt::spawn(async {}).await.unwrap() });
    /// rt.shutdown_timeout(std::time::Duration::from_secs(10));
    /// assert!(stopped.load(Ordering::SeqCst) >= 2, "both workers stopped");
    /// ```
    pub fn on_thread_stop<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn() + Send + Sync + 'static,
    {
        self.inner.on_thread_stop(f);
        self
    }

    /// Runs `f` before a scheduler thread parks for lack of work.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let parks = Arc::new(AtomicUsize::new(0));
    /// let count = parks.clone();
    /// let rt = rt::runtime::Builder::new_current_thread()
    ///     .enable_time()
    ///     .on_thread_park(move || {
    ///         count.fetch_add(1, Ordering::SeqCst);
    ///     })
    ///     .build()
    ///     .unwrap();
    /// // Nothing to run while the sleep is pending: the thread parks.
    /// rt.block_on(async { rt::time::sleep(std::time::Duration::from_millis(5)).await });
    /// assert!(parks.load(Ordering::SeqCst) >= 1);
    /// ```
    pub fn on_thread_park<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn() + Send + Sync + 'static,
    {
        self.inner.on_thread_park(f);
        self
    }

    /// Runs `f` after a scheduler thread wakes from a park.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let unparks = Arc::new(AtomicUsize::new(0));
    /// let count = unparks.clone();
    /// let rt = rt::runtime::Builder::new_current_thread()
    ///     .enable_time()
    ///     .on_thread_unpark(move || {
    ///         count.fetch_add(1, Ordering::SeqCst);
    ///     })
    ///     .build()
    ///     .unwrap();
    /// // The timer firing wakes the parked thread.
    /// rt.block_on(async { rt::time::sleep(std::time::Duration::from_millis(5)).await });
    /// assert!(unparks.load(Ordering::SeqCst) >= 1);
    /// ```
    pub fn on_thread_unpark<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn() + Send + Sync + 'static,
    {
        self.inner.on_thread_unpark(f);
        self
    }

    /// Calls `f` when a task is spawned; see
    /// [`rt_core::runtime::Builder::on_task_spawn`].
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    ///
    /// let names = Arc::new(Mutex::new(Vec::new()));
    /// let seen = names.clone();
    /// let rt = rt::runtime::Builder::new_current_thread()
    ///     .on_task_spawn(move |meta| seen.lock().unwrap().push(meta.name().map(String::from)))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     rt::task::Builder::new().name("named").spawn(async {}).unwrap().await.unwrap();
    ///     rt::spawn(async {}).await.unwrap();
    /// });
    /// assert_eq!(*names.lock().unwrap(), [Some("named".to_string()), None]);
    /// ```
    pub fn on_task_spawn<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn(&TaskMeta<'_>) + Send + Sync + 'static,
    {
        self.inner.on_task_spawn(f);
        self
    }

    /// Calls `f` when a task terminates.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let ended = Arc::new(AtomicUsize::new(0));
    /// let count = ended.clone();
    /// let rt = rt::runtime::Builder::new_current_thread()
    ///     .on_task_terminate(move |_meta| {
    ///         count.fetch_add(1, Ordering::SeqCst);
    ///     })
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     rt::spawn(async {}).await.unwrap(); // completes
    ///     let forever = rt::spawn(std::future::pending::<()>());
    ///     forever.abort(); // cancelled
    ///     assert!(forever.await.unwrap_err().is_cancelled());
    /// });
    /// assert_eq!(ended.load(Ordering::SeqCst), 2);
    /// ```
    pub fn on_task_terminate<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn(&TaskMeta<'_>) + Send + Sync + 'static,
    {
        self.inner.on_task_terminate(f);
        self
    }

    /// Calls `f` before every task poll.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let polls = Arc::new(AtomicUsize::new(0));
    /// let count = polls.clone();
    /// let rt = rt::runtime::Builder::new_current_thread()
    ///     .on_before_task_poll(move |_meta| {
    ///         count.fetch_add(1, Ordering::SeqCst);
    ///     })
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     // Yielding once makes two polls of the spawned task.
    ///     rt::spawn(rt::task::yield_now()).await.unwrap();
    /// });
    /// assert_eq!(polls.load(Ordering::SeqCst), 2);
    /// ```
    pub fn on_before_task_poll<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn(&TaskMeta<'_>) + Send + Sync + 'static,
    {
        self.inner.on_before_task_poll(f);
        self
    }

    /// Calls `f` after every task poll.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    ///
    /// let polled = Arc::new(Mutex::new(Vec::new()));
    /// let seen = polled.clone();
    /// let rt = rt::runtime::Builder::new_current_thread()
    ///     .on_after_task_poll(move |meta| seen.lock().unwrap().push(meta.id()))
    ///     .build()
    ///     .unwrap();
    /// let id = rt.block_on(async {
    ///     let task = rt::spawn(async {});
    ///     let id = task.id();
    ///     task.await.unwrap();
    ///     id
    /// });
    /// assert_eq!(*polled.lock().unwrap(), [id]);
    /// ```
    pub fn on_after_task_poll<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn(&TaskMeta<'_>) + Send + Sync + 'static,
    {
        self.inner.on_after_task_poll(f);
        self
    }

    /// Reports polls longer than `threshold`; see
    /// [`rt_core::runtime::Builder::slow_poll_threshold`].
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    /// use std::time::Duration;
    ///
    /// let reports = Arc::new(AtomicUsize::new(0));
    /// let count = reports.clone();
    /// let rt = rt::runtime::Builder::new_current_thread()
    ///     .slow_poll_threshold(Duration::from_millis(10))
    ///     .on_slow_poll(move |_report| {
    ///         count.fetch_add(1, Ordering::SeqCst);
    ///     })
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     // A task that blocks its thread for 30 ms in one poll.
    ///     rt::spawn(async { std::thread::sleep(Duration::from_millis(30)) }).await.unwrap();
    /// });
    /// assert_eq!(reports.load(Ordering::SeqCst), 1);
    /// ```
    pub fn slow_poll_threshold(&mut self, threshold: Duration) -> &mut Self {
        self.inner.slow_poll_threshold(threshold);
        self
    }

    /// Where slow polls are reported (default: standard error).
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use std::time::Duration;
    ///
    /// let slow = Arc::new(Mutex::new(None));
    /// let seen = slow.clone();
    /// let rt = rt::runtime::Builder::new_current_thread()
    ///     .slow_poll_threshold(Duration::from_millis(10))
    ///     .on_slow_poll(move |report| {
    ///         let name = report.task().name().map(String::from);
    ///         *seen.lock().unwrap() = Some((name, report.duration() >= report.threshold()));
    ///     })
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     rt::task::Builder::new()
    ///         .name("blocker")
    ///         .spawn(async { std::thread::sleep(Duration::from_millis(30)) })
    ///         .unwrap()
    ///         .await
    ///         .unwrap();
    /// });
    /// assert_eq!(*slow.lock().unwrap(), Some((Some("blocker".to_string()), true)));
    /// ```
    pub fn on_slow_poll<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn(&SlowPoll<'_>) + Send + Sync + 'static,
    {
        self.inner.on_slow_poll(f);
        self
    }

    /// How long idle blocking threads wait for work (default 10 s).
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    ///
    /// let rt = rt::runtime::Builder::new_current_thread()
    ///     .thread_keep_alive(Duration::from_millis(10))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async { rt::task::spawn_blocking(|| ()).await.unwrap() });
    /// // The idle blocking thread exits after 10 ms instead of 10 s.
    /// let deadline = Instant::now() + Duration::from_secs(10);
    /// while rt.metrics().num_blocking_threads() > 0 {
    ///     assert!(Instant::now() < deadline, "the idle thread never exited");
    ///     std::thread::sleep(Duration::from_millis(5));
    /// }
    /// ```
    pub fn thread_keep_alive(&mut self, duration: Duration) -> &mut Self {
        self.inner.thread_keep_alive(duration);
        self
    }

    /// Ticks between checks of the shared queue of remotely woken tasks.
    ///
    /// # Panics
    ///
    /// Panics if `val` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// // Check the queue of remotely woken tasks every 8 ticks instead of 31.
    /// let rt = rt::runtime::Builder::new_current_thread()
    ///     .global_queue_interval(8)
    ///     .build()
    ///     .unwrap();
    /// let remote = std::thread::spawn({
    ///     let handle = rt.handle().clone();
    ///     move || handle.spawn(async { 7 })
    /// });
    /// let task = remote.join().unwrap();
    /// assert_eq!(rt.block_on(task).unwrap(), 7);
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// // Poll the I/O and time drivers after every 16 tasks instead of 61.
    /// let rt = rt::runtime::Builder::new_current_thread()
    ///     .enable_all()
    ///     .event_interval(16)
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async { rt::time::sleep(std::time::Duration::from_millis(1)).await });
    /// ```
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
    ///
    /// # Examples
    ///
    /// A builder builds any number of runtimes with the same settings:
    ///
    /// ```
    /// let mut builder = rt::runtime::Builder::new_current_thread();
    /// builder.enable_time();
    /// let first = builder.build().unwrap();
    /// let second = builder.build().unwrap();
    /// assert_ne!(first.handle().runtime_id(), second.handle().runtime_id());
    /// ```
    pub fn build(&mut self) -> io::Result<Runtime> {
        // The I/O reactor replaces the thread parker at the bottom of the
        // Park stack; the timer wraps what is below.
        let mut inner = self.inner.clone();
        #[cfg(any(
            feature = "io-util",
            feature = "io-std",
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
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt::runtime::Runtime::new().unwrap();
    /// assert_eq!(rt.handle().runtime_flavor(), rt::runtime::RuntimeFlavor::MultiThread);
    /// rt.block_on(async {
    ///     rt::time::sleep(std::time::Duration::from_millis(1)).await; // time is enabled
    /// });
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt::runtime::Runtime::new().unwrap();
    /// let sum = rt.block_on(async {
    ///     let a = rt::spawn(async { 1 });
    ///     let b = rt::spawn(async { 2 });
    ///     a.await.unwrap() + b.await.unwrap()
    /// });
    /// assert_eq!(sum, 3);
    /// ```
    #[track_caller]
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.inner.block_on(future)
    }

    /// Spawns a future onto the runtime.
    ///
    /// Outside the runtime too: on the multi-thread runtime the task starts
    /// running on a worker at once, without a `block_on`.
    ///
    /// ```
    /// let rt = rt::runtime::Builder::new_multi_thread().worker_threads(1).build().unwrap();
    /// let (tx, rx) = std::sync::mpsc::channel();
    /// rt.spawn(async move { tx.send("ran").unwrap() });
    /// assert_eq!(rx.recv().unwrap(), "ran");
    /// ```
    #[track_caller]
    pub fn spawn<F>(&self, future: F) -> rt_core::task::JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.inner.spawn(future)
    }

    /// Runs a blocking function on the blocking pool.
    ///
    /// ```
    /// let rt = rt::runtime::Runtime::new().unwrap();
    /// let job = rt.spawn_blocking(|| std::fs::read_dir(".").map(|dir| dir.count()));
    /// let entries = rt.block_on(job).unwrap().unwrap();
    /// assert!(entries > 0);
    /// ```
    #[track_caller]
    pub fn spawn_blocking<F, R>(&self, f: F) -> rt_core::task::JoinHandle<R>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        self.inner.spawn_blocking(f)
    }

    /// The runtime's handle.
    ///
    /// A handle spawns from threads outside the runtime:
    ///
    /// ```
    /// let rt = rt::runtime::Runtime::new().unwrap();
    /// let handle = rt.handle().clone();
    /// let task = std::thread::spawn(move || handle.spawn(async { 6 * 7 })).join().unwrap();
    /// assert_eq!(rt.block_on(task).unwrap(), 42);
    /// ```
    pub fn handle(&self) -> &Handle {
        self.inner.handle()
    }

    /// Enters the runtime's context until the guard drops.
    ///
    /// Functions that need a current runtime (`rt::spawn`, creating timers and
    /// sockets) work while the guard lives:
    ///
    /// ```
    /// let rt = rt::runtime::Runtime::new().unwrap();
    /// let task = {
    ///     let _guard = rt.enter();
    ///     rt::spawn(async { "spawned from outside" })
    /// };
    /// assert_eq!(rt.block_on(task).unwrap(), "spawned from outside");
    /// ```
    pub fn enter(&self) -> EnterGuard<'_> {
        self.inner.enter()
    }

    /// Shuts down, waiting at most `duration` for running blocking work.
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    ///
    /// let rt = rt::runtime::Runtime::new().unwrap();
    /// rt.spawn_blocking(|| std::thread::sleep(Duration::from_secs(5)));
    /// let start = Instant::now();
    /// rt.shutdown_timeout(Duration::from_millis(50));
    /// assert!(start.elapsed() < Duration::from_secs(5), "did not wait for the job");
    /// ```
    pub fn shutdown_timeout(self, duration: Duration) {
        self.inner.shutdown_timeout(duration);
    }

    /// Shuts down without waiting for blocking work.
    ///
    /// ```
    /// let rt = rt::runtime::Runtime::new().unwrap();
    /// rt.spawn_blocking(|| std::thread::sleep(std::time::Duration::from_secs(5)));
    /// rt.shutdown_background(); // returns at once
    /// ```
    pub fn shutdown_background(self) {
        self.inner.shutdown_background();
    }

    /// Runtime metrics.
    ///
    /// ```
    /// let rt = rt::runtime::Builder::new_multi_thread().worker_threads(2).build().unwrap();
    /// let metrics = rt.metrics();
    /// assert_eq!(metrics.num_workers(), 2);
    /// let pending = rt.spawn(std::future::pending::<()>());
    /// assert_eq!(metrics.num_alive_tasks(), 1);
    /// pending.abort();
    /// assert!(rt.block_on(pending).unwrap_err().is_cancelled());
    /// ```
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
