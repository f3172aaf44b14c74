//! A worker's run queue: a bounded ring the owning worker pushes to and
//! pops from (FIFO), that other workers steal half of, and the LIFO slot
//! for the task the running task just woke, which other workers steal too
//! once its owner is seen stuck in one poll (so one slow poll does not
//! strand the task it woke, while a fast ping-pong pair stays together).
//!
//! The ring is a single-producer, multi-consumer bounded buffer in the
//! style of the Chase–Lev work-stealing deque (Chase & Lev, "Dynamic
//! Circular Work-Stealing Deque", SPAA 2005), but FIFO for the owner too,
//! with a fixed capacity (no buffer growth, so no memory reclamation
//! scheme), and with a two-phase steal borrowed from Go's runtime design:
//! a stealer first claims a range of positions, then copies it out, while
//! a second index keeps the owner from overwriting what is being copied.
//!
//! # Protocol
//!
//! ```text
//! head: AtomicU64   bits 63..32: `steal`   bits 31..0: `real`
//! tail: AtomicU32   stored by the owner only
//! buffer[CAP]       position p lives in slot p % CAP
//! lifo: AtomicPtr   null, or one task reference
//! tick: AtomicU32   the owner's scheduler tick (a progress hint)
//! ```
//!
//! Positions are `u32` counters that wrap; `b - a` means the wrapping
//! distance. Always `steal ≤ real ≤ tail` (as distances from `steal`), and
//! `tail - steal ≤ CAP`.
//!
//! 1. **Owner.** Exactly one thread at a time holds the [`Local`] handle
//!    (the worker's `Core`, which moves between threads only through a
//!    mutex). Only it writes slots and stores `tail`.
//! 2. **Publishing.** The owner writes the slot of position `tail`, then
//!    stores `tail + 1` with `Release`. Readers that load `tail` with
//!    `Acquire` may read every slot below it.
//! 3. **No overwrite.** The owner writes position `tail` only when
//!    `tail - steal < CAP`, with `steal` loaded with `Acquire`: positions
//!    in `[steal, tail)` hold values that someone may still read, and their
//!    slots are never written.
//! 4. **Claiming.** The value at a position in `[real, tail)` belongs to
//!    whoever moves `real` past it with a successful CAS on `head`: the
//!    owner's `pop` (by one), a stealer (by `n`), or the owner's overflow
//!    (by `CAP / 2`). The claimer reads (moves) that value out exactly once;
//!    nobody else touches it.
//! 5. **One steal at a time.** A stealer starts only when `steal == real`.
//!    Its claim moves `real` alone, so `steal` stays behind the claimed
//!    range and rule 3 protects it while the stealer copies it out. It then
//!    sets `steal` to the current `real` (a CAS loop: the owner may pop
//!    meanwhile). While `steal != real`, other stealers back off.
//! 6. **Owner pop** moves `real` by one, and `steal` with it when no steal
//!    is in progress (`steal == real`), so the two stay equal when idle.
//! 7. **Overflow.** A full ring (`tail - steal == CAP`) with no steal in
//!    progress sends its older half and the new task to the injector (the
//!    owner claims the half per rule 4, moving `steal` and `real`
//!    together). With a steal in progress, only the new task goes there.
//! 8. **LIFO slot.** `lifo` holds at most one task reference. The owner
//!    puts with `swap` (and pushes the displaced task to the ring) and
//!    takes with `swap(null)`; stealers take with `swap(null)` only. Whoever
//!    swaps a non-null pointer out owns that reference. Every swap is
//!    `AcqRel`, so the taker sees everything written before the put.
//! 9. **Snapshots.** `len`/`is_empty` are racy reads for metrics and for
//!    the idle protocol, whose callers order them with their own `SeqCst`
//!    fences (idle rule 3).
//! 10. **Stuck owners.** The owner publishes its tick (relaxed) once per
//!     scheduler iteration. A stealer takes a victim's LIFO task only when
//!     it saw the same tick, with the slot occupied, on its previous look
//!     at that victim: the owner has not finished a poll in between, so the
//!     task would wait for a long poll. The tick is only a hint; the
//!     transfer itself is rule 8's swap.

use crate::loom::cell::UnsafeCell;
use crate::loom::sync::atomic::{AtomicPtr, AtomicU32, AtomicU64, Ordering};
use crate::loom::sync::Arc;
use std::mem::MaybeUninit;
use std::ptr::{self, NonNull};

