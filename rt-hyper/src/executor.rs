//! [`RtExecutor`]: hyper's executor trait over `rt_core::spawn`.

use std::future::Future;

/// Runs the futures hyper hands off (HTTP/2 streams, background
/// connection tasks) as rt tasks, with `rt_core::spawn` (the facade's
/// `rt::spawn`).
///
/// Each future becomes a detached task on the runtime that is current when
/// hyper calls [`execute`](hyper::rt::Executor::execute): hyper calls it
/// from inside the connection's own task, so that is the runtime serving
/// the connection.
///
/// # Panics
///
/// `execute` panics when called outside an rt runtime.
///
/// # Examples
///
/// ```
/// use hyper::rt::Executor;
/// use rt_hyper::RtExecutor;
///
/// let rt = rt::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let (tx, rx) = rt::sync::oneshot::channel();
///     RtExecutor::new().execute(async move {
///         tx.send(42).unwrap();
///     });
///     assert_eq!(rx.await.unwrap(), 42);
/// });
/// ```
#[derive(Debug, Default, Clone, Copy)]
pub struct RtExecutor {
    _private: (),
}

impl RtExecutor {
    /// An executor that spawns on the current runtime.
    ///
    /// ```
    /// let exec = rt_hyper::RtExecutor::new();
    /// # let _ = exec;
    /// ```
    pub const fn new() -> RtExecutor {
        RtExecutor { _private: () }
    }
}

impl<F> hyper::rt::Executor<F> for RtExecutor
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    #[track_caller]
    fn execute(&self, fut: F) {
        // Detached: hyper keeps its own handles (channels) to the future.
        drop(rt_core::spawn(fut));
    }
}
