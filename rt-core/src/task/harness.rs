//! The typed functions behind a task's vtable: polling, completing,
//! cancelling, and the JoinHandle's side of the protocol. Rule numbers refer
//! to the protocol in `task/mod.rs`.

use super::core::{Cell, Header, Stage};
use super::error::JoinError;
use super::raw::{Notified, RawTask, Task, Vtable};
use super::state::{TransitionToIdle, TransitionToRunning};
use super::waker::waker_ref;
use super::Schedule;
use crate::coop;
use crate::runtime::context;
use crate::runtime::hooks::TaskHooks;
use crate::runtime::SlowPoll;
use std::future::Future;
use std::mem::ManuallyDrop;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::NonNull;
use std::task::{Context, Poll, Waker};
use std::time::Instant;

/// The vtable for a task of future `T` on scheduler `S`. `hooked` says
/// whether the scheduler has task hooks (fixed when the runtime is built):
/// without them the poll path is compiled with no hook checks at all, so
/// that observability costs nothing when it is off.
pub(super) fn vtable<T: Future, S: Schedule>(hooked: bool) -> &'static Vtable {
    if hooked {
        vtable_for::<T, S, true>()
    } else {
        vtable_for::<T, S, false>()
    }
}

fn vtable_for<T: Future, S: Schedule, const HOOKED: bool>() -> &'static Vtable {
    &Vtable {
        poll: poll::<T, S, HOOKED>,
        schedule: schedule::<T, S>,
        dealloc: dealloc::<T, S>,
        try_read_output: try_read_output::<T, S>,
        drop_join_handle: drop_join_handle::<T, S>,
        shutdown: shutdown::<T, S>,
    }
}

/// # Safety
///
/// `ptr` points to a live `Cell<T, S>`.
unsafe fn cell<'a, T: Future, S>(ptr: NonNull<Header>) -> &'a Cell<T, S> {
    // SAFETY: the header is the first field of the repr(C) cell, and the
    // vtable that called us was built for this T and S.
    unsafe { ptr.cast::<Cell<T, S>>().as_ref() }
}

/// `HOOKED`: the scheduler may have task hooks; `false` only where it has
/// none (see `vtable`).
unsafe fn poll<T: Future, S: Schedule, const HOOKED: bool>(ptr: NonNull<Header>) {
    // SAFETY: the caller holds a Notified reference to this task.
    let cell = unsafe { cell::<T, S>(ptr) };
    match cell.header.state.transition_to_running() {
        TransitionToRunning::Success => poll_running::<T, S, HOOKED>(cell, ptr),
        TransitionToRunning::Cancelled => {
            cancel_task(cell);
            complete::<T, S, HOOKED>(cell, ptr);
        }
        TransitionToRunning::Failed => {}
        // SAFETY: the transition dropped the last reference.
        TransitionToRunning::Dealloc => unsafe { dealloc::<T, S>(ptr) },
    }
}

/// Polls the future once; the caller holds RUNNING and its reference.
fn poll_running<T: Future, S: Schedule, const HOOKED: bool>(
    cell: &Cell<T, S>,
    ptr: NonNull<Header>,
) {
    let waker = waker_ref(ptr);
    let mut cx = Context::from_waker(&waker);
    let id = cell.header.id;
    cell.header.record_poll();
    let res = match hooks::<T, S, HOOKED>(cell) {
        None => poll_future(cell, &mut cx),
        Some(hooks) => poll_future_with_hooks(hooks, cell, &mut cx),
    };
    let output = match res {
        Ok(Poll::Pending) => {
            match cell.header.state.transition_to_idle() {
                TransitionToIdle::Ok => {}
                TransitionToIdle::OkNotified => {
                    // SAFETY: rule 4, our running reference becomes the
                    // new Notified's reference.
                    let notified = unsafe { Notified::from_raw(RawTask::from_ptr(ptr)) };
                    cell.core.scheduler.yield_now(notified);
                }
                TransitionToIdle::Cancelled => {
                    cancel_task(cell);
                    complete::<T, S, HOOKED>(cell, ptr);
                }
            }
            return;
        }
        Ok(Poll::Ready(output)) => Ok(output),
        Err(panic) => {
            // The future panicked: drop it here (its Drop may panic too).
            let _ = context::with_task_id(id, || {
                catch_unwind(AssertUnwindSafe(|| {
                    // SAFETY: rule 2, we hold RUNNING.
                    unsafe { cell.core.set_stage(Stage::Consumed) }
                }))
            });
            Err(JoinError::panic(id, panic))
        }
    };
    // Storing the output drops the future in place, which may panic; the
    // slot then still receives the output (assignment writes on unwind).
    let _ = context::with_task_id(id, || {
        catch_unwind(AssertUnwindSafe(|| {
            // SAFETY: rule 2, we hold RUNNING.
            unsafe { cell.core.set_stage(Stage::Finished(output)) }
        }))
    });
    complete::<T, S, HOOKED>(cell, ptr);
}

type PollResult<T> = std::thread::Result<Poll<T>>;

