//! Procedural macros for rt: `#[rt::main]` and `#[rt::test]`.
//!
//! Use them through the facade, with its `macros` feature: `rt::main` and
//! `rt::test`. They turn an `async fn` into a plain function that builds a
//! runtime and blocks on the function's body, as Tokio's `#[tokio::main]`
//! and `#[tokio::test]` do:
//!
//! ```
//! #[rt::main]
//! async fn main() {
//!     println!("hello from {:?}", std::thread::current().name());
//! }
//! ```
//!
//! The code they generate names `::rt::runtime::Builder` (or the path given
//! with `crate = "..."`); this crate has no runtime of its own.
//!
//! This crate exports four attributes. `main` and `test` assume the facade
//! was built with `rt-multi-thread`; `main_rt` and `test_rt` are the same
//! attributes for a facade built with `rt` only, which the facade re-exports
//! as `main` and `test` in that configuration: they reject the
//! `multi_thread` flavor with a message naming the missing feature instead
//! of failing on a missing `Builder::new_multi_thread`.
//!
//! The expansion itself lives in `entry` (the generated code) and `options`
//! (the attribute's `name = value` options), as functions over
//! `proc_macro2::TokenStream` that the unit tests call directly.

mod entry;
mod error;
mod options;
#[cfg(test)]
mod tests;

use proc_macro::TokenStream;

use options::Flavors;

/// Marks an `async fn` as the program's entry point: it runs on a runtime
/// built for it.
///
/// The function (usually `main`, though any `async fn` works) becomes a
/// plain `fn` with the same attributes, visibility and return type. Its body
/// runs inside `Runtime::block_on` on a runtime built with `enable_all()`.
/// It may return a value, including `Result<(), E>` from `main`.
///
/// # Options
///
/// - `flavor = "multi_thread"` (the default) or `flavor = "current_thread"`:
///   which scheduler to build.
/// - `worker_threads = N` (multi-thread only): the number of worker threads;
///   one per CPU core when left out. `N` is at least 1.
/// - `start_paused = true` (needs the facade's `test-util` feature): start
///   with the clock paused, on either flavor.
/// - `crate = "path"`: where to find the facade, `::rt` by default; for
///   re-exports and renamed dependencies.
///
/// # Examples
///
/// ```
/// #[rt::main]
/// async fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let answer = rt::spawn(async { 42 }).await?;
///     assert_eq!(answer, 42);
///     Ok(())
/// }
/// ```
///
/// is equivalent to
///
/// ```
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     rt::runtime::Builder::new_multi_thread()
///         .enable_all()
///         .build()
///         .expect("Failed building the Runtime")
///         .block_on(async move {
///             let answer = rt::spawn(async { 42 }).await?;
///             assert_eq!(answer, 42);
///             Ok(())
///         })
/// }
/// ```
///
/// With options:
///
/// ```
/// // Any `async fn` may carry the attribute, not only `main`.
/// #[rt::main(flavor = "multi_thread", worker_threads = 2)]
/// async fn on_two_workers() -> usize {
///     rt::runtime::Handle::current().metrics().num_workers()
/// }
///
/// #[rt::main(flavor = "current_thread")]
/// async fn on_this_thread() -> std::thread::ThreadId {
///     rt::spawn(async { std::thread::current().id() }).await.unwrap()
/// }
///
/// mod my_reexport {
///     pub use rt;
/// }
///
/// #[rt::main(crate = "my_reexport::rt", flavor = "current_thread")]
/// async fn through_a_reexport() -> u8 {
///     7
/// }
///
/// fn main() {
///     assert_eq!(on_two_workers(), 2);
///     assert_eq!(on_this_thread(), std::thread::current().id());
///     assert_eq!(through_a_reexport(), 7);
/// }
/// ```
///
/// # Errors
///
/// Misuse is a compile error at the attribute or at the offending token,
/// saying what to write instead: a function without `async`, a `main` with
/// arguments, an unknown or repeated option, a flavor other than the two
/// above, `worker_threads = 0`, `worker_threads` with the current-thread
/// flavor.
#[proc_macro_attribute]
pub fn main(args: TokenStream, item: TokenStream) -> TokenStream {
    entry::expand_main(Flavors::All, args.into(), item.into()).into()
}

