//! Directories: `read_dir` (batches, `DirEntry`), `DirBuilder`,
//! `create_dir(_all)`, `remove_dir(_all)`.

#[macro_use]
mod support;

use rt_fs::DirBuilder;
use std::collections::BTreeSet;
use support::{count_wakes, TempDir};

flavors! {
    async fn read_dir_lists_every_entry_in_a_few_jobs() {
        let dir = TempDir::new("dir-list");
        let mut expect = BTreeSet::new();
        for i in 0..300 {
            let name = format!("file-{i:03}");
            std::fs::write(dir.join(&name), b"").unwrap();
            expect.insert(name);
        }
        std::fs::create_dir(dir.join("sub")).unwrap();
        expect.insert("sub".to_string());

        let (names, jobs) = count_wakes(async {
            let mut names = BTreeSet::new();
            let mut entries = rt_fs::read_dir(dir.path()).await.unwrap();
            while let Some(entry) = entries.next_entry().await.unwrap() {
                assert_eq!(entry.path(), dir.path().join(entry.file_name()));
                names.insert(entry.file_name().into_string().unwrap());
            }
            // Done stays done.
            assert!(entries.next_entry().await.unwrap().is_none());
            names
        })
        .await;
        assert_eq!(names, expect);
        // Open + 32, then batches of 64, 128, 256.
        assert!(jobs <= 5, "{jobs} jobs for 301 entries");
    }

    async fn dir_entry_metadata_file_type_and_ino() {
        use std::os::unix::fs::MetadataExt;

        let dir = TempDir::new("dir-entry");
        std::fs::write(dir.join("f"), b"12345").unwrap();
        std::fs::create_dir(dir.join("d")).unwrap();
        std::os::unix::fs::symlink("f", dir.join("l")).unwrap();
        let mut entries = rt_fs::read_dir(dir.path()).await.unwrap();
        let mut seen = 0;
        while let Some(entry) = entries.next_entry().await.unwrap() {
            seen += 1;
            let ty = entry.file_type().await.unwrap();
            let meta = entry.metadata().await.unwrap();
            assert_eq!(entry.ino(), meta.ino());
            match entry.file_name().to_str().unwrap() {
                "f" => {
                    assert!(ty.is_file());
                    assert_eq!(meta.len(), 5);
                }
                "d" => assert!(ty.is_dir() && meta.is_dir()),
                // Not followed.
                "l" => assert!(ty.is_symlink() && meta.file_type().is_symlink()),
                other => panic!("unexpected entry {other}"),
            }
        }
        assert_eq!(seen, 3);
    }

    async fn empty_directory() {
        let dir = TempDir::new("dir-empty");
        let mut entries = rt_fs::read_dir(dir.path()).await.unwrap();
        assert!(entries.next_entry().await.unwrap().is_none());
    }

    async fn next_entry_is_cancel_safe() {
        let dir = TempDir::new("dir-cancel");
        for i in 0..100 {
            std::fs::write(dir.join(&i.to_string()), b"").unwrap();
        }
        let mut entries = rt_fs::read_dir(dir.path()).await.unwrap();
        let mut count = 0;
        loop {
            // Poll once and drop: a batch fetch may be left in flight.
            {
                let mut fut = std::pin::pin!(entries.next_entry());
                if let std::task::Poll::Ready(entry) = support::poll_once(fut.as_mut()) {
                    match entry.unwrap() {
                        Some(_) => {
                            count += 1;
                            continue;
                        }
                        None => break,
                    }
                }
            }
            match entries.next_entry().await.unwrap() {
                Some(_) => count += 1,
                None => break,
            }
        }
        assert_eq!(count, 100);
    }

    async fn dir_builder_recursive_and_mode() {
        use std::os::unix::fs::PermissionsExt;

        let dir = TempDir::new("dir-builder");
        let deep = dir.join("a/b/c");
        let err = DirBuilder::new().create(&deep).await.unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
        DirBuilder::new().recursive(true).mode(0o750).create(&deep).await.unwrap();
        assert!(std::fs::metadata(&deep).unwrap().is_dir());
        // umask may only remove bits.
        let mode = std::fs::metadata(&deep).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & !0o750, 0);
        // Recursive creation of an existing directory succeeds.
        DirBuilder::new().recursive(true).create(&deep).await.unwrap();
        let err = DirBuilder::new().create(&deep).await.unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    }

    async fn create_and_remove_directories() {
        let dir = TempDir::new("dir-mkrm");
        let a = dir.join("a");
        rt_fs::create_dir(&a).await.unwrap();
        rt_fs::create_dir_all(a.join("b/c")).await.unwrap();
        rt_fs::write(a.join("b/c/file"), b"x").await.unwrap();
        let err = rt_fs::remove_dir(&a).await.unwrap_err();
        assert_ne!(err.kind(), std::io::ErrorKind::NotFound);
        rt_fs::remove_file(a.join("b/c/file")).await.unwrap();
        rt_fs::remove_dir(a.join("b/c")).await.unwrap();
        assert!(!a.join("b/c").exists());
        rt_fs::remove_dir_all(&a).await.unwrap();
        assert!(!a.exists());
    }
}
