//! A FIFO queue of waiters stored in a slab, with O(1) removal by key.
//!
//! Every primitive that makes tasks wait keeps one `WaitList` behind its
//! lock, except the batch semaphore and `Notify`, which use the intrusive
//! [`linked_list`](super::linked_list) to spare their served waiters a
//! lock. The list separates two things an intrusive list conflates:
//!
//! * **Slot ownership.** [`WaitList::insert_back`] allocates a slot and returns
//!   its [`Key`]. The key is owned by exactly one waiting future; it is not
//!   `Clone`, and [`WaitList::remove`] consumes it, so a slot is freed exactly
//!   once, by its owner (on completion or on drop).
//! * **Queue membership.** A slot is *linked* (in the queue) from insertion
//!   until either its owner removes it, or a waker-side operation unlinks it
//!   ([`WaitList::unlink_front`], [`WaitList::unlink_back`],
//!   [`WaitList::unlink_all`]) to hand it something: a permit, a notification,
//!   a close. An unlinked slot stays allocated, holding what was handed over,
//!   until its owner looks at it.
//!
//! This keeps the whole structure in safe code: slots are addressed by index,
//! and the links are indices.

use std::fmt;

/// Identifies one slot of a [`WaitList`]; owned by the waiting future.
#[derive(PartialEq, Eq)]
pub(crate) struct Key(usize);

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key({})", self.0)
    }
}

enum Slot<T> {
    Vacant {
        next_free: Option<usize>,
    },
    Occupied {
        value: T,
        /// `Some` while linked in the queue.
        links: Option<Links>,
    },
}

#[derive(Clone, Copy)]
struct Links {
    prev: Option<usize>,
    next: Option<usize>,
}

pub(crate) struct WaitList<T> {
    slots: Vec<Slot<T>>,
    free: Option<usize>,
    head: Option<usize>,
    tail: Option<usize>,
    linked: usize,
}

impl<T> WaitList<T> {
    pub(crate) const fn new() -> WaitList<T> {
        WaitList {
            slots: Vec::new(),
            free: None,
            head: None,
            tail: None,
            linked: 0,
        }
    }

    /// `true` when no slot is linked (slots may still be allocated).
    #[cfg(all(test, not(loom)))]
    pub(crate) fn is_empty(&self) -> bool {
        self.linked == 0
    }

