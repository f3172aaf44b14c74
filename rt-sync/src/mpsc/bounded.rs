//! The bounded channel: senders wait for capacity.

use super::chan::{Batch, Chan, Refused};
use super::error::{SendError, TryRecvError, TrySendError};
use crate::batch_semaphore::TryAcquireError;
use crate::loom::sync::Arc;
use crate::util;
use std::fmt;
use std::task::{Context, Poll};

/// Sends values to the associated [`Receiver`]; cloneable.
///
/// Created by [`channel`]. The channel stays open while at least one
/// `Sender` exists; [`WeakSender`]s do not keep it open.
///
/// # Examples
///
/// ```
/// let (tx, mut rx) = rt_sync::mpsc::channel(4);
/// let tx2 = tx.clone();
/// std::thread::spawn(move || tx.blocking_send(1).unwrap()).join().unwrap();
/// std::thread::spawn(move || tx2.blocking_send(2).unwrap()).join().unwrap();
/// assert_eq!(rx.blocking_recv(), Some(1));
/// assert_eq!(rx.blocking_recv(), Some(2));
/// assert_eq!(rx.blocking_recv(), None); // every sender is gone
/// ```
pub struct Sender<T> {
    chan: Arc<Chan<T>>,
}

/// A sender that does not keep the channel open; [`upgrade`](WeakSender::upgrade)
/// it to send.
///
/// # Examples
///
/// ```
/// let (tx, _rx) = rt_sync::mpsc::channel::<i32>(1);
/// let weak = tx.downgrade();
/// assert!(weak.upgrade().is_some());
/// drop(tx);
/// assert!(weak.upgrade().is_none());
/// ```
pub struct WeakSender<T> {
    chan: Arc<Chan<T>>,
}

/// Receives values from the associated [`Sender`]s.
///
/// Created by [`channel`]. Dropping the receiver closes the channel and drops
/// every buffered message.
///
/// # Examples
///
/// ```
/// let (tx, mut rx) = rt_sync::mpsc::channel(2);
/// tx.try_send("a").unwrap();
/// drop(tx);
/// assert_eq!(rx.blocking_recv(), Some("a"));
/// assert_eq!(rx.blocking_recv(), None);
/// ```
pub struct Receiver<T> {
    chan: Arc<Chan<T>>,
    /// Messages taken from the channel in one critical section and not
    /// yet returned (chan.rs rule 8).
    batch: Batch<T>,
}

/// Capacity for one message, reserved by [`Sender::reserve`] or
/// [`Sender::try_reserve`]. Dropping it unused gives the capacity back.
///
/// # Examples
///
/// ```
/// let (tx, mut rx) = rt_sync::mpsc::channel(1);
/// let permit = tx.try_reserve().unwrap();
/// assert!(tx.try_send(1).is_err()); // capacity is reserved
/// permit.send(2);
/// assert_eq!(rx.try_recv(), Ok(2));
/// ```
pub struct Permit<'a, T> {
    chan: &'a Chan<T>,
}

/// Capacity for one message that owns its [`Sender`], reserved by
/// [`Sender::reserve_owned`] or [`Sender::try_reserve_owned`].
///
/// # Examples
///
/// ```
/// let (tx, mut rx) = rt_sync::mpsc::channel(1);
/// let permit = tx.try_reserve_owned().unwrap();
/// let tx = permit.send(5); // the sender comes back
/// assert_eq!(rx.try_recv(), Ok(5));
/// # drop(tx);
/// ```
pub struct OwnedPermit<T> {
    /// `None` once consumed by `send` or `release`.
    sender: Option<Sender<T>>,
}

/// An iterator of [`Permit`]s, from [`Sender::reserve_many`] or
/// [`Sender::try_reserve_many`]. Permits not taken out are given back when it
/// drops.
///
/// # Examples
///
/// ```
/// let (tx, mut rx) = rt_sync::mpsc::channel(3);
/// let permits = tx.try_reserve_many(2).unwrap();
/// assert_eq!(permits.len(), 2);
/// for (i, permit) in permits.enumerate() {
///     permit.send(i);
/// }
/// assert_eq!(rx.try_recv(), Ok(0));
/// assert_eq!(rx.try_recv(), Ok(1));
/// ```
pub struct PermitIterator<'a, T> {
    chan: &'a Chan<T>,
    n: usize,
}

