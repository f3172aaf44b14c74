//! The buffer state machine behind [`File`](super::File): the shared
//! state (`Inner`), the blocking jobs that move data between it and the
//! OS (`Job`), and how a job's result is applied (`Inner::complete`).
//!
//! The rules this code follows are numbered in the module doc of
//! `file/mod.rs` ("rule N" below).

use crate::blocking;
use std::fs::File as StdFile;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};

/// Default cap of the read-ahead and write-behind buffers, as Tokio's.
pub(super) const DEFAULT_MAX_BUF_SIZE: usize = 2 * 1024 * 1024;
/// First read-ahead after an open, a seek or a discard (rule 3).
pub(super) const FILL_MIN: usize = 16 * 1024;
/// First write-behind threshold (rule 5).
pub(super) const WRITE_MIN: usize = 64 * 1024;
/// Growth factor of both buffers while the access pattern persists.
const GROWTH: usize = 4;

/// The state a `File` shares with its jobs.
pub(super) type Shared = Arc<Mutex<Inner>>;

/// Locks the state. No code panics while holding the lock; should one
/// (allocation failure), the state is still consistent at every unlock
/// point, so a poisoned lock is simply taken over.
pub(super) fn lock(shared: &Mutex<Inner>) -> MutexGuard<'_, Inner> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What is in flight (rule 1).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Busy {
    Idle,
    /// A job writing the write-behind buffer; `poll_write` may keep
    /// filling the next buffer (rule 6).
    Write,
    /// Any other job.
    Other,
}

/// The `AsyncSeek` protocol's state.
#[derive(Debug)]
pub(super) enum SeekState {
    Idle,
    /// Submitted by `start_seek`, not started yet: the next operation of
    /// any kind starts it first.
    Requested(SeekFrom),
    /// Its job is in flight.
    Running,
    /// Its result, for `poll_complete`.
    Done(io::Result<u64>),
}

/// What an operation needs before its own job may run.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Need {
    /// The write-behind buffer handed to the OS (sync, metadata).
    Flushed,
    /// Flushed, and the OS cursor at the logical position: no read-ahead
    /// (set_len, try_clone, into_std).
    Cursor,
}

/// Everything behind the `File`'s lock.
pub(super) struct Inner {
    /// Rule 1.
    pub(super) busy: Busy,
    /// Tasks waiting for `busy` to clear.
    waiters: Vec<Waker>,
    /// A job to spawn once the lock is released (spawning can run a
    /// cancelled job's destructor inline, which takes this lock).
    outbox: Option<Job>,

    /// Read-ahead storage; `rbuf[rpos..rlen]` is unconsumed (rule 3).
    /// `rbuf.len()` is how much is initialized, not how much is valid.
    rbuf: Vec<u8>,
    rlen: usize,
    rpos: usize,
    /// The fill that produced `rbuf` reached end of file (rule 10).
    eof: bool,
    /// The error that ended the last fill, returned after its data.
    read_err: Option<io::Error>,
    /// Size of the next fill (rule 3).
    fill_size: usize,
    /// How far the OS cursor is past the logical position (rule 2).
    ahead: u64,

    /// Write-behind data (rule 5).
    wbuf: Vec<u8>,
    /// An empty buffer to swap in when `wbuf` goes to a job.
    spare: Vec<u8>,
    /// Size at which `wbuf` is handed to a job (rule 5).
    wcap: usize,
    /// The error of a job no caller waited for (rule 7).
    pending_err: Option<io::Error>,

    pub(super) seek: SeekState,
    /// The OS cursor after the last job, when known (rule 2).
    os_pos: Option<u64>,
    /// Set by `try_clone`: another handle moves the same OS cursor, so
    /// `os_pos` can never be trusted.
    cursor_shared: bool,
    /// Regular file? `None` until the first job looks (rule 9).
    regular: Option<bool>,
    /// Opened with `O_APPEND`? `None` when unknown (`from_std`).
    append: Option<bool>,
    /// `set_max_buf_size`.
    pub(super) max_buf: usize,
    /// The `File` was dropped: write-behind data must still reach the OS.
    pub(super) dropped: bool,
}

