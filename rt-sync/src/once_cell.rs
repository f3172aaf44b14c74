//! [`OnceCell`]: a value initialized at most once, possibly asynchronously.
//!
//! # Protocol
//!
//! `OnceCell<T>` is a `std::sync::OnceLock<T>` `value` plus a semaphore `s`
//! with one permit: the right to initialize.
//!
//! 1. `value` is set only by a holder of the permit (`set`, or an
//!    initializer in `get_or_init`/`get_or_try_init`).
//! 2. The holder that sets `value` closes `s` *without releasing the
//!    permit*. So `s` is closed exactly when `value` is set, and an acquire
//!    that fails has a value to return.
//! 3. An initializer that fails (returns `Err`), panics or is cancelled
//!    releases the permit (a drop guard), and the semaphore hands it to the
//!    next waiting initializer in FIFO order: exactly one initializer runs
//!    at a time, and a failed one lets the next one try.
//! 4. `take` (with `&mut self`) empties `value` and replaces `s` with a new
//!    open one.
//! 5. `set_flag` mirrors "`value` is set" in a `crate::loom` atomic, stored
//!    (`Release`) right after `value` and loaded (`Acquire`) by `get` before
//!    looking at `value`. `OnceLock` alone would publish the value just as
//!    well, but invisibly to the loom model checker, which could then not
//!    explore the races between readers and the initializer.

use crate::batch_semaphore as ll;
use crate::loom::sync::atomic::{AtomicBool, Ordering};
use std::fmt;
use std::future::Future;
use std::sync::OnceLock;

/// A thread-safe cell written at most once, whose initializer may be
/// asynchronous.
///
/// Concurrent [`get_or_init`](OnceCell::get_or_init) calls run exactly one
/// initializer; the others wait for its value. An initializer that fails or
/// is cancelled lets the next caller try.
///
/// # Examples
///
/// ```
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
/// # }
/// use rt_sync::OnceCell;
///
/// static CONFIG: OnceCell<String> = OnceCell::const_new();
///
/// let config = block_on(CONFIG.get_or_init(|| async { String::from("loaded") }));
/// assert_eq!(config, "loaded");
/// assert_eq!(CONFIG.get().map(String::as_str), Some("loaded"));
/// ```
pub struct OnceCell<T> {
    value: OnceLock<T>,
    /// Rule 5.
    set_flag: AtomicBool,
    s: ll::Semaphore,
}

/// Error returned by [`OnceCell::set`]; holds the value that was not stored.
///
/// # Examples
///
/// ```
/// use rt_sync::{OnceCell, SetError};
///
/// let cell = OnceCell::new_with(Some(1));
/// let err = cell.set(2).unwrap_err();
/// assert!(err.is_already_init_err());
/// assert_eq!(err, SetError::AlreadyInitializedError(2));
/// ```
#[derive(Debug, PartialEq, Eq)]
pub enum SetError<T> {
    /// The cell already holds a value.
    AlreadyInitializedError(T),
    /// Another task is initializing the cell right now.
    InitializingError(T),
}

impl<T> SetError<T> {
    /// Returns `true` for [`SetError::AlreadyInitializedError`].
    ///
    /// ```
    /// assert!(rt_sync::SetError::AlreadyInitializedError(()).is_already_init_err());
    /// ```
    pub fn is_already_init_err(&self) -> bool {
        matches!(self, SetError::AlreadyInitializedError(_))
    }

    /// Returns `true` for [`SetError::InitializingError`].
    ///
    /// ```
    /// assert!(rt_sync::SetError::InitializingError(()).is_initializing_err());
    /// ```
    pub fn is_initializing_err(&self) -> bool {
        matches!(self, SetError::InitializingError(_))
    }
}

impl<T> fmt::Display for SetError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetError::AlreadyInitializedError(_) => write!(f, "AlreadyInitializedError"),
            SetError::InitializingError(_) => write!(f, "InitializingError"),
        }
    }
}

impl<T: fmt::Debug> std::error::Error for SetError<T> {}

/// Rule 3: releases the initializing permit unless disarmed.
struct PermitGuard<'a> {
    s: &'a ll::Semaphore,
}

impl Drop for PermitGuard<'_> {
    fn drop(&mut self) {
        self.s.release(1);
    }
}

impl<T> OnceCell<T> {
    /// Creates an empty cell.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = rt_sync::OnceCell::<u8>::new();
    /// assert!(!cell.initialized());
    /// ```
    pub fn new() -> OnceCell<T> {
        OnceCell {
            value: OnceLock::new(),
            set_flag: AtomicBool::new(false),
            s: ll::Semaphore::new(1),
        }
    }

