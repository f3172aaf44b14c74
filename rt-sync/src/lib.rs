//! Async channels, locks and notifications for rt.
//!
//! This crate is `rt::sync`: the same API as Tokio 1.x's `tokio::sync`, and
//! usable under any executor (the futures here need nothing from the runtime
//! except the cooperative budget of [`rt_core::coop`], which is unlimited
//! outside an rt runtime).
//!
//! | Primitive | What it is for |
//! |-----------|----------------|
//! | [`oneshot`] | send one value from one task to another |
//! | [`mpsc`] | many producers, one consumer; bounded or unbounded |
//! | [`broadcast`] | many producers, many consumers; every receiver gets every value |
//! | [`watch`] | one producer, many consumers; only the latest value is kept |
//! | [`Semaphore`] | a fair (FIFO) pool of permits |
//! | [`Mutex`] | a fair async mutex whose guard may be held across `.await` |
//! | [`RwLock`] | a fair, write-preferring async reader-writer lock |
//! | [`Notify`] | wake one task, or all of them, without data |
//! | [`Barrier`] | wait until `n` tasks have arrived |
//! | [`OnceCell`] | a value initialized once, by one of many async initializers |
//! | [`SetOnce`] | a value set once, that tasks can wait for |
//! | [`CancellationToken`] | a tree of cancellation signals (Tokio keeps it in `tokio-util`) |
//!
//! # Examples
//!
//! Workers share a counter behind a [`Mutex`] and report back on an
//! [`mpsc`] channel; a [`oneshot`] carries the total:
//!
//! ```
//! use rt_sync::{mpsc, oneshot, Mutex};
//! use std::sync::Arc;
//!
//! let rt = rt_core::runtime::Builder::new_multi_thread().worker_threads(2).build().unwrap();
//! rt.block_on(async {
//!     let counter = Arc::new(Mutex::new(0u32));
//!     let (done_tx, mut done_rx) = mpsc::channel(4);
//!     for _ in 0..4 {
//!         let (counter, done_tx) = (counter.clone(), done_tx.clone());
//!         rt_core::spawn(async move {
//!             *counter.lock().await += 1;
//!             done_tx.send(()).await.unwrap();
//!         });
//!     }
//!     drop(done_tx);
//!     let (total_tx, total_rx) = oneshot::channel();
//!     rt_core::spawn(async move {
//!         while done_rx.recv().await.is_some() {}
//!         total_tx.send(*counter.lock().await).unwrap();
//!     });
//!     assert_eq!(total_rx.await.unwrap(), 4);
//! });
//! ```
//!
//! # Cancel safety
//!
//! Which async methods may be used as a branch of `select!` and cancelled
//! without losing anything:
//!
//! | Method | Cancel safe |
//! |--------|-------------|
//! | [`oneshot::Receiver`] (awaiting `&mut rx`) | yes |
//! | [`oneshot::Sender::closed`] | yes |
//! | [`mpsc::Receiver::recv`], [`mpsc::Receiver::recv_many`] | yes |
//! | [`mpsc::UnboundedReceiver::recv`], [`mpsc::UnboundedReceiver::recv_many`] | yes |
//! | [`mpsc::Sender::send`] | no: the message is lost, and the place in the queue |
//! | [`mpsc::Sender::reserve`], [`mpsc::Sender::reserve_owned`], [`mpsc::Sender::reserve_many`] | yes, but the place in the queue is lost |
//! | [`mpsc::Sender::closed`], [`mpsc::UnboundedSender::closed`] | yes |
//! | [`Semaphore::acquire`] and its variants | yes, but the place in the queue is lost |
//! | [`Mutex::lock`], [`Mutex::lock_owned`] | yes, but the place in the queue is lost |
//! | [`Notify::notified`], [`Notify::notified_owned`] | yes, but the place in the queue is lost |
//! | [`RwLock::read`], [`RwLock::write`] and their `_owned` variants | yes, but the place in the queue is lost |
//! | [`broadcast::Receiver::recv`] | yes |
//! | [`watch::Receiver::changed`], [`watch::Receiver::wait_for`] | yes |
//! | [`watch::Sender::closed`] | yes |
//! | [`Barrier::wait`] | no: the arrival still counts for its generation |
//! | [`OnceCell::get_or_init`], [`OnceCell::get_or_try_init`] | yes: a cancelled initializer lets the next caller initialize |
//! | [`SetOnce::wait`] | yes |
//! | [`CancellationToken::cancelled`], [`CancellationToken::cancelled_owned`] | yes |
//! | [`CancellationToken::run_until_cancelled`] and `_owned` | as cancel safe as the future it runs |
//!
//! # How waiting works
//!
//! Every primitive keeps its waiting tasks in a FIFO queue behind a short
//! `std` mutex (`util::wait_list`, or for `Notify` and the semaphore under
//! `Semaphore`, `Mutex`, `RwLock` and bounded `mpsc` the intrusive
//! `util::linked_list`, whose served waiters complete without locking
//! again); a waiting future
//! owns its place in that queue and removes it when dropped, passing on
//! anything (a permit, a notification) that was handed to it but not yet
//! observed. Fast paths that need no queue (an uncontended `try_acquire`, a
//! receive from a non-empty channel) avoid waiting entirely.
#![deny(unsafe_op_in_unsafe_fn)]

mod loom;
mod util;

pub mod broadcast;
pub mod mpsc;
pub mod oneshot;
pub mod watch;

mod barrier;
mod batch_semaphore;
mod cancellation_token;
mod mutex;
mod notify;
mod once_cell;
mod rwlock;
mod semaphore;
mod set_once;

pub use barrier::{Barrier, BarrierWaitResult};
pub use cancellation_token::{
    CancellationToken, DropGuard, DropGuardRef, WaitForCancellationFuture,
    WaitForCancellationFutureOwned,
};
pub use mutex::{
    MappedMutexGuard, Mutex, MutexGuard, OwnedMappedMutexGuard, OwnedMutexGuard, TryLockError,
};
pub use notify::Notify;
pub use once_cell::{OnceCell, SetError};
pub use rwlock::{
    OwnedRwLockMappedWriteGuard, OwnedRwLockReadGuard, OwnedRwLockWriteGuard, RwLock,
    RwLockMappedWriteGuard, RwLockReadGuard, RwLockWriteGuard,
};

/// Named future types returned by methods in this crate.
///
/// ```
/// use rt_sync::futures::Notified;
/// use rt_sync::Notify;
///
/// let notify = Notify::new();
/// // A `Notified` may be stored by name, e.g. in a struct field.
/// let notified: Notified<'_> = notify.notified();
/// notify.notify_one();
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(notified);
/// ```
pub mod futures {
    pub use crate::notify::{Notified, OwnedNotified};
}
pub use semaphore::{
    AcquireError, OwnedSemaphorePermit, Semaphore, SemaphorePermit, TryAcquireError,
};
pub use set_once::{SetOnce, SetOnceError};
