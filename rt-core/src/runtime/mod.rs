//! The runtime: a scheduler, a blocking pool, and the drivers stacked as
//! Park layers.
//!
//! Most programs use `#[rt::main]` or the `rt` facade's `Builder`, which
//! also enables the I/O and time drivers. This module is the driver-less
//! core: enough for a compute executor, and the seams (Park layers,
//! extensions) that driver crates plug into.
//!
//! ```
//! use rt_core::runtime::Builder;
//!
//! let rt = Builder::new_current_thread().build().unwrap();
//! let out = rt.block_on(async {
//!     let a = rt_core::spawn(async { 1 });
//!     let b = rt_core::spawn(async { 2 });
//!     a.await.unwrap() + b.await.unwrap()
//! });
//! assert_eq!(out, 3);
//! ```

mod builder;
pub(crate) mod context;
mod driver_metrics;
mod dump;
mod ext;
mod handle;
pub(crate) mod hooks;
pub(crate) mod idle_watch;
pub(crate) mod park;
mod rt;

pub use builder::{Builder, DriverLayer};
pub use driver_metrics::{IoDriverMetrics, TimerDriverMetrics};
pub use dump::{Dump, TaskDump, TaskState};
pub use ext::Extensions;
pub use handle::{EnterGuard, Handle, RuntimeFlavor, TryCurrentError};
pub use hooks::{SlowPoll, TaskMeta};
pub use idle_watch::{IdleWatch, Idleness};
pub use park::{Park, ParkThread, Unpark};
pub use rt::{Runtime, RuntimeMetrics};

/// Returns `true` when the current thread is driving a runtime: inside
/// `Runtime::block_on`, or on a worker thread (outside `block_in_place`).
///
/// Blocking there would stall the runtime, so synchronous `blocking_*` APIs
/// (in rt-sync and elsewhere) check this and panic with guidance. Blocking
/// pool threads and threads that merely entered a runtime with
/// `Runtime::enter` are not driving it.
///
/// ```
/// use rt_core::runtime::{is_driving_runtime, Builder};
///
/// assert!(!is_driving_runtime());
/// let rt = Builder::new_current_thread().build().unwrap();
/// assert!(rt.block_on(async { is_driving_runtime() }));
/// let on_blocking = rt.block_on(rt.spawn_blocking(is_driving_runtime)).unwrap();
/// assert!(!on_blocking);
/// ```
pub fn is_driving_runtime() -> bool {
    context::is_runtime_entered()
}

/// How many worker threads run a runtime's tasks in parallel, each with an
/// index that [`current_worker_index`] returns on it: `worker_threads` on
/// the multi-thread runtime, 0 on the current-thread runtime (its tasks run
/// on the thread in `block_on`).
///
/// [`Builder::build`] inserts it into the [`Extensions`] before any
/// [driver layer](Builder::driver_layer) runs, so that a driver can shard
/// its state per worker (rt-time keeps one timer wheel per worker).
///
/// ```
/// use rt_core::runtime::{Builder, Handle, WorkerThreads};
///
/// let rt = Builder::new_multi_thread().worker_threads(3).build().unwrap();
/// let n = rt.block_on(async { Handle::current().extension::<WorkerThreads>().unwrap().0 });
/// assert_eq!(n, 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerThreads(pub usize);

/// The index (`0..worker_threads`) of the multi-thread runtime worker the
/// current thread runs as, or `None` on any other thread (the thread in
/// `block_on`, a blocking-pool thread, a current-thread runtime, no
/// runtime). A thread in `block_in_place` keeps its index while another
/// thread runs that worker's queue.
///
/// Drivers use it to pick per-worker state; it is a hint for locality,
/// never needed for correctness.
///
/// ```
/// use rt_core::runtime::{current_worker_index, Builder};
///
/// assert_eq!(current_worker_index(), None);
/// let rt = Builder::new_multi_thread().worker_threads(2).build().unwrap();
/// let on_worker = rt.block_on(async { rt_core::spawn(async { current_worker_index() }).await });
/// assert!(on_worker.unwrap().is_some_and(|i| i < 2));
/// assert_eq!(rt.block_on(async { current_worker_index() }), None);
/// ```
pub fn current_worker_index() -> Option<usize> {
    context::with_scheduler(|cx| match cx {
        Some(crate::scheduler::Context::MultiThread(cx)) => Some(cx.index()),
        _ => None,
    })
}
