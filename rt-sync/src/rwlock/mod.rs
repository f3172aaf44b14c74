//! A fair, write-preferring asynchronous reader-writer lock.
//!
//! # Protocol
//!
//! `RwLock<T>` is a semaphore `s` with `mr` ("max readers") permits plus the
//! data in an `UnsafeCell` `c`.
//!
//! 1. `s` starts with exactly `mr` permits and is never closed. A read guard
//!    holds 1 permit, a write guard (mapped or not) holds all `mr`. So while
//!    a write guard exists no other guard does, and at most `mr` read guards
//!    exist at once.
//! 2. A guard is created only after its permits were acquired from `s`, and
//!    releases them only in its `Drop` (or hands them to the guard it turns
//!    into: `map`, `downgrade`). A read guard may therefore hand out `&T`,
//!    and a write guard `&mut T`, into `c` for its own lifetime.
//! 3. Fairness comes from the semaphore's FIFO queue (see `batch_semaphore`,
//!    rules 2-4): a writer waiting for `mr` permits sits in the queue holding
//!    whatever permits were released so far, and `available` stays 0 while
//!    it waits, so readers that come later queue behind it instead of
//!    starving it. Readers queued behind a writer get in when it leaves.
//! 4. `downgrade` releases `mr - 1` of a write guard's permits and keeps 1:
//!    the result is a read guard (rule 1), and the released permits go to
//!    the waiters at the front of the queue.
//! 5. A mapped guard keeps a raw pointer derived from the reference its
//!    guard lent out under rule 2, together with the permits; it stays valid
//!    until they are released in the mapped guard's `Drop`.
//! 6. The release (under the semaphore's lock) happens before the next
//!    acquire, so each guard sees every write of the writers before it.

mod guards;
mod owned_guards;

pub use guards::{RwLockMappedWriteGuard, RwLockReadGuard, RwLockWriteGuard};
pub use owned_guards::{OwnedRwLockMappedWriteGuard, OwnedRwLockReadGuard, OwnedRwLockWriteGuard};

use crate::batch_semaphore as ll;
use crate::util;
use crate::TryLockError;
use std::cell::UnsafeCell;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

/// The most readers an [`RwLock`] may admit at once.
const MAX_READS: u32 = u32::MAX >> 3;

/// An asynchronous reader-writer lock: many readers or one writer at a time,
/// and guards may be held across `.await` points.
///
/// The lock is **fair** and **write-preferring**: lock requests are served
/// in the order they were made, so a writer waiting behind readers holds
/// back every reader that comes after it, and cannot be starved by a steady
/// stream of readers. There is no poisoning.
///
/// At most `max_readers` read guards exist at once (`u32::MAX >> 3` unless
/// set with [`with_max_readers`](RwLock::with_max_readers)).
///
/// # Examples
///
/// ```
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
/// # }
/// use rt_sync::RwLock;
///
/// let lock = RwLock::new(5);
/// block_on(async {
///     {
///         let r1 = lock.read().await;
///         let r2 = lock.read().await;
///         assert_eq!(*r1 + *r2, 10);
///     }
///     let mut w = lock.write().await;
///     *w += 1;
/// });
/// assert_eq!(lock.into_inner(), 6);
/// ```
pub struct RwLock<T: ?Sized> {
    /// Permits a writer takes (rule 1).
    mr: u32,
    s: ll::Semaphore,
    c: UnsafeCell<T>,
}

// SAFETY: the lock hands out `&mut T` to one thread at a time, or `&T` to
// many (rules 1-2): sharing it needs `T: Send` (a writer may move the value
// out with `mem::replace`) and `T: Sync` (readers share `&T`).
unsafe impl<T: ?Sized + Send + Sync> Sync for RwLock<T> {}

impl<T> RwLock<T> {
    /// Creates an unlocked lock holding `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = rt_sync::RwLock::new(1);
    /// assert_eq!(*lock.try_read().unwrap(), 1);
    /// ```
    pub fn new(value: T) -> RwLock<T> {
        RwLock::with_max_readers(value, MAX_READS)
    }

