//! [`SetOnce`]: a value set at most once, which tasks can wait for.
//!
//! # Protocol
//!
//! `SetOnce<T>` is a `std::sync::OnceLock<T>` `value` plus a [`Notify`].
//!
//! 1. `set` stores the value (the `OnceLock` lets exactly one caller win),
//!    then runs `notify_waiters`.
//! 2. `wait` creates its `Notified` *before* checking `value`: a `set` after
//!    the check completes that `Notified` even before it is polled, so no
//!    wake-up is lost.
//! 3. `set_flag` mirrors "`value` is set" in a `crate::loom` atomic (stored
//!    `Release` after `value`, loaded `Acquire` before reading it), so the
//!    loom model checker sees the publication that `OnceLock` hides.

use crate::loom::sync::atomic::{AtomicBool, Ordering};
use crate::notify::Notify;
use std::fmt;
use std::sync::OnceLock;

/// A thread-safe cell that is set at most once, and that tasks can
/// [`wait`](SetOnce::wait) on until it is.
///
/// Unlike [`OnceCell`](crate::OnceCell), nobody initializes it on demand:
/// one party [`set`](SetOnce::set)s it, the others wait.
///
/// # Examples
///
/// ```
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } std::thread::yield_now(); }
/// # }
/// use rt_sync::SetOnce;
/// use std::sync::Arc;
///
/// let ready = Arc::new(SetOnce::new());
/// let r2 = ready.clone();
/// std::thread::spawn(move || r2.set("listening").unwrap());
/// assert_eq!(*block_on(ready.wait()), "listening");
/// ```
pub struct SetOnce<T> {
    value: OnceLock<T>,
    /// Rule 3.
    set_flag: AtomicBool,
    notify: Notify,
}

/// Error returned by [`SetOnce::set`] when the cell was already set; holds
/// the value that was not stored.
///
/// # Examples
///
/// ```
/// use rt_sync::{SetOnce, SetOnceError};
///
/// let cell = SetOnce::new_with(Some(1));
/// assert_eq!(cell.set(2), Err(SetOnceError(2)));
/// ```
#[derive(Debug, PartialEq, Eq)]
pub struct SetOnceError<T>(pub T);

impl<T> fmt::Display for SetOnceError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SetOnceError")
    }
}

impl<T: fmt::Debug> std::error::Error for SetOnceError<T> {}

impl<T> SetOnce<T> {
    /// Creates an empty cell.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = rt_sync::SetOnce::<u8>::new();
    /// assert!(!cell.initialized());
    /// ```
    pub fn new() -> SetOnce<T> {
        SetOnce {
            value: OnceLock::new(),
            set_flag: AtomicBool::new(false),
            notify: Notify::new(),
        }
    }

    /// Creates an empty cell in a `const` context, e.g. a `static`.
    ///
    /// # Examples
    ///
    /// ```
    /// static READY: rt_sync::SetOnce<()> = rt_sync::SetOnce::const_new();
    /// READY.set(()).unwrap();
    /// assert!(READY.initialized());
    /// ```
    #[cfg(not(loom))]
    pub const fn const_new() -> SetOnce<T> {
        SetOnce {
            value: OnceLock::new(),
            set_flag: AtomicBool::new(false),
            notify: Notify::const_new(),
        }
    }

    /// Creates a cell holding `value` if it is `Some`, or an empty one.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = rt_sync::SetOnce::new_with(Some(4));
    /// assert_eq!(cell.get(), Some(&4));
    /// ```
    pub fn new_with(value: Option<T>) -> SetOnce<T> {
        let cell = SetOnce::new();
        if let Some(value) = value {
            if cell.set(value).is_err() {
                unreachable!("a new cell is empty");
            }
        }
        cell
    }

    /// Returns `true` if the cell has been set.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = rt_sync::SetOnce::new();
    /// cell.set(1).unwrap();
    /// assert!(cell.initialized());
    /// ```
    pub fn initialized(&self) -> bool {
        self.get().is_some()
    }

    /// Returns the value, if the cell has been set.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = rt_sync::SetOnce::new();
    /// assert_eq!(cell.get(), None);
    /// cell.set(1).unwrap();
    /// assert_eq!(cell.get(), Some(&1));
    /// ```
    pub fn get(&self) -> Option<&T> {
        // Rule 3.
        if self.set_flag.load(Ordering::Acquire) {
            self.value.get()
        } else {
            None
        }
    }

    /// Sets the value and wakes every waiting task.
    ///
    /// # Errors
    ///
    /// [`SetOnceError`] holding `value` if the cell was already set.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = rt_sync::SetOnce::new();
    /// assert!(cell.set(1).is_ok());
    /// assert_eq!(cell.set(2).unwrap_err().0, 2);
    /// ```
    pub fn set(&self, value: T) -> Result<(), SetOnceError<T>> {
        self.value.set(value).map_err(SetOnceError)?;
        self.set_flag.store(true, Ordering::Release);
        // Rule 1.
        self.notify.notify_waiters();
        Ok(())
    }

    /// Waits until the cell is set, and returns its value.
    ///
    /// # Cancel safety
    ///
    /// This method is cancel safe.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let cell = rt_sync::SetOnce::new();
    /// cell.set(9).unwrap();
    /// assert_eq!(*block_on(cell.wait()), 9);
    /// ```
    pub async fn wait(&self) -> &T {
        loop {
            // Rule 2: created before the check.
            let notified = self.notify.notified();
            if let Some(value) = self.get() {
                return value;
            }
            notified.await;
        }
    }

    /// Consumes the cell and returns its value, if set.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = rt_sync::SetOnce::new();
    /// cell.set("x").unwrap();
    /// assert_eq!(cell.into_inner(), Some("x"));
    /// ```
    pub fn into_inner(self) -> Option<T> {
        self.value.into_inner()
    }
}

impl<T> Default for SetOnce<T> {
    fn default() -> SetOnce<T> {
        SetOnce::new()
    }
}

impl<T> From<T> for SetOnce<T> {
    /// A cell that is already set to `value`.
    fn from(value: T) -> SetOnce<T> {
        SetOnce::new_with(Some(value))
    }
}

impl<T: Clone> Clone for SetOnce<T> {
    fn clone(&self) -> SetOnce<T> {
        SetOnce::new_with(self.get().cloned())
    }
}

impl<T: PartialEq> PartialEq for SetOnce<T> {
    fn eq(&self, other: &SetOnce<T>) -> bool {
        self.get() == other.get()
    }
}

impl<T: Eq> Eq for SetOnce<T> {}

impl<T: fmt::Debug> fmt::Debug for SetOnce<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SetOnce")
            .field("value", &self.get())
            .finish()
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use crate::loom::sync::Arc;
    use loom::future::block_on;
    use loom::thread;

    #[test]
    fn loom_set_once_wakes_waiter() {
        loom::model(|| {
            let cell = Arc::new(SetOnce::new());
            let c2 = cell.clone();
            let t = thread::spawn(move || c2.set(1usize).is_ok());
            assert_eq!(*block_on(cell.wait()), 1);
            assert!(t.join().unwrap());
        });
    }
}
