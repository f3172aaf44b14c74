//! Time for the rt runtime: [`sleep()`], [`timeout()`], [`interval()`], and the
//! timer driver behind them. Re-exported by the `rt` facade as `rt::time`
//! (feature `time`); the API is Tokio's `tokio::time`.
//!
//! The driver is a hierarchical hashed timing wheel (Varghese & Lauck) with
//! 1 ms resolution, plugged into a runtime as a Park layer: the runtime's
//! idle threads park no longer than the next timer deadline, and fire
//! expired timers when they wake. Timers are intrusive (a [`Sleep`] carries
//! its own wheel entry, registered on its first poll), so creating,
//! resetting and cancelling one allocates nothing and costs O(1). See the
//! `driver` module's source documentation for the design and the entry
//! protocol.
//!
//! A runtime needs the time driver for timers to work: with the `rt` facade,
//! build it with `enable_time()` or `enable_all()`; with rt-core alone, add
//! [`driver_layer`]. Timers used without it panic, saying so.
//!
//! Feature `test-util` adds a controllable clock: `pause`, `resume`,
//! `advance`, auto-advance of paused time when the whole runtime is idle
//! (no task runnable, every worker parked, no `spawn_blocking` work in
//! flight), and `driver_layer(true)` (a runtime that starts paused) for
//! deterministic tests, on the current-thread and the multi-thread
//! runtime alike. The idle accounting is rt-core's
//! [`IdleWatch`](rt_core::runtime::IdleWatch), which the driver turns on
//! only with this feature.
//!
//! # Examples
//!
//! ```
//! use rt_time::{sleep, timeout, Duration, Instant};
//!
//! let rt = rt_core::runtime::Builder::new_current_thread()
//!     .driver_layer(rt_time::driver_layer(false))
//!     .build()
//!     .unwrap();
//! rt.block_on(async {
//!     let start = Instant::now();
//!     sleep(Duration::from_millis(10)).await;
//!     assert!(start.elapsed() >= Duration::from_millis(10));
//!
//!     let res = timeout(Duration::from_millis(10), std::future::pending::<()>()).await;
//!     assert!(res.is_err());
//! });
//! ```
#![deny(unsafe_op_in_unsafe_fn)]

mod clock;
mod driver;
pub mod error;
mod instant;
mod interval;
mod loom;
mod sleep;
mod timeout;

#[cfg(feature = "test-util")]
pub use clock::{advance, pause, resume};
pub use driver::driver_layer;
pub use instant::Instant;
pub use interval::{interval, interval_at, Interval, MissedTickBehavior};
pub use sleep::{sleep, sleep_until, Sleep};
#[doc(no_inline)]
pub use std::time::Duration;
pub use timeout::{timeout, timeout_at, Timeout};
