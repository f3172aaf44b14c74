//! A one-shot channel: send a single value from one task to another.
//!
//! [`channel`] returns a [`Sender`] and a [`Receiver`]. The sender's
//! [`send`](Sender::send) consumes it and completes without waiting; the
//! receiver is itself a future resolving to the value, or to [`RecvError`]
//! if the sender was dropped without sending.
//!
//! # Examples
//!
//! ```
//! # fn block_on<F: std::future::Future>(f: F) -> F::Output {
//! #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
//! #     let mut f = std::pin::pin!(f);
//! #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } std::thread::yield_now(); }
//! # }
//! use rt_sync::oneshot;
//!
//! let (tx, rx) = oneshot::channel();
//! std::thread::spawn(move || {
//!     if tx.send(3).is_err() {
//!         println!("the receiver dropped");
//!     }
//! });
//! block_on(async move {
//!     match rx.await {
//!         Ok(v) => assert_eq!(v, 3),
//!         Err(_) => println!("the sender dropped"),
//!     }
//! });
//! ```
//!
//! # Protocol
//!
//! Both handles share one `Inner`: an atomic `state` word and three cells,
//! with no lock.
//!
//! ```text
//! state: AtomicUsize
//! +-----+-----------+-----------+-----------+-------+---------+
//! | ... | TX_WAKER  | RX_WAKER  | RX_CLOSED | VALUE | TX_DONE |
//! +-----+-----------+-----------+-----------+-------+---------+
//!          bit 4       bit 3       bit 2      bit 1    bit 0
//! value: UnsafeCell<Option<T>>   rx_waker, tx_waker: UnsafeCell<Option<Waker>>
//! ```
//!
//! 1. **Completion bits.** `TX_DONE` is set once, by the sender's
//!    *completing RMW* (in `send`, or in `Drop` if it never sent).
//!    `RX_CLOSED` is set by the receiver's `close` or `Drop`; the RMW that
//!    first sets it is the receiver's *closing RMW*. `VALUE` is set only
//!    together with `TX_DONE`, by a CAS on a word without `RX_CLOSED`. None
//!    of the three is ever cleared.
//! 2. **`value`.** The sender owns the cell until its completing RMW. It
//!    writes the value first; if the CAS finds `RX_CLOSED`, `VALUE` is not
//!    set and the sender takes the value back. Once `VALUE` is set the
//!    receiver owns the cell, and reads it only after observing `VALUE`
//!    (Acquire), which the sender's CAS published (Release).
//! 3. **`rx_waker`.** The receiver owns the cell while `RX_WAKER` is clear:
//!    it writes its waker, then sets `RX_WAKER` (Release). While `RX_WAKER`
//!    is set and `TX_DONE` clear, the cell belongs to whichever RMW comes
//!    next: the sender's completing RMW (which then takes the waker and wakes
//!    it) or the receiver's RMW clearing `RX_WAKER` (which takes the cell
//!    back, to replace the waker). Whoever's RMW returns the other's bit
//!    knows it lost: a receiver whose RMW returns `TX_DONE` completes
//!    without touching the cell if `RX_WAKER` was set at the sender's RMW,
//!    and may leave it as is if not (nobody else will touch it again).
//! 4. **`tx_waker`** is the mirror image of rule 3 for `Sender::poll_closed`:
//!    the sender owns it while `TX_WAKER` is clear, and the receiver's
//!    closing RMW takes and wakes it if it returns `TX_WAKER` set (and no
//!    `TX_DONE`: a finished sender waits for nothing).
//! 5. Every outcome is decided by one RMW on `state`, so a receive is either
//!    completed by what it saw, or woken by the later `TX_DONE` (no lost
//!    wake-up), and likewise for `poll_closed` and `RX_CLOSED`.
//! 6. Cells left behind (a waker nobody took, a value nobody read) are
//!    dropped with `Inner`, when both handles are gone.

use crate::loom::cell::UnsafeCell;
use crate::loom::sync::atomic::{AtomicUsize, Ordering};
use crate::loom::sync::Arc;
use crate::util;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll, Waker};

pub use self::error::RecvError;

