//! The borrowing guards of [`RwLock`](super::RwLock).

use super::forward_fmt;
use crate::batch_semaphore as ll;
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};

/// Shared read access to an [`RwLock`](super::RwLock)'s data (or a part of
/// it, after [`map`](RwLockReadGuard::map)); the read lock is released when
/// it drops.
///
/// # Examples
///
/// ```
/// let lock = rt_sync::RwLock::new(1);
/// let a = lock.try_read().unwrap();
/// let b = lock.try_read().unwrap();
/// assert_eq!(*a, *b);
/// ```
#[must_use = "if unused the RwLock will immediately unlock"]
#[clippy::has_significant_drop]
pub struct RwLockReadGuard<'a, T: ?Sized> {
    pub(super) s: &'a ll::Semaphore,
    pub(super) data: *const T,
    pub(super) marker: PhantomData<&'a T>,
}

/// Exclusive write access to an [`RwLock`](super::RwLock)'s data; the write
/// lock is released when it drops.
///
/// # Examples
///
/// ```
/// let lock = rt_sync::RwLock::new(1);
/// let mut guard = lock.try_write().unwrap();
/// *guard += 1;
/// drop(guard);
/// assert_eq!(*lock.try_read().unwrap(), 2);
/// ```
#[must_use = "if unused the RwLock will immediately unlock"]
#[clippy::has_significant_drop]
pub struct RwLockWriteGuard<'a, T: ?Sized> {
    pub(super) permits_acquired: u32,
    pub(super) s: &'a ll::Semaphore,
    pub(super) data: *mut T,
    pub(super) marker: PhantomData<&'a mut T>,
}

/// Exclusive write access to a part of an [`RwLock`](super::RwLock)'s data,
/// made by [`RwLockWriteGuard::map`]. Unlike a write guard it cannot be
/// downgraded.
///
/// # Examples
///
/// ```
/// use rt_sync::{RwLock, RwLockMappedWriteGuard, RwLockWriteGuard};
///
/// let lock = RwLock::new((1, 2));
/// let mut second: RwLockMappedWriteGuard<'_, i32> =
///     RwLockWriteGuard::map(lock.try_write().unwrap(), |p| &mut p.1);
/// *second = 5;
/// drop(second);
/// assert_eq!(*lock.try_read().unwrap(), (1, 5));
/// ```
#[must_use = "if unused the RwLock will immediately unlock"]
#[clippy::has_significant_drop]
pub struct RwLockMappedWriteGuard<'a, T: ?Sized> {
    permits_acquired: u32,
    s: &'a ll::Semaphore,
    data: *mut T,
    marker: PhantomData<&'a mut T>,
}

// SAFETY: a read guard gives `&T` to whichever thread holds or shares it,
// which needs `T: Sync` (rule 2).
unsafe impl<T: ?Sized + Sync> Send for RwLockReadGuard<'_, T> {}
// SAFETY: as above.
unsafe impl<T: ?Sized + Sync> Sync for RwLockReadGuard<'_, T> {}
// SAFETY: a write guard gives `&mut T` to the thread holding it (`T: Send`)
// and can be downgraded to a read guard (`T: Sync`).
unsafe impl<T: ?Sized + Send + Sync> Send for RwLockWriteGuard<'_, T> {}
// SAFETY: sharing a write guard shares `&T` (rule 2).
unsafe impl<T: ?Sized + Send + Sync> Sync for RwLockWriteGuard<'_, T> {}
// SAFETY: as for `RwLockWriteGuard` (rule 5).
unsafe impl<T: ?Sized + Send + Sync> Send for RwLockMappedWriteGuard<'_, T> {}
// SAFETY: as for `RwLockWriteGuard` (rule 5).
unsafe impl<T: ?Sized + Send + Sync> Sync for RwLockMappedWriteGuard<'_, T> {}

