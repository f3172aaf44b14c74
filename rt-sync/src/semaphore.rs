//! The public [`Semaphore`]: a fair counting semaphore.
//!
//! The algorithm and its protocol live in `batch_semaphore`; this module adds
//! the permit guards that return permits on drop.

use crate::batch_semaphore as ll;
use std::fmt;
use std::sync::Arc;

/// A counting semaphore: a pool of permits that tasks acquire and give back.
///
/// The semaphore is **fair**: acquires complete in the order they were first
/// polled, batch acquires ([`acquire_many`](Semaphore::acquire_many))
/// included. A request for many permits at the front of the queue holds back
/// smaller requests behind it until it is satisfied, so large requests are not
/// starved.
///
/// A permit is returned when its guard ([`SemaphorePermit`],
/// [`OwnedSemaphorePermit`]) drops, unless it is
/// [`forget`](SemaphorePermit::forget)-ten.
///
/// # Examples
///
/// Limit the number of concurrent operations:
///
/// ```
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } std::thread::yield_now(); }
/// # }
/// use rt_sync::{Semaphore, TryAcquireError};
///
/// let semaphore = Semaphore::new(3);
/// block_on(async {
///     let a = semaphore.acquire().await.unwrap();
///     let b = semaphore.acquire_many(2).await.unwrap();
///     assert_eq!(semaphore.available_permits(), 0);
///     assert_eq!(semaphore.try_acquire().err(), Some(TryAcquireError::NoPermits));
///     drop(a);
///     assert_eq!(semaphore.available_permits(), 1);
///     drop(b);
/// });
/// assert_eq!(semaphore.available_permits(), 3);
/// ```
pub struct Semaphore {
    ll: ll::Semaphore,
}

/// A permit from a [`Semaphore`], borrowing it; the permits return when it
/// drops.
///
/// # Examples
///
/// ```
/// let semaphore = rt_sync::Semaphore::new(2);
/// let permit = semaphore.try_acquire_many(2).unwrap();
/// assert_eq!(permit.num_permits(), 2);
/// drop(permit);
/// assert_eq!(semaphore.available_permits(), 2);
/// ```
#[must_use]
#[clippy::has_significant_drop]
pub struct SemaphorePermit<'a> {
    sem: &'a Semaphore,
    permits: u32,
}

/// A permit from a [`Semaphore`] held through an `Arc`, so it can be moved to
/// other tasks; the permits return when it drops.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
///
/// let semaphore = Arc::new(rt_sync::Semaphore::new(1));
/// let permit = semaphore.clone().try_acquire_owned().unwrap();
/// std::thread::spawn(move || drop(permit)).join().unwrap();
/// assert_eq!(semaphore.available_permits(), 1);
/// ```
#[must_use]
#[clippy::has_significant_drop]
pub struct OwnedSemaphorePermit {
    sem: Arc<Semaphore>,
    permits: u32,
}

/// Error returned by the acquire methods of [`Semaphore`]: it was closed.
///
/// # Examples
///
/// ```
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
/// # }
/// let semaphore = rt_sync::Semaphore::new(1);
/// semaphore.close();
/// let err = block_on(semaphore.acquire()).unwrap_err();
/// assert_eq!(err.to_string(), "semaphore closed");
/// ```
#[derive(Debug, PartialEq, Eq)]
pub struct AcquireError(());

/// Error returned by the `try_acquire*` methods of [`Semaphore`].
///
/// # Examples
///
/// ```
/// use rt_sync::{Semaphore, TryAcquireError};
///
/// let semaphore = Semaphore::new(0);
/// assert!(semaphore.try_acquire().unwrap_err().is_no_permits());
/// semaphore.close();
/// assert_eq!(semaphore.try_acquire().err(), Some(TryAcquireError::Closed));
/// ```
#[derive(Debug, PartialEq, Eq)]
pub enum TryAcquireError {
    /// The semaphore has been [closed](Semaphore::close).
    Closed,
    /// Not enough permits are available.
    NoPermits,
}

