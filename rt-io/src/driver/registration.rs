//! [`Registration`]: an I/O source's membership in the reactor.

use super::scheduled_io::{Direction, ReadyEvent, ScheduledIo};
use super::{shutdown_error, Handle};
use crate::interest::Interest;
use crate::loom::sync::Arc;
use std::fmt;
use std::future::{poll_fn, Future};
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// The reactor-side state of one registered I/O source: its slot in the
/// driver and its readiness word.
///
/// Owners ([`PollEvented`](super::super::poll_evented::PollEvented),
/// [`AsyncFd`](crate::unix::AsyncFd)) deregister their source before
/// dropping the `Registration`; dropping it frees the driver slot.
///
/// Readiness polls charge the task's cooperative budget (one unit per
/// poll that finds readiness).
pub struct Registration {
    handle: Arc<Handle>,
    shared: Arc<ScheduledIo>,
    token: mio::Token,
}

impl Registration {
    /// Registers `source` with the current runtime's I/O driver.
    ///
    /// # Errors
    ///
    /// The OS refusing the registration, or the driver shutting down.
    ///
    /// # Panics
    ///
    /// Outside a runtime, or on a runtime without the I/O driver.
    #[track_caller]
    pub fn new_with_interest<S>(source: &mut S, interest: Interest) -> io::Result<Registration>
    where
        S: mio::event::Source + ?Sized,
    {
        let handle = Handle::current();
        Registration::new_with_handle(&mut SourceRef(source), interest, handle)
    }

    /// Registers `source` with the I/O driver recorded in `ext`.
    ///
    /// For driver layers stacked above the reactor (rt-signal's), which
    /// build their state while the runtime is being built, before there is
    /// a current runtime to look the driver up in.
    ///
    /// # Errors
    ///
    /// The OS refusing the registration; `ext` holding no I/O driver (the
    /// reactor's layer must be installed below the caller's).
    pub fn new_in_extensions<S>(
        source: &mut S,
        interest: Interest,
        ext: &rt_core::runtime::Extensions,
    ) -> io::Result<Registration>
    where
        S: mio::event::Source + ?Sized,
    {
        let Some(io) = ext.get::<super::IoHandle>() else {
            return Err(io::Error::other(
                "no rt I/O driver below this driver layer: install rt_io::driver_layer() first",
            ));
        };
        Registration::new_with_handle(&mut SourceRef(source), interest, io.inner.clone())
    }

    pub(crate) fn new_with_handle(
        source: &mut dyn mio::event::Source,
        interest: Interest,
        handle: Arc<Handle>,
    ) -> io::Result<Registration> {
        let (token, shared) = handle.register(source, interest.to_mio())?;
        Ok(Registration {
            handle,
            shared,
            token,
        })
    }

    /// Removes `source` from the OS selector. Call it before closing the
    /// source; the registration then reports no more events.
    ///
    /// # Errors
    ///
    /// The OS refusing (for example, the source was already closed).
    pub fn deregister<S>(&mut self, source: &mut S) -> io::Result<()>
    where
        S: mio::event::Source + ?Sized,
    {
        self.handle.deregister(&mut SourceRef(source))
    }

    /// Polls for read readiness (single waker: the last task to poll is
    /// woken).
    ///
    /// # Errors
    ///
    /// The driver shut down.
    pub fn poll_read_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<ReadyEvent>> {
        self.poll_ready(cx, Direction::Read)
    }

    /// Polls for write readiness (single waker).
    ///
    /// # Errors
    ///
    /// The driver shut down.
    pub fn poll_write_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<ReadyEvent>> {
        self.poll_ready(cx, Direction::Write)
    }

    pub(crate) fn poll_ready(
        &self,
        cx: &mut Context<'_>,
        dir: Direction,
    ) -> Poll<io::Result<ReadyEvent>> {
        let coop = ready!(rt_core::coop::poll_proceed(cx));
        let ev = ready!(self.shared.poll_readiness(cx, dir));
        coop.made_progress();
        if ev.is_shutdown {
            return Poll::Ready(Err(shutdown_error()));
        }
        Poll::Ready(Ok(ev))
    }

    /// Waits until readiness intersects `interest`. Any number of tasks
    /// may wait at once.
    ///
    /// # Errors
    ///
    /// The driver shut down.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: dropping the future removes its waiter and consumes
    /// no readiness.
    pub async fn readiness(&self, interest: Interest) -> io::Result<ReadyEvent> {
        let mut fut = self.shared.readiness(interest);
        let ev = poll_fn(|cx| {
            let coop = ready!(rt_core::coop::poll_proceed(cx));
            let ev = ready!(Pin::new(&mut fut).poll(cx));
            coop.made_progress();
            Poll::Ready(ev)
        })
        .await;
        if ev.is_shutdown {
            return Err(shutdown_error());
        }
        Ok(ev)
    }

