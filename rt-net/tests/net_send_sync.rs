//! Auto traits: every socket type is `Send + Sync + Unpin`, and the
//! futures of their async methods are `Send`, so they can be spawned
//! on the multi-thread runtime.

use rt_net::{tcp, unix};
use rt_net::{
    TcpListener, TcpSocket, TcpStream, UdpSocket, UnixDatagram, UnixListener, UnixStream,
};
use std::future::Future;

fn send_sync_unpin<T: Send + Sync + Unpin>() {}

#[test]
fn types_are_send_sync_unpin() {
    send_sync_unpin::<TcpListener>();
    send_sync_unpin::<TcpStream>();
    send_sync_unpin::<TcpSocket>();
    send_sync_unpin::<UdpSocket>();
    send_sync_unpin::<UnixListener>();
    send_sync_unpin::<UnixStream>();
    send_sync_unpin::<UnixDatagram>();
    send_sync_unpin::<tcp::ReadHalf<'static>>();
    send_sync_unpin::<tcp::WriteHalf<'static>>();
    send_sync_unpin::<tcp::OwnedReadHalf>();
    send_sync_unpin::<tcp::OwnedWriteHalf>();
    send_sync_unpin::<tcp::ReuniteError>();
    send_sync_unpin::<unix::ReadHalf<'static>>();
    send_sync_unpin::<unix::WriteHalf<'static>>();
    send_sync_unpin::<unix::OwnedReadHalf>();
    send_sync_unpin::<unix::OwnedWriteHalf>();
    send_sync_unpin::<unix::ReuniteError>();
    send_sync_unpin::<unix::SocketAddr>();
    send_sync_unpin::<unix::UCred>();
}

/// Never run: only type-checked (the futures are built, not polled).
#[allow(dead_code, unused_must_use, reason = "compile-time checks only")]
fn futures_are_send(
    l: &TcpListener,
    s: &mut TcpStream,
    u: &UdpSocket,
    ul: &UnixListener,
    us: &mut UnixStream,
    ud: &UnixDatagram,
    buf: &mut [u8],
) {
    fn check<F: Future + Send>(f: F) -> F {
        f
    }
    check(TcpListener::bind("localhost:0"));
    check(TcpListener::bind(String::from("127.0.0.1:0")));
    check(TcpStream::connect(("localhost", 80)));
    check(
        TcpSocket::new_v4()
            .unwrap()
            .connect("127.0.0.1:1".parse().unwrap()),
    );
    check(l.accept());
    check(s.readable());
    check(s.writable());
    check(s.ready(rt_io::Interest::READABLE));
    check(s.peek(buf));
    check(UdpSocket::bind("127.0.0.1:0"));
    check(u.connect("127.0.0.1:1"));
    check(u.send(&[]));
    check(u.send_to(&[], "localhost:1"));
    check(u.recv_from(buf));
    check(u.peek_sender());
    check(ul.accept());
    check(UnixStream::connect("/nonexistent"));
    check(us.readable());
    check(ud.send_to(&[], "/nonexistent"));
    check(ud.recv_from(buf));
    check(rt_net::lookup_host("localhost:1"));
    let (r, w) = s.split();
    check(r.readable());
    check(w.writable());
}
