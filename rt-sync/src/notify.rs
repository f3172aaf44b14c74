//! [`Notify`]: wake one task or all tasks, without passing data.
//!
//! # Protocol
//!
//! ```text
//! Notify { notify_waiters_calls: AtomicUsize, synced: Mutex<Synced> }
//! Synced { permit: bool, waiters: WaitList<Waiter> }
//! Waiter { waker: Option<Waker>, notified: Option<Notification> }
//! ```
//!
//! 1. `notify_waiters_calls` is incremented only under the `synced` lock, by
//!    `notify_waiters`. A `Notified` records it when created (without the
//!    lock) and compares it under the lock; a change means a
//!    `notify_waiters` call happened after creation, which completes it.
//! 2. A `Notified` is in one of three states: `Init` (not in the list),
//!    `Waiting(key)` (owns a slot of `waiters`), `Done`. It moves
//!    `Init -> Waiting` under the lock only after finding neither a changed
//!    count (rule 1) nor a stored `permit`; `Init -> Done` consumes one of
//!    them.
//! 3. `notify_one`/`notify_last` unlink the front/back waiter and set its
//!    `notified`, or, with no waiter linked, set `permit` (at most one is
//!    stored). `notify_waiters` unlinks every waiter, setting
//!    `notified = All`. Only these set `notified`; only the owner reads it.
//! 4. The owner of an unlinked slot with `notified` set completes on its
//!    next poll (`Waiting -> Done`), removing the slot.
//! 5. An owner dropped in `Waiting` removes its slot. If it had received a
//!    `notify_one`/`notify_last` it never observed, that notification is
//!    passed on under the same lock, as rule 3 (to the next waiter, or the
//!    stored permit): a notification is never lost by cancellation.
//!    `notify_waiters` notifications are not passed on.
//! 6. Wakers are woken after the lock is released.

use crate::loom::sync::atomic::{AtomicUsize, Ordering};
use crate::loom::sync::Mutex;
use crate::util::wait_list::{Key, WaitList};
use crate::util::{lock, register_waker, WakeList};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

/// Notifies a single task, or all waiting tasks, to wake up.
///
/// `Notify` is a primitive without data: [`notified`](Notify::notified)
/// returns a future that completes when the `Notify` is notified.
///
/// * [`notify_one`](Notify::notify_one) wakes the first waiting task (FIFO).
///   If no task is waiting, it stores a **permit**, and the next
///   `notified().await` completes at once. At most one permit is stored, so
///   it acts like a binary semaphore.
/// * [`notify_last`](Notify::notify_last) wakes the most recent waiter.
/// * [`notify_waiters`](Notify::notify_waiters) wakes every waiting task and
///   every `Notified` future created before the call; it stores no permit.
///
/// # Examples
///
/// ```
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } std::thread::yield_now(); }
/// # }
/// use rt_sync::Notify;
/// use std::sync::Arc;
///
/// let notify = Arc::new(Notify::new());
/// let notify2 = notify.clone();
/// let t = std::thread::spawn(move || notify2.notify_one());
/// block_on(notify.notified());
/// t.join().unwrap();
/// ```
pub struct Notify {
    /// Rule 1.
    notify_waiters_calls: AtomicUsize,
    synced: Mutex<Synced>,
}

struct Synced {
    /// Rule 3: a stored `notify_one`.
    permit: bool,
    waiters: WaitList<Waiter>,
}

struct Waiter {
    waker: Option<Waker>,
    /// Rule 3: set by a notifier when it unlinks the waiter.
    notified: Option<Notification>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Notification {
    One,
    Last,
    All,
}

impl Notify {
    /// Creates a `Notify` with no stored permit.
    ///
    /// ```
    /// let notify = rt_sync::Notify::new();
    /// # drop(notify);
    /// ```
    pub fn new() -> Notify {
        Notify {
            notify_waiters_calls: AtomicUsize::new(0),
            synced: Mutex::new(Synced {
                permit: false,
                waiters: WaitList::new(),
            }),
        }
    }

