//! The unbounded channel: sending never waits.

use super::chan::{Batch, Chan, Refused};
use super::error::{SendError, TryRecvError};
use crate::loom::sync::Arc;
use crate::util;
use std::fmt;
use std::task::{Context, Poll};

/// Sends values to the associated [`UnboundedReceiver`]; cloneable.
///
/// Created by [`unbounded_channel`].
///
/// # Examples
///
/// ```
/// let (tx, mut rx) = rt_sync::mpsc::unbounded_channel();
/// tx.send(1).unwrap();
/// tx.clone().send(2).unwrap();
/// assert_eq!(rx.try_recv(), Ok(1));
/// assert_eq!(rx.try_recv(), Ok(2));
/// ```
pub struct UnboundedSender<T> {
    chan: Arc<Chan<T>>,
}

/// An unbounded sender that does not keep the channel open.
///
/// # Examples
///
/// ```
/// let (tx, _rx) = rt_sync::mpsc::unbounded_channel::<()>();
/// let weak = tx.downgrade();
/// drop(tx);
/// assert!(weak.upgrade().is_none());
/// ```
pub struct WeakUnboundedSender<T> {
    chan: Arc<Chan<T>>,
}

/// Receives values from the associated [`UnboundedSender`]s.
///
/// Created by [`unbounded_channel`]. Dropping it closes the channel and drops
/// every buffered message.
///
/// # Examples
///
/// ```
/// let (tx, mut rx) = rt_sync::mpsc::unbounded_channel();
/// std::thread::spawn(move || tx.send("hi").unwrap());
/// assert_eq!(rx.blocking_recv(), Some("hi"));
/// assert_eq!(rx.blocking_recv(), None);
/// ```
pub struct UnboundedReceiver<T> {
    chan: Arc<Chan<T>>,
    /// Messages taken from the channel in one critical section and not
    /// yet returned (chan.rs rule 8).
    batch: Batch<T>,
}

/// Creates an unbounded channel: `send` never waits, and memory is the only
/// limit on buffered messages.
///
/// # Examples
///
/// ```
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
/// # }
/// let (tx, mut rx) = rt_sync::mpsc::unbounded_channel();
/// for i in 0..1000 {
///     tx.send(i).unwrap();
/// }
/// drop(tx);
/// let mut sum = 0;
/// block_on(async {
///     while let Some(i) = rx.recv().await {
///         sum += i;
///     }
/// });
/// assert_eq!(sum, 499_500);
/// ```
pub fn unbounded_channel<T>() -> (UnboundedSender<T>, UnboundedReceiver<T>) {
    let chan = Arc::new(Chan::new(None));
    (
        UnboundedSender { chan: chan.clone() },
        UnboundedReceiver {
            chan,
            batch: Batch::new(),
        },
    )
}

impl<T> UnboundedSender<T> {
    /// Sends `message` without waiting.
    ///
    /// # Errors
    ///
    /// [`SendError`] holding the message if the receiver is closed or
    /// dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::mpsc::unbounded_channel();
    /// tx.send(1).unwrap();
    /// rx.close();
    /// assert_eq!(tx.send(2).unwrap_err().0, 2);
    /// ```
    pub fn send(&self, message: T) -> Result<(), SendError<T>> {
        self.chan
            .push(message, false)
            .map_err(|Refused(message)| SendError(message))
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
    /// let (tx, rx) = rt_sync::mpsc::unbounded_channel::<()>();
    /// std::thread::spawn(move || drop(rx));
    /// block_on(tx.closed());
    /// ```
    pub async fn closed(&self) {
        self.chan.closed().await
    }

    /// Returns `true` if the receiver is closed or dropped.
    ///
    /// ```
    /// let (tx, rx) = rt_sync::mpsc::unbounded_channel::<()>();
    /// drop(rx);
    /// assert!(tx.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        self.chan.is_closed()
    }

    /// Returns `true` if both senders belong to the same channel.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::unbounded_channel::<()>();
    /// assert!(tx.same_channel(&tx.clone()));
    /// ```
    pub fn same_channel(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.chan, &other.chan)
    }

    /// Returns a [`WeakUnboundedSender`], which does not keep the channel
    /// open.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::unbounded_channel::<()>();
    /// let weak = tx.downgrade();
    /// assert!(weak.upgrade().is_some());
    /// ```
    pub fn downgrade(&self) -> WeakUnboundedSender<T> {
        self.chan.weak_new();
        WeakUnboundedSender {
            chan: self.chan.clone(),
        }
    }

    /// Returns the number of [`UnboundedSender`]s of this channel.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::unbounded_channel::<()>();
    /// assert_eq!(tx.strong_count(), 1);
    /// ```
    pub fn strong_count(&self) -> usize {
        self.chan.strong_count()
    }

    /// Returns the number of [`WeakUnboundedSender`]s of this channel.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::unbounded_channel::<()>();
    /// let _weak = tx.downgrade();
    /// assert_eq!(tx.weak_count(), 1);
    /// ```
    pub fn weak_count(&self) -> usize {
        self.chan.weak_count()
    }
}

