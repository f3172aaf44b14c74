use super::context;
use super::handle::{EnterGuard, Handle};
use super::{IoDriverMetrics, TimerDriverMetrics};
use crate::blocking::BlockingPool;
use crate::scheduler::{self, current_thread::CurrentThread, multi_thread};
use crate::task::JoinHandle;
use std::fmt;
use std::future::Future;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// The runtime: a task scheduler, a blocking pool and the drivers.
///
/// Build one with [`Builder`](super::Builder). Dropping it shuts it down:
/// every task is cancelled (its future dropped on the dropping thread, the
/// runtime context still entered), queued blocking work is cancelled, and
/// running blocking work is waited for (use
/// [`shutdown_timeout`](Runtime::shutdown_timeout) to bound that wait).
///
/// ```
/// use rt_core::runtime::Builder;
///
/// let rt = Builder::new_current_thread().build().unwrap();
/// let v = rt.block_on(async { rt_core::spawn(async { 40 + 2 }).await.unwrap() });
/// assert_eq!(v, 42);
/// ```
pub struct Runtime {
    scheduler: Scheduler,
    handle: Handle,
    blocking_pool: BlockingPool,
}

pub(super) enum Scheduler {
    CurrentThread(CurrentThread),
    /// Worker threads own everything; the handle reaches it.
    MultiThread,
}

impl Runtime {
    pub(super) fn from_parts(
        scheduler: Scheduler,
        handle: Handle,
        blocking_pool: BlockingPool,
    ) -> Runtime {
        Runtime {
            scheduler,
            handle,
            blocking_pool,
        }
    }

    /// Creates a runtime with default settings and no drivers:
    /// `Builder::new_multi_thread().build()`.
    ///
    /// rt-core alone has no I/O or time drivers; the `rt` facade's
    /// `Runtime::new` enables them.
    ///
    /// # Errors
    ///
    /// Returns an error if the runtime cannot be built.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_core::runtime::{Runtime, RuntimeFlavor};
    ///
    /// let rt = Runtime::new().unwrap();
    /// assert_eq!(rt.handle().runtime_flavor(), RuntimeFlavor::MultiThread);
    /// assert_eq!(rt.block_on(async { rt_core::spawn(async { 1 }).await.unwrap() }), 1);
    /// ```
    pub fn new() -> std::io::Result<Runtime> {
        super::Builder::new_multi_thread().build()
    }

