use super::ext::Extensions;
use super::hooks::TaskHooks;
use super::park::{Park, ParkThread};
use super::rt::{Runtime, Scheduler};
use super::{Handle, SlowPoll, TaskMeta};
use crate::blocking::{BlockingPool, PoolConfig};
use crate::scheduler::{self, current_thread, multi_thread, Common};
use std::fmt;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A function that wraps the Park stack built so far in a driver, and
/// registers the driver's handle in the runtime's [`Extensions`].
///
/// See [`Builder::driver_layer`].
///
/// ```
/// use rt_core::runtime::{Builder, DriverLayer};
/// use std::sync::Arc;
///
/// /// A layer that registers a value and keeps the Park stack as it is.
/// fn config_layer(value: &'static str) -> DriverLayer {
///     Arc::new(move |park, ext| {
///         ext.insert(value);
///         Ok(park)
///     })
/// }
///
/// let rt = Builder::new_current_thread().driver_layer(config_layer("on")).build().unwrap();
/// assert_eq!(rt.handle().extension::<&'static str>(), Some(&"on"));
/// ```
pub type DriverLayer =
    Arc<dyn Fn(Box<dyn Park>, &mut Extensions) -> io::Result<Box<dyn Park>> + Send + Sync>;

/// Builds a runtime with custom settings.
///
/// Methods take and return `&mut Builder`, so settings chain; `build` may be
/// called more than once.
///
/// ```
/// use rt_core::runtime::Builder;
///
/// let rt = Builder::new_current_thread()
///     .thread_name("my-pool")
///     .max_blocking_threads(4)
///     .build()
///     .unwrap();
/// let name = rt.block_on(async {
///     rt_core::task::spawn_blocking(|| std::thread::current().name().map(String::from))
///         .await
///         .unwrap()
/// });
/// assert_eq!(name.as_deref(), Some("my-pool"));
/// ```
#[derive(Clone)]
pub struct Builder {
    kind: Kind,
    worker_threads: Option<usize>,
    max_blocking_threads: usize,
    thread_name: Arc<dyn Fn() -> String + Send + Sync>,
    thread_stack_size: Option<usize>,
    after_start: Option<Arc<dyn Fn() + Send + Sync>>,
    before_stop: Option<Arc<dyn Fn() + Send + Sync>>,
    before_park: Option<Arc<dyn Fn() + Send + Sync>>,
    after_unpark: Option<Arc<dyn Fn() + Send + Sync>>,
    keep_alive: Option<Duration>,
    global_queue_interval: Option<u32>,
    event_interval: u32,
    layers: Vec<DriverLayer>,
    hooks: TaskHooks,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    CurrentThread,
    MultiThread,
}

const DEFAULT_EVENT_INTERVAL: u32 = 61;
const DEFAULT_CT_GLOBAL_QUEUE_INTERVAL: u32 = 31;
const DEFAULT_MT_GLOBAL_QUEUE_INTERVAL: u32 = 61;

impl Builder {
    /// A builder for the current-thread runtime: every task runs on the
    /// thread that calls [`Runtime::block_on`].
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let here = std::thread::current().id();
    /// let ran_on = rt.block_on(async { rt_core::spawn(async { std::thread::current().id() }).await.unwrap() });
    /// assert_eq!(ran_on, here);
    /// ```
    pub fn new_current_thread() -> Builder {
        Builder::new(Kind::CurrentThread)
    }

    /// A builder for the multi-thread, work-stealing runtime: tasks run on
    /// a pool of worker threads (default: one per CPU, or the
    /// `RT_WORKER_THREADS` environment variable).
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_multi_thread().worker_threads(2).build().unwrap();
    /// let here = std::thread::current().id();
    /// let ran_on = rt.block_on(async { rt_core::spawn(async { std::thread::current().id() }).await.unwrap() });
    /// assert_ne!(ran_on, here, "tasks run on the workers");
    /// ```
    pub fn new_multi_thread() -> Builder {
        Builder::new(Kind::MultiThread)
    }

