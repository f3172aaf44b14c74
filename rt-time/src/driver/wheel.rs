//! The hierarchical hashed timing wheel (Varghese & Lauck, scheme 7).
//!
//! Six levels of 64 slots. A slot of level `l` spans `64^l` ticks (1 ms
//! each), so level 0 holds the next 64 ms tick by tick, level 1 the next
//! ~4 s in 64 ms slots, ... and level 5 the next ~2.2 years (`2^36` ms) in
//! ~12.4-day slots. An entry due at tick `when` is linked into the level
//! given by the highest 6-bit digit in which `when` differs from `elapsed`
//! (the tick the wheel has processed up to), at the slot named by that digit
//! of `when`. Each level keeps a 64-bit occupancy bitmap, so the next
//! non-empty slot is one rotate and one `trailing_zeros` away: finding the
//! next expiration is O(levels), inserting and removing O(1).
//!
//! When `elapsed` reaches the start of an occupied slot above level 0, the
//! slot is *cascaded*: its entries are re-inserted relative to the new
//! `elapsed`, which puts them into a lower level (or the pending list when
//! due). A level-0 slot holds entries of exactly one tick; reaching it moves
//! them to the pending list, from which the driver fires them.
//!
//! Deadlines beyond the wheel's range (`RANGE`, ~2.2 years ahead) are
//! clamped into the top level at the slot of their own top digit; that slot
//! comes around at least once per top-level rotation, when they are
//! re-inserted, and park in the top level again until they are in range. A
//! deadline therefore never overflows the wheel and never fires early.
//!
//! Invariant (the reason `level_for` can be recomputed as `elapsed` moves):
//! `elapsed` never passes the start of an occupied slot without that slot
//! being processed ([`Wheel::advance`] walks the due slots in deadline
//! order), so an in-range entry stays in the slot `level_for`/`slot_for`
//! name until it is cascaded. Entries also record their location, so
//! removal does not rely on recomputing it.
//!
//! Ordering: every slot list is kept in registration order (`seq`), and the
//! pending list in `(when, seq)` order, by insertion from the tail (O(1) in
//! practice: newcomers are the newest). Entries due at the same tick fire in
//! the order they were registered.
//!
//! Every method taking or returning `NonNull<Shared>` follows the entry
//! protocol of [`driver`](super): the wheel is only reachable through its
//! lock, so `&mut Wheel` means the lock is held (rule 2).

use super::entry::{Guarded, Location, Shared, State};
use std::ptr::NonNull;

/// Number of levels.
pub(crate) const LEVELS: usize = 6;
const SLOT_BITS: usize = 6;
/// Slots per level.
pub(crate) const SLOTS: usize = 1 << SLOT_BITS;
const SLOT_MASK: u64 = SLOTS as u64 - 1;
/// Ticks (ms) the wheel covers ahead of `elapsed`: `64^6` ms, ~795 days.
pub(crate) const RANGE: u64 = 1 << (SLOT_BITS * LEVELS);

/// Outcome of [`Wheel::insert`].
#[must_use]
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Insert {
    /// Linked into a slot; state `Registered`.
    Linked,
    /// `when` is not after `elapsed`: nothing was linked; fire it now.
    Elapsed,
}

/// The wheel: its lists hold pointers to pinned entries.
pub(crate) struct Wheel {
    /// The tick processed up to: every entry due at or before it has been
    /// moved to `pending` (or fired).
    elapsed: u64,
    /// `LEVELS` levels, on the heap: ~6 KiB, kept off small stacks.
    levels: Box<[Level]>,
    /// Due entries, in `(when, seq)` order, waiting to be fired.
    pending: List,
    /// Registrations linked so far (tests and metrics read it).
    registrations: u64,
    /// Entries linked (slots and pending).
    len: usize,
}

// SAFETY: the wheel is only reachable through its driver's mutex; the
// entries its pointers name are `Sync` and only accessed with that mutex
// held (rule 2), so moving the wheel to another thread (with the lock)
// cannot let two threads touch an entry's guarded fields at once.
unsafe impl Send for Wheel {}