impl<'a, T: ?Sized> RwLockReadGuard<'a, T> {
    /// Makes a read guard for a component of the locked data.
    ///
    /// An associated function (`RwLockReadGuard::map(guard, f)`) so it does
    /// not shadow a method of `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{RwLock, RwLockReadGuard};
    ///
    /// let lock = RwLock::new((1, 2));
    /// let first = RwLockReadGuard::map(lock.try_read().unwrap(), |p| &p.0);
    /// assert_eq!(*first, 1);
    /// ```
    pub fn map<U: ?Sized, F>(this: Self, f: F) -> RwLockReadGuard<'a, U>
    where
        F: FnOnce(&T) -> &U,
    {
        let data: *const U = f(&*this);
        let this = ManuallyDrop::new(this);
        // Rule 5: the permit moves from `this` (not dropped) to the new guard.
        RwLockReadGuard {
            s: this.s,
            data,
            marker: PhantomData,
        }
    }

    /// Like [`map`](RwLockReadGuard::map), but `f` may decline by returning
    /// `None`, which gives the original guard back.
    ///
    /// # Errors
    ///
    /// Returns the original guard if `f` returns `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{RwLock, RwLockReadGuard};
    ///
    /// let lock = RwLock::new(vec![1]);
    /// let guard = RwLockReadGuard::try_map(lock.try_read().unwrap(), |v| v.get(4)).unwrap_err();
    /// assert_eq!(*RwLockReadGuard::try_map(guard, |v| v.first()).unwrap(), 1);
    /// ```
    pub fn try_map<U: ?Sized, F>(this: Self, f: F) -> Result<RwLockReadGuard<'a, U>, Self>
    where
        F: FnOnce(&T) -> Option<&U>,
    {
        let data: *const U = match f(&*this) {
            Some(data) => data,
            None => return Err(this),
        };
        let this = ManuallyDrop::new(this);
        // Rule 5: the permit moves to the new guard.
        Ok(RwLockReadGuard {
            s: this.s,
            data,
            marker: PhantomData,
        })
    }
}

impl<T: ?Sized> Deref for RwLockReadGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: rule 2, this guard holds a read permit, so no `&mut T`
        // exists for its lifetime; rule 5 for mapped guards.
        unsafe { &*self.data }
    }
}

impl<T: ?Sized> Drop for RwLockReadGuard<'_, T> {
    fn drop(&mut self) {
        self.s.release(1);
    }
}

impl<'a, T: ?Sized> RwLockWriteGuard<'a, T> {
    /// Takes the fields out without releasing the permits.
    fn into_parts(this: Self) -> (u32, &'a ll::Semaphore, *mut T) {
        let this = ManuallyDrop::new(this);
        (this.permits_acquired, this.s, this.data)
    }

    /// Makes a mapped write guard for a component of the locked data.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{RwLock, RwLockWriteGuard};
    ///
    /// let lock = RwLock::new((1, 2));
    /// *RwLockWriteGuard::map(lock.try_write().unwrap(), |p| &mut p.0) = 3;
    /// assert_eq!(*lock.try_read().unwrap(), (3, 2));
    /// ```
    pub fn map<U: ?Sized, F>(mut this: Self, f: F) -> RwLockMappedWriteGuard<'a, U>
    where
        F: FnOnce(&mut T) -> &mut U,
    {
        let data: *mut U = f(&mut *this);
        let (permits_acquired, s, _) = Self::into_parts(this);
        // Rule 5: the permits move to the mapped guard.
        RwLockMappedWriteGuard {
            permits_acquired,
            s,
            data,
            marker: PhantomData,
        }
    }

