//! `UnixDatagram`: bound, unbound and paired sockets, datagram
//! boundaries, back-pressure, readiness, std conversion.

mod support;

use rt_io::{Interest, ReadBuf};
use rt_net::UnixDatagram;
use std::future::poll_fn;
use std::io;
use std::net::Shutdown;
use std::pin::pin;
use support::{assert_would_block, poll_once, TempPath};

rt_test! {
    async fn bound_sockets_exchange_datagrams() {
        let (sp, cp) = (TempPath::new("dg-s"), TempPath::new("dg-c"));
        let server = UnixDatagram::bind(&sp).unwrap();
        let client = UnixDatagram::bind(&cp).unwrap();
        assert_eq!(server.local_addr().unwrap().as_pathname(), Some(sp.path()));
        for i in 0..10u8 {
            assert_eq!(client.send_to(&[i; 5], &sp).await.unwrap(), 5);
        }
        let mut buf = [0u8; 16];
        for i in 0..10u8 {
            let (n, from) = server.recv_from(&mut buf).await.unwrap();
            assert_eq!(&buf[..n], &[i; 5]);
            assert_eq!(from.as_pathname(), Some(cp.path()));
        }
        server.send_to(b"reply", cp.path()).await.unwrap();
        let n = client.recv(&mut buf).await.unwrap();
        assert_eq!(&buf[..n], b"reply");
        assert_eq!(UnixDatagram::bind(&sp).unwrap_err().kind(), io::ErrorKind::AddrInUse);
    }

    async fn unbound_and_connected() {
        let sp = TempPath::new("dg-conn");
        let server = UnixDatagram::bind(&sp).unwrap();
        let client = UnixDatagram::unbound().unwrap();
        assert!(client.local_addr().unwrap().is_unnamed());
        assert_eq!(client.peer_addr().unwrap_err().kind(), io::ErrorKind::NotConnected);
        client.connect(&sp).unwrap();
        assert_eq!(client.peer_addr().unwrap().as_pathname(), Some(sp.path()));
        client.send(b"hi").await.unwrap();
        let mut buf = [0u8; 4];
        let (n, from) = server.recv_from(&mut buf).await.unwrap();
        assert_eq!(&buf[..n], b"hi");
        assert!(from.is_unnamed());
        // Nothing bound at a path: refused.
        let nowhere = TempPath::new("dg-nowhere");
        assert!(client.send_to(b"x", &nowhere).await.is_err());
        assert!(UnixDatagram::unbound().unwrap().connect(&nowhere).is_err());
    }

    async fn pairs_keep_boundaries_and_truncate() {
        let (a, b) = UnixDatagram::pair().unwrap();
        a.send(b"first").await.unwrap();
        a.send(b"second!").await.unwrap();
        let mut buf = [0u8; 32];
        assert_eq!(b.recv(&mut buf).await.unwrap(), 5);
        let mut small = [0u8; 3];
        assert_eq!(b.recv(&mut small).await.unwrap(), 3);
        assert_eq!(&small, b"sec");
        assert_would_block(b.try_recv(&mut buf)); // the rest was dropped
    }

    async fn back_pressure_then_writable() {
        let (a, b) = UnixDatagram::pair().unwrap();
        let dgram = [1u8; 1024];
        let mut sent = 0usize;
        let mut blocked = false;
        for _ in 0..100_000 {
            match a.try_send(&dgram) {
                Ok(_) => sent += 1,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    blocked = true;
                    break;
                }
                Err(e) => panic!("{e}"),
            }
        }
        assert!(blocked, "queue never filled after {sent} datagrams");
        // Still full while nobody receives (checked with the syscall:
        // readiness may be a stale false positive on another thread).
        assert_would_block(a.try_send(&dgram));
        // `send` waits for the room the receiver makes.
        let send = a.send(b"last");
        let drain = async {
            let mut buf = [0u8; 1024];
            for _ in 0..sent {
                assert_eq!(b.recv(&mut buf).await.unwrap(), 1024);
            }
            let n = b.recv(&mut buf).await.unwrap();
            assert_eq!(&buf[..n], b"last");
        };
        let (res, ()) = rt_core::join!(send, drain);
        assert_eq!(res.unwrap(), 4);
    }

    async fn try_and_poll_variants() {
        let sp = TempPath::new("dg-poll");
        let server = UnixDatagram::bind(&sp).unwrap();
        let client = UnixDatagram::unbound().unwrap();
        assert_would_block(server.try_recv_from(&mut [0u8; 4]));
        let mut readable = pin!(server.readable());
        assert!(poll_once(readable.as_mut()).is_pending());
        client.writable().await.unwrap();
        assert_eq!(client.try_send_to(b"t1", &sp).unwrap(), 2);
        readable.await.unwrap();
        let (n, _) = server.try_recv_from(&mut [0u8; 4]).unwrap();
        assert_eq!(n, 2);

        poll_fn(|cx| client.poll_send_ready(cx)).await.unwrap();
        assert_eq!(poll_fn(|cx| client.poll_send_to(cx, b"p2", sp.path())).await.unwrap(), 2);
        poll_fn(|cx| server.poll_recv_ready(cx)).await.unwrap();
        let mut storage = [0u8; 4];
        let mut rb = ReadBuf::new(&mut storage);
        let from = poll_fn(|cx| server.poll_recv_from(cx, &mut rb)).await.unwrap();
        assert_eq!(rb.filled(), b"p2");
        assert!(from.is_unnamed());

        client.connect(&sp).unwrap();
        assert_eq!(poll_fn(|cx| client.poll_send(cx, b"p3")).await.unwrap(), 2);
        let mut storage = [0u8; 4];
        let mut rb = ReadBuf::new(&mut storage);
        poll_fn(|cx| server.poll_recv(cx, &mut rb)).await.unwrap();
        assert_eq!(rb.filled(), b"p3");
        assert_eq!(client.try_io(Interest::WRITABLE, || client.try_send(b"io")).unwrap(), 2);
        let mut buf = [0u8; 4];
        let n = server.async_io(Interest::READABLE, || server.try_recv(&mut buf)).await.unwrap();
        assert_eq!(&buf[..n], b"io");
        let ready = server.ready(Interest::READABLE | Interest::WRITABLE).await.unwrap();
        assert!(ready.is_writable());
        assert!(server.take_error().unwrap().is_none());
        let dbg = format!("{server:?}");
        assert!(dbg.contains("UnixDatagram"), "{dbg}");
    }

    async fn recv_is_cancel_safe() {
        let (a, b) = UnixDatagram::pair().unwrap();
        {
            let mut buf = [0u8; 8];
            let mut recv = pin!(b.recv(&mut buf));
            assert!(poll_once(recv.as_mut()).is_pending());
        }
        a.send(b"kept").await.unwrap();
        let mut buf = [0u8; 8];
        let (n, _) = b.recv_from(&mut buf).await.unwrap();
        assert_eq!(&buf[..n], b"kept");
    }

    async fn shutdown_and_peer_gone() {
        let (a, b) = UnixDatagram::pair().unwrap();
        a.shutdown(Shutdown::Write).unwrap();
        assert_eq!(a.send(b"x").await.unwrap_err().kind(), io::ErrorKind::BrokenPipe);
        drop(b);
        let (c, d) = UnixDatagram::pair().unwrap();
        drop(d);
        assert!(c.send(b"x").await.is_err());
    }

    async fn std_round_trip() {
        let (a, b) = UnixDatagram::pair().unwrap();
        let std_a = a.into_std().unwrap();
        assert_eq!(std_a.recv(&mut [0u8; 1]).unwrap_err().kind(), io::ErrorKind::WouldBlock);
        let a = UnixDatagram::from_std(std_a).unwrap();
        b.send(b"back").await.unwrap();
        assert_eq!(a.recv(&mut [0u8; 8]).await.unwrap(), 4);
        let _a = UnixDatagram::try_from(a.into_std().unwrap()).unwrap();
    }
}