struct Level {
    /// Bit `s` set iff `slots[s]` is non-empty.
    occupied: u64,
    slots: [List; SLOTS],
}

/// An intrusive doubly-linked list threaded through the entries' `prev` and
/// `next`.
#[derive(Clone, Copy)]
struct List {
    head: Option<NonNull<Shared>>,
    tail: Option<NonNull<Shared>>,
}

/// The next slot to process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SlotExpiration {
    level: usize,
    slot: usize,
    /// The first tick of the slot (its entries are due at or after it).
    deadline: u64,
}

/// Runs `f` on an entry's guarded fields.
///
/// # Safety
///
/// `entry` is linked in (or being linked into, or was just unlinked from) a
/// wheel whose lock the caller holds: it is alive (rule 1) and its guarded
/// fields are ours (rule 2). No nested call for the same entry.
unsafe fn guarded<R>(entry: NonNull<Shared>, f: impl FnOnce(&mut Guarded) -> R) -> R {
    // SAFETY: alive per rule 1 and exclusively ours per rule 2, both by the
    // caller's contract.
    unsafe { entry.as_ref().with_guarded(f) }
}

fn seq_key(g: &Guarded) -> (u64, u64) {
    (0, g.seq)
}

fn deadline_key(g: &Guarded) -> (u64, u64) {
    (g.when, g.seq)
}

/// The level an entry due at `when` belongs to, seen from `elapsed`.
fn level_for(elapsed: u64, when: u64) -> usize {
    // `| SLOT_MASK`: differences within the lowest digit are level 0.
    // `min`: beyond the range, clamp into the top level.
    let masked = ((elapsed ^ when) | SLOT_MASK).min(RANGE - 1);
    let significant = 63 - masked.leading_zeros() as usize;
    significant / SLOT_BITS
}

/// The slot of `level` an entry due at `when` goes to.
fn slot_for(when: u64, level: usize) -> usize {
    ((when >> (SLOT_BITS * level)) & SLOT_MASK) as usize
}

impl List {
    const EMPTY: List = List {
        head: None,
        tail: None,
    };

    fn is_empty(&self) -> bool {
        self.head.is_none()
    }

    /// Links `entry` after the last entry whose key is not greater than its
    /// own, scanning from the tail.
    ///
    /// # Safety
    ///
    /// The caller holds the wheel lock; `entry` is alive and unlinked; every
    /// entry of this list is linked in this wheel (rules 1, 2).
    unsafe fn insert_sorted(&mut self, entry: NonNull<Shared>, key: fn(&Guarded) -> (u64, u64)) {
        // SAFETY: per this function's contract, `entry` and the entries of
        // this list are alive and guarded by the lock we hold; each call
        // touches one entry. (The same holds for the calls below.)
        let k = unsafe { guarded(entry, |g| key(g)) };
        let mut after = self.tail;
        while let Some(a) = after {
            // SAFETY: see above.
            let (ak, prev) = unsafe { guarded(a, |g| (key(g), g.prev)) };
            if ak <= k {
                break;
            }
            after = prev;
        }
        let next = match after {
            // SAFETY: see above.
            Some(a) => unsafe { guarded(a, |g| g.next.replace(entry)) },
            None => self.head.replace(entry),
        };
        match next {
            // SAFETY: see above.
            Some(n) => unsafe { guarded(n, |g| g.prev = Some(entry)) },
            None => self.tail = Some(entry),
        }
        // SAFETY: see above.
        unsafe {
            guarded(entry, |g| {
                g.prev = after;
                g.next = next;
            })
        };
    }

    /// Links `entry` at the tail, ignoring order.
    ///
    /// # Safety
    ///
    /// As for [`List::insert_sorted`].
    unsafe fn push_back(&mut self, entry: NonNull<Shared>) {
        let prev = self.tail.replace(entry);
        match prev {
            // SAFETY: `prev` is linked in this list: alive and guarded by
            // our lock (rules 1, 2).
            Some(p) => unsafe { guarded(p, |g| g.next = Some(entry)) },
            None => self.head = Some(entry),
        }
        // SAFETY: `entry` is alive and ours per the contract.
        unsafe {
            guarded(entry, |g| {
                g.prev = prev;
                g.next = None;
            })
        };
    }

