//! A multi-producer, multi-consumer broadcast channel: every value sent is
//! received (cloned) by every receiver alive when it was sent.
//!
//! The channel keeps the last `capacity` values (rounded up to a power of
//! two) in a ring. A receiver that falls further behind than that loses the
//! oldest values: its next receive reports [`error::RecvError::Lagged`] with
//! how many it missed, and the one after returns the oldest value still
//! retained. Senders never wait.
//!
//! Once every [`Sender`] is dropped, receivers drain what is left for them
//! and then get [`error::RecvError::Closed`].
//!
//! # Examples
//!
//! ```
//! use rt_sync::broadcast::{self, error::RecvError};
//!
//! let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
//! rt.block_on(async {
//!     let (tx, mut rx1) = broadcast::channel(16);
//!     let mut rx2 = tx.subscribe();
//!     let listener = rt_core::spawn(async move {
//!         let mut got = Vec::new();
//!         while let Ok(v) = rx2.recv().await {
//!             got.push(v);
//!         }
//!         got
//!     });
//!     for v in [10, 20] {
//!         tx.send(v).unwrap();
//!     }
//!     drop(tx);
//!     assert_eq!(rx1.recv().await, Ok(10));
//!     assert_eq!(rx1.recv().await, Ok(20));
//!     assert_eq!(rx1.recv().await, Err(RecvError::Closed));
//!     assert_eq!(listener.await.unwrap(), [10, 20], "every receiver gets every value");
//! });
//! ```
//!
//! # Protocol
//!
//! ```text
//! Shared { tail: Mutex<Tail>, buffer: [RwLock<Slot>; cap], mask: cap - 1 }
//! Tail   { pos: u64, rx_count, tx_count, closed, waiters: WaitList<Waker> }
//! Slot   { pos: u64, rem: AtomicUsize, value: Option<T> }
//! ```
//!
//! 1. **Writing.** A send, holding the `tail` lock, write-locks slot
//!    `pos & mask`, stores `pos`, the value and `rem = rx_count`, then
//!    increments `tail.pos`. Locks are always taken `tail` before a slot.
//! 2. **Reading.** A receiver with cursor `next` read-locks slot
//!    `next & mask`; if the slot's `pos == next` it clones the value,
//!    decrements `rem` and advances. Receivers only ever start at the current
//!    `tail.pos` (subscribe), so every receiver counted in `rem` reads the
//!    slot or discounts it when dropped (rule 5); the last one (`rem` reaching
//!    0) drops the value early.
//! 3. **Empty or lagged.** Otherwise the receiver locks `tail`: if
//!    `tail.pos == next` there is nothing to read (closed, or wait: rule 4);
//!    if the slot now holds `next`, retry; else the value at `next` was
//!    overwritten and the oldest retained position is `tail.pos - cap`
//!    (> `next`): report the gap as `Lagged` and move the cursor there.
//! 4. **Waiting.** A receiver queues in `waiters` only under the `tail` lock
//!    with `tail.pos == next` and not `closed`. Every send and the last
//!    sender's drop unlink every waiter under that lock and wake them after
//!    unlocking, so no wake-up is lost. A waiting future owns its slot and
//!    removes it when it completes or is dropped; [`Receiver::poll_recv`]
//!    keeps its slot in the receiver instead, removed when a poll completes
//!    or the receiver drops.
//! 5. **Receiver drop** discounts, under the `tail` lock, every retained
//!    value it has not read (decrementing `rem`), so values are freed and
//!    [`Sender::len`] stays exact.
//!
//! User code runs under a slot's read lock (`T::clone`) and value
//! destructors run with no lock held.

use crate::loom::sync::atomic::{AtomicUsize, Ordering};
use crate::loom::sync::{Arc, Mutex, RwLock};
use crate::util::wait_list::{Key, WaitList};
use crate::util::{self, lock, register_waker, WakeList};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll, Waker};