    /// Runs a future to completion on this thread, driving the runtime's
    /// tasks and drivers meanwhile. This is the runtime's entry point.
    ///
    /// Several threads may call `block_on` on the same runtime at once: one
    /// of them drives the scheduler, the others drive only their own future
    /// until the scheduler is free.
    ///
    /// # Panics
    ///
    /// Panics when called inside an async context (a thread already driving
    /// a runtime): a runtime cannot be started from within a runtime.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// assert_eq!(rt.block_on(async { "done" }), "done");
    /// ```
    #[track_caller]
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        context::enter_runtime(&self.handle.inner, || {
            match (&self.scheduler, &self.handle.inner) {
                (Scheduler::CurrentThread(s), scheduler::Handle::CurrentThread(h)) => {
                    s.block_on(h, future)
                }
                (_, scheduler::Handle::MultiThread(h)) => multi_thread::Handle::block_on(h, future),
                (Scheduler::MultiThread, scheduler::Handle::CurrentThread(_)) => {
                    unreachable!("scheduler and handle flavours always match")
                }
            }
        })
    }

    /// Spawns a future onto the runtime; see [`Handle::spawn`].
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let join = rt.spawn(async { 7 });
    /// assert_eq!(rt.block_on(join).unwrap(), 7);
    /// ```
    #[track_caller]
    pub fn spawn<F>(&self, future: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.handle.spawn(future)
    }

    /// Runs a blocking function on the blocking pool; see
    /// [`Handle::spawn_blocking`].
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let join = rt.spawn_blocking(|| 7);
    /// assert_eq!(rt.block_on(join).unwrap(), 7);
    /// ```
    #[track_caller]
    pub fn spawn_blocking<F, R>(&self, f: F) -> JoinHandle<R>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        self.handle.spawn_blocking(f)
    }

    /// The runtime's [`Handle`].
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let handle = rt.handle().clone();
    /// let task = std::thread::spawn(move || handle.spawn(async { 3 })).join().unwrap();
    /// assert_eq!(rt.block_on(task).unwrap(), 3);
    /// ```
    pub fn handle(&self) -> &Handle {
        &self.handle
    }

    /// Enters the runtime's context; see [`Handle::enter`].
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let task = {
    ///     let _guard = rt.enter();
    ///     rt_core::spawn(async { "spawned outside block_on" })
    /// };
    /// assert_eq!(rt.block_on(task).unwrap(), "spawned outside block_on");
    /// ```
    pub fn enter(&self) -> EnterGuard<'_> {
        self.handle.enter()
    }

    /// Shuts the runtime down, waiting at most `duration` for blocking work
    /// that is still running. Tasks are cancelled as on drop; blocking
    /// threads still busy after `duration` are detached (they finish on
    /// their own, and their results are discarded).
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.spawn_blocking(|| std::thread::sleep(Duration::from_secs(2)));
    /// let start = Instant::now();
    /// rt.shutdown_timeout(Duration::from_millis(50));
    /// assert!(start.elapsed() < Duration::from_secs(2));
    /// ```
    pub fn shutdown_timeout(mut self, duration: Duration) {
        self.shutdown_scheduler();
        self.blocking_pool.shutdown(Some(duration));
    }

    /// Shuts the runtime down without waiting for blocking work; the same
    /// as `shutdown_timeout(Duration::ZERO)`. Useful to drop a runtime from
    /// inside an async context.
    ///
    /// ```
    /// let outer = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// outer.block_on(async {
    ///     let inner = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    ///     inner.spawn_blocking(|| std::thread::sleep(std::time::Duration::from_secs(1)));
    ///     // Inside an async context: shut down without waiting for the job.
    ///     inner.shutdown_background();
    /// });
    /// ```
    pub fn shutdown_background(self) {
        self.shutdown_timeout(Duration::ZERO);
    }

    fn shutdown_scheduler(&mut self) {
        // Futures dropped during shutdown may use `Handle::current()`.
        let _current = context::set_current(&self.handle.inner);
        match (&self.scheduler, &self.handle.inner) {
            (Scheduler::CurrentThread(s), scheduler::Handle::CurrentThread(h)) => s.shutdown(h),
            // Workers cancel the tasks and exit; the blocking pool's
            // shutdown (next) waits for their threads.
            (_, scheduler::Handle::MultiThread(h)) => h.shutdown(),
            (Scheduler::MultiThread, scheduler::Handle::CurrentThread(_)) => {
                unreachable!("scheduler and handle flavours always match")
            }
        }
    }

    /// Runtime metrics; see [`RuntimeMetrics`].
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_multi_thread().worker_threads(2).build().unwrap();
    /// assert_eq!(rt.metrics().num_workers(), 2);
    /// ```
    pub fn metrics(&self) -> RuntimeMetrics {
        self.handle.metrics()
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        self.shutdown_scheduler();
        // Dropping a runtime inside an async context must not block that
        // thread's runtime on blocking work: do not wait there.
        if context::is_runtime_entered() {
            self.blocking_pool.shutdown(Some(Duration::ZERO));
        }
        // Otherwise the pool's own Drop waits for running blocking work.
    }
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runtime")
            .field("handle", &self.handle)
            .finish()
    }
}

/// A snapshot view of a runtime's counters. Reading a metric takes at most
/// a short lock of the structure it describes and never blocks workers for
/// long.
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// let m = rt.metrics();
/// assert_eq!(m.num_workers(), 1);
/// let _pending = rt.spawn(std::future::pending::<()>());
/// assert_eq!(m.num_alive_tasks(), 1);
/// ```
#[derive(Clone)]
pub struct RuntimeMetrics {
    handle: scheduler::Handle,
}

