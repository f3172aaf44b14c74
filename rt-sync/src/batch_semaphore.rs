//! The fair, batch-acquiring semaphore under [`Semaphore`](crate::Semaphore),
//! [`Mutex`](crate::Mutex) and the bounded [`mpsc`](crate::mpsc) channel.
//!
//! # Protocol
//!
//! Two fields:
//!
//! ```text
//! permits: AtomicUsize      waiters: Mutex<List<Waiter>>   (util::linked_list)
//! +---------------------+---------+--------+
//! | available (62 bits) | WAITERS | CLOSED |
//! +---------------------+---------+--------+
//!   bits 2..              bit 1     bit 0
//! ```
//!
//! 1. **Decrements** of `available` (taking permits) may happen anywhere by
//!    CAS: the lock-free `try_acquire` and the first poll of `Acquire`.
//!    **Increments** happen lock-free by CAS only on a word whose `WAITERS`
//!    bit is clear (`release`'s fast path); on a word with `WAITERS` set they
//!    happen only with the `waiters` lock held (`release_locked`). `CLOSED`
//!    is set only with the lock held.
//! 2. **`WAITERS` mirrors the queue:** it is set exactly while the wait list
//!    has a linked waiter, and it changes only with the lock held, in the
//!    same RMW that makes the change visible: the CAS that queues a waiter
//!    (rule 3) sets it; the RMW in which a release, a cancellation or `close`
//!    leaves the list empty clears it.
//! 3. **Invariant:** while `WAITERS` is set, `available == 0`. A waiter is
//!    queued under the lock by one CAS that drains `available` and sets
//!    `WAITERS` together, with `remaining` = permits still needed after what
//!    it drained. Partially assigned permits stay with the waiter
//!    (`num - remaining`). From then on no lock-free increment can succeed
//!    (rule 1), and a locked release hands its permits to queued waiters
//!    first (rule 4). Hence a lock-free taker can never overtake a queued
//!    waiter: the semaphore is fair (FIFO), including for batch acquires.
//! 4. A release under the lock (`release_locked`) assigns permits to the
//!    front waiter until its `remaining` is 0, then unlinks it, collects
//!    its waker and marks it served (rule 8), and so on. If the list is then empty, one CAS adds the
//!    leftovers to `available` and clears `WAITERS` (rule 2).
//! 5. `close` sets `CLOSED` and unlinks every waiter (clearing `WAITERS` in
//!    the same RMW); an unlinked waiter with `remaining > 0` has been refused.
//! 6. The waiting future owns its node: a dropped waiter unlinks it (under
//!    the lock) unless a server already did. On drop, whatever was assigned to it
//!    (`num - remaining`, which is all of `num` for a granted but unobserved
//!    waiter) is released again through rule 4, so a permit handed to a
//!    cancelled waiter passes on to the next one and is never lost.
//! 7. A release that finds `WAITERS` clear and wins its CAS (rule 1) is
//!    complete: no waiter existed at that instant, so there is nobody to
//!    hand permits to or to wake. A release that finds `WAITERS` set takes
//!    the lock and runs rule 4. So the common uncontended release is one CAS
//!    and never touches the lock.
//! 8. **The node handshake.** A queued waiter's node (its `remaining` and
//!    `waker`) lives in the pinned `Acquire` future. `remaining` is written
//!    only with the lock held; the `waker` cell is accessed only with the
//!    lock held, or by the owner once it has observed `remaining == 0`. A
//!    server completing a waiter (rule 4) unlinks the node, takes its waker,
//!    and then stores `remaining = 0` (Release) as its **last access** to
//!    the node. The owner loads `remaining` without the lock (Acquire): 0
//!    means all its permits are assigned, the node is unlinked and nobody
//!    else will touch it again, so it completes (or, dropped, releases
//!    `num`) without locking, and may free the node. Any other value sends
//!    it to the lock: still linked, it re-registers its waker; unlinked with
//!    `remaining > 0`, it was refused by `close` (rule 5). So a served
//!    waiter costs the lock twice (queueing, serving) instead of three times.

