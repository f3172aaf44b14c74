//! Timer entries: the state a [`Sleep`](crate::Sleep) shares with a wheel.
//!
//! The entry protocol (states, who owns which field under which lock, the
//! numbered rules the `SAFETY` comments cite) is documented once, in the
//! [`driver`](super) module doc.

use super::wheel::Insert;
use super::Handle;
use crate::loom::cell::UnsafeCell;
use crate::loom::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::fmt;
use std::marker::PhantomPinned;
use std::pin::Pin;
use std::ptr::NonNull;
use std::task::{Context, Poll, Waker};

/// Where an entry is in its life; see the protocol table in [`driver`](super).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum State {
    /// Not linked anywhere; only the owner touches the entry.
    Unregistered = 0,
    /// Linked into a slot list of its wheel.
    Registered = 1,
    /// Due: linked into its wheel's pending list, about to fire.
    Pending = 2,
    /// Fired: unlinked, waker taken; the owner has the entry back.
    Fired = 3,
    /// Unlinked by the owner's drop (terminal).
    Cancelled = 4,
}

impl State {
    fn from_u8(v: u8) -> State {
        match v {
            0 => State::Unregistered,
            1 => State::Registered,
            2 => State::Pending,
            3 => State::Fired,
            4 => State::Cancelled,
            _ => unreachable!("invalid timer entry state {v}"),
        }
    }

    /// Whether a wheel holds a pointer to the entry in this state.
    pub(crate) fn is_linked(self) -> bool {
        matches!(self, State::Registered | State::Pending)
    }
}

/// The part of an entry a wheel points to (`NonNull<Shared>` in its lists).
pub(crate) struct Shared {
    /// Written under the wheel lock while linked, by the owner while
    /// unlinked (rule 3); read by the owner without the lock.
    state: AtomicU8,
    /// Guarded by the lock of the entry's wheel (rule 2).
    guarded: UnsafeCell<Guarded>,
    /// The wheel holds pointers to this value: it must never move.
    _pin: PhantomPinned,
}

/// The fields of an entry guarded by its wheel's lock (rule 2).
pub(crate) struct Guarded {
    /// Previous entry in the list this entry is linked in.
    pub(crate) prev: Option<NonNull<Shared>>,
    /// Next entry in the list this entry is linked in.
    pub(crate) next: Option<NonNull<Shared>>,
    /// Deadline, in wheel ticks (milliseconds since the driver started).
    pub(crate) when: u64,
    /// Registration sequence number, from the driver's counter shared by
    /// all its wheels: fixes the firing order of entries due at the same
    /// tick, across wheels too.
    pub(crate) seq: u64,
    /// Which list of the wheel holds the entry.
    pub(crate) location: Location,
    /// Woken when the entry fires; moved out under the lock, woken after.
    pub(crate) waker: Option<Waker>,
}

/// The list of its wheel an entry is linked in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Location {
    Unlinked,
    Slot { level: u8, slot: u8 },
    Pending,
}

// SAFETY: the raw pointers and the waker in `guarded` are only accessed by
// the thread holding the lock of the entry's wheel (rule 2) or by the owner
// of an unlinked entry (rules 3 and 5); `state` is atomic. Moving or sharing
// a `Shared` between threads therefore never lets two threads touch the
// guarded fields at once. `Waker` is `Send + Sync`.
unsafe impl Send for Shared {}
// SAFETY: see the `Send` impl: every access through `&Shared` is either
// atomic or serialized by the wheel lock (rule 2).
unsafe impl Sync for Shared {}

impl Shared {
    pub(crate) fn new() -> Shared {
        Shared {
            state: AtomicU8::new(State::Unregistered as u8),
            guarded: UnsafeCell::new(Guarded {
                prev: None,
                next: None,
                when: 0,
                seq: 0,
                location: Location::Unlinked,
                waker: None,
            }),
            _pin: PhantomPinned,
        }
    }

