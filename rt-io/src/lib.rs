//! Asynchronous I/O for the rt runtime: the reactor, the I/O traits, and
//! the I/O utilities — Tokio's `tokio::io`, re-exported by the `rt` facade
//! as `rt::io`.
//!
//! # Contents
//!
//! - **Traits.** [`AsyncRead`] (with the uninitialised-memory-safe
//!   [`ReadBuf`]), [`AsyncWrite`], [`AsyncBufRead`], [`AsyncSeek`], and the
//!   extension traits whose methods return futures: [`AsyncReadExt`],
//!   [`AsyncWriteExt`], [`AsyncBufReadExt`], [`AsyncSeekExt`]. Implemented
//!   for `&[u8]`, `Vec<u8>`, `std::io::Cursor`, `Box`, `&mut`, `Pin`.
//! - **Utilities.** [`BufReader`], [`BufWriter`], [`BufStream`], [`copy`],
//!   [`copy_buf`], [`copy_bidirectional`], [`split`], [`join`],
//!   [`duplex`], [`empty`], [`sink`], [`repeat`], [`stdin`], [`stdout`],
//!   [`stderr`].
//! - **The reactor.** [`driver_layer`] installs a mio-based reactor as the
//!   runtime's Park layer; [`unix::AsyncFd`] plugs any file descriptor into
//!   it, with [`Interest`] and [`Ready`] describing readiness.
//!
//! # Cancel safety
//!
//! Every async method documents, under `# Cancel safety`, whether dropping
//! its future before completion (as `select!` does with the losing
//! branches) can lose data. Cancel safe: `read`, `read_buf`, `write`,
//! `write_vectored`, `write_buf`, `write_all_buf`, `read_until`,
//! `fill_buf`, `Lines::next_line`, `Split::next_segment`,
//! `AsyncFd::{readable, writable, ready}` (and their `_mut` forms),
//! `flush`, `shutdown` (nothing lost; call again), `read_to_end` (nothing
//! lost; the data stays in the vector). Not cancel safe: `read_exact`,
//! `read_to_string`, `read_line`, `write_all`, the `read_<number>` /
//! `write_<number>` methods, `seek`, `copy`, `copy_bidirectional`.
//!
//! # Runtime requirements
//!
//! In-memory types (`&[u8]`, `duplex`, `BufReader` over them, ...) work
//! on any executor. Reactor-backed types ([`unix::AsyncFd`], rt-net's
//! sockets) must be created inside a runtime with the I/O driver; they
//! panic otherwise, saying to build the runtime with `enable_io()` or
//! `enable_all()`. I/O failures are returned as `io::Error`, never panics.
//!
//! ```
//! use rt_io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
//!
//! let rt = rt_core::runtime::Builder::new_current_thread()
//!     .driver_layer(rt_io::driver_layer())
//!     .build()
//!     .unwrap();
//! rt.block_on(async {
//!     let (client, server) = rt_io::duplex(1024);
//!     let echo = rt_core::spawn(async move {
//!         let (r, mut w) = rt_io::split(server);
//!         let mut lines = BufReader::new(r).lines();
//!         while let Some(line) = lines.next_line().await.unwrap() {
//!             w.write_all(line.to_uppercase().as_bytes()).await.unwrap();
//!             w.write_all(b"\n").await.unwrap();
//!         }
//!     });
//!     let (r, mut w) = rt_io::split(client);
//!     w.write_all(b"hello\nworld\n").await.unwrap();
//!     let mut lines = BufReader::new(r).lines();
//!     assert_eq!(lines.next_line().await.unwrap().as_deref(), Some("HELLO"));
//!     assert_eq!(lines.next_line().await.unwrap().as_deref(), Some("WORLD"));
//!     drop(w);
//!     drop(lines);
//!     echo.await.unwrap();
//! });
//! ```
#![deny(unsafe_op_in_unsafe_fn)]

mod async_buf_read;
mod async_read;
mod async_seek;
mod async_write;
pub mod buf;
mod driver;
mod interest;
mod loom;
mod poll_evented;
mod read_buf;
mod ready;
mod split;
mod stdio;
mod util;

#[cfg(unix)]
mod async_fd;

pub use async_buf_read::AsyncBufRead;
pub use async_read::AsyncRead;
pub use async_seek::AsyncSeek;
pub use async_write::AsyncWrite;
pub use driver::driver_layer;
pub use interest::Interest;
pub use read_buf::ReadBuf;
pub use ready::Ready;
pub use split::{split, ReadHalf, WriteHalf};
pub use std::io::{Error, ErrorKind, Result, SeekFrom};
pub use stdio::{stderr, stdin, stdout, Stderr, Stdin, Stdout};
pub use util::async_buf_read_ext::AsyncBufReadExt;
pub use util::async_read_ext::AsyncReadExt;
pub use util::async_seek_ext::AsyncSeekExt;
pub use util::async_write_ext::AsyncWriteExt;
pub use util::buf_read::{Lines, Split};
pub use util::buf_reader::BufReader;
pub use util::buf_stream::BufStream;
pub use util::buf_writer::BufWriter;
pub use util::chain::Chain;
pub use util::copy::copy;
pub use util::copy_bidirectional::{copy_bidirectional, copy_bidirectional_with_sizes};
pub use util::copy_buf::copy_buf;
pub use util::empty::{empty, Empty};
pub use util::join::{join, Join};
pub use util::mem::{duplex, DuplexStream};
pub use util::repeat::{repeat, Repeat};
pub use util::sink::{sink, Sink};
pub use util::take::Take;

/// Unix-specific I/O: [`AsyncFd`](unix::AsyncFd), the public way to plug
/// any file descriptor into the reactor.
///
/// ```
/// use rt_io::unix::AsyncFd;
/// use std::io::{Read, Write};
/// use std::os::unix::net::UnixStream;
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_io::driver_layer())
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     let (a, mut b) = UnixStream::pair().unwrap();
///     a.set_nonblocking(true).unwrap();
///     let a = AsyncFd::new(a).unwrap();
///     // Wait until the socket is writable, then write without blocking.
///     let n = a
///         .async_io(rt_io::Interest::WRITABLE, |mut s| s.write(b"ping"))
///         .await
///         .unwrap();
///     assert_eq!(n, 4);
///     let mut got = [0u8; 4];
///     b.read_exact(&mut got).unwrap();
///     assert_eq!(&got, b"ping");
/// });
/// ```
#[cfg(unix)]
pub mod unix {
    pub use crate::async_fd::{
        AsyncFd, AsyncFdReadyGuard, AsyncFdReadyMutGuard, AsyncFdTryNewError, TryIoError,
    };
}

/// Building blocks for rt's sibling crates (rt-net, rt-signal,
/// rt-process): **not** part of the public API.
///
/// These types name mio types in their signatures, which rt keeps out of
/// its public API; they are `pub` only so that sibling crates can build
/// their sockets on the reactor, may change in any release, and are
/// hidden from the documentation. Applications use
/// [`unix::AsyncFd`](crate::unix::AsyncFd) instead.
#[doc(hidden)]
pub mod unstable {
    pub use crate::driver::registration::Registration;
    pub use crate::driver::scheduled_io::ReadyEvent;
    pub use crate::poll_evented::PollEvented;
}
