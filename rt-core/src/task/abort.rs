use super::id::Id;
use super::raw::RawTask;
use std::fmt;
use std::panic::{RefUnwindSafe, UnwindSafe};

/// An owned permission to abort a spawned task, without awaiting its
/// completion. Obtained from [`JoinHandle::abort_handle`](super::JoinHandle::abort_handle).
///
/// Unlike a `JoinHandle`, dropping an `AbortHandle` does nothing to the task.
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let handle = rt_core::spawn(std::future::pending::<()>());
///     let abort = handle.abort_handle();
///     assert!(!abort.is_finished());
///     abort.abort();
///     assert!(handle.await.unwrap_err().is_cancelled());
///     assert!(abort.is_finished());
/// });
/// ```
pub struct AbortHandle {
    raw: RawTask,
}

impl AbortHandle {
    pub(super) fn new(raw: RawTask) -> AbortHandle {
        AbortHandle { raw }
    }

    /// Aborts the task, as [`JoinHandle::abort`](super::JoinHandle::abort).
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let task = rt_core::spawn(std::future::pending::<()>());
    ///     let abort = task.abort_handle();
    ///     // The handle can be sent elsewhere; aborting needs no JoinHandle.
    ///     std::thread::spawn(move || abort.abort()).join().unwrap();
    ///     assert!(task.await.unwrap_err().is_cancelled());
    /// });
    /// ```
    pub fn abort(&self) {
        self.raw.remote_abort();
    }

    /// Returns `true` once the task has terminated.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let task = rt_core::spawn(async { 1 });
    ///     let abort = task.abort_handle();
    ///     assert!(!abort.is_finished(), "not run yet");
    ///     assert_eq!(task.await.unwrap(), 1);
    ///     assert!(abort.is_finished());
    /// });
    /// ```
    pub fn is_finished(&self) -> bool {
        self.raw.header().state.load().is_complete()
    }

    /// Returns the task's [`Id`].
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let task = rt_core::spawn(async {});
    ///     assert_eq!(task.abort_handle().id(), task.id());
    /// });
    /// ```
    pub fn id(&self) -> Id {
        self.raw.id()
    }
}

impl Clone for AbortHandle {
    fn clone(&self) -> AbortHandle {
        self.raw.ref_inc();
        AbortHandle { raw: self.raw }
    }
}

impl Drop for AbortHandle {
    fn drop(&mut self) {
        // SAFETY: the handle owns one reference.
        unsafe { self.raw.drop_reference() }
    }
}

impl UnwindSafe for AbortHandle {}
impl RefUnwindSafe for AbortHandle {}

impl fmt::Debug for AbortHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AbortHandle")
            .field("id", &self.id())
            .finish()
    }
}
