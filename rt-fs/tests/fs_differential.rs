//! Randomized differential test: the same seeded sequence of reads,
//! writes, seeks, `set_len`, flushes, metadata and position queries runs
//! on an `rt_fs::File` and on a `std::fs::File` over identical files;
//! every result and the final contents must agree.
//!
//! `AsyncRead::read` may return fewer bytes than std's `read` (it serves
//! what is buffered), so a read is compared as: rt returned `k` bytes;
//! std must yield exactly those `k` bytes next, and `k == 0` only where
//! std is at end of file. Likewise a partial `write` of `k` bytes is
//! replayed on std as `write_all` of those `k` bytes.

#[macro_use]
mod support;

use rt_fs::OpenOptions;
use rt_io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
use std::io::{self, Read, Seek, SeekFrom, Write};
use support::{rt_read_up_to, std_read_up_to, Rng, TempDir};

const SEEDS: u64 = 16;
const OPS: usize = 250;

/// Sizes of one run: file lengths, op sizes and buffer caps.
#[derive(Clone, Copy, Debug)]
enum Profile {
    /// Files up to 48 KiB, ops up to 40 KB, caps from 61 B to 2 MiB.
    Large,
    /// Files up to 300 B, ops up to 40 B, caps of 1 to 16 B: every
    /// buffer boundary is crossed often.
    Tiny,
}

impl Profile {
    fn max_len(self) -> u64 {
        match self {
            Profile::Large => 48 * 1024,
            Profile::Tiny => 300,
        }
    }
}

#[derive(Debug, Clone)]
enum Op {
    Read(usize),
    ReadExactish(usize),
    Write(Vec<u8>),
    WriteAll(Vec<u8>),
    Seek(SeekFrom),
    Flush,
    SetLen(u64),
    Len,
    Position,
    SyncData,
    MaxBuf(usize),
}

fn gen_op(rng: &mut Rng, profile: Profile) -> Op {
    let max_len = profile.max_len();
    let small = |rng: &mut Rng| match profile {
        Profile::Large => match rng.below(4) {
            0 => rng.below(8) as usize,
            1 => rng.range(1, 100) as usize,
            2 => rng.range(1, 5000) as usize,
            _ => rng.range(1, 40_000) as usize,
        },
        Profile::Tiny => rng.below(40) as usize,
    };
    let span = max_len as i64;
    match rng.below(22) {
        0..=4 => Op::Read(small(rng)),
        5..=6 => Op::ReadExactish(small(rng)),
        7..=9 => {
            let n = small(rng);
            Op::Write(rng.bytes(n))
        }
        10..=11 => {
            let n = small(rng);
            Op::WriteAll(rng.bytes(n))
        }
        12..=15 => Op::Seek(match rng.below(3) {
            0 => SeekFrom::Start(rng.below(max_len)),
            1 => SeekFrom::Current(rng.range(0, 2 * max_len) as i64 - span),
            _ => SeekFrom::End(rng.range(0, max_len) as i64 - span * 3 / 4),
        }),
        16 => Op::Flush,
        17 => Op::SetLen(rng.below(max_len)),
        18 => Op::Len,
        19 => Op::Position,
        20 => Op::SyncData,
        _ => Op::MaxBuf(match profile {
            Profile::Large => [61, 1000, 4096, 16 * 1024, 2 * 1024 * 1024][rng.below(5) as usize],
            Profile::Tiny => [1, 2, 3, 7, 16][rng.below(5) as usize],
        }),
    }
}

fn describe(op: &Op) -> String {
    match op {
        Op::Write(d) => format!("Write({})", d.len()),
        Op::WriteAll(d) => format!("WriteAll({})", d.len()),
        other => format!("{other:?}"),
    }
}

fn same<T: PartialEq + std::fmt::Debug>(ctx: &str, a: io::Result<T>, b: io::Result<T>) {
    match (a, b) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{ctx}"),
        (Err(a), Err(b)) => assert_eq!(a.kind(), b.kind(), "{ctx}: {a} vs {b}"),
        (a, b) => panic!("{ctx}: rt {a:?} vs std {b:?}"),
    }
}

