//! Minimal `Buf` / `BufMut` traits for [`read_buf`](crate::AsyncReadExt::read_buf),
//! [`write_buf`](crate::AsyncWriteExt::write_buf) and
//! [`write_all_buf`](crate::AsyncWriteExt::write_all_buf).
//!
//! Tokio takes the `bytes` crate's `Buf`/`BufMut` there. rt-io does not
//! depend on `bytes`, so it defines the subset those methods use, with the
//! same method names and contracts (`remaining`, `chunk`, `advance`;
//! `remaining_mut`, `chunk_mut`, `advance_mut`), implemented for the std
//! buffers: `&[u8]`, `Vec<u8>`, `VecDeque<u8>` and `std::io::Cursor`.
//!
//! ```
//! use rt_io::{AsyncReadExt, AsyncWriteExt};
//! use std::collections::VecDeque;
//!
//! let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
//! rt.block_on(async {
//!     // `read_buf` appends to a `Vec<u8>` (a `BufMut`)...
//!     let mut src: &[u8] = b"payload";
//!     let mut received = Vec::new();
//!     while src.read_buf(&mut received).await.unwrap() > 0 {}
//!     assert_eq!(received, b"payload");
//!
//!     // ...and `write_all_buf` drains a `VecDeque<u8>` (a `Buf`).
//!     let mut queue = VecDeque::from(received);
//!     let mut out = Vec::new();
//!     out.write_all_buf(&mut queue).await.unwrap();
//!     assert!(queue.is_empty());
//!     assert_eq!(out, b"payload");
//! });
//! ```
//!
//! # `BufMut` invariants
//!
//! 1. `chunk_mut` returns memory the buffer owns past its current length;
//!    its bytes may be uninitialised.
//! 2. `advance_mut(n)` may only be called after the first `n` bytes of the
//!    last `chunk_mut` were initialised; it makes them part of the data.

use std::collections::VecDeque;
use std::io::Cursor;
use std::mem::MaybeUninit;

/// A readable buffer of bytes: a cursor over data to be written out.
///
/// # Examples
///
/// ```
/// use rt_io::buf::Buf;
///
/// let mut b: &[u8] = b"hello";
/// assert_eq!(b.chunk(), b"hello");
/// b.advance(2);
/// assert_eq!(b.remaining(), 3);
/// ```
pub trait Buf {
    /// Bytes left between the cursor and the end.
    ///
    /// ```
    /// use rt_io::buf::Buf;
    /// use std::collections::VecDeque;
    ///
    /// let mut b: &[u8] = b"hello";
    /// assert_eq!(b.remaining(), 5);
    /// b.advance(5);
    /// assert_eq!(b.remaining(), 0);
    /// let q: VecDeque<u8> = VecDeque::from(vec![1, 2, 3]);
    /// assert_eq!(q.remaining(), 3);
    /// ```
    fn remaining(&self) -> usize;

    /// A slice starting at the cursor; may be shorter than `remaining`
    /// (non-contiguous buffers), and is empty only when nothing remains.
    ///
    /// ```
    /// use rt_io::buf::Buf;
    /// use std::collections::VecDeque;
    ///
    /// // A ring buffer that wrapped: two chunks.
    /// let mut q = VecDeque::with_capacity(4);
    /// q.extend([0u8, 0, 1, 2]);
    /// q.drain(..2);
    /// q.extend([3u8, 4]);
    /// let mut seen = Vec::new();
    /// while q.has_remaining() {
    ///     let n = q.chunk().len();
    ///     assert!(n > 0);
    ///     seen.extend_from_slice(q.chunk());
    ///     q.advance(n);
    /// }
    /// assert_eq!(seen, [1, 2, 3, 4]);
    /// ```
    fn chunk(&self) -> &[u8];

    /// Moves the cursor `cnt` bytes forward.
    ///
    /// # Panics
    ///
    /// May panic if `cnt > self.remaining()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::buf::Buf;
    /// use std::io::Cursor;
    ///
    /// let mut c = Cursor::new(b"abcdef");
    /// c.advance(4);
    /// assert_eq!(c.chunk(), b"ef");
    /// assert_eq!(c.position(), 4);
    /// ```
    fn advance(&mut self, cnt: usize);

    /// Whether any bytes remain.
    ///
    /// ```
    /// use rt_io::buf::Buf;
    ///
    /// let mut b: &[u8] = b"x";
    /// assert!(b.has_remaining());
    /// b.advance(1);
    /// assert!(!b.has_remaining());
    /// ```
    fn has_remaining(&self) -> bool {
        self.remaining() > 0
    }
}

/// A writable buffer of bytes that data is read into.
///
/// # Examples
///
/// ```
/// use rt_io::buf::BufMut;
///
/// let mut v = Vec::new();
/// let chunk = v.chunk_mut();
/// chunk[0].write(b'x');
/// // SAFETY: the first byte of the chunk was just initialised.
/// unsafe { v.advance_mut(1) };
/// assert_eq!(v, b"x");
/// ```
pub trait BufMut {
    /// Bytes that can still be written (a growable buffer answers
    /// `isize::MAX - len`).
    ///
    /// ```
    /// use rt_io::buf::BufMut;
    ///
    /// let v: Vec<u8> = Vec::new();
    /// assert_eq!(v.remaining_mut(), isize::MAX as usize, "a Vec can always grow");
    /// ```
    fn remaining_mut(&self) -> usize;