    /// Unlinks `entry`.
    ///
    /// # Safety
    ///
    /// The caller holds the wheel lock and `entry` is linked in this list.
    unsafe fn unlink(&mut self, entry: NonNull<Shared>) {
        // SAFETY: `entry` and its neighbours are linked in this list, hence
        // alive and guarded by our lock (rules 1, 2). (The same holds for
        // the calls below.)
        let (prev, next) = unsafe { guarded(entry, |g| (g.prev.take(), g.next.take())) };
        match prev {
            // SAFETY: see above.
            Some(p) => unsafe { guarded(p, |g| g.next = next) },
            None => {
                debug_assert_eq!(
                    self.head,
                    Some(entry),
                    "unlinking an entry not in this list"
                );
                self.head = next;
            }
        }
        match next {
            // SAFETY: see above.
            Some(n) => unsafe { guarded(n, |g| g.prev = prev) },
            None => self.tail = prev,
        }
    }

    /// Unlinks and returns the first entry.
    ///
    /// # Safety
    ///
    /// The caller holds the wheel lock; every entry of this list is linked
    /// in this wheel.
    unsafe fn pop_front(&mut self) -> Option<NonNull<Shared>> {
        let entry = self.head?;
        // SAFETY: `entry` heads this list; contract as for `unlink`.
        unsafe { self.unlink(entry) };
        Some(entry)
    }
}

impl Level {
    fn new() -> Level {
        Level {
            occupied: 0,
            slots: [List::EMPTY; SLOTS],
        }
    }
}

impl Wheel {
    pub(crate) fn new() -> Wheel {
        Wheel {
            elapsed: 0,
            levels: (0..LEVELS).map(|_| Level::new()).collect(),
            pending: List::EMPTY,
            registrations: 0,
            len: 0,
        }
    }

    /// The tick processed up to.
    #[cfg(all(test, not(loom)))]
    pub(crate) fn elapsed(&self) -> u64 {
        self.elapsed
    }

    /// Entries linked (in slots or pending).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Registrations ever linked.
    #[cfg(all(test, not(loom)))]
    pub(crate) fn registrations(&self) -> u64 {
        self.registrations
    }

    /// [`Wheel::insert`] with this wheel's own count as the sequence
    /// number (tests of the wheel alone).
    ///
    /// # Safety
    ///
    /// As for [`Wheel::insert`].
    #[cfg(all(test, not(loom)))]
    pub(crate) unsafe fn insert_next(&mut self, entry: NonNull<Shared>, when: u64) -> Insert {
        let seq = self.registrations;
        // SAFETY: forwarded contract.
        unsafe { self.insert(entry, when, seq) }
    }

    /// Links `entry` to fire at tick `when`. `seq` orders entries due at
    /// the same tick (lower fires first); the driver draws it from one
    /// counter shared by all its wheels, so the order holds across them.
    ///
    /// # Safety
    ///
    /// The caller holds this wheel's lock; `entry` is pinned, unlinked and
    /// will be unlinked under this lock before its memory goes away (rules
    /// 1, 5).
    pub(crate) unsafe fn insert(&mut self, entry: NonNull<Shared>, when: u64, seq: u64) -> Insert {
        if when <= self.elapsed {
            return Insert::Elapsed;
        }
        self.registrations += 1;
        // SAFETY: alive and ours per the contract.
        unsafe {
            guarded(entry, |g| {
                g.when = when;
                g.seq = seq;
            })
        };
        // SAFETY: forwarded contract; `when > elapsed`.
        unsafe { self.place(entry, when) };
        self.len += 1;
        Insert::Linked
    }