impl RuntimeMetrics {
    pub(crate) fn new(handle: scheduler::Handle) -> RuntimeMetrics {
        RuntimeMetrics { handle }
    }

    /// Number of worker threads running tasks (1 on the current-thread
    /// runtime).
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_multi_thread().worker_threads(2).build().unwrap();
    /// let m = rt.metrics();
    /// assert_eq!(m.num_workers(), 2);
    /// let ct = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// assert_eq!(ct.metrics().num_workers(), 1);
    /// ```
    pub fn num_workers(&self) -> usize {
        match &self.handle {
            scheduler::Handle::CurrentThread(_) => 1,
            scheduler::Handle::MultiThread(h) => h.num_workers(),
        }
    }

    /// Number of tasks waiting in the global (injection) queue: tasks
    /// spawned or woken from outside the worker threads.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let m = rt.metrics();
    /// // Spawned from outside the runtime: queued in the global queue.
    /// let task = rt.spawn(async {});
    /// assert_eq!(m.global_queue_depth(), 1);
    /// rt.block_on(task).unwrap();
    /// assert_eq!(m.global_queue_depth(), 0);
    /// ```
    pub fn global_queue_depth(&self) -> usize {
        match &self.handle {
            scheduler::Handle::CurrentThread(h) => h.injection_queue_depth(),
            scheduler::Handle::MultiThread(h) => h.injection_queue_depth(),
        }
    }

    /// Times worker `worker` has parked (0 on the current-thread runtime).
    /// Worker counters are published when the worker parks and every
    /// `event_interval` ticks, so they may lag slightly.
    ///
    /// # Panics
    ///
    /// Panics if `worker >= num_workers()`.
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_multi_thread().worker_threads(2).build().unwrap();
    /// let m = rt.metrics();
    /// use std::time::{Duration, Instant};
    ///
    /// // Each task wakes a worker, which parks again once it is done.
    /// let deadline = Instant::now() + Duration::from_secs(10);
    /// while (0..2).map(|w| m.worker_park_count(w)).sum::<u64>() == 0 {
    ///     assert!(Instant::now() < deadline);
    ///     rt.block_on(async { rt_core::spawn(async {}).await.unwrap() });
    ///     std::thread::sleep(Duration::from_millis(1));
    /// }
    /// ```
    pub fn worker_park_count(&self, worker: usize) -> u64 {
        self.worker_metric(worker, |m| m.park_count.load(Ordering::Relaxed))
    }

    /// Tasks worker `worker` has stolen from other workers.
    ///
    /// # Panics
    ///
    /// Panics if `worker >= num_workers()`.
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_multi_thread().worker_threads(2).build().unwrap();
    /// let m = rt.metrics();
    /// rt.block_on(async {
    ///     let tasks: Vec<_> = (0..64).map(|_| rt_core::spawn(rt_core::task::yield_now())).collect();
    ///     for t in tasks {
    ///         t.await.unwrap();
    ///     }
    /// });
    /// // Whether the idle worker stole any of them depends on timing.
    /// let stolen: u64 = (0..m.num_workers()).map(|w| m.worker_steal_count(w)).sum();
    /// println!("{stolen} task(s) stolen");
    /// ```
    pub fn worker_steal_count(&self, worker: usize) -> u64 {
        self.worker_metric(worker, |m| m.steal_count.load(Ordering::Relaxed))
    }

    /// Task polls worker `worker` has performed.
    ///
    /// # Panics
    ///
    /// Panics if `worker >= num_workers()`.
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_multi_thread().worker_threads(1).build().unwrap();
    /// let m = rt.metrics();
    /// rt.block_on(async { rt_core::spawn(async {}).await.unwrap() });
    /// // Published when the worker parks, which it does once idle.
    /// let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    /// while m.worker_poll_count(0) == 0 {
    ///     assert!(std::time::Instant::now() < deadline);
    ///     std::thread::sleep(std::time::Duration::from_millis(1));
    /// }
    /// ```
    pub fn worker_poll_count(&self, worker: usize) -> u64 {
        self.worker_metric(worker, |m| m.poll_count.load(Ordering::Relaxed))
    }

