//! A single-producer, multi-consumer channel that keeps only the latest
//! value.
//!
//! [`channel`] returns a [`Sender`] and a [`Receiver`]. Receivers see the
//! most recent value with [`Receiver::borrow`] and wait for a newer one with
//! [`Receiver::changed`]; intermediate values may be skipped. Use it for
//! configuration, state or "current status" broadcasts.
//!
//! The channel is closed when the [`Sender`] drops: `changed` then returns
//! [`error::RecvError`] once every sent value has been seen. With no
//! receivers left, [`Sender::send`] fails with [`error::SendError`] (but
//! [`Sender::send_replace`] and [`Sender::send_modify`] still update the
//! value for future subscribers).
//!
//! # Examples
//!
//! ```
//! let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
//! rt.block_on(async {
//!     let (tx, mut rx) = rt_sync::watch::channel("starting");
//!     let watcher = rt_core::spawn(async move {
//!         // Wait until the status says we are up; values in between may be skipped.
//!         let status = *rx.wait_for(|s| *s == "up").await.unwrap();
//!         status
//!     });
//!     tx.send("loading").unwrap();
//!     tx.send("up").unwrap();
//!     assert_eq!(watcher.await.unwrap(), "up");
//!     assert_eq!(*tx.borrow(), "up");
//! });
//! ```
//!
//! # Protocol
//!
//! ```text
//! Shared { value: RwLock<T>, state: AtomicUsize, rx_count: AtomicUsize,
//!          notify_rx: Notify, notify_tx: Notify }
//! state: | version (bits 1..) | CLOSED (bit 0) |
//! ```
//!
//! 1. **Version.** Every change of `value` adds 2 to `state` (one version
//!    step) *while the write lock is still held*. So a reader that loads
//!    `state` under the read lock gets exactly the version of the value it
//!    is looking at.
//! 2. **Seen.** A receiver remembers the version it has seen; it has
//!    changes when `state`'s version differs. `mark_changed` stores an odd
//!    version, which never equals a real one.
//! 3. **Wake-ups.** Every version step and the close are followed (after
//!    unlocking) by `notify_rx.notify_waiters()`. A waiting receiver creates
//!    its `Notified` *before* checking `state`, so a step after the check
//!    completes that `Notified` even before it is polled: no wake-up is lost.
//!    [`Receiver::poll_changed`] keeps that waiter in the receiver between
//!    polls: one boxed `notify::Core`, allocated on first use and reset in
//!    place to a fresh waiter before each check (unless it is still
//!    waiting from the previous poll), and cancelled on `Ready` and on
//!    drop.
//! 4. **Close.** `CLOSED` is set once, when the sender drops, after its last
//!    change; a reader that sees `CLOSED` under the read lock is looking at
//!    the final value.
//! 5. **Receiver count.** `rx_count` counts receivers; the drop that takes it
//!    to 0 runs `notify_tx.notify_waiters()` for [`Sender::closed`], which
//!    waits with the same pattern as rule 3.

use crate::loom::sync::atomic::{AtomicUsize, Ordering};
use crate::loom::sync::{Arc, RwLock, RwLockReadGuard};
use crate::notify::{self, Notify};
use crate::util;
use std::fmt;
use std::ops::Deref;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// Errors of the [`watch`](super) channel.
///
/// ```
/// use rt_sync::watch::{self, error::{RecvError, SendError}};
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let (tx, mut rx) = watch::channel(0);
///     drop(tx);
///     // The sender is gone and the last value was seen: no more changes.
///     let err: RecvError = rx.changed().await.unwrap_err();
///     assert_eq!(err.to_string(), "channel closed");
///
///     let (tx, rx) = watch::channel(0);
///     drop(rx);
///     let SendError(value) = tx.send(1).unwrap_err();
///     assert_eq!(value, 1, "no receiver left: the value comes back");
/// });
/// ```
pub mod error {
    use std::fmt;

    /// Error returned by [`Sender::send`](super::Sender::send): every
    /// receiver is gone. Holds the value that was not sent.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_sync::watch::{self, error::SendError};
    ///
    /// let (tx, rx) = watch::channel(0);
    /// drop(rx);
    /// assert_eq!(tx.send(1), Err(SendError(1)));
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