    /// Creates a `Notify` in a `const` context, e.g. a `static`.
    ///
    /// ```
    /// static NOTIFY: rt_sync::Notify = rt_sync::Notify::const_new();
    /// NOTIFY.notify_one();
    /// ```
    #[cfg(not(loom))]
    pub const fn const_new() -> Notify {
        Notify {
            notify_waiters_calls: AtomicUsize::new(0),
            synced: Mutex::new(Synced {
                permit: false,
                waiters: WaitList::new(),
            }),
        }
    }

    /// Returns a future that completes when this `Notify` is notified.
    ///
    /// The future joins the queue of waiters for
    /// [`notify_one`](Notify::notify_one) on its first poll (or
    /// [`enable`](Notified::enable)), and completes for any
    /// [`notify_waiters`](Notify::notify_waiters) call made after it was
    /// created, polled or not.
    ///
    /// # Cancel safety
    ///
    /// This method uses a queue to wake waiters fairly in the order they
    /// joined. Cancelling the future makes you lose your place in the queue;
    /// a `notify_one` delivered to the cancelled future and not yet observed
    /// is passed on to the next waiter (or stored as the permit).
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let notify = rt_sync::Notify::new();
    /// notify.notify_one(); // stored as a permit
    /// block_on(notify.notified()); // consumes it
    /// ```
    pub fn notified(&self) -> Notified<'_> {
        Notified {
            notify: self,
            core: Core::new(self),
        }
    }

    /// Like [`notified`](Notify::notified), but the future holds an `Arc`
    /// and has no lifetime, so it can be stored or moved freely.
    ///
    /// # Cancel safety
    ///
    /// As for [`notified`](Notify::notified): cancelling loses the place in
    /// the queue, and an unobserved `notify_one` is passed on.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// use std::sync::Arc;
    ///
    /// let notify = Arc::new(rt_sync::Notify::new());
    /// let notified = notify.clone().notified_owned();
    /// notify.notify_waiters();
    /// block_on(notified);
    /// ```
    pub fn notified_owned(self: Arc<Self>) -> OwnedNotified {
        OwnedNotified {
            core: Core::new(&self),
            notify: self,
        }
    }

    /// Wakes the first waiting task, or stores a permit if none is waiting.
    ///
    /// At most one permit is stored: calling `notify_one` twice with no
    /// waiter lets only one later `notified().await` complete at once.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let notify = rt_sync::Notify::new();
    /// notify.notify_one();
    /// notify.notify_one();
    /// block_on(notify.notified());
    /// let mut second = std::pin::pin!(notify.notified());
    /// assert!(!second.as_mut().enable()); // no second permit
    /// ```
    pub fn notify_one(&self) {
        self.notify(Notification::One);
    }

    /// Wakes the most recently queued waiting task, or stores a permit if
    /// none is waiting.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::pin::pin;
    ///
    /// let notify = rt_sync::Notify::new();
    /// let mut first = pin!(notify.notified());
    /// let mut second = pin!(notify.notified());
    /// first.as_mut().enable();
    /// second.as_mut().enable();
    /// notify.notify_last();
    /// assert!(second.as_mut().enable());
    /// assert!(!first.as_mut().enable());
    /// ```
    pub fn notify_last(&self) {
        self.notify(Notification::Last);
    }

