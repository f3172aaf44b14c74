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
    pub fn handle(&self) -> &Handle {
        &self.handle
    }

    /// Enters the runtime's context; see [`Handle::enter`].
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
    pub fn num_workers(&self) -> usize {
        match &self.handle {
            scheduler::Handle::CurrentThread(_) => 1,
            scheduler::Handle::MultiThread(h) => h.num_workers(),
        }
    }

    /// Number of tasks waiting in the global (injection) queue: tasks
    /// spawned or woken from outside the worker threads.
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
    pub fn worker_park_count(&self, worker: usize) -> u64 {
        self.worker_metric(worker, |m| m.park_count.load(Ordering::Relaxed))
    }

    /// Tasks worker `worker` has stolen from other workers.
    ///
    /// # Panics
    ///
    /// Panics if `worker >= num_workers()`.
    pub fn worker_steal_count(&self, worker: usize) -> u64 {
        self.worker_metric(worker, |m| m.steal_count.load(Ordering::Relaxed))
    }

    /// Task polls worker `worker` has performed.
    ///
    /// # Panics
    ///
    /// Panics if `worker >= num_workers()`.
    pub fn worker_poll_count(&self, worker: usize) -> u64 {
        self.worker_metric(worker, |m| m.poll_count.load(Ordering::Relaxed))
    }

    /// Time worker `worker` has spent outside its parks.
    ///
    /// # Panics
    ///
    /// Panics if `worker >= num_workers()`.
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
    pub fn num_alive_tasks(&self) -> usize {
        self.handle.num_alive_tasks()
    }

    /// Number of threads in the blocking pool (busy or idle).
    pub fn num_blocking_threads(&self) -> usize {
        self.handle.common().blocking.num_threads()
    }

    /// Number of idle threads in the blocking pool.
    pub fn num_idle_blocking_threads(&self) -> usize {
        self.handle.common().blocking.num_idle_threads()
    }

    /// Number of blocking tasks waiting for a thread.
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
    pub fn io_driver_fd_registered_count(&self) -> u64 {
        self.io().map_or(0, IoDriverMetrics::fd_registered_count)
    }

    /// Number of I/O sources deregistered so far (registered minus
    /// deregistered is the number currently registered).
    pub fn io_driver_fd_deregistered_count(&self) -> u64 {
        self.io().map_or(0, IoDriverMetrics::fd_deregistered_count)
    }

    /// Number of readiness events the reactor has delivered to sources.
    pub fn io_driver_ready_count(&self) -> u64 {
        self.io().map_or(0, IoDriverMetrics::ready_count)
    }

    /// Number of timers (sleeps, timeouts, interval ticks) registered with
    /// the runtime's timer wheel so far; 0 without the time driver.
    pub fn timer_registered_count(&self) -> u64 {
        self.timer().map_or(0, TimerDriverMetrics::registered_count)
    }

    /// Number of timers that reached their deadline in the wheel.
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
