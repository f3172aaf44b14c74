//! `TcpSocket`: options before connect/listen, bind, connect, listen.

mod support;

use rt_io::{AsyncReadExt, AsyncWriteExt};
use rt_net::{TcpListener, TcpSocket, TcpStream};
use std::io;
use std::net::SocketAddr;
use std::os::fd::{AsRawFd, FromRawFd, IntoRawFd};
use std::time::Duration;

fn loopback() -> SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

#[test]
fn options_round_trip_without_a_runtime() {
    let s = TcpSocket::new_v4().unwrap();
    assert!(!s.reuseaddr().unwrap());
    s.set_reuseaddr(true).unwrap();
    assert!(s.reuseaddr().unwrap());
    assert!(!s.reuseport().unwrap());
    s.set_reuseport(true).unwrap();
    assert!(s.reuseport().unwrap());
    assert!(!s.keepalive().unwrap());
    s.set_keepalive(true).unwrap();
    assert!(s.keepalive().unwrap());
    assert!(!s.nodelay().unwrap());
    s.set_nodelay(true).unwrap();
    assert!(s.nodelay().unwrap());
    assert_eq!(s.linger().unwrap(), None);
    s.set_linger(Some(Duration::from_secs(4))).unwrap();
    assert_eq!(s.linger().unwrap(), Some(Duration::from_secs(4)));

    s.set_send_buffer_size(96 * 1024).unwrap();
    s.set_recv_buffer_size(96 * 1024).unwrap();
    // The OS may round or double, never shrink below what was asked
    // (within its maximum, which is far above this on Linux).
    assert!(s.send_buffer_size().unwrap() >= 96 * 1024);
    assert!(s.recv_buffer_size().unwrap() >= 96 * 1024);

    assert_eq!(s.local_addr().unwrap().port(), 0);
    assert!(s.take_error().unwrap().is_none());
    let dbg = format!("{s:?}");
    assert!(dbg.contains("TcpSocket"), "{dbg}");
}

#[test]
fn v6_sockets_are_v6() {
    // IPv6 may be disabled in a sandbox; then creation fails cleanly.
    match TcpSocket::new_v6() {
        Ok(s) => {
            assert!(s.local_addr().unwrap().is_ipv6());
            // An IPv4 address on an IPv6 socket is refused.
            assert!(s.bind(loopback()).is_err());
        }
        Err(e) => assert_ne!(e.kind(), io::ErrorKind::WouldBlock),
    }
}

#[test]
fn raw_fd_round_trip() {
    let s = TcpSocket::new_v4().unwrap();
    s.bind(loopback()).unwrap();
    let addr = s.local_addr().unwrap();
    let fd = s.into_raw_fd();
    // SAFETY: `fd` came from `into_raw_fd` just above: open and unowned.
    let s = unsafe { TcpSocket::from_raw_fd(fd) };
    assert_eq!(s.as_raw_fd(), fd);
    assert_eq!(s.local_addr().unwrap(), addr);
}

rt_test! {
    async fn bind_listen_and_connect() {
        let server = TcpSocket::new_v4().unwrap();
        server.set_reuseaddr(true).unwrap();
        server.bind(loopback()).unwrap();
        let listener: TcpListener = server.listen(64).unwrap();
        let addr = listener.local_addr().unwrap();

        let client = TcpSocket::new_v4().unwrap();
        client.bind(loopback()).unwrap();
        let local = client.local_addr().unwrap();
        client.set_nodelay(true).unwrap();
        let mut stream: TcpStream = client.connect(addr).await.unwrap();
        assert_eq!(stream.local_addr().unwrap(), local);
        assert!(stream.nodelay().unwrap(), "options carry over");

        let (mut accepted, peer) = listener.accept().await.unwrap();
        assert_eq!(peer, local);
        stream.write_all(b"via TcpSocket").await.unwrap();
        let mut buf = [0u8; 13];
        accepted.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"via TcpSocket");
    }

    async fn connect_refused() {
        let addr = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap()
        };
        let err = TcpSocket::new_v4().unwrap().connect(addr).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::ConnectionRefused);
    }

    async fn bind_conflicts_and_reuseport() {
        let a = TcpSocket::new_v4().unwrap();
        a.bind(loopback()).unwrap();
        let addr = a.local_addr().unwrap();
        let _la = a.listen(16).unwrap();
        let b = TcpSocket::new_v4().unwrap();
        assert_eq!(b.bind(addr).unwrap_err().kind(), io::ErrorKind::AddrInUse);

        // With SO_REUSEPORT on both, two listeners share a port.
        let c = TcpSocket::new_v4().unwrap();
        c.set_reuseport(true).unwrap();
        c.bind(loopback()).unwrap();
        let shared = c.local_addr().unwrap();
        let d = TcpSocket::new_v4().unwrap();
        d.set_reuseport(true).unwrap();
        d.bind(shared).unwrap();
        let (lc, ld) = (c.listen(16).unwrap(), d.listen(16).unwrap());
        assert_eq!(lc.local_addr().unwrap(), ld.local_addr().unwrap());
    }

    async fn listen_without_bind_picks_a_port() {
        let s = TcpSocket::new_v4().unwrap();
        let listener = s.listen(8).unwrap();
        assert_ne!(listener.local_addr().unwrap().port(), 0);
    }

    async fn from_std_stream_configures_a_connected_stream() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let std_stream = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let s = TcpSocket::from_std_stream(std_stream);
        s.set_linger(Some(Duration::ZERO)).unwrap();
        assert_eq!(s.linger().unwrap(), Some(Duration::ZERO));
    }
}
