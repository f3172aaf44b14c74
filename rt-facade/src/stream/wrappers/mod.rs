//! Streams over rt's types: the names and behaviour of
//! `tokio_stream::wrappers`.
//!
//! Each wrapper owns the value it wraps and polls it through that type's
//! own poll method (`mpsc::Receiver::poll_recv`, `Interval::poll_tick`,
//! `TcpListener::poll_accept`, `broadcast::Receiver::poll_recv`,
//! `watch::Receiver::poll_changed`, ...), so no wrapper allocates per
//! item. Every wrapper has `new`, `into_inner`, `From` the wrapped type,
//! `Debug`, and `AsRef`/`AsMut` to reach the wrapped value.
//!
//! Each is available with the feature of the type it wraps; see the table
//! in [`stream`](super).
//!
//! # Examples
//!
//! ```
//! use futures::StreamExt;
//! use rt::stream::wrappers::{IntervalStream, ReceiverStream};
//! use rt::time::{interval, Duration};
//!
//! # #[rt::main(flavor = "current_thread", start_paused = true)]
//! # async fn main() {
//! let (tx, rx) = rt::sync::mpsc::channel(4);
//! let mut ticks = IntervalStream::new(interval(Duration::from_millis(10)));
//! rt::spawn(async move {
//!     for i in 0..3 {
//!         ticks.next().await;
//!         tx.send(i).await.unwrap();
//!     }
//! });
//! assert_eq!(ReceiverStream::new(rx).collect::<Vec<_>>().await, [0, 1, 2]);
//! # }
//! ```

#[cfg(feature = "sync")]
mod broadcast;
#[cfg(feature = "sync")]
mod mpsc_bounded;
#[cfg(feature = "sync")]
mod mpsc_unbounded;
#[cfg(feature = "sync")]
mod watch;

#[cfg(feature = "time")]
mod interval;

#[cfg(feature = "net")]
mod tcp_listener;
#[cfg(all(unix, feature = "net"))]
mod unix_listener;

#[cfg(feature = "io-util")]
mod lines;
#[cfg(feature = "io-util")]
mod split;

#[cfg(feature = "fs")]
mod read_dir;

#[cfg(all(unix, feature = "signal"))]
mod signal;

#[cfg(feature = "sync")]
#[cfg_attr(docsrs, doc(cfg(feature = "sync")))]
pub use broadcast::BroadcastStream;
#[cfg(feature = "sync")]
#[cfg_attr(docsrs, doc(cfg(feature = "sync")))]
pub use mpsc_bounded::ReceiverStream;
#[cfg(feature = "sync")]
#[cfg_attr(docsrs, doc(cfg(feature = "sync")))]
pub use mpsc_unbounded::UnboundedReceiverStream;
#[cfg(feature = "sync")]
#[cfg_attr(docsrs, doc(cfg(feature = "sync")))]
pub use watch::WatchStream;

#[cfg(feature = "time")]
#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
pub use interval::IntervalStream;

#[cfg(feature = "net")]
#[cfg_attr(docsrs, doc(cfg(feature = "net")))]
pub use tcp_listener::TcpListenerStream;
#[cfg(all(unix, feature = "net"))]
#[cfg_attr(docsrs, doc(cfg(all(unix, feature = "net"))))]
pub use unix_listener::UnixListenerStream;

#[cfg(feature = "io-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "io-util")))]
pub use lines::LinesStream;
#[cfg(feature = "io-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "io-util")))]
pub use split::SplitStream;

#[cfg(feature = "fs")]
#[cfg_attr(docsrs, doc(cfg(feature = "fs")))]
pub use read_dir::ReadDirStream;

/// Errors the wrappers yield as items.
///
/// ```
/// use futures::StreamExt;
/// use rt::stream::wrappers::{errors::BroadcastStreamRecvError, BroadcastStream};
///
/// # #[rt::main(flavor = "current_thread")]
/// # async fn main() {
/// let (tx, rx) = rt::sync::broadcast::channel(2);
/// for i in 0..3 {
///     tx.send(i).unwrap(); // the third send overwrites the first value
/// }
/// drop(tx);
/// let items: Vec<_> = BroadcastStream::new(rx).collect().await;
/// assert_eq!(items, [Err(BroadcastStreamRecvError::Lagged(1)), Ok(1), Ok(2)]);
/// # }
/// ```
#[cfg(feature = "sync")]
#[cfg_attr(docsrs, doc(cfg(feature = "sync")))]
pub mod errors {
    pub use super::broadcast::BroadcastStreamRecvError;
}

#[cfg(all(unix, feature = "signal"))]
#[cfg_attr(docsrs, doc(cfg(all(unix, feature = "signal"))))]
pub use signal::SignalStream;
