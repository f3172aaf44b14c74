//! The owned guards of [`RwLock`], which hold the lock through an `Arc`.

use super::{forward_fmt, RwLock};
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// Owned shared read access to an [`RwLock`]'s data (or a part `U` of it);
/// made by [`RwLock::read_owned`]. It has no lifetime and can move between
/// tasks.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
///
/// let lock = Arc::new(rt_sync::RwLock::new(1));
/// let guard: rt_sync::OwnedRwLockReadGuard<i32> = lock.clone().try_read_owned().unwrap();
/// assert_eq!(std::thread::spawn(move || *guard).join().unwrap(), 1);
/// ```
#[must_use = "if unused the RwLock will immediately unlock"]
#[clippy::has_significant_drop]
pub struct OwnedRwLockReadGuard<T: ?Sized, U: ?Sized = T> {
    lock: Arc<RwLock<T>>,
    data: *const U,
}

/// Owned exclusive write access to an [`RwLock`]'s data; made by
/// [`RwLock::write_owned`].
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
///
/// let lock = Arc::new(rt_sync::RwLock::new(1));
/// let mut guard: rt_sync::OwnedRwLockWriteGuard<i32> = lock.clone().try_write_owned().unwrap();
/// *guard = 2;
/// drop(guard);
/// assert_eq!(*lock.try_read().unwrap(), 2);
/// ```
#[must_use = "if unused the RwLock will immediately unlock"]
#[clippy::has_significant_drop]
pub struct OwnedRwLockWriteGuard<T: ?Sized> {
    lock: Arc<RwLock<T>>,
    data: *mut T,
}

/// Owned exclusive write access to a part `U` of an [`RwLock`]'s data; made
/// by [`OwnedRwLockWriteGuard::map`].
///
/// # Examples
///
/// ```
/// use rt_sync::{OwnedRwLockMappedWriteGuard, OwnedRwLockWriteGuard, RwLock};
/// use std::sync::Arc;
///
/// let lock = Arc::new(RwLock::new((1, 2)));
/// let mut first: OwnedRwLockMappedWriteGuard<(i32, i32), i32> =
///     OwnedRwLockWriteGuard::map(lock.clone().try_write_owned().unwrap(), |p| &mut p.0);
/// *first = 5;
/// drop(first);
/// assert_eq!(*lock.try_read().unwrap(), (5, 2));
/// ```
#[must_use = "if unused the RwLock will immediately unlock"]
#[clippy::has_significant_drop]
pub struct OwnedRwLockMappedWriteGuard<T: ?Sized, U: ?Sized = T> {
    lock: Arc<RwLock<T>>,
    data: *mut U,
}

// SAFETY: the guard shares `&U` with whichever thread holds it (`U: Sync`,
// rule 2) and owns an `Arc<RwLock<T>>`, which is `Send + Sync` when
// `T: Send + Sync`.
unsafe impl<T: ?Sized + Send + Sync, U: ?Sized + Sync> Send for OwnedRwLockReadGuard<T, U> {}
// SAFETY: as above.
unsafe impl<T: ?Sized + Send + Sync, U: ?Sized + Sync> Sync for OwnedRwLockReadGuard<T, U> {}
// SAFETY: exclusive `&mut T` for the holder (`T: Send`), and it can be
// downgraded into a read guard (`T: Sync`).
unsafe impl<T: ?Sized + Send + Sync> Send for OwnedRwLockWriteGuard<T> {}
// SAFETY: sharing the guard shares `&T` (rule 2).
unsafe impl<T: ?Sized + Send + Sync> Sync for OwnedRwLockWriteGuard<T> {}
// SAFETY: as for `OwnedRwLockWriteGuard`, for the part `U` (rule 5).
unsafe impl<T: ?Sized + Send + Sync, U: ?Sized + Send + Sync> Send
    for OwnedRwLockMappedWriteGuard<T, U>
{
}
// SAFETY: as for `OwnedRwLockWriteGuard`, for the part `U` (rule 5).
unsafe impl<T: ?Sized + Send + Sync, U: ?Sized + Send + Sync> Sync
    for OwnedRwLockMappedWriteGuard<T, U>
{
}