use crate::loom::cell::UnsafeCell;
use crate::loom::sync::atomic::{AtomicUsize, Ordering};
use crate::loom::sync::Mutex;
use crate::util::linked_list::{List, Node};
use crate::util::{lock, register_waker, AbortOnUnwind, WakeList};
use std::future::Future;
use std::pin::Pin;
use std::ptr::NonNull;
use std::task::{ready, Context, Poll, Waker};

const CLOSED: usize = 1;
/// Rule 2: the wait list has a linked waiter.
const WAITERS: usize = 2;
const SHIFT: usize = 2;

pub(crate) struct Semaphore {
    /// `available << SHIFT | WAITERS | CLOSED`; see the module protocol.
    permits: AtomicUsize,
    waiters: Mutex<List<Waiter>>,
}

/// The part of a queued `Acquire` the semaphore reaches through its list.
struct Waiter {
    /// Permits this waiter still needs (rule 3); written under the lock,
    /// read by the owner without it (rule 8).
    remaining: AtomicUsize,
    /// Rule 8: under the lock, or the owner's once it observed completion.
    waker: UnsafeCell<Option<Waker>>,
}

// SAFETY: `remaining` is atomic, and the `waker` cell is accessed only with
// the semaphore's lock held or, after completion, by the owner alone
// (rule 8): never by two threads at once.
unsafe impl Sync for Waiter {}

impl Waiter {
    /// Runs `f` on the waker slot.
    ///
    /// # Safety
    ///
    /// Rule 8: the caller holds the semaphore's lock, or is the owner and
    /// has observed `remaining == 0`.
    unsafe fn with_waker<R>(&self, f: impl FnOnce(&mut Option<Waker>) -> R) -> R {
        // SAFETY: the caller has the exclusive access rule 8 grants.
        self.waker.with_mut(|slot| f(unsafe { &mut *slot }))
    }
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TryAcquireError {
    Closed,
    NoPermits,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) struct AcquireError;

impl Semaphore {
    /// The most permits a semaphore may hold.
    pub(crate) const MAX_PERMITS: usize = usize::MAX >> 3;

    pub(crate) fn new(permits: usize) -> Semaphore {
        assert!(
            permits <= Self::MAX_PERMITS,
            "a semaphore may not have more than MAX_PERMITS permits ({})",
            Self::MAX_PERMITS
        );
        Semaphore {
            permits: AtomicUsize::new(permits << SHIFT),
            waiters: Mutex::new(List::new()),
        }
    }

    #[cfg(not(loom))]
    pub(crate) const fn const_new(permits: usize) -> Semaphore {
        assert!(permits <= Self::MAX_PERMITS);
        Semaphore {
            permits: AtomicUsize::new(permits << SHIFT),
            waiters: Mutex::new(List::new()),
        }
    }

    pub(crate) fn available_permits(&self) -> usize {
        self.permits.load(Ordering::Acquire) >> SHIFT
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.permits.load(Ordering::Acquire) & CLOSED == CLOSED
    }

    /// Takes `num` permits without waiting (rule 1).
    pub(crate) fn try_acquire(&self, num: usize) -> Result<(), TryAcquireError> {
        let mut curr = self.permits.load(Ordering::Acquire);
        loop {
            if curr & CLOSED == CLOSED {
                return Err(TryAcquireError::Closed);
            }
            if curr >> SHIFT < num {
                return Err(TryAcquireError::NoPermits);
            }
            let next = curr - (num << SHIFT);
            match self
                .permits
                .compare_exchange(curr, next, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => return Ok(()),
                Err(actual) => curr = actual,
            }
        }
    }

    /// Takes up to `num` permits (rule 1), returning how many were taken.
    fn take_up_to(&self, num: usize) -> usize {
        let mut curr = self.permits.load(Ordering::Acquire);
        loop {
            let take = num.min(curr >> SHIFT);
            if take == 0 {
                return 0;
            }
            match self.permits.compare_exchange(
                curr,
                curr - (take << SHIFT),
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => return take,
                Err(actual) => curr = actual,
            }
        }
    }

