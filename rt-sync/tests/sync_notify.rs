//! `Notify` behaviour: permits, FIFO/LIFO wake-ups, notify_waiters,
//! cancellation forwarding.

mod support;

use rt_sync::Notify;
use std::sync::Arc;
use support::{block_on, spawn};

#[test]
fn notify_one_before_wait_stores_one_permit() {
    let notify = Notify::new();
    notify.notify_one();
    notify.notify_one();
    let mut first = spawn(notify.notified());
    assert_ready!(first.poll());
    let mut second = spawn(notify.notified());
    assert_pending!(second.poll());
}

#[test]
fn notify_one_wakes_waiters_in_fifo_order() {
    let notify = Notify::new();
    let mut a = spawn(notify.notified());
    let mut b = spawn(notify.notified());
    assert_pending!(a.poll());
    assert_pending!(b.poll());
    notify.notify_one();
    assert!(a.is_woken() && !b.is_woken());
    assert_ready!(a.poll());
    assert_pending!(b.poll());
    notify.notify_one();
    assert!(b.is_woken());
    assert_ready!(b.poll());
}

#[test]
fn notify_last_wakes_newest_waiter() {
    let notify = Notify::new();
    let mut a = spawn(notify.notified());
    let mut b = spawn(notify.notified());
    assert_pending!(a.poll());
    assert_pending!(b.poll());
    notify.notify_last();
    assert!(b.is_woken() && !a.is_woken());
    assert_ready!(b.poll());
    assert_pending!(a.poll());
}

#[test]
fn notify_waiters_wakes_all_and_unpolled_futures_created_before() {
    let notify = Notify::new();
    let mut polled = spawn(notify.notified());
    assert_pending!(polled.poll());
    let mut unpolled = spawn(notify.notified());
    notify.notify_waiters();
    let mut after = spawn(notify.notified());
    assert!(polled.is_woken());
    assert_ready!(polled.poll());
    assert_ready!(unpolled.poll());
    // No permit is stored, and later futures are not notified.
    assert_pending!(after.poll());
}

#[test]
fn dropped_waiter_forwards_notify_one() {
    let notify = Notify::new();
    let mut a = spawn(notify.notified());
    let mut b = spawn(notify.notified());
    assert_pending!(a.poll());
    assert_pending!(b.poll());
    notify.notify_one(); // delivered to `a`
    drop(a); // never observed: passed on to `b`
    assert!(b.is_woken());
    assert_ready!(b.poll());
}

#[test]
fn dropped_waiter_forwards_to_permit_when_alone() {
    let notify = Notify::new();
    let mut a = spawn(notify.notified());
    assert_pending!(a.poll());
    notify.notify_one();
    drop(a);
    assert_ready!(spawn(notify.notified()).poll());
}

#[test]
fn dropped_waiter_does_not_forward_notify_waiters() {
    let notify = Notify::new();
    let mut a = spawn(notify.notified());
    assert_pending!(a.poll());
    notify.notify_waiters();
    drop(a);
    assert_pending!(spawn(notify.notified()).poll());
}

#[test]
fn enable_queues_without_polling() {
    let notify = Notify::new();
    let mut a = spawn(notify.notified());
    assert!(!a.future().enable());
    let mut b = spawn(notify.notified());
    assert_pending!(b.poll());
    notify.notify_one();
    // `a` queued first (by enable), so it got the notification.
    assert!(!b.is_woken());
    assert!(a.future().enable());
    assert_ready!(a.poll());
}

#[test]
fn enable_consumes_stored_permit() {
    let notify = Notify::new();
    notify.notify_one();
    let mut a = spawn(notify.notified());
    assert!(a.future().enable());
    assert_pending!(spawn(notify.notified()).poll());
}

#[test]
fn completed_future_stays_ready() {
    let notify = Notify::new();
    notify.notify_one();
    let mut a = spawn(notify.notified());
    assert_ready!(a.poll());
    assert_ready!(a.poll());
}

#[test]
fn owned_notified() {
    let notify = Arc::new(Notify::new());
    let mut a = spawn(notify.clone().notified_owned());
    assert_pending!(a.poll());
    notify.notify_one();
    assert!(a.is_woken());
    assert_ready!(a.poll());
    let mut b = spawn(notify.clone().notified_owned());
    assert_pending!(b.poll());
    notify.notify_one();
    drop(b);
    assert!(spawn(notify.clone().notified_owned()).future().enable());
}

#[test]
fn notify_across_threads() {
    let notify = Arc::new(Notify::new());
    for _ in 0..100 {
        let n2 = notify.clone();
        let t = std::thread::spawn(move || n2.notify_one());
        block_on(notify.notified());
        t.join().unwrap();
    }
}

#[test]
fn notify_waiters_wakes_many_threads() {
    let notify = Arc::new(Notify::new());
    let ready = Arc::new(std::sync::Barrier::new(5));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (notify, ready) = (notify.clone(), ready.clone());
            std::thread::spawn(move || {
                let notified = notify.notified();
                ready.wait();
                block_on(notified);
            })
        })
        .collect();
    ready.wait();
    notify.notify_waiters();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn const_new_and_debug() {
    static NOTIFY: Notify = Notify::const_new();
    NOTIFY.notify_one();
    assert_ready!(spawn(NOTIFY.notified()).poll());
    assert!(format!("{:?}", Notify::default()).contains("Notify"));
}

/// Re-polling a waiter with a new waker drops the old one after the lock:
/// here the old waker owns another waiter of the same `Notify`, whose drop
/// must take that lock (it deadlocked when the old waker was dropped under
/// it).
#[test]
fn replaced_waker_is_dropped_outside_the_lock() {
    use std::future::Future;
    support::within_10s(|| {
        let notify = Arc::new(Notify::new());
        let mut other = Box::pin(notify.clone().notified_owned());
        assert!(!other.as_mut().enable(), "queued");
        let owning = support::waker_owning(other);
        let mut waiter = Box::pin(notify.notified());
        let mut cx = std::task::Context::from_waker(&owning);
        assert!(waiter.as_mut().poll(&mut cx).is_pending());
        drop(owning); // the waiter's registered clone is now the only one
        let noop = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(noop);
        assert!(waiter.as_mut().poll(&mut cx).is_pending());
        // `other` was dropped (and unlinked): one notification reaches
        // `waiter`, the only one left.
        notify.notify_one();
        assert!(waiter.as_mut().poll(&mut cx).is_ready());
    });
}
