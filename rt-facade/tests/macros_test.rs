//! `#[rt::test]` on the real runtime: the tests run (a body that never ran
//! would fail `should_panic`), spawn onto the test's own runtime, may return
//! `Result`, and honour the flavor, `worker_threads` and `crate` options.
//! `start_paused` is in `macros_time.rs`.
#![cfg(feature = "full")]

use std::thread;

use rt::runtime::{Handle, RuntimeFlavor};

#[rt::test]
async fn spawn_and_await_a_join_handle() {
    let handle = rt::spawn(async {
        rt::task::yield_now().await;
        1 + 1
    });
    assert_eq!(handle.await.unwrap(), 2);
}

#[rt::test]
#[should_panic(expected = "the test body ran")]
async fn the_body_runs() {
    rt::task::yield_now().await;
    panic!("the test body ran");
}

#[rt::test]
async fn returns_ok() -> Result<(), rt::task::JoinError> {
    rt::spawn(async {}).await
}

/// The flavor and worker count of the test's runtime, and whether a
/// spawned task ran on the test's thread.
async fn seen() -> (RuntimeFlavor, usize, bool) {
    let handle = Handle::current();
    let here = thread::current().id();
    let there = rt::spawn(async { thread::current().id() }).await.unwrap();
    (
        handle.runtime_flavor(),
        handle.metrics().num_workers(),
        here == there,
    )
}

#[rt::test]
async fn defaults_to_current_thread() {
    assert_eq!(seen().await, (RuntimeFlavor::CurrentThread, 1, true));
}

#[rt::test(flavor = "current_thread")]
async fn explicit_current_thread() {
    assert_eq!(seen().await, (RuntimeFlavor::CurrentThread, 1, true));
}

#[rt::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_thread_with_two_workers() {
    assert_eq!(seen().await, (RuntimeFlavor::MultiThread, 2, false));
}

#[rt::test(flavor = "multi_thread")]
async fn multi_thread_default_workers() {
    let (flavor, workers, on_caller) = seen().await;
    assert_eq!(flavor, RuntimeFlavor::MultiThread);
    assert!(workers >= 1);
    assert!(!on_caller);
    let handles: Vec<_> = (0..8).map(|i| rt::spawn(async move { i * 2 })).collect();
    let mut sum = 0;
    for handle in handles {
        sum += handle.await.unwrap();
    }
    assert_eq!(sum, 56);
}

mod renamed {
    pub(crate) use rt::runtime;
}

#[rt::test(crate = "crate::renamed")]
async fn crate_option() {
    assert_eq!(rt::spawn(async { 3 }).await.unwrap(), 3);
}