/// The scheduler's task hooks; with `HOOKED = false` (a runtime without
/// hooks, see `vtable`) this is `None` at compile time, with no load.
#[inline(always)]
fn hooks<T: Future, S: Schedule, const HOOKED: bool>(cell: &Cell<T, S>) -> Option<&TaskHooks> {
    if HOOKED {
        cell.core.scheduler.hooks()
    } else {
        None
    }
}

/// One poll of the future, panics caught, with a fresh coop budget and the
/// task id set. The caller holds RUNNING (rule 2).
#[inline(always)]
fn poll_future<T: Future, S>(cell: &Cell<T, S>, cx: &mut Context<'_>) -> PollResult<T::Output> {
    context::with_task_id(cell.header.id, || {
        catch_unwind(AssertUnwindSafe(|| {
            // SAFETY: rule 2, the caller holds RUNNING.
            coop::budget(|| unsafe { cell.core.poll(cx) })
        }))
    })
}

/// `poll_future` between the poll hooks and under the slow-poll timer.
/// Panics in hooks are contained: they must not take the runtime down.
#[cold]
#[inline(never)]
fn poll_future_with_hooks<T: Future, S>(
    hooks: &TaskHooks,
    cell: &Cell<T, S>,
    cx: &mut Context<'_>,
) -> PollResult<T::Output> {
    let header = &cell.header;
    if let Some(f) = &hooks.before_poll {
        let _ = catch_unwind(AssertUnwindSafe(|| f(&header.meta())));
    }
    let started = hooks.slow_poll_threshold.map(|_| Instant::now());
    let res = poll_future(cell, cx);
    if let Some(f) = &hooks.after_poll {
        let _ = catch_unwind(AssertUnwindSafe(|| f(&header.meta())));
    }
    if let (Some(threshold), Some(started)) = (hooks.slow_poll_threshold, started) {
        let duration = started.elapsed();
        if duration > threshold {
            let report = SlowPoll {
                task: header.meta(),
                duration,
                threshold,
            };
            let _ = catch_unwind(AssertUnwindSafe(|| hooks.report_slow_poll(&report)));
        }
    }
    res
}

/// Drops the future and stores a cancellation error; the caller holds
/// RUNNING.
fn cancel_task<T: Future, S>(cell: &Cell<T, S>) {
    let id = cell.header.id;
    let res = context::with_task_id(id, || {
        catch_unwind(AssertUnwindSafe(|| {
            // SAFETY: rule 2, we hold RUNNING.
            unsafe { cell.core.set_stage(Stage::Consumed) }
        }))
    });
    let err = match res {
        Ok(()) => JoinError::cancelled(id),
        Err(panic) => JoinError::panic(id, panic),
    };
    // SAFETY: rule 2, we hold RUNNING; the old stage is Consumed, whose
    // drop cannot panic.
    unsafe { cell.core.set_stage(Stage::Finished(Err(err))) };
}

/// Calls the spawn hook of a task just allocated (only for tasks created
/// with hooks, so out of line).
#[cold]
#[inline(never)]
pub(super) fn spawned<T: Future, S: Schedule>(cell: &Cell<T, S>) {
    if let Some(f) = cell
        .core
        .scheduler
        .hooks()
        .and_then(|h| h.on_spawn.as_ref())
    {
        // A panicking hook is contained, as for the other hooks: the
        // spawn goes ahead.
        let _ = catch_unwind(AssertUnwindSafe(|| f(&cell.header.meta())));
    }
}

/// RUNNING -> COMPLETE, notify the JoinHandle, leave the owner list and
/// release the running reference (and the list's, if it was still there).
/// `HOOKED` as for `poll`.
fn complete<T: Future, S: Schedule, const HOOKED: bool>(cell: &Cell<T, S>, ptr: NonNull<Header>) {
    if let Some(f) = hooks::<T, S, HOOKED>(cell).and_then(|h| h.on_terminate.as_ref()) {
        let _ = catch_unwind(AssertUnwindSafe(|| f(&cell.header.meta())));
    }
    let snapshot = cell.header.state.transition_to_complete();
    if !snapshot.is_join_interested() {
        // Rule 5: no JoinHandle will read the output; drop it here.
        let _ = catch_unwind(AssertUnwindSafe(|| {
            // SAFETY: rule 5, without JOIN_INTEREST the runtime keeps
            // exclusive access to the stage after completion.
            unsafe { cell.core.set_stage(Stage::Consumed) }
        }));
    } else if snapshot.is_join_waker_set() {
        // A panicking waker must not stop the runtime nor skip the
        // hand-back below.
        let _ = catch_unwind(AssertUnwindSafe(|| {
            // SAFETY: rule 6, COMPLETE is set and the slot is published.
            unsafe { cell.trailer.wake_join() }
        }));
        let prev = cell.header.state.unset_waker_after_complete();
        if !prev.is_join_interested() {
            // SAFETY: rule 6, the handle is gone and the slot came back to
            // us: exclusive access.
            unsafe { cell.trailer.set_waker(None) };
        }
    }

    // SAFETY: a temporary view of the running reference; not dropped.
    let me = ManuallyDrop::new(unsafe { Task::<S>::from_raw(RawTask::from_ptr(ptr)) });
    let released = match cell.core.scheduler.release(&me) {
        Some(task) => {
            // The list's reference (rule 1) is released together with ours.
            std::mem::forget(task);
            2
        }
        None => 1,
    };
    if cell.header.state.transition_to_terminal(released) {
        // SAFETY: those were the last references.
        unsafe { dealloc::<T, S>(ptr) };
    }
}

