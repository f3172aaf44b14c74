//! [`AsyncFd`]: any Unix file descriptor, driven by the reactor.

use crate::driver::registration::Registration;
use crate::driver::scheduled_io::ReadyEvent;
use crate::interest::Interest;
use crate::ready::Ready;
use std::error::Error;
use std::fmt;
use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::task::{ready, Context, Poll};

/// Associates a Unix file descriptor with the reactor, so tasks can wait
/// for it to become readable or writable.
///
/// `AsyncFd` does no I/O itself: it reports readiness, and the caller
/// performs the (non-blocking) operation on the inner object through a
/// guard's [`try_io`](AsyncFdReadyGuard::try_io), which clears the
/// readiness when the operation returns `WouldBlock`. The fd **must be in
/// non-blocking mode**, or an operation may block the runtime thread.
///
/// Readiness is edge-triggered: after being told the fd is readable, keep
/// reading until `WouldBlock` (or clear the readiness only when you see
/// it) — otherwise the task may wait for an edge that already came.
///
/// Dropping the `AsyncFd` (or [`into_inner`](AsyncFd::into_inner))
/// deregisters the fd from the reactor; the inner object then closes the
/// fd if it owns it.
///
/// # Panics
///
/// Creating one outside a runtime, or on a runtime without the I/O driver,
/// panics (see [`new`](AsyncFd::new)).
///
/// # Portability
///
/// Unix only. What readiness means for a given fd type is the OS's
/// (epoll/kqueue); regular files are always ready (epoll refuses them:
/// registration fails with `EPERM`).
///
/// # Examples
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
///     b.write_all(b"hello").unwrap();
///     let mut buf = [0u8; 16];
///     let n = loop {
///         let mut guard = a.readable().await.unwrap();
///         match guard.try_io(|inner| inner.get_ref().read(&mut buf)) {
///             Ok(result) => break result.unwrap(),
///             Err(_would_block) => continue,
///         }
///     };
///     assert_eq!(&buf[..n], b"hello");
/// });
/// ```
pub struct AsyncFd<T: AsRawFd> {
    registration: Registration,
    inner: Option<T>,
}

/// A readiness event for an [`AsyncFd`] that has not been acknowledged;
/// gives shared access to the `AsyncFd`.
///
/// Either clear the readiness once an operation returned `WouldBlock`
/// ([`clear_ready`](Self::clear_ready), or let
/// [`try_io`](Self::try_io) do it), or keep it
/// ([`retain_ready`](Self::retain_ready)). Dropping the guard keeps it.
///
/// ```
/// use rt_io::unix::{AsyncFd, AsyncFdReadyGuard};
/// use std::io::{Read, Write};
/// use std::os::unix::net::UnixStream;
///
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let (a, mut b) = UnixStream::pair().unwrap();
/// a.set_nonblocking(true).unwrap();
/// let fd = AsyncFd::new(a).unwrap();
/// b.write_all(b"data").unwrap();
/// let mut buf = [0u8; 16];
/// let n = loop {
///     let mut guard: AsyncFdReadyGuard<'_, UnixStream> = fd.readable().await.unwrap();
///     // `try_io` clears the readiness if the read would block after all.
///     match guard.try_io(|fd| fd.get_ref().read(&mut buf)) {
///         Ok(result) => break result.unwrap(),
///         Err(_would_block) => continue,
///     }
/// };
/// assert_eq!(&buf[..n], b"data");
/// # });
/// ```
#[must_use = "you must explicitly choose whether to clear the readiness state by calling a method on ReadyGuard"]
pub struct AsyncFdReadyGuard<'a, T: AsRawFd> {
    async_fd: &'a AsyncFd<T>,
    event: Option<ReadyEvent>,
}

