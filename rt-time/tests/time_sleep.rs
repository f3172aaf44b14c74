//! `sleep`, `sleep_until` and `Sleep`: completion, ordering, reset, cancel,
//! the cooperative budget, many concurrent timers.

mod support;

use rt_time::{sleep, sleep_until, Duration, Instant, Sleep};
use std::pin::pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use support::*;

#[test]
fn sleep_waits_at_least_its_duration() {
    for (name, rt) in runtimes() {
        let elapsed = rt.block_on(async {
            let start = Instant::now();
            sleep(Duration::from_millis(30)).await;
            start.elapsed()
        });
        assert!(
            elapsed >= Duration::from_millis(30),
            "{name}: woke early: {elapsed:?}"
        );
        assert!(
            elapsed < Duration::from_secs(10),
            "{name}: far too late: {elapsed:?}"
        );
    }
}

#[test]
fn sleep_in_spawned_tasks() {
    for (name, rt) in runtimes() {
        let done = rt.block_on(async {
            let tasks: Vec<_> = (0..10u64)
                .map(|i| {
                    rt_core::spawn(async move {
                        let start = Instant::now();
                        sleep(Duration::from_millis(i * 3)).await;
                        assert!(start.elapsed() >= Duration::from_millis(i * 3));
                        i
                    })
                })
                .collect();
            let mut sum = 0;
            for t in tasks {
                sum += t.await.unwrap();
            }
            sum
        });
        assert_eq!(done, 45, "{name}");
    }
}

#[test]
fn zero_and_past_deadlines_are_ready_at_first_poll() {
    let rt = rt();
    let _guard = rt.enter();
    let mut zero = pin!(sleep(Duration::ZERO));
    assert_ready(zero.as_mut());
    assert!(zero.is_elapsed());
    let past = Instant::now() - Duration::from_millis(100);
    let mut past = pin!(sleep_until(past));
    assert_ready(past.as_mut());
    // A completed sleep stays ready.
    assert_ready(past.as_mut());
}

#[test]
fn deadline_and_is_elapsed() {
    let rt = rt();
    rt.block_on(async {
        let deadline = Instant::now() + Duration::from_millis(5);
        let mut s = pin!(sleep_until(deadline));
        assert_eq!(s.deadline(), deadline);
        assert!(!s.is_elapsed(), "never polled");
        assert_pending(s.as_mut());
        assert!(!s.is_elapsed());
        s.as_mut().await;
        assert!(s.is_elapsed());
        assert!(Instant::now() >= deadline);
    });
}

/// Current-thread only: there, wake order is run order.
#[test]
fn many_timers_fire_in_deadline_order() {
    let rt = rt();
    {
        let order = rt.block_on(async {
            let base = Instant::now();
            let order = Arc::new(Mutex::new(Vec::new()));
            let mut rng = Rng::new(7);
            let mut tasks = Vec::new();
            for i in 0..300u64 {
                // Far enough that every task registers before the first
                // deadline: all of them go through the wheel.
                let ms = 100 + rng.below(60);
                let order = order.clone();
                tasks.push(rt_core::spawn(async move {
                    sleep_until(base + Duration::from_millis(ms)).await;
                    assert!(Instant::now() >= base + Duration::from_millis(ms));
                    order.lock().unwrap().push((ms, i));
                }));
            }
            for t in tasks {
                t.await.unwrap();
            }
            Arc::try_unwrap(order).unwrap().into_inner().unwrap()
        });
        assert_eq!(order.len(), 300);
        let mut sorted = order.clone();
        // By deadline; equal deadlines in registration (= spawn) order.
        sorted.sort();
        assert_eq!(order, sorted, "timers fired out of order");
    }
}

#[test]
fn reset_later_and_earlier() {
    let rt = rt();
    rt.block_on(async {
        let start = Instant::now();
        let mut s = pin!(sleep(Duration::from_millis(5)));
        assert_pending(s.as_mut());
        s.as_mut().reset(start + Duration::from_millis(40));
        s.as_mut().await;
        assert!(
            start.elapsed() >= Duration::from_millis(40),
            "reset later fired early"
        );

        let start = Instant::now();
        let mut s = pin!(sleep(Duration::from_secs(3600)));
        assert_pending(s.as_mut());
        s.as_mut().reset(start + Duration::from_millis(10));
        s.as_mut().await;
        let elapsed = start.elapsed();
        assert!(elapsed >= Duration::from_millis(10));
        assert!(
            elapsed < Duration::from_secs(60),
            "reset earlier did not take: {elapsed:?}"
        );
    });
}

