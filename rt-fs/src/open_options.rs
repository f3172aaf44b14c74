//! [`OpenOptions`]: how to open a [`File`].

use crate::blocking::asyncify;
use crate::file::File;
use std::io;
use std::path::Path;

/// Options for opening a [`File`], like [`std::fs::OpenOptions`]: start
/// with [`new`](Self::new) (everything off), set what you need, then
/// [`open`](Self::open).
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// use rt_io::AsyncWriteExt;
///
/// let path = std::env::temp_dir().join(format!("rt-fs-doc-oo-{}", std::process::id()));
/// let mut log = rt_fs::OpenOptions::new().create(true).append(true).open(&path).await?;
/// log.write_all(b"one\n").await?;
/// log.flush().await?;
/// drop(log);
/// let mut log = rt_fs::OpenOptions::new().append(true).open(&path).await?;
/// log.write_all(b"two\n").await?;
/// log.flush().await?;
/// assert_eq!(rt_fs::read(&path).await?, b"one\ntwo\n");
/// # rt_fs::remove_file(&path).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct OpenOptions {
    std: std::fs::OpenOptions,
    /// Whether `append` was set; `None` when built from a
    /// `std::fs::OpenOptions`, whose settings cannot be read back.
    append: Option<bool>,
}

impl OpenOptions {
    /// Options with every flag off; set at least one of `read`, `write`
    /// or `append` before opening.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut options = rt_fs::OpenOptions::new();
    /// options.read(true);
    /// ```
    pub fn new() -> OpenOptions {
        OpenOptions {
            std: std::fs::OpenOptions::new(),
            append: Some(false),
        }
    }

    /// Opens for reading.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut options = rt_fs::OpenOptions::new();
    /// options.read(true);
    /// ```
    pub fn read(&mut self, read: bool) -> &mut Self {
        self.std.read(read);
        self
    }

    /// Opens for writing (at the file position; see also `append`).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut options = rt_fs::OpenOptions::new();
    /// options.write(true);
    /// ```
    pub fn write(&mut self, write: bool) -> &mut Self {
        self.std.write(write);
        self
    }

    /// Opens for appending: every write goes to the end of the file
    /// (implies `write`).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut options = rt_fs::OpenOptions::new();
    /// options.append(true);
    /// ```
    pub fn append(&mut self, append: bool) -> &mut Self {
        self.std.append(append);
        if self.append.is_some() {
            self.append = Some(append);
        }
        self
    }

    /// Truncates an existing file to length 0 on open (needs `write`).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut options = rt_fs::OpenOptions::new();
    /// options.write(true).truncate(true);
    /// ```
    pub fn truncate(&mut self, truncate: bool) -> &mut Self {
        self.std.truncate(truncate);
        self
    }

    /// Creates the file if it does not exist (needs `write` or `append`).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut options = rt_fs::OpenOptions::new();
    /// options.write(true).create(true);
    /// ```
    pub fn create(&mut self, create: bool) -> &mut Self {
        self.std.create(create);
        self
    }

    /// Creates the file, failing with `AlreadyExists` if it exists
    /// (atomically; `create` and `truncate` are then ignored).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut options = rt_fs::OpenOptions::new();
    /// options.write(true).create_new(true);
    /// ```
    pub fn create_new(&mut self, create_new: bool) -> &mut Self {
        self.std.create_new(create_new);
        self
    }

    /// Sets the permission bits of a newly created file (before the
    /// process umask). Default `0o666`.
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
    /// use std::os::unix::fs::PermissionsExt;
    ///
    /// let path = std::env::temp_dir().join(format!("rt-fs-doc-oomode-{}", std::process::id()));
    /// let file = rt_fs::OpenOptions::new()
    ///     .write(true)
    ///     .create_new(true)
    ///     .mode(0o600)
    ///     .open(&path)
    ///     .await?;
    /// assert_eq!(file.metadata().await?.permissions().mode() & 0o777, 0o600);
    /// # rt_fs::remove_file(&path).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    #[cfg(unix)]
    pub fn mode(&mut self, mode: u32) -> &mut Self {
        std::os::unix::fs::OpenOptionsExt::mode(&mut self.std, mode);
        self
    }

    /// Adds flags to `open(2)`'s flags (for example `O_NOFOLLOW`); the
    /// access mode bits are masked out, as in std.
    ///
    /// # Portability
    ///
    /// Unix only. A flag that makes reads or writes non-blocking (or
    /// `O_APPEND`, which `append` sets and tracks) changes what the
    /// buffer rules of [`File`] can promise; prefer the typed options.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut options = rt_fs::OpenOptions::new();
    /// options.read(true).custom_flags(0);
    /// ```
    #[cfg(unix)]
    pub fn custom_flags(&mut self, flags: i32) -> &mut Self {
        std::os::unix::fs::OpenOptionsExt::custom_flags(&mut self.std, flags);
        // The flags may include O_APPEND: positions after writes are then
        // no longer predictable from the buffer alone.
        if flags != 0 {
            self.append = None;
        }
        self
    }

    /// Opens the file at `path` with these options, in one blocking-pool
    /// job.
    ///
    /// # Errors
    ///
    /// As [`std::fs::OpenOptions::open`]: `NotFound` (no `create`),
    /// `AlreadyExists` (`create_new`), `PermissionDenied`,
    /// `InvalidInput` for contradictory options.
    ///
    /// # Cancel safety
    ///
    /// Dropping the future does not stop the job; a file it opens (or
    /// creates) is closed when the job's result is discarded.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// let missing = std::env::temp_dir().join(format!("rt-fs-doc-ooopen-{}", std::process::id()));
    /// let err = rt_fs::OpenOptions::new().read(true).open(&missing).await.unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub async fn open(&self, path: impl AsRef<Path>) -> io::Result<File> {
        let path = path.as_ref().to_owned();
        let options = self.std.clone();
        let append = self.append;
        asyncify(move || {
            let std = options.open(path)?;
            // One fstat while we are on the pool anyway: whether read-ahead
            // may be used (regular files only).
            let regular = std.metadata().map(|m| m.is_file()).unwrap_or(false);
            Ok(File::from_opened(std, regular, append))
        })
        .await
    }
}

impl Default for OpenOptions {
    fn default() -> OpenOptions {
        OpenOptions::new()
    }
}

impl From<std::fs::OpenOptions> for OpenOptions {
    /// Wraps std options. Whether they append cannot be read back, so the
    /// file's position after buffered writes is learnt from the OS.
    fn from(std: std::fs::OpenOptions) -> OpenOptions {
        OpenOptions { std, append: None }
    }
}
