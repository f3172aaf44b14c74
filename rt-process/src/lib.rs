//! Child processes for rt; Tokio's `tokio::process`.
//!
//! [`Command`] mirrors `std::process::Command`; [`Child`] can be awaited
//! ([`Child::wait`]) and its piped stdio are [`AsyncWrite`]/[`AsyncRead`].
//!
//! # Reaping
//!
//! A child that has exited stays a zombie until its parent collects its
//! status. rt collects it:
//!
//! - while a task waits: [`Child::wait`] sleeps on a `SIGCHLD` listener
//!   (rt-signal) created *before* the child was spawned, so an exit is
//!   never missed, and checks its own child with `waitpid(WNOHANG)` on
//!   each `SIGCHLD`;
//! - when a [`Child`] is dropped before its exit was collected: it moves
//!   to a process-wide orphan list that is swept by whichever runtime
//!   dispatches the next `SIGCHLD` (and once when the child is dropped).
//!   No zombie outlives the next `SIGCHLD` while a runtime with the signal
//!   driver is running.
//!
//! A child keeps running when its `Child` is dropped, unless
//! [`Command::kill_on_drop`] was set.
//!
//! ```
//! # let rt = rt_core::runtime::Builder::new_current_thread()
//! #     .driver_layer(rt_io::driver_layer())
//! #     .driver_layer(rt_signal::driver_layer())
//! #     .build()
//! #     .unwrap();
//! # rt.block_on(async {
//! use rt_process::Command;
//!
//! let out = Command::new("echo").arg("hello").output().await?;
//! assert!(out.status.success());
//! assert_eq!(out.stdout, b"hello\n");
//! # Ok::<(), std::io::Error>(())
//! # }).unwrap();
//! ```
#![cfg(unix)]
#![deny(unsafe_op_in_unsafe_fn)]

mod child;
mod command;
mod orphan;
mod stdio;

pub use child::Child;
pub use command::Command;
pub use rt_io::{AsyncRead, AsyncWrite};
pub use std::process::{ExitStatus, Output, Stdio};
pub use stdio::{ChildStderr, ChildStdin, ChildStdout};

/// Test hooks: **not** part of the public API.
#[doc(hidden)]
pub mod unstable {
    pub use crate::orphan::orphan_count;
}