    /// Removes up to `n` available permits for good; returns how many.
    pub(crate) fn forget_permits(&self, n: usize) -> usize {
        self.take_up_to(n)
    }

    /// Returns `n` permits, waking the waiters they complete (rules 4, 7).
    pub(crate) fn release(&self, n: usize) {
        if n == 0 {
            return;
        }
        // Rule 7: with no waiter queued, one CAS and no lock.
        let mut curr = self.permits.load(Ordering::Acquire);
        while curr & WAITERS == 0 {
            let next = Self::add_available(curr, n);
            match self
                .permits
                .compare_exchange(curr, next, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => return,
                Err(actual) => curr = actual,
            }
        }
        let mut wakers = WakeList::new();
        {
            let mut waiters = lock(&self.waiters);
            self.release_locked(n, &mut waiters, &mut wakers);
        }
        wakers.wake_all();
    }

    /// `curr` with `n` more available permits, `WAITERS` cleared and
    /// `CLOSED` kept; panics on overflow of `MAX_PERMITS`.
    fn add_available(curr: usize, n: usize) -> usize {
        let available = curr >> SHIFT;
        if n > Self::MAX_PERMITS - available {
            panic!(
                "number of added permits ({n}) would overflow MAX_PERMITS ({})",
                Self::MAX_PERMITS
            );
        }
        ((available + n) << SHIFT) | (curr & CLOSED)
    }

    /// Rule 4: hand `n` permits to the waiters front to back; if that
    /// empties the list, the rest go to `available` and `WAITERS` is
    /// cleared in the same CAS. Called with the `waiters` lock held.
    fn release_locked(&self, mut n: usize, waiters: &mut List<Waiter>, wakers: &mut WakeList) {
        while n > 0 {
            let Some(front) = waiters.front() else {
                break;
            };
            // Only lock holders write `remaining` (rule 8).
            let remaining = front.remaining.load(Ordering::Relaxed);
            let assign = n.min(remaining);
            n -= assign;
            if assign < remaining {
                // Partly served: the owner still waits, so no handshake.
                front.remaining.store(remaining - assign, Ordering::Relaxed);
                break;
            }
            let node = waiters.pop_front().expect("front returned a waiter");
            // SAFETY: the node was linked until just now, so it is alive;
            // its owner frees it only after observing `remaining == 0`,
            // which we store below as our last access, or after taking the
            // lock we hold (rule 8).
            let waiter = unsafe { node.as_ref() }.value();
            // SAFETY: rule 8: under the lock, before completion is published.
            wakers.push(unsafe { waiter.with_waker(Option::take) });
            // The owner may free the node as soon as it sees this store,
            // while `waiter` still borrows it: the pattern of std's `Arc`
            // drop (rust-lang/rust#55005); nothing touches `waiter` after.
            waiter.remaining.store(0, Ordering::Release);
        }
        if !waiters.is_empty() {
            // Rule 3: every permit went to a waiter that is still queued.
            debug_assert_eq!(n, 0);
            return;
        }
        let mut curr = self.permits.load(Ordering::Acquire);
        if n == 0 && curr & WAITERS == 0 {
            return;
        }
        // Rule 2: the list is empty, so `WAITERS` goes with the leftovers.
        // Lock-free releases may race this CAS only while `WAITERS` is
        // clear (rule 1); the loop absorbs them.
        loop {
            let next = Self::add_available(curr, n);
            match self
                .permits
                .compare_exchange(curr, next, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => return,
                Err(actual) => curr = actual,
            }
        }
    }

    /// Rule 3: takes up to `num` permits; if that is not all of them,
    /// drains `available` and sets `WAITERS` in the same CAS. Returns how
    /// many were taken. Called with the `waiters` lock held, just before
    /// the caller queues itself when the result is less than `num`.
    fn take_or_mark_waiting(&self, num: usize) -> usize {
        let mut curr = self.permits.load(Ordering::Acquire);
        loop {
            let take = num.min(curr >> SHIFT);
            let next = if take == num {
                curr - (take << SHIFT)
            } else {
                // `take` is all of `available`.
                (curr & CLOSED) | WAITERS
            };
            match self
                .permits
                .compare_exchange(curr, next, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => return take,
                Err(actual) => curr = actual,
            }
        }
    }

