//! The path helpers: each is one blocking-pool job running its `std::fs`
//! counterpart.
//!
//! Cancel safety is the same for all of them: dropping the future before
//! it completes does not stop the job (a blocking call cannot be
//! interrupted); the operation still happens and its result is discarded.

use crate::blocking::asyncify;
use std::fs::{Metadata, Permissions};
use std::io;
use std::path::{Path, PathBuf};

/// Reads the whole file at `path` into a vector, like [`std::fs::read`].
///
/// One blocking-pool job, however large the file (the vector is sized
/// from the file's length up front).
///
/// # Errors
///
/// As [`std::fs::read`]: `NotFound` if `path` does not exist,
/// `PermissionDenied`, an error for a directory, and read errors.
///
/// # Cancel safety
///
/// Dropping the future does not stop the job; the bytes read are
/// discarded.
///
/// # Panics
///
/// When polled outside a runtime (see the crate docs).
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let path = std::env::temp_dir().join(format!("rt-fs-doc-read-{}", std::process::id()));
/// rt_fs::write(&path, b"bytes").await?;
/// assert_eq!(rt_fs::read(&path).await?, b"bytes");
/// # rt_fs::remove_file(&path).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn read(path: impl AsRef<Path>) -> io::Result<Vec<u8>> {
    let path = path.as_ref().to_owned();
    asyncify(move || std::fs::read(path)).await
}

/// Reads the whole file at `path` into a string, like
/// [`std::fs::read_to_string`]. One blocking-pool job.
///
/// # Errors
///
/// As [`std::fs::read_to_string`]; `InvalidData` if the contents are not
/// UTF-8.
///
/// # Cancel safety
///
/// Dropping the future does not stop the job; the text is discarded.
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let path = std::env::temp_dir().join(format!("rt-fs-doc-rts-{}", std::process::id()));
/// rt_fs::write(&path, "text").await?;
/// assert_eq!(rt_fs::read_to_string(&path).await?, "text");
/// # rt_fs::remove_file(&path).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn read_to_string(path: impl AsRef<Path>) -> io::Result<String> {
    let path = path.as_ref().to_owned();
    asyncify(move || std::fs::read_to_string(path)).await
}

/// Writes `contents` as the whole content of the file at `path`, creating
/// it if needed and truncating it otherwise, like [`std::fs::write`].
///
/// The bytes are copied once (the job needs to own them), then written in
/// one blocking-pool job.
///
/// # Errors
///
/// As [`std::fs::write`]: `NotFound` if the parent directory does not
/// exist, `PermissionDenied`, write errors.
///
/// # Cancel safety
///
/// Dropping the future does not stop the job: the file is still written.
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let path = std::env::temp_dir().join(format!("rt-fs-doc-write-{}", std::process::id()));
/// rt_fs::write(&path, b"first").await?;
/// rt_fs::write(&path, b"second").await?;
/// assert_eq!(rt_fs::read(&path).await?, b"second");
/// # rt_fs::remove_file(&path).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn write(path: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> io::Result<()> {
    let path = path.as_ref().to_owned();
    let contents = contents.as_ref().to_owned();
    asyncify(move || std::fs::write(path, contents)).await
}

/// Copies the contents and permissions of the file `from` to `to`,
/// returning the number of bytes copied, like [`std::fs::copy`] (which
/// uses the kernel's copy offload where there is one). One blocking-pool
/// job.
///
/// # Errors
///
/// As [`std::fs::copy`]: `NotFound` if `from` does not exist, an error if
/// `from` is not a regular file, permission and I/O errors.
///
/// # Cancel safety
///
/// Dropping the future does not stop the job: the copy still completes.
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let dir = std::env::temp_dir();
/// let a = dir.join(format!("rt-fs-doc-copy-a-{}", std::process::id()));
/// let b = dir.join(format!("rt-fs-doc-copy-b-{}", std::process::id()));
/// rt_fs::write(&a, b"copied").await?;
/// assert_eq!(rt_fs::copy(&a, &b).await?, 6);
/// assert_eq!(rt_fs::read(&b).await?, b"copied");
/// # rt_fs::remove_file(&a).await?;
/// # rt_fs::remove_file(&b).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn copy(from: impl AsRef<Path>, to: impl AsRef<Path>) -> io::Result<u64> {
    let (from, to) = (from.as_ref().to_owned(), to.as_ref().to_owned());
    asyncify(move || std::fs::copy(from, to)).await
}

