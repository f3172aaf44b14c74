//! The auto-trait table: every public type and the future of every public
//! async fn, across all of rt, is `Send`/`Sync`/`Unpin` where a Tokio user
//! relies on it (spawning on the multi-thread runtime needs `Send`
//! futures; sharing a handle through an `Arc` needs `Sync`), and `!Send`
//! where rt must forbid it (`LocalSet`, `spawn_local` handles are fine but
//! the set itself is pinned to its thread).
//!
//! Compile-time only: a row that regresses fails to build this test.

#![allow(dead_code, unused_must_use, clippy::too_many_arguments)]

use rt::sync::{broadcast, mpsc, oneshot, watch};
use std::future::Future;

/// `T: Send + Sync + Unpin`.
fn all<T: Send + Sync + Unpin>() {}
/// `T: Send + Sync`.
fn send_sync<T: Send + Sync>() {}
/// `T: Send`.
fn send<T: Send>() {}
/// `T: Sync`.
fn sync_only<T: Sync>() {}
/// `T: Unpin`.
fn unpin<T: Unpin>() {}

/// Asserts a future is `Send` (built, never polled).
fn fut_send<F: Future + Send>(f: F) -> F {
    f
}
/// Asserts a future is `Send + Sync`.
fn fut_send_sync<F: Future + Send + Sync>(f: F) -> F {
    f
}

/// Fails to compile (ambiguity) if `T: Send`: the `!Send` rows.
trait NotSend<A> {
    fn check() {}
}
impl<T: ?Sized> NotSend<()> for T {}
impl<T: ?Sized + Send> NotSend<u8> for T {}

/// Fails to compile (ambiguity) if `T: Sync`: the `!Sync` rows.
trait NotSync<A> {
    fn check() {}
}
impl<T: ?Sized> NotSync<()> for T {}
impl<T: ?Sized + Sync> NotSync<u8> for T {}

#[test]
fn rt_core_types() {
    use rt::runtime::{Builder, EnterGuard, Handle, Runtime, RuntimeMetrics};
    use rt::task::{AbortHandle, Id, JoinError, JoinHandle, JoinSet, LocalSet};

    all::<Runtime>();
    all::<Handle>();
    send_sync::<Builder>();
    all::<RuntimeMetrics>();
    all::<JoinHandle<u8>>();
    all::<AbortHandle>();
    send_sync::<JoinError>();
    all::<Id>();
    all::<JoinSet<u8>>();
    // A LocalSet runs `!Send` futures on its own thread: it must stay there.
    <LocalSet as NotSend<_>>::check();
    <LocalSet as NotSync<_>>::check();
    // Entering is per thread.
    <EnterGuard<'static> as NotSend<_>>::check();
}

#[allow(clippy::unused_async)]
fn rt_core_futures(set: &mut JoinSetU8, h: rt::task::JoinHandle<u8>) {
    fut_send_sync(rt::task::yield_now());
    fut_send(rt::task::consume_budget());
    fut_send(set.join_next());
    fut_send(h);
    fut_send(rt::spawn(async { 1u8 }));
    fut_send(rt::task::spawn_blocking(|| 1u8));
    fut_send(rt::task::unconstrained(async { 1u8 }));
}
type JoinSetU8 = rt::task::JoinSet<u8>;

#[test]
fn rt_sync_types() {
    use rt::sync::*;

    all::<mpsc::Sender<u8>>();
    all::<mpsc::Receiver<u8>>();
    all::<mpsc::UnboundedSender<u8>>();
    all::<mpsc::UnboundedReceiver<u8>>();
    all::<mpsc::WeakSender<u8>>();
    all::<mpsc::Permit<'static, u8>>();
    all::<mpsc::OwnedPermit<u8>>();
    send_sync::<mpsc::error::SendError<u8>>();
    send_sync::<mpsc::error::TrySendError<u8>>();
    send_sync::<mpsc::error::TryRecvError>();
    all::<oneshot::Sender<u8>>();
    all::<oneshot::Receiver<u8>>();
    all::<broadcast::Sender<u8>>();
    all::<broadcast::Receiver<u8>>();
    all::<watch::Sender<u8>>();
    all::<watch::Receiver<u8>>();
    // Like Tokio's (and std's read guard): shareable, but released on the
    // thread that took it.
    sync_only::<watch::Ref<'static, u8>>();
    <watch::Ref<'static, u8> as NotSend<_>>::check();
    all::<Mutex<u8>>();
    all::<MutexGuard<'static, u8>>();
    all::<OwnedMutexGuard<u8>>();
    all::<RwLock<u8>>();
    all::<RwLockReadGuard<'static, u8>>();
    all::<RwLockWriteGuard<'static, u8>>();
    all::<OwnedRwLockReadGuard<u8>>();
    all::<OwnedRwLockWriteGuard<u8>>();
    all::<Semaphore>();
    all::<SemaphorePermit<'static>>();
    all::<OwnedSemaphorePermit>();
    all::<Notify>();
    all::<Barrier>();
    all::<BarrierWaitResult>();
    all::<OnceCell<u8>>();
    all::<SetOnce<u8>>();
    all::<CancellationToken>();
    send_sync::<TryLockError>();
    send_sync::<AcquireError>();
    send_sync::<TryAcquireError>();
    // A `Mutex` of a `!Sync` (but `Send`) value is still shareable: the
    // lock serialises access, as std's and Tokio's.
    send_sync::<Mutex<std::cell::Cell<u8>>>();
    // Likewise a channel of `Send + !Sync` values, as in Tokio; and a
    // receiver of `!Unpin` values is still `Unpin`.
    all::<mpsc::Receiver<std::cell::Cell<u8>>>();
    all::<mpsc::UnboundedReceiver<std::cell::Cell<u8>>>();
    unpin::<mpsc::Receiver<std::marker::PhantomPinned>>();
}

