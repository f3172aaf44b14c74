//! ctrl_c and Unix signals for rt, delivered through the rt-io reactor;
//! Tokio's `tokio::signal`.
//!
//! [`ctrl_c`] waits for `SIGINT`; [`unix::signal`] listens for any signal
//! a program may handle, real-time ones included.
//!
//! # How delivery works
//!
//! The first listener of a signal installs rt's handler for it (once per
//! process). The handler does only async-signal-safe work: it flags the
//! signal and writes a byte to a process-wide self-pipe. Every runtime
//! built with the signal driver (the facade's `enable_io()` with the
//! `signal` feature) registers a duplicate of the pipe's read end with its
//! reactor; whichever runtime wakes first drains the pipe and wakes every
//! listener of the flagged signals, on every runtime. The protocol, with
//! its numbered rules, is documented in `src/registry.rs`.
//!
//! ```
//! # let rt = rt_core::runtime::Builder::new_current_thread()
//! #     .driver_layer(rt_io::driver_layer())
//! #     .driver_layer(rt_signal::driver_layer())
//! #     .build()
//! #     .unwrap();
//! # rt.block_on(async {
//! use rt_signal::unix::{signal, SignalKind};
//!
//! let mut usr1 = signal(SignalKind::user_defined1()).unwrap();
//! let mut usr1_again = signal(SignalKind::user_defined1()).unwrap();
//! unsafe { libc::kill(libc::getpid(), libc::SIGUSR1) };
//! // Every listener is told.
//! assert_eq!(usr1.recv().await, Some(()));
//! assert_eq!(usr1_again.recv().await, Some(()));
//! # });
//! ```
#![cfg(unix)]
#![deny(unsafe_op_in_unsafe_fn)]

mod driver;
mod loom;
mod registry;
pub mod unix;

pub use driver::driver_layer;
use std::io;

/// Completes on the next ctrl-c (`SIGINT`) delivered after the future is
/// first polled.
///
/// The first call installs rt's `SIGINT` handler for the rest of the
/// process: from then on ctrl-c no longer terminates the program by
/// itself, even when nobody is waiting — the program decides what to do.
///
/// # Errors
///
/// The handler could not be installed; the runtime shut down while
/// waiting.
///
/// # Panics
///
/// When first polled outside a runtime, or on a runtime without the I/O
/// driver (build it with `enable_io()` or `enable_all()`).
///
/// # Cancel safety
///
/// Cancel safe, but each call listens afresh: a ctrl-c delivered while no
/// `ctrl_c()` future exists is not seen by a later call. Keep one
/// [`unix::Signal`] for `SIGINT` to never miss one.
///
/// ```no_run
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer())
/// #     .driver_layer(rt_signal::driver_layer())
/// #     .build()
/// #     .unwrap();
/// # rt.block_on(async {
/// println!("press ctrl-c to stop");
/// rt_signal::ctrl_c().await?;
/// println!("stopping");
/// # Ok::<(), std::io::Error>(())
/// # }).unwrap();
/// ```
pub async fn ctrl_c() -> io::Result<()> {
    let mut interrupts = unix::signal(unix::SignalKind::interrupt())?;
    match interrupts.recv().await {
        Some(()) => Ok(()),
        None => Err(io::Error::other(
            "rt::signal::ctrl_c: the runtime shut down while waiting for ctrl-c",
        )),
    }
}

/// Building blocks for rt's sibling crates (rt-process): **not** part of
/// the public API; may change in any release.
#[doc(hidden)]
pub mod unstable {
    use crate::registry;
    use crate::unix::SignalKind;
    use std::io;

    /// Installs rt's handler for `kind` and runs `hook` on the dispatching
    /// driver's thread (never in the signal handler) after each dispatched
    /// delivery of it. Registering the same function twice runs it once.
    ///
    /// # Errors
    ///
    /// As [`signal`](crate::unix::signal).
    ///
    /// ```
    /// fn on_child() {}
    /// rt_signal::unstable::on_delivery(rt_signal::unix::SignalKind::child(), on_child).unwrap();
    /// ```
    pub fn on_delivery(kind: SignalKind, hook: fn()) -> io::Result<()> {
        let slot = registry::install(kind.as_raw_value())?;
        slot.add_hook(hook);
        Ok(())
    }
}

#[cfg(all(test, loom))]
mod loom_tests;