/// Renames a file or directory, replacing `to` if it exists (where the
/// platform allows), like [`std::fs::rename`]. One blocking-pool job.
///
/// # Errors
///
/// As [`std::fs::rename`]: `NotFound` if `from` does not exist, an error
/// across file systems, permission errors.
///
/// # Cancel safety
///
/// Dropping the future does not stop the job: the rename still happens.
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let dir = std::env::temp_dir();
/// let a = dir.join(format!("rt-fs-doc-rename-a-{}", std::process::id()));
/// let b = dir.join(format!("rt-fs-doc-rename-b-{}", std::process::id()));
/// rt_fs::write(&a, b"moved").await?;
/// rt_fs::rename(&a, &b).await?;
/// assert!(!rt_fs::try_exists(&a).await?);
/// assert_eq!(rt_fs::read(&b).await?, b"moved");
/// # rt_fs::remove_file(&b).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn rename(from: impl AsRef<Path>, to: impl AsRef<Path>) -> io::Result<()> {
    let (from, to) = (from.as_ref().to_owned(), to.as_ref().to_owned());
    asyncify(move || std::fs::rename(from, to)).await
}

/// Removes a file (or a symbolic link, not its target), like
/// [`std::fs::remove_file`]. One blocking-pool job.
///
/// # Errors
///
/// As [`std::fs::remove_file`]: `NotFound`, an error for a directory,
/// permission errors.
///
/// # Cancel safety
///
/// Dropping the future does not stop the job: the file is still removed.
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let path = std::env::temp_dir().join(format!("rt-fs-doc-rmf-{}", std::process::id()));
/// rt_fs::write(&path, b"").await?;
/// rt_fs::remove_file(&path).await?;
/// let err = rt_fs::remove_file(&path).await.unwrap_err();
/// assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn remove_file(path: impl AsRef<Path>) -> io::Result<()> {
    let path = path.as_ref().to_owned();
    asyncify(move || std::fs::remove_file(path)).await
}

/// Removes an empty directory, like [`std::fs::remove_dir`]. One
/// blocking-pool job.
///
/// # Errors
///
/// As [`std::fs::remove_dir`]: `NotFound`, an error if the directory is
/// not empty or is not a directory, permission errors.
///
/// # Cancel safety
///
/// Dropping the future does not stop the job: the directory is still
/// removed.
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let dir = std::env::temp_dir().join(format!("rt-fs-doc-rmd-{}", std::process::id()));
/// rt_fs::create_dir(&dir).await?;
/// rt_fs::remove_dir(&dir).await?;
/// assert!(!rt_fs::try_exists(&dir).await?);
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn remove_dir(path: impl AsRef<Path>) -> io::Result<()> {
    let path = path.as_ref().to_owned();
    asyncify(move || std::fs::remove_dir(path)).await
}

/// Removes a directory and everything in it (without following symbolic
/// links), like [`std::fs::remove_dir_all`]. One blocking-pool job.
///
/// # Errors
///
/// As [`std::fs::remove_dir_all`]: `NotFound`, permission errors; an
/// error part way leaves what was not removed yet.
///
/// # Cancel safety
///
/// Dropping the future does not stop the job: the tree is still removed.
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let dir = std::env::temp_dir().join(format!("rt-fs-doc-rmall-{}", std::process::id()));
/// rt_fs::create_dir_all(dir.join("a/b")).await?;
/// rt_fs::write(dir.join("a/b/file"), b"x").await?;
/// rt_fs::remove_dir_all(&dir).await?;
/// assert!(!rt_fs::try_exists(&dir).await?);
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn remove_dir_all(path: impl AsRef<Path>) -> io::Result<()> {
    let path = path.as_ref().to_owned();
    asyncify(move || std::fs::remove_dir_all(path)).await
}

/// Creates a directory, like [`std::fs::create_dir`]; the parent must
/// exist. One blocking-pool job. See [`DirBuilder`](crate::DirBuilder)
/// for the mode and recursive options.
///
/// # Errors
///
/// As [`std::fs::create_dir`]: `AlreadyExists`, `NotFound` if the parent
/// is missing, permission errors.
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
/// let dir = std::env::temp_dir().join(format!("rt-fs-doc-mkdir-{}", std::process::id()));
/// rt_fs::create_dir(&dir).await?;
/// assert!(rt_fs::metadata(&dir).await?.is_dir());
/// let err = rt_fs::create_dir(&dir).await.unwrap_err();
/// assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
/// # rt_fs::remove_dir(&dir).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn create_dir(path: impl AsRef<Path>) -> io::Result<()> {
    let path = path.as_ref().to_owned();
    asyncify(move || std::fs::create_dir(path)).await
}