/// Takes the `Arc` out of a guard without running its `Drop` (which would
/// release the permits).
fn take_lock<T: ?Sized, G>(guard: G, lock: impl FnOnce(&G) -> &Arc<RwLock<T>>) -> Arc<RwLock<T>> {
    let guard = ManuallyDrop::new(guard);
    // SAFETY: `guard` is never used or dropped again, so the `Arc` is moved
    // out exactly once.
    unsafe { std::ptr::read(lock(&guard)) }
}

impl<T: ?Sized> OwnedRwLockReadGuard<T> {
    pub(super) fn new(lock: Arc<RwLock<T>>) -> OwnedRwLockReadGuard<T> {
        // Rule 2: the caller acquired one permit.
        let data = lock.c.get();
        OwnedRwLockReadGuard { lock, data }
    }
}

impl<T: ?Sized, U: ?Sized> OwnedRwLockReadGuard<T, U> {
    /// Makes a read guard for a component of the locked data.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{OwnedRwLockReadGuard, RwLock};
    /// use std::sync::Arc;
    ///
    /// let lock = Arc::new(RwLock::new((1, 2)));
    /// let second = OwnedRwLockReadGuard::map(lock.try_read_owned().unwrap(), |p| &p.1);
    /// assert_eq!(*second, 2);
    /// ```
    pub fn map<V: ?Sized, F>(this: Self, f: F) -> OwnedRwLockReadGuard<T, V>
    where
        F: FnOnce(&U) -> &V,
    {
        let data: *const V = f(&*this);
        // Rule 5: the permit moves to the new guard.
        OwnedRwLockReadGuard {
            lock: take_lock(this, |g| &g.lock),
            data,
        }
    }

    /// Like [`map`](OwnedRwLockReadGuard::map), but `f` may decline by
    /// returning `None`, which gives the original guard back.
    ///
    /// # Errors
    ///
    /// Returns the original guard if `f` returns `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{OwnedRwLockReadGuard, RwLock};
    /// use std::sync::Arc;
    ///
    /// let lock = Arc::new(RwLock::new(vec![1]));
    /// let guard = lock.try_read_owned().unwrap();
    /// let guard = OwnedRwLockReadGuard::try_map(guard, |v| v.get(2)).unwrap_err();
    /// assert_eq!(*OwnedRwLockReadGuard::try_map(guard, |v| v.first()).unwrap(), 1);
    /// ```
    pub fn try_map<V: ?Sized, F>(this: Self, f: F) -> Result<OwnedRwLockReadGuard<T, V>, Self>
    where
        F: FnOnce(&U) -> Option<&V>,
    {
        let data: *const V = match f(&*this) {
            Some(data) => data,
            None => return Err(this),
        };
        // Rule 5: the permit moves to the new guard.
        Ok(OwnedRwLockReadGuard {
            lock: take_lock(this, |g| &g.lock),
            data,
        })
    }

    /// Returns the lock this guard reads.
    ///
    /// ```
    /// use rt_sync::{OwnedRwLockReadGuard, RwLock};
    /// use std::sync::Arc;
    ///
    /// let lock = Arc::new(RwLock::new(()));
    /// let guard = lock.clone().try_read_owned().unwrap();
    /// assert!(Arc::ptr_eq(OwnedRwLockReadGuard::rwlock(&guard), &lock));
    /// ```
    pub fn rwlock(this: &Self) -> &Arc<RwLock<T>> {
        &this.lock
    }
}

impl<T: ?Sized, U: ?Sized> Deref for OwnedRwLockReadGuard<T, U> {
    type Target = U;

