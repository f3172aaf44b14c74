//! Shared helpers for rt-net's integration tests.
#![allow(dead_code, reason = "each test file uses a subset of the helpers")]
#![allow(
    unreachable_pub,
    reason = "test-support module included per test crate"
)]

use rt_net::{TcpListener, TcpStream};
use std::any::Any;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

/// How long any single test may run before the watchdog aborts the
/// process (a hang is a failure, never a stuck CI job).
pub const TEST_DEADLINE: Duration = Duration::from_secs(120);

/// A current-thread runtime with the I/O driver.
pub fn current_thread() -> rt_core::runtime::Runtime {
    rt_core::runtime::Builder::new_current_thread()
        .driver_layer(rt_io::driver_layer())
        .build()
        .expect("current-thread runtime with the I/O driver")
}

/// A multi-thread runtime with `workers` workers and the I/O driver.
pub fn multi_thread(workers: usize) -> rt_core::runtime::Runtime {
    rt_core::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .driver_layer(rt_io::driver_layer())
        .build()
        .expect("multi-thread runtime with the I/O driver")
}

/// A runtime of the flavour named `name`: `current`, `multi1`, `multi4`.
pub fn runtime_named(name: &str) -> rt_core::runtime::Runtime {
    match name {
        "current" => current_thread(),
        "multi1" => multi_thread(1),
        "multi4" => multi_thread(4),
        other => panic!("unknown runtime flavour {other:?}"),
    }
}

/// The flavour names [`runtime_named`] knows.
pub const FLAVOURS: [&str; 3] = ["current", "multi1", "multi4"];

/// A current-thread runtime without any driver.
pub fn rt_without_io() -> rt_core::runtime::Runtime {
    rt_core::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
}

/// Aborts the process if dropped later than `TEST_DEADLINE` after its
/// creation, naming the test: bounded tests even if a wake-up is lost.
pub struct Watchdog {
    done: Option<mpsc::Sender<()>>,
}

impl Watchdog {
    pub fn new(name: &'static str) -> Watchdog {
        Watchdog::with_deadline(name, TEST_DEADLINE)
    }

    pub fn with_deadline(name: &'static str, deadline: Duration) -> Watchdog {
        let (tx, rx) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(deadline) {
                eprintln!("test {name} exceeded {deadline:?}: aborting (a lost wake-up?)");
                std::process::abort();
            }
        });
        Watchdog { done: Some(tx) }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        if let Some(tx) = self.done.take() {
            let _ = tx.send(());
        }
    }
}