    /// Like [`map`](RwLockWriteGuard::map), but `f` may decline by returning
    /// `None`, which gives the original guard back.
    ///
    /// # Errors
    ///
    /// Returns the original guard if `f` returns `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{RwLock, RwLockWriteGuard};
    ///
    /// let lock = RwLock::new(Some(1));
    /// let mut inner = RwLockWriteGuard::try_map(lock.try_write().unwrap(), |o| o.as_mut()).unwrap();
    /// *inner = 2;
    /// ```
    pub fn try_map<U: ?Sized, F>(
        mut this: Self,
        f: F,
    ) -> Result<RwLockMappedWriteGuard<'a, U>, Self>
    where
        F: FnOnce(&mut T) -> Option<&mut U>,
    {
        let data: *mut U = match f(&mut *this) {
            Some(data) => data,
            None => return Err(this),
        };
        let (permits_acquired, s, _) = Self::into_parts(this);
        // Rule 5: the permits move to the mapped guard.
        Ok(RwLockMappedWriteGuard {
            permits_acquired,
            s,
            data,
            marker: PhantomData,
        })
    }

    /// Turns this guard into a mapped write guard for the whole data, e.g. to
    /// store it where a [`RwLockMappedWriteGuard`] is expected.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{RwLock, RwLockWriteGuard};
    ///
    /// let lock = RwLock::new(1);
    /// let mut mapped = RwLockWriteGuard::into_mapped(lock.try_write().unwrap());
    /// *mapped = 4;
    /// ```
    pub fn into_mapped(this: Self) -> RwLockMappedWriteGuard<'a, T> {
        RwLockWriteGuard::map(this, |data| data)
    }

    /// Atomically turns this write guard into a read guard: no writer can
    /// get in between, and readers queued behind this writer get in now.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{RwLock, RwLockWriteGuard};
    ///
    /// let lock = RwLock::new(1);
    /// let mut w = lock.try_write().unwrap();
    /// *w = 2;
    /// let r = RwLockWriteGuard::downgrade(w);
    /// assert_eq!(*r, 2);
    /// assert_eq!(*lock.try_read().unwrap(), 2); // other readers may join
    /// assert!(lock.try_write().is_err());
    /// ```
    pub fn downgrade(this: Self) -> RwLockReadGuard<'a, T> {
        let (permits_acquired, s, data) = Self::into_parts(this);
        // Rule 4: keep one permit, release the rest.
        s.release(permits_acquired as usize - 1);
        RwLockReadGuard {
            s,
            data,
            marker: PhantomData,
        }
    }

    /// Downgrades to a read guard for a component of the data, as
    /// [`downgrade`](RwLockWriteGuard::downgrade) then
    /// [`RwLockReadGuard::map`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{RwLock, RwLockWriteGuard};
    ///
    /// let lock = RwLock::new((1, 2));
    /// let second = RwLockWriteGuard::downgrade_map(lock.try_write().unwrap(), |p| &p.1);
    /// assert_eq!(*second, 2);
    /// assert!(lock.try_read().is_ok());
    /// ```
    pub fn downgrade_map<U: ?Sized, F>(this: Self, f: F) -> RwLockReadGuard<'a, U>
    where
        F: FnOnce(&T) -> &U,
    {
        RwLockReadGuard::map(RwLockWriteGuard::downgrade(this), f)
    }

    /// Like [`downgrade_map`](RwLockWriteGuard::downgrade_map), but `f` may
    /// decline by returning `None`, which gives the write guard back
    /// (not downgraded).
    ///
    /// # Errors
    ///
    /// Returns the original write guard if `f` returns `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{RwLock, RwLockWriteGuard};
    ///
    /// let lock = RwLock::new(vec![1]);
    /// let w = RwLockWriteGuard::try_downgrade_map(lock.try_write().unwrap(), |v| v.get(3)).unwrap_err();
    /// assert!(lock.try_read().is_err()); // still a writer
    /// let r = RwLockWriteGuard::try_downgrade_map(w, |v| v.first()).unwrap();
    /// assert_eq!(*r, 1);
    /// ```
    pub fn try_downgrade_map<U: ?Sized, F>(this: Self, f: F) -> Result<RwLockReadGuard<'a, U>, Self>
    where
        F: FnOnce(&T) -> Option<&U>,
    {
        let data: *const U = match f(&*this) {
            Some(data) => data,
            None => return Err(this),
        };
        let read = RwLockWriteGuard::downgrade(this);
        let read = ManuallyDrop::new(read);
        // Rule 5: `data` came from the guard we still hold (as a reader).
        Ok(RwLockReadGuard {
            s: read.s,
            data,
            marker: PhantomData,
        })
    }
}

