//! [`ReadBuf`]: a byte buffer that tracks how much of it is filled and how
//! much is initialised, so readers may fill uninitialised memory safely.
//!
//! # Invariants
//!
//! A `ReadBuf` is a borrowed `&mut [MaybeUninit<u8>]` plus two cursors,
//! `filled` and `initialized`. The `SAFETY` comments in this module cite
//! these rules by number:
//!
//! 1. **Order.** `filled <= initialized <= buf.len()` at all times.
//! 2. **Initialised prefix.** Every byte of `buf[..initialized]` is
//!    initialised. Safe methods only ever grow `initialized` after writing
//!    the bytes they count.
//! 3. **No de-initialisation.** No safe method writes
//!    `MaybeUninit::uninit()` into the buffer. The only ways to do so are the
//!    `unsafe` [`ReadBuf::inner_mut`] and [`ReadBuf::unfilled_mut`], whose
//!    callers promise not to. This is what makes [`ReadBuf::new`] (which
//!    views an initialised `&mut [u8]` as `MaybeUninit`) sound: the caller's
//!    slice is never left holding uninitialised bytes.
//! 4. **Caller promises.** [`ReadBuf::assume_init`] trusts its caller that
//!    the bytes it counts are initialised; it is `unsafe` for that reason.

use std::fmt;
use std::mem::MaybeUninit;

/// A wrapper around a byte buffer that is incrementally filled and
/// initialised.
///
/// The buffer has three regions:
///
/// ```text
/// [             capacity              ]
/// [ filled |         unfilled         ]
/// [    initialized    | uninitialized ]
/// ```
///
/// A reader writes into the unfilled region and advances the filled
/// cursor; the initialised cursor lets a reader that needs `&mut [u8]`
/// (such as `std::io::Read`) zero each byte at most once.
///
/// # Examples
///
/// ```
/// use rt_io::ReadBuf;
/// use std::mem::MaybeUninit;
///
/// let mut storage = [MaybeUninit::<u8>::uninit(); 8];
/// let mut buf = ReadBuf::uninit(&mut storage);
/// buf.put_slice(b"hi");
/// assert_eq!(buf.filled(), b"hi");
/// assert_eq!(buf.remaining(), 6);
/// assert_eq!(buf.initialized().len(), 2);
/// ```
pub struct ReadBuf<'a> {
    buf: &'a mut [MaybeUninit<u8>],
    filled: usize,
    initialized: usize,
}

