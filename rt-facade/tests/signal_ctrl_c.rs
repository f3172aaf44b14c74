//! `rt::signal::ctrl_c`: a SIGINT sent with kill(2) completes it, and the
//! process survives (rt's handler replaced the default action). Its own
//! test binary: SIGINT must not reach a process without rt's handler.

use rt::signal::unix::{signal, SignalKind};
use std::time::Duration;

#[rt::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_completes_on_sigint() {
    // Install the handler before anything can send SIGINT: without it the
    // default action would kill the test process.
    let mut guard = signal(SignalKind::interrupt()).unwrap();

    let waiter = rt::spawn(rt::signal::ctrl_c());
    // ctrl_c listens from its first poll: send SIGINT until it completes
    // (bounded; each round waits for the dispatch).
    for _ in 0..200 {
        // SAFETY: kill(2) on our own pid; rt's SIGINT handler is installed.
        assert_eq!(unsafe { libc::kill(libc::getpid(), libc::SIGINT) }, 0);
        assert_eq!(guard.recv().await, Some(()));
        rt::time::sleep(Duration::from_millis(5)).await;
        if waiter.is_finished() {
            break;
        }
    }
    assert!(waiter.is_finished(), "ctrl_c never completed");
    waiter.await.unwrap().unwrap();
}
