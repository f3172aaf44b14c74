//! Asynchronous sequences of values: the [`Stream`] trait, a small
//! [`StreamExt`], and [`wrappers`] that turn rt's receivers, timers,
//! listeners, readers and directory listings into streams.
//!
//! Tokio keeps these in the separate `tokio-stream` crate; rt ships them
//! here, under the same names (`tokio_stream::wrappers::ReceiverStream`
//! is `rt::stream::wrappers::ReceiverStream`). [`Stream`] is
//! `futures_core::Stream`, so every combinator crate works with these
//! streams, and these helpers work with every stream.
//!
//! [`StreamExt`] has only what a runtime user needs without another crate:
//! [`next`](StreamExt::next) and [`try_next`](StreamExt::try_next). For
//! `map`, `filter`, `take`, `collect` and the rest, use
//! `futures::StreamExt` (or `tokio-stream`'s, or `futures-lite`'s).
//!
//! Each wrapper is available with the feature of the type it wraps:
//!
//! | wrapper | wraps | item | feature |
//! |---|---|---|---|
//! | `ReceiverStream<T>` | `sync::mpsc::Receiver<T>` | `T` | `sync` |
//! | `UnboundedReceiverStream<T>` | `sync::mpsc::UnboundedReceiver<T>` | `T` | `sync` |
//! | `BroadcastStream<T>` | `sync::broadcast::Receiver<T>` | `Result<T, BroadcastStreamRecvError>` | `sync` |
//! | `WatchStream<T>` | `sync::watch::Receiver<T>` | `T` | `sync` |
//! | `IntervalStream` | `time::Interval` | `time::Instant` | `time` |
//! | `TcpListenerStream` | `net::TcpListener` | `io::Result<TcpStream>` | `net` |
//! | `UnixListenerStream` | `net::UnixListener` | `io::Result<UnixStream>` | `net` (Unix) |
//! | `LinesStream<R>` | `io::Lines<R>` | `io::Result<String>` | `io-util` |
//! | `SplitStream<R>` | `io::Split<R>` | `io::Result<Vec<u8>>` | `io-util` |
//! | `ReadDirStream` | `fs::ReadDir` | `io::Result<DirEntry>` | `fs` |
//! | `SignalStream` | `signal::unix::Signal` | `()` | `signal` (Unix) |
//!
//! # Examples
//!
//! ```
//! use rt::stream::wrappers::ReceiverStream;
//! use rt::stream::StreamExt;
//!
//! # #[rt::main(flavor = "current_thread")]
//! # async fn main() {
//! let (tx, rx) = rt::sync::mpsc::channel(4);
//! rt::spawn(async move {
//!     for i in 0..3 {
//!         tx.send(i).await.unwrap();
//!     }
//! });
//! let mut numbers = ReceiverStream::new(rx);
//! let mut sum = 0;
//! while let Some(n) = numbers.next().await {
//!     sum += n;
//! }
//! assert_eq!(sum, 3); // ends once the sender is dropped
//! # }
//! ```

mod stream_ext;
pub mod wrappers;

pub use futures_core::Stream;
pub use stream_ext::{Next, StreamExt, TryNext};