impl Inner {
    pub(super) fn new(regular: Option<bool>, append: Option<bool>, os_pos: Option<u64>) -> Inner {
        Inner {
            busy: Busy::Idle,
            waiters: Vec::new(),
            outbox: None,
            rbuf: Vec::new(),
            rlen: 0,
            rpos: 0,
            eof: false,
            read_err: None,
            fill_size: FILL_MIN,
            ahead: 0,
            wbuf: Vec::new(),
            spare: Vec::new(),
            wcap: WRITE_MIN,
            pending_err: None,
            seek: SeekState::Idle,
            os_pos,
            cursor_shared: false,
            regular,
            append,
            max_buf: DEFAULT_MAX_BUF_SIZE,
            dropped: false,
        }
    }

    /// What a clone made by `try_clone` starts with.
    pub(super) fn cloned_from(&self) -> Inner {
        let mut inner = Inner::new(self.regular, self.append, None);
        inner.max_buf = self.max_buf;
        inner.cursor_shared = true;
        inner
    }

    pub(super) fn mark_cursor_shared(&mut self) {
        self.cursor_shared = true;
        self.os_pos = None;
    }

    pub(super) fn take_outbox(&mut self) -> Option<Job> {
        self.outbox.take()
    }

    pub(super) fn take_waiters(&mut self) -> Vec<Waker> {
        std::mem::take(&mut self.waiters)
    }

    fn register(&mut self, cx: &Context<'_>) {
        if !self.waiters.iter().any(|w| w.will_wake(cx.waker())) {
            self.waiters.push(cx.waker().clone());
        }
    }

    fn unconsumed(&self) -> usize {
        self.rlen - self.rpos
    }

    /// Rule 7: the first unreported error wins.
    fn set_err(&mut self, e: io::Error) {
        if self.pending_err.is_none() {
            self.pending_err = Some(e);
        }
    }

    /// Rule 4: forgets the read-ahead, keeping `ahead` as a pending rewind.
    fn discard_read_ahead(&mut self) {
        if self.regular == Some(false) {
            // Rule 9: a stream's buffered bytes stay readable.
            return;
        }
        self.rlen = 0;
        self.rpos = 0;
        self.eof = false;
        self.read_err = None;
        self.fill_size = FILL_MIN.min(self.max_buf);
    }

    /// Applies `set_max_buf_size`.
    pub(super) fn set_max_buf(&mut self, max: usize) {
        self.max_buf = max.max(1);
        self.fill_size = self.fill_size.min(self.max_buf);
        self.wcap = self.wcap.min(self.max_buf);
    }

    /// Rule 1: queues a job and marks the state busy. The caller must
    /// have checked `busy == Idle`; unconsumed read-ahead must have been
    /// discarded unless `action` is `Tell`.
    fn launch(&mut self, action: Action, kind: Busy) {
        debug_assert_eq!(self.busy, Busy::Idle);
        debug_assert!(
            self.unconsumed() == 0 || matches!(action, Action::Tell) || self.regular == Some(false)
        );
        // Rule 4: the pending rewind goes first (none while read-ahead is
        // kept, which only a Tell does).
        let rewind = if self.unconsumed() == 0 {
            self.ahead
        } else {
            0
        };
        let write = if self.wbuf.is_empty() {
            None
        } else {
            let next = std::mem::take(&mut self.spare);
            Some(std::mem::replace(&mut self.wbuf, next))
        };
        self.busy = kind;
        self.outbox = Some(Job {
            regular: self.regular,
            rewind,
            write,
            action,
        });
    }

    /// Starts the seek `pos` (rule 4: read-ahead discarded first).
    fn launch_seek(&mut self, pos: SeekFrom) {
        self.discard_read_ahead();
        self.seek = SeekState::Running;
        self.launch(Action::Seek(pos), Busy::Other);
    }