/// Ring capacity (a power of two). Small under loom, so that the overflow
/// and wrap-around paths are part of the models.
#[cfg(not(loom))]
pub(crate) const CAP: u32 = 256;
#[cfg(loom)]
pub(crate) const CAP: u32 = 4;

const MASK: u32 = CAP - 1;

/// A value that is one pointer, so the LIFO slot can hold it in an
/// `AtomicPtr`.
pub(crate) trait Pointer: Sized {
    /// Gives up the value as a pointer (ownership travels with it).
    fn into_ptr(self) -> NonNull<()>;
    /// # Safety
    ///
    /// `ptr` came from `into_ptr` and has not been turned back yet.
    unsafe fn from_ptr(ptr: NonNull<()>) -> Self;
}

/// Where an overflowing ring sends tasks (the scheduler's injector).
pub(crate) trait Overflow<T> {
    fn push(&self, task: T);
}

struct Inner<T: Pointer> {
    head: AtomicU64,
    tail: AtomicU32,
    buffer: Box<[UnsafeCell<MaybeUninit<T>>]>,
    lifo: AtomicPtr<()>,
    /// Rule 10.
    tick: AtomicU32,
}

// SAFETY: values move between threads only through the claims of rules 4
// and 8, each of which hands one value to exactly one thread; `T: Send` is
// all that is needed for that.
unsafe impl<T: Pointer + Send> Send for Inner<T> {}
// SAFETY: as above; shared access is the protocol's atomics plus slot
// accesses ordered by rules 2–5.
unsafe impl<T: Pointer + Send> Sync for Inner<T> {}

/// The owner's handle (rule 1). Not `Clone`.
pub(crate) struct Local<T: Pointer> {
    inner: Arc<Inner<T>>,
}

/// Other workers' handle: steal from the ring and the LIFO slot.
pub(crate) struct Steal<T: Pointer> {
    inner: Arc<Inner<T>>,
}

impl<T: Pointer> Clone for Steal<T> {
    fn clone(&self) -> Steal<T> {
        Steal {
            inner: self.inner.clone(),
        }
    }
}

fn pack(steal: u32, real: u32) -> u64 {
    (u64::from(steal) << 32) | u64::from(real)
}

fn unpack(head: u64) -> (u32, u32) {
    ((head >> 32) as u32, head as u32)
}

/// A new, empty queue: the owner's handle and the stealers'.
pub(crate) fn local<T: Pointer>() -> (Local<T>, Steal<T>) {
    let buffer = (0..CAP)
        .map(|_| UnsafeCell::new(MaybeUninit::uninit()))
        .collect();
    let inner = Arc::new(Inner {
        head: AtomicU64::new(0),
        tail: AtomicU32::new(0),
        buffer,
        lifo: AtomicPtr::new(ptr::null_mut()),
        tick: AtomicU32::new(0),
    });
    (
        Local {
            inner: inner.clone(),
        },
        Steal { inner },
    )
}

impl<T: Pointer> Inner<T> {
    /// # Safety
    ///
    /// The caller claimed position `pos` (rule 4), whose slot was published
    /// to it (rule 2).
    unsafe fn take(&self, pos: u32) -> T {
        self.buffer[(pos & MASK) as usize]
            // SAFETY: per the caller's contract the slot holds an
            // initialised value that only we read, once.
            .with(|slot| unsafe { ptr::read(slot).assume_init() })
    }

    /// # Safety
    ///
    /// Only the owner may call this (rule 1), for `pos == tail` with
    /// `tail - steal < CAP` (rule 3).
    unsafe fn put(&self, pos: u32, value: T) {
        self.buffer[(pos & MASK) as usize]
            // SAFETY: per the contract nobody reads or writes this slot now.
            .with_mut(|slot| unsafe { ptr::write(slot, MaybeUninit::new(value)) });
    }

    fn len(&self) -> u32 {
        let (_, real) = unpack(self.head.load(Ordering::Acquire));
        let tail = self.tail.load(Ordering::Acquire);
        tail.wrapping_sub(real)
    }

    /// Takes the LIFO task, if any (rule 8).
    fn take_lifo(&self) -> Option<T> {
        let ptr = self.lifo.swap(ptr::null_mut(), Ordering::AcqRel);
        // SAFETY: rule 8: the swap moved the slot's reference to us; it was
        // produced by `into_ptr` in `put_lifo`.
        NonNull::new(ptr).map(|p| unsafe { T::from_ptr(p) })
    }
}