    fn deref(&self) -> &U {
        // SAFETY: rule 2 (a read permit is held) and rule 5 for mapped
        // guards; `lock` keeps the data alive.
        unsafe { &*self.data }
    }
}

impl<T: ?Sized, U: ?Sized> Drop for OwnedRwLockReadGuard<T, U> {
    fn drop(&mut self) {
        self.lock.s.release(1);
    }
}

impl<T: ?Sized> OwnedRwLockWriteGuard<T> {
    pub(super) fn new(lock: Arc<RwLock<T>>) -> OwnedRwLockWriteGuard<T> {
        // Rule 2: the caller acquired `mr` permits.
        let data = lock.c.get();
        OwnedRwLockWriteGuard { lock, data }
    }

    /// Makes a mapped write guard for a component of the locked data.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{OwnedRwLockWriteGuard, RwLock};
    /// use std::sync::Arc;
    ///
    /// let lock = Arc::new(RwLock::new((1, 2)));
    /// *OwnedRwLockWriteGuard::map(lock.clone().try_write_owned().unwrap(), |p| &mut p.1) = 3;
    /// assert_eq!(*lock.try_read().unwrap(), (1, 3));
    /// ```
    pub fn map<U: ?Sized, F>(mut this: Self, f: F) -> OwnedRwLockMappedWriteGuard<T, U>
    where
        F: FnOnce(&mut T) -> &mut U,
    {
        let data: *mut U = f(&mut *this);
        // Rule 5: the permits move to the mapped guard.
        OwnedRwLockMappedWriteGuard {
            lock: take_lock(this, |g| &g.lock),
            data,
        }
    }

    /// Like [`map`](OwnedRwLockWriteGuard::map), but `f` may decline by
    /// returning `None`.
    ///
    /// # Errors
    ///
    /// Returns the original guard if `f` returns `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{OwnedRwLockWriteGuard, RwLock};
    /// use std::sync::Arc;
    ///
    /// let lock = Arc::new(RwLock::new(Some(1)));
    /// let guard = lock.try_write_owned().unwrap();
    /// assert_eq!(*OwnedRwLockWriteGuard::try_map(guard, |o| o.as_mut()).unwrap(), 1);
    /// ```
    pub fn try_map<U: ?Sized, F>(
        mut this: Self,
        f: F,
    ) -> Result<OwnedRwLockMappedWriteGuard<T, U>, Self>
    where
        F: FnOnce(&mut T) -> Option<&mut U>,
    {
        let data: *mut U = match f(&mut *this) {
            Some(data) => data,
            None => return Err(this),
        };
        // Rule 5: the permits move to the mapped guard.
        Ok(OwnedRwLockMappedWriteGuard {
            lock: take_lock(this, |g| &g.lock),
            data,
        })
    }

    /// Turns this guard into a mapped write guard for the whole data.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{OwnedRwLockWriteGuard, RwLock};
    /// use std::sync::Arc;
    ///
    /// let lock = Arc::new(RwLock::new(1));
    /// let mapped = OwnedRwLockWriteGuard::into_mapped(lock.try_write_owned().unwrap());
    /// assert_eq!(*mapped, 1);
    /// ```
    pub fn into_mapped(this: Self) -> OwnedRwLockMappedWriteGuard<T> {
        OwnedRwLockWriteGuard::map(this, |data| data)
    }

    /// Atomically turns this write guard into a read guard: no writer can get
    /// in between, and readers queued behind this writer get in now.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{OwnedRwLockWriteGuard, RwLock};
    /// use std::sync::Arc;
    ///
    /// let lock = Arc::new(RwLock::new(1));
    /// let read = OwnedRwLockWriteGuard::downgrade(lock.clone().try_write_owned().unwrap());
    /// assert_eq!(*read, 1);
    /// assert!(lock.try_read().is_ok());
    /// ```
    pub fn downgrade(this: Self) -> OwnedRwLockReadGuard<T> {
        let data = this.data;
        let lock = take_lock(this, |g| &g.lock);
        // Rule 4: keep one permit, release the rest.
        lock.s.release(lock.mr as usize - 1);
        OwnedRwLockReadGuard { lock, data }
    }