fn rt_sync_futures(
    tx: &mpsc::Sender<u8>,
    rx: &mut mpsc::Receiver<u8>,
    utx: &mpsc::UnboundedSender<u8>,
    urx: &mut mpsc::UnboundedReceiver<u8>,
    orx: oneshot::Receiver<u8>,
    btx: &broadcast::Sender<u8>,
    brx: &mut broadcast::Receiver<u8>,
    wtx: &watch::Sender<u8>,
    wrx: &mut watch::Receiver<u8>,
    m: &'static rt::sync::Mutex<u8>,
    am: std::sync::Arc<rt::sync::Mutex<u8>>,
    l: &rt::sync::RwLock<u8>,
    s: &rt::sync::Semaphore,
    n: &rt::sync::Notify,
    b: &rt::sync::Barrier,
    c: &rt::sync::OnceCell<u8>,
    t: &rt::sync::CancellationToken,
) {
    let _ = (utx, btx);
    fut_send_sync(tx.send(1));
    fut_send_sync(tx.reserve());
    fut_send_sync(tx.closed());
    fut_send(tx.clone().reserve_owned());
    fut_send_sync(rx.recv());
    fut_send_sync(urx.recv());
    fut_send(orx);
    fut_send_sync(brx.recv());
    fut_send(wrx.changed());
    fut_send(wtx.closed());
    fut_send(m.lock());
    fut_send(am.lock_owned());
    fut_send(l.read());
    fut_send(l.write());
    fut_send(s.acquire());
    fut_send(n.notified());
    fut_send(b.wait());
    fut_send(c.get_or_init(|| async { 1 }));
    fut_send(t.cancelled());
    // Holding a guard across an await inside a spawned task.
    fut_send(async move {
        let g = m.lock().await;
        rt::task::yield_now().await;
        drop(g);
    });
}

#[test]
fn rt_time_types() {
    use rt::time::*;
    all::<Instant>();
    send_sync::<Sleep>();
    send_sync::<Timeout<std::future::Ready<u8>>>();
    all::<Interval>();
    all::<MissedTickBehavior>();
    all::<error::Elapsed>();
    all::<error::Error>();
}

fn rt_time_futures(i: &mut rt::time::Interval) {
    use rt::time::{sleep, sleep_until, timeout, Duration, Instant};
    fut_send_sync(sleep(Duration::from_secs(1)));
    fut_send_sync(sleep_until(Instant::now()));
    fut_send_sync(timeout(Duration::from_secs(1), async { 1u8 }));
    fut_send_sync(i.tick());
}

#[test]
fn rt_io_types() {
    use rt::io::*;
    all::<DuplexStream>();
    all::<BufReader<DuplexStream>>();
    all::<BufWriter<DuplexStream>>();
    all::<BufStream<DuplexStream>>();
    all::<ReadHalf<DuplexStream>>();
    all::<WriteHalf<DuplexStream>>();
    all::<Lines<BufReader<DuplexStream>>>();
    all::<Split<BufReader<DuplexStream>>>();
    all::<Take<DuplexStream>>();
    all::<Chain<DuplexStream, DuplexStream>>();
    all::<Empty>();
    all::<Sink>();
    all::<Repeat>();
    all::<Stdin>();
    all::<Stdout>();
    all::<Stderr>();
    all::<ReadBuf<'static>>();
    all::<Interest>();
    all::<Ready>();
    all::<unix::AsyncFd<std::os::unix::net::UnixStream>>();
}

