//! The channel state shared by the bounded and unbounded flavours.
//!
//! # Protocol
//!
//! ```text
//! Chan { synced: Mutex<Synced>, bound: Option<(Semaphore, usize)>,
//!        tx_count, tx_weak_count: AtomicUsize, rx_closed: AtomicBool,
//!        closed_notify: Notify }
//! Synced { queue: VecDeque<T>, rx_waker, rx_closed, rx_dropped, tx_closed }
//! ```
//!
//! 1. **Capacity** (bounded only). Each buffered message holds one permit of
//!    the semaphore; so does each `Permit`/`OwnedPermit`, each permit left in
//!    a `PermitIterator`, and a `send` between its acquire and its push.
//!    The receiver releases a message's permit after taking it out of the
//!    queue (outside the lock). A permit that is dropped unused is released
//!    by [`Chan::release_unused`].
//! 2. **Order.** Messages are pushed and popped under the lock, so the queue
//!    order is the order of the pushes; a sender's messages stay in the order
//!    it sent them, and senders waiting for capacity are served FIFO by the
//!    semaphore.
//! 3. **Receiver wake-up.** The receiver stores `rx_waker` only under a lock
//!    in which it found the queue empty and the channel not finished
//!    (rule 4). Everything that can change that answer (a push, the last
//!    sender's drop setting `tx_closed`, an unused permit returned after
//!    `rx_closed`) takes `rx_waker` under the lock after making the change,
//!    and wakes it after unlocking. No wake-up is lost.
//! 4. **End of stream.** `recv` returns `None` when the queue is empty and
//!    either `tx_closed` (every strong sender dropped), or `rx_closed` and no
//!    permit is outstanding (bounded: all `bound` permits are back in the
//!    semaphore; unbounded: always, since an unbounded send is one critical
//!    section).
//! 5. **Closing.** `Receiver::close` sets `rx_closed` (and its atomic mirror)
//!    under the lock, closes the semaphore (pending `send`/`reserve` fail) and
//!    runs `notify_waiters` on `closed_notify` (`Sender::closed` completes).
//!    After `rx_closed`, only holders of a permit may push (rule 1).
//! 6. **Receiver drop** closes, sets `rx_dropped`, and empties the queue;
//!    pushes after `rx_dropped` are refused and the value is given back to
//!    the caller. Dropped messages' destructors run outside the lock (a
//!    message may itself own a sender of this channel).
//! 7. `tx_count` counts strong senders. The drop that takes it from 1 to 0
//!    sets `tx_closed` under the lock. A weak sender upgrades only by
//!    incrementing a non-zero count, so `tx_closed` is final.
//! 8. **Receiver batch.** When the receiver finds its own `batch` (a queue
//!    only it touches, held in the `Receiver`) empty, it swaps the whole
//!    shared queue into it in one critical section, then serves messages
//!    from the batch without locking. The batch is taken whole and in
//!    order, so rule 2 holds. Messages in the batch still hold their
//!    permits (rule 1: a permit is released when the message is handed to
//!    the caller), so the capacity bound and rule 4's "all permits back"
//!    test are unchanged; `len` counts both queues; receiver drop drops the
//!    batch too (rule 6). With many senders this turns one lock per
//!    received message into one per batch.

use super::error::TryRecvError;
use crate::batch_semaphore::{self as ll, AcquireError, TryAcquireError};
use crate::loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use crate::loom::sync::Mutex;
use crate::notify::Notify;
use crate::util::{lock, register_waker};
use std::collections::VecDeque;
use std::task::{ready, Context, Poll, Waker};

pub(super) struct Chan<T> {
    synced: Mutex<Synced<T>>,
    /// Bounded channels: the capacity semaphore and its bound (rule 1).
    bound: Option<(ll::Semaphore, usize)>,
    tx_count: AtomicUsize,
    tx_weak_count: AtomicUsize,
    /// Mirror of `Synced::rx_closed` for lock-free `is_closed` (rule 5).
    rx_closed: AtomicBool,
    closed_notify: Notify,
}

struct Synced<T> {
    queue: VecDeque<T>,
    rx_waker: Option<Waker>,
    rx_closed: bool,
    rx_dropped: bool,
    tx_closed: bool,
}

/// The receiver's batch (rule 8), held in the `Receiver`.
///
/// Only `&mut` reaches the messages; a shared reference reads the length
/// and nothing else. So, like the channel itself, it may be shared between
/// threads whenever `T: Send` (a `Receiver<Cell<u8>>` stays `Sync`, as in
/// Tokio), without requiring `T: Sync`.
pub(super) struct Batch<T>(VecDeque<T>);

impl<T> Batch<T> {
    pub(super) fn new() -> Batch<T> {
        Batch(VecDeque::new())
    }

    pub(super) fn len(&self) -> usize {
        self.0.len()
    }
}

