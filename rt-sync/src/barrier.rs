//! [`Barrier`]: wait until `n` tasks have arrived.
//!
//! # Protocol
//!
//! ```text
//! Barrier { n, synced: Mutex<Synced> }
//! Synced  { arrived: usize, generation: usize, waiters: WaitList<Option<Waker>> }
//! ```
//!
//! 1. A task arrives under the lock: `arrived += 1`. The `n`-th arrival of a
//!    generation is its leader: it resets `arrived` to 0, increments
//!    `generation`, and unlinks every waiter (waking them after unlocking).
//! 2. Any other arrival remembers the `generation` it arrived in and waits,
//!    queued in `waiters` under the same lock, until `generation` differs.
//!    Queueing and the leader's increment are serialized by the lock, so no
//!    wake-up is lost.
//! 3. A waiting future owns its slot and removes it when it completes or is
//!    dropped. Its arrival is not taken back: it still counts towards its
//!    generation.

use crate::loom::sync::Mutex;
use crate::util::wait_list::{Key, WaitList};
use crate::util::{lock, register_waker, WakeList};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// Makes tasks wait until a fixed number of them have called
/// [`wait`](Barrier::wait), then releases them all together. The barrier is
/// reusable: the next `n` calls form the next generation.
///
/// # Examples
///
/// ```
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } std::thread::yield_now(); }
/// # }
/// use rt_sync::Barrier;
/// use std::sync::Arc;
///
/// let barrier = Arc::new(Barrier::new(3));
/// let threads: Vec<_> = (0..3)
///     .map(|_| {
///         let barrier = barrier.clone();
///         std::thread::spawn(move || block_on(barrier.wait()).is_leader())
///     })
///     .collect();
/// let leaders = threads
///     .into_iter()
///     .map(|t| t.join().unwrap())
///     .filter(|&leader| leader)
///     .count();
/// assert_eq!(leaders, 1);
/// ```
pub struct Barrier {
    n: usize,
    synced: Mutex<Synced>,
}

struct Synced {
    arrived: usize,
    generation: usize,
    waiters: WaitList<Option<Waker>>,
}

/// What [`Barrier::wait`] returns: whether this task was the generation's
/// leader.
///
/// # Examples
///
/// ```
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
/// # }
/// let barrier = rt_sync::Barrier::new(1);
/// let result: rt_sync::BarrierWaitResult = block_on(barrier.wait());
/// assert!(result.is_leader());
/// ```
#[derive(Debug, Clone)]
pub struct BarrierWaitResult(bool);

impl BarrierWaitResult {
    /// Returns `true` for exactly one task per generation: the last to
    /// arrive.
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
    /// # }
    /// let barrier = rt_sync::Barrier::new(0); // acts like 1
    /// assert!(block_on(barrier.wait()).is_leader());
    /// ```
    pub fn is_leader(&self) -> bool {
        self.0
    }
}

impl Barrier {
    /// Creates a barrier that releases its waiters when `n` tasks have
    /// arrived. `n == 0` behaves like `n == 1`: every `wait` completes at
    /// once, as leader.
    ///
    /// # Examples
    ///
    /// ```
    /// let barrier = rt_sync::Barrier::new(2);
    /// # drop(barrier);
    /// ```
    pub fn new(n: usize) -> Barrier {
        Barrier {
            n: n.max(1),
            synced: Mutex::new(Synced {
                arrived: 0,
                generation: 0,
                waiters: WaitList::new(),
            }),
        }
    }

    /// Arrives at the barrier and waits until `n` tasks (this one included)
    /// have arrived in this generation.
    ///
    /// Exactly one task per generation gets a result whose
    /// [`is_leader`](BarrierWaitResult::is_leader) is `true`.
    ///
    /// # Cancel safety
    ///
    /// This method is not cancel safe: the arrival counts as soon as the
    /// future is first polled, and cancelling it does not take the arrival
    /// back, so the generation can complete without this task.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     let w = std::task::Waker::noop(); let mut cx = std::task::Context::from_waker(&w);
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } std::thread::yield_now(); }
    /// # }
    /// use std::sync::Arc;
    ///
    /// let barrier = Arc::new(rt_sync::Barrier::new(2));
    /// let b2 = barrier.clone();
    /// let t = std::thread::spawn(move || block_on(b2.wait()).is_leader());
    /// let here = block_on(barrier.wait()).is_leader();
    /// assert!(here != t.join().unwrap()); // one of the two leads
    /// ```
    pub async fn wait(&self) -> BarrierWaitResult {
        crate::util::consume_budget().await;
        let generation = {
            let mut wakers = WakeList::new();
            let mut synced = lock(&self.synced);
            synced.arrived += 1;
            if synced.arrived == self.n {
                // Rule 1: the leader releases the generation.
                synced.arrived = 0;
                synced.generation = synced.generation.wrapping_add(1);
                synced.waiters.unlink_all(|waker| wakers.push(waker.take()));
                drop(synced);
                wakers.wake_all();
                return BarrierWaitResult(true);
            }
            synced.generation
        };
        Wait {
            barrier: self,
            generation,
            key: None,
        }
        .await;
        BarrierWaitResult(false)
    }
}

impl fmt::Debug for Barrier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let synced = lock(&self.synced);
        f.debug_struct("Barrier")
            .field("n", &self.n)
            .field("arrived", &synced.arrived)
            .field("generation", &synced.generation)
            .finish()
    }
}

/// Rule 2: waits for the generation to move on; owns its slot (rule 3).
struct Wait<'a> {
    barrier: &'a Barrier,
    generation: usize,
    key: Option<Key>,
}

impl Future for Wait<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        let mut synced = lock(&this.barrier.synced);
        if synced.generation != this.generation {
            if let Some(key) = this.key.take() {
                // Wakers are dropped after the lock (see `register_waker`).
                let removed = synced.waiters.remove(key);
                drop(synced);
                drop(removed);
            }
            return Poll::Ready(());
        }
        match &this.key {
            Some(key) => {
                let replaced = register_waker(synced.waiters.get_mut(key), cx);
                drop(synced);
                drop(replaced);
            }
            None => this.key = Some(synced.waiters.insert_back(Some(cx.waker().clone()))),
        }
        Poll::Pending
    }
}

impl Drop for Wait<'_> {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            // The guard is a temporary of this statement; the waker is
            // dropped after it (see `util::register_waker`).
            let waker = lock(&self.barrier.synced).waiters.remove(key);
            drop(waker);
        }
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use crate::loom::sync::Arc;
    use loom::future::block_on;
    use loom::thread;

    #[test]
    fn loom_barrier_releases_both_with_one_leader() {
        loom::model(|| {
            let barrier = Arc::new(Barrier::new(2));
            let b2 = barrier.clone();
            let t = thread::spawn(move || block_on(b2.wait()).is_leader());
            let here = block_on(barrier.wait()).is_leader();
            let there = t.join().unwrap();
            assert!(here ^ there);
        });
    }
}