    pub(crate) fn state(&self) -> State {
        State::from_u8(self.state.load(Ordering::Acquire))
    }

    pub(crate) fn set_state(&self, state: State) {
        self.state.store(state as u8, Ordering::Release);
    }

    /// Runs `f` on the lock-guarded fields.
    ///
    /// # Safety
    ///
    /// The caller holds the lock of the wheel this entry belongs to (rule
    /// 2), or owns the unlinked entry (rule 5); and `f` does not reach this
    /// same entry's guarded fields again (no nested call for one entry).
    pub(crate) unsafe fn with_guarded<R>(&self, f: impl FnOnce(&mut Guarded) -> R) -> R {
        // SAFETY: exclusive access per the caller's contract (rule 2 or 5),
        // and no other reference to these fields is alive during `f`.
        self.guarded.with_mut(|p| f(unsafe { &mut *p }))
    }

    /// Completes an entry its wheel just unlinked from the pending list:
    /// moves the waker out and publishes `Fired` (rule 4).
    ///
    /// # Safety
    ///
    /// `entry` was linked in the wheel whose lock the caller holds until
    /// this call (so it is alive, rule 1), and the wheel has just unlinked it.
    pub(crate) unsafe fn fire(entry: NonNull<Shared>) -> Option<Waker> {
        // SAFETY: alive per rule 1 (it was linked until the caller's
        // `pop_pending`, under the lock the caller still holds).
        let entry = unsafe { entry.as_ref() };
        // SAFETY: rule 2, the caller holds the wheel lock.
        let waker = unsafe { entry.with_guarded(|g| g.waker.take()) };
        // Rule 4: the last access of the wheel to this entry. After this
        // store the owner may free it at any time.
        entry.set_state(State::Fired);
        waker
    }
}

/// A timer entry owned by a [`Sleep`](crate::Sleep): its driver, the wheel
/// it is registered on, and the state shared with that wheel.
pub(crate) struct Entry {
    handle: Handle,
    /// The wheel (an index into the driver's wheels) whose lock guards
    /// `shared`. Written only by the owner while the entry is unlinked
    /// (rule 5); read only by the owner.
    wheel: AtomicUsize,
    shared: Shared,
}

impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry")
            .field("state", &self.shared.state())
            .finish_non_exhaustive()
    }
}

impl Entry {
    pub(crate) fn new(handle: Handle) -> Entry {
        Entry {
            handle,
            wheel: AtomicUsize::new(0),
            shared: Shared::new(),
        }
    }

    pub(crate) fn handle(&self) -> &Handle {
        &self.handle
    }

    pub(crate) fn is_elapsed(&self) -> bool {
        self.shared.state() == State::Fired
    }

    fn ptr(self: Pin<&Self>) -> NonNull<Shared> {
        NonNull::from(&self.get_ref().shared)
    }

    /// Polls the entry: `Ready` once it fired. The first poll registers it
    /// (lazy registration): `due` returns the deadline tick, or `None` when
    /// the deadline has already passed (then nothing is registered). A
    /// later poll that finds the deadline passed completes the entry at
    /// once, without waiting for the driver to process its tick (the
    /// paused clock, advanced, can be ahead of the wheel).
    ///
    /// # Panics
    ///
    /// Panics if the driver has shut down.
    pub(crate) fn poll_elapsed(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        due: impl FnOnce(&Handle) -> Option<u64>,
    ) -> Poll<()> {
        let this = self.into_ref();
        this.handle.assert_running();
        match this.shared.state() {
            State::Fired => Poll::Ready(()),
            State::Unregistered => match due(&this.handle) {
                None => {
                    // Rule 3: unlinked, so the owner moves the state alone.
                    this.shared.set_state(State::Fired);
                    Poll::Ready(())
                }
                Some(when) => this.register(when, cx.waker()),
            },
            State::Registered | State::Pending => {
                let passed = due(&this.handle).is_none();
                this.update_waker(cx.waker(), passed)
            }
            State::Cancelled => unreachable!("a cancelled timer entry is never polled"),
        }
    }

