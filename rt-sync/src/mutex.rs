//! A fair asynchronous mutex.
//!
//! # Protocol
//!
//! `Mutex<T>` is a semaphore `s` with one permit plus the data in an
//! `UnsafeCell` `c`.
//!
//! 1. `s` starts with exactly one permit, is never closed, and gains a permit
//!    only when a guard that holds the one permit drops. So at most one guard
//!    (of any of the four kinds) exists at a time.
//! 2. A guard is created only after its permit was acquired from `s`, and
//!    releases it only in its `Drop`. A guard may therefore hand out `&T` and
//!    `&mut T` into `c` for its own lifetime: it has exclusive access.
//! 3. The release (a `Release` store under the semaphore's lock) happens
//!    before the next acquire (an `Acquire` load or lock), so the next guard
//!    sees every write the previous one made.
//! 4. A mapped guard keeps a raw pointer derived from the `&mut` a guard lent
//!    out under rule 2, together with the permit; it stays valid until that
//!    permit is released in the mapped guard's `Drop`.
//!
//! Fairness comes from the semaphore: lockers are served in FIFO order.

use crate::batch_semaphore as ll;
use crate::util;
use std::cell::UnsafeCell;
use std::fmt;
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// An asynchronous mutual-exclusion lock, whose guard may be held across
/// `.await` points.
///
/// Locking is **fair**: tasks get the lock in the order they called
/// [`lock`](Mutex::lock). Unlike `std::sync::Mutex`, there is no poisoning:
/// a panic while the guard is held releases the lock normally.
///
/// Prefer `std::sync::Mutex` when the lock is never held across an
/// `.await`; it is cheaper.
///
/// # Examples
///
/// ```
/// use rt_sync::Mutex;
/// use std::sync::Arc;
///
/// let counter = Arc::new(Mutex::new(0));
/// let threads: Vec<_> = (0..4)
///     .map(|_| {
///         let counter = counter.clone();
///         std::thread::spawn(move || *counter.blocking_lock() += 1)
///     })
///     .collect();
/// for t in threads {
///     t.join().unwrap();
/// }
/// assert_eq!(*counter.blocking_lock(), 4);
/// ```
pub struct Mutex<T: ?Sized> {
    s: ll::Semaphore,
    c: UnsafeCell<T>,
}

/// A guard giving exclusive access to the data of a [`Mutex`]; the lock is
/// released when it drops.
///
/// # Examples
///
/// ```
/// let mutex = rt_sync::Mutex::new(vec![1]);
/// let mut guard = mutex.try_lock().unwrap();
/// guard.push(2);
/// drop(guard);
/// assert_eq!(*mutex.try_lock().unwrap(), [1, 2]);
/// ```
#[must_use = "if unused the Mutex will immediately unlock"]
#[clippy::has_significant_drop]
pub struct MutexGuard<'a, T: ?Sized> {
    lock: &'a Mutex<T>,
}

/// An owned guard of a [`Mutex`] held through an `Arc`; it can be moved to
/// other tasks and has no lifetime.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
///
/// let mutex = Arc::new(rt_sync::Mutex::new(1));
/// let mut guard = mutex.clone().try_lock_owned().unwrap();
/// std::thread::spawn(move || *guard += 1).join().unwrap();
/// assert_eq!(*mutex.try_lock().unwrap(), 2);
/// ```
#[must_use = "if unused the Mutex will immediately unlock"]
#[clippy::has_significant_drop]
pub struct OwnedMutexGuard<T: ?Sized> {
    lock: Arc<Mutex<T>>,
}

/// A guard for a part of a [`Mutex`]'s data, made by [`MutexGuard::map`].
///
/// # Examples
///
/// ```
/// use rt_sync::{Mutex, MutexGuard};
///
/// let mutex = Mutex::new((1, 2));
/// let mut second = MutexGuard::map(mutex.try_lock().unwrap(), |pair| &mut pair.1);
/// *second = 5;
/// drop(second);
/// assert_eq!(*mutex.try_lock().unwrap(), (1, 5));
/// ```
#[must_use = "if unused the Mutex will immediately unlock"]
#[clippy::has_significant_drop]
pub struct MappedMutexGuard<'a, T: ?Sized> {
    s: &'a ll::Semaphore,
    data: *mut T,
    marker: PhantomData<&'a mut T>,
}