    /// Time worker `worker` has spent outside its parks.
    ///
    /// # Panics
    ///
    /// Panics if `worker >= num_workers()`.
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_multi_thread().worker_threads(1).build().unwrap();
    /// let m = rt.metrics();
    /// use std::time::{Duration, Instant};
    ///
    /// rt.block_on(async { rt_core::spawn(async { std::thread::sleep(Duration::from_millis(20)) }).await.unwrap() });
    /// let deadline = Instant::now() + Duration::from_secs(10);
    /// while m.worker_total_busy_duration(0) < Duration::from_millis(20) {
    ///     assert!(Instant::now() < deadline, "published when the worker parks");
    ///     std::thread::sleep(Duration::from_millis(1));
    /// }
    /// ```
    pub fn worker_total_busy_duration(&self, worker: usize) -> Duration {
        Duration::from_nanos(self.worker_metric(worker, |m| m.busy_nanos.load(Ordering::Relaxed)))
    }

    /// Mean time worker `worker` spends per task poll: an exponentially
    /// weighted average (each poll weighs 10%) of busy time divided by
    /// polls, folded in once per busy period (one clock read each, none
    /// per poll). It includes the scheduling work between polls, so it is
    /// an upper bound of the pure poll time; 0 before the worker first
    /// parked, and on the current-thread runtime.
    ///
    /// # Panics
    ///
    /// Panics if `worker >= num_workers()`.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_multi_thread().worker_threads(1).build().unwrap();
    /// let m = rt.metrics();
    /// rt.block_on(async { rt_core::spawn(async {}).await.unwrap() });
    /// // Published when the worker parks; a microsecond-scale value.
    /// assert!(m.worker_mean_poll_time(0) < std::time::Duration::from_secs(1));
    /// ```
    pub fn worker_mean_poll_time(&self, worker: usize) -> Duration {
        Duration::from_nanos(
            self.worker_metric(worker, |m| m.mean_poll_nanos.load(Ordering::Relaxed)),
        )
    }

    /// Tasks in worker `worker`'s local run queue right now (0 on the
    /// current-thread runtime, whose queue is not shared).
    ///
    /// # Panics
    ///
    /// Panics if `worker >= num_workers()`.
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_multi_thread().worker_threads(2).build().unwrap();
    /// let m = rt.metrics();
    /// let queued: usize = (0..m.num_workers()).map(|w| m.worker_local_queue_depth(w)).sum();
    /// assert_eq!(queued, 0, "nothing spawned");
    /// ```
    pub fn worker_local_queue_depth(&self, worker: usize) -> usize {
        assert!(
            worker < self.num_workers(),
            "worker index {worker} out of range"
        );
        match &self.handle {
            scheduler::Handle::CurrentThread(_) => 0,
            scheduler::Handle::MultiThread(h) => h.worker_local_queue_depth(worker),
        }
    }

    fn worker_metric(
        &self,
        worker: usize,
        f: impl FnOnce(&multi_thread::WorkerMetrics) -> u64,
    ) -> u64 {
        assert!(
            worker < self.num_workers(),
            "worker index {worker} out of range"
        );
        match &self.handle {
            scheduler::Handle::CurrentThread(_) => 0,
            scheduler::Handle::MultiThread(h) => f(h.worker_metrics(worker)),
        }
    }

    /// Number of tasks spawned and not yet terminated.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let m = rt.metrics();
    /// let task = rt.spawn(std::future::pending::<()>());
    /// assert_eq!(m.num_alive_tasks(), 1);
    /// task.abort();
    /// assert!(rt.block_on(task).unwrap_err().is_cancelled());
    /// assert_eq!(m.num_alive_tasks(), 0, "on the current-thread runtime, gone once joined");
    /// ```
    pub fn num_alive_tasks(&self) -> usize {
        self.handle.num_alive_tasks()
    }

