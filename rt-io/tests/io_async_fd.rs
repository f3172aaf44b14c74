//! `AsyncFd` on socketpairs: readiness, guards, clearing, many waiters,
//! hang-up, deregistration, shutdown.

mod support;

use rt_io::unix::AsyncFd;
use rt_io::{Interest, Ready};
use std::future::poll_fn;
use std::io::{ErrorKind, Read, Write};
use std::os::unix::net::UnixStream;
use std::time::Duration;
use support::{block_on, poll_once};

fn pair() -> (UnixStream, UnixStream) {
    let (a, b) = UnixStream::pair().unwrap();
    a.set_nonblocking(true).unwrap();
    b.set_nonblocking(true).unwrap();
    (a, b)
}

/// Reads until `WouldBlock` through the guard protocol; returns the bytes.
async fn read_available(fd: &AsyncFd<UnixStream>) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let mut guard = fd.readable().await.unwrap();
        let mut buf = [0u8; 4096];
        match guard.try_io(|s| s.get_ref().read(&mut buf)) {
            Ok(Ok(0)) => return out,
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
            Ok(Err(e)) => panic!("read failed: {e}"),
            Err(_would_block) => return out,
        }
    }
}

#[test]
fn readable_then_would_block_clears_readiness() {
    block_on(async {
        let (a, mut b) = pair();
        let fd = AsyncFd::new(a).unwrap();
        b.write_all(b"hello").unwrap();
        assert_eq!(read_available(&fd).await, b"hello");
        // Readiness was cleared by the WouldBlock: a fresh readable()
        // waits for a new edge.
        let mut waiting = Box::pin(fd.readable());
        assert!(poll_once(&mut waiting).is_pending());
        b.write_all(b"again").unwrap();
        let guard = waiting.await.unwrap();
        assert!(guard.ready().is_readable());
        drop(guard);
        assert_eq!(read_available(&fd).await, b"again");
    });
}

#[test]
fn retained_readiness_stays_set() {
    block_on(async {
        let (a, mut b) = pair();
        let fd = AsyncFd::new(a).unwrap();
        b.write_all(b"x").unwrap();
        fd.readable().await.unwrap().retain_ready();
        // Still ready without a new edge.
        let mut again = Box::pin(fd.readable());
        assert!(poll_once(&mut again).is_ready());
    });
}

#[test]
fn many_concurrent_waiters_are_all_woken() {
    let rt = support::rt();
    rt.block_on(async {
        let (a, mut b) = pair();
        let fd = std::sync::Arc::new(AsyncFd::new(a).unwrap());
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let fd = fd.clone();
            tasks.push(rt_core::spawn(async move {
                let guard = fd.readable().await.unwrap();
                guard.ready().is_readable()
            }));
        }
        rt_core::task::yield_now().await; // let them all park
        b.write_all(b"wake everyone").unwrap();
        for t in tasks {
            assert!(t.await.unwrap());
        }
    });
}

#[test]
fn writable_waits_for_the_peer_to_drain() {
    block_on(async {
        let (a, mut b) = pair();
        let fd = AsyncFd::new(a).unwrap();
        // Fill the socket buffer through the guard protocol.
        let chunk = [0u8; 65536];
        let mut written = 0usize;
        loop {
            let mut guard = fd.writable().await.unwrap();
            match guard.try_io(|s| s.get_ref().write(&chunk)) {
                Ok(r) => written += r.unwrap(),
                Err(_would_block) => break,
            }
            assert!(written < 512 * 1024 * 1024, "socket buffer never filled");
        }
        let mut waiting = Box::pin(fd.writable());
        assert!(
            poll_once(&mut waiting).is_pending(),
            "buffer full: not writable"
        );
        // Drain from the peer (bounded), then writability returns.
        let mut sink = vec![0u8; 65536];
        let mut drained = 0;
        while drained < written {
            match b.read(&mut sink) {
                Ok(n) => drained += n,
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) => panic!("{e}"),
            }
        }
        assert!(waiting.await.unwrap().ready().is_writable());
    });
}

#[test]
fn hang_up_reports_read_closed() {
    block_on(async {
        let (a, b) = pair();
        let fd = AsyncFd::with_interest(a, Interest::READABLE).unwrap();
        drop(b);
        let guard = poll_fn(|cx| fd.poll_read_ready(cx)).await.unwrap();
        assert!(guard.ready().is_read_closed());
        let mut guard = guard;
        // A read returns EOF, not WouldBlock: the guard keeps readiness.
        let r = guard.try_io(|s| s.get_ref().read(&mut [0u8; 8]));
        assert_eq!(r.unwrap().unwrap(), 0);
    });
}

