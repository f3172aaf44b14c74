//! The cooperative budget.
//!
//! A task that is always ready (a channel that always has a message, a socket
//! that always has bytes) would otherwise keep its worker forever and starve
//! every other task. The scheduler therefore gives each poll of a task a
//! *budget* of [`BUDGET`] operations. Every resource that can make a task
//! ready (channel receives, lock acquisitions, socket readiness, joins)
//! charges one unit through [`poll_proceed`] before doing its work; once the
//! budget is spent, `poll_proceed` wakes the task and returns `Pending`, so
//! the task yields back to the scheduler and is polled again later.
//!
//! Outside a runtime, and inside [`unconstrained`](crate::task::unconstrained),
//! the budget is unlimited: resources from any executor keep working.
//!
//! # For resource implementers
//!
//! ```
//! use std::task::{Context, Poll};
//!
//! fn poll_resource(cx: &mut Context<'_>, ready: bool) -> Poll<u32> {
//!     // Charge one unit first; returns Pending (and wakes us) when spent.
//!     let coop = std::task::ready!(rt_core::coop::poll_proceed(cx));
//!     if ready {
//!         coop.made_progress(); // keep the unit spent
//!         Poll::Ready(7)
//!     } else {
//!         Poll::Pending // the unit is refunded when `coop` drops
//!     }
//! }
//! # let waker = std::task::Waker::noop();
//! # let mut cx = Context::from_waker(&waker);
//! # assert_eq!(poll_resource(&mut cx, true), Poll::Ready(7));
//! ```

use std::cell::Cell;
use std::task::{Context, Poll};

/// Operations a task may perform in one poll before it is made to yield.
///
/// ```
/// use std::future::poll_fn;
/// use std::task::Poll;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// let charged = rt.block_on(async {
///     // Charge units (keeping them spent) until the budget runs out.
///     poll_fn(|cx| {
///         let mut charged = 0;
///         while let Poll::Ready(unit) = rt_core::coop::poll_proceed(cx) {
///             unit.made_progress();
///             charged += 1;
///         }
///         Poll::Ready(charged)
///     })
///     .await
/// });
/// assert_eq!(charged, rt_core::coop::BUDGET);
/// ```
pub const BUDGET: u8 = 128;

/// A task's remaining budget; `None` means unconstrained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Budget(Option<u8>);

impl Budget {
    pub(crate) const fn initial() -> Budget {
        Budget(Some(BUDGET))
    }

    pub(crate) const fn unconstrained() -> Budget {
        Budget(None)
    }
}

#[cfg(not(loom))]
thread_local! {
    static CURRENT: Cell<Budget> = const { Cell::new(Budget::unconstrained()) };
}

// loom runs its simulated threads on one OS thread, so a std thread-local
// would be shared between them; under loom every thread is unconstrained.
#[cfg(loom)]
fn with_current<R>(f: impl FnOnce(&Cell<Budget>) -> R) -> R {
    let cell = Cell::new(Budget::unconstrained());
    f(&cell)
}

#[cfg(not(loom))]
#[inline]
fn with_current<R>(f: impl FnOnce(&Cell<Budget>) -> R) -> R {
    CURRENT.with(f)
}

/// Runs `f` with `budget` as the current budget, restoring the previous one
/// afterwards, also when `f` unwinds.
pub(crate) fn with_budget<R>(budget: Budget, f: impl FnOnce() -> R) -> R {
    struct Reset(Budget);
    impl Drop for Reset {
        fn drop(&mut self) {
            let prev = self.0;
            with_current(|cell| cell.set(prev));
        }
    }
    let prev = with_current(|cell| cell.replace(budget));
    let _reset = Reset(prev);
    f()
}

/// Runs `f` (one poll of a task) with a fresh budget.
pub(crate) fn budget<R>(f: impl FnOnce() -> R) -> R {
    with_budget(Budget::initial(), f)
}

/// Returns `true` if the current task has budget left (always `true` outside
/// a runtime or inside `unconstrained`).
///
/// ```
/// assert!(rt_core::coop::has_budget_remaining());
/// ```
#[inline]
pub fn has_budget_remaining() -> bool {
    with_current(|cell| cell.get().0 != Some(0))
}

