//! The reactor: a mio `Poll` plugged into the runtime as a Park layer.
//!
//! ```text
//!   runtime thread                     any thread
//!   ──────────────                     ──────────
//!   Park::park(timeout)                Unpark::unpark ── mio::Waker::wake
//!     └─ Driver::turn                                         │
//!          ├─ mio::Poll::poll(events, timeout) ◄──────────────┘
//!          ├─ tokens → registrations (RegistrationSet, generation-checked)
//!          └─ ScheduledIo::set_readiness + wake   (see scheduled_io.rs)
//! ```
//!
//! This module and `scheduled_io.rs` are the only code in rt that talks
//! to mio (and through it to epoll/kqueue) about readiness.
//!
//! # The registration set
//!
//! Every registered I/O object owns a slot in a slab
//! (`RegistrationSet`), holding an `Arc<ScheduledIo>`. The mio token of a
//! registration packs the slot index with the slot's *generation*:
//!
//! ```text
//!  usize:  | generation (high half) | index (low half) |
//! ```
//!
//! 1. A slot's generation is bumped when its registration is released, so
//!    an event still in flight for a released registration carries a stale
//!    token and is dropped by the generation check: a released (or reused)
//!    slot is never woken on behalf of its previous owner.
//! 2. The driver resolves a batch of tokens under the set's lock into
//!    `Arc` clones and releases the lock before waking anything (no user
//!    code under the lock, as in `scheduled_io` rule 6). An `Arc` resolved
//!    just before its registration was released keeps the `ScheduledIo`
//!    alive: setting readiness on it is harmless, and nothing is freed
//!    under the driver.
//! 3. The index `usize::MAX >> (usize::BITS / 2)` (all ones) is never
//!    allocated, so no registration token equals the waker's
//!    `WAKE_TOKEN` (`usize::MAX`).
//! 4. After shutdown the set refuses new registrations, and every
//!    registration present was shut down (`scheduled_io` rule 7).

pub(crate) mod registration;
pub(crate) mod scheduled_io;

use crate::loom::lock;
use crate::loom::sync::atomic::{AtomicBool, Ordering};
use crate::loom::sync::{Arc, Mutex};
use crate::ready::Ready;
use rt_core::runtime::{DriverLayer, Extensions, Park, Unpark};
use scheduled_io::ScheduledIo;
use std::fmt;
use std::io;
use std::time::Duration;

/// The token of the driver's `mio::Waker`.
const WAKE_TOKEN: mio::Token = mio::Token(usize::MAX);

const INDEX_BITS: u32 = usize::BITS / 2;
const INDEX_MASK: usize = usize::MAX >> INDEX_BITS;
/// Rule 3: the all-ones index is reserved.
const MAX_INDEX: usize = INDEX_MASK - 1;
const GENERATION_MASK: usize = usize::MAX >> INDEX_BITS;

/// Number of events fetched per `epoll_wait`.
const EVENTS_CAPACITY: usize = 1024;

/// Returns the runtime driver layer that installs the I/O reactor.
///
/// The `rt` facade's `Builder::enable_io()` uses it; with rt-core alone,
/// pass it to [`Builder::driver_layer`](rt_core::runtime::Builder::driver_layer).
/// The layer **replaces** the thread parker it receives with the reactor
/// (an idle runtime thread then blocks in `epoll_wait`/`kevent`) and
/// registers the reactor's handle in the runtime's extensions, where I/O
/// resources find it.
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt};
/// use std::os::unix::net::UnixStream;
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_io::driver_layer())
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     let (a, b) = UnixStream::pair().unwrap();
///     a.set_nonblocking(true).unwrap();
///     let fd = rt_io::unix::AsyncFd::new(a).unwrap();
///     std::io::Write::write_all(&mut &b, b"x").unwrap();
///     let mut guard = fd.readable().await.unwrap();
///     let mut byte = [0u8; 1];
///     let n = guard
///         .try_io(|fd| std::io::Read::read(&mut fd.get_ref(), &mut byte))
///         .expect("readable")
///         .unwrap();
///     assert_eq!(n, 1);
/// });
/// ```
pub fn driver_layer() -> DriverLayer {
    std::sync::Arc::new(|inner: Box<dyn Park>, ext: &mut Extensions| {
        // The reactor blocks in the OS selector itself: the thread parker
        // below it is not needed.
        drop(inner);
        let driver = Driver::new()?;
        ext.insert(IoHandle {
            inner: driver.handle.clone(),
        });
        // Read back through `RuntimeMetrics::io_driver_*`.
        ext.insert(driver.handle.metrics.clone());
        Ok(Box::new(driver) as Box<dyn Park>)
    })
}

/// What a runtime's extensions carry for rt-io: the reactor's shared
/// half. Crate-private: only rt-io's resources look it up.
#[derive(Clone)]
pub(crate) struct IoHandle {
    pub(crate) inner: Arc<Handle>,
}

/// The reactor's shared half: resources register through it.
pub(crate) struct Handle {
    registry: mio::Registry,
    registrations: Mutex<RegistrationSet>,
    is_shutdown: AtomicBool,
    metrics: std::sync::Arc<rt_core::runtime::IoDriverMetrics>,
}

