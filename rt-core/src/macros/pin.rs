/// Pins values on the stack.
///
/// Calls to `async fn` return futures that are `!Unpin`: they must be pinned
/// before they can be polled. `.await` pins for you, but consumes the future;
/// to await a future through `&mut` (to race it again and again in a
/// [`select!`](crate::select!) loop, or to hand it to code that needs
/// `Unpin`), pin it first. `pin!` pins on the stack, without allocating (the
/// alternative is `Box::pin`).
///
/// Three forms are accepted:
///
/// * `pin!(a, b);` takes local variables by name, moves each into a pinned
///   place and shadows it with a `Pin<&mut _>` of the same name. The
///   original value can never be reached (and so never moved) again.
/// * `pin! { let a = expr; let b = expr; }` declares and pins in one go.
/// * `let a = pin!(expr);` pins the value of an expression and evaluates to
///   a `Pin<&mut _>` of it, like [`std::pin::pin!`]. For an expression that
///   is a lone variable name, the first form applies instead; use it as a
///   statement, `pin!(name);`.
///
/// In expression position a lone name does not compile (it selects the
/// shadowing form, which is a statement):
///
/// ```compile_fail
/// async fn f() {
///     let x = std::future::ready(1);
///     let p = rt_core::pin!(x);
///     let _ = p.await;
/// }
/// ```
///
/// # Examples
///
/// Without pinning, `(&mut future).await` does not compile:
///
/// ```compile_fail
/// async fn my_async_fn() {}
///
/// async fn demo() {
///     let mut future = my_async_fn();
///     (&mut future).await;
/// }
/// ```
///
/// Pinning the local makes it work:
///
/// ```
/// # use rt_core as rt;
/// # rt::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// async fn my_async_fn() -> u8 {
///     3
/// }
///
/// let future = my_async_fn();
/// rt::pin!(future);
/// assert_eq!((&mut future).await, 3);
/// # });
/// ```
///
/// Racing the same future across the turns of a loop:
///
/// ```
/// # use rt_core as rt;
/// # rt::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// async fn work() -> &'static str {
///     for _ in 0..3 {
///         rt::task::yield_now().await;
///     }
///     "finished"
/// }
///
/// rt::pin! {
///     let work = work();
/// }
/// let mut turns = 0;
/// let out = loop {
///     turns += 1;
///     rt::select! {
///         out = &mut work => break out,
///         _ = rt::task::yield_now() => {}
///     }
/// };
/// assert_eq!(out, "finished");
/// assert!(turns >= 1);
/// # });
/// ```
///
/// The expression form:
///
/// ```
/// # use rt_core as rt;
/// # rt::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// use std::pin::Pin;
///
/// let mut future = rt::pin!(async { 5 });
/// let _: Pin<&mut _> = future.as_mut();
/// assert_eq!((&mut future).await, 5);
/// # });
/// ```
#[macro_export]
macro_rules! pin {
    ($($name:ident),* $(,)?) => {
        $(
            // Moved into a temporary whose lifetime `let` extends to the
            // enclosing block; the shadowing makes the old binding
            // unreachable, so the value is never moved again.
            #[allow(unused_mut)]
            let mut $name = $crate::macros::support::pin_place!($name);
        )*
    };
    ($(let $name:ident = $init:expr;)*) => {
        $(
            #[allow(unused_mut)]
            let mut $name = $crate::macros::support::pin_place!($init);
        )*
    };
    ($value:expr $(,)?) => {
        $crate::macros::support::pin_place!($value)
    };
}
