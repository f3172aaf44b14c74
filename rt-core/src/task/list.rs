//! `OwnedTasks`: every live task of a scheduler, so that shutdown can
//! cancel them all. An intrusive doubly linked list threaded through the
//! task headers, behind a mutex (rule 7: a header's `owned` links are only
//! accessed with the owning list's lock held).

use super::core::Header;
use super::raw::{Notified, RawTask, Task};
use super::{new_task, JoinHandle, Schedule, SpawnMeta};
use crate::loom::lock;
use crate::loom::sync::Mutex;
use std::future::Future;
use std::marker::PhantomData;
use std::ptr::NonNull;

/// A task is linked iff `prev` is set or it is the list's head.
pub(crate) struct Pointers {
    prev: Option<NonNull<Header>>,
    next: Option<NonNull<Header>>,
}

impl Pointers {
    pub(crate) fn new() -> Pointers {
        Pointers {
            prev: None,
            next: None,
        }
    }
}

pub(crate) struct OwnedTasks<S: 'static> {
    inner: Mutex<List>,
    _p: PhantomData<S>,
}

struct List {
    head: Option<NonNull<Header>>,
    len: usize,
    closed: bool,
}

// SAFETY: the raw pointers are task headers kept alive by the list's
// reference (rule 1) and only dereferenced under the mutex (rule 7).
unsafe impl Send for List {}

impl<S: Schedule> OwnedTasks<S> {
    pub(crate) fn new() -> OwnedTasks<S> {
        OwnedTasks {
            inner: Mutex::new(List {
                head: None,
                len: 0,
                closed: false,
            }),
            _p: PhantomData,
        }
    }

    /// Creates a task and adds it to the list. Returns its `Notified` to
    /// schedule, or `None` when the list is closed (the runtime is shutting
    /// down): the task is then cancelled at once and its JoinHandle reports
    /// cancellation.
    pub(crate) fn bind<T>(
        &self,
        future: T,
        scheduler: S,
        meta: SpawnMeta,
    ) -> (JoinHandle<T::Output>, Option<Notified<S>>)
    where
        T: Future + Send + 'static,
        T::Output: Send + 'static,
    {
        let (task, notified, join) = new_task(future, scheduler, meta);
        (join, self.bind_inner(task, notified))
    }

    /// Like [`bind`](Self::bind) for a future that is not `Send`.
    ///
    /// # Safety
    ///
    /// The scheduler `S` must only ever run the task's `Notified`s, and
    /// shut the list down, on the thread that calls `bind_local` (so the
    /// future and output are only touched on that thread).
    pub(crate) unsafe fn bind_local<T>(
        &self,
        future: T,
        scheduler: S,
        meta: SpawnMeta,
    ) -> (JoinHandle<T::Output>, Option<Notified<S>>)
    where
        T: Future + 'static,
        T::Output: 'static,
    {
        let (task, notified, join) = new_task(future, scheduler, meta);
        (join, self.bind_inner(task, notified))
    }

    fn bind_inner(&self, task: Task<S>, notified: Notified<S>) -> Option<Notified<S>> {
        let mut list = lock(&self.inner);
        if list.closed {
            drop(list);
            drop(notified);
            task.shutdown();
            return None;
        }
        let ptr = task.header_ptr();
        std::mem::forget(task); // the list now holds this reference (rule 1)
                                // SAFETY: rule 7, we hold the lock; `ptr` is a live, unlinked task.
        unsafe { list.push_front(ptr) };
        Some(notified)
    }

    /// Removes a completed task; returns the list's reference if the task
    /// was still linked.
    pub(crate) fn remove(&self, task: &Task<S>) -> Option<Task<S>> {
        let mut list = lock(&self.inner);
        // SAFETY: rule 7, a task is only released through the scheduler
        // whose list bound it: we hold that list's lock.
        let removed = unsafe { list.remove(task.header_ptr()) };
        drop(list);
        // SAFETY: the list's reference is handed to the caller.
        removed.then(|| unsafe { Task::from_raw(task.raw()) })
    }

    /// Closes the list (later binds cancel their task) and shuts down every
    /// task in it, one at a time without holding the lock.
    pub(crate) fn close_and_shutdown_all(&self) {
        lock(&self.inner).closed = true;
        loop {
            let ptr = {
                let mut list = lock(&self.inner);
                // SAFETY: rule 7, we hold the lock.
                unsafe { list.pop_front() }
            };
            let Some(ptr) = ptr else { break };
            // SAFETY: popping handed us the list's reference.
            let task = unsafe { Task::<S>::from_raw(RawTask::from_ptr(ptr)) };
            task.shutdown();
        }
    }

    /// Calls `f` on every live task, under the list lock (rule 7: the
    /// list's reference keeps each one alive meanwhile). `f` must not touch
    /// the runtime.
    pub(crate) fn for_each(&self, mut f: impl FnMut(&Header)) {
        let list = lock(&self.inner);
        let mut cur = list.head;
        while let Some(ptr) = cur {
            // SAFETY: rule 7, lock held; linked tasks are alive (rule 1).
            let header = unsafe { ptr.as_ref() };
            f(header);
            // SAFETY: as above, the links are ours to read under the lock.
            cur = header.owned.with(|links| unsafe { (*links).next });
        }
    }

    pub(crate) fn len(&self) -> usize {
        lock(&self.inner).len
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl List {
    /// # Safety
    ///
    /// Lock held (rule 7); `ptr` is live and not linked.
    unsafe fn push_front(&mut self, ptr: NonNull<Header>) {
        // SAFETY: per the contract, we may access the links of `ptr` and of
        // the current head (both live: the list holds their references).
        unsafe {
            with_links(ptr, |links| {
                debug_assert!(links.prev.is_none());
                links.prev = None;
                links.next = self.head;
            });
            if let Some(head) = self.head {
                with_links(head, |links| links.prev = Some(ptr));
            }
        }
        self.head = Some(ptr);
        self.len += 1;
    }

    /// # Safety
    ///
    /// Lock held (rule 7).
    unsafe fn pop_front(&mut self) -> Option<NonNull<Header>> {
        let head = self.head?;
        // SAFETY: head is linked, so it is live and ours to unlink.
        let removed = unsafe { self.remove(head) };
        debug_assert!(removed);
        Some(head)
    }

    /// Unlinks `ptr`; `false` if it was not linked.
    ///
    /// # Safety
    ///
    /// Lock held (rule 7); `ptr` is live and bound to this list.
    unsafe fn remove(&mut self, ptr: NonNull<Header>) -> bool {
        // SAFETY: per the contract; neighbours are linked, hence live.
        unsafe {
            let head = self.head;
            let (prev, next) = match with_links(ptr, |l| {
                if l.prev.is_none() && head != Some(ptr) {
                    return None;
                }
                Some((l.prev.take(), l.next.take()))
            }) {
                Some(pn) => pn,
                None => return false,
            };
            match prev {
                Some(prev) => with_links(prev, |l| l.next = next),
                None => self.head = next,
            }
            if let Some(next) = next {
                with_links(next, |l| l.prev = prev);
            }
        }
        self.len -= 1;
        true
    }
}

/// # Safety
///
/// The list lock is held (rule 7) and `ptr` is live.
unsafe fn with_links<R>(ptr: NonNull<Header>, f: impl FnOnce(&mut Pointers) -> R) -> R {
    // SAFETY: forwarded contract: exclusive access to the links.
    unsafe { ptr.as_ref() }
        .owned
        .with_mut(|links| f(unsafe { &mut *links }))
}