/// Creates a bounded channel with room for `buffer` messages.
///
/// Once `buffer` messages are buffered (or reserved), `send` waits, in FIFO
/// order, until the receiver makes room.
///
/// # Panics
///
/// Panics if `buffer` is 0, or larger than
/// [`Semaphore::MAX_PERMITS`](crate::Semaphore::MAX_PERMITS).
///
/// # Examples
///
/// ```
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } std::thread::yield_now(); }
/// # }
/// let (tx, mut rx) = rt_sync::mpsc::channel(8);
/// std::thread::spawn(move || {
///     for i in 0..10 {
///         tx.blocking_send(i).unwrap();
///     }
/// });
/// let received: Vec<i32> = block_on(async {
///     let mut all = Vec::new();
///     while let Some(i) = rx.recv().await {
///         all.push(i);
///     }
///     all
/// });
/// assert_eq!(received, (0..10).collect::<Vec<_>>());
/// ```
#[track_caller]
pub fn channel<T>(buffer: usize) -> (Sender<T>, Receiver<T>) {
    assert!(buffer > 0, "mpsc bounded channel requires buffer > 0");
    assert!(
        buffer <= crate::Semaphore::MAX_PERMITS,
        "requested buffer size too large"
    );
    let chan = Arc::new(Chan::new(Some(buffer)));
    (
        Sender { chan: chan.clone() },
        Receiver {
            chan,
            batch: Batch::new(),
        },
    )
}

impl<T> Sender<T> {
    /// Sends `value`, waiting for capacity if the channel is full.
    ///
    /// # Errors
    ///
    /// [`SendError`] holding `value` if the receiver is closed or dropped.
    /// `Ok` does not mean the value will be received: the receiver may drop
    /// right after.
    ///
    /// # Cancel safety
    ///
    /// If `send` is cancelled (e.g. another `select!` branch completes
    /// first), the message was not sent, but it is dropped and lost. The
    /// queue for capacity is FIFO; cancelling loses the place in it. Use
    /// [`reserve`](Sender::reserve) to keep the message on cancellation.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let (tx, mut rx) = rt_sync::mpsc::channel(1);
    /// block_on(tx.send("hello")).unwrap();
    /// assert_eq!(block_on(rx.recv()), Some("hello"));
    /// ```
    pub async fn send(&self, value: T) -> Result<(), SendError<T>> {
        if self.chan.acquire(1).await.is_err() {
            return Err(SendError(value));
        }
        self.chan
            .push(value, true)
            .map_err(|Refused(value)| SendError(value))
    }

    /// Sends `value`, waiting at most `timeout` for capacity (feature
    /// `time`; needs the runtime's time driver).
    ///
    /// # Errors
    ///
    /// [`SendTimeoutError::Timeout`](super::error::SendTimeoutError::Timeout)
    /// with the value if no capacity freed up in time,
    /// [`SendTimeoutError::Closed`](super::error::SendTimeoutError::Closed)
    /// if the receiver is gone.
    ///
    /// # Cancel safety
    ///
    /// Not cancel safe in the sense that the value is lost if the future is
    /// dropped, like [`send`](Self::send); the channel's order is kept.
    ///
    /// ```
    /// use std::time::Duration;
    /// use rt_sync::mpsc::error::SendTimeoutError;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .driver_layer(rt_time::driver_layer(false))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     let (tx, _rx) = rt_sync::mpsc::channel(1);
    ///     tx.send(1).await.unwrap();
    ///     let err = tx.send_timeout(2, Duration::from_millis(5)).await.unwrap_err();
    ///     assert!(matches!(err, SendTimeoutError::Timeout(2)));
    /// });
    /// ```
    #[cfg(feature = "time")]
    pub async fn send_timeout(
        &self,
        value: T,
        timeout: std::time::Duration,
    ) -> Result<(), super::error::SendTimeoutError<T>> {
        use super::error::SendTimeoutError;
        match rt_time::timeout(timeout, self.reserve()).await {
            Err(_elapsed) => Err(SendTimeoutError::Timeout(value)),
            Ok(Err(_closed)) => Err(SendTimeoutError::Closed(value)),
            Ok(Ok(permit)) => {
                permit.send(value);
                Ok(())
            }
        }
    }