impl TryAcquireError {
    /// Returns `true` if the error was caused by a closed semaphore.
    ///
    /// ```
    /// assert!(rt_sync::TryAcquireError::Closed.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        matches!(self, TryAcquireError::Closed)
    }

    /// Returns `true` if the error was caused by a lack of permits.
    ///
    /// ```
    /// assert!(rt_sync::TryAcquireError::NoPermits.is_no_permits());
    /// ```
    pub fn is_no_permits(&self) -> bool {
        matches!(self, TryAcquireError::NoPermits)
    }
}

impl fmt::Display for AcquireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "semaphore closed")
    }
}

impl std::error::Error for AcquireError {}

impl fmt::Display for TryAcquireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TryAcquireError::Closed => write!(f, "semaphore closed"),
            TryAcquireError::NoPermits => write!(f, "no permits available"),
        }
    }
}

impl std::error::Error for TryAcquireError {}

fn try_error(err: ll::TryAcquireError) -> TryAcquireError {
    match err {
        ll::TryAcquireError::Closed => TryAcquireError::Closed,
        ll::TryAcquireError::NoPermits => TryAcquireError::NoPermits,
    }
}

impl Semaphore {
    /// The maximum number of permits a semaphore can hold: `usize::MAX >> 3`.
    ///
    /// ```
    /// assert_eq!(rt_sync::Semaphore::MAX_PERMITS, usize::MAX >> 3);
    /// ```
    pub const MAX_PERMITS: usize = ll::Semaphore::MAX_PERMITS;

    /// Creates a semaphore with `permits` permits.
    ///
    /// # Panics
    ///
    /// Panics if `permits` exceeds [`Semaphore::MAX_PERMITS`].
    ///
    /// # Examples
    ///
    /// ```
    /// let semaphore = rt_sync::Semaphore::new(5);
    /// assert_eq!(semaphore.available_permits(), 5);
    /// ```
    pub fn new(permits: usize) -> Semaphore {
        Semaphore {
            ll: ll::Semaphore::new(permits),
        }
    }

    /// Creates a semaphore in a `const` context, e.g. a `static`.
    ///
    /// # Panics
    ///
    /// Panics (at compile time when evaluated in a constant) if `permits`
    /// exceeds [`Semaphore::MAX_PERMITS`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::Semaphore;
    ///
    /// static PERMITS: Semaphore = Semaphore::const_new(10);
    /// assert_eq!(PERMITS.available_permits(), 10);
    /// ```
    #[cfg(not(loom))]
    pub const fn const_new(permits: usize) -> Semaphore {
        Semaphore {
            ll: ll::Semaphore::const_new(permits),
        }
    }

    /// Returns the number of permits available now.
    ///
    /// ```
    /// let semaphore = rt_sync::Semaphore::new(2);
    /// let _p = semaphore.try_acquire().unwrap();
    /// assert_eq!(semaphore.available_permits(), 1);
    /// ```
    pub fn available_permits(&self) -> usize {
        self.ll.available_permits()
    }

    /// Adds `n` permits, handing them to waiting acquirers first, in queue
    /// order.
    ///
    /// # Panics
    ///
    /// Panics if the total would exceed [`Semaphore::MAX_PERMITS`].
    ///
    /// # Examples
    ///
    /// ```
    /// let semaphore = rt_sync::Semaphore::new(0);
    /// semaphore.add_permits(2);
    /// assert_eq!(semaphore.available_permits(), 2);
    /// ```
    pub fn add_permits(&self, n: usize) {
        self.ll.release(n);
    }

    /// Removes up to `n` available permits for good and returns how many were
    /// removed. Permits held by guards are not affected.
    ///
    /// # Examples
    ///
    /// ```
    /// let semaphore = rt_sync::Semaphore::new(3);
    /// assert_eq!(semaphore.forget_permits(5), 3);
    /// assert_eq!(semaphore.available_permits(), 0);
    /// ```
    pub fn forget_permits(&self, n: usize) -> usize {
        self.ll.forget_permits(n)
    }

