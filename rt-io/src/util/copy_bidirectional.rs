//! [`copy_bidirectional`]: pump two streams into each other.

use super::copy::CopyBuffer;
use super::DEFAULT_BUF_SIZE;
use crate::async_read::AsyncRead;
use crate::async_write::AsyncWrite;
use std::future::poll_fn;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

enum TransferState {
    Running(CopyBuffer),
    ShuttingDown(u64),
    Done(u64),
}

/// Drives one direction: copy until EOF, then shut the writer down.
fn transfer_one_direction<A, B>(
    cx: &mut Context<'_>,
    state: &mut TransferState,
    r: &mut A,
    w: &mut B,
) -> Poll<io::Result<u64>>
where
    A: AsyncRead + AsyncWrite + Unpin + ?Sized,
    B: AsyncRead + AsyncWrite + Unpin + ?Sized,
{
    loop {
        match state {
            TransferState::Running(buf) => {
                let count = ready!(buf.poll_copy(cx, Pin::new(&mut *r), Pin::new(&mut *w)))?;
                *state = TransferState::ShuttingDown(count);
            }
            TransferState::ShuttingDown(count) => {
                ready!(Pin::new(&mut *w).poll_shutdown(cx))?;
                *state = TransferState::Done(*count);
            }
            TransferState::Done(count) => return Poll::Ready(Ok(*count)),
        }
    }
}

/// Copies data in both directions between `a` and `b` until both reach
/// EOF; returns `(bytes a→b, bytes b→a)`.
///
/// When one side reaches EOF, the *other* side's write half is shut down
/// (so a TCP peer sees FIN), while the remaining direction keeps copying.
/// Uses 8 KiB buffers; see
/// [`copy_bidirectional_with_sizes`](crate::copy_bidirectional_with_sizes).
///
/// # Errors
///
/// The first error in either direction; the other direction is then
/// abandoned.
///
/// # Cancel safety
///
/// Not cancel safe: bytes read but not yet written when the future is
/// dropped are lost.
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt};
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let (mut client, mut proxy_in) = rt_io::duplex(64);
///     let (mut proxy_out, mut server) = rt_io::duplex(64);
///     let proxy = rt_core::spawn(async move {
///         rt_io::copy_bidirectional(&mut proxy_in, &mut proxy_out).await
///     });
///     client.write_all(b"request").await.unwrap();
///     client.shutdown().await.unwrap();
///     let mut req = Vec::new();
///     server.read_to_end(&mut req).await.unwrap();
///     server.write_all(b"reply").await.unwrap();
///     server.shutdown().await.unwrap();
///     let mut reply = Vec::new();
///     client.read_to_end(&mut reply).await.unwrap();
///     assert_eq!((&req[..], &reply[..]), (&b"request"[..], &b"reply"[..]));
///     assert_eq!(proxy.await.unwrap().unwrap(), (7, 5));
/// });
/// ```
pub async fn copy_bidirectional<A, B>(a: &mut A, b: &mut B) -> io::Result<(u64, u64)>
where
    A: AsyncRead + AsyncWrite + Unpin + ?Sized,
    B: AsyncRead + AsyncWrite + Unpin + ?Sized,
{
    copy_bidirectional_with_sizes(a, b, DEFAULT_BUF_SIZE, DEFAULT_BUF_SIZE).await
}

/// [`copy_bidirectional`](crate::copy_bidirectional) with the buffer size
/// of each direction.
///
/// # Errors
///
/// As `copy_bidirectional`.
///
/// # Cancel safety
///
/// Not cancel safe, as `copy_bidirectional`.
///
/// # Examples
///
/// ```
/// use rt_io::{AsyncReadExt, AsyncWriteExt};
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let (mut left, mut left_peer) = rt_io::duplex(16);
///     let (mut right, mut right_peer) = rt_io::duplex(16);
///     let copy = rt_core::spawn(async move {
///         // 4-byte buffers: the 26-byte message crosses in 7 steps.
///         rt_io::copy_bidirectional_with_sizes(&mut left, &mut right, 4, 4).await
///     });
///     left_peer.write_all(b"abcdefghijklmnopqrstuvwxyz").await.unwrap();
///     left_peer.shutdown().await.unwrap();
///     right_peer.shutdown().await.unwrap();
///     let mut got = Vec::new();
///     right_peer.read_to_end(&mut got).await.unwrap();
///     assert_eq!(got.len(), 26);
///     assert_eq!(copy.await.unwrap().unwrap(), (26, 0));
/// });
/// ```
pub async fn copy_bidirectional_with_sizes<A, B>(
    a: &mut A,
    b: &mut B,
    a_to_b_buf_size: usize,
    b_to_a_buf_size: usize,
) -> io::Result<(u64, u64)>
where
    A: AsyncRead + AsyncWrite + Unpin + ?Sized,
    B: AsyncRead + AsyncWrite + Unpin + ?Sized,
{
    let mut a_to_b = TransferState::Running(CopyBuffer::new(a_to_b_buf_size));
    let mut b_to_a = TransferState::Running(CopyBuffer::new(b_to_a_buf_size));
    poll_fn(|cx| {
        let ab = transfer_one_direction(cx, &mut a_to_b, &mut *a, &mut *b)?;
        let ba = transfer_one_direction(cx, &mut b_to_a, &mut *b, &mut *a)?;
        let ab = ready!(ab);
        let ba = ready!(ba);
        Poll::Ready(Ok((ab, ba)))
    })
    .await
}