impl<T: ?Sized> Deref for RwLockWriteGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: rule 2, this guard holds every permit.
        unsafe { &*self.data }
    }
}

impl<T: ?Sized> DerefMut for RwLockWriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: rule 2, this guard holds every permit and `&mut self`
        // makes the reference unique.
        unsafe { &mut *self.data }
    }
}

impl<T: ?Sized> Drop for RwLockWriteGuard<'_, T> {
    fn drop(&mut self) {
        self.s.release(self.permits_acquired as usize);
    }
}

impl<'a, T: ?Sized> RwLockMappedWriteGuard<'a, T> {
    /// Maps this guard further, to a component of its data.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{RwLock, RwLockMappedWriteGuard, RwLockWriteGuard};
    ///
    /// let lock = RwLock::new(((1, 2), 3));
    /// let outer = RwLockWriteGuard::map(lock.try_write().unwrap(), |t| &mut t.0);
    /// let mut inner = RwLockMappedWriteGuard::map(outer, |p| &mut p.1);
    /// *inner = 7;
    /// drop(inner);
    /// assert_eq!(*lock.try_read().unwrap(), ((1, 7), 3));
    /// ```
    pub fn map<U: ?Sized, F>(mut this: Self, f: F) -> RwLockMappedWriteGuard<'a, U>
    where
        F: FnOnce(&mut T) -> &mut U,
    {
        let data: *mut U = f(&mut *this);
        let this = ManuallyDrop::new(this);
        // Rule 5: the permits move to the new guard.
        RwLockMappedWriteGuard {
            permits_acquired: this.permits_acquired,
            s: this.s,
            data,
            marker: PhantomData,
        }
    }

    /// Like [`map`](RwLockMappedWriteGuard::map), but `f` may decline by
    /// returning `None`.
    ///
    /// # Errors
    ///
    /// Returns the original guard if `f` returns `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::{RwLock, RwLockMappedWriteGuard, RwLockWriteGuard};
    ///
    /// let lock = RwLock::new((None::<i32>, 1));
    /// let first = RwLockWriteGuard::map(lock.try_write().unwrap(), |t| &mut t.0);
    /// assert!(RwLockMappedWriteGuard::try_map(first, |o| o.as_mut()).is_err());
    /// ```
    pub fn try_map<U: ?Sized, F>(
        mut this: Self,
        f: F,
    ) -> Result<RwLockMappedWriteGuard<'a, U>, Self>
    where
        F: FnOnce(&mut T) -> Option<&mut U>,
    {
        let data: *mut U = match f(&mut *this) {
            Some(data) => data,
            None => return Err(this),
        };
        let this = ManuallyDrop::new(this);
        // Rule 5: the permits move to the new guard.
        Ok(RwLockMappedWriteGuard {
            permits_acquired: this.permits_acquired,
            s: this.s,
            data,
            marker: PhantomData,
        })
    }
}

impl<T: ?Sized> Deref for RwLockMappedWriteGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: rule 5, `data` came from a write guard's `&mut` and the
        // permits are still held by this guard.
        unsafe { &*self.data }
    }
}

impl<T: ?Sized> DerefMut for RwLockMappedWriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: rule 5, as in `deref`; `&mut self` makes the reference
        // unique.
        unsafe { &mut *self.data }
    }
}

impl<T: ?Sized> Drop for RwLockMappedWriteGuard<'_, T> {
    fn drop(&mut self) {
        self.s.release(self.permits_acquired as usize);
    }
}

forward_fmt! {
    RwLockReadGuard<'_, T> => [T: ?Sized] T;
    RwLockWriteGuard<'_, T> => [T: ?Sized] T;
    RwLockMappedWriteGuard<'_, T> => [T: ?Sized] T;
}
