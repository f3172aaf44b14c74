//! [`File`]: an open file with read-ahead and write-behind buffers over
//! the blocking pool.
//!
//! # The buffer protocol
//!
//! A `File` is a std file (`Arc<std::fs::File>`) plus a state behind a
//! mutex (`state::Inner`) that it shares with at most one blocking job at
//! a time. The *logical position* is where the caller's next read or
//! write happens, as with std; the *OS cursor* may differ from it by what
//! is buffered. The rules, cited as "rule N" in `state.rs`:
//!
//! 1. **One job at a time.** `busy` is set while a blocking job is in
//!    flight; the job owns a clone of the std handle and the buffers moved
//!    into it. While busy, nothing touches the OS cursor or the buffers
//!    except rule 6's appends; every other operation registers its waker
//!    and is woken when the job ends. Jobs are spawned after the lock is
//!    released (a pool that is shutting down drops a job inline, and its
//!    guard takes the lock).
//! 2. **Cursor bookkeeping.** OS cursor = logical position + `ahead` −
//!    `wbuf.len()` (without `O_APPEND`). `ahead` is the read-ahead read
//!    from the OS and not consumed: the unconsumed bytes of the read
//!    buffer, or, after a discard, bytes the cursor has yet to be moved
//!    back over (a *pending rewind*). Each job reports the OS cursor
//!    afterwards (`lseek`, no I/O), so a position query costs no job.
//! 3. **Read-ahead.** `poll_read` copies from the read buffer without a
//!    job. When it is empty, a *fill* job reads `want` bytes, looping until
//!    it has them or sees end of file; `want` = max(request, `fill_size`),
//!    capped by `max_buf_size`. `fill_size` starts at 16 KiB and grows ×4
//!    per fill while reads stay sequential (each fill follows a fully
//!    consumed one); any discard resets it. 4 KiB reads of a 4 MB file
//!    cost 6 jobs, not 1,000. After `try_clone` (another handle moves the
//!    same cursor), `want` = request: no read-ahead on either handle.
//! 4. **Discard before moving or writing.** A write, a seek, `set_len`,
//!    `try_clone` and `into_std` first discard the read-ahead (buffer,
//!    end-of-file flag, read error), keeping `ahead` as a pending rewind.
//!    Every job starts by seeking back `ahead` bytes before anything else,
//!    so `SeekFrom::Current(n)` counts from the logical position, writes
//!    land at it, and a later read sees the file as it is now.
//! 5. **Write-behind.** `poll_write` appends to `wbuf` and returns at once
//!    (a write into an empty buffer takes up to `max_buf_size`). When
//!    `wbuf` reaches `wcap` (64 KiB, growing ×4 per full buffer up to
//!    `max_buf_size`), or on `flush`, or before any other operation's
//!    action (in the same job: a read after writes is one job that writes,
//!    then reads), `wbuf` is written by a job after rule 4's rewind.
//!    `set_len`, `metadata` and the syncs run after that write completed.
//! 6. **Double buffering.** While a write job is in flight, `poll_write`
//!    keeps appending to the next buffer up to `wcap`; when the job is
//!    done it writes whatever accumulated, in the same pool thread, until
//!    the buffer is empty (group commit). A dropped `File` still gets its
//!    data written: `Drop` starts (or leaves to the job in flight) the
//!    final write.
//! 7. **Errors are never lost.** The error of a job no caller waits for
//!    (a background write or rewind) is kept in `pending_err` and returned
//!    by the next operation — read, write, flush, seek, `set_len`, syncs,
//!    `metadata` — exactly once. A failed write discards the write-behind
//!    data after it too (it would land at a wrong position): the error
//!    covers every byte accepted since the last successful flush.
//! 8. **Completion.** A job applies its outcome under the lock, drops its
//!    std handle, then clears `busy` and wakes every waiter. A job the pool
//!    drops unrun (runtime shutdown) clears `busy` through its guard and
//!    leaves a "runtime shut down" error for the next operation.
//! 9. **Streams.** For a file that is not regular (pipe, character
//!    device: the first job checks with `fstat`), a fill is one read of at
//!    most the caller's request, and nothing is discarded or rewound.
//! 10. **End of file.** A fill that saw end of file remembers it: once its
//!     bytes are consumed, one read returns 0 without a job (the answer the
//!     OS gave at the fill); the read after that asks the OS again. Not
//!     after `try_clone`: there only a fill of 0 bytes reports the end.

