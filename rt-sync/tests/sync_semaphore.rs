//! `Semaphore` behaviour: permits, fairness, cancellation, closing.

mod support;

use rt_sync::{Semaphore, TryAcquireError};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use support::{block_on, spawn};

#[test]
fn try_acquire_and_release() {
    let sem = Semaphore::new(2);
    let a = sem.try_acquire().unwrap();
    let b = sem.try_acquire().unwrap();
    assert_eq!(sem.try_acquire().unwrap_err(), TryAcquireError::NoPermits);
    drop(a);
    assert_eq!(sem.available_permits(), 1);
    drop(b);
    assert_eq!(sem.available_permits(), 2);
    assert_eq!(
        sem.try_acquire_many(3).unwrap_err(),
        TryAcquireError::NoPermits
    );
    assert_eq!(sem.try_acquire_many(2).unwrap().num_permits(), 2);
}

#[test]
fn acquire_waits_and_is_woken_by_release() {
    let sem = Semaphore::new(1);
    let held = sem.try_acquire().unwrap();
    let mut acquire = spawn(sem.acquire());
    assert_pending!(acquire.poll());
    assert!(!acquire.is_woken());
    drop(held);
    assert!(acquire.is_woken());
    // The permit went to the waiter, not to `available`.
    assert_eq!(sem.available_permits(), 0);
    let permit = assert_ready_ok!(acquire.poll());
    assert_eq!(permit.num_permits(), 1);
}

#[test]
fn waiters_are_served_in_fifo_order() {
    let sem = Semaphore::new(1);
    let held = sem.try_acquire().unwrap();
    let mut first = spawn(sem.acquire());
    let mut second = spawn(sem.acquire());
    let mut third = spawn(sem.acquire());
    assert_pending!(first.poll());
    assert_pending!(second.poll());
    assert_pending!(third.poll());
    drop(held);
    assert!(first.is_woken() && !second.is_woken() && !third.is_woken());
    let p1 = assert_ready_ok!(first.poll());
    assert_pending!(second.poll());
    drop(p1);
    assert!(second.is_woken() && !third.is_woken());
    let p2 = assert_ready_ok!(second.poll());
    drop(p2);
    let _permit = assert_ready_ok!(third.poll());
}

#[test]
fn try_acquire_does_not_jump_the_queue() {
    let sem = Semaphore::new(1);
    let held = sem.try_acquire().unwrap();
    let mut waiter = spawn(sem.acquire());
    assert_pending!(waiter.poll());
    drop(held);
    // The released permit belongs to the waiter now.
    assert!(sem.try_acquire().is_err());
    let _permit = assert_ready_ok!(waiter.poll());
}

#[test]
fn large_request_at_front_holds_back_smaller_ones() {
    let sem = Semaphore::new(1);
    let mut big = spawn(sem.acquire_many(3));
    let mut small = spawn(sem.acquire());
    // The big request takes the one available permit and waits for two more.
    assert_pending!(big.poll());
    assert_eq!(sem.available_permits(), 0);
    assert_pending!(small.poll());
    sem.add_permits(1);
    assert!(!big.is_woken());
    assert!(!small.is_woken());
    sem.add_permits(2);
    assert!(big.is_woken());
    assert!(small.is_woken());
    assert_eq!(assert_ready_ok!(big.poll()).num_permits(), 3);
    let _permit = assert_ready_ok!(small.poll());
}

#[test]
fn cancelled_waiter_passes_assigned_permits_on() {
    let sem = Semaphore::new(2);
    let mut big = spawn(sem.acquire_many(3));
    let mut small = spawn(sem.acquire_many(2));
    assert_pending!(big.poll()); // holds 2 of 3
    assert_pending!(small.poll());
    drop(big);
    assert!(small.is_woken());
    assert_eq!(assert_ready_ok!(small.poll()).num_permits(), 2);
    assert_eq!(sem.available_permits(), 2);
}

#[test]
fn granted_but_unobserved_permits_are_not_lost() {
    let sem = Semaphore::new(1);
    let held = sem.try_acquire().unwrap();
    let mut first = spawn(sem.acquire());
    let mut second = spawn(sem.acquire());
    assert_pending!(first.poll());
    assert_pending!(second.poll());
    drop(held); // granted to `first`
    assert!(first.is_woken());
    drop(first); // cancelled before it saw the grant
    assert!(second.is_woken());
    let _permit = assert_ready_ok!(second.poll());
}