/// A readiness event for an [`AsyncFd`], with mutable access to it; see
/// [`AsyncFdReadyGuard`].
///
/// ```
/// use rt_io::unix::{AsyncFd, AsyncFdReadyMutGuard};
/// use std::io::{Read, Write};
/// use std::os::unix::net::UnixStream;
///
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let (a, mut b) = UnixStream::pair().unwrap();
/// a.set_nonblocking(true).unwrap();
/// let mut fd = AsyncFd::new(a).unwrap();
/// b.write_all(b"data").unwrap();
/// let mut buf = [0u8; 16];
/// let n = loop {
///     let mut guard: AsyncFdReadyMutGuard<'_, UnixStream> = fd.readable_mut().await.unwrap();
///     // With `&mut` access, `Read` on the owned stream itself.
///     match guard.try_io(|fd| fd.get_mut().read(&mut buf)) {
///         Ok(result) => break result.unwrap(),
///         Err(_would_block) => continue,
///     }
/// };
/// assert_eq!(&buf[..n], b"data");
/// # });
/// ```
#[must_use = "you must explicitly choose whether to clear the readiness state by calling a method on ReadyGuard"]
pub struct AsyncFdReadyMutGuard<'a, T: AsRawFd> {
    async_fd: &'a mut AsyncFd<T>,
    event: Option<ReadyEvent>,
}

/// The error of a guard's `try_io` when the operation would block (the
/// readiness was cleared; wait again).
///
/// # Examples
///
/// ```
/// use rt_io::unix::{AsyncFd, TryIoError};
/// use std::io::Read;
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
/// a.set_nonblocking(true).unwrap();
/// let fd = AsyncFd::new(a).unwrap();
/// let mut guard = fd.writable().await.unwrap();
/// let res: Result<_, TryIoError> = guard.try_io(|fd| fd.get_ref().read(&mut [0u8; 1]));
/// assert!(res.is_err()); // nothing to read: would block
/// # });
/// ```
#[derive(Debug)]
pub struct TryIoError(());

impl fmt::Display for TryIoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the I/O operation would block; readiness was cleared")
    }
}

impl Error for TryIoError {}

/// The error of [`AsyncFd::try_new`] and [`AsyncFd::try_with_interest`]:
/// the registration error, and the object handed back.
///
/// ```
/// use rt_io::unix::AsyncFd;
///
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # let _guard = rt.enter();
/// // Readiness means nothing for a regular file: epoll (Linux) refuses it
/// // with EPERM; kqueue accepts files, so elsewhere this succeeds.
/// let file = std::fs::File::open(std::env::current_exe().unwrap()).unwrap();
/// match AsyncFd::try_new(file) {
///     Err(err) => {
///         let (file, cause) = err.into_parts();
///         assert_eq!(cause.kind(), std::io::ErrorKind::PermissionDenied);
///         // The file came back: still usable with blocking I/O.
///         assert!(file.metadata().unwrap().len() > 0);
///     }
///     Ok(_fd) => assert!(!cfg!(target_os = "linux"), "epoll accepted a regular file"),
/// }
/// ```
pub struct AsyncFdTryNewError<T> {
    inner: T,
    cause: io::Error,
}

impl<T> AsyncFdTryNewError<T> {
    /// Returns the object and the error.
    ///
    /// ```
    /// # fn f<T>(e: rt_io::unix::AsyncFdTryNewError<T>) {
    /// let (_inner, err) = e.into_parts();
    /// eprintln!("{err}");
    /// # }
    /// ```
    pub fn into_parts(self) -> (T, io::Error) {
        (self.inner, self.cause)
    }
}

impl<T> fmt::Display for AsyncFdTryNewError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.cause, f)
    }
}

impl<T> fmt::Debug for AsyncFdTryNewError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.cause, f)
    }
}

impl<T> Error for AsyncFdTryNewError<T> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.cause)
    }
}

impl<T> From<AsyncFdTryNewError<T>> for io::Error {
    fn from(e: AsyncFdTryNewError<T>) -> io::Error {
        e.cause
    }
}

impl<T: AsRawFd> AsyncFd<T> {
    /// Registers `inner`'s fd for readable and writable readiness.
    ///
    /// # Errors
    ///
    /// The OS refusing the registration (e.g. a regular file on Linux);
    /// the driver shutting down. `inner` is dropped; see
    /// [`try_new`](Self::try_new) to get it back.
    ///
    /// # Panics
    ///
    /// Outside a runtime ("there is no rt runtime ...") or on a runtime
    /// without the I/O driver ("build the runtime with enable_io() or
    /// enable_all()").
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # let _g = rt.enter();
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// # drop(fd);
    /// ```
    #[track_caller]
    pub fn new(inner: T) -> io::Result<AsyncFd<T>> {
        AsyncFd::with_interest(inner, Interest::READABLE | Interest::WRITABLE)
    }