mod state;

use crate::blocking;
use crate::open_options::OpenOptions;
use rt_io::{AsyncRead, AsyncSeek, AsyncWrite, ReadBuf};
use state::{lock, Inner, Need, Shared};
use std::fmt;
use std::fs::{File as StdFile, Metadata, Permissions};
use std::future::poll_fn;
use std::io::{self, IoSlice, SeekFrom};
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{ready, Context, Poll};

/// An open file, for use with [`AsyncReadExt`](rt_io::AsyncReadExt),
/// [`AsyncWriteExt`](rt_io::AsyncWriteExt) and
/// [`AsyncSeekExt`](rt_io::AsyncSeekExt), like Tokio's `tokio::fs::File`.
///
/// Every OS call runs as a blocking-pool job. Unlike Tokio's `File`,
/// which makes one job per `read` call, this one reads ahead (growing
/// while reads are sequential) and buffers writes (handing them to the
/// pool when the buffer fills or on `flush`), so small reads and writes
/// cost a fraction of a job each. The buffers never change what you
/// observe: seeks, `set_len`, `metadata` and reads after writes behave
/// exactly as with [`std::fs::File`]: a seek discards read-ahead, a
/// read after writes sees them, and `set_len`, `metadata` and the syncs
/// see every write made before them. (The numbered buffer rules are in
/// the module docs of `rt-fs/src/file/mod.rs`.)
///
/// # Flushing
///
/// Like Tokio's, a write returns before the data reaches the OS. Call
/// [`flush`](rt_io::AsyncWriteExt::flush) to wait for it and to learn of
/// errors: the error of a failed background write is returned by `flush`
/// or by the next operation, never lost. Dropping a `File` without
/// flushing still writes its buffered data (in the background), but an
/// error then has nowhere to go. Flushing does not sync to disk: see
/// [`sync_all`](Self::sync_all).
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// use rt_io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
/// use std::io::SeekFrom;
///
/// let path = std::env::temp_dir().join(format!("rt-fs-doc-file-{}", std::process::id()));
/// let mut file = rt_fs::File::options()
///     .read(true)
///     .write(true)
///     .create(true)
///     .truncate(true)
///     .open(&path)
///     .await?;
/// file.write_all(b"hello world").await?;
/// file.seek(SeekFrom::Start(6)).await?;
/// let mut word = String::new();
/// file.read_to_string(&mut word).await?;
/// assert_eq!(word, "world");
/// # rt_fs::remove_file(&path).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub struct File {
    std: Arc<StdFile>,
    shared: Shared,
}

