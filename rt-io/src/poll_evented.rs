//! [`PollEvented`]: a mio source wired to the reactor, with
//! `AsyncRead`/`AsyncWrite`-shaped poll methods. The building block of
//! rt-net's sockets.

use crate::driver::registration::Registration;
use crate::driver::scheduled_io::ReadyEvent;
use crate::interest::Interest;
use crate::read_buf::ReadBuf;
use std::fmt;
use std::io::{self, IoSlice, Read, Write};
use std::task::{ready, Context, Poll};

/// A non-blocking mio source registered with the current runtime's
/// reactor.
///
/// `poll_read`/`poll_write` loop "wait for readiness → try the syscall →
/// on `WouldBlock`, clear readiness and wait again", which is the whole
/// edge-triggered protocol; rt-net's socket types are thin wrappers.
/// Dropping a `PollEvented` deregisters the source, then closes it.
///
/// # Portability
///
/// The short-read optimisation in [`poll_read`](Self::poll_read) (a read
/// that returned fewer bytes than asked clears readiness at once, saving
/// a `WouldBlock` syscall) is valid for *stream* sources on epoll/kqueue.
/// Use [`registration`](Self::registration)'s `poll_read_io` for datagram
/// sources.
pub struct PollEvented<E: mio::event::Source> {
    io: Option<E>,
    registration: Registration,
}

impl<E: mio::event::Source> PollEvented<E> {
    /// Registers `io` for reading and writing.
    ///
    /// # Errors
    ///
    /// The OS refusing the registration; the driver shutting down.
    ///
    /// # Panics
    ///
    /// Outside a runtime, or on a runtime without the I/O driver.
    #[track_caller]
    pub fn new(io: E) -> io::Result<PollEvented<E>> {
        PollEvented::new_with_interest(io, Interest::READABLE | Interest::WRITABLE)
    }

    /// Registers `io` for `interest`.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    ///
    /// # Panics
    ///
    /// As [`new`](Self::new).
    #[track_caller]
    pub fn new_with_interest(mut io: E, interest: Interest) -> io::Result<PollEvented<E>> {
        let registration = Registration::new_with_interest(&mut io, interest)?;
        Ok(PollEvented {
            io: Some(io),
            registration,
        })
    }

    /// The reactor registration (readiness futures, `try_io`, ...).
    pub fn registration(&self) -> &Registration {
        &self.registration
    }

    /// The source.
    pub fn get_ref(&self) -> &E {
        self.io
            .as_ref()
            .expect("PollEvented source present until drop")
    }

    /// The source, mutably.
    pub fn get_mut(&mut self) -> &mut E {
        self.io
            .as_mut()
            .expect("PollEvented source present until drop")
    }

    /// Deregisters the source and returns it.
    ///
    /// # Errors
    ///
    /// The OS refusing the deregistration.
    pub fn into_inner(mut self) -> io::Result<E> {
        let mut io = self
            .io
            .take()
            .expect("PollEvented source present until drop");
        self.registration.deregister(&mut io)?;
        Ok(io)
    }

    /// Polls for read readiness.
    ///
    /// # Errors
    ///
    /// The driver shut down.
    pub fn poll_read_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<ReadyEvent>> {
        self.registration.poll_read_ready(cx)
    }

    /// Polls for write readiness.
    ///
    /// # Errors
    ///
    /// The driver shut down.
    pub fn poll_write_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<ReadyEvent>> {
        self.registration.poll_write_ready(cx)
    }

    /// Reads into `buf` when readable (see the type's `# Portability`).
    ///
    /// # Errors
    ///
    /// The source's errors other than `WouldBlock`; the shutdown error.
    pub fn poll_read<'a>(
        &'a self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>>
    where
        &'a E: Read,
    {
        loop {
            let ev = ready!(self.registration.poll_read_ready(cx))?;
            let want = buf.remaining();
            let dst = buf.initialize_unfilled();
            match (&mut self.get_ref()).read(dst) {
                Ok(n) => {
                    let n = n.min(want);
                    if n > 0 && n < want {
                        // Short read on a stream: the socket buffer is
                        // drained, so skip the WouldBlock round trip.
                        // (Tick-checked: a newer edge is kept.)
                        self.registration.clear_readiness(ev);
                    }
                    buf.advance(n);
                    return Poll::Ready(Ok(()));
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    self.registration.clear_readiness(ev);
                }
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }

    /// Reads into `buf`'s unfilled part, which may be uninitialised, with
    /// `read` (a `recv(2)`-like call on the source): no zeroing of the
    /// buffer first, which [`poll_read`](Self::poll_read) must do for a
    /// generic `Read`. The same readiness protocol as `poll_read`.
    ///
    /// # Safety
    ///
    /// When `read` returns `Ok(n)`, it must have written (initialised) the
    /// first `n` bytes of the slice it was given, and it must never read
    /// from that slice nor write uninitialised bytes into it (the OS's
    /// `read(2)`/`recv(2)` behave so).
    ///
    /// # Errors
    ///
    /// `read`'s errors other than `WouldBlock`; the shutdown error.
    pub unsafe fn poll_read_uninit(
        &self,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
        mut read: impl FnMut(&E, &mut [std::mem::MaybeUninit<u8>]) -> io::Result<usize>,
    ) -> Poll<io::Result<()>> {
        loop {
            let ev = ready!(self.registration.poll_read_ready(cx))?;
            let want = buf.remaining();
            // SAFETY: `read` only writes initialised bytes into the slice
            // (this function's contract), so no initialised byte of `buf`
            // is de-initialised (ReadBuf rule 3).
            let dst = unsafe { buf.unfilled_mut() };
            match read(self.get_ref(), dst) {
                Ok(n) => {
                    let n = n.min(want);
                    if n > 0 && n < want {
                        // As in `poll_read`: a short read drained the
                        // stream's buffer (tick-checked).
                        self.registration.clear_readiness(ev);
                    }
                    // SAFETY: `read` initialised the first `n` unfilled
                    // bytes (this function's contract; ReadBuf rule 4).
                    unsafe { buf.assume_init(n) };
                    buf.advance(n);
                    return Poll::Ready(Ok(()));
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    self.registration.clear_readiness(ev);
                }
                // A signal interrupted the call: nothing was read.
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }

    /// Writes from `buf` when writable.
    ///
    /// # Errors
    ///
    /// The source's errors other than `WouldBlock`; the shutdown error.
    pub fn poll_write<'a>(&'a self, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>
    where
        &'a E: Write,
    {
        self.registration
            .poll_write_io(cx, || (&mut self.get_ref()).write(buf))
    }

    /// Writes from several buffers when writable.
    ///
    /// # Errors
    ///
    /// The source's errors other than `WouldBlock`; the shutdown error.
    pub fn poll_write_vectored<'a>(
        &'a self,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>>
    where
        &'a E: Write,
    {
        self.registration
            .poll_write_io(cx, || (&mut self.get_ref()).write_vectored(bufs))
    }
}

impl<E: mio::event::Source> Drop for PollEvented<E> {
    fn drop(&mut self) {
        if let Some(mut io) = self.io.take() {
            // Deregister before the source closes; an error here (the
            // driver already gone) leaves nothing to clean up.
            let _ = self.registration.deregister(&mut io);
        }
    }
}

impl<E: mio::event::Source + fmt::Debug> fmt::Debug for PollEvented<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PollEvented")
            .field("io", &self.io)
            .field("registration", &self.registration)
            .finish()
    }
}