    /// Links an unregistered entry into the current thread's wheel.
    fn register(self: Pin<&Self>, when: u64, waker: &Waker) -> Poll<()> {
        let idx = self.handle.wheel_for_current_thread();
        // Rule 5: the owner picks the wheel while the entry is unlinked.
        self.wheel.store(idx, Ordering::Relaxed);
        let ptr = self.ptr();
        let mut synced = self.handle.lock_wheel(idx);
        if self.handle.is_shutdown() {
            drop(synced);
            Handle::shutdown_panic();
        }
        // SAFETY: rule 2, the lock of wheel `idx` is held; the entry is
        // unlinked (Unregistered), so no list walk can reach it meanwhile.
        let old = unsafe { self.shared.with_guarded(|g| g.waker.replace(waker.clone())) };
        // SAFETY: rule 1: `self` is pinned and its `Drop` unlinks it under
        // this same lock; it is unlinked now (rule 5); we hold the lock.
        let outcome = unsafe { synced.wheel.insert(ptr, when, self.handle.next_seq()) };
        self.handle.record_registered();
        if outcome == Insert::Elapsed {
            self.handle.record_fired(1);
        }
        match outcome {
            Insert::Linked => {
                let unpark = synced.note_registration(when);
                drop(synced);
                drop(old);
                if unpark {
                    self.handle.unpark();
                }
                Poll::Pending
            }
            Insert::Elapsed => {
                // The wheel already processed `when`: fire at once, unlinked.
                // SAFETY: rule 2, the lock is held.
                let ours = unsafe { self.shared.with_guarded(|g| g.waker.take()) };
                self.shared.set_state(State::Fired);
                drop(synced);
                drop((old, ours));
                Poll::Ready(())
            }
        }
    }

    /// Stores a newer waker in a linked entry, unless it fired meanwhile;
    /// fires it here if its deadline has `passed`.
    fn update_waker(self: Pin<&Self>, waker: &Waker, passed: bool) -> Poll<()> {
        let ptr = self.ptr();
        let mut synced = self.handle.lock_wheel(self.wheel.load(Ordering::Relaxed));
        if self.handle.is_shutdown() {
            drop(synced);
            Handle::shutdown_panic();
        }
        match self.shared.state() {
            State::Fired => Poll::Ready(()),
            State::Registered | State::Pending if passed => {
                // SAFETY: linked in this wheel (alive, rule 1), lock held.
                unsafe { synced.wheel.remove(ptr) };
                // SAFETY: rule 2, the lock is held.
                let old = unsafe { self.shared.with_guarded(|g| g.waker.take()) };
                self.shared.set_state(State::Fired);
                drop(synced);
                drop(old);
                Poll::Ready(())
            }
            State::Registered | State::Pending => {
                // SAFETY: rule 2, the lock of the entry's wheel is held.
                let old = unsafe {
                    self.shared.with_guarded(|g| match &g.waker {
                        Some(w) if w.will_wake(waker) => None,
                        _ => g.waker.replace(waker.clone()),
                    })
                };
                drop(synced);
                drop(old);
                Poll::Pending
            }
            state => unreachable!("timer entry lost its link while polled: {state:?}"),
        }
    }

