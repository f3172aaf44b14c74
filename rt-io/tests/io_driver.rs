//! The reactor's Park layer and the misuse messages.

mod support;

use rt_io::unix::AsyncFd;
use std::os::unix::net::UnixStream;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

fn panic_message(f: impl FnOnce()) -> String {
    let err = catch_unwind(AssertUnwindSafe(f)).expect_err("expected a panic");
    err.downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn outside_a_runtime_the_panic_says_there_is_no_runtime() {
    let (a, _b) = UnixStream::pair().unwrap();
    let msg = panic_message(|| {
        let _ = AsyncFd::new(a);
    });
    assert!(msg.contains("no rt runtime"), "{msg}");
    assert!(
        msg.contains("enable_io()") && msg.contains("enable_all()"),
        "{msg}"
    );
}

#[test]
fn without_the_io_driver_the_panic_says_enable_io() {
    let rt = support::rt_without_io();
    let (a, _b) = UnixStream::pair().unwrap();
    let msg = panic_message(|| {
        rt.block_on(async {
            let _ = AsyncFd::new(a);
        })
    });
    assert!(msg.contains("no I/O driver"), "{msg}");
    assert!(
        msg.contains("enable_io()") && msg.contains("enable_all()"),
        "{msg}"
    );
}

#[test]
fn a_wake_from_another_thread_unparks_the_reactor() {
    // The runtime thread parks in epoll_wait with no timeout; a blocking
    // task finishing on a pool thread must wake it through mio's waker.
    // Run it on a thread so that a lost wake-up fails instead of hanging.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = support::rt();
        let v = rt.block_on(async {
            rt_core::task::spawn_blocking(|| {
                std::thread::sleep(Duration::from_millis(30));
                42
            })
            .await
            .unwrap()
        });
        tx.send(v).unwrap();
    });
    let v = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the reactor was never unparked");
    assert_eq!(v, 42);
}

#[test]
fn spawning_from_another_thread_unparks_the_reactor() {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = support::rt();
        let handle = rt.handle().clone();
        let (a, b) = rt_io::duplex(8);
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(30));
            handle.spawn(async move {
                let mut a = a;
                rt_io::AsyncWriteExt::write_all(&mut a, b"hi")
                    .await
                    .unwrap();
            })
        });
        let got = rt.block_on(async move {
            let mut b = b;
            let mut buf = [0u8; 2];
            rt_io::AsyncReadExt::read_exact(&mut b, &mut buf)
                .await
                .unwrap();
            buf
        });
        t.join().unwrap();
        tx.send(got).unwrap();
    });
    let got = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the reactor was never unparked");
    assert_eq!(&got, b"hi");
}

#[test]
fn many_registrations_come_and_go() {
    support::block_on(async {
        // Slots are reused (generation-checked) across 1000 registrations.
        for _ in 0..1000 {
            let (a, _b) = UnixStream::pair().unwrap();
            a.set_nonblocking(true).unwrap();
            let fd = AsyncFd::new(a).unwrap();
            fd.writable().await.unwrap().retain_ready();
        }
    });
}