/// Errors returned by the one-shot channel.
///
/// ```
/// use rt_sync::oneshot::{self, error::{RecvError, TryRecvError}};
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let (tx, mut rx) = oneshot::channel::<u32>();
///     assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
///     drop(tx); // dropped without sending
///     assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
///
///     let (tx, rx) = oneshot::channel::<u32>();
///     drop(tx);
///     let err: RecvError = rx.await.unwrap_err();
///     assert_eq!(err.to_string(), "channel closed");
/// });
/// ```
pub mod error {
    use std::fmt;

    /// Error returned by awaiting a [`Receiver`](super::Receiver): the
    /// sender was dropped without sending a value (or the receiver was
    /// closed before one was sent).
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// use rt_sync::oneshot;
    ///
    /// let (tx, rx) = oneshot::channel::<u8>();
    /// drop(tx);
    /// let err = block_on(rx).unwrap_err();
    /// assert_eq!(err.to_string(), "channel closed");
    /// ```
    #[derive(Debug, Eq, PartialEq, Clone)]
    pub struct RecvError(pub(super) ());

    /// Error returned by [`Receiver::try_recv`](super::Receiver::try_recv).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::oneshot::{self, error::TryRecvError};
    ///
    /// let (tx, mut rx) = oneshot::channel::<u8>();
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    /// drop(tx);
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    /// ```
    #[derive(Debug, Eq, PartialEq, Clone)]
    pub enum TryRecvError {
        /// No value has been sent yet, and the sender is still alive.
        Empty,
        /// The sender dropped without sending, or the value was already
        /// received.
        Closed,
    }

    impl fmt::Display for RecvError {
        fn fmt(&self, fmt: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(fmt, "channel closed")
        }
    }

    impl std::error::Error for RecvError {}

    impl fmt::Display for TryRecvError {
        fn fmt(&self, fmt: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                TryRecvError::Empty => write!(fmt, "channel empty"),
                TryRecvError::Closed => write!(fmt, "channel closed"),
            }
        }
    }

    impl std::error::Error for TryRecvError {}
}

use self::error::TryRecvError;

struct Inner<T> {
    /// The packed word of the module protocol.
    state: AtomicUsize,
    /// Rule 2.
    value: UnsafeCell<Option<T>>,
    /// Rule 3: the task awaiting the receiver.
    rx_waker: UnsafeCell<Option<Waker>>,
    /// Rule 4: the task in `Sender::poll_closed`.
    tx_waker: UnsafeCell<Option<Waker>>,
}

/// Rule 1: the sender sent or dropped.
const TX_DONE: usize = 1;
/// Rule 1: `value` holds a sent value, owned by the receiver.
const VALUE: usize = 2;
/// Rule 1: the receiver closed or dropped.
const RX_CLOSED: usize = 4;
/// Rule 3: `rx_waker` holds the receiver's waker.
const RX_WAKER: usize = 8;
/// Rule 4: `tx_waker` holds the sender's waker.
const TX_WAKER: usize = 16;

// SAFETY: the cells are accessed only as the module protocol allows: each
// at any moment by the one handle that owns it (rules 2-4), the ownership
// passing through RMWs on `state` with Acquire/Release ordering. A `T`
// moves from the sender's thread to the receiver's, hence `T: Send`; no
// `&T` is ever shared, so `T: Sync` is not needed.
unsafe impl<T: Send> Send for Inner<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Sync for Inner<T> {}

impl<T> Inner<T> {
    /// Rule 2: takes the sent value. Call only after observing `VALUE`,
    /// from the receiver.
    fn take_value(&self) -> Option<T> {
        // SAFETY: rule 2: with `VALUE` observed, the receiver owns `value`.
        self.value.with_mut(|value| unsafe { (*value).take() })
    }

    /// Rule 3: the sender's completing RMW returned `prev`; wake the
    /// receiver if its waker was registered.
    fn wake_rx(&self, prev: usize) {
        if prev & RX_WAKER != 0 {
            // SAFETY: rule 3: `RX_WAKER` was set at the sender's completing
            // RMW, so the cell passed to the sender, and the receiver never
            // touches it again.
            let waker = self.rx_waker.with_mut(|waker| unsafe { (*waker).take() });
            if let Some(waker) = waker {
                waker.wake();
            }
        }
    }