    /// Closes the semaphore and refuses every waiter (rule 5).
    pub(crate) fn close(&self) {
        let mut wakers = WakeList::new();
        {
            let mut waiters = lock(&self.waiters);
            while let Some(node) = waiters.pop_front() {
                // SAFETY: just unlinked under the lock, which we still hold;
                // with `remaining > 0` its owner frees it only after taking
                // the lock (rule 8), so it is alive and its waker ours.
                let waiter = unsafe { node.as_ref() }.value();
                // SAFETY: as just said, under the lock.
                wakers.push(unsafe { waiter.with_waker(Option::take) });
            }
            let mut curr = self.permits.load(Ordering::Acquire);
            loop {
                let next = (curr | CLOSED) & !WAITERS;
                match self
                    .permits
                    .compare_exchange(curr, next, Ordering::AcqRel, Ordering::Acquire)
                {
                    Ok(_) => break,
                    Err(actual) => curr = actual,
                }
            }
        }
        wakers.wake_all();
    }

    /// Returns a future that acquires `num` permits.
    pub(crate) fn acquire(&self, num: usize) -> Acquire<'_> {
        Acquire {
            semaphore: self,
            num,
            state: AcquireState::Init,
            node: Node::new(Waiter {
                remaining: AtomicUsize::new(num),
                waker: UnsafeCell::new(None),
            }),
        }
    }

    /// The first poll of an acquire of `num` permits: the lock-free fast
    /// path, else queueing `node` (rule 3). Returns `Pending` only after
    /// linking `node`.
    ///
    /// # Safety
    ///
    /// `node` is not linked, and if this returns `Pending` it stays alive
    /// at its address until it is unlinked from this semaphore's list
    /// (`linked_list` rule 2): the caller is a pinned `Acquire` that then
    /// moves to `Waiting`, whose `Drop` unlinks it.
    unsafe fn poll_first(
        &self,
        num: usize,
        node: &Node<Waiter>,
        waker: &Waker,
    ) -> Poll<Result<(), AcquireError>> {
        // Lock-free fast path: by rule 3 it cannot overtake a waiter.
        match self.try_acquire(num) {
            Ok(()) => return Poll::Ready(Ok(())),
            Err(TryAcquireError::Closed) => return Poll::Ready(Err(AcquireError)),
            Err(TryAcquireError::NoPermits) => {}
        }
        // Cloned before locking, so that no executor code (which might
        // panic) runs between draining permits and linking the node, and
        // declared before the guard, so that an unused clone is dropped
        // after the lock is released.
        let waker = waker.clone();
        let mut waiters = lock(&self.waiters);
        if self.is_closed() {
            return Poll::Ready(Err(AcquireError));
        }
        // Rule 3: drain what is available, queue for the rest.
        let taken = self.take_or_mark_waiting(num);
        if taken == num {
            return Poll::Ready(Ok(()));
        }
        let waiter = node.value();
        waiter.remaining.store(num - taken, Ordering::Relaxed);
        // SAFETY: rule 8: the node is not linked yet, so only we access its
        // waker cell.
        unsafe { waiter.with_waker(|slot| *slot = Some(waker)) };
        // SAFETY: the node is unlinked and stays put until unlinked, as our
        // caller promises.
        unsafe { waiters.push_back(NonNull::from(node)) };
        Poll::Pending
    }