impl<T> Clone for UnboundedSender<T> {
    fn clone(&self) -> Self {
        self.chan.tx_clone();
        UnboundedSender {
            chan: self.chan.clone(),
        }
    }
}

impl<T> Drop for UnboundedSender<T> {
    fn drop(&mut self) {
        self.chan.tx_drop();
    }
}

impl<T> fmt::Debug for UnboundedSender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnboundedSender")
            .field("is_closed", &self.is_closed())
            .finish()
    }
}

impl<T> WeakUnboundedSender<T> {
    /// Returns an [`UnboundedSender`] if one still exists.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::unbounded_channel::<()>();
    /// let weak = tx.downgrade();
    /// assert!(weak.upgrade().unwrap().same_channel(&tx));
    /// ```
    pub fn upgrade(&self) -> Option<UnboundedSender<T>> {
        if self.chan.weak_upgrade() {
            Some(UnboundedSender {
                chan: self.chan.clone(),
            })
        } else {
            None
        }
    }

    /// Returns the number of [`UnboundedSender`]s of this channel.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::unbounded_channel::<()>();
    /// assert_eq!(tx.downgrade().strong_count(), 1);
    /// ```
    pub fn strong_count(&self) -> usize {
        self.chan.strong_count()
    }

    /// Returns the number of [`WeakUnboundedSender`]s of this channel.
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::mpsc::unbounded_channel::<()>();
    /// assert_eq!(tx.downgrade().weak_count(), 1);
    /// ```
    pub fn weak_count(&self) -> usize {
        self.chan.weak_count()
    }
}

impl<T> Clone for WeakUnboundedSender<T> {
    fn clone(&self) -> Self {
        self.chan.weak_new();
        WeakUnboundedSender {
            chan: self.chan.clone(),
        }
    }
}

impl<T> Drop for WeakUnboundedSender<T> {
    fn drop(&mut self) {
        self.chan.weak_drop();
    }
}

impl<T> fmt::Debug for WeakUnboundedSender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WeakUnboundedSender")
            .finish_non_exhaustive()
    }
}

impl<T> UnboundedReceiver<T> {
    /// Receives the next message, waiting if none is buffered; `None` once
    /// every sender dropped (or the receiver was closed) and the buffer is
    /// drained.
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
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let (tx, mut rx) = rt_sync::mpsc::unbounded_channel();
    /// tx.send(1).unwrap();
    /// drop(tx);
    /// assert_eq!(block_on(rx.recv()), Some(1));
    /// assert_eq!(block_on(rx.recv()), None);
    /// ```
    pub async fn recv(&mut self) -> Option<T> {
        std::future::poll_fn(|cx| self.chan.poll_recv(cx, &mut self.batch)).await
    }

    /// Receives up to `limit` messages into `buffer`, waiting if none is
    /// buffered; returns how many. Returns 0 at once if `limit` is 0, and 0
    /// once the channel is finished.
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
    /// let (tx, mut rx) = rt_sync::mpsc::unbounded_channel();
    /// tx.send('a').unwrap();
    /// tx.send('b').unwrap();
    /// let mut buffer = Vec::new();
    /// assert_eq!(block_on(rx.recv_many(&mut buffer, 10)), 2);
    /// assert_eq!(buffer, ['a', 'b']);
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
    /// let (tx, mut rx) = mpsc::unbounded_channel();
    /// tx.send(1).unwrap();
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
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
    /// let (tx, mut rx) = rt_sync::mpsc::unbounded_channel();
    /// std::thread::spawn(move || tx.send(1).unwrap());
    /// assert_eq!(rx.blocking_recv(), Some(1));
    /// ```
    pub fn blocking_recv(&mut self) -> Option<T> {
        util::assert_not_in_runtime("mpsc::UnboundedReceiver::blocking_recv");
        util::block_on(self.recv())
    }

    /// Receives up to `limit` messages, blocking the current thread until at
    /// least one arrives (or the channel is finished).
    ///
    /// # Panics
    ///
    /// Panics if called inside an asynchronous execution context (a runtime
    /// thread).
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::mpsc::unbounded_channel();
    /// tx.send(1).unwrap();
    /// let mut buffer = Vec::new();
    /// assert_eq!(rx.blocking_recv_many(&mut buffer, 4), 1);
    /// ```
    pub fn blocking_recv_many(&mut self, buffer: &mut Vec<T>, limit: usize) -> usize {
        util::assert_not_in_runtime("mpsc::UnboundedReceiver::blocking_recv_many");
        util::block_on(self.recv_many(buffer, limit))
    }

