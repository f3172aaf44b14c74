//! The extension traits, their futures, and the I/O utilities.
//!
//! # Pin projection rules
//!
//! Adapters that wrap a reader or writer (`BufReader`, `BufWriter`,
//! `BufStream`, `Take`, `Chain`, `Lines`, `Split`, `Join`) are generic over
//! `!Unpin` inner types and project `Pin<&mut Self>` to `Pin<&mut Inner>`
//! by hand (rt-io has no pin-projection dependency). Each projection's
//! `SAFETY` comment cites these rules:
//!
//! 1. **Structural fields.** The wrapped I/O objects are the only
//!    structurally pinned fields: they are reached from `Pin<&mut Self>`
//!    only as `Pin<&mut Inner>`, never as `&mut Inner` (buffers and
//!    counters are plain fields, reached as `&mut`).
//! 2. **No moves while pinned.** Nothing moves a structural field out of a
//!    pinned adapter: `into_inner` takes `self` by value (impossible once
//!    pinned unless the adapter is `Unpin`), and `get_mut` hands out
//!    `&mut Inner` only from `&mut self`.
//! 3. **No `Drop` that moves.** The adapters have no `Drop` impl, so a
//!    pinned field is dropped in place.
//! 4. **Auto `Unpin`.** No adapter implements `Unpin` by hand; the auto
//!    impl requires every structural field to be `Unpin`.

use crate::async_read::AsyncRead;
use crate::buf::BufMut;
use crate::read_buf::ReadBuf;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

pub(crate) mod async_buf_read_ext;
pub(crate) mod async_read_ext;
pub(crate) mod async_seek_ext;
pub(crate) mod async_write_ext;
pub(crate) mod buf_read;
pub(crate) mod buf_reader;
pub(crate) mod buf_stream;
pub(crate) mod buf_writer;
pub(crate) mod chain;
pub(crate) mod copy;
pub(crate) mod copy_bidirectional;
pub(crate) mod copy_buf;
pub(crate) mod empty;
pub(crate) mod join;
pub(crate) mod mem;
pub(crate) mod read;
pub(crate) mod read_int;
pub(crate) mod repeat;
pub(crate) mod seek;
pub(crate) mod sink;
pub(crate) mod take;
pub(crate) mod write;
pub(crate) mod write_int;

/// Default buffer size of `BufReader`, `BufWriter` and `copy`.
pub(crate) const DEFAULT_BUF_SIZE: usize = 8 * 1024;

/// Reads once from `reader` into the spare memory of `buf` (any
/// [`BufMut`]), committing what was read. Returns the number of bytes
/// read; `0` means end of file (or no room).
///
/// The reader is handed a [`ReadBuf`] over the spare memory; a reader that
/// *replaces* that `ReadBuf` with another buffer (legal, if perverse, for
/// safe code) is caught by the pointer check below, which is what makes
/// committing the filled bytes sound.
pub(crate) fn poll_read_buf<R, B>(
    reader: Pin<&mut R>,
    cx: &mut Context<'_>,
    buf: &mut B,
) -> Poll<io::Result<usize>>
where
    R: AsyncRead + ?Sized,
    B: BufMut + ?Sized,
{
    if !buf.has_remaining_mut() {
        return Poll::Ready(Ok(0));
    }
    let n = {
        let spare = buf.chunk_mut();
        let ptr = spare.as_ptr();
        let mut rb = ReadBuf::uninit(spare);
        ready!(reader.poll_read(cx, &mut rb))?;
        assert_eq!(
            rb.filled().as_ptr(),
            ptr.cast::<u8>(),
            "AsyncRead::poll_read replaced the ReadBuf it was given"
        );
        rb.filled().len()
    };
    // SAFETY: the pointer check proves the filled bytes are the first `n`
    // bytes of the chunk handed out by `chunk_mut`, and ReadBuf rules 1-2
    // say filled bytes are initialised: BufMut invariant 2 holds.
    unsafe { buf.advance_mut(n) };
    Poll::Ready(Ok(n))
}

/// An `io::Error` of kind `UnexpectedEof`.
pub(crate) fn eof() -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, "early eof")
}

/// Charges the coop budget for an in-memory source or sink that is always
/// ready (`empty`, `repeat`, `sink`, duplex pipes), so that a task looping
/// on one still yields to the scheduler.
pub(crate) fn poll_proceed_and_make_progress(cx: &mut Context<'_>) -> Poll<()> {
    let coop = ready!(rt_core::coop::poll_proceed(cx));
    coop.made_progress();
    Poll::Ready(())
}