#[test]
fn reset_before_first_poll_and_after_completion() {
    let rt = rt();
    rt.block_on(async {
        let start = Instant::now();
        let mut s = pin!(sleep(Duration::from_secs(3600)));
        s.as_mut().reset(start + Duration::from_millis(5));
        assert_eq!(s.deadline(), start + Duration::from_millis(5));
        s.as_mut().await;
        assert!(s.is_elapsed());

        s.as_mut().reset(Instant::now() + Duration::from_millis(10));
        assert!(
            !s.is_elapsed(),
            "a completed sleep reset to the future is pending again"
        );
        assert_pending(s.as_mut());
        s.as_mut().await;
        assert!(start.elapsed() >= Duration::from_millis(15));
    });
}

#[test]
fn reset_keeps_the_registered_waker() {
    let rt = rt();
    rt.block_on(async {
        let (counter, waker) = WakeCounter::new();
        let mut s = pin!(sleep(Duration::from_secs(3600)));
        assert!(poll_with(s.as_mut(), &waker).is_pending());
        s.as_mut().reset(Instant::now() + Duration::from_millis(5));
        // Let the driver run past the new deadline without polling `s`.
        sleep(Duration::from_millis(30)).await;
        assert_eq!(
            counter.count(),
            1,
            "the waker of the last poll is woken at the new deadline"
        );
        assert!(s.is_elapsed());
    });
}

#[test]
fn reset_to_the_past_wakes_at_once() {
    let rt = rt();
    rt.block_on(async {
        let (counter, waker) = WakeCounter::new();
        let mut s = pin!(sleep(Duration::from_secs(3600)));
        assert!(poll_with(s.as_mut(), &waker).is_pending());
        s.as_mut().reset(Instant::now() - Duration::from_millis(1));
        assert_eq!(counter.count(), 1);
        assert!(s.is_elapsed());
        assert_ready(s.as_mut());
    });
}

#[test]
fn dropping_a_sleep_cancels_it() {
    let rt = rt();
    rt.block_on(async {
        let (counter, waker) = WakeCounter::new();
        let mut dropped: Vec<std::pin::Pin<Box<Sleep>>> = Vec::new();
        for ms in [1, 2, 3, 5, 8, 13] {
            let mut s = Box::pin(sleep(Duration::from_millis(ms)));
            assert!(poll_with(s.as_mut(), &waker).is_pending());
            dropped.push(s);
        }
        drop(dropped);
        sleep(Duration::from_millis(40)).await;
        assert_eq!(counter.count(), 0, "a cancelled timer woke its waker");
    });
}

#[test]
fn last_waker_wins() {
    let rt = rt();
    rt.block_on(async {
        let (first, w1) = WakeCounter::new();
        let (second, w2) = WakeCounter::new();
        let mut s = pin!(sleep(Duration::from_millis(5)));
        assert!(poll_with(s.as_mut(), &w1).is_pending());
        assert!(poll_with(s.as_mut(), &w2).is_pending());
        sleep(Duration::from_millis(30)).await;
        assert_eq!((first.count(), second.count()), (0, 1));
        assert_ready(s.as_mut());
    });
}

#[test]
fn sleep_charges_the_coop_budget() {
    let rt = rt();
    let flag = Arc::new(AtomicBool::new(false));
    let polls_before_other_ran = rt.block_on({
        let flag = flag.clone();
        async move {
            let other = flag.clone();
            rt_core::spawn(async move { other.store(true, Ordering::SeqCst) });
            for i in 0..100_000u32 {
                if flag.load(Ordering::SeqCst) {
                    return i;
                }
                // Always ready: only the budget can make this loop yield.
                sleep(Duration::ZERO).await;
            }
            panic!("the other task never ran: Sleep does not charge the budget");
        }
    });
    assert!(polls_before_other_ran <= u32::from(rt_core::coop::BUDGET) + 1);
}

#[test]
fn hundred_thousand_concurrent_sleeps_complete() {
    let rt = rt();
    let start = std::time::Instant::now();
    let done = Arc::new(AtomicUsize::new(0));
    rt.block_on(async {
        let tasks: Vec<_> = (0..100_000u64)
            .map(|i| {
                let done = done.clone();
                rt_core::spawn(async move {
                    let d = Duration::from_millis(1 + i % 97);
                    let start = Instant::now();
                    sleep(d).await;
                    assert!(start.elapsed() >= d);
                    done.fetch_add(1, Ordering::Relaxed);
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
    });
    assert_eq!(done.load(Ordering::Relaxed), 100_000);
    assert!(
        start.elapsed() < Duration::from_secs(120),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn public_futures_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<Sleep>();
    send_sync::<rt_time::Interval>();
    send_sync::<rt_time::Timeout<std::future::Ready<()>>>();
    send::<rt_time::Timeout<std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>>>();
    send_sync::<rt_time::Instant>();
    send_sync::<rt_time::error::Elapsed>();
}