    /// Error returned by [`Receiver::changed`](super::Receiver::changed) and
    /// friends: the sender is gone.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt_sync::watch::channel(0);
    /// drop(tx);
    /// assert_eq!(rx.has_changed().unwrap_err().to_string(), "channel closed");
    /// ```
    #[derive(Debug, PartialEq, Eq, Clone)]
    pub struct RecvError(pub(super) ());

    impl fmt::Display for RecvError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "channel closed")
        }
    }

    impl std::error::Error for RecvError {}
}

use error::{RecvError, SendError};

const CLOSED: usize = 1;
const STEP: usize = 2;
/// Rule 2: an odd "seen" version never matches a real one.
const FORCED_CHANGE: usize = usize::MAX;

struct Shared<T> {
    value: RwLock<T>,
    /// `version | CLOSED` (rule 1).
    state: AtomicUsize,
    rx_count: AtomicUsize,
    notify_rx: Notify,
    notify_tx: Notify,
}

impl<T> Shared<T> {
    fn load(&self) -> (usize, bool) {
        let state = self.state.load(Ordering::SeqCst);
        (state & !CLOSED, state & CLOSED == CLOSED)
    }
}

/// Sends values to the [`Receiver`]s; created by [`channel`].
///
/// # Examples
///
/// ```
/// let (tx, rx) = rt_sync::watch::channel("v1");
/// tx.send("v2").unwrap();
/// assert_eq!(*rx.borrow(), "v2");
/// ```
pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

/// Receives the latest value from the [`Sender`]; cloneable.
///
/// # Examples
///
/// ```
/// let (tx, mut rx) = rt_sync::watch::channel(1);
/// assert!(!rx.has_changed().unwrap());
/// tx.send(2).unwrap();
/// assert!(rx.has_changed().unwrap());
/// assert_eq!(*rx.borrow_and_update(), 2);
/// ```
pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
    /// Rule 2: the version this receiver has seen.
    version: usize,
    /// Rule 3: the waiter [`Receiver::poll_changed`] keeps between polls,
    /// boxed once so that its node can stay pinned, and reused.
    waiter: Option<Pin<Box<notify::Core>>>,
}

/// A borrow of the channel's current value, holding its read lock.
///
/// Keep it short-lived: while it exists, the sender's updates wait. Never
/// hold it across an `.await`.
///
/// # Examples
///
/// ```
/// let (tx, rx) = rt_sync::watch::channel(String::from("a"));
/// {
///     let value: rt_sync::watch::Ref<'_, String> = rx.borrow();
///     assert_eq!(value.len(), 1);
/// }
/// tx.send(String::from("bb")).unwrap();
/// ```
pub struct Ref<'a, T> {
    inner: RwLockReadGuard<'a, T>,
    has_changed: bool,
}

impl<T> Ref<'_, T> {
    /// Returns `true` if the borrowed value had not been seen by the
    /// receiver when it was borrowed (always `false` for
    /// [`Sender::borrow`]).
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::watch::channel(0);
    /// tx.send(1).unwrap();
    /// assert!(rx.borrow_and_update().has_changed());
    /// assert!(!rx.borrow_and_update().has_changed());
    /// ```
    pub fn has_changed(&self) -> bool {
        self.has_changed
    }
}

impl<T> Deref for Ref<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T: fmt::Debug> fmt::Debug for Ref<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// Creates a watch channel holding `init`; the receiver starts having seen
/// it.
///
/// # Examples
///
/// ```
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } std::thread::yield_now(); }
/// # }
/// let (tx, mut rx) = rt_sync::watch::channel("hello");
/// let t = std::thread::spawn(move || tx.send("goodbye").unwrap());
/// block_on(rx.changed()).unwrap();
/// assert_eq!(*rx.borrow(), "goodbye");
/// t.join().unwrap();
/// // The sender is gone and every value was seen.
/// assert!(block_on(rx.changed()).is_err());
/// ```
pub fn channel<T>(init: T) -> (Sender<T>, Receiver<T>) {
    let tx = Sender::new(init);
    let rx = tx.subscribe();
    (tx, rx)
}

