//! [`stdin`], [`stdout`], [`stderr`]: the process's standard streams,
//! through the runtime's blocking pool.
//!
//! The OS offers no portable non-blocking mode for these handles, so every
//! read and write runs as a `spawn_blocking` job (one at a time per
//! handle). Writes are *write-behind*: `poll_write` copies the bytes and
//! returns at once; an error surfaces on the next write or on `flush`, so
//! flush before exiting.
//!
//! # Panics
//!
//! Reading or writing outside a runtime panics (as `spawn_blocking`
//! does). Creating the handles never panics.

mod blocking;

use crate::async_read::AsyncRead;
use crate::async_write::AsyncWrite;
use crate::read_buf::ReadBuf;
use blocking::Blocking;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A handle to the process's standard input; created by [`stdin()`].
///
/// A blocking-pool read that is waiting for input cannot be cancelled:
/// dropping a `Stdin` while a read is pending leaves that pool thread
/// blocked until input arrives (or stdin closes). For interactive
/// programs, spawn one reader task for the life of the program.
///
/// # Examples
///
/// See [`stdin()`] for use.
///
/// ```
/// let handle: rt_io::Stdin = rt_io::stdin();
/// # drop(handle);
/// ```
#[derive(Debug)]
pub struct Stdin {
    inner: Blocking<io::Stdin>,
}

/// A handle to the process's standard output; created by [`stdout()`].
///
/// Writes go through an in-order write-behind queue of depth one; call
/// [`flush`](crate::AsyncWriteExt::flush) to wait for them.
///
/// # Examples
///
/// See [`stdout()`] for use.
///
/// ```
/// let handle: rt_io::Stdout = rt_io::stdout();
/// # drop(handle);
/// ```
#[derive(Debug)]
pub struct Stdout {
    inner: Blocking<io::Stdout>,
}

/// A handle to the process's standard error; created by [`stderr()`].
///
/// # Examples
///
/// See [`stderr()`] for use.
///
/// ```
/// let handle: rt_io::Stderr = rt_io::stderr();
/// # drop(handle);
/// ```
#[derive(Debug)]
pub struct Stderr {
    inner: Blocking<io::Stderr>,
}

/// Returns a handle to standard input.
///
/// # Examples
///
/// ```no_run
/// use rt_io::AsyncBufReadExt;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut lines = rt_io::BufReader::new(rt_io::stdin()).lines();
///     while let Some(line) = lines.next_line().await.unwrap() {
///         println!("read: {line}");
///     }
/// });
/// ```
pub fn stdin() -> Stdin {
    Stdin {
        inner: Blocking::new(io::stdin()),
    }
}

/// Returns a handle to standard output.
///
/// # Examples
///
/// ```
/// use rt_io::AsyncWriteExt;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut out = rt_io::stdout();
///     out.write_all(b"hello from rt-io\n").await.unwrap();
///     out.flush().await.unwrap();
/// });
/// ```
pub fn stdout() -> Stdout {
    Stdout {
        inner: Blocking::new(io::stdout()),
    }
}

/// Returns a handle to standard error.
///
/// # Examples
///
/// ```
/// use rt_io::AsyncWriteExt;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut err = rt_io::stderr();
///     err.write_all(b"a diagnostic\n").await.unwrap();
///     err.flush().await.unwrap();
/// });
/// ```
pub fn stderr() -> Stderr {
    Stderr {
        inner: Blocking::new(io::stderr()),
    }
}

impl AsyncRead for Stdin {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.get_mut().inner.poll_read(cx, buf)
    }
}

macro_rules! blocking_writer {
    ($ty:ty) => {
        impl AsyncWrite for $ty {
            fn poll_write(
                self: Pin<&mut Self>,
                cx: &mut Context<'_>,
                buf: &[u8],
            ) -> Poll<io::Result<usize>> {
                self.get_mut().inner.poll_write(cx, buf)
            }

            fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
                self.get_mut().inner.poll_flush(cx)
            }

            fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
                // The process's stream stays open; shutting down flushes.
                self.get_mut().inner.poll_flush(cx)
            }
        }
    };
}

blocking_writer!(Stdout);
blocking_writer!(Stderr);

macro_rules! as_raw_fd {
    ($ty:ty, $std:path) => {
        impl std::os::fd::AsRawFd for $ty {
            fn as_raw_fd(&self) -> std::os::fd::RawFd {
                std::os::fd::AsRawFd::as_raw_fd(&$std())
            }
        }
    };
}

#[cfg(unix)]
as_raw_fd!(Stdin, io::stdin);
#[cfg(unix)]
as_raw_fd!(Stdout, io::stdout);
#[cfg(unix)]
as_raw_fd!(Stderr, io::stderr);
