//! [hyper] 1.x on the rt runtime.
//!
//! hyper does no I/O, spawning or timing of its own: it asks its user for
//! an I/O object implementing [`hyper::rt::Read`] + [`hyper::rt::Write`],
//! an [`Executor`](hyper::rt::Executor) for background tasks and a
//! [`Timer`](hyper::rt::Timer) for timeouts. This crate implements those
//! traits for rt, so hyper's `server::conn` and `client::conn` APIs run
//! on rt's reactor, scheduler and timer wheel:
//!
//! | hyper wants | rt gives | here |
//! |---|---|---|
//! | `rt::Read` + `rt::Write` | any [`rt_io::AsyncRead`] + [`rt_io::AsyncWrite`] (`TcpStream`, `UnixStream`, ...) | [`RtIo`] (also the other way round) |
//! | `rt::Executor<F>` | `rt::spawn` | [`RtExecutor`] |
//! | `rt::Timer`, `rt::Sleep` | `rt::time::sleep`, `Sleep::reset` | [`RtTimer`], [`RtSleep`] |
//!
//! It is the rt counterpart of the runtime glue in `hyper-util`'s `rt`
//! module, and nothing more: no connection pool, no graceful shutdown,
//! no service adapters. The `rt` facade re-exports it as
//! `rt::compat::hyper` with its `hyper` feature (not part of `full`).
//!
//! This crate turns on no hyper feature; the application's own `hyper`
//! dependency picks the protocols (`http1`, `http2`, `server`, `client`).
//! hyper itself always depends on `tokio` (feature `sync` only, for its
//! internal channels); no Tokio runtime is started or needed.
//!
//! # Examples
//!
//! An HTTP/1.1 server answering "hello", one task per connection (a
//! longer one is `examples/hyper-hello.rs`):
//!
//! ```
//! use hyper::{body::Incoming, service::service_fn, Request, Response};
//! use rt::io::{AsyncReadExt, AsyncWriteExt};
//! use rt_hyper::{RtIo, RtTimer};
//! use std::convert::Infallible;
//!
//! async fn hello(_: Request<Incoming>) -> Result<Response<String>, Infallible> {
//!     Ok(Response::new(String::from("hello")))
//! }
//!
//! let rt = rt::runtime::Builder::new_multi_thread()
//!     .worker_threads(2)
//!     .enable_all()
//!     .build()
//!     .unwrap();
//! rt.block_on(async {
//!     let listener = rt::net::TcpListener::bind("127.0.0.1:0").await?;
//!     let addr = listener.local_addr()?;
//!     rt::spawn(async move {
//!         loop {
//!             let Ok((stream, _)) = listener.accept().await else { continue };
//!             rt::spawn(async move {
//!                 let _ = hyper::server::conn::http1::Builder::new()
//!                     .timer(RtTimer::new())
//!                     .serve_connection(RtIo::new(stream), service_fn(hello))
//!                     .await;
//!             });
//!         }
//!     });
//!
//!     // A raw HTTP/1.1 client.
//!     let mut client = rt::net::TcpStream::connect(addr).await?;
//!     client
//!         .write_all(b"GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
//!         .await?;
//!     let mut response = String::new();
//!     client.read_to_string(&mut response).await?;
//!     assert!(response.starts_with("HTTP/1.1 200 OK\r\n"));
//!     assert!(response.ends_with("\r\n\r\nhello"));
//!     Ok::<_, std::io::Error>(())
//! })
//! .unwrap();
//! ```
//!
//! [hyper]: https://docs.rs/hyper/1
#![deny(unsafe_op_in_unsafe_fn)]

mod executor;
mod io;
mod timer;

pub use executor::RtExecutor;
pub use io::RtIo;
pub use timer::{RtSleep, RtTimer};