/// An owned guard for a part of a [`Mutex`]'s data, made by
/// [`OwnedMutexGuard::map`].
///
/// # Examples
///
/// ```
/// use rt_sync::{Mutex, OwnedMutexGuard};
/// use std::sync::Arc;
///
/// let mutex = Arc::new(Mutex::new((1, 2)));
/// let first = OwnedMutexGuard::map(mutex.clone().try_lock_owned().unwrap(), |p| &mut p.0);
/// assert_eq!(*first, 1);
/// ```
#[must_use = "if unused the Mutex will immediately unlock"]
#[clippy::has_significant_drop]
pub struct OwnedMappedMutexGuard<T: ?Sized, U: ?Sized = T> {
    data: *mut U,
    lock: Arc<Mutex<T>>,
}

/// Error returned by [`Mutex::try_lock`] when the lock is held.
///
/// # Examples
///
/// ```
/// let mutex = rt_sync::Mutex::new(());
/// let _guard = mutex.try_lock().unwrap();
/// assert_eq!(mutex.try_lock().unwrap_err().to_string(), "operation would block");
/// ```
#[derive(Debug)]
pub struct TryLockError(pub(crate) ());

impl fmt::Display for TryLockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "operation would block")
    }
}

impl std::error::Error for TryLockError {}

// SAFETY: the mutex hands out `&mut T` to one thread at a time (protocol
// rules 1-2), so sharing it between threads needs only `T: Send`.
unsafe impl<T: ?Sized + Send> Sync for Mutex<T> {}

// SAFETY: a `&MutexGuard` gives `&T` to another thread, which needs
// `T: Sync`; the guard itself is reached through `&Mutex` (rule 2).
unsafe impl<T: ?Sized + Send + Sync> Sync for MutexGuard<'_, T> {}

// SAFETY: as for `MutexGuard`.
unsafe impl<T: ?Sized + Send + Sync> Sync for OwnedMutexGuard<T> {}

// SAFETY: the mapped guard owns exclusive access to the `U` (rule 4), so
// moving it to another thread moves a `&mut U`: needs `U: Send`.
unsafe impl<'a, T: ?Sized + Send + 'a> Send for MappedMutexGuard<'a, T> {}

// SAFETY: sharing the mapped guard shares a `&U` (rule 4): needs `U: Sync`
// (and `Send`, as for `MutexGuard`).
unsafe impl<'a, T: ?Sized + Send + Sync + 'a> Sync for MappedMutexGuard<'a, T> {}

// SAFETY: the guard owns exclusive access to the `U` within the `T`
// (rule 4) and an `Arc<Mutex<T>>`, which is `Send` when `T: Send`.
unsafe impl<T: ?Sized + Send, U: ?Sized + Send> Send for OwnedMappedMutexGuard<T, U> {}

// SAFETY: sharing the guard shares a `&U` and an `Arc<Mutex<T>>` (rule 4).
unsafe impl<T: ?Sized + Send + Sync, U: ?Sized + Send + Sync> Sync for OwnedMappedMutexGuard<T, U> {}

impl<T> Mutex<T> {
    /// Creates an unlocked mutex holding `t`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mutex = rt_sync::Mutex::new(5);
    /// assert_eq!(mutex.into_inner(), 5);
    /// ```
    pub fn new(t: T) -> Mutex<T> {
        Mutex {
            s: ll::Semaphore::new(1),
            c: UnsafeCell::new(t),
        }
    }

    /// Creates an unlocked mutex in a `const` context, e.g. a `static`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::Mutex;
    ///
    /// static LOCK: Mutex<i32> = Mutex::const_new(5);
    /// assert_eq!(*LOCK.try_lock().unwrap(), 5);
    /// ```
    #[cfg(not(loom))]
    pub const fn const_new(t: T) -> Mutex<T> {
        Mutex {
            s: ll::Semaphore::const_new(1),
            c: UnsafeCell::new(t),
        }
    }