    /// Moves the deadline of an entry that was registered (or fired) to
    /// `due` (`None`: already due) and re-registers it at once, keeping its
    /// waker; an unregistered entry is left alone (it registers lazily with
    /// the new deadline on its next poll). Wakes the waker if the new
    /// deadline is already due.
    pub(crate) fn reset(self: Pin<&mut Self>, due: Option<u64>) {
        let this = self.into_ref();
        if this.shared.state() == State::Unregistered {
            return;
        }
        let idx = this.wheel.load(Ordering::Relaxed);
        let ptr = this.ptr();
        let mut synced = this.handle.lock_wheel(idx);
        if this.handle.is_shutdown() {
            // The driver fired every entry on shutdown; the next poll
            // reports it.
            return;
        }
        if this.shared.state().is_linked() {
            // SAFETY: linked in wheel `idx` (rule 1 keeps it alive), and we
            // hold that wheel's lock.
            unsafe { synced.wheel.remove(ptr) };
        }
        // The entry is unlinked here (Fired, or just removed): the owner may
        // re-link it under the lock.
        let outcome = match due {
            Some(when) => {
                this.handle.record_registered();
                // SAFETY: rule 1 (pinned, unlinked by `Drop`), rule 5
                // (unlinked, owner), lock held.
                match unsafe { synced.wheel.insert(ptr, when, this.handle.next_seq()) } {
                    Insert::Linked => Some(synced.note_registration(when)),
                    Insert::Elapsed => {
                        this.handle.record_fired(1);
                        None
                    }
                }
            }
            None => None,
        };
        match outcome {
            Some(unpark) => {
                drop(synced);
                if unpark {
                    this.handle.unpark();
                }
            }
            None => {
                // SAFETY: rule 2, the lock is held.
                let waker = unsafe { this.shared.with_guarded(|g| g.waker.take()) };
                this.shared.set_state(State::Fired);
                drop(synced);
                if let Some(waker) = waker {
                    waker.wake();
                }
            }
        }
    }

    /// Unlinks the entry if needed and returns it to `Unregistered`: it
    /// registers again, lazily, on its next poll.
    pub(crate) fn unregister(self: Pin<&mut Self>) {
        let this = self.into_ref();
        match this.shared.state() {
            State::Unregistered => {}
            // Rule 3: unlinked, so the owner moves the state alone.
            State::Fired => this.shared.set_state(State::Unregistered),
            State::Registered | State::Pending => {
                let ptr = this.ptr();
                let mut synced = this.handle.lock_wheel(this.wheel.load(Ordering::Relaxed));
                if this.shared.state().is_linked() {
                    // SAFETY: linked in this wheel (alive, rule 1) and we
                    // hold its lock.
                    unsafe { synced.wheel.remove(ptr) };
                }
                // SAFETY: rule 2, the lock is held.
                let waker = unsafe { this.shared.with_guarded(|g| g.waker.take()) };
                this.shared.set_state(State::Unregistered);
                drop(synced);
                drop(waker);
            }
            State::Cancelled => unreachable!("a cancelled timer entry is never reset"),
        }
    }
}

impl Drop for Entry {
    fn drop(&mut self) {
        // Rule 6. Unregistered, Fired: unlinked, the wheel never touches the
        // entry again (rules 3, 4): no lock needed.
        if !self.shared.state().is_linked() {
            // Dropping the waker here rather than in the drop glue makes the
            // hand-over of the guarded fields visible to loom.
            // SAFETY: rule 4 (`Fired` was loaded with Acquire: the wheel is
            // done with the entry) or rule 3 (unlinked by its owner, us).
            drop(unsafe { self.shared.with_guarded(|g| g.waker.take()) });
            return;
        }
        let ptr = NonNull::from(&self.shared);
        let mut synced = self.handle.lock_wheel(self.wheel.load(Ordering::Relaxed));
        let waker = if self.shared.state().is_linked() {
            // SAFETY: still linked in this wheel (alive: we are in its drop,
            // before the memory goes away, rule 1), and we hold its lock.
            unsafe { synced.wheel.remove(ptr) };
            self.shared.set_state(State::Cancelled);
            // SAFETY: rule 2, the lock is held.
            unsafe { self.shared.with_guarded(|g| g.waker.take()) }
        } else {
            // Fired between our first look and taking the lock.
            None
        };
        drop(synced);
        drop(waker);
    }
}
