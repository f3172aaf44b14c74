//! [`read_dir`], [`ReadDir`] and [`DirEntry`]: directory listings fetched
//! in batches.
//!
//! `read_dir` opens the directory AND reads the first batch of entries in
//! one blocking-pool job, so a small directory costs one round trip in
//! all. Later batches double in size (32, 64, ... 1024 entries): a long
//! listing costs a handful of jobs, not one per entry. The batch in
//! flight lives in the `ReadDir`, not in the `next_entry` future, which is
//! why `next_entry` is cancel safe.

use crate::blocking::{self, asyncify};
use rt_core::task::JoinHandle;
use std::collections::VecDeque;
use std::ffi::OsString;
use std::fs::{FileType, Metadata};
use std::future::{poll_fn, Future};
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

const FIRST_BATCH: usize = 32;
const MAX_BATCH: usize = 1024;

/// Returns a stream of the entries of the directory at `path`, like
/// [`std::fs::read_dir`]. The entries come in no particular order and do
/// not include `.` and `..`.
///
/// # Errors
///
/// As [`std::fs::read_dir`]: `NotFound`, an error if `path` is not a
/// directory, permission errors. Errors while listing are returned by
/// [`ReadDir::next_entry`].
///
/// # Cancel safety
///
/// Dropping the future does not stop the job; the opened listing is
/// closed when its result is discarded.
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let dir = std::env::temp_dir().join(format!("rt-fs-doc-readdir-{}", std::process::id()));
/// rt_fs::create_dir_all(&dir).await?;
/// rt_fs::write(dir.join("a"), b"").await?;
/// rt_fs::write(dir.join("b"), b"").await?;
///
/// let mut names = Vec::new();
/// let mut entries = rt_fs::read_dir(&dir).await?;
/// while let Some(entry) = entries.next_entry().await? {
///     names.push(entry.file_name());
/// }
/// names.sort();
/// assert_eq!(names, ["a", "b"]);
/// # rt_fs::remove_dir_all(&dir).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn read_dir(path: impl AsRef<Path>) -> io::Result<ReadDir> {
    let path = path.as_ref().to_owned();
    let batch = asyncify(move || {
        let std = std::fs::read_dir(path)?;
        Ok(Batch::fetch(std, FIRST_BATCH))
    })
    .await?;
    Ok(ReadDir {
        state: State::Idle(batch),
        next_batch: FIRST_BATCH * 2,
    })
}

/// The entries of a directory, returned by [`read_dir`]; read them with
/// [`next_entry`](Self::next_entry).
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let dir = std::env::temp_dir().join(format!("rt-fs-doc-readdir-ty-{}", std::process::id()));
/// rt_fs::create_dir_all(&dir).await?;
/// let mut entries: rt_fs::ReadDir = rt_fs::read_dir(&dir).await?;
/// assert!(entries.next_entry().await?.is_none());
/// # rt_fs::remove_dir(&dir).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
#[derive(Debug)]
#[must_use = "a ReadDir does nothing unless its entries are read"]
pub struct ReadDir {
    state: State,
    /// Entries to fetch in the next job.
    next_batch: usize,
}

#[derive(Debug)]
enum State {
    /// Entries fetched and not yet returned.
    Idle(Batch),
    /// A job fetching the next batch.
    Pending(JoinHandle<Batch>),
}

#[derive(Debug)]
struct Batch {
    entries: VecDeque<io::Result<DirEntry>>,
    /// The listing, while it may have more entries.
    rest: Option<std::fs::ReadDir>,
}

impl Batch {
    /// Runs on the pool: reads up to `n` entries (and their cheap file
    /// types) from `std`.
    fn fetch(mut std: std::fs::ReadDir, n: usize) -> Batch {
        let mut entries = VecDeque::with_capacity(n.min(64));
        let mut more = true;
        while entries.len() < n {
            match std.next() {
                Some(entry) => entries.push_back(entry.map(DirEntry::new)),
                None => {
                    more = false;
                    break;
                }
            }
        }
        Batch {
            entries,
            rest: more.then_some(std),
        }
    }
}