    /// The logical position, when known without asking the OS (rule 2).
    fn logical_pos(&self) -> Option<u64> {
        if self.cursor_shared {
            return None;
        }
        let base = self.os_pos?.checked_sub(self.ahead)?;
        if self.wbuf.is_empty() {
            Some(base)
        } else if self.append == Some(false) {
            base.checked_add(self.wbuf.len() as u64)
        } else {
            // Appended data lands at the end of the file, wherever that is.
            None
        }
    }

    /// The common prologue of every operation except reads and writes:
    /// waits for the job in flight, reports a pending error, starts a
    /// requested seek, then establishes `need`.
    pub(super) fn poll_prepare(&mut self, cx: &Context<'_>, need: Need) -> Poll<io::Result<()>> {
        loop {
            if self.busy != Busy::Idle {
                self.register(cx);
                return Poll::Pending;
            }
            if let Some(e) = self.pending_err.take() {
                return Poll::Ready(Err(e));
            }
            match self.seek {
                SeekState::Requested(pos) => {
                    self.launch_seek(pos);
                    continue;
                }
                SeekState::Done(_) => self.seek = SeekState::Idle,
                SeekState::Idle | SeekState::Running => {}
            }
            if need == Need::Cursor {
                // Rule 4, including a remembered end of file (rule 10):
                // set_len may move the end.
                self.discard_read_ahead();
            }
            let rewind = need == Need::Cursor && self.ahead > 0;
            if rewind || !self.wbuf.is_empty() {
                self.launch(Action::Flush, Busy::Other);
                continue;
            }
            return Poll::Ready(Ok(()));
        }
    }

    /// `poll_read`'s state machine: copies read-ahead into `dst` (which
    /// has room), or starts a fill.
    pub(super) fn poll_read(
        &mut self,
        cx: &Context<'_>,
        dst: &mut rt_io::ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        loop {
            if self.busy != Busy::Idle {
                self.register(cx);
                return Poll::Pending;
            }
            if let Some(e) = self.pending_err.take() {
                return Poll::Ready(Err(e));
            }
            match self.seek {
                SeekState::Requested(pos) => {
                    self.launch_seek(pos);
                    continue;
                }
                SeekState::Done(_) => self.seek = SeekState::Idle,
                SeekState::Idle | SeekState::Running => {}
            }
            let avail = self.unconsumed();
            if avail > 0 {
                let n = avail.min(dst.remaining());
                dst.put_slice(&self.rbuf[self.rpos..self.rpos + n]);
                self.rpos += n;
                if self.regular == Some(true) {
                    self.ahead -= n as u64;
                }
                return Poll::Ready(Ok(()));
            }
            if let Some(e) = self.read_err.take() {
                return Poll::Ready(Err(e));
            }
            if self.eof {
                // Rule 10: the fill saw end of file; report it once.
                self.eof = false;
                return Poll::Ready(Ok(()));
            }
            // Rule 3: a fill sized to the pattern; rule 5: write-behind
            // data goes first, in the same job.
            let requested = dst.remaining();
            // After try_clone another handle moves the same OS cursor:
            // read exactly what is asked (no read-ahead, as Tokio), so the
            // cursor is where std's would be when the other handle uses it
            // (Tokio: "reads, writes, and seeks will affect both").
            let fill = if self.cursor_shared {
                requested
            } else {
                self.fill_size.max(requested)
            };
            let want = fill.min(self.max_buf).max(1);
            self.fill_size = self.fill_size.saturating_mul(GROWTH).min(self.max_buf);
            let buf = std::mem::take(&mut self.rbuf);
            self.launch(
                Action::Fill {
                    buf,
                    want,
                    requested,
                },
                Busy::Other,
            );
        }
    }

