//! The per-thread runtime context: which runtime handle is current, whether
//! this thread is driving a runtime (to refuse nested `block_on`), which
//! scheduler context is active, and which task is being polled.

use super::handle::TryCurrentError;
use crate::scheduler;
use crate::task::Id;
use std::cell::{Cell, RefCell};

struct Context {
    /// The handle `Handle::current()` returns.
    current: RefCell<Option<scheduler::Handle>>,
    /// Nesting depth of `set_current` guards, to catch out-of-order drops.
    depth: Cell<usize>,
    /// The thread is driving a runtime (block_on, worker).
    runtime: Cell<bool>,
    /// The active scheduler context, set for the duration of a scheduler
    /// loop on this thread.
    scheduler: Cell<*const scheduler::Context>,
    task_id: Cell<Option<Id>>,
}

thread_local! {
    static CONTEXT: Context = const {
        Context {
            current: RefCell::new(None),
            depth: Cell::new(0),
            runtime: Cell::new(false),
            scheduler: Cell::new(std::ptr::null()),
            task_id: Cell::new(None),
        }
    };
}

/// Runs `f` with the current handle.
pub(crate) fn with_current<R>(
    f: impl FnOnce(&scheduler::Handle) -> R,
) -> Result<R, TryCurrentError> {
    match CONTEXT.try_with(|ctx| ctx.current.borrow().as_ref().map(f)) {
        Ok(Some(r)) => Ok(r),
        Ok(None) => Err(TryCurrentError::missing()),
        Err(_) => Err(TryCurrentError::destroyed()),
    }
}

/// Restores the previous current handle on drop.
pub(crate) struct SetCurrentGuard {
    prev: Option<scheduler::Handle>,
    depth: usize,
    _not_send: std::marker::PhantomData<*const ()>,
}

/// Makes `handle` the current handle until the guard drops.
pub(crate) fn set_current(handle: &scheduler::Handle) -> SetCurrentGuard {
    CONTEXT.with(|ctx| {
        let prev = ctx.current.borrow_mut().replace(handle.clone());
        let depth = ctx.depth.get() + 1;
        ctx.depth.set(depth);
        SetCurrentGuard {
            prev,
            depth,
            _not_send: std::marker::PhantomData,
        }
    })
}

impl Drop for SetCurrentGuard {
    fn drop(&mut self) {
        let prev = self.prev.take();
        let depth = self.depth;
        let res = CONTEXT.try_with(|ctx| {
            if ctx.depth.get() != depth {
                if !std::thread::panicking() {
                    panic!(
                        "`EnterGuard` values dropped out of order: guards returned by \
                         `Runtime::enter` / `Handle::enter` must be dropped in the reverse \
                         order they were acquired"
                    );
                }
                return;
            }
            // Drop the replaced handle outside the borrow.
            let replaced = std::mem::replace(&mut *ctx.current.borrow_mut(), prev);
            ctx.depth.set(depth - 1);
            drop(replaced);
        });
        let _ = res;
    }
}

/// Marks this thread as driving a runtime for the duration of `f`, with
/// `handle` current.
///
/// # Panics
///
/// Panics if the thread already drives a runtime (nested `block_on`).
#[track_caller]
pub(crate) fn enter_runtime<R>(handle: &scheduler::Handle, f: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            let _ = CONTEXT.try_with(|ctx| ctx.runtime.set(false));
        }
    }
    let entered = CONTEXT.with(|ctx| ctx.runtime.replace(true));
    if entered {
        panic!(
            "Cannot start a runtime from within a runtime: `block_on` was called on a thread \
             that is already driving asynchronous tasks. Use `.await` on the future instead, \
             or run the blocking code with `spawn_blocking` (where `Handle::block_on` is \
             allowed)."
        );
    }
    let _reset = Reset;
    let _current = set_current(handle);
    f()
}

/// Runs `f` with this thread no longer marked as driving a runtime (for
/// `block_in_place`: blocking code there may use `Handle::block_on`).
pub(crate) fn exit_runtime<R>(f: impl FnOnce() -> R) -> R {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            let prev = self.0;
            let _ = CONTEXT.try_with(|ctx| ctx.runtime.set(prev));
        }
    }
    let prev = CONTEXT.with(|ctx| ctx.runtime.replace(false));
    let _reset = Reset(prev);
    f()
}

/// Returns `true` while this thread drives a runtime.
pub(crate) fn is_runtime_entered() -> bool {
    CONTEXT.try_with(|ctx| ctx.runtime.get()).unwrap_or(false)
}

/// Runs `f` with `cx` as the thread's active scheduler context.
pub(crate) fn set_scheduler<R>(cx: &scheduler::Context, f: impl FnOnce() -> R) -> R {
    struct Reset(*const scheduler::Context);
    impl Drop for Reset {
        fn drop(&mut self) {
            let prev = self.0;
            let _ = CONTEXT.try_with(|ctx| ctx.scheduler.set(prev));
        }
    }
    let prev = CONTEXT.with(|ctx| ctx.scheduler.replace(cx as *const _));
    let _reset = Reset(prev);
    f()
}

/// Runs `f` with the active scheduler context, if any.
pub(crate) fn with_scheduler<R>(f: impl FnOnce(Option<&scheduler::Context>) -> R) -> R {
    let ptr = CONTEXT
        .try_with(|ctx| ctx.scheduler.get())
        .unwrap_or(std::ptr::null());
    // SAFETY: the pointer is set by `set_scheduler` from a reference that
    // outlives the closure it runs, and reset (by a drop guard, also on
    // unwind) before that reference's scope ends; it is only read on the
    // thread that set it.
    f(unsafe { ptr.as_ref() })
}

/// Runs `f` with `id` as the current task id.
#[inline]
pub(crate) fn with_task_id<R>(id: Id, f: impl FnOnce() -> R) -> R {
    struct Reset(Option<Id>);
    impl Drop for Reset {
        #[inline]
        fn drop(&mut self) {
            let prev = self.0;
            let _ = CONTEXT.try_with(|ctx| ctx.task_id.set(prev));
        }
    }
    let prev = CONTEXT
        .try_with(|ctx| ctx.task_id.replace(Some(id)))
        .unwrap_or(None);
    let _reset = Reset(prev);
    f()
}

pub(crate) fn current_task_id() -> Option<Id> {
    CONTEXT.try_with(|ctx| ctx.task_id.get()).unwrap_or(None)
}
