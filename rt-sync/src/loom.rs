//! The synchronization primitives this crate is built from.
//!
//! Normally these are `std`'s; under `--cfg loom` they are loom's, so the
//! same code is model-checked by the `loom_*` unit tests
//! (`RUSTFLAGS="--cfg loom" cargo test -p rt-sync --release --lib loom_`).
//! Every atomic and every lock in this crate must come from here.

#[cfg(not(loom))]
pub(crate) mod sync {
    pub(crate) use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

    pub(crate) mod atomic {
        pub(crate) use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    }
}

#[cfg(loom)]
pub(crate) mod sync {
    pub(crate) use loom::sync::{
        Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard,
    };

    pub(crate) mod atomic {
        pub(crate) use loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    }
}
