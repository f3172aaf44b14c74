//! Misuse: sockets created outside a runtime or on a runtime without
//! the I/O driver panic with rt-io's message (at the caller's location
//! for the synchronous constructors); sockets outliving their runtime
//! fail with an `io::Error`.

mod support;

use rt_net::{TcpListener, TcpStream, UdpSocket, UnixDatagram, UnixListener, UnixStream};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::pin;
use support::{panic_message, poll_once, rt_without_io, TempPath};

const NO_RUNTIME: &str = "must be created inside a runtime with the I/O driver enabled";
const NO_DRIVER: &str = "this rt runtime has no I/O driver";

/// Runs `f`, expecting a panic; returns its message and location file.
fn expect_panic(f: impl FnOnce()) -> (String, String) {
    // The panic hook is process-wide: one test at a time swaps it.
    static HOOK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _serial = HOOK.lock().unwrap_or_else(|e| e.into_inner());
    let location = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let loc = location.clone();
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Some(l) = info.location() {
            *loc.lock().unwrap() = l.file().to_string();
        }
    }));
    let res = catch_unwind(AssertUnwindSafe(f));
    std::panic::set_hook(prev);
    let payload = res.expect_err("expected a panic");
    let file = location.lock().unwrap().clone();
    (panic_message(&*payload), file)
}

#[test]
fn bind_outside_a_runtime_panics() {
    let (msg, _) = expect_panic(|| {
        let mut bind = pin!(TcpListener::bind("127.0.0.1:0"));
        let _ = poll_once(bind.as_mut());
    });
    assert!(msg.contains(NO_RUNTIME), "{msg}");
    assert!(msg.contains("enable_io()"), "{msg}");
    let (msg, _) = expect_panic(|| {
        let mut bind = pin!(UdpSocket::bind("127.0.0.1:0"));
        let _ = poll_once(bind.as_mut());
    });
    assert!(msg.contains(NO_RUNTIME), "{msg}");
}

#[test]
fn sync_constructors_outside_a_runtime_panic_at_the_caller() {
    let path = TempPath::new("misuse");
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    std_listener.set_nonblocking(true).unwrap();
    let (msg, file) = expect_panic(|| drop(TcpListener::from_std(std_listener)));
    assert!(msg.contains(NO_RUNTIME), "{msg}");
    assert_eq!(file, file!(), "the panic points at the caller");

    let (msg, file) = expect_panic(|| drop(UnixListener::bind(&path)));
    assert!(msg.contains(NO_RUNTIME), "{msg}");
    assert_eq!(file, file!());
    let (msg, file) = expect_panic(|| drop(UnixStream::pair()));
    assert!(msg.contains(NO_RUNTIME), "{msg}");
    assert_eq!(file, file!());
    let (msg, file) = expect_panic(|| drop(UnixDatagram::unbound()));
    assert!(msg.contains(NO_RUNTIME), "{msg}");
    assert_eq!(file, file!());
}

#[test]
fn a_runtime_without_the_io_driver_panics() {
    let rt = rt_without_io();
    let (msg, _) = expect_panic(|| {
        rt.block_on(async {
            let _ = TcpListener::bind("127.0.0.1:0").await;
        })
    });
    assert!(msg.contains(NO_DRIVER), "{msg}");
    assert!(msg.contains("driver_layer(rt_io::driver_layer())"), "{msg}");

    let std_stream = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        std::net::TcpStream::connect(l.local_addr().unwrap()).unwrap()
    };
    let rt = rt_without_io();
    let (msg, file) = expect_panic(|| {
        rt.block_on(async {
            let _ = TcpStream::from_std(std_stream);
        })
    });
    assert!(msg.contains(NO_DRIVER), "{msg}");
    assert_eq!(file, file!());
}

#[test]
fn sockets_outliving_their_runtime_fail_with_an_error() {
    let rt = support::current_thread();
    let (listener, socket) = rt.block_on(async {
        (
            TcpListener::bind("127.0.0.1:0").await.unwrap(),
            UdpSocket::bind("127.0.0.1:0").await.unwrap(),
        )
    });
    drop(rt);
    let rt2 = support::current_thread();
    rt2.block_on(async {
        let err = listener.accept().await.unwrap_err();
        assert!(err.to_string().contains("shutting down"), "{err}");
        let err = socket.recv_from(&mut [0u8; 4]).await.unwrap_err();
        assert!(err.to_string().contains("shutting down"), "{err}");
        // Closing them after their driver is gone is fine.
        drop(listener);
        drop(socket);
    });
}