    /// Sends `value` if there is capacity now.
    ///
    /// # Errors
    ///
    /// [`TrySendError::Full`] if the channel is full,
    /// [`TrySendError::Closed`] if the receiver is closed or dropped; both
    /// hold `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::mpsc::{self, error::TrySendError};
    ///
    /// let (tx, rx) = mpsc::channel(1);
    /// tx.try_send(1).unwrap();
    /// assert_eq!(tx.try_send(2), Err(TrySendError::Full(2)));
    /// drop(rx);
    /// assert_eq!(tx.try_send(3), Err(TrySendError::Closed(3)));
    /// ```
    pub fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        match self.chan.try_acquire(1) {
            Ok(()) => self
                .chan
                .push(value, true)
                .map_err(|Refused(value)| TrySendError::Closed(value)),
            Err(TryAcquireError::NoPermits) => Err(TrySendError::Full(value)),
            Err(TryAcquireError::Closed) => Err(TrySendError::Closed(value)),
        }
    }

    /// Sends `value`, blocking the current thread while the channel is full.
    ///
    /// # Errors
    ///
    /// [`SendError`] holding `value` if the receiver is closed or dropped.
    ///
    /// # Panics
    ///
    /// Panics if called inside an asynchronous execution context (a runtime
    /// thread).
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::mpsc::channel(1);
    /// let t = std::thread::spawn(move || {
    ///     tx.blocking_send(1).unwrap();
    ///     tx.blocking_send(2).unwrap(); // waits for the receiver
    /// });
    /// assert_eq!(rx.blocking_recv(), Some(1));
    /// assert_eq!(rx.blocking_recv(), Some(2));
    /// t.join().unwrap();
    /// ```
    pub fn blocking_send(&self, value: T) -> Result<(), SendError<T>> {
        util::assert_not_in_runtime("mpsc::Sender::blocking_send");
        util::block_on(self.send(value))
    }

    /// Waits for capacity for one message and reserves it.
    ///
    /// # Errors
    ///
    /// `SendError(())` if the receiver is closed or dropped.
    ///
    /// # Cancel safety
    ///
    /// The queue for capacity is FIFO; cancelling `reserve` loses the place
    /// in it, and capacity already assigned to it goes to the next sender.
    /// No message is lost.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let (tx, mut rx) = rt_sync::mpsc::channel(1);
    /// let permit = block_on(tx.reserve()).unwrap();
    /// permit.send(456);
    /// assert_eq!(rx.try_recv(), Ok(456));
    /// ```
    pub async fn reserve(&self) -> Result<Permit<'_, T>, SendError<()>> {
        match self.chan.acquire(1).await {
            Ok(()) => Ok(Permit { chan: &self.chan }),
            Err(_) => Err(SendError(())),
        }
    }

    /// Waits for capacity for `n` messages and reserves it all at once.
    ///
    /// # Errors
    ///
    /// `SendError(())` if the receiver is closed or dropped, or if `n`
    /// exceeds the channel's [`max_capacity`](Sender::max_capacity).
    ///
    /// # Cancel safety
    ///
    /// The queue for capacity is FIFO; cancelling `reserve_many` loses the
    /// place in it, and capacity already assigned to it goes to the next
    /// sender.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let (tx, mut rx) = rt_sync::mpsc::channel(2);
    /// for permit in block_on(tx.reserve_many(2)).unwrap() {
    ///     permit.send(1);
    /// }
    /// assert_eq!(rx.len(), 2);
    /// ```
    pub async fn reserve_many(&self, n: usize) -> Result<PermitIterator<'_, T>, SendError<()>> {
        if n > self.max_capacity() {
            return Err(SendError(()));
        }
        match self.chan.acquire(n).await {
            Ok(()) => Ok(PermitIterator {
                chan: &self.chan,
                n,
            }),
            Err(_) => Err(SendError(())),
        }
    }

    /// Reserves capacity for one message if there is some now.
    ///
    /// # Errors
    ///
    /// `TrySendError::Full(())` if the channel is full,
    /// `TrySendError::Closed(())` if the receiver is closed or dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::channel::<i32>(1);
    /// let permit = tx.try_reserve().unwrap();
    /// assert!(tx.try_reserve().unwrap_err().is_full());
    /// drop(permit);
    /// assert!(tx.try_reserve().is_ok());
    /// ```
    pub fn try_reserve(&self) -> Result<Permit<'_, T>, TrySendError<()>> {
        match self.chan.try_acquire(1) {
            Ok(()) => Ok(Permit { chan: &self.chan }),
            Err(TryAcquireError::NoPermits) => Err(TrySendError::Full(())),
            Err(TryAcquireError::Closed) => Err(TrySendError::Closed(())),
        }
    }

    /// Reserves capacity for `n` messages if there is enough now.
    ///
    /// # Errors
    ///
    /// `TrySendError::Full(())` if there is not enough capacity now (or `n`
    /// exceeds the channel's [`max_capacity`](Sender::max_capacity)),
    /// `TrySendError::Closed(())` if the receiver is closed or dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::channel::<i32>(2);
    /// let permits = tx.try_reserve_many(2).unwrap();
    /// assert!(tx.try_reserve_many(1).unwrap_err().is_full());
    /// drop(permits);
    /// assert_eq!(tx.capacity(), 2);
    /// ```
    pub fn try_reserve_many(&self, n: usize) -> Result<PermitIterator<'_, T>, TrySendError<()>> {
        if n > self.max_capacity() {
            return Err(TrySendError::Full(()));
        }
        match self.chan.try_acquire(n) {
            Ok(()) => Ok(PermitIterator {
                chan: &self.chan,
                n,
            }),
            Err(TryAcquireError::NoPermits) => Err(TrySendError::Full(())),
            Err(TryAcquireError::Closed) => Err(TrySendError::Closed(())),
        }
    }

    /// Waits for capacity for one message and reserves it, moving the sender
    /// into the returned [`OwnedPermit`].
    ///
    /// # Errors
    ///
    /// `SendError(())` if the receiver is closed or dropped.
    ///
    /// # Cancel safety
    ///
    /// The queue for capacity is FIFO; cancelling `reserve_owned` loses the
    /// place in it (and drops the sender it owns).
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let (tx, mut rx) = rt_sync::mpsc::channel(1);
    /// let permit = block_on(tx.reserve_owned()).unwrap();
    /// let _tx = permit.send(1);
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// ```
    pub async fn reserve_owned(self) -> Result<OwnedPermit<T>, SendError<()>> {
        match self.chan.acquire(1).await {
            Ok(()) => Ok(OwnedPermit { sender: Some(self) }),
            Err(_) => Err(SendError(())),
        }
    }

    /// Reserves capacity for one message if there is some now, moving the
    /// sender into the returned [`OwnedPermit`].
    ///
    /// # Errors
    ///
    /// `TrySendError::Full(self)` or `TrySendError::Closed(self)`: the sender
    /// comes back.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::mpsc::channel(1);
    /// let tx = tx.try_reserve_owned().unwrap().send(1);
    /// let tx = tx.try_reserve_owned().unwrap_err().into_inner(); // full
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// # drop(tx);
    /// ```
    pub fn try_reserve_owned(self) -> Result<OwnedPermit<T>, TrySendError<Self>> {
        match self.chan.try_acquire(1) {
            Ok(()) => Ok(OwnedPermit { sender: Some(self) }),
            Err(TryAcquireError::NoPermits) => Err(TrySendError::Full(self)),
            Err(TryAcquireError::Closed) => Err(TrySendError::Closed(self)),
        }
    }

    /// Completes when the receiver is closed or dropped.
    ///
    /// # Cancel safety
    ///
    /// This method is cancel safe.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } std::thread::yield_now(); }
    /// # }
    /// let (tx, rx) = rt_sync::mpsc::channel::<()>(1);
    /// std::thread::spawn(move || drop(rx));
    /// block_on(tx.closed());
    /// assert!(tx.is_closed());
    /// ```
    pub async fn closed(&self) {
        self.chan.closed().await
    }

    /// Returns `true` if the receiver is closed or dropped.
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::mpsc::channel::<()>(1);
    /// assert!(!tx.is_closed());
    /// rx.close();
    /// assert!(tx.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        self.chan.is_closed()
    }

    /// Returns `true` if both senders belong to the same channel.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::channel::<()>(1);
    /// let (other, _rx2) = rt_sync::mpsc::channel::<()>(1);
    /// assert!(tx.same_channel(&tx.clone()));
    /// assert!(!tx.same_channel(&other));
    /// ```
    pub fn same_channel(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.chan, &other.chan)
    }

    /// Returns the free capacity now: the bound minus buffered and reserved
    /// messages.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::channel(3);
    /// tx.try_send(1).unwrap();
    /// assert_eq!(tx.capacity(), 2);
    /// ```
    pub fn capacity(&self) -> usize {
        self.chan.capacity()
    }

    /// Returns the bound the channel was created with.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::channel::<()>(3);
    /// assert_eq!(tx.max_capacity(), 3);
    /// ```
    pub fn max_capacity(&self) -> usize {
        self.chan.max_capacity()
    }

    /// Returns a [`WeakSender`], which does not keep the channel open.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::channel::<()>(1);
    /// let weak = tx.downgrade();
    /// assert_eq!(tx.weak_count(), 1);
    /// # drop(weak);
    /// ```
    pub fn downgrade(&self) -> WeakSender<T> {
        self.chan.weak_new();
        WeakSender {
            chan: self.chan.clone(),
        }
    }

    /// Returns the number of [`Sender`]s of this channel.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::channel::<()>(1);
    /// let tx2 = tx.clone();
    /// assert_eq!(tx.strong_count(), 2);
    /// # drop(tx2);
    /// ```
    pub fn strong_count(&self) -> usize {
        self.chan.strong_count()
    }

    /// Returns the number of [`WeakSender`]s of this channel.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::channel::<()>(1);
    /// assert_eq!(tx.weak_count(), 0);
    /// ```
    pub fn weak_count(&self) -> usize {
        self.chan.weak_count()
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        self.chan.tx_clone();
        Sender {
            chan: self.chan.clone(),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        self.chan.tx_drop();
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender")
            .field("capacity", &self.capacity())
            .field("is_closed", &self.is_closed())
            .finish()
    }
}

