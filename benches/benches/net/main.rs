//! `net` and `io` workloads (issues 4, 5 and 10), rt beside tokio: TCP
//! echo over loopback (127.0.0.1 only), 50 connections × 64-byte round
//! trips; `io::copy` of 16 MiB through a duplex pipe and over loopback TCP.
//!
//! Each function below is one iteration; [`benches::rt_and_tokio!`]
//! compiles it against `::rt` and against `::tokio` (the alias `runtime`).
//!
//! `tcp_echo/multi_thread` also holds a third benchmark, `mio_limit`: the
//! same traffic on hand-written thread-per-core mio loops with as many
//! threads as the runtimes have workers (see [`mio_limit`]), the limit
//! issue 10 compares `tcp_echo` against.
// criterion_group!/criterion_main! and the macro's modules generate items
// without docs; the workloads are documented here and in BENCHMARKS.md.
#![allow(missing_docs)]

mod mio_limit;

/// `tcp_echo`'s connections per iteration.
const CONNECTIONS: usize = 50;
/// `tcp_echo`'s round trips per connection.
const ROUND_TRIPS: usize = 100;
/// `tcp_echo`'s message size, in bytes.
const MESSAGE: usize = 64;

/// `tcp_echo`'s traffic, for the mio limit.
const TCP_ECHO: mio_limit::Traffic = mio_limit::Traffic {
    connections: CONNECTIONS,
    round_trips: ROUND_TRIPS,
    message: MESSAGE,
};

/// The limit's benchmark id inside the `tcp_echo/multi_thread` group
/// (`cargo xtask bench` looks for it by this name).
const LIMIT_ID: &str = "mio_limit";

benches::rt_and_tokio! {
    // tcp_echo comes last so that its mio limit, registered after the
    // macro's groups, runs (and prints) right after its rt and tokio results.
    workloads {
        io_copy_duplex: [MultiThread],
        io_copy_tcp: [MultiThread],
        tcp_echo: [MultiThread],
    }

    use runtime::io::{AsyncReadExt, AsyncWriteExt};
    use runtime::net::{TcpListener, TcpStream};

    /// Bytes moved by the io_copy workloads, in writes of COPY_CHUNK.
    const COPY_BYTES: usize = 16 << 20;
    const COPY_CHUNK: usize = 64 << 10;

    /// Writes COPY_BYTES into `w` in COPY_CHUNK pieces, then shuts it down.
    async fn produce<W: runtime::io::AsyncWrite + Unpin>(mut w: W) {
        let chunk = vec![1u8; COPY_CHUNK];
        for _ in 0..COPY_BYTES / COPY_CHUNK {
            w.write_all(&chunk).await.unwrap();
        }
        w.shutdown().await.unwrap();
    }

    /// `io::copy` from a duplex pipe (64 KiB buffer) into `io::sink()`.
    pub(crate) fn io_copy_duplex(rt: &Runtime) {
        rt.block_on(async {
            let (a, mut b) = runtime::io::duplex(64 << 10);
            let producer = runtime::spawn(produce(a));
            let n = runtime::io::copy(&mut b, &mut runtime::io::sink()).await.unwrap();
            assert_eq!(n as usize, COPY_BYTES);
            producer.await.unwrap();
        });
    }

    /// `io::copy` from a loopback TCP connection into `io::sink()`.
    pub(crate) fn io_copy_tcp(rt: &Runtime) {
        rt.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let producer = runtime::spawn(async move {
                let stream = TcpStream::connect(addr).await.unwrap();
                produce(stream).await;
            });
            let (mut socket, _) = listener.accept().await.unwrap();
            let n = runtime::io::copy(&mut socket, &mut runtime::io::sink()).await.unwrap();
            assert_eq!(n as usize, COPY_BYTES);
            producer.await.unwrap();
        });
    }

    /// A fresh echo server per iteration; 50 client connections each make
    /// 100 round trips of 64 bytes.
    pub(crate) fn tcp_echo(rt: &Runtime) {
        rt.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let server = runtime::spawn(async move {
                let mut conns = Vec::with_capacity(CONNECTIONS);
                for _ in 0..CONNECTIONS {
                    let (mut socket, _) = listener.accept().await.unwrap();
                    conns.push(runtime::spawn(async move {
                        let mut buf = [0u8; MESSAGE];
                        for _ in 0..ROUND_TRIPS {
                            socket.read_exact(&mut buf).await.unwrap();
                            socket.write_all(&buf).await.unwrap();
                        }
                    }));
                }
                for c in conns {
                    c.await.unwrap();
                }
            });
            let clients: Vec<_> = (0..CONNECTIONS)
                .map(|_| {
                    runtime::spawn(async move {
                        let mut stream = TcpStream::connect(addr).await.unwrap();
                        stream.set_nodelay(true).unwrap();
                        let msg = [7u8; MESSAGE];
                        let mut back = [0u8; MESSAGE];
                        for _ in 0..ROUND_TRIPS {
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
}

/// rt's and tokio's benchmarks (the macro's `register`), then the mio limit
/// as the third benchmark of the `tcp_echo/multi_thread` group. Criterion
/// allows a group name again as long as each full benchmark id is unique.
fn register_with_limit(c: &mut criterion::Criterion) {
    register(c);
    let mut group = c.benchmark_group(format!("tcp_echo/{}", benches::Flavour::MultiThread));
    // Like a runtime, the threads are started the first time the benchmark
    // runs (a filter that skips it starts none) and kept for all iterations.
    let mut built = None;
    group.bench_function(LIMIT_ID, |b| {
        let limit =
            built.get_or_insert_with(|| mio_limit::EchoLimit::start(benches::workers(), TCP_ECHO));
        b.iter(|| limit.run())
    });
    group.finish();
}

criterion::criterion_group!(benches, register_with_limit);
criterion::criterion_main!(benches);