    /// Links `entry` (with `when` and `seq` set) into its slot.
    ///
    /// # Safety
    ///
    /// As for [`Wheel::insert`], and `when > elapsed`.
    unsafe fn place(&mut self, entry: NonNull<Shared>, when: u64) {
        debug_assert!(when > self.elapsed);
        let level = level_for(self.elapsed, when);
        let slot = slot_for(when, level);
        let lvl = &mut self.levels[level];
        // SAFETY: forwarded contract; the slot's entries are linked here.
        unsafe { lvl.slots[slot].insert_sorted(entry, seq_key) };
        lvl.occupied |= 1 << slot;
        // SAFETY: alive and ours per the contract.
        unsafe {
            guarded(entry, |g| {
                g.location = Location::Slot {
                    level: level as u8,
                    slot: slot as u8,
                }
            })
        };
        // SAFETY: alive per the contract (rule 1).
        unsafe { entry.as_ref() }.set_state(State::Registered);
    }

    /// Unlinks `entry` from whichever list holds it. The caller sets the
    /// new state.
    ///
    /// # Safety
    ///
    /// The caller holds this wheel's lock and `entry` is linked in it.
    pub(crate) unsafe fn remove(&mut self, entry: NonNull<Shared>) {
        // SAFETY: linked here, so alive (rule 1); lock held (rule 2).
        let location = unsafe { guarded(entry, |g| g.location) };
        match location {
            Location::Slot { level, slot } => {
                let (level, slot) = (level as usize, slot as usize);
                let lvl = &mut self.levels[level];
                // SAFETY: `entry` is linked in this slot's list.
                unsafe { lvl.slots[slot].unlink(entry) };
                if lvl.slots[slot].is_empty() {
                    lvl.occupied &= !(1 << slot);
                }
            }
            // SAFETY: `entry` is linked in the pending list.
            Location::Pending => unsafe { self.pending.unlink(entry) },
            Location::Unlinked => unreachable!("removing a timer entry that is not linked"),
        }
        // SAFETY: as above.
        unsafe { guarded(entry, |g| g.location = Location::Unlinked) };
        self.len -= 1;
    }

    /// The tick at which the wheel next has work: `elapsed` when entries are
    /// pending, else the start of the earliest occupied slot (which may only
    /// cascade entries to lower levels). `None` when empty.
    pub(crate) fn next_expiration(&self) -> Option<u64> {
        if !self.pending.is_empty() {
            return Some(self.elapsed);
        }
        self.next_slot().map(|e| e.deadline)
    }

    fn next_slot(&self) -> Option<SlotExpiration> {
        let mut best: Option<SlotExpiration> = None;
        for (level, lvl) in self.levels.iter().enumerate() {
            if lvl.occupied == 0 {
                continue;
            }
            let shift = SLOT_BITS * level;
            let slot_range = 1u64 << shift;
            let level_range = slot_range << SLOT_BITS;
            let pos = ((self.elapsed >> shift) & SLOT_MASK) as u32;
            // Where the search starts: level 0 at the current slot; above
            // it, the current slot can only hold entries beyond the range
            // (clamped into the top level), due a full rotation later, so
            // the search starts after it and reaches it last.
            let first = if level == 0 {
                pos
            } else {
                (pos + 1) % SLOTS as u32
            };
            // O(1): the first occupied slot at or after `first`, wrapping.
            let slot = (first + lvl.occupied.rotate_right(first).trailing_zeros()) % SLOTS as u32;
            let level_start = self.elapsed & !(level_range - 1);
            let mut deadline = level_start + u64::from(slot) * slot_range;
            if slot < pos || (slot == pos && level > 0) {
                // Behind the current position: only entries beyond the
                // range, clamped into the top level, sit there; their slot
                // comes around in the next rotation.
                debug_assert_eq!(level, LEVELS - 1, "timer wheel slot behind elapsed");
                deadline += level_range;
            }
            if best.map_or(true, |b| deadline < b.deadline) {
                best = Some(SlotExpiration {
                    level,
                    slot: slot as usize,
                    deadline,
                });
            }
        }
        best
    }

    /// Processes time up to tick `now`: cascades the slots it passes and
    /// moves every entry due at or before `now` to the pending list.
    pub(crate) fn advance(&mut self, now: u64) {
        while let Some(exp) = self.next_slot() {
            if exp.deadline > now {
                break;
            }
            debug_assert!(exp.deadline >= self.elapsed);
            self.elapsed = exp.deadline;
            self.process_slot(exp.level, exp.slot);
        }
        if now > self.elapsed {
            self.elapsed = now;
        }
    }

