//! `Interval` with the paused clock: schedules, missed-tick behaviours,
//! resets. Deterministic: the runtime starts paused, so ticks land exactly.
#![cfg(feature = "test-util")]

mod support;

use rt_time::{advance, interval, interval_at, Duration, Instant, Interval, MissedTickBehavior};
use std::pin::pin;
use support::*;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Ticks `n` times, returning (scheduled instant, completion instant), both
/// relative to `start`.
async fn ticks(i: &mut Interval, start: Instant, n: usize) -> Vec<(Duration, Duration)> {
    let mut out = Vec::new();
    for _ in 0..n {
        let at = i.tick().await;
        out.push((at - start, Instant::now() - start));
    }
    out
}

#[test]
fn first_tick_is_immediate_then_every_period() {
    let rt = rt_paused();
    rt.block_on(async {
        let start = Instant::now();
        let mut i = interval(ms(10));
        assert_eq!(i.period(), ms(10));
        assert_eq!(i.missed_tick_behavior(), MissedTickBehavior::Burst);
        let got = ticks(&mut i, start, 4).await;
        assert_eq!(
            got,
            [
                (ms(0), ms(0)),
                (ms(10), ms(10)),
                (ms(20), ms(20)),
                (ms(30), ms(30))
            ]
        );
    });
}

#[test]
fn interval_at_starts_later() {
    let rt = rt_paused();
    rt.block_on(async {
        let start = Instant::now();
        let mut i = interval_at(start + ms(100), ms(10));
        let got = ticks(&mut i, start, 2).await;
        assert_eq!(got, [(ms(100), ms(100)), (ms(110), ms(110))]);
    });
}

/// Period 10 ms; after the first tick, the task is late by 35 ms.
async fn late_by_35(behavior: MissedTickBehavior) -> Vec<(Duration, Duration)> {
    let start = Instant::now();
    let mut i = interval(ms(10));
    i.set_missed_tick_behavior(behavior);
    assert_eq!(i.missed_tick_behavior(), behavior);
    i.tick().await; // 0
    advance(ms(35)).await;
    ticks(&mut i, start, 4).await
}

#[test]
fn burst_catches_up_then_keeps_the_schedule() {
    let rt = rt_paused();
    let got = rt.block_on(late_by_35(MissedTickBehavior::Burst));
    assert_eq!(
        got,
        [
            (ms(10), ms(35)),
            (ms(20), ms(35)),
            (ms(30), ms(35)),
            (ms(40), ms(40))
        ]
    );
}

#[test]
fn delay_restarts_the_schedule_from_the_late_tick() {
    let rt = rt_paused();
    let got = rt.block_on(late_by_35(MissedTickBehavior::Delay));
    assert_eq!(
        got,
        [
            (ms(10), ms(35)),
            (ms(45), ms(45)),
            (ms(55), ms(55)),
            (ms(65), ms(65))
        ]
    );
}

#[test]
fn skip_drops_missed_ticks_and_keeps_the_phase() {
    let rt = rt_paused();
    let got = rt.block_on(late_by_35(MissedTickBehavior::Skip));
    assert_eq!(
        got,
        [
            (ms(10), ms(35)),
            (ms(40), ms(40)),
            (ms(50), ms(50)),
            (ms(60), ms(60))
        ]
    );
}

#[test]
fn slightly_late_ticks_are_not_missed() {
    let rt = rt_paused();
    rt.block_on(async {
        let start = Instant::now();
        let mut i = interval(ms(10));
        i.set_missed_tick_behavior(MissedTickBehavior::Delay);
        i.tick().await;
        advance(ms(13)).await; // 3 ms late: within tolerance
        let got = ticks(&mut i, start, 2).await;
        assert_eq!(got, [(ms(10), ms(13)), (ms(20), ms(20))]);
    });
}

#[test]
fn resets() {
    let rt = rt_paused();
    rt.block_on(async {
        let start = Instant::now();
        let mut i = interval(ms(10));
        i.tick().await; // 0
        advance(ms(3)).await;

        i.reset(); // now (3) + period
        assert_eq!(ticks(&mut i, start, 1).await, [(ms(13), ms(13))]);

        i.reset_immediately();
        assert_eq!(ticks(&mut i, start, 1).await, [(ms(13), ms(13))]);

        i.reset_after(ms(7));
        assert_eq!(ticks(&mut i, start, 1).await, [(ms(20), ms(20))]);

        i.reset_at(start + ms(50));
        assert_eq!(
            ticks(&mut i, start, 2).await,
            [(ms(50), ms(50)), (ms(60), ms(60))]
        );
    });
}

#[test]
fn reset_while_waiting_moves_the_pending_tick() {
    let rt = rt_paused();
    rt.block_on(async {
        let start = Instant::now();
        let mut i = interval(ms(100));
        i.tick().await;
        let (counter, waker) = WakeCounter::new();
        let mut cx = std::task::Context::from_waker(&waker);
        assert!(i.poll_tick(&mut cx).is_pending()); // registered for 100
        i.reset_at(start + ms(20));
        advance(ms(20)).await;
        assert_eq!(counter.count(), 1, "the reset tick wakes the last poller");
        assert_eq!(
            i.poll_tick(&mut cx).map(|at| at - start),
            std::task::Poll::Ready(ms(20))
        );
    });
}

#[test]
fn tick_is_cancel_safe() {
    let rt = rt_paused();
    rt.block_on(async {
        let start = Instant::now();
        let mut i = interval(ms(10));
        i.tick().await;
        {
            // Lose a race: poll `tick` once, then drop it.
            let mut tick = pin!(i.tick());
            assert_pending(tick.as_mut());
        }
        assert_eq!(
            ticks(&mut i, start, 1).await,
            [(ms(10), ms(10))],
            "no tick was consumed"
        );
    });
}

#[test]
fn huge_period_saturates() {
    let rt = rt_paused();
    rt.block_on(async {
        let mut i = interval(Duration::MAX);
        i.tick().await; // immediate
        let mut next = pin!(i.tick());
        assert_pending(next.as_mut());
    });
}
