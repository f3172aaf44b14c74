//! Exhaustive differential test of `rt_fs::File` against `std::fs::File`:
//! every ordered triple `(a, b, c)` of a fixed set of file operations
//! (reads of several sizes, partial and full writes, seeks from every
//! origin and past the end, `set_len` shorter and longer, flush, position
//! and length queries, syncs) runs on both over identical 300-byte files.
//! Every result is compared after every op; after an op documented to
//! hand buffered writes to the OS first (flush, syncs, `metadata`,
//! `set_len`) so are the files' contents as the OS has them; at the end,
//! the final positions, a flush of both, and after dropping both, the
//! files byte for byte.
//!
//! Why: `File` serves I/O through a read-ahead and a write-behind buffer
//! (rt-fs/src/file/mod.rs, rules 1-10), so its OS cursor is usually not
//! where the caller's position is. Seeks, `set_len` and mixed reads and
//! writes must still behave exactly as std's. The randomized test
//! (`fs_differential.rs`) samples long sequences; this one covers every
//! short interaction between two buffered operations and a third that
//! observes it, for three buffer caps: the default (2 MiB: nothing
//! crosses a boundary), 4 (every op crosses one) and 64 (some do):
//! 3 x 18^3 = 17,496 triples. The append-mode runs (read + append:
//! writes go to the end whatever the position) use 15 ops (no syncs, no
//! `set_len` longer), with the default cap and cap 4: 2 x 15^3 = 6,750.
//! Each runs on both runtime flavours.
//!
//! Comparison rules, as in `fs_differential.rs`: `AsyncRead::read` may
//! return fewer bytes than std's `read`, so a read that returned `k`
//! bytes is checked as "std yields exactly those `k` bytes next", and
//! `k == 0` is accepted only where std is at end of file. A partial
//! `write` of `k` bytes is replayed on std as `write_all` of those `k`.
//! Errors are compared by `ErrorKind`.
//!
//! Runtime: each configuration is one `async fn`, instantiated per
//! runtime flavour by `flavors!`, so the test binary runs them on
//! parallel threads. Each function reuses one scratch directory and
//! rewrites its two files with `std::fs::write` per triple. The scratch
//! directory is on `/dev/shm` (tmpfs) where there is one: an `fsync` on a
//! disk costs milliseconds and 30% of the triples sync, while what is
//! checked here (a sync's result, and that it wrote every buffered write
//! before it) does not depend on the device. Elsewhere it falls back to the temp dir.
//! Measured in debug on 2 loaded cores: about 10 s on tmpfs, 70 s on
//! ext4.
//!
//! An assertion failing inside rt-fs (or a hang) cannot reach the
//! collected report, so a panic hook and a watchdog name the op in
//! flight on stderr (see [`Tracker`]).
//!
//! A failure names the configuration, the triple and the op (0-based),
//! e.g. `cap 4: [Write10, SeekCur-3, Read200] op 2 (Read200): ...`; all
//! failing triples are collected and the first ones listed.

#[macro_use]
mod support;

use rt_fs::{File, OpenOptions};
use rt_io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
use std::cell::RefCell;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};
use support::{pattern, std_read_up_to, TempDir};

/// Length of both files before each triple.
const INITIAL_LEN: usize = 300;
/// How many failing triples a failure message lists.
const SHOWN: usize = 25;

/// One file operation, applied identically to both files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// One `read` into a 1-byte buffer.
    Read1,
    /// One `read` into a 10-byte buffer.
    Read10,
    /// One `read` into a 200-byte buffer (crosses the end from most
    /// positions).
    Read200,
    /// `read_to_end`: everything from the position to end of file.
    ReadToEnd,
    /// One `write` of 1 byte.
    Write1,
    /// One `write` of 10 bytes (may be partial with a small cap).
    Write10,
    /// `write_all` of 150 bytes (extends the file from most positions).
    WriteAll150,
    /// `seek(Start(5))`.
    SeekStart5,
    /// `seek(Current(-3))`: an error before position 3.
    SeekCurBack3,
    /// `seek(End(-7))`.
    SeekEndBack7,
    /// `seek(End(20))`: past the end; a later write leaves a hole.
    SeekEndPast20,
    /// `set_len(100)`: shorter than the initial file.
    SetLen100,
    /// `set_len(400)`: longer than the initial file.
    SetLen400,
    /// `flush`.
    Flush,
    /// `stream_position`.
    Position,
    /// `metadata().len()`.
    Len,
    /// `sync_all`.
    SyncAll,
    /// `sync_data`.
    SyncData,
}