    /// Creates an unlocked lock that admits at most `max_reads` readers at
    /// once.
    ///
    /// # Panics
    ///
    /// Panics if `max_reads` is 0 or more than `u32::MAX >> 3`.
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = rt_sync::RwLock::with_max_readers((), 2);
    /// let _a = lock.try_read().unwrap();
    /// let _b = lock.try_read().unwrap();
    /// assert!(lock.try_read().is_err());
    /// ```
    #[track_caller]
    pub fn with_max_readers(value: T, max_reads: u32) -> RwLock<T> {
        assert!(
            max_reads <= MAX_READS,
            "a RwLock may not be created with more than {MAX_READS} readers"
        );
        assert!(max_reads > 0, "a RwLock must admit at least one reader");
        RwLock {
            mr: max_reads,
            s: ll::Semaphore::new(max_reads as usize),
            c: UnsafeCell::new(value),
        }
    }

    /// Creates an unlocked lock in a `const` context, e.g. a `static`.
    ///
    /// # Examples
    ///
    /// ```
    /// static CONFIG: rt_sync::RwLock<u32> = rt_sync::RwLock::const_new(8);
    /// assert_eq!(*CONFIG.try_read().unwrap(), 8);
    /// ```
    #[cfg(not(loom))]
    pub const fn const_new(value: T) -> RwLock<T> {
        RwLock::const_with_max_readers(value, MAX_READS)
    }

    /// Creates an unlocked lock admitting at most `max_reads` readers, in a
    /// `const` context.
    ///
    /// # Panics
    ///
    /// Panics (at compile time in a `static`) if `max_reads` is 0 or more
    /// than `u32::MAX >> 3`.
    ///
    /// # Examples
    ///
    /// ```
    /// static LOCK: rt_sync::RwLock<()> = rt_sync::RwLock::const_with_max_readers((), 1);
    /// let _r = LOCK.try_read().unwrap();
    /// assert!(LOCK.try_read().is_err());
    /// ```
    #[cfg(not(loom))]
    pub const fn const_with_max_readers(value: T, max_reads: u32) -> RwLock<T> {
        assert!(max_reads <= MAX_READS && max_reads > 0);
        RwLock {
            mr: max_reads,
            s: ll::Semaphore::const_new(max_reads as usize),
            c: UnsafeCell::new(value),
        }
    }

    /// Consumes the lock and returns its data.
    ///
    /// ```
    /// let lock = rt_sync::RwLock::new(String::from("x"));
    /// assert_eq!(lock.into_inner(), "x");
    /// ```
    pub fn into_inner(self) -> T {
        self.c.into_inner()
    }
}

impl<T: ?Sized> RwLock<T> {
    async fn acquire(&self, permits: u32) {
        if self.s.acquire(permits as usize).await.is_err() {
            unreachable!("a RwLock's semaphore is never closed (rule 1)");
        }
    }