impl<T> Sender<T> {
    /// Creates a sender with no receivers; get some with
    /// [`subscribe`](Sender::subscribe).
    ///
    /// # Examples
    ///
    /// ```
    /// let tx = rt_sync::watch::Sender::new(0);
    /// assert_eq!(tx.receiver_count(), 0);
    /// let rx = tx.subscribe();
    /// assert_eq!(*rx.borrow(), 0);
    /// ```
    pub fn new(init: T) -> Sender<T> {
        Sender {
            shared: Arc::new(Shared {
                value: RwLock::new(init),
                state: AtomicUsize::new(0),
                rx_count: AtomicUsize::new(0),
                notify_rx: Notify::new(),
                notify_tx: Notify::new(),
            }),
        }
    }

    /// Replaces the value and notifies every receiver.
    ///
    /// # Errors
    ///
    /// [`SendError`] holding `value` if there are no receivers; the stored
    /// value is then left unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt_sync::watch::channel(0);
    /// tx.send(1).unwrap();
    /// assert_eq!(*rx.borrow(), 1);
    /// drop(rx);
    /// assert!(tx.send(2).is_err());
    /// assert_eq!(*tx.borrow(), 1);
    /// ```
    pub fn send(&self, value: T) -> Result<(), SendError<T>> {
        if self.receiver_count() == 0 {
            return Err(SendError(value));
        }
        self.send_replace(value);
        Ok(())
    }

    /// Modifies the value in place and notifies every receiver, even if
    /// there are none (future subscribers see the change).
    ///
    /// # Panics
    ///
    /// Panics if `modify` panics; receivers are then not notified, but
    /// changes `modify` made before panicking are visible.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt_sync::watch::channel(vec![1]);
    /// tx.send_modify(|v| v.push(2));
    /// assert_eq!(*rx.borrow(), [1, 2]);
    /// ```
    pub fn send_modify<F: FnOnce(&mut T)>(&self, modify: F) {
        self.send_if_modified(|value| {
            modify(value);
            true
        });
    }

    /// Modifies the value in place; if `modify` returns `true`, notifies
    /// every receiver. Returns what `modify` returned.
    ///
    /// `modify` runs under the channel's write lock: keep it short, and do
    /// not touch the channel from it.
    ///
    /// # Panics
    ///
    /// Panics if `modify` panics; receivers are then not notified, but
    /// changes `modify` made before panicking are visible.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt_sync::watch::channel(5);
    /// assert!(!tx.send_if_modified(|v| if *v == 5 { false } else { *v = 5; true }));
    /// assert!(!rx.has_changed().unwrap());
    /// assert!(tx.send_if_modified(|v| { *v = 6; true }));
    /// assert!(rx.has_changed().unwrap());
    /// ```
    pub fn send_if_modified<F: FnOnce(&mut T) -> bool>(&self, modify: F) -> bool {
        {
            let mut value = util::write(&self.shared.value);
            if !modify(&mut value) {
                return false;
            }
            // Rule 1: the step happens while the write lock is held.
            self.shared.state.fetch_add(STEP, Ordering::SeqCst);
        }
        // Rule 3.
        self.shared.notify_rx.notify_waiters();
        true
    }

    /// Replaces the value, notifies every receiver (even if there are none)
    /// and returns the previous value.
    ///
    /// # Examples
    ///
    /// ```
    /// let tx = rt_sync::watch::Sender::new(1);
    /// assert_eq!(tx.send_replace(2), 1);
    /// assert_eq!(*tx.borrow(), 2);
    /// ```
    pub fn send_replace(&self, value: T) -> T {
        let mut value = Some(value);
        let mut old = None;
        self.send_modify(|current| {
            old = Some(std::mem::replace(
                current,
                value.take().expect("send_modify runs its closure once"),
            ));
        });
        old.expect("send_modify runs its closure once")
    }

