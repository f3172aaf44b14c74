//! `ScheduledIo`: the per-registration readiness word and waiter lists.
//!
//! # The readiness word
//!
//! One `AtomicUsize` per registration. Only its low 32 bits are used, so
//! the layout is the same on 32- and 64-bit targets:
//!
//! ```text
//!  bit:  31         30 ............ 16   15 ............ 0
//!       +----------+-------------------+------------------+
//!       | SHUTDOWN |   TICK (15 bits)  |  READY (16 bits) |
//!       +----------+-------------------+------------------+
//! ```
//!
//! `READY` holds [`Ready`] bits (six are used). `TICK` counts the
//! driver's readiness events for this registration, modulo 2^15.
//! `SHUTDOWN` is set when the driver shuts down.
//!
//! # Rules
//!
//! The `SAFETY`-style comments and the loom models of this module cite
//! these by number (there is no `unsafe` here; the rules are what make the
//! lock-free readiness handshake correct):
//!
//! 1. **Who writes the word.** The driver ORs new readiness in and
//!    advances `TICK` by one, in one read-modify-write
//!    ([`ScheduledIo::set_readiness`]). A resource removes readiness only
//!    through [`ScheduledIo::clear_readiness`] with the [`ReadyEvent`] it
//!    acted on: a compare-and-swap that succeeds only while `TICK` still
//!    equals the event's tick, and otherwise does nothing. `SHUTDOWN` is
//!    set once, by the driver, and never cleared.
//! 2. **No lost edges.** Readiness is edge-triggered: the OS reports an
//!    edge once. A resource clears readiness only after its I/O returned
//!    `WouldBlock`, and (rule 1) only if no event arrived since it read the
//!    word. An event that raced in advanced `TICK`, so the clear is dropped
//!    and the resource retries: the cost of the race is one spurious
//!    `WouldBlock`, never a missed wake-up. (`TICK` wraps after 32768
//!    events between a read and its clear; each event needs a separate
//!    driver turn reporting this registration, so within one I/O call this
//!    does not happen in practice.)
//! 3. **Closed states are final.** `READ_CLOSED` and `WRITE_CLOSED` are
//!    never cleared: the OS will not report the hang-up again.
//! 4. **Wake ordering.** The driver publishes readiness (rule 1) *before*
//!    it locks the waiter lists to wake them. A poller that finds no
//!    readiness locks the waiter lists, re-reads the word under the lock,
//!    and parks its waker only if still not ready. If the driver locked
//!    first, the poller's re-read sees the readiness; if the poller locked
//!    first, the driver (locking after it) finds the parked waker.
//! 5. **Waiter ownership.** The `reader` and `writer` slots belong to
//!    `poll_read_ready` / `poll_write_ready` callers (the last task to
//!    poll a direction is the one woken, as with any single-waker
//!    `poll_*` API). Each entry of `list` belongs to the [`Readiness`]
//!    future that inserted it: only that future updates or removes it (on
//!    completion or drop); the driver only takes wakers out of entries.
//! 6. **No user code under the lock.** Wakers are collected under the
//!    lock and woken after it is released (in batches of
//!    [`WAKE_BATCH`]), so a waker that re-enters the registration (polls,
//!    drops a `Readiness`) cannot deadlock.
//! 7. **Shutdown.** [`ScheduledIo::shutdown`] sets `SHUTDOWN` and wakes
//!    everything, with the ordering of rule 4. Pollers check `SHUTDOWN`
//!    first and report a shutdown event, which resources turn into an
//!    `io::Error`.

use crate::interest::Interest;
use crate::loom::lock;
use crate::loom::sync::atomic::{AtomicUsize, Ordering};
use crate::loom::sync::Mutex;
use crate::ready::Ready;
use std::fmt;
use std::future::Future;
use std::mem::MaybeUninit;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

const READY_MASK: usize = 0xFFFF;
const TICK_SHIFT: u32 = 16;
const TICK_MAX: usize = 0x7FFF;
const TICK_MASK: usize = TICK_MAX << TICK_SHIFT;
const SHUTDOWN: usize = 1 << 31;

/// Wakers woken per lock release (rule 6).
pub(crate) const WAKE_BATCH: usize = 32;