    /// Number of threads in the blocking pool (busy or idle).
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let m = rt.metrics();
    /// assert_eq!(m.num_blocking_threads(), 0);
    /// rt.block_on(async { rt_core::task::spawn_blocking(|| ()).await.unwrap() });
    /// assert_eq!(m.num_blocking_threads(), 1, "kept alive for the next job");
    /// ```
    pub fn num_blocking_threads(&self) -> usize {
        self.handle.common().blocking.num_threads()
    }

    /// Number of idle threads in the blocking pool.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let m = rt.metrics();
    /// use std::time::{Duration, Instant};
    ///
    /// rt.block_on(async { rt_core::task::spawn_blocking(|| ()).await.unwrap() });
    /// // The thread goes idle just after it hands the result over.
    /// let deadline = Instant::now() + Duration::from_secs(10);
    /// while m.num_idle_blocking_threads() != 1 {
    ///     assert!(Instant::now() < deadline);
    ///     std::thread::sleep(Duration::from_millis(1));
    /// }
    /// ```
    pub fn num_idle_blocking_threads(&self) -> usize {
        self.handle.common().blocking.num_idle_threads()
    }

    /// Number of blocking tasks waiting for a thread.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().max_blocking_threads(1).build().unwrap();
    /// let m = rt.metrics();
    /// let (started_tx, started) = std::sync::mpsc::channel();
    /// let (tx, rx) = std::sync::mpsc::channel::<()>();
    /// let first = rt.spawn_blocking(move || {
    ///     started_tx.send(()).unwrap();
    ///     rx.recv()
    /// });
    /// started.recv().unwrap();
    /// let second = rt.spawn_blocking(|| ());
    /// // One thread, busy with the first job: the second waits in the queue.
    /// assert_eq!(m.blocking_queue_depth(), 1);
    /// drop(tx);
    /// rt.block_on(async {
    ///     let _ = first.await.unwrap();
    ///     second.await.unwrap();
    /// });
    /// assert_eq!(m.blocking_queue_depth(), 0);
    /// ```
    pub fn blocking_queue_depth(&self) -> usize {
        self.handle.common().blocking.queue_depth()
    }

    fn io(&self) -> Option<&IoDriverMetrics> {
        let ext = &self.handle.common().extensions;
        ext.get::<Arc<IoDriverMetrics>>().map(|m| &**m)
    }

    fn timer(&self) -> Option<&TimerDriverMetrics> {
        let ext = &self.handle.common().extensions;
        ext.get::<Arc<TimerDriverMetrics>>().map(|m| &**m)
    }

    /// Number of I/O sources (sockets, pipes, `AsyncFd`s) registered with
    /// the runtime's reactor so far; 0 without the I/O driver.
    ///
    /// ```
    /// use rt_core::runtime::{Builder, IoDriverMetrics};
    /// use std::sync::Arc;
    ///
    /// // What a driver layer does: publish its counters in the extensions.
    /// let counters = Arc::new(IoDriverMetrics::default());
    /// let published = counters.clone();
    /// let rt = Builder::new_current_thread()
    ///     .driver_layer(Arc::new(move |park, ext| {
    ///         ext.insert(published.clone());
    ///         Ok(park)
    ///     }))
    ///     .build()
    ///     .unwrap();
    /// counters.record_registered();
    /// assert_eq!(rt.metrics().io_driver_fd_registered_count(), 1);
    /// ```
    pub fn io_driver_fd_registered_count(&self) -> u64 {
        self.io().map_or(0, IoDriverMetrics::fd_registered_count)
    }