impl<T> WeakSender<T> {
    /// Returns a [`Sender`] if one still exists.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::channel::<()>(1);
    /// let weak = tx.downgrade();
    /// assert!(weak.upgrade().unwrap().same_channel(&tx));
    /// ```
    pub fn upgrade(&self) -> Option<Sender<T>> {
        if self.chan.weak_upgrade() {
            Some(Sender {
                chan: self.chan.clone(),
            })
        } else {
            None
        }
    }

    /// Returns the number of [`Sender`]s of this channel.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::channel::<()>(1);
    /// assert_eq!(tx.downgrade().strong_count(), 1);
    /// ```
    pub fn strong_count(&self) -> usize {
        self.chan.strong_count()
    }

    /// Returns the number of [`WeakSender`]s of this channel.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::channel::<()>(1);
    /// assert_eq!(tx.downgrade().weak_count(), 1);
    /// ```
    pub fn weak_count(&self) -> usize {
        self.chan.weak_count()
    }
}

impl<T> Clone for WeakSender<T> {
    fn clone(&self) -> Self {
        self.chan.weak_new();
        WeakSender {
            chan: self.chan.clone(),
        }
    }
}

impl<T> Drop for WeakSender<T> {
    fn drop(&mut self) {
        self.chan.weak_drop();
    }
}

