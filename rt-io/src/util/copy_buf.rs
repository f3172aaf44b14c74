//! [`copy_buf`]: pump a buffered reader into a writer.

use crate::async_buf_read::AsyncBufRead;
use crate::async_write::AsyncWrite;
use std::future::poll_fn;
use std::io;
use std::pin::Pin;
use std::task::{ready, Poll};

/// Copies the entire contents of a buffered `reader` into `writer`,
/// returning the number of bytes copied.
///
/// Writes straight from the reader's buffer (no intermediate copy), then
/// flushes `writer` at EOF.
///
/// # Errors
///
/// The first error of `reader` or `writer`; `WriteZero` if the writer
/// accepts no more.
///
/// # Cancel safety
///
/// Cancel safe in that no data is lost: bytes are consumed from the reader
/// only once written, so a new call continues where a dropped one stopped
/// (the count restarts).
///
/// # Examples
///
/// ```
/// use rt_io::BufReader;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut reader = BufReader::new(&b"buffered"[..]);
///     let mut writer = Vec::new();
///     assert_eq!(rt_io::copy_buf(&mut reader, &mut writer).await.unwrap(), 8);
///     assert_eq!(writer, b"buffered");
/// });
/// ```
pub async fn copy_buf<'a, R, W>(reader: &'a mut R, writer: &'a mut W) -> io::Result<u64>
where
    R: AsyncBufRead + Unpin + ?Sized,
    W: AsyncWrite + Unpin + ?Sized,
{
    let mut amt = 0u64;
    poll_fn(|cx| loop {
        let coop = ready!(rt_core::coop::poll_proceed(cx));
        let buf = ready!(Pin::new(&mut *reader).poll_fill_buf(cx))?;
        if buf.is_empty() {
            ready!(Pin::new(&mut *writer).poll_flush(cx))?;
            return Poll::Ready(Ok(amt));
        }
        let n = ready!(Pin::new(&mut *writer).poll_write(cx, buf))?;
        if n == 0 {
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::WriteZero,
                "write zero bytes into writer",
            )));
        }
        Pin::new(&mut *reader).consume(n);
        amt += n as u64;
        coop.made_progress();
    })
    .await
}
