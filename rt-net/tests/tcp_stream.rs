//! `TcpStream`: connect, I/O, readiness, splitting, options, faults.

mod support;

use rt_io::{AsyncRead, AsyncReadExt, AsyncWriteExt, Interest, ReadBuf};
use rt_net::{TcpListener, TcpStream};
use std::future::poll_fn;
use std::io::{self, IoSlice, IoSliceMut};
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;
use support::{
    assert_would_block, fill_until_would_block, pattern, poll_once, tcp_pair, yield_many,
};

/// Reads until `buf` is full or `try_read` would block `limit` times in
/// a row after readiness (for the `try_*` tests).
async fn try_read_exact(stream: &TcpStream, buf: &mut [u8]) {
    let mut filled = 0;
    while filled < buf.len() {
        stream.readable().await.unwrap();
        match stream.try_read(&mut buf[filled..]) {
            Ok(0) => panic!("unexpected EOF after {filled} bytes"),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => panic!("try_read: {e}"),
        }
    }
}

rt_test! {
    async fn connect_accept_and_echo() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = rt_core::spawn(async move {
            let (mut s, peer) = listener.accept().await.unwrap();
            assert_eq!(s.peer_addr().unwrap(), peer);
            let mut buf = vec![0u8; 1024];
            loop {
                let n = s.read(&mut buf).await.unwrap();
                if n == 0 {
                    break;
                }
                s.write_all(&buf[..n]).await.unwrap();
            }
        });
        let mut client = TcpStream::connect(addr).await.unwrap();
        assert_eq!(client.peer_addr().unwrap(), addr);
        for i in 0..50u64 {
            let msg = pattern(100, i);
            client.write_all(&msg).await.unwrap();
            let mut back = vec![0u8; 100];
            client.read_exact(&mut back).await.unwrap();
            assert_eq!(back, msg);
        }
        client.shutdown().await.unwrap();
        assert_eq!(client.read(&mut [0u8; 1]).await.unwrap(), 0);
        server.await.unwrap();
    }

    async fn connect_by_host_name_tries_each_address() {
        // "localhost" is resolved on the blocking pool; it may resolve to
        // ::1 first, which refuses (the listener is IPv4 only): the next
        // address must be tried.
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let client = TcpStream::connect(("localhost", port)).await.unwrap();
        assert_eq!(client.peer_addr().unwrap(), listener.local_addr().unwrap());
        let client2 = TcpStream::connect(format!("localhost:{port}")).await.unwrap();
        assert_eq!(client2.peer_addr().unwrap(), listener.local_addr().unwrap());
    }

    async fn connect_tries_addresses_in_order() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let good = listener.local_addr().unwrap();
        let refused = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap()
        }; // closed: nothing listens there
        let addrs = [refused, good];
        let client = TcpStream::connect(&addrs[..]).await.unwrap();
        assert_eq!(client.peer_addr().unwrap(), good);

        // All fail: the last error is returned.
        let err = TcpStream::connect(&[refused, refused][..]).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::ConnectionRefused);
        // Nothing to try.
        let err = TcpStream::connect(&[][..]).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }

    async fn connect_refused_is_an_error() {
        let addr = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap()
        };
        let err = TcpStream::connect(addr).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::ConnectionRefused);
    }

    async fn connect_to_a_name_without_port_fails() {
        // (No lookup of a non-local name: tests stay off the network.)
        let err = TcpStream::connect("missing-port").await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }

    async fn addresses_and_options() {
        let (client, server) = tcp_pair().await;
        assert_eq!(client.local_addr().unwrap(), server.peer_addr().unwrap());
        assert_eq!(client.peer_addr().unwrap(), server.local_addr().unwrap());

        client.set_nodelay(true).unwrap();
        assert!(client.nodelay().unwrap());
        client.set_nodelay(false).unwrap();
        assert!(!client.nodelay().unwrap());

        client.set_ttl(33).unwrap();
        assert_eq!(client.ttl().unwrap(), 33);
        assert!(client.set_ttl(1000).is_err());

        assert_eq!(client.linger().unwrap(), None);
        client.set_linger(Some(Duration::from_secs(3))).unwrap();
        assert_eq!(client.linger().unwrap(), Some(Duration::from_secs(3)));
        client.set_linger(None).unwrap();
        assert_eq!(client.linger().unwrap(), None);

        assert!(client.take_error().unwrap().is_none());
        let dbg = format!("{client:?}");
        assert!(dbg.contains("TcpStream") && dbg.contains("127.0.0.1"), "{dbg}");
    }

    async fn try_read_and_try_write_without_waiting() {
        let (client, server) = tcp_pair().await;
        assert_would_block(server.try_read(&mut [0u8; 8]));

        client.writable().await.unwrap();
        assert_eq!(client.try_write(b"hello").unwrap(), 5);
        let mut buf = [0u8; 5];
        try_read_exact(&server, &mut buf).await;
        assert_eq!(&buf, b"hello");
        // Drained: would block again.
        assert_would_block(server.try_read(&mut buf));

        let n = client
            .try_write_vectored(&[IoSlice::new(b"ab"), IoSlice::new(b""), IoSlice::new(b"cde")])
            .unwrap();
        assert_eq!(n, 5);
        let (mut a, mut b) = ([0u8; 3], [0u8; 2]);
        let mut got = 0;
        while got < 5 {
            server.readable().await.unwrap();
            let mut bufs = [IoSliceMut::new(&mut a), IoSliceMut::new(&mut b)];
            match server.try_read_vectored(&mut bufs) {
                Ok(n) => {
                    assert_eq!(n, 5, "loopback delivers the 5 bytes at once");
                    got += n;
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!((&a, &b), (b"abc", b"de"));
    }

    async fn try_write_until_would_block_then_writable() {
        let (client, server) = tcp_pair().await;
        // Fill the socket buffers without a reader.
        let chunk = vec![7u8; 64 * 1024];
        let mut written = 0usize;
        let mut blocked = false;
        for _ in 0..10_000 {
            match client.try_write(&chunk) {
                Ok(n) => written += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    blocked = true;
                    break;
                }
                Err(e) => panic!("{e}"),
            }
        }
        assert!(blocked, "the send buffer never filled ({written} bytes)");
        // Still full while nobody reads (checked with the syscall: a
        // `writable()` poll may see stale readiness, a permitted false
        // positive, when the reactor runs on another thread). The peer's
        // ACKs can free a little room after the first WouldBlock: fill
        // again until the socket refuses.
        written += fill_until_would_block(100, || client.try_write(&chunk));
        // Writable again once the reader drains.
        let w = async {
            loop {
                client.writable().await?;
                match client.try_write(&[7u8; 4]) {
                    Ok(_) => return Ok::<_, io::Error>(()),
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                    Err(e) => return Err(e),
                }
            }
        };
        let reader = async {
            let mut server = server;
            let mut buf = vec![0u8; 64 * 1024];
            let mut read = 0;
            while read < written {
                let n = server.read(&mut buf).await.unwrap();
                assert!(buf[..n].iter().all(|&b| b == 7));
                read += n;
            }
            server
        };
        let (res, _server) = rt_core::join!(w, reader);
        res.unwrap();
    }

    async fn ready_reports_closed_states() {
        let (client, server) = tcp_pair().await;
        let ready = client.ready(Interest::READABLE | Interest::WRITABLE).await.unwrap();
        assert!(ready.is_writable());
        assert!(!ready.is_read_closed());
        drop(server);
        let ready = client.ready(Interest::READABLE).await.unwrap();
        assert!(ready.is_readable() || ready.is_read_closed());
        let mut client = client;
        assert_eq!(client.read(&mut [0u8; 4]).await.unwrap(), 0);
        // EOF readiness is final: readable() keeps completing.
        client.readable().await.unwrap();
        assert_eq!(client.try_read(&mut [0u8; 4]).unwrap(), 0);
    }

    async fn poll_ready_methods() {
        let (client, server) = tcp_pair().await;
        poll_fn(|cx| client.poll_write_ready(cx)).await.unwrap();
        let mut r = pin!(poll_fn(|cx| server.poll_read_ready(cx)));
        assert!(poll_once(r.as_mut()).is_pending());
        client.try_write(b"!").unwrap();
        r.await.unwrap();
        let mut byte = [0u8; 1];
        assert_eq!(server.try_read(&mut byte).unwrap(), 1);
    }

    async fn peek_leaves_data_queued() {
        let (mut client, mut server) = tcp_pair().await;
        client.write_all(b"peekaboo").await.unwrap();
        let mut buf = [0u8; 8];
        let mut seen = 0;
        while seen < 8 {
            seen = server.peek(&mut buf).await.unwrap();
        }
        assert_eq!(&buf, b"peekaboo");
        let mut storage = [0u8; 4];
        let mut rb = ReadBuf::new(&mut storage);
        let n = poll_fn(|cx| server.poll_peek(cx, &mut rb)).await.unwrap();
        assert_eq!((n, rb.filled()), (4, &b"peek"[..]));
        let mut all = [0u8; 8];
        server.read_exact(&mut all).await.unwrap();
        assert_eq!(&all, b"peekaboo");
    }

    async fn large_transfer_both_directions_at_once() {
        let (client, server) = tcp_pair().await;
        let data = Arc::new(pattern(4 << 20, 99));
        let echo = rt_core::spawn(async move {
            let mut server = server;
            let (mut r, mut w) = server.split();
            rt_io::copy(&mut r, &mut w).await.unwrap()
        });
        let (mut r, mut w) = client.into_split();
        let d = data.clone();
        let writer = rt_core::spawn(async move {
            for chunk in d.chunks(100_003) {
                w.write_all(chunk).await.unwrap();
            }
            w.shutdown().await.unwrap();
            w
        });
        let mut back = Vec::new();
        r.read_to_end(&mut back).await.unwrap();
        assert_eq!(back.len(), data.len());
        assert!(back == *data, "echoed bytes differ");
        let w = writer.await.unwrap();
        assert_eq!(echo.await.unwrap(), data.len() as u64);
        let _stream = r.reunite(w).unwrap();
    }

    async fn split_halves_read_and_write_concurrently() {
        let (mut client, mut server) = tcp_pair().await;
        let (mut cr, mut cw) = client.split();
        let (mut sr, mut sw) = server.split();
        assert_eq!(cr.peer_addr().unwrap(), sw.local_addr().unwrap());
        assert_eq!(cw.local_addr().unwrap(), sr.peer_addr().unwrap());
        let a = async {
            cw.write_all(b"from client").await.unwrap();
            cw.shutdown().await.unwrap();
        };
        let b = async {
            let mut got = Vec::new();
            sr.read_to_end(&mut got).await.unwrap();
            got
        };
        let c = async {
            sw.write_all(b"from server").await.unwrap();
        };
        let d = async {
            let mut got = [0u8; 11];
            cr.read_exact(&mut got).await.unwrap();
            got
        };
        let ((), got_s, (), got_c) = rt_core::join!(a, b, c, d);
        assert_eq!(got_s, b"from client");
        assert_eq!(&got_c, b"from server");
        // The halves' readiness and try_* helpers.
        sw.writable().await.unwrap();
        assert_eq!(sw.try_write(b"x").unwrap(), 1);
        cr.readable().await.unwrap();
        let mut byte = [0u8; 1];
        let mut peeked = 0;
        while peeked == 0 {
            peeked = cr.peek(&mut byte).await.unwrap();
        }
        assert_eq!(cr.try_read(&mut byte).unwrap(), 1);
        assert_eq!(&byte, b"x");
        assert!(cw.ready(Interest::WRITABLE).await.unwrap().is_writable());
    }

    async fn owned_halves_move_to_tasks_and_reunite() {
        let (client, mut server) = tcp_pair().await;
        let local = client.local_addr().unwrap();
        let (mut r, mut w) = client.into_split();
        assert_eq!(r.local_addr().unwrap(), local);
        assert_eq!(w.local_addr().unwrap(), local);
        assert_eq!(r.peer_addr().unwrap(), w.peer_addr().unwrap());
        let writer = rt_core::spawn(async move {
            w.write_all(b"ping").await.unwrap();
            w
        });
        let mut buf = [0u8; 4];
        server.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"ping");
        let reader = rt_core::spawn(async move {
            let mut buf = [0u8; 4];
            r.read_exact(&mut buf).await.unwrap();
            assert_eq!(&buf, b"pong");
            r
        });
        server.write_all(b"pong").await.unwrap();
        let (r, w) = (reader.await.unwrap(), writer.await.unwrap());
        let stream = w.reunite(r).expect("same stream");
        assert_eq!(stream.local_addr().unwrap(), local);
        // Reunited: the write side was not shut down.
        stream.writable().await.unwrap();
        assert_eq!(stream.try_write(b"!").unwrap(), 1);
        server.read_exact(&mut buf[..1]).await.unwrap();
    }

    async fn reunite_rejects_halves_of_different_streams() {
        let (a, _a_peer) = tcp_pair().await;
        let (b, _b_peer) = tcp_pair().await;
        let (ar, aw) = a.into_split();
        let (br, bw) = b.into_split();
        let err = ar.reunite(bw).unwrap_err();
        assert!(err.to_string().contains("not from the same socket"));
        let (ar, bw) = (err.0, err.1);
        let err = aw.reunite(br).unwrap_err();
        let (br, aw) = (err.0, err.1);
        ar.reunite(aw).unwrap();
        br.reunite(bw).unwrap();
    }

    async fn dropping_the_owned_write_half_shuts_down_writes() {
        let (client, mut server) = tcp_pair().await;
        let (r, mut w) = client.into_split();
        w.write_all(b"bye").await.unwrap();
        drop(w);
        let mut got = Vec::new();
        server.read_to_end(&mut got).await.unwrap();
        assert_eq!(got, b"bye");
        // The read half still works.
        server.write_all(b"still here").await.unwrap();
        let mut r = r;
        let mut buf = [0u8; 10];
        r.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"still here");
    }

    async fn forgetting_the_write_half_keeps_the_connection_open() {
        let (client, server) = tcp_pair().await;
        let (r, w) = client.into_split();
        w.forget();
        // No FIN: the server sees no readiness (no EOF) for a while.
        yield_many(50).await;
        assert_would_block(server.try_read(&mut [0u8; 1]));
        drop(r); // now the stream closes
        let mut server = server;
        assert_eq!(server.read(&mut [0u8; 1]).await.unwrap(), 0);
    }

    async fn dropping_the_peer_wakes_every_pending_reader() {
        let (client, server) = tcp_pair().await;
        let (r, _w) = client.into_split();
        let r = Arc::new(r);
        // Several tasks wait on the read half's readiness at once.
        let waiters: Vec<_> = (0..3)
            .map(|_| {
                let r = r.clone();
                rt_core::spawn(async move { r.readable().await })
            })
            .collect();
        yield_many(10).await;
        drop(server);
        for waiter in waiters {
            waiter.await.unwrap().unwrap();
        }
        let mut r = Arc::try_unwrap(r).unwrap();
        assert_eq!(r.read(&mut [0u8; 1]).await.unwrap(), 0);
    }

    async fn a_pending_split_read_is_woken_by_peer_close() {
        let (mut client, server) = tcp_pair().await;
        let (mut rd, _wr) = client.split();
        let mut buf = [0u8; 8];
        let mut read = pin!(rd.read(&mut buf));
        assert!(poll_once(read.as_mut()).is_pending());
        let closer = rt_core::spawn(async move {
            yield_many(5).await;
            drop(server);
        });
        assert_eq!(read.await.unwrap(), 0);
        closer.await.unwrap();
    }

    async fn peer_reset_mid_write_is_an_error() {
        let (mut client, server) = tcp_pair().await;
        // Linger 0: closing sends RST instead of FIN.
        server.set_linger(Some(Duration::ZERO)).unwrap();
        let chunk = vec![1u8; 64 * 1024];
        let writer = rt_core::spawn(async move {
            for _ in 0..100_000 {
                if let Err(e) = client.write_all(&chunk).await {
                    return e;
                }
            }
            panic!("writes kept succeeding after the peer reset");
        });
        yield_many(20).await;
        drop(server);
        let err = writer.await.unwrap();
        assert!(
            matches!(
                err.kind(),
                io::ErrorKind::ConnectionReset | io::ErrorKind::BrokenPipe
            ),
            "unexpected error {err:?}"
        );
    }

    async fn read_after_reset_is_an_error() {
        let (mut client, server) = tcp_pair().await;
        server.set_linger(Some(Duration::ZERO)).unwrap();
        client.write_all(b"unread data makes close send RST").await.unwrap();
        // The server never reads it; dropping resets.
        yield_many(5).await;
        drop(server);
        let mut buf = [0u8; 16];
        let mut outcome = None;
        for _ in 0..100 {
            match client.read(&mut buf).await {
                Ok(0) => {}
                Ok(_) => {}
                Err(e) => {
                    outcome = Some(e);
                    break;
                }
            }
            yield_many(1).await;
        }
        let err = outcome.expect("a reset connection reports an error");
        assert_eq!(err.kind(), io::ErrorKind::ConnectionReset);
    }

    async fn read_is_cancel_safe() {
        let (mut client, mut server) = tcp_pair().await;
        {
            let mut buf = [0u8; 4];
            let mut read = pin!(server.read(&mut buf));
            assert!(poll_once(read.as_mut()).is_pending());
            // Dropped before data arrives: nothing is lost.
        }
        client.write_all(b"data").await.unwrap();
        let mut buf = [0u8; 4];
        server.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"data");
    }

    async fn std_round_trip() {
        let (client, mut server) = tcp_pair().await;
        let std_client = client.into_std().unwrap();
        // Still non-blocking.
        let mut byte = [0u8; 1];
        assert_eq!(
            io::Read::read(&mut &std_client, &mut byte).unwrap_err().kind(),
            io::ErrorKind::WouldBlock
        );
        std_client.set_nonblocking(false).unwrap();
        io::Write::write_all(&mut &std_client, b"sync").unwrap();
        std_client.set_nonblocking(true).unwrap();
        let mut client = TcpStream::from_std(std_client).unwrap();
        client.write_all(b"async").await.unwrap();
        let mut buf = [0u8; 9];
        server.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"syncasync");
        let client2 = TcpStream::try_from(client.into_std().unwrap()).unwrap();
        assert_eq!(client2.peer_addr().unwrap(), server.local_addr().unwrap());
    }

    async fn as_fd_exposes_the_socket() {
        use std::os::fd::{AsFd, AsRawFd};
        let (client, _server) = tcp_pair().await;
        assert_eq!(client.as_fd().as_raw_fd(), client.as_raw_fd());
        let addr: SocketAddr = client.local_addr().unwrap();
        assert!(addr.ip().is_loopback());
    }
}

