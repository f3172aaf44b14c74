//! [`Notify`]: wake one task or all tasks, without passing data.
//!
//! # Protocol
//!
//! ```text
//! Notify { notify_waiters_calls: AtomicUsize, synced: Mutex<Synced> }
//! Synced { permit: bool, waiters: List<Waiter> }             (util::linked_list)
//! Waiter { notified: AtomicUsize (NONE | ONE | LAST | ALL),  in the pinned Core
//!          waker: UnsafeCell<Option<Waker>> }
//! ```
//!
//! 1. `notify_waiters_calls` is incremented only under the `synced` lock, by
//!    `notify_waiters`. A `Core` records it when created or reset (without
//!    the lock) and compares it under the lock; a change means a
//!    `notify_waiters` call happened after creation, which completes it.
//! 2. A `Core` is in one of three states: `Init` (its node unlinked),
//!    `Waiting` (its node was linked by it and it has not yet observed the
//!    notification), `Done`. It moves `Init -> Waiting` under the lock,
//!    linking its node, only after finding neither a changed count (rule 1)
//!    nor a stored `permit`; `Init -> Done` consumes one of them.
//! 3. **Hand-off.** `notify_one`/`notify_last` unlink the front/back node,
//!    take its waker, and then store `notified = ONE`/`LAST` (Release) as
//!    their **last access** to the node; with no node linked, they set
//!    `permit` (at most one is stored). `notify_waiters` does the same for
//!    every node with `ALL`. All of this happens under the lock; only these
//!    write `notified` to anything but `NONE`.
//! 4. **Observing.** The owner of a `Waiting` core loads `notified`
//!    (Acquire) without the lock: not `NONE` means its node is unlinked and
//!    nobody else will touch it again, so it completes (`Waiting -> Done`)
//!    without locking. `NONE` sends a poll that must register a waker to the
//!    lock, where `notified` is checked again (final under the lock) and the
//!    waker is registered in the still-linked node. `enable` registers no
//!    waker, so it never locks in `Waiting`.
//! 5. An owner dropped in `Waiting` unlinks its node under the lock (unless
//!    a notifier did). If it had received a `notify_one`/`notify_last` it
//!    never observed, that notification is passed on under the same lock,
//!    as rule 3 (to the next waiter, or the stored permit): a notification
//!    is never lost by cancellation. `notify_waiters` notifications are not
//!    passed on, so a core that observed `ALL` is dropped without the lock.
//! 6. The `waker` cell is accessed only under the lock while the node is
//!    linked or being unlinked, and by the owner alone once it observed a
//!    notification or before it links the node. Wakers are woken (and
//!    dropped) after the lock is released.
//! 7. A `Core` does not know its `Notify`: every call names it, and it must
//!    be the same one each time (the `unsafe` methods' contract). Its owner
//!    calls [`Core::cancel`] before dropping it; dropping a `Waiting` core
//!    without that would leave its node linked, so `Core`'s own `Drop`
//!    aborts the process in that case rather than risk a dangling pointer.

use crate::loom::cell::UnsafeCell;
use crate::loom::sync::atomic::{AtomicUsize, Ordering};
use crate::loom::sync::Mutex;
use crate::util::linked_list::{List, Node};
use crate::util::{lock, register_waker, AbortOnUnwind, WakeList};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::ptr::NonNull;
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
    waiters: List<Waiter>,
}

/// The part of a waiting `Core` the `Notify` reaches through its list.
struct Waiter {
    /// Rule 3: `NONE`, or the notification a notifier handed over.
    notified: AtomicUsize,
    /// Rule 6.
    waker: UnsafeCell<Option<Waker>>,
}

/// `Waiter::notified` values (rule 3).
const NONE: usize = 0;
const ONE: usize = 1;
const LAST: usize = 2;
const ALL: usize = 3;

// SAFETY: `notified` is atomic, and the `waker` cell is only ever accessed
// by one thread at a time (rule 6: under the lock, or by the owner alone).
unsafe impl Sync for Waiter {}