    /// Borrows the current value. The returned [`Ref::has_changed`] is
    /// always `false`.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::watch::channel(3);
    /// assert_eq!(*tx.borrow(), 3);
    /// ```
    pub fn borrow(&self) -> Ref<'_, T> {
        Ref {
            inner: util::read(&self.shared.value),
            has_changed: false,
        }
    }

    /// Creates a new receiver that has seen the current value.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, _rx) = rt_sync::watch::channel(0);
    /// tx.send(1).unwrap();
    /// let rx2 = tx.subscribe();
    /// assert!(!rx2.has_changed().unwrap());
    /// assert_eq!(*rx2.borrow(), 1);
    /// ```
    pub fn subscribe(&self) -> Receiver<T> {
        self.shared.rx_count.fetch_add(1, Ordering::SeqCst);
        let (version, _) = self.shared.load();
        Receiver {
            shared: self.shared.clone(),
            version,
            waiter: None,
        }
    }

    /// Returns the number of receivers.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt_sync::watch::channel(());
    /// let rx2 = rx.clone();
    /// assert_eq!(tx.receiver_count(), 2);
    /// # drop((rx, rx2));
    /// ```
    pub fn receiver_count(&self) -> usize {
        self.shared.rx_count.load(Ordering::SeqCst)
    }

    /// Returns `true` if there are no receivers (so `send` would fail).
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt_sync::watch::channel(());
    /// assert!(!tx.is_closed());
    /// drop(rx);
    /// assert!(tx.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        self.receiver_count() == 0
    }

    /// Completes once there are no receivers (at once if there are none
    /// now).
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
    /// let (tx, rx) = rt_sync::watch::channel(());
    /// std::thread::spawn(move || drop(rx));
    /// block_on(tx.closed());
    /// assert!(tx.is_closed());
    /// ```
    pub async fn closed(&self) {
        loop {
            // Rule 5: created before the check.
            let notified = self.shared.notify_tx.notified();
            if self.is_closed() {
                return;
            }
            notified.await;
        }
    }
}

impl<T: Default> Default for Sender<T> {
    fn default() -> Sender<T> {
        Sender::new(T::default())
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // Rule 4.
        self.shared.state.fetch_or(CLOSED, Ordering::SeqCst);
        self.shared.notify_rx.notify_waiters();
    }
}

impl<T: fmt::Debug> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender")
            .field("value", &*self.borrow())
            .field("receiver_count", &self.receiver_count())
            .finish()
    }
}

