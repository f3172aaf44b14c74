//! Time error types.

use std::fmt;
use std::io;

/// Error returned by [`Timeout`](crate::Timeout) when its deadline passes
/// before the future completes.
///
/// Converts into an `std::io::Error` of kind `TimedOut`.
///
/// # Examples
///
/// ```
/// use rt_time::{timeout, Duration};
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_time::driver_layer(false))
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     let err = timeout(Duration::from_millis(1), std::future::pending::<()>())
///         .await
///         .unwrap_err();
///     assert_eq!(err.to_string(), "deadline has elapsed");
///     let io: std::io::Error = err.into();
///     assert_eq!(io.kind(), std::io::ErrorKind::TimedOut);
/// });
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elapsed(());

impl Elapsed {
    pub(crate) fn new() -> Elapsed {
        Elapsed(())
    }
}

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("deadline has elapsed")
    }
}

impl std::error::Error for Elapsed {}

impl From<Elapsed> for io::Error {
    fn from(err: Elapsed) -> io::Error {
        io::Error::new(io::ErrorKind::TimedOut, err)
    }
}
