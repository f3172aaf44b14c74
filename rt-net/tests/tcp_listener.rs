//! `TcpListener`: bind, accept, options, std conversion, and accept
//! errors (EMFILE) that must leave the listener usable.

mod support;

use rt_io::{AsyncReadExt, AsyncWriteExt};
use rt_net::{TcpListener, TcpStream};
use std::future::poll_fn;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::pin::pin;
use std::process::Command;
use support::{poll_once, yield_many};

rt_test! {
    async fn bind_picks_a_free_port() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        assert_eq!(addr.ip(), Ipv4Addr::LOCALHOST);
        assert_ne!(addr.port(), 0);
        let dbg = format!("{listener:?}");
        assert!(dbg.contains("TcpListener"), "{dbg}");
    }

    async fn bind_accepts_every_address_form() {
        let a = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
        let b = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
        let c = TcpListener::bind(String::from("127.0.0.1:0")).await.unwrap();
        let d = TcpListener::bind(("localhost", 0)).await.unwrap(); // via the blocking pool
        for l in [&a, &b, &c, &d] {
            assert!(l.local_addr().unwrap().ip().is_loopback());
        }
    }

    async fn bind_in_use_fails_and_falls_back_to_the_next_address() {
        let taken = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = taken.local_addr().unwrap();
        let err = TcpListener::bind(addr).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AddrInUse);
        let free: SocketAddr = "127.0.0.1:0".parse().unwrap();
        let next = TcpListener::bind(&[addr, free][..]).await.unwrap();
        assert_ne!(next.local_addr().unwrap(), addr);
        let err = TcpListener::bind(&[][..]).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }

    async fn accepts_many_connections() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = rt_core::spawn(async move {
            let mut peers = Vec::new();
            for _ in 0..20 {
                let (mut s, peer) = listener.accept().await.unwrap();
                s.write_all(&[peers.len() as u8]).await.unwrap();
                peers.push(peer);
            }
            peers
        });
        let mut locals = Vec::new();
        let mut seen = Vec::new();
        for _ in 0..20 {
            let mut c = TcpStream::connect(addr).await.unwrap();
            locals.push(c.local_addr().unwrap());
            let mut b = [0u8; 1];
            c.read_exact(&mut b).await.unwrap();
            seen.push(b[0]);
        }
        let peers = server.await.unwrap();
        assert_eq!(peers, locals);
        assert_eq!(seen, (0..20).collect::<Vec<u8>>());
    }

    async fn poll_accept_works() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut accept = pin!(poll_fn(|cx| listener.poll_accept(cx)));
        assert!(poll_once(accept.as_mut()).is_pending());
        let client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
        let (_server, peer) = accept.await.unwrap();
        assert_eq!(peer, client.local_addr().unwrap());
    }

    async fn accept_is_cancel_safe() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        {
            let mut accept = pin!(listener.accept());
            assert!(poll_once(accept.as_mut()).is_pending());
        } // dropped while waiting
        let client = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
        yield_many(5).await;
        let (_s, peer) = listener.accept().await.unwrap();
        assert_eq!(peer, client.local_addr().unwrap());
    }

    async fn ttl_and_take_error() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        listener.set_ttl(77).unwrap();
        assert_eq!(listener.ttl().unwrap(), 77);
        assert!(listener.set_ttl(300).is_err());
        assert!(listener.take_error().unwrap().is_none());
    }

    async fn std_round_trip() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let std_listener = listener.into_std().unwrap();
        assert_eq!(std_listener.accept().unwrap_err().kind(), io::ErrorKind::WouldBlock);
        let listener = TcpListener::from_std(std_listener).unwrap();
        let client = TcpStream::connect(addr).await.unwrap();
        let (_s, peer) = listener.accept().await.unwrap();
        assert_eq!(peer, client.local_addr().unwrap());
        let listener = TcpListener::try_from(listener.into_std().unwrap()).unwrap();
        assert_eq!(listener.local_addr().unwrap(), addr);
    }

    async fn accepted_streams_work_on_any_worker() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = rt_core::spawn(async move {
            let mut handles = Vec::new();
            for _ in 0..8 {
                let (mut s, _) = listener.accept().await.unwrap();
                handles.push(rt_core::spawn(async move {
                    let mut buf = [0u8; 3];
                    s.read_exact(&mut buf).await.unwrap();
                    s.write_all(&buf).await.unwrap();
                }));
            }
            for h in handles {
                h.await.unwrap();
            }
        });
        let clients: Vec<_> = (0..8)
            .map(|i| {
                rt_core::spawn(async move {
                    let mut c = TcpStream::connect(addr).await.unwrap();
                    c.write_all(&[i, i, i]).await.unwrap();
                    let mut buf = [0u8; 3];
                    c.read_exact(&mut buf).await.unwrap();
                    assert_eq!(buf, [i; 3]);
                })
            })
            .collect();
        for c in clients {
            c.await.unwrap();
        }
        server.await.unwrap();
    }
}

const EMFILE_CHILD: &str = "RT_NET_EMFILE_CHILD";

/// An accept that fails with EMFILE is returned to the caller, and the
/// listener accepts the queued connection once a descriptor is free.
///
/// Lowering `RLIMIT_NOFILE` affects the whole process, so the test
/// re-runs this binary as a child (once per runtime flavour) with the
/// limit lowered there.
#[test]
fn accept_returns_emfile_and_recovers() {
    if let Ok(flavour) = std::env::var(EMFILE_CHILD) {
        emfile_child(&flavour);
        return;
    }
    let _watchdog = support::Watchdog::new("accept_returns_emfile_and_recovers");
    for flavour in support::FLAVOURS {
        let out = Command::new(std::env::current_exe().unwrap())
            .args([
                "accept_returns_emfile_and_recovers",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(EMFILE_CHILD, flavour)
            .output()
            .expect("re-run the test binary");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stdout.contains("emfile-child-ok"),
            "child ({flavour}) failed: {}\nstdout:\n{stdout}\nstderr:\n{stderr}",
            out.status
        );
    }
}

fn emfile_child(flavour: &str) {
    let rt = support::runtime_named(flavour);
    rt.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        // Queued in the backlog before descriptors run out.
        let client = std::net::TcpStream::connect(addr).unwrap();

        support::set_nofile_limit(support::open_fds() as libc::rlim_t + 4);
        let mut fillers = Vec::new();
        let exhausted = loop {
            match std::fs::File::open("/dev/null") {
                Ok(f) => fillers.push(f),
                Err(e) => break e,
            }
            assert!(fillers.len() < 64, "the lowered limit had no effect");
        };
        assert_eq!(exhausted.raw_os_error(), Some(libc::EMFILE));

        // Out of descriptors: accept reports it, every time it is tried.
        for _ in 0..3 {
            let err = listener.accept().await.unwrap_err();
            assert_eq!(err.raw_os_error(), Some(libc::EMFILE), "{err:?}");
        }

        // Free one: the queued connection is accepted.
        drop(fillers.pop());
        let (mut stream, peer) = listener.accept().await.unwrap();
        assert_eq!(peer, client.local_addr().unwrap());
        io::Write::write_all(&mut &client, b"ok").unwrap();
        let mut buf = [0u8; 2];
        stream.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"ok");

        // And the listener keeps working for new connections.
        drop(fillers);
        let c2 = TcpStream::connect(addr).await.unwrap();
        let (_s2, p2) = listener.accept().await.unwrap();
        assert_eq!(p2, c2.local_addr().unwrap());
        println!("emfile-child-ok");
    });
}