/// Errors of the [`broadcast`](super) channel.
///
/// ```
/// use rt_sync::broadcast::{self, error::{RecvError, SendError, TryRecvError}};
///
/// let (tx, mut rx) = broadcast::channel(1);
/// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
/// tx.send(1).unwrap();
/// tx.send(2).unwrap(); // overwrites 1: capacity 1
/// assert_eq!(rx.try_recv(), Err(TryRecvError::Lagged(1)));
/// assert_eq!(rx.try_recv(), Ok(2));
/// drop(rx);
/// assert!(matches!(tx.send(3), Err(SendError(3))), "no receiver left");
/// # let _: Option<RecvError> = None;
/// ```
pub mod error {
    use std::fmt;

    /// Error returned by [`Sender::send`](super::Sender::send): there are no
    /// receivers. Holds the value that was not sent.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::broadcast::{self, error::SendError};
    ///
    /// let (tx, rx) = broadcast::channel(1);
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

    /// Error returned by [`Receiver::recv`](super::Receiver::recv).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::broadcast::{self, error::RecvError};
    ///
    /// let (tx, mut rx) = broadcast::channel::<u8>(1);
    /// drop(tx);
    /// assert_eq!(rx.blocking_recv(), Err(RecvError::Closed));
    /// ```
    #[derive(Debug, PartialEq, Eq, Clone)]
    pub enum RecvError {
        /// Every sender is gone and this receiver has received every value
        /// left for it.
        Closed,
        /// The receiver fell behind: this many values were overwritten before
        /// it received them. The next receive returns the oldest value still
        /// retained.
        Lagged(u64),
    }

    impl fmt::Display for RecvError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                RecvError::Closed => write!(f, "channel closed"),
                RecvError::Lagged(n) => write!(f, "channel lagged by {n}"),
            }
        }
    }

    impl std::error::Error for RecvError {}

    /// Error returned by [`Receiver::try_recv`](super::Receiver::try_recv).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::broadcast::{self, error::TryRecvError};
    ///
    /// let (_tx, mut rx) = broadcast::channel::<u8>(1);
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    /// ```
    #[derive(Debug, PartialEq, Eq, Clone)]
    pub enum TryRecvError {
        /// No value is waiting for this receiver now.
        Empty,
        /// Every sender is gone and every value left was received.
        Closed,
        /// The receiver fell behind by this many values; see
        /// [`RecvError::Lagged`].
        Lagged(u64),
    }

    impl fmt::Display for TryRecvError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                TryRecvError::Empty => write!(f, "channel empty"),
                TryRecvError::Closed => write!(f, "channel closed"),
                TryRecvError::Lagged(n) => write!(f, "channel lagged by {n}"),
            }
        }
    }

    impl std::error::Error for TryRecvError {}
}

use error::{RecvError, SendError, TryRecvError};

struct Shared<T> {
    tail: Mutex<Tail>,
    buffer: Box<[RwLock<Slot<T>>]>,
    mask: usize,
}

struct Tail {
    /// Position of the next value to send.
    pos: u64,
    rx_count: usize,
    tx_count: usize,
    closed: bool,
    waiters: WaitList<Option<Waker>>,
}

struct Slot<T> {
    /// Position of `value`; meaningful once written.
    pos: u64,
    /// Receivers that have yet to read `value` (rule 2).
    rem: AtomicUsize,
    value: Option<T>,
}

/// Sends values to every [`Receiver`]; cloneable. Created by [`channel`].
///
/// # Examples
///
/// ```
/// let (tx, mut rx) = rt_sync::broadcast::channel(4);
/// let tx2 = tx.clone();
/// tx.send(1).unwrap();
/// tx2.send(2).unwrap();
/// assert_eq!(rx.try_recv(), Ok(1));
/// assert_eq!(rx.try_recv(), Ok(2));
/// ```
pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

/// Receives every value sent after it was created. Created by [`channel`],
/// [`Sender::subscribe`] or [`Receiver::resubscribe`].
///
/// # Examples
///
/// ```
/// let (tx, mut rx1) = rt_sync::broadcast::channel(4);
/// let mut rx2 = tx.subscribe();
/// tx.send("hi").unwrap();
/// assert_eq!(rx1.try_recv(), Ok("hi"));
/// assert_eq!(rx2.try_recv(), Ok("hi"));
/// ```
pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
    /// Position of the next value to receive.
    next: u64,
    /// The waiter slot [`Receiver::poll_recv`] keeps between polls (rule 4).
    waiter: Option<Key>,
}

