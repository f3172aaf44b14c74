//! Test support for the `macros_*` suites: an executor that needs no runtime,
//! and hand-written futures whose polls, drops and wake-ups can be observed.
//!
//! Included with `#[path = "support/macros_support.rs"] mod support;`; each
//! suite uses only some of it.
// Each macros_* suite uses a different part of this module.
#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

/// Wakes the thread that is blocked in [`block_on`].
struct ThreadWaker {
    thread: Thread,
    notified: AtomicBool,
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.notified.store(true, Ordering::Release);
        self.thread.unpark();
    }
}

/// Runs `future` to completion on the current thread, parking between polls.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    let waker = Arc::new(ThreadWaker {
        thread: thread::current(),
        notified: AtomicBool::new(false),
    });
    let std_waker = Waker::from(waker.clone());
    let mut cx = Context::from_waker(&std_waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
        // `park` may return spuriously: wait for an actual wake-up.
        while !waker.notified.swap(false, Ordering::Acquire) {
            thread::park();
        }
    }
}

/// A waker that counts its wake-ups.
#[derive(Default)]
pub(crate) struct CountingWaker {
    wakes: AtomicUsize,
}

impl CountingWaker {
    pub(crate) fn new() -> Arc<CountingWaker> {
        Arc::new(CountingWaker::default())
    }

    pub(crate) fn wakes(&self) -> usize {
        self.wakes.load(Ordering::SeqCst)
    }
}

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
    }
}

/// Polls `future` once with a [`CountingWaker`].
pub(crate) fn poll_once<F: Future + ?Sized>(
    future: Pin<&mut F>,
    waker: &Arc<CountingWaker>,
) -> Poll<F::Output> {
    let waker = Waker::from(waker.clone());
    future.poll(&mut Context::from_waker(&waker))
}

/// Returns `Pending` `pending` times (waking itself each time, like a
/// resource that becomes ready at once), then `Ready(value)`.
///
/// Counts its polls in `polls`; polling it after completion panics.
pub(crate) struct ReadyAfter<T> {
    pending: usize,
    value: Option<T>,
    polls: Arc<AtomicUsize>,
}

impl<T> ReadyAfter<T> {
    pub(crate) fn new(pending: usize, value: T) -> ReadyAfter<T> {
        ReadyAfter {
            pending,
            value: Some(value),
            polls: Arc::default(),
        }
    }

    /// Shares the poll counter.
    pub(crate) fn polls(&self) -> Arc<AtomicUsize> {
        self.polls.clone()
    }
}

impl<T> Unpin for ReadyAfter<T> {}

impl<T> Future for ReadyAfter<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        self.polls.fetch_add(1, Ordering::SeqCst);
        if self.pending == 0 {
            Poll::Ready(
                self.value
                    .take()
                    .expect("ReadyAfter polled after completion"),
            )
        } else {
            self.pending -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// A future that never completes, counting its polls.
#[derive(Default)]
pub(crate) struct Never {
    polls: Arc<AtomicUsize>,
}

impl Never {
    pub(crate) fn new() -> Never {
        Never::default()
    }

    pub(crate) fn polls(&self) -> Arc<AtomicUsize> {
        self.polls.clone()
    }
}

impl Future for Never {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        self.polls.fetch_add(1, Ordering::SeqCst);
        Poll::Pending
    }
}

/// Yields once: `Pending` (after waking itself), then `Ready(())`.
pub(crate) fn yield_once() -> ReadyAfter<()> {
    ReadyAfter::new(1, ())
}

/// Appends `id` to a shared log every time it is polled; pending forever.
pub(crate) struct LogPolls {
    id: usize,
    log: Arc<Mutex<Vec<usize>>>,
}

impl LogPolls {
    pub(crate) fn new(id: usize, log: &Arc<Mutex<Vec<usize>>>) -> LogPolls {
        LogPolls {
            id,
            log: log.clone(),
        }
    }
}

impl Future for LogPolls {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        self.log.lock().unwrap().push(self.id);
        Poll::Pending
    }
}

/// Sets a flag when dropped: move one into a future to observe its drop.
pub(crate) struct DropFlag(Arc<AtomicBool>);

impl DropFlag {
    /// Returns the guard and the flag it sets.
    pub(crate) fn new() -> (DropFlag, Arc<AtomicBool>) {
        let flag = Arc::new(AtomicBool::new(false));
        (DropFlag(flag.clone()), flag)
    }
}

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// The shared state of a [`oneshot`] pair.
struct Slot<T> {
    value: Option<T>,
    sender_alive: bool,
    waker: Option<Waker>,
}

/// The sending half of a [`oneshot`] pair.
pub(crate) struct Sender<T>(Arc<Mutex<Slot<T>>>);

/// The receiving half of a [`oneshot`] pair: a future of `Some(value)`, or
/// `None` once the sender is dropped without sending.
pub(crate) struct Receiver<T>(Arc<Mutex<Slot<T>>>);

/// A one-value channel built on a std `Mutex`, usable from any thread.
pub(crate) fn oneshot<T>() -> (Sender<T>, Receiver<T>) {
    let slot = Arc::new(Mutex::new(Slot {
        value: None,
        sender_alive: true,
        waker: None,
    }));
    (Sender(slot.clone()), Receiver(slot))
}

impl<T> Sender<T> {
    pub(crate) fn send(self, value: T) {
        let waker = {
            let mut slot = self.0.lock().unwrap();
            slot.value = Some(value);
            slot.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
        // `self` drops here; `Drop` finds no waker left to wake.
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let waker = {
            let mut slot = self.0.lock().unwrap();
            slot.sender_alive = false;
            slot.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

impl<T> Future for Receiver<T> {
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let mut slot = self.0.lock().unwrap();
        if let Some(value) = slot.value.take() {
            Poll::Ready(Some(value))
        } else if !slot.sender_alive {
            Poll::Ready(None)
        } else {
            slot.waker = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}