    /// Clears the readiness in `event` unless newer readiness arrived
    /// since it was observed. Call it after the I/O returned
    /// `WouldBlock`, never merely because an operation succeeded.
    pub fn clear_readiness(&self, event: ReadyEvent) {
        self.shared.clear_readiness(event);
    }

    /// The readiness currently recorded for `interest` (possibly empty),
    /// without waiting.
    pub fn current_readiness(&self, interest: Interest) -> ReadyEvent {
        self.shared.ready_event(interest)
    }

    /// Runs `f` if the source is ready for `interest`; on `WouldBlock`
    /// clears that readiness.
    ///
    /// # Errors
    ///
    /// `WouldBlock` if not ready (or `f` would block); `f`'s errors; the
    /// shutdown error.
    pub fn try_io<R>(
        &self,
        interest: Interest,
        f: impl FnOnce() -> io::Result<R>,
    ) -> io::Result<R> {
        let ev = self.shared.ready_event(interest);
        if ev.is_shutdown {
            return Err(shutdown_error());
        }
        if ev.ready.is_empty() {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        match f() {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                self.clear_readiness(ev);
                Err(e)
            }
            res => res,
        }
    }

    /// Waits for `interest`, runs `f`, and repeats while `f` returns
    /// `WouldBlock` (clearing readiness each time).
    ///
    /// # Errors
    ///
    /// `f`'s errors other than `WouldBlock`; the shutdown error.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe as long as `f` is: it is only ever called to
    /// completion.
    pub async fn async_io<R>(
        &self,
        interest: Interest,
        mut f: impl FnMut() -> io::Result<R>,
    ) -> io::Result<R> {
        loop {
            let ev = self.readiness(interest).await?;
            match f() {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => self.clear_readiness(ev),
                res => return res,
            }
        }
    }

    /// Polls `f` for read readiness: runs it when readable and repeats
    /// while it returns `WouldBlock` (clearing readiness).
    ///
    /// # Errors
    ///
    /// `f`'s errors other than `WouldBlock`; the shutdown error.
    pub fn poll_read_io<R>(
        &self,
        cx: &mut Context<'_>,
        f: impl FnMut() -> io::Result<R>,
    ) -> Poll<io::Result<R>> {
        self.poll_io(cx, Direction::Read, f)
    }

    /// Polls `f` for write readiness; see
    /// [`poll_read_io`](Self::poll_read_io).
    ///
    /// # Errors
    ///
    /// `f`'s errors other than `WouldBlock`; the shutdown error.
    pub fn poll_write_io<R>(
        &self,
        cx: &mut Context<'_>,
        f: impl FnMut() -> io::Result<R>,
    ) -> Poll<io::Result<R>> {
        self.poll_io(cx, Direction::Write, f)
    }

    fn poll_io<R>(
        &self,
        cx: &mut Context<'_>,
        dir: Direction,
        mut f: impl FnMut() -> io::Result<R>,
    ) -> Poll<io::Result<R>> {
        loop {
            let ev = ready!(self.poll_ready(cx, dir))?;
            match f() {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => self.clear_readiness(ev),
                res => return Poll::Ready(res),
            }
        }
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        // driver rule 1: free the slot, bumping its generation.
        self.handle.release(self.token);
    }
}

impl fmt::Debug for Registration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registration")
            .field("token", &self.token.0)
            .field("readiness", &self.shared)
            .finish()
    }
}

/// Adapts `&mut S` (possibly unsized) to a sized `mio::event::Source`, so
/// generic sources pass through the driver's `dyn Source` API.
struct SourceRef<'a, S: ?Sized>(&'a mut S);

impl<S: mio::event::Source + ?Sized> mio::event::Source for SourceRef<'_, S> {
    fn register(
        &mut self,
        registry: &mio::Registry,
        token: mio::Token,
        interests: mio::Interest,
    ) -> io::Result<()> {
        self.0.register(registry, token, interests)
    }

    fn reregister(
        &mut self,
        registry: &mio::Registry,
        token: mio::Token,
        interests: mio::Interest,
    ) -> io::Result<()> {
        self.0.reregister(registry, token, interests)
    }

    fn deregister(&mut self, registry: &mio::Registry) -> io::Result<()> {
        self.0.deregister(registry)
    }
}