// SAFETY: a `&Batch<T>` exposes only `len()`, which produces no `&T`, so
// sharing one between threads never shares a `T`; every access to the
// messages needs `&mut Batch<T>` (unique). Moving messages out on another
// thread needs `T: Send`, hence the bound.
unsafe impl<T: Send> Sync for Batch<T> {}

// The messages are never pinned through the batch, so it is `Unpin` for
// every `T` (a `Receiver` of `!Unpin` values stays `Unpin`, as before).
impl<T> Unpin for Batch<T> {}

/// Outcome of a push that was refused: the value comes back.
pub(super) struct Refused<T>(pub(super) T);

impl<T> Chan<T> {
    pub(super) fn new(bound: Option<usize>) -> Chan<T> {
        Chan {
            synced: Mutex::new(Synced {
                queue: VecDeque::new(),
                rx_waker: None,
                rx_closed: false,
                rx_dropped: false,
                tx_closed: false,
            }),
            bound: bound.map(|bound| (ll::Semaphore::new(bound), bound)),
            tx_count: AtomicUsize::new(1),
            tx_weak_count: AtomicUsize::new(0),
            rx_closed: AtomicBool::new(false),
            closed_notify: Notify::new(),
        }
    }

    fn semaphore(&self) -> &ll::Semaphore {
        &self
            .bound
            .as_ref()
            .expect("capacity is only used on bounded channels")
            .0
    }

    // ----- senders -----

    /// Waits for `n` permits (rule 1).
    pub(super) async fn acquire(&self, n: usize) -> Result<(), AcquireError> {
        self.semaphore().acquire(n).await
    }

    pub(super) fn try_acquire(&self, n: usize) -> Result<(), TryAcquireError> {
        self.semaphore().try_acquire(n)
    }