use Op::*;

/// The op set of the read+write configurations.
const ALL_OPS: [Op; 18] = [
    Read1,
    Read10,
    Read200,
    ReadToEnd,
    Write1,
    Write10,
    WriteAll150,
    SeekStart5,
    SeekCurBack3,
    SeekEndBack7,
    SeekEndPast20,
    SetLen100,
    SetLen400,
    Flush,
    Position,
    Len,
    SyncAll,
    SyncData,
];

/// The op set of the append configuration: writes go to the end
/// whatever the position, seeks still move reads and the position.
const APPEND_OPS: [Op; 15] = [
    Read1,
    Read10,
    Read200,
    ReadToEnd,
    Write1,
    Write10,
    WriteAll150,
    SeekStart5,
    SeekCurBack3,
    SeekEndBack7,
    SeekEndPast20,
    SetLen100,
    Flush,
    Position,
    Len,
];

impl Op {
    /// Documented to write the write-behind buffer before returning: the
    /// OS then has the same contents as std's file.
    fn flushes(self) -> bool {
        matches!(
            self,
            SetLen100 | SetLen400 | Flush | Len | SyncAll | SyncData
        )
    }

    fn name(self) -> &'static str {
        match self {
            Read1 => "Read1",
            Read10 => "Read10",
            Read200 => "Read200",
            ReadToEnd => "ReadToEnd",
            Write1 => "Write1",
            Write10 => "Write10",
            WriteAll150 => "WriteAll150",
            SeekStart5 => "SeekStart5",
            SeekCurBack3 => "SeekCur-3",
            SeekEndBack7 => "SeekEnd-7",
            SeekEndPast20 => "SeekEnd+20",
            SetLen100 => "SetLen100",
            SetLen400 => "SetLen400",
            Flush => "Flush",
            Position => "Position",
            Len => "Len",
            SyncAll => "SyncAll",
            SyncData => "SyncData",
        }
    }
}

/// A buffer configuration.
#[derive(Clone, Copy)]
struct Config {
    name: &'static str,
    /// `set_max_buf_size` right after opening; `None` keeps the default.
    cap: Option<usize>,
    /// Open with read + append instead of read + write.
    append: bool,
}

