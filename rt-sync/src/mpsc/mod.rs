//! Multi-producer, single-consumer FIFO channels.
//!
//! * [`channel`] creates a **bounded** channel: when `buffer` messages are
//!   buffered, [`Sender::send`] waits until the receiver makes room. Waiting
//!   senders are served in FIFO order. Bounded channels give back-pressure
//!   and are the usual choice.
//! * [`unbounded_channel`] creates an **unbounded** channel, whose
//!   [`UnboundedSender::send`] never waits (and is not async).
//!
//! Messages from one sender arrive in the order it sent them; nothing is
//! lost or duplicated. The channel ends when every sender (not counting
//! weak senders) is dropped, or when the receiver calls `close`: the
//! receiver then drains the buffered messages and `recv` returns `None`.
//! Dropping the receiver drops every buffered message.
//!
//! The `blocking_*` methods let synchronous threads take part; they must not
//! be called from a runtime thread.
//!
//! [`Sender::send_timeout`] (feature `time`, on with the facade's `time`)
//! waits for room at most a given duration.
//!
//! # Examples
//!
//! ```
//! # fn block_on<F: std::future::Future>(f: F) -> F::Output {
//! #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
//! #     let mut f = std::pin::pin!(f);
//! #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } std::thread::yield_now(); }
//! # }
//! use rt_sync::mpsc;
//!
//! let (tx, mut rx) = mpsc::channel(16);
//! for id in 0..4 {
//!     let tx = tx.clone();
//!     std::thread::spawn(move || {
//!         for i in 0..10 {
//!             tx.blocking_send((id, i)).unwrap();
//!         }
//!     });
//! }
//! drop(tx);
//! let count = block_on(async {
//!     let mut count = 0;
//!     while let Some((_id, _i)) = rx.recv().await {
//!         count += 1;
//!     }
//!     count
//! });
//! assert_eq!(count, 40);
//! ```

mod bounded;
mod chan;
pub mod error;
mod unbounded;

pub use bounded::{channel, OwnedPermit, Permit, PermitIterator, Receiver, Sender, WeakSender};
pub use unbounded::{unbounded_channel, UnboundedReceiver, UnboundedSender, WeakUnboundedSender};
