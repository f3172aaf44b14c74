//! `rt::signal::unix`: signals sent to this test process with kill(2)
//! reach every listener, on every flavour and across runtimes.
//!
//! All tests share one process, so each test uses its own signal; a
//! delivery meant for another test can only add a (coalesced) delivery,
//! which no assertion here depends on.

use rt::runtime::Builder;
use rt::signal::unix::{signal, SignalKind};
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

/// Generous bound: only catches a hang.
const HANG: Duration = Duration::from_secs(20);

fn raise(signum: libc::c_int) {
    // SAFETY: kill(2) with our own pid has no memory-safety preconditions.
    let rc = unsafe { libc::kill(libc::getpid(), signum) };
    assert_eq!(rc, 0, "kill failed: {}", std::io::Error::last_os_error());
}

/// Polls `fut` once with a no-op waker.
fn poll_once<F: Future + Unpin>(fut: &mut F) -> Poll<F::Output> {
    struct Noop;
    impl std::task::Wake for Noop {
        fn wake(self: std::sync::Arc<Self>) {}
    }
    let waker = Waker::from(std::sync::Arc::new(Noop));
    let mut cx = Context::from_waker(&waker);
    std::pin::Pin::new(fut).poll(&mut cx)
}

#[rt::test]
async fn delivered_signal_completes_recv() {
    let mut usr1 = signal(SignalKind::user_defined1()).unwrap();
    raise(libc::SIGUSR1);
    let got = rt::time::timeout(HANG, usr1.recv())
        .await
        .expect("SIGUSR1 never arrived");
    assert_eq!(got, Some(()));
}

#[rt::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_listener_is_told() {
    let mut listeners: Vec<_> = (0..4)
        .map(|_| signal(SignalKind::user_defined2()).unwrap())
        .collect();
    let tasks: Vec<_> = listeners
        .drain(..)
        .map(|mut s| rt::spawn(async move { rt::time::timeout(HANG, s.recv()).await }))
        .collect();
    // The listeners exist before the delivery, whether or not their tasks
    // have been polled yet: all must be told.
    raise(libc::SIGUSR2);
    for t in tasks {
        assert_eq!(
            t.await.unwrap().expect("a listener missed SIGUSR2"),
            Some(())
        );
    }
}

#[test]
fn listeners_on_two_runtimes_are_both_told() {
    let make = || Builder::new_current_thread().enable_all().build().unwrap();
    let (a, b) = (make(), make());
    let mut on_a = a.block_on(async { signal(SignalKind::hangup()).unwrap() });
    let mut on_b = b.block_on(async { signal(SignalKind::hangup()).unwrap() });
    raise(libc::SIGHUP);
    let t = std::thread::spawn(move || {
        b.block_on(async { rt::time::timeout(HANG, on_b.recv()).await })
    });
    let got_a = a.block_on(async { rt::time::timeout(HANG, on_a.recv()).await });
    assert_eq!(got_a.expect("runtime a missed SIGHUP"), Some(()));
    assert_eq!(
        t.join().unwrap().expect("runtime b missed SIGHUP"),
        Some(())
    );
}

#[rt::test]
async fn a_listener_is_not_told_of_earlier_deliveries() {
    let mut first = signal(SignalKind::alarm()).unwrap();
    raise(libc::SIGALRM);
    assert_eq!(
        rt::time::timeout(HANG, first.recv()).await.unwrap(),
        Some(())
    );
    // Dispatched before `late` existed: not reported to it.
    let mut late = signal(SignalKind::alarm()).unwrap();
    let mut recv = Box::pin(late.recv());
    assert!(poll_once(&mut recv).is_pending());
    drop(recv);
    // A delivery after its creation is.
    raise(libc::SIGALRM);
    assert_eq!(
        rt::time::timeout(HANG, late.recv()).await.unwrap(),
        Some(())
    );
}