    /// A later poll of an acquire of `num` permits whose `node` was queued
    /// by [`poll_first`](Semaphore::poll_first).
    ///
    /// # Safety
    ///
    /// `node` was linked into this semaphore's list by `poll_first`, and its
    /// owner has not yet observed completion (it is linked or was unlinked
    /// by a server).
    unsafe fn poll_waiting(
        &self,
        num: usize,
        node: &Node<Waiter>,
        cx: &mut Context<'_>,
    ) -> Poll<Result<(), AcquireError>> {
        let waiter = node.value();
        // Rule 8: 0 means served, unlinked and no longer touched by anyone:
        // no lock needed.
        if waiter.remaining.load(Ordering::Acquire) == 0 {
            // The server took the waker. This access costs nothing outside
            // loom, where it checks that the server's accesses happen
            // before ours.
            // SAFETY: rule 8: after observing 0, only the owner accesses it.
            unsafe { waiter.with_waker(|slot| debug_assert!(slot.is_none())) };
            return Poll::Ready(Ok(()));
        }
        let mut waiters = lock(&self.waiters);
        // SAFETY: the node is alive (it is ours) and linked in this list or
        // in none (caller; `linked_list` rule 3).
        if unsafe { waiters.is_linked(NonNull::from(node)) } {
            // SAFETY: rule 8: a linked node's waker cell is accessed only
            // under the lock, which we hold.
            let replaced = unsafe { waiter.with_waker(|slot| register_waker(slot, cx)) };
            drop(waiters);
            drop(replaced);
            return Poll::Pending;
        }
        // Unlinked: only lock holders write `remaining`, so this is final.
        let remaining = waiter.remaining.load(Ordering::Relaxed);
        if remaining == 0 {
            return Poll::Ready(Ok(()));
        }
        // Rule 5: refused by `close`; give back what was assigned.
        let mut wakers = WakeList::new();
        self.release_locked(num - remaining, &mut waiters, &mut wakers);
        drop(waiters);
        wakers.wake_all();
        Poll::Ready(Err(AcquireError))
    }

    /// Rule 6: a dropped waiter's node is unlinked and its permits passed on.
    ///
    /// # Safety
    ///
    /// As for [`poll_waiting`](Semaphore::poll_waiting).
    unsafe fn cancel(&self, num: usize, node: &Node<Waiter>) {
        let waiter = node.value();
        if waiter.remaining.load(Ordering::Acquire) == 0 {
            // Rule 8: granted but never observed; the node is unlinked and
            // ours alone. Clearing the (already taken) waker here lets loom
            // check that the server's accesses happen before ours.
            // SAFETY: rule 8: after observing 0, only the owner accesses it.
            unsafe { waiter.with_waker(|slot| *slot = None) };
            self.release(num);
            return;
        }
        let mut wakers = WakeList::new();
        {
            // Until the node is unlinked, unwinding would free it linked.
            let abort = AbortOnUnwind("a panic while unlinking a semaphore waiter");
            let mut waiters = lock(&self.waiters);
            // SAFETY: the node is alive and linked in this list or in none
            // (caller).
            unsafe { waiters.remove(NonNull::from(node)) };
            std::mem::forget(abort);
            // SAFETY: rule 8: with the node unlinked and the lock held,
            // nobody else accesses its waker cell.
            let waker = unsafe { waiter.with_waker(Option::take) };
            // Unlinked, under the lock: `remaining` is final.
            let remaining = waiter.remaining.load(Ordering::Relaxed);
            self.release_locked(num - remaining, &mut waiters, &mut wakers);
            drop(waiters);
            drop(waker);
        }
        wakers.wake_all();
    }
}

impl std::fmt::Debug for Semaphore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Semaphore")
            .field("permits", &self.available_permits())
            .field("closed", &self.is_closed())
            .finish()
    }
}

/// Future acquiring permits from a [`Semaphore`]; on success the caller owns
/// `num` permits and must [`release`](Semaphore::release) them.
///
/// It is `!Unpin`: while `Waiting`, the semaphore's wait list points at its
/// `node` (`linked_list` rule 2).
pub(crate) struct Acquire<'a> {
    semaphore: &'a Semaphore,
    num: usize,
    state: AcquireState,
    node: Node<Waiter>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum AcquireState {
    Init,
    /// `node` was queued by `poll_first` and completion not yet observed.
    Waiting,
    Done,
}