    fn process_slot(&mut self, level: usize, slot: usize) {
        let lvl = &mut self.levels[level];
        let mut list = std::mem::replace(&mut lvl.slots[slot], List::EMPTY);
        lvl.occupied &= !(1 << slot);
        // The detached list is only reachable from here, under the lock.
        // SAFETY: its entries were linked in this wheel (alive, rule 1) and
        // we hold the lock (`&mut self`, rule 2).
        while let Some(entry) = unsafe { list.pop_front() } {
            // SAFETY: as above; `entry` was just unlinked by us.
            let when = unsafe { guarded(entry, |g| g.when) };
            if when <= self.elapsed {
                // SAFETY: as above; the pending list's entries are linked here.
                unsafe {
                    self.pending.insert_sorted(entry, deadline_key);
                    guarded(entry, |g| g.location = Location::Pending);
                    entry.as_ref().set_state(State::Pending);
                }
            } else {
                // Cascade to a lower level.
                // SAFETY: as above, and `when > elapsed`.
                unsafe { self.place(entry, when) };
            }
        }
    }

    /// Whether entries are waiting to be fired.
    pub(crate) fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The `(when, seq)` of the first pending entry: the order in which
    /// the driver merges the pending lists of its wheels.
    pub(crate) fn first_pending_key(&self) -> Option<(u64, u64)> {
        let head = self.pending.head?;
        // SAFETY: a pending entry is linked in this wheel (alive, rule 1),
        // and `&self` is reached through the wheel lock (rule 2); no other
        // access to the entry is in progress.
        Some(unsafe { guarded(head, |g| deadline_key(g)) })
    }

    /// Unlinks and returns the first pending entry; its state is still
    /// `Pending`: the caller fires it under the same lock hold (rule 4).
    pub(crate) fn pop_pending(&mut self) -> Option<NonNull<Shared>> {
        // SAFETY: pending entries are linked in this wheel (alive, rule 1),
        // and `&mut self` means the lock is held (rule 2).
        let entry = unsafe { self.pending.pop_front() }?;
        // SAFETY: as above.
        unsafe { guarded(entry, |g| g.location = Location::Unlinked) };
        self.len -= 1;
        Some(entry)
    }

