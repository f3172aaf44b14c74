//! The piped standard streams of a child: non-blocking pipes registered
//! with the reactor.

use rt_io::unstable::PollEvented;
use rt_io::{AsyncRead, AsyncWrite, Interest, ReadBuf};
use std::fmt;
use std::io::{self, IoSlice};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};
use std::pin::Pin;
use std::task::{Context, Poll};

/// The child's stdin, when it was configured with `Stdio::piped()`: an
/// [`AsyncWrite`]. Dropping it closes the pipe (the child then reads end
/// of file).
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer())
/// #     .driver_layer(rt_signal::driver_layer())
/// #     .build()
/// #     .unwrap();
/// # rt.block_on(async {
/// use rt_io::{AsyncReadExt, AsyncWriteExt};
/// use rt_process::{Command, Stdio};
///
/// let mut cat = Command::new("cat")
///     .stdin(Stdio::piped())
///     .stdout(Stdio::piped())
///     .spawn()?;
/// let mut stdin = cat.stdin.take().unwrap();
/// stdin.write_all(b"ping").await?;
/// drop(stdin); // end of file for cat
/// let mut echoed = String::new();
/// cat.stdout.take().unwrap().read_to_string(&mut echoed).await?;
/// assert_eq!(echoed, "ping");
/// assert!(cat.wait().await?.success());
/// # Ok::<(), std::io::Error>(())
/// # }).unwrap();
/// ```
pub struct ChildStdin {
    io: PollEvented<mio::unix::pipe::Sender>,
}

/// The child's stdout, when it was configured with `Stdio::piped()`: an
/// [`AsyncRead`] that reads end of file once the child closed it.
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer())
/// #     .driver_layer(rt_signal::driver_layer())
/// #     .build()
/// #     .unwrap();
/// # rt.block_on(async {
/// use rt_io::AsyncReadExt;
/// use rt_process::{Command, Stdio};
///
/// let mut child = Command::new("echo").arg("hi").stdout(Stdio::piped()).spawn()?;
/// let mut out = Vec::new();
/// child.stdout.take().unwrap().read_to_end(&mut out).await?;
/// assert_eq!(out, b"hi\n");
/// child.wait().await?;
/// # Ok::<(), std::io::Error>(())
/// # }).unwrap();
/// ```
pub struct ChildStdout {
    io: PollEvented<mio::unix::pipe::Receiver>,
}

/// The child's stderr, when it was configured with `Stdio::piped()`: an
/// [`AsyncRead`].
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer())
/// #     .driver_layer(rt_signal::driver_layer())
/// #     .build()
/// #     .unwrap();
/// # rt.block_on(async {
/// use rt_io::AsyncReadExt;
/// use rt_process::{Command, Stdio};
///
/// let mut child = Command::new("sh")
///     .args(["-c", "echo oops >&2"])
///     .stderr(Stdio::piped())
///     .spawn()?;
/// let mut err = String::new();
/// child.stderr.take().unwrap().read_to_string(&mut err).await?;
/// assert_eq!(err, "oops\n");
/// child.wait().await?;
/// # Ok::<(), std::io::Error>(())
/// # }).unwrap();
/// ```
pub struct ChildStderr {
    io: PollEvented<mio::unix::pipe::Receiver>,
}

impl ChildStdin {
    pub(crate) fn new(std: std::process::ChildStdin) -> io::Result<ChildStdin> {
        let pipe = mio::unix::pipe::Sender::from(std);
        pipe.set_nonblocking(true)?;
        Ok(ChildStdin {
            io: PollEvented::new_with_interest(pipe, Interest::WRITABLE)?,
        })
    }
}

fn receiver<T>(std: T) -> io::Result<PollEvented<mio::unix::pipe::Receiver>>
where
    mio::unix::pipe::Receiver: From<T>,
{
    let pipe = mio::unix::pipe::Receiver::from(std);
    pipe.set_nonblocking(true)?;
    PollEvented::new_with_interest(pipe, Interest::READABLE)
}

impl ChildStdout {
    pub(crate) fn new(std: std::process::ChildStdout) -> io::Result<ChildStdout> {
        Ok(ChildStdout { io: receiver(std)? })
    }
}

impl ChildStderr {
    pub(crate) fn new(std: std::process::ChildStderr) -> io::Result<ChildStderr> {
        Ok(ChildStderr { io: receiver(std)? })
    }
}

impl AsyncWrite for ChildStdin {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.io.poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.io.poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        // Pipes have no user-space buffer.
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        // As Tokio: the pipe closes when the handle is dropped.
        Poll::Ready(Ok(()))
    }
}

macro_rules! reader_impls {
    ($($ty:ident),*) => {$(
        impl AsyncRead for $ty {
            fn poll_read(
                self: Pin<&mut Self>,
                cx: &mut Context<'_>,
                buf: &mut ReadBuf<'_>,
            ) -> Poll<io::Result<()>> {
                self.io.poll_read(cx, buf)
            }
        }
    )*};
}

reader_impls!(ChildStdout, ChildStderr);

macro_rules! fd_impls {
    ($($ty:ident),*) => {$(
        impl AsRawFd for $ty {
            fn as_raw_fd(&self) -> RawFd {
                self.io.get_ref().as_raw_fd()
            }
        }

        impl AsFd for $ty {
            fn as_fd(&self) -> BorrowedFd<'_> {
                self.io.get_ref().as_fd()
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($ty))
                    .field("fd", &self.as_raw_fd())
                    .finish()
            }
        }
    )*};
}

fd_impls!(ChildStdin, ChildStdout, ChildStderr);