impl Waiter {
    /// Runs `f` on the waker slot.
    ///
    /// # Safety
    ///
    /// Rule 6: the caller holds the lock and the node is linked or being
    /// unlinked by it, or the caller is the owner and the node is not
    /// linked and not being handed over (before linking, or after observing
    /// `notified != NONE`).
    unsafe fn with_waker<R>(&self, f: impl FnOnce(&mut Option<Waker>) -> R) -> R {
        // SAFETY: the caller has the exclusive access rule 6 grants.
        self.waker.with_mut(|slot| f(unsafe { &mut *slot }))
    }
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
                waiters: List::new(),
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
                waiters: List::new(),
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
        self.notify(ONE);
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
        self.notify(LAST);
    }

    fn notify(&self, kind: usize) {
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
            while let Some(node) = synced.waiters.pop_front() {
                // SAFETY: rule 3: just unlinked under the lock; the owner
                // frees it only after observing `notified`, which we store
                // last, or after taking the lock we hold.
                let waiter = unsafe { node.as_ref() }.value();
                // SAFETY: rule 6: under the lock, while unlinking.
                wakers.push(unsafe { waiter.with_waker(Option::take) });
                waiter.notified.store(ALL, Ordering::Release);
            }
        }
        wakers.wake_all();
    }
}

