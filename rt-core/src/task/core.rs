//! The task allocation: one `Cell` per task holding the header, the future
//! or its output, and the join waker.

use super::error::JoinError;
use super::id::Id;
use super::list::Pointers;
use super::raw::Vtable;
use super::state::State;
use super::Schedule;
use super::SpawnMeta;
use crate::loom::cell::UnsafeCell;
use std::future::Future;
use std::panic::Location;
use std::pin::Pin;
use std::sync::atomic::AtomicU32;
use std::task::{Context, Poll, Waker};

/// The whole task, in one allocation. `repr(C)` keeps `header` first so a
/// `NonNull<Header>` is also a pointer to the `Cell`.
#[repr(C)]
pub(super) struct Cell<T: Future, S> {
    pub(super) header: Header,
    pub(super) core: Core<T, S>,
    pub(super) trailer: Trailer,
}

/// The type-erased part every handle can reach.
pub(crate) struct Header {
    pub(super) state: State,
    pub(super) vtable: &'static Vtable,
    pub(super) id: Id,
    /// Links in the owner's task list; accessed only under that list's lock
    /// (rule 7).
    pub(super) owned: UnsafeCell<Pointers>,
    /// Where the task was spawned (`#[track_caller]`).
    pub(super) location: &'static Location<'static>,
    /// `task::Builder::name`, if any. Immutable after creation. Boxed
    /// twice so the common unnamed case costs one word: small task cells
    /// stay within the allocator's fast size classes.
    pub(super) name: Option<Box<TaskName>>,
    /// Polls so far. Written only by the RUNNING holder (rule 2), with
    /// relaxed stores; read by task dumps.
    pub(super) poll_count: AtomicU32,
    /// Coarse time of the last poll start (`coarse_clock` milliseconds);
    /// same access rule as `poll_count`.
    pub(super) last_poll_ms: AtomicU32,
}

pub(super) struct Core<T: Future, S> {
    pub(super) scheduler: S,
    /// Accessed only by whoever holds the RUNNING bit, or by the
    /// `JoinHandle` after COMPLETE (rules 2 and 5).
    pub(super) stage: UnsafeCell<Stage<T>>,
}

/// The join waker slot, governed by JOIN_WAKER (rule 6).
/// A task's name (see `Header::name`).
pub(crate) struct TaskName(Box<str>);

pub(super) struct Trailer {
    pub(super) waker: UnsafeCell<Option<Waker>>,
}

pub(super) enum Stage<T: Future> {
    Running(T),
    Finished(Result<T::Output, JoinError>),
    Consumed,
}

impl<T: Future, S: Schedule> Cell<T, S> {
    #[inline(always)]
    pub(super) fn new(
        future: T,
        scheduler: S,
        meta: SpawnMeta,
        vtable: &'static Vtable,
    ) -> Box<Self> {
        Box::new(Cell {
            header: Header {
                state: State::new(),
                vtable,
                id: meta.id,
                owned: UnsafeCell::new(Pointers::new()),
                location: meta.location,
                name: meta.name.map(|n| Box::new(TaskName(n))),
                poll_count: AtomicU32::new(0),
                last_poll_ms: AtomicU32::new(0),
            },
            core: Core {
                scheduler,
                stage: UnsafeCell::new(Stage::Running(future)),
            },
            trailer: Trailer {
                waker: UnsafeCell::new(None),
            },
        })
    }
}

impl Header {
    pub(crate) fn id(&self) -> Id {
        self.id
    }

    pub(crate) fn name(&self) -> Option<&str> {
        self.name.as_deref().map(|n| &*n.0)
    }

    pub(crate) fn location(&self) -> &'static Location<'static> {
        self.location
    }

