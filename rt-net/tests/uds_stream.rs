//! `UnixListener` and `UnixStream`: paths, pairs, I/O, splitting,
//! credentials, faults.

mod support;

use rt_io::{AsyncReadExt, AsyncWriteExt, Interest};
use rt_net::{UnixListener, UnixStream};
use std::future::poll_fn;
use std::io::{self, IoSlice, IoSliceMut};
use std::pin::pin;
use std::sync::Arc;
use support::{
    assert_would_block, fill_until_would_block, pattern, poll_once, yield_many, TempPath,
};

rt_test! {
    async fn bind_connect_accept_echo() {
        let path = TempPath::new("echo");
        let listener = UnixListener::bind(&path).unwrap();
        assert_eq!(listener.local_addr().unwrap().as_pathname(), Some(path.path()));
        let server = rt_core::spawn(async move {
            let (mut s, peer) = listener.accept().await.unwrap();
            assert!(peer.is_unnamed());
            let (mut r, mut w) = s.split();
            rt_io::copy(&mut r, &mut w).await.unwrap()
        });
        let mut client = UnixStream::connect(&path).await.unwrap();
        assert_eq!(client.peer_addr().unwrap().as_pathname(), Some(path.path()));
        assert!(client.local_addr().unwrap().is_unnamed());
        let data = pattern(300_000, 5);
        let (mut r, mut w) = client.split();
        let write = async {
            w.write_all(&data).await.unwrap();
            w.shutdown().await.unwrap();
        };
        let read = async {
            let mut back = Vec::new();
            r.read_to_end(&mut back).await.unwrap();
            back
        };
        let ((), back) = rt_core::join!(write, read);
        assert!(back == data);
        assert_eq!(server.await.unwrap(), data.len() as u64);
    }

    async fn bind_errors() {
        let path = TempPath::new("inuse");
        let _l = UnixListener::bind(&path).unwrap();
        assert_eq!(UnixListener::bind(&path).unwrap_err().kind(), io::ErrorKind::AddrInUse);
        let missing_dir = std::env::temp_dir().join("rt-net-no-such-dir").join("x.sock");
        assert_eq!(UnixListener::bind(&missing_dir).unwrap_err().kind(), io::ErrorKind::NotFound);
        let too_long = std::env::temp_dir().join("x".repeat(200));
        assert!(UnixListener::bind(&too_long).is_err());
    }

    async fn connect_errors() {
        let path = TempPath::new("nobody");
        let err = UnixStream::connect(&path).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        // A socket file nobody listens on any more.
        drop(std::os::unix::net::UnixListener::bind(&path).unwrap());
        let err = UnixStream::connect(&path).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::ConnectionRefused);
    }

    async fn pair_try_io_and_readiness() {
        let (a, b) = UnixStream::pair().unwrap();
        assert!(a.local_addr().unwrap().is_unnamed());
        assert!(a.peer_addr().unwrap().is_unnamed());
        assert_would_block(b.try_read(&mut [0u8; 4]));
        let mut readable = pin!(b.readable());
        assert!(poll_once(readable.as_mut()).is_pending());
        a.writable().await.unwrap();
        assert_eq!(a.try_write(b"one").unwrap(), 3);
        readable.await.unwrap();
        let mut buf = [0u8; 3];
        assert_eq!(b.try_read(&mut buf).unwrap(), 3);
        assert_eq!(&buf, b"one");
        assert_would_block(b.try_read(&mut buf));

        assert_eq!(a.try_write_vectored(&[IoSlice::new(b"tw"), IoSlice::new(b"o")]).unwrap(), 3);
        b.readable().await.unwrap();
        let (mut x, mut y) = ([0u8; 1], [0u8; 2]);
        assert_eq!(b.try_read_vectored(&mut [IoSliceMut::new(&mut x), IoSliceMut::new(&mut y)]).unwrap(), 3);
        assert_eq!((&x, &y), (b"t", b"wo"));

        poll_fn(|cx| a.poll_write_ready(cx)).await.unwrap();
        a.try_io(Interest::WRITABLE, || a.try_write(b"!")).unwrap();
        poll_fn(|cx| b.poll_read_ready(cx)).await.unwrap();
        let mut byte = [0u8; 1];
        assert_eq!(b.async_io(Interest::READABLE, || b.try_read(&mut byte)).await.unwrap(), 1);
        let ready = b.ready(Interest::READABLE | Interest::WRITABLE).await.unwrap();
        assert!(ready.is_writable());
        assert!(a.take_error().unwrap().is_none());
        let dbg = format!("{a:?}");
        assert!(dbg.contains("UnixStream"), "{dbg}");
    }

    async fn fill_until_would_block_then_drain() {
        let (a, mut b) = UnixStream::pair().unwrap();
        let chunk = vec![3u8; 32 * 1024];
        let mut written = 0;
        let mut blocked = false;
        for _ in 0..10_000 {
            match a.try_write(&chunk) {
                Ok(n) => written += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    blocked = true;
                    break;
                }
                Err(e) => panic!("{e}"),
            }
        }
        assert!(blocked, "never filled after {written} bytes");
        // Still full: nobody reads. The kernel may still take a little more
        // after a WouldBlock (its socket-memory accounting is not exact:
        // one run of the whole suite saw a second 32 KiB write accepted),
        // so fill again until it refuses, within a bound. (A `writable()`
        // poll may report stale readiness here, so the check is the write.)
        written += fill_until_would_block(100, || a.try_write(&chunk));
        let writable = async {
            loop {
                a.writable().await.unwrap();
                match a.try_write(b"more") {
                    Ok(n) => return n,
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                    Err(e) => panic!("{e}"),
                }
            }
        };
        let drain = async {
            let mut buf = vec![0u8; 64 * 1024];
            let mut read = 0;
            while read < written {
                read += b.read(&mut buf).await.unwrap();
            }
        };
        let (n, ()) = rt_core::join!(writable, drain);
        assert!(n > 0);
    }

    async fn peer_credentials_are_this_process() {
        let (a, b) = UnixStream::pair().unwrap();
        let cred = a.peer_cred().unwrap();
        // SAFETY: getuid/getgid cannot fail and touch no memory.
        let (uid, gid) = unsafe { (libc::geteuid(), libc::getegid()) };
        assert_eq!(cred.uid(), uid);
        assert_eq!(cred.gid(), gid);
        assert_eq!(cred.pid(), Some(std::process::id() as i32));
        assert_eq!(cred, b.peer_cred().unwrap());

        let path = TempPath::new("cred");
        let listener = UnixListener::bind(&path).unwrap();
        let client = UnixStream::connect(&path).await.unwrap();
        let (server, _) = listener.accept().await.unwrap();
        assert_eq!(client.peer_cred().unwrap().pid(), Some(std::process::id() as i32));
        assert_eq!(server.peer_cred().unwrap().uid(), uid);
    }

    async fn owned_halves_and_reunite() {
        let (a, mut b) = UnixStream::pair().unwrap();
        let (mut r, mut w) = a.into_split();
        assert!(r.peer_addr().unwrap().is_unnamed() && w.local_addr().unwrap().is_unnamed());
        let writer = rt_core::spawn(async move {
            w.write_all(b"from a task").await.unwrap();
            w
        });
        let mut buf = [0u8; 11];
        b.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"from a task");
        b.write_all(b"reply").await.unwrap();
        let mut reply = [0u8; 5];
        r.read_exact(&mut reply).await.unwrap();
        let w = writer.await.unwrap();
        w.writable().await.unwrap();
        assert_eq!(w.try_write(b"x").unwrap(), 1);
        r.readable().await.ok();
        let a = r.reunite(w).unwrap();
        assert!(a.local_addr().unwrap().is_unnamed());

        // Halves of different streams do not reunite.
        let (c, _d) = UnixStream::pair().unwrap();
        let (ar, aw) = a.into_split();
        let (cr, cw) = c.into_split();
        let err = ar.reunite(cw).unwrap_err();
        assert!(err.to_string().contains("not from the same socket"));
        let (ar, cw) = (err.0, err.1);
        let err = aw.reunite(cr).unwrap_err();
        let (cr, aw) = (err.0, err.1);
        ar.reunite(aw).unwrap();
        cr.reunite(cw).unwrap();
    }

    async fn dropping_the_write_half_sends_eof_and_forget_does_not() {
        let (a, mut b) = UnixStream::pair().unwrap();
        let (_r, w) = a.into_split();
        drop(w);
        assert_eq!(b.read(&mut [0u8; 1]).await.unwrap(), 0);

        let (c, d) = UnixStream::pair().unwrap();
        let (_r, w) = c.into_split();
        w.forget();
        yield_many(20).await;
        assert_would_block(d.try_read(&mut [0u8; 1]));
    }

    async fn dropping_the_peer_wakes_pending_readiness_waiters() {
        let (a, b) = UnixStream::pair().unwrap();
        let (r, _w) = a.into_split();
        let r = Arc::new(r);
        let waiters: Vec<_> = (0..3)
            .map(|_| {
                let r = r.clone();
                rt_core::spawn(async move { r.ready(Interest::READABLE).await })
            })
            .collect();
        yield_many(10).await;
        drop(b);
        for w in waiters {
            let ready = w.await.unwrap().unwrap();
            assert!(ready.is_read_closed() || ready.is_readable());
        }
    }

    async fn dropping_the_peer_wakes_a_pending_split_read() {
        let (mut c, d) = UnixStream::pair().unwrap();
        let (mut rd, _wr) = c.split();
        let mut buf = [0u8; 4];
        let mut read = pin!(rd.read(&mut buf));
        assert!(poll_once(read.as_mut()).is_pending());
        let closer = rt_core::spawn(async move {
            yield_many(5).await;
            drop(d);
        });
        assert_eq!(read.await.unwrap(), 0);
        closer.await.unwrap();
    }

    async fn writing_to_a_closed_peer_is_an_error() {
        let (mut a, b) = UnixStream::pair().unwrap();
        drop(b);
        let err = a.write_all(&[0u8; 1024]).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
    }

    async fn accept_paths() {
        let path = TempPath::new("paccept");
        let listener = UnixListener::bind(&path).unwrap();
        let mut accept = pin!(poll_fn(|cx| listener.poll_accept(cx)));
        assert!(poll_once(accept.as_mut()).is_pending());
        let _c = UnixStream::connect(&path).await.unwrap();
        let (_s, peer) = accept.await.unwrap();
        assert!(peer.is_unnamed());
        // Cancel safety: a dropped accept loses no connection.
        {
            let mut acc = pin!(listener.accept());
            assert!(poll_once(acc.as_mut()).is_pending());
        }
        let _c2 = UnixStream::connect(&path).await.unwrap();
        let (_s2, _) = listener.accept().await.unwrap();
        assert!(listener.take_error().unwrap().is_none());
        let dbg = format!("{listener:?}");
        assert!(dbg.contains("UnixListener"), "{dbg}");
    }

    async fn std_round_trips() {
        let path = TempPath::new("std");
        let listener = UnixListener::bind(&path).unwrap();
        let std_listener = listener.into_std().unwrap();
        assert_eq!(std_listener.accept().unwrap_err().kind(), io::ErrorKind::WouldBlock);
        let listener = UnixListener::try_from(std_listener).unwrap();
        let client = UnixStream::connect(&path).await.unwrap();
        let (server, _) = listener.accept().await.unwrap();
        let std_client = client.into_std().unwrap();
        std_client.set_nonblocking(false).unwrap();
        io::Write::write_all(&mut &std_client, b"sync").unwrap();
        std_client.set_nonblocking(true).unwrap();
        let mut client = UnixStream::from_std(std_client).unwrap();
        client.write_all(b"async").await.unwrap();
        let mut server = server;
        let mut buf = [0u8; 9];
        server.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"syncasync");
        let l2 = UnixListener::from_std(listener.into_std().unwrap()).unwrap();
        assert_eq!(l2.local_addr().unwrap().as_pathname(), Some(path.path()));
        let _ = UnixStream::try_from(client.into_std().unwrap()).unwrap();
    }
}

