//! `Barrier` behaviour: release at `n`, one leader per generation, reuse,
//! and what cancellation does.

mod support;

use rt_sync::Barrier;
use std::sync::Arc;
use support::{block_on, spawn};

#[test]
fn releases_everyone_at_n_with_one_leader() {
    let barrier = Barrier::new(3);
    let mut a = spawn(barrier.wait());
    let mut b = spawn(barrier.wait());
    assert_pending!(a.poll());
    assert_pending!(b.poll());
    assert_pending!(a.poll()); // re-polling does not arrive twice
    let c = block_on(barrier.wait());
    assert!(c.is_leader());
    assert!(a.is_woken() && b.is_woken());
    assert!(!assert_ready!(a.poll()).is_leader());
    assert!(!assert_ready!(b.poll()).is_leader());
}

#[test]
fn zero_and_one_never_wait() {
    for n in [0, 1] {
        let barrier = Barrier::new(n);
        for _ in 0..3 {
            assert!(assert_ready!(spawn(barrier.wait()).poll()).is_leader());
        }
    }
}

#[test]
fn reusable_across_generations() {
    let barrier = Barrier::new(2);
    for _ in 0..3 {
        let mut first = spawn(barrier.wait());
        assert_pending!(first.poll());
        let second = block_on(barrier.wait());
        let first = assert_ready!(first.poll());
        assert!(first.is_leader() ^ second.is_leader());
    }
    assert!(format!("{barrier:?}").contains("generation: 3"));
}

#[test]
fn cancelled_wait_still_counts_as_arrived() {
    let barrier = Barrier::new(2);
    {
        let mut gone = spawn(barrier.wait());
        assert_pending!(gone.poll());
    }
    // The dropped waiter's arrival completes the generation.
    assert!(block_on(barrier.wait()).is_leader());
    // And nothing is left over: the next generation starts empty.
    let mut next = spawn(barrier.wait());
    assert_pending!(next.poll());
}

#[test]
fn many_threads_many_generations() {
    let n = 4;
    let barrier = Arc::new(Barrier::new(n));
    let threads: Vec<_> = (0..n)
        .map(|_| {
            let barrier = barrier.clone();
            support::thread_spawn(async move {
                let mut leads = 0;
                for _ in 0..50 {
                    if barrier.wait().await.is_leader() {
                        leads += 1;
                    }
                }
                leads
            })
        })
        .collect();
    let leads: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(leads, 50, "exactly one leader per generation");
}
