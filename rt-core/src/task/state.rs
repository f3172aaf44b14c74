//! The task state word: lifecycle bits and the reference count packed into
//! one `AtomicUsize`. The protocol (what each bit means, who may touch which
//! field) is documented in the parent module, `task/mod.rs`; the rules cited
//! here are numbered there.
//!
//! ```text
//!  usize::BITS-1                       6   5   4   3   2   1   0
//! +-------------------------------------+---+---+---+---+---+---+
//! |           reference count           | W | J | C | N | D | R |
//! +-------------------------------------+---+---+---+---+---+---+
//!  R = RUNNING        the future (or its cancellation) is being driven
//!  D = COMPLETE       the output (or JoinError) is stored; the future is gone
//!  N = NOTIFIED       a Notified handle for this task exists (in a queue)
//!  C = CANCELLED      abort or shutdown requested
//!  J = JOIN_INTEREST  the JoinHandle exists
//!  W = JOIN_WAKER     the join waker slot is published to the runtime
//! ```
//!
//! Every transition is one read-modify-write returning a `#[must_use]`
//! outcome; call sites never manipulate bits.

use crate::loom::sync::atomic::{AtomicUsize, Ordering};
use std::fmt;

const RUNNING: usize = 1 << 0;
const COMPLETE: usize = 1 << 1;
const NOTIFIED: usize = 1 << 2;
const CANCELLED: usize = 1 << 3;
const JOIN_INTEREST: usize = 1 << 4;
const JOIN_WAKER: usize = 1 << 5;
const REF_SHIFT: u32 = 6;
const REF_ONE: usize = 1 << REF_SHIFT;
const LIFECYCLE: usize = RUNNING | COMPLETE;

/// A new task: three references (the owner list's `Task`, the first
/// `Notified`, the `JoinHandle`), scheduled once, joinable.
const INITIAL: usize = (3 * REF_ONE) | NOTIFIED | JOIN_INTEREST;

pub(crate) struct State {
    val: AtomicUsize,
}

/// A copy of the state word at one instant.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Snapshot(usize);

#[must_use]
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TransitionToRunning {
    /// The caller now runs the task: poll the future (rule 2).
    Success,
    /// The caller now runs the task, and must cancel it instead of polling.
    Cancelled,
    /// The task was running or complete; the caller's reference was dropped.
    Failed,
    /// As `Failed`, and that was the last reference: deallocate.
    Dealloc,
}

#[must_use]
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TransitionToIdle {
    /// The task is idle; the running reference was dropped.
    Ok,
    /// The task was woken while running: the running reference becomes the
    /// reference of a new `Notified` that the caller must schedule.
    OkNotified,
    /// The task was aborted while running: the caller still runs it and must
    /// cancel it now.
    Cancelled,
}

#[must_use]
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TransitionToNotifiedByVal {
    DoNothing,
    /// The waker's reference now belongs to a `Notified`: schedule it.
    Submit,
    /// The waker's reference was the last one: deallocate.
    Dealloc,
}

#[must_use]
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TransitionToNotifiedByRef {
    DoNothing,
    /// A reference was added for a new `Notified`: schedule it.
    Submit,
}

/// What the dropping `JoinHandle` must clean up (rules 5 and 6).
#[must_use]
pub(crate) struct JoinHandleDropped {
    pub(crate) drop_output: bool,
    pub(crate) drop_waker: bool,
}

impl State {
    pub(crate) fn new() -> State {
        State {
            val: AtomicUsize::new(INITIAL),
        }
    }

    pub(crate) fn load(&self) -> Snapshot {
        Snapshot(self.val.load(Ordering::Acquire))
    }