impl<T> Receiver<T> {
    /// Borrows the current value without marking it seen.
    ///
    /// The [`Ref`] holds the channel's read lock: drop it soon, and never
    /// hold it across an `.await`.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt_sync::watch::channel(1);
    /// tx.send(2).unwrap();
    /// assert!(rx.borrow().has_changed());
    /// assert!(rx.borrow().has_changed()); // still unseen
    /// ```
    pub fn borrow(&self) -> Ref<'_, T> {
        let inner = util::read(&self.shared.value);
        // Rule 1: the version of the value we are looking at.
        let (version, _) = self.shared.load();
        Ref {
            inner,
            has_changed: version != self.version,
        }
    }

    /// Borrows the current value and marks it seen.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::watch::channel(1);
    /// tx.send(2).unwrap();
    /// assert_eq!(*rx.borrow_and_update(), 2);
    /// assert!(!rx.has_changed().unwrap());
    /// ```
    pub fn borrow_and_update(&mut self) -> Ref<'_, T> {
        let inner = util::read(&self.shared.value);
        let (version, _) = self.shared.load();
        let has_changed = version != self.version;
        self.version = version;
        Ref { inner, has_changed }
    }

    /// Returns whether there is a value this receiver has not seen, without
    /// marking it seen.
    ///
    /// # Errors
    ///
    /// [`RecvError`] if the sender is gone.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, rx) = rt_sync::watch::channel(0);
    /// assert_eq!(rx.has_changed(), Ok(false));
    /// tx.send(1).unwrap();
    /// assert_eq!(rx.has_changed(), Ok(true));
    /// drop(tx);
    /// assert!(rx.has_changed().is_err());
    /// ```
    pub fn has_changed(&self) -> Result<bool, RecvError> {
        let (version, closed) = self.shared.load();
        if closed {
            return Err(RecvError(()));
        }
        Ok(version != self.version)
    }

    /// Marks the current value unseen: the next [`changed`](Receiver::changed)
    /// completes at once.
    ///
    /// # Examples
    ///
    /// ```
    /// let (_tx, mut rx) = rt_sync::watch::channel(0);
    /// rx.mark_changed();
    /// assert!(rx.has_changed().unwrap());
    /// ```
    pub fn mark_changed(&mut self) {
        self.version = FORCED_CHANGE;
    }

    /// Marks the current value seen, without borrowing it.
    ///
    /// # Examples
    ///
    /// ```
    /// let (tx, mut rx) = rt_sync::watch::channel(0);
    /// tx.send(1).unwrap();
    /// rx.mark_unchanged();
    /// assert!(!rx.has_changed().unwrap());
    /// ```
    pub fn mark_unchanged(&mut self) {
        let (version, _) = self.shared.load();
        self.version = version;
    }

    /// Waits for a value this receiver has not seen, and marks it seen.
    ///
    /// Completes at once if there is one already (even if the sender is
    /// gone).
    ///
    /// # Errors
    ///
    /// [`RecvError`] if the sender is gone and every value was seen.
    ///
    /// # Cancel safety
    ///
    /// This method is cancel safe: nothing is marked seen until it
    /// completes.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let (tx, mut rx) = rt_sync::watch::channel(0);
    /// tx.send(1).unwrap();
    /// block_on(rx.changed()).unwrap();
    /// drop(tx);
    /// assert!(block_on(rx.changed()).is_err());
    /// ```
    pub async fn changed(&mut self) -> Result<(), RecvError> {
        util::consume_budget().await;
        loop {
            // Rule 3: created before the check.
            let notified = self.shared.notify_rx.notified();
            let (version, closed) = self.shared.load();
            if version != self.version {
                self.version = version;
                return Ok(());
            }
            if closed {
                return Err(RecvError(()));
            }
            notified.await;
        }
    }

    /// Polls for a value this receiver has not seen, and marks it seen: the
    /// poll-style form of [`changed`](Receiver::changed), for hand-written
    /// futures and streams.
    ///
    /// Returns `Poll::Pending` if every value was seen; the waker of the
    /// latest `cx` is then woken by the next change or the close. Between
    /// polls the receiver keeps its place among the channel's waiters
    /// (given up when a poll returns `Ready` or the receiver drops).
    ///
    /// # Errors
    ///
    /// [`RecvError`] if the sender is gone and every value was seen.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } std::thread::yield_now(); }
    /// # }
    /// use std::future::poll_fn;
    /// use std::task::{Context, Poll, Waker};
    ///
    /// let (tx, mut rx) = rt_sync::watch::channel(0);
    /// let mut cx = Context::from_waker(Waker::noop());
    /// assert!(rx.poll_changed(&mut cx).is_pending());
    /// let t = std::thread::spawn(move || tx.send(1).unwrap());
    /// block_on(poll_fn(|cx| rx.poll_changed(cx))).unwrap();
    /// assert_eq!(*rx.borrow(), 1);
    /// t.join().unwrap();
    /// // The sender is gone and every value was seen.
    /// assert!(matches!(rx.poll_changed(&mut cx), Poll::Ready(Err(_))));
    /// ```
    pub fn poll_changed(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), RecvError>> {
        let coop = ready!(rt_core::coop::poll_proceed(cx));
        let notify = &self.shared.notify_rx;
        loop {
            // Rule 3: the waiter exists (fresh, unless it is still waiting
            // from an earlier poll) before the check.
            let waiter = match &mut self.waiter {
                Some(waiter) => {
                    if !waiter.is_waiting() {
                        waiter.as_mut().reset(notify);
                    }
                    waiter.as_mut()
                }
                None => self
                    .waiter
                    .insert(Box::pin(notify::Core::new(notify)))
                    .as_mut(),
            };
            let (version, closed) = self.shared.load();
            let result = if version != self.version {
                self.version = version;
                Ok(())
            } else if closed {
                Err(RecvError(()))
            } else {
                // SAFETY: notify rule 7: always `notify_rx`.
                match unsafe { waiter.poll(notify, Some(cx)) } {
                    Poll::Pending => return Poll::Pending,
                    // A step or the close since the waiter was created:
                    // check again, with a fresh waiter (rule 3).
                    Poll::Ready(()) => continue,
                }
            };
            // SAFETY: notify rule 7: always `notify_rx`.
            unsafe { waiter.cancel(notify) };
            coop.made_progress();
            return Poll::Ready(result);
        }
    }

    /// Waits until the value satisfies `f`, and returns a borrow of that
    /// value (marked seen).
    ///
    /// `f` is first called on the current value, seen or not, then on each
    /// new value. Values sent in quick succession may be skipped.
    ///
    /// # Errors
    ///
    /// [`RecvError`] if the sender is gone; `f` was then called on the final
    /// value and returned `false`.
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
    /// let (tx, mut rx) = rt_sync::watch::channel(0);
    /// let t = std::thread::spawn(move || {
    ///     for i in 1..=5 {
    ///         tx.send(i).unwrap();
    ///     }
    /// });
    /// assert_eq!(*block_on(rx.wait_for(|v| *v >= 5)).unwrap(), 5);
    /// t.join().unwrap();
    /// ```
    pub async fn wait_for(
        &mut self,
        mut f: impl FnMut(&T) -> bool,
    ) -> Result<Ref<'_, T>, RecvError> {
        util::consume_budget().await;
        loop {
            // Rule 3: created before the check.
            let notified = self.shared.notify_rx.notified();
            {
                let inner = util::read(&self.shared.value);
                // Rule 1: the version of the value `f` looks at.
                let (version, closed) = self.shared.load();
                let has_changed = version != self.version;
                self.version = version;
                if f(&inner) {
                    return Ok(Ref { inner, has_changed });
                }
                if closed {
                    // Rule 4: that was the final value.
                    return Err(RecvError(()));
                }
            }
            notified.await;
        }
    }

    /// Returns `true` if both receivers belong to the same channel.
    ///
    /// # Examples
    ///
    /// ```
    /// let (_tx, rx) = rt_sync::watch::channel(());
    /// let (_tx2, other) = rt_sync::watch::channel(());
    /// assert!(rx.same_channel(&rx.clone()));
    /// assert!(!rx.same_channel(&other));
    /// ```
    pub fn same_channel(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared)
    }
}

