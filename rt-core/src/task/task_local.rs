//! Task-local storage: [`task_local!`](crate::task_local!), [`LocalKey`] and
//! [`TaskLocalFuture`].
//!
//! # Design
//!
//! A task-local is a `std` thread-local `RefCell<Option<T>>` that holds the
//! value only while the future that owns it is being polled. A
//! [`TaskLocalFuture`] keeps the value in its own slot between polls; around
//! each poll of the inner future (and around its drop) it swaps its slot
//! with the thread-local's content, and swaps back afterwards, also when the
//! poll unwinds. Nested scopes of the same key therefore stack: the inner
//! swap parks the outer value in the inner future's slot until the inner
//! poll returns.
//!
//! Because the value is in the thread-local only during a poll of the
//! scoped future, a task spawned from inside the scope does not see it (it
//! is polled separately), and the value follows the task from worker to
//! worker on the multi-thread runtime. No `unsafe` beyond pin projection.

use std::cell::RefCell;
use std::error::Error;
use std::fmt;
use std::future::Future;
use std::mem;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::thread;

/// Declares task-local keys of type [`LocalKey`].
///
/// Each declaration `static NAME: Type;` creates a `static NAME:
/// LocalKey<Type>`. Unlike `std::thread_local!`, a task-local has no
/// initializer: a value is provided by [`LocalKey::scope`] (for a future) or
/// [`LocalKey::sync_scope`] (for a closure), and is only visible inside it.
/// Attributes and doc comments on a declaration are kept, and a visibility
/// (`pub`, `pub(crate)`) may be given.
///
/// # Examples
///
/// ```
/// rt_core::task_local! {
///     /// The id of the request being served.
///     pub static REQUEST_ID: u64;
///     static USER: String;
/// }
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(REQUEST_ID.scope(7, async {
///     USER.scope("ferris".to_string(), async {
///         assert_eq!(REQUEST_ID.get(), 7);
///         USER.with(|user| assert_eq!(user, "ferris"));
///     })
///     .await;
/// }));
/// ```
#[macro_export]
macro_rules! task_local {
    () => {};
    ($(#[$attr:meta])* $vis:vis static $name:ident: $t:ty; $($rest:tt)*) => {
        $crate::task_local!($(#[$attr])* $vis static $name: $t);
        $crate::task_local!($($rest)*);
    };
    ($(#[$attr:meta])* $vis:vis static $name:ident: $t:ty) => {
        $(#[$attr])*
        $vis static $name: $crate::task::LocalKey<$t> = {
            ::std::thread_local! {
                static __RT_TASK_LOCAL: ::std::cell::RefCell<::std::option::Option<$t>> =
                    const { ::std::cell::RefCell::new(::std::option::Option::None) };
            }
            $crate::task::LocalKey::__new(&__RT_TASK_LOCAL)
        };
    };
}

/// A key for task-local data, declared with
/// [`task_local!`](crate::task_local!).
///
/// Unlike [`std::thread::LocalKey`], the value is not lazily initialized on
/// first access: it is set by [`scope`](LocalKey::scope) for the duration of
/// a future (on every poll of it, on whichever thread polls it) or by
/// [`sync_scope`](LocalKey::sync_scope) for the duration of a closure.
/// Outside such a scope there is no value: [`with`](LocalKey::with) panics
/// and [`try_with`](LocalKey::try_with) returns an [`AccessError`]. Tasks
/// spawned inside a scope do not inherit its value.
///
/// # Examples
///
/// ```
/// rt_core::task_local! {
///     static NUMBER: u32;
/// }
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     NUMBER
///         .scope(1, async {
///             assert_eq!(NUMBER.get(), 1);
///             NUMBER.scope(2, async { assert_eq!(NUMBER.get(), 2) }).await;
///             assert_eq!(NUMBER.get(), 1);
///         })
///         .await;
///     assert!(NUMBER.try_with(|_| ()).is_err());
/// });
/// ```
pub struct LocalKey<T: 'static> {
    inner: &'static thread::LocalKey<RefCell<Option<T>>>,
}

impl<T: 'static> LocalKey<T> {
    /// Used by [`task_local!`](crate::task_local!); not public API.
    #[doc(hidden)]
    pub const fn __new(inner: &'static thread::LocalKey<RefCell<Option<T>>>) -> LocalKey<T> {
        LocalKey { inner }
    }

    /// Sets `value` as this task-local's value for the future `f`: the value
    /// is visible (through [`with`](LocalKey::with) and friends) whenever
    /// `f` is polled, and dropped when the returned future completes or is
    /// dropped (unless taken back with [`TaskLocalFuture::take_value`]).
    ///
    /// # Panics
    ///
    /// Polling the returned future panics if it happens inside a
    /// [`with`](LocalKey::with) or [`try_with`](LocalKey::try_with) call on
    /// the same key.
    ///
    /// # Examples
    ///
    /// ```
    /// rt_core::task_local! {
    ///     static TRACE: &'static str;
    /// }
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let out = rt.block_on(TRACE.scope("req-1", async {
    ///     rt_core::task::yield_now().await;
    ///     format!("handled {}", TRACE.get())
    /// }));
    /// assert_eq!(out, "handled req-1");
    /// ```
    pub fn scope<F>(&'static self, value: T, f: F) -> TaskLocalFuture<T, F>
    where
        F: Future,
    {
        TaskLocalFuture {
            local: self,
            slot: Some(value),
            future: Some(f),
        }
    }

    /// Sets `value` as this task-local's value while the closure `f` runs,
    /// returning what `f` returns. The value is dropped afterwards.
    ///
    /// # Panics
    ///
    /// Panics if called inside a [`with`](LocalKey::with) or
    /// [`try_with`](LocalKey::try_with) call on the same key.
    ///
    /// # Examples
    ///
    /// ```
    /// rt_core::task_local! {
    ///     static DEPTH: usize;
    /// }
    ///
    /// let doubled = DEPTH.sync_scope(21, || DEPTH.get() * 2);
    /// assert_eq!(doubled, 42);
    /// assert!(DEPTH.try_get().is_err());
    /// ```
    #[track_caller]
    pub fn sync_scope<F, R>(&'static self, value: T, f: F) -> R
    where
        F: FnOnce() -> R,
    {
        let mut slot = Some(value);
        match self.scope_inner(&mut slot, f) {
            Ok(res) => res,
            Err(err) => err.panic(),
        }
    }

    /// Runs `f` with a reference to the current task-local value.
    ///
    /// # Panics
    ///
    /// Panics if there is no value: when called outside a
    /// [`scope`](LocalKey::scope) or [`sync_scope`](LocalKey::sync_scope) of
    /// this key (a task spawned inside a scope is outside it), or when the
    /// thread is exiting. Use [`try_with`](LocalKey::try_with) to check.
    ///
    /// # Examples
    ///
    /// ```
    /// rt_core::task_local! {
    ///     static NAME: String;
    /// }
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(NAME.scope("rt".to_string(), async {
    ///     assert_eq!(NAME.with(|name| name.len()), 2);
    /// }));
    /// ```
    #[track_caller]
    pub fn with<F, R>(&'static self, f: F) -> R
    where
        F: FnOnce(&T) -> R,
    {
        match self.try_with(f) {
            Ok(res) => res,
            Err(_) => panic!(
                "cannot access a task-local value outside its scope: no value is set for this \
                 `LocalKey` in the current task. Run the code inside `KEY.scope(value, future)` \
                 or `KEY.sync_scope(value, closure)` (tasks spawned inside a scope do not \
                 inherit it; set the value again in the spawned future), or use `try_with` to \
                 handle the missing value"
            ),
        }
    }

    /// Runs `f` with a reference to the current task-local value, or returns
    /// an [`AccessError`] if there is none (outside a scope of this key, or
    /// while the thread is exiting).
    ///
    /// # Examples
    ///
    /// ```
    /// rt_core::task_local! {
    ///     static LIMIT: u32;
    /// }
    ///
    /// assert!(LIMIT.try_with(|v| *v).is_err());
    /// assert_eq!(LIMIT.sync_scope(5, || LIMIT.try_with(|v| *v)), Ok(5));
    /// ```
    pub fn try_with<F, R>(&'static self, f: F) -> Result<R, AccessError>
    where
        F: FnOnce(&T) -> R,
    {
        // `try_borrow` fails only while a scope is swapping the value in or
        // out, which never runs user code; treat it as "no value" anyway.
        let res = self.inner.try_with(|cell| match cell.try_borrow() {
            Ok(value) => value.as_ref().map(f),
            Err(_) => None,
        });
        match res {
            Ok(Some(res)) => Ok(res),
            _ => Err(AccessError { _private: () }),
        }
    }

    /// Swaps `slot` into the thread-local, runs `f`, and swaps back (also
    /// when `f` unwinds).
    fn scope_inner<F, R>(&'static self, slot: &mut Option<T>, f: F) -> Result<R, ScopeError>
    where
        F: FnOnce() -> R,
    {
        struct Restore<'a, T: 'static> {
            key: &'static LocalKey<T>,
            slot: &'a mut Option<T>,
        }

        impl<T: 'static> Drop for Restore<'_, T> {
            fn drop(&mut self) {
                // Cannot fail: the thread-local was reachable when the scope
                // was entered and is only destroyed when this thread exits,
                // after `f` returned; and a borrow taken by `with` ends
                // before `with` returns, so none is alive here.
                let _ = self.key.inner.try_with(|cell| {
                    if let Ok(mut value) = cell.try_borrow_mut() {
                        mem::swap(self.slot, &mut *value);
                    }
                });
            }
        }

        self.inner
            .try_with(|cell| {
                cell.try_borrow_mut()
                    .map(|mut value| mem::swap(slot, &mut *value))
            })
            .map_err(|_| ScopeError::Destroyed)?
            .map_err(|_| ScopeError::Borrowed)?;
        let restore = Restore { key: self, slot };
        let res = f();
        drop(restore);
        Ok(res)
    }
}

impl<T: Clone + 'static> LocalKey<T> {
    /// Returns a clone of the current task-local value.
    ///
    /// # Panics
    ///
    /// Panics if there is no value, like [`with`](LocalKey::with); use
    /// [`try_get`](LocalKey::try_get) to check.
    ///
    /// # Examples
    ///
    /// ```
    /// rt_core::task_local! {
    ///     static ID: u64;
    /// }
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(ID.scope(9, async {
    ///     assert_eq!(ID.get(), 9);
    /// }));
    /// ```
    #[track_caller]
    pub fn get(&'static self) -> T {
        self.with(T::clone)
    }

    /// Returns a clone of the current task-local value, or an
    /// [`AccessError`] if there is none.
    ///
    /// ```
    /// rt_core::task_local! {
    ///     static ID: u64;
    /// }
    ///
    /// assert!(ID.try_get().is_err());
    /// assert_eq!(ID.sync_scope(3, || ID.try_get()), Ok(3));
    /// ```
    pub fn try_get(&'static self) -> Result<T, AccessError> {
        self.try_with(T::clone)
    }
}

impl<T: 'static> fmt::Debug for LocalKey<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad("LocalKey { .. }")
    }
}

/// Why a scope could not be entered.
enum ScopeError {
    /// The value is borrowed by a `with` / `try_with` call.
    Borrowed,
    /// The thread-local was destroyed (the thread is exiting).
    Destroyed,
}

impl ScopeError {
    #[track_caller]
    fn panic(self) -> ! {
        match self {
            ScopeError::Borrowed => panic!(
                "cannot enter a task-local scope while the task-local value is borrowed: a \
                 `scope` future was polled, or `sync_scope` was called, inside `with` / \
                 `try_with` on the same key; move it out of the closure"
            ),
            ScopeError::Destroyed => panic!(
                "cannot enter a task-local scope: the thread-local storage holding task-locals \
                 was already destroyed (the thread is exiting)"
            ),
        }
    }
}

/// The future returned by [`LocalKey::scope`]: runs the inner future with
/// the task-local value set on every poll.
///
/// The inner future is also dropped with the value set, so its destructor
/// can read the task-local.
///
/// # Examples
///
/// ```
/// rt_core::task_local! {
///     static COUNT: u32;
/// }
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// let fut = COUNT.scope(1, async { COUNT.get() + 1 });
/// assert_eq!(rt.block_on(fut), 2);
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct TaskLocalFuture<T: 'static, F> {
    local: &'static LocalKey<T>,
    /// The value between polls (`None` after `take_value`); during a poll
    /// it holds what the thread-local held before, an outer scope's value.
    /// Not structurally pinned.
    slot: Option<T>,
    /// The scoped future, structurally pinned; `None` once it completed.
    future: Option<F>,
}

// Only `future` is structurally pinned: the value may move freely.
impl<T: 'static, F: Unpin> Unpin for TaskLocalFuture<T, F> {}

impl<T: 'static, F> TaskLocalFuture<T, F> {
    /// Takes the task-local value out of this future, returning `None` if it
    /// was already taken.
    ///
    /// This works whether or not the inner future has completed; once the
    /// value is taken, the inner future no longer sees it (its next poll
    /// finds no value). Useful to get the value back after the scope ends.
    ///
    /// # Examples
    ///
    /// ```
    /// rt_core::task_local! {
    ///     static LOG: Vec<&'static str>;
    /// }
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let mut fut = std::pin::pin!(LOG.scope(vec!["start"], async {
    ///         LOG.with(|log| log.len())
    ///     }));
    ///     assert_eq!(fut.as_mut().await, 1);
    ///     assert_eq!(fut.as_mut().take_value(), Some(vec!["start"]));
    ///     assert_eq!(fut.as_mut().take_value(), None);
    /// });
    /// ```
    pub fn take_value(self: Pin<&mut Self>) -> Option<T> {
        // SAFETY: `slot` is not structurally pinned (see the `Unpin` impl):
        // we only move the value out of it, never `future`.
        let this = unsafe { self.get_unchecked_mut() };
        this.slot.take()
    }
}

impl<T: 'static, F: Future> Future for TaskLocalFuture<T, F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // SAFETY: `future` is structurally pinned: it is only accessed
        // through `Pin::new_unchecked` below and dropped in place (assigning
        // `None`, here or in `Drop`), never moved. `local` and `slot` are not
        // pinned.
        let this = unsafe { self.get_unchecked_mut() };
        let future = &mut this.future;
        let res = this.local.scope_inner(&mut this.slot, || {
            let fut = future.as_mut()?;
            // SAFETY: see above; `fut` lives inside the pinned `self`.
            let poll = unsafe { Pin::new_unchecked(fut) }.poll(cx);
            if poll.is_ready() {
                // Drop the completed future in place, inside the scope.
                *future = None;
            }
            Some(poll)
        });
        match res {
            Ok(Some(poll)) => poll,
            Ok(None) => panic!("`TaskLocalFuture` polled after completion"),
            Err(err) => err.panic(),
        }
    }
}

impl<T: 'static, F> Drop for TaskLocalFuture<T, F> {
    fn drop(&mut self) {
        if self.future.is_none() {
            return;
        }
        // Drop the inner future in place with the value set, so that its
        // destructor can use the task-local. If the scope cannot be entered
        // (the value is borrowed, or the thread is exiting), the future is
        // dropped without it, with the other fields.
        let future = &mut self.future;
        let _ = self.local.scope_inner(&mut self.slot, || *future = None);
    }
}

impl<T: fmt::Debug + 'static, F> fmt::Debug for TaskLocalFuture<T, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TaskLocalFuture")
            .field("value", &self.slot)
            .finish_non_exhaustive()
    }
}

/// The error returned by [`LocalKey::try_with`] and [`LocalKey::try_get`]
/// when the task-local has no value.
///
/// ```
/// rt_core::task_local! {
///     static KEY: u8;
/// }
///
/// let err = KEY.try_with(|_| ()).unwrap_err();
/// assert_eq!(err.to_string(), "task-local value not set");
/// ```
#[derive(Clone, Copy, Eq, PartialEq)]
pub struct AccessError {
    _private: (),
}

impl fmt::Debug for AccessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessError").finish()
    }
}

impl fmt::Display for AccessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("task-local value not set")
    }
}

impl Error for AccessError {}
