//! The path helpers, each checked against std and for costing exactly
//! one blocking-pool job.

#[macro_use]
mod support;

use support::{count_wakes, pattern, TempDir};

flavors! {
    /// One job means at most one wake-up (none when the job finished
    /// before the first poll of its handle).
    async fn whole_file_helpers_are_one_job() {
        let dir = TempDir::new("fn-onejob");
        let path = dir.join("f");
        let data = pattern(4_000_000, 1);
        let (r, jobs) = count_wakes(rt_fs::write(&path, &data)).await;
        r.unwrap();
        assert!(jobs <= 1, "{jobs} wake-ups");
        let (back, jobs) = count_wakes(rt_fs::read(&path)).await;
        assert_eq!(back.unwrap(), data);
        assert!(jobs <= 1, "{jobs} wake-ups");
        std::fs::write(&path, "text ✓").unwrap();
        let (text, jobs) = count_wakes(rt_fs::read_to_string(&path)).await;
        assert_eq!(text.unwrap(), "text ✓");
        assert!(jobs <= 1, "{jobs} wake-ups");
    }

    async fn read_to_string_rejects_invalid_utf8() {
        let dir = TempDir::new("fn-utf8");
        let path = dir.join("f");
        std::fs::write(&path, [0xff, 0xfe]).unwrap();
        let err = rt_fs::read_to_string(&path).await.unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    }

    async fn write_truncates() {
        let dir = TempDir::new("fn-write");
        let path = dir.join("f");
        rt_fs::write(&path, b"a long first version").await.unwrap();
        rt_fs::write(&path, "short").await.unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"short");
        rt_fs::write(&path, Vec::new()).await.unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
    }

    async fn copy_rename_remove() {
        let dir = TempDir::new("fn-copy");
        let (a, b, c) = (dir.join("a"), dir.join("b"), dir.join("c"));
        let data = pattern(100_000, 2);
        std::fs::write(&a, &data).unwrap();
        assert_eq!(rt_fs::copy(&a, &b).await.unwrap(), data.len() as u64);
        assert_eq!(std::fs::read(&b).unwrap(), data);
        rt_fs::rename(&b, &c).await.unwrap();
        assert!(!b.exists());
        assert_eq!(std::fs::read(&c).unwrap(), data);
        // Rename replaces an existing target.
        rt_fs::rename(&a, &c).await.unwrap();
        assert!(!a.exists());
        rt_fs::remove_file(&c).await.unwrap();
        assert!(!c.exists());
    }

    async fn metadata_and_symlink_metadata() {
        let dir = TempDir::new("fn-meta");
        let f = dir.join("f");
        let l = dir.join("l");
        std::fs::write(&f, b"123").unwrap();
        rt_fs::symlink(&f, &l).await.unwrap();
        let m = rt_fs::metadata(&l).await.unwrap();
        assert!(m.is_file());
        assert_eq!(m.len(), 3);
        let sm = rt_fs::symlink_metadata(&l).await.unwrap();
        assert!(sm.file_type().is_symlink());
        assert_eq!(rt_fs::read_link(&l).await.unwrap(), f);
        let err = rt_fs::read_link(&f).await.unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    }

    async fn canonicalize_resolves_links_and_dots() {
        let dir = TempDir::new("fn-canon");
        std::fs::create_dir_all(dir.join("real/sub")).unwrap();
        std::os::unix::fs::symlink(dir.join("real"), dir.join("link")).unwrap();
        let got = rt_fs::canonicalize(dir.join("link/sub/..")).await.unwrap();
        assert_eq!(got, std::fs::canonicalize(dir.join("real")).unwrap());
    }

    async fn hard_link_shares_content() {
        use std::os::unix::fs::MetadataExt;

        let dir = TempDir::new("fn-hardlink");
        let (a, b) = (dir.join("a"), dir.join("b"));
        std::fs::write(&a, b"one").unwrap();
        rt_fs::hard_link(&a, &b).await.unwrap();
        assert_eq!(std::fs::metadata(&a).unwrap().ino(), std::fs::metadata(&b).unwrap().ino());
        assert_eq!(std::fs::metadata(&a).unwrap().nlink(), 2);
        let err = rt_fs::hard_link(&a, &b).await.unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    }

    async fn set_permissions_and_try_exists() {
        use std::os::unix::fs::PermissionsExt;

        let dir = TempDir::new("fn-perm");
        let f = dir.join("f");
        assert!(!rt_fs::try_exists(&f).await.unwrap());
        std::fs::write(&f, b"").unwrap();
        assert!(rt_fs::try_exists(&f).await.unwrap());
        rt_fs::set_permissions(&f, std::fs::Permissions::from_mode(0o604)).await.unwrap();
        assert_eq!(std::fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o604);
        // A dangling link does not "exist".
        std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("dangling")).unwrap();
        assert!(!rt_fs::try_exists(dir.join("dangling")).await.unwrap());
    }

    async fn many_concurrent_small_file_round_trips() {
        let dir = std::sync::Arc::new(TempDir::new("fn-many"));
        let tasks: Vec<_> = (0..200u64)
            .map(|i| {
                let dir = dir.clone();
                rt_core::spawn(async move {
                    let path = dir.join(&format!("{i}"));
                    let data = pattern(100 + i as usize, i);
                    rt_fs::write(&path, &data).await.unwrap();
                    assert_eq!(rt_fs::read(&path).await.unwrap(), data);
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
    }
}
