//! `RawTask`: a type-erased pointer to a task plus its vtable, and the
//! typed handles (`Task`, `Notified`) that each own one reference.

use super::core::{Cell, Header};
use super::harness;
use super::id::Id;
use super::Schedule;
use std::future::Future;
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ptr::NonNull;
use std::task::Waker;

/// Per-(future, scheduler) functions, reached through the header.
pub(crate) struct Vtable {
    /// Runs the task, consuming one `Notified` reference.
    pub(super) poll: unsafe fn(NonNull<Header>),
    /// Hands a new `Notified` (reference already counted) to the scheduler.
    pub(super) schedule: unsafe fn(NonNull<Header>),
    /// Frees the allocation once the count reaches zero.
    pub(super) dealloc: unsafe fn(NonNull<Header>),
    /// `JoinHandle::poll`: writes `Poll<Result<T, JoinError>>` to `dst`.
    pub(super) try_read_output: unsafe fn(NonNull<Header>, *mut (), &Waker),
    /// `JoinHandle::drop`, consuming the handle's reference.
    pub(super) drop_join_handle: unsafe fn(NonNull<Header>),
    /// Runtime shutdown, consuming one reference.
    pub(super) shutdown: unsafe fn(NonNull<Header>),
}

/// A raw, copyable task pointer. Copying it does not add a reference: the
/// handle types below do the counting.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawTask {
    ptr: NonNull<Header>,
}

// SAFETY: a RawTask is only a pointer; every access goes through the task
// protocol (the state word's atomics and the ownership rules in mod.rs), and
// the future/output types are `Send` where the task may cross threads
// (enforced by the spawn functions' bounds).
unsafe impl Send for RawTask {}
// SAFETY: as above.
unsafe impl Sync for RawTask {}

impl RawTask {
    #[inline]
    pub(super) fn new<T, S>(future: T, scheduler: S, meta: super::SpawnMeta) -> RawTask
    where
        T: Future + 'static,
        S: Schedule,
    {
        // `rt_no_task_bookkeeping`: see `Header::record_poll`.
        let hooked = !cfg!(rt_no_task_bookkeeping) && scheduler.hooks().is_some();
        let cell = Cell::new(future, scheduler, meta, harness::vtable::<T, S>(hooked));
        if hooked {
            // The spawn hook runs here, once per task and before any poll
            // or terminate hook (also for a task spawned into a runtime
            // that is shutting down, which terminates at once).
            harness::spawned(&cell);
        }
        let ptr = NonNull::from(Box::leak(cell)).cast::<Header>();
        RawTask { ptr }
    }

    pub(super) fn from_ptr(ptr: NonNull<Header>) -> RawTask {
        RawTask { ptr }
    }

    pub(crate) fn header(&self) -> &Header {
        // SAFETY: a RawTask is only used while a reference is held by the
        // handle that contains it.
        unsafe { self.ptr.as_ref() }
    }

    pub(crate) fn id(&self) -> Id {
        self.header().id
    }

    /// # Safety: the caller gives up one `Notified` reference.
    pub(super) unsafe fn poll(self) {
        // SAFETY: forwarded contract.
        unsafe { (self.header().vtable.poll)(self.ptr) }
    }

    /// # Safety: the caller gives up one reference (a new `Notified`).
    pub(super) unsafe fn schedule(self) {
        // SAFETY: forwarded contract.
        unsafe { (self.header().vtable.schedule)(self.ptr) }
    }

    /// # Safety: the caller gives up the last reference.
    pub(super) unsafe fn dealloc(self) {
        // SAFETY: forwarded contract.
        unsafe { (self.header().vtable.dealloc)(self.ptr) }
    }

    /// # Safety: `dst` is a `*mut Poll<Result<T, JoinError>>` of the task's
    /// output type and the caller is the JoinHandle.
    pub(super) unsafe fn try_read_output(self, dst: *mut (), waker: &Waker) {
        // SAFETY: forwarded contract.
        unsafe { (self.header().vtable.try_read_output)(self.ptr, dst, waker) }
    }