/// Marks an `async fn` as a test: it becomes a `#[test]` function that runs
/// its body on a runtime of its own.
///
/// Each test gets a fresh runtime, built with `enable_all()` and dropped
/// when the test returns. The test may return `Result<(), E>`, and keeps
/// its other attributes (`#[should_panic]`, `#[ignore]`, ...). It takes no
/// arguments, and must not also carry `#[test]`.
///
/// # Options
///
/// The same as [`macro@main`]'s, with `flavor = "current_thread"` as the
/// default:
///
/// - `flavor = "current_thread"` (the default) or `flavor = "multi_thread"`.
/// - `worker_threads = N` (multi-thread only).
/// - `start_paused = true` (needs the facade's `test-util` feature): the
///   clock starts paused, and sleeping advances it as soon as the whole
///   runtime has nothing else to do, on either flavor (with
///   `flavor = "multi_thread"`, only once every worker is idle).
/// - `crate = "path"`: where to find the facade, `::rt` by default.
///
/// # Examples
///
/// (A doctest is built without the test harness, which drops `#[test]`
/// functions before type checking: these examples check only that the
/// attribute accepts them. The facade's `tests/macros_test.rs` runs such
/// tests for real.)
///
/// ```
/// #[rt::test]
/// async fn spawned_task_runs() {
///     let handle = rt::spawn(async { 1 + 1 });
///     assert_eq!(handle.await.unwrap(), 2);
/// }
///
/// #[rt::test(flavor = "multi_thread", worker_threads = 2)]
/// async fn on_two_workers() -> Result<(), rt::task::JoinError> {
///     rt::spawn(async {}).await
/// }
/// ```
///
/// expands the first test to the function below, marked `#[test]` (left
/// out here, so that this example runs it):
///
/// ```
/// fn spawned_task_runs() {
///     rt::runtime::Builder::new_current_thread()
///         .enable_all()
///         .build()
///         .expect("Failed building the Runtime")
///         .block_on(async move {
///             let handle = rt::spawn(async { 1 + 1 });
///             assert_eq!(handle.await.unwrap(), 2);
///         })
/// }
/// # spawned_task_runs();
/// ```
///
/// # Errors
///
/// The same misuse as for [`macro@main`] is a compile error, and also a
/// test function with arguments and a second test attribute
/// (`#[test] #[rt::test]`).
#[proc_macro_attribute]
pub fn test(args: TokenStream, item: TokenStream) -> TokenStream {
    entry::expand_test(Flavors::All, args.into(), item.into()).into()
}

/// [`macro@main`] for a facade built without `rt-multi-thread`: the facade
/// re-exports it as `rt::main` in that configuration.
///
/// Only the current-thread flavor can be built, so it must be asked for:
/// `#[rt::main]` alone is an error that says to enable `rt-multi-thread` or
/// to write `flavor = "current_thread"`.
///
/// # Examples
///
/// ```
/// // rt = { version = "0.1", features = ["rt", "macros"] }: `rt::main` is
/// // this attribute. Called by its own name here, where the facade has
/// // `rt-multi-thread` too:
/// #[rt_macros::main_rt(flavor = "current_thread")]
/// async fn main() {
///     let here = std::thread::current().id();
///     assert_eq!(rt::spawn(async { std::thread::current().id() }).await.unwrap(), here);
/// }
/// ```
#[proc_macro_attribute]
pub fn main_rt(args: TokenStream, item: TokenStream) -> TokenStream {
    entry::expand_main(Flavors::CurrentThreadOnly, args.into(), item.into()).into()
}

/// [`macro@test`] for a facade built without `rt-multi-thread`: the facade
/// re-exports it as `rt::test` in that configuration.
///
/// The default flavor is already `current_thread`; asking for
/// `flavor = "multi_thread"` is an error that names the missing feature.
///
/// # Examples
///
/// ```
/// // rt = { version = "0.1", features = ["rt", "macros"] }: `rt::test` is
/// // this attribute. Called by its own name here:
/// #[rt_macros::test_rt]
/// async fn runs_on_the_current_thread() {}
/// ```
#[proc_macro_attribute]
pub fn test_rt(args: TokenStream, item: TokenStream) -> TokenStream {
    entry::expand_test(Flavors::CurrentThreadOnly, args.into(), item.into()).into()
}
