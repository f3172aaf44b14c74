//! The core of the rt runtime: tasks, schedulers, the blocking pool, the
//! cooperative budget, the Park layers and the runtime context.
//!
//! rt-core knows nothing of I/O or time. Driver crates plug in through two
//! seams: [`runtime::Park`] layers (how an idle thread blocks) and the
//! runtime's [`runtime::Extensions`] (how a resource finds its driver). Used
//! alone, rt-core is a compute executor:
//!
//! ```
//! let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
//! let total = rt.block_on(async {
//!     let tasks: Vec<_> = (0..100u64).map(|i| rt_core::spawn(async move { i })).collect();
//!     let mut total = 0;
//!     for t in tasks {
//!         total += t.await.unwrap();
//!     }
//!     total
//! });
//! assert_eq!(total, 4950);
//! ```
//!
//! Most programs use the `rt` facade crate instead, which re-exports these
//! items at Tokio's paths (`rt::spawn`, `rt::task`, `rt::runtime`).
#![deny(unsafe_op_in_unsafe_fn)]

mod blocking;
pub mod coop;
mod loom;
pub mod runtime;
mod scheduler;
pub mod task;

pub use task::spawn;
#[macro_use]
pub mod macros;