    /// # Safety: the caller is the JoinHandle, giving up its reference.
    pub(super) unsafe fn drop_join_handle(self) {
        // SAFETY: forwarded contract.
        unsafe { (self.header().vtable.drop_join_handle)(self.ptr) }
    }

    /// # Safety: the caller gives up one reference.
    pub(super) unsafe fn shutdown(self) {
        // SAFETY: forwarded contract.
        unsafe { (self.header().vtable.shutdown)(self.ptr) }
    }

    pub(super) fn ref_inc(self) {
        self.header().state.ref_inc();
    }

    /// Drops one reference, deallocating after the last.
    ///
    /// # Safety: the caller gives up one reference.
    pub(super) unsafe fn drop_reference(self) {
        if self.header().state.ref_dec() {
            // SAFETY: that was the last reference.
            unsafe { self.dealloc() }
        }
    }

    /// Aborts the task from any thread (`JoinHandle::abort`,
    /// `AbortHandle::abort`).
    pub(super) fn remote_abort(self) {
        if self.header().state.transition_to_notified_and_cancel() {
            // SAFETY: the transition added the reference for the Notified.
            unsafe { self.schedule() }
        }
    }
}

/// The owner list's reference to a task (rule 1).
pub(crate) struct Task<S: 'static> {
    raw: RawTask,
    _p: PhantomData<S>,
}

/// A reference to a task that is scheduled to run (rule 3).
#[repr(transparent)]
pub(crate) struct Notified<S: 'static>(Task<S>);

impl<S: 'static> Task<S> {
    /// # Safety: the caller gives this handle one reference.
    pub(super) unsafe fn from_raw(raw: RawTask) -> Task<S> {
        Task {
            raw,
            _p: PhantomData,
        }
    }

    pub(crate) fn raw(&self) -> RawTask {
        self.raw
    }

    pub(crate) fn header_ptr(&self) -> NonNull<Header> {
        self.raw.ptr
    }

    fn into_raw(self) -> RawTask {
        let this = ManuallyDrop::new(self);
        this.raw
    }

    /// Cancels the task for runtime shutdown, consuming this reference.
    pub(crate) fn shutdown(self) {
        let raw = self.into_raw();
        // SAFETY: our reference is handed over.
        unsafe { raw.shutdown() }
    }
}

impl<S: 'static> Notified<S> {
    /// # Safety: the caller gives this handle one `Notified` reference.
    pub(super) unsafe fn from_raw(raw: RawTask) -> Notified<S> {
        // SAFETY: forwarded contract.
        Notified(unsafe { Task::from_raw(raw) })
    }

    /// Runs the task (one poll, or its cancellation).
    pub(crate) fn run(self) {
        let raw = self.0.into_raw();
        // SAFETY: our Notified reference is handed to the harness.
        unsafe { raw.poll() }
    }

    /// Gives up this reference as a pointer (for the run queue's LIFO
    /// slot); [`Notified::from_header_ptr`] takes it back.
    pub(crate) fn into_header_ptr(self) -> NonNull<Header> {
        self.0.into_raw().ptr
    }

    /// # Safety
    ///
    /// `ptr` came from [`Notified::into_header_ptr`] with the same `S`, and
    /// is turned back once.
    pub(crate) unsafe fn from_header_ptr(ptr: NonNull<Header>) -> Notified<S> {
        // SAFETY: the pointer carries the Notified reference given up by
        // `into_header_ptr`.
        unsafe { Notified::from_raw(RawTask::from_ptr(ptr)) }
    }

    /// Converts into the owning handle, for shutting down a queued task
    /// that was never bound to an owner list (blocking tasks).
    pub(crate) fn into_task(self) -> Task<S> {
        self.0
    }
}

impl<S: 'static> Drop for Task<S> {
    fn drop(&mut self) {
        // SAFETY: the handle owns one reference.
        unsafe { self.raw.drop_reference() }
    }
}