    /// Runs `f` in a CAS loop; `f` returns the new value (or `None` to leave
    /// the word unchanged) and an outcome.
    fn fetch_update<T>(&self, mut f: impl FnMut(Snapshot) -> (Option<Snapshot>, T)) -> T {
        let mut curr = self.load();
        loop {
            let (next, out) = f(curr);
            let Some(next) = next else { return out };
            match self
                .val
                .compare_exchange(curr.0, next.0, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => return out,
                Err(actual) => curr = Snapshot(actual),
            }
        }
    }

    /// Called by the holder of a `Notified` that wants to run the task.
    pub(crate) fn transition_to_running(&self) -> TransitionToRunning {
        self.fetch_update(|curr| {
            debug_assert!(curr.is_notified(), "running a task that is not notified");
            let mut next = curr;
            if !curr.is_idle() {
                // Rule 3: a Notified that finds the task running or complete
                // is stale; its reference is released.
                next.ref_dec();
                let out = if next.ref_count() == 0 {
                    TransitionToRunning::Dealloc
                } else {
                    TransitionToRunning::Failed
                };
                return (Some(next), out);
            }
            next.0 |= RUNNING;
            next.0 &= !NOTIFIED;
            let out = if curr.is_cancelled() {
                TransitionToRunning::Cancelled
            } else {
                TransitionToRunning::Success
            };
            (Some(next), out)
        })
    }

    /// Called by the runner after a poll returned `Pending`.
    pub(crate) fn transition_to_idle(&self) -> TransitionToIdle {
        self.fetch_update(|curr| {
            debug_assert!(curr.is_running());
            if curr.is_cancelled() {
                return (None, TransitionToIdle::Cancelled);
            }
            let mut next = curr;
            next.0 &= !RUNNING;
            if curr.is_notified() {
                (Some(next), TransitionToIdle::OkNotified)
            } else {
                // The owner list still holds a reference (rule 1), so this
                // never reaches zero.
                next.ref_dec();
                debug_assert!(next.ref_count() > 0);
                (Some(next), TransitionToIdle::Ok)
            }
        })
    }

    /// RUNNING -> COMPLETE. Returns the word as it was just before.
    pub(crate) fn transition_to_complete(&self) -> Snapshot {
        let prev = Snapshot(self.val.fetch_xor(RUNNING | COMPLETE, Ordering::AcqRel));
        debug_assert!(prev.is_running() && !prev.is_complete());
        prev
    }

    /// Drops `count` references after completion. Returns `true` when they
    /// were the last: the caller deallocates.
    pub(crate) fn transition_to_terminal(&self, count: usize) -> bool {
        let prev = Snapshot(self.val.fetch_sub(count * REF_ONE, Ordering::AcqRel));
        debug_assert!(prev.ref_count() >= count);
        prev.ref_count() == count
    }

    /// A waker consuming its reference (`Waker::wake`).
    pub(crate) fn transition_to_notified_by_val(&self) -> TransitionToNotifiedByVal {
        self.fetch_update(|curr| {
            let mut next = curr;
            if curr.is_running() {
                // Rule 4: the runner reschedules; our reference goes.
                next.0 |= NOTIFIED;
                next.ref_dec();
                debug_assert!(next.ref_count() > 0);
                (Some(next), TransitionToNotifiedByVal::DoNothing)
            } else if curr.is_complete() || curr.is_notified() {
                next.ref_dec();
                let out = if next.ref_count() == 0 {
                    TransitionToNotifiedByVal::Dealloc
                } else {
                    TransitionToNotifiedByVal::DoNothing
                };
                (Some(next), out)
            } else {
                next.0 |= NOTIFIED;
                (Some(next), TransitionToNotifiedByVal::Submit)
            }
        })
    }

    /// A waker keeping its reference (`Waker::wake_by_ref`).
    pub(crate) fn transition_to_notified_by_ref(&self) -> TransitionToNotifiedByRef {
        self.fetch_update(|curr| {
            let mut next = curr;
            if curr.is_complete() || curr.is_notified() {
                (None, TransitionToNotifiedByRef::DoNothing)
            } else if curr.is_running() {
                next.0 |= NOTIFIED;
                (Some(next), TransitionToNotifiedByRef::DoNothing)
            } else {
                next.0 |= NOTIFIED;
                next.ref_inc();
                (Some(next), TransitionToNotifiedByRef::Submit)
            }
        })
    }

