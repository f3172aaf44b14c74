//! [`DirBuilder`]: directory creation with options.

use crate::blocking::asyncify;
use std::io;
use std::path::Path;

/// Creates directories with options (recursive, Unix mode), like
/// [`std::fs::DirBuilder`].
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let dir = std::env::temp_dir().join(format!("rt-fs-doc-dirbuilder-{}", std::process::id()));
/// rt_fs::DirBuilder::new().recursive(true).create(dir.join("a/b")).await?;
/// assert!(rt_fs::metadata(dir.join("a/b")).await?.is_dir());
/// # rt_fs::remove_dir_all(&dir).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
#[derive(Debug, Default, Clone)]
pub struct DirBuilder {
    recursive: bool,
    #[cfg(unix)]
    mode: Option<u32>,
}

impl DirBuilder {
    /// A builder with default options: not recursive, mode `0o777`
    /// (before the process umask) on Unix.
    ///
    /// # Examples
    ///
    /// ```
    /// let builder = rt_fs::DirBuilder::new();
    /// # drop(builder);
    /// ```
    pub fn new() -> DirBuilder {
        DirBuilder::default()
    }

    /// Whether [`create`](Self::create) also creates missing parents
    /// (and succeeds if the directory already exists). Default `false`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut builder = rt_fs::DirBuilder::new();
    /// builder.recursive(true);
    /// ```
    pub fn recursive(&mut self, recursive: bool) -> &mut Self {
        self.recursive = recursive;
        self
    }

    /// Sets the permission bits of created directories (before the
    /// process umask). Default `0o777`.
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
    /// let dir = std::env::temp_dir().join(format!("rt-fs-doc-dirmode-{}", std::process::id()));
    /// rt_fs::DirBuilder::new().mode(0o700).create(&dir).await?;
    /// let mode = rt_fs::metadata(&dir).await?.permissions().mode();
    /// assert_eq!(mode & 0o777, 0o700);
    /// # rt_fs::remove_dir(&dir).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    #[cfg(unix)]
    pub fn mode(&mut self, mode: u32) -> &mut Self {
        self.mode = Some(mode);
        self
    }

    /// Creates the directory `path` with these options, in one
    /// blocking-pool job.
    ///
    /// # Errors
    ///
    /// As [`std::fs::DirBuilder::create`]: `AlreadyExists` (not
    /// recursive), `NotFound` for a missing parent (not recursive),
    /// permission errors.
    ///
    /// # Cancel safety
    ///
    /// Dropping the future does not stop the job: the directory is still
    /// created.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// # rt.block_on(async {
    /// let dir = std::env::temp_dir().join(format!("rt-fs-doc-dbcreate-{}", std::process::id()));
    /// let builder = rt_fs::DirBuilder::new();
    /// builder.create(&dir).await?;
    /// assert_eq!(
    ///     builder.create(&dir).await.unwrap_err().kind(),
    ///     std::io::ErrorKind::AlreadyExists
    /// );
    /// # rt_fs::remove_dir(&dir).await?;
    /// # std::io::Result::Ok(())
    /// # }).unwrap();
    /// ```
    pub async fn create(&self, path: impl AsRef<Path>) -> io::Result<()> {
        let path = path.as_ref().to_owned();
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(self.recursive);
        #[cfg(unix)]
        if let Some(mode) = self.mode {
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, mode);
        }
        asyncify(move || builder.create(path)).await
    }
}
