//! An intrusive, doubly linked FIFO of waiter nodes that live inside the
//! waiting futures themselves.
//!
//! [`WaitList`](super::wait_list::WaitList) keeps waiters in a slab, which
//! makes the owner take the lock once more after it is served, just to free
//! its slot. Where that lock is the bottleneck (the batch semaphore under
//! `Semaphore`, `Mutex` and bounded `mpsc`; `Notify`), the node lives in the pinned
//! future instead: a server unlinks it and publishes completion through an
//! atomic in the node, and the owner observes that atomic without locking.
//!
//! # Protocol
//!
//! ```text
//! List<T> { head, tail }          behind the primitive's mutex
//! Node<T> { links: UnsafeCell<Links { prev, next }>, value: T, PhantomPinned }
//! ```
//!
//! 1. **The list is only touched with the primitive's lock held**: it lives
//!    behind that lock, so `&List` and `&mut List` both imply it (or
//!    exclusive access to the primitive). A node's `links` are read and
//!    written only by `List` methods, so they too are only accessed under
//!    that lock.
//! 2. **A linked node is alive and does not move.** [`List::push_back`] is
//!    `unsafe`: its caller promises that the node stays at its address,
//!    alive, until it has been unlinked from this list ([`List::pop_front`],
//!    [`List::remove`]). The waiting futures keep this promise by being
//!    `!Unpin` and unlinking their node (under the lock) in `Drop`, unless a
//!    server already unlinked it.
//! 3. **An unlinked node has `prev == next == None`** and is not the head,
//!    so [`List::remove`] can tell "linked" from "already unlinked" by the
//!    links alone, and removing an unlinked node is a no-op.
//! 4. What else a node's `value` holds, and who may touch it when, is the
//!    primitive's protocol (see `batch_semaphore`, `notify`); this module only
//!    guarantees rules 1 to 3.

use crate::loom::cell::UnsafeCell;
use std::marker::PhantomPinned;
use std::ptr::NonNull;

/// One waiter, embedded in (and pinned with) the future that waits.
pub(crate) struct Node<T> {
    /// Rule 1: accessed only by `List` methods, under the lock.
    links: UnsafeCell<Links<T>>,
    value: T,
    /// Rule 2: the list holds a pointer to this node while it is linked.
    _pinned: PhantomPinned,
}

struct Links<T> {
    prev: Option<NonNull<Node<T>>>,
    next: Option<NonNull<Node<T>>>,
}

impl<T> Node<T> {
    pub(crate) fn new(value: T) -> Node<T> {
        Node {
            links: UnsafeCell::new(Links {
                prev: None,
                next: None,
            }),
            value,
            _pinned: PhantomPinned,
        }
    }

    pub(crate) fn value(&self) -> &T {
        &self.value
    }
}

/// The queue of linked nodes; lives behind the primitive's lock (rule 1).
pub(crate) struct List<T> {
    head: Option<NonNull<Node<T>>>,
    tail: Option<NonNull<Node<T>>>,
}

// SAFETY: the list owns no `T`; it holds pointers to nodes that are alive
// while linked (rule 2) and dereferences them only through `&mut List`, i.e.
// under the primitive's lock (rule 1). Sending the list (inside its mutex)
// to another thread therefore lets that thread reach the nodes' `T` by
// shared reference, which `T: Sync` permits.
unsafe impl<T: Sync> Send for List<T> {}