    /// `poll_write`'s state machine: appends what fits of `bufs` to the
    /// write-behind buffer. `bufs` holds at least one non-empty slice.
    pub(super) fn poll_write(
        &mut self,
        cx: &Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        loop {
            if let Some(e) = self.pending_err.take() {
                return Poll::Ready(Err(e));
            }
            match self.busy {
                // Rule 6: the next buffer fills while the last is written.
                Busy::Write
                    if !matches!(self.seek, SeekState::Requested(_))
                        && self.wbuf.len() < self.wcap =>
                {
                    break
                }
                Busy::Idle => {}
                Busy::Write | Busy::Other => {
                    self.register(cx);
                    return Poll::Pending;
                }
            }
            match self.seek {
                SeekState::Requested(pos) => {
                    self.launch_seek(pos);
                    continue;
                }
                SeekState::Done(_) => self.seek = SeekState::Idle,
                SeekState::Idle | SeekState::Running => {}
            }
            // Rule 4: writing makes the read-ahead stale.
            self.discard_read_ahead();
            if self.wbuf.len() >= self.wcap {
                // Full (the cap shrank under it): write it, then go on
                // filling the next buffer (rule 6).
                self.launch(Action::Flush, Busy::Write);
                continue;
            }
            break;
        }
        // An empty buffer takes a large write whole (up to the cap); a
        // partly filled one takes what fits below the threshold.
        let mut room = if self.wbuf.is_empty() {
            self.max_buf.max(self.wcap)
        } else {
            self.wcap.saturating_sub(self.wbuf.len())
        };
        debug_assert!(room > 0);
        let mut n = 0;
        for buf in bufs {
            let take = buf.len().min(room);
            self.wbuf.extend_from_slice(&buf[..take]);
            n += take;
            room -= take;
            if room == 0 {
                break;
            }
        }
        if self.busy == Busy::Idle && self.wbuf.len() >= self.wcap {
            // Rule 5: full; the pattern is bulk writing, so grow.
            self.wcap = self.wcap.saturating_mul(GROWTH).min(self.max_buf);
            self.launch(Action::Flush, Busy::Write);
        }
        Poll::Ready(Ok(n))
    }

    /// `poll_flush`: hands the write-behind buffer to the OS and waits.
    pub(super) fn poll_flush(&mut self, cx: &Context<'_>) -> Poll<io::Result<()>> {
        loop {
            if self.busy != Busy::Idle {
                self.register(cx);
                return Poll::Pending;
            }
            if let Some(e) = self.pending_err.take() {
                return Poll::Ready(Err(e));
            }
            if self.wbuf.is_empty() {
                return Poll::Ready(Ok(()));
            }
            self.launch(Action::Flush, Busy::Write);
        }
    }

    /// `start_seek`.
    pub(super) fn start_seek(&mut self, pos: SeekFrom) -> io::Result<()> {
        match self.seek {
            SeekState::Requested(_) | SeekState::Running => Err(io::Error::other(
                "other file operation is pending, call poll_complete before start_seek",
            )),
            SeekState::Idle | SeekState::Done(_) => {
                self.seek = SeekState::Requested(pos);
                Ok(())
            }
        }
    }

    /// `poll_complete`: the submitted seek's result, or the position.
    pub(super) fn poll_complete(&mut self, cx: &Context<'_>) -> Poll<io::Result<u64>> {
        loop {
            if self.busy != Busy::Idle {
                self.register(cx);
                return Poll::Pending;
            }
            match std::mem::replace(&mut self.seek, SeekState::Idle) {
                SeekState::Done(result) => return Poll::Ready(result),
                SeekState::Requested(pos) => {
                    if let Some(e) = self.pending_err.take() {
                        // The seek is abandoned: it reports the error.
                        return Poll::Ready(Err(e));
                    }
                    if pos == SeekFrom::Current(0) {
                        // A position query: no need to drop read-ahead.
                        continue;
                    }
                    self.launch_seek(pos);
                }
                SeekState::Idle | SeekState::Running => {
                    if let Some(e) = self.pending_err.take() {
                        return Poll::Ready(Err(e));
                    }
                    if let Some(pos) = self.logical_pos() {
                        return Poll::Ready(Ok(pos));
                    }
                    self.seek = SeekState::Running;
                    self.launch(Action::Tell, Busy::Other);
                }
            }
        }
    }