impl Synced {
    /// Rule 3: deliver a `notify_one`/`notify_last`, returning the waker to
    /// wake after unlocking.
    fn notify_locked(&mut self, kind: usize) -> Option<Waker> {
        let node = match kind {
            LAST => self.waiters.pop_back(),
            _ => self.waiters.pop_front(),
        };
        let Some(node) = node else {
            self.permit = true;
            return None;
        };
        // SAFETY: rule 3: just unlinked under the lock; the owner frees it
        // only after observing `notified`, which we store last, or after
        // taking the lock we hold.
        let waiter = unsafe { node.as_ref() }.value();
        // SAFETY: rule 6: under the lock, while unlinking.
        let waker = unsafe { waiter.with_waker(Option::take) };
        // Last access: the owner may free the node once it sees this (the
        // `Arc`-drop pattern, as in `batch_semaphore` rule 8).
        waiter.notified.store(kind, Ordering::Release);
        waker
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
/// between polls (boxed) by `watch::Receiver::poll_changed`. It is
/// `!Unpin`: while `Waiting`, the `Notify`'s list points at its node. It
/// borrows nothing: every call names its `Notify`, always the same one, and
/// the owner calls [`Core::cancel`] before letting it go (rule 7).
pub(crate) struct Core {
    state: State,
    /// Rule 1: the count at creation (or reset).
    notify_waiters_calls: usize,
    node: Node<Waiter>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Init,
    /// Rule 2: the node was linked and no notification observed yet.
    Waiting,
    Done,
}

// SAFETY: the only non-`Send`/`Sync` parts are the node's links, touched
// only through the `Notify`'s list under its lock (`linked_list` rule 1),
// and the waker cell, accessed by one thread at a time (rule 6). `&Core`
// exposes neither.
unsafe impl Send for Core {}
// SAFETY: as above.
unsafe impl Sync for Core {}

impl Core {
    pub(crate) fn new(notify: &Notify) -> Core {
        Core {
            state: State::Init,
            notify_waiters_calls: notify.notify_waiters_calls.load(Ordering::SeqCst),
            node: Node::new(Waiter {
                notified: AtomicUsize::new(NONE),
                waker: UnsafeCell::new(None),
            }),
        }
    }

    /// `true` while the core's node is (or may still be) linked.
    pub(crate) fn is_waiting(&self) -> bool {
        self.state == State::Waiting
    }

    /// The fields, with the node pinned in place.
    fn project(self: Pin<&mut Self>) -> (&mut State, &mut usize, &Node<Waiter>) {
        // SAFETY: `node` is structurally pinned: it is only ever used by
        // shared reference (never moved out or replaced); `state` and the
        // count are plain data, not pinned.
        let this = unsafe { self.get_unchecked_mut() };
        (&mut this.state, &mut this.notify_waiters_calls, &this.node)
    }

    /// One step of rules 2 and 4; `cx` is `None` for `enable`.
    ///
    /// # Safety
    ///
    /// `notify` is the same `Notify` on every call for this core (rule 7).
    pub(crate) unsafe fn poll(
        self: Pin<&mut Self>,
        notify: &Notify,
        cx: Option<&Context<'_>>,
    ) -> Poll<()> {
        let (state, calls, node) = self.project();
        let waiter = node.value();
        match *state {
            State::Done => Poll::Ready(()),
            State::Init => {
                let mut synced = lock(&notify.synced);
                if notify.notify_waiters_calls.load(Ordering::SeqCst) != *calls {
                    *state = State::Done;
                    return Poll::Ready(());
                }
                if synced.permit {
                    synced.permit = false;
                    *state = State::Done;
                    return Poll::Ready(());
                }
                // SAFETY: rule 6: the node is not linked yet; only we touch it.
                unsafe { waiter.with_waker(|slot| *slot = cx.map(|cx| cx.waker().clone())) };
                // SAFETY: the node is unlinked (`Init`), pinned, and stays
                // linked at most until our `cancel`, which the owner calls
                // before the core is dropped (rule 7).
                unsafe { synced.waiters.push_back(NonNull::from(node)) };
                *state = State::Waiting;
                Poll::Pending
            }
            State::Waiting => {
                // Rule 4: a notification is observed without the lock.
                if waiter.notified.load(Ordering::Acquire) != NONE {
                    // The notifier took the waker; this access costs nothing
                    // outside loom, which checks it happens after theirs.
                    // SAFETY: rule 6: after observing a notification.
                    unsafe { waiter.with_waker(|slot| debug_assert!(slot.is_none())) };
                    *state = State::Done;
                    return Poll::Ready(());
                }
                let Some(cx) = cx else {
                    return Poll::Pending;
                };
                let synced = lock(&notify.synced);
                if waiter.notified.load(Ordering::Relaxed) != NONE {
                    // Served between our load and the lock; final now.
                    *state = State::Done;
                    return Poll::Ready(());
                }
                // SAFETY: rule 6: `NONE` under the lock means still linked,
                // and we hold the lock.
                let replaced = unsafe { waiter.with_waker(|slot| register_waker(slot, cx)) };
                drop(synced);
                drop(replaced);
                Poll::Pending
            }
        }
    }

    /// Rule 5: leaves the queue, passing on an unobserved `notify_one` or
    /// `notify_last`. Leaves the core `Done`.
    ///
    /// # Safety
    ///
    /// As for [`poll`](Core::poll).
    pub(crate) unsafe fn cancel(self: Pin<&mut Self>, notify: &Notify) {
        let (state, _, node) = self.project();
        if *state != State::Waiting {
            *state = State::Done;
            return;
        }
        let waiter = node.value();
        if waiter.notified.load(Ordering::Acquire) == ALL {
            // Rule 5: nothing to pass on; rule 4: the node is ours again.
            // SAFETY: rule 6: after observing a notification.
            unsafe { waiter.with_waker(|slot| debug_assert!(slot.is_none())) };
            *state = State::Done;
            return;
        }
        let (forwarded, own) = {
            // Until the node is unlinked, unwinding would free it linked
            // (and `Done` is set only after, so `Core::drop` checks too).
            let abort = AbortOnUnwind("a panic while unlinking a Notify waiter");
            let mut synced = lock(&notify.synced);
            // SAFETY: the node is alive (ours) and, as it was linked into
            // this `Notify`'s list (rule 7), linked there or in none.
            unsafe { synced.waiters.remove(NonNull::from(node)) };
            std::mem::forget(abort);
            *state = State::Done;
            // SAFETY: rule 6: unlinked now, under the lock.
            let own = unsafe { waiter.with_waker(Option::take) };
            // Unlinked, under the lock: `notified` is final.
            let forwarded = match waiter.notified.load(Ordering::Relaxed) {
                kind @ (ONE | LAST) => synced.notify_locked(kind),
                _ => None,
            };
            (forwarded, own)
        };
        drop(own);
        if let Some(waker) = forwarded {
            waker.wake();
        }
    }

    /// Makes a core that is not `Waiting` fresh again: `Init`, with the
    /// current `notify_waiters` count, as [`new`](Core::new) would.
    pub(crate) fn reset(self: Pin<&mut Self>, notify: &Notify) {
        let (state, calls, node) = self.project();
        assert!(*state != State::Waiting, "reset a waiting Notify core");
        *state = State::Init;
        *calls = notify.notify_waiters_calls.load(Ordering::SeqCst);
        // Rule 4: not `Waiting`, so the node is unlinked and ours alone.
        node.value().notified.store(NONE, Ordering::Relaxed);
    }
}

impl Drop for Core {
    fn drop(&mut self) {
        if self.state == State::Waiting {
            // Rule 7: the owner did not `cancel`; the list would keep a
            // pointer to freed memory. This is a bug in this crate, and
            // aborting is the only sound way out.
            drop(AbortOnUnwind(
                "a waiting Notify core dropped without cancel",
            ));
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
        let (notify, core) = self.project();
        // SAFETY: rule 7: always this future's own `Notify`.
        unsafe { core.poll(notify, None) }.is_ready()
    }

    fn project(self: Pin<&mut Self>) -> (&Notify, Pin<&mut Core>) {
        // SAFETY: `core` is structurally pinned (never moved out; `Drop`
        // cancels it in place); `notify` is a plain reference.
        let this = unsafe { self.get_unchecked_mut() };
        // SAFETY: as just said.
        (this.notify, unsafe { Pin::new_unchecked(&mut this.core) })
    }
}

impl Future for Notified<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let (notify, core) = self.project();
        // SAFETY: rule 7: always this future's own `Notify`.
        unsafe { core.poll(notify, Some(cx)) }
    }
}

impl Drop for Notified<'_> {
    fn drop(&mut self) {
        // SAFETY: `core` is pinned (see `project`) and dropped right after
        // this, in place; rule 7: always this future's own `Notify`.
        unsafe { Pin::new_unchecked(&mut self.core).cancel(self.notify) };
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
        let (notify, core) = self.project();
        // SAFETY: rule 7: always this future's own `Notify`.
        unsafe { core.poll(notify, None) }.is_ready()
    }