    /// Acquires one permit, waiting for it in FIFO order.
    ///
    /// # Errors
    ///
    /// [`AcquireError`] if the semaphore is (or gets) closed.
    ///
    /// # Cancel safety
    ///
    /// This method uses a queue to hand out permits fairly in the order they
    /// were requested. Cancelling a call to `acquire` makes you lose your
    /// place in the queue; permits already assigned to the cancelled call go
    /// to the next waiter.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let semaphore = rt_sync::Semaphore::new(1);
    /// let permit = block_on(semaphore.acquire()).unwrap();
    /// assert_eq!(permit.num_permits(), 1);
    /// ```
    pub async fn acquire(&self) -> Result<SemaphorePermit<'_>, AcquireError> {
        self.acquire_many(1).await
    }

    /// Acquires `n` permits at once, waiting for them in FIFO order.
    ///
    /// Asking for 0 permits completes at once (unless the semaphore is
    /// closed).
    ///
    /// # Errors
    ///
    /// [`AcquireError`] if the semaphore is (or gets) closed.
    ///
    /// # Cancel safety
    ///
    /// This method uses a queue to hand out permits fairly in the order they
    /// were requested. Cancelling a call to `acquire_many` makes you lose your
    /// place in the queue; permits already assigned to the cancelled call go
    /// to the next waiter.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let semaphore = rt_sync::Semaphore::new(5);
    /// let permit = block_on(semaphore.acquire_many(3)).unwrap();
    /// assert_eq!(semaphore.available_permits(), 2);
    /// drop(permit);
    /// ```
    pub async fn acquire_many(&self, n: u32) -> Result<SemaphorePermit<'_>, AcquireError> {
        match self.ll.acquire(n as usize).await {
            Ok(()) => Ok(SemaphorePermit {
                sem: self,
                permits: n,
            }),
            Err(ll::AcquireError) => Err(AcquireError(())),
        }
    }

    /// Acquires one permit if one is available now.
    ///
    /// # Errors
    ///
    /// [`TryAcquireError::Closed`] if the semaphore is closed,
    /// [`TryAcquireError::NoPermits`] if no permit is available.
    ///
    /// # Examples
    ///
    /// ```
    /// let semaphore = rt_sync::Semaphore::new(1);
    /// let permit = semaphore.try_acquire().unwrap();
    /// assert!(semaphore.try_acquire().is_err());
    /// drop(permit);
    /// ```
    pub fn try_acquire(&self) -> Result<SemaphorePermit<'_>, TryAcquireError> {
        self.try_acquire_many(1)
    }

    /// Acquires `n` permits if they are available now.
    ///
    /// # Errors
    ///
    /// [`TryAcquireError::Closed`] if the semaphore is closed,
    /// [`TryAcquireError::NoPermits`] if fewer than `n` permits are available.
    ///
    /// # Examples
    ///
    /// ```
    /// let semaphore = rt_sync::Semaphore::new(3);
    /// let permit = semaphore.try_acquire_many(2).unwrap();
    /// assert!(semaphore.try_acquire_many(2).is_err());
    /// drop(permit);
    /// ```
    pub fn try_acquire_many(&self, n: u32) -> Result<SemaphorePermit<'_>, TryAcquireError> {
        match self.ll.try_acquire(n as usize) {
            Ok(()) => Ok(SemaphorePermit {
                sem: self,
                permits: n,
            }),
            Err(e) => Err(try_error(e)),
        }
    }

    /// Acquires one permit through an `Arc`, so the permit can outlive the
    /// borrow and move between tasks.
    ///
    /// # Errors
    ///
    /// [`AcquireError`] if the semaphore is (or gets) closed.
    ///
    /// # Cancel safety
    ///
    /// This method uses a queue to hand out permits fairly in the order they
    /// were requested. Cancelling a call to `acquire_owned` makes you lose
    /// your place in the queue.
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
    /// let semaphore = Arc::new(rt_sync::Semaphore::new(1));
    /// let permit = block_on(semaphore.clone().acquire_owned()).unwrap();
    /// assert_eq!(semaphore.available_permits(), 0);
    /// drop(permit);
    /// assert_eq!(semaphore.available_permits(), 1);
    /// ```
    pub async fn acquire_owned(self: Arc<Self>) -> Result<OwnedSemaphorePermit, AcquireError> {
        self.acquire_many_owned(1).await
    }

    /// Acquires `n` permits through an `Arc`.
    ///
    /// # Errors
    ///
    /// [`AcquireError`] if the semaphore is (or gets) closed.
    ///
    /// # Cancel safety
    ///
    /// This method uses a queue to hand out permits fairly in the order they
    /// were requested. Cancelling a call to `acquire_many_owned` makes you
    /// lose your place in the queue.
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
    /// let semaphore = Arc::new(rt_sync::Semaphore::new(4));
    /// let permit = block_on(semaphore.clone().acquire_many_owned(4)).unwrap();
    /// assert_eq!(permit.num_permits(), 4);
    /// ```
    pub async fn acquire_many_owned(
        self: Arc<Self>,
        n: u32,
    ) -> Result<OwnedSemaphorePermit, AcquireError> {
        match self.ll.acquire(n as usize).await {
            Ok(()) => Ok(OwnedSemaphorePermit {
                sem: self,
                permits: n,
            }),
            Err(ll::AcquireError) => Err(AcquireError(())),
        }
    }

    /// Acquires one permit through an `Arc` if one is available now.
    ///
    /// # Errors
    ///
    /// [`TryAcquireError::Closed`] or [`TryAcquireError::NoPermits`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// let semaphore = Arc::new(rt_sync::Semaphore::new(1));
    /// let permit = semaphore.clone().try_acquire_owned().unwrap();
    /// assert!(semaphore.clone().try_acquire_owned().is_err());
    /// drop(permit);
    /// ```
    pub fn try_acquire_owned(self: Arc<Self>) -> Result<OwnedSemaphorePermit, TryAcquireError> {
        self.try_acquire_many_owned(1)
    }

    /// Acquires `n` permits through an `Arc` if they are available now.
    ///
    /// # Errors
    ///
    /// [`TryAcquireError::Closed`] or [`TryAcquireError::NoPermits`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// let semaphore = Arc::new(rt_sync::Semaphore::new(2));
    /// let permit = semaphore.clone().try_acquire_many_owned(2).unwrap();
    /// assert_eq!(permit.num_permits(), 2);
    /// ```
    pub fn try_acquire_many_owned(
        self: Arc<Self>,
        n: u32,
    ) -> Result<OwnedSemaphorePermit, TryAcquireError> {
        match self.ll.try_acquire(n as usize) {
            Ok(()) => Ok(OwnedSemaphorePermit {
                sem: self,
                permits: n,
            }),
            Err(e) => Err(try_error(e)),
        }
    }

    /// Closes the semaphore: every pending and future acquire fails, and
    /// `try_acquire*` returns [`TryAcquireError::Closed`]. Permits already
    /// held stay valid (and still return to the count when dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// let semaphore = rt_sync::Semaphore::new(1);
    /// semaphore.close();
    /// assert!(semaphore.is_closed());
    /// assert!(semaphore.try_acquire().unwrap_err().is_closed());
    /// ```
    pub fn close(&self) {
        self.ll.close();
    }

    /// Returns `true` if the semaphore has been closed.
    ///
    /// ```
    /// let semaphore = rt_sync::Semaphore::new(1);
    /// assert!(!semaphore.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        self.ll.is_closed()
    }
}