    /// `abort()`: marks the task cancelled. Returns `true` when a reference
    /// was added for a new `Notified` that the caller must schedule so that
    /// the cancellation runs.
    pub(crate) fn transition_to_notified_and_cancel(&self) -> bool {
        self.fetch_update(|curr| {
            let mut next = curr;
            if curr.is_cancelled() || curr.is_complete() {
                (None, false)
            } else if curr.is_running() || curr.is_notified() {
                // The runner (rule 4) or the queued Notified will see it.
                next.0 |= NOTIFIED | CANCELLED;
                (Some(next), false)
            } else {
                next.0 |= NOTIFIED | CANCELLED;
                next.ref_inc();
                (Some(next), true)
            }
        })
    }

    /// Runtime shutdown: marks the task cancelled and, when it is idle,
    /// claims it (sets RUNNING). Returns `true` when claimed: the caller must
    /// cancel and complete it.
    pub(crate) fn transition_to_shutdown(&self) -> bool {
        self.fetch_update(|curr| {
            let mut next = curr;
            next.0 |= CANCELLED;
            let claimed = curr.is_idle();
            if claimed {
                next.0 |= RUNNING;
            }
            (Some(next), claimed)
        })
    }

    /// The `JoinHandle` is dropped (rules 5, 6).
    pub(crate) fn transition_to_join_handle_dropped(&self) -> JoinHandleDropped {
        self.fetch_update(|curr| {
            debug_assert!(curr.is_join_interested());
            let mut next = curr;
            next.0 &= !JOIN_INTEREST;
            if !curr.is_complete() {
                // Rule 6: before completion the handle takes back the waker
                // slot; the runtime will not look at it (no JOIN_INTEREST).
                next.0 &= !JOIN_WAKER;
            }
            let out = JoinHandleDropped {
                // Rule 5: after completion the output belongs to the handle.
                drop_output: curr.is_complete(),
                // Rule 6: a published slot after completion is the
                // runtime's to clear and drop.
                drop_waker: !(curr.is_complete() && curr.is_join_waker_set()),
            };
            (Some(next), out)
        })
    }

    /// Publishes the join waker slot (rule 6). Fails once COMPLETE is set.
    pub(crate) fn set_join_waker(&self) -> Result<Snapshot, Snapshot> {
        self.fetch_update(|curr| {
            debug_assert!(curr.is_join_interested() && !curr.is_join_waker_set());
            if curr.is_complete() {
                return (None, Err(curr));
            }
            let next = Snapshot(curr.0 | JOIN_WAKER);
            (Some(next), Ok(next))
        })
    }

    /// Takes the join waker slot back to replace it (rule 6). Fails once
    /// COMPLETE is set.
    pub(crate) fn unset_join_waker(&self) -> Result<Snapshot, Snapshot> {
        self.fetch_update(|curr| {
            debug_assert!(curr.is_join_interested() && curr.is_join_waker_set());
            if curr.is_complete() {
                return (None, Err(curr));
            }
            let next = Snapshot(curr.0 & !JOIN_WAKER);
            (Some(next), Ok(next))
        })
    }

    /// After waking the join waker on completion, the runtime hands the slot
    /// back (rule 6). Returns the word as it was before.
    pub(crate) fn unset_waker_after_complete(&self) -> Snapshot {
        let prev = Snapshot(self.val.fetch_and(!JOIN_WAKER, Ordering::AcqRel));
        debug_assert!(prev.is_complete() && prev.is_join_waker_set());
        prev
    }