    pub(crate) fn meta(&self) -> crate::runtime::TaskMeta<'_> {
        crate::runtime::TaskMeta {
            id: self.id,
            name: self.name(),
            location: self.location,
        }
    }

    /// (state: 0 idle / 1 scheduled / 2 running / 3 complete, polls, last
    /// poll time in coarse ms or 0).
    pub(crate) fn dump_state(&self) -> (u8, u32, u32) {
        let s = self.state.load();
        let state = if s.is_complete() {
            3
        } else if s.is_running() {
            2
        } else if s.is_notified() {
            1
        } else {
            0
        };
        (
            state,
            self.poll_count.load(std::sync::atomic::Ordering::Relaxed),
            self.last_poll_ms.load(std::sync::atomic::Ordering::Relaxed),
        )
    }

    /// Records the start of a poll (the RUNNING holder only, rule 2:
    /// relaxed load+store, no read-modify-write needed).
    ///
    /// Compiled out under `--cfg rt_no_task_bookkeeping`, the reference
    /// build `cargo xtask overhead` measures the bookkeeping against.
    #[inline(always)]
    pub(super) fn record_poll(&self) {
        use std::sync::atomic::Ordering::Relaxed;
        if cfg!(rt_no_task_bookkeeping) {
            return;
        }
        let n = self.poll_count.load(Relaxed);
        self.poll_count.store(n.wrapping_add(1), Relaxed);
        self.last_poll_ms
            .store(super::coarse_clock::now_ms(), Relaxed);
    }
}

impl<T: Future, S> Core<T, S> {
    /// Polls the future.
    ///
    /// # Safety
    ///
    /// The caller holds the RUNNING bit (rule 2), and the cell is pinned
    /// (tasks never move once allocated).
    pub(super) unsafe fn poll(&self, cx: &mut Context<'_>) -> Poll<T::Output> {
        self.stage.with_mut(|ptr| {
            // SAFETY: rule 2 gives the RUNNING holder exclusive access to
            // the stage; the allocation never moves, so pinning holds.
            let stage = unsafe { &mut *ptr };
            let Stage::Running(future) = stage else {
                unreachable!("a task was polled after it completed");
            };
            // SAFETY: see above, the future lives in a heap cell that is
            // never moved until it is dropped in place.
            let future = unsafe { Pin::new_unchecked(future) };
            future.poll(cx)
        })
    }

    /// Replaces the stage, dropping the previous one (future or output).
    ///
    /// # Safety
    ///
    /// The caller has exclusive access to the stage (rule 2 or rule 5).
    pub(super) unsafe fn set_stage(&self, stage: Stage<T>) {
        // SAFETY: exclusive access per the caller's contract. The old value
        // is dropped in place; if its Drop panics, the slot still holds a
        // valid value because we assign through `*ptr = ...`.
        self.stage.with_mut(|ptr| unsafe { *ptr = stage });
    }

    /// Takes the output out, leaving `Consumed`.
    ///
    /// # Safety
    ///
    /// The caller is the `JoinHandle` and COMPLETE is set (rule 5).
    pub(super) unsafe fn take_output(&self) -> Result<T::Output, JoinError> {
        self.stage.with_mut(|ptr| {
            // SAFETY: rule 5, exclusive access for the JoinHandle after
            // completion.
            match std::mem::replace(unsafe { &mut *ptr }, Stage::Consumed) {
                Stage::Finished(output) => output,
                _ => panic!("JoinHandle polled after completion"),
            }
        })
    }
}

impl Trailer {
    /// # Safety
    ///
    /// The caller has exclusive access to the slot (rule 6).
    pub(super) unsafe fn set_waker(&self, waker: Option<Waker>) {
        // SAFETY: exclusive per the caller's contract.
        self.waker.with_mut(|ptr| unsafe { *ptr = waker });
    }

    /// # Safety
    ///
    /// The slot is published or owned by the caller, so no one writes it
    /// concurrently (rule 6).
    pub(super) unsafe fn will_wake(&self, waker: &Waker) -> bool {
        // SAFETY: shared read allowed per the caller's contract.
        self.waker.with(|ptr| match unsafe { &*ptr } {
            Some(w) => w.will_wake(waker),
            None => false,
        })
    }

    /// # Safety
    ///
    /// COMPLETE is set and the slot is published (rule 6).
    pub(super) unsafe fn wake_join(&self) {
        self.waker.with(|ptr| {
            // SAFETY: shared read allowed per the caller's contract.
            if let Some(w) = unsafe { &*ptr } {
                w.wake_by_ref();
            }
        });
    }
}
