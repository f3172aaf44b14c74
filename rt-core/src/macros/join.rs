/// Waits on several concurrent futures and returns a tuple of **all** their
/// outputs, in the order the futures were written.
///
/// `join!(a, b, c)` evaluates each expression (anything that implements
/// [`IntoFuture`]), then polls the futures concurrently on the current task
/// until every one has completed; a future is dropped as soon as it completes,
/// and its output is kept for the tuple. `join!()` evaluates to `()`, and
/// `join!(a)` to a one-element tuple.
///
/// The futures run concurrently but **not in parallel**: they share the
/// current task, so one that blocks the thread blocks them all. To run them in
/// parallel, [`spawn`](crate::spawn) each and `join!` the handles.
///
/// To stop at the first error of futures that return `Result`, use
/// [`try_join!`](crate::try_join!).
///
/// # Fairness and `biased;`
///
/// Each time the combined future is polled it polls every unfinished future,
/// starting one place further round than the previous poll, so each future
/// regularly gets to go first. With `join!(biased; a, b, c)` the futures are
/// always polled in the order written, which is deterministic but lets an
/// earlier future use up shared resources (such as the cooperative budget)
/// before a later one is polled.
///
/// There is no upper limit on the number of futures other than the compiler's
/// macro recursion limit (over a hundred with the default
/// `#![recursion_limit = "128"]`).
///
/// # Examples
///
/// ```
/// # use rt_core as rt;
/// # rt::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// async fn fetch(id: u32) -> String {
///     for _ in 0..id {
///         rt::task::yield_now().await;
///     }
///     format!("item {id}")
/// }
///
/// let (a, b, c) = rt::join!(fetch(3), fetch(1), fetch(2));
/// assert_eq!((a.as_str(), b.as_str(), c.as_str()), ("item 3", "item 1", "item 2"));
/// # });
/// ```
///
/// Joining the handles of spawned tasks runs the work in parallel on a
/// multi-thread runtime:
///
/// ```
/// # use rt_core as rt;
/// # rt::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let a = rt::spawn(async { 1 + 1 });
/// let b = rt::spawn(async { "two" });
/// let (a, b) = rt::join!(a, b);
/// assert_eq!((a.unwrap(), b.unwrap()), (2, "two"));
/// # });
/// ```
///
/// [`IntoFuture`]: std::future::IntoFuture
#[macro_export]
macro_rules! join {
    ($($input:tt)*) => {
        $crate::__join!(@entry [join] $($input)*)
    };
}

