//! `UdpSocket`: datagrams, connected mode, peeking, readiness, options.

mod support;

use rt_io::{Interest, ReadBuf};
use rt_net::UdpSocket;
use std::future::poll_fn;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::pin::pin;
use std::sync::Arc;
use support::{assert_would_block, poll_once};

async fn pair() -> (UdpSocket, UdpSocket) {
    let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let b = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    (a, b)
}

rt_test! {
    async fn send_to_and_recv_from() {
        let (a, b) = pair().await;
        let (aa, ba) = (a.local_addr().unwrap(), b.local_addr().unwrap());
        for i in 0..20u8 {
            assert_eq!(a.send_to(&[i; 10], ba).await.unwrap(), 10);
        }
        let mut buf = [0u8; 32];
        for i in 0..20u8 {
            let (n, from) = b.recv_from(&mut buf).await.unwrap();
            assert_eq!((n, from), (10, aa));
            assert_eq!(&buf[..n], &[i; 10], "datagrams arrive whole and in order");
        }
        // Host-name targets resolve through the blocking pool.
        // Any `ToSocketAddrs` target; the datagram goes to its first address.
        b.send_to(b"literal", format!("127.0.0.1:{}", aa.port())).await.unwrap();
        b.send_to(b"pair", ("127.0.0.1", aa.port())).await.unwrap();
        for want in [&b"literal"[..], b"pair"] {
            let (n, from) = a.recv_from(&mut buf).await.unwrap();
            assert_eq!((&buf[..n], from), (want, ba));
        }
        let err = a.send_to(b"x", &[][..] as &[SocketAddr]).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }

    async fn oversized_datagrams_are_truncated() {
        let (a, b) = pair().await;
        a.send_to(&[9u8; 100], b.local_addr().unwrap()).await.unwrap();
        let mut small = [0u8; 10];
        let (n, _) = b.recv_from(&mut small).await.unwrap();
        assert_eq!(n, 10);
        // The rest of that datagram is gone.
        assert_would_block(b.try_recv_from(&mut small));
    }

    async fn connected_send_and_recv() {
        let (a, b) = pair().await;
        let third = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        assert_eq!(a.peer_addr().unwrap_err().kind(), io::ErrorKind::NotConnected);
        a.connect(b.local_addr().unwrap()).await.unwrap();
        b.connect(a.local_addr().unwrap()).await.unwrap();
        assert_eq!(a.peer_addr().unwrap(), b.local_addr().unwrap());

        // A datagram from a third party is filtered out by the connect.
        third.send_to(b"intruder", a.local_addr().unwrap()).await.unwrap();
        b.send(b"hello").await.unwrap();
        let mut buf = [0u8; 16];
        let n = a.recv(&mut buf).await.unwrap();
        assert_eq!(&buf[..n], b"hello");

        a.send(b"back").await.unwrap();
        let mut storage = [0u8; 16];
        let mut rb = ReadBuf::new(&mut storage);
        poll_fn(|cx| b.poll_recv(cx, &mut rb)).await.unwrap();
        assert_eq!(rb.filled(), b"back");
        assert_eq!(poll_fn(|cx| b.poll_send(cx, b"p")).await.unwrap(), 1);
        let n = a.recv(&mut buf).await.unwrap();
        assert_eq!(&buf[..n], b"p");
    }

    async fn connect_tries_each_address() {
        let (a, b) = pair().await;
        let v6_first: Vec<SocketAddr> =
            vec!["[::1]:9".parse().unwrap(), b.local_addr().unwrap()];
        // An IPv6 peer cannot be set on an IPv4 socket: the next one is.
        a.connect(&v6_first[..]).await.unwrap();
        assert_eq!(a.peer_addr().unwrap(), b.local_addr().unwrap());
    }

    async fn peek_from_and_peek_sender() {
        let (a, b) = pair().await;
        a.send_to(b"peeked", b.local_addr().unwrap()).await.unwrap();
        let mut buf = [0u8; 16];
        let (n, from) = b.peek_from(&mut buf).await.unwrap();
        assert_eq!((&buf[..n], from), (&b"peeked"[..], a.local_addr().unwrap()));
        assert_eq!(b.peek_sender().await.unwrap(), a.local_addr().unwrap());
        assert_eq!(
            poll_fn(|cx| b.poll_peek_sender(cx)).await.unwrap(),
            a.local_addr().unwrap()
        );
        assert_eq!(b.try_peek_sender().unwrap(), a.local_addr().unwrap());
        let (n, _) = b.try_peek_from(&mut buf).unwrap();
        assert_eq!(n, 6);
        let mut storage = [0u8; 3];
        let mut rb = ReadBuf::new(&mut storage);
        let from = poll_fn(|cx| b.poll_peek_from(cx, &mut rb)).await.unwrap();
        assert_eq!((rb.filled(), from), (&b"pee"[..], a.local_addr().unwrap()));
        // Still queued after all that peeking.
        let (n, _) = b.recv_from(&mut buf).await.unwrap();
        assert_eq!(&buf[..n], b"peeked");
        assert_would_block(b.try_peek_from(&mut buf));
        assert_would_block(b.try_peek_sender());
    }

    async fn try_variants_and_readiness() {
        let (a, b) = pair().await;
        let ba = b.local_addr().unwrap();
        assert_would_block(b.try_recv(&mut [0u8; 4]));
        assert_would_block(b.try_recv_from(&mut [0u8; 4]));

        let mut readable = pin!(b.readable());
        assert!(poll_once(readable.as_mut()).is_pending());
        a.writable().await.unwrap();
        assert_eq!(a.try_send_to(b"t1", ba).unwrap(), 2);
        readable.await.unwrap();
        let mut buf = [0u8; 4];
        let (n, _) = b.try_recv_from(&mut buf).unwrap();
        assert_eq!(&buf[..n], b"t1");

        a.connect(ba).await.unwrap();
        assert_eq!(a.try_send(b"t2").unwrap(), 2);
        let ready = b.ready(Interest::READABLE | Interest::WRITABLE).await.unwrap();
        assert!(ready.is_writable());
        let mut got = None;
        for _ in 0..1000 {
            b.readable().await.unwrap();
            match b.try_recv(&mut buf) {
                Ok(n) => {
                    got = Some(n);
                    break;
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!(got, Some(2));
        poll_fn(|cx| a.poll_send_ready(cx)).await.unwrap();
        let to = b.local_addr().unwrap();
        assert_eq!(poll_fn(|cx| a.poll_send_to(cx, b"t3", to)).await.unwrap(), 2);
        poll_fn(|cx| b.poll_recv_ready(cx)).await.unwrap();
        let mut storage = [0u8; 4];
        let mut rb = ReadBuf::new(&mut storage);
        let from = poll_fn(|cx| b.poll_recv_from(cx, &mut rb)).await.unwrap();
        assert_eq!((rb.filled(), from), (&b"t3"[..], a.local_addr().unwrap()));
        let n = b
            .try_io(Interest::WRITABLE, || b.try_send_to(b"io", a.local_addr().unwrap()))
            .unwrap();
        assert_eq!(n, 2);
        let (n, _) = a.async_io(Interest::READABLE, || a.try_recv_from(&mut buf)).await.unwrap();
        assert_eq!(n, 2);
    }

    async fn recv_is_cancel_safe() {
        let (a, b) = pair().await;
        {
            let mut buf = [0u8; 8];
            let mut recv = pin!(b.recv_from(&mut buf));
            assert!(poll_once(recv.as_mut()).is_pending());
        }
        a.send_to(b"kept", b.local_addr().unwrap()).await.unwrap();
        let mut buf = [0u8; 8];
        let (n, _) = b.recv_from(&mut buf).await.unwrap();
        assert_eq!(&buf[..n], b"kept");
    }

    async fn shared_between_a_sender_and_a_receiver_task() {
        let (a, b) = pair().await;
        let b = Arc::new(b);
        let a_addr = a.local_addr().unwrap();
        let rx = {
            let b = b.clone();
            rt_core::spawn(async move {
                let mut sum = 0u64;
                let mut buf = [0u8; 8];
                for _ in 0..100 {
                    let (n, from) = b.recv_from(&mut buf).await.unwrap();
                    assert_eq!((n, from), (8, a_addr));
                    sum += u64::from_le_bytes(buf);
                }
                sum
            })
        };
        let to = b.local_addr().unwrap();
        let tx = rt_core::spawn(async move {
            for i in 0..100u64 {
                a.send_to(&i.to_le_bytes(), to).await.unwrap();
                if i % 10 == 0 {
                    rt_core::task::yield_now().await; // let the receiver drain
                }
            }
        });
        tx.await.unwrap();
        assert_eq!(rx.await.unwrap(), (0..100).sum::<u64>());
    }

    async fn icmp_refusal_surfaces_as_connection_refused() {
        let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let closed = {
            let s = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
            s.local_addr().unwrap()
        };
        a.connect(closed).await.unwrap();
        a.send(b"anyone?").await.unwrap();
        // The ICMP port-unreachable makes the socket report an error
        // (error readiness only: Linux does not flag a UDP socket
        // readable for it, so a pending `recv` is not woken by it).
        let ready = a.ready(Interest::ERROR).await.unwrap();
        assert!(ready.is_error());
        // The next send reports it.
        let err = a.send(b"again?").await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::ConnectionRefused);
        // Reported once: then the socket works again.
        a.send(b"third").await.unwrap();
        let mut pending = None;
        for _ in 0..10_000 {
            pending = a.take_error().unwrap();
            if pending.is_some() {
                break;
            }
            rt_core::task::yield_now().await;
        }
        let err = pending.expect("the third datagram is refused too");
        assert_eq!(err.kind(), io::ErrorKind::ConnectionRefused);
    }

    async fn options() {
        let (a, _b) = pair().await;
        assert!(!a.broadcast().unwrap());
        a.set_broadcast(true).unwrap();
        assert!(a.broadcast().unwrap());
        a.set_ttl(42).unwrap();
        assert_eq!(a.ttl().unwrap(), 42);
        a.set_multicast_ttl_v4(5).unwrap();
        assert_eq!(a.multicast_ttl_v4().unwrap(), 5);
        a.set_multicast_loop_v4(false).unwrap();
        assert!(!a.multicast_loop_v4().unwrap());
        a.set_multicast_loop_v4(true).unwrap();
        assert!(a.multicast_loop_v4().unwrap());
        // IPv6 options on an IPv4 socket are refused by the OS.
        assert!(a.set_multicast_loop_v6(true).is_err());
        assert!(a.multicast_loop_v6().is_err());
        assert!(a.take_error().unwrap().is_none());
        let dbg = format!("{a:?}");
        assert!(dbg.contains("UdpSocket"), "{dbg}");
        if let Ok(v6) = UdpSocket::bind("[::1]:0").await {
            v6.set_multicast_loop_v6(false).unwrap();
            assert!(!v6.multicast_loop_v6().unwrap());
        }
    }

    async fn multicast_membership() {
        let s = UdpSocket::bind("0.0.0.0:0").await.unwrap();
        let group = Ipv4Addr::new(239, 255, 42, 99);
        // Not a member yet: leaving is refused.
        assert!(s.leave_multicast_v4(group, Ipv4Addr::UNSPECIFIED).is_err());
        // Joining a non-multicast address is refused.
        assert!(s.join_multicast_v4(Ipv4Addr::LOCALHOST, Ipv4Addr::UNSPECIFIED).is_err());
        // Joining on loopback needs a multicast-capable interface; where
        // the host has one, membership is tracked.
        match s.join_multicast_v4(group, Ipv4Addr::LOCALHOST) {
            Ok(()) => {
                assert!(s.join_multicast_v4(group, Ipv4Addr::LOCALHOST).is_err(), "already a member");
                s.leave_multicast_v4(group, Ipv4Addr::LOCALHOST).unwrap();
                assert!(s.leave_multicast_v4(group, Ipv4Addr::LOCALHOST).is_err());
            }
            Err(e) => eprintln!("multicast join on loopback unavailable here: {e}"),
        }
        if let Ok(v6) = UdpSocket::bind("[::]:0").await {
            let g6 = "ff02::1:ff00:1234".parse().unwrap();
            assert!(v6.leave_multicast_v6(&g6, 0).is_err());
            if v6.join_multicast_v6(&g6, 1).is_ok() {
                v6.leave_multicast_v6(&g6, 1).unwrap();
            }
        }
    }

    async fn std_round_trip() {
        let (a, b) = pair().await;
        let addr = a.local_addr().unwrap();
        let std_a = a.into_std().unwrap();
        assert_eq!(std_a.recv(&mut [0u8; 1]).unwrap_err().kind(), io::ErrorKind::WouldBlock);
        let a = UdpSocket::from_std(std_a).unwrap();
        b.send_to(b"back", addr).await.unwrap();
        let mut buf = [0u8; 4];
        assert_eq!(a.recv_from(&mut buf).await.unwrap().0, 4);
        let a = UdpSocket::try_from(a.into_std().unwrap()).unwrap();
        assert_eq!(a.local_addr().unwrap(), addr);
    }
}
