/// Waits on several concurrent branches, returning when the **first** of them
/// completes and **cancelling** (dropping) the others.
///
/// Each branch has the form
///
/// ```text
/// <pattern> = <async expression> (, if <precondition>)? => <handler>,
/// ```
///
/// and the branches may be followed by one `else => <expression>` branch, and
/// preceded by `biased;`. The comma after a handler written as a `{ block }`
/// may be left out. There is no upper limit on the number of branches other
/// than the compiler's macro recursion limit: with the default
/// `#![recursion_limit = "128"]`, over a hundred branches are accepted (the
/// test suite checks 64 and 100; raise the limit in your crate for more).
///
/// # How `select!` runs
///
/// 1. Every `<precondition>` is evaluated, in order. A branch whose
///    precondition is `false` is *disabled* for the rest of this `select!`.
/// 2. Every `<async expression>` is evaluated, in order, including those of
///    disabled branches (their futures are created but never polled). Each
///    may be anything that implements [`IntoFuture`], so `&mut fut` for a
///    pinned future `fut` works as well as a call to an `async fn`.
/// 3. All enabled futures are polled concurrently, on the current task (not
///    in parallel). Unless `biased;` is given, each poll starts at a randomly
///    chosen branch, so no branch is favoured.
/// 4. When a future completes, its output is matched against its
///    `<pattern>`. If it does not match, that branch is disabled and the other
///    branches keep racing. If it matches, **all the branch futures are
///    dropped**, then the `<handler>` runs with the pattern's bindings in
///    scope, and `select!` evaluates to the handler's value.
/// 5. If every branch is disabled (by preconditions, or by outputs that did
///    not match), `select!` evaluates the `else` expression instead; with no
///    `else` branch, it panics.
///
/// The handler runs outside of any closure or loop of the macro's: `break`
/// and `continue` refer to the loop around the `select!`, `return` returns
/// from the enclosing function, `?` propagates from it, and the handler may
/// `.await`. The other branches are already gone by then, and the futures'
/// borrows have ended, so a handler may use what the futures borrowed.
///
/// `select!` can only be used inside `async` functions and blocks, and every
/// handler (and the `else` expression) must evaluate to the same type.
///
/// # Fairness and `biased;`
///
/// By default, every time the combined future is polled, polling starts at a
/// random branch and proceeds round the branches in order, so when several
/// branches are ready at once each wins about equally often. Starting with
/// `biased;` polls the branches in the order they are written, every time:
/// the first ready branch in source order wins. That saves the random number
/// and gives deterministic behaviour (useful for tests, or to give a shutdown
/// signal priority), at the price of being able to starve later branches when
/// an earlier one is always ready.
///
/// # Panics
///
/// Panics with the message "all branches are disabled and there is no else
/// branch" when every branch is disabled and there is no `else` branch.
///
/// # Cancel safety
///
/// When one branch wins, the futures of the others are dropped. If a loser
/// was in the middle of something, that work may be lost. A method is *cancel
/// safe* when dropping its future before completion loses nothing, so that
/// calling it again (typically on the next turn of a loop around `select!`)
/// is equivalent to the first call never having happened. Using a method
/// that is not cancel safe in `select!` is not wrong in itself (at shutdown,
/// a partial read may not matter), but in a loop it usually is a bug.
///
/// To keep one operation going across turns of a loop, create its future
/// once outside the loop, [`pin!`](crate::pin!) it, and race `&mut fut`:
/// the future then survives losing, as in the second example below.
///
/// Index of rt's methods (they arrive with their modules: `rt::sync` in
/// rt-sync, `rt::io` in rt-io, `rt::net` in rt-net, `rt::signal` in
/// rt-signal; each method's own docs repeat this under `# Cancel safety`).
///
/// These are **cancel safe**:
///
/// * `rt::sync::mpsc::Receiver::recv`
/// * `rt::sync::mpsc::UnboundedReceiver::recv`
/// * `rt::sync::broadcast::Receiver::recv`
/// * `rt::sync::watch::Receiver::changed`
/// * `rt::net::TcpListener::accept`
/// * `rt::net::UnixListener::accept`
/// * `rt::signal::unix::Signal::recv`
/// * `rt::io::AsyncReadExt::read` on any `AsyncRead`
/// * `rt::io::AsyncReadExt::read_buf` on any `AsyncRead`
/// * `rt::io::AsyncWriteExt::write` on any `AsyncWrite`
/// * `rt::io::AsyncWriteExt::write_buf` on any `AsyncWrite`
/// * awaiting `&mut` an `rt::task::JoinHandle`, and `rt::task::JoinSet::join_next`
/// * `rt::stream::StreamExt::next` and `try_next` on any `Stream` (also
///   `futures`' and `tokio-stream`'s `StreamExt::next`)
///
/// These are **not cancel safe**, and can lose data:
///
/// * `rt::io::AsyncReadExt::read_exact`
/// * `rt::io::AsyncReadExt::read_to_end`
/// * `rt::io::AsyncReadExt::read_to_string`
/// * `rt::io::AsyncWriteExt::write_all`
/// * `rt::io::AsyncBufReadExt::read_line` (a cancelled call may already
///   have appended part of a line to the buffer)
///
/// These are **not cancel safe** because they wait in a queue for fairness,
/// and cancelling them gives up the place in the queue:
///
/// * `rt::sync::Mutex::lock`
/// * `rt::sync::RwLock::read`
/// * `rt::sync::RwLock::write`
/// * `rt::sync::Semaphore::acquire`
/// * `rt::sync::Notify::notified`
///
/// # Examples
///
/// Race two computations; the loser is dropped:
///
/// ```
/// # use rt_core as rt;
/// # rt::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// async fn fast() -> u32 {
///     1
/// }
///
/// async fn slow() -> u32 {
///     for _ in 0..10 {
///         rt::task::yield_now().await;
///     }
///     2
/// }
///
/// let winner = rt::select! {
///     v = fast() => format!("fast returned {v}"),
///     v = slow() => format!("slow returned {v}"),
/// };
/// assert_eq!(winner, "fast returned 1");
/// # });
/// ```
///
/// Keep one long operation alive across the turns of a loop by pinning it and
/// racing `&mut` it, while other branches come and go:
///
/// ```
/// # use rt_core as rt;
/// # rt::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let computation = async {
///     for _ in 0..5 {
///         rt::task::yield_now().await;
///     }
///     "done"
/// };
/// rt::pin!(computation);
///
/// let mut ticks = 0;
/// let result = loop {
///     rt::select! {
///         out = &mut computation => break out,
///         _ = rt::task::yield_now() => ticks += 1,
///     }
/// };
/// assert_eq!(result, "done");
/// # let _ = ticks;
/// # });
/// ```
///
/// Preconditions disable branches; `else` runs once every branch is
/// disabled:
///
/// ```
/// # use rt_core as rt;
/// # rt::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let (mut a_done, mut b_done) = (false, false);
/// let mut rounds = 0;
/// loop {
///     rt::select! {
///         _ = async {}, if !a_done => a_done = true,
///         _ = async {}, if !b_done => b_done = true,
///         else => break,
///     }
///     rounds += 1;
/// }
/// assert!(a_done && b_done);
/// assert_eq!(rounds, 2);
/// # });
/// ```
///
/// A branch whose output does not match its pattern is disabled, and the race
/// goes on without it:
///
/// ```
/// # use rt_core as rt;
/// # rt::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let value = rt::select! {
///     Some(v) = async { None::<u32> } => v,
///     v = async {
///         rt::task::yield_now().await;
///         7
///     } => v,
/// };
/// assert_eq!(value, 7);
/// # });
/// ```
///
/// `biased;` polls in the written order, so the first ready branch wins:
///
/// ```
/// # use rt_core as rt;
/// # rt::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// for _ in 0..100 {
///     let first = rt::select! {
///         biased;
///         _ = std::future::ready(()) => "first",
///         _ = std::future::ready(()) => "second",
///     };
///     assert_eq!(first, "first");
/// }
/// # });
/// ```
///
/// Handlers are ordinary code of the enclosing function, so `?` works;
/// racing spawned tasks gives parallelism:
///
/// ```
/// # use rt_core as rt;
/// async fn first_result() -> Result<u64, rt::task::JoinError> {
///     let a = rt::spawn(async { (1..=10u64).sum::<u64>() });
///     let b = rt::spawn(async { (1..=10u64).product::<u64>() });
///     let sum_or_product = rt::select! {
///         out = a => out?,
///         out = b => out?,
///     };
///     Ok(sum_or_product)
/// }
/// # let rt = rt::runtime::Builder::new_current_thread().build().unwrap();
/// let out = rt.block_on(first_result()).unwrap();
/// assert!(out == 55 || out == 3_628_800);
/// ```
///
/// [`IntoFuture`]: std::future::IntoFuture
#[macro_export]
macro_rules! select {
    ($($input:tt)*) => {
        $crate::__select!(@entry $($input)*)
    };
}