/// Charges one unit of the current task's budget.
///
/// Returns `Poll::Pending` after waking the task when the budget is spent.
/// Otherwise returns a guard that refunds the unit when dropped, unless
/// [`RestoreOnPending::made_progress`] was called: an operation that ends up
/// `Pending` costs nothing.
///
/// A resource that is always ready still makes its task yield once the
/// budget is spent:
///
/// ```
/// use std::future::poll_fn;
/// use std::task::Poll;
///
/// /// A counter that is always ready, as a busy channel would be.
/// fn poll_next(cx: &mut std::task::Context<'_>, n: &mut u32) -> Poll<u32> {
///     let unit = std::task::ready!(rt_core::coop::poll_proceed(cx));
///     unit.made_progress();
///     *n += 1;
///     Poll::Ready(*n)
/// }
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut n = 0;
///     let mut polls = 0;
///     while n < 1000 {
///         polls += 1;
///         // Each poll of this future runs until the budget says yield.
///         poll_fn(|cx| loop {
///             match poll_next(cx, &mut n) {
///                 Poll::Ready(v) if v < 1000 => continue,
///                 Poll::Ready(_) => return Poll::Ready(()),
///                 Poll::Pending => return Poll::Pending,
///             }
///         })
///         .await;
///     }
///     assert_eq!(n, 1000);
///     assert_eq!(polls, 1, "one await, however many polls it took");
/// });
/// ```
#[inline]
pub fn poll_proceed(cx: &mut Context<'_>) -> Poll<RestoreOnPending> {
    with_current(|cell| {
        let current = cell.get();
        match current.0 {
            None => Poll::Ready(RestoreOnPending(Cell::new(None))),
            Some(0) => {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Some(n) => {
                cell.set(Budget(Some(n - 1)));
                Poll::Ready(RestoreOnPending(Cell::new(Some(current))))
            }
        }
    })
}

/// Guard returned by [`poll_proceed`]: refunds the charged unit on drop
/// unless [`made_progress`](RestoreOnPending::made_progress) was called.
///
/// ```
/// use std::future::poll_fn;
/// use std::task::Poll;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(poll_fn(|cx| {
///     for _ in 0..1000 {
///         // Dropped without `made_progress`: each unit is refunded.
///         let unit = rt_core::coop::poll_proceed(cx);
///         assert!(unit.is_ready());
///     }
///     assert!(rt_core::coop::has_budget_remaining());
///     Poll::Ready(())
/// }));
/// ```
#[derive(Debug)]
#[must_use = "dropping the guard immediately refunds the budget unit"]
pub struct RestoreOnPending(Cell<Option<Budget>>);

impl RestoreOnPending {
    /// Marks the operation as having made progress: the unit stays spent.
    ///
    /// ```
    /// use std::future::poll_fn;
    /// use std::task::Poll;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(poll_fn(|cx| {
    ///     for _ in 0..rt_core::coop::BUDGET {
    ///         let Poll::Ready(unit) = rt_core::coop::poll_proceed(cx) else { unreachable!() };
    ///         unit.made_progress();
    ///     }
    ///     assert!(!rt_core::coop::has_budget_remaining());
    ///     Poll::Ready(())
    /// }));
    /// ```
    #[inline]
    pub fn made_progress(&self) {
        self.0.set(None);
    }
}

impl Drop for RestoreOnPending {
    #[inline]
    fn drop(&mut self) {
        if let Some(budget) = self.0.get() {
            with_current(|cell| cell.set(budget));
        }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::task::{Wake, Waker};

    struct CountWakes(AtomicUsize);
    impl Wake for CountWakes {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn budget_runs_out_and_wakes() {
        let counter = Arc::new(CountWakes(AtomicUsize::new(0)));
        let waker = Waker::from(counter.clone());
        let mut cx = Context::from_waker(&waker);
        budget(|| {
            for _ in 0..BUDGET {
                match poll_proceed(&mut cx) {
                    Poll::Ready(g) => g.made_progress(),
                    Poll::Pending => panic!("budget ran out early"),
                }
            }
            assert!(!has_budget_remaining());
            assert!(poll_proceed(&mut cx).is_pending());
        });
        assert_eq!(counter.0.load(Ordering::SeqCst), 1);
        // Outside a task poll the budget is unconstrained again.
        assert!(has_budget_remaining());
    }

    #[test]
    fn pending_operations_are_refunded() {
        let waker = Waker::noop();
        let mut cx = Context::from_waker(waker);
        budget(|| {
            for _ in 0..(BUDGET as usize * 4) {
                let guard = poll_proceed(&mut cx);
                assert!(guard.is_ready());
                drop(guard); // not made_progress: refunded
            }
            assert!(has_budget_remaining());
        });
    }
}
