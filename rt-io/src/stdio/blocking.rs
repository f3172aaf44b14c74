//! `Blocking<T>`: runs a blocking `std::io` object on the blocking pool.
//!
//! One operation is in flight at a time: the object and a buffer are
//! moved into a `spawn_blocking` closure and come back with its result.
//! Reads fill the buffer in the pool and are copied out on completion;
//! writes copy the caller's bytes into the buffer and report success at
//! once (write-behind), surfacing a failure on the next write or flush.

use crate::read_buf::ReadBuf;
use rt_core::task::{spawn_blocking, JoinHandle};
use std::future::Future;
use std::io::{self, Read, Write};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// Largest chunk moved per blocking call.
pub(crate) const MAX_BUF: usize = 2 * 1024 * 1024;

#[derive(Debug)]
struct Buf {
    data: Vec<u8>,
    pos: usize,
}

impl Buf {
    fn is_empty(&self) -> bool {
        self.pos == self.data.len()
    }

    fn copy_to(&mut self, dst: &mut ReadBuf<'_>) -> usize {
        let n = (self.data.len() - self.pos).min(dst.remaining());
        dst.put_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        if self.is_empty() {
            self.data.clear();
            self.pos = 0;
        }
        n
    }
}

type Op<T> = JoinHandle<(io::Result<usize>, Buf, T)>;

#[derive(Debug)]
enum State<T> {
    Idle(Option<(Buf, T)>),
    Busy(Op<T>),
}

#[derive(Debug)]
pub(crate) struct Blocking<T> {
    state: State<T>,
    need_flush: bool,
}

fn join_error(e: rt_core::task::JoinError) -> io::Error {
    io::Error::other(format!("blocking I/O task failed: {e}"))
}

impl<T: Send + 'static> Blocking<T> {
    pub(crate) fn new(inner: T) -> Blocking<T> {
        Blocking {
            state: State::Idle(Some((
                Buf {
                    data: Vec::new(),
                    pos: 0,
                },
                inner,
            ))),
            need_flush: false,
        }
    }

    /// Waits for the operation in flight; returns its result.
    fn poll_busy(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        if let State::Busy(op) = &mut self.state {
            let (res, buf, inner) = ready!(Pin::new(op).poll(cx)).map_err(join_error)?;
            self.state = State::Idle(Some((buf, inner)));
            return Poll::Ready(res);
        }
        Poll::Ready(Ok(0))
    }

    fn take_idle(&mut self) -> (Buf, T) {
        match &mut self.state {
            State::Idle(slot) => slot.take().expect("blocking object present when idle"),
            State::Busy(_) => unreachable!("take_idle while busy"),
        }
    }
}

impl<T: Read + Send + 'static> Blocking<T> {
    pub(crate) fn poll_read(
        &mut self,
        cx: &mut Context<'_>,
        dst: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if let State::Busy(_) = self.state {
            // A read in flight (from a poll that returned Pending).
            ready!(self.poll_busy(cx))?;
        } else {
            let State::Idle(Some((buf, _))) = &mut self.state else {
                unreachable!("idle state holds the object")
            };
            if buf.is_empty() && dst.remaining() > 0 {
                let (mut buf, mut inner) = self.take_idle();
                let want = dst.remaining().min(MAX_BUF);
                self.state = State::Busy(spawn_blocking(move || {
                    buf.data.resize(want, 0);
                    buf.pos = 0;
                    let res = inner.read(&mut buf.data);
                    let n = *res.as_ref().unwrap_or(&0);
                    buf.data.truncate(n);
                    (res, buf, inner)
                }));
                ready!(self.poll_busy(cx))?;
            }
        }
        let State::Idle(Some((buf, _))) = &mut self.state else {
            unreachable!("idle after the read completed")
        };
        buf.copy_to(dst);
        Poll::Ready(Ok(()))
    }
}

impl<T: Write + Send + 'static> Blocking<T> {
    pub(crate) fn poll_write(
        &mut self,
        cx: &mut Context<'_>,
        src: &[u8],
    ) -> Poll<io::Result<usize>> {
        // A previous write-behind must finish (and report) first.
        ready!(self.poll_busy(cx))?;
        if src.is_empty() {
            return Poll::Ready(Ok(0));
        }
        let (mut buf, mut inner) = self.take_idle();
        let n = src.len().min(MAX_BUF);
        buf.data.clear();
        buf.data.extend_from_slice(&src[..n]);
        buf.pos = 0;
        self.need_flush = true;
        self.state = State::Busy(spawn_blocking(move || {
            let res = inner.write_all(&buf.data).map(|()| buf.data.len());
            buf.data.clear();
            (res, buf, inner)
        }));
        Poll::Ready(Ok(n))
    }

    pub(crate) fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        loop {
            ready!(self.poll_busy(cx))?;
            if !self.need_flush {
                return Poll::Ready(Ok(()));
            }
            self.need_flush = false;
            let (buf, mut inner) = self.take_idle();
            self.state = State::Busy(spawn_blocking(move || {
                let res = inner.flush().map(|()| 0);
                (res, buf, inner)
            }));
        }
    }
}
