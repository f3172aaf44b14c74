//! The facade's `enable_io()` installs the reactor on both flavours:
//! `AsyncFd` readiness works end to end, and I/O wakes tasks on workers.

use rt::io::unix::AsyncFd;
use rt::io::{AsyncReadExt, AsyncWriteExt};
use rt::runtime::Builder;
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;

fn check_async_fd(rt: rt::runtime::Runtime) {
    rt.block_on(async {
        let (a, mut b) = UnixStream::pair().unwrap();
        a.set_nonblocking(true).unwrap();
        let fd = AsyncFd::new(a).unwrap();
        let reader = rt::spawn(async move {
            let mut guard = fd.readable().await.unwrap();
            let mut buf = [0u8; 5];
            let n = guard
                .try_io(|inner| inner.get_ref().read(&mut buf))
                .expect("readable, so not WouldBlock")
                .unwrap();
            buf[..n].to_vec()
        });
        // Let the reader park on readiness before writing.
        rt::task::yield_now().await;
        b.write_all(b"hello").unwrap();
        assert_eq!(reader.await.unwrap(), b"hello");
    });
}

#[test]
fn async_fd_on_current_thread() {
    check_async_fd(Builder::new_current_thread().enable_io().build().unwrap());
}

#[test]
fn async_fd_on_multi_thread() {
    check_async_fd(
        Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap(),
    );
}

#[test]
fn duplex_between_tasks_on_workers() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (client, mut server) = rt::io::duplex(64);
        let echo = rt::spawn(async move {
            let mut buf = vec![0u8; 1 << 16];
            server.read_exact(&mut buf).await.unwrap();
            server.write_all(&buf).await.unwrap();
        });
        let data: Vec<u8> = (0..1u32 << 16).map(|i| i as u8).collect();
        let (mut rd, mut wr) = rt::io::split(client);
        let (w, r) = rt::join!(wr.write_all(&data), async {
            let mut back = Vec::new();
            (&mut rd)
                .take(1 << 16)
                .read_to_end(&mut back)
                .await
                .map(|_| back)
        });
        w.unwrap();
        assert_eq!(r.unwrap(), data);
        echo.await.unwrap();
    });
}

#[test]
fn io_without_the_driver_panics_with_guidance() {
    let rt = Builder::new_current_thread().build().unwrap();
    let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rt.block_on(async {
            let (a, _b) = UnixStream::pair().unwrap();
            let _ = AsyncFd::new(a);
        })
    }))
    .unwrap_err();
    let msg = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    assert!(msg.contains("enable_io"), "{msg}");
}