    fn read_guard(&self) -> RwLockReadGuard<'_, T> {
        // Rule 2: the caller acquired one permit.
        RwLockReadGuard {
            s: &self.s,
            data: self.c.get(),
            marker: PhantomData,
        }
    }

    fn write_guard(&self) -> RwLockWriteGuard<'_, T> {
        // Rule 2: the caller acquired `mr` permits.
        RwLockWriteGuard {
            permits_acquired: self.mr,
            s: &self.s,
            data: self.c.get(),
            marker: PhantomData,
        }
    }

    /// Locks for reading, waiting (in FIFO order) while a writer holds the
    /// lock or is queued ahead.
    ///
    /// # Cancel safety
    ///
    /// This method uses a queue to hand out the lock fairly in the order it
    /// was requested. Cancelling a call to `read` makes you lose your place
    /// in the queue; a permit handed to the cancelled call passes on.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let lock = rt_sync::RwLock::new(vec![1, 2]);
    /// let len = block_on(async { lock.read().await.len() });
    /// assert_eq!(len, 2);
    /// ```
    pub async fn read(&self) -> RwLockReadGuard<'_, T> {
        self.acquire(1).await;
        self.read_guard()
    }

    /// Locks for reading through an `Arc`, returning a guard with no
    /// lifetime.
    ///
    /// # Cancel safety
    ///
    /// This method uses a queue to hand out the lock fairly in the order it
    /// was requested. Cancelling a call to `read_owned` makes you lose your
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
    /// let lock = Arc::new(rt_sync::RwLock::new(3));
    /// let guard = block_on(lock.clone().read_owned());
    /// let t = std::thread::spawn(move || *guard);
    /// assert_eq!(t.join().unwrap(), 3);
    /// ```
    pub async fn read_owned(self: Arc<Self>) -> OwnedRwLockReadGuard<T> {
        self.acquire(1).await;
        OwnedRwLockReadGuard::new(self)
    }

    /// Locks for reading if that is possible now.
    ///
    /// # Errors
    ///
    /// [`TryLockError`] if a writer holds the lock or is queued, or
    /// `max_readers` readers hold it.
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = rt_sync::RwLock::new(1);
    /// let w = lock.try_write().unwrap();
    /// assert!(lock.try_read().is_err());
    /// drop(w);
    /// assert_eq!(*lock.try_read().unwrap(), 1);
    /// ```
    pub fn try_read(&self) -> Result<RwLockReadGuard<'_, T>, TryLockError> {
        match self.s.try_acquire(1) {
            Ok(()) => Ok(self.read_guard()),
            Err(_) => Err(TryLockError(())),
        }
    }

    /// Locks for reading through an `Arc` if that is possible now.
    ///
    /// # Errors
    ///
    /// [`TryLockError`] as for [`try_read`](RwLock::try_read).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// let lock = Arc::new(rt_sync::RwLock::new(1));
    /// let guard = lock.clone().try_read_owned().unwrap();
    /// assert_eq!(*guard, 1);
    /// ```
    pub fn try_read_owned(self: Arc<Self>) -> Result<OwnedRwLockReadGuard<T>, TryLockError> {
        match self.s.try_acquire(1) {
            Ok(()) => Ok(OwnedRwLockReadGuard::new(self)),
            Err(_) => Err(TryLockError(())),
        }
    }

    /// Locks for writing, waiting (in FIFO order) until every reader and
    /// writer ahead has left.
    ///
    /// # Cancel safety
    ///
    /// This method uses a queue to hand out the lock fairly in the order it
    /// was requested. Cancelling a call to `write` makes you lose your place
    /// in the queue; permits already assigned to it pass on to the next
    /// waiters.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let lock = rt_sync::RwLock::new(0);
    /// block_on(async { *lock.write().await += 1 });
    /// assert_eq!(lock.into_inner(), 1);
    /// ```
    pub async fn write(&self) -> RwLockWriteGuard<'_, T> {
        self.acquire(self.mr).await;
        self.write_guard()
    }

    /// Locks for writing through an `Arc`, returning a guard with no
    /// lifetime.
    ///
    /// # Cancel safety
    ///
    /// This method uses a queue to hand out the lock fairly in the order it
    /// was requested. Cancelling a call to `write_owned` makes you lose your
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
    /// let lock = Arc::new(rt_sync::RwLock::new(0));
    /// let mut guard = block_on(lock.clone().write_owned());
    /// std::thread::spawn(move || *guard = 9).join().unwrap();
    /// assert_eq!(*lock.try_read().unwrap(), 9);
    /// ```
    pub async fn write_owned(self: Arc<Self>) -> OwnedRwLockWriteGuard<T> {
        self.acquire(self.mr).await;
        OwnedRwLockWriteGuard::new(self)
    }

    /// Locks for writing if nobody holds or waits for the lock now.
    ///
    /// # Errors
    ///
    /// [`TryLockError`] if the lock is held or queued for.
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = rt_sync::RwLock::new(1);
    /// let r = lock.try_read().unwrap();
    /// assert!(lock.try_write().is_err());
    /// drop(r);
    /// *lock.try_write().unwrap() = 2;
    /// ```
    pub fn try_write(&self) -> Result<RwLockWriteGuard<'_, T>, TryLockError> {
        match self.s.try_acquire(self.mr as usize) {
            Ok(()) => Ok(self.write_guard()),
            Err(_) => Err(TryLockError(())),
        }
    }

    /// Locks for writing through an `Arc` if nobody holds or waits for the
    /// lock now.
    ///
    /// # Errors
    ///
    /// [`TryLockError`] if the lock is held or queued for.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// let lock = Arc::new(rt_sync::RwLock::new(1));
    /// let mut guard = lock.clone().try_write_owned().unwrap();
    /// *guard = 2;
    /// assert!(lock.clone().try_write_owned().is_err());
    /// ```
    pub fn try_write_owned(self: Arc<Self>) -> Result<OwnedRwLockWriteGuard<T>, TryLockError> {
        match self.s.try_acquire(self.mr as usize) {
            Ok(()) => Ok(OwnedRwLockWriteGuard::new(self)),
            Err(_) => Err(TryLockError(())),
        }
    }

    /// Blocks the current thread until it holds the lock for reading.
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
    /// let lock = Arc::new(rt_sync::RwLock::new(1));
    /// let l2 = lock.clone();
    /// let seen = std::thread::spawn(move || *l2.blocking_read()).join().unwrap();
    /// assert_eq!(seen, 1);
    /// ```
    pub fn blocking_read(&self) -> RwLockReadGuard<'_, T> {
        util::assert_not_in_runtime("RwLock::blocking_read");
        util::block_on(self.read())
    }

    /// Blocks the current thread until it holds the lock for writing.
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
    /// let lock = Arc::new(rt_sync::RwLock::new(1));
    /// let l2 = lock.clone();
    /// std::thread::spawn(move || *l2.blocking_write() += 1).join().unwrap();
    /// assert_eq!(*lock.blocking_read(), 2);
    /// ```
    pub fn blocking_write(&self) -> RwLockWriteGuard<'_, T> {
        util::assert_not_in_runtime("RwLock::blocking_write");
        util::block_on(self.write())
    }

    /// Returns a mutable reference to the data; no locking is needed since
    /// `&mut self` proves exclusive access.
    ///
    /// ```
    /// let mut lock = rt_sync::RwLock::new(1);
    /// *lock.get_mut() = 2;
    /// assert_eq!(lock.into_inner(), 2);
    /// ```
    pub fn get_mut(&mut self) -> &mut T {
        self.c.get_mut()
    }
}