    /// Downgrades to a read guard for a component of the data.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{OwnedRwLockWriteGuard, RwLock};
    /// use std::sync::Arc;
    ///
    /// let lock = Arc::new(RwLock::new((1, 2)));
    /// let guard = lock.try_write_owned().unwrap();
    /// assert_eq!(*OwnedRwLockWriteGuard::downgrade_map(guard, |p| &p.0), 1);
    /// ```
    pub fn downgrade_map<U: ?Sized, F>(this: Self, f: F) -> OwnedRwLockReadGuard<T, U>
    where
        F: FnOnce(&T) -> &U,
    {
        OwnedRwLockReadGuard::map(OwnedRwLockWriteGuard::downgrade(this), f)
    }

    /// Like [`downgrade_map`](OwnedRwLockWriteGuard::downgrade_map), but `f`
    /// may decline by returning `None`, which gives the write guard back
    /// (not downgraded).
    ///
    /// # Errors
    ///
    /// Returns the original write guard if `f` returns `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{OwnedRwLockWriteGuard, RwLock};
    /// use std::sync::Arc;
    ///
    /// let lock = Arc::new(RwLock::new(vec![5]));
    /// let w = lock.clone().try_write_owned().unwrap();
    /// let w = OwnedRwLockWriteGuard::try_downgrade_map(w, |v| v.get(1)).unwrap_err();
    /// let r = OwnedRwLockWriteGuard::try_downgrade_map(w, |v| v.first()).unwrap();
    /// assert_eq!(*r, 5);
    /// ```
    pub fn try_downgrade_map<U: ?Sized, F>(
        this: Self,
        f: F,
    ) -> Result<OwnedRwLockReadGuard<T, U>, Self>
    where
        F: FnOnce(&T) -> Option<&U>,
    {
        let data: *const U = match f(&*this) {
            Some(data) => data,
            None => return Err(this),
        };
        let read = OwnedRwLockWriteGuard::downgrade(this);
        // Rule 5: `data` came from the guard we still hold (as a reader).
        Ok(OwnedRwLockReadGuard {
            lock: take_lock(read, |g| &g.lock),
            data,
        })
    }

    /// Returns the lock this guard writes.
    ///
    /// ```
    /// use rt_sync::{OwnedRwLockWriteGuard, RwLock};
    /// use std::sync::Arc;
    ///
    /// let lock = Arc::new(RwLock::new(()));
    /// let guard = lock.clone().try_write_owned().unwrap();
    /// assert!(Arc::ptr_eq(OwnedRwLockWriteGuard::rwlock(&guard), &lock));
    /// ```
    pub fn rwlock(this: &Self) -> &Arc<RwLock<T>> {
        &this.lock
    }
}

impl<T: ?Sized> Deref for OwnedRwLockWriteGuard<T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: rule 2, this guard holds every permit.
        unsafe { &*self.data }
    }
}

impl<T: ?Sized> DerefMut for OwnedRwLockWriteGuard<T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: rule 2, this guard holds every permit and `&mut self`
        // makes the reference unique.
        unsafe { &mut *self.data }
    }
}

impl<T: ?Sized> Drop for OwnedRwLockWriteGuard<T> {
    fn drop(&mut self) {
        self.lock.s.release(self.lock.mr as usize);
    }
}