    /// Consumes the mutex and returns its data.
    ///
    /// ```
    /// let mutex = rt_sync::Mutex::new("data");
    /// assert_eq!(mutex.into_inner(), "data");
    /// ```
    pub fn into_inner(self) -> T {
        self.c.into_inner()
    }
}

impl<T: ?Sized> Mutex<T> {
    /// Locks the mutex, waiting (in FIFO order) until it is free.
    ///
    /// # Cancel safety
    ///
    /// This method uses a queue to hand out the lock fairly in the order it
    /// was requested. Cancelling a call to `lock` makes you lose your place in
    /// the queue; a lock handed to the cancelled call passes to the next one.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let mutex = rt_sync::Mutex::new(1);
    /// block_on(async {
    ///     let mut n = mutex.lock().await;
    ///     *n = 2;
    /// });
    /// assert_eq!(mutex.into_inner(), 2);
    /// ```
    pub async fn lock(&self) -> MutexGuard<'_, T> {
        self.acquire().await;
        // Rule 2: the permit is ours.
        MutexGuard { lock: self }
    }

    /// Locks the mutex through an `Arc`, returning a guard with no lifetime.
    ///
    /// # Cancel safety
    ///
    /// This method uses a queue to hand out the lock fairly in the order it
    /// was requested. Cancelling a call to `lock_owned` makes you lose your
    /// place in the queue.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// use std::sync::Arc;
    ///
    /// let mutex = Arc::new(rt_sync::Mutex::new(1));
    /// let mut guard = block_on(mutex.clone().lock_owned());
    /// *guard += 1;
    /// drop(guard);
    /// assert_eq!(*mutex.try_lock().unwrap(), 2);
    /// ```
    pub async fn lock_owned(self: Arc<Self>) -> OwnedMutexGuard<T> {
        self.acquire().await;
        // Rule 2: the permit is ours.
        OwnedMutexGuard { lock: self }
    }

    async fn acquire(&self) {
        if self.s.acquire(1).await.is_err() {
            unreachable!("a Mutex's semaphore is never closed (rule 1)");
        }
    }

    /// Blocks the current thread until the lock is acquired.
    ///
    /// # Panics
    ///
    /// Panics if called inside an asynchronous execution context (a runtime
    /// thread).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// let mutex = Arc::new(rt_sync::Mutex::new(1));
    /// let m2 = mutex.clone();
    /// std::thread::spawn(move || *m2.blocking_lock() += 1).join().unwrap();
    /// assert_eq!(*mutex.blocking_lock(), 2);
    /// ```
    pub fn blocking_lock(&self) -> MutexGuard<'_, T> {
        util::assert_not_in_runtime("Mutex::blocking_lock");
        util::block_on(self.lock())
    }

    /// Blocks the current thread until the lock is acquired, returning an
    /// owned guard.
    ///
    /// # Panics
    ///
    /// Panics if called inside an asynchronous execution context (a runtime
    /// thread).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// let mutex = Arc::new(rt_sync::Mutex::new(1));
    /// let guard = mutex.clone().blocking_lock_owned();
    /// assert_eq!(*guard, 1);
    /// ```
    pub fn blocking_lock_owned(self: Arc<Self>) -> OwnedMutexGuard<T> {
        util::assert_not_in_runtime("Mutex::blocking_lock_owned");
        util::block_on(self.lock_owned())
    }

    /// Locks the mutex if it is free now.
    ///
    /// # Errors
    ///
    /// [`TryLockError`] if the lock is held (or queued for).
    ///
    /// # Examples
    ///
    /// ```
    /// let mutex = rt_sync::Mutex::new(1);
    /// let guard = mutex.try_lock().unwrap();
    /// assert!(mutex.try_lock().is_err());
    /// drop(guard);
    /// ```
    pub fn try_lock(&self) -> Result<MutexGuard<'_, T>, TryLockError> {
        match self.s.try_acquire(1) {
            // Rule 2: the permit is ours.
            Ok(()) => Ok(MutexGuard { lock: self }),
            Err(_) => Err(TryLockError(())),
        }
    }

    /// Locks the mutex through an `Arc` if it is free now.
    ///
    /// # Errors
    ///
    /// [`TryLockError`] if the lock is held (or queued for).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// let mutex = Arc::new(rt_sync::Mutex::new(1));
    /// let guard = mutex.clone().try_lock_owned().unwrap();
    /// assert!(mutex.clone().try_lock_owned().is_err());
    /// drop(guard);
    /// ```
    pub fn try_lock_owned(self: Arc<Self>) -> Result<OwnedMutexGuard<T>, TryLockError> {
        match self.s.try_acquire(1) {
            // Rule 2: the permit is ours.
            Ok(()) => Ok(OwnedMutexGuard { lock: self }),
            Err(_) => Err(TryLockError(())),
        }
    }

    /// Returns a mutable reference to the data; no locking is needed since
    /// `&mut self` proves exclusive access.
    ///
    /// ```
    /// let mut mutex = rt_sync::Mutex::new(1);
    /// *mutex.get_mut() = 2;
    /// assert_eq!(mutex.into_inner(), 2);
    /// ```
    pub fn get_mut(&mut self) -> &mut T {
        self.c.get_mut()
    }
}