    /// Registers `inner`'s fd for `interest` only.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    ///
    /// # Panics
    ///
    /// As [`new`](Self::new).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::{unix::AsyncFd, Interest};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # let _g = rt.enter();
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let fd = AsyncFd::with_interest(a, Interest::READABLE).unwrap();
    /// # drop(fd);
    /// ```
    #[track_caller]
    pub fn with_interest(inner: T, interest: Interest) -> io::Result<AsyncFd<T>> {
        AsyncFd::try_with_interest(inner, interest).map_err(io::Error::from)
    }

    /// Like [`new`](Self::new), but hands `inner` back on failure.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new), with the object.
    ///
    /// # Panics
    ///
    /// As [`new`](Self::new).
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # let _g = rt.enter();
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let fd = rt_io::unix::AsyncFd::try_new(a).map_err(|e| e.into_parts().1).unwrap();
    /// # drop(fd);
    /// ```
    #[track_caller]
    pub fn try_new(inner: T) -> Result<AsyncFd<T>, AsyncFdTryNewError<T>> {
        AsyncFd::try_with_interest(inner, Interest::READABLE | Interest::WRITABLE)
    }

    /// Like [`with_interest`](Self::with_interest), but hands `inner` back
    /// on failure.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new), with the object.
    ///
    /// # Panics
    ///
    /// As [`new`](Self::new).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::{unix::AsyncFd, Interest};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # let _g = rt.enter();
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let fd = AsyncFd::try_with_interest(a, Interest::WRITABLE).ok().unwrap();
    /// # drop(fd);
    /// ```
    #[track_caller]
    pub fn try_with_interest(
        inner: T,
        interest: Interest,
    ) -> Result<AsyncFd<T>, AsyncFdTryNewError<T>> {
        let handle = crate::driver::Handle::current();
        let fd = inner.as_raw_fd();
        match Registration::new_with_handle(&mut mio::unix::SourceFd(&fd), interest, handle) {
            Ok(registration) => Ok(AsyncFd {
                registration,
                inner: Some(inner),
            }),
            Err(cause) => Err(AsyncFdTryNewError { inner, cause }),
        }
    }

    /// The inner object.
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # let _g = rt.enter();
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// assert!(fd.get_ref().peer_addr().is_ok());
    /// ```
    #[inline]
    pub fn get_ref(&self) -> &T {
        self.inner
            .as_ref()
            .expect("AsyncFd inner present until drop")
    }

    /// The inner object, mutably.
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # let _g = rt.enter();
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let mut fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let _inner: &mut std::os::unix::net::UnixStream = fd.get_mut();
    /// ```
    #[inline]
    pub fn get_mut(&mut self) -> &mut T {
        self.inner
            .as_mut()
            .expect("AsyncFd inner present until drop")
    }

    /// Deregisters the fd and returns the inner object (which keeps the
    /// fd open).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # let _g = rt.enter();
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let a = rt_io::unix::AsyncFd::new(a).unwrap().into_inner();
    /// # drop(a);
    /// ```
    pub fn into_inner(mut self) -> T {
        self.take_inner().expect("AsyncFd inner present until drop")
    }

    fn take_inner(&mut self) -> Option<T> {
        let inner = self.inner.take()?;
        let fd = inner.as_raw_fd();
        // A failure (driver gone, fd already closed) leaves nothing
        // registered to clean up.
        let _ = self.registration.deregister(&mut mio::unix::SourceFd(&fd));
        Some(inner)
    }

    /// Polls for read readiness; on success returns a guard for the
    /// event. Only the last task to poll is woken (use
    /// [`readable`](Self::readable) for many waiters).
    ///
    /// Charges the task's cooperative budget.
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::future::poll_fn;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// drop(b); // hang-up: readable (read-closed)
    /// let guard = poll_fn(|cx| fd.poll_read_ready(cx)).await.unwrap();
    /// assert!(guard.ready().is_read_closed());
    /// # });
    /// ```
    pub fn poll_read_ready<'a>(
        &'a self,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<AsyncFdReadyGuard<'a, T>>> {
        let event = ready!(self.registration.poll_read_ready(cx))?;
        Poll::Ready(Ok(AsyncFdReadyGuard {
            async_fd: self,
            event: Some(event),
        }))
    }