impl<'a> ReadBuf<'a> {
    /// Creates a `ReadBuf` over a fully initialised buffer.
    ///
    /// ```
    /// let mut bytes = [0u8; 4];
    /// let buf = rt_io::ReadBuf::new(&mut bytes);
    /// assert_eq!(buf.capacity(), 4);
    /// assert_eq!(buf.initialized().len(), 4);
    /// ```
    #[inline]
    pub fn new(buf: &'a mut [u8]) -> ReadBuf<'a> {
        let initialized = buf.len();
        // SAFETY: `MaybeUninit<u8>` has the layout of `u8`, so the slice
        // cast is valid. The bytes are initialised, and rule 3 guarantees
        // that no safe use of the `ReadBuf` writes uninitialised bytes back
        // into the caller's `&mut [u8]`.
        let buf = unsafe { &mut *(buf as *mut [u8] as *mut [MaybeUninit<u8>]) };
        ReadBuf {
            buf,
            filled: 0,
            initialized,
        }
    }

    /// Creates a `ReadBuf` over a buffer that may be uninitialised.
    ///
    /// ```
    /// use std::mem::MaybeUninit;
    /// let mut storage = [MaybeUninit::<u8>::uninit(); 16];
    /// let buf = rt_io::ReadBuf::uninit(&mut storage);
    /// assert_eq!(buf.initialized().len(), 0);
    /// ```
    #[inline]
    pub fn uninit(buf: &'a mut [MaybeUninit<u8>]) -> ReadBuf<'a> {
        ReadBuf {
            buf,
            filled: 0,
            initialized: 0,
        }
    }

    /// The total size of the buffer.
    ///
    /// ```
    /// let mut b = [0u8; 3];
    /// assert_eq!(rt_io::ReadBuf::new(&mut b).capacity(), 3);
    /// ```
    #[inline]
    pub fn capacity(&self) -> usize {
        self.buf.len()
    }

    /// The filled part of the buffer.
    ///
    /// ```
    /// let mut b = [0u8; 3];
    /// let mut buf = rt_io::ReadBuf::new(&mut b);
    /// buf.put_slice(b"a");
    /// assert_eq!(buf.filled(), b"a");
    /// ```
    #[inline]
    pub fn filled(&self) -> &[u8] {
        let slice = &self.buf[..self.filled];
        // SAFETY: rule 1 puts `filled` within the initialised prefix, which
        // rule 2 guarantees is initialised.
        unsafe { &*(slice as *const [MaybeUninit<u8>] as *const [u8]) }
    }

    /// The filled part of the buffer, mutably.
    ///
    /// ```
    /// let mut b = [0u8; 3];
    /// let mut buf = rt_io::ReadBuf::new(&mut b);
    /// buf.put_slice(b"ab");
    /// buf.filled_mut()[0] = b'x';
    /// assert_eq!(buf.filled(), b"xb");
    /// ```
    #[inline]
    pub fn filled_mut(&mut self) -> &mut [u8] {
        let slice = &mut self.buf[..self.filled];
        // SAFETY: rules 1 and 2 as in `filled`; writing `u8`s keeps the
        // bytes initialised (rule 3).
        unsafe { &mut *(slice as *mut [MaybeUninit<u8>] as *mut [u8]) }
    }

    /// A new `ReadBuf` over the first `n` bytes of the unfilled part (all
    /// of it if `n` is larger). Its filled part starts empty.
    ///
    /// ```
    /// let mut b = [0u8; 8];
    /// let mut buf = rt_io::ReadBuf::new(&mut b);
    /// buf.put_slice(b"ab");
    /// let mut sub = buf.take(3);
    /// assert_eq!(sub.capacity(), 3);
    /// sub.put_slice(b"cd");
    /// let n = sub.filled().len();
    /// buf.advance(n);
    /// assert_eq!(buf.filled(), b"abcd");
    /// ```
    #[inline]
    pub fn take(&mut self, n: usize) -> ReadBuf<'_> {
        let max = n.min(self.remaining());
        let initialized = self.initialized - self.filled;
        // SAFETY: the new buffer lies inside this one; rule 3 holds for it
        // as for us (only safe methods are used on it unless its own user
        // takes the `unsafe` accessors and their obligations).
        let unfilled = unsafe { self.unfilled_mut() };
        let mut sub = ReadBuf::uninit(&mut unfilled[..max]);
        // SAFETY: rule 2 for us: `buf[filled..initialized]` is initialised,
        // and it is the prefix of `sub` (capped at its length).
        unsafe { sub.assume_init(initialized.min(max)) };
        sub
    }

    /// The initialised part of the buffer (filled or not).
    ///
    /// ```
    /// let mut b = [7u8; 2];
    /// assert_eq!(rt_io::ReadBuf::new(&mut b).initialized(), &[7, 7]);
    /// ```
    #[inline]
    pub fn initialized(&self) -> &[u8] {
        let slice = &self.buf[..self.initialized];
        // SAFETY: rule 2.
        unsafe { &*(slice as *const [MaybeUninit<u8>] as *const [u8]) }
    }

    /// The initialised part of the buffer, mutably.
    ///
    /// ```
    /// let mut b = [0u8; 2];
    /// let mut buf = rt_io::ReadBuf::new(&mut b);
    /// buf.initialized_mut()[1] = 9;
    /// assert_eq!(buf.initialized(), &[0, 9]);
    /// ```
    #[inline]
    pub fn initialized_mut(&mut self) -> &mut [u8] {
        let slice = &mut self.buf[..self.initialized];
        // SAFETY: rule 2; writing `u8`s keeps the bytes initialised.
        unsafe { &mut *(slice as *mut [MaybeUninit<u8>] as *mut [u8]) }
    }

    /// The whole buffer as possibly-uninitialised bytes.
    ///
    /// # Safety
    ///
    /// The caller must not de-initialise any byte (write
    /// `MaybeUninit::uninit()`) of the initialised part (rule 3).
    ///
    /// ```
    /// let mut b = [0u8; 2];
    /// let mut buf = rt_io::ReadBuf::new(&mut b);
    /// // SAFETY: only initialised bytes are written.
    /// unsafe { buf.inner_mut()[0].write(5) };
    /// assert_eq!(buf.initialized()[0], 5);
    /// ```
    #[inline]
    pub unsafe fn inner_mut(&mut self) -> &mut [MaybeUninit<u8>] {
        self.buf
    }

    /// The unfilled part of the buffer, possibly uninitialised.
    ///
    /// # Safety
    ///
    /// The caller must not de-initialise any byte of the initialised part
    /// (rule 3).
    ///
    /// ```
    /// use std::mem::MaybeUninit;
    /// let mut storage = [MaybeUninit::<u8>::uninit(); 4];
    /// let mut buf = rt_io::ReadBuf::uninit(&mut storage);
    /// // SAFETY: we write initialised bytes, then declare exactly those.
    /// unsafe {
    ///     buf.unfilled_mut()[0].write(b'z');
    ///     buf.assume_init(1);
    /// }
    /// buf.advance(1);
    /// assert_eq!(buf.filled(), b"z");
    /// ```
    #[inline]
    pub unsafe fn unfilled_mut(&mut self) -> &mut [MaybeUninit<u8>] {
        &mut self.buf[self.filled..]
    }

    /// The unfilled part, initialised (zeroing only what was not yet
    /// initialised).
    ///
    /// ```
    /// use std::mem::MaybeUninit;
    /// let mut storage = [MaybeUninit::<u8>::uninit(); 4];
    /// let mut buf = rt_io::ReadBuf::uninit(&mut storage);
    /// assert_eq!(buf.initialize_unfilled(), &[0, 0, 0, 0]);
    /// ```
    #[inline]
    pub fn initialize_unfilled(&mut self) -> &mut [u8] {
        self.initialize_unfilled_to(self.remaining())
    }

    /// The first `n` bytes of the unfilled part, initialised.
    ///
    /// # Panics
    ///
    /// Panics if `n` is more than [`remaining`](Self::remaining).
    ///
    /// ```
    /// let mut b = [1u8; 4];
    /// let mut buf = rt_io::ReadBuf::new(&mut b);
    /// assert_eq!(buf.initialize_unfilled_to(2), &[1, 1]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn initialize_unfilled_to(&mut self, n: usize) -> &mut [u8] {
        assert!(
            self.remaining() >= n,
            "ReadBuf::initialize_unfilled_to: n ({n}) is larger than the remaining capacity ({})",
            self.remaining()
        );
        let end = self.filled + n;
        if self.initialized < end {
            for byte in &mut self.buf[self.initialized..end] {
                byte.write(0);
            }
            // Rule 2: every byte up to `end` is now written.
            self.initialized = end;
        }
        let slice = &mut self.buf[self.filled..end];
        // SAFETY: `end <= initialized`, so the slice is initialised (rule
        // 2); writing `u8`s keeps it so.
        unsafe { &mut *(slice as *mut [MaybeUninit<u8>] as *mut [u8]) }
    }