impl<T> From<T> for RwLock<T> {
    fn from(value: T) -> RwLock<T> {
        RwLock::new(value)
    }
}

impl<T: Default> Default for RwLock<T> {
    fn default() -> RwLock<T> {
        RwLock::new(T::default())
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for RwLock<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("RwLock");
        match self.try_read() {
            Ok(guard) => d.field("data", &&*guard),
            Err(_) => d.field("data", &format_args!("<locked>")),
        };
        d.finish()
    }
}

/// Implements `Debug` and `Display` for guards by forwarding to the data.
macro_rules! forward_fmt {
    ($($guard:ty => [$($gen:tt)*] $target:ident;)*) => {$(
        impl<$($gen)*> std::fmt::Debug for $guard where $target: std::fmt::Debug {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&**self, f)
            }
        }

        impl<$($gen)*> std::fmt::Display for $guard where $target: std::fmt::Display {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&**self, f)
            }
        }
    )*};
}
use forward_fmt;

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::future::block_on;
    use loom::thread;

    #[test]
    fn loom_rwlock_writer_excludes_readers() {
        loom::model(|| {
            let lock = Arc::new(RwLock::with_max_readers((0usize, 0usize), 2));
            let l2 = lock.clone();
            let writer = thread::spawn(move || {
                block_on(async {
                    let mut w = l2.write().await;
                    w.0 += 1;
                    thread::yield_now();
                    w.1 += 1;
                })
            });
            block_on(async {
                let r = lock.read().await;
                // A reader sees both halves of a write or neither.
                assert_eq!(r.0, r.1);
            });
            writer.join().unwrap();
            assert_eq!(*lock.try_read().unwrap(), (1, 1));
        });
    }

    #[test]
    fn loom_rwlock_downgrade_admits_queued_reader() {
        loom::model(|| {
            let lock = Arc::new(RwLock::with_max_readers(0usize, 2));
            let w = lock.try_write().unwrap();
            let l2 = lock.clone();
            let reader = thread::spawn(move || block_on(async { *l2.read().await }));
            let mut w = w;
            *w = 1;
            let r = RwLockWriteGuard::downgrade(w);
            // The reader gets in while we still hold our read guard.
            assert_eq!(reader.join().unwrap(), 1);
            drop(r);
            assert!(lock.try_write().is_ok());
        });
    }
}