impl<T: Pointer> Local<T> {
    /// Publishes the owner's scheduler tick (rule 10).
    #[inline]
    pub(crate) fn set_tick(&mut self, tick: u32) {
        self.inner.tick.store(tick, Ordering::Relaxed);
    }

    /// Whether the ring and the LIFO slot are both empty.
    pub(crate) fn is_empty(&self) -> bool {
        self.inner.len() == 0 && self.inner.lifo.load(Ordering::Acquire).is_null()
    }

    /// Free positions in the ring.
    pub(crate) fn remaining(&self) -> usize {
        let (steal, _) = unpack(self.inner.head.load(Ordering::Acquire));
        let tail = self.inner.tail.load(Ordering::Relaxed);
        (CAP - tail.wrapping_sub(steal)) as usize
    }

    /// Appends `task` to the ring; a full ring overflows into `overflow`
    /// (rule 7).
    #[inline]
    pub(crate) fn push_back(&mut self, task: T, overflow: &dyn Overflow<T>) {
        let inner = &*self.inner;
        // Rule 1: only we store `tail`.
        let tail = inner.tail.load(Ordering::Relaxed);
        let (steal, _) = unpack(inner.head.load(Ordering::Acquire));
        if tail.wrapping_sub(steal) < CAP {
            // SAFETY: we are the owner and rule 3's check just passed.
            unsafe { inner.put(tail, task) };
            // Rule 2.
            inner.tail.store(tail.wrapping_add(1), Ordering::Release);
        } else {
            self.push_back_full(task, overflow);
        }
    }

    /// `push_back` found the ring full (as of its `head` load).
    #[cold]
    #[inline(never)]
    fn push_back_full(&mut self, mut task: T, overflow: &dyn Overflow<T>) {
        let inner = &*self.inner;
        let tail = inner.tail.load(Ordering::Relaxed);
        loop {
            let (steal, real) = unpack(inner.head.load(Ordering::Acquire));
            if tail.wrapping_sub(steal) < CAP {
                // SAFETY: we are the owner and rule 3's check just passed.
                unsafe { inner.put(tail, task) };
                // Rule 2.
                inner.tail.store(tail.wrapping_add(1), Ordering::Release);
                return;
            }
            if steal != real {
                // Rule 7: a stealer is about to make room; do not wait.
                overflow.push(task);
                return;
            }
            match self.overflow_half(real, tail, task, overflow) {
                Ok(()) => return,
                // A stealer claimed some tasks first: there may be room now.
                Err(t) => task = t,
            }
        }
    }

    /// Rule 7: moves positions `[real, real + CAP / 2)` and `task` to
    /// `overflow`, or gives `task` back if the claim lost a race.
    fn overflow_half(
        &self,
        real: u32,
        tail: u32,
        task: T,
        overflow: &dyn Overflow<T>,
    ) -> Result<(), T> {
        let inner = &*self.inner;
        debug_assert_eq!(tail.wrapping_sub(real), CAP);
        let half = CAP / 2;
        let next = real.wrapping_add(half);
        if inner
            .head
            .compare_exchange(
                pack(real, real),
                pack(next, next),
                Ordering::AcqRel,
                Ordering::Acquire,
            )
            .is_err()
        {
            return Err(task);
        }
        for i in 0..half {
            // SAFETY: the CAS claimed these positions (rule 4); we wrote
            // them ourselves (rule 1).
            overflow.push(unsafe { inner.take(real.wrapping_add(i)) });
        }
        overflow.push(task);
        Ok(())
    }

    /// Takes the oldest task of the ring (rules 4 and 6).
    #[inline]
    pub(crate) fn pop(&mut self) -> Option<T> {
        let inner = &*self.inner;
        let tail = inner.tail.load(Ordering::Relaxed);
        let mut head = inner.head.load(Ordering::Acquire);
        let pos = loop {
            let (steal, real) = unpack(head);
            if real == tail {
                return None;
            }
            let next_real = real.wrapping_add(1);
            let next = if steal == real {
                pack(next_real, next_real)
            } else {
                pack(steal, next_real)
            };
            match inner
                .head
                .compare_exchange(head, next, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => break real,
                Err(actual) => head = actual,
            }
        };
        // SAFETY: the CAS claimed `pos` (rule 4); we published it (rule 1).
        Some(unsafe { inner.take(pos) })
    }

