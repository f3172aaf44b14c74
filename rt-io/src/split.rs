//! [`split`]: one read/write object into a [`ReadHalf`] and a
//! [`WriteHalf`] usable from different tasks.
//!
//! # Protocol
//!
//! Both halves share one heap allocation holding the stream behind a
//! mutex. The rules the `SAFETY` comments cite:
//!
//! 1. **Pinned in the allocation.** The stream is never moved while any
//!    half exists: the halves only reach it through the mutex, as
//!    `Pin<&mut T>` built in place.
//! 2. **Moved out only if `Unpin`.** [`ReadHalf::unsplit`] moves the
//!    stream out of the allocation; it requires `T: Unpin` and both
//!    halves (so nothing else can reach the stream).
//! 3. **One poll at a time.** Each `poll_*` holds the mutex for the
//!    duration of one call into the stream, so the read and write halves
//!    never touch it concurrently. A poll that panics poisons nothing
//!    useful: the next poll proceeds (the lock ignores poisoning), exactly
//!    as a single-owner stream would be usable after a caught panic.

use crate::async_read::AsyncRead;
use crate::async_write::AsyncWrite;
use crate::loom::lock;
use crate::loom::sync::{Arc, Mutex};
use crate::read_buf::ReadBuf;
use std::fmt;
use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{Context, Poll};

/// The readable half of an object split by [`split()`].
///
/// Reading through it locks the shared stream for one poll at a time.
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt, DuplexStream, ReadHalf};
///
/// async fn first_byte(rd: &mut ReadHalf<DuplexStream>) -> std::io::Result<u8> {
///     rd.read_u8().await
/// }
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let (a, mut b) = rt_io::duplex(8);
///     let (mut rd, _wr) = rt_io::split(a);
///     b.write_all(b"z").await.unwrap();
///     assert_eq!(first_byte(&mut rd).await.unwrap(), b'z');
/// });
/// ```
pub struct ReadHalf<T> {
    inner: Arc<Inner<T>>,
}

/// The writable half of an object split by [`split()`].
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt};
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let (a, mut b) = rt_io::duplex(8);
///     let (_rd, mut wr) = rt_io::split(a);
///     wr.write_all(b"hi").await.unwrap();
///     wr.shutdown().await.unwrap();
///     let mut got = Vec::new();
///     b.read_to_end(&mut got).await.unwrap();
///     assert_eq!(got, b"hi");
/// });
/// ```
pub struct WriteHalf<T> {
    inner: Arc<Inner<T>>,
}

struct Inner<T> {
    stream: Mutex<T>,
    is_write_vectored: bool,
}

/// Splits a single value implementing `AsyncRead + AsyncWrite` into
/// separate [`ReadHalf`] and [`WriteHalf`] handles, so that one task can
/// read while another writes.
///
/// The halves share the stream behind a lock; for types with native
/// halves (TCP streams' `into_split`), prefer those. Rejoin with
/// [`ReadHalf::unsplit`].
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt};
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let (a, mut b) = rt_io::duplex(64);
///     let (mut rd, mut wr) = rt_io::split(a);
///     let writer = rt_core::spawn(async move {
///         wr.write_all(b"from a").await.unwrap();
///         wr
///     });
///     let mut buf = [0u8; 6];
///     b.read_exact(&mut buf).await.unwrap();
///     assert_eq!(&buf, b"from a");
///     b.write_all(b"to a").await.unwrap();
///     let mut back = [0u8; 4];
///     rd.read_exact(&mut back).await.unwrap();
///     let wr = writer.await.unwrap();
///     let _a = rd.unsplit(wr);
/// });
/// ```
pub fn split<T>(stream: T) -> (ReadHalf<T>, WriteHalf<T>)
where
    T: AsyncRead + AsyncWrite,
{
    let is_write_vectored = stream.is_write_vectored();
    let inner = Arc::new(Inner {
        stream: Mutex::new(stream),
        is_write_vectored,
    });
    (
        ReadHalf {
            inner: inner.clone(),
        },
        WriteHalf { inner },
    )
}

impl<T> Inner<T> {
    fn with_pinned<R>(&self, f: impl FnOnce(Pin<&mut T>) -> R) -> R {
        let mut guard = lock(&self.stream);
        // SAFETY: rule 1: the stream lives in the shared allocation and is
        // not moved while a half exists; rule 2: it is moved out only by
        // `unsplit`, which requires `T: Unpin`.
        let stream = unsafe { Pin::new_unchecked(&mut *guard) };
        f(stream)
    }
}

impl<T> ReadHalf<T> {
    /// Whether `self` and `other` come from the same [`split()`] call.
    ///
    /// ```
    /// let (a, _b) = rt_io::duplex(8);
    /// let (r, w) = rt_io::split(a);
    /// assert!(r.is_pair_of(&w));
    /// ```
    pub fn is_pair_of(&self, other: &WriteHalf<T>) -> bool {
        other.is_pair_of(self)
    }

    /// Reunites the halves into the original stream.
    ///
    /// # Panics
    ///
    /// Panics if `wr` is not this half's pair.
    ///
    /// ```
    /// let (a, _b) = rt_io::duplex(8);
    /// let (r, w) = rt_io::split(a);
    /// let _a: rt_io::DuplexStream = r.unsplit(w);
    /// ```
    #[track_caller]
    pub fn unsplit(self, wr: WriteHalf<T>) -> T
    where
        T: Unpin,
    {
        assert!(
            self.is_pair_of(&wr),
            "unrelated `split::WriteHalf` passed to `split::ReadHalf::unsplit`"
        );
        drop(wr);
        // Both halves were the only owners and one is gone (rule 2).
        let inner = Arc::try_unwrap(self.inner)
            .ok()
            .expect("`split` halves are the only owners of the stream");
        inner.stream.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl<T> WriteHalf<T> {
    /// Whether `self` and `other` come from the same [`split()`] call.
    ///
    /// ```
    /// let (a, b) = rt_io::duplex(8);
    /// let (r, _w) = rt_io::split(a);
    /// let (_r2, w2) = rt_io::split(b);
    /// assert!(!w2.is_pair_of(&r));
    /// ```
    pub fn is_pair_of(&self, other: &ReadHalf<T>) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl<T: AsyncRead> AsyncRead for ReadHalf<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.inner.with_pinned(|s| s.poll_read(cx, buf))
    }
}

impl<T: AsyncWrite> AsyncWrite for WriteHalf<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.inner.with_pinned(|s| s.poll_write(cx, buf))
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.inner.with_pinned(|s| s.poll_write_vectored(cx, bufs))
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.inner.with_pinned(|s| s.poll_flush(cx))
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.inner.with_pinned(|s| s.poll_shutdown(cx))
    }
}

impl<T> fmt::Debug for ReadHalf<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("split::ReadHalf").finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for WriteHalf<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("split::WriteHalf").finish_non_exhaustive()
    }
}