impl<T> fmt::Debug for WeakSender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WeakSender").finish_non_exhaustive()
    }
}

impl<T> Receiver<T> {
    /// Receives the next message, waiting if none is buffered.
    ///
    /// Returns `None` once the channel is finished: every sender dropped, or
    /// the receiver was [closed](Receiver::close), and the buffer is drained.
    ///
    /// # Cancel safety
    ///
    /// This method is cancel safe: if cancelled, no message was received and
    /// none is lost.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } std::thread::yield_now(); }
    /// # }
    /// let (tx, mut rx) = rt_sync::mpsc::channel(1);
    /// std::thread::spawn(move || tx.blocking_send("x").unwrap());
    /// assert_eq!(block_on(rx.recv()), Some("x"));
    /// assert_eq!(block_on(rx.recv()), None);
    /// ```
    pub async fn recv(&mut self) -> Option<T> {
        std::future::poll_fn(|cx| self.chan.poll_recv(cx, &mut self.batch)).await
    }

    /// Receives up to `limit` messages into `buffer`, waiting if none is
    /// buffered; returns how many were received.
    ///
    /// Returns 0 at once if `limit` is 0, and 0 once the channel is finished
    /// (as [`recv`](Receiver::recv) returns `None`).
    ///
    /// # Cancel safety
    ///
    /// This method is cancel safe: if cancelled, no message was received.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let (tx, mut rx) = rt_sync::mpsc::channel(4);
    /// for i in 0..3 {
    ///     tx.try_send(i).unwrap();
    /// }
    /// let mut buffer = Vec::new();
    /// assert_eq!(block_on(rx.recv_many(&mut buffer, 2)), 2);
    /// assert_eq!(block_on(rx.recv_many(&mut buffer, 2)), 1);
    /// assert_eq!(buffer, [0, 1, 2]);
    /// ```
    pub async fn recv_many(&mut self, buffer: &mut Vec<T>, limit: usize) -> usize {
        std::future::poll_fn(|cx| self.poll_recv_many(cx, buffer, limit)).await
    }