/// Creates a broadcast channel that retains at least `capacity` values.
///
/// `capacity` is rounded up to a power of two. Every value is cloned once
/// per receiver.
///
/// # Panics
///
/// Panics if `capacity` is 0 or larger than `usize::MAX / 2`.
///
/// # Examples
///
/// ```
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } std::thread::yield_now(); }
/// # }
/// let (tx, mut rx1) = rt_sync::broadcast::channel(16);
/// let mut rx2 = tx.subscribe();
/// let t = std::thread::spawn(move || {
///     assert_eq!(block_on(rx2.recv()), Ok(10));
///     assert_eq!(block_on(rx2.recv()), Ok(20));
/// });
/// tx.send(10).unwrap();
/// tx.send(20).unwrap();
/// assert_eq!(block_on(rx1.recv()), Ok(10));
/// assert_eq!(block_on(rx1.recv()), Ok(20));
/// t.join().unwrap();
/// ```
#[track_caller]
pub fn channel<T: Clone>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    assert!(capacity > 0, "broadcast channel capacity cannot be zero");
    assert!(
        capacity <= usize::MAX >> 1,
        "broadcast channel capacity exceeded `usize::MAX / 2`"
    );
    let capacity = capacity.next_power_of_two();
    let buffer = (0..capacity)
        .map(|_| {
            RwLock::new(Slot {
                pos: 0,
                rem: AtomicUsize::new(0),
                value: None,
            })
        })
        .collect();
    let shared = Arc::new(Shared {
        tail: Mutex::new(Tail {
            pos: 0,
            rx_count: 1,
            tx_count: 1,
            closed: false,
            waiters: WaitList::new(),
        }),
        buffer,
        mask: capacity - 1,
    });
    let rx = Receiver {
        shared: shared.clone(),
        next: 0,
        waiter: None,
    };
    (Sender { shared }, rx)
}

impl<T> Shared<T> {
    fn capacity(&self) -> u64 {
        self.buffer.len() as u64
    }

    fn slot(&self, pos: u64) -> &RwLock<Slot<T>> {
        // Truncation is intended: the mask keeps the low bits.
        &self.buffer[(pos as usize) & self.mask]
    }

    /// Rule 5: the receiver at `next` goes away; discount what it did not
    /// read. Called with the `tail` lock held.
    fn discount_unread(&self, tail: &Tail, next: u64, dropped: &mut Vec<T>) {
        let oldest = tail.pos.saturating_sub(self.capacity());
        for pos in next.max(oldest)..tail.pos {
            let slot = util::read(self.slot(pos));
            if slot.pos == pos && slot.rem.fetch_sub(1, Ordering::AcqRel) == 1 {
                drop(slot);
                dropped.extend(take_if_unread(self.slot(pos), pos));
            }
        }
    }
}

/// Rule 2: takes the value at `pos` out of its slot once nobody has to read
/// it any more, for the caller to drop after releasing its locks.
fn take_if_unread<T>(slot: &RwLock<Slot<T>>, pos: u64) -> Option<T> {
    let mut slot = util::write(slot);
    if slot.pos == pos && slot.rem.load(Ordering::Acquire) == 0 {
        slot.value.take()
    } else {
        None
    }
}