/// The direction a single-waker `poll_*_ready` waits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Read,
    Write,
}

impl Direction {
    fn mask(self) -> Ready {
        match self {
            Direction::Read => Ready::READABLE | Ready::READ_CLOSED,
            Direction::Write => Ready::WRITABLE | Ready::WRITE_CLOSED,
        }
    }
}

/// The readiness a resource observed, with the tick it was observed at.
///
/// Returned by readiness polls and handed back to
/// `clear_readiness` so that only readiness at least this old is cleared
/// (see the rules in `driver/scheduled_io.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadyEvent {
    pub(crate) tick: usize,
    pub(crate) ready: Ready,
    pub(crate) is_shutdown: bool,
}

impl ReadyEvent {
    /// The readiness observed.
    pub fn ready(&self) -> Ready {
        self.ready
    }

    /// Whether the driver had shut down when this was observed.
    pub fn is_shutdown(&self) -> bool {
        self.is_shutdown
    }

    /// This event with only the readiness in `ready` kept.
    pub(crate) fn with_ready(self, ready: Ready) -> ReadyEvent {
        ReadyEvent { ready, ..self }
    }
}

/// A registration's readiness word and waiters (rules in the module doc).
pub(crate) struct ScheduledIo {
    readiness: AtomicUsize,
    waiters: Mutex<Waiters>,
}

struct Waiters {
    reader: Option<Waker>,
    writer: Option<Waker>,
    list: WaiterSlab,
}

/// The `Readiness` futures' waiter entries: a slab, so that an entry is
/// found by the key its future holds, without unsafe intrusive links.
struct WaiterSlab {
    entries: Vec<Option<Waiter>>,
    free: Vec<usize>,
}

struct Waiter {
    mask: Ready,
    waker: Option<Waker>,
}

impl WaiterSlab {
    fn new() -> WaiterSlab {
        WaiterSlab {
            entries: Vec::new(),
            free: Vec::new(),
        }
    }

    fn insert(&mut self, waiter: Waiter) -> usize {
        match self.free.pop() {
            Some(key) => {
                self.entries[key] = Some(waiter);
                key
            }
            None => {
                self.entries.push(Some(waiter));
                self.entries.len() - 1
            }
        }
    }

    fn get_mut(&mut self, key: usize) -> Option<&mut Waiter> {
        self.entries.get_mut(key).and_then(Option::as_mut)
    }

    fn remove(&mut self, key: usize) {
        if let Some(slot) = self.entries.get_mut(key) {
            if slot.take().is_some() {
                self.free.push(key);
            }
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.len() - self.free.len()
    }
}

/// Extracts the event for `mask` from a word, if any (shutdown counts).
fn event_for(word: usize, mask: Ready) -> Option<ReadyEvent> {
    let tick = (word & TICK_MASK) >> TICK_SHIFT;
    if word & SHUTDOWN != 0 {
        return Some(ReadyEvent {
            tick,
            ready: mask,
            is_shutdown: true,
        });
    }
    let ready = Ready::from_usize(word & READY_MASK).intersection(mask);
    (!ready.is_empty()).then_some(ReadyEvent {
        tick,
        ready,
        is_shutdown: false,
    })
}

/// Collects wakers under the lock; wakes them after it (rule 6). The
/// slots are uninitialized until pushed: creating and dropping the list
/// costs nothing for the slots not used (a readiness event usually wakes
/// one or two tasks, not `WAKE_BATCH`).
struct WakeList {
    wakers: [MaybeUninit<Waker>; WAKE_BATCH],
    /// Slots `0..len` hold a waker; the rest are uninitialized.
    len: usize,
}

impl WakeList {
    fn new() -> WakeList {
        WakeList {
            wakers: [const { MaybeUninit::uninit() }; WAKE_BATCH],
            len: 0,
        }
    }

    fn can_push(&self) -> bool {
        self.len < WAKE_BATCH
    }

    /// # Panics
    ///
    /// When full (callers check `can_push`).
    fn push(&mut self, waker: Waker) {
        self.wakers[self.len].write(waker);
        self.len += 1;
    }

