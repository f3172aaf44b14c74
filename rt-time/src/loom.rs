//! Concurrency primitives from std, or from loom under `--cfg loom`, so that
//! the same code is model-checked. Everything in this crate that takes part
//! in a cross-thread protocol (the wheel lock, entry states, the entries'
//! lock-guarded cells, the clock) imports from here, never from std directly.

#[cfg(loom)]
pub(crate) use loom::{cell, sync};

#[cfg(not(loom))]
pub(crate) mod sync {
    pub(crate) use std::sync::{Mutex, MutexGuard};

    pub(crate) mod atomic {
        pub(crate) use std::sync::atomic::{
            AtomicBool, AtomicU64, AtomicU8, AtomicUsize, Ordering,
        };
    }
}

#[cfg(not(loom))]
pub(crate) mod cell {
    /// `std::cell::UnsafeCell` with loom's closure-based access API, so that
    /// loom can track every access under `--cfg loom`.
    #[derive(Debug)]
    pub(crate) struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

    impl<T> UnsafeCell<T> {
        pub(crate) const fn new(data: T) -> UnsafeCell<T> {
            UnsafeCell(std::cell::UnsafeCell::new(data))
        }

        #[inline(always)]
        pub(crate) fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
            f(self.0.get())
        }
    }
}

use sync::{Mutex, MutexGuard};

/// Locks `mutex`, ignoring poisoning: no user code (wakers included) runs
/// while one of this crate's locks is held, so a panic elsewhere cannot
/// leave the guarded state half-updated.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    #[cfg(loom)]
    {
        mutex.lock().unwrap()
    }
    #[cfg(not(loom))]
    {
        mutex.lock().unwrap_or_else(|e| e.into_inner())
    }
}
