//! `fs` workloads (issues 8 and 10), rt beside tokio: sequential small
//! reads of one file, and many small files written and read concurrently.
//!
//! Each function below is one iteration; [`benches::rt_and_tokio!`]
//! compiles it against `::rt` and against `::tokio` (the alias `runtime`).
//! Each group also holds a third benchmark, `std`: the same file work with
//! std::fs on the calling thread, no runtime (issue 8's stretch target:
//! `fs_seq_read_4k` within 3x of it). `cargo xtask bench` shows it as the
//! group's limit.
// criterion_group!/criterion_main! and the macro's modules generate items
// without docs; the workloads are documented here and in BENCHMARKS.md.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::OnceLock;

/// A 4 MB file created once per process (outside the timed loops).
fn big_file() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("rt-bench-fs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big");
        std::fs::write(&path, vec![7u8; 4 << 20]).unwrap();
        path
    })
}

/// A directory for the small files, created once per process.
fn small_dir() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("rt-bench-fs-small-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

benches::rt_and_tokio! {
    workloads {
        fs_seq_read_4k: [MultiThread],
        fs_small_files: [MultiThread],
    }

    use runtime::io::AsyncReadExt;

    /// 1,000 sequential 4 KiB `read`s on one open file (4 MB).
    pub(crate) fn fs_seq_read_4k(rt: &Runtime) {
        rt.block_on(async {
            let mut f = runtime::fs::File::open(big_file()).await.unwrap();
            let mut buf = vec![0u8; 4096];
            let mut total = 0;
            for _ in 0..1_000 {
                let n = f.read(&mut buf).await.unwrap();
                total += n;
            }
            black_box(total);
        });
    }

    /// 500 tasks each write a 1 KiB file and read it back.
    pub(crate) fn fs_small_files(rt: &Runtime) {
        rt.block_on(async {
            let tasks: Vec<_> = (0..500)
                .map(|i| {
                    runtime::spawn(async move {
                        let path = small_dir().join(format!("f{i}"));
                        runtime::fs::write(&path, [i as u8; 1024]).await.unwrap();
                        let back = runtime::fs::read(&path).await.unwrap();
                        black_box(back.len())
                    })
                })
                .collect();
            for t in tasks {
                t.await.unwrap();
            }
        });
    }
}

/// The workloads' std::fs versions: the same system calls with no
/// runtime, in the order one thread would make them.
mod std_impl {
    use super::{big_file, black_box, small_dir};
    use std::io::Read;

    /// 1,000 sequential 4 KiB `read`s on one open file.
    pub(crate) fn fs_seq_read_4k() {
        let mut f = std::fs::File::open(big_file()).unwrap();
        let mut buf = vec![0u8; 4096];
        let mut total = 0;
        for _ in 0..1_000 {
            total += f.read(&mut buf).unwrap();
        }
        black_box(total);
    }

    /// The 500 small files, written and read back one after another.
    pub(crate) fn fs_small_files() {
        for i in 0..500 {
            let path = small_dir().join(format!("f{i}"));
            std::fs::write(&path, [i as u8; 1024]).unwrap();
            black_box(std::fs::read(&path).unwrap().len());
        }
    }
}

/// rt's and tokio's benchmarks (the macro's `register`), then std's as the
/// third benchmark of each group (criterion allows a group name again as
/// long as each full benchmark id is unique).
fn register_with_std(c: &mut criterion::Criterion) {
    register(c);
    let workloads: [(&str, fn()); 2] = [
        ("fs_seq_read_4k", std_impl::fs_seq_read_4k),
        ("fs_small_files", std_impl::fs_small_files),
    ];
    for (name, run) in workloads {
        let mut group = c.benchmark_group(format!("{name}/{}", benches::Flavour::MultiThread));
        group.bench_function("std", |b| b.iter(run));
        group.finish();
    }
}

criterion::criterion_group!(benches, register_with_std);
criterion::criterion_main!(benches);
