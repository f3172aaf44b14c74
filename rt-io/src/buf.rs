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
    fn remaining(&self) -> usize;

    /// A slice starting at the cursor; may be shorter than `remaining`
    /// (non-contiguous buffers), and is empty only when nothing remains.
    fn chunk(&self) -> &[u8];

    /// Moves the cursor `cnt` bytes forward.
    ///
    /// # Panics
    ///
    /// May panic if `cnt > self.remaining()`.
    fn advance(&mut self, cnt: usize);

    /// Whether any bytes remain.
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
    fn remaining_mut(&self) -> usize;

    /// Spare, possibly uninitialised memory to write into; a growable
    /// buffer makes room first, so it is non-empty while `remaining_mut`
    /// is not zero (invariant 1).
    fn chunk_mut(&mut self) -> &mut [MaybeUninit<u8>];

    /// Adds the first `cnt` bytes of the last `chunk_mut` to the data.
    ///
    /// # Safety
    ///
    /// Those `cnt` bytes must have been initialised (invariant 2).
    unsafe fn advance_mut(&mut self, cnt: usize);

    /// Whether any room remains.
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
