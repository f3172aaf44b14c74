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
