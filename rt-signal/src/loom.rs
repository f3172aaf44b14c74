//! Concurrency primitives from std, or from loom under `--cfg loom`, so
//! that the registry's slot protocol is model-checked.

#[cfg(loom)]
pub(crate) use loom::sync;

#[cfg(not(loom))]
pub(crate) mod sync {
    pub(crate) use std::sync::{Mutex, MutexGuard};

    pub(crate) mod atomic {
        pub(crate) use std::sync::atomic::{AtomicBool, Ordering};
    }
}