#[rt::test]
async fn repeated_deliveries_keep_arriving() {
    let mut rtsig = signal(SignalKind::from_raw(libc::SIGRTMIN() + 1)).unwrap();
    for round in 0..5 {
        raise(libc::SIGRTMIN() + 1);
        let got = rt::time::timeout(HANG, rtsig.recv()).await;
        assert_eq!(
            got.unwrap_or_else(|_| panic!("round {round}: lost")),
            Some(())
        );
    }
}

#[rt::test]
async fn forbidden_and_invalid_signals_are_errors() {
    for signum in [
        libc::SIGKILL,
        libc::SIGSTOP,
        libc::SIGSEGV,
        libc::SIGILL,
        libc::SIGFPE,
    ] {
        let err = signal(SignalKind::from_raw(signum)).unwrap_err();
        assert!(err.to_string().contains("refusing"), "{signum}: {err}");
    }
    for signum in [0, -1, 10_000] {
        assert!(signal(SignalKind::from_raw(signum)).is_err(), "{signum}");
    }
}

static CHAINED: AtomicUsize = AtomicUsize::new(0);

extern "C" fn count_winch(_: libc::c_int) {
    CHAINED.fetch_add(1, Ordering::SeqCst);
}

#[rt::test]
async fn an_earlier_handler_still_runs() {
    // SAFETY: installs a handler that only touches an atomic.
    unsafe {
        libc::signal(
            libc::SIGWINCH,
            count_winch as *const () as libc::sighandler_t,
        );
    }
    let mut winch = signal(SignalKind::window_change()).unwrap();
    raise(libc::SIGWINCH);
    assert_eq!(
        rt::time::timeout(HANG, winch.recv()).await.unwrap(),
        Some(())
    );
    assert_eq!(CHAINED.load(Ordering::SeqCst), 1);
}

#[test]
fn a_dropped_runtime_leaves_signals_working() {
    let first = Builder::new_current_thread().enable_all().build().unwrap();
    let mut orphan = first.block_on(async { signal(SignalKind::quit()).unwrap() });
    drop(first);

    // A listener whose runtime is gone reports the end of its stream.
    let second = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    assert_eq!(second.block_on(orphan.recv()), None);

    // A new runtime installs its own driver; delivery still works.
    second.block_on(async {
        let mut quit = signal(SignalKind::quit()).unwrap();
        raise(libc::SIGQUIT);
        assert_eq!(
            rt::time::timeout(HANG, quit.recv()).await.unwrap(),
            Some(())
        );
    });
}

#[rt::test(flavor = "multi_thread", worker_threads = 2)]
async fn delivery_while_workers_are_busy() {
    let mut term = signal(SignalKind::terminate()).unwrap();
    // Keep both workers busy with yielding tasks while the signal lands.
    let spinners: Vec<_> = (0..4)
        .map(|_| {
            rt::spawn(async {
                for _ in 0..2_000 {
                    rt::task::yield_now().await;
                }
            })
        })
        .collect();
    raise(libc::SIGTERM);
    assert_eq!(
        rt::time::timeout(HANG, term.recv()).await.unwrap(),
        Some(())
    );
    for s in spinners {
        s.await.unwrap();
    }
}

#[test]
fn outside_a_runtime_panics_with_guidance() {
    let err = std::panic::catch_unwind(|| signal(SignalKind::user_defined1())).unwrap_err();
    let msg = panic_message(err);
    assert!(msg.contains("enable_io()"), "{msg}");
}

#[test]
fn a_runtime_without_io_panics_with_guidance() {
    let rt = Builder::new_current_thread().enable_time().build().unwrap();
    let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rt.block_on(async { signal(SignalKind::user_defined1()) })
    }))
    .unwrap_err();
    let msg = panic_message(err);
    assert!(
        msg.contains("no signal driver") && msg.contains("enable_io()"),
        "{msg}"
    );
}

fn panic_message(err: Box<dyn std::any::Any + Send>) -> String {
    err.downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .expect("a panic with a message")
}