unsafe fn schedule<T: Future, S: Schedule>(ptr: NonNull<Header>) {
    // SAFETY: the caller hands us a counted reference for the Notified.
    let cell = unsafe { cell::<T, S>(ptr) };
    // SAFETY: as above.
    let notified = unsafe { Notified::from_raw(RawTask::from_ptr(ptr)) };
    cell.core.scheduler.schedule(notified);
}

unsafe fn dealloc<T: Future, S>(ptr: NonNull<Header>) {
    // SAFETY: the reference count reached zero, so no handle remains; the
    // pointer came from Box::leak of a Cell<T, S> in RawTask::new.
    drop(unsafe { Box::from_raw(ptr.cast::<Cell<T, S>>().as_ptr()) });
}

unsafe fn try_read_output<T: Future, S: Schedule>(
    ptr: NonNull<Header>,
    dst: *mut (),
    waker: &Waker,
) {
    // SAFETY: the JoinHandle holds a reference.
    let cell = unsafe { cell::<T, S>(ptr) };
    if can_read_output(cell, waker) {
        // SAFETY: the caller passes a pointer to a Poll of our output type.
        let dst = unsafe { &mut *dst.cast::<Poll<Result<T::Output, JoinError>>>() };
        // SAFETY: rule 5, COMPLETE is set and we are the JoinHandle.
        *dst = Poll::Ready(unsafe { cell.core.take_output() });
    }
}

/// The JoinHandle's side of rule 6: returns `true` once the task is
/// complete; otherwise makes sure `waker` is published in the slot.
fn can_read_output<T: Future, S>(cell: &Cell<T, S>, waker: &Waker) -> bool {
    let state = &cell.header.state;
    let snapshot = state.load();
    debug_assert!(snapshot.is_join_interested());
    if snapshot.is_complete() {
        return true;
    }
    let res = if !snapshot.is_join_waker_set() {
        set_join_waker(cell, waker.clone())
    } else {
        // SAFETY: rule 6, a published slot may be read by the handle.
        if unsafe { cell.trailer.will_wake(waker) } {
            return false;
        }
        state
            .unset_join_waker()
            .and_then(|_| set_join_waker(cell, waker.clone()))
    };
    match res {
        Ok(_) => false,
        Err(snapshot) => {
            debug_assert!(snapshot.is_complete());
            true
        }
    }
}

fn set_join_waker<T: Future, S>(
    cell: &Cell<T, S>,
    waker: Waker,
) -> Result<super::state::Snapshot, super::state::Snapshot> {
    // SAFETY: rule 6, JOIN_WAKER is unset: the handle owns the slot.
    unsafe { cell.trailer.set_waker(Some(waker)) };
    let res = cell.header.state.set_join_waker();
    if res.is_err() {
        // Completed meanwhile: JOIN_WAKER is still unset, the slot is ours.
        // SAFETY: rule 6 as above.
        unsafe { cell.trailer.set_waker(None) };
    }
    res
}

unsafe fn drop_join_handle<T: Future, S: Schedule>(ptr: NonNull<Header>) {
    // SAFETY: the JoinHandle holds a reference until the end of this fn.
    let cell = unsafe { cell::<T, S>(ptr) };
    let dropped = cell.header.state.transition_to_join_handle_dropped();
    if dropped.drop_output {
        // A panicking Drop of the output is contained here.
        let _ = catch_unwind(AssertUnwindSafe(|| {
            // SAFETY: rule 5, COMPLETE was set while we held JOIN_INTEREST.
            unsafe { cell.core.set_stage(Stage::Consumed) }
        }));
    }
    if dropped.drop_waker {
        // SAFETY: rule 6, the slot is ours.
        unsafe { cell.trailer.set_waker(None) };
    }
    // SAFETY: the JoinHandle's reference is released.
    unsafe { RawTask::from_ptr(ptr).drop_reference() };
}

unsafe fn shutdown<T: Future, S: Schedule>(ptr: NonNull<Header>) {
    // SAFETY: the caller hands us one reference.
    let cell = unsafe { cell::<T, S>(ptr) };
    if cell.header.state.transition_to_shutdown() {
        // We claimed RUNNING: our reference is now the running reference.
        cancel_task(cell);
        // Shutdown is not a hot path: check for hooks at run time.
        complete::<T, S, true>(cell, ptr);
    } else {
        // Running elsewhere (it sees CANCELLED when it goes idle) or
        // already complete.
        // SAFETY: our reference is released.
        unsafe { RawTask::from_ptr(ptr).drop_reference() };
    }
}
