//! TCP, UDP and Unix-domain sockets for the rt runtime — Tokio's
//! `tokio::net`, re-exported by the `rt` facade as `rt::net`.
//!
//! # Contents
//!
//! - **TCP.** [`TcpListener`] (accepts connections), [`TcpStream`] (a
//!   connection: [`AsyncRead`](rt_io::AsyncRead) +
//!   [`AsyncWrite`](rt_io::AsyncWrite), split into halves with
//!   [`split`](TcpStream::split) or [`into_split`](TcpStream::into_split)),
//!   and [`TcpSocket`] (a socket configured before it connects or listens).
//! - **UDP.** [`UdpSocket`].
//! - **Unix domain sockets.** [`UnixListener`], [`UnixStream`],
//!   [`UnixDatagram`], and the [`unix`] module's helpers.
//! - **Name resolution.** [`lookup_host`], and the [`ToSocketAddrs`] trait
//!   every address argument accepts (`"127.0.0.1:8080"`,
//!   `("localhost", 80)`, a [`SocketAddr`](std::net::SocketAddr), ...).
//!   Host names are resolved on the blocking pool, never on a worker.
//!
//! # How a socket works
//!
//! Every socket is non-blocking and registered with the runtime's I/O
//! driver (rt-io's reactor) when it is created. An async method tries
//! the system call; if the OS says it would block, the task waits for
//! the reactor to report readiness and tries again. The `try_*` methods
//! make one attempt and return [`ErrorKind::WouldBlock`] instead of
//! waiting; [`readable`](TcpStream::readable),
//! [`writable`](TcpStream::writable) and [`ready`](TcpStream::ready) wait
//! for readiness without doing I/O, for use with them.
//!
//! # Cancel safety
//!
//! Every async method says under `# Cancel safety` whether dropping its
//! future before completion (as `select!` does with the losing
//! branches) can lose data. Cancel safe: `accept`, `readable`,
//! `writable`, `ready`, `peek`, `recv`, `recv_from`, `peek_from`,
//! `peek_sender`, `send`, `send_to` (a datagram is sent whole or not at
//! all), and [`AsyncReadExt::read`](rt_io::AsyncReadExt::read) /
//! [`AsyncWriteExt::write`](rt_io::AsyncWriteExt::write) on the streams.
//! Not cancel safe: `connect` (a half-open connection attempt is
//! abandoned; nothing else is lost), `bind` and [`lookup_host`] (a
//! name lookup already running on the blocking pool completes and is
//! discarded).
//!
//! # Runtime requirements
//!
//! Sockets must be created inside a runtime with the I/O driver (the
//! facade's `enable_io()` / `enable_all()`, or rt-core's
//! `Builder::driver_layer(rt_io::driver_layer())`). Creating one outside
//! a runtime, or on a runtime without the driver, panics with a message
//! saying so. A socket keeps working on any runtime thread; once its
//! runtime shuts down, its operations fail with an `io::Error`.
//!
//! # Portability
//!
//! Unix only (Linux is what the test suite runs on). The socket options
//! std has no API for (`TcpSocket`, `SO_LINGER`, `SO_PEERCRED`) go
//! through the `libc` crate, in one module.
//!
//! [`ErrorKind::WouldBlock`]: std::io::ErrorKind::WouldBlock
//!
//! # Examples
//!
//! An echo server and a client on one runtime:
//!
//! ```
//! use rt_io::{AsyncReadExt, AsyncWriteExt};
//! use rt_net::{TcpListener, TcpStream};
//!
//! let rt = rt_core::runtime::Builder::new_current_thread()
//!     .driver_layer(rt_io::driver_layer())
//!     .build()
//!     .unwrap();
//! rt.block_on(async {
//!     let listener = TcpListener::bind("127.0.0.1:0").await?;
//!     let addr = listener.local_addr()?;
//!     let server = rt_core::spawn(async move {
//!         let (mut socket, _peer) = listener.accept().await?;
//!         let (mut rd, mut wr) = socket.split();
//!         rt_io::copy(&mut rd, &mut wr).await
//!     });
//!
//!     let mut client = TcpStream::connect(addr).await?;
//!     client.write_all(b"ping").await?;
//!     let mut reply = [0u8; 4];
//!     client.read_exact(&mut reply).await?;
//!     assert_eq!(&reply, b"ping");
//!     drop(client);
//!     assert_eq!(server.await??, 4);
//!     Ok::<_, std::io::Error>(())
//! })
//! .unwrap();
//! ```
#![cfg(unix)]
#![deny(unsafe_op_in_unsafe_fn)]
#![doc(test(attr(deny(warnings))))]

mod addr;
mod sys;
pub mod tcp;
mod udp;
pub mod unix;

pub use addr::{lookup_host, ToSocketAddrs};
pub use tcp::listener::TcpListener;
pub use tcp::socket::TcpSocket;
pub use tcp::stream::TcpStream;
pub use udp::UdpSocket;
pub use unix::datagram::UnixDatagram;
pub use unix::listener::UnixListener;
pub use unix::stream::UnixStream;
