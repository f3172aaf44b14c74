//! Shared helpers for rt-time's integration tests.
#![allow(dead_code, reason = "each test file uses a subset of the helpers")]

use rt_core::runtime::{Builder, Runtime};
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::Thread;
use std::time::{Duration, Instant as StdInstant};

/// A current-thread runtime with the time driver, real clock.
pub(crate) fn rt() -> Runtime {
    Builder::new_current_thread()
        .driver_layer(rt_time::driver_layer(false))
        .build()
        .unwrap()
}

/// One runtime per scheduler flavour the builder offers, each with the
/// time driver and the real clock.
pub(crate) fn runtimes() -> Vec<(&'static str, Runtime)> {
    let mut out = vec![("current_thread", rt())];
    for workers in [1, 4] {
        let rt = Builder::new_multi_thread()
            .worker_threads(workers)
            .driver_layer(rt_time::driver_layer(false))
            .build()
            .unwrap();
        out.push((
            if workers == 1 {
                "multi_thread(1)"
            } else {
                "multi_thread(4)"
            },
            rt,
        ));
    }
    out
}

/// A current-thread runtime whose clock starts paused.
#[cfg(feature = "test-util")]
pub(crate) fn rt_paused() -> Runtime {
    Builder::new_current_thread()
        .driver_layer(rt_time::driver_layer(true))
        .build()
        .unwrap()
}

/// A runtime without any driver.
pub(crate) fn rt_without_time() -> Runtime {
    Builder::new_current_thread().build().unwrap()
}

/// A waker that counts its wake-ups.
#[derive(Default)]
pub(crate) struct WakeCounter {
    wakes: AtomicUsize,
}

impl WakeCounter {
    pub(crate) fn new() -> (Arc<WakeCounter>, Waker) {
        let counter = Arc::new(WakeCounter::default());
        let waker = Waker::from(counter.clone());
        (counter, waker)
    }

    pub(crate) fn count(&self) -> usize {
        self.wakes.load(Ordering::SeqCst)
    }
}

impl Wake for WakeCounter {
    fn wake(self: Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
    }
}

/// Polls `fut` once with `waker`.
pub(crate) fn poll_with<F: Future + ?Sized>(fut: Pin<&mut F>, waker: &Waker) -> Poll<F::Output> {
    fut.poll(&mut Context::from_waker(waker))
}

struct Noop;

impl Wake for Noop {
    fn wake(self: Arc<Self>) {}
}

/// A waker that does nothing (`Waker::noop` is newer than our MSRV).
pub(crate) fn noop_waker() -> Waker {
    Waker::from(Arc::new(Noop))
}

/// Polls `fut` once with a no-op waker.
pub(crate) fn poll_once<F: Future + ?Sized>(fut: Pin<&mut F>) -> Poll<F::Output> {
    poll_with(fut, &noop_waker())
}

#[track_caller]
pub(crate) fn assert_pending<F: Future + ?Sized>(fut: Pin<&mut F>) {
    assert!(poll_once(fut).is_pending(), "expected Pending");
}

#[track_caller]
pub(crate) fn assert_ready<F: Future + ?Sized>(fut: Pin<&mut F>) -> F::Output {
    match poll_once(fut) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("expected Ready"),
    }
}

/// Unparks a thread and records that it did.
struct ThreadWaker {
    thread: Thread,
    wakes: AtomicUsize,
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
        self.thread.unpark();
    }
}

/// Drives `fut` on this (non-runtime) thread, parking between polls.
///
/// Fails if a wake-up is lost: if the thread sits parked, unwoken, for
/// `lost_after` and the future then turns out to be ready.
pub(crate) fn block_on_thread<F: Future>(fut: F, lost_after: Duration) -> F::Output {
    let tw = Arc::new(ThreadWaker {
        thread: std::thread::current(),
        wakes: AtomicUsize::new(0),
    });
    let waker = Waker::from(tw.clone());
    let mut fut = std::pin::pin!(fut);
    loop {
        let wakes_before = tw.wakes.load(Ordering::SeqCst);
        if let Poll::Ready(v) = poll_with(fut.as_mut(), &waker) {
            return v;
        }
        let parked = StdInstant::now();
        while tw.wakes.load(Ordering::SeqCst) == wakes_before {
            std::thread::park_timeout(lost_after);
            if tw.wakes.load(Ordering::SeqCst) == wakes_before && parked.elapsed() >= lost_after {
                let ready = poll_with(fut.as_mut(), &waker);
                assert!(
                    ready.is_pending(),
                    "no wake-up within {lost_after:?} although the future was ready: a lost \
                     wake-up, or a driver that never fired the timer"
                );
                panic!("future still pending after {lost_after:?} without a wake-up");
            }
        }
    }
}

/// Runs `f`, expecting a panic, and returns its message.
#[track_caller]
pub(crate) fn panic_message<R>(f: impl FnOnce() -> R) -> String {
    let err = match catch_unwind(AssertUnwindSafe(f)) {
        Ok(_) => panic!("expected a panic"),
        Err(err) => err,
    };
    if let Some(s) = err.downcast_ref::<String>() {
        s.clone()
    } else if let Some(s) = err.downcast_ref::<&str>() {
        (*s).to_string()
    } else {
        "<non-string panic>".to_string()
    }
}

/// A small deterministic generator (xorshift), for shuffles in tests.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}