    /// Receives a message if one is buffered now.
    ///
    /// # Errors
    ///
    /// [`TryRecvError::Empty`] if none is buffered but more may come,
    /// [`TryRecvError::Disconnected`] if the channel is finished.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::mpsc::{self, error::TryRecvError};
    ///
    /// let (tx, mut rx) = mpsc::channel(1);
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    /// tx.try_send(1).unwrap();
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// drop(tx);
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
    /// ```
    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        self.chan.try_recv(&mut self.batch)
    }

    /// Receives the next message, blocking the current thread.
    ///
    /// # Panics
    ///
    /// Panics if called inside an asynchronous execution context (a runtime
    /// thread).
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::mpsc::channel(1);
    /// std::thread::spawn(move || tx.blocking_send(9).unwrap());
    /// assert_eq!(rx.blocking_recv(), Some(9));
    /// ```
    pub fn blocking_recv(&mut self) -> Option<T> {
        util::assert_not_in_runtime("mpsc::Receiver::blocking_recv");
        util::block_on(self.recv())
    }

    /// Receives up to `limit` messages, blocking the current thread until
    /// at least one arrives (or the channel is finished).
    ///
    /// # Panics
    ///
    /// Panics if called inside an asynchronous execution context (a runtime
    /// thread).
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::mpsc::channel(2);
    /// tx.try_send(1).unwrap();
    /// tx.try_send(2).unwrap();
    /// let mut buffer = Vec::new();
    /// assert_eq!(rx.blocking_recv_many(&mut buffer, 8), 2);
    /// ```
    pub fn blocking_recv_many(&mut self, buffer: &mut Vec<T>, limit: usize) -> usize {
        util::assert_not_in_runtime("mpsc::Receiver::blocking_recv_many");
        util::block_on(self.recv_many(buffer, limit))
    }

    /// Closes the receiving half without dropping it.
    ///
    /// Pending and later sends fail, [`Sender::closed`] completes, and
    /// buffered messages stay receivable. Outstanding [`Permit`]s may still
    /// send; `recv` returns `None` once they are all used or dropped and the
    /// buffer is drained.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::mpsc::channel(2);
    /// tx.try_send(1).unwrap();
    /// rx.close();
    /// assert!(tx.try_send(2).is_err());
    /// assert_eq!(rx.blocking_recv(), Some(1));
    /// assert_eq!(rx.blocking_recv(), None);
    /// ```
    pub fn close(&mut self) {
        self.chan.close();
    }

    /// Returns `true` if the receiver is closed (by [`close`](Receiver::close)
    /// or because every sender dropped).
    ///
    /// ```
    /// let (tx, rx) = rt_sync::mpsc::channel::<()>(1);
    /// assert!(!rx.is_closed());
    /// drop(tx);
    /// assert!(rx.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        self.chan.is_closed() || self.chan.strong_count() == 0
    }

    /// Returns `true` if no message is buffered.
    ///
    /// ```
    /// let (tx, rx) = rt_sync::mpsc::channel(1);
    /// assert!(rx.is_empty());
    /// tx.try_send(()).unwrap();
    /// assert!(!rx.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns the number of buffered messages.
    ///
    /// ```
    /// let (tx, rx) = rt_sync::mpsc::channel(2);
    /// tx.try_send(()).unwrap();
    /// assert_eq!(rx.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.chan.len(&self.batch)
    }

    /// Returns the free capacity now.
    ///
    /// ```
    /// let (tx, rx) = rt_sync::mpsc::channel(2);
    /// tx.try_send(()).unwrap();
    /// assert_eq!(rx.capacity(), 1);
    /// ```
    pub fn capacity(&self) -> usize {
        self.chan.capacity()
    }

    /// Returns the bound the channel was created with.
    ///
    /// ```
    /// let (_tx, rx) = rt_sync::mpsc::channel::<()>(2);
    /// assert_eq!(rx.max_capacity(), 2);
    /// ```
    pub fn max_capacity(&self) -> usize {
        self.chan.max_capacity()
    }

    /// Returns the number of [`Sender`]s.
    ///
    /// ```
    /// let (tx, rx) = rt_sync::mpsc::channel::<()>(1);
    /// assert_eq!(rx.sender_strong_count(), 1);
    /// drop(tx);
    /// assert_eq!(rx.sender_strong_count(), 0);
    /// ```
    pub fn sender_strong_count(&self) -> usize {
        self.chan.strong_count()
    }

    /// Returns the number of [`WeakSender`]s.
    ///
    /// ```
    /// let (tx, rx) = rt_sync::mpsc::channel::<()>(1);
    /// let _weak = tx.downgrade();
    /// assert_eq!(rx.sender_weak_count(), 1);
    /// ```
    pub fn sender_weak_count(&self) -> usize {
        self.chan.weak_count()
    }

    /// Polls for the next message; see [`recv`](Receiver::recv).
    ///
    /// Returns `Pending` after registering the task's waker (only the most
    /// recent waker is kept), `Ready(Some(message))`, or `Ready(None)` once
    /// the channel is finished.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::task::{Context, Poll, Waker};
    ///
    /// let (tx, mut rx) = rt_sync::mpsc::channel(1);
    /// let mut cx = Context::from_waker(Waker::noop());
    /// assert!(rx.poll_recv(&mut cx).is_pending());
    /// tx.try_send(1).unwrap();
    /// assert_eq!(rx.poll_recv(&mut cx), Poll::Ready(Some(1)));
    /// ```
    pub fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.chan.poll_recv(cx, &mut self.batch)
    }

    /// Polls for up to `limit` messages; see
    /// [`recv_many`](Receiver::recv_many).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::task::{Context, Poll, Waker};
    ///
    /// let (tx, mut rx) = rt_sync::mpsc::channel(2);
    /// let mut cx = Context::from_waker(Waker::noop());
    /// tx.try_send(1).unwrap();
    /// let mut buffer = Vec::new();
    /// assert_eq!(rx.poll_recv_many(&mut cx, &mut buffer, 5), Poll::Ready(1));
    /// ```
    pub fn poll_recv_many(
        &mut self,
        cx: &mut Context<'_>,
        buffer: &mut Vec<T>,
        limit: usize,
    ) -> Poll<usize> {
        if limit == 0 {
            return Poll::Ready(0);
        }
        self.chan.poll_recv_many(cx, buffer, limit, &mut self.batch)
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        self.chan.rx_drop(&mut self.batch);
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("len", &self.len())
            .field("is_closed", &self.is_closed())
            .finish()
    }
}