    /// Number of I/O sources deregistered so far (registered minus
    /// deregistered is the number currently registered).
    ///
    /// ```
    /// use rt_core::runtime::{Builder, IoDriverMetrics};
    /// use std::sync::Arc;
    ///
    /// // What a driver layer does: publish its counters in the extensions.
    /// let counters = Arc::new(IoDriverMetrics::default());
    /// let published = counters.clone();
    /// let rt = Builder::new_current_thread()
    ///     .driver_layer(Arc::new(move |park, ext| {
    ///         ext.insert(published.clone());
    ///         Ok(park)
    ///     }))
    ///     .build()
    ///     .unwrap();
    /// counters.record_registered();
    /// counters.record_deregistered();
    /// let m = rt.metrics();
    /// assert_eq!(m.io_driver_fd_registered_count() - m.io_driver_fd_deregistered_count(), 0);
    /// ```
    pub fn io_driver_fd_deregistered_count(&self) -> u64 {
        self.io().map_or(0, IoDriverMetrics::fd_deregistered_count)
    }

    /// Number of readiness events the reactor has delivered to sources.
    ///
    /// ```
    /// use rt_core::runtime::{Builder, IoDriverMetrics};
    /// use std::sync::Arc;
    ///
    /// // What a driver layer does: publish its counters in the extensions.
    /// let counters = Arc::new(IoDriverMetrics::default());
    /// let published = counters.clone();
    /// let rt = Builder::new_current_thread()
    ///     .driver_layer(Arc::new(move |park, ext| {
    ///         ext.insert(published.clone());
    ///         Ok(park)
    ///     }))
    ///     .build()
    ///     .unwrap();
    /// counters.record_ready(3);
    /// assert_eq!(rt.metrics().io_driver_ready_count(), 3);
    /// // Without such a driver, 0.
    /// let bare = Builder::new_current_thread().build().unwrap();
    /// assert_eq!(bare.metrics().io_driver_ready_count(), 0);
    /// ```
    pub fn io_driver_ready_count(&self) -> u64 {
        self.io().map_or(0, IoDriverMetrics::ready_count)
    }

    /// Number of timers (sleeps, timeouts, interval ticks) registered with
    /// the runtime's timer wheel so far; 0 without the time driver.
    ///
    /// ```
    /// use rt_core::runtime::{Builder, TimerDriverMetrics};
    /// use std::sync::Arc;
    ///
    /// // What a driver layer does: publish its counters in the extensions.
    /// let counters = Arc::new(TimerDriverMetrics::default());
    /// let published = counters.clone();
    /// let rt = Builder::new_current_thread()
    ///     .driver_layer(Arc::new(move |park, ext| {
    ///         ext.insert(published.clone());
    ///         Ok(park)
    ///     }))
    ///     .build()
    ///     .unwrap();
    /// counters.record_registered();
    /// assert_eq!(rt.metrics().timer_registered_count(), 1);
    /// ```
    pub fn timer_registered_count(&self) -> u64 {
        self.timer().map_or(0, TimerDriverMetrics::registered_count)
    }

    /// Number of timers that reached their deadline in the wheel.
    ///
    /// ```
    /// use rt_core::runtime::{Builder, TimerDriverMetrics};
    /// use std::sync::Arc;
    ///
    /// // What a driver layer does: publish its counters in the extensions.
    /// let counters = Arc::new(TimerDriverMetrics::default());
    /// let published = counters.clone();
    /// let rt = Builder::new_current_thread()
    ///     .driver_layer(Arc::new(move |park, ext| {
    ///         ext.insert(published.clone());
    ///         Ok(park)
    ///     }))
    ///     .build()
    ///     .unwrap();
    /// counters.record_fired(2);
    /// assert_eq!(rt.metrics().timer_fired_count(), 2);
    /// ```
    pub fn timer_fired_count(&self) -> u64 {
        self.timer().map_or(0, TimerDriverMetrics::fired_count)
    }
}

impl fmt::Debug for RuntimeMetrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuntimeMetrics")
            .field("num_workers", &self.num_workers())
            .field("num_alive_tasks", &self.num_alive_tasks())
            .finish()
    }
}
