//! Loom models of the registry protocol (src/registry.rs, rules 1–3). The
//! self-pipe is modelled by an atomic byte count: `write(2)` is a
//! fetch_add, a drain is a swap to zero (both SeqCst, as the syscalls
//! order them).

use crate::loom::sync::atomic::Ordering;
use crate::registry::Slot;
use loom::sync::atomic::AtomicUsize;
use loom::sync::Arc;
use loom::thread;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// One listener, polled as a future: completes on a delivery.
struct Recv {
    slot: Arc<Slot>,
    seen: u64,
}

impl Future for Recv {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        this.slot.poll_listener(1, &mut this.seen, cx)
    }
}

/// The handler (rule 1) against a driver that drains then dispatches
/// (rule 2) and a listener created before the delivery (rule 3): the
/// listener is always told, whatever the interleaving. The driver keeps
/// dispatching while the pipe has bytes, as a driver woken by readiness
/// does.
#[test]
fn loom_delivery_reaches_listener() {
    loom::model(|| {
        let slot = Arc::new(Slot::new());
        let pipe = Arc::new(AtomicUsize::new(0));
        let listener = Recv {
            seen: slot.generation(),
            slot: slot.clone(),
        };

        let handler = {
            let (slot, pipe) = (slot.clone(), pipe.clone());
            thread::spawn(move || {
                slot.record();
                pipe.fetch_add(1, Ordering::SeqCst);
            })
        };
        let driver = {
            let (slot, pipe) = (slot.clone(), pipe.clone());
            thread::spawn(move || {
                // Two readiness edges at most: one per write, plus the
                // initial (spurious) check.
                for _ in 0..2 {
                    if pipe.swap(0, Ordering::SeqCst) > 0 {
                        slot.dispatch();
                    } else {
                        thread::yield_now();
                    }
                }
            })
        };
        handler.join().unwrap();
        driver.join().unwrap();
        // A readiness edge left over after the driver's two turns is
        // handled by its next turn.
        if pipe.swap(0, Ordering::SeqCst) > 0 {
            slot.dispatch();
        }
        loom::future::block_on(listener);
    });
}

/// A listener created after a delivery was dispatched is not told of it,
/// and one racing a dispatch either sees it or is woken by it.
#[test]
fn loom_listener_registration_races_dispatch() {
    loom::model(|| {
        let slot = Arc::new(Slot::new());
        slot.record();
        let dispatcher = {
            let slot = slot.clone();
            thread::spawn(move || {
                slot.dispatch();
            })
        };
        let seen = slot.generation();
        let mut listener = Recv {
            slot: slot.clone(),
            seen,
        };
        dispatcher.join().unwrap();
        if seen == 0 {
            // Created before the dispatch: must complete.
            loom::future::block_on(&mut listener);
            assert_eq!(listener.seen, 1);
        } else {
            // Created after: nothing to report until the next delivery.
            let waker = futures_noop_waker();
            let mut cx = Context::from_waker(&waker);
            assert!(Pin::new(&mut listener).poll(&mut cx).is_pending());
            slot.record();
            slot.dispatch();
            assert!(Pin::new(&mut listener).poll(&mut cx).is_ready());
        }
    });
}

fn futures_noop_waker() -> std::task::Waker {
    use std::task::{RawWaker, RawWakerVTable, Waker};
    const VTABLE: RawWakerVTable =
        RawWakerVTable::new(|p| RawWaker::new(p, &VTABLE), |_| {}, |_| {}, |_| {});
    // SAFETY: every vtable function ignores the (null) data pointer, so
    // the RawWaker contract (functions valid for that pointer) holds.
    unsafe { Waker::from_raw(RawWaker::new(std::ptr::null(), &VTABLE)) }
}