struct RegistrationSet {
    slots: Vec<Slot>,
    free: Vec<usize>,
    is_shutdown: bool,
}

struct Slot {
    generation: usize,
    io: Option<Arc<ScheduledIo>>,
}

impl RegistrationSet {
    fn get(&self, token: mio::Token) -> Option<&Arc<ScheduledIo>> {
        let index = token.0 & INDEX_MASK;
        let generation = token.0 >> INDEX_BITS;
        let slot = self.slots.get(index)?;
        // Rule 1: a stale generation means a released registration.
        if slot.generation != generation {
            return None;
        }
        slot.io.as_ref()
    }
}

fn token(index: usize, generation: usize) -> mio::Token {
    mio::Token((generation << INDEX_BITS) | index)
}

/// The error resources report once the driver is gone.
pub(crate) fn shutdown_error() -> io::Error {
    io::Error::other("the rt runtime is shutting down: its I/O driver is gone")
}

impl Handle {
    /// The current runtime's I/O driver.
    ///
    /// # Panics
    ///
    /// Outside a runtime, or on a runtime built without the I/O driver,
    /// with a message saying how to fix it.
    #[track_caller]
    pub(crate) fn current() -> Arc<Handle> {
        match rt_core::runtime::Handle::try_current() {
            Err(e) => panic!(
                "{e}. rt I/O resources (sockets, `AsyncFd`, ...) must be created inside a \
                 runtime with the I/O driver enabled: build it with enable_io() or enable_all()"
            ),
            Ok(rt) => match rt.extension::<IoHandle>() {
                Some(io) => io.inner.clone(),
                None => panic!(
                    "this rt runtime has no I/O driver: build the runtime with enable_io() or \
                     enable_all() (with rt-core's Builder: \
                     `.driver_layer(rt_io::driver_layer())`)"
                ),
            },
        }
    }

    /// Allocates a slot and registers `source` with mio under its token.
    pub(crate) fn register(
        &self,
        source: &mut dyn mio::event::Source,
        interest: mio::Interest,
    ) -> io::Result<(mio::Token, Arc<ScheduledIo>)> {
        let (tok, io) = {
            let mut set = lock(&self.registrations);
            if set.is_shutdown {
                // Rule 4.
                return Err(shutdown_error());
            }
            let io = Arc::new(ScheduledIo::new());
            let index = match set.free.pop() {
                Some(index) => index,
                None => {
                    let index = set.slots.len();
                    if index > MAX_INDEX {
                        return Err(io::Error::other(
                            "rt I/O driver: registration limit reached",
                        ));
                    }
                    set.slots.push(Slot {
                        generation: 0,
                        io: None,
                    });
                    index
                }
            };
            let slot = &mut set.slots[index];
            slot.io = Some(io.clone());
            (token(index, slot.generation), io)
        };
        if let Err(e) = self.registry.register(source, tok, interest) {
            self.release(tok);
            return Err(e);
        }
        self.metrics.record_registered();
        Ok((tok, io))
    }

    /// Removes `source` from the OS selector (the slot is released
    /// separately, by [`release`](Self::release)).
    pub(crate) fn deregister(&self, source: &mut dyn mio::event::Source) -> io::Result<()> {
        self.registry.deregister(source)?;
        self.metrics.record_deregistered();
        Ok(())
    }

    /// Frees the slot of `tok` and bumps its generation (rule 1). A stale
    /// token (already released) is ignored.
    pub(crate) fn release(&self, tok: mio::Token) {
        let mut set = lock(&self.registrations);
        let index = tok.0 & INDEX_MASK;
        let generation = tok.0 >> INDEX_BITS;
        if let Some(slot) = set.slots.get_mut(index) {
            if slot.generation == generation && slot.io.is_some() {
                slot.io = None;
                slot.generation = (slot.generation + 1) & GENERATION_MASK;
                set.free.push(index);
            }
        }
    }

    pub(crate) fn is_shutdown(&self) -> bool {
        self.is_shutdown.load(Ordering::Acquire)
    }

    /// Marks the driver shut down and wakes every registration (rule 4).
    fn shutdown(&self) {
        let ios: Vec<Arc<ScheduledIo>> = {
            let mut set = lock(&self.registrations);
            if set.is_shutdown {
                return;
            }
            set.is_shutdown = true;
            self.is_shutdown.store(true, Ordering::Release);
            set.slots.iter().filter_map(|s| s.io.clone()).collect()
        };
        for io in ios {
            io.shutdown();
        }
    }

    #[cfg(all(test, not(loom)))]
    pub(crate) fn live_registrations(&self) -> usize {
        let set = lock(&self.registrations);
        set.slots.len() - set.free.len()
    }
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("rt_io::Handle")
            .field("is_shutdown", &self.is_shutdown())
            .finish_non_exhaustive()
    }
}

/// The reactor's owned half: the `Park` implementation.
pub(crate) struct Driver {
    poll: mio::Poll,
    events: mio::Events,
    handle: Arc<Handle>,
    unparker: std::sync::Arc<MioUnpark>,
    /// Reused across turns: (registration, readiness) to dispatch.
    dispatch: Vec<(Arc<ScheduledIo>, Ready)>,
    is_shutdown: bool,
}