    fn new(kind: Kind) -> Builder {
        Builder {
            kind,
            worker_threads: None,
            max_blocking_threads: 512,
            thread_name: Arc::new(|| "rt-runtime-worker".to_string()),
            thread_stack_size: None,
            after_start: None,
            before_stop: None,
            before_park: None,
            after_unpark: None,
            keep_alive: None,
            global_queue_interval: None,
            event_interval: DEFAULT_EVENT_INTERVAL,
            layers: Vec::new(),
            hooks: TaskHooks::default(),
        }
    }

    /// Sets the number of worker threads of the multi-thread runtime
    /// (default: the number of CPUs, overridden by the `RT_WORKER_THREADS`
    /// environment variable). Ignored by the current-thread runtime.
    ///
    /// # Panics
    ///
    /// Panics if `val` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_multi_thread().worker_threads(3).build().unwrap();
    /// assert_eq!(rt.metrics().num_workers(), 3);
    /// ```
    #[track_caller]
    pub fn worker_threads(&mut self, val: usize) -> &mut Self {
        assert!(
            val > 0,
            "Worker threads cannot be set to 0: a runtime needs at least one worker thread"
        );
        self.worker_threads = Some(val);
        self
    }

    /// Caps the number of threads of the blocking pool (default 512).
    /// Work beyond the cap waits in a queue. The multi-thread runtime's
    /// worker threads (and `block_in_place` hand-offs) also run on the
    /// pool but do not count against the cap.
    ///
    /// # Panics
    ///
    /// Panics if `val` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().max_blocking_threads(1).build().unwrap();
    /// let (a, b) = rt.block_on(async {
    ///     let a = rt_core::task::spawn_blocking(|| std::thread::current().id());
    ///     let b = rt_core::task::spawn_blocking(|| std::thread::current().id());
    ///     (a.await.unwrap(), b.await.unwrap())
    /// });
    /// assert_eq!(a, b, "one thread ran both");
    /// ```
    #[track_caller]
    pub fn max_blocking_threads(&mut self, val: usize) -> &mut Self {
        assert!(val > 0, "Max blocking threads cannot be set to 0");
        self.max_blocking_threads = val;
        self
    }

    /// Names the threads the runtime starts (default `rt-runtime-worker`).
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_multi_thread()
    ///     .worker_threads(1)
    ///     .thread_name("my-worker")
    ///     .build()
    ///     .unwrap();
    /// let name = rt.block_on(async {
    ///     rt_core::spawn(async { std::thread::current().name().map(String::from) }).await.unwrap()
    /// });
    /// assert_eq!(name.as_deref(), Some("my-worker"));
    /// ```
    pub fn thread_name(&mut self, val: impl Into<String>) -> &mut Self {
        let val = val.into();
        self.thread_name = Arc::new(move || val.clone());
        self
    }

    /// Names the threads the runtime starts with a function, called once
    /// per thread.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .thread_name_fn(|| {
    ///         static ID: AtomicUsize = AtomicUsize::new(0);
    ///         format!("blocking-{}", ID.fetch_add(1, Ordering::SeqCst))
    ///     })
    ///     .build()
    ///     .unwrap();
    /// # drop(rt);
    /// ```
    pub fn thread_name_fn<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn() -> String + Send + Sync + 'static,
    {
        self.thread_name = Arc::new(f);
        self
    }

    /// Sets the stack size, in bytes, of the threads the runtime starts.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .thread_stack_size(4 * 1024 * 1024)
    ///     .build()
    ///     .unwrap();
    /// // A blocking job may keep a 1 MiB array on its thread's 4 MiB stack.
    /// let sum = rt.block_on(async {
    ///     rt_core::task::spawn_blocking(|| {
    ///         let big = std::hint::black_box([1u8; 1 << 20]);
    ///         big.iter().map(|&b| u32::from(b)).sum::<u32>()
    ///     })
    ///     .await
    ///     .unwrap()
    /// });
    /// assert_eq!(sum, 1 << 20);
    /// ```
    pub fn thread_stack_size(&mut self, val: usize) -> &mut Self {
        self.thread_stack_size = Some(val);
        self
    }

