//! Shared helpers for rt-fs's integration tests.
#![allow(dead_code, reason = "each test file uses a subset of the helpers")]
#![allow(
    unreachable_pub,
    reason = "test-support module included per test crate"
)]

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

/// Runs each `async fn` body as a `#[test]` on a current-thread runtime
/// and on a multi-thread runtime with 2 workers (files need no driver).
macro_rules! flavors {
    ($($(#[$meta:meta])* async fn $name:ident() $body:block)*) => {
        mod current_thread {
            #[allow(unused_imports)]
            use super::*;
            $(
                $(#[$meta])*
                #[test]
                fn $name() {
                    $crate::support::current_thread().block_on(async $body)
                }
            )*
        }
        mod multi_thread {
            #[allow(unused_imports)]
            use super::*;
            $(
                $(#[$meta])*
                #[test]
                fn $name() {
                    $crate::support::multi_thread().block_on(async $body)
                }
            )*
        }
    };
}

pub fn current_thread() -> rt_core::runtime::Runtime {
    rt_core::runtime::Builder::new_current_thread()
        .build()
        .expect("current-thread runtime")
}

pub fn multi_thread() -> rt_core::runtime::Runtime {
    rt_core::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("multi-thread runtime")
}

/// A directory under `std::env::temp_dir()` with a name unique to this
/// process and call; removed (with its contents) on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path = std::env::temp_dir().join(format!(
            "rt-fs-test-{}-{}-{}-{}",
            tag,
            std::process::id(),
            n,
            nanos
        ));
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `len` bytes of a pattern that differs at every offset within 64 KiB
/// and is not periodic at small powers of two.
pub fn pattern(len: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    (0..len).map(|_| rng.next() as u8).collect()
}

/// splitmix64: a small seeded generator (no dependency).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// Runs `fut` to completion outside the cooperative budget, counting
/// the wake-ups it received: for `File` operations and path helpers, how
/// many blocking-pool jobs it waited for (each job wakes its waiters
/// once). Counting wakes rather than `Pending`s ignores spurious polls
/// (a `block_on` future is polled whenever its thread unparks).
pub async fn count_wakes<F: Future>(fut: F) -> (F::Output, usize) {
    struct Counter {
        inner: Mutex<Waker>,
        wakes: AtomicUsize,
    }
    impl Wake for Counter {
        fn wake(self: Arc<Self>) {
            self.wake_by_ref();
        }
        fn wake_by_ref(self: &Arc<Self>) {
            self.wakes.fetch_add(1, Ordering::SeqCst);
            self.inner.lock().unwrap().wake_by_ref();
        }
    }

    let mut fut = std::pin::pin!(rt_core::task::unconstrained(fut));
    let mut counter: Option<(Arc<Counter>, Waker)> = None;
    let out = std::future::poll_fn(|cx| {
        let (c, waker) = counter.get_or_insert_with(|| {
            let c = Arc::new(Counter {
                inner: Mutex::new(cx.waker().clone()),
                wakes: AtomicUsize::new(0),
            });
            (c.clone(), Waker::from(c))
        });
        c.inner.lock().unwrap().clone_from(cx.waker());
        fut.as_mut().poll(&mut Context::from_waker(waker))
    })
    .await;
    let wakes = counter.map_or(0, |(c, _)| c.wakes.load(Ordering::SeqCst));
    (out, wakes)
}

/// A waker that does nothing.
pub fn noop_waker() -> Waker {
    struct Noop;
    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }
    Waker::from(Arc::new(Noop))
}

/// Polls `f` once with a no-op waker.
pub fn poll_once<F: Future + ?Sized>(f: Pin<&mut F>) -> Poll<F::Output> {
    let waker = noop_waker();
    let mut cx = Context::from_waker(&waker);
    f.poll(&mut cx)
}

/// std's `read` repeated until `n` bytes or end of file.
pub fn std_read_up_to(f: &mut std::fs::File, n: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut buf = vec![0; n];
    let mut got = 0;
    while got < n {
        match f.read(&mut buf[got..])? {
            0 => break,
            k => got += k,
        }
    }
    buf.truncate(got);
    Ok(buf)
}

/// rt's `read` repeated until `n` bytes or end of file.
pub async fn rt_read_up_to(f: &mut rt_fs::File, n: usize) -> std::io::Result<Vec<u8>> {
    use rt_io::AsyncReadExt;
    let mut buf = vec![0; n];
    let mut got = 0;
    while got < n {
        match f.read(&mut buf[got..]).await? {
            0 => break,
            k => got += k,
        }
    }
    buf.truncate(got);
    Ok(buf)
}
