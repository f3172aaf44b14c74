//! `#[rt::test]` and the time driver: `enable_all()` in the expansion turns
//! timers on, and `start_paused = true` (feature `test-util`) starts the
//! test with its clock paused, which then jumps to the next timer whenever
//! the runtime is idle.
#![cfg(feature = "full")]

use std::time::Duration;

#[rt::test]
async fn timers_work_without_pausing() {
    let start = std::time::Instant::now();
    rt::time::sleep(Duration::from_millis(20)).await;
    assert!(start.elapsed() >= Duration::from_millis(20));
}

#[cfg(feature = "test-util")]
#[rt::test(start_paused = true)]
async fn start_paused_advances_the_clock_when_idle() {
    let real = std::time::Instant::now();
    let start = rt::time::Instant::now();
    rt::time::sleep(Duration::from_secs(3600)).await;
    assert!(start.elapsed() >= Duration::from_secs(3600));
    assert!(
        real.elapsed() < Duration::from_secs(60),
        "the test really slept"
    );
}

#[cfg(feature = "test-util")]
#[rt::main(flavor = "current_thread", start_paused = true)]
async fn paused_main() -> Duration {
    let start = rt::time::Instant::now();
    rt::time::sleep(Duration::from_secs(60)).await;
    start.elapsed()
}

#[cfg(feature = "test-util")]
#[test]
fn main_start_paused() {
    let real = std::time::Instant::now();
    assert!(paused_main() >= Duration::from_secs(60));
    assert!(
        real.elapsed() < Duration::from_secs(30),
        "main really slept"
    );
}
