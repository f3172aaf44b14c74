//! The synchronization primitives this crate is built from.
//!
//! Normally these are `std`'s; under `--cfg loom` they are loom's, so the
//! same code is model-checked by the `loom_*` unit tests
//! (`RUSTFLAGS="--cfg loom" cargo test -p rt-sync --release --lib loom_`).
//! Every atomic, lock and `UnsafeCell` in this crate must come from here.

#[cfg(not(loom))]
pub(crate) mod sync {
    pub(crate) use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

    pub(crate) mod atomic {
        pub(crate) use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    }
}

/// `UnsafeCell` with loom's closure-based API (`with`, `with_mut`), so that
/// loom can track every access to a cell under `--cfg loom`.
#[cfg(not(loom))]
pub(crate) mod cell {
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

#[cfg(loom)]
pub(crate) use loom::cell;

#[cfg(loom)]
pub(crate) mod sync {
    pub(crate) use loom::sync::{
        Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard,
    };

    pub(crate) mod atomic {
        pub(crate) use loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    }
}
