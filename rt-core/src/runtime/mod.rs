//! The runtime: a scheduler, a blocking pool, and the drivers stacked as
//! Park layers.
//!
//! Most programs use `#[rt::main]` or the `rt` facade's `Builder`, which
//! also enables the I/O and time drivers. This module is the driver-less
//! core: enough for a compute executor, and the seams (Park layers,
//! extensions) that driver crates plug into.
//!
//! ```
//! use rt_core::runtime::Builder;
//!
//! let rt = Builder::new_current_thread().build().unwrap();
//! let out = rt.block_on(async {
//!     let a = rt_core::spawn(async { 1 });
//!     let b = rt_core::spawn(async { 2 });
//!     a.await.unwrap() + b.await.unwrap()
//! });
//! assert_eq!(out, 3);
//! ```

mod builder;
pub(crate) mod context;
mod ext;
mod handle;
pub(crate) mod park;
mod rt;

pub use builder::{Builder, DriverLayer};
pub use ext::Extensions;
pub use handle::{EnterGuard, Handle, RuntimeFlavor, TryCurrentError};
pub use park::{Park, ParkThread, Unpark};
pub use rt::{Runtime, RuntimeMetrics};