impl File {
    /// Opens the file at `path` for reading, like [`std::fs::File::open`].
    /// One blocking-pool job.
    ///
    /// # Errors
    ///
    /// `NotFound` if it does not exist, `PermissionDenied`, and the other
    /// errors of [`OpenOptions::open`].
    ///
    /// # Cancel safety
    ///
    /// Dropping the future does not stop the job; the file it opens is
    /// closed when its result is discarded.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// use rt_io::AsyncReadExt;
    ///
    /// let path = std::env::temp_dir().join(format!("rt-fs-doc-open-{}", std::process::id()));
    /// rt_fs::write(&path, b"contents").await?;
    /// let mut file = rt_fs::File::open(&path).await?;
    /// let mut buf = Vec::new();
    /// file.read_to_end(&mut buf).await?;
    /// assert_eq!(buf, b"contents");
    /// # rt_fs::remove_file(&path).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub async fn open(path: impl AsRef<Path>) -> io::Result<File> {
        OpenOptions::new().read(true).open(path).await
    }

    /// Opens the file at `path` for writing, creating it if needed and
    /// truncating it otherwise, like [`std::fs::File::create`]. One
    /// blocking-pool job.
    ///
    /// # Errors
    ///
    /// `NotFound` if the parent directory does not exist,
    /// `PermissionDenied`, and the other errors of [`OpenOptions::open`].
    ///
    /// # Cancel safety
    ///
    /// Dropping the future does not stop the job: the file is still
    /// created (or truncated).
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// use rt_io::AsyncWriteExt;
    ///
    /// let path = std::env::temp_dir().join(format!("rt-fs-doc-create-{}", std::process::id()));
    /// let mut file = rt_fs::File::create(&path).await?;
    /// file.write_all(b"new").await?;
    /// file.flush().await?;
    /// assert_eq!(rt_fs::read(&path).await?, b"new");
    /// # rt_fs::remove_file(&path).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub async fn create(path: impl AsRef<Path>) -> io::Result<File> {
        OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)
            .await
    }

    /// Creates a new file at `path` for reading and writing, failing with
    /// `AlreadyExists` if there is one (atomically), like
    /// [`std::fs::File::create_new`]. One blocking-pool job.
    ///
    /// # Errors
    ///
    /// `AlreadyExists`, `NotFound` for a missing parent, and the other
    /// errors of [`OpenOptions::open`].
    ///
    /// # Cancel safety
    ///
    /// Dropping the future does not stop the job: the file is still
    /// created.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// let path = std::env::temp_dir().join(format!("rt-fs-doc-cnew-{}", std::process::id()));
    /// let _file = rt_fs::File::create_new(&path).await?;
    /// let err = rt_fs::File::create_new(&path).await.unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    /// # rt_fs::remove_file(&path).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub async fn create_new(path: impl AsRef<Path>) -> io::Result<File> {
        OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(path)
            .await
    }

    /// Returns a new [`OpenOptions`] (everything off), for
    /// `File::options().read(true).write(true).open(path)`.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// let path = std::env::temp_dir().join(format!("rt-fs-doc-options-{}", std::process::id()));
    /// let file = rt_fs::File::options().write(true).create(true).open(&path).await?;
    /// # drop(file);
    /// # rt_fs::remove_file(&path).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub fn options() -> OpenOptions {
        OpenOptions::new()
    }

    /// Wraps a std file. Its position is where the std file's cursor is;
    /// whether it is a regular file is found out by the first job.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// use rt_io::AsyncReadExt;
    ///
    /// let path = std::env::temp_dir().join(format!("rt-fs-doc-fromstd-{}", std::process::id()));
    /// std::fs::write(&path, b"std")?;
    /// let mut file = rt_fs::File::from_std(std::fs::File::open(&path)?);
    /// let mut s = String::new();
    /// file.read_to_string(&mut s).await?;
    /// assert_eq!(s, "std");
    /// # rt_fs::remove_file(&path).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub fn from_std(std: StdFile) -> File {
        File::from_parts(std, Inner::new(None, None, None))
    }

    /// A file `OpenOptions::open` just opened: the cursor is at 0.
    pub(crate) fn from_opened(std: StdFile, regular: bool, append: Option<bool>) -> File {
        File::from_parts(std, Inner::new(Some(regular), append, Some(0)))
    }

    fn from_parts(std: StdFile, inner: Inner) -> File {
        File {
            std: Arc::new(std),
            shared: Arc::new(Mutex::new(inner)),
        }
    }

    /// Flushes buffered writes, then syncs data and metadata to the device
    /// (`fsync`), like [`std::fs::File::sync_all`].
    ///
    /// # Errors
    ///
    /// A pending background-write error (rule 7 of the module docs), or
    /// the sync's error.
    ///
    /// # Cancel safety
    ///
    /// Not cancel safe in the sense that the work goes on: if the future
    /// is dropped after the sync job started, the sync still runs to
    /// completion in the background and its result is discarded; the
    /// file's next operation waits for it. If dropped earlier (while
    /// buffered writes were being written), the writes still complete and
    /// an error among them goes to the next operation.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// use rt_io::AsyncWriteExt;
    ///
    /// let path = std::env::temp_dir().join(format!("rt-fs-doc-syncall-{}", std::process::id()));
    /// let mut file = rt_fs::File::create(&path).await?;
    /// file.write_all(b"durable").await?;
    /// file.sync_all().await?;
    /// assert_eq!(std::fs::read(&path)?, b"durable");
    /// # rt_fs::remove_file(&path).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub async fn sync_all(&self) -> io::Result<()> {
        self.value_job(Need::Flushed, |f| f.sync_all()).await
    }

    /// Flushes buffered writes, then syncs the data (and only the metadata
    /// needed to read it back) to the device (`fdatasync`), like
    /// [`std::fs::File::sync_data`].
    ///
    /// # Errors
    ///
    /// A pending background-write error, or the sync's error.
    ///
    /// # Cancel safety
    ///
    /// As [`sync_all`](Self::sync_all): a started sync completes in the
    /// background and its result is discarded.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// use rt_io::AsyncWriteExt;
    ///
    /// let path = std::env::temp_dir().join(format!("rt-fs-doc-syncdata-{}", std::process::id()));
    /// let mut file = rt_fs::File::create(&path).await?;
    /// file.write_all(b"data").await?;
    /// file.sync_data().await?;
    /// # rt_fs::remove_file(&path).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub async fn sync_data(&self) -> io::Result<()> {
        self.value_job(Need::Flushed, |f| f.sync_data()).await
    }

    /// Truncates or extends (with zeros) the file to `size` bytes, like
    /// [`std::fs::File::set_len`]. Buffered writes are written first and
    /// read-ahead is discarded, so the result is exactly std's; the
    /// position does not change (it may now be past the end).
    ///
    /// # Errors
    ///
    /// A pending background-write error; `InvalidInput` or a permission
    /// error if the file is not open for writing.
    ///
    /// # Cancel safety
    ///
    /// Not cancel safe: once its job started, the length still changes if
    /// the future is dropped (the file's next operation waits for it); the
    /// result is discarded.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// use rt_io::AsyncWriteExt;
    ///
    /// let path = std::env::temp_dir().join(format!("rt-fs-doc-setlen-{}", std::process::id()));
    /// let mut file = rt_fs::File::create(&path).await?;
    /// file.write_all(b"hello world").await?;
    /// file.set_len(5).await?;
    /// assert_eq!(rt_fs::read(&path).await?, b"hello");
    /// # rt_fs::remove_file(&path).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub async fn set_len(&self, size: u64) -> io::Result<()> {
        self.value_job(Need::Cursor, move |f| f.set_len(size)).await
    }

    /// Returns the file's metadata, after buffered writes were written
    /// (so `len()` counts them), like [`std::fs::File::metadata`].
    ///
    /// # Errors
    ///
    /// A pending background-write error, or `fstat`'s error.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe as to data: dropping the future loses nothing (a
    /// started job only reads; buffered writes started for it complete).
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// use rt_io::AsyncWriteExt;
    ///
    /// let path = std::env::temp_dir().join(format!("rt-fs-doc-fmeta-{}", std::process::id()));
    /// let mut file = rt_fs::File::create(&path).await?;
    /// file.write_all(b"123").await?;
    /// assert_eq!(file.metadata().await?.len(), 3);
    /// # rt_fs::remove_file(&path).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub async fn metadata(&self) -> io::Result<Metadata> {
        self.value_job(Need::Flushed, |f| f.metadata()).await
    }

    /// Creates a second `File` for the same open file (`dup`), like
    /// [`std::fs::File::try_clone`]. Buffered writes are written and
    /// read-ahead is discarded first, so both start at this file's
    /// logical position.
    ///
    /// Both handles share one OS cursor: reads, seeks and position
    /// queries on either see it as std's clones do, because neither reads
    /// ahead once cloned (each read asks the OS for exactly the bytes
    /// requested, as Tokio's). Writes still wait in a handle's
    /// write-behind buffer: flush one handle before using the other.
    ///
    /// # Errors
    ///
    /// A pending background-write error, or `dup`'s error.
    ///
    /// # Cancel safety
    ///
    /// Dropping the future loses nothing; a clone made by a started job
    /// is closed when its result is discarded.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// use rt_io::AsyncWriteExt;
    ///
    /// let path = std::env::temp_dir().join(format!("rt-fs-doc-clone-{}", std::process::id()));
    /// let mut a = rt_fs::File::create(&path).await?;
    /// a.write_all(b"ab").await?;
    /// let mut b = a.try_clone().await?;
    /// b.write_all(b"cd").await?;
    /// b.flush().await?;
    /// assert_eq!(rt_fs::read(&path).await?, b"abcd");
    /// # rt_fs::remove_file(&path).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub async fn try_clone(&self) -> io::Result<File> {
        let std = self.value_job(Need::Cursor, |f| f.try_clone()).await?;
        let mut inner = lock(&self.shared);
        inner.mark_cursor_shared();
        let clone = inner.cloned_from();
        drop(inner);
        Ok(File::from_parts(std, clone))
    }

    /// Converts into a [`std::fs::File`], after waiting for the job in
    /// flight, writing buffered data and moving the OS cursor back over
    /// read-ahead (so the std file is at this file's logical position).
    ///
    /// An error of those writes is discarded: call
    /// [`flush`](rt_io::AsyncWriteExt::flush) first to see it.
    ///
    /// # Cancel safety
    ///
    /// Dropping the future drops the `File` it owns: buffered data is
    /// still written in the background.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// use rt_io::AsyncWriteExt;
    /// use std::io::Write;
    ///
    /// let path = std::env::temp_dir().join(format!("rt-fs-doc-intostd-{}", std::process::id()));
    /// let mut file = rt_fs::File::create(&path).await?;
    /// file.write_all(b"async ").await?;
    /// let mut std_file = file.into_std().await;
    /// std_file.write_all(b"then sync")?;
    /// assert_eq!(std::fs::read(&path)?, b"async then sync");
    /// # std::fs::remove_file(&path)?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub async fn into_std(self) -> StdFile {
        // A pending error is dropped, as documented, and the file prepared
        // again (the error may have stopped the rewind); a second error
        // means the OS will not cooperate: hand the file over as it is.
        for _ in 0..2 {
            if poll_fn(|cx| self.poll_prepare(cx, Need::Cursor))
                .await
                .is_ok()
            {
                break;
            }
        }
        let mut std = Arc::clone(&self.std);
        drop(self);
        // Rule 8: no job holds a handle once the state is idle, so this
        // succeeds at once; the loop only guards the invariant.
        loop {
            match Arc::try_unwrap(std) {
                Ok(file) => return file,
                Err(shared) => {
                    std = shared;
                    rt_core::task::yield_now().await;
                }
            }
        }
    }

    /// Converts into a [`std::fs::File`] without waiting: `Err(self)` if a
    /// job is in flight, buffered writes are not written yet, a
    /// background-write error is waiting to be reported, or a seek was
    /// started and not completed. Unconsumed read-ahead is given back with
    /// one `lseek` (no I/O) so the std file is at the logical position.
    ///
    /// # Errors
    ///
    /// `Err(self)` as above; `flush` first makes success likely.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// use rt_io::AsyncWriteExt;
    ///
    /// let path = std::env::temp_dir().join(format!("rt-fs-doc-tryintostd-{}", std::process::id()));
    /// let mut file = rt_fs::File::create(&path).await?;
    /// file.write_all(b"x").await?;
    /// file.flush().await?;
    /// let std_file: std::fs::File = file.try_into_std().expect("nothing in flight");
    /// # drop(std_file);
    /// # std::fs::remove_file(&path)?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub fn try_into_std(self) -> Result<StdFile, Self> {
        if Arc::strong_count(&self.std) != 1 || !lock(&self.shared).release(&self.std) {
            return Err(self);
        }
        let std = Arc::clone(&self.std);
        drop(self);
        Arc::try_unwrap(std).map_err(|std| File {
            std,
            shared: Arc::new(Mutex::new(Inner::new(None, None, None))),
        })
    }

    /// Changes the file's permissions, like
    /// [`std::fs::File::set_permissions`], after buffered writes were
    /// written.
    ///
    /// # Errors
    ///
    /// A pending background-write error, or `fchmod`'s error.
    ///
    /// # Cancel safety
    ///
    /// Once its job started, the permissions still change if the future
    /// is dropped; the result is discarded.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// let path = std::env::temp_dir().join(format!("rt-fs-doc-fperm-{}", std::process::id()));
    /// let file = rt_fs::File::create(&path).await?;
    /// let mut perms = file.metadata().await?.permissions();
    /// perms.set_readonly(true);
    /// file.set_permissions(perms).await?;
    /// assert!(file.metadata().await?.permissions().readonly());
    /// # rt_fs::remove_file(&path).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub async fn set_permissions(&self, perm: Permissions) -> io::Result<()> {
        self.value_job(Need::Flushed, move |f| f.set_permissions(perm))
            .await
    }

    /// Sets the cap of the read-ahead and write-behind buffers (default
    /// 2 MiB, as Tokio's): no job reads or writes more than this at once,
    /// and no more than this is held in each buffer. A value of 0 is taken
    /// as 1.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// let path = std::env::temp_dir().join(format!("rt-fs-doc-maxbuf-{}", std::process::id()));
    /// let mut file = rt_fs::File::create(&path).await?;
    /// file.set_max_buf_size(64 * 1024);
    /// assert_eq!(file.max_buf_size(), 64 * 1024);
    /// # rt_fs::remove_file(&path).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub fn set_max_buf_size(&mut self, max_buf_size: usize) {
        lock(&self.shared).set_max_buf(max_buf_size);
    }

    /// The cap set by [`set_max_buf_size`](Self::set_max_buf_size).
    ///
    /// # Examples
    ///
    /// ```
    /// let file = rt_fs::File::from_std(tempfile());
    /// assert_eq!(file.max_buf_size(), 2 * 1024 * 1024);
    /// # fn tempfile() -> std::fs::File {
    /// #     let path = std::env::temp_dir().join(format!("rt-fs-doc-getmax-{}", std::process::id()));
    /// #     let f = std::fs::File::create(&path).unwrap();
    /// #     std::fs::remove_file(&path).unwrap();
    /// #     f
    /// # }
    /// ```
    pub fn max_buf_size(&self) -> usize {
        lock(&self.shared).max_buf
    }

    /// Waits for the state to satisfy `need` (running the jobs that
    /// establish it).
    fn poll_prepare(&self, cx: &Context<'_>, need: Need) -> Poll<io::Result<()>> {
        self.with_inner(|inner| inner.poll_prepare(cx, need))
    }

    /// Runs `f` on the state, then spawns the job it queued, if any
    /// (rule 1: never while holding the lock).
    fn with_inner<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> T {
        let (out, job) = {
            let mut inner = lock(&self.shared);
            let out = f(&mut inner);
            (out, inner.take_outbox())
        };
        if let Some(job) = job {
            state::spawn_job(job, Arc::clone(&self.std), Arc::clone(&self.shared));
        }
        out
    }

    /// A job whose result goes to its caller: prepares `need`, then runs
    /// `f` on the pool.
    async fn value_job<F, R>(&self, need: Need, f: F) -> io::Result<R>
    where
        F: FnOnce(&StdFile) -> io::Result<R> + Send + 'static,
        R: Send + 'static,
    {
        let mut f = Some(f);
        let job = poll_fn(|cx| {
            ready!(self.with_inner(|inner| {
                let ready = inner.poll_prepare(cx, need);
                if let Poll::Ready(Ok(())) = ready {
                    inner.begin_value_job();
                }
                ready
            }))?;
            let f = f.take().expect("value_job polled after completion");
            Poll::Ready(Ok::<_, io::Error>(state::spawn_value_job(
                Arc::clone(&self.std),
                Arc::clone(&self.shared),
                f,
            )))
        })
        .await?;
        blocking::join(job).await
    }
}

