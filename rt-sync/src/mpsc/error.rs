//! Errors of the [`mpsc`](super) channels.
//!
//! ```
//! use rt_sync::mpsc::{self, error::{SendError, TryRecvError, TrySendError}};
//!
//! let (tx, mut rx) = mpsc::channel(1);
//! assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
//! tx.try_send(1).unwrap();
//! assert_eq!(tx.try_send(2), Err(TrySendError::Full(2)));
//! rx.close();
//! assert_eq!(tx.try_send(3), Err(TrySendError::Closed(3)));
//! assert_eq!(rx.try_recv(), Ok(1), "buffered values survive the close");
//! assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
//! assert_eq!(tx.blocking_send(4), Err(SendError(4)));
//! ```

use std::fmt;

/// Error returned by `send` (and `reserve`, as `SendError<()>`): the
/// receiver was closed or dropped. Holds the value that was not sent.
///
/// # Examples
///
/// ```
/// use rt_sync::mpsc::{self, error::SendError};
///
/// let (tx, rx) = mpsc::unbounded_channel();
/// drop(rx);
/// assert_eq!(tx.send(5), Err(SendError(5)));
/// ```
#[derive(PartialEq, Eq, Clone, Copy)]
pub struct SendError<T>(pub T);

impl<T> fmt::Debug for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendError").finish_non_exhaustive()
    }
}

impl<T> fmt::Display for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "channel closed")
    }
}

impl<T> std::error::Error for SendError<T> {}

/// Error returned by `try_send` (and `try_reserve*`): the channel is full or
/// closed. Holds the value that was not sent.
///
/// # Examples
///
/// ```
/// use rt_sync::mpsc::{self, error::TrySendError};
///
/// let (tx, _rx) = mpsc::channel(1);
/// tx.try_send(1).unwrap();
/// let err = tx.try_send(2).unwrap_err();
/// assert!(err.is_full());
/// assert_eq!(err.into_inner(), 2);
/// ```
#[derive(PartialEq, Eq, Clone, Copy)]
pub enum TrySendError<T> {
    /// The channel has no free capacity now.
    Full(T),
    /// The receiver was closed or dropped.
    Closed(T),
}

impl<T> TrySendError<T> {
    /// Returns the value that could not be sent.
    ///
    /// ```
    /// let err = rt_sync::mpsc::error::TrySendError::Closed(3);
    /// assert_eq!(err.into_inner(), 3);
    /// ```
    pub fn into_inner(self) -> T {
        match self {
            TrySendError::Full(value) | TrySendError::Closed(value) => value,
        }
    }

    /// Returns `true` if the channel was full.
    ///
    /// ```
    /// assert!(rt_sync::mpsc::error::TrySendError::Full(()).is_full());
    /// ```
    pub fn is_full(&self) -> bool {
        matches!(self, TrySendError::Full(_))
    }

    /// Returns `true` if the receiver was closed or dropped.
    ///
    /// ```
    /// assert!(rt_sync::mpsc::error::TrySendError::Closed(()).is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        matches!(self, TrySendError::Closed(_))
    }
}

impl<T> fmt::Debug for TrySendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrySendError::Full(_) => write!(f, "Full(..)"),
            TrySendError::Closed(_) => write!(f, "Closed(..)"),
        }
    }
}

impl<T> fmt::Display for TrySendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrySendError::Full(_) => write!(f, "no available capacity"),
            TrySendError::Closed(_) => write!(f, "channel closed"),
        }
    }
}

impl<T> std::error::Error for TrySendError<T> {}

impl<T> From<SendError<T>> for TrySendError<T> {
    fn from(err: SendError<T>) -> TrySendError<T> {
        TrySendError::Closed(err.0)
    }
}

/// Error returned by `try_recv`.
///
/// # Examples
///
/// ```
/// use rt_sync::mpsc::{self, error::TryRecvError};
///
/// let (tx, mut rx) = mpsc::unbounded_channel::<u8>();
/// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
/// drop(tx);
/// assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
/// ```
#[derive(PartialEq, Eq, Clone, Copy, Debug)]
pub enum TryRecvError {
    /// No message is buffered now, but more may come.
    Empty,
    /// No message is buffered and none can come: every sender is gone, or
    /// the receiver was closed and every outstanding permit is used up.
    Disconnected,
}

impl fmt::Display for TryRecvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TryRecvError::Empty => write!(f, "receiving on an empty channel"),
            TryRecvError::Disconnected => write!(f, "receiving on a closed channel"),
        }
    }
}

impl std::error::Error for TryRecvError {}

/// Error of [`Sender::send_timeout`](super::Sender::send_timeout): the value
/// comes back in either case.
///
/// ```
/// use rt_sync::mpsc::{self, error::SendTimeoutError};
/// use std::time::Duration;
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_time::driver_layer(false))
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     let (tx, rx) = mpsc::channel(1);
///     tx.send("first").await.unwrap();
///     // Full, and nobody receives: the timeout expires.
///     let err = tx.send_timeout("second", Duration::from_millis(5)).await.unwrap_err();
///     assert!(matches!(err, SendTimeoutError::Timeout("second")));
///     drop(rx);
///     // Receiver gone: closed, whatever the timeout.
///     let err = tx.send_timeout("third", Duration::from_secs(60)).await.unwrap_err();
///     assert!(matches!(err, SendTimeoutError::Closed("third")));
///     assert_eq!(err.to_string(), "channel closed");
/// });
/// ```
#[cfg(feature = "time")]
#[derive(PartialEq, Eq, Clone, Copy)]
pub enum SendTimeoutError<T> {
    /// No capacity freed up within the timeout.
    Timeout(T),
    /// The receiver was dropped or closed.
    Closed(T),
}

#[cfg(feature = "time")]
impl<T> SendTimeoutError<T> {
    /// The value that could not be sent.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(rt_time::driver_layer(false))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     let (tx, _rx) = rt_sync::mpsc::channel(1);
    ///     tx.send(1).await.unwrap();
    ///     let err = tx.send_timeout(2, Duration::from_millis(1)).await.unwrap_err();
    ///     assert_eq!(err.into_inner(), 2, "the value comes back");
    /// });
    /// ```
    pub fn into_inner(self) -> T {
        match self {
            SendTimeoutError::Timeout(v) | SendTimeoutError::Closed(v) => v,
        }
    }
}

#[cfg(feature = "time")]
impl<T> fmt::Debug for SendTimeoutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendTimeoutError::Timeout(_) => f.write_str("Timeout(..)"),
            SendTimeoutError::Closed(_) => f.write_str("Closed(..)"),
        }
    }
}

#[cfg(feature = "time")]
impl<T> fmt::Display for SendTimeoutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SendTimeoutError::Timeout(_) => "timed out waiting on send operation",
            SendTimeoutError::Closed(_) => "channel closed",
        })
    }
}

#[cfg(feature = "time")]
impl<T> std::error::Error for SendTimeoutError<T> {}