    /// Rule 8: applies a job's outcome. `busy` is cleared by the caller.
    fn complete(&mut self, out: Outcome) {
        if let Some(regular) = out.regular {
            self.regular = Some(regular);
        }
        if out.rewound {
            self.ahead = 0;
        }
        if let Some(mut buf) = out.written {
            buf.clear();
            if buf.capacity() > self.spare.capacity() {
                self.spare = buf;
            }
        }
        if let Some(e) = out.error {
            // Rule 7: later write-behind data would land at a wrong
            // position; the error covers it.
            self.set_err(e);
            self.wbuf.clear();
        }
        self.os_pos = if self.cursor_shared { None } else { out.os_pos };
        match out.done {
            Done::Skipped => {
                if matches!(self.seek, SeekState::Running) {
                    self.seek = SeekState::Idle;
                }
            }
            Done::Flushed => {}
            Done::Filled { buf, n, eof, err } => {
                self.rbuf = buf;
                self.rlen = n;
                self.rpos = 0;
                // With a shared cursor, a remembered end of file (rule 10)
                // may be stale by the next read (the other handle may have
                // sought or written): only an empty fill reports it.
                self.eof = eof && (n == 0 || !self.cursor_shared);
                self.read_err = err;
                if self.regular == Some(true) {
                    self.ahead = n as u64;
                }
            }
            Done::Sought(result) => self.seek = SeekState::Done(result),
            Done::Told(result) => {
                let ahead = self.ahead;
                self.seek = SeekState::Done(result.map(|p| p.saturating_sub(ahead)));
            }
        }
    }

    /// Rule 6: after a write job, whatever accumulated meanwhile is
    /// written by the same pool thread.
    fn next_write(&mut self) -> Option<Job> {
        if self.busy != Busy::Write || self.wbuf.is_empty() {
            return None;
        }
        self.busy = Busy::Idle;
        self.launch(Action::Flush, Busy::Write);
        self.outbox.take()
    }

    /// `Drop for File`: mark dropped, and queue a job for write-behind
    /// data if none is in flight to pick it up (rule 6).
    pub(super) fn on_drop(&mut self) -> Option<Job> {
        self.dropped = true;
        if self.busy == Busy::Idle && !self.wbuf.is_empty() {
            self.launch(Action::Flush, Busy::Write);
        }
        self.outbox.take()
    }

    /// Whether `try_into_std` may hand the file out now, after moving the
    /// OS cursor back over read-ahead (a non-blocking `lseek`).
    pub(super) fn release(&mut self, std: &StdFile) -> bool {
        if self.busy != Busy::Idle
            || !self.wbuf.is_empty()
            || self.pending_err.is_some()
            || !matches!(self.seek, SeekState::Idle | SeekState::Done(_))
        {
            return false;
        }
        if self.ahead > 0 {
            let Ok(back) = i64::try_from(self.ahead) else {
                return false;
            };
            if (&*std).seek(SeekFrom::Current(-back)).is_err() {
                return false;
            }
            self.ahead = 0;
            self.discard_read_ahead();
        }
        true
    }

    /// Starts a value job (set_len, metadata, ...): after `poll_prepare`
    /// returned `Ready(Ok)`.
    pub(super) fn begin_value_job(&mut self) {
        debug_assert_eq!(self.busy, Busy::Idle);
        self.busy = Busy::Other;
    }
}

/// A blocking job: the prelude of rules 4 and 5, then one action.
pub(super) struct Job {
    /// What the state knew; `None` makes the job find out (rule 9).
    regular: Option<bool>,
    /// Bytes to move the OS cursor back before anything else (rule 4).
    rewind: u64,
    /// Write-behind data to write after the rewind (rule 5).
    write: Option<Vec<u8>>,
    action: Action,
}

enum Action {
    /// The prelude only.
    Flush,
    /// Read up to `want` bytes into `buf` (regular files), or one read of
    /// up to `requested` bytes (streams).
    Fill {
        buf: Vec<u8>,
        want: usize,
        requested: usize,
    },
    Seek(SeekFrom),
    /// Report the OS cursor.
    Tell,
}

/// What a job did, applied by `Inner::complete`.
struct Outcome {
    /// Learnt regularity (when the job had to find out).
    regular: Option<bool>,
    /// The rewind happened: the OS cursor is at the logical position.
    rewound: bool,
    /// The write-behind buffer, back for reuse.
    written: Option<Vec<u8>>,
    /// The prelude failed (rewind or write): rule 7.
    error: Option<io::Error>,
    done: Done,
    os_pos: Option<u64>,
}