    /// Spare, possibly uninitialised memory to write into; a growable
    /// buffer makes room first, so it is non-empty while `remaining_mut`
    /// is not zero (invariant 1).
    ///
    /// ```
    /// use rt_io::buf::BufMut;
    ///
    /// let mut v = Vec::with_capacity(0);
    /// let chunk = v.chunk_mut();
    /// assert!(!chunk.is_empty(), "a growable buffer makes room");
    /// for (slot, byte) in chunk.iter_mut().zip(b"abc") {
    ///     slot.write(*byte);
    /// }
    /// // SAFETY: the first three bytes of the chunk were written just above.
    /// unsafe { v.advance_mut(3) };
    /// assert_eq!(v, b"abc");
    /// ```
    fn chunk_mut(&mut self) -> &mut [MaybeUninit<u8>];

    /// Adds the first `cnt` bytes of the last `chunk_mut` to the data.
    ///
    /// # Safety
    ///
    /// Those `cnt` bytes must have been initialised (invariant 2).
    ///
    /// # Examples
    ///
    /// ```
    /// use rt_io::buf::BufMut;
    ///
    /// let mut v = b"ab".to_vec();
    /// v.chunk_mut()[0].write(b'c');
    /// // SAFETY: the first byte of the last chunk was initialised above.
    /// unsafe { v.advance_mut(1) };
    /// assert_eq!(v, b"abc");
    /// ```
    unsafe fn advance_mut(&mut self, cnt: usize);

    /// Whether any room remains.
    ///
    /// ```
    /// use rt_io::buf::BufMut;
    ///
    /// let v: Vec<u8> = Vec::new();
    /// assert!(v.has_remaining_mut());
    /// ```
    fn has_remaining_mut(&self) -> bool {
        self.remaining_mut() > 0
    }
}

impl Buf for &[u8] {
    fn remaining(&self) -> usize {
        self.len()
    }

    fn chunk(&self) -> &[u8] {
        self
    }

    #[track_caller]
    fn advance(&mut self, cnt: usize) {
        *self = &self[cnt..];
    }
}

impl<T: AsRef<[u8]>> Buf for Cursor<T> {
    fn remaining(&self) -> usize {
        self.chunk().len()
    }

    fn chunk(&self) -> &[u8] {
        let data = self.get_ref().as_ref();
        let pos = usize::try_from(self.position())
            .unwrap_or(usize::MAX)
            .min(data.len());
        &data[pos..]
    }

    #[track_caller]
    fn advance(&mut self, cnt: usize) {
        assert!(cnt <= self.remaining(), "Buf::advance past the end");
        let pos = self.position() + cnt as u64;
        self.set_position(pos);
    }
}

impl Buf for VecDeque<u8> {
    fn remaining(&self) -> usize {
        self.len()
    }

    fn chunk(&self) -> &[u8] {
        self.as_slices().0
    }

    #[track_caller]
    fn advance(&mut self, cnt: usize) {
        assert!(cnt <= self.len(), "Buf::advance past the end");
        self.drain(..cnt);
    }
}

impl<B: Buf + ?Sized> Buf for &mut B {
    fn remaining(&self) -> usize {
        (**self).remaining()
    }

    fn chunk(&self) -> &[u8] {
        (**self).chunk()
    }

    fn advance(&mut self, cnt: usize) {
        (**self).advance(cnt)
    }
}

impl<B: Buf + ?Sized> Buf for Box<B> {
    fn remaining(&self) -> usize {
        (**self).remaining()
    }

    fn chunk(&self) -> &[u8] {
        (**self).chunk()
    }

    fn advance(&mut self, cnt: usize) {
        (**self).advance(cnt)
    }
}

impl BufMut for Vec<u8> {
    fn remaining_mut(&self) -> usize {
        isize::MAX as usize - self.len()
    }

    fn chunk_mut(&mut self) -> &mut [MaybeUninit<u8>] {
        if self.capacity() == self.len() {
            self.reserve(64);
        }
        self.spare_capacity_mut()
    }

    unsafe fn advance_mut(&mut self, cnt: usize) {
        let len = self.len() + cnt;
        assert!(len <= self.capacity(), "BufMut::advance_mut past capacity");
        // SAFETY: invariant 2: the caller initialised the `cnt` bytes of
        // spare capacity after `len()` that `chunk_mut` handed out, and the
        // assert keeps the new length within the allocation.
        unsafe { self.set_len(len) };
    }
}

impl<B: BufMut + ?Sized> BufMut for &mut B {
    fn remaining_mut(&self) -> usize {
        (**self).remaining_mut()
    }

    fn chunk_mut(&mut self) -> &mut [MaybeUninit<u8>] {
        (**self).chunk_mut()
    }

    unsafe fn advance_mut(&mut self, cnt: usize) {
        // SAFETY: the caller's promise (invariant 2) is passed on.
        unsafe { (**self).advance_mut(cnt) }
    }
}