#[test]
fn abstract_addresses_are_reported() {
    use std::os::linux::net::SocketAddrExt;
    let _watchdog = support::Watchdog::new("abstract_addresses_are_reported");
    support::current_thread().block_on(async {
        let name = format!("rt-net-abstract-{}", std::process::id());
        let addr = std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes()).unwrap();
        let std_listener = std::os::unix::net::UnixListener::bind_addr(&addr).unwrap();
        std_listener.set_nonblocking(true).unwrap();
        let listener = UnixListener::from_std(std_listener).unwrap();
        let local = listener.local_addr().unwrap();
        assert_eq!(local.as_abstract_name(), Some(name.as_bytes()));
        assert_eq!(local.as_pathname(), None);
        assert!(!local.is_unnamed());
        let std_addr: std::os::unix::net::SocketAddr = local.clone().into();
        assert_eq!(std_addr.as_abstract_name(), Some(name.as_bytes()));
        assert!(format!("{local:?}").contains("abstract"));
    });
}

/// Regression test for an rt-core idle-accounting bug found while
/// testing rt-net: several tasks woken by the reactor while the only
/// worker was parked in it left the worker counted as "searching"
/// forever, so later remote spawns (from `block_on`) never unparked it.
/// Fixed in rt-core (idle rule 5: `transition_worker_from_parked_with_work`).
#[test]
fn reactor_wakes_then_remote_spawn_on_one_worker() {
    let _watchdog = support::Watchdog::with_deadline(
        "reactor_wakes_then_remote_spawn_on_one_worker",
        std::time::Duration::from_secs(20),
    );
    for _ in 0..20 {
        support::multi_thread(1).block_on(async {
            let (a, b) = UnixStream::pair().unwrap();
            let a = Arc::new(a);
            let waiters: Vec<_> = (0..3)
                .map(|_| {
                    let a = a.clone();
                    rt_core::spawn(async move { a.readable().await })
                })
                .collect();
            yield_many(10).await;
            drop(b);
            for w in waiters {
                w.await.unwrap().unwrap();
            }
            rt_core::spawn(async {}).await.unwrap();
        });
    }
}