    pub(crate) fn ref_inc(&self) {
        let prev = self.val.fetch_add(REF_ONE, Ordering::Relaxed);
        // Like Arc: a count this high means references are being leaked;
        // abort rather than let the count wrap into the flag bits.
        if prev > isize::MAX as usize {
            std::process::abort();
        }
    }

    /// Drops one reference; `true` when it was the last.
    pub(crate) fn ref_dec(&self) -> bool {
        let prev = Snapshot(self.val.fetch_sub(REF_ONE, Ordering::AcqRel));
        debug_assert!(prev.ref_count() >= 1);
        prev.ref_count() == 1
    }
}

impl Snapshot {
    pub(crate) fn is_idle(self) -> bool {
        self.0 & LIFECYCLE == 0
    }
    pub(crate) fn is_running(self) -> bool {
        self.0 & RUNNING != 0
    }
    pub(crate) fn is_complete(self) -> bool {
        self.0 & COMPLETE != 0
    }
    pub(crate) fn is_notified(self) -> bool {
        self.0 & NOTIFIED != 0
    }
    pub(crate) fn is_cancelled(self) -> bool {
        self.0 & CANCELLED != 0
    }
    pub(crate) fn is_join_interested(self) -> bool {
        self.0 & JOIN_INTEREST != 0
    }
    pub(crate) fn is_join_waker_set(self) -> bool {
        self.0 & JOIN_WAKER != 0
    }
    pub(crate) fn ref_count(self) -> usize {
        self.0 >> REF_SHIFT
    }
    fn ref_inc(&mut self) {
        self.0 += REF_ONE;
    }
    fn ref_dec(&mut self) {
        debug_assert!(self.ref_count() > 0);
        self.0 -= REF_ONE;
    }
}

impl fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Snapshot")
            .field("running", &self.is_running())
            .field("complete", &self.is_complete())
            .field("notified", &self.is_notified())
            .field("cancelled", &self.is_cancelled())
            .field("join_interest", &self.is_join_interested())
            .field("join_waker", &self.is_join_waker_set())
            .field("refs", &self.ref_count())
            .finish()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn initial_state() {
        let s = State::new().load();
        assert_eq!(s.ref_count(), 3);
        assert!(s.is_notified() && s.is_join_interested() && s.is_idle());
    }

    #[test]
    fn wake_while_running_is_rescheduled_by_runner() {
        let state = State::new();
        assert_eq!(state.transition_to_running(), TransitionToRunning::Success);
        assert_eq!(
            state.transition_to_notified_by_ref(),
            TransitionToNotifiedByRef::DoNothing
        );
        assert_eq!(state.transition_to_idle(), TransitionToIdle::OkNotified);
        assert_eq!(state.load().ref_count(), 3);
    }

    #[test]
    fn abort_idle_task_submits_once() {
        let state = State::new();
        assert_eq!(state.transition_to_running(), TransitionToRunning::Success);
        assert_eq!(state.transition_to_idle(), TransitionToIdle::Ok);
        assert!(state.transition_to_notified_and_cancel());
        assert!(!state.transition_to_notified_and_cancel());
        assert_eq!(
            state.transition_to_running(),
            TransitionToRunning::Cancelled
        );
    }

    #[test]
    fn stale_notified_drops_its_reference() {
        let state = State::new();
        state.ref_inc(); // a waker clone
        assert_eq!(state.transition_to_running(), TransitionToRunning::Success);
        // While running, waking by value sets NOTIFIED and drops the
        // waker's reference: the runner reschedules with its own.
        assert_eq!(
            state.transition_to_notified_by_val(),
            TransitionToNotifiedByVal::DoNothing
        );
        assert_eq!(state.load().ref_count(), 3);
        // Shutdown cannot claim a running task.
        assert!(!state.transition_to_shutdown());
        let prev = state.transition_to_complete();
        assert!(prev.is_notified() && prev.is_cancelled());
        assert!(!state.transition_to_terminal(2));
        assert!(state.ref_dec());
    }
}
