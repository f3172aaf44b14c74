//! Files and directories for rt, through rt-core's blocking pool — Tokio's
//! `tokio::fs`, re-exported by the `rt` facade as `rt::fs`.
//!
//! Operating systems offer no portable readiness model for regular files,
//! so every file-system call here runs as a job on the runtime's blocking
//! pool (`rt_core::task::spawn_blocking`); no I/O driver is needed.
//!
//! # Contents
//!
//! - **Whole-file and path helpers**, each ONE blocking-pool job:
//!   [`read`], [`read_to_string`], [`write()`], [`copy`], [`rename`],
//!   [`remove_file`], [`remove_dir`], [`remove_dir_all`], [`create_dir`],
//!   [`create_dir_all`], [`metadata`], [`symlink_metadata`],
//!   [`canonicalize`], [`hard_link`], [`symlink`] (unix), [`read_link`],
//!   [`set_permissions`], [`try_exists`].
//! - **Directories**: [`read_dir`] with [`ReadDir`] and [`DirEntry`]
//!   (entries fetched in batches, one job per batch), [`DirBuilder`].
//! - **Files**: [`File`] (`AsyncRead` + `AsyncWrite` + `AsyncSeek`) and
//!   [`OpenOptions`].
//!
//! # Speed
//!
//! Tokio's `File` makes one blocking-pool round trip per `read` call. rt's
//! [`File`] keeps a read-ahead buffer that grows while reads are
//! sequential (16 KiB, 64 KiB, ... up to [`File::set_max_buf_size`],
//! 2 MiB by default), so one job serves many small reads, and a
//! write-behind buffer that is handed to the pool when it fills or on
//! `flush`, while the caller keeps writing into a second buffer. The
//! buffer rules (and why seeks, `set_len` and mixed reads and writes stay
//! exact) are in [`File`]'s documentation.
//!
//! # Errors and panics
//!
//! Failures are `io::Error`s (a missing file is
//! [`ErrorKind::NotFound`](std::io::ErrorKind::NotFound)), never panics.
//! Using this crate outside a runtime panics, as `spawn_blocking` does:
//! "`rt::task::spawn_blocking` must be called from within a runtime".
//!
//! # Cancel safety
//!
//! A blocking job cannot be interrupted. Dropping the future of a path
//! helper (say, [`write()`]) before it completes does not stop the job: the
//! operation still happens, its result is discarded. [`File`]'s methods
//! document what a dropped future leaves behind; in short, nothing is
//! lost and the next operation on the file waits for the job in flight.
//!
//! ```
//! # let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
//! # rt.block_on(async {
//! use rt_io::{AsyncReadExt, AsyncWriteExt};
//!
//! let dir = std::env::temp_dir().join(format!("rt-fs-doc-crate-{}", std::process::id()));
//! rt_fs::create_dir_all(&dir).await?;
//! let path = dir.join("hello.txt");
//!
//! let mut file = rt_fs::File::create(&path).await?;
//! file.write_all(b"hello, world").await?;
//! file.flush().await?;
//!
//! let mut contents = String::new();
//! rt_fs::File::open(&path).await?.read_to_string(&mut contents).await?;
//! assert_eq!(contents, "hello, world");
//!
//! rt_fs::remove_dir_all(&dir).await?;
//! # std::io::Result::Ok(())
//! # }).unwrap();
//! ```
#![deny(unsafe_op_in_unsafe_fn)]
#![forbid(unsafe_code)]

mod blocking;
mod dir_builder;
mod file;
mod functions;
mod open_options;
mod read_dir;

pub use dir_builder::DirBuilder;
pub use file::File;
#[cfg(unix)]
pub use functions::symlink;
pub use functions::{
    canonicalize, copy, create_dir, create_dir_all, hard_link, metadata, read, read_link,
    read_to_string, remove_dir, remove_dir_all, remove_file, rename, set_permissions,
    symlink_metadata, try_exists, write,
};
pub use open_options::OpenOptions;
pub use read_dir::{read_dir, DirEntry, ReadDir};