    /// Pushes a message. `permitted` says the caller holds a permit (rule 5:
    /// it may push after `rx_closed`). On refusal a bounded caller's permit is
    /// released here.
    pub(super) fn push(&self, value: T, permitted: bool) -> Result<(), Refused<T>> {
        let waker = {
            let mut synced = lock(&self.synced);
            if synced.rx_dropped || (!permitted && synced.rx_closed) {
                drop(synced);
                if permitted {
                    self.semaphore().release(1);
                }
                return Err(Refused(value));
            }
            synced.queue.push_back(value);
            // Rule 3.
            synced.rx_waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
        Ok(())
    }

    /// Rule 1/3: `n` permits were dropped unused.
    pub(super) fn release_unused(&self, n: usize) {
        if n == 0 {
            return;
        }
        self.semaphore().release(n);
        // After `rx_closed`, the receiver may be waiting for the last permit
        // to return (rule 4). `rx_closed` is read under the lock, so either
        // the receiver's next check sees the permit back, or its waker was
        // stored before this critical section and is taken here.
        let waker = {
            let mut synced = lock(&self.synced);
            if synced.rx_closed {
                synced.rx_waker.take()
            } else {
                None
            }
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    pub(super) fn is_closed(&self) -> bool {
        self.rx_closed.load(Ordering::SeqCst)
    }

    /// Completes once the receiver is closed or dropped (rule 5).
    pub(super) async fn closed(&self) {
        loop {
            // Created before the check: a `notify_waiters` after this point
            // completes it even though it is not polled yet.
            let notified = self.closed_notify.notified();
            if self.is_closed() {
                return;
            }
            notified.await;
        }
    }

    pub(super) fn capacity(&self) -> usize {
        self.semaphore().available_permits()
    }

    pub(super) fn max_capacity(&self) -> usize {
        self.bound
            .as_ref()
            .expect("capacity is only used on bounded channels")
            .1
    }

    pub(super) fn tx_clone(&self) {
        self.tx_count.fetch_add(1, Ordering::Relaxed);
    }

    /// Rule 7.
    pub(super) fn tx_drop(&self) {
        if self.tx_count.fetch_sub(1, Ordering::AcqRel) != 1 {
            return;
        }
        let waker = {
            let mut synced = lock(&self.synced);
            synced.tx_closed = true;
            synced.rx_waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    pub(super) fn weak_new(&self) {
        self.tx_weak_count.fetch_add(1, Ordering::Relaxed);
    }

    pub(super) fn weak_drop(&self) {
        self.tx_weak_count.fetch_sub(1, Ordering::Relaxed);
    }

    /// Rule 7: takes a strong count only if one is still alive.
    pub(super) fn weak_upgrade(&self) -> bool {
        let mut curr = self.tx_count.load(Ordering::Relaxed);
        loop {
            if curr == 0 {
                return false;
            }
            match self.tx_count.compare_exchange_weak(
                curr,
                curr + 1,
                Ordering::AcqRel,
                Ordering::Relaxed,
            ) {
                Ok(_) => return true,
                Err(actual) => curr = actual,
            }
        }
    }

    pub(super) fn strong_count(&self) -> usize {
        self.tx_count.load(Ordering::Acquire)
    }

    pub(super) fn weak_count(&self) -> usize {
        self.tx_weak_count.load(Ordering::Relaxed)
    }

    // ----- receiver -----

    /// Rule 4, evaluated under the lock with an empty queue.
    fn is_finished(&self, synced: &Synced<T>) -> bool {
        if synced.tx_closed {
            return true;
        }
        if !synced.rx_closed {
            return false;
        }
        match &self.bound {
            Some((semaphore, bound)) => semaphore.available_permits() == *bound,
            None => true,
        }
    }

    /// Takes up to `limit` messages into `buffer`, registering the waker when
    /// there are none. `Ready(0)` means the channel is finished.
    pub(super) fn poll_recv_many(
        &self,
        cx: &mut Context<'_>,
        buffer: &mut Vec<T>,
        limit: usize,
        batch: &mut Batch<T>,
    ) -> Poll<usize> {
        let coop = ready!(rt_core::coop::poll_proceed(cx));
        let batch = &mut batch.0;
        if !batch.is_empty() {
            // Rule 8: the batch is older than anything in the queue.
            let take = limit.min(batch.len());
            buffer.reserve(take);
            buffer.extend(batch.drain(..take));
            coop.made_progress();
            self.release_received(take);
            return Poll::Ready(take);
        }
        let taken = {
            let mut synced = lock(&self.synced);
            if synced.queue.is_empty() {
                if self.is_finished(&synced) {
                    coop.made_progress();
                    return Poll::Ready(0);
                }
                // Rule 3.
                let replaced = register_waker(&mut synced.rx_waker, cx);
                drop(synced);
                drop(replaced);
                return Poll::Pending;
            }
            let take = limit.min(synced.queue.len());
            buffer.reserve(take);
            buffer.extend(synced.queue.drain(..take));
            take
        };
        coop.made_progress();
        self.release_received(taken);
        Poll::Ready(taken)
    }

    pub(super) fn poll_recv(&self, cx: &mut Context<'_>, batch: &mut Batch<T>) -> Poll<Option<T>> {
        let coop = ready!(rt_core::coop::poll_proceed(cx));
        let batch = &mut batch.0;
        if batch.is_empty() {
            let mut synced = lock(&self.synced);
            if synced.queue.is_empty() {
                if self.is_finished(&synced) {
                    coop.made_progress();
                    return Poll::Ready(None);
                }
                // Rule 3.
                let replaced = register_waker(&mut synced.rx_waker, cx);
                drop(synced);
                drop(replaced);
                return Poll::Pending;
            }
            // Rule 8.
            std::mem::swap(&mut synced.queue, batch);
        }
        let value = batch.pop_front().expect("the batch is not empty here");
        coop.made_progress();
        self.release_received(1);
        Poll::Ready(Some(value))
    }

    pub(super) fn try_recv(&self, batch: &mut Batch<T>) -> Result<T, TryRecvError> {
        let batch = &mut batch.0;
        if batch.is_empty() {
            let mut synced = lock(&self.synced);
            if synced.queue.is_empty() {
                return Err(if self.is_finished(&synced) {
                    TryRecvError::Disconnected
                } else {
                    TryRecvError::Empty
                });
            }
            // Rule 8.
            std::mem::swap(&mut synced.queue, batch);
        }
        let value = batch.pop_front().expect("the batch is not empty here");
        self.release_received(1);
        Ok(value)
    }

    /// Rule 1: received messages give their capacity back.
    fn release_received(&self, n: usize) {
        if let Some((semaphore, _)) = &self.bound {
            semaphore.release(n);
        }
    }

    /// Rule 5.
    pub(super) fn close(&self) {
        {
            let mut synced = lock(&self.synced);
            synced.rx_closed = true;
            self.rx_closed.store(true, Ordering::SeqCst);
        }
        if let Some((semaphore, _)) = &self.bound {
            semaphore.close();
        }
        self.closed_notify.notify_waiters();
    }

    /// Rule 6.
    pub(super) fn rx_drop(&self, batch: &mut Batch<T>) {
        self.close();
        let dropped = {
            let mut synced = lock(&self.synced);
            synced.rx_dropped = true;
            std::mem::take(&mut synced.queue)
        };
        // Rule 8: the batch's messages hold permits too.
        let batch = std::mem::take(&mut batch.0);
        self.release_received(dropped.len() + batch.len());
        drop(dropped);
        drop(batch);
    }

    /// Messages buffered: the shared queue and the receiver's batch.
    pub(super) fn len(&self, batch: &Batch<T>) -> usize {
        lock(&self.synced).queue.len() + batch.len()
    }
}
