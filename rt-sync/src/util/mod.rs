//! Helpers shared by every primitive: lock access, deferred wake-ups, the
//! waiter queue, the cooperative-budget yield point, and the blocking bridge
//! used by `blocking_*` methods.

pub(crate) mod linked_list;
pub(crate) mod wait_list;

use crate::loom::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::future::Future;
use std::io::Write as _;
use std::pin::pin;
use std::sync::Arc as StdArc;
use std::task::{Context, Poll, Wake, Waker};

/// Locks `mutex`, ignoring poisoning.
///
/// No code in this crate runs user code while holding one of its locks
/// (destructors of user values, waking or dropping wakers), except a
/// waker's `clone` and `will_wake` (which happen before the state they
/// guard is changed), so a poisoned lock can only come from a
/// panic inside this crate's own short critical sections, which leave the
/// protected state consistent at every step.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    match mutex.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Aborts the process when dropped. Armed (and then `forget`-ed) around the
/// few steps that must not unwind while a pinned waiter node may still be
/// linked into an intrusive list (`linked_list` rule 2): unwinding there
/// would free the node with the list still pointing at it.
pub(crate) struct AbortOnUnwind(pub(crate) &'static str);

impl Drop for AbortOnUnwind {
    fn drop(&mut self) {
        // `eprintln!` could itself panic (a closed stderr); this cannot.
        let _ = writeln!(
            std::io::stderr(),
            "rt-sync: aborting: {} (a waiter node would be left dangling)",
            self.0
        );
        std::process::abort();
    }
}

/// Read-locks `lock`, ignoring poisoning.
///
/// Unlike the mutexes, the `RwLock`s in this crate guard a *user* value that
/// user code (a `send_modify` closure) may be mutating when it panics. The
/// lock's own state is still consistent; the value is left as the closure
/// left it, which is what the panicking caller's docs promise.
pub(crate) fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    match lock.read() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Write-locks `lock`, ignoring poisoning (see [`read`]).
pub(crate) fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    match lock.write() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Charges one unit of the task's cooperative budget, yielding first if it
/// is spent: the yield point of methods whose fast path never waits.
pub(crate) async fn consume_budget() {
    std::future::poll_fn(|cx| rt_core::coop::poll_proceed(cx).map(|coop| coop.made_progress()))
        .await;
}

/// Wakers collected under a lock and woken after it is released.
///
/// Waking runs foreign code (the executor's `wake`), which must never run
/// while one of our locks is held: it could re-enter this primitive.
///
/// Most releases wake exactly one task (a semaphore handing one permit to
/// its front waiter), so the first waker is kept inline and only further
/// ones go to a heap `Vec`: the common case allocates nothing.
#[derive(Default)]
pub(crate) struct WakeList {
    first: Option<Waker>,
    rest: Vec<Waker>,
}

impl WakeList {
    pub(crate) const fn new() -> WakeList {
        WakeList {
            first: None,
            rest: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, waker: Option<Waker>) {
        let Some(waker) = waker else { return };
        if self.first.is_none() {
            self.first = Some(waker);
        } else {
            self.rest.push(waker);
        }
    }

    /// Wakes every collected waker, in the order they were pushed. Call
    /// only after releasing the lock.
    pub(crate) fn wake_all(self) {
        if let Some(first) = self.first {
            first.wake();
        }
        for waker in self.rest {
            waker.wake();
        }
    }
}

/// Stores `cx`'s waker in `slot`, cloning only when it would wake a
/// different task, and returns the waker it replaced.
///
/// Dropping a waker runs executor code (it may drop the last reference to
/// a task, and with it a future that waits on this same primitive), so the
/// caller drops the returned waker only after releasing its lock.
#[must_use = "drop the replaced waker after releasing the lock"]
pub(crate) fn register_waker(slot: &mut Option<Waker>, cx: &Context<'_>) -> Option<Waker> {
    match slot {
        Some(waker) if waker.will_wake(cx.waker()) => None,
        _ => slot.replace(cx.waker().clone()),
    }
}

/// Panics if the current thread is driving an rt runtime.
///
/// `what` names the blocking method for the message. This is the single place
/// where `blocking_*` methods check their context.
///
/// A thread counts as driving a runtime while it runs
/// `Runtime::block_on` or is a runtime worker
/// (`rt_core::runtime::is_driving_runtime`); `spawn_blocking` threads do not.
pub(crate) fn assert_not_in_runtime(what: &str) {
    if in_runtime() {
        panic!(
            "Cannot block the current thread from within a runtime (`{what}`). This happens \
             because a function attempted to block the current thread while the thread is \
             being used to drive asynchronous tasks. Use `.await` instead, or call it from \
             spawn_blocking."
        );
    }
}

fn in_runtime() -> bool {
    rt_core::runtime::is_driving_runtime()
}

/// Parks the current thread until `future` completes.
///
/// This is the bridge behind every `blocking_*` method; callers first run
/// [`assert_not_in_runtime`].
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    struct ThreadWaker(std::thread::Thread);

    impl Wake for ThreadWaker {
        fn wake(self: StdArc<Self>) {
            self.0.unpark();
        }

        fn wake_by_ref(self: &StdArc<Self>) {
            self.0.unpark();
        }
    }

    let waker = Waker::from(StdArc::new(ThreadWaker(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        // A spurious unpark only costs one extra poll.
        std::thread::park();
    }
}