impl<T> From<T> for Mutex<T> {
    fn from(t: T) -> Self {
        Mutex::new(t)
    }
}

impl<T: Default> Default for Mutex<T> {
    fn default() -> Self {
        Mutex::new(T::default())
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Mutex");
        match self.try_lock() {
            Ok(guard) => d.field("data", &&*guard),
            Err(_) => d.field("data", &format_args!("<locked>")),
        };
        d.finish()
    }
}

impl<'a, T: ?Sized> MutexGuard<'a, T> {
    /// Makes a guard for a component of the locked data.
    ///
    /// An associated function (`MutexGuard::map(guard, f)`) so it does not
    /// shadow a method of `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{Mutex, MutexGuard};
    ///
    /// let mutex = Mutex::new([1, 2]);
    /// let first = MutexGuard::map(mutex.try_lock().unwrap(), |a| &mut a[0]);
    /// assert_eq!(*first, 1);
    /// ```
    pub fn map<U: ?Sized, F>(mut this: Self, f: F) -> MappedMutexGuard<'a, U>
    where
        F: FnOnce(&mut T) -> &mut U,
    {
        let data: *mut U = f(&mut *this);
        let this = ManuallyDrop::new(this);
        // Rule 4: the permit moves from `this` (not dropped) to the mapped guard.
        MappedMutexGuard {
            s: &this.lock.s,
            data,
            marker: PhantomData,
        }
    }

    /// Like [`map`](MutexGuard::map), but `f` may decline by returning
    /// `None`, which gives the original guard back.
    ///
    /// # Errors
    ///
    /// Returns the original guard if `f` returns `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{Mutex, MutexGuard};
    ///
    /// let mutex = Mutex::new(vec![1]);
    /// let guard = mutex.try_lock().unwrap();
    /// let guard = MutexGuard::try_map(guard, |v| v.get_mut(3)).unwrap_err();
    /// assert!(MutexGuard::try_map(guard, |v| v.get_mut(0)).is_ok());
    /// ```
    pub fn try_map<U: ?Sized, F>(mut this: Self, f: F) -> Result<MappedMutexGuard<'a, U>, Self>
    where
        F: FnOnce(&mut T) -> Option<&mut U>,
    {
        let data: *mut U = match f(&mut *this) {
            Some(data) => data,
            None => return Err(this),
        };
        let this = ManuallyDrop::new(this);
        // Rule 4: the permit moves from `this` (not dropped) to the mapped guard.
        Ok(MappedMutexGuard {
            s: &this.lock.s,
            data,
            marker: PhantomData,
        })
    }

    /// Returns the mutex this guard locks.
    ///
    /// ```
    /// use rt_sync::{Mutex, MutexGuard};
    ///
    /// let mutex = Mutex::new(());
    /// let guard = mutex.try_lock().unwrap();
    /// assert!(std::ptr::eq(MutexGuard::mutex(&guard), &mutex));
    /// ```
    pub fn mutex(this: &Self) -> &'a Mutex<T> {
        this.lock
    }
}