    /// Rules 1 and 4: the receiver closes, waking a waiting
    /// `Sender::poll_closed` if this is its closing RMW. Returns the word
    /// before the RMW.
    fn close_rx(&self) -> usize {
        let prev = self.state.fetch_or(RX_CLOSED, Ordering::AcqRel);
        if prev & (RX_CLOSED | TX_WAKER | TX_DONE) == TX_WAKER {
            // SAFETY: rule 4: this is the closing RMW and it returned
            // `TX_WAKER`, so the cell passed to the receiver; the sender
            // sees `RX_CLOSED` from now on and never touches it again.
            let waker = self.tx_waker.with_mut(|waker| unsafe { (*waker).take() });
            if let Some(waker) = waker {
                waker.wake();
            }
        }
        prev
    }

    /// The result a receiver that observed `state` returns, if it is
    /// finished; `None` if it must wait.
    fn result(&self, state: usize) -> Option<Result<T, ()>> {
        if state & VALUE != 0 {
            Some(self.take_value().ok_or(()))
        } else if state & (TX_DONE | RX_CLOSED) != 0 {
            Some(Err(()))
        } else {
            None
        }
    }

    /// Rule 3: registers the receiver's waker (or replaces it). Returns the
    /// word if the sender completed meanwhile, `None` if registered.
    fn register_rx(&self, state: usize, cx: &Context<'_>) -> Option<usize> {
        if state & RX_WAKER != 0 {
            let prev = self.state.fetch_and(!RX_WAKER, Ordering::AcqRel);
            if prev & TX_DONE != 0 {
                // Lost the cell to the sender's completing RMW.
                return Some(prev);
            }
        }
        // SAFETY: rule 3: `RX_WAKER` is clear (it was, or this task just
        // cleared it before any `TX_DONE`), so the receiver owns the cell.
        // No lock is held here: the replaced waker may be dropped at once.
        drop(
            self.rx_waker
                .with_mut(|waker| util::register_waker(unsafe { &mut *waker }, cx)),
        );
        let prev = self.state.fetch_or(RX_WAKER, Ordering::AcqRel);
        if prev & TX_DONE != 0 {
            return Some(prev);
        }
        None
    }

    /// Rule 4, for `Sender::poll_closed`: as [`register_rx`](Self::register_rx).
    fn register_tx(&self, state: usize, cx: &Context<'_>) -> bool {
        if state & TX_WAKER != 0 {
            let prev = self.state.fetch_and(!TX_WAKER, Ordering::AcqRel);
            if prev & RX_CLOSED != 0 {
                return true;
            }
        }
        // SAFETY: rule 4: `TX_WAKER` is clear and `RX_CLOSED` was not set
        // when it was cleared, so the sender owns the cell.
        // No lock is held here: the replaced waker may be dropped at once.
        drop(
            self.tx_waker
                .with_mut(|waker| util::register_waker(unsafe { &mut *waker }, cx)),
        );
        let prev = self.state.fetch_or(TX_WAKER, Ordering::AcqRel);
        prev & RX_CLOSED != 0
    }
}

/// Sends a value to the associated [`Receiver`].
///
/// Created by [`channel`].
///
/// # Examples
///
/// ```
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
/// # }
/// let (tx, rx) = rt_sync::oneshot::channel();
/// tx.send("done").unwrap();
/// assert_eq!(block_on(rx), Ok("done"));
/// ```
pub struct Sender<T> {
    /// `None` once `send` has run (it then completed for the sender).
    inner: Option<Arc<Inner<T>>>,
}

