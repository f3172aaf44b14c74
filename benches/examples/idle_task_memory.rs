//! Resident memory per idle spawned task, for rt or tokio (one runtime per
//! process, so the two never share an allocator's state).
//!
//! Spawns 200,000 tasks that each wait forever on a pending future, lets
//! them all reach their first poll, and reports the growth of the resident
//! set divided by the task count. The JoinHandles are kept (as a user
//! would), so their 8 bytes each are included.
//!
//! ```text
//! cargo run --release -p benches --example idle_task_memory -- rt
//! cargo run --release -p benches --example idle_task_memory -- tokio
//! ```
//! `cargo xtask bench` runs both and prints the comparison.

use std::time::{Duration, Instant};

const TASKS: usize = 200_000;

/// Resident set size in bytes, from /proc/self/statm (Linux).
fn rss_bytes() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("read /proc/self/statm");
    let pages: usize = statm
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("parse statm");
    pages * 4096
}

fn report(which: &str, before: usize, after: usize) {
    let per_task = (after.saturating_sub(before)) as f64 / TASKS as f64;
    println!("{which}: {per_task:.0} bytes per idle task ({TASKS} tasks, RSS {before} -> {after})");
}

fn run_rt() {
    let rt = rt::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let before = rss_bytes();
    let handles: Vec<_> = (0..TASKS)
        .map(|_| rt.spawn(std::future::pending::<()>()))
        .collect();
    wait_until_polled(|| rt.metrics().global_queue_depth());
    let after = rss_bytes();
    report("rt", before, after);
    drop(handles);
}

fn run_tokio() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let before = rss_bytes();
    let handles: Vec<_> = (0..TASKS)
        .map(|_| rt.spawn(std::future::pending::<()>()))
        .collect();
    wait_until_polled(|| rt.metrics().global_queue_depth());
    let after = rss_bytes();
    report("tokio", before, after);
    drop(handles);
}

/// Waits until the injection queue has drained (every task was polled
/// once and is now idle), then a little longer for the workers to settle.
fn wait_until_polled(queue_depth: impl Fn() -> usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while queue_depth() != 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200));
}

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("rt") => run_rt(),
        Some("tokio") => run_tokio(),
        _ => {
            eprintln!("usage: idle_task_memory rt|tokio");
            std::process::exit(2);
        }
    }
}