    fn project(self: Pin<&mut Self>) -> (&Notify, Pin<&mut Core>) {
        // SAFETY: `core` is structurally pinned (never moved out; `Drop`
        // cancels it in place); `notify` is a plain `Arc`, not pinned.
        let this = unsafe { self.get_unchecked_mut() };
        // SAFETY: as just said.
        (&this.notify, unsafe { Pin::new_unchecked(&mut this.core) })
    }
}

impl Future for OwnedNotified {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let (notify, core) = self.project();
        // SAFETY: rule 7: always this future's own `Notify`.
        unsafe { core.poll(notify, Some(cx)) }
    }
}

impl Drop for OwnedNotified {
    fn drop(&mut self) {
        // SAFETY: `core` is pinned (see `project`) and dropped right after
        // this, in place; rule 7: always this future's own `Notify`.
        unsafe { Pin::new_unchecked(&mut self.core).cancel(&self.notify) };
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
    use std::task::Waker;

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

    /// Rule 4: the owner observes the hand-off without the lock; loom
    /// checks that the notifier's last access to the node (waker take,
    /// `notified` store) happens before the owner's.
    #[test]
    fn loom_waiting_poll_observes_notify_one_without_lock() {
        loom::model(|| {
            let notify = Arc::new(Notify::new());
            let mut cx = Context::from_waker(Waker::noop());
            let mut notified = Box::pin(notify.notified());
            assert!(notified.as_mut().poll(&mut cx).is_pending());
            let n2 = notify.clone();
            let t = thread::spawn(move || n2.notify_one());
            while notified.as_mut().poll(&mut cx).is_pending() {
                thread::yield_now();
            }
            drop(notified);
            t.join().unwrap();
            // The notification went to the waiter, not to the permit.
            assert!(!Box::pin(notify.notified()).as_mut().enable());
        });
    }

    /// Rule 5: a waiter dropped while `notify_waiters` hands it `ALL`
    /// passes nothing on, whichever side wins; and `notify_last` racing a
    /// drop of the newest waiter reaches the older one or is stored.
    #[test]
    fn loom_drop_races_notify_waiters_and_notify_last() {
        loom::model(|| {
            let notify = Arc::new(Notify::new());
            let mut older = Box::pin(notify.notified());
            let mut newer = Box::pin(notify.notified());
            assert!(!older.as_mut().enable());
            assert!(!newer.as_mut().enable());
            let n2 = notify.clone();
            let t = thread::spawn(move || n2.notify_last());
            drop(newer);
            t.join().unwrap();
            // Forwarded to `older` (rule 5) or delivered to it directly.
            assert!(older.as_mut().enable());

            let mut waiter = Box::pin(notify.notified());
            assert!(!waiter.as_mut().enable());
            let n3 = notify.clone();
            let t = thread::spawn(move || n3.notify_waiters());
            drop(waiter);
            t.join().unwrap();
            // `notify_waiters` stores no permit, dropped waiter or not.
            assert!(!Box::pin(notify.notified()).as_mut().enable());
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