impl<T> List<T> {
    pub(crate) const fn new() -> List<T> {
        List {
            head: None,
            tail: None,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.head.is_none()
    }

    /// The value of the front node, if any.
    pub(crate) fn front(&self) -> Option<&T> {
        // SAFETY: a linked node is alive (rule 2), and the shared borrow of
        // the list (rule 1: the lock is held) outlives the returned borrow,
        // so nobody can unlink and free it meanwhile.
        self.head.map(|head| unsafe { &head.as_ref().value })
    }

    /// Links `node` at the back.
    ///
    /// # Safety
    ///
    /// `node` is not linked in any list, and it stays alive at its address
    /// until it has been unlinked from this list (rule 2).
    pub(crate) unsafe fn push_back(&mut self, node: NonNull<Node<T>>) {
        let old_tail = self.tail;
        // SAFETY: the caller hands us a live node (rule 2) that no list
        // links, so nobody else touches its links; we hold the lock (rule 1).
        unsafe {
            node.as_ref().links.with_mut(|links| {
                *links = Links {
                    prev: old_tail,
                    next: None,
                }
            })
        };
        match old_tail {
            // SAFETY: the old tail is linked, hence alive (rule 2); its links
            // are ours under the lock (rule 1).
            Some(tail) => unsafe {
                tail.as_ref()
                    .links
                    .with_mut(|links| (*links).next = Some(node))
            },
            None => self.head = Some(node),
        }
        self.tail = Some(node);
    }

    /// Unlinks the front node and returns it. It is no longer protected by
    /// the list: the caller must follow the primitive's protocol for when
    /// the owner may free it.
    pub(crate) fn pop_front(&mut self) -> Option<NonNull<Node<T>>> {
        let head = self.head?;
        // SAFETY: the head is linked, hence alive (rule 2).
        unsafe { self.unlink(head) };
        Some(head)
    }

    /// Unlinks the back node and returns it; see [`pop_front`](List::pop_front).
    pub(crate) fn pop_back(&mut self) -> Option<NonNull<Node<T>>> {
        let tail = self.tail?;
        // SAFETY: the tail is linked, hence alive (rule 2).
        unsafe { self.unlink(tail) };
        Some(tail)
    }

    /// Unlinks `node` if it is linked; returns whether it was.
    ///
    /// # Safety
    ///
    /// `node` is alive, and it is either linked in this list or linked in
    /// none (rule 3).
    pub(crate) unsafe fn remove(&mut self, node: NonNull<Node<T>>) -> bool {
        // SAFETY: as the caller promises; links are ours under the lock.
        if unsafe { self.is_linked(node) } {
            // SAFETY: linked in this list, as just checked.
            unsafe { self.unlink(node) };
            true
        } else {
            false
        }
    }

    /// Whether `node` is linked in this list.
    ///
    /// # Safety
    ///
    /// As for [`remove`](List::remove).
    pub(crate) unsafe fn is_linked(&self, node: NonNull<Node<T>>) -> bool {
        // SAFETY: the node is alive (caller); its links are only written
        // under the lock, which we hold (rule 1).
        let has_prev = unsafe { node.as_ref().links.with(|links| (*links).prev.is_some()) };
        // Rule 3: only the head of a list has no `prev` while linked.
        has_prev || self.head == Some(node)
    }

    /// Unlinks a node linked in this list and resets its links (rule 3).
    ///
    /// # Safety
    ///
    /// `node` is linked in this list.
    unsafe fn unlink(&mut self, node: NonNull<Node<T>>) {
        // SAFETY: a linked node is alive (rule 2) and its links are ours
        // under the lock (rule 1).
        let Links { prev, next } = unsafe {
            node.as_ref().links.with_mut(|links| {
                std::mem::replace(
                    &mut *links,
                    Links {
                        prev: None,
                        next: None,
                    },
                )
            })
        };
        match prev {
            // SAFETY: its neighbours are linked too, hence alive (rule 2).
            Some(prev) => unsafe { prev.as_ref().links.with_mut(|links| (*links).next = next) },
            None => self.head = next,
        }
        match next {
            // SAFETY: as above.
            Some(next) => unsafe { next.as_ref().links.with_mut(|links| (*links).prev = prev) },
            None => self.tail = prev,
        }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    fn values(list: &mut List<u32>) -> Vec<u32> {
        let mut out = Vec::new();
        while let Some(node) = list.pop_front() {
            // SAFETY: the test's nodes outlive the list.
            out.push(unsafe { *node.as_ref().value() });
        }
        out
    }

    #[test]
    fn fifo_order_and_removal_anywhere() {
        let nodes: Vec<Box<Node<u32>>> = (0..5).map(|i| Box::new(Node::new(i))).collect();
        let ptr = |i: usize| NonNull::from(&*nodes[i]);
        let mut list = List::new();
        for i in 0..5 {
            // SAFETY: the boxed nodes outlive the list and do not move.
            unsafe { list.push_back(ptr(i)) };
        }
        assert_eq!(list.front().copied(), Some(0));
        // SAFETY: every node is alive and linked in `list` or in none.
        unsafe {
            assert!(list.remove(ptr(0)));
            assert!(list.remove(ptr(2)));
            assert!(list.remove(ptr(4)));
            assert!(!list.remove(ptr(2)), "removing twice is a no-op");
            assert!(list.is_linked(ptr(1)) && list.is_linked(ptr(3)));
        }
        assert_eq!(values(&mut list), vec![1, 3]);
        assert!(list.is_empty());
        // SAFETY: as above.
        unsafe {
            assert!(!list.is_linked(ptr(1)), "pop_front resets the links");
            assert!(!list.remove(ptr(3)));
            // An unlinked node can be linked again.
            list.push_back(ptr(3));
            list.push_back(ptr(1));
        }
        assert_eq!(values(&mut list), vec![3, 1]);
        // SAFETY: as above.
        unsafe {
            list.push_back(ptr(0));
            list.push_back(ptr(1));
            list.push_back(ptr(2));
        }
        let back = list.pop_back().expect("three nodes are linked");
        // SAFETY: the test's nodes outlive the list.
        assert_eq!(unsafe { *back.as_ref().value() }, 2);
        assert_eq!(values(&mut list), vec![0, 1]);
    }

    #[test]
    fn sole_node_is_linked_without_neighbours() {
        let node = Box::new(Node::new(7u32));
        let mut list = List::new();
        // SAFETY: the node outlives the list.
        unsafe {
            list.push_back(NonNull::from(&*node));
            assert!(list.is_linked(NonNull::from(&*node)));
            assert!(list.remove(NonNull::from(&*node)));
            assert!(!list.is_linked(NonNull::from(&*node)));
        }
        assert!(list.is_empty());
        assert!(list.front().is_none());
    }
}
