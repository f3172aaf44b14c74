//! Echo stress: many concurrent clients doing request/response round
//! trips against one rt echo server on loopback.
//!
//! The target — 1,000 concurrent clients × 100 round trips on a
//! multi-thread runtime with 2 workers — is `echo_1000_clients_x_100`.
//! A smaller always-on variant runs on every scheduler flavour.

mod support;

use rt_io::{AsyncReadExt, AsyncWriteExt};
use rt_net::{TcpListener, TcpSocket, TcpStream};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

const MSG: usize = 64;

/// Accepts `clients` connections and echoes each on its own task.
async fn echo_server(listener: TcpListener, clients: usize) {
    let mut conns = Vec::with_capacity(clients);
    for _ in 0..clients {
        let (mut s, _) = listener.accept().await.expect("accept");
        s.set_nodelay(true).unwrap();
        conns.push(rt_core::spawn(async move {
            let mut buf = [0u8; MSG];
            loop {
                match s.read_exact(&mut buf).await {
                    Ok(_) => s.write_all(&buf).await.expect("echo write"),
                    Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return,
                    Err(e) => panic!("echo read: {e}"),
                }
            }
        }));
    }
    for c in conns {
        c.await.expect("echo task");
    }
}

async fn client(addr: SocketAddr, id: u32, rounds: u32) {
    let mut s = TcpStream::connect(addr).await.expect("connect");
    s.set_nodelay(true).unwrap();
    let mut msg = [0u8; MSG];
    let mut back = [0u8; MSG];
    for round in 0..rounds {
        msg[..4].copy_from_slice(&id.to_le_bytes());
        msg[4..8].copy_from_slice(&round.to_le_bytes());
        s.write_all(&msg).await.expect("client write");
        s.read_exact(&mut back).await.expect("client read");
        assert_eq!(back, msg, "client {id} round {round}");
    }
}

/// Runs `clients` × `rounds` on `rt`; returns the elapsed time.
fn run_echo(rt: &rt_core::runtime::Runtime, clients: u32, rounds: u32) -> Duration {
    // Client and server ends: two descriptors per connection.
    let limit = support::raise_nofile_limit(2 * libc::rlim_t::from(clients) + 256);
    assert!(
        limit >= 2 * libc::rlim_t::from(clients) + 64,
        "RLIMIT_NOFILE hard limit {limit} is too low for {clients} connections"
    );
    rt.block_on(async move {
        let socket = TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        // A backlog that holds every client connecting at once.
        let listener = socket.listen(clients.max(128)).unwrap();
        let addr = listener.local_addr().unwrap();
        let start = Instant::now();
        let server = rt_core::spawn(echo_server(listener, clients as usize));
        let tasks: Vec<_> = (0..clients)
            .map(|id| rt_core::spawn(client(addr, id, rounds)))
            .collect();
        for t in tasks {
            t.await.expect("client task");
        }
        server.await.expect("server task");
        start.elapsed()
    })
}

#[test]
fn echo_1000_clients_x_100() {
    let _watchdog =
        support::Watchdog::with_deadline("echo_1000_clients_x_100", Duration::from_secs(300));
    let rt = support::multi_thread(2);
    let elapsed = run_echo(&rt, 1000, 100);
    eprintln!(
        "echo stress: 1000 clients x 100 round trips on multi-thread(2): {elapsed:?} ({:.0} round trips/s)",
        100_000.0 / elapsed.as_secs_f64()
    );
}

#[test]
fn echo_small_on_every_flavour() {
    let _watchdog = support::Watchdog::new("echo_small_on_every_flavour");
    for flavour in support::FLAVOURS {
        let rt = support::runtime_named(flavour);
        let elapsed = run_echo(&rt, 50, 20);
        eprintln!("echo 50 x 20 on {flavour}: {elapsed:?}");
    }
}