impl<T: ?Sized> Deref for MutexGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: rule 2, this guard holds the permit, so no `&mut T` exists
        // elsewhere for its lifetime.
        unsafe { &*self.lock.c.get() }
    }
}

impl<T: ?Sized> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: rule 2, this guard holds the permit and `&mut self` makes
        // the returned reference unique.
        unsafe { &mut *self.lock.c.get() }
    }
}

impl<T: ?Sized> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        self.lock.s.release(1);
    }
}

impl<T: ?Sized> OwnedMutexGuard<T> {
    /// Takes the `Arc` out without releasing the permit.
    fn into_lock(this: Self) -> Arc<Mutex<T>> {
        let this = ManuallyDrop::new(this);
        // SAFETY: `this` is never used or dropped again, so the `Arc` is
        // moved out exactly once.
        unsafe { std::ptr::read(&this.lock) }
    }

    /// Makes an owned guard for a component of the locked data.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{Mutex, OwnedMutexGuard};
    /// use std::sync::Arc;
    ///
    /// let mutex = Arc::new(Mutex::new((1, 2)));
    /// let mut second = OwnedMutexGuard::map(mutex.clone().try_lock_owned().unwrap(), |p| &mut p.1);
    /// *second = 3;
    /// drop(second);
    /// assert_eq!(*mutex.try_lock().unwrap(), (1, 3));
    /// ```
    pub fn map<U: ?Sized, F>(mut this: Self, f: F) -> OwnedMappedMutexGuard<T, U>
    where
        F: FnOnce(&mut T) -> &mut U,
    {
        let data: *mut U = f(&mut *this);
        // Rule 4: the permit moves to the mapped guard.
        OwnedMappedMutexGuard {
            data,
            lock: Self::into_lock(this),
        }
    }

    /// Like [`map`](OwnedMutexGuard::map), but `f` may decline by returning
    /// `None`.
    ///
    /// # Errors
    ///
    /// Returns the original guard if `f` returns `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{Mutex, OwnedMutexGuard};
    /// use std::sync::Arc;
    ///
    /// let mutex = Arc::new(Mutex::new(Some(1)));
    /// let guard = mutex.clone().try_lock_owned().unwrap();
    /// let inner = OwnedMutexGuard::try_map(guard, |o| o.as_mut()).unwrap();
    /// assert_eq!(*inner, 1);
    /// ```
    pub fn try_map<U: ?Sized, F>(mut this: Self, f: F) -> Result<OwnedMappedMutexGuard<T, U>, Self>
    where
        F: FnOnce(&mut T) -> Option<&mut U>,
    {
        let data: *mut U = match f(&mut *this) {
            Some(data) => data,
            None => return Err(this),
        };
        // Rule 4: the permit moves to the mapped guard.
        Ok(OwnedMappedMutexGuard {
            data,
            lock: Self::into_lock(this),
        })
    }

    /// Returns the mutex this guard locks.
    ///
    /// ```
    /// use rt_sync::{Mutex, OwnedMutexGuard};
    /// use std::sync::Arc;
    ///
    /// let mutex = Arc::new(Mutex::new(()));
    /// let guard = mutex.clone().try_lock_owned().unwrap();
    /// assert!(Arc::ptr_eq(OwnedMutexGuard::mutex(&guard), &mutex));
    /// ```
    pub fn mutex(this: &Self) -> &Arc<Mutex<T>> {
        &this.lock
    }
}

impl<T: ?Sized> Deref for OwnedMutexGuard<T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: rule 2, this guard holds the permit.
        unsafe { &*self.lock.c.get() }
    }
}

impl<T: ?Sized> DerefMut for OwnedMutexGuard<T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: rule 2, this guard holds the permit and `&mut self` makes
        // the returned reference unique.
        unsafe { &mut *self.lock.c.get() }
    }
}