impl<T> Sender<T> {
    /// Sends `value` to every current receiver, returning how many there
    /// are. Never waits: if the ring is full, the oldest value is
    /// overwritten (receivers that had not read it will see `Lagged`).
    ///
    /// # Errors
    ///
    /// [`SendError`] holding `value` if there are no receivers.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::broadcast::channel(2);
    /// let _rx2 = tx.subscribe();
    /// assert_eq!(tx.send(()).unwrap(), 2);
    /// ```
    pub fn send(&self, value: T) -> Result<usize, SendError<T>> {
        let mut wakers = WakeList::new();
        let (receivers, old) = {
            let mut tail = lock(&self.shared.tail);
            if tail.rx_count == 0 {
                return Err(SendError(value));
            }
            let pos = tail.pos;
            let old = {
                // Rule 1.
                let mut slot = util::write(self.shared.slot(pos));
                slot.pos = pos;
                slot.rem.store(tail.rx_count, Ordering::Release);
                slot.value.replace(value)
            };
            tail.pos += 1;
            // Rule 4.
            tail.waiters.unlink_all(|waker| wakers.push(waker.take()));
            (tail.rx_count, old)
        };
        wakers.wake_all();
        // An overwritten value is dropped with no lock held.
        drop(old);
        Ok(receivers)
    }

    /// Creates a receiver that will receive every value sent from now on.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::broadcast::channel(2);
    /// tx.send(1).unwrap();
    /// let mut late = tx.subscribe();
    /// tx.send(2).unwrap();
    /// assert_eq!(late.try_recv(), Ok(2));
    /// ```
    pub fn subscribe(&self) -> Receiver<T> {
        new_receiver(&self.shared)
    }

    /// Returns the number of receivers.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt_sync::broadcast::channel::<()>(1);
    /// assert_eq!(tx.receiver_count(), 1);
    /// drop(rx);
    /// assert_eq!(tx.receiver_count(), 0);
    /// ```
    pub fn receiver_count(&self) -> usize {
        lock(&self.shared.tail).rx_count
    }

    /// Returns the number of values still queued: sent, retained, and not
    /// yet received by every receiver that was alive when it was sent.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx1) = rt_sync::broadcast::channel(4);
    /// let mut rx2 = tx.subscribe();
    /// tx.send(1).unwrap();
    /// tx.send(2).unwrap();
    /// assert_eq!(tx.len(), 2);
    /// rx1.try_recv().unwrap();
    /// assert_eq!(tx.len(), 2); // rx2 has not received 1
    /// rx2.try_recv().unwrap();
    /// assert_eq!(tx.len(), 1);
    /// # drop(rx1);
    /// ```
    pub fn len(&self) -> usize {
        let tail = lock(&self.shared.tail);
        let oldest = tail.pos.saturating_sub(self.shared.capacity());
        (oldest..tail.pos)
            .filter(|&pos| {
                let slot = util::read(self.shared.slot(pos));
                slot.pos == pos && slot.rem.load(Ordering::Acquire) > 0
            })
            .count()
    }

    /// Returns `true` if no value is queued (see [`len`](Sender::len)).
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::broadcast::channel(2);
    /// assert!(tx.is_empty());
    /// tx.send(1).unwrap();
    /// assert!(!tx.is_empty());
    /// rx.try_recv().unwrap();
    /// assert!(tx.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns `true` if both senders belong to the same channel.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::broadcast::channel::<()>(1);
    /// let (other, _rx2) = rt_sync::broadcast::channel::<()>(1);
    /// assert!(tx.same_channel(&tx.clone()));
    /// assert!(!tx.same_channel(&other));
    /// ```
    pub fn same_channel(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared)
    }
}

