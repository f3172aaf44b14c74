//! Concurrency primitives from std, or from loom under `--cfg loom`, so that
//! the same code is model-checked. Everything in this crate that takes part
//! in a cross-thread protocol (the readiness word, waiter lists, the
//! registration set, duplex pipes, split halves) imports from here, never
//! from std directly.

#[cfg(loom)]
pub(crate) use loom::sync;

#[cfg(not(loom))]
pub(crate) mod sync {
    pub(crate) use std::sync::{Arc, Mutex, MutexGuard};

    pub(crate) mod atomic {
        pub(crate) use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    }
}

use sync::{Mutex, MutexGuard};

/// Locks `mutex`, ignoring poisoning. The reactor's and the duplex pipe's
/// critical sections never run user code (wakers are woken after the lock
/// is released), so a panic cannot leave their state half-updated. The one
/// lock that is held across user code, the stream inside
/// [`split`](crate::split), documents why ignoring poison is right there.
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