/// A scratch directory on tmpfs where there is one (see the module docs),
/// else under the temp dir; removed on drop.
enum Scratch {
    Shm(PathBuf),
    Tmp(TempDir),
}

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let shm = Path::new("/dev/shm");
        if shm.is_dir() {
            // One directory per call: tests run in parallel.
            let probe = TempDir::new(tag);
            let name = probe.path().file_name().expect("temp dir name").to_owned();
            drop(probe);
            let dir = shm.join(name);
            if std::fs::create_dir(&dir).is_ok() {
                return Scratch::Shm(dir);
            }
        }
        Scratch::Tmp(TempDir::new(tag))
    }

    fn join(&self, name: &str) -> PathBuf {
        match self {
            Scratch::Shm(dir) => dir.join(name),
            Scratch::Tmp(dir) => dir.join(name),
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Scratch::Shm(dir) = self {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Compares two results by value, or errors by kind.
fn same<T: PartialEq + std::fmt::Debug>(
    ours: io::Result<T>,
    theirs: io::Result<T>,
) -> Result<(), String> {
    match (ours, theirs) {
        (Ok(a), Ok(b)) if a == b => Ok(()),
        (Err(a), Err(b)) if a.kind() == b.kind() => Ok(()),
        (a, b) => Err(format!("rt {a:?} vs std {b:?}")),
    }
}

/// The bytes a write op at index `step` of a triple writes: distinct per
/// step, so a misplaced write shows.
fn write_data(op: Op, step: usize) -> Vec<u8> {
    let len = match op {
        Write1 => 1,
        Write10 => 10,
        WriteAll150 => 150,
        _ => 0,
    };
    pattern(len, 1000 + step as u64)
}

/// Runs `op` on both files and compares the outcomes.
async fn apply(
    op: Op,
    step: usize,
    ours: &mut File,
    theirs: &mut std::fs::File,
) -> Result<(), String> {
    match op {
        Read1 | Read10 | Read200 => {
            let n = match op {
                Read1 => 1,
                Read10 => 10,
                _ => 200,
            };
            let mut buf = vec![0; n];
            match ours.read(&mut buf).await {
                Ok(k) if k > n => Err(format!("rt read {k} bytes into {n}")),
                Ok(0) => match theirs.read(&mut vec![0; n]) {
                    Ok(0) => Ok(()),
                    other => Err(format!("rt Ok(0) (end of file) vs std {other:?}")),
                },
                Ok(k) => match std_read_up_to(theirs, k) {
                    Ok(expect) if expect == buf[..k] => Ok(()),
                    Ok(expect) => Err(format!(
                        "rt read {k} bytes, not std's next ones: {}",
                        first_difference(&buf[..k], &expect)
                    )),
                    Err(e) => Err(format!("rt Ok({k}) vs std {e:?}")),
                },
                Err(e) => same(Err::<usize, _>(e), theirs.read(&mut vec![0; n])),
            }
        }
        ReadToEnd => {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            match (ours.read_to_end(&mut a).await, theirs.read_to_end(&mut b)) {
                (Ok(_), Ok(_)) if a == b => Ok(()),
                (Ok(_), Ok(_)) => Err(format!("read_to_end: {}", first_difference(&a, &b))),
                (ra, rb) => same(ra.map(|_| ()), rb.map(|_| ())),
            }
        }
        Write1 | Write10 => {
            let data = write_data(op, step);
            match ours.write(&data).await {
                Ok(0) => Err(format!("rt wrote 0 of {} bytes", data.len())),
                Ok(k) if k > data.len() => Err(format!("rt wrote {k} of {} bytes", data.len())),
                Ok(k) => theirs
                    .write_all(&data[..k])
                    .map_err(|e| format!("rt Ok({k}) vs std write_all {e:?}")),
                Err(e) => same(Err::<usize, _>(e), theirs.write(&data)),
            }
        }
        WriteAll150 => {
            let data = write_data(op, step);
            same(ours.write_all(&data).await, theirs.write_all(&data))
        }
        SeekStart5 | SeekCurBack3 | SeekEndBack7 | SeekEndPast20 => {
            let pos = match op {
                SeekStart5 => SeekFrom::Start(5),
                SeekCurBack3 => SeekFrom::Current(-3),
                SeekEndBack7 => SeekFrom::End(-7),
                _ => SeekFrom::End(20),
            };
            same(ours.seek(pos).await, theirs.seek(pos))
        }
        SetLen100 => same(ours.set_len(100).await, theirs.set_len(100)),
        SetLen400 => same(ours.set_len(400).await, theirs.set_len(400)),
        Flush => same(ours.flush().await, theirs.flush()),
        Position => same(ours.stream_position().await, theirs.stream_position()),
        Len => same(
            ours.metadata().await.map(|m| m.len()),
            theirs.metadata().map(|m| m.len()),
        ),
        SyncAll => same(ours.sync_all().await, theirs.sync_all()),
        SyncData => same(ours.sync_data().await, theirs.sync_data()),
    }
}

/// Describes where two byte strings first differ.
fn first_difference(ours: &[u8], theirs: &[u8]) -> String {
    let at = ours
        .iter()
        .zip(theirs)
        .position(|(a, b)| a != b)
        .unwrap_or(ours.len().min(theirs.len()));
    let window = |v: &[u8]| v[at.min(v.len())..(at + 8).min(v.len())].to_vec();
    format!(
        "rt {} bytes, std {} bytes, first difference at {at}: rt {:?}.. vs std {:?}..",
        ours.len(),
        theirs.len(),
        window(ours),
        window(theirs)
    )
}

/// Runs one triple from the initial contents; `Err` describes the first
/// mismatch ("op i (Name): ..." or "final ...").
async fn run_triple(
    config: Config,
    ops: &[Op],
    paths: (&Path, &Path),
    initial: &[u8],
    tracker: &Tracker,
) -> Result<(), String> {
    let (rt_path, std_path) = paths;
    std::fs::write(rt_path, initial).map_err(|e| format!("setup: {e}"))?;
    std::fs::write(std_path, initial).map_err(|e| format!("setup: {e}"))?;

    let mut options = OpenOptions::new();
    let mut std_options = std::fs::OpenOptions::new();
    options.read(true);
    std_options.read(true);
    if config.append {
        options.append(true);
        std_options.append(true);
    } else {
        options.write(true);
        std_options.write(true);
    }
    let mut ours = options
        .open(rt_path)
        .await
        .map_err(|e| format!("open: {e}"))?;
    if let Some(cap) = config.cap {
        ours.set_max_buf_size(cap);
    }
    let mut theirs = std_options
        .open(std_path)
        .map_err(|e| format!("std open: {e}"))?;

    let mut outcome = Ok(());
    for (i, &op) in ops.iter().enumerate() {
        tracker.at(|| format!("op {i} ({})", op.name()));
        let mut result = apply(op, i, &mut ours, &mut theirs).await;
        if result.is_ok() && op.flushes() {
            result = same_contents(rt_path, std_path).map_err(|msg| format!("then {msg}"));
        }
        if let Err(msg) = result {
            outcome = Err(format!("op {i} ({}): {msg}", op.name()));
            break;
        }
    }
    tracker.at(|| "final position, flush and drop".to_string());
    if outcome.is_ok() {
        outcome = same(ours.stream_position().await, theirs.stream_position())
            .map_err(|msg| format!("final position: {msg}"));
    }
    // Flush (and drop) even after a mismatch, so that no write-behind
    // data lands after the next triple rewrote the file.
    let flushed = same(ours.flush().await, theirs.flush());
    drop(ours);
    drop(theirs);
    outcome?;
    flushed.map_err(|msg| format!("final flush: {msg}"))?;
    same_contents(rt_path, std_path).map_err(|msg| format!("final {msg}"))
}

/// Compares the two files as the OS has them.
fn same_contents(rt_path: &Path, std_path: &Path) -> Result<(), String> {
    let a = std::fs::read(rt_path).map_err(|e| format!("read back: {e}"))?;
    let b = std::fs::read(std_path).map_err(|e| format!("read back: {e}"))?;
    if a != b {
        return Err(format!("contents differ: {}", first_difference(&a, &b)));
    }
    Ok(())
}

/// Seconds without a finished triple after which the watchdog reports
/// the op in flight and aborts (a lost wake-up would hang forever).
const STUCK_SECS: u64 = 120;

/// What the watchdog and the panic hook see.
#[derive(Default)]
struct Progress {
    /// "config: [triple]".
    triple: String,
    /// "op i (Name)" or the final checks.
    step: String,
    finished: u64,
    done: bool,
}

thread_local! {
    /// The progress of the run on this thread, for the panic hook.
    static TRACKED: RefCell<Option<Arc<Mutex<Progress>>>> = const { RefCell::new(None) };
}

/// Names the op in flight when something goes wrong that the comparison
/// cannot report: a panic (an assertion inside rt-fs; a panicking
/// destructor aborts the process before any test message is printed)
/// or a hang (a watchdog thread aborts after [`STUCK_SECS`] without a
/// finished triple). Both write straight to stderr, which the test
/// harness does not capture.
struct Tracker {
    progress: Arc<Mutex<Progress>>,
    watchdog: Option<std::thread::JoinHandle<()>>,
}

fn lock(progress: &Mutex<Progress>) -> std::sync::MutexGuard<'_, Progress> {
    progress.lock().unwrap_or_else(|e| e.into_inner())
}

impl Tracker {
    fn start() -> Tracker {
        static HOOK: Once = Once::new();
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                let _ = TRACKED.try_with(|tracked| {
                    if let Some(p) = tracked.borrow().as_ref().and_then(|p| p.try_lock().ok()) {
                        let _ = writeln!(
                            io::stderr(),
                            "fs_combinations: panic in {} {}",
                            p.triple,
                            p.step
                        );
                    }
                });
                previous(info);
            }));
        });
        let progress = Arc::new(Mutex::new(Progress::default()));
        TRACKED.with(|tracked| *tracked.borrow_mut() = Some(Arc::clone(&progress)));
        let seen = Arc::clone(&progress);
        let watchdog = std::thread::spawn(move || {
            let (mut last, mut since) = (0, Instant::now());
            loop {
                std::thread::park_timeout(Duration::from_millis(500));
                let p = lock(&seen);
                if p.done {
                    return;
                }
                if p.finished != last {
                    (last, since) = (p.finished, Instant::now());
                } else if since.elapsed() > Duration::from_secs(STUCK_SECS) {
                    let _ = writeln!(
                        io::stderr(),
                        "fs_combinations: no progress for {STUCK_SECS} s in {} {}",
                        p.triple,
                        p.step
                    );
                    std::process::abort();
                }
            }
        });
        Tracker {
            progress,
            watchdog: Some(watchdog),
        }
    }

    fn triple(&self, name: &str) {
        let mut p = lock(&self.progress);
        name.clone_into(&mut p.triple);
        p.step.clear();
    }

    fn at(&self, step: impl FnOnce() -> String) {
        lock(&self.progress).step = step();
    }

    fn finished(&self) {
        lock(&self.progress).finished += 1;
    }
}