impl<T> Permit<'_, T> {
    /// Sends `value` using the reserved capacity; never waits.
    ///
    /// The message is sent even if the receiver was closed after the permit
    /// was reserved (see [`Receiver::close`]); it is dropped if the receiver
    /// was dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::mpsc::channel(1);
    /// let permit = tx.try_reserve().unwrap();
    /// rx.close();
    /// permit.send(1);
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// ```
    pub fn send(self, value: T) {
        let chan = self.chan;
        // The permit moves into the message (rule 1 of `chan`).
        std::mem::forget(self);
        // A refused value (receiver dropped) is dropped here.
        let _ = chan.push(value, true);
    }
}

impl<T> Drop for Permit<'_, T> {
    fn drop(&mut self) {
        self.chan.release_unused(1);
    }
}

impl<T> fmt::Debug for Permit<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Permit").finish_non_exhaustive()
    }
}

impl<T> OwnedPermit<T> {
    /// Sends `value` using the reserved capacity and returns the sender.
    ///
    /// As for [`Permit::send`], this succeeds even after
    /// [`Receiver::close`].
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::mpsc::channel(1);
    /// let tx = tx.try_reserve_owned().unwrap().send(3);
    /// assert_eq!(rx.try_recv(), Ok(3));
    /// assert!(tx.try_send(4).is_ok());
    /// ```
    pub fn send(mut self, value: T) -> Sender<T> {
        let sender = self.sender.take().expect("permit already consumed");
        // A refused value (receiver dropped) is dropped here.
        let _ = sender.chan.push(value, true);
        sender
    }