    /// Runs `f` on each thread the runtime starts, before it does any work.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let started = Arc::new(AtomicUsize::new(0));
    /// let count = started.clone();
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .on_thread_start(move || {
    ///         count.fetch_add(1, Ordering::SeqCst);
    ///     })
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async { rt_core::task::spawn_blocking(|| ()).await.unwrap() });
    /// assert_eq!(started.load(Ordering::SeqCst), 1, "the blocking thread started");
    /// ```
    pub fn on_thread_start<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn() + Send + Sync + 'static,
    {
        self.after_start = Some(Arc::new(f));
        self
    }

    /// Runs `f` on each thread the runtime starts, just before it exits.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let stopped = Arc::new(AtomicUsize::new(0));
    /// let count = stopped.clone();
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .on_thread_stop(move || {
    ///         count.fetch_add(1, Ordering::SeqCst);
    ///     })
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async { rt_core::task::spawn_blocking(|| ()).await.unwrap() });
    /// rt.shutdown_timeout(std::time::Duration::from_secs(10));
    /// assert_eq!(stopped.load(Ordering::SeqCst), 1);
    /// ```
    pub fn on_thread_stop<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn() + Send + Sync + 'static,
    {
        self.before_stop = Some(Arc::new(f));
        self
    }

    /// Runs `f` just before a scheduler thread parks because it has no work
    /// (not before the non-blocking driver polls between tasks).
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let parks = Arc::new(AtomicUsize::new(0));
    /// let p = parks.clone();
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .on_thread_park(move || {
    ///         p.fetch_add(1, Ordering::SeqCst);
    ///     })
    ///     .build()
    ///     .unwrap();
    /// // The block_on future waits for a blocking task: the thread parks.
    /// rt.block_on(async { rt_core::task::spawn_blocking(|| ()).await.unwrap() });
    /// assert!(parks.load(Ordering::SeqCst) >= 1);
    /// ```
    pub fn on_thread_park<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn() + Send + Sync + 'static,
    {
        self.before_park = Some(Arc::new(f));
        self
    }

    /// Runs `f` just after a scheduler thread wakes from a park.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let unparks = Arc::new(AtomicUsize::new(0));
    /// let count = unparks.clone();
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .on_thread_unpark(move || {
    ///         count.fetch_add(1, Ordering::SeqCst);
    ///     })
    ///     .build()
    ///     .unwrap();
    /// // The thread parks until the blocking job's completion wakes it.
    /// rt.block_on(async {
    ///     rt_core::task::spawn_blocking(|| std::thread::sleep(std::time::Duration::from_millis(5)))
    ///         .await
    ///         .unwrap()
    /// });
    /// assert!(unparks.load(Ordering::SeqCst) >= 1);
    /// ```
    pub fn on_thread_unpark<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn() + Send + Sync + 'static,
    {
        self.after_unpark = Some(Arc::new(f));
        self
    }

    /// Calls `f` with each task's metadata when it is spawned (before it
    /// first runs). Hooks run on the spawning thread and must be quick;
    /// a panicking hook is contained.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let spawned = Arc::new(AtomicUsize::new(0));
    /// let s = spawned.clone();
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .on_task_spawn(move |_meta| {
    ///         s.fetch_add(1, Ordering::SeqCst);
    ///     })
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async { rt_core::spawn(async {}).await.unwrap() });
    /// assert_eq!(spawned.load(Ordering::SeqCst), 1);
    /// ```
    pub fn on_task_spawn<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn(&TaskMeta<'_>) + Send + Sync + 'static,
    {
        self.hooks.on_spawn = Some(Arc::new(f));
        self
    }

    /// Calls `f` when a task terminates (completes, panics or is
    /// cancelled), on the thread that ran it last.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let ended = Arc::new(AtomicUsize::new(0));
    /// let count = ended.clone();
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .on_task_terminate(move |_meta| {
    ///         count.fetch_add(1, Ordering::SeqCst);
    ///     })
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     rt_core::spawn(async {}).await.unwrap(); // completes
    ///     let forever = rt_core::spawn(std::future::pending::<()>());
    ///     forever.abort(); // is cancelled
    ///     assert!(forever.await.unwrap_err().is_cancelled());
    /// });
    /// assert_eq!(ended.load(Ordering::SeqCst), 2);
    /// ```
    pub fn on_task_terminate<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn(&TaskMeta<'_>) + Send + Sync + 'static,
    {
        self.hooks.on_terminate = Some(Arc::new(f));
        self
    }

    /// Calls `f` before every poll of a task, on the polling thread.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let polls = Arc::new(AtomicUsize::new(0));
    /// let count = polls.clone();
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .on_before_task_poll(move |_meta| {
    ///         count.fetch_add(1, Ordering::SeqCst);
    ///     })
    ///     .build()
    ///     .unwrap();
    /// // `yield_now` makes the task take two polls.
    /// rt.block_on(async { rt_core::spawn(rt_core::task::yield_now()).await.unwrap() });
    /// assert_eq!(polls.load(Ordering::SeqCst), 2);
    /// ```
    pub fn on_before_task_poll<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn(&TaskMeta<'_>) + Send + Sync + 'static,
    {
        self.hooks.before_poll = Some(Arc::new(f));
        self
    }

    /// Calls `f` after every poll of a task, on the polling thread.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    ///
    /// let polled = Arc::new(Mutex::new(Vec::new()));
    /// let seen = polled.clone();
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .on_after_task_poll(move |meta| seen.lock().unwrap().push(meta.id()))
    ///     .build()
    ///     .unwrap();
    /// let id = rt.block_on(async {
    ///     let task = rt_core::spawn(async {});
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
        self.hooks.after_poll = Some(Arc::new(f));
        self
    }

    /// Turns on the slow-poll detector: a single poll of a task that takes
    /// longer than `threshold` is reported (to `on_slow_poll`; without it, as
    /// a `tracing` warning with the `tracing` feature, else as a line on
    /// standard error) with the task's id, name and spawn location.
    ///
    /// A poll that blocks its worker this long stalls every task queued
    /// behind it; 10–100 ms is a sensible threshold for servers. Off by
    /// default; when on, each poll reads the clock twice.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use std::time::Duration;
    ///
    /// let slow = Arc::new(Mutex::new(Vec::new()));
    /// let s = slow.clone();
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .slow_poll_threshold(Duration::from_millis(20))
    ///     .on_slow_poll(move |report| s.lock().unwrap().push(report.task().name().map(String::from)))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     rt_core::task::Builder::new()
    ///         .name("blocker")
    ///         .spawn(async { std::thread::sleep(Duration::from_millis(50)) })
    ///         .unwrap()
    ///         .await
    ///         .unwrap();
    /// });
    /// assert_eq!(*slow.lock().unwrap(), vec![Some("blocker".to_string())]);
    /// ```
    pub fn slow_poll_threshold(&mut self, threshold: Duration) -> &mut Self {
        self.hooks.slow_poll_threshold = Some(threshold);
        self
    }

    /// Where slow polls are reported (see
    /// [`slow_poll_threshold`](Self::slow_poll_threshold)).
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use std::time::Duration;
    ///
    /// let reports = Arc::new(Mutex::new(Vec::new()));
    /// let seen = reports.clone();
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .slow_poll_threshold(Duration::from_millis(10))
    ///     .on_slow_poll(move |report| seen.lock().unwrap().push(report.to_string()))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     rt_core::spawn(async { std::thread::sleep(Duration::from_millis(30)) }).await.unwrap();
    /// });
    /// let reports = reports.lock().unwrap();
    /// assert_eq!(reports.len(), 1);
    /// assert!(reports[0].starts_with("slow poll: task "), "{}", reports[0]);
    /// ```
    pub fn on_slow_poll<F>(&mut self, f: F) -> &mut Self
    where
        F: Fn(&SlowPoll<'_>) + Send + Sync + 'static,
    {
        self.hooks.on_slow_poll = Some(Arc::new(f));
        self
    }

    /// How long an idle blocking-pool thread waits for work before it exits
    /// (default 10 seconds).
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .thread_keep_alive(Duration::from_millis(10))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async { rt_core::task::spawn_blocking(|| ()).await.unwrap() });
    /// // The idle blocking thread exits after 10 ms instead of 10 s.
    /// let deadline = Instant::now() + Duration::from_secs(10);
    /// while rt.metrics().num_blocking_threads() > 0 {
    ///     assert!(Instant::now() < deadline, "the idle thread never exited");
    ///     std::thread::sleep(Duration::from_millis(5));
    /// }
    /// ```
    pub fn thread_keep_alive(&mut self, duration: Duration) -> &mut Self {
        self.keep_alive = Some(duration);
        self
    }

    /// How many scheduler ticks between checks of the shared queue of tasks
    /// woken from other threads (default 31 on the current-thread runtime).
    ///
    /// # Panics
    ///
    /// Panics if `val` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().global_queue_interval(8).build().unwrap();
    /// // Spawned from another thread: the task waits in the shared queue.
    /// let handle = rt.handle().clone();
    /// let task = std::thread::spawn(move || handle.spawn(async { 7 })).join().unwrap();
    /// assert_eq!(rt.block_on(task).unwrap(), 7);
    /// ```
    #[track_caller]
    pub fn global_queue_interval(&mut self, val: u32) -> &mut Self {
        assert!(val > 0, "global_queue_interval must be greater than 0");
        self.global_queue_interval = Some(val);
        self
    }

    /// How many tasks run between polls of the drivers for new events
    /// (default 61).
    ///
    /// # Panics
    ///
    /// Panics if `val` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().event_interval(16).build().unwrap();
    /// assert_eq!(rt.block_on(async { rt_core::spawn(async { 1 }).await.unwrap() }), 1);
    /// ```
    #[track_caller]
    pub fn event_interval(&mut self, val: u32) -> &mut Self {
        assert!(val > 0, "event_interval must be greater than 0");
        self.event_interval = val;
        self
    }

    /// Adds a driver layer to the runtime's Park stack.
    ///
    /// When the runtime is built, the stack starts as a [`ParkThread`] and
    /// each layer, in the order added, receives the stack so far and returns
    /// the new top: a reactor replaces the thread parker with its own
    /// (dropping the one it received), a timer wraps it. Each layer may
    /// insert its driver handle into the [`Extensions`], which resources
    /// find later with [`Handle::extension`]. The `rt` facade uses this for
    /// `enable_io()` and `enable_time()`.
    ///
    /// ```
    /// use rt_core::runtime::{Builder, Handle};
    /// use std::sync::Arc;
    ///
    /// struct MyDriverHandle { name: &'static str }
    ///
    /// let rt = Builder::new_current_thread()
    ///     .driver_layer(Arc::new(|inner, ext| {
    ///         ext.insert(MyDriverHandle { name: "demo" });
    ///         Ok(inner) // a real driver wraps or replaces `inner`
    ///     }))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     let handle = Handle::current();
    ///     assert_eq!(handle.extension::<MyDriverHandle>().unwrap().name, "demo");
    /// });
    /// ```
    pub fn driver_layer(&mut self, layer: DriverLayer) -> &mut Self {
        self.layers.push(layer);
        self
    }

    /// Creates the runtime.
    ///
    /// # Errors
    ///
    /// Returns the error of a driver layer that failed to start (for
    /// example the reactor failing to create its epoll instance).
    ///
    /// # Examples
    ///
    /// A builder builds any number of runtimes with the same settings:
    ///
    /// ```
    /// let mut builder = rt_core::runtime::Builder::new_current_thread();
    /// builder.thread_name("shared-settings");
    /// let first = builder.build().unwrap();
    /// let second = builder.build().unwrap();
    /// assert_ne!(first.handle().runtime_id(), second.handle().runtime_id());
    ///
    /// // A failing layer makes `build` fail.
    /// let err = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(std::sync::Arc::new(|_park, _ext| Err(std::io::Error::other("no driver"))))
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err.to_string(), "no driver");
    /// ```
    pub fn build(&mut self) -> io::Result<Runtime> {
        let num_workers = match self.kind {
            Kind::CurrentThread => 0,
            Kind::MultiThread => self.worker_threads.unwrap_or_else(default_worker_threads),
        };
        let mut extensions = Extensions::new();
        // For layers that shard their state per worker (rt-time's wheels).
        extensions.insert(super::WorkerThreads(num_workers));
        let mut park: Box<dyn Park> = Box::new(ParkThread::new());
        for layer in &self.layers {
            park = layer(park, &mut extensions)?;
        }
        // Lookups scan in insertion order: keep the drivers' handles, which
        // every timer and socket looks up, ahead of this build-time fact.
        if let Some(workers) = extensions.remove::<super::WorkerThreads>() {
            extensions.insert(workers);
        }
        // A driver that acts only when the runtime is idle (rt-time's
        // paused clock) asked for the accounting by registering a watch.
        let idle_watch = extensions.get::<super::IdleWatch>().cloned();
        let blocking_pool = BlockingPool::new(PoolConfig {
            idle_watch: idle_watch.clone(),
            thread_cap: self.max_blocking_threads,
            keep_alive: self.keep_alive.unwrap_or(Duration::from_secs(10)),
            thread_name: self.thread_name.clone(),
            stack_size: self.thread_stack_size,
            after_start: self.after_start.clone(),
            before_stop: self.before_stop.clone(),
        });
        static RUNTIME_ID: AtomicU64 = AtomicU64::new(1);
        let common = Common {
            blocking: blocking_pool.spawner().clone(),
            extensions,
            runtime_id: RUNTIME_ID.fetch_add(1, Ordering::Relaxed),
            flavor: match self.kind {
                Kind::CurrentThread => super::RuntimeFlavor::CurrentThread,
                Kind::MultiThread => super::RuntimeFlavor::MultiThread,
            },
            before_park: self.before_park.clone(),
            after_unpark: self.after_unpark.clone(),
            hooks: (!self.hooks.is_empty()).then(|| Arc::new(self.hooks.clone())),
            idle_watch,
        };
        match self.kind {
            Kind::CurrentThread => {
                let config = current_thread::Config {
                    global_queue_interval: self
                        .global_queue_interval
                        .unwrap_or(DEFAULT_CT_GLOBAL_QUEUE_INTERVAL),
                    event_interval: self.event_interval,
                };
                let (scheduler, handle) = current_thread::CurrentThread::new(park, common, config);
                Ok(Runtime::from_parts(
                    Scheduler::CurrentThread(scheduler),
                    Handle {
                        inner: scheduler::Handle::CurrentThread(handle),
                    },
                    blocking_pool,
                ))
            }
            Kind::MultiThread => {
                let config = multi_thread::Config {
                    num_workers,
                    global_queue_interval: self
                        .global_queue_interval
                        .unwrap_or(DEFAULT_MT_GLOBAL_QUEUE_INTERVAL),
                    event_interval: self.event_interval,
                    spin_before_park: std::thread::available_parallelism()
                        .is_ok_and(|cpus| cpus.get() > 1 && num_workers <= cpus.get()),
                };
                let mt = multi_thread::Handle::new(park, common, config);
                let handle = scheduler::Handle::MultiThread(mt.clone());
                multi_thread::Handle::start_workers(&mt, &handle);
                Ok(Runtime::from_parts(
                    Scheduler::MultiThread,
                    Handle { inner: handle },
                    blocking_pool,
                ))
            }
        }
    }
}

/// `RT_WORKER_THREADS` if set, else the available parallelism.
///
/// # Panics
///
/// Panics if `RT_WORKER_THREADS` is set but not a positive integer.
fn default_worker_threads() -> usize {
    match std::env::var("RT_WORKER_THREADS") {
        Ok(s) => match s.trim().parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => panic!(
                "the RT_WORKER_THREADS environment variable must be a positive integer, got {s:?}"
            ),
        },
        Err(_) => std::thread::available_parallelism().map_or(1, |n| n.get()),
    }
}

impl fmt::Debug for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builder")
            .field("kind", &self.kind)
            .field("worker_threads", &self.worker_threads)
            .field("max_blocking_threads", &self.max_blocking_threads)
            .field("thread_stack_size", &self.thread_stack_size)
            .field("keep_alive", &self.keep_alive)
            .field("global_queue_interval", &self.global_queue_interval)
            .field("event_interval", &self.event_interval)
            .field("driver_layers", &self.layers.len())
            .finish_non_exhaustive()
    }
}