impl ReadDir {
    /// Returns the next entry, or `None` when the listing is done.
    ///
    /// # Errors
    ///
    /// An error reading the directory (the listing may continue after it),
    /// or an `io::Error` if the runtime shut down before the job ran.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: a batch being fetched is kept by the `ReadDir`, and no
    /// entry is lost if the future is dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// let dir = std::env::temp_dir().join(format!("rt-fs-doc-next-{}", std::process::id()));
    /// rt_fs::create_dir_all(&dir).await?;
    /// for i in 0..100 {
    ///     rt_fs::write(dir.join(i.to_string()), b"").await?;
    /// }
    /// let mut entries = rt_fs::read_dir(&dir).await?;
    /// let mut count = 0;
    /// while let Some(_entry) = entries.next_entry().await? {
    ///     count += 1;
    /// }
    /// assert_eq!(count, 100);
    /// # rt_fs::remove_dir_all(&dir).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub async fn next_entry(&mut self) -> io::Result<Option<DirEntry>> {
        poll_fn(|cx| self.poll_next_entry(cx)).await
    }

    /// Polls for the next entry: `Ready(Ok(None))` when the listing is
    /// done, `Pending` while a batch is being fetched (the task in `cx` is
    /// woken when it arrives).
    ///
    /// # Errors
    ///
    /// As [`next_entry`](Self::next_entry).
    ///
    /// # Panics
    ///
    /// When a batch must be fetched outside a runtime.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// let dir = std::env::temp_dir().join(format!("rt-fs-doc-pollnext-{}", std::process::id()));
    /// rt_fs::create_dir_all(&dir).await?;
    /// rt_fs::write(dir.join("only"), b"").await?;
    /// let mut entries = rt_fs::read_dir(&dir).await?;
    /// let first = std::future::poll_fn(|cx| entries.poll_next_entry(cx)).await?;
    /// assert_eq!(first.unwrap().file_name(), "only");
    /// # rt_fs::remove_dir_all(&dir).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub fn poll_next_entry(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<Option<DirEntry>>> {
        loop {
            match &mut self.state {
                State::Idle(batch) => {
                    if let Some(entry) = batch.entries.pop_front() {
                        return Poll::Ready(entry.map(Some));
                    }
                    let Some(rest) = batch.rest.take() else {
                        return Poll::Ready(Ok(None));
                    };
                    let n = self.next_batch;
                    self.next_batch = (n * 2).min(MAX_BATCH);
                    self.state = State::Pending(blocking::spawn(move || Batch::fetch(rest, n)));
                }
                State::Pending(job) => {
                    let result = ready!(Pin::new(job).poll(cx));
                    match result {
                        Ok(batch) => self.state = State::Idle(batch),
                        Err(e) => {
                            // The listing went down with the job: end it.
                            self.state = State::Idle(Batch {
                                entries: VecDeque::new(),
                                rest: None,
                            });
                            return Poll::Ready(Err(blocking::join_error(e)));
                        }
                    }
                }
            }
        }
    }
}

/// An entry of a directory listing, returned by [`ReadDir::next_entry`].
///
/// `path`, `file_name` and (on Unix) `ino` are known without a system
/// call; `file_type` usually is too (the OS reports it with the entry),
/// and `metadata` costs one blocking-pool job.
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let dir = std::env::temp_dir().join(format!("rt-fs-doc-entry-{}", std::process::id()));
/// rt_fs::create_dir_all(dir.join("sub")).await?;
/// let mut entries = rt_fs::read_dir(&dir).await?;
/// let entry: rt_fs::DirEntry = entries.next_entry().await?.unwrap();
/// assert_eq!(entry.path(), dir.join("sub"));
/// assert!(entry.file_type().await?.is_dir());
/// # rt_fs::remove_dir_all(&dir).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct DirEntry {
    std: Arc<std::fs::DirEntry>,
    /// The file type, when the OS reported it with the entry.
    file_type: Option<FileType>,
}

