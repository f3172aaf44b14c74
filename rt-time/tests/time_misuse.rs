//! Misuse: timers without a runtime, without the time driver, after
//! shutdown.

mod support;

use rt_time::{interval, interval_at, sleep, sleep_until, timeout, timeout_at, Duration, Instant};
use std::pin::pin;
use support::*;

const NO_DRIVER: &str =
    "needs the time driver: build the runtime with `enable_time()` or `enable_all()`";

#[test]
fn timers_outside_a_runtime_say_there_is_no_runtime() {
    let msg = panic_message(|| sleep(Duration::from_millis(1)));
    assert!(
        msg.starts_with("`rt::time::sleep` called outside of an rt runtime"),
        "{msg}"
    );
    assert!(msg.contains("there is no runtime on this thread"), "{msg}");
    let msg = panic_message(|| timeout(Duration::from_millis(1), async {}));
    assert!(
        msg.starts_with("`rt::time::timeout` called outside"),
        "{msg}"
    );
}

#[test]
fn timers_without_the_time_driver_say_what_to_do() {
    let rt = rt_without_time();
    let _guard = rt.enter();
    type Case = (&'static str, Box<dyn FnOnce()>);
    let cases: [Case; 6] = [
        (
            "rt::time::sleep",
            Box::new(|| drop(sleep(Duration::from_millis(1)))),
        ),
        (
            "rt::time::sleep_until",
            Box::new(|| drop(sleep_until(Instant::now()))),
        ),
        (
            "rt::time::timeout",
            Box::new(|| drop(timeout(Duration::from_millis(1), async {}))),
        ),
        (
            "rt::time::timeout_at",
            Box::new(|| drop(timeout_at(Instant::now(), async {}))),
        ),
        (
            "rt::time::interval",
            Box::new(|| drop(interval(Duration::from_millis(1)))),
        ),
        (
            "rt::time::interval_at",
            Box::new(|| drop(interval_at(Instant::now(), Duration::from_millis(1)))),
        ),
    ];
    for (api, f) in cases {
        let msg = panic_message(f);
        assert_eq!(msg, format!("`{api}` {NO_DRIVER}"));
    }
}

#[test]
fn the_panic_points_at_the_caller() {
    let rt = rt_without_time();
    let _guard = rt.enter();
    let call = || sleep(Duration::from_millis(1));
    let expected_line = line!() - 1;
    let location = std::sync::Arc::new(std::sync::Mutex::new(None));
    let loc = location.clone();
    let prev = std::panic::take_hook();
    let me = std::thread::current().id();
    // The hook is process-wide: other tests' panics run it too.
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == me {
            *loc.lock().unwrap() = info.location().map(|l| (l.file().to_string(), l.line()));
        }
    }));
    let result = std::panic::catch_unwind(call);
    std::panic::set_hook(prev);
    assert!(result.is_err());
    let (file, line) = location.lock().unwrap().clone().expect("no location");
    assert!(file.ends_with("time_misuse.rs"), "{file}");
    assert_eq!(line, expected_line);
}

#[test]
fn zero_period_interval_panics() {
    let rt = rt();
    let _guard = rt.enter();
    let msg = panic_message(|| interval(Duration::ZERO));
    assert!(msg.contains("`period` must be non-zero"), "{msg}");
    let msg = panic_message(|| interval_at(Instant::now(), Duration::ZERO));
    assert!(msg.contains("`period` must be non-zero"), "{msg}");
}

#[test]
fn shutdown_wakes_pending_timers_and_polling_afterwards_panics() {
    let rt = rt();
    let (counter, waker) = WakeCounter::new();
    let mut s = {
        let _guard = rt.enter();
        Box::pin(sleep(Duration::from_secs(3600)))
    };
    assert!(poll_with(s.as_mut(), &waker).is_pending());
    drop(rt);
    assert_eq!(counter.count(), 1, "shutdown must wake pending timers");
    let msg = panic_message(|| poll_once(s.as_mut()));
    assert!(msg.contains("polled after its runtime shut down"), "{msg}");
    // The message leads with the error Tokio's API names for this.
    let err = rt_time::error::Error::shutdown();
    assert!(msg.starts_with(&err.to_string()), "{msg}");
    // Dropping it afterwards is fine.
    drop(s);
}

#[test]
fn unpolled_timer_after_shutdown_panics_when_polled() {
    let rt = rt();
    let mut s = {
        let _guard = rt.enter();
        Box::pin(sleep(Duration::from_millis(1)))
    };
    rt.shutdown_timeout(Duration::from_millis(10));
    let msg = panic_message(|| poll_once(s.as_mut()));
    assert!(msg.contains("shut down"), "{msg}");
}

#[cfg(not(feature = "test-util"))]
#[test]
fn start_paused_without_test_util_panics() {
    let msg = panic_message(|| rt_time::driver_layer(true));
    assert!(msg.contains("`test-util` feature"), "{msg}");
}

#[test]
fn timers_from_two_runtimes_stay_apart() {
    let a = rt();
    let b = rt();
    let mut s = {
        let _guard = a.enter();
        pin!(sleep(Duration::from_millis(5)))
    };
    // Driven by `a`'s driver even though `b` polls it.
    let _ = b.block_on(async { poll_once(s.as_mut()) });
    a.block_on(async { s.as_mut().await });
    assert!(s.is_elapsed());
}
