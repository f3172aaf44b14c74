//! The `hyper-hello` server of `rt-hyper/examples/hyper-hello.rs`, on
//! Tokio + hyper-util: the baseline `cargo xtask hyper-bench` compares rt
//! with.
//!
//! ```text
//! cargo run --release -p benches --example hyper_hello_tokio -- [PORT] [WORKERS]
//! ```
//!
//! Same program line for line: `PORT` (argument or environment variable,
//! default 3000) on 127.0.0.1, `WORKERS` (likewise, default one per CPU)
//! for the multi-thread runtime, one task per connection with hyper's
//! `server::conn::http1` over hyper-util's `TokioIo`, `TokioTimer` for the
//! header read timeout, `TCP_NODELAY`, and `listening on http://<address>`
//! on stdout once bound.

use std::convert::Infallible;
use std::io::{self, Write as _};

use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;

/// The whole application.
async fn hello(_: Request<Incoming>) -> Result<Response<String>, Infallible> {
    Ok(Response::new(String::from("hello")))
}

/// Accepts connections on `listener` forever, one task each.
async fn serve(listener: TcpListener) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new());
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _peer)) => stream,
            Err(err) => {
                eprintln!("accept: {err}");
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let conn = http.serve_connection(TokioIo::new(stream), service_fn(hello));
        tokio::spawn(async move {
            if let Err(err) = conn.await {
                eprintln!("connection: {err:?}");
            }
        });
    }
}

/// The `index`th command-line argument, else the environment variable
/// `var`, parsed; `None` when neither is set.
fn setting(index: usize, var: &str) -> io::Result<Option<usize>> {
    let Some(text) = std::env::args()
        .nth(index)
        .or_else(|| std::env::var(var).ok())
    else {
        return Ok(None);
    };
    text.parse().map(Some).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{var}: expected a number, got `{text}`"),
        )
    })
}

fn main() -> io::Result<()> {
    let port = setting(1, "PORT")?.unwrap_or(3000);
    let port = u16::try_from(port)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "PORT: not a port"))?;
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    builder.enable_all();
    if let Some(workers) = setting(2, "WORKERS")? {
        builder.worker_threads(workers);
    }
    let rt = builder.build()?;
    rt.block_on(async {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        println!("listening on http://{}", listener.local_addr()?);
        io::stdout().flush()?;
        serve(listener).await;
        Ok(())
    })
}
