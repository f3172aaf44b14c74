//! Runs one `sync` workload (or `timeout_fast_path` from `time.rs`,
//! `tcp_echo`, `io_copy_duplex` and `io_copy_tcp` from `net/main.rs`, `spawn_blocking`
//! from `scheduler.rs`) N times on rt's or tokio's runtime,
//! built by the benchmarks' own `build` (drivers enabled; multi-thread
//! with `RT_BENCH_WORKERS` workers, 2 by default, or `current`), for
//! instruction counts under `valgrind --tool=callgrind`, which are stable
//! where wall-clock times on this machine are not.
//!
//! ```text
//! cargo build --release -p benches --example sync_driver
//! valgrind --tool=callgrind target/release/examples/sync_driver rt mpsc_bounded_contended 20
//! valgrind --tool=callgrind target/release/examples/sync_driver tokio timeout_fast_path 5 current
//! ```
//!
//! The workload bodies are those of the bench files (kept in step by
//! hand; the bench files' macro generates criterion code only).

// The macro's modules generate items without docs.
#![allow(missing_docs)]

use std::hint::black_box;

macro_rules! workloads {
    ($($body:tt)*) => {
        mod rt_impl {
            use ::rt as runtime;
            // `Runtime` and `build(Flavour)`, exactly as the benchmarks
            // build them (drivers enabled, `RT_BENCH_WORKERS` workers).
            benches::rt_and_tokio!(@build);
            $($body)*
        }
        mod tokio_impl {
            use ::tokio as runtime;
            // `Runtime` and `build(Flavour)`, exactly as the benchmarks
            // build them (drivers enabled, `RT_BENCH_WORKERS` workers).
            benches::rt_and_tokio!(@build);
            $($body)*
        }
    };
}