    fn wake_all(&mut self) {
        // Empty the list first: a waker that panics leaves the rest
        // leaked, never read twice.
        let n = std::mem::replace(&mut self.len, 0);
        for slot in &self.wakers[..n] {
            // SAFETY: slots below the old `len` were written by `push`,
            // and with `len` reset none of them is read again.
            unsafe { slot.assume_init_read() }.wake();
        }
    }
}

impl Drop for WakeList {
    fn drop(&mut self) {
        for slot in &mut self.wakers[..self.len] {
            // SAFETY: slots below `len` hold a waker written by `push`;
            // each is dropped once, here, as the list goes away.
            unsafe { slot.assume_init_drop() };
        }
    }
}

impl ScheduledIo {
    pub(crate) fn new() -> ScheduledIo {
        ScheduledIo {
            readiness: AtomicUsize::new(0),
            waiters: Mutex::new(Waiters {
                reader: None,
                writer: None,
                list: WaiterSlab::new(),
            }),
        }
    }

    /// Driver side: ORs `ready` in and advances the tick (rule 1).
    pub(crate) fn set_readiness(&self, ready: Ready) {
        let mut cur = self.readiness.load(Ordering::Acquire);
        loop {
            let tick = ((cur & TICK_MASK) >> TICK_SHIFT).wrapping_add(1) & TICK_MAX;
            let new =
                (cur & SHUTDOWN) | (tick << TICK_SHIFT) | (cur & READY_MASK) | ready.as_usize();
            match self.readiness.compare_exchange_weak(
                cur,
                new,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => return,
                Err(actual) => cur = actual,
            }
        }
    }

    /// Resource side: clears `event.ready` (minus the closed states, rule
    /// 3) if no event arrived since `event` was read (rules 1-2).
    pub(crate) fn clear_readiness(&self, event: ReadyEvent) {
        let clear = (event.ready - Ready::READ_CLOSED - Ready::WRITE_CLOSED).as_usize();
        let mut cur = self.readiness.load(Ordering::Acquire);
        loop {
            if (cur & TICK_MASK) >> TICK_SHIFT != event.tick {
                // Rule 2: newer readiness arrived; keep it.
                return;
            }
            let new = cur & !clear;
            if new == cur {
                return;
            }
            match self.readiness.compare_exchange_weak(
                cur,
                new,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => return,
                Err(actual) => cur = actual,
            }
        }
    }

    /// The current readiness for `interest` (possibly empty), for
    /// non-waiting `try_io`.
    pub(crate) fn ready_event(&self, interest: Interest) -> ReadyEvent {
        let word = self.readiness.load(Ordering::Acquire);
        event_for(word, interest.mask()).unwrap_or(ReadyEvent {
            tick: (word & TICK_MASK) >> TICK_SHIFT,
            ready: Ready::EMPTY,
            is_shutdown: false,
        })
    }

    /// Driver side: sets `SHUTDOWN` and wakes every waiter (rule 7).
    pub(crate) fn shutdown(&self) {
        self.readiness.fetch_or(SHUTDOWN, Ordering::AcqRel);
        self.wake(Ready::ALL);
    }

    /// Driver side: wakes the waiters whose interest intersects `ready`.
    /// Must follow the `set_readiness` (or `shutdown`) that published it
    /// (rule 4).
    pub(crate) fn wake(&self, ready: Ready) {
        let mut wakers = WakeList::new();
        let mut next = 0;
        loop {
            let mut waiters = lock(&self.waiters);
            if next == 0 {
                if !(ready & Direction::Read.mask()).is_empty() {
                    if let Some(w) = waiters.reader.take() {
                        wakers.push(w);
                    }
                }
                if !(ready & Direction::Write.mask()).is_empty() {
                    if let Some(w) = waiters.writer.take() {
                        wakers.push(w);
                    }
                }
            }
            let mut more = false;
            while next < waiters.list.entries.len() {
                if !wakers.can_push() {
                    more = true;
                    break;
                }
                if let Some(waiter) = &mut waiters.list.entries[next] {
                    if !(waiter.mask & ready).is_empty() {
                        if let Some(w) = waiter.waker.take() {
                            wakers.push(w);
                        }
                    }
                }
                next += 1;
            }
            drop(waiters);
            // Rule 6.
            wakers.wake_all();
            if !more {
                return;
            }
        }
    }