/// Creates a directory and all its missing parents, like
/// [`std::fs::create_dir_all`]; succeeds if it already exists. One
/// blocking-pool job.
///
/// # Errors
///
/// As [`std::fs::create_dir_all`]: an error if a component exists and is
/// not a directory, permission errors.
///
/// # Cancel safety
///
/// Dropping the future does not stop the job: the directories are still
/// created.
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let dir = std::env::temp_dir().join(format!("rt-fs-doc-mkdirall-{}", std::process::id()));
/// rt_fs::create_dir_all(dir.join("x/y/z")).await?;
/// rt_fs::create_dir_all(dir.join("x/y/z")).await?; // already there: fine
/// assert!(rt_fs::metadata(dir.join("x/y/z")).await?.is_dir());
/// # rt_fs::remove_dir_all(&dir).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn create_dir_all(path: impl AsRef<Path>) -> io::Result<()> {
    let path = path.as_ref().to_owned();
    asyncify(move || std::fs::create_dir_all(path)).await
}

/// Returns the metadata of the file or directory at `path`, following
/// symbolic links, like [`std::fs::metadata`]. One blocking-pool job.
///
/// # Errors
///
/// As [`std::fs::metadata`]: `NotFound`, permission errors.
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
/// let path = std::env::temp_dir().join(format!("rt-fs-doc-meta-{}", std::process::id()));
/// rt_fs::write(&path, b"12345").await?;
/// let meta = rt_fs::metadata(&path).await?;
/// assert!(meta.is_file());
/// assert_eq!(meta.len(), 5);
/// # rt_fs::remove_file(&path).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn metadata(path: impl AsRef<Path>) -> io::Result<Metadata> {
    let path = path.as_ref().to_owned();
    asyncify(move || std::fs::metadata(path)).await
}

/// Returns the metadata of `path` itself, not following a symbolic link,
/// like [`std::fs::symlink_metadata`]. One blocking-pool job.
///
/// # Errors
///
/// As [`std::fs::symlink_metadata`]: `NotFound`, permission errors.
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
/// let path = std::env::temp_dir().join(format!("rt-fs-doc-smeta-{}", std::process::id()));
/// rt_fs::write(&path, b"").await?;
/// assert!(rt_fs::symlink_metadata(&path).await?.file_type().is_file());
/// # rt_fs::remove_file(&path).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn symlink_metadata(path: impl AsRef<Path>) -> io::Result<Metadata> {
    let path = path.as_ref().to_owned();
    asyncify(move || std::fs::symlink_metadata(path)).await
}

/// Returns the absolute, normalized form of `path` with every symbolic
/// link resolved, like [`std::fs::canonicalize`]. One blocking-pool job.
///
/// # Errors
///
/// As [`std::fs::canonicalize`]: `NotFound` if `path` does not exist.
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
/// let dir = std::env::temp_dir().join(format!("rt-fs-doc-canon-{}", std::process::id()));
/// rt_fs::create_dir_all(dir.join("sub")).await?;
/// let canonical = rt_fs::canonicalize(dir.join("sub/..")).await?;
/// assert_eq!(canonical, rt_fs::canonicalize(&dir).await?);
/// assert!(canonical.is_absolute());
/// # rt_fs::remove_dir_all(&dir).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn canonicalize(path: impl AsRef<Path>) -> io::Result<PathBuf> {
    let path = path.as_ref().to_owned();
    asyncify(move || std::fs::canonicalize(path)).await
}

/// Creates a hard link `link` to the file `original`, like
/// [`std::fs::hard_link`]. One blocking-pool job.
///
/// # Errors
///
/// As [`std::fs::hard_link`]: `NotFound` if `original` does not exist,
/// `AlreadyExists` if `link` does, an error across file systems.
///
/// # Cancel safety
///
/// Dropping the future does not stop the job: the link is still created.
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let dir = std::env::temp_dir();
/// let a = dir.join(format!("rt-fs-doc-hl-a-{}", std::process::id()));
/// let b = dir.join(format!("rt-fs-doc-hl-b-{}", std::process::id()));
/// rt_fs::write(&a, b"shared").await?;
/// rt_fs::hard_link(&a, &b).await?;
/// rt_fs::write(&a, b"changed").await?;
/// assert_eq!(rt_fs::read(&b).await?, b"changed");
/// # rt_fs::remove_file(&a).await?;
/// # rt_fs::remove_file(&b).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn hard_link(original: impl AsRef<Path>, link: impl AsRef<Path>) -> io::Result<()> {
    let (original, link) = (original.as_ref().to_owned(), link.as_ref().to_owned());
    asyncify(move || std::fs::hard_link(original, link)).await
}

