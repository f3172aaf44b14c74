//! Time error types: [`Elapsed`] (a [`Timeout`](crate::Timeout) whose
//! deadline passed) and [`Error`] (the timer itself failed).
//!
//! ```
//! use rt_time::error::Elapsed;
//! use std::time::Duration;
//!
//! let rt = rt_core::runtime::Builder::new_current_thread()
//!     .driver_layer(rt_time::driver_layer(false))
//!     .build()
//!     .unwrap();
//! rt.block_on(async {
//!     let slow = rt_time::sleep(Duration::from_secs(60));
//!     let err: Elapsed = rt_time::timeout(Duration::from_millis(1), slow).await.unwrap_err();
//!     // `Elapsed` converts into `io::Error` for `?` in I/O code.
//!     let io: std::io::Error = err.into();
//!     assert_eq!(io.kind(), std::io::ErrorKind::TimedOut);
//! });
//! ```

use std::fmt;
use std::io;

/// An error of the timer itself: the driver shut down, is at capacity, or
/// was given a duration it cannot represent.
///
/// The same type as Tokio's `tokio::time::error::Error`:
///
/// * **shutdown** is permanent: the runtime that owns the timer has shut
///   down (or been dropped), so no timer operation on it will ever
///   complete. rt reports it by panicking when such a timer is polled;
///   the panic message starts with this error's message.
/// * **at capacity** is transient: the timer holds as many entries as it
///   can and a later attempt may succeed. rt's wheel is intrusive (each
///   timer carries its own entry) and has no capacity limit, so rt never
///   reports it; the constructor exists for code written against Tokio's
///   API (mocks, error mapping).
/// * **invalid**: the duration cannot be represented by the timer. rt
///   saturates such deadlines instead (about 30 years ahead; see
///   [`sleep`](crate::sleep())), so rt never reports it either.
///
/// # Examples
///
/// ```
/// use rt_time::error::Error;
///
/// let err = Error::shutdown();
/// assert!(err.is_shutdown());
/// assert!(!err.is_at_capacity() && !err.is_invalid());
/// assert_eq!(err, Error::shutdown());
/// assert_ne!(err, Error::invalid());
/// assert_eq!(
///     err.to_string(),
///     "the timer is shut down: its runtime is shutting down or gone"
/// );
///
/// // Copy, and usable as a boxed `std::error::Error`.
/// let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err);
/// assert!(boxed.to_string().contains("shut down"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Error(Kind);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Shutdown,
    AtCapacity,
    Invalid,
}

impl Error {
    /// An error for a timer whose runtime has shut down (permanent).
    ///
    /// ```
    /// assert!(rt_time::error::Error::shutdown().is_shutdown());
    /// ```
    pub fn shutdown() -> Error {
        Error(Kind::Shutdown)
    }

    /// Returns `true` if the timer failed because its runtime shut down.
    ///
    /// ```
    /// use rt_time::error::Error;
    ///
    /// assert!(Error::shutdown().is_shutdown());
    /// assert!(!Error::invalid().is_shutdown());
    /// ```
    pub fn is_shutdown(&self) -> bool {
        self.0 == Kind::Shutdown
    }

    /// An error for a timer at capacity (transient: retrying later may
    /// succeed). rt's timer has no capacity limit and never returns it.
    ///
    /// ```
    /// let err = rt_time::error::Error::at_capacity();
    /// assert!(err.is_at_capacity());
    /// assert_eq!(err.to_string(), "the timer is at capacity and cannot add an entry");
    /// ```
    pub fn at_capacity() -> Error {
        Error(Kind::AtCapacity)
    }

    /// Returns `true` if the timer failed because it was at capacity.
    ///
    /// ```
    /// use rt_time::error::Error;
    ///
    /// assert!(Error::at_capacity().is_at_capacity());
    /// assert!(!Error::shutdown().is_at_capacity());
    /// ```
    pub fn is_at_capacity(&self) -> bool {
        self.0 == Kind::AtCapacity
    }

    /// An error for a duration the timer cannot represent. rt saturates
    /// such deadlines instead and never returns it.
    ///
    /// ```
    /// let err = rt_time::error::Error::invalid();
    /// assert!(err.is_invalid());
    /// assert_eq!(err.to_string(), "the timer duration exceeds the longest it supports");
    /// ```
    pub fn invalid() -> Error {
        Error(Kind::Invalid)
    }

    /// Returns `true` if the timer failed because of an invalid duration.
    ///
    /// ```
    /// use rt_time::error::Error;
    ///
    /// assert!(Error::invalid().is_invalid());
    /// assert!(!Error::at_capacity().is_invalid());
    /// ```
    pub fn is_invalid(&self) -> bool {
        self.0 == Kind::Invalid
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            Kind::Shutdown => "the timer is shut down: its runtime is shutting down or gone",
            Kind::AtCapacity => "the timer is at capacity and cannot add an entry",
            Kind::Invalid => "the timer duration exceeds the longest it supports",
        })
    }
}

impl std::error::Error for Error {}

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