impl AsyncRead for File {
    /// Reads from the read-ahead buffer, or starts a fill job (rule 3).
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: a fill in flight belongs to the file, not the call;
    /// its bytes wait in the buffer for the next read.
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        let coop = ready!(rt_core::coop::poll_proceed(cx));
        let result = self.with_inner(|inner| inner.poll_read(cx, buf));
        if result.is_ready() {
            coop.made_progress();
        }
        result
    }
}

impl AsyncWrite for File {
    /// Appends to the write-behind buffer (rules 5 and 6); returns
    /// `Pending` only while both buffers are full.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: bytes are either accepted (and will be written) or
    /// not taken at all.
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.poll_write_vectored(cx, &[IoSlice::new(buf)])
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if bufs.iter().all(|b| b.is_empty()) {
            return Poll::Ready(Ok(0));
        }
        let coop = ready!(rt_core::coop::poll_proceed(cx));
        let result = self.with_inner(|inner| inner.poll_write(cx, bufs));
        if result.is_ready() {
            coop.made_progress();
        }
        result
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    /// Writes the write-behind buffer and waits for it; returns a pending
    /// background-write error (rule 7). Does not sync to disk.
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.with_inner(|inner| inner.poll_flush(cx))
    }

    /// Same as `poll_flush`: a file has no write side to close.
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.poll_flush(cx)
    }
}

