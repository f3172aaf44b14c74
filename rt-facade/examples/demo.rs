//! The newcomer demo: an rt server under load, printing throughput.
//!
//! A key-value "server" task owns a map and answers requests arriving on an
//! mpsc channel, each with a oneshot reply channel; it spawns a task per
//! request batch. Concurrent client tasks hammer it for a few seconds on the
//! multi-thread runtime; the demo prints requests/s and latency
//! percentiles. (When rt-net lands, this becomes a TCP echo server on
//! 127.0.0.1 driven the same way.)
//!
//! Run: `cargo run --release -p rt --example demo` (add `-- <clients> <secs>`).

use rt::sync::{mpsc, oneshot};
use std::collections::HashMap;
use std::time::{Duration, Instant};

enum Request {
    Get(u64, oneshot::Sender<Option<u64>>),
    Put(u64, u64, oneshot::Sender<()>),
}

async fn server(mut rx: mpsc::Receiver<Request>) -> u64 {
    let mut map = HashMap::new();
    let mut served = 0u64;
    while let Some(req) = rx.recv().await {
        served += 1;
        match req {
            Request::Get(k, reply) => {
                let _ = reply.send(map.get(&k).copied());
            }
            Request::Put(k, v, reply) => {
                map.insert(k, v);
                let _ = reply.send(());
            }
        }
    }
    served
}

async fn client(id: u64, tx: mpsc::Sender<Request>, until: Instant) -> Vec<Duration> {
    let mut latencies = Vec::with_capacity(1 << 16);
    let mut i = 0u64;
    while Instant::now() < until {
        let key = (id << 32) | (i % 1024);
        let start = Instant::now();
        if i % 4 == 0 {
            let (reply, rx) = oneshot::channel();
            if tx.send(Request::Put(key, i, reply)).await.is_err() {
                break;
            }
            rx.await.expect("server dropped a reply");
        } else {
            let (reply, rx) = oneshot::channel();
            if tx.send(Request::Get(key, reply)).await.is_err() {
                break;
            }
            let _ = rx.await.expect("server dropped a reply");
        }
        latencies.push(start.elapsed());
        i += 1;
    }
    latencies
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

#[rt::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let clients: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(64);
    let secs: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);
    let workers = rt::runtime::Handle::current().metrics().num_workers();
    println!(
        "rt demo: {clients} clients -> 1 key-value server task, {secs}s, {workers} worker threads"
    );

    let (tx, rx) = mpsc::channel(1024);
    let server = rt::spawn(server(rx));
    let until = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|id| rt::spawn(client(id, tx.clone(), until)))
        .collect();
    drop(tx);

    let mut latencies = Vec::new();
    for h in handles {
        latencies.extend(h.await.expect("client task failed"));
    }
    let served = server.await.expect("server task failed");
    let elapsed = started.elapsed();
    latencies.sort_unstable();

    println!("requests served : {served}");
    println!(
        "throughput      : {:.0} requests/s",
        served as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency         : p50 {:?}  p99 {:?}  max {:?}",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or_default()
    );
}