    /// Moves every entry to the pending list, due or not (shutdown).
    pub(crate) fn expire_all(&mut self) {
        for level in 0..LEVELS {
            while self.levels[level].occupied != 0 {
                let slot = self.levels[level].occupied.trailing_zeros() as usize;
                let lvl = &mut self.levels[level];
                let mut list = std::mem::replace(&mut lvl.slots[slot], List::EMPTY);
                lvl.occupied &= !(1 << slot);
                // SAFETY: as in `process_slot`.
                while let Some(entry) = unsafe { list.pop_front() } {
                    // SAFETY: as in `process_slot`; order does not matter
                    // at shutdown, so append in O(1).
                    unsafe {
                        self.pending.push_back(entry);
                        guarded(entry, |g| g.location = Location::Pending);
                        entry.as_ref().set_state(State::Pending);
                    }
                }
            }
        }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::pin::Pin;

    fn entries(n: usize) -> Vec<Pin<Box<Shared>>> {
        (0..n).map(|_| Box::pin(Shared::new())).collect()
    }

    fn ptr(e: &Pin<Box<Shared>>) -> NonNull<Shared> {
        NonNull::from(&**e)
    }

    /// Pops every pending entry, returning their indices in `all`.
    fn drain(wheel: &mut Wheel, all: &[Pin<Box<Shared>>]) -> Vec<usize> {
        let mut out = Vec::new();
        while let Some(e) = wheel.pop_pending() {
            // SAFETY: test-only; `e` was linked, the "lock" is `&mut wheel`.
            drop(unsafe { Shared::fire(e) });
            out.push(all.iter().position(|x| ptr(x) == e).unwrap());
        }
        out
    }

    #[test]
    fn level_and_slot() {
        assert_eq!(level_for(0, 1), 0);
        assert_eq!(level_for(0, 63), 0);
        assert_eq!(level_for(0, 64), 1);
        assert_eq!(level_for(0, 4095), 1);
        assert_eq!(level_for(0, 4096), 2);
        assert_eq!(level_for(0, RANGE - 1), 5);
        assert_eq!(level_for(0, RANGE), 5, "beyond the range clamps to the top");
        assert_eq!(level_for(0, u64::MAX >> 1), 5);
        assert_eq!(level_for(100, 120), 0);
        assert_eq!(level_for(63, 64), 1, "crossing a digit boundary");
        assert_eq!(slot_for(130, 1), 2);
        assert_eq!(slot_for(130, 0), 2);
        assert_eq!(slot_for(RANGE + 5, 5), 0);
    }

    #[test]
    fn fires_in_deadline_then_registration_order() {
        let all = entries(6);
        let mut wheel = Wheel::new();
        let whens = [70, 5, 70, 5, 4096 + 3, 70];
        for (e, when) in all.iter().zip(whens) {
            // SAFETY: test-only: pinned, unlinked, dropped after the wheel.
            assert_eq!(unsafe { wheel.insert_next(ptr(e), when) }, Insert::Linked);
        }
        assert_eq!(wheel.len(), 6);
        assert_eq!(wheel.next_expiration(), Some(5));
        wheel.advance(4);
        assert!(drain(&mut wheel, &all).is_empty(), "nothing fires early");
        wheel.advance(5);
        assert_eq!(drain(&mut wheel, &all), [1, 3]);
        wheel.advance(69);
        assert!(drain(&mut wheel, &all).is_empty());
        wheel.advance(10_000);
        assert_eq!(drain(&mut wheel, &all), [0, 2, 5, 4]);
        assert_eq!(wheel.len(), 0);
        assert_eq!(wheel.next_expiration(), None);
        for e in &all {
            assert_eq!(e.state(), State::Fired);
        }
    }

    #[test]
    fn same_tick_from_different_levels_keeps_registration_order() {
        // A is registered far ahead (high level), B later near the deadline
        // (level 0): A must still fire first.
        let all = entries(2);
        let mut wheel = Wheel::new();
        // SAFETY: test-only, as above.
        let outcome = unsafe { wheel.insert_next(ptr(&all[0]), 5000) };
        assert_eq!(outcome, Insert::Linked);
        wheel.advance(4990);
        assert!(drain(&mut wheel, &all).is_empty());
        // SAFETY: test-only, as above.
        let outcome = unsafe { wheel.insert_next(ptr(&all[1]), 5000) };
        assert_eq!(outcome, Insert::Linked);
        wheel.advance(5000);
        assert_eq!(drain(&mut wheel, &all), [0, 1]);
    }

    #[test]
    fn insert_at_or_before_elapsed_is_elapsed() {
        let all = entries(1);
        let mut wheel = Wheel::new();
        wheel.advance(10);
        // SAFETY: test-only, as above.
        let outcome = unsafe { wheel.insert_next(ptr(&all[0]), 10) };
        assert_eq!(outcome, Insert::Elapsed);
        assert_eq!(wheel.len(), 0);
    }

    #[test]
    fn beyond_range_parks_in_top_level_and_never_fires_early() {
        let all = entries(3);
        let mut wheel = Wheel::new();
        let whens = [3 * RANGE + 17, RANGE + 1, 40 * RANGE];
        for (e, when) in all.iter().zip(whens) {
            // SAFETY: test-only, as above.
            assert_eq!(unsafe { wheel.insert_next(ptr(e), when) }, Insert::Linked);
        }
        let mut fired = Vec::new();
        let mut steps = 0;
        while let Some(next) = wheel.next_expiration() {
            steps += 1;
            assert!(steps < 10_000, "wheel does not make progress");
            wheel.advance(next);
            for i in drain(&mut wheel, &all) {
                assert!(wheel.elapsed() >= whens[i], "fired early");
                assert_eq!(wheel.elapsed(), whens[i], "fired late");
                fired.push(i);
            }
        }
        assert_eq!(fired, [1, 0, 2]);
    }

    /// In-range top-level entries must not hide behind out-of-range ones
    /// parked in the current top-level slot.
    #[test]
    fn wrapped_entries_do_not_hide_later_slots() {
        const YEAR: u64 = 365 * 86_400_000;
        let all = entries(4);
        let mut wheel = Wheel::new();
        let whens = [5 * YEAR, 3 * YEAR, 30 * YEAR, 2 * YEAR];
        for (e, when) in all.iter().zip(whens) {
            // SAFETY: test-only, as above.
            assert_eq!(unsafe { wheel.insert_next(ptr(e), when) }, Insert::Linked);
        }
        let mut fired = Vec::new();
        while let Some(next) = wheel.next_expiration() {
            wheel.advance(next);
            for i in drain(&mut wheel, &all) {
                assert_eq!(
                    wheel.elapsed(),
                    whens[i],
                    "entry {i} fired at the wrong tick"
                );
                fired.push(i);
            }
        }
        assert_eq!(fired, [3, 1, 0, 2]);
    }

    #[test]
    fn remove_from_slot_and_pending() {
        let all = entries(3);
        let mut wheel = Wheel::new();
        for (e, when) in all.iter().zip([10, 10, 200]) {
            // SAFETY: test-only, as above.
            assert_eq!(unsafe { wheel.insert_next(ptr(e), when) }, Insert::Linked);
        }
        // SAFETY: test-only: linked, "lock" held.
        unsafe { wheel.remove(ptr(&all[2])) };
        assert_eq!(wheel.next_expiration(), Some(10));
        wheel.advance(10);
        assert_eq!(all[0].state(), State::Pending);
        // SAFETY: as above.
        unsafe { wheel.remove(ptr(&all[0])) };
        assert_eq!(drain(&mut wheel, &all), [1]);
        assert_eq!(wheel.next_expiration(), None);
        assert_eq!(wheel.len(), 0);
    }

    /// Random inserts, removes and advances against a simple model.
    #[test]
    fn matches_a_model() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut rand = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let all = entries(300);
        let mut wheel = Wheel::new();
        // index -> (when, seq)
        let mut model: BTreeMap<usize, (u64, u64)> = BTreeMap::new();
        let mut seq = 0;
        for _ in 0..20_000 {
            let i = (rand() % all.len() as u64) as usize;
            match rand() % 4 {
                0 | 1 => {
                    if let std::collections::btree_map::Entry::Vacant(v) = model.entry(i) {
                        let span = [64, 5000, 300_000, 2 * RANGE][(rand() % 4) as usize];
                        let when = wheel.elapsed() + 1 + rand() % span;
                        // SAFETY: test-only, as above.
                        let outcome = unsafe { wheel.insert_next(ptr(&all[i]), when) };
                        assert_eq!(outcome, Insert::Linked);
                        v.insert((when, seq));
                        seq += 1;
                    }
                }
                2 => {
                    if model.remove(&i).is_some() {
                        // SAFETY: test-only, as above.
                        unsafe { wheel.remove(ptr(&all[i])) };
                    }
                }
                _ => {
                    let target = match wheel.next_expiration() {
                        Some(next) if rand() % 2 == 0 => next,
                        _ => wheel.elapsed() + rand() % [3000, 1 << 31][(rand() % 2) as usize],
                    };
                    wheel.advance(target);
                    let fired = drain(&mut wheel, &all);
                    let mut expected: Vec<_> = model
                        .iter()
                        .filter(|(_, (when, _))| *when <= target)
                        .map(|(i, key)| (*key, *i))
                        .collect();
                    expected.sort();
                    let expected: Vec<usize> = expected.into_iter().map(|(_, i)| i).collect();
                    assert_eq!(fired, expected);
                    for i in &fired {
                        model.remove(i);
                    }
                }
            }
            assert_eq!(wheel.len(), model.len());
            if let Some(min) = model.values().map(|(w, _)| *w).min() {
                let next = wheel.next_expiration().unwrap();
                assert!(next <= min, "next expiration {next} after a deadline {min}");
            }
        }
        for i in model.keys() {
            // SAFETY: test-only, as above.
            unsafe { wheel.remove(ptr(&all[*i])) };
        }
    }
}