    /// Puts `task` in the LIFO slot, returning the task it displaced
    /// (rule 8).
    #[must_use = "the displaced task must be queued"]
    #[inline]
    pub(crate) fn put_lifo(&mut self, task: T) -> Option<T> {
        let ptr = task.into_ptr().as_ptr();
        let prev = self.inner.lifo.swap(ptr, Ordering::AcqRel);
        // SAFETY: rule 8: the swap moved the previous reference to us.
        NonNull::new(prev).map(|p| unsafe { T::from_ptr(p) })
    }

    /// Takes the LIFO task, unless a stealer took it (rule 8).
    #[inline]
    pub(crate) fn take_lifo(&mut self) -> Option<T> {
        // Cheap check first: the slot is usually empty.
        if self.inner.lifo.load(Ordering::Relaxed).is_null() {
            return None;
        }
        self.inner.take_lifo()
    }
}

impl<T: Pointer> Steal<T> {
    /// Queued tasks in the ring (a snapshot, rule 9).
    pub(crate) fn len(&self) -> usize {
        self.inner.len() as usize
    }

    /// Whether the ring is empty (a snapshot, rule 9). The LIFO slot does
    /// not count: its owner is running and will take it.
    pub(crate) fn is_empty(&self) -> bool {
        self.inner.len() == 0
    }

    /// Steals half of the ring (rounded up) into `dest`, the stealer's own
    /// queue, returning one of the stolen tasks to run now. With the ring
    /// empty, takes the LIFO task instead if the owner is stuck (rule 10):
    /// `seen` is the stealer's memory of this victim's tick.
    pub(crate) fn steal_into(&self, dest: &mut Local<T>, seen: &mut Option<u32>) -> Option<T> {
        let src = &*self.inner;
        let dst = &*dest.inner;
        // Rule 1: `dest` is ours.
        let dest_tail = dst.tail.load(Ordering::Relaxed);
        let room = dest.remaining() as u32;
        if room == 0 {
            return None;
        }
        let mut head = src.head.load(Ordering::Acquire);
        let (first, n) = loop {
            let (steal, real) = unpack(head);
            if steal != real {
                // Rule 5: another stealer is copying.
                return None;
            }
            let tail = src.tail.load(Ordering::Acquire);
            let avail = tail.wrapping_sub(real);
            let n = (avail - avail / 2).min(room);
            if n == 0 {
                return self.steal_lifo(seen);
            }
            let next = pack(steal, real.wrapping_add(n));
            match src
                .head
                .compare_exchange(head, next, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => break (real, n),
                Err(actual) => head = actual,
            }
        };
        // Copy the claimed range out. The first task is the one to run;
        // the rest go into our ring at its tail.
        // SAFETY: the CAS claimed `first..first + n` (rule 4); they are
        // below the `tail` we loaded with Acquire (rule 2), and `steal`
        // stays behind them until we release below (rule 5).
        let task = unsafe { src.take(first) };
        for i in 1..n {
            // SAFETY: as above for the source position. For `dest`: we are
            // its owner and the positions are within the `room` counted
            // from its `steal` (rule 3).
            unsafe {
                let value = src.take(first.wrapping_add(i));
                dst.put(dest_tail.wrapping_add(i - 1), value);
            }
        }
        // Rule 5: let `steal` catch up with `real`.
        let mut head = src.head.load(Ordering::Acquire);
        loop {
            let (_, real) = unpack(head);
            match src.head.compare_exchange(
                head,
                pack(real, real),
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => break,
                Err(actual) => head = actual,
            }
        }
        if n > 1 {
            // Rule 2 for `dest`.
            dst.tail
                .store(dest_tail.wrapping_add(n - 1), Ordering::Release);
        }
        Some(task)
    }
}

impl<T: Pointer> Steal<T> {
    /// Rule 10: the LIFO task, if the owner made no progress since `seen`.
    fn steal_lifo(&self, seen: &mut Option<u32>) -> Option<T> {
        let src = &*self.inner;
        if src.lifo.load(Ordering::Relaxed).is_null() {
            *seen = None;
            return None;
        }
        let tick = src.tick.load(Ordering::Relaxed);
        if *seen == Some(tick) {
            *seen = None;
            return src.take_lifo();
        }
        *seen = Some(tick);
        None
    }
}