/// Receives the value from the associated [`Sender`].
///
/// Created by [`channel`]. Await the receiver itself (or `&mut receiver`) to
/// get the value; it resolves to [`RecvError`] if the sender drops without
/// sending.
///
/// Awaiting the receiver again after it has completed panics; use
/// [`is_terminated`](Receiver::is_terminated) to check.
///
/// # Cancel safety
///
/// Awaiting `&mut receiver` is cancel safe: if the branch is cancelled, the
/// value (if any) stays in the channel for the next poll or
/// [`try_recv`](Receiver::try_recv).
///
/// # Examples
///
/// ```
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } std::thread::yield_now(); }
/// # }
/// let (tx, mut rx) = rt_sync::oneshot::channel();
/// let t = std::thread::spawn(move || tx.send(5).unwrap());
/// assert_eq!(block_on(&mut rx), Ok(5));
/// assert!(rx.is_terminated());
/// t.join().unwrap();
/// ```
pub struct Receiver<T> {
    /// `None` once the value (or the error) has been returned.
    inner: Option<Arc<Inner<T>>>,
}

/// Creates a one-shot channel: a [`Sender`] and [`Receiver`] pair.
///
/// # Examples
///
/// ```
/// let (tx, mut rx) = rt_sync::oneshot::channel::<i32>();
/// tx.send(1).unwrap();
/// assert_eq!(rx.try_recv(), Ok(1));
/// ```
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let inner = Arc::new(Inner {
        state: AtomicUsize::new(0),
        value: UnsafeCell::new(None),
        rx_waker: UnsafeCell::new(None),
        tx_waker: UnsafeCell::new(None),
    });
    (
        Sender {
            inner: Some(inner.clone()),
        },
        Receiver { inner: Some(inner) },
    )
}

impl<T> Sender<T> {
    /// Sends `t` to the receiver, consuming the sender.
    ///
    /// This never waits. A successful send does not mean the value will be
    /// received: the receiver may still drop without reading it.
    ///
    /// # Errors
    ///
    /// Returns `Err(t)` if the receiver was dropped or
    /// [closed](Receiver::close) before the send.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt_sync::oneshot::channel();
    /// drop(rx);
    /// assert_eq!(tx.send(7), Err(7));
    /// ```
    pub fn send(mut self, t: T) -> Result<(), T> {
        let inner = self
            .inner
            .take()
            .expect("a Sender holds its Inner until send");
        // SAFETY: rule 2: before its completing RMW the sender owns `value`.
        inner.value.with_mut(|value| unsafe { *value = Some(t) });
        let mut curr = inner.state.load(Ordering::Acquire);
        loop {
            if curr & RX_CLOSED != 0 {
                // Rule 2: not published; take the value back, then complete
                // as a dropped sender.
                // SAFETY: rule 2: `VALUE` is not set, the sender still owns it.
                let t = inner.value.with_mut(|value| unsafe { (*value).take() });
                let prev = inner.state.fetch_or(TX_DONE, Ordering::AcqRel);
                inner.wake_rx(prev);
                return Err(t.expect("the value was stored above"));
            }
            match inner.state.compare_exchange_weak(
                curr,
                curr | TX_DONE | VALUE,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(prev) => {
                    inner.wake_rx(prev);
                    return Ok(());
                }
                Err(actual) => curr = actual,
            }
        }
    }

    fn inner(&self) -> &Inner<T> {
        self.inner
            .as_ref()
            .expect("a Sender holds its Inner until send")
    }

    /// Waits until the receiver is dropped or [closed](Receiver::close).
    ///
    /// Useful to stop computing a value nobody will read.
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
    /// let (mut tx, rx) = rt_sync::oneshot::channel::<()>();
    /// std::thread::spawn(move || drop(rx));
    /// block_on(tx.closed());
    /// assert!(tx.is_closed());
    /// ```
    pub async fn closed(&mut self) {
        std::future::poll_fn(|cx| self.poll_closed(cx)).await
    }