workloads! {
    use super::black_box;
    use std::sync::Arc;
    use runtime::sync::{broadcast, mpsc, oneshot, Notify, Semaphore};

    pub(crate) fn run(rt: &Runtime, workload: &str) {
        match workload {
            "mpsc_bounded_uncontended" => mpsc_bounded_uncontended(rt),
            "mpsc_bounded_contended" => mpsc_bounded_contended(rt),
            "mpsc_unbounded_contended" => mpsc_unbounded_contended(rt),
            "oneshot_request_reply" => oneshot_request_reply(rt),
            "notify_ping_pong" => notify_ping_pong(rt),
            "semaphore_contended" => semaphore_contended(rt),
            "timeout_fast_path" => timeout_fast_path(rt),
            "tcp_echo" => tcp_echo(rt),
            "spawn_blocking" => spawn_blocking(rt),
            "io_copy_duplex" => io_copy_duplex(rt),
            "io_copy_tcp" => io_copy_tcp(rt),
            "broadcast_fan_out" => broadcast_fan_out(rt),
            other => panic!("unknown workload {other}"),
        }
    }

    fn mpsc_bounded_uncontended(rt: &Runtime) {
        rt.block_on(async {
            let (tx, mut rx) = mpsc::channel::<usize>(1_000);
            for _ in 0..10 {
                for i in 0..1_000 {
                    tx.send(i).await.unwrap();
                }
                for _ in 0..1_000 {
                    black_box(rx.recv().await.unwrap());
                }
            }
        });
    }

    fn mpsc_bounded_contended(rt: &Runtime) {
        rt.block_on(async {
            let (tx, mut rx) = mpsc::channel::<usize>(100);
            for _ in 0..5 {
                let tx = tx.clone();
                runtime::spawn(async move {
                    for i in 0..1_000 {
                        tx.send(i).await.unwrap();
                    }
                });
            }
            drop(tx);
            let mut received = 0;
            while let Some(i) = rx.recv().await {
                black_box(i);
                received += 1;
            }
            assert_eq!(received, 5_000);
        });
    }

    fn mpsc_unbounded_contended(rt: &Runtime) {
        rt.block_on(async {
            let (tx, mut rx) = mpsc::unbounded_channel::<usize>();
            for _ in 0..5 {
                let tx = tx.clone();
                runtime::spawn(async move {
                    for i in 0..1_000 {
                        tx.send(i).unwrap();
                    }
                });
            }
            drop(tx);
            let mut received = 0;
            while let Some(i) = rx.recv().await {
                black_box(i);
                received += 1;
            }
            assert_eq!(received, 5_000);
        });
    }

    fn oneshot_request_reply(rt: &Runtime) {
        rt.block_on(async {
            let (tx, mut rx) = mpsc::channel::<(usize, oneshot::Sender<usize>)>(16);
            let server = runtime::spawn(async move {
                while let Some((request, reply)) = rx.recv().await {
                    let _ = reply.send(request + 1);
                }
            });
            for i in 0..1_000 {
                let (reply_tx, reply_rx) = oneshot::channel();
                tx.send((i, reply_tx)).await.unwrap();
                assert_eq!(reply_rx.await.unwrap(), i + 1);
            }
            drop(tx);
            server.await.unwrap();
        });
    }

    /// `benches/benches/net/main.rs`'s `io_copy_duplex`: 16 MiB written in
    /// 64 KiB pieces by a spawned task into a `duplex(64 KiB)`, copied by
    /// `block_on` into `io::sink()`.
    fn io_copy_duplex(rt: &Runtime) {
        use runtime::io::AsyncWriteExt;
        rt.block_on(async {
            let (mut a, mut b) = runtime::io::duplex(64 << 10);
            let producer = runtime::spawn(async move {
                let chunk = vec![7u8; 64 << 10];
                for _ in 0..256 {
                    a.write_all(&chunk).await.unwrap();
                }
                a.shutdown().await.unwrap();
            });
            let n = runtime::io::copy(&mut b, &mut runtime::io::sink()).await.unwrap();
            assert_eq!(n, 16 << 20);
            producer.await.unwrap();
        });
    }

    /// `benches/benches/sync.rs`'s `broadcast_fan_out`: one sender (in
    /// `block_on`), 10 receiver tasks, 1,000 values each, capacity 1,024.
    fn broadcast_fan_out(rt: &Runtime) {
        rt.block_on(async {
            let (tx, _) = broadcast::channel::<u64>(1024);
            let receivers: Vec<_> = (0..10)
                .map(|_| {
                    let mut rx = tx.subscribe();
                    runtime::spawn(async move {
                        let mut sum = 0u64;
                        while let Ok(v) = rx.recv().await {
                            sum += v;
                        }
                        sum
                    })
                })
                .collect();
            for i in 0..1_000u64 {
                tx.send(i).unwrap();
            }
            drop(tx);
            for r in receivers {
                assert_eq!(r.await.unwrap(), 499_500);
            }
        });
    }

    /// `benches/benches/net/main.rs`'s `io_copy_tcp`: 16 MiB written in
    /// 64 KiB pieces by a spawned task into a loopback TCP connection,
    /// copied by `block_on` into `io::sink()`.
    fn io_copy_tcp(rt: &Runtime) {
        use runtime::io::AsyncWriteExt;
        use runtime::net::{TcpListener, TcpStream};
        rt.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let producer = runtime::spawn(async move {
                let mut stream = TcpStream::connect(addr).await.unwrap();
                let chunk = vec![7u8; 64 << 10];
                for _ in 0..256 {
                    stream.write_all(&chunk).await.unwrap();
                }
                stream.shutdown().await.unwrap();
            });
            let (mut socket, _) = listener.accept().await.unwrap();
            let n = runtime::io::copy(&mut socket, &mut runtime::io::sink()).await.unwrap();
            assert_eq!(n, 16 << 20);
            producer.await.unwrap();
        });
    }

    /// `benches/benches/net/main.rs`'s `tcp_echo`: a fresh echo server,
    /// 50 connections x 100 round trips of 64 bytes, on 127.0.0.1.
    fn tcp_echo(rt: &Runtime) {
        use runtime::io::{AsyncReadExt, AsyncWriteExt};
        use runtime::net::{TcpListener, TcpStream};
        rt.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let server = runtime::spawn(async move {
                let mut conns = Vec::with_capacity(50);
                for _ in 0..50 {
                    let (mut socket, _) = listener.accept().await.unwrap();
                    conns.push(runtime::spawn(async move {
                        let mut buf = [0u8; 64];
                        for _ in 0..100 {
                            socket.read_exact(&mut buf).await.unwrap();
                            socket.write_all(&buf).await.unwrap();
                        }
                    }));
                }
                for c in conns {
                    c.await.unwrap();
                }
            });
            let clients: Vec<_> = (0..50)
                .map(|_| {
                    runtime::spawn(async move {
                        let mut stream = TcpStream::connect(addr).await.unwrap();
                        stream.set_nodelay(true).unwrap();
                        let msg = [7u8; 64];
                        let mut back = [0u8; 64];
                        for _ in 0..100 {
                            stream.write_all(&msg).await.unwrap();
                            stream.read_exact(&mut back).await.unwrap();
                        }
                    })
                })
                .collect();
            for c in clients {
                c.await.unwrap();
            }
            server.await.unwrap();
        });
    }

    /// `scheduler.rs`'s spawn_blocking: 1,000 blocking closures, one at a
    /// time, each awaited before the next.
    fn spawn_blocking(rt: &Runtime) {
        rt.block_on(async {
            for i in 0..1_000usize {
                let out = runtime::task::spawn_blocking(move || black_box(i)).await.unwrap();
                black_box(out);
            }
        });
    }

    fn timeout_fast_path(rt: &Runtime) {
        rt.block_on(async {
            for i in 0..10_000 {
                let r = runtime::time::timeout(std::time::Duration::from_secs(1), async { i }).await;
                black_box(r.unwrap());
            }
        });
    }

    fn semaphore_contended(rt: &Runtime) {
        rt.block_on(async {
            let semaphore = Arc::new(Semaphore::new(2));
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    let semaphore = Arc::clone(&semaphore);
                    runtime::spawn(async move {
                        for _ in 0..500 {
                            let permit = semaphore.acquire().await.unwrap();
                            runtime::task::yield_now().await;
                            drop(permit);
                        }
                    })
                })
                .collect();
            for handle in handles {
                handle.await.unwrap();
            }
        });
    }

    fn notify_ping_pong(rt: &Runtime) {
        rt.block_on(async {
            let ping = Arc::new(Notify::new());
            let pong = Arc::new(Notify::new());
            let partner = {
                let (ping, pong) = (Arc::clone(&ping), Arc::clone(&pong));
                runtime::spawn(async move {
                    for _ in 0..1_000 {
                        ping.notified().await;
                        pong.notify_one();
                    }
                })
            };
            for _ in 0..1_000 {
                ping.notify_one();
                pong.notified().await;
            }
            partner.await.unwrap();
        });
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: sync_driver <rt|tokio> <workload> [iterations] [multi|current]";
    let which = args.next().expect(usage);
    let workload = args.next().expect(usage);
    let n: usize = args.next().map_or(10, |s| s.parse().expect(usage));
    let flavour = match args.next().as_deref() {
        None | Some("multi") => benches::Flavour::MultiThread,
        Some("current") => benches::Flavour::CurrentThread,
        Some(_) => panic!("{usage}"),
    };
    let start = std::time::Instant::now();
    match which.as_str() {
        "rt" => {
            let rt = rt_impl::build(flavour);
            for _ in 0..n {
                rt_impl::run(&rt, &workload);
            }
        }
        "tokio" => {
            let rt = tokio_impl::build(flavour);
            for _ in 0..n {
                tokio_impl::run(&rt, &workload);
            }
        }
        _ => panic!("{usage}"),
    }
    eprintln!("{which} {workload} x{n}: {:?}", start.elapsed());
}
