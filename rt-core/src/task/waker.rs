//! The task `Waker`: a `RawWaker` whose data pointer is the task header.
//! Cloning adds a reference (no allocation); dropping releases it.

use super::core::Header;
use super::raw::RawTask;
use super::state::{TransitionToNotifiedByRef, TransitionToNotifiedByVal};
use std::mem::ManuallyDrop;
use std::ptr::NonNull;
use std::task::{RawWaker, RawWakerVTable, Waker};

static WAKER_VTABLE: RawWakerVTable =
    RawWakerVTable::new(clone_waker, wake_by_val, wake_by_ref, drop_waker);

/// A waker borrowing the caller's reference: it must not outlive it, and is
/// never dropped (so it releases nothing).
pub(super) fn waker_ref(ptr: NonNull<Header>) -> ManuallyDrop<Waker> {
    let raw = RawWaker::new(ptr.as_ptr() as *const (), &WAKER_VTABLE);
    // SAFETY: the vtable functions below uphold the RawWaker contract for a
    // header pointer kept alive by the reference count.
    ManuallyDrop::new(unsafe { Waker::from_raw(raw) })
}

fn raw_task(ptr: *const ()) -> RawTask {
    // SAFETY: wakers are only ever built from non-null header pointers.
    RawTask::from_ptr(unsafe { NonNull::new_unchecked(ptr as *mut Header) })
}

unsafe fn clone_waker(ptr: *const ()) -> RawWaker {
    raw_task(ptr).ref_inc();
    RawWaker::new(ptr, &WAKER_VTABLE)
}

unsafe fn drop_waker(ptr: *const ()) {
    // SAFETY: a waker owns one reference.
    unsafe { raw_task(ptr).drop_reference() }
}

unsafe fn wake_by_val(ptr: *const ()) {
    let raw = raw_task(ptr);
    match raw.header().state.transition_to_notified_by_val() {
        // SAFETY: the waker's reference now belongs to the Notified.
        TransitionToNotifiedByVal::Submit => unsafe { raw.schedule() },
        // SAFETY: the waker's reference was the last one.
        TransitionToNotifiedByVal::Dealloc => unsafe { raw.dealloc() },
        TransitionToNotifiedByVal::DoNothing => {}
    }
}

unsafe fn wake_by_ref(ptr: *const ()) {
    let raw = raw_task(ptr);
    match raw.header().state.transition_to_notified_by_ref() {
        // SAFETY: the transition added a reference for the Notified.
        TransitionToNotifiedByRef::Submit => unsafe { raw.schedule() },
        TransitionToNotifiedByRef::DoNothing => {}
    }
}