    /// Creates an empty cell in a `const` context, e.g. a `static`.
    ///
    /// # Examples
    ///
    /// ```
    /// static CELL: rt_sync::OnceCell<u32> = rt_sync::OnceCell::const_new();
    /// assert!(CELL.set(1).is_ok());
    /// ```
    #[cfg(not(loom))]
    pub const fn const_new() -> OnceCell<T> {
        OnceCell {
            value: OnceLock::new(),
            set_flag: AtomicBool::new(false),
            s: ll::Semaphore::const_new(1),
        }
    }

    /// Creates a cell holding `value` if it is `Some`, or an empty one.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = rt_sync::OnceCell::new_with(Some(3));
    /// assert_eq!(cell.get(), Some(&3));
    /// assert!(rt_sync::OnceCell::<u8>::new_with(None).get().is_none());
    /// ```
    pub fn new_with(value: Option<T>) -> OnceCell<T> {
        match value {
            Some(value) => OnceCell::from(value),
            None => OnceCell::new(),
        }
    }

    /// Returns `true` if the cell holds a value.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = rt_sync::OnceCell::new();
    /// cell.set(1).unwrap();
    /// assert!(cell.initialized());
    /// ```
    pub fn initialized(&self) -> bool {
        self.get().is_some()
    }

    /// Returns the value, if the cell holds one.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = rt_sync::OnceCell::new();
    /// assert_eq!(cell.get(), None);
    /// cell.set("v").unwrap();
    /// assert_eq!(cell.get(), Some(&"v"));
    /// ```
    pub fn get(&self) -> Option<&T> {
        // Rule 5.
        if self.set_flag.load(Ordering::Acquire) {
            self.value.get()
        } else {
            None
        }
    }

    /// Returns a mutable reference to the value, if the cell holds one;
    /// `&mut self` proves nobody else is using the cell.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut cell = rt_sync::OnceCell::new_with(Some(1));
    /// *cell.get_mut().unwrap() += 1;
    /// assert_eq!(cell.get(), Some(&2));
    /// ```
    pub fn get_mut(&mut self) -> Option<&mut T> {
        self.value.get_mut()
    }

    /// Stores `value` if the cell is empty and nobody is initializing it.
    ///
    /// # Errors
    ///
    /// [`SetError::AlreadyInitializedError`] if the cell holds a value,
    /// [`SetError::InitializingError`] if a `get_or_init` initializer is
    /// running; both give `value` back.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = rt_sync::OnceCell::new();
    /// assert!(cell.set(1).is_ok());
    /// assert!(cell.set(2).unwrap_err().is_already_init_err());
    /// ```
    pub fn set(&self, value: T) -> Result<(), SetError<T>> {
        match self.s.try_acquire(1) {
            Ok(()) => {
                // Rules 1-2.
                self.set_and_close(value);
                Ok(())
            }
            Err(ll::TryAcquireError::Closed) => Err(SetError::AlreadyInitializedError(value)),
            Err(ll::TryAcquireError::NoPermits) => Err(SetError::InitializingError(value)),
        }
    }

    /// Rules 1-2; the caller holds the permit.
    fn set_and_close(&self, value: T) -> &T {
        if self.value.set(value).is_err() {
            unreachable!("only the permit holder sets the value (rule 1)");
        }
        self.set_flag.store(true, Ordering::Release);
        self.s.close();
        self.value.get().expect("just set")
    }

    /// Returns the value, running `f` to produce it if the cell is empty.
    ///
    /// If several tasks call this at once, exactly one runs its `f` and the
    /// others wait, in FIFO order, for the value. If the running initializer
    /// panics or is cancelled, the next waiting caller runs its own `f`.
    ///
    /// # Cancel safety
    ///
    /// This method is cancel safe: cancelling it while waiting loses only
    /// the place in the queue, and cancelling it while its `f` runs lets the
    /// next caller initialize the cell.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let cell = rt_sync::OnceCell::new();
    /// let v = block_on(cell.get_or_init(|| async { 1 + 1 }));
    /// assert_eq!(*v, 2);
    /// // Already set: `f` is not called again.
    /// assert_eq!(*block_on(cell.get_or_init(|| async { unreachable!() })), 2);
    /// ```
    pub async fn get_or_init<F, Fut>(&self, f: F) -> &T
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = T>,
    {
        let result: Result<&T, std::convert::Infallible> =
            self.get_or_try_init(|| async { Ok(f().await) }).await;
        match result {
            Ok(value) => value,
            Err(never) => match never {},
        }
    }