    /// [`poll_read_ready`](Self::poll_read_ready) with a mutable guard.
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::future::poll_fn;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let mut fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// drop(b);
    /// // The guard borrows `fd` mutably: use it inside the poll.
    /// let ready = poll_fn(|cx| fd.poll_read_ready_mut(cx).map_ok(|g| g.ready())).await;
    /// assert!(ready.unwrap().is_read_closed());
    /// # });
    /// ```
    pub fn poll_read_ready_mut<'a>(
        &'a mut self,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<AsyncFdReadyMutGuard<'a, T>>> {
        let event = ready!(self.registration.poll_read_ready(cx))?;
        Poll::Ready(Ok(AsyncFdReadyMutGuard {
            async_fd: self,
            event: Some(event),
        }))
    }

    /// Polls for write readiness; see
    /// [`poll_read_ready`](Self::poll_read_ready).
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::future::poll_fn;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let guard = poll_fn(|cx| fd.poll_write_ready(cx)).await.unwrap();
    /// assert!(guard.ready().is_writable());
    /// # });
    /// ```
    pub fn poll_write_ready<'a>(
        &'a self,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<AsyncFdReadyGuard<'a, T>>> {
        let event = ready!(self.registration.poll_write_ready(cx))?;
        Poll::Ready(Ok(AsyncFdReadyGuard {
            async_fd: self,
            event: Some(event),
        }))
    }

    /// [`poll_write_ready`](Self::poll_write_ready) with a mutable guard.
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::future::poll_fn;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let mut fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let ready = poll_fn(|cx| fd.poll_write_ready_mut(cx).map_ok(|g| g.ready())).await;
    /// assert!(ready.unwrap().is_writable());
    /// # });
    /// ```
    pub fn poll_write_ready_mut<'a>(
        &'a mut self,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<AsyncFdReadyMutGuard<'a, T>>> {
        let event = ready!(self.registration.poll_write_ready(cx))?;
        Poll::Ready(Ok(AsyncFdReadyMutGuard {
            async_fd: self,
            event: Some(event),
        }))
    }

