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
//! Both handles share one `Inner` whose `State` sits behind a mutex; there
//! is no other shared field. The rules:
//!
//! 1. `value` is written once, by `Sender::send`, and only if `rx_closed` is
//!    false at that moment; the same critical section sets `tx_done`.
//! 2. `tx_done` is set by the sender when it sends or drops; `rx_closed` is
//!    set by the receiver when it closes or drops. Neither is ever cleared.
//! 3. `rx_waker` is read and taken only by the sender, under the lock in which
//!    it sets `tx_done`; the receiver stores it only under a lock in which it
//!    saw `tx_done` false. So a receive is either completed by what it saw, or
//!    woken by the later `tx_done` (no lost wake-up). `tx_waker` is the
//!    mirror image for `rx_closed` and `Sender::poll_closed`.
//! 4. Wakers are woken after the lock is released.

use crate::loom::sync::{Arc, Mutex};
use crate::util::{self, lock};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll, Waker};

pub use self::error::RecvError;

/// Errors returned by the one-shot channel.
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
    state: Mutex<State<T>>,
}

struct State<T> {
    value: Option<T>,
    /// Rule 2: the sender sent or dropped.
    tx_done: bool,
    /// Rule 2: the receiver closed or dropped.
    rx_closed: bool,
    /// Rule 3: the task awaiting the receiver.
    rx_waker: Option<Waker>,
    /// Rule 3: the task in `Sender::poll_closed`.
    tx_waker: Option<Waker>,
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
    inner: Arc<Inner<T>>,
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
        state: Mutex::new(State {
            value: None,
            tx_done: false,
            rx_closed: false,
            rx_waker: None,
            tx_waker: None,
        }),
    });
    (
        Sender {
            inner: inner.clone(),
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
    pub fn send(self, t: T) -> Result<(), T> {
        let waker;
        {
            let mut state = lock(&self.inner.state);
            if state.rx_closed {
                return Err(t);
            }
            // Rule 1: store the value and mark the sender done together.
            state.value = Some(t);
            state.tx_done = true;
            waker = state.rx_waker.take();
        }
        // `Drop` has nothing left to do: `tx_done` is set.
        drop(self);
        if let Some(waker) = waker {
            waker.wake();
        }
        Ok(())
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
        lock(&self.inner.state).rx_closed
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
        let mut state = lock(&self.inner.state);
        if state.rx_closed {
            coop.made_progress();
            return Poll::Ready(());
        }
        // Rule 3: stored under the lock in which `rx_closed` was false.
        util::register_waker(&mut state.tx_waker, cx);
        Poll::Pending
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let waker = {
            let mut state = lock(&self.inner.state);
            if state.tx_done {
                return;
            }
            state.tx_done = true;
            state.rx_waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
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
        let Some(inner) = &self.inner else { return };
        let waker = {
            let mut state = lock(&inner.state);
            state.rx_closed = true;
            state.tx_waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
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
            Some(inner) => lock(&inner.state).value.is_none(),
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
        let result = {
            let mut state = lock(&inner.state);
            match state.value.take() {
                Some(value) => Ok(value),
                None if state.tx_done || state.rx_closed => Err(TryRecvError::Closed),
                None => return Err(TryRecvError::Empty),
            }
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
        let (value, waker) = {
            let mut state = lock(&inner.state);
            state.rx_closed = true;
            (state.value.take(), state.tx_waker.take())
        };
        if let Some(waker) = waker {
            waker.wake();
        }
        // The value's destructor runs outside the lock.
        drop(value);
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
        let result = {
            let mut state = lock(&inner.state);
            match state.value.take() {
                Some(value) => Ok(value),
                None if state.tx_done || state.rx_closed => Err(RecvError(())),
                None => {
                    // Rule 3: stored under the lock in which `tx_done` was false.
                    util::register_waker(&mut state.rx_waker, cx);
                    return Poll::Pending;
                }
            }
        };
        coop.made_progress();
        self.inner = None;
        Poll::Ready(result)
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
