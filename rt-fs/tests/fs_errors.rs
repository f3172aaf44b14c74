//! Error paths: missing files are `NotFound` errors (never panics),
//! background-write errors are reported by the next operation exactly
//! once, and use outside a runtime panics with spawn_blocking's message.

#[macro_use]
mod support;

use rt_fs::{DirBuilder, File, OpenOptions};
use rt_io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
use std::io::{ErrorKind, SeekFrom};
use support::TempDir;

#[track_caller]
fn not_found<T: std::fmt::Debug>(r: std::io::Result<T>) {
    assert_eq!(r.unwrap_err().kind(), ErrorKind::NotFound);
}

/// `/dev/full` accepts opens and fails every write with ENOSPC.
async fn dev_full() -> File {
    OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/full")
        .await
        .expect("/dev/full")
}

flavors! {
    async fn missing_paths_are_not_found() {
        let dir = TempDir::new("err-missing");
        let missing = dir.join("missing");
        let other = dir.join("other");
        not_found(File::open(&missing).await);
        not_found(OpenOptions::new().write(true).open(&missing).await);
        not_found(File::create(missing.join("child")).await);
        not_found(rt_fs::read(&missing).await);
        not_found(rt_fs::read_to_string(&missing).await);
        not_found(rt_fs::write(missing.join("child"), b"x").await);
        not_found(rt_fs::metadata(&missing).await);
        not_found(rt_fs::symlink_metadata(&missing).await);
        not_found(rt_fs::remove_file(&missing).await);
        not_found(rt_fs::remove_dir(&missing).await);
        not_found(rt_fs::remove_dir_all(&missing).await);
        not_found(rt_fs::read_dir(&missing).await);
        not_found(rt_fs::canonicalize(&missing).await);
        not_found(rt_fs::copy(&missing, &other).await);
        not_found(rt_fs::rename(&missing, &other).await);
        not_found(rt_fs::hard_link(&missing, &other).await);
        not_found(rt_fs::read_link(&missing).await);
        let perms = std::fs::metadata(dir.path()).unwrap().permissions();
        not_found(rt_fs::set_permissions(&missing, perms).await);
        not_found(rt_fs::create_dir(missing.join("child")).await);
        not_found(DirBuilder::new().create(missing.join("child")).await);
        assert!(!rt_fs::try_exists(&missing).await.unwrap());
    }

    async fn flush_reports_a_failed_background_write_once() {
        let mut f = dev_full().await;
        // Accepted into the write-behind buffer.
        f.write_all(b"doomed").await.unwrap();
        let err = f.flush().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::StorageFull);
        // Reported once; the data it covered is gone.
        f.flush().await.unwrap();
    }

    async fn the_next_operation_reports_a_failed_write() {
        // Seek.
        let mut f = dev_full().await;
        f.write_all(b"x").await.unwrap();
        assert_eq!(f.seek(SeekFrom::Start(0)).await.unwrap_err().kind(), ErrorKind::StorageFull);
        f.seek(SeekFrom::Start(0)).await.unwrap();
        // Read (the write goes first, in the read's job).
        f.write_all(b"x").await.unwrap();
        let mut buf = [0u8; 4];
        assert_eq!(f.read(&mut buf).await.unwrap_err().kind(), ErrorKind::StorageFull);
        assert_eq!(f.read(&mut buf).await.unwrap(), 4);
        // Metadata and syncs.
        f.write_all(b"x").await.unwrap();
        assert_eq!(f.metadata().await.unwrap_err().kind(), ErrorKind::StorageFull);
        f.metadata().await.unwrap();
        f.write_all(b"x").await.unwrap();
        assert_eq!(f.sync_all().await.unwrap_err().kind(), ErrorKind::StorageFull);
        // A position query needs no write (rule 2), so the error waits
        // for the next operation that does.
        f.write_all(b"x").await.unwrap();
        f.stream_position().await.unwrap();
        assert_eq!(f.flush().await.unwrap_err().kind(), ErrorKind::StorageFull);
    }

    async fn a_write_after_a_failed_background_write_fails() {
        let mut f = dev_full().await;
        // Larger than the first write-behind threshold: written in the
        // background while write_all returns.
        let big = vec![1u8; 200 * 1024];
        let first = f.write_all(&big).await;
        let second = f.write_all(&big).await;
        let flushed = f.flush().await;
        let errors = [first.is_err(), second.is_err(), flushed.is_err()];
        assert_eq!(errors.iter().filter(|e| **e).count(), 1, "{errors:?}");
    }

    async fn writing_a_read_only_file_fails_at_flush() {
        let dir = TempDir::new("err-ro");
        let path = dir.join("f");
        std::fs::write(&path, b"data").unwrap();
        let mut f = File::open(&path).await.unwrap();
        f.write_all(b"nope").await.unwrap();
        assert!(f.flush().await.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"data");
        assert!(f.set_len(0).await.is_err());
        let mut s = String::new();
        f.read_to_string(&mut s).await.unwrap();
        assert_eq!(s, "data");
    }

    async fn create_new_on_existing_is_already_exists() {
        let dir = TempDir::new("err-exists");
        let path = dir.join("f");
        std::fs::write(&path, b"").unwrap();
        assert_eq!(File::create_new(&path).await.unwrap_err().kind(), ErrorKind::AlreadyExists);
        assert_eq!(rt_fs::create_dir(dir.path()).await.unwrap_err().kind(), ErrorKind::AlreadyExists);
    }

    async fn reading_a_directory_is_an_error() {
        let dir = TempDir::new("err-dir");
        assert!(rt_fs::read(dir.path()).await.is_err());
        let mut f = File::open(dir.path()).await.unwrap();
        let mut buf = [0u8; 8];
        assert!(f.read(&mut buf).await.is_err());
        assert!(rt_fs::read_dir(dir.join("nope")).await.is_err());
        std::fs::write(dir.join("file"), b"").unwrap();
        assert!(rt_fs::read_dir(dir.join("file")).await.is_err());
    }

    async fn start_seek_twice_is_an_error() {
        let dir = TempDir::new("err-seek");
        let path = dir.join("f");
        std::fs::write(&path, b"0123456789").unwrap();
        let mut f = File::open(&path).await.unwrap();
        let mut pinned = std::pin::Pin::new(&mut f);
        rt_io::AsyncSeek::start_seek(pinned.as_mut(), SeekFrom::Start(4)).unwrap();
        let err = rt_io::AsyncSeek::start_seek(pinned.as_mut(), SeekFrom::Start(1)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Other);
        // The first seek stands; a read starts it if nobody completes it.
        let mut buf = [0u8; 2];
        f.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"45");
    }
}

const OUTSIDE: &str = "must be called from within a runtime";

#[test]
#[should_panic(expected = "must be called from within a runtime")]
fn path_helper_outside_a_runtime_panics() {
    let mut fut = std::pin::pin!(rt_fs::read("/definitely/not/here"));
    let _ = support::poll_once(fut.as_mut());
}

#[test]
#[should_panic(expected = "must be called from within a runtime")]
fn file_read_outside_a_runtime_panics() {
    let dir = TempDir::new("err-outside");
    let path = dir.join("f");
    std::fs::write(&path, b"data").unwrap();
    let mut f = File::from_std(std::fs::File::open(&path).unwrap());
    let mut buf = [0u8; 4];
    let mut fut = std::pin::pin!(f.read(&mut buf));
    let _ = support::poll_once(fut.as_mut());
}

#[test]
fn the_outside_message_names_spawn_blocking() {
    let err = std::panic::catch_unwind(|| {
        let mut fut = std::pin::pin!(rt_fs::metadata("/"));
        let _ = support::poll_once(fut.as_mut());
    })
    .unwrap_err();
    let msg = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap();
    assert!(
        msg.contains("spawn_blocking") && msg.contains(OUTSIDE),
        "{msg}"
    );
}