    /// Waits until the fd is ready for any of `interest`; returns a guard
    /// for the event. Any number of tasks may wait at once.
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: dropping the future consumes no readiness.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::Interest;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let guard = fd.ready(Interest::READABLE | Interest::WRITABLE).await.unwrap();
    /// assert!(guard.ready().is_writable());
    /// # });
    /// ```
    pub async fn ready(&self, interest: Interest) -> io::Result<AsyncFdReadyGuard<'_, T>> {
        let event = self.registration.readiness(interest).await?;
        Ok(AsyncFdReadyGuard {
            async_fd: self,
            event: Some(event),
        })
    }

    /// [`ready`](Self::ready) with a mutable guard.
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::Interest;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let mut fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let mut guard = fd.ready_mut(Interest::WRITABLE).await.unwrap();
    /// guard.retain_ready();
    /// # });
    /// ```
    pub async fn ready_mut(
        &mut self,
        interest: Interest,
    ) -> io::Result<AsyncFdReadyMutGuard<'_, T>> {
        let event = self.registration.readiness(interest).await?;
        Ok(AsyncFdReadyMutGuard {
            async_fd: self,
            event: Some(event),
        })
    }

    /// Waits until the fd is readable (including read-closed).
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe.
    ///
    /// # Examples
    ///
    /// See [`AsyncFd`].
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// std::io::Write::write_all(&mut &b, b"!").unwrap();
    /// let guard = fd.readable().await.unwrap();
    /// assert!(guard.ready().is_readable());
    /// # });
    /// ```
    pub async fn readable(&self) -> io::Result<AsyncFdReadyGuard<'_, T>> {
        self.ready(Interest::READABLE).await
    }

    /// [`readable`](Self::readable) with a mutable guard.
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Read;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let mut fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// std::io::Write::write_all(&mut &b, b"!").unwrap();
    /// let mut guard = fd.readable_mut().await.unwrap();
    /// let mut byte = [0u8];
    /// let n = guard.try_io(|fd| fd.get_mut().read(&mut byte)).unwrap().unwrap();
    /// assert_eq!(n, 1);
    /// # });
    /// ```
    pub async fn readable_mut(&mut self) -> io::Result<AsyncFdReadyMutGuard<'_, T>> {
        self.ready_mut(Interest::READABLE).await
    }

    /// Waits until the fd is writable (including write-closed).
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Write;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let mut guard = fd.writable().await.unwrap();
    /// let n = guard.try_io(|fd| fd.get_ref().write(b"x")).unwrap().unwrap();
    /// assert_eq!(n, 1);
    /// # });
    /// ```
    pub async fn writable(&self) -> io::Result<AsyncFdReadyGuard<'_, T>> {
        self.ready(Interest::WRITABLE).await
    }

    /// [`writable`](Self::writable) with a mutable guard.
    ///
    /// # Errors
    ///
    /// The runtime shut down.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let mut fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let guard = fd.writable_mut().await.unwrap();
    /// assert!(guard.ready().is_writable());
    /// # });
    /// ```
    pub async fn writable_mut(&mut self) -> io::Result<AsyncFdReadyMutGuard<'_, T>> {
        self.ready_mut(Interest::WRITABLE).await
    }

    /// Waits for `interest` and runs `f` on the inner object, repeating
    /// while `f` returns `WouldBlock` (clearing readiness each time).
    ///
    /// # Errors
    ///
    /// `f`'s errors other than `WouldBlock`; the runtime shut down.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe if `f` is: `f` always runs to completion.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::Interest;
    /// use std::io::{Read, Write};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// (&b).write_all(b"abc").unwrap();
    /// let mut buf = [0u8; 8];
    /// let n = fd.async_io(Interest::READABLE, |mut s| s.read(&mut buf)).await.unwrap();
    /// assert_eq!(&buf[..n], b"abc");
    /// # });
    /// ```
    pub async fn async_io<R>(
        &self,
        interest: Interest,
        mut f: impl FnMut(&T) -> io::Result<R>,
    ) -> io::Result<R> {
        self.registration
            .async_io(interest, || f(self.get_ref()))
            .await
    }

    /// [`async_io`](Self::async_io) with mutable access to the inner
    /// object.
    ///
    /// # Errors
    ///
    /// `f`'s errors other than `WouldBlock`; the runtime shut down.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe if `f` is.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::Interest;
    /// use std::io::Write;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let mut fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let n = fd.async_io_mut(Interest::WRITABLE, |s| s.write(b"hi")).await.unwrap();
    /// assert_eq!(n, 2);
    /// # });
    /// ```
    pub async fn async_io_mut<R>(
        &mut self,
        interest: Interest,
        mut f: impl FnMut(&mut T) -> io::Result<R>,
    ) -> io::Result<R> {
        let AsyncFd {
            registration,
            inner,
        } = self;
        let inner = inner.as_mut().expect("AsyncFd inner present until drop");
        registration.async_io(interest, || f(inner)).await
    }

    /// Runs `f` on the inner object if the fd is currently ready for
    /// `interest`; on `WouldBlock`, clears that readiness.
    ///
    /// # Errors
    ///
    /// `WouldBlock` if not ready or `f` would block; `f`'s errors; the
    /// runtime shut down.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::Interest;
    /// use std::io::Read;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let err = fd.try_io(Interest::READABLE, |mut s| s.read(&mut [0u8; 4])).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # });
    /// ```
    pub fn try_io<R>(
        &self,
        interest: Interest,
        f: impl FnOnce(&T) -> io::Result<R>,
    ) -> io::Result<R> {
        self.registration.try_io(interest, || f(self.get_ref()))
    }

    /// [`try_io`](Self::try_io) with mutable access to the inner object.
    ///
    /// # Errors
    ///
    /// As [`try_io`](Self::try_io).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::Interest;
    /// use std::io::Read;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let mut fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// assert!(fd.try_io_mut(Interest::READABLE, |s| s.read(&mut [0u8; 4])).is_err());
    /// # });
    /// ```
    pub fn try_io_mut<R>(
        &mut self,
        interest: Interest,
        f: impl FnOnce(&mut T) -> io::Result<R>,
    ) -> io::Result<R> {
        let AsyncFd {
            registration,
            inner,
        } = self;
        let inner = inner.as_mut().expect("AsyncFd inner present until drop");
        registration.try_io(interest, || f(inner))
    }
}

impl<T: AsRawFd> AsRawFd for AsyncFd<T> {
    fn as_raw_fd(&self) -> RawFd {
        self.get_ref().as_raw_fd()
    }
}

impl<T: AsRawFd + std::os::fd::AsFd> std::os::fd::AsFd for AsyncFd<T> {
    fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        self.get_ref().as_fd()
    }
}

impl<T: AsRawFd + fmt::Debug> fmt::Debug for AsyncFd<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncFd")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

impl<T: AsRawFd> Drop for AsyncFd<T> {
    fn drop(&mut self) {
        let _ = self.take_inner();
    }
}