#[test]
fn clear_ready_matching_keeps_other_readiness() {
    block_on(async {
        let (a, mut b) = pair();
        let mut fd = AsyncFd::new(a).unwrap();
        b.write_all(b"x").unwrap();
        let mut guard = fd
            .ready_mut(Interest::READABLE | Interest::WRITABLE)
            .await
            .unwrap();
        // Wait until both are reported (writability is immediate, the
        // byte may need another turn).
        if !guard.ready().is_readable() {
            drop(guard);
            fd.readable().await.unwrap().retain_ready();
            guard = fd
                .ready_mut(Interest::READABLE | Interest::WRITABLE)
                .await
                .unwrap();
        }
        assert!(guard.ready().is_readable() && guard.ready().is_writable());
        guard.clear_ready_matching(Ready::WRITABLE);
        assert_eq!(guard.ready() & Ready::WRITABLE, Ready::EMPTY);
        assert!(guard.ready().is_readable());
        let n = guard
            .try_io(|fd| fd.get_mut().read(&mut [0u8; 4]))
            .unwrap()
            .unwrap();
        assert_eq!(n, 1);
    });
}

#[test]
fn try_io_and_async_io() {
    block_on(async {
        let (a, mut b) = pair();
        let mut fd = AsyncFd::new(a).unwrap();
        let err = fd
            .try_io(Interest::READABLE, |s| (&*s).read(&mut [0u8; 4]))
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::WouldBlock);
        let writer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            b.write_all(b"later").unwrap();
            b
        });
        let mut buf = [0u8; 16];
        let n = fd
            .async_io(Interest::READABLE, |mut s| s.read(&mut buf))
            .await
            .unwrap();
        assert_eq!(&buf[..n], b"later");
        let n = fd
            .async_io_mut(Interest::WRITABLE, |s| s.write(b"back"))
            .await
            .unwrap();
        assert_eq!(n, 4);
        let mut b = writer.join().unwrap();
        b.set_nonblocking(false).unwrap();
        let mut back = [0u8; 4];
        b.read_exact(&mut back).unwrap();
        assert_eq!(&back, b"back");
        let n = fd
            .try_io_mut(Interest::WRITABLE, |s| s.write(b"!"))
            .unwrap();
        assert_eq!(n, 1);
    });
}

#[test]
fn readiness_from_another_thread_wakes_a_blocked_reactor() {
    block_on(async {
        let (a, mut b) = pair();
        let fd = AsyncFd::new(a).unwrap();
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(30));
            b.write_all(b"from a thread").unwrap();
            b
        });
        assert_eq!(read_available(&fd).await, b"from a thread");
        t.join().unwrap();
    });
}

#[test]
fn into_inner_deregisters_and_reregistering_works() {
    block_on(async {
        let (a, mut b) = pair();
        let fd = AsyncFd::new(a).unwrap();
        let a = fd.into_inner();
        b.write_all(b"z").unwrap();
        let fd = AsyncFd::new(a).unwrap();
        assert_eq!(read_available(&fd).await, b"z");
    });
}

#[test]
fn try_new_hands_the_object_back_on_failure() {
    block_on(async {
        // epoll refuses regular files (EPERM).
        let file = std::fs::File::open("/proc/self/exe").unwrap();
        match AsyncFd::try_new(file) {
            Ok(_) => {} // kqueue platforms accept files
            Err(e) => {
                let (file, err) = e.into_parts();
                assert_eq!(err.kind(), ErrorKind::PermissionDenied);
                assert!(file.metadata().is_ok());
            }
        }
    });
}

#[test]
fn after_runtime_shutdown_readiness_is_an_error() {
    let rt = support::rt();
    let (a, _b) = pair();
    let fd = {
        let _g = rt.enter();
        AsyncFd::new(a).unwrap()
    };
    drop(rt);
    let other = support::rt_without_io();
    let err = other.block_on(fd.readable()).unwrap_err();
    assert!(err.to_string().contains("shutting down"), "{err}");
    let err = other
        .block_on(poll_fn(|cx| fd.poll_write_ready(cx)))
        .unwrap_err();
    assert!(err.to_string().contains("shutting down"), "{err}");
    assert!(fd.try_io(Interest::READABLE, |_| Ok(())).is_err());
    drop(fd); // deregistering from a dead driver is fine
}

#[test]
fn shutdown_wakes_a_task_waiting_on_readiness() {
    // A task parked on an fd when the runtime is dropped is cancelled;
    // a future polled by hand on another executor is woken with an error.
    let rt = support::rt();
    let (a, _b) = pair();
    let fd = {
        let _g = rt.enter();
        AsyncFd::new(a).unwrap()
    };
    let (count, waker) = support::WakeCounter::new();
    let mut cx = std::task::Context::from_waker(&waker);
    let mut fut = Box::pin(fd.readable());
    assert!(fut.as_mut().poll(&mut cx).is_pending());
    drop(rt);
    assert_eq!(count.count(), 1, "shutdown woke the waiter");
    match fut.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(Err(e)) => assert!(e.to_string().contains("shutting down")),
        _ => panic!("expected the shutdown error"),
    }
}

use std::future::Future;
