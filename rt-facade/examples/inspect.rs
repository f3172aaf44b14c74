//! Observability beyond Tokio, on a small server with one bad handler.
//!
//! A TCP server on 127.0.0.1 handles each connection in a named task. One
//! handler blocks its worker with `std::thread::sleep` (the classic
//! mistake). The runtime's slow-poll detector reports it with the task's
//! name and spawn location, and a task dump taken while clients are
//! connected shows every live task, its state and its poll count.
//!
//! Run: `cargo run --release -p rt --example inspect`

use rt::io::{AsyncReadExt, AsyncWriteExt};
use rt::net::{TcpListener, TcpStream};
use std::time::Duration;

async fn handle(mut socket: TcpStream, blocking: bool) {
    let mut buf = [0u8; 16];
    while let Ok(n) = socket.read(&mut buf).await {
        if n == 0 {
            return;
        }
        if blocking {
            // Don't do this: it stalls every task queued on this worker.
            // Use rt::task::spawn_blocking or rt::time::sleep instead.
            std::thread::sleep(Duration::from_millis(120));
        }
        if socket.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}

fn main() -> std::io::Result<()> {
    let rt = rt::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .slow_poll_threshold(Duration::from_millis(50))
        .on_slow_poll(|report| println!("SLOW POLL  {report}"))
        .build()?;

    rt.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        rt::task::Builder::new()
            .name("acceptor")
            .spawn(async move {
                let mut n = 0;
                while let Ok((socket, _)) = listener.accept().await {
                    n += 1;
                    // Connection 3 gets the badly written handler.
                    let name = format!("conn-{n}");
                    rt::task::Builder::new()
                        .name(&name)
                        .spawn(handle(socket, n == 3))
                        .expect("spawn");
                }
            })?;

        // Five clients that each send a few messages and stay connected.
        let mut clients = Vec::new();
        for _ in 0..5 {
            let mut s = TcpStream::connect(addr).await?;
            for _ in 0..3 {
                s.write_all(b"ping").await?;
                let mut back = [0u8; 4];
                s.read_exact(&mut back).await?;
            }
            clients.push(s);
        }

        let dump = rt::runtime::Handle::current().dump().await;
        println!("\nTASK DUMP\n{dump}");
        drop(clients);
        Ok(())
    })
}