impl<T: Pointer> Drop for Inner<T> {
    fn drop(&mut self) {
        // Last handle gone: nothing runs concurrently. Drop what is left.
        drop(self.take_lifo());
        let (steal, real) = unpack(self.head.load(Ordering::Relaxed));
        debug_assert_eq!(steal, real, "dropped during a steal");
        let tail = self.tail.load(Ordering::Relaxed);
        let mut pos = real;
        while pos != tail {
            // SAFETY: exclusive access; positions [real, tail) are
            // initialised and unclaimed (rule 4).
            drop(unsafe { self.take(pos) });
            pos = pos.wrapping_add(1);
        }
    }
}

/// A boxed number: the task stand-in of the unit tests and loom models.
#[cfg(test)]
struct Val(Box<u32>);

#[cfg(test)]
impl Pointer for Val {
    fn into_ptr(self) -> NonNull<()> {
        NonNull::from(Box::leak(self.0)).cast()
    }
    unsafe fn from_ptr(ptr: NonNull<()>) -> Val {
        // SAFETY: produced by `into_ptr`'s Box::leak.
        Val(unsafe { Box::from_raw(ptr.cast::<u32>().as_ptr()) })
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::cell::RefCell;

    fn val(n: u32) -> Val {
        Val(Box::new(n))
    }

    #[derive(Default)]
    struct Sink(RefCell<Vec<u32>>);

    impl Overflow<Val> for Sink {
        fn push(&self, task: Val) {
            self.0.borrow_mut().push(*task.0);
        }
    }

    #[test]
    fn fifo_for_the_owner_and_wraps_around() {
        let (mut q, _s) = local::<Val>();
        let sink = Sink::default();
        for round in 0..5u32 {
            for i in 0..200 {
                q.push_back(val(round * 1000 + i), &sink);
            }
            for i in 0..200 {
                assert_eq!(*q.pop().unwrap().0, round * 1000 + i);
            }
            assert!(q.pop().is_none());
        }
        assert!(sink.0.borrow().is_empty());
    }

    #[test]
    fn overflow_moves_the_older_half_and_keeps_order() {
        let (mut q, _s) = local::<Val>();
        let sink = Sink::default();
        for i in 0..=CAP {
            q.push_back(val(i), &sink);
        }
        let spilled = sink.0.borrow().clone();
        let expected: Vec<u32> = (0..CAP / 2).chain([CAP]).collect();
        assert_eq!(spilled, expected);
        let rest: Vec<u32> = std::iter::from_fn(|| q.pop()).map(|v| *v.0).collect();
        assert_eq!(rest, (CAP / 2..CAP).collect::<Vec<_>>());
    }

    #[test]
    fn steal_takes_half_rounded_up_and_the_lifo_last() {
        let (mut a, steal_a) = local::<Val>();
        let (mut b, steal_b) = local::<Val>();
        let sink = Sink::default();
        for i in 0..5 {
            a.push_back(val(i), &sink);
        }
        assert!(a.put_lifo(val(99)).is_none());
        let seen = &mut None;
        // Half of 5, rounded up: 0 runs now, 1 and 2 land in b.
        assert_eq!(*steal_a.steal_into(&mut b, seen).unwrap().0, 0);
        assert_eq!(steal_b.len(), 2);
        assert_eq!(steal_a.len(), 2);
        assert_eq!(*b.pop().unwrap().0, 1);
        assert_eq!(*b.pop().unwrap().0, 2);
        assert_eq!(*steal_a.steal_into(&mut b, seen).unwrap().0, 3);
        assert_eq!(*steal_a.steal_into(&mut b, seen).unwrap().0, 4);
        // Ring empty: the LIFO task is left to a working owner...
        assert!(steal_a.steal_into(&mut b, seen).is_none());
        a.set_tick(1);
        assert!(steal_a.steal_into(&mut b, seen).is_none());
        // ...and taken once the owner is seen at the same tick twice.
        assert_eq!(*steal_a.steal_into(&mut b, seen).unwrap().0, 99);
        assert!(steal_a.steal_into(&mut b, seen).is_none());
        assert!(a.take_lifo().is_none());
        assert!(a.is_empty());
    }

    #[test]
    fn lifo_displacement_and_drop_release_everything() {
        let (mut q, s) = local::<Val>();
        let sink = Sink::default();
        assert!(q.put_lifo(val(1)).is_none());
        assert_eq!(*q.put_lifo(val(2)).unwrap().0, 1);
        assert!(!q.is_empty());
        for i in 0..10 {
            q.push_back(val(i), &sink);
        }
        // Dropping both handles frees the queued boxes (checked by ASan
        // and the leak job).
        drop(q);
        assert_eq!(s.len(), 10);
        drop(s);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::sync::Mutex;
    use loom::thread;

    #[derive(Default)]
    struct Sink(Mutex<Vec<u32>>);

    impl Overflow<Val> for Sink {
        fn push(&self, task: Val) {
            self.0.lock().unwrap().push(*task.0);
        }
    }

    fn drain(q: &mut Local<Val>, into: &mut Vec<u32>) {
        while let Some(v) = q.pop() {
            into.push(*v.0);
        }
        if let Some(v) = q.take_lifo() {
            into.push(*v.0);
        }
    }

    /// A thief's body: one steal into a fresh queue of its own, then
    /// everything it got.
    fn steal_once(s: &Steal<Val>) -> Vec<u32> {
        let (mut mine, _) = local::<Val>();
        let mut got = Vec::new();
        if let Some(v) = s.steal_into(&mut mine, &mut None) {
            got.push(*v.0);
        }
        drain(&mut mine, &mut got);
        got
    }

    fn assert_each_once(mut seen: Vec<u32>, n: u32) {
        seen.sort_unstable();
        assert_eq!(seen, (0..n).collect::<Vec<_>>(), "lost or duplicated task");
    }

    /// The owner pushes and pops while a stealer steals: every task is
    /// taken exactly once, by one of them.
    #[test]
    fn loom_queue_push_pop_against_steal() {
        loom::model(|| {
            let (mut q, s) = local::<Val>();
            let sink = Arc::new(Sink::default());
            for i in 0..3 {
                q.push_back(Val(Box::new(i)), &*sink);
            }
            let thief = thread::spawn(move || steal_once(&s));
            let mut got = Vec::new();
            q.push_back(Val(Box::new(3)), &*sink);
            if let Some(v) = q.pop() {
                got.push(*v.0);
            }
            drain(&mut q, &mut got);
            got.extend(thief.join().unwrap());
            got.extend(sink.0.lock().unwrap().iter().copied());
            assert_each_once(got, 4);
        });
    }

    /// Two stealers race each other and the owner; the owner fills the
    /// ring to overflow meanwhile (CAP = 4 under loom).
    #[test]
    fn loom_slow_queue_two_stealers_and_overflow() {
        loom::model(|| {
            let (mut q, s) = local::<Val>();
            let sink = Arc::new(Sink::default());
            for i in 0..2 {
                q.push_back(Val(Box::new(i)), &*sink);
            }
            let thieves: Vec<_> = (0..2)
                .map(|_| {
                    let s = s.clone();
                    thread::spawn(move || steal_once(&s))
                })
                .collect();
            for i in 2..6 {
                q.push_back(Val(Box::new(i)), &*sink);
            }
            let mut got = Vec::new();
            drain(&mut q, &mut got);
            for t in thieves {
                got.extend(t.join().unwrap());
            }
            got.extend(sink.0.lock().unwrap().iter().copied());
            assert_each_once(got, 6);
        });
    }

    /// The LIFO slot: the owner displaces and takes while a stealer takes;
    /// each task is taken once.
    #[test]
    fn loom_lifo_slot_put_take_against_steal() {
        loom::model(|| {
            let (mut q, s) = local::<Val>();
            let sink = Arc::new(Sink::default());
            assert!(q.put_lifo(Val(Box::new(0))).is_none());
            let thief = thread::spawn(move || {
                let (mut mine, _) = local::<Val>();
                // The first look records the owner's tick, the second
                // (same tick: the owner never publishes one here) steals.
                let seen = &mut None;
                s.steal_into(&mut mine, seen)
                    .or_else(|| s.steal_into(&mut mine, seen))
                    .map(|v| *v.0)
            });
            let mut got = Vec::new();
            if let Some(prev) = q.put_lifo(Val(Box::new(1))) {
                q.push_back(prev, &*sink);
            }
            drain(&mut q, &mut got);
            got.extend(thief.join().unwrap());
            assert_each_once(got, 2);
        });
    }
}