impl<T: ?Sized> Drop for OwnedMutexGuard<T> {
    fn drop(&mut self) {
        self.lock.s.release(1);
    }
}

impl<'a, T: ?Sized> MappedMutexGuard<'a, T> {
    /// Maps this guard further, to a component of its data.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{MappedMutexGuard, Mutex, MutexGuard};
    ///
    /// let mutex = Mutex::new(((1, 2), 3));
    /// let outer = MutexGuard::map(mutex.try_lock().unwrap(), |t| &mut t.0);
    /// let inner = MappedMutexGuard::map(outer, |p| &mut p.1);
    /// assert_eq!(*inner, 2);
    /// ```
    pub fn map<U: ?Sized, F>(mut this: Self, f: F) -> MappedMutexGuard<'a, U>
    where
        F: FnOnce(&mut T) -> &mut U,
    {
        let data: *mut U = f(&mut *this);
        let this = ManuallyDrop::new(this);
        // Rule 4: the permit moves to the new mapped guard.
        MappedMutexGuard {
            s: this.s,
            data,
            marker: PhantomData,
        }
    }

    /// Like [`map`](MappedMutexGuard::map), but `f` may decline by returning
    /// `None`.
    ///
    /// # Errors
    ///
    /// Returns the original guard if `f` returns `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{MappedMutexGuard, Mutex, MutexGuard};
    ///
    /// let mutex = Mutex::new((Some(1), 2));
    /// let first = MutexGuard::map(mutex.try_lock().unwrap(), |t| &mut t.0);
    /// let value = MappedMutexGuard::try_map(first, |o| o.as_mut()).unwrap();
    /// assert_eq!(*value, 1);
    /// ```
    pub fn try_map<U: ?Sized, F>(mut this: Self, f: F) -> Result<MappedMutexGuard<'a, U>, Self>
    where
        F: FnOnce(&mut T) -> Option<&mut U>,
    {
        let data: *mut U = match f(&mut *this) {
            Some(data) => data,
            None => return Err(this),
        };
        let this = ManuallyDrop::new(this);
        // Rule 4: the permit moves to the new mapped guard.
        Ok(MappedMutexGuard {
            s: this.s,
            data,
            marker: PhantomData,
        })
    }
}

impl<T: ?Sized> Deref for MappedMutexGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: rule 4, `data` came from the permit holder's `&mut` and the
        // permit is still held by this guard.
        unsafe { &*self.data }
    }
}

impl<T: ?Sized> DerefMut for MappedMutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: rule 4, as in `deref`; `&mut self` makes the reference
        // unique.
        unsafe { &mut *self.data }
    }
}

impl<T: ?Sized> Drop for MappedMutexGuard<'_, T> {
    fn drop(&mut self) {
        self.s.release(1);
    }
}

impl<T: ?Sized, U: ?Sized> OwnedMappedMutexGuard<T, U> {
    /// Takes the `Arc` out without releasing the permit.
    fn into_lock(this: Self) -> Arc<Mutex<T>> {
        let this = ManuallyDrop::new(this);
        // SAFETY: `this` is never used or dropped again, so the `Arc` is
        // moved out exactly once.
        unsafe { std::ptr::read(&this.lock) }
    }

    /// Maps this guard further, to a component of its data.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{Mutex, OwnedMappedMutexGuard, OwnedMutexGuard};
    /// use std::sync::Arc;
    ///
    /// let mutex = Arc::new(Mutex::new(((1, 2), 3)));
    /// let outer = OwnedMutexGuard::map(mutex.try_lock_owned().unwrap(), |t| &mut t.0);
    /// let inner = OwnedMappedMutexGuard::map(outer, |p| &mut p.0);
    /// assert_eq!(*inner, 1);
    /// ```
    pub fn map<S: ?Sized, F>(mut this: Self, f: F) -> OwnedMappedMutexGuard<T, S>
    where
        F: FnOnce(&mut U) -> &mut S,
    {
        let data: *mut S = f(&mut *this);
        // Rule 4: the permit moves to the new mapped guard.
        OwnedMappedMutexGuard {
            data,
            lock: Self::into_lock(this),
        }
    }

