//! The newcomer demo: an rt TCP echo server under load, printing
//! throughput and latency.
//!
//! Starts an echo server on 127.0.0.1 (an ephemeral port), then drives it
//! with concurrent client connections for a few seconds, each sending a
//! 64-byte message and waiting for the echo, and prints connections,
//! requests/s and latency percentiles. Loopback only; the loop is bounded
//! by time.
//!
//! Run: `cargo run --release -p rt --example demo` (add
//! `-- <connections> <seconds>`).

use rt::io::{AsyncReadExt, AsyncWriteExt};
use rt::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

const MESSAGE: usize = 64;

async fn serve(listener: TcpListener) {
    loop {
        let Ok((mut socket, _)) = listener.accept().await else {
            continue;
        };
        rt::spawn(async move {
            let mut buf = [0u8; MESSAGE];
            loop {
                match socket.read_exact(&mut buf).await {
                    Ok(_) => {
                        if socket.write_all(&buf).await.is_err() {
                            return;
                        }
                    }
                    Err(_) => return, // client closed
                }
            }
        });
    }
}

async fn client(addr: std::net::SocketAddr, until: Instant) -> std::io::Result<Vec<Duration>> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let msg = [42u8; MESSAGE];
    let mut back = [0u8; MESSAGE];
    let mut latencies = Vec::with_capacity(1 << 16);
    while Instant::now() < until {
        let start = Instant::now();
        stream.write_all(&msg).await?;
        stream.read_exact(&mut back).await?;
        latencies.push(start.elapsed());
    }
    Ok(latencies)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[rt::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let connections: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(50);
    let secs: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);
    let workers = rt::runtime::Handle::current().metrics().num_workers();

    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    rt::spawn(serve(listener));
    println!(
        "rt demo: TCP echo server on {addr}, {connections} connections x {MESSAGE}-byte round \
         trips for {secs}s, {workers} worker threads"
    );

    let until = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let clients: Vec<_> = (0..connections)
        .map(|_| rt::spawn(client(addr, until)))
        .collect();
    let mut latencies = Vec::new();
    for c in clients {
        latencies.extend(c.await.expect("client task panicked")?);
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();

    println!("connections     : {connections}");
    println!("round trips     : {}", latencies.len());
    println!(
        "throughput      : {:.0} requests/s",
        latencies.len() as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency         : p50 {:?}  p99 {:?}  max {:?}",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or_default()
    );
    Ok(())
}