    /// The number of linked slots.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.linked
    }

    /// Allocates a slot for `value` and links it at the back of the queue.
    pub(crate) fn insert_back(&mut self, value: T) -> Key {
        let links = Some(Links {
            prev: self.tail,
            next: None,
        });
        let slot = Slot::Occupied { value, links };
        let index = match self.free {
            Some(index) => {
                let old = std::mem::replace(&mut self.slots[index], slot);
                match old {
                    Slot::Vacant { next_free } => self.free = next_free,
                    Slot::Occupied { .. } => unreachable!("free list points at an occupied slot"),
                }
                index
            }
            None => {
                self.slots.push(slot);
                self.slots.len() - 1
            }
        };
        match self.tail {
            Some(tail) => self.links_mut(tail).next = Some(index),
            None => self.head = Some(index),
        }
        self.tail = Some(index);
        self.linked += 1;
        Key(index)
    }

    #[cfg(all(test, not(loom)))]
    pub(crate) fn get(&self, key: &Key) -> &T {
        match &self.slots[key.0] {
            Slot::Occupied { value, .. } => value,
            Slot::Vacant { .. } => unreachable!("a Key always names an occupied slot"),
        }
    }

    pub(crate) fn get_mut(&mut self, key: &Key) -> &mut T {
        match &mut self.slots[key.0] {
            Slot::Occupied { value, .. } => value,
            Slot::Vacant { .. } => unreachable!("a Key always names an occupied slot"),
        }
    }

    /// `true` if the slot is still in the queue.
    pub(crate) fn is_linked(&self, key: &Key) -> bool {
        match &self.slots[key.0] {
            Slot::Occupied { links, .. } => links.is_some(),
            Slot::Vacant { .. } => unreachable!("a Key always names an occupied slot"),
        }
    }

    /// Unlinks the slot if it is linked, frees it and returns its value.
    pub(crate) fn remove(&mut self, key: Key) -> T {
        self.unlink(key.0);
        let vacant = Slot::Vacant {
            next_free: self.free,
        };
        self.free = Some(key.0);
        match std::mem::replace(&mut self.slots[key.0], vacant) {
            Slot::Occupied { value, .. } => value,
            Slot::Vacant { .. } => unreachable!("a Key always names an occupied slot"),
        }
    }

    /// The value at the front of the queue.
    #[cfg(all(test, not(loom)))]
    pub(crate) fn front_mut(&mut self) -> Option<&mut T> {
        let head = self.head?;
        match &mut self.slots[head] {
            Slot::Occupied { value, .. } => Some(value),
            Slot::Vacant { .. } => unreachable!("the queue links only occupied slots"),
        }
    }

    /// Unlinks the front slot (it stays allocated for its owner) and returns
    /// its value.
    pub(crate) fn unlink_front(&mut self) -> Option<&mut T> {
        let head = self.head?;
        self.unlink(head);
        Some(self.value_mut(head))
    }

    #[cfg(all(test, not(loom)))]
    /// Unlinks the back slot (it stays allocated for its owner) and returns
    /// its value.
    pub(crate) fn unlink_back(&mut self) -> Option<&mut T> {
        let tail = self.tail?;
        self.unlink(tail);
        Some(self.value_mut(tail))
    }

    /// Unlinks every slot, front to back, calling `f` on each value.
    pub(crate) fn unlink_all(&mut self, mut f: impl FnMut(&mut T)) {
        while let Some(value) = self.unlink_front() {
            f(value);
        }
    }

    fn value_mut(&mut self, index: usize) -> &mut T {
        match &mut self.slots[index] {
            Slot::Occupied { value, .. } => value,
            Slot::Vacant { .. } => unreachable!("index names an occupied slot"),
        }
    }

    fn links_mut(&mut self, index: usize) -> &mut Links {
        match &mut self.slots[index] {
            Slot::Occupied {
                links: Some(links), ..
            } => links,
            _ => unreachable!("the queue links only linked, occupied slots"),
        }
    }

    fn unlink(&mut self, index: usize) {
        let links = match &mut self.slots[index] {
            Slot::Occupied { links, .. } => links.take(),
            Slot::Vacant { .. } => unreachable!("index names an occupied slot"),
        };
        let Some(Links { prev, next }) = links else {
            return;
        };
        match prev {
            Some(prev) => self.links_mut(prev).next = next,
            None => self.head = next,
        }
        match next {
            Some(next) => self.links_mut(next).prev = prev,
            None => self.tail = prev,
        }
        self.linked -= 1;
    }
}

impl<T> Default for WaitList<T> {
    fn default() -> Self {
        WaitList::new()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    fn drain_front(list: &mut WaitList<u32>) -> Vec<u32> {
        let mut out = Vec::new();
        while let Some(v) = list.unlink_front() {
            out.push(*v);
        }
        out
    }

    #[test]
    fn fifo_order_and_removal() {
        let mut list = WaitList::new();
        let a = list.insert_back(1);
        let b = list.insert_back(2);
        let c = list.insert_back(3);
        assert_eq!(list.remove(b), 2);
        assert!(list.is_linked(&a));
        assert_eq!(drain_front(&mut list), vec![1, 3]);
        assert!(list.is_empty());
        // Unlinked slots stay allocated for their owners.
        assert!(!list.is_linked(&a));
        assert_eq!(*list.get(&c), 3);
        assert_eq!(list.remove(a), 1);
        assert_eq!(list.remove(c), 3);
    }

    #[test]
    fn slots_are_reused_and_back_unlinks_newest() {
        let mut list = WaitList::new();
        let a = list.insert_back(1);
        list.remove(a);
        let b = list.insert_back(2);
        assert_eq!(b, Key(0));
        let c = list.insert_back(3);
        assert_eq!(list.unlink_back().copied(), Some(3));
        assert_eq!(list.front_mut().copied(), Some(2));
        *list.get_mut(&b) = 5;
        let mut seen = Vec::new();
        list.unlink_all(|v| seen.push(*v));
        assert_eq!(seen, vec![5]);
        list.remove(b);
        list.remove(c);
        assert!(list.is_empty());
    }

    #[test]
    fn remove_head_and_tail_keeps_links() {
        let mut list = WaitList::new();
        let keys: Vec<Key> = (0..5).map(|i| list.insert_back(i)).collect();
        let mut keys = keys.into_iter();
        let k0 = keys.next().unwrap();
        let k1 = keys.next().unwrap();
        let k2 = keys.next().unwrap();
        let k3 = keys.next().unwrap();
        let k4 = keys.next().unwrap();
        list.remove(k0);
        list.remove(k4);
        list.remove(k2);
        assert_eq!(drain_front(&mut list), vec![1, 3]);
        list.remove(k1);
        list.remove(k3);
    }
}