impl AsyncSeek for File {
    /// Submits a seek; the next operation of any kind starts it if
    /// `poll_complete` is not called.
    ///
    /// # Errors
    ///
    /// `Other` if a seek was submitted and has not completed.
    fn start_seek(self: Pin<&mut Self>, position: SeekFrom) -> io::Result<()> {
        lock(&self.shared).start_seek(position)
    }

    /// Completes the submitted seek (discarding read-ahead, writing
    /// buffered data first), or returns the logical position (usually
    /// without a job, see rule 2).
    fn poll_complete(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        self.with_inner(|inner| inner.poll_complete(cx))
    }
}

impl Drop for File {
    fn drop(&mut self) {
        // Rule 6: buffered data still reaches the OS.
        let Some(job) = lock(&self.shared).on_drop() else {
            return;
        };
        let std = Arc::clone(&self.std);
        let shared = Arc::clone(&self.shared);
        match rt_core::runtime::Handle::try_current() {
            Ok(handle) => state::spawn_job_on(&handle, job, std, shared),
            // No runtime to hand the write to: do it here.
            Err(_) => state::run_inline(job, std, shared),
        }
    }
}

impl From<StdFile> for File {
    fn from(std: StdFile) -> File {
        File::from_std(std)
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("std", &*self.std)
            .finish_non_exhaustive()
    }
}

#[cfg(unix)]
impl std::os::unix::io::AsRawFd for File {
    fn as_raw_fd(&self) -> std::os::unix::io::RawFd {
        self.std.as_raw_fd()
    }
}

#[cfg(unix)]
impl std::os::fd::AsFd for File {
    fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        self.std.as_fd()
    }
}