impl Drop for Tracker {
    fn drop(&mut self) {
        lock(&self.progress).done = true;
        let _ = TRACKED.try_with(|tracked| tracked.borrow_mut().take());
        if let Some(watchdog) = self.watchdog.take() {
            watchdog.thread().unpark();
            let _ = watchdog.join();
        }
    }
}

/// Runs every ordered triple of `ops` under `config`, then fails listing
/// the first [`SHOWN`] failing triples, if any.
async fn run_all(config: Config, ops: &[Op]) {
    let dir = Scratch::new("combo");
    let (rt_path, std_path) = (dir.join("rt"), dir.join("std"));
    let initial = pattern(INITIAL_LEN, 7);
    let tracker = Tracker::start();
    let mut failures = Vec::new();
    let mut checked = 0usize;
    for &a in ops {
        for &b in ops {
            for &c in ops {
                let triple = [a, b, c];
                let names: Vec<_> = triple.iter().map(|op| op.name()).collect();
                let name = format!("{}: [{}]", config.name, names.join(", "));
                tracker.triple(&name);
                let paths = (rt_path.as_path(), std_path.as_path());
                if let Err(msg) = run_triple(config, &triple, paths, &initial, &tracker).await {
                    failures.push(format!("{name} {msg}"));
                }
                tracker.finished();
                checked += 1;
            }
        }
    }
    drop(tracker);
    assert!(
        failures.is_empty(),
        "{}: {} of {checked} triples differ from std; the first {}:\n{}",
        config.name,
        failures.len(),
        failures.len().min(SHOWN),
        failures[..failures.len().min(SHOWN)].join("\n")
    );
    assert_eq!(checked, ops.len().pow(3));
}

flavors! {
    async fn triples_default_cap() {
        let config = Config { name: "default cap", cap: None, append: false };
        run_all(config, &ALL_OPS).await;
    }

    async fn triples_cap_4() {
        let config = Config { name: "cap 4", cap: Some(4), append: false };
        run_all(config, &ALL_OPS).await;
    }

    async fn triples_cap_64() {
        let config = Config { name: "cap 64", cap: Some(64), append: false };
        run_all(config, &ALL_OPS).await;
    }

    async fn triples_append_default_cap() {
        let config = Config { name: "append, default cap", cap: None, append: true };
        run_all(config, &APPEND_OPS).await;
    }

    async fn triples_append_cap_4() {
        let config = Config { name: "append, cap 4", cap: Some(4), append: true };
        run_all(config, &APPEND_OPS).await;
    }
}
