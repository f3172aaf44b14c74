//! The paused clock (feature `test-util`): pause, resume, advance,
//! auto-advance, start paused, deterministic ordering.
#![cfg(feature = "test-util")]

mod support;

use rt_time::{advance, pause, resume, sleep, sleep_until, timeout, Duration, Instant};
use std::pin::pin;
use std::sync::{Arc, Mutex};
use support::*;

#[test]
fn start_paused_freezes_instant_now() {
    let rt = rt_paused();
    rt.block_on(async {
        let a = Instant::now();
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(Instant::now(), a, "paused time moved by itself");
    });
}

#[test]
fn hour_long_sleeps_complete_instantly() {
    let rt = rt_paused();
    let wall = std::time::Instant::now();
    rt.block_on(async {
        let start = Instant::now();
        for _ in 0..24 {
            sleep(Duration::from_secs(3600)).await;
        }
        assert_eq!(start.elapsed(), Duration::from_secs(24 * 3600));
    });
    assert!(
        wall.elapsed() < Duration::from_secs(10),
        "auto-advance did not jump"
    );
}

#[test]
fn auto_advance_fires_timers_in_order_at_their_deadlines() {
    let rt = rt_paused();
    rt.block_on(async {
        let start = Instant::now();
        let log = Arc::new(Mutex::new(Vec::new()));
        let tasks: Vec<_> = [3000u64, 1000, 2000, 1000, 2500]
            .into_iter()
            .enumerate()
            .map(|(i, ms)| {
                let log = log.clone();
                rt_core::spawn(async move {
                    sleep(Duration::from_millis(ms)).await;
                    log.lock().unwrap().push((i, start.elapsed()));
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        let log = log.lock().unwrap().clone();
        let ms = Duration::from_millis;
        assert_eq!(
            log,
            [
                (1, ms(1000)),
                (3, ms(1000)),
                (2, ms(2000)),
                (4, ms(2500)),
                (0, ms(3000))
            ]
        );
    });
}

/// Timers due at the same instant fire in registration order, even when
/// registered at different times (so at different levels of the wheel).
#[test]
fn same_instant_fires_in_registration_order() {
    let rt = rt_paused();
    let order = rt.block_on(async {
        let deadline = Instant::now() + Duration::from_secs(5);
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        let spawn = |i: usize, tasks: &mut Vec<_>| {
            let order = order.clone();
            tasks.push(rt_core::spawn(async move {
                sleep_until(deadline).await;
                order.lock().unwrap().push(i);
            }));
        };
        for i in 0..40 {
            spawn(i, &mut tasks);
        }
        rt_core::task::yield_now().await; // let them register, far ahead
        sleep(Duration::from_millis(4990)).await;
        for i in 40..80 {
            spawn(i, &mut tasks); // register close to the deadline
        }
        for t in tasks {
            t.await.unwrap();
        }
        Arc::try_unwrap(order).unwrap().into_inner().unwrap()
    });
    assert_eq!(order, (0..80).collect::<Vec<_>>());
}

#[test]
fn pause_advance_resume() {
    let rt = rt();
    rt.block_on(async {
        pause();
        let start = Instant::now();
        let mut s = pin!(sleep(Duration::from_millis(100)));
        assert_pending(s.as_mut());
        advance(Duration::from_millis(99)).await;
        assert_eq!(start.elapsed(), Duration::from_millis(99));
        assert_pending(s.as_mut());
        advance(Duration::from_millis(1)).await;
        // Paused at an arbitrary instant, the deadline may fall inside a
        // millisecond tick the wheel has not reached: the poll completes it.
        assert_ready(s.as_mut());
        assert!(s.is_elapsed());

        resume();
        let t = Instant::now();
        sleep(Duration::from_millis(5)).await;
        assert!(t.elapsed() >= Duration::from_millis(5));
        assert!(
            t >= start + Duration::from_millis(100),
            "resumed clock went backwards"
        );
    });
}

#[test]
fn advance_fires_timers_it_passes() {
    let rt = rt_paused(); // paused from the driver's start: ticks align
    rt.block_on(async {
        let (counter, waker) = WakeCounter::new();
        let mut s = pin!(sleep(Duration::from_millis(100)));
        assert!(poll_with(s.as_mut(), &waker).is_pending());
        advance(Duration::from_millis(99)).await;
        assert_eq!(counter.count(), 0);
        advance(Duration::from_millis(1)).await;
        assert_eq!(counter.count(), 1);
        assert!(s.is_elapsed());
    });
}

#[test]
fn advance_wakes_the_tasks_it_passes_before_returning() {
    let rt = rt_paused();
    rt.block_on(async {
        let done = Arc::new(Mutex::new(Vec::new()));
        for ms in [10u64, 20, 30] {
            let done = done.clone();
            rt_core::spawn(async move {
                sleep(Duration::from_millis(ms)).await;
                done.lock().unwrap().push(ms);
            });
        }
        rt_core::task::yield_now().await; // they register
        advance(Duration::from_millis(25)).await;
        assert_eq!(*done.lock().unwrap(), [10, 20]);
    });
}

#[test]
fn timeout_with_paused_clock_elapses_instantly() {
    let rt = rt_paused();
    rt.block_on(async {
        let start = Instant::now();
        let res = timeout(Duration::from_secs(3600), std::future::pending::<()>()).await;
        assert!(res.is_err());
        assert_eq!(start.elapsed(), Duration::from_secs(3600));
    });
}

#[test]
fn paused_clock_is_per_runtime() {
    let rt = rt_paused();
    let outside = std::time::Instant::now();
    std::thread::sleep(Duration::from_millis(2));
    // Outside any runtime, Instant::now() is real time.
    assert!(Instant::now().into_std() > outside);
    rt.block_on(async {
        let frozen = Instant::now();
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(Instant::now(), frozen);
    });
}

#[test]
fn misuse_of_the_clock_panics_with_a_reason() {
    let rt = rt();
    rt.block_on(async {
        let msg = panic_message(resume);
        assert!(msg.contains("not paused"), "{msg}");
        pause();
        let msg = panic_message(pause);
        assert!(msg.contains("already paused"), "{msg}");
        resume();
    });
    let msg = panic_message(pause);
    assert!(msg.contains("outside of an rt runtime"), "{msg}");
}

#[test]
fn advance_on_a_running_clock_panics() {
    let rt = rt();
    let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rt.block_on(advance(Duration::from_millis(1)))
    }));
    let msg = match res {
        Ok(()) => panic!("advance on a running clock succeeded"),
        Err(e) => e.downcast_ref::<String>().cloned().unwrap_or_default(),
    };
    assert!(msg.contains("not paused"), "{msg}");
}

#[test]
fn advance_past_the_largest_instant_panics() {
    let rt = rt_paused();
    let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rt.block_on(advance(Duration::MAX))
    }));
    let msg = match res {
        Ok(()) => panic!("advance(Duration::MAX) succeeded"),
        Err(e) => e.downcast_ref::<String>().cloned().unwrap_or_default(),
    };
    assert!(msg.contains("largest `Instant`"), "{msg}");
}

#[test]
fn pause_without_the_time_driver_says_what_to_do() {
    let rt = rt_without_time();
    rt.block_on(async {
        let msg = panic_message(pause);
        assert!(msg.contains("needs the time driver"), "{msg}");
    });
}