    /// Returns `true` if the receiver has been dropped or
    /// [closed](Receiver::close).
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::oneshot::channel::<()>();
    /// assert!(!tx.is_closed());
    /// rx.close();
    /// assert!(tx.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        self.inner().state.load(Ordering::Acquire) & RX_CLOSED != 0
    }

    /// Polls whether the receiver has been dropped or closed.
    ///
    /// Returns `Ready(())` once it has. Otherwise registers the task to be
    /// woken when it is; only the waker of the most recent call is kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::task::{Context, Poll, Waker};
    ///
    /// let (mut tx, rx) = rt_sync::oneshot::channel::<()>();
    /// let mut cx = Context::from_waker(Waker::noop());
    /// assert!(tx.poll_closed(&mut cx).is_pending());
    /// drop(rx);
    /// assert_eq!(tx.poll_closed(&mut cx), Poll::Ready(()));
    /// ```
    pub fn poll_closed(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let coop = ready!(rt_core::coop::poll_proceed(cx));
        let inner = self.inner();
        let state = inner.state.load(Ordering::Acquire);
        if state & RX_CLOSED != 0 || inner.register_tx(state, cx) {
            coop.made_progress();
            return Poll::Ready(());
        }
        Poll::Pending
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        if let Some(inner) = self.inner.take() {
            // Rule 1: the completing RMW of a sender that never sent.
            let prev = inner.state.fetch_or(TX_DONE, Ordering::AcqRel);
            inner.wake_rx(prev);
        }
    }
}

impl<T> Receiver<T> {
    /// Prevents the sender from sending.
    ///
    /// Any [`send`](Sender::send) after this returns fails, and
    /// [`Sender::closed`] completes. A value sent before the call can still be
    /// read with [`try_recv`](Receiver::try_recv) (or by awaiting).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::oneshot::{self, error::TryRecvError};
    ///
    /// let (tx, mut rx) = oneshot::channel();
    /// rx.close();
    /// assert_eq!(tx.send(1), Err(1));
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    /// ```
    pub fn close(&mut self) {
        if let Some(inner) = &self.inner {
            inner.close_rx();
        }
    }

    /// Returns `true` once the receiver has produced its result (a value or
    /// an error) by awaiting or [`try_recv`](Receiver::try_recv); awaiting it
    /// again would panic.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::oneshot::channel();
    /// assert!(!rx.is_terminated());
    /// tx.send(1).unwrap();
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// assert!(rx.is_terminated());
    /// ```
    pub fn is_terminated(&self) -> bool {
        self.inner.is_none()
    }

    /// Returns `true` if there is no value waiting to be received.
    ///
    /// A terminated receiver is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt_sync::oneshot::channel();
    /// assert!(rx.is_empty());
    /// tx.send(1).unwrap();
    /// assert!(!rx.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        match &self.inner {
            // Rule 2: the value, once sent, stays until the receiver
            // terminates by taking it.
            Some(inner) => inner.state.load(Ordering::Acquire) & VALUE == 0,
            None => true,
        }
    }

    /// Receives the value if it has been sent, without waiting.
    ///
    /// # Errors
    ///
    /// [`TryRecvError::Empty`] if no value was sent yet and the sender is
    /// alive; [`TryRecvError::Closed`] if the sender dropped without sending,
    /// the receiver was closed, or the value was already received.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::oneshot::{self, error::TryRecvError};
    ///
    /// let (tx, mut rx) = oneshot::channel();
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    /// tx.send("hi").unwrap();
    /// assert_eq!(rx.try_recv(), Ok("hi"));
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    /// ```
    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        let Some(inner) = &self.inner else {
            return Err(TryRecvError::Closed);
        };
        let result = match inner.result(inner.state.load(Ordering::Acquire)) {
            Some(result) => result.map_err(|()| TryRecvError::Closed),
            None => return Err(TryRecvError::Empty),
        };
        self.inner = None;
        result
    }

    /// Blocks the current thread until the value arrives.
    ///
    /// For use in synchronous code.
    ///
    /// # Errors
    ///
    /// [`RecvError`] if the sender dropped without sending.
    ///
    /// # Panics
    ///
    /// Panics if called inside an asynchronous execution context (a runtime
    /// thread), and if the receiver has already completed.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt_sync::oneshot::channel();
    /// let t = std::thread::spawn(move || tx.send(10).unwrap());
    /// assert_eq!(rx.blocking_recv(), Ok(10));
    /// t.join().unwrap();
    /// ```
    pub fn blocking_recv(self) -> Result<T, RecvError> {
        util::assert_not_in_runtime("oneshot::Receiver::blocking_recv");
        util::block_on(self)
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        let Some(inner) = &self.inner else { return };
        let prev = inner.close_rx();
        if prev & VALUE != 0 {
            // Rule 2: dropped now rather than with the last handle.
            drop(inner.take_value());
        }
    }
}

