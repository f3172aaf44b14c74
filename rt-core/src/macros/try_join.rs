/// Waits on several concurrent futures that return `Result`, returning `Ok`
/// of a tuple of all their values, or the **first** `Err`.
///
/// `try_join!(a, b, c)` evaluates each expression (anything that implements
/// [`IntoFuture`] with a `Result<T, E>` output; the error type `E` must be
/// the same for all of them), then polls the futures concurrently on the
/// current task. As soon as one completes with `Err(e)`, the remaining
/// futures are dropped and the macro evaluates to `Err(e)`; if all complete
/// with `Ok`, it evaluates to `Ok((v1, v2, v3))`. `try_join!()` evaluates to
/// `Ok(())`.
///
/// Like [`join!`](crate::join!), the futures run concurrently on the current
/// task, not in parallel; the start of each poll rotates so every future
/// regularly goes first, and `biased;` polls them in the order written.
///
/// # Examples
///
/// ```
/// # use rt_core as rt;
/// # rt::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// async fn parse(text: &str) -> Result<u32, std::num::ParseIntError> {
///     rt::task::yield_now().await;
///     text.parse()
/// }
///
/// let all = rt::try_join!(parse("1"), parse("22"), parse("333"));
/// assert_eq!(all, Ok((1, 22, 333)));
///
/// let first_error = rt::try_join!(parse("1"), parse("two"), parse("3"));
/// assert!(first_error.is_err());
/// # });
/// ```
///
/// The first error stops the others, which are dropped without completing:
///
/// ```
/// # use rt_core as rt;
/// # rt::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let forever = async {
///     std::future::pending::<()>().await;
///     Ok::<u32, &str>(0)
/// };
/// let fails = async { Err::<u32, &str>("boom") };
/// assert_eq!(rt::try_join!(forever, fails), Err("boom"));
/// # });
/// ```
///
/// [`IntoFuture`]: std::future::IntoFuture
#[macro_export]
macro_rules! try_join {
    ($($input:tt)*) => {
        $crate::__join!(@entry [try_join] $($input)*)
    };
}
