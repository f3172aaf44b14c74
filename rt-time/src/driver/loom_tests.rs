//! loom models of the entry protocol: registration, firing, cancellation,
//! reset and shutdown racing each other. Run with `cargo xtask loom rt-time`.

use super::entry::Entry;
use super::Handle;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;
use rt_core::runtime::Unpark;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

struct NoUnpark;

impl Unpark for NoUnpark {
    fn unpark(&self) {}
}

struct Counter(AtomicUsize);

impl Wake for Counter {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

fn model(f: impl Fn() + Sync + Send + 'static) {
    loom::model(f);
}

fn setup() -> (Handle, Arc<Counter>, Waker) {
    let handle = Handle::new(Arc::new(NoUnpark), false, 0);
    let counter = Arc::new(Counter(AtomicUsize::new(0)));
    let waker = Waker::from(counter.clone());
    (handle, counter, waker)
}

fn poll_at(entry: Pin<&mut Entry>, waker: &Waker, when: u64) -> Poll<()> {
    entry.poll_elapsed(&mut Context::from_waker(waker), |_| Some(when))
}

/// A registered entry is fired by the driver while its owner polls it again
/// and drops it: exactly one of "fired and woken" or "cancelled" happens,
/// and the wheel ends empty.
#[test]
fn loom_entry_register_fire_cancel() {
    model(|| {
        let (handle, counter, waker) = setup();
        let mut entry = Box::pin(Entry::new(handle.clone()));
        assert!(poll_at(entry.as_mut(), &waker, 1).is_pending());
        let driver = handle.clone();
        let th = thread::spawn(move || driver.process_at(1));
        let again = poll_at(entry.as_mut(), &waker, 1);
        if again.is_ready() {
            assert!(entry.is_elapsed());
        }
        drop(entry);
        let fired = th.join().unwrap();
        assert!(fired <= 1);
        assert_eq!(
            counter.0.load(Ordering::SeqCst),
            fired,
            "fired without a wake"
        );
        assert_eq!(handle.len(), 0, "entry left linked after drop");
    });
}

/// First poll (registration) races the driver processing the entry's tick:
/// the wake-up is never lost.
#[test]
fn loom_entry_register_races_fire_no_lost_wake() {
    model(|| {
        let (handle, counter, waker) = setup();
        let mut entry = Box::pin(Entry::new(handle.clone()));
        let driver = handle.clone();
        let th = thread::spawn(move || driver.process_at(1));
        let first = poll_at(entry.as_mut(), &waker, 1);
        th.join().unwrap();
        // Either registration saw the processed tick (Ready), or the
        // driver fired the registered entry and woke us.
        assert!(first.is_ready() || counter.0.load(Ordering::SeqCst) == 1);
        assert!(poll_at(entry.as_mut(), &waker, 1).is_ready());
        assert_eq!(handle.len(), 0);
    });
}

/// The owner resets an entry to a later tick while the driver fires the
/// old one: the entry ends registered at the new tick, or fired by the old
/// one and then re-registered; either way it fires at the new tick.
#[test]
fn loom_entry_reset_races_fire() {
    model(|| {
        let (handle, counter, waker) = setup();
        let mut entry = Box::pin(Entry::new(handle.clone()));
        assert!(poll_at(entry.as_mut(), &waker, 1).is_pending());
        let driver = handle.clone();
        let th = thread::spawn(move || driver.process_at(1));
        entry.as_mut().reset(Some(5));
        th.join().unwrap();
        let woken = counter.0.load(Ordering::SeqCst);
        assert!(woken <= 1);
        assert!(!entry.is_elapsed(), "reset to tick 5 but elapsed at tick 1");
        assert_eq!(handle.len(), 1);
        assert!(poll_at(entry.as_mut(), &waker, 5).is_pending());
        assert_eq!(handle.process_at(5), 1);
        assert!(entry.is_elapsed());
        assert_eq!(counter.0.load(Ordering::SeqCst), woken + 1);
    });
}

/// Shutdown sweeps the wheel while the owner cancels its entry.
#[test]
fn loom_entry_shutdown_races_cancel() {
    model(|| {
        let (handle, counter, waker) = setup();
        let mut entry = Box::pin(Entry::new(handle.clone()));
        assert!(poll_at(entry.as_mut(), &waker, 7).is_pending());
        let driver = handle.clone();
        let th = thread::spawn(move || driver.shutdown());
        drop(entry);
        th.join().unwrap();
        assert!(counter.0.load(Ordering::SeqCst) <= 1);
        assert_eq!(handle.len(), 0);
    });
}

/// Two entries on one wheel: one is cancelled while the driver fires both;
/// the other is fired exactly once.
#[test]
fn loom_entry_cancel_one_of_two_while_firing() {
    model(|| {
        let (handle, counter, waker) = setup();
        let mut a = Box::pin(Entry::new(handle.clone()));
        let mut b = Box::pin(Entry::new(handle.clone()));
        assert!(poll_at(a.as_mut(), &waker, 2).is_pending());
        assert!(poll_at(b.as_mut(), &waker, 2).is_pending());
        let driver = handle.clone();
        let th = thread::spawn(move || driver.process_at(2));
        drop(a);
        let fired = th.join().unwrap();
        assert!(b.is_elapsed());
        assert!(fired == 1 || fired == 2);
        assert_eq!(counter.0.load(Ordering::SeqCst), fired);
        assert_eq!(handle.len(), 0);
    });
}