fn new_receiver<T>(shared: &Arc<Shared<T>>) -> Receiver<T> {
    let mut tail = lock(&shared.tail);
    tail.rx_count += 1;
    Receiver {
        shared: shared.clone(),
        next: tail.pos,
        waiter: None,
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Sender<T> {
        lock(&self.shared.tail).tx_count += 1;
        Sender {
            shared: self.shared.clone(),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let mut wakers = WakeList::new();
        {
            let mut tail = lock(&self.shared.tail);
            tail.tx_count -= 1;
            if tail.tx_count == 0 {
                // Rule 4.
                tail.closed = true;
                tail.waiters.unlink_all(|waker| wakers.push(waker.take()));
            }
        }
        wakers.wake_all();
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender").finish_non_exhaustive()
    }
}

/// What one attempt to receive found.
enum Attempt<T> {
    Value(T),
    Lagged(u64),
    Closed,
    /// Nothing to read now (a waiter is queued if one was asked for).
    Empty,
}

impl<T: Clone> Receiver<T> {
    /// One attempt (rules 2-4). With `waiter`, queues or refreshes it when
    /// there is nothing to read.
    fn attempt(&mut self, waiter: Option<(&mut Option<Key>, &Context<'_>)>) -> Attempt<T> {
        let shared = &*self.shared;
        // A waker replaced under the tail lock, dropped after it (declared
        // first, so dropped last).
        let mut _replaced: Option<Waker> = None;
        loop {
            {
                // Rule 2: the lock-free (tail-free) fast path.
                let slot = util::read(shared.slot(self.next));
                if slot.pos == self.next {
                    if let Some(value) = &slot.value {
                        let value = value.clone();
                        let last = slot.rem.fetch_sub(1, Ordering::AcqRel) == 1;
                        drop(slot);
                        // The last reader frees the slot's copy.
                        let freed = if last {
                            take_if_unread(shared.slot(self.next), self.next)
                        } else {
                            None
                        };
                        // Advance before the value's destructor runs (with
                        // no lock held): if it panics, this receiver still
                        // moves on to the next value.
                        self.next += 1;
                        drop(freed);
                        return Attempt::Value(value);
                    }
                }
            }
            // Rule 3.
            let mut tail = lock(&shared.tail);
            if tail.pos == self.next {
                if tail.closed {
                    return Attempt::Closed;
                }
                if let Some((key, cx)) = waiter {
                    // Rule 4.
                    match key {
                        Some(key) if tail.waiters.is_linked(key) => {
                            _replaced = register_waker(tail.waiters.get_mut(key), cx);
                        }
                        Some(stale) => {
                            // Unlinked by a send or the close, which this
                            // lock would have seen above; relink anyway.
                            let stale = std::mem::replace(
                                stale,
                                tail.waiters.insert_back(Some(cx.waker().clone())),
                            );
                            _replaced = tail.waiters.remove(stale);
                        }
                        None => {
                            *key = Some(tail.waiters.insert_back(Some(cx.waker().clone())));
                        }
                    }
                }
                return Attempt::Empty;
            }
            let slot = util::read(shared.slot(self.next));
            if slot.pos == self.next {
                // Written since the fast path looked: read it there.
                continue;
            }
            drop(slot);
            let oldest = tail.pos - shared.capacity();
            debug_assert!(oldest > self.next);
            let missed = oldest - self.next;
            self.next = oldest;
            return Attempt::Lagged(missed);
        }
    }

    /// Receives the next value, waiting if there is none yet.
    ///
    /// # Errors
    ///
    /// [`RecvError::Lagged`] if values were overwritten before this receiver
    /// got them (the next call returns the oldest retained value), or
    /// [`RecvError::Closed`] once every sender is gone and every value left
    /// was received.
    ///
    /// # Cancel safety
    ///
    /// This method is cancel safe: if it is cancelled, no value was
    /// received, and the next call receives it.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// use rt_sync::broadcast::{self, error::RecvError};
    ///
    /// let (tx, mut rx) = broadcast::channel(2);
    /// for i in 0..3 {
    ///     tx.send(i).unwrap();
    /// }
    /// assert_eq!(block_on(rx.recv()), Err(RecvError::Lagged(1)));
    /// assert_eq!(block_on(rx.recv()), Ok(1));
    /// assert_eq!(block_on(rx.recv()), Ok(2));
    /// drop(tx);
    /// assert_eq!(block_on(rx.recv()), Err(RecvError::Closed));
    /// ```
    pub async fn recv(&mut self) -> Result<T, RecvError> {
        Recv {
            rx: self,
            key: None,
        }
        .await
    }

    /// Polls for the next value: the poll-style form of
    /// [`recv`](Receiver::recv), for hand-written futures and streams.
    ///
    /// Returns `Poll::Pending` if there is no value yet; the waker of the
    /// latest `cx` is then woken by the next send or the close. Between
    /// polls the receiver keeps its place in the channel's waiter list
    /// (freed when a poll returns `Ready` or the receiver drops).
    ///
    /// # Errors
    ///
    /// As for [`recv`](Receiver::recv): [`RecvError::Lagged`] with the
    /// number of values missed, or [`RecvError::Closed`] once every sender
    /// is gone and every value left was received.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// use rt_sync::broadcast::{self, error::RecvError};
    /// use std::future::poll_fn;
    /// use std::task::{Context, Poll, Waker};
    ///
    /// let (tx, mut rx) = broadcast::channel(1);
    /// let mut cx = Context::from_waker(Waker::noop());
    /// assert!(rx.poll_recv(&mut cx).is_pending());
    /// tx.send(1).unwrap();
    /// tx.send(2).unwrap();
    /// assert_eq!(rx.poll_recv(&mut cx), Poll::Ready(Err(RecvError::Lagged(1))));
    /// assert_eq!(block_on(poll_fn(|cx| rx.poll_recv(cx))), Ok(2));
    /// drop(tx);
    /// assert_eq!(rx.poll_recv(&mut cx), Poll::Ready(Err(RecvError::Closed)));
    /// ```
    pub fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Result<T, RecvError>> {
        let mut key = self.waiter.take();
        let poll = self.poll_with(&mut key, cx);
        self.waiter = key;
        poll
    }

    /// One poll of a receive whose waiter slot is `key` (rules 2-4): the
    /// slot is queued or refreshed on `Pending` and removed on `Ready`.
    fn poll_with(
        &mut self,
        key: &mut Option<Key>,
        cx: &mut Context<'_>,
    ) -> Poll<Result<T, RecvError>> {
        let coop = ready!(rt_core::coop::poll_proceed(cx));
        let result = match self.attempt(Some((&mut *key, cx))) {
            Attempt::Empty => return Poll::Pending,
            Attempt::Value(value) => Ok(value),
            Attempt::Lagged(n) => Err(RecvError::Lagged(n)),
            Attempt::Closed => Err(RecvError::Closed),
        };
        if let Some(key) = key.take() {
            let waker = lock(&self.shared.tail).waiters.remove(key);
            drop(waker);
        }
        coop.made_progress();
        Poll::Ready(result)
    }

    /// Receives the next value if there is one now.
    ///
    /// # Errors
    ///
    /// [`TryRecvError::Empty`] if there is none yet, otherwise as for
    /// [`recv`](Receiver::recv).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::broadcast::{self, error::TryRecvError};
    ///
    /// let (tx, mut rx) = broadcast::channel(2);
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    /// tx.send(1).unwrap();
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// drop(tx);
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    /// ```
    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        match self.attempt(None) {
            Attempt::Value(value) => Ok(value),
            Attempt::Lagged(n) => Err(TryRecvError::Lagged(n)),
            Attempt::Closed => Err(TryRecvError::Closed),
            Attempt::Empty => Err(TryRecvError::Empty),
        }
    }

    /// Blocks the current thread until a value is received.
    ///
    /// # Errors
    ///
    /// As for [`recv`](Receiver::recv).
    ///
    /// # Panics
    ///
    /// Panics if called inside an asynchronous execution context (a runtime
    /// thread).
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::broadcast::channel(1);
    /// let t = std::thread::spawn(move || rx.blocking_recv());
    /// # std::thread::sleep(std::time::Duration::from_millis(10));
    /// tx.send(3).unwrap();
    /// assert_eq!(t.join().unwrap(), Ok(3));
    /// ```
    pub fn blocking_recv(&mut self) -> Result<T, RecvError> {
        util::assert_not_in_runtime("broadcast::Receiver::blocking_recv");
        util::block_on(self.recv())
    }
}

impl<T> Receiver<T> {
    /// Creates a new receiver that starts at the current end of the channel
    /// (it does not receive values this one has not received yet).
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::broadcast::channel(2);
    /// tx.send(1).unwrap();
    /// let mut rx2 = rx.resubscribe();
    /// tx.send(2).unwrap();
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// assert_eq!(rx2.try_recv(), Ok(2));
    /// ```
    pub fn resubscribe(&self) -> Receiver<T> {
        new_receiver(&self.shared)
    }

    /// Returns how many values were sent that this receiver has yet to
    /// receive. More than the capacity means the next receive reports
    /// `Lagged`.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::broadcast::channel(4);
    /// tx.send(1).unwrap();
    /// tx.send(2).unwrap();
    /// assert_eq!(rx.len(), 2);
    /// rx.try_recv().unwrap();
    /// assert_eq!(rx.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        let pos = lock(&self.shared.tail).pos;
        usize::try_from(pos - self.next).unwrap_or(usize::MAX)
    }

    /// Returns `true` if there is no value this receiver has yet to receive.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::broadcast::channel(1);
    /// assert!(rx.is_empty());
    /// tx.send(()).unwrap();
    /// assert!(!rx.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns `true` if both receivers belong to the same channel.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt_sync::broadcast::channel::<()>(1);
    /// assert!(rx.same_channel(&tx.subscribe()));
    /// ```
    pub fn same_channel(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared)
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        let mut dropped = Vec::new();
        let mut waker = None;
        {
            let mut tail = lock(&self.shared.tail);
            tail.rx_count -= 1;
            if let Some(key) = self.waiter.take() {
                waker = tail.waiters.remove(key);
            }
            // Rule 5.
            self.shared.discount_unread(&tail, self.next, &mut dropped);
        }
        drop((dropped, waker));
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

/// The future behind [`Receiver::recv`]; owns its waiter slot (rule 4).
struct Recv<'a, T> {
    rx: &'a mut Receiver<T>,
    key: Option<Key>,
}

impl<T: Clone> Future for Recv<'_, T> {
    type Output = Result<T, RecvError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        this.rx.poll_with(&mut this.key, cx)
    }
}

