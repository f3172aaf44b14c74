//! Test support shared by the `sync_*` suites: an executor-free way to poll
//! futures and count their wake-ups, a thread-parking `block_on`, and
//! assertion macros.
//!
//! Each suite uses a different subset, hence the `dead_code` allowance.
#![allow(dead_code)] // every test binary uses a different subset of helpers

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

/// Counts how often its waker was woken.
#[derive(Default)]
pub(crate) struct WakeCounter {
    wakes: AtomicUsize,
}

impl Wake for WakeCounter {
    fn wake(self: Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
    }
}

/// A future polled by hand, with its own counting waker: the mock task.
pub(crate) struct Spawned<F> {
    future: Pin<Box<F>>,
    counter: Arc<WakeCounter>,
    waker: Waker,
    seen: usize,
}

/// Wraps `future` in a mock task; nothing is polled until [`Spawned::poll`].
pub(crate) fn spawn<F: Future>(future: F) -> Spawned<F> {
    let counter = Arc::new(WakeCounter::default());
    Spawned {
        future: Box::pin(future),
        waker: Waker::from(counter.clone()),
        counter,
        seen: 0,
    }
}

impl<F: Future> Spawned<F> {
    /// Polls once.
    pub(crate) fn poll(&mut self) -> Poll<F::Output> {
        self.seen = self.wake_count();
        let mut cx = Context::from_waker(&self.waker);
        self.future.as_mut().poll(&mut cx)
    }

    /// `true` if the task was woken since the last poll.
    pub(crate) fn is_woken(&self) -> bool {
        self.wake_count() > self.seen
    }

    /// Total wake-ups so far.
    pub(crate) fn wake_count(&self) -> usize {
        self.counter.wakes.load(Ordering::SeqCst)
    }

    /// Gives access to the pinned future (e.g. for `Notified::enable`).
    pub(crate) fn future(&mut self) -> Pin<&mut F> {
        self.future.as_mut()
    }
}

/// A task context for calling `poll_*` methods directly.
pub(crate) struct MockTask {
    counter: Arc<WakeCounter>,
    waker: Waker,
}

impl MockTask {
    pub(crate) fn new() -> MockTask {
        let counter = Arc::new(WakeCounter::default());
        MockTask {
            waker: Waker::from(counter.clone()),
            counter,
        }
    }

    /// Runs `f` with a context whose waker counts wake-ups.
    pub(crate) fn enter<R>(&self, f: impl FnOnce(&mut Context<'_>) -> R) -> R {
        f(&mut Context::from_waker(&self.waker))
    }

    pub(crate) fn wake_count(&self) -> usize {
        self.counter.wakes.load(Ordering::SeqCst)
    }
}

struct ThreadWaker(std::thread::Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs `future` to completion on this thread, parking while it is pending.
///
/// Panics after 20 s without completing, so a lost wake-up fails the test
/// instead of hanging it.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    let waker = Waker::from(Arc::new(ThreadWaker(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        let now = std::time::Instant::now();
        assert!(
            now < deadline,
            "block_on: future never completed (lost wake-up?)"
        );
        std::thread::park_timeout(deadline - now);
    }
}

/// Runs `future` on a new OS thread.
pub(crate) fn thread_spawn<F>(future: F) -> std::thread::JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    std::thread::spawn(move || block_on(future))
}

/// Counts how many values carrying it were dropped.
#[derive(Clone, Default)]
pub(crate) struct DropCounter(Arc<AtomicUsize>);

impl DropCounter {
    pub(crate) fn token(&self) -> DropToken {
        DropToken(self.0.clone())
    }

    pub(crate) fn dropped(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

/// Increments its [`DropCounter`] when dropped.
#[derive(Debug)]
pub(crate) struct DropToken(Arc<AtomicUsize>);

impl Drop for DropToken {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

impl std::fmt::Debug for DropCounter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DropCounter({})", self.dropped())
    }
}

/// Asserts that a `Poll` is `Ready` and yields its value.
#[macro_export]
macro_rules! assert_ready {
    ($e:expr) => {
        match $e {
            ::std::task::Poll::Ready(v) => v,
            ::std::task::Poll::Pending => panic!("pending; expected ready: {}", stringify!($e)),
        }
    };
}

/// Asserts that a `Poll` is `Pending`.
#[macro_export]
macro_rules! assert_pending {
    ($e:expr) => {
        match $e {
            ::std::task::Poll::Pending => {}
            ::std::task::Poll::Ready(_) => panic!("ready; expected pending: {}", stringify!($e)),
        }
    };
}

/// Asserts that a `Poll<Result<..>>` is `Ready(Ok(v))` and yields `v`.
#[macro_export]
macro_rules! assert_ready_ok {
    ($e:expr) => {
        match $crate::assert_ready!($e) {
            Ok(v) => v,
            Err(e) => panic!("ready but failed: {e:?}"),
        }
    };
}

/// Asserts that a `Poll<Result<..>>` is `Ready(Err(e))` and yields `e`.
#[macro_export]
macro_rules! assert_ready_err {
    ($e:expr) => {
        match $crate::assert_ready!($e) {
            Err(e) => e,
            Ok(_) => panic!("ready and ok; expected an error: {}", stringify!($e)),
        }
    };
}

/// A waker that owns a future, as a task is owned by its wakers in simple
/// executors: dropping the last such waker drops the future (and whatever
/// it waits on). Used to check that primitives never drop a replaced waker
/// while holding their own lock.
pub(crate) fn waker_owning(future: Pin<Box<dyn Future<Output = ()> + Send>>) -> Waker {
    struct Owner(std::sync::Mutex<Option<Pin<Box<dyn Future<Output = ()> + Send>>>>);
    impl Wake for Owner {
        fn wake(self: Arc<Self>) {}
    }
    Waker::from(Arc::new(Owner(std::sync::Mutex::new(Some(future)))))
}

/// Runs `f` on a new thread and fails if it does not finish within 10 s
/// (a deadlock), instead of hanging the test binary.
pub(crate) fn within_10s(f: impl FnOnce() + Send + 'static) {
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let t = std::thread::spawn(move || {
        f();
        let _ = done_tx.send(());
    });
    match done_rx.recv_timeout(Duration::from_secs(10)) {
        Ok(()) => t.join().unwrap(),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            // `f` panicked: report its panic.
            t.join().unwrap();
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("did not finish within 10 s (deadlock?)")
        }
    }
}

/// A waker whose `clone` panics, as a misbehaving executor's might.
pub(crate) fn waker_with_panicking_clone() -> Waker {
    use std::task::{RawWaker, RawWakerVTable};
    fn clone(_: *const ()) -> RawWaker {
        panic!("waker clone panicked");
    }
    fn noop(_: *const ()) {}
    static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
    // SAFETY: every vtable function ignores the (null) data pointer; none
    // of them is unsound to call any number of times.
    unsafe { Waker::from_raw(RawWaker::new(std::ptr::null(), &VTABLE)) }
}