    /// Capacity left to fill.
    ///
    /// ```
    /// let mut b = [0u8; 4];
    /// let mut buf = rt_io::ReadBuf::new(&mut b);
    /// buf.advance(1);
    /// assert_eq!(buf.remaining(), 3);
    /// ```
    #[inline]
    pub fn remaining(&self) -> usize {
        self.capacity() - self.filled
    }

    /// Empties the filled part (initialisation is kept).
    ///
    /// ```
    /// let mut b = [0u8; 4];
    /// let mut buf = rt_io::ReadBuf::new(&mut b);
    /// buf.put_slice(b"ab");
    /// buf.clear();
    /// assert!(buf.filled().is_empty());
    /// ```
    #[inline]
    pub fn clear(&mut self) {
        self.filled = 0;
    }

    /// Grows the filled part by `n` bytes.
    ///
    /// # Panics
    ///
    /// Panics if the filled part would grow past the initialised part.
    ///
    /// ```
    /// let mut b = [0u8; 4];
    /// let mut buf = rt_io::ReadBuf::new(&mut b);
    /// buf.advance(2);
    /// assert_eq!(buf.filled().len(), 2);
    /// ```
    #[inline]
    #[track_caller]
    pub fn advance(&mut self, n: usize) {
        let new = self
            .filled
            .checked_add(n)
            .expect("ReadBuf::advance: filled overflowed");
        self.set_filled(new);
    }