impl<T> Future for Receiver<T> {
    type Output = Result<T, RecvError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self
            .inner
            .as_ref()
            .expect("oneshot::Receiver polled after it completed");
        let coop = ready!(rt_core::coop::poll_proceed(cx));
        let mut state = inner.state.load(Ordering::Acquire);
        let result = loop {
            if let Some(result) = inner.result(state) {
                break result;
            }
            match inner.register_rx(state, cx) {
                Some(prev) => state = prev,
                None => return Poll::Pending,
            }
        };
        coop.made_progress();
        self.inner = None;
        Poll::Ready(result.map_err(|()| RecvError(())))
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender")
            .field("is_closed", &self.is_closed())
            .finish()
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("is_terminated", &self.is_terminated())
            .finish()
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::future::block_on;
    use loom::thread;

    #[test]
    fn loom_send_then_recv_across_threads() {
        loom::model(|| {
            let (tx, rx) = channel::<usize>();
            let t = thread::spawn(move || {
                let _ = tx.send(1);
            });
            assert_eq!(block_on(rx), Ok(1));
            t.join().unwrap();
        });
    }

    #[test]
    fn loom_sender_drop_wakes_receiver() {
        loom::model(|| {
            let (tx, rx) = channel::<usize>();
            let t = thread::spawn(move || drop(tx));
            assert_eq!(block_on(rx), Err(RecvError(())));
            t.join().unwrap();
        });
    }

    #[test]
    fn loom_close_races_send() {
        loom::model(|| {
            let (tx, mut rx) = channel::<usize>();
            let t = thread::spawn(move || tx.send(1).is_ok());
            rx.close();
            let sent = t.join().unwrap();
            // A value is received exactly when the send succeeded.
            assert_eq!(rx.try_recv().is_ok(), sent);
        });
    }

    /// Rule 3: a receiver re-registering a different waker races the send;
    /// whichever RMW wins, the value arrives and the wake is not lost.
    #[test]
    fn loom_reregister_races_send() {
        loom::model(|| {
            let (tx, mut rx) = channel::<usize>();
            let t = thread::spawn(move || tx.send(1).unwrap());
            let mut cx = Context::from_waker(Waker::noop());
            match Pin::new(&mut rx).poll(&mut cx) {
                Poll::Ready(v) => assert_eq!(v, Ok(1)),
                // `block_on` polls with its own waker: the re-registration.
                Poll::Pending => assert_eq!(block_on(&mut rx), Ok(1)),
            }
            t.join().unwrap();
        });
    }

    /// Rule 4: `poll_closed` re-registering races the receiver's drop.
    #[test]
    fn loom_poll_closed_reregister_races_receiver_drop() {
        loom::model(|| {
            let (mut tx, rx) = channel::<usize>();
            let t = thread::spawn(move || drop(rx));
            let mut cx = Context::from_waker(Waker::noop());
            if tx.poll_closed(&mut cx).is_pending() {
                block_on(tx.closed());
            }
            assert!(tx.is_closed());
            t.join().unwrap();
        });
    }

    /// Rule 2: a send racing the receiver's drop: the value is either given
    /// back or dropped by the receiver, exactly once, never leaked.
    #[test]
    fn loom_send_races_receiver_drop_value_dropped_once() {
        loom::model(|| {
            let (tx, rx) = channel::<Arc<()>>();
            let value = Arc::new(());
            let sent = value.clone();
            let t = thread::spawn(move || drop(rx));
            let returned = tx.send(sent);
            t.join().unwrap();
            drop(returned);
            assert_eq!(Arc::strong_count(&value), 1);
        });
    }

    #[test]
    fn loom_receiver_drop_completes_closed() {
        loom::model(|| {
            let (mut tx, rx) = channel::<usize>();
            let t = thread::spawn(move || drop(rx));
            block_on(tx.closed());
            assert!(tx.is_closed());
            t.join().unwrap();
        });
    }
}