fn rt_io_futures(
    d: &mut rt::io::DuplexStream,
    b: &mut rt::io::BufReader<rt::io::DuplexStream>,
    l: &mut rt::io::Lines<rt::io::BufReader<rt::io::DuplexStream>>,
    (x, y): (&mut rt::io::DuplexStream, &mut rt::io::DuplexStream),
    buf: &mut Vec<u8>,
    s: &mut String,
    fd: &rt::io::unix::AsyncFd<std::os::unix::net::UnixStream>,
) {
    use rt::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
    fut_send_sync(d.read(&mut [0u8; 4]));
    fut_send_sync(d.read_exact(&mut [0u8; 4]));
    fut_send_sync(d.read_to_end(buf));
    fut_send_sync(d.read_u32());
    fut_send_sync(d.write_all(b"x"));
    fut_send_sync(d.write_u64_le(1));
    fut_send_sync(d.flush());
    fut_send_sync(d.shutdown());
    fut_send_sync(b.read_line(s));
    fut_send_sync(l.next_line());
    fut_send(rt::io::copy(x, y));
    fut_send(fd.readable());
    fut_send(fd.writable());
}

#[test]
fn rt_net_types() {
    use rt::net::*;
    all::<TcpListener>();
    all::<TcpStream>();
    all::<TcpSocket>();
    all::<UdpSocket>();
    all::<UnixListener>();
    all::<UnixStream>();
    all::<UnixDatagram>();
    all::<tcp::OwnedReadHalf>();
    all::<tcp::OwnedWriteHalf>();
}

fn rt_net_futures(l: &rt::net::TcpListener, s: &mut rt::net::TcpStream, u: &rt::net::UdpSocket) {
    fut_send(rt::net::TcpListener::bind("127.0.0.1:0"));
    fut_send(rt::net::TcpStream::connect("127.0.0.1:1"));
    fut_send(rt::net::lookup_host("localhost:1"));
    fut_send_sync(l.accept());
    fut_send_sync(s.readable());
    fut_send_sync(u.recv_from(&mut [0u8; 4]));
    fut_send_sync(u.send_to(b"x", "127.0.0.1:1"));
}

#[test]
fn rt_fs_types() {
    use rt::fs::*;
    all::<File>();
    all::<ReadDir>();
    all::<DirEntry>();
    all::<OpenOptions>();
    all::<DirBuilder>();
}

fn rt_fs_futures(f: &mut rt::fs::File, r: &mut rt::fs::ReadDir, e: &rt::fs::DirEntry) {
    use rt::io::AsyncReadExt;
    fut_send(rt::fs::read("a"));
    fut_send(rt::fs::read_to_string("a"));
    fut_send(rt::fs::write("a", b"x"));
    fut_send(rt::fs::metadata("a"));
    fut_send(rt::fs::read_dir("."));
    fut_send(rt::fs::File::open("a"));
    fut_send(rt::fs::File::create("a"));
    fut_send(rt::fs::OpenOptions::new().read(true).open("a"));
    fut_send(f.sync_all());
    fut_send(f.set_len(0));
    fut_send(f.metadata());
    fut_send(f.read(&mut [0u8; 4]));
    fut_send(r.next_entry());
    fut_send(e.metadata());
}

#[test]
fn rt_signal_types() {
    use rt::signal::unix::{Signal, SignalKind};
    all::<Signal>();
    all::<SignalKind>();
}

fn rt_signal_futures(s: &mut rt::signal::unix::Signal) {
    fut_send_sync(rt::signal::ctrl_c());
    fut_send_sync(s.recv());
}

#[test]
fn rt_process_types() {
    use rt::process::*;
    all::<Command>();
    all::<Child>();
    all::<ChildStdin>();
    all::<ChildStdout>();
    all::<ChildStderr>();
}

fn rt_process_futures(c: &mut rt::process::Command, child: &mut rt::process::Child) {
    fut_send_sync(c.status());
    fut_send_sync(c.output());
    fut_send_sync(child.wait());
    fut_send_sync(child.kill());
}

#[test]
fn a_spawned_server_task_is_send() {
    // The shape of most programs: accept loop + per-connection tasks with
    // channels and timeouts, spawned on the multi-thread runtime.
    fn spawnable<F: Future<Output = ()> + Send + 'static>(_: F) {}
    spawnable(async {
        let listener = rt::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let (tx, mut rx) = rt::sync::mpsc::channel::<Vec<u8>>(8);
        loop {
            rt::select! {
                Ok((mut s, _)) = listener.accept() => {
                    let tx = tx.clone();
                    rt::spawn(async move {
                        use rt::io::AsyncReadExt;
                        let mut buf = vec![0; 64];
                        let n = rt::time::timeout(rt::time::Duration::from_secs(1), s.read(&mut buf))
                            .await
                            .unwrap()
                            .unwrap();
                        buf.truncate(n);
                        tx.send(buf).await.unwrap();
                    });
                }
                Some(msg) = rx.recv() => drop(msg),
            }
        }
    });
}