    /// Closes the receiving half without dropping it: later sends fail,
    /// [`UnboundedSender::closed`] completes, buffered messages stay
    /// receivable.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::mpsc::unbounded_channel();
    /// tx.send(1).unwrap();
    /// rx.close();
    /// assert!(tx.send(2).is_err());
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// ```
    pub fn close(&mut self) {
        self.chan.close();
    }

    /// Returns `true` if the receiver is closed (by
    /// [`close`](UnboundedReceiver::close) or because every sender dropped).
    ///
    /// ```
    /// let (tx, rx) = rt_sync::mpsc::unbounded_channel::<()>();
    /// drop(tx);
    /// assert!(rx.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        self.chan.is_closed() || self.chan.strong_count() == 0
    }

    /// Returns `true` if no message is buffered.
    ///
    /// ```
    /// let (_tx, rx) = rt_sync::mpsc::unbounded_channel::<()>();
    /// assert!(rx.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns the number of buffered messages.
    ///
    /// ```
    /// let (tx, rx) = rt_sync::mpsc::unbounded_channel();
    /// tx.send(()).unwrap();
    /// assert_eq!(rx.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.chan.len(&self.batch)
    }

    /// Returns the number of [`UnboundedSender`]s.
    ///
    /// ```
    /// let (_tx, rx) = rt_sync::mpsc::unbounded_channel::<()>();
    /// assert_eq!(rx.sender_strong_count(), 1);
    /// ```
    pub fn sender_strong_count(&self) -> usize {
        self.chan.strong_count()
    }

    /// Returns the number of [`WeakUnboundedSender`]s.
    ///
    /// ```
    /// let (tx, rx) = rt_sync::mpsc::unbounded_channel::<()>();
    /// let _weak = tx.downgrade();
    /// assert_eq!(rx.sender_weak_count(), 1);
    /// ```
    pub fn sender_weak_count(&self) -> usize {
        self.chan.weak_count()
    }

    /// Polls for the next message; see [`recv`](UnboundedReceiver::recv).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::task::{Context, Poll, Waker};
    ///
    /// let (tx, mut rx) = rt_sync::mpsc::unbounded_channel();
    /// let mut cx = Context::from_waker(Waker::noop());
    /// assert!(rx.poll_recv(&mut cx).is_pending());
    /// drop(tx);
    /// assert_eq!(rx.poll_recv(&mut cx), Poll::Ready(None::<()>));
    /// ```
    pub fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.chan.poll_recv(cx, &mut self.batch)
    }

    /// Polls for up to `limit` messages; see
    /// [`recv_many`](UnboundedReceiver::recv_many).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::task::{Context, Poll, Waker};
    ///
    /// let (tx, mut rx) = rt_sync::mpsc::unbounded_channel();
    /// let mut cx = Context::from_waker(Waker::noop());
    /// tx.send(1).unwrap();
    /// let mut buffer = Vec::new();
    /// assert_eq!(rx.poll_recv_many(&mut cx, &mut buffer, 0), Poll::Ready(0));
    /// assert_eq!(rx.poll_recv_many(&mut cx, &mut buffer, 1), Poll::Ready(1));
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

impl<T> Drop for UnboundedReceiver<T> {
    fn drop(&mut self) {
        self.chan.rx_drop(&mut self.batch);
    }
}

impl<T> fmt::Debug for UnboundedReceiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnboundedReceiver")
            .field("len", &self.len())
            .field("is_closed", &self.is_closed())
            .finish()
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::future::block_on;
    use loom::thread;

    #[test]
    fn loom_last_sender_drop_ends_stream_after_messages() {
        loom::model(|| {
            let (tx, mut rx) = unbounded_channel::<usize>();
            let tx2 = tx.clone();
            let t1 = thread::spawn(move || tx.send(1).unwrap());
            let t2 = thread::spawn(move || tx2.send(2).unwrap());
            let mut got = Vec::new();
            while let Some(v) = block_on(rx.recv()) {
                got.push(v);
            }
            got.sort_unstable();
            assert_eq!(got, [1, 2]);
            t1.join().unwrap();
            t2.join().unwrap();
        });
    }

    #[test]
    fn loom_send_races_receiver_drop() {
        loom::model(|| {
            let (tx, rx) = unbounded_channel::<crate::loom::sync::Arc<()>>();
            let value = crate::loom::sync::Arc::new(());
            let v2 = value.clone();
            let t = thread::spawn(move || drop(rx));
            // Accepted or refused, the message is dropped exactly once.
            let _ = tx.send(v2);
            t.join().unwrap();
            assert_eq!(crate::loom::sync::Arc::strong_count(&value), 1);
        });
    }
}