/// Reads go straight into uninitialised memory: the unfilled part of
/// the caller's buffer is not zeroed first (a hyper-style 64 KiB
/// buffer would otherwise cost a 64 KiB memset per read), and what is
/// read is exactly what was sent, for TCP and Unix streams alike.
#[test]
fn reads_fill_uninitialised_buffers_without_zeroing() {
    let rt = rt_core::runtime::Builder::new_current_thread()
        .driver_layer(rt_io::driver_layer())
        .build()
        .unwrap();
    rt.block_on(async {
        let (mut client, mut server) = tcp_pair().await;
        client.write_all(b"hello, uninit").await.unwrap();
        let mut storage = vec![std::mem::MaybeUninit::<u8>::uninit(); 64 * 1024];
        let mut buf = ReadBuf::uninit(&mut storage);
        poll_fn(|cx| std::pin::Pin::new(&mut server).poll_read(cx, &mut buf))
            .await
            .unwrap();
        assert_eq!(buf.filled(), b"hello, uninit");
        assert_eq!(
            buf.initialized().len(),
            buf.filled().len(),
            "the rest was zeroed"
        );

        let (mut a, mut b) = rt_net::UnixStream::pair().unwrap();
        a.write_all(b"unix").await.unwrap();
        let mut storage = vec![std::mem::MaybeUninit::<u8>::uninit(); 4096];
        let mut buf = ReadBuf::uninit(&mut storage);
        poll_fn(|cx| std::pin::Pin::new(&mut b).poll_read(cx, &mut buf))
            .await
            .unwrap();
        assert_eq!(buf.filled(), b"unix");
        assert_eq!(buf.initialized().len(), 4);
    });
}