/// Creates a symbolic link `link` pointing at `original`, like
/// [`std::os::unix::fs::symlink`]. One blocking-pool job.
///
/// # Portability
///
/// Unix only, as in Tokio (Windows distinguishes file and directory
/// links).
///
/// # Errors
///
/// `AlreadyExists` if `link` exists, `NotFound` if its parent does not,
/// permission errors. `original` need not exist.
///
/// # Cancel safety
///
/// Dropping the future does not stop the job: the link is still created.
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let dir = std::env::temp_dir();
/// let target = dir.join(format!("rt-fs-doc-sl-t-{}", std::process::id()));
/// let link = dir.join(format!("rt-fs-doc-sl-l-{}", std::process::id()));
/// rt_fs::write(&target, b"via link").await?;
/// rt_fs::symlink(&target, &link).await?;
/// assert_eq!(rt_fs::read(&link).await?, b"via link");
/// assert_eq!(rt_fs::read_link(&link).await?, target);
/// # rt_fs::remove_file(&link).await?;
/// # rt_fs::remove_file(&target).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
#[cfg(unix)]
pub async fn symlink(original: impl AsRef<Path>, link: impl AsRef<Path>) -> io::Result<()> {
    let (original, link) = (original.as_ref().to_owned(), link.as_ref().to_owned());
    asyncify(move || std::os::unix::fs::symlink(original, link)).await
}

/// Returns the target a symbolic link points at, like
/// [`std::fs::read_link`]. One blocking-pool job.
///
/// # Errors
///
/// As [`std::fs::read_link`]: `NotFound`, `InvalidInput` if `path` is not
/// a symbolic link.
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
/// let link = std::env::temp_dir().join(format!("rt-fs-doc-rl-{}", std::process::id()));
/// # #[cfg(unix)] {
/// rt_fs::symlink("somewhere/else", &link).await?;
/// assert_eq!(rt_fs::read_link(&link).await?, std::path::Path::new("somewhere/else"));
/// # rt_fs::remove_file(&link).await?;
/// # }
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn read_link(path: impl AsRef<Path>) -> io::Result<PathBuf> {
    let path = path.as_ref().to_owned();
    asyncify(move || std::fs::read_link(path)).await
}

/// Changes the permissions of the file or directory at `path`, like
/// [`std::fs::set_permissions`]. One blocking-pool job.
///
/// # Errors
///
/// As [`std::fs::set_permissions`]: `NotFound`, permission errors.
///
/// # Cancel safety
///
/// Dropping the future does not stop the job: the permissions still
/// change.
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let path = std::env::temp_dir().join(format!("rt-fs-doc-perm-{}", std::process::id()));
/// rt_fs::write(&path, b"").await?;
/// let mut perms = rt_fs::metadata(&path).await?.permissions();
/// perms.set_readonly(true);
/// rt_fs::set_permissions(&path, perms).await?;
/// assert!(rt_fs::metadata(&path).await?.permissions().readonly());
/// # rt_fs::remove_file(&path).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn set_permissions(path: impl AsRef<Path>, perm: Permissions) -> io::Result<()> {
    let path = path.as_ref().to_owned();
    asyncify(move || std::fs::set_permissions(path, perm)).await
}

/// Returns whether `path` exists (following symbolic links): `Ok(false)`
/// when it does not, an error when that cannot be determined, like
/// [`Path::try_exists`]. One blocking-pool job.
///
/// # Errors
///
/// Errors other than "not found", for example `PermissionDenied` on a
/// parent directory.
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
/// let path = std::env::temp_dir().join(format!("rt-fs-doc-exists-{}", std::process::id()));
/// assert!(!rt_fs::try_exists(&path).await?);
/// rt_fs::write(&path, b"").await?;
/// assert!(rt_fs::try_exists(&path).await?);
/// # rt_fs::remove_file(&path).await?;
/// # std::io::Result::Ok(())
/// # }).unwrap();
/// ```
pub async fn try_exists(path: impl AsRef<Path>) -> io::Result<bool> {
    let path = path.as_ref().to_owned();
    asyncify(move || path.try_exists()).await
}