    fn notify(&self, kind: Notification) {
        let waker = {
            let mut synced = lock(&self.synced);
            synced.notify_locked(kind)
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// Wakes every waiting task, and completes every [`Notified`] created
    /// before this call even if it was never polled. Stores no permit.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let notify = rt_sync::Notify::new();
    /// let a = notify.notified();
    /// let b = notify.notified();
    /// notify.notify_waiters();
    /// block_on(async { a.await; b.await });
    /// ```
    pub fn notify_waiters(&self) {
        let mut wakers = WakeList::new();
        {
            let mut synced = lock(&self.synced);
            // Rule 1: incremented under the lock.
            self.notify_waiters_calls.fetch_add(1, Ordering::SeqCst);
            synced.waiters.unlink_all(|waiter| {
                waiter.notified = Some(Notification::All);
                wakers.push(waiter.waker.take());
            });
        }
        wakers.wake_all();
    }
}

impl Synced {
    /// Rule 3: deliver a `notify_one`/`notify_last`, returning the waker to
    /// wake after unlocking.
    fn notify_locked(&mut self, kind: Notification) -> Option<Waker> {
        let waiter = match kind {
            Notification::Last => self.waiters.unlink_back(),
            _ => self.waiters.unlink_front(),
        };
        match waiter {
            Some(waiter) => {
                waiter.notified = Some(kind);
                waiter.waker.take()
            }
            None => {
                self.permit = true;
                None
            }
        }
    }
}

impl Default for Notify {
    fn default() -> Notify {
        Notify::new()
    }
}

impl fmt::Debug for Notify {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Notify").finish_non_exhaustive()
    }
}

/// The state shared by [`Notified`] and [`OwnedNotified`]; also kept
/// between polls by `watch::Receiver::poll_changed`. It borrows nothing:
/// every call names its `Notify`, always the same one, and the owner calls
/// [`Core::drop`] before letting it go.
pub(crate) struct Core {
    state: State,
    /// Rule 1: the count at creation.
    notify_waiters_calls: usize,
}

enum State {
    Init,
    Waiting(Key),
    Done,
}

impl Core {
    pub(crate) fn new(notify: &Notify) -> Core {
        Core {
            state: State::Init,
            notify_waiters_calls: notify.notify_waiters_calls.load(Ordering::SeqCst),
        }
    }

    /// One step of rules 2 and 4; `waker` is `None` for `enable`.
    pub(crate) fn poll(&mut self, notify: &Notify, waker: Option<&Context<'_>>) -> Poll<()> {
        let mut synced = match self.state {
            State::Done => return Poll::Ready(()),
            _ => lock(&notify.synced),
        };
        match std::mem::replace(&mut self.state, State::Done) {
            State::Init => {
                if notify.notify_waiters_calls.load(Ordering::SeqCst) != self.notify_waiters_calls {
                    return Poll::Ready(());
                }
                if synced.permit {
                    synced.permit = false;
                    return Poll::Ready(());
                }
                let key = synced.waiters.insert_back(Waiter {
                    waker: waker.map(|cx| cx.waker().clone()),
                    notified: None,
                });
                self.state = State::Waiting(key);
                Poll::Pending
            }
            State::Waiting(key) => {
                if synced.waiters.get(&key).notified.is_some() {
                    synced.waiters.remove(key);
                    return Poll::Ready(());
                }
                if let Some(cx) = waker {
                    register_waker(&mut synced.waiters.get_mut(&key).waker, cx);
                }
                self.state = State::Waiting(key);
                Poll::Pending
            }
            State::Done => unreachable!("handled before locking"),
        }
    }

    /// Rule 5.
    pub(crate) fn drop(&mut self, notify: &Notify) {
        let State::Waiting(key) = std::mem::replace(&mut self.state, State::Done) else {
            return;
        };
        let waker = {
            let mut synced = lock(&notify.synced);
            let waiter = synced.waiters.remove(key);
            match waiter.notified {
                Some(kind @ (Notification::One | Notification::Last)) => synced.notify_locked(kind),
                _ => None,
            }
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

/// Future returned by [`Notify::notified`].
///
/// The future is fused: once it has completed, polling it again returns
/// `Ready` at once.
///
/// # Examples
///
/// ```
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
/// # }
/// let notify = rt_sync::Notify::new();
/// let notified: rt_sync::futures::Notified<'_> = notify.notified();
/// notify.notify_waiters();
/// block_on(notified);
/// ```
pub struct Notified<'a> {
    notify: &'a Notify,
    core: Core,
}

impl Notified<'_> {
    /// Joins the queue of waiters for [`Notify::notify_one`] without
    /// registering a waker, as a poll would.
    ///
    /// Use it to make sure a notification sent after some point is not
    /// missed, before the first poll. `notify_waiters` calls are received by
    /// any `Notified` created before them, enabled or not.
    ///
    /// Returns `true` if the future is ready: a `notify_waiters` call
    /// happened since its creation, or a stored permit was consumed (first
    /// call only), or it has since been notified.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::pin::pin;
    ///
    /// let notify = rt_sync::Notify::new();
    /// let mut notified = pin!(notify.notified());
    /// assert!(!notified.as_mut().enable()); // now queued
    /// notify.notify_one(); // delivered to the queued future
    /// assert!(notified.as_mut().enable());
    /// ```
    pub fn enable(self: Pin<&mut Self>) -> bool {
        let this = self.get_mut();
        this.core.poll(this.notify, None).is_ready()
    }
}

impl Future for Notified<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        this.core.poll(this.notify, Some(cx))
    }
}