/// Clears `ready` from a guard's event (shared by both guard kinds).
fn clear_matching(registration: &Registration, event: &mut Option<ReadyEvent>, ready: Ready) {
    if let Some(ev) = event {
        let cleared = ev.ready & ready;
        if !cleared.is_empty() {
            registration.clear_readiness(ev.with_ready(cleared));
        }
        let left = ev.ready - ready;
        if left.is_empty() {
            *event = None;
        } else {
            *ev = ev.with_ready(left);
        }
    }
}

impl<'a, T: AsRawFd> AsyncFdReadyGuard<'a, T> {
    /// Tells the reactor the fd is no longer ready: the next wait blocks
    /// until a new edge. Call it only after an operation returned
    /// `WouldBlock`. Readiness that arrived after this guard was created
    /// is kept.
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let mut guard = fd.writable().await.unwrap();
    /// guard.clear_ready();
    /// assert!(guard.ready().is_empty());
    /// # });
    /// ```
    pub fn clear_ready(&mut self) {
        if let Some(ev) = self.event.take() {
            self.async_fd.registration.clear_readiness(ev);
        }
    }

    /// Clears only `ready` from the readiness (e.g. `Ready::READABLE`
    /// after a read returned `WouldBlock`, keeping writability).
    ///
    /// ```
    /// use rt_io::{Interest, Ready};
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let mut guard = fd.ready(Interest::WRITABLE).await.unwrap();
    /// guard.clear_ready_matching(Ready::READABLE);
    /// assert!(guard.ready().is_writable());
    /// # });
    /// ```
    pub fn clear_ready_matching(&mut self, ready: Ready) {
        clear_matching(&self.async_fd.registration, &mut self.event, ready);
    }

    /// Keeps the readiness set (a no-op that documents intent).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// # a.set_nonblocking(true).unwrap();
    /// # let fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// fd.writable().await.unwrap().retain_ready();
    /// # });
    /// ```
    pub fn retain_ready(&mut self) {}

    /// The readiness this guard holds (empty once cleared).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// # a.set_nonblocking(true).unwrap();
    /// # let fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let guard = fd.writable().await.unwrap();
    /// assert!(guard.ready().is_writable());
    /// # });
    /// ```
    pub fn ready(&self) -> Ready {
        self.event.map_or(Ready::EMPTY, |ev| ev.ready)
    }

    /// Runs `f`; if it returns `WouldBlock`, clears the readiness and
    /// returns `Err(TryIoError)` (wait again), else `Ok(result)`.
    ///
    /// # Errors
    ///
    /// [`TryIoError`] when `f` would block.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Read;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// a.set_nonblocking(true).unwrap();
    /// let fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let mut guard = fd.writable().await.unwrap();
    /// // Nothing to read: WouldBlock, so the guard clears its readiness.
    /// assert!(guard.try_io(|fd| fd.get_ref().read(&mut [0u8; 1])).is_err());
    /// assert!(guard.ready().is_empty());
    /// # });
    /// ```
    pub fn try_io<R>(
        &mut self,
        f: impl FnOnce(&'a AsyncFd<T>) -> io::Result<R>,
    ) -> Result<io::Result<R>, TryIoError> {
        match f(self.async_fd) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                self.clear_ready();
                Err(TryIoError(()))
            }
            res => Ok(res),
        }
    }

    /// The `AsyncFd` this guard is for.
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// # a.set_nonblocking(true).unwrap();
    /// # let fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let guard = fd.writable().await.unwrap();
    /// assert!(std::ptr::eq(guard.get_ref(), &fd));
    /// # });
    /// ```
    pub fn get_ref(&self) -> &'a AsyncFd<T> {
        self.async_fd
    }

    /// The inner object.
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// # a.set_nonblocking(true).unwrap();
    /// # let fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let guard = fd.writable().await.unwrap();
    /// assert!(guard.get_inner().peer_addr().is_ok());
    /// # });
    /// ```
    pub fn get_inner(&self) -> &'a T {
        self.async_fd.get_ref()
    }
}