    /// Single-waker readiness poll for one direction (rules 4-5).
    pub(crate) fn poll_readiness(&self, cx: &mut Context<'_>, dir: Direction) -> Poll<ReadyEvent> {
        let mask = dir.mask();
        if let Some(ev) = event_for(self.readiness.load(Ordering::Acquire), mask) {
            return Poll::Ready(ev);
        }
        let mut waiters = lock(&self.waiters);
        // Rule 4: re-read under the lock before parking the waker.
        if let Some(ev) = event_for(self.readiness.load(Ordering::Acquire), mask) {
            return Poll::Ready(ev);
        }
        let slot = match dir {
            Direction::Read => &mut waiters.reader,
            Direction::Write => &mut waiters.writer,
        };
        match slot {
            Some(w) if w.will_wake(cx.waker()) => {}
            _ => *slot = Some(cx.waker().clone()),
        }
        Poll::Pending
    }

    /// A future resolving once readiness intersects `interest` (or on
    /// shutdown). Any number may wait at once.
    pub(crate) fn readiness(&self, interest: Interest) -> Readiness<'_> {
        Readiness {
            io: self,
            mask: interest.mask(),
            key: None,
        }
    }

    #[cfg(all(test, not(loom)))]
    pub(crate) fn waiter_count(&self) -> usize {
        lock(&self.waiters).list.len()
    }
}

impl fmt::Debug for ScheduledIo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = self.readiness.load(Ordering::Relaxed);
        f.debug_struct("ScheduledIo")
            .field("ready", &Ready::from_usize(word & READY_MASK))
            .field("tick", &((word & TICK_MASK) >> TICK_SHIFT))
            .field("shutdown", &(word & SHUTDOWN != 0))
            .finish()
    }
}

/// Future of [`ScheduledIo::readiness`]; owns one waiter entry while
/// pending (rule 5).
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub(crate) struct Readiness<'a> {
    io: &'a ScheduledIo,
    mask: Ready,
    key: Option<usize>,
}

impl Future for Readiness<'_> {
    type Output = ReadyEvent;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<ReadyEvent> {
        let this = self.get_mut();
        let io = this.io;
        if this.key.is_none() {
            if let Some(ev) = event_for(io.readiness.load(Ordering::Acquire), this.mask) {
                return Poll::Ready(ev);
            }
        }
        let mut waiters = lock(&io.waiters);
        // Rule 4: read under the lock before (re-)parking.
        if let Some(ev) = event_for(io.readiness.load(Ordering::Acquire), this.mask) {
            if let Some(key) = this.key.take() {
                // Rule 5: our entry, removed by us.
                waiters.list.remove(key);
            }
            return Poll::Ready(ev);
        }
        match this.key {
            Some(key) => {
                let waiter = waiters
                    .list
                    .get_mut(key)
                    .expect("Readiness entry removed by someone else (rule 5)");
                match &waiter.waker {
                    Some(w) if w.will_wake(cx.waker()) => {}
                    _ => waiter.waker = Some(cx.waker().clone()),
                }
            }
            None => {
                this.key = Some(waiters.list.insert(Waiter {
                    mask: this.mask,
                    waker: Some(cx.waker().clone()),
                }));
            }
        }
        Poll::Pending
    }
}