impl Drop for Notified<'_> {
    fn drop(&mut self) {
        self.core.drop(self.notify);
    }
}

impl fmt::Debug for Notified<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Notified").finish_non_exhaustive()
    }
}

/// Future returned by [`Notify::notified_owned`]; like [`Notified`] but
/// holding an `Arc<Notify>`.
///
/// # Examples
///
/// ```
/// use std::pin::pin;
/// use std::sync::Arc;
///
/// let notify = Arc::new(rt_sync::Notify::new());
/// let mut notified: rt_sync::futures::OwnedNotified = notify.clone().notified_owned();
/// let mut notified = pin!(notified);
/// notified.as_mut().enable();
/// notify.notify_one();
/// assert!(notified.as_mut().enable());
/// ```
pub struct OwnedNotified {
    notify: Arc<Notify>,
    core: Core,
}

impl OwnedNotified {
    /// Joins the queue of waiters without registering a waker; see
    /// [`Notified::enable`].
    ///
    /// ```
    /// use std::pin::pin;
    /// use std::sync::Arc;
    ///
    /// let notify = Arc::new(rt_sync::Notify::new());
    /// notify.notify_one();
    /// let mut notified = pin!(notify.notified_owned());
    /// assert!(notified.as_mut().enable()); // consumed the permit
    /// ```
    pub fn enable(self: Pin<&mut Self>) -> bool {
        let this = self.get_mut();
        this.core.poll(&this.notify, None).is_ready()
    }
}

impl Future for OwnedNotified {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        this.core.poll(&this.notify, Some(cx))
    }
}

impl Drop for OwnedNotified {
    fn drop(&mut self) {
        self.core.drop(&self.notify);
    }
}

impl fmt::Debug for OwnedNotified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnedNotified").finish_non_exhaustive()
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::future::block_on;
    use loom::thread;

    #[test]
    fn loom_notify_one_reaches_waiter_or_permit() {
        loom::model(|| {
            let notify = Arc::new(Notify::new());
            let n2 = notify.clone();
            let t = thread::spawn(move || n2.notify_one());
            block_on(notify.notified());
            t.join().unwrap();
        });
    }

    #[test]
    fn loom_notify_waiters_reaches_enabled_future() {
        loom::model(|| {
            let notify = Arc::new(Notify::new());
            let n2 = notify.clone();
            let mut notified = Box::pin(notify.clone().notified_owned());
            let t = thread::spawn(move || {
                n2.notify_waiters();
            });
            notified.as_mut().enable();
            block_on(notified);
            t.join().unwrap();
        });
    }

    #[test]
    fn loom_dropped_waiter_forwards_notification() {
        loom::model(|| {
            let notify = Arc::new(Notify::new());
            let mut first = Box::pin(notify.notified());
            first.as_mut().enable();
            let n2 = notify.clone();
            let t = thread::spawn(move || n2.notify_one());
            // Whether or not the notification reached `first`, it is not lost.
            drop(first);
            block_on(notify.notified());
            t.join().unwrap();
        });
    }
}
