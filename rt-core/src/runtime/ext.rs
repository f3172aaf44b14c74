use std::any::{Any, TypeId};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A small typed map of driver handles carried by a runtime.
///
/// This is the seam through which driver crates (rt-io, rt-time, ...) plug
/// into a runtime built by rt-core, which knows nothing about them: a
/// [driver layer](super::Builder::driver_layer) inserts its handle here when
/// the runtime is built, and the driver's resources later find it through
/// [`Handle::extension`](super::Handle::extension).
///
/// ```
/// use rt_core::runtime::Extensions;
///
/// struct ClockHandle(u32);
/// let mut ext = Extensions::new();
/// ext.insert(ClockHandle(7));
/// assert_eq!(ext.get::<ClockHandle>().unwrap().0, 7);
/// assert!(ext.get::<String>().is_none());
/// ```
#[derive(Default)]
pub struct Extensions {
    // A handful of entries at most: a linear scan beats hashing.
    // Invariant: each key is the `TypeId` of its boxed value's concrete
    // type (`insert`, the only place that adds entries, pairs
    // `TypeId::of::<T>()` with a `Box<T>`), so `get` may cast without the
    // `Any` vtable's second type check.
    entries: Vec<(TypeId, Box<dyn Any + Send + Sync>)>,
}

impl Extensions {
    /// An empty map.
    ///
    /// ```
    /// let ext = rt_core::runtime::Extensions::new();
    /// assert!(ext.get::<u32>().is_none());
    /// ```
    pub fn new() -> Extensions {
        Extensions::default()
    }

    /// Inserts `value`, returning the previous value of that type.
    ///
    /// ```
    /// let mut ext = rt_core::runtime::Extensions::new();
    /// assert_eq!(ext.insert(1u32), None);
    /// assert_eq!(ext.insert(2u32), Some(1), "one value per type");
    /// assert_eq!(ext.insert("text"), None, "another type, another slot");
    /// assert_eq!(ext.get::<u32>(), Some(&2));
    /// ```
    pub fn insert<T: Any + Send + Sync>(&mut self, value: T) -> Option<T> {
        let id = TypeId::of::<T>();
        for (key, slot) in &mut self.entries {
            if *key == id {
                let prev = std::mem::replace(slot, Box::new(value));
                return prev.downcast::<T>().ok().map(|b| *b);
            }
        }
        self.entries.push((id, Box::new(value)));
        None
    }

    /// Removes and returns the value of type `T`, if present.
    pub(crate) fn remove<T: Any + Send + Sync>(&mut self) -> Option<T> {
        let id = TypeId::of::<T>();
        let at = self.entries.iter().position(|(key, _)| *key == id)?;
        self.entries.remove(at).1.downcast::<T>().ok().map(|b| *b)
    }

    /// Returns the value of type `T`, if present.
    ///
    /// ```
    /// let mut ext = rt_core::runtime::Extensions::new();
    /// ext.insert(String::from("driver"));
    /// assert_eq!(ext.get::<String>().map(String::as_str), Some("driver"));
    /// assert_eq!(ext.get::<u8>(), None);
    /// ```
    pub fn get<T: Any + Send + Sync>(&self) -> Option<&T> {
        let id = TypeId::of::<T>();
        let at = self.entries.iter().position(|(key, _)| *key == id)?;
        Some(self.value_at::<T>(at))
    }

    /// Like [`get`](Self::get), for lookups on a hot path: tries the slot
    /// `hint` names first and, when `T` is elsewhere, stores where it was
    /// found. `hint` is only a guess (checked against `T`'s `TypeId` on
    /// every call; relaxed loads and stores, no ordering relies on it), so
    /// one static per type, shared by every runtime, is enough.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    ///
    /// static HINT: AtomicUsize = AtomicUsize::new(0);
    /// let mut ext = rt_core::runtime::Extensions::new();
    /// ext.insert(1u8);
    /// ext.insert(String::from("driver"));
    /// assert_eq!(ext.get_hinted::<String>(&HINT).map(String::as_str), Some("driver"));
    /// assert_eq!(HINT.load(Ordering::Relaxed), 1, "found in slot 1");
    /// assert_eq!(ext.get_hinted::<u16>(&HINT), None);
    /// ```
    #[inline]
    pub fn get_hinted<T: Any + Send + Sync>(&self, hint: &AtomicUsize) -> Option<&T> {
        let id = TypeId::of::<T>();
        let guess = hint.load(Ordering::Relaxed);
        let at = match self.entries.get(guess) {
            Some((key, _)) if *key == id => guess,
            _ => {
                let at = self.entries.iter().position(|(key, _)| *key == id)?;
                hint.store(at, Ordering::Relaxed);
                at
            }
        };
        Some(self.value_at::<T>(at))
    }

    /// The value in slot `at`, whose key is `T`'s `TypeId`.
    #[inline]
    fn value_at<T: Any + Send + Sync>(&self, at: usize) -> &T {
        let (key, value) = &self.entries[at];
        debug_assert_eq!(*key, TypeId::of::<T>());
        let ptr: *const (dyn Any + Send + Sync) = &**value;
        // SAFETY: callers found `T`'s TypeId as this slot's key, so by the
        // invariant on `entries` the box holds a `T`; the reference
        // borrows `self`, which owns the box.
        unsafe { &*ptr.cast::<T>() }
    }
}

impl fmt::Debug for Extensions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Extensions")
            .field("len", &self.entries.len())
            .finish()
    }
}