impl Drop for Readiness<'_> {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            // Rule 5: the future removes its own entry.
            lock(&self.io.waiters).list.remove(key);
        }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize as StdAtomic;
    use std::sync::Arc;
    use std::task::Wake;

    struct Count(StdAtomic);
    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn counter() -> (Arc<Count>, Waker) {
        let c = Arc::new(Count(StdAtomic::new(0)));
        (c.clone(), Waker::from(c))
    }

    #[test]
    fn stale_clear_is_dropped() {
        let io = ScheduledIo::new();
        io.set_readiness(Ready::READABLE);
        let ev = io.ready_event(Interest::READABLE);
        assert!(ev.ready.is_readable());
        io.set_readiness(Ready::READABLE); // a newer edge
        io.clear_readiness(ev);
        assert!(io.ready_event(Interest::READABLE).ready.is_readable());
        let ev2 = io.ready_event(Interest::READABLE);
        io.clear_readiness(ev2);
        assert!(io.ready_event(Interest::READABLE).ready.is_empty());
    }

    #[test]
    fn closed_states_are_not_cleared() {
        let io = ScheduledIo::new();
        io.set_readiness(Ready::READABLE | Ready::READ_CLOSED);
        let ev = io.ready_event(Interest::READABLE);
        io.clear_readiness(ev);
        let after = io.ready_event(Interest::READABLE).ready;
        assert!(after.is_read_closed() && !after.is_readable());
    }

    #[test]
    fn tick_wraps_without_touching_other_bits() {
        let io = ScheduledIo::new();
        for _ in 0..=TICK_MAX + 1 {
            io.set_readiness(Ready::WRITABLE);
        }
        let ev = io.ready_event(Interest::WRITABLE);
        assert_eq!(ev.tick, 1);
        assert_eq!(ev.ready, Ready::WRITABLE);
        assert!(!ev.is_shutdown);
    }

    #[test]
    fn many_waiters_are_all_woken_across_batches() {
        let io = ScheduledIo::new();
        let (count, waker) = counter();
        let mut cx = Context::from_waker(&waker);
        let n = WAKE_BATCH * 2 + 3;
        let mut futs: Vec<_> = (0..n).map(|_| io.readiness(Interest::READABLE)).collect();
        for f in &mut futs {
            assert!(Pin::new(f).poll(&mut cx).is_pending());
        }
        // A writer-only waiter must not be woken by readability.
        let mut w = io.readiness(Interest::WRITABLE);
        assert!(Pin::new(&mut w).poll(&mut cx).is_pending());
        assert_eq!(io.waiter_count(), n + 1);
        io.set_readiness(Ready::READABLE);
        io.wake(Ready::READABLE);
        assert_eq!(count.0.load(Ordering::SeqCst), n);
        for f in &mut futs {
            assert!(Pin::new(f).poll(&mut cx).is_ready());
        }
        drop(futs);
        assert_eq!(io.waiter_count(), 1);
        drop(w);
        assert_eq!(io.waiter_count(), 0);
    }

    #[test]
    fn shutdown_wakes_and_reports() {
        let io = ScheduledIo::new();
        let (count, waker) = counter();
        let mut cx = Context::from_waker(&waker);
        assert!(io.poll_readiness(&mut cx, Direction::Read).is_pending());
        let mut f = io.readiness(Interest::WRITABLE);
        assert!(Pin::new(&mut f).poll(&mut cx).is_pending());
        io.shutdown();
        assert_eq!(count.0.load(Ordering::SeqCst), 2);
        match Pin::new(&mut f).poll(&mut cx) {
            Poll::Ready(ev) => assert!(ev.is_shutdown),
            Poll::Pending => panic!("shutdown not reported"),
        }
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use crate::loom::sync::atomic::AtomicBool;
    use crate::loom::sync::Arc;
    use loom::thread;
    use std::task::Wake;

    struct Flag(AtomicBool);
    impl Wake for Flag {
        fn wake(self: std::sync::Arc<Self>) {
            self.0.store(true, Ordering::SeqCst);
        }
    }

    fn flag_waker() -> (std::sync::Arc<Flag>, Waker) {
        let f = std::sync::Arc::new(Flag(AtomicBool::new(false)));
        (f.clone(), Waker::from(f))
    }

    /// Rules 1-2 and 4: the driver reports a new edge while the reader,
    /// having observed an older one and hit `WouldBlock`, clears and
    /// re-polls. In every interleaving the reader ends up either seeing
    /// readiness or holding a wake-up; a clear that ignored the tick would
    /// wipe the new edge and leave the reader parked forever.
    #[test]
    fn loom_clear_never_loses_a_newer_edge() {
        loom::model(|| {
            let io = Arc::new(ScheduledIo::new());
            io.set_readiness(Ready::READABLE); // the old edge
            let driver = {
                let io = io.clone();
                thread::spawn(move || {
                    io.set_readiness(Ready::READABLE); // the new edge
                    io.wake(Ready::READABLE);
                })
            };
            let (flag, waker) = flag_waker();
            let mut cx = Context::from_waker(&waker);
            let ev = match io.poll_readiness(&mut cx, Direction::Read) {
                Poll::Ready(ev) => ev,
                Poll::Pending => panic!("the old edge was set before the race"),
            };
            // The I/O returned WouldBlock: clear what we acted on.
            io.clear_readiness(ev);
            let again = io.poll_readiness(&mut cx, Direction::Read);
            driver.join().unwrap();
            if ev.tick == 1 && again.is_pending() {
                // We acted on the old edge only: the new edge must reach us
                // (an I/O attempt after it would have found data).
                assert!(flag.0.load(Ordering::SeqCst), "lost the newer edge");
            }
            if ev.tick == 2 {
                // We observed the new edge itself; clearing it after
                // WouldBlock is legitimate, and the word agrees.
                assert_eq!(io.readiness.load(Ordering::SeqCst) & READY_MASK, 0);
            }
        });
    }

    /// Rule 4 with a `Readiness` future (waiter entry): concurrent
    /// set+wake never strands the waiter.
    #[test]
    fn loom_readiness_future_vs_driver_wake() {
        loom::model(|| {
            let io = Arc::new(ScheduledIo::new());
            let driver = {
                let io = io.clone();
                thread::spawn(move || {
                    io.set_readiness(Ready::WRITABLE);
                    io.wake(Ready::WRITABLE);
                })
            };
            let (flag, waker) = flag_waker();
            let mut cx = Context::from_waker(&waker);
            let mut fut = io.readiness(Interest::WRITABLE);
            let first = Pin::new(&mut fut).poll(&mut cx);
            driver.join().unwrap();
            if first.is_pending() {
                assert!(flag.0.load(Ordering::SeqCst), "waiter stranded");
                assert!(Pin::new(&mut fut).poll(&mut cx).is_ready());
            }
            drop(fut);
            assert_eq!(lock(&io.waiters).list.len(), 0);
        });
    }

    /// Rule 7: shutdown racing with a poll either is seen by the poll or
    /// wakes it.
    #[test]
    fn loom_shutdown_wakes_pending_reader() {
        loom::model(|| {
            let io = Arc::new(ScheduledIo::new());
            let driver = {
                let io = io.clone();
                thread::spawn(move || io.shutdown())
            };
            let (flag, waker) = flag_waker();
            let mut cx = Context::from_waker(&waker);
            let first = io.poll_readiness(&mut cx, Direction::Read);
            driver.join().unwrap();
            match first {
                Poll::Ready(ev) => assert!(ev.is_shutdown),
                Poll::Pending => {
                    assert!(flag.0.load(Ordering::SeqCst), "shutdown lost");
                    match io.poll_readiness(&mut cx, Direction::Read) {
                        Poll::Ready(ev) => assert!(ev.is_shutdown),
                        Poll::Pending => panic!("shutdown not visible after wake"),
                    }
                }
            }
        });
    }

    /// Rules 5-6: a waiter dropping its entry while the driver wakes the
    /// list: no entry is leaked, no panic, the other waiter is woken.
    #[test]
    fn loom_waiter_drop_races_wake() {
        loom::model(|| {
            let io = Arc::new(ScheduledIo::new());
            let (flag, waker) = flag_waker();
            let mut cx = Context::from_waker(&waker);
            let mut a = io.readiness(Interest::READABLE);
            let mut b = io.readiness(Interest::READABLE);
            assert!(Pin::new(&mut a).poll(&mut cx).is_pending());
            assert!(Pin::new(&mut b).poll(&mut cx).is_pending());
            let driver = {
                let io = io.clone();
                thread::spawn(move || {
                    io.set_readiness(Ready::READABLE);
                    io.wake(Ready::READABLE);
                })
            };
            drop(a);
            driver.join().unwrap();
            assert!(flag.0.load(Ordering::SeqCst));
            assert!(Pin::new(&mut b).poll(&mut cx).is_ready());
            drop(b);
            assert_eq!(lock(&io.waiters).list.len(), 0);
        });
    }
}
