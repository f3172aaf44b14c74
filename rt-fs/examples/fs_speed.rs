//! Quick timing of rt-fs against std::fs (the criterion benchmark beside
//! tokio lives in the benches crate).
//!
//! ```text
//! cargo run --release -p rt-fs --example fs_speed
//! ```
//!
//! Workloads (page cache warm; median of several runs):
//! - 1,000 sequential 4 KiB `read` calls on one file of 4,096,000 bytes;
//! - 1,000 sequential 4 KiB `write_all` calls, then `flush`;
//! - `rt_fs::read` of the whole file vs `std::fs::read`;
//! - 500 concurrent tasks, each creating a 1 KiB file through `File`
//!   (write_all + flush) and reading it back (open + read_to_end), vs the
//!   same 500 round trips done sequentially with std.

use rt_io::{AsyncReadExt, AsyncWriteExt};
use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

const READS: usize = 1000;
const CHUNK: usize = 4096;
const RUNS: usize = 15;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn std_reads(path: &Path) -> Duration {
    let start = Instant::now();
    let mut f = std::fs::File::open(path).unwrap();
    let mut buf = [0u8; CHUNK];
    let mut total = 0;
    for _ in 0..READS {
        total += f.read(&mut buf).unwrap();
    }
    assert_eq!(total, READS * CHUNK);
    start.elapsed()
}

async fn rt_reads(path: &Path) -> Duration {
    let start = Instant::now();
    let mut f = rt_fs::File::open(path).await.unwrap();
    let mut buf = [0u8; CHUNK];
    let mut total = 0;
    for _ in 0..READS {
        // A read may return less than asked; count bytes, not calls.
        let mut got = 0;
        while got < CHUNK {
            got += f.read(&mut buf[got..]).await.unwrap();
        }
        total += got;
    }
    assert_eq!(total, READS * CHUNK);
    start.elapsed()
}

fn std_writes(path: &Path, chunk: &[u8]) -> Duration {
    let start = Instant::now();
    let mut f = std::fs::File::create(path).unwrap();
    for _ in 0..READS {
        f.write_all(chunk).unwrap();
    }
    f.flush().unwrap();
    start.elapsed()
}

async fn rt_writes(path: &Path, chunk: &[u8]) -> Duration {
    let start = Instant::now();
    let mut f = rt_fs::File::create(path).await.unwrap();
    for _ in 0..READS {
        f.write_all(chunk).await.unwrap();
    }
    f.flush().await.unwrap();
    start.elapsed()
}

async fn rt_small_files(dir: &Path) -> Duration {
    let start = Instant::now();
    let tasks: Vec<_> = (0..500)
        .map(|i| {
            let path = dir.join(format!("small-{i}"));
            rt_core::spawn(async move {
                let data = [i as u8; 1024];
                let mut f = rt_fs::File::create(&path).await.unwrap();
                f.write_all(&data).await.unwrap();
                f.flush().await.unwrap();
                let mut back = Vec::new();
                rt_fs::File::open(&path)
                    .await
                    .unwrap()
                    .read_to_end(&mut back)
                    .await
                    .unwrap();
                assert_eq!(back, data);
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    start.elapsed()
}

fn std_small_files(dir: &Path) -> Duration {
    let start = Instant::now();
    for i in 0..500 {
        let path = dir.join(format!("small-{i}"));
        let data = [i as u8; 1024];
        let mut f = std::fs::File::create(&path).unwrap();
        f.write_all(&data).unwrap();
        f.flush().unwrap();
        let mut back = Vec::new();
        std::fs::File::open(&path)
            .unwrap()
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, data);
    }
    start.elapsed()
}

fn report(name: &str, std: Duration, rt: Duration) {
    println!(
        "{name:<40} std {:>9.1?}  rt {:>9.1?}  rt/std {:>5.2}",
        std,
        rt,
        rt.as_secs_f64() / std.as_secs_f64()
    );
}

fn main() {
    let dir = std::env::temp_dir().join(format!("rt-fs-speed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("data");
    let data: Vec<u8> = (0..READS * CHUNK).map(|i| (i * 31 % 251) as u8).collect();
    std::fs::write(&path, &data).unwrap();
    let chunk = vec![7u8; CHUNK];

    for (flavor, rt) in [
        (
            "current-thread",
            rt_core::runtime::Builder::new_current_thread()
                .build()
                .unwrap(),
        ),
        (
            "multi-thread(2)",
            rt_core::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .build()
                .unwrap(),
        ),
    ] {
        println!("-- {flavor}");
        let std_r = median((0..RUNS).map(|_| std_reads(&path)).collect());
        let rt_r = median((0..RUNS).map(|_| rt.block_on(rt_reads(&path))).collect());
        report("1,000 sequential 4 KiB reads (4 MB)", std_r, rt_r);

        let wpath = dir.join("written");
        let std_w = median((0..RUNS).map(|_| std_writes(&wpath, &chunk)).collect());
        let rt_w = median(
            (0..RUNS)
                .map(|_| rt.block_on(rt_writes(&wpath, &chunk)))
                .collect(),
        );
        report("1,000 sequential 4 KiB writes + flush", std_w, rt_w);

        let std_whole = median(
            (0..RUNS)
                .map(|_| {
                    let start = Instant::now();
                    assert_eq!(std::fs::read(&path).unwrap().len(), data.len());
                    start.elapsed()
                })
                .collect(),
        );
        let rt_whole = median(
            (0..RUNS)
                .map(|_| {
                    rt.block_on(async {
                        let start = Instant::now();
                        assert_eq!(rt_fs::read(&path).await.unwrap().len(), data.len());
                        start.elapsed()
                    })
                })
                .collect(),
        );
        report("whole-file read (4 MB)", std_whole, rt_whole);

        let std_small = median((0..RUNS).map(|_| std_small_files(&dir)).collect());
        let rt_small = median(
            (0..RUNS)
                .map(|_| rt.block_on(rt_small_files(&dir)))
                .collect(),
        );
        report(
            "500 small files write+read (concurrent)",
            std_small,
            rt_small,
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
