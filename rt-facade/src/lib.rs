//! rt: an asynchronous runtime for Rust with Tokio's API.
//!
//! A Tokio program ports by renaming the crate: `tokio::spawn` becomes
//! `rt::spawn`, `#[tokio::main]` becomes `#[rt::main]`, and so on. This
//! crate is a thin facade: it re-exports the runtime crates behind
//! features named as Tokio's (`rt`, `rt-multi-thread`, `sync`, `macros`,
//! `full`, ...). The only code of its own is [`runtime::Builder`] and
//! [`runtime::Runtime`], which stack the enabled drivers.
//!
//! ```
//! # #[cfg(all(feature = "rt", feature = "macros"))]
//! # mod example {
//! #[rt::main(flavor = "current_thread")]
//! async fn main() {
//!     let handle = rt::spawn(async { "hello from a task" });
//!     rt::task::yield_now().await;
//!     println!("{}", handle.await.unwrap());
//! }
//! # pub fn run() { main() }
//! # }
//! # #[cfg(all(feature = "rt", feature = "macros"))]
//! # example::run();
//! ```
//!
//! # Features
//!
//! | feature | enables |
//! |---|---|
//! | `rt` | [`spawn`], [`task`], [`runtime`] (current-thread scheduler) |
//! | `rt-multi-thread` | `Builder::new_multi_thread` and the multi-thread `#[main]` flavor |
//! | `sync` | `rt::sync`: channels, locks, notifications |
//! | `macros` | `#[rt::main]`, `#[rt::test]`, `select!`, `join!`, `try_join!`, `pin!` |
//! | `io-util` | `rt::io`: async I/O traits, extension traits, utilities, `AsyncFd` |
//! | `io-std` | `rt::io` too (Tokio's feature for `stdin`/`stdout`/`stderr`, which are part of `rt::io`) |
//! | `time` | `rt::time`: `sleep`, `timeout`, `interval`, `Instant` |
//! | `fs` | `rt::fs`: files and directories through the blocking pool, with read-ahead and write-behind |
//! | `net` | `rt::net`: TCP, UDP and Unix sockets, `lookup_host` |
//! | `signal` | `rt::signal`: `ctrl_c` and Unix signals through the reactor |
//! | `process` | `rt::process`: child processes with async pipes, reaped without zombies |
//! | `test-util` | `Builder::start_paused` and the paused clock |
//! | `tracing` | every task runs in a `task` span (`task_id`, `task_name`, `spawned_at`; target `rt::task`); slow polls without an `on_slow_poll` hook become `WARN` events (target `rt::slow_poll`) |
//! | `hyper` | `rt::compat::hyper`: hyper 1.x's I/O, executor and timer traits on rt (not in `full`) |
//! | `parking_lot` | nothing: accepted so that Tokio manifests port unchanged (rt's locks are its own) |
//! | `full` | everything but `test-util`, `tracing` and `hyper` |
//!
//! [`stream`] (`Stream`, `StreamExt`, and the wrappers of tokio-stream) is
//! always there; each wrapper comes with the feature of the type it wraps.
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "rt")]
pub mod runtime;

pub mod stream;

#[cfg(feature = "rt")]
#[doc(inline)]
pub use rt_core::task;

#[cfg(feature = "rt")]
#[doc(inline)]
pub use rt_core::spawn;

#[cfg(feature = "rt")]
#[doc(inline)]
pub use rt_core::task_local;

#[cfg(feature = "sync")]
#[doc(inline)]
pub use rt_sync as sync;

#[cfg(any(feature = "io-util", feature = "io-std", feature = "net"))]
#[doc(inline)]
pub use rt_io as io;

#[cfg(feature = "time")]
#[doc(inline)]
pub use rt_time as time;

#[cfg(feature = "fs")]
#[doc(inline)]
pub use rt_fs as fs;

#[cfg(feature = "net")]
#[doc(inline)]
pub use rt_net as net;

#[cfg(feature = "signal")]
#[doc(inline)]
pub use rt_signal as signal;

#[cfg(feature = "process")]
#[doc(inline)]
pub use rt_process as process;

#[cfg(feature = "macros")]
#[doc(inline)]
pub use rt_macros::{main, test};

#[cfg(feature = "macros")]
#[doc(inline)]
pub use rt_core::{join, pin, select, try_join};

/// Adapters that run other ecosystems' libraries on rt.
///
/// - [`hyper`](compat::hyper) (feature `hyper`): hyper 1.x's runtime
///   traits, so its `server::conn` and `client::conn` run on rt.
///
/// ```
/// use rt::compat::hyper::{RtExecutor, RtIo, RtTimer};
///
/// let (_io, _executor, _timer) = (RtIo::new(rt::io::empty()), RtExecutor::new(), RtTimer::new());
/// ```
#[cfg(feature = "hyper")]
pub mod compat {
    #[doc(inline)]
    pub use rt_hyper as hyper;
}