impl<T> Clone for Receiver<T> {
    /// A new receiver that has seen what this one has seen.
    fn clone(&self) -> Receiver<T> {
        self.shared.rx_count.fetch_add(1, Ordering::SeqCst);
        Receiver {
            shared: self.shared.clone(),
            version: self.version,
            waiter: None,
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        if let Some(waiter) = &mut self.waiter {
            // SAFETY: notify rule 7: always `notify_rx`.
            unsafe { waiter.as_mut().cancel(&self.shared.notify_rx) };
        }
        if self.shared.rx_count.fetch_sub(1, Ordering::SeqCst) == 1 {
            // Rule 5.
            self.shared.notify_tx.notify_waiters();
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("value", &*self.borrow())
            .finish_non_exhaustive()
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::future::block_on;
    use loom::thread;

    #[test]
    fn loom_watch_changed_sees_send() {
        loom::model(|| {
            let (tx, mut rx) = channel(0usize);
            let t = thread::spawn(move || {
                tx.send(1).unwrap();
                tx
            });
            block_on(rx.changed()).unwrap();
            assert_eq!(*rx.borrow(), 1);
            drop(t.join().unwrap());
            assert!(block_on(rx.changed()).is_err());
        });
    }

    #[test]
    fn loom_watch_poll_changed_sees_send_and_close() {
        loom::model(|| {
            let (tx, mut rx) = channel(0usize);
            let t = thread::spawn(move || {
                tx.send(1).unwrap();
            });
            block_on(std::future::poll_fn(|cx| rx.poll_changed(cx))).unwrap();
            assert_eq!(*rx.borrow(), 1);
            assert!(block_on(std::future::poll_fn(|cx| rx.poll_changed(cx))).is_err());
            t.join().unwrap();
        });
    }

    #[test]
    fn loom_watch_wait_for_sees_last_value_before_close() {
        loom::model(|| {
            let (tx, mut rx) = channel(0usize);
            let t = thread::spawn(move || {
                tx.send(1).unwrap();
                tx.send(2).unwrap();
            });
            // Either reaches 2 or the channel closes after 2 was evaluated.
            let reached = matches!(block_on(rx.wait_for(|v| *v == 2)), Ok(r) if *r == 2);
            assert!(reached);
            t.join().unwrap();
        });
    }

    #[test]
    fn loom_watch_sender_closed_on_receiver_drop() {
        loom::model(|| {
            let (tx, rx) = channel(());
            let t = thread::spawn(move || drop(rx));
            block_on(tx.closed());
            t.join().unwrap();
        });
    }
}