/// Implementation of [`join!`] and [`try_join!`]: parses the futures one at
/// a time, then expands them all at once. Not public API.
///
/// Parsing state: `@parse [mode] [biased] [count] [futures] input...`, where
/// `mode` is `join` or `try_join`, `count` is the token sum `0 + 1 + ...` of
/// the futures parsed so far, and each parsed future is stored as
/// `{ [index] fut out (future) }`. As in `select!`, `fut` and `out` are
/// written by a different expansion for every future, so hygiene makes them
/// distinct locals.
///
/// # Malformed input
///
/// Each of these fails to compile.
///
/// Futures not separated by commas ("join!: expected a comma-separated list
/// of futures, optionally after `biased;`, ..."):
///
/// ```compile_fail
/// async fn f() -> (i32, i32) {
///     rt_core::join!(std::future::ready(1) std::future::ready(2))
/// }
/// ```
///
/// `biased` followed by something other than `;`:
///
/// ```compile_fail
/// async fn f() -> (i32, i32) {
///     rt_core::join!(biased: std::future::ready(1), std::future::ready(2))
/// }
/// ```
///
/// Use outside `async` code:
///
/// ```compile_fail
/// fn f() -> (i32,) {
///     rt_core::join!(std::future::ready(1))
/// }
/// ```
///
/// `try_join!` of a future whose output is not a `Result`:
///
/// ```compile_fail
/// async fn f() {
///     let _ = rt_core::try_join!(std::future::ready(1));
/// }
/// ```
///
/// `try_join!` of futures with different error types:
///
/// ```compile_fail
/// async fn f() {
///     let _ = rt_core::try_join!(
///         std::future::ready(Ok::<u8, u8>(1)),
///         std::future::ready(Ok::<u8, String>(2)),
///     );
/// }
/// ```
///
/// For comparison, the same shapes written correctly compile:
///
/// ```
/// async fn f() -> Result<(), u8> {
///     let (_, _) = rt_core::join!(std::future::ready(1), std::future::ready(2));
///     let (_, _) = rt_core::join!(biased; std::future::ready(1), std::future::ready(2));
///     let (_, _) = rt_core::try_join!(
///         std::future::ready(Ok::<u8, u8>(1)),
///         std::future::ready(Ok::<u8, u8>(2)),
///     )?;
///     Ok(())
/// }
/// # drop(f());
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __join {
    // ---- entry -----------------------------------------------------------
    (@entry [$mode:ident] biased; $($input:tt)*) => {
        $crate::__join!(@parse [$mode] [true] [0] [] $($input)*)
    };
    (@entry [$mode:ident] $($input:tt)*) => {
        $crate::__join!(@parse [$mode] [false] [0] [] $($input)*)
    };

    // ---- one future ------------------------------------------------------
    (@parse [$mode:ident] [$biased:tt] [$($count:tt)*] [$($futures:tt)*] $f:expr, $($rest:tt)*) => {
        $crate::__join!(@parse [$mode] [$biased] [$($count)* + 1]
            [$($futures)* { [$($count)*] fut out ($f) }] $($rest)*)
    };
    (@parse [$mode:ident] [$biased:tt] [$($count:tt)*] [$($futures:tt)*] $f:expr) => {
        $crate::__join!(@parse [$mode] [$biased] [$($count)* + 1]
            [$($futures)* { [$($count)*] fut out ($f) }])
    };

    // ---- end of input ----------------------------------------------------
    (@parse [join] [$biased:tt] [0] []) => {
        $crate::macros::support::poll_fn(|_| $crate::macros::support::Poll::Ready(())).await
    };
    (@parse [try_join] [$biased:tt] [0] []) => {
        $crate::macros::support::poll_fn(|_| {
            $crate::macros::support::Poll::Ready($crate::macros::support::Ok(()))
        })
        .await
    };
    (@parse [$mode:ident] [$biased:tt] [$($count:tt)*] [$($futures:tt)*]) => {
        $crate::__join!(@emit [$mode] [$biased] [$($count)*] [$($futures)*])
    };
    (@parse [$mode:ident] [$biased:tt] [$($count:tt)*] [$($futures:tt)*] $($rest:tt)+) => {
        ::core::compile_error!(::core::concat!(
            ::core::stringify!($mode),
            "!: expected a comma-separated list of futures, optionally after `biased;`, found `",
            ::core::stringify!($($rest)+),
            "`"
        ))
    };

    // ---- what a finished future does -------------------------------------
    // `join!`: keep the output.
    (@ready [join] $value:ident => $out:ident) => {
        $out = $crate::macros::support::Some($value);
    };
    // `try_join!`: keep an `Ok`, return the first `Err` at once (the other
    // futures are dropped when the expansion's block ends).
    (@ready [try_join] $value:ident => $out:ident) => {
        match $value {
            $crate::macros::support::Ok(value) => $out = $crate::macros::support::Some(value),
            $crate::macros::support::Err(error) => {
                return $crate::macros::support::Poll::Ready($crate::macros::support::Err(error));
            }
        }
    };
    (@done [join] $output:expr) => {
        $output
    };
    (@done [try_join] $output:expr) => {
        $crate::macros::support::Ok($output)
    };

    // ---- expansion -------------------------------------------------------
    (@emit [$mode:ident] [$biased:tt] [$($count:tt)*]
        [$({ [$($index:tt)*] $fut:ident $out:ident ($f:expr) })+]) => {{
        // Each future is pinned in place inside an `Option`, set to `None`
        // (dropped in place) as soon as it finishes; its output waits in
        // `out` until all are done.
        $(
            let mut $fut = $crate::macros::support::pin_place!($crate::macros::support::Some(
                $crate::macros::support::IntoFuture::into_future($f)
            ));
            let mut $out = $crate::macros::support::None;
        )+
        let futures: u32 = $($count)*;
        // Where the next poll starts: rotating it gives every future a turn
        // at being polled first, so none is starved by the ones before it.
        let mut next_start: u32 = 0;
        $crate::macros::support::poll_fn(|cx| {
            let start = next_start;
            if !$biased {
                next_start = if start + 1 == futures { 0 } else { start + 1 };
            }
            let mut pending = false;
            for offset in 0..futures {
                let mut index = start + offset;
                if index >= futures {
                    index -= futures;
                }
                $(
                    if index == $($index)* {
                        if let $crate::macros::support::Some(future) = $fut.as_mut().as_pin_mut() {
                            if let $crate::macros::support::Poll::Ready(value) =
                                $crate::macros::support::Future::poll(future, cx)
                            {
                                $fut.set($crate::macros::support::None);
                                $crate::__join!(@ready [$mode] value => $out);
                            } else {
                                pending = true;
                            }
                        }
                        continue;
                    }
                )+
            }
            if pending {
                return $crate::macros::support::Poll::Pending;
            }
            $crate::macros::support::Poll::Ready($crate::__join!(@done [$mode] ($(
                match $out.take() {
                    $crate::macros::support::Some(value) => value,
                    $crate::macros::support::None => ::core::unreachable!("polled after completion"),
                },
            )+)))
        })
        .await
    }};
}