    /// Gives the reserved capacity back without sending, returning the
    /// sender.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::channel::<()>(1);
    /// let permit = tx.try_reserve_owned().unwrap();
    /// let tx = permit.release();
    /// assert_eq!(tx.capacity(), 1);
    /// ```
    pub fn release(mut self) -> Sender<T> {
        let sender = self.sender.take().expect("permit already consumed");
        sender.chan.release_unused(1);
        sender
    }

    /// Returns `true` if both permits belong to the same channel.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::channel::<()>(2);
    /// let a = tx.clone().try_reserve_owned().unwrap();
    /// let b = tx.try_reserve_owned().unwrap();
    /// assert!(a.same_channel(&b));
    /// ```
    pub fn same_channel(&self, other: &Self) -> bool {
        match (&self.sender, &other.sender) {
            (Some(a), Some(b)) => a.same_channel(b),
            _ => false,
        }
    }

    /// Returns `true` if this permit and `sender` belong to the same channel.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::channel::<()>(2);
    /// let permit = tx.clone().try_reserve_owned().unwrap();
    /// assert!(permit.same_channel_as_sender(&tx));
    /// ```
    pub fn same_channel_as_sender(&self, sender: &Sender<T>) -> bool {
        self.sender
            .as_ref()
            .is_some_and(|own| own.same_channel(sender))
    }
}

impl<T> Drop for OwnedPermit<T> {
    fn drop(&mut self) {
        if let Some(sender) = self.sender.take() {
            sender.chan.release_unused(1);
        }
    }
}

impl<T> fmt::Debug for OwnedPermit<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnedPermit").finish_non_exhaustive()
    }
}

impl<'a, T> Iterator for PermitIterator<'a, T> {
    type Item = Permit<'a, T>;

    fn next(&mut self) -> Option<Permit<'a, T>> {
        if self.n == 0 {
            return None;
        }
        self.n -= 1;
        Some(Permit { chan: self.chan })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.n, Some(self.n))
    }
}

impl<T> ExactSizeIterator for PermitIterator<'_, T> {}

impl<T> std::iter::FusedIterator for PermitIterator<'_, T> {}

impl<T> Drop for PermitIterator<'_, T> {
    fn drop(&mut self) {
        self.chan.release_unused(self.n);
    }
}

impl<T> fmt::Debug for PermitIterator<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PermitIterator")
            .field("n", &self.n)
            .finish_non_exhaustive()
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::future::block_on;
    use loom::thread;

    #[test]
    fn loom_two_senders_capacity_one() {
        loom::model(|| {
            let (tx, mut rx) = channel::<usize>(1);
            let tx2 = tx.clone();
            let t1 = thread::spawn(move || block_on(tx.send(1)).unwrap());
            let t2 = thread::spawn(move || block_on(tx2.send(2)).unwrap());
            let mut got = [block_on(rx.recv()).unwrap(), block_on(rx.recv()).unwrap()];
            got.sort_unstable();
            assert_eq!(got, [1, 2]);
            assert_eq!(block_on(rx.recv()), None);
            t1.join().unwrap();
            t2.join().unwrap();
        });
    }

    #[test]
    fn loom_close_waits_for_outstanding_permit() {
        loom::model(|| {
            let (tx, mut rx) = channel::<usize>(1);
            let permit = tx.clone().try_reserve_owned().unwrap();
            let t = thread::spawn(move || {
                // Dropped unused: the receiver must learn that the last
                // permit is back, although a sender (`tx`) is still alive.
                drop(permit);
            });
            rx.close();
            assert_eq!(block_on(rx.recv()), None);
            t.join().unwrap();
            drop(tx);
        });
    }

    #[test]
    fn loom_permit_sends_after_close() {
        loom::model(|| {
            let (tx, mut rx) = channel::<usize>(1);
            let permit = tx.clone().try_reserve_owned().unwrap();
            let t = thread::spawn(move || drop(permit.send(7)));
            rx.close();
            assert_eq!(block_on(rx.recv()), Some(7));
            assert_eq!(block_on(rx.recv()), None);
            t.join().unwrap();
            drop(tx);
        });
    }

    #[test]
    fn loom_receiver_drop_refuses_waiting_sender() {
        loom::model(|| {
            let (tx, rx) = channel::<usize>(1);
            tx.try_send(1).unwrap();
            let t = thread::spawn(move || drop(rx));
            // Either refused by the close, or never admitted.
            assert!(block_on(tx.send(2)).is_err());
            t.join().unwrap();
        });
    }
}