/// Instantiates each `async fn` body once per runtime flavour:
/// current-thread, multi-thread with 1 worker, multi-thread with 4
/// workers (all with the I/O driver), each under a [`Watchdog`].
#[macro_export]
macro_rules! rt_test {
    ($($(#[$meta:meta])* async fn $name:ident() $body:block)*) => {
        mod current_thread {
            #[allow(unused_imports)]
            use super::*;
            $( $(#[$meta])* #[test] fn $name() {
                let _watchdog = $crate::support::Watchdog::new(concat!("current_thread::", stringify!($name)));
                $crate::support::current_thread().block_on(async $body)
            } )*
        }
        mod multi_thread_1 {
            #[allow(unused_imports)]
            use super::*;
            $( $(#[$meta])* #[test] fn $name() {
                let _watchdog = $crate::support::Watchdog::new(concat!("multi_thread_1::", stringify!($name)));
                $crate::support::multi_thread(1).block_on(async $body)
            } )*
        }
        mod multi_thread_4 {
            #[allow(unused_imports)]
            use super::*;
            $( $(#[$meta])* #[test] fn $name() {
                let _watchdog = $crate::support::Watchdog::new(concat!("multi_thread_4::", stringify!($name)));
                $crate::support::multi_thread(4).block_on(async $body)
            } )*
        }
    };
}

/// A connected TCP pair on loopback: (client, server).
pub async fn tcp_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let client = TcpStream::connect(listener.local_addr().unwrap())
        .await
        .expect("connect");
    let (server, peer) = listener.accept().await.expect("accept");
    assert_eq!(peer, client.local_addr().unwrap());
    (client, server)
}

/// A unique socket path under the temp dir, removed (if present) on
/// creation and on drop.
pub struct TempPath(PathBuf);

impl TempPath {
    pub fn new(tag: &str) -> TempPath {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("rt-net-{tag}-{}-{n}.sock", std::process::id()));
        let _ = std::fs::remove_file(&path);
        TempPath(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempPath {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Extracts the message of a caught panic.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        String::from("<non-string panic payload>")
    }
}

/// A waker that counts its wakes.
#[derive(Default)]
pub struct WakeCounter(AtomicUsize);

impl WakeCounter {
    pub fn new() -> (Arc<WakeCounter>, Waker) {
        let c = Arc::new(WakeCounter::default());
        (c.clone(), Waker::from(c))
    }

    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

impl Wake for WakeCounter {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// Polls `f` once with `waker`.
pub fn poll_with<F: Future + ?Sized>(f: Pin<&mut F>, waker: &Waker) -> Poll<F::Output> {
    let mut cx = Context::from_waker(waker);
    f.poll(&mut cx)
}

/// Polls `f` once with a waker that does nothing.
pub fn poll_once<F: Future + ?Sized>(f: Pin<&mut F>) -> Poll<F::Output> {
    let (_, waker) = WakeCounter::new();
    poll_with(f, &waker)
}

/// Yields to the scheduler `n` times (lets other tasks and the reactor
/// run without a timer).
pub async fn yield_many(n: usize) {
    for _ in 0..n {
        rt_core::task::yield_now().await;
    }
}

#[track_caller]
pub fn assert_would_block<T: std::fmt::Debug>(res: std::io::Result<T>) {
    match res {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("expected WouldBlock, got {other:?}"),
    }
}

/// Calls `try_write` until it returns `WouldBlock`, at most `bound` times;
/// returns the bytes it accepted, and panics when it never refuses.
///
/// A socket nobody reads can still take more after a first WouldBlock (a
/// loopback TCP peer's ACKs free send-buffer space; Unix socket memory
/// accounting is not exact), so a test that needs a full socket fills it
/// this way again right before relying on it.
#[allow(dead_code, reason = "not every test binary fills a socket")]
pub fn fill_until_would_block(
    bound: usize,
    mut try_write: impl FnMut() -> std::io::Result<usize>,
) -> usize {
    let mut written = 0;
    for _ in 0..bound {
        match try_write() {
            Ok(n) => written += n,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return written,
            Err(e) => panic!("{e}"),
        }
    }
    panic!("the socket never refused a write ({written} bytes in {bound} calls)");
}

/// Deterministic pseudo-random bytes (xorshift), for payload checks.
pub fn pattern(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// Raises the soft `RLIMIT_NOFILE` to at least `want` (capped by the
/// hard limit); returns the soft limit now in force.
pub fn raise_nofile_limit(want: libc::rlim_t) -> libc::rlim_t {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `lim` is a live local the call writes.
    let rc = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) };
    assert_eq!(rc, 0, "getrlimit: {}", std::io::Error::last_os_error());
    if lim.rlim_cur < want {
        lim.rlim_cur = std::cmp::min(want, lim.rlim_max);
        // SAFETY: `lim` is a live, initialised local the call reads.
        let rc = unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &lim) };
        assert_eq!(rc, 0, "setrlimit: {}", std::io::Error::last_os_error());
    }
    lim.rlim_cur
}

/// Sets the soft and hard `RLIMIT_NOFILE` to `limit` (only lowering is
/// allowed without privileges). For child processes only: it affects
/// the whole process.
pub fn set_nofile_limit(limit: libc::rlim_t) {
    let lim = libc::rlimit {
        rlim_cur: limit,
        rlim_max: limit,
    };
    // SAFETY: `lim` is a live, initialised local the call reads.
    let rc = unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &lim) };
    assert_eq!(rc, 0, "setrlimit: {}", std::io::Error::last_os_error());
}

/// The number of descriptors this process has open.
pub fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|d| d.count())
        .expect("/proc/self/fd")
}
