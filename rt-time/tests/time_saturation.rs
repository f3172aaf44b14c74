//! Huge durations and far deadlines: they saturate, never overflow or
//! panic, and deadlines beyond the wheel's range (~2.2 years) still fire
//! exactly on time.

mod support;

use rt_time::{sleep, sleep_until, timeout, Duration, Instant};
use std::pin::pin;
use support::*;

const YEAR: Duration = Duration::from_secs(365 * 86_400);

#[test]
fn duration_max_sleep_saturates_and_stays_pending() {
    let rt = rt();
    rt.block_on(async {
        let now = Instant::now();
        let mut s = pin!(sleep(Duration::MAX));
        assert!(s.deadline() > now + 20 * YEAR, "saturates far ahead");
        assert_pending(s.as_mut());
        assert!(!s.is_elapsed());
        // And the runtime still runs other timers.
        sleep(Duration::from_millis(2)).await;
        assert_pending(s.as_mut());
    });
}

#[test]
fn far_sleep_until_and_reset_do_not_panic() {
    let rt = rt();
    rt.block_on(async {
        let far = Instant::now() + 1000 * YEAR;
        let mut s = pin!(sleep_until(far));
        assert_pending(s.as_mut());
        s.as_mut().reset(Instant::now() + 500 * YEAR);
        assert_pending(s.as_mut());
        s.as_mut().reset(Instant::now() + Duration::from_millis(1));
        s.as_mut().await;
    });
}

#[test]
fn duration_max_timeout_with_ready_future_is_ok() {
    let rt = rt();
    rt.block_on(async {
        assert_eq!(timeout(Duration::MAX, async { 1 }).await, Ok(1));
        let res = timeout(Duration::MAX, sleep(Duration::from_millis(1))).await;
        assert_eq!(res, Ok(()));
    });
}

#[cfg(feature = "test-util")]
#[test]
fn beyond_the_wheel_range_fires_exactly_on_time() {
    let rt = rt_paused();
    rt.block_on(async {
        let start = Instant::now();
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let years = [5u32, 3, 30, 2];
        let tasks: Vec<_> = years
            .iter()
            .map(|&y| {
                let log = log.clone();
                rt_core::spawn(async move {
                    sleep(YEAR * y).await;
                    log.lock().unwrap().push((y, Instant::now() - start));
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        let log = log.lock().unwrap().clone();
        assert_eq!(
            log,
            [(2, YEAR * 2), (3, YEAR * 3), (5, YEAR * 5), (30, YEAR * 30)]
        );
    });
}

#[cfg(feature = "test-util")]
#[test]
fn duration_max_sleep_with_paused_clock_fires_at_the_saturated_deadline() {
    let rt = rt_paused();
    rt.block_on(async {
        let mut s = pin!(sleep(Duration::MAX));
        let deadline = s.deadline();
        s.as_mut().await;
        assert!(Instant::now() >= deadline);
        assert!(Instant::now() - deadline < Duration::from_millis(1));
    });
}