#[test]
fn close_refuses_waiters_and_new_acquires() {
    let sem = Semaphore::new(1);
    let held = sem.try_acquire().unwrap();
    let mut waiter = spawn(sem.acquire_many(2));
    assert_pending!(waiter.poll());
    sem.close();
    assert!(sem.is_closed());
    assert!(waiter.is_woken());
    let err = assert_ready_err!(waiter.poll());
    assert_eq!(err.to_string(), "semaphore closed");
    assert_eq!(sem.try_acquire().unwrap_err(), TryAcquireError::Closed);
    assert!(block_on(sem.acquire()).is_err());
    // Held permits still return to the count.
    drop(held);
    assert_eq!(sem.available_permits(), 1);
    assert!(sem.try_acquire().unwrap_err().is_closed());
}

#[test]
fn closed_waiter_with_partial_permits_gives_them_back() {
    let sem = Semaphore::new(1);
    let mut waiter = spawn(sem.acquire_many(2));
    assert_pending!(waiter.poll());
    assert_eq!(sem.available_permits(), 0);
    sem.close();
    assert_ready_err!(waiter.poll());
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn add_and_forget_permits() {
    let sem = Semaphore::new(0);
    sem.add_permits(5);
    assert_eq!(sem.available_permits(), 5);
    assert_eq!(sem.forget_permits(2), 2);
    assert_eq!(sem.forget_permits(10), 3);
    assert_eq!(sem.available_permits(), 0);
}

#[test]
#[should_panic(expected = "would overflow MAX_PERMITS")]
fn add_permits_overflow_panics() {
    let sem = Semaphore::new(Semaphore::MAX_PERMITS);
    sem.add_permits(1);
}

#[test]
#[should_panic(expected = "a semaphore may not have more than MAX_PERMITS permits")]
fn new_above_max_panics() {
    let _ = Semaphore::new(Semaphore::MAX_PERMITS + 1);
}

#[test]
fn acquire_zero_permits() {
    let sem = Semaphore::new(0);
    let permit = block_on(sem.acquire_many(0)).unwrap();
    assert_eq!(permit.num_permits(), 0);
    assert_eq!(sem.try_acquire_many(0).unwrap().num_permits(), 0);
}

#[test]
fn permit_forget_merge_split() {
    let sem = Semaphore::new(4);
    let mut p = sem.try_acquire_many(2).unwrap();
    p.merge(sem.try_acquire().unwrap());
    assert_eq!(p.num_permits(), 3);
    let q = p.split(2).unwrap();
    assert_eq!(q.num_permits(), 2);
    assert!(p.split(2).is_none());
    q.forget();
    assert_eq!(sem.available_permits(), 1);
    drop(p);
    assert_eq!(sem.available_permits(), 2);
}

#[test]
#[should_panic(expected = "merging permits from different semaphore instances")]
fn merge_from_other_semaphore_panics() {
    let a = Semaphore::new(1);
    let b = Semaphore::new(1);
    let mut p = a.try_acquire().unwrap();
    p.merge(b.try_acquire().unwrap());
}

#[test]
fn owned_permits() {
    let sem = Arc::new(Semaphore::new(3));
    let mut p = block_on(sem.clone().acquire_owned()).unwrap();
    p.merge(block_on(sem.clone().acquire_many_owned(2)).unwrap());
    assert_eq!(p.num_permits(), 3);
    assert!(Arc::ptr_eq(p.semaphore(), &sem));
    assert!(sem.clone().try_acquire_owned().is_err());
    let q = p.split(1).unwrap();
    drop(p);
    assert_eq!(sem.available_permits(), 2);
    q.forget();
    assert_eq!(sem.available_permits(), 2);
    assert_eq!(
        sem.clone().try_acquire_many_owned(2).unwrap().num_permits(),
        2
    );
}

#[test]
#[should_panic(expected = "merging permits from different semaphore instances")]
fn owned_merge_from_other_semaphore_panics() {
    let a = Arc::new(Semaphore::new(1));
    let b = Arc::new(Semaphore::new(1));
    let mut p = a.try_acquire_owned().unwrap();
    p.merge(b.try_acquire_owned().unwrap());
}

#[test]
fn owned_acquire_cancellation() {
    let sem = Arc::new(Semaphore::new(0));
    let mut waiter = spawn(sem.clone().acquire_owned());
    assert_pending!(waiter.poll());
    drop(waiter);
    sem.add_permits(1);
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn const_new_in_static() {
    static SEM: Semaphore = Semaphore::const_new(2);
    let p = SEM.try_acquire().unwrap();
    assert_eq!(SEM.available_permits(), 1);
    drop(p);
}

/// `threads` threads each take `n(thread, round)` permits of a semaphore
/// with `permits` permits, `rounds` times, holding them across a yield.
/// With `cancel_every = Some(k)`, every k-th round instead starts an
/// acquire (queueing it, or completing it at once) and drops it. Asserts
/// that the limit always held and that every permit came back.
fn contend(
    permits: usize,
    threads: usize,
    rounds: usize,
    n: fn(usize, usize) -> u32,
    cancel_every: Option<usize>,
) -> Arc<Semaphore> {
    let sem = Arc::new(Semaphore::new(permits));
    let active = Arc::new(AtomicUsize::new(0));
    let max_seen = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..threads)
        .map(|i| {
            let (sem, active, max_seen) = (sem.clone(), active.clone(), max_seen.clone());
            std::thread::spawn(move || {
                for round in 0..rounds {
                    let n = n(i, round);
                    if cancel_every.is_some_and(|k| round % k == 0) {
                        let mut acquire = spawn(sem.acquire_many(n));
                        if let std::task::Poll::Ready(permit) = acquire.poll() {
                            drop(permit.unwrap());
                        }
                        std::thread::yield_now();
                        // Queued, partly served, or granted but unobserved.
                        drop(acquire);
                        continue;
                    }
                    let permit = block_on(sem.acquire_many(n)).unwrap();
                    let now = active.fetch_add(n as usize, Ordering::SeqCst) + n as usize;
                    max_seen.fetch_max(now, Ordering::SeqCst);
                    std::thread::yield_now();
                    active.fetch_sub(n as usize, Ordering::SeqCst);
                    drop(permit);
                }
            })
        })
        .collect();
    for t in handles {
        t.join().unwrap();
    }
    assert!(max_seen.load(Ordering::SeqCst) <= permits);
    assert_eq!(sem.available_permits(), permits);
    sem
}

#[test]
fn concurrency_never_exceeds_permits() {
    contend(3, 8, 200, |i, _| if i % 2 == 0 { 1 } else { 2 }, None);
}

/// Waiters that are cancelled after queueing (some already holding part of
/// a batch, some already granted but never polled again) race releases on
/// other threads: every permit comes back, and the limit always holds.
#[test]
fn cancellation_under_contention_loses_no_permit() {
    let sem = contend(3, 6, 300, |i, round| 1 + ((i + round) % 3) as u32, Some(3));
    // Nobody is left queued: a fresh acquire of everything succeeds at once.
    assert_eq!(sem.try_acquire_many(3).map(|p| p.num_permits()), Ok(3));
}

#[test]
fn debug_and_display() {
    let sem = Semaphore::new(1);
    assert!(format!("{sem:?}").contains("Semaphore"));
    let p = sem.try_acquire().unwrap();
    assert!(format!("{p:?}").contains("SemaphorePermit"));
    assert_eq!(
        TryAcquireError::NoPermits.to_string(),
        "no permits available"
    );
    assert!(TryAcquireError::NoPermits.is_no_permits());
}

/// As `sync_notify`'s test of the same name: the replaced waker owns
/// another waiter of the same semaphore, whose drop takes its lock.
#[test]
fn replaced_waker_is_dropped_outside_the_lock() {
    use std::future::Future;
    support::within_10s(|| {
        let sem = Arc::new(Semaphore::new(0));
        let mut other = Box::pin(sem.clone().acquire_owned());
        let noop = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(noop);
        assert!(other.as_mut().poll(&mut cx).is_pending());
        let other: std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> =
            Box::pin(async move {
                let _ = other.await;
            });
        let owning = support::waker_owning(other);
        let mut waiter = Box::pin(sem.acquire());
        let mut owning_cx = std::task::Context::from_waker(&owning);
        assert!(waiter.as_mut().poll(&mut owning_cx).is_pending());
        drop(owning);
        assert!(waiter.as_mut().poll(&mut cx).is_pending());
        // `other` is gone: the one permit goes to `waiter`.
        sem.add_permits(1);
        assert!(waiter.as_mut().poll(&mut cx).is_ready());
    });
}

/// A waker whose `clone` panics while an acquire queues must not cost any
/// permits: nothing is drained before the clone.
#[test]
fn panicking_waker_clone_loses_no_permits() {
    use std::future::Future;
    let sem = Semaphore::new(1);
    let waker = support::waker_with_panicking_clone();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut acquire = Box::pin(sem.acquire_many(2));
        let mut cx = std::task::Context::from_waker(&waker);
        let _ = acquire.as_mut().poll(&mut cx);
    }));
    assert!(result.is_err(), "the clone panicked");
    assert_eq!(sem.available_permits(), 1);
    assert_eq!(sem.try_acquire().map(|p| p.num_permits()), Ok(1));
}
