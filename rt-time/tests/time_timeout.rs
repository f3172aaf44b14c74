//! `timeout` and `timeout_at`.

mod support;

use rt_time::{sleep, timeout, timeout_at, Duration, Instant};
use std::future::{pending, poll_fn, ready};
use std::pin::pin;
use std::task::Poll;
use support::*;

#[test]
fn ready_future_is_ok_even_with_zero_duration() {
    let rt = rt();
    rt.block_on(async {
        assert_eq!(timeout(Duration::ZERO, ready(1)).await, Ok(1));
        assert_eq!(timeout(Duration::ZERO, async { 2 }).await, Ok(2));
        let past = Instant::now() - Duration::from_secs(1);
        assert_eq!(timeout_at(past, ready(3)).await, Ok(3));
    });
}

#[test]
fn ready_future_returns_at_first_poll() {
    let rt = rt();
    let _guard = rt.enter();
    let mut t = pin!(timeout(Duration::from_secs(3600), ready("fast")));
    assert_eq!(assert_ready(t.as_mut()), Ok("fast"));
}

#[test]
fn pending_future_times_out() {
    for (name, rt) in runtimes() {
        rt.block_on(async {
            let start = Instant::now();
            let res = timeout(Duration::from_millis(20), pending::<()>()).await;
            assert!(res.is_err(), "{name}");
            let elapsed = start.elapsed();
            assert!(
                elapsed >= Duration::from_millis(20),
                "{name}: timed out early"
            );
            assert!(elapsed < Duration::from_secs(10), "{name}: {elapsed:?}");
        });
    }
}

#[test]
fn future_finishing_first_wins() {
    let rt = rt();
    rt.block_on(async {
        let res = timeout(Duration::from_secs(10), async {
            sleep(Duration::from_millis(5)).await;
            "inner"
        })
        .await;
        assert_eq!(res, Ok("inner"));
    });
}

#[test]
fn timeout_at_past_deadline_with_pending_future_errs_at_once() {
    let rt = rt();
    let _guard = rt.enter();
    let mut t = pin!(timeout_at(
        Instant::now() - Duration::from_millis(1),
        pending::<()>()
    ));
    assert!(assert_ready(t.as_mut()).is_err());
}

#[test]
fn accessors() {
    let rt = rt();
    let _guard = rt.enter();
    let mut t = timeout(Duration::from_secs(1), ready(5u8));
    let inner: &std::future::Ready<u8> = t.get_ref();
    assert_eq!(format!("{inner:?}"), "Ready(Some(5))");
    *t.get_mut() = ready(9);
    let inner = t.into_inner();
    assert_eq!(rt.block_on(inner), 9);
}

#[test]
fn elapsed_error_formats_and_converts() {
    let rt = rt();
    let err = rt
        .block_on(async { timeout(Duration::from_millis(1), pending::<()>()).await })
        .unwrap_err();
    let _: &rt_time::error::Elapsed = &err;
    assert_eq!(err.to_string(), "deadline has elapsed");
    let io: std::io::Error = err.into();
    assert_eq!(io.kind(), std::io::ErrorKind::TimedOut);
}

/// An inner future that spends the whole budget on every poll must not keep
/// the deadline from firing. (In a spawned task: the scheduler polls the
/// drivers between batches of tasks.)
#[test]
fn deadline_fires_when_inner_future_exhausts_the_budget() {
    let rt = rt();
    let start = Instant::now();
    let res = rt.block_on(async {
        rt_core::spawn(async {
            let greedy = poll_fn(|cx| loop {
                match rt_core::coop::poll_proceed(cx) {
                    Poll::Ready(guard) => guard.made_progress(),
                    Poll::Pending => return Poll::<()>::Pending,
                }
            });
            timeout(Duration::from_millis(20), greedy).await
        })
        .await
        .unwrap()
    });
    assert!(res.is_err());
    assert!(start.elapsed() < Duration::from_secs(20));
}