    /// Returns the value, running the fallible `f` to produce it if the cell
    /// is empty. If `f` fails, the cell stays empty, the error is returned,
    /// and the next waiting caller runs its own `f`.
    ///
    /// # Errors
    ///
    /// The error of this call's `f`, if it ran and failed.
    ///
    /// # Cancel safety
    ///
    /// This method is cancel safe, as [`get_or_init`](OnceCell::get_or_init).
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let cell = rt_sync::OnceCell::new();
    /// let failed = block_on(cell.get_or_try_init(|| async { Err::<u8, _>("offline") }));
    /// assert_eq!(failed, Err("offline"));
    /// assert!(!cell.initialized());
    /// let ok = block_on(cell.get_or_try_init(|| async { Ok::<_, &str>(7) }));
    /// assert_eq!(ok, Ok(&7));
    /// ```
    pub async fn get_or_try_init<E, F, Fut>(&self, f: F) -> Result<&T, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        if let Some(value) = self.get() {
            return Ok(value);
        }
        if self.s.acquire(1).await.is_err() {
            // Rule 2: closed means set.
            return Ok(self.get().expect("rule 2: closed only once set"));
        }
        // Rule 3: give the permit back unless we set the value.
        let guard = PermitGuard { s: &self.s };
        let value = f().await?;
        std::mem::forget(guard);
        Ok(self.set_and_close(value))
    }

    /// Consumes the cell and returns its value, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// let cell = rt_sync::OnceCell::new_with(Some("x"));
    /// assert_eq!(cell.into_inner(), Some("x"));
    /// ```
    pub fn into_inner(self) -> Option<T> {
        self.value.into_inner()
    }

    /// Takes the value out, leaving the cell empty (and initializable
    /// again).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut cell = rt_sync::OnceCell::new_with(Some(1));
    /// assert_eq!(cell.take(), Some(1));
    /// assert!(cell.set(2).is_ok());
    /// ```
    pub fn take(&mut self) -> Option<T> {
        let value = self.value.take();
        if value.is_some() {
            // Rule 4.
            self.set_flag = AtomicBool::new(false);
            self.s = ll::Semaphore::new(1);
        }
        value
    }
}

impl<T> Default for OnceCell<T> {
    fn default() -> OnceCell<T> {
        OnceCell::new()
    }
}

impl<T> From<T> for OnceCell<T> {
    /// A cell that already holds `value`.
    fn from(value: T) -> OnceCell<T> {
        let cell = OnceCell::new();
        if cell.s.try_acquire(1).is_err() {
            unreachable!("a new cell's permit is free");
        }
        cell.set_and_close(value);
        cell
    }
}

impl<T: Clone> Clone for OnceCell<T> {
    fn clone(&self) -> OnceCell<T> {
        OnceCell::new_with(self.get().cloned())
    }
}

impl<T: PartialEq> PartialEq for OnceCell<T> {
    fn eq(&self, other: &OnceCell<T>) -> bool {
        self.get() == other.get()
    }
}

impl<T: Eq> Eq for OnceCell<T> {}

impl<T: fmt::Debug> fmt::Debug for OnceCell<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OnceCell")
            .field("value", &self.get())
            .finish()
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use crate::loom::sync::atomic::{AtomicUsize, Ordering};
    use crate::loom::sync::Arc;
    use loom::future::block_on;
    use loom::thread;

    #[test]
    fn loom_once_cell_runs_one_initializer() {
        loom::model(|| {
            let cell = Arc::new(OnceCell::new());
            let runs = Arc::new(AtomicUsize::new(0));
            let (c2, r2) = (cell.clone(), runs.clone());
            let t = thread::spawn(move || {
                *block_on(c2.get_or_init(|| async move {
                    r2.fetch_add(1, Ordering::SeqCst);
                    1
                }))
            });
            let here = *block_on(cell.get_or_init(|| async {
                runs.fetch_add(1, Ordering::SeqCst);
                2
            }));
            let there = t.join().unwrap();
            assert_eq!(here, there);
            assert_eq!(runs.load(Ordering::SeqCst), 1);
        });
    }

    #[test]
    fn loom_once_cell_failed_initializer_hands_over() {
        loom::model(|| {
            let cell = Arc::new(OnceCell::new());
            let c2 = cell.clone();
            let t = thread::spawn(move || {
                block_on(c2.get_or_try_init(|| async { Err::<usize, ()>(()) }))
                    .ok()
                    .copied()
            });
            let here = *block_on(cell.get_or_init(|| async { 5 }));
            assert_eq!(here, 5);
            // The failing initializer either ran first and failed, or found 5.
            let there = t.join().unwrap();
            assert!(there.is_none() || there == Some(5));
        });
    }
}