impl fmt::Debug for Semaphore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Semaphore")
            .field("ll_sem", &self.ll)
            .finish()
    }
}

impl<'a> SemaphorePermit<'a> {
    /// Forgets the permits without returning them to the semaphore,
    /// decreasing its capacity for good.
    ///
    /// # Examples
    ///
    /// ```
    /// let semaphore = rt_sync::Semaphore::new(2);
    /// semaphore.try_acquire().unwrap().forget();
    /// assert_eq!(semaphore.available_permits(), 1);
    /// ```
    pub fn forget(mut self) {
        self.permits = 0;
    }

    /// Merges `other` into this permit; it then holds the permits of both.
    ///
    /// # Panics
    ///
    /// Panics if `other` comes from a different semaphore.
    ///
    /// # Examples
    ///
    /// ```
    /// let semaphore = rt_sync::Semaphore::new(3);
    /// let mut permit = semaphore.try_acquire().unwrap();
    /// permit.merge(semaphore.try_acquire_many(2).unwrap());
    /// assert_eq!(permit.num_permits(), 3);
    /// ```
    #[track_caller]
    pub fn merge(&mut self, mut other: Self) {
        assert!(
            std::ptr::eq(self.sem, other.sem),
            "merging permits from different semaphore instances"
        );
        self.permits += other.permits;
        other.permits = 0;
    }