async fn run(seed: u64, append: bool, profile: Profile) {
    let dir = TempDir::new("diff");
    let (rt_path, std_path) = (dir.join("rt"), dir.join("std"));
    let mut rng = Rng::new(seed);
    let initial = {
        let n = rng.below(profile.max_len()) as usize;
        rng.bytes(n)
    };
    std::fs::write(&rt_path, &initial).unwrap();
    std::fs::write(&std_path, &initial).unwrap();

    let mut options = OpenOptions::new();
    options.read(true);
    let mut std_options = std::fs::OpenOptions::new();
    std_options.read(true);
    if append {
        options.append(true);
        std_options.append(true);
    } else {
        options.write(true);
        std_options.write(true);
    }
    let mut ours = options.open(&rt_path).await.unwrap();
    if let Profile::Tiny = profile {
        ours.set_max_buf_size(5);
    }
    let mut theirs = std_options.open(&std_path).unwrap();

    let mut log = Vec::new();
    for i in 0..OPS {
        let op = gen_op(&mut rng, profile);
        log.push(describe(&op));
        let recent = &log[log.len().saturating_sub(16)..];
        let ctx = format!(
            "{profile:?} seed {seed} append {append} op {i}: {}",
            recent.join(" | ")
        );
        match op {
            Op::Read(n) => {
                let mut buf = vec![0; n];
                let k = ours.read(&mut buf).await.unwrap();
                assert!(k <= n, "{ctx}");
                let expect = std_read_up_to(&mut theirs, k).unwrap();
                assert_eq!(&buf[..k], &expect[..], "{ctx}");
                if k == 0 && n > 0 {
                    assert_eq!(theirs.read(&mut vec![0; n]).unwrap(), 0, "{ctx}: early EOF");
                }
            }
            Op::ReadExactish(n) => {
                let got = rt_read_up_to(&mut ours, n).await;
                same(&ctx, got, std_read_up_to(&mut theirs, n));
            }
            Op::Write(data) => {
                let k = ours.write(&data).await.unwrap();
                assert!(k <= data.len() && (k > 0 || data.is_empty()), "{ctx}");
                theirs.write_all(&data[..k]).unwrap();
            }
            Op::WriteAll(data) => {
                same(&ctx, ours.write_all(&data).await, theirs.write_all(&data));
            }
            Op::Seek(pos) => same(&ctx, ours.seek(pos).await, theirs.seek(pos)),
            Op::Flush => same(&ctx, ours.flush().await, theirs.flush()),
            Op::SetLen(n) => {
                same(&ctx, ours.set_len(n).await, theirs.set_len(n));
            }
            Op::Len => same(
                &ctx,
                ours.metadata().await.map(|m| m.len()),
                theirs.metadata().map(|m| m.len()),
            ),
            Op::Position => same(&ctx, ours.stream_position().await, theirs.stream_position()),
            Op::SyncData => same(&ctx, ours.sync_data().await, theirs.sync_data()),
            Op::MaxBuf(n) => ours.set_max_buf_size(n),
        }
    }
    let ctx = format!("{profile:?} seed {seed} append {append} final");
    same(&ctx, ours.stream_position().await, theirs.stream_position());
    ours.flush().await.unwrap();
    drop(ours);
    drop(theirs);
    assert_eq!(
        std::fs::read(&rt_path).unwrap(),
        std::fs::read(&std_path).unwrap(),
        "{ctx}: contents differ"
    );
}

flavors! {
    async fn differential_read_write() {
        for seed in 0..SEEDS {
            run(seed, false, Profile::Large).await;
        }
    }

    async fn differential_read_append() {
        for seed in 1000..1000 + SEEDS / 2 {
            run(seed, true, Profile::Large).await;
        }
    }

    async fn differential_tiny_buffers() {
        for seed in 2000..2000 + SEEDS {
            run(seed, seed % 4 == 0, Profile::Tiny).await;
        }
    }
}