impl<T> Drop for Recv<'_, T> {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            // The guard is a temporary of this statement; the waker is
            // dropped after it (see `util::register_waker`).
            let waker = lock(&self.rx.shared.tail).waiters.remove(key);
            drop(waker);
        }
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::future::block_on;
    use loom::thread;

    #[test]
    fn loom_broadcast_send_reaches_waiting_receivers() {
        loom::model(|| {
            let (tx, mut rx1) = channel::<usize>(2);
            let mut rx2 = tx.subscribe();
            let t = thread::spawn(move || block_on(rx2.recv()));
            tx.send(1).unwrap();
            assert_eq!(block_on(rx1.recv()), Ok(1));
            assert_eq!(t.join().unwrap(), Ok(1));
        });
    }

    #[test]
    fn loom_broadcast_close_wakes_receiver_after_drain() {
        loom::model(|| {
            let (tx, mut rx) = channel::<usize>(1);
            let t = thread::spawn(move || {
                tx.send(7).unwrap();
            });
            assert_eq!(block_on(rx.recv()), Ok(7));
            assert_eq!(block_on(rx.recv()), Err(RecvError::Closed));
            t.join().unwrap();
        });
    }

    #[test]
    fn loom_broadcast_poll_recv_sees_send_and_close() {
        loom::model(|| {
            let (tx, mut rx) = channel::<usize>(2);
            let t = thread::spawn(move || {
                tx.send(1).unwrap();
            });
            let mut poll_recv = || block_on(std::future::poll_fn(|cx| rx.poll_recv(cx)));
            assert_eq!(poll_recv(), Ok(1));
            assert_eq!(poll_recv(), Err(RecvError::Closed));
            t.join().unwrap();
        });
    }

    #[test]
    fn loom_broadcast_lag_while_receiving() {
        loom::model(|| {
            let (tx, mut rx) = channel::<usize>(1);
            let t = thread::spawn(move || {
                tx.send(1).unwrap();
                tx.send(2).unwrap();
            });
            // 1 may be overwritten before it is read: then Lagged(1), and 2.
            let mut got = Vec::new();
            loop {
                match block_on(rx.recv()) {
                    Ok(v) => got.push(v),
                    Err(RecvError::Lagged(n)) => assert_eq!(n, 1),
                    Err(RecvError::Closed) => break,
                }
            }
            assert_eq!(got.last(), Some(&2));
            t.join().unwrap();
        });
    }
}