impl<T: ?Sized, U: ?Sized> OwnedRwLockMappedWriteGuard<T, U> {
    /// Maps this guard further, to a component of its data.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{OwnedRwLockMappedWriteGuard, OwnedRwLockWriteGuard, RwLock};
    /// use std::sync::Arc;
    ///
    /// let lock = Arc::new(RwLock::new(((1, 2), 3)));
    /// let outer = OwnedRwLockWriteGuard::map(lock.clone().try_write_owned().unwrap(), |t| &mut t.0);
    /// *OwnedRwLockMappedWriteGuard::map(outer, |p| &mut p.0) = 9;
    /// assert_eq!(*lock.try_read().unwrap(), ((9, 2), 3));
    /// ```
    pub fn map<V: ?Sized, F>(mut this: Self, f: F) -> OwnedRwLockMappedWriteGuard<T, V>
    where
        F: FnOnce(&mut U) -> &mut V,
    {
        let data: *mut V = f(&mut *this);
        // Rule 5: the permits move to the new guard.
        OwnedRwLockMappedWriteGuard {
            lock: take_lock(this, |g| &g.lock),
            data,
        }
    }

    /// Like [`map`](OwnedRwLockMappedWriteGuard::map), but `f` may decline by
    /// returning `None`.
    ///
    /// # Errors
    ///
    /// Returns the original guard if `f` returns `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{OwnedRwLockMappedWriteGuard, OwnedRwLockWriteGuard, RwLock};
    /// use std::sync::Arc;
    ///
    /// let lock = Arc::new(RwLock::new((None::<u8>, 1)));
    /// let first = OwnedRwLockWriteGuard::map(lock.try_write_owned().unwrap(), |t| &mut t.0);
    /// assert!(OwnedRwLockMappedWriteGuard::try_map(first, |o| o.as_mut()).is_err());
    /// ```
    pub fn try_map<V: ?Sized, F>(
        mut this: Self,
        f: F,
    ) -> Result<OwnedRwLockMappedWriteGuard<T, V>, Self>
    where
        F: FnOnce(&mut U) -> Option<&mut V>,
    {
        let data: *mut V = match f(&mut *this) {
            Some(data) => data,
            None => return Err(this),
        };
        // Rule 5: the permits move to the new guard.
        Ok(OwnedRwLockMappedWriteGuard {
            lock: take_lock(this, |g| &g.lock),
            data,
        })
    }

    /// Returns the lock this guard writes.
    ///
    /// ```
    /// use rt_sync::{OwnedRwLockMappedWriteGuard, OwnedRwLockWriteGuard, RwLock};
    /// use std::sync::Arc;
    ///
    /// let lock = Arc::new(RwLock::new((1, 2)));
    /// let g = OwnedRwLockWriteGuard::map(lock.clone().try_write_owned().unwrap(), |t| &mut t.0);
    /// assert!(Arc::ptr_eq(OwnedRwLockMappedWriteGuard::rwlock(&g), &lock));
    /// ```
    pub fn rwlock(this: &Self) -> &Arc<RwLock<T>> {
        &this.lock
    }
}

impl<T: ?Sized, U: ?Sized> Deref for OwnedRwLockMappedWriteGuard<T, U> {
    type Target = U;

    fn deref(&self) -> &U {
        // SAFETY: rule 5, `data` came from a write guard's `&mut` and the
        // permits are still held by this guard (which keeps the lock alive).
        unsafe { &*self.data }
    }
}

impl<T: ?Sized, U: ?Sized> DerefMut for OwnedRwLockMappedWriteGuard<T, U> {
    fn deref_mut(&mut self) -> &mut U {
        // SAFETY: rule 5, as in `deref`; `&mut self` makes the reference
        // unique.
        unsafe { &mut *self.data }
    }
}

impl<T: ?Sized, U: ?Sized> Drop for OwnedRwLockMappedWriteGuard<T, U> {
    fn drop(&mut self) {
        self.lock.s.release(self.lock.mr as usize);
    }
}

forward_fmt! {
    OwnedRwLockReadGuard<T, U> => [T: ?Sized, U: ?Sized] U;
    OwnedRwLockWriteGuard<T> => [T: ?Sized] T;
    OwnedRwLockMappedWriteGuard<T, U> => [T: ?Sized, U: ?Sized] U;
}