impl<T: AsRawFd> AsyncFdReadyMutGuard<'_, T> {
    /// See [`AsyncFdReadyGuard::clear_ready`].
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// # a.set_nonblocking(true).unwrap();
    /// # let mut fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let mut guard = fd.writable_mut().await.unwrap();
    /// guard.clear_ready();
    /// assert!(guard.ready().is_empty());
    /// # });
    /// ```
    pub fn clear_ready(&mut self) {
        if let Some(ev) = self.event.take() {
            self.async_fd.registration.clear_readiness(ev);
        }
    }

    /// See [`AsyncFdReadyGuard::clear_ready_matching`].
    ///
    /// ```
    /// use rt_io::Ready;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// # a.set_nonblocking(true).unwrap();
    /// # let mut fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let mut guard = fd.writable_mut().await.unwrap();
    /// guard.clear_ready_matching(Ready::WRITABLE);
    /// assert!(!guard.ready().is_writable());
    /// # });
    /// ```
    pub fn clear_ready_matching(&mut self, ready: Ready) {
        clear_matching(&self.async_fd.registration, &mut self.event, ready);
    }

    /// See [`AsyncFdReadyGuard::retain_ready`].
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// # a.set_nonblocking(true).unwrap();
    /// # let mut fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// fd.writable_mut().await.unwrap().retain_ready();
    /// # });
    /// ```
    pub fn retain_ready(&mut self) {}

    /// See [`AsyncFdReadyGuard::ready`].
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// # a.set_nonblocking(true).unwrap();
    /// # let mut fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// assert!(fd.writable_mut().await.unwrap().ready().is_writable());
    /// # });
    /// ```
    pub fn ready(&self) -> Ready {
        self.event.map_or(Ready::EMPTY, |ev| ev.ready)
    }

    /// Runs `f` with mutable access; see [`AsyncFdReadyGuard::try_io`].
    ///
    /// # Errors
    ///
    /// [`TryIoError`] when `f` would block.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::Write;
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// # a.set_nonblocking(true).unwrap();
    /// # let mut fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let mut guard = fd.writable_mut().await.unwrap();
    /// let n = guard.try_io(|fd| fd.get_mut().write(b"ok")).unwrap().unwrap();
    /// assert_eq!(n, 2);
    /// # });
    /// ```
    pub fn try_io<R>(
        &mut self,
        f: impl FnOnce(&mut AsyncFd<T>) -> io::Result<R>,
    ) -> Result<io::Result<R>, TryIoError> {
        match f(self.async_fd) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                self.clear_ready();
                Err(TryIoError(()))
            }
            res => Ok(res),
        }
    }

    /// The `AsyncFd` this guard is for.
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// # a.set_nonblocking(true).unwrap();
    /// # let mut fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let guard = fd.writable_mut().await.unwrap();
    /// let _fd: &rt_io::unix::AsyncFd<_> = guard.get_ref();
    /// # });
    /// ```
    pub fn get_ref(&self) -> &AsyncFd<T> {
        self.async_fd
    }

    /// The `AsyncFd` this guard is for, mutably.
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// # a.set_nonblocking(true).unwrap();
    /// # let mut fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let mut guard = fd.writable_mut().await.unwrap();
    /// let _fd: &mut rt_io::unix::AsyncFd<_> = guard.get_mut();
    /// # });
    /// ```
    pub fn get_mut(&mut self) -> &mut AsyncFd<T> {
        self.async_fd
    }

    /// The inner object.
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// # a.set_nonblocking(true).unwrap();
    /// # let mut fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let guard = fd.writable_mut().await.unwrap();
    /// assert!(guard.get_inner().peer_addr().is_ok());
    /// # });
    /// ```
    pub fn get_inner(&self) -> &T {
        self.async_fd.get_ref()
    }

    /// The inner object, mutably.
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// # let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    /// # a.set_nonblocking(true).unwrap();
    /// # let mut fd = rt_io::unix::AsyncFd::new(a).unwrap();
    /// let mut guard = fd.writable_mut().await.unwrap();
    /// let _inner: &mut std::os::unix::net::UnixStream = guard.get_inner_mut();
    /// # });
    /// ```
    pub fn get_inner_mut(&mut self) -> &mut T {
        self.async_fd.get_mut()
    }
}

impl<T: AsRawFd + fmt::Debug> fmt::Debug for AsyncFdReadyGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncFdReadyGuard")
            .field("async_fd", &self.async_fd)
            .field("ready", &self.ready())
            .finish()
    }
}

impl<T: AsRawFd + fmt::Debug> fmt::Debug for AsyncFdReadyMutGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncFdReadyMutGuard")
            .field("async_fd", &self.async_fd)
            .field("ready", &self.ready())
            .finish()
    }
}