enum Done {
    /// Not run: the prelude failed.
    Skipped,
    Flushed,
    Filled {
        buf: Vec<u8>,
        n: usize,
        eof: bool,
        err: Option<io::Error>,
    },
    Sought(io::Result<u64>),
    Told(io::Result<u64>),
}

impl Job {
    /// Runs on a pool thread.
    fn run(self, std: &StdFile) -> Outcome {
        let mut file = std;
        let regular = match self.regular {
            Some(regular) => regular,
            None => std.metadata().map(|m| m.is_file()).unwrap_or(false),
        };
        let mut out = Outcome {
            regular: self.regular.is_none().then_some(regular),
            rewound: false,
            written: None,
            error: None,
            done: Done::Skipped,
            os_pos: None,
        };
        // An absolute seek with nothing to write first needs no rewind: it
        // lands at its target wherever the cursor is (and a rewind could
        // fail where another handle moved a shared cursor back). The debt
        // is settled only if the seek succeeds (`rewound` below).
        let skip_rewind =
            self.write.is_none() && matches!(self.action, Action::Seek(SeekFrom::Start(_)));
        if self.rewind > 0 && !skip_rewind {
            let back = i64::try_from(self.rewind)
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "rewind too large"));
            match back.and_then(|back| file.seek(SeekFrom::Current(-back))) {
                Ok(_) => out.rewound = true,
                Err(e) => out.error = Some(e),
            }
        }
        if let Some(buf) = self.write {
            if out.error.is_none() {
                if let Err(e) = file.write_all(&buf) {
                    out.error = Some(e);
                }
            }
            out.written = Some(buf);
        }
        if out.error.is_some() {
            out.os_pos = file.stream_position().ok();
            return out;
        }
        out.done = match self.action {
            Action::Flush => Done::Flushed,
            Action::Fill {
                buf,
                want,
                requested,
            } => fill(file, buf, want, requested, regular),
            Action::Seek(pos) => {
                let result = file.seek(pos);
                if skip_rewind && result.is_ok() {
                    out.rewound = true;
                }
                out.os_pos = result.as_ref().ok().copied();
                return Outcome {
                    done: Done::Sought(result),
                    ..out
                };
            }
            Action::Tell => {
                let result = file.stream_position();
                out.os_pos = result.as_ref().ok().copied();
                return Outcome {
                    done: Done::Told(result),
                    ..out
                };
            }
        };
        out.os_pos = file.stream_position().ok();
        out
    }
}