    /// Sets the filled length to `n` (shrinking or growing it).
    ///
    /// # Panics
    ///
    /// Panics if `n` is more than the initialised length.
    ///
    /// ```
    /// let mut b = [0u8; 4];
    /// let mut buf = rt_io::ReadBuf::new(&mut b);
    /// buf.set_filled(3);
    /// buf.set_filled(1);
    /// assert_eq!(buf.filled().len(), 1);
    /// ```
    #[inline]
    #[track_caller]
    pub fn set_filled(&mut self, n: usize) {
        assert!(
            n <= self.initialized,
            "ReadBuf::set_filled: filled ({n}) must not exceed initialized ({})",
            self.initialized
        );
        // Rule 1 holds: n <= initialized.
        self.filled = n;
    }

    /// Declares the first `n` unfilled bytes initialised.
    ///
    /// # Safety
    ///
    /// The caller must have initialised `buf[filled..filled + n]` (rule 4).
    ///
    /// ```
    /// use std::mem::MaybeUninit;
    /// let mut storage = [MaybeUninit::<u8>::uninit(); 4];
    /// let mut buf = rt_io::ReadBuf::uninit(&mut storage);
    /// // SAFETY: the two bytes are written before they are declared.
    /// unsafe {
    ///     buf.unfilled_mut()[0].write(1);
    ///     buf.unfilled_mut()[1].write(2);
    ///     buf.assume_init(2);
    /// }
    /// assert_eq!(buf.initialized(), &[1, 2]);
    /// ```
    #[inline]
    pub unsafe fn assume_init(&mut self, n: usize) {
        let end = (self.filled + n).min(self.capacity());
        if end > self.initialized {
            // Rule 2 by the caller's promise (rule 4); rule 1 by the `min`.
            self.initialized = end;
        }
    }

    /// Appends `src` to the filled part, initialising as needed.
    ///
    /// # Panics
    ///
    /// Panics if `src` is longer than [`remaining`](Self::remaining).
    ///
    /// ```
    /// let mut b = [0u8; 4];
    /// let mut buf = rt_io::ReadBuf::new(&mut b);
    /// buf.put_slice(b"abc");
    /// assert_eq!(buf.filled(), b"abc");
    /// ```
    #[inline]
    #[track_caller]
    pub fn put_slice(&mut self, src: &[u8]) {
        assert!(
            self.remaining() >= src.len(),
            "ReadBuf::put_slice: buf.len() ({}) must fit in remaining() ({})",
            src.len(),
            self.remaining()
        );
        let end = self.filled + src.len();
        let dst = &mut self.buf[self.filled..end];
        // SAFETY: `dst` has `src.len()` elements (bounds-checked above), it
        // is a unique borrow of `self.buf` so it cannot overlap `src`, and
        // `MaybeUninit<u8>` has the layout of `u8`. (One memcpy: a loop of
        // `MaybeUninit::write` is not turned into one.)
        unsafe {
            std::ptr::copy_nonoverlapping(src.as_ptr(), dst.as_mut_ptr().cast::<u8>(), src.len());
        }
        // Rule 2: the bytes up to `end` are written; rule 1 by the assert.
        if self.initialized < end {
            self.initialized = end;
        }
        self.filled = end;
    }
}

impl fmt::Debug for ReadBuf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadBuf")
            .field("filled", &self.filled)
            .field("initialized", &self.initialized)
            .field("capacity", &self.capacity())
            .finish()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn take_carries_initialisation() {
        let mut b = [9u8; 6];
        let mut buf = ReadBuf::new(&mut b);
        buf.put_slice(b"ab");
        let sub = buf.take(10);
        assert_eq!(sub.capacity(), 4);
        assert_eq!(sub.initialized(), &[9, 9, 9, 9]);
    }

    #[test]
    #[should_panic(expected = "must not exceed initialized")]
    fn set_filled_past_initialized_panics() {
        let mut storage = [MaybeUninit::<u8>::uninit(); 4];
        let mut buf = ReadBuf::uninit(&mut storage);
        buf.set_filled(1);
    }

    #[test]
    fn initialize_unfilled_zeroes_once() {
        let mut storage = [MaybeUninit::<u8>::uninit(); 4];
        let mut buf = ReadBuf::uninit(&mut storage);
        buf.initialize_unfilled_to(2).copy_from_slice(b"xy");
        // Already initialised bytes are not zeroed again.
        assert_eq!(buf.initialize_unfilled(), b"xy\0\0");
        buf.advance(4);
        assert_eq!(buf.filled(), b"xy\0\0");
    }
}
