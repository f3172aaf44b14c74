//! The control-flow macros: [`select!`], [`join!`], [`try_join!`] and
//! [`pin!`].
//!
//! The macros are exported at the crate root (use them as
//! `rt::select!`, `rt::join!`, ...). They are `macro_rules!` macros that reach
//! their support items only through `$crate::macros::support`, so they keep
//! working when the crate is renamed in `Cargo.toml`, and they need no
//! proc-macro: each branch's future, flag and output slot is a distinct local
//! because each is named by a different step of the macro's own recursion
//! (macro hygiene), which is how a declarative macro handles any number of
//! branches. None of the expansions contains `unsafe`.
//!
//! All of them run their futures *concurrently on the current task*, never in
//! parallel: for parallelism, spawn tasks and join or select their handles.
//!
//! # Examples
//!
//! ```
//! let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
//! rt.block_on(async {
//!     // Both futures run to completion, concurrently.
//!     let (a, b) = rt_core::join!(async { 1 }, async { 2 });
//!     assert_eq!(a + b, 3);
//!
//!     // The first error ends the wait.
//!     let r: Result<(u8, u8), &str> = rt_core::try_join!(async { Ok(1) }, async { Err("no") });
//!     assert_eq!(r, Err("no"));
//!
//!     // Whichever branch finishes first wins; the others are dropped.
//!     let winner = rt_core::select! {
//!         v = std::future::ready("ready") => v,
//!         () = std::future::pending::<()>() => unreachable!(),
//!     };
//!     assert_eq!(winner, "ready");
//!
//!     // Pin a future on the stack to poll it by reference.
//!     let fut = async { 5 };
//!     rt_core::pin!(fut);
//!     assert_eq!((&mut fut).await, 5);
//! });
//! ```
//!
//! [`select!`]: crate::select!
//! [`join!`]: crate::join!
//! [`try_join!`]: crate::try_join!
//! [`pin!`]: crate::pin!

mod join;
mod pin;
mod select;
mod try_join;

#[doc(hidden)]
pub mod support;