/// Rule 3 (regular files: read until `want` bytes or end of file) and
/// rule 9 (streams: one read of at most `requested` bytes).
fn fill(
    mut file: &StdFile,
    mut buf: Vec<u8>,
    want: usize,
    requested: usize,
    regular: bool,
) -> Done {
    let want = if regular { want } else { want.min(requested) }.max(1);
    if buf.len() < want {
        buf.resize(want, 0);
    }
    let mut n = 0;
    let mut eof = false;
    let mut err = None;
    while n < want {
        match file.read(&mut buf[n..want]) {
            Ok(0) => {
                eof = true;
                break;
            }
            Ok(k) => {
                n += k;
                if !regular {
                    break;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                err = Some(e);
                break;
            }
        }
    }
    Done::Filled { buf, n, eof, err }
}

/// Spawns `job` and the completion protocol (rules 6 and 8) around it.
pub(super) fn spawn_job(job: Job, std: Arc<StdFile>, shared: Shared) {
    let mut guard = JobGuard::new(std, shared, Some(job));
    // The handle is dropped: the job is detached, and reports through the
    // shared state.
    drop(blocking::spawn(move || {
        if let Some(job) = guard.job.take() {
            run_chain(&guard, job);
        }
        guard.finish();
    }));
}

/// Like [`spawn_job`], with an explicit runtime (for `Drop`, which must
/// not panic outside one).
pub(super) fn spawn_job_on(
    handle: &rt_core::runtime::Handle,
    job: Job,
    std: Arc<StdFile>,
    shared: Shared,
) {
    let mut guard = JobGuard::new(std, shared, Some(job));
    drop(handle.spawn_blocking(move || {
        if let Some(job) = guard.job.take() {
            run_chain(&guard, job);
        }
        guard.finish();
    }));
}

/// Runs a job on the current thread (a `File` dropped outside any runtime
/// with write-behind data).
pub(super) fn run_inline(job: Job, std: Arc<StdFile>, shared: Shared) {
    let guard = JobGuard::new(std, shared, None);
    run_chain(&guard, job);
    guard.finish();
}

/// Spawns a value job (`set_len`, `metadata`, ...): `f` runs on the pool
/// and its result goes to the caller through the handle; the state only
/// learns that the job ended (rule 8). The caller has called
/// `Inner::begin_value_job`.
pub(super) fn spawn_value_job<F, R>(
    std: Arc<StdFile>,
    shared: Shared,
    f: F,
) -> rt_core::task::JoinHandle<io::Result<R>>
where
    F: FnOnce(&StdFile) -> io::Result<R> + Send + 'static,
    R: Send + 'static,
{
    // A cancelled value job is reported to its caller by the handle; the
    // guard only clears `busy`.
    let guard = JobGuard::new(std, shared, None);
    blocking::spawn(move || {
        let result = f(guard.std());
        guard.finish();
        result
    })
}

/// Runs `job`, then (rule 6) the write jobs for data that accumulated
/// meanwhile, applying each outcome.
fn run_chain(guard: &JobGuard, mut job: Job) {
    loop {
        let out = job.run(guard.std());
        let mut inner = lock(&guard.shared);
        inner.complete(out);
        match inner.next_write() {
            Some(next) => {
                // Writers blocked on a full buffer may go on.
                let waiters = inner.take_waiters();
                drop(inner);
                waiters.into_iter().for_each(Waker::wake);
                job = next;
            }
            None => return,
        }
    }
}

/// Owns a job (until it starts) and the job's handle on the file, and
/// clears `busy` when the job ends, or when the pool drops it without
/// running it (rule 8).
struct JobGuard {
    /// Dropped before `busy` clears, so that a caller that sees the state
    /// idle holds the only handle (`into_std`).
    std: Option<Arc<StdFile>>,
    shared: Shared,
    /// A state job not started yet. Value jobs keep their closure
    /// elsewhere and have `None` here.
    job: Option<Job>,
    finished: bool,
}

impl JobGuard {
    fn new(std: Arc<StdFile>, shared: Shared, job: Option<Job>) -> JobGuard {
        JobGuard {
            std: Some(std),
            shared,
            job,
            finished: false,
        }
    }

    fn std(&self) -> &StdFile {
        // Only `clear` takes it, and nothing runs after `clear`.
        self.std.as_deref().expect("JobGuard::std after finish")
    }

    fn finish(mut self) {
        self.finished = true;
        self.clear(None);
    }

    fn clear(&mut self, error: Option<io::Error>) {
        drop(self.std.take());
        let waiters = {
            let mut inner = lock(&self.shared);
            inner.busy = Busy::Idle;
            if let Some(e) = error {
                inner.set_err(e);
                if matches!(inner.seek, SeekState::Running) {
                    inner.seek = SeekState::Idle;
                }
            }
            inner.take_waiters()
        };
        waiters.into_iter().for_each(Waker::wake);
    }
}

impl Drop for JobGuard {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        // The pool dropped the job unrun: the runtime is shutting down.
        match self.job.take() {
            // Written data must not be lost (Tokio makes such jobs
            // "mandatory"): write it here, on the thread that shuts the
            // runtime down, which may block.
            Some(job) if job.write.is_some() => {
                run_chain(self, job);
                self.clear(None);
            }
            // A state job that carried no data: the next operation learns
            // that the runtime is gone.
            Some(_) => self.clear(Some(blocking::cancelled())),
            // A value job: its caller learns it from the join handle.
            None => self.clear(None),
        }
    }
}
