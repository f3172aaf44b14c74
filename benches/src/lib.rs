//! Criterion benchmarks running every workload on rt and on tokio side by side.
//!
//! Every workload is **one function body compiled twice**: the bench targets
//! (`benches/*.rs`) write it against a crate alias `runtime`, and
//! [`rt_and_tokio!`] instantiates it once in `mod rt_impl` (where `runtime`
//! is `::rt`) and once in `mod tokio_impl` (where it is `::tokio`). Each
//! workload and runtime flavour becomes one criterion group
//! `<workload>/<flavour>` holding two benchmarks, `rt` and `tokio`, so every
//! report shows the two side by side:
//!
//! ```text
//! spawn_many_local/multi_thread/rt     time: [...]
//! spawn_many_local/multi_thread/tokio  time: [...]
//! ```
//!
//! `cargo xtask bench` runs them and prints the rt/tokio table; see
//! BENCHMARKS.md at the repository root.
//!
//! This lib is deliberately dependency-free: the macro's expansion names
//! `::rt`, `::tokio` and `::criterion`, which only the bench targets (through
//! this package's dev-dependencies) can see, so `cargo test --workspace`
//! builds neither criterion nor tokio.
//!
//! # Runtimes
//!
//! One runtime is built per benchmark, outside the timed loop, and reused by
//! every iteration (`b.iter(|| workload(&runtime))`, the workload calling
//! `block_on`). Neither the I/O nor the time driver is enabled: the
//! scheduler and sync workloads need neither, and both runtimes then park on
//! a condition variable alike.
//!
//! - [`Flavour::CurrentThread`] is `Builder::new_current_thread()`.
//! - [`Flavour::MultiThread`] is `Builder::new_multi_thread()` with
//!   [`workers()`] worker threads: `RT_BENCH_WORKERS` (set by
//!   `cargo xtask bench --workers N`), 2 by default.

use std::fmt;

/// The environment variable holding the multi-thread benchmarks' worker
/// count (`cargo xtask bench --workers N` sets it).
pub const WORKERS_ENV: &str = "RT_BENCH_WORKERS";

/// The worker count when [`WORKERS_ENV`] is unset: the cores of the machine
/// the published numbers come from.
pub const DEFAULT_WORKERS: usize = 2;

/// The worker count of the multi-thread benchmarks: [`WORKERS_ENV`] if set,
/// else [`DEFAULT_WORKERS`].
///
/// # Panics
///
/// Panics if [`WORKERS_ENV`] is set to anything but a positive integer, so
/// a typo cannot silently benchmark the default.
pub fn workers() -> usize {
    match std::env::var(WORKERS_ENV) {
        Ok(s) => match s.trim().parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => panic!("{WORKERS_ENV}={s:?}: expected a positive integer"),
        },
        Err(_) => DEFAULT_WORKERS,
    }
}

/// The runtime flavours a workload runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// `Builder::new_current_thread()`.
    CurrentThread,
    /// `Builder::new_multi_thread().worker_threads(workers())`.
    MultiThread,
}

impl Flavour {
    /// The flavour's name in benchmark ids: `current_thread`, `multi_thread`.
    pub fn name(self) -> &'static str {
        match self {
            Flavour::CurrentThread => "current_thread",
            Flavour::MultiThread => "multi_thread",
        }
    }
}

impl fmt::Display for Flavour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Compiles a set of workloads against rt and against tokio and registers
/// each `(workload, flavour)` pair as one criterion group with the
/// benchmarks `rt` and `tokio`.
///
/// ```text
/// benches::rt_and_tokio! {
///     workloads {
///         spawn_many_local: [CurrentThread, MultiThread],
///     }
///
///     const NUM_SPAWN: usize = 10_000;
///
///     pub(crate) fn spawn_many_local(rt: &Runtime) {
///         rt.block_on(async {
///             // `runtime` is `::rt` in one copy and `::tokio` in the other.
///             runtime::spawn(async {}).await.unwrap();
///         });
///     }
/// }
///
/// criterion::criterion_group!(benches, register);
/// criterion::criterion_main!(benches);
/// ```
///
/// The body after `workloads { ... }` is pasted into `mod rt_impl` and
/// `mod tokio_impl`, each of which starts with `use super::*;`,
/// `use ::rt as runtime;` (resp. `::tokio`), `type Runtime =
/// runtime::runtime::Runtime;` and `fn build(Flavour) -> Runtime`. Each
/// listed workload must be a `pub(crate) fn name(rt: &Runtime)` that runs
/// one iteration (it calls `rt.block_on` itself). The macro also defines
/// `fn register(c: &mut criterion::Criterion)`, to hand to
/// `criterion_group!`.
///
/// A runtime is built the first time its benchmark actually runs (a filter
/// that skips it builds nothing) and dropped when the group is done.
#[macro_export]
macro_rules! rt_and_tokio {
    (
        workloads {
            $( $name:ident : [ $( $flavour:ident ),+ $(,)? ] ),+ $(,)?
        }
        $( $body:tt )*
    ) => {
        /// The workloads compiled against rt (`runtime` is `::rt`).
        mod rt_impl {
            #[allow(unused_imports, reason = "the body may not need the bench file's items")]
            use super::*;
            use ::rt as runtime;

            $crate::rt_and_tokio!(@build);

            $( $body )*
        }

        /// The same workloads compiled against tokio (`runtime` is `::tokio`).
        mod tokio_impl {
            #[allow(unused_imports, reason = "the body may not need the bench file's items")]
            use super::*;
            use ::tokio as runtime;

            $crate::rt_and_tokio!(@build);

            $( $body )*
        }

        /// Registers every workload on every listed flavour, rt beside tokio.
        fn register(c: &mut ::criterion::Criterion) {
            $( $(
                {
                    let flavour = $crate::Flavour::$flavour;
                    let mut group =
                        c.benchmark_group(format!("{}/{}", stringify!($name), flavour));
                    {
                        let mut built = None;
                        group.bench_function("rt", |b| {
                            let rt = built.get_or_insert_with(|| rt_impl::build(flavour));
                            b.iter(|| rt_impl::$name(rt))
                        });
                    }
                    {
                        let mut built = None;
                        group.bench_function("tokio", |b| {
                            let rt = built.get_or_insert_with(|| tokio_impl::build(flavour));
                            b.iter(|| tokio_impl::$name(rt))
                        });
                    }
                    group.finish();
                }
            )+ )+
        }
    };

    // The runtime type and its constructor, pasted into each copy (where
    // `runtime` names that copy's crate).
    (@build) => {
        /// This copy's runtime type.
        pub(crate) type Runtime = runtime::runtime::Runtime;

        /// Builds this copy's runtime for `flavour`, with every driver.
        pub(crate) fn build(flavour: $crate::Flavour) -> Runtime {
            let built = match flavour {
                $crate::Flavour::CurrentThread => runtime::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build(),
                $crate::Flavour::MultiThread => runtime::runtime::Builder::new_multi_thread()
                    .worker_threads($crate::workers())
                    .enable_all()
                    .build(),
            };
            built.expect("building the benchmark runtime")
        }
    };
}