    /// Splits `n` permits off into a new permit, or returns `None` if this
    /// permit holds fewer than `n`.
    ///
    /// # Examples
    ///
    /// ```
    /// let semaphore = rt_sync::Semaphore::new(3);
    /// let mut permit = semaphore.try_acquire_many(3).unwrap();
    /// let split = permit.split(1).unwrap();
    /// assert_eq!((permit.num_permits(), split.num_permits()), (2, 1));
    /// assert!(permit.split(5).is_none());
    /// ```
    pub fn split(&mut self, n: usize) -> Option<Self> {
        let n = u32::try_from(n).ok()?;
        if n > self.permits {
            return None;
        }
        self.permits -= n;
        Some(SemaphorePermit {
            sem: self.sem,
            permits: n,
        })
    }

    /// Returns the number of permits this guard holds.
    ///
    /// ```
    /// let semaphore = rt_sync::Semaphore::new(3);
    /// assert_eq!(semaphore.try_acquire_many(2).unwrap().num_permits(), 2);
    /// ```
    pub fn num_permits(&self) -> usize {
        self.permits as usize
    }
}

impl OwnedSemaphorePermit {
    /// Forgets the permits without returning them to the semaphore.
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// let semaphore = Arc::new(rt_sync::Semaphore::new(1));
    /// semaphore.clone().try_acquire_owned().unwrap().forget();
    /// assert_eq!(semaphore.available_permits(), 0);
    /// ```
    pub fn forget(mut self) {
        self.permits = 0;
    }

    /// Merges `other` into this permit.
    ///
    /// # Panics
    ///
    /// Panics if `other` comes from a different semaphore.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// let semaphore = Arc::new(rt_sync::Semaphore::new(2));
    /// let mut permit = semaphore.clone().try_acquire_owned().unwrap();
    /// permit.merge(semaphore.clone().try_acquire_owned().unwrap());
    /// assert_eq!(permit.num_permits(), 2);
    /// ```
    #[track_caller]
    pub fn merge(&mut self, mut other: Self) {
        assert!(
            Arc::ptr_eq(&self.sem, &other.sem),
            "merging permits from different semaphore instances"
        );
        self.permits += other.permits;
        other.permits = 0;
    }

    /// Splits `n` permits off into a new permit, or returns `None` if this
    /// permit holds fewer than `n`.
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// let semaphore = Arc::new(rt_sync::Semaphore::new(2));
    /// let mut permit = semaphore.clone().try_acquire_many_owned(2).unwrap();
    /// assert_eq!(permit.split(1).unwrap().num_permits(), 1);
    /// assert_eq!(permit.num_permits(), 1);
    /// ```
    pub fn split(&mut self, n: usize) -> Option<Self> {
        let n = u32::try_from(n).ok()?;
        if n > self.permits {
            return None;
        }
        self.permits -= n;
        Some(OwnedSemaphorePermit {
            sem: self.sem.clone(),
            permits: n,
        })
    }

    /// Returns the semaphore this permit came from.
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// let semaphore = Arc::new(rt_sync::Semaphore::new(1));
    /// let permit = semaphore.clone().try_acquire_owned().unwrap();
    /// assert!(Arc::ptr_eq(permit.semaphore(), &semaphore));
    /// ```
    pub fn semaphore(&self) -> &Arc<Semaphore> {
        &self.sem
    }

    /// Returns the number of permits this guard holds.
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// let semaphore = Arc::new(rt_sync::Semaphore::new(1));
    /// assert_eq!(semaphore.try_acquire_owned().unwrap().num_permits(), 1);
    /// ```
    pub fn num_permits(&self) -> usize {
        self.permits as usize
    }
}

impl Drop for SemaphorePermit<'_> {
    fn drop(&mut self) {
        self.sem.add_permits(self.permits as usize);
    }
}

impl Drop for OwnedSemaphorePermit {
    fn drop(&mut self) {
        self.sem.add_permits(self.permits as usize);
    }
}

impl fmt::Debug for SemaphorePermit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SemaphorePermit")
            .field("sem", &self.sem)
            .field("permits", &self.permits)
            .finish()
    }
}

impl fmt::Debug for OwnedSemaphorePermit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnedSemaphorePermit")
            .field("sem", &self.sem)
            .field("permits", &self.permits)
            .finish()
    }
}
