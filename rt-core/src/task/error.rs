use super::id::Id;
use std::any::Any;
use std::fmt;
use std::io;

/// A task failed to execute to completion: it panicked or was cancelled.
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let err = rt_core::spawn(async { panic!("boom") }).await.unwrap_err();
///     assert!(err.is_panic());
///     let payload = err.into_panic();
///     assert_eq!(*payload.downcast_ref::<&str>().unwrap(), "boom");
/// });
/// ```
pub struct JoinError {
    repr: Repr,
    id: Id,
}

enum Repr {
    Cancelled,
    Panic(SyncPayload),
}

/// Makes the panic payload `Sync`: it is only reachable through `&mut self`
/// or by value, never shared.
struct SyncPayload(Box<dyn Any + Send + 'static>);

// SAFETY: through `&SyncPayload` the payload is only asked for its type id
// (a pure vtable call) and read as `&'static str` or `String` when it is
// one of those, both `Sync`; any other access is by value (`into_panic`).
unsafe impl Sync for SyncPayload {}

impl SyncPayload {
    fn message(&self) -> Option<&str> {
        if let Some(s) = self.0.downcast_ref::<&'static str>() {
            Some(s)
        } else {
            self.0.downcast_ref::<String>().map(String::as_str)
        }
    }
}

impl JoinError {
    pub(crate) fn cancelled(id: Id) -> JoinError {
        JoinError {
            repr: Repr::Cancelled,
            id,
        }
    }

    pub(crate) fn panic(id: Id, payload: Box<dyn Any + Send + 'static>) -> JoinError {
        JoinError {
            repr: Repr::Panic(SyncPayload(payload)),
            id,
        }
    }

    /// Returns `true` if the task was cancelled (aborted, or dropped by
    /// runtime shutdown).
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let task = rt_core::spawn(std::future::pending::<()>());
    ///     task.abort();
    ///     let err = task.await.unwrap_err();
    ///     assert!(err.is_cancelled());
    ///     assert!(!err.is_panic());
    /// });
    /// ```
    pub fn is_cancelled(&self) -> bool {
        matches!(self.repr, Repr::Cancelled)
    }

    /// Returns `true` if the task panicked.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let err = rt_core::spawn(async { panic!("boom") }).await.unwrap_err();
    ///     assert!(err.is_panic());
    ///     assert!(!err.is_cancelled());
    /// });
    /// ```
    pub fn is_panic(&self) -> bool {
        matches!(self.repr, Repr::Panic(_))
    }

    /// Consumes the error, returning the panic payload.
    ///
    /// # Panics
    ///
    /// Panics if the error is not a panic (check [`is_panic`](Self::is_panic)
    /// or use [`try_into_panic`](Self::try_into_panic)).
    ///
    /// ```should_panic
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let err = rt_core::spawn(async { panic!("boom") }).await.unwrap_err();
    ///     // Resume the panic on the current task.
    ///     std::panic::resume_unwind(err.into_panic());
    /// });
    /// ```
    #[track_caller]
    pub fn into_panic(self) -> Box<dyn Any + Send + 'static> {
        self.try_into_panic().expect(
            "`JoinError::into_panic` called on a task that was cancelled, not one that panicked",
        )
    }

    /// Consumes the error, returning the panic payload if the task panicked,
    /// or the error itself otherwise.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let err = rt_core::spawn(async { panic!("boom") }).await.unwrap_err();
    ///     let payload = err.try_into_panic().unwrap();
    ///     assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom"));
    ///
    ///     let task = rt_core::spawn(std::future::pending::<()>());
    ///     task.abort();
    ///     let err = task.await.unwrap_err();
    ///     assert!(err.try_into_panic().unwrap_err().is_cancelled(), "not a panic: the error back");
    /// });
    /// ```
    pub fn try_into_panic(self) -> Result<Box<dyn Any + Send + 'static>, JoinError> {
        match self.repr {
            Repr::Panic(p) => Ok(p.0),
            Repr::Cancelled => Err(self),
        }
    }

    /// Returns the [`Id`] of the task that failed.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let task = rt_core::spawn(std::future::pending::<()>());
    ///     let id = task.id();
    ///     task.abort();
    ///     assert_eq!(task.await.unwrap_err().id(), id);
    /// });
    /// ```
    pub fn id(&self) -> Id {
        self.id
    }
}

impl fmt::Display for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.repr {
            Repr::Cancelled => write!(f, "task {} was cancelled", self.id),
            Repr::Panic(p) => match p.message() {
                Some(msg) => write!(f, "task {} panicked with message {:?}", self.id, msg),
                None => write!(f, "task {} panicked", self.id),
            },
        }
    }
}

impl fmt::Debug for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.repr {
            Repr::Cancelled => write!(f, "JoinError::Cancelled({:?})", self.id),
            Repr::Panic(p) => match p.message() {
                Some(msg) => write!(f, "JoinError::Panic({:?}, {:?}, ...)", self.id, msg),
                None => write!(f, "JoinError::Panic({:?}, ...)", self.id),
            },
        }
    }
}

impl std::error::Error for JoinError {}

impl From<JoinError> for io::Error {
    fn from(err: JoinError) -> io::Error {
        let msg = match &err.repr {
            Repr::Cancelled => "task was cancelled",
            Repr::Panic(_) => "task panicked",
        };
        io::Error::other(msg)
    }
}