// SAFETY: the only non-`Send`/`Sync` parts are the node's links and waker
// cell. The links are touched only by the semaphore's `List` under its lock
// (`linked_list` rule 1); the waker cell only under that lock or by the
// owner after it observed completion (rule 8). Both hold whichever thread
// the future is moved to or shared with (`&Acquire` exposes nothing).
unsafe impl Send for Acquire<'_> {}
// SAFETY: as above.
unsafe impl Sync for Acquire<'_> {}

impl Future for Acquire<'_> {
    type Output = Result<(), AcquireError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // SAFETY: `node` is never moved out of `self` (it is structurally
        // pinned; `Drop` unlinks it in place); the other fields are plain
        // data that we only read or overwrite.
        let this = unsafe { self.get_unchecked_mut() };
        let coop = ready!(rt_core::coop::poll_proceed(cx));
        let poll = match this.state {
            // SAFETY: in `Init` the node is unlinked; if this returns
            // `Pending` we move to `Waiting`, whose `Drop` unlinks the pinned
            // node before it is freed.
            AcquireState::Init => unsafe {
                this.semaphore.poll_first(this.num, &this.node, cx.waker())
            },
            // SAFETY: in `Waiting`, `poll_first` queued the node and we have
            // not observed completion.
            AcquireState::Waiting => unsafe {
                this.semaphore.poll_waiting(this.num, &this.node, cx)
            },
            AcquireState::Done => panic!("Acquire polled after completion"),
        };
        match &poll {
            Poll::Pending => this.state = AcquireState::Waiting,
            Poll::Ready(result) => {
                this.state = AcquireState::Done;
                if result.is_ok() {
                    coop.made_progress();
                }
            }
        }
        poll
    }
}

