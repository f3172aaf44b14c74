//! The fair, batch-acquiring semaphore under [`Semaphore`](crate::Semaphore),
//! [`Mutex`](crate::Mutex) and the bounded [`mpsc`](crate::mpsc) channel.
//!
//! # Protocol
//!
//! Two fields:
//!
//! ```text
//! permits: AtomicUsize      waiters: Mutex<WaitList<Waiter>>
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
//!    front waiter until its `remaining` is 0, then unlinks it and collects
//!    its waker, and so on. If the list is then empty, one CAS adds the
//!    leftovers to `available` and clears `WAITERS` (rule 2).
//! 5. `close` sets `CLOSED` and unlinks every waiter (clearing `WAITERS` in
//!    the same RMW); an unlinked waiter with `remaining > 0` has been refused.
//! 6. The waiting future owns its slot's [`Key`]: it removes the slot when it
//!    completes or is dropped. On drop, whatever was assigned to it
//!    (`num - remaining`, which is all of `num` for a granted but unobserved
//!    waiter) is released again through rule 4, so a permit handed to a
//!    cancelled waiter passes on to the next one and is never lost.
//! 7. A release that finds `WAITERS` clear and wins its CAS (rule 1) is
//!    complete: no waiter existed at that instant, so there is nobody to
//!    hand permits to or to wake. A release that finds `WAITERS` set takes
//!    the lock and runs rule 4. So the common uncontended release is one CAS
//!    and never touches the lock.

use crate::loom::sync::atomic::{AtomicUsize, Ordering};
use crate::loom::sync::Mutex;
use crate::util::wait_list::{Key, WaitList};
use crate::util::{lock, register_waker, WakeList};
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll, Waker};

const CLOSED: usize = 1;
/// Rule 2: the wait list has a linked waiter.
const WAITERS: usize = 2;
const SHIFT: usize = 2;

pub(crate) struct Semaphore {
    /// `available << SHIFT | WAITERS | CLOSED`; see the module protocol.
    permits: AtomicUsize,
    waiters: Mutex<WaitList<Waiter>>,
}

struct Waiter {
    /// Permits this waiter still needs (rule 3).
    remaining: usize,
    waker: Option<Waker>,
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
            waiters: Mutex::new(WaitList::new()),
        }
    }

    #[cfg(not(loom))]
    pub(crate) const fn const_new(permits: usize) -> Semaphore {
        assert!(permits <= Self::MAX_PERMITS);
        Semaphore {
            permits: AtomicUsize::new(permits << SHIFT),
            waiters: Mutex::new(WaitList::new()),
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
    fn release_locked(&self, mut n: usize, waiters: &mut WaitList<Waiter>, wakers: &mut WakeList) {
        while n > 0 {
            let Some(front) = waiters.front_mut() else {
                break;
            };
            let assign = n.min(front.remaining);
            front.remaining -= assign;
            n -= assign;
            if front.remaining == 0 {
                let waiter = waiters.unlink_front().expect("front_mut returned a waiter");
                wakers.push(waiter.waker.take());
            }
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
            waiters.unlink_all(|waiter| wakers.push(waiter.waker.take()));
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
        }
    }

    /// One poll of an acquire of `num` permits whose wait-list slot is
    /// `node` (`None` before it has queued).
    fn poll_acquire(
        &self,
        cx: &mut Context<'_>,
        num: usize,
        node: &mut Option<Key>,
    ) -> Poll<Result<(), AcquireError>> {
        let coop = ready!(rt_core::coop::poll_proceed(cx));
        let result = match node.take() {
            None => {
                // Lock-free fast path: by rule 2 it cannot overtake a waiter.
                match self.try_acquire(num) {
                    Ok(()) => Ok(()),
                    Err(TryAcquireError::Closed) => Err(AcquireError),
                    Err(TryAcquireError::NoPermits) => {
                        let mut waiters = lock(&self.waiters);
                        if self.is_closed() {
                            Err(AcquireError)
                        } else {
                            // Rule 3: drain what is available, queue for the rest.
                            let taken = self.take_or_mark_waiting(num);
                            if taken == num {
                                Ok(())
                            } else {
                                *node = Some(waiters.insert_back(Waiter {
                                    remaining: num - taken,
                                    waker: Some(cx.waker().clone()),
                                }));
                                return Poll::Pending;
                            }
                        }
                    }
                }
            }
            Some(key) => {
                let mut waiters = lock(&self.waiters);
                if waiters.is_linked(&key) {
                    register_waker(&mut waiters.get_mut(&key).waker, cx);
                    *node = Some(key);
                    return Poll::Pending;
                }
                let waiter = waiters.remove(key);
                if waiter.remaining == 0 {
                    Ok(())
                } else {
                    // Rule 5: refused by `close`; give back what was assigned.
                    let mut wakers = WakeList::new();
                    self.release_locked(num - waiter.remaining, &mut waiters, &mut wakers);
                    drop(waiters);
                    wakers.wake_all();
                    Err(AcquireError)
                }
            }
        };
        if result.is_ok() {
            coop.made_progress();
        }
        Poll::Ready(result)
    }

    /// Rule 6: a dropped waiter's slot is freed and its permits passed on.
    fn cancel(&self, num: usize, key: Key) {
        let mut wakers = WakeList::new();
        {
            let mut waiters = lock(&self.waiters);
            let waiter = waiters.remove(key);
            self.release_locked(num - waiter.remaining, &mut waiters, &mut wakers);
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
pub(crate) struct Acquire<'a> {
    semaphore: &'a Semaphore,
    num: usize,
    state: AcquireState,
}

enum AcquireState {
    Init,
    Waiting(Key),
    Done,
}

impl Future for Acquire<'_> {
    type Output = Result<(), AcquireError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let mut node = match std::mem::replace(&mut this.state, AcquireState::Done) {
            AcquireState::Init => None,
            AcquireState::Waiting(key) => Some(key),
            AcquireState::Done => panic!("Acquire polled after completion"),
        };
        let poll = this.semaphore.poll_acquire(cx, this.num, &mut node);
        this.state = match node {
            Some(key) => AcquireState::Waiting(key),
            None if poll.is_pending() => AcquireState::Init,
            None => AcquireState::Done,
        };
        poll
    }
}

impl Drop for Acquire<'_> {
    fn drop(&mut self) {
        if let AcquireState::Waiting(key) = std::mem::replace(&mut self.state, AcquireState::Done) {
            self.semaphore.cancel(self.num, key);
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
            let waker = Waker::noop();
            let mut cx = Context::from_waker(waker);
            // Queue a waiter for 2 permits: it takes the 1 available.
            let mut first = Box::pin(sem.acquire(2));
            assert!(first.as_mut().poll(&mut cx).is_pending());
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
            let mut cx = Context::from_waker(Waker::noop());
            let mut waiter = Box::pin(sem.acquire(1));
            assert!(waiter.as_mut().poll(&mut cx).is_pending());
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
            let mut waiter = Box::pin(sem.acquire(1));
            assert!(waiter.as_mut().poll(&mut cx).is_pending());
            let s2 = sem.clone();
            let t = thread::spawn(move || s2.try_acquire(1));
            sem.release(1);
            assert_eq!(t.join().unwrap(), Err(TryAcquireError::NoPermits));
            assert!(waiter.as_mut().poll(&mut cx).is_ready());
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
