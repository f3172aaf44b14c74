//! Concurrency primitives from std, or from loom under `--cfg loom`, so that
//! the same code is model-checked. Everything in this crate that takes part
//! in a cross-thread protocol imports from here, never from std directly.

#[cfg(loom)]
#[allow(
    unused_imports,
    reason = "mirrors the std layout below; not every module is used"
)]
pub(crate) use loom::{cell, sync, thread};

#[cfg(not(loom))]
pub(crate) mod sync {
    pub(crate) use std::sync::{Arc, Condvar, Mutex, MutexGuard};

    pub(crate) mod atomic {
        pub(crate) use std::sync::atomic::{
            fence, AtomicBool, AtomicPtr, AtomicU32, AtomicU64, AtomicUsize, Ordering,
        };
    }
}

#[cfg(not(loom))]
#[allow(unused_imports, reason = "mirrors loom's module layout")]
pub(crate) mod thread {
    pub(crate) use std::thread::{
        current, park, park_timeout, spawn, yield_now, Builder, JoinHandle, Thread,
    };
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
        pub(crate) fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
            f(self.0.get())
        }

        #[inline(always)]
        pub(crate) fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
            f(self.0.get())
        }
    }
}

use sync::{Mutex, MutexGuard};

/// Locks `mutex`, ignoring poisoning: the runtime's own critical sections
/// never leave shared state half-updated when user code panics, because user
/// code never runs while one of the runtime's locks is held.
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