impl Drop for Acquire<'_> {
    fn drop(&mut self) {
        if self.state == AcquireState::Waiting {
            self.state = AcquireState::Done;
            // SAFETY: in `Waiting` the node was queued and completion not
            // observed; it is still alive and in place (we are dropping it).
            unsafe { self.semaphore.cancel(self.num, &self.node) };
        }
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use crate::loom::sync::Arc;
    use loom::future::block_on;
    use loom::thread;
    use std::task::Waker;

    /// A waiter for `num` permits, polled once so that it is queued.
    fn queued(sem: &Semaphore, num: usize) -> Pin<Box<Acquire<'_>>> {
        let mut waiter = Box::pin(sem.acquire(num));
        let mut cx = Context::from_waker(Waker::noop());
        assert!(waiter.as_mut().poll(&mut cx).is_pending());
        waiter
    }

    #[test]
    fn loom_release_hands_permit_to_waiter() {
        loom::model(|| {
            let sem = Arc::new(Semaphore::new(1));
            let s2 = sem.clone();
            let t = thread::spawn(move || {
                block_on(s2.acquire(1)).unwrap();
                s2.release(1);
            });
            block_on(sem.acquire(1)).unwrap();
            sem.release(1);
            t.join().unwrap();
            assert_eq!(sem.available_permits(), 1);
        });
    }

    #[test]
    fn loom_batch_acquire_with_concurrent_releases() {
        loom::model(|| {
            let sem = Arc::new(Semaphore::new(0));
            let s2 = sem.clone();
            let t = thread::spawn(move || s2.release(1));
            sem.release(1);
            block_on(sem.acquire(2)).unwrap();
            t.join().unwrap();
            assert_eq!(sem.available_permits(), 0);
        });
    }

    #[test]
    fn loom_cancelled_waiter_passes_permits_on() {
        loom::model(|| {
            let sem = Arc::new(Semaphore::new(1));
            // Queue a waiter for 2 permits: it takes the 1 available.
            let first = queued(&sem, 2);
            let s2 = sem.clone();
            let t = thread::spawn(move || {
                block_on(s2.acquire(1)).unwrap();
                s2.release(1);
            });
            // Cancel: its assigned permit must reach the other thread.
            drop(first);
            t.join().unwrap();
            assert_eq!(sem.available_permits(), 1);
        });
    }

    /// Rule 7 against rule 3: a lock-free release racing a waiter that
    /// queues must either be seen by the waiter's drain or find `WAITERS`
    /// set and hand the permit over under the lock; never strand it.
    #[test]
    fn loom_fast_release_races_queueing_waiter() {
        loom::model(|| {
            let sem = Arc::new(Semaphore::new(0));
            let s2 = sem.clone();
            let t = thread::spawn(move || s2.release(1));
            block_on(sem.acquire(1)).unwrap();
            t.join().unwrap();
            assert_eq!(sem.available_permits(), 0);
            // `WAITERS` is clear again: the fast path works.
            sem.release(1);
            assert_eq!(sem.try_acquire(1), Ok(()));
        });
    }

    /// Rule 2: cancelling the last queued waiter while a release races it
    /// clears `WAITERS`; the permit ends up available either way.
    #[test]
    fn loom_cancel_last_waiter_clears_waiters_bit() {
        loom::model(|| {
            let sem = Arc::new(Semaphore::new(0));
            let waiter = queued(&sem, 1);
            let s2 = sem.clone();
            let t = thread::spawn(move || s2.release(1));
            drop(waiter);
            t.join().unwrap();
            assert_eq!(sem.available_permits(), 1);
            assert_eq!(sem.permits.load(Ordering::SeqCst) & WAITERS, 0);
        });
    }

    /// Rule 3: a lock-free `try_acquire` never overtakes a queued waiter,
    /// whatever the interleaving with the release that serves it.
    #[test]
    fn loom_try_acquire_never_overtakes_waiter() {
        loom::model(|| {
            let sem = Arc::new(Semaphore::new(0));
            let mut cx = Context::from_waker(Waker::noop());
            let mut waiter = queued(&sem, 1);
            let s2 = sem.clone();
            let t = thread::spawn(move || s2.try_acquire(1));
            sem.release(1);
            assert_eq!(t.join().unwrap(), Err(TryAcquireError::NoPermits));
            assert!(waiter.as_mut().poll(&mut cx).is_ready());
        });
    }

    /// Rule 8: the owner polls its queued node without the lock while a
    /// release serves it; it completes exactly once the permit is its, and
    /// loom checks that the server's last access to the node (the waker
    /// take, the `remaining` store) happens before the owner frees it.
    #[test]
    fn loom_owner_observes_service_without_lock() {
        loom::model(|| {
            let sem = Arc::new(Semaphore::new(0));
            let mut cx = Context::from_waker(Waker::noop());
            let mut waiter = queued(&sem, 1);
            let s2 = sem.clone();
            let t = thread::spawn(move || s2.release(1));
            while waiter.as_mut().poll(&mut cx).is_pending() {
                thread::yield_now();
            }
            drop(waiter);
            t.join().unwrap();
            assert_eq!(sem.available_permits(), 0);
            assert_eq!(sem.permits.load(Ordering::SeqCst) & WAITERS, 0);
        });
    }

    /// Rule 8 with two queued nodes: a batch release serves both while the
    /// second owner cancels; the permit reaches either it (and is passed
    /// back by its drop) or stays available, and the first is served.
    #[test]
    fn loom_batch_release_serves_front_while_back_cancels() {
        loom::model(|| {
            let sem = Arc::new(Semaphore::new(0));
            let mut cx = Context::from_waker(Waker::noop());
            let mut first = queued(&sem, 1);
            let second = queued(&sem, 1);
            let s2 = sem.clone();
            let t = thread::spawn(move || s2.release(2));
            drop(second);
            t.join().unwrap();
            assert!(first.as_mut().poll(&mut cx).is_ready());
            drop(first);
            assert_eq!(sem.available_permits(), 1);
        });
    }

    #[test]
    fn loom_close_refuses_waiter() {
        loom::model(|| {
            let sem = Arc::new(Semaphore::new(0));
            let s2 = sem.clone();
            let t = thread::spawn(move || s2.close());
            assert_eq!(block_on(sem.acquire(1)), Err(AcquireError));
            t.join().unwrap();
        });
    }
}