struct MioUnpark {
    waker: mio::Waker,
}

impl Unpark for MioUnpark {
    fn unpark(&self) {
        // A failed wake would strand a parked runtime thread forever;
        // mio only fails here if the OS does (EBADF, ...).
        self.waker
            .wake()
            .expect("rt I/O driver: failed to wake the reactor");
    }
}

impl Driver {
    pub(crate) fn new() -> io::Result<Driver> {
        let poll = mio::Poll::new()?;
        let waker = mio::Waker::new(poll.registry(), WAKE_TOKEN)?;
        let registry = poll.registry().try_clone()?;
        Ok(Driver {
            poll,
            events: mio::Events::with_capacity(EVENTS_CAPACITY),
            handle: Arc::new(Handle {
                registry,
                registrations: Mutex::new(RegistrationSet {
                    slots: Vec::new(),
                    free: Vec::new(),
                    is_shutdown: false,
                }),
                is_shutdown: AtomicBool::new(false),
                metrics: Default::default(),
            }),
            unparker: std::sync::Arc::new(MioUnpark { waker }),
            dispatch: Vec::new(),
            is_shutdown: false,
        })
    }

    /// One reactor turn: wait for events (at most `timeout`), then publish
    /// readiness and wake waiters.
    fn turn(&mut self, timeout: Option<Duration>) {
        match self.poll.poll(&mut self.events, timeout) {
            Ok(()) => {}
            // A signal interrupted the wait: a spurious return is allowed.
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return,
            Err(e) => panic!("rt I/O driver: polling the OS selector failed: {e}"),
        }
        {
            // Rule 2: resolve tokens under the lock, wake outside it.
            let set = lock(&self.handle.registrations);
            for event in self.events.iter() {
                if event.token() == WAKE_TOKEN {
                    continue;
                }
                let ready = Ready::from_mio(event);
                if ready.is_empty() {
                    continue;
                }
                if let Some(io) = set.get(event.token()) {
                    self.dispatch.push((io.clone(), ready));
                }
            }
        }
        if !self.dispatch.is_empty() {
            self.handle.metrics.record_ready(self.dispatch.len() as u64);
        }
        for (io, ready) in self.dispatch.drain(..) {
            // scheduled_io rules 1 and 4: publish, then wake.
            io.set_readiness(ready);
            io.wake(ready);
        }
    }
}

impl Park for Driver {
    fn park(&mut self, timeout: Option<Duration>) {
        if self.is_shutdown {
            return;
        }
        self.turn(timeout);
    }

    fn unparker(&self) -> std::sync::Arc<dyn Unpark> {
        self.unparker.clone()
    }

    fn shutdown(&mut self) {
        self.is_shutdown = true;
        self.handle.shutdown();
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Resources may outlive the runtime: make them see the shutdown
        // even if `Park::shutdown` was never called.
        self.handle.shutdown();
    }
}

impl fmt::Debug for Driver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("rt_io::Driver")
            .field("handle", &self.handle)
            .finish_non_exhaustive()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::interest::Interest;
    use std::os::unix::net::UnixStream;

    #[test]
    fn stale_tokens_are_ignored_and_slots_reused() {
        let driver = Driver::new().unwrap();
        let handle = driver.handle.clone();
        let (a, _b) = UnixStream::pair().unwrap();
        a.set_nonblocking(true).unwrap();
        let fd = std::os::fd::AsRawFd::as_raw_fd(&a);
        let mut src = mio::unix::SourceFd(&fd);
        let (t1, io1) = handle
            .register(&mut src, Interest::READABLE.to_mio())
            .unwrap();
        handle.deregister(&mut src).unwrap();
        handle.release(t1);
        assert!(lock(&handle.registrations).get(t1).is_none());
        let (t2, io2) = handle
            .register(&mut src, Interest::READABLE.to_mio())
            .unwrap();
        assert_ne!(t1, t2, "generation must change");
        assert_eq!(t1.0 & INDEX_MASK, t2.0 & INDEX_MASK, "slot reused");
        assert!(!Arc::ptr_eq(&io1, &io2));
        assert!(Arc::ptr_eq(
            lock(&handle.registrations).get(t2).unwrap(),
            &io2
        ));
        // Releasing the stale token again is a no-op.
        handle.release(t1);
        assert_eq!(handle.live_registrations(), 1);
        handle.release(t2);
        assert_eq!(handle.live_registrations(), 0);
        drop(driver);
        assert!(handle.is_shutdown());
        assert!(handle
            .register(&mut src, Interest::READABLE.to_mio())
            .is_err());
    }

    #[test]
    fn unpark_wakes_a_blocked_turn() {
        let mut driver = Driver::new().unwrap();
        let unpark = driver.unparker();
        let t = std::thread::spawn(move || unpark.unpark());
        driver.park(None); // returns once woken (or at once if it already was)
        t.join().unwrap();
        driver.park(Some(Duration::from_millis(1)));
    }
}
