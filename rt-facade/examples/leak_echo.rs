//! Leak-check workload (issue 11; run by `cargo xtask leak` under valgrind):
//! a TCP echo server on 127.0.0.1 with 100 clients exchanging 1 KiB
//! messages, then the runtime is dropped with connections still open.

use rt::io::{AsyncReadExt, AsyncWriteExt};

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let rt = rt::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let listener = rt::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        rt::spawn(async move {
            while let Ok((mut s, _)) = listener.accept().await {
                rt::spawn(async move {
                    let mut buf = vec![0u8; 1024];
                    while s.read_exact(&mut buf).await.is_ok() {
                        if s.write_all(&buf).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        let mut clients = Vec::new();
        for _ in 0..100 {
            clients.push(rt::spawn(async move {
                let mut s = rt::net::TcpStream::connect(addr).await.unwrap();
                let msg = vec![9u8; 1024];
                let mut back = vec![0u8; 1024];
                for _ in 0..rounds {
                    s.write_all(&msg).await.unwrap();
                    s.read_exact(&mut back).await.unwrap();
                }
                s // keep the connection open past the runtime's drop
            }));
        }
        let mut open = Vec::new();
        for c in clients {
            open.push(c.await.unwrap());
        }
        // The client sockets close here; the server's connection tasks are
        // still pending on reads and are dropped with the runtime.
        drop(open);
    });
    drop(rt);
    println!("leak_echo: 100 clients x {rounds} round trips done");
}
