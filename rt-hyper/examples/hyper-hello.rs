//! An HTTP/1.1 server on rt that answers every request with `hello`.
//!
//! ```text
//! cargo run --release -p rt-hyper --example hyper-hello -- [PORT] [WORKERS]
//! curl http://127.0.0.1:3000/
//! ```
//!
//! `PORT` (argument or environment variable, default 3000) is the port on
//! 127.0.0.1; `WORKERS` (likewise) the multi-thread runtime's worker
//! count, by default one per CPU. Each connection is one task running
//! hyper's `server::conn::http1` over [`RtIo`], with [`RtTimer`] for
//! hyper's header read timeout. Once listening it prints
//! `listening on http://<address>` on stdout.
//!
//! The same server on Tokio + hyper-util is
//! `benches/examples/hyper_hello_tokio.rs`; `cargo xtask hyper-bench`
//! loads both with `wrk`. `tests/hyper_curl.rs` includes this file as a
//! module and calls [`serve`].

use std::convert::Infallible;
use std::io::{self, Write as _};

use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use rt::net::TcpListener;
use rt_hyper::{RtIo, RtTimer};

/// The whole application.
async fn hello(_: Request<Incoming>) -> Result<Response<String>, Infallible> {
    Ok(Response::new(String::from("hello")))
}

/// Accepts connections on `listener` forever, one task each.
pub(crate) async fn serve(listener: TcpListener) {
    let mut http = http1::Builder::new();
    http.timer(RtTimer::new());
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _peer)) => stream,
            Err(err) => {
                // Out of file descriptors and the like: back off a little
                // rather than spin.
                eprintln!("accept: {err}");
                rt::time::sleep(std::time::Duration::from_millis(10)).await;
                continue;
            }
        };
        // Responses are written whole; don't let Nagle hold the next one
        // back behind an unacknowledged segment.
        let _ = stream.set_nodelay(true);
        let conn = http.serve_connection(RtIo::new(stream), service_fn(hello));
        rt::spawn(async move {
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
    let mut builder = rt::runtime::Builder::new_multi_thread();
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