impl DirEntry {
    /// Runs on the pool: wraps `std`, asking for its file type (free when
    /// the OS reports it with the entry, one `lstat` otherwise).
    fn new(std: std::fs::DirEntry) -> DirEntry {
        let file_type = std.file_type().ok();
        DirEntry {
            std: Arc::new(std),
            file_type,
        }
    }

    /// The full path of the entry: the path given to [`read_dir`] joined
    /// with [`file_name`](Self::file_name).
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// let dir = std::env::temp_dir().join(format!("rt-fs-doc-path-{}", std::process::id()));
    /// rt_fs::create_dir_all(&dir).await?;
    /// rt_fs::write(dir.join("f"), b"").await?;
    /// let entry = rt_fs::read_dir(&dir).await?.next_entry().await?.unwrap();
    /// assert_eq!(entry.path(), dir.join("f"));
    /// # rt_fs::remove_dir_all(&dir).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub fn path(&self) -> PathBuf {
        self.std.path()
    }

    /// The entry's name within its directory.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// let dir = std::env::temp_dir().join(format!("rt-fs-doc-name-{}", std::process::id()));
    /// rt_fs::create_dir_all(&dir).await?;
    /// rt_fs::write(dir.join("named"), b"").await?;
    /// let entry = rt_fs::read_dir(&dir).await?.next_entry().await?.unwrap();
    /// assert_eq!(entry.file_name(), "named");
    /// # rt_fs::remove_dir_all(&dir).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub fn file_name(&self) -> OsString {
        self.std.file_name()
    }

    /// The entry's inode number, as reported by the directory listing.
    ///
    /// # Portability
    ///
    /// Unix only.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// use std::os::unix::fs::MetadataExt;
    ///
    /// let dir = std::env::temp_dir().join(format!("rt-fs-doc-ino-{}", std::process::id()));
    /// rt_fs::create_dir_all(&dir).await?;
    /// rt_fs::write(dir.join("f"), b"").await?;
    /// let entry = rt_fs::read_dir(&dir).await?.next_entry().await?.unwrap();
    /// assert_eq!(entry.ino(), rt_fs::metadata(dir.join("f")).await?.ino());
    /// # rt_fs::remove_dir_all(&dir).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    #[cfg(unix)]
    pub fn ino(&self) -> u64 {
        std::os::unix::fs::DirEntryExt::ino(&*self.std)
    }

    /// The entry's metadata, not following a symbolic link (like
    /// [`std::fs::DirEntry::metadata`]). One blocking-pool job.
    ///
    /// # Errors
    ///
    /// `NotFound` if the entry was removed since it was listed;
    /// permission errors.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: the job only reads.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// let dir = std::env::temp_dir().join(format!("rt-fs-doc-emeta-{}", std::process::id()));
    /// rt_fs::create_dir_all(&dir).await?;
    /// rt_fs::write(dir.join("f"), b"four").await?;
    /// let entry = rt_fs::read_dir(&dir).await?.next_entry().await?.unwrap();
    /// assert_eq!(entry.metadata().await?.len(), 4);
    /// # rt_fs::remove_dir_all(&dir).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub async fn metadata(&self) -> io::Result<Metadata> {
        let std = Arc::clone(&self.std);
        asyncify(move || std.metadata()).await
    }

    /// The entry's file type, not following a symbolic link. Answered
    /// without a job when the OS reported the type with the entry (most
    /// Unix file systems), else one blocking-pool job.
    ///
    /// # Errors
    ///
    /// As [`metadata`](Self::metadata), when a job is needed.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: the job only reads.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// let dir = std::env::temp_dir().join(format!("rt-fs-doc-etype-{}", std::process::id()));
    /// rt_fs::create_dir_all(&dir).await?;
    /// rt_fs::write(dir.join("f"), b"").await?;
    /// let entry = rt_fs::read_dir(&dir).await?.next_entry().await?.unwrap();
    /// assert!(entry.file_type().await?.is_file());
    /// # rt_fs::remove_dir_all(&dir).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub async fn file_type(&self) -> io::Result<FileType> {
        if let Some(file_type) = self.file_type {
            return Ok(file_type);
        }
        let std = Arc::clone(&self.std);
        asyncify(move || std.file_type()).await
    }
}