    /// Like [`map`](OwnedMappedMutexGuard::map), but `f` may decline by
    /// returning `None`.
    ///
    /// # Errors
    ///
    /// Returns the original guard if `f` returns `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{Mutex, OwnedMappedMutexGuard, OwnedMutexGuard};
    /// use std::sync::Arc;
    ///
    /// let mutex = Arc::new(Mutex::new((None::<i32>, 3)));
    /// let first = OwnedMutexGuard::map(mutex.try_lock_owned().unwrap(), |t| &mut t.0);
    /// assert!(OwnedMappedMutexGuard::try_map(first, |o| o.as_mut()).is_err());
    /// ```
    pub fn try_map<S: ?Sized, F>(mut this: Self, f: F) -> Result<OwnedMappedMutexGuard<T, S>, Self>
    where
        F: FnOnce(&mut U) -> Option<&mut S>,
    {
        let data: *mut S = match f(&mut *this) {
            Some(data) => data,
            None => return Err(this),
        };
        // Rule 4: the permit moves to the new mapped guard.
        Ok(OwnedMappedMutexGuard {
            data,
            lock: Self::into_lock(this),
        })
    }

    /// Returns the mutex this guard locks.
    ///
    /// ```
    /// use rt_sync::{Mutex, OwnedMappedMutexGuard, OwnedMutexGuard};
    /// use std::sync::Arc;
    ///
    /// let mutex = Arc::new(Mutex::new((1, 2)));
    /// let g = OwnedMutexGuard::map(mutex.clone().try_lock_owned().unwrap(), |t| &mut t.0);
    /// assert!(Arc::ptr_eq(OwnedMappedMutexGuard::mutex(&g), &mutex));
    /// ```
    pub fn mutex(this: &Self) -> &Arc<Mutex<T>> {
        &this.lock
    }
}

impl<T: ?Sized, U: ?Sized> Deref for OwnedMappedMutexGuard<T, U> {
    type Target = U;

    fn deref(&self) -> &U {
        // SAFETY: rule 4, `data` came from the permit holder's `&mut` and the
        // permit is still held by this guard (which also keeps the mutex
        // alive through `lock`).
        unsafe { &*self.data }
    }
}

impl<T: ?Sized, U: ?Sized> DerefMut for OwnedMappedMutexGuard<T, U> {
    fn deref_mut(&mut self) -> &mut U {
        // SAFETY: rule 4, as in `deref`; `&mut self` makes the reference
        // unique.
        unsafe { &mut *self.data }
    }
}

impl<T: ?Sized, U: ?Sized> Drop for OwnedMappedMutexGuard<T, U> {
    fn drop(&mut self) {
        self.lock.s.release(1);
    }
}

macro_rules! forward_fmt {
    ($($guard:ty => [$($gen:tt)*] $target:ident;)*) => {$(
        impl<$($gen)*> fmt::Debug for $guard where $target: fmt::Debug {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&**self, f)
            }
        }

        impl<$($gen)*> fmt::Display for $guard where $target: fmt::Display {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&**self, f)
            }
        }
    )*};
}

forward_fmt! {
    MutexGuard<'_, T> => [T: ?Sized] T;
    OwnedMutexGuard<T> => [T: ?Sized] T;
    MappedMutexGuard<'_, T> => [T: ?Sized] T;
    OwnedMappedMutexGuard<T, U> => [T: ?Sized, U: ?Sized] U;
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::future::block_on;
    use loom::thread;

    #[test]
    fn loom_lock_excludes_and_hands_over() {
        loom::model(|| {
            let mutex = Arc::new(Mutex::new(0usize));
            let threads: Vec<_> = (0..2)
                .map(|_| {
                    let mutex = mutex.clone();
                    thread::spawn(move || {
                        block_on(async {
                            let mut guard = mutex.lock().await;
                            let seen = *guard;
                            thread::yield_now();
                            *guard = seen + 1;
                        })
                    })
                })
                .collect();
            for t in threads {
                t.join().unwrap();
            }
            assert_eq!(*mutex.try_lock().unwrap(), 2);
        });
    }
}