/// Implementation of [`select!`]: parses the branches one at a time, then
/// expands them all at once. Not public API.
///
/// Parsing state: `@parse [biased] [count] [branches] input...`, where
/// `count` is the token sum `0 + 1 + ...` of the branches parsed so far (the
/// next branch's index) and each parsed branch is stored as
/// `{ [index] fut en out (pattern) (future) (precondition) (handler) }`.
/// `fut`, `en` and `out` are spelled the same for every branch, but each is
/// written by a different expansion of this macro, so hygiene makes them
/// distinct local variables: that is how a `macro_rules!` macro gets one
/// future, one "enabled" flag and one output slot per branch, for any number
/// of branches, without a proc-macro.
///
/// Whether a completed future's output matches its pattern is decided by
/// matching it in a `match` arm whose guard records the match and then
/// fails: a guard sees the bindings by reference, so nothing is moved and the
/// output is kept whole for the handler, whatever the pattern (`mut x`,
/// `ref mut x`, or-patterns), with no need to rewrite the pattern.
///
/// # Malformed input
///
/// Each of these fails to compile, with the message shown.
///
/// A branch without `=>` ("select!: expected `<pattern> = <future> =>
/// <handler>,` ..."):
///
/// ```compile_fail
/// async fn f() -> i32 {
///     rt_core::select! { v = std::future::ready(1) v }
/// }
/// ```
///
/// A branch without `=`:
///
/// ```compile_fail
/// async fn f() -> i32 {
///     rt_core::select! { v std::future::ready(1) => v }
/// }
/// ```
///
/// A precondition without `if`:
///
/// ```compile_fail
/// async fn f() -> i32 {
///     rt_core::select! { v = std::future::ready(1), true => v }
/// }
/// ```
///
/// Two `else` branches ("the `else` branch must be the last branch, and
/// there can be only one"):
///
/// ```compile_fail
/// async fn f() -> i32 {
///     rt_core::select! {
///         v = std::future::ready(1), if false => v,
///         else => 1,
///         else => 2,
///     }
/// }
/// ```
///
/// An `else` branch before other branches:
///
/// ```compile_fail
/// async fn f() -> i32 {
///     rt_core::select! {
///         else => 0,
///         v = std::future::ready(1) => v,
///     }
/// }
/// ```
///
/// A misspelled `biased;`:
///
/// ```compile_fail
/// async fn f() -> i32 {
///     rt_core::select! { baised; v = std::future::ready(1) => v }
/// }
/// ```
///
/// No branch at all, or only `else`:
///
/// ```compile_fail
/// async fn f() -> i32 {
///     rt_core::select! {}
/// }
/// ```
///
/// ```compile_fail
/// async fn f() -> i32 {
///     rt_core::select! { else => 1 }
/// }
/// ```
///
/// Use outside `async` code:
///
/// ```compile_fail
/// fn f() -> i32 {
///     rt_core::select! { v = std::future::ready(1) => v }
/// }
/// ```
///
/// Handlers of different types:
///
/// ```compile_fail
/// async fn f() -> i32 {
///     rt_core::select! {
///         v = std::future::ready(1) => v,
///         w = std::future::ready("one") => w,
///     }
/// }
/// ```
///
/// For comparison, the same shapes written correctly compile:
///
/// ```
/// async fn f() -> i32 {
///     let a = rt_core::select! { v = std::future::ready(1) => v };
///     let b = rt_core::select! { v = std::future::ready(1), if true => v, else => 2 };
///     let c = rt_core::select! { biased; v = std::future::ready(1) => v };
///     let d = rt_core::select! {
///         v = std::future::ready(1) => v,
///         w = std::future::ready("one") => w.len() as i32,
///     };
///     a + b + c + d
/// }
/// # drop(f());
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __select {
    // ---- entry -----------------------------------------------------------
    (@entry biased; $($input:tt)*) => {
        $crate::__select!(@parse [true] [0] [] $($input)*)
    };
    (@entry $($input:tt)*) => {
        $crate::__select!(@parse [false] [0] [] $($input)*)
    };

    // ---- end of input ----------------------------------------------------
    (@parse [$biased:tt] [0] []) => {
        ::core::compile_error!("select! needs at least one `<pattern> = <future> => <handler>` branch")
    };
    (@parse [$biased:tt] [0] [] else => $else:expr $(,)?) => {
        ::core::compile_error!("select! needs at least one `<pattern> = <future> => <handler>` branch besides `else`")
    };
    (@parse [$biased:tt] [$($count:tt)*] [$($branches:tt)*] else => $else:block $(,)?) => {
        $crate::__select!(@emit [$biased] [$($count)*] [$($branches)*] [$else])
    };
    (@parse [$biased:tt] [$($count:tt)*] [$($branches:tt)*] else => $else:expr $(,)?) => {
        $crate::__select!(@emit [$biased] [$($count)*] [$($branches)*] [{ $else }])
    };
    (@parse [$biased:tt] [$($count:tt)*] [$($branches:tt)*] else => $($rest:tt)*) => {
        ::core::compile_error!("select!: the `else` branch must be the last branch, and there can be only one")
    };
    (@parse [$biased:tt] [$($count:tt)*] [$($branches:tt)*]) => {
        $crate::__select!(@emit [$biased] [$($count)*] [$($branches)*]
            [{ $crate::macros::support::all_branches_disabled() }])
    };

    // ---- one branch: `pattern = future, if precondition => handler` ---------
    (@parse [$biased:tt] [$($count:tt)*] [$($branches:tt)*]
        $p:pat = $f:expr, if $c:expr => $h:block, $($rest:tt)*) => {
        $crate::__select!(@parse [$biased] [$($count)* + 1]
            [$($branches)* { [$($count)*] fut en out ($p) ($f) ($c) ($h) }] $($rest)*)
    };
    (@parse [$biased:tt] [$($count:tt)*] [$($branches:tt)*]
        $p:pat = $f:expr, if $c:expr => $h:block $($rest:tt)*) => {
        $crate::__select!(@parse [$biased] [$($count)* + 1]
            [$($branches)* { [$($count)*] fut en out ($p) ($f) ($c) ($h) }] $($rest)*)
    };
    (@parse [$biased:tt] [$($count:tt)*] [$($branches:tt)*]
        $p:pat = $f:expr, if $c:expr => $h:expr, $($rest:tt)*) => {
        $crate::__select!(@parse [$biased] [$($count)* + 1]
            [$($branches)* { [$($count)*] fut en out ($p) ($f) ($c) ({ $h }) }] $($rest)*)
    };
    (@parse [$biased:tt] [$($count:tt)*] [$($branches:tt)*]
        $p:pat = $f:expr, if $c:expr => $h:expr) => {
        $crate::__select!(@parse [$biased] [$($count)* + 1]
            [$($branches)* { [$($count)*] fut en out ($p) ($f) ($c) ({ $h }) }])
    };

    // ---- one branch: `pattern = future => handler` ---------------------------
    (@parse [$biased:tt] [$($count:tt)*] [$($branches:tt)*]
        $p:pat = $f:expr => $h:block, $($rest:tt)*) => {
        $crate::__select!(@parse [$biased] [$($count)* + 1]
            [$($branches)* { [$($count)*] fut en out ($p) ($f) (true) ($h) }] $($rest)*)
    };
    (@parse [$biased:tt] [$($count:tt)*] [$($branches:tt)*]
        $p:pat = $f:expr => $h:block $($rest:tt)*) => {
        $crate::__select!(@parse [$biased] [$($count)* + 1]
            [$($branches)* { [$($count)*] fut en out ($p) ($f) (true) ($h) }] $($rest)*)
    };
    (@parse [$biased:tt] [$($count:tt)*] [$($branches:tt)*]
        $p:pat = $f:expr => $h:expr, $($rest:tt)*) => {
        $crate::__select!(@parse [$biased] [$($count)* + 1]
            [$($branches)* { [$($count)*] fut en out ($p) ($f) (true) ({ $h }) }] $($rest)*)
    };
    (@parse [$biased:tt] [$($count:tt)*] [$($branches:tt)*]
        $p:pat = $f:expr => $h:expr) => {
        $crate::__select!(@parse [$biased] [$($count)* + 1]
            [$($branches)* { [$($count)*] fut en out ($p) ($f) (true) ({ $h }) }])
    };

    // ---- anything else is malformed --------------------------------------
    (@parse [$biased:tt] [$($count:tt)*] [$($branches:tt)*] $($rest:tt)+) => {
        ::core::compile_error!(::core::concat!(
            "select!: expected `<pattern> = <future> => <handler>,` ",
            "(optionally `<pattern> = <future>, if <precondition> => <handler>,`) ",
            "or a final `else => <expression>`, found `",
            ::core::stringify!($($rest)+),
            "`"
        ))
    };

    // ---- expansion -------------------------------------------------------
    (@emit [$biased:tt] [$($count:tt)*]
        [$({ [$($index:tt)*] $fut:ident $en:ident $out:ident
             ($p:pat) ($f:expr) ($c:expr) ($h:block) })+]
        [$else:block]) => {{
        // The winner's output, one slot per branch. They outlive the block
        // below, which owns the futures: leaving that block drops every
        // branch future before any handler runs.
        $( let mut $out = $crate::macros::support::None; )+
        {
            // 1. Every precondition, in order; `false` disables the branch.
            $( let mut $en: bool = $c; )+
            // 2. Every future, in order, disabled branches included; pinned
            //    in place, never moved again.
            $(
                let mut $fut = $crate::macros::support::pin_place!(
                    $crate::macros::support::IntoFuture::into_future($f)
                );
            )+
            let branches: u32 = $($count)*;
            // 3. Race the enabled branches.
            $crate::macros::support::poll_fn(|cx| {
                let start: u32 = if $biased {
                    0
                } else {
                    $crate::macros::support::thread_rng_n(branches)
                };
                let mut pending = false;
                for offset in 0..branches {
                    let mut branch = start + offset;
                    if branch >= branches {
                        branch -= branches;
                    }
                    $(
                        if branch == $($index)* {
                            if $en {
                                if let $crate::macros::support::Poll::Ready(value) =
                                    $crate::macros::support::Future::poll($fut.as_mut(), cx)
                                {
                                    // A finished future is never polled again.
                                    $en = false;
                                    // Does the output match the pattern? Tested in
                                    // a guard that always fails, so nothing is bound
                                    // by move and `value` stays whole. (`value` is a
                                    // local of the closure: were it a captured
                                    // place, the closure would capture it by move.)
                                    #[allow(unused_mut)]
                                    let mut value = value;
                                    let mut matched = false;
                                    match value {
                                        #[allow(unused_variables, unused_mut)]
                                        $p if {
                                            matched = true;
                                            false
                                        } => ::core::unreachable!(),
                                        _ => {}
                                    }
                                    if matched {
                                        $out = $crate::macros::support::Some(value);
                                        return $crate::macros::support::Poll::Ready(());
                                    }
                                    // No match: the branch stays disabled and the
                                    // others keep racing.
                                } else {
                                    pending = true;
                                }
                            }
                            continue;
                        }
                    )+
                }
                if pending {
                    $crate::macros::support::Poll::Pending
                } else {
                    // Every branch is disabled: no output slot is filled.
                    $crate::macros::support::Poll::Ready(())
                }
            })
            .await;
        }
        // 4. The handler of the winner, outside any closure or loop of ours,
        //    so `break`, `continue`, `return`, `?` and `.await` mean what they
        //    mean around the `select!`.
        $(
            if let $crate::macros::support::Some($p) = $out $h else
        )+
        $else
    }};
}
