//! Std parity audit (issue 8): every rt-fs free function, `DirBuilder`,
//! `OpenOptions` and the `File` methods that `fs_combinations.rs` does not
//! reach, run on rt and on std over two identical fixture trees, comparing
//! results and the resulting trees.
//!
//! What is checked:
//!
//! - **Free functions** (`read`, `read_to_string`, `write`, `copy`,
//!   `rename`, `remove_file`, `remove_dir`, `remove_dir_all`, `create_dir`,
//!   `create_dir_all`, `metadata`, `symlink_metadata`, `read_dir` with
//!   `next_entry` and every `DirEntry` accessor, `canonicalize`,
//!   `hard_link`, `symlink`, `read_link`, `set_permissions`, `try_exists`)
//!   and `DirBuilder` (recursive, mode): a table of calls, each on a fresh
//!   pair of fixture trees (files, an empty and a non-UTF-8 file, nested
//!   and empty directories, symlinks to a file and a directory, a dangling
//!   one, a two-link loop and a self loop, a non-UTF-8 name), in success and
//!   error cases (missing path, existing target, file vs directory, empty
//!   vs non-empty directory, loops, dangling links). The rt call runs on
//!   one tree and its std counterpart on the other; values are compared
//!   (paths relative to the tree), errors by `ErrorKind` and
//!   `raw_os_error`, and then both trees, entry by entry (type, contents,
//!   mode, link count, link target). Metadata from rt is also checked
//!   against std's for the same path (device, inode, mode, length, mtime).
//! - **`OpenOptions`**: all 64 combinations of read / write / append /
//!   truncate / create / create_new (std's `InvalidInput` rejections
//!   included) on seven targets (existing file, missing file, directory,
//!   dangling symlink, symlink to a file, a path under a file, a path under
//!   a missing directory), plus `mode`, `custom_flags` (with the access
//!   bits std masks out, and `O_APPEND`, `O_NOFOLLOW`, `O_DIRECTORY`,
//!   `O_TRUNC` on Linux) and `From<std::fs::OpenOptions>`. Each opened
//!   pair is probed with reads, writes (where std's write succeeds, rt's
//!   position is queried before the flush; where it fails, rt must report
//!   std's error once, at the write or the flush), seeks and `metadata`,
//!   then the trees are compared.
//! - **`try_clone`**: after each of several prefixes of buffered reads and
//!   writes on the original, a clone is made on both sides; the position
//!   query on both handles right after cloning, then every ordered pair of
//!   (handle, op) steps over reads, writes, seeks from every origin,
//!   position and length queries and `set_len` (and every triple over
//!   reads, writes and a seek) is compared with std's clones, which share
//!   one cursor (as Tokio documents for its `try_clone`). The only concession to write-behind
//!   (Tokio's too) is that a handle's writes are flushed before the other
//!   handle is used.
//! - **`into_std` / `from_std`**: after every ordered pair of buffered ops
//!   (read, read-write, append, tiny buffers), the std file must be at rt's
//!   logical position with every buffered write on disk; then std ops on
//!   it, and rt ops on `from_std` of it, are compared.
//! - **`File::set_permissions`** (after buffered writes, on handles of
//!   every access mode, on a directory) and **`File::metadata`** after
//!   buffered writes (past the write-behind threshold, with holes, after
//!   `set_len`, in append mode, on `from_std`, with a 1-byte cap).
//! - **Background-write errors** (the `File` docs: "the error of a failed
//!   background write is returned by `flush` or by the next operation,
//!   never lost"; module rule 7: exactly once): writes to a read-only
//!   handle (EBADF) and to `/dev/full` (ENOSPC, Linux) must surface, with
//!   std's kind and errno, exactly once, at the write, at flush or at the
//!   next operation (flush, shutdown, write, read, seek, `set_len`,
//!   `metadata`, syncs, `set_permissions`, `try_clone`), on the handle that
//!   wrote; `into_std` discards it (documented) and leaves the file usable.
#![cfg(unix)]

#[macro_use]
mod support;

use rt_fs::File;
use rt_io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::fmt::{Debug, Display};
use std::fs::{File as StdFile, Metadata, Permissions};
use std::io::{self, ErrorKind, Seek, SeekFrom, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirEntryExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use support::{pattern, rt_read_up_to, std_read_up_to};

// ---------------------------------------------------------------------------
// Comparison helpers
// ---------------------------------------------------------------------------

/// What must match between rt and std: the value, or the error's kind and
/// errno.
type Out<T> = Result<T, (ErrorKind, Option<i32>)>;

fn out<T>(r: io::Result<T>) -> Out<T> {
    r.map_err(|e| (e.kind(), e.raw_os_error()))
}

/// Collects mismatches, so one run lists all of them.
struct Report {
    what: &'static str,
    checks: usize,
    fails: Vec<String>,
}

impl Report {
    fn new(what: &'static str) -> Report {
        Report {
            what,
            checks: 0,
            fails: Vec::new(),
        }
    }

    fn check<T: PartialEq + Debug>(&mut self, ctx: impl Display, ours: T, theirs: T) {
        self.checks += 1;
        if ours != theirs {
            self.fails
                .push(format!("{ctx}:\n      rt  {ours:?}\n      std {theirs:?}"));
        }
    }

    fn finish(self) {
        assert!(self.checks > 0, "{}: nothing was checked", self.what);
        if !self.fails.is_empty() {
            let shown: Vec<_> = self.fails.iter().take(30).cloned().collect();
            panic!(
                "{}: {} of {} checks differ from std; first ones:\n  {}",
                self.what,
                self.fails.len(),
                self.checks,
                shown.join("\n  ")
            );
        }
    }
}

/// `path` relative to `base` (unchanged if it is not under `base`, which
/// then shows as a mismatch).
fn rel(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

// ---------------------------------------------------------------------------
// Fixture trees and snapshots
// ---------------------------------------------------------------------------

/// A directory for one case, removed with its contents on drop. It is on
/// tmpfs (`/dev/shm`) where there is one: what is compared does not depend
/// on the device, and creating and removing a few thousand small trees
/// costs about 3x more on a journaling disk. Elsewhere, the temp dir.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let shm = Path::new("/dev/shm");
        let bases = [
            shm.is_dir().then(|| shm.to_path_buf()),
            Some(std::env::temp_dir()),
        ];
        for base in bases.into_iter().flatten() {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let path = base.join(format!("rt-fs-parity-{tag}-{}-{n}", std::process::id()));
            // A leftover of an earlier process with the same id.
            let _ = std::fs::remove_dir_all(&path);
            if std::fs::create_dir(&path).is_ok() {
                return Scratch(path);
            }
        }
        panic!("no scratch directory for {tag}");
    }

    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Two identical trees, `rt` and `std`, in one temp dir.
struct Trees {
    _dir: Scratch,
    rt: PathBuf,
    std: PathBuf,
}

impl Trees {
    fn new(tag: &str, build: fn(&Path)) -> Trees {
        let dir = Scratch::new(tag);
        let (rt, std) = (dir.join("rt"), dir.join("std"));
        for root in [&rt, &std] {
            std::fs::create_dir(root).unwrap();
            build(root);
        }
        Trees { _dir: dir, rt, std }
    }

    fn check_same(&self, report: &mut Report, ctx: impl Display) {
        report.check(
            format_args!("{ctx}: resulting tree"),
            snapshot(&self.rt),
            snapshot(&self.std),
        );
    }
}

/// Every kind of entry the free functions meet.
fn full_fixture(root: &Path) {
    use std::os::unix::fs::symlink;
    std::fs::write(root.join("file"), b"hello world\n").unwrap();
    std::fs::write(root.join("empty"), b"").unwrap();
    // Not UTF-8.
    std::fs::write(root.join("bin"), [0xff, 0xfe, 0x00, b'a']).unwrap();
    std::fs::create_dir(root.join("dir")).unwrap();
    std::fs::write(root.join("dir/nested"), b"nested").unwrap();
    std::fs::create_dir(root.join("dir/sub")).unwrap();
    std::fs::create_dir(root.join("empty_dir")).unwrap();
    symlink("file", root.join("link_file")).unwrap();
    symlink("dir", root.join("link_dir")).unwrap();
    symlink("missing", root.join("dangling")).unwrap();
    symlink("loop_b", root.join("loop_a")).unwrap();
    symlink("loop_a", root.join("loop_b")).unwrap();
    symlink("self_loop", root.join("self_loop")).unwrap();
    std::fs::write(root.join(OsStr::from_bytes(b"non-utf8-\xff")), b"x").unwrap();
}

/// What `OpenOptions` is tried on.
fn open_fixture(root: &Path) {
    use std::os::unix::fs::symlink;
    std::fs::write(root.join("file"), b"0123456789").unwrap();
    std::fs::create_dir(root.join("dir")).unwrap();
    symlink("file", root.join("link_file")).unwrap();
    symlink("missing", root.join("dangling")).unwrap();
}

#[derive(Debug, PartialEq, Eq)]
enum Node {
    File {
        data: Vec<u8>,
        mode: u32,
        nlink: u64,
    },
    Dir {
        mode: u32,
    },
    Link(PathBuf),
    Other,
}

/// The tree under `root` as std sees it (symlinks not followed).
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Node> {
    fn node(path: &Path) -> Node {
        let meta = std::fs::symlink_metadata(path).unwrap();
        let ft = meta.file_type();
        if ft.is_symlink() {
            Node::Link(std::fs::read_link(path).unwrap())
        } else if ft.is_dir() {
            Node::Dir { mode: meta.mode() }
        } else if ft.is_file() {
            Node::File {
                data: std::fs::read(path).unwrap(),
                mode: meta.mode(),
                nlink: meta.nlink(),
            }
        } else {
            Node::Other
        }
    }
    fn walk(root: &Path, dir: &Path, tree: &mut BTreeMap<PathBuf, Node>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let n = node(&path);
            let is_dir = matches!(n, Node::Dir { .. });
            tree.insert(rel(root, &path), n);
            if is_dir {
                walk(root, &path, tree);
            }
        }
    }
    let mut tree = BTreeMap::new();
    tree.insert(PathBuf::new(), node(root));
    walk(root, root, &mut tree);
    tree
}

// ---------------------------------------------------------------------------
// Free functions and DirBuilder
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    File,
    Dir,
    Symlink,
    Other,
}

fn kind(ft: std::fs::FileType) -> Kind {
    if ft.is_symlink() {
        Kind::Symlink
    } else if ft.is_dir() {
        Kind::Dir
    } else if ft.is_file() {
        Kind::File
    } else {
        Kind::Other
    }
}

/// The comparable part of a `Metadata` (inode numbers and times differ
/// between the trees), and whether it is std's metadata of the same path.
#[derive(Debug, PartialEq, Eq)]
struct Meta {
    kind: Kind,
    /// `None` for directories (their size is the file system's business).
    len: Option<u64>,
    mode: u32,
    readonly: bool,
    nlink: u64,
    /// Same device, inode, mode, length and mtime as std's metadata of
    /// the path it was asked for.
    same_as_std_on_path: bool,
}

fn meta(m: &Metadata, std_on_path: io::Result<Metadata>) -> Meta {
    let key = |m: &Metadata| {
        (
            m.dev(),
            m.ino(),
            m.mode(),
            m.len(),
            m.mtime(),
            m.mtime_nsec(),
        )
    };
    Meta {
        kind: kind(m.file_type()),
        len: (!m.is_dir()).then_some(m.len()),
        mode: m.mode(),
        readonly: m.permissions().readonly(),
        nlink: m.nlink(),
        same_as_std_on_path: std_on_path.map(|s| key(&s) == key(m)).unwrap_or(false),
    }
}

/// A `DirEntry`, by every accessor.
#[derive(Debug, PartialEq, Eq)]
struct Entry {
    name: OsString,
    path: PathBuf,
    file_type: Kind,
    metadata: Meta,
    /// `ino()` is the inode `lstat` reports for `path()`.
    ino_matches: bool,
}

#[derive(Debug, PartialEq, Eq)]
enum Value {
    Unit,
    Bytes(Vec<u8>),
    Text(String),
    Count(u64),
    Flag(bool),
    Path(PathBuf),
    Meta(Meta),
    Entries(Vec<Entry>),
}

/// One free-function call; paths are relative to the tree's root.
#[derive(Clone, Copy, Debug)]
enum Call {
    Read(&'static str),
    ReadToString(&'static str),
    Write(&'static str, &'static [u8]),
    Copy(&'static str, &'static str),
    Rename(&'static str, &'static str),
    RemoveFile(&'static str),
    RemoveDir(&'static str),
    RemoveDirAll(&'static str),
    CreateDir(&'static str),
    CreateDirAll(&'static str),
    Metadata(&'static str),
    SymlinkMetadata(&'static str),
    ReadDir(&'static str),
    Canonicalize(&'static str),
    HardLink(&'static str, &'static str),
    /// `(target, link)`: the target is stored as written.
    Symlink(&'static str, &'static str),
    ReadLink(&'static str),
    SetPermissions(&'static str, u32),
    /// `set_readonly` on the permissions read with `metadata`.
    SetReadonly(&'static str, bool),
    TryExists(&'static str),
    DirBuilder {
        path: &'static str,
        recursive: bool,
        mode: Option<u32>,
    },
}

const CALLS: &[Call] = {
    use Call::*;
    &[
        Read("file"),
        Read("empty"),
        Read("bin"),
        Read("missing"),
        Read("dir"),
        Read("link_file"),
        Read("link_dir"),
        Read("dangling"),
        Read("loop_a"),
        Read("self_loop"),
        Read("file/child"),
        Read("missing/child"),
        ReadToString("file"),
        ReadToString("empty"),
        ReadToString("bin"),
        ReadToString("missing"),
        ReadToString("dir"),
        ReadToString("link_file"),
        ReadToString("dangling"),
        Write("new", b"data"),
        Write("file", b"x"),
        Write("empty", b"abc"),
        Write("dir", b"x"),
        Write("dir/", b"x"),
        Write("file/", b"x"),
        Write("missing/new", b"x"),
        Write("link_file", b"via link"),
        Write("dangling", b"creates the target"),
        Write("file/child", b"x"),
        Write("loop_a", b"x"),
        Copy("file", "new"),
        Copy("file", "empty"),
        Copy("file", "file"),
        Copy("empty", "new"),
        Copy("missing", "new"),
        Copy("dir", "new"),
        Copy("file", "dir"),
        Copy("file", "missing/new"),
        Copy("link_file", "new"),
        Copy("dangling", "new"),
        Copy("bin", "link_file"),
        Copy("file", "dangling"),
        Copy("loop_a", "new"),
        Rename("file", "new"),
        Rename("file", "empty"),
        Rename("file", "file"),
        Rename("file", "dir"),
        Rename("dir", "empty_dir"),
        Rename("empty_dir", "dir"),
        Rename("dir", "file"),
        Rename("missing", "new"),
        Rename("dir", "dir/sub/inner"),
        Rename("link_dir", "moved_link"),
        Rename("dangling", "new"),
        Rename("file", "missing/new"),
        RemoveFile("file"),
        RemoveFile("missing"),
        RemoveFile("dir"),
        RemoveFile("link_dir"),
        RemoveFile("dangling"),
        RemoveFile("loop_a"),
        RemoveFile("file/child"),
        RemoveDir("empty_dir"),
        RemoveDir("dir"),
        RemoveDir("dir/sub"),
        RemoveDir("file"),
        RemoveDir("missing"),
        RemoveDir("link_dir"),
        RemoveDir("dangling"),
        RemoveDirAll("dir"),
        RemoveDirAll("empty_dir"),
        RemoveDirAll("missing"),
        RemoveDirAll("file"),
        RemoveDirAll("link_dir"),
        RemoveDirAll("dangling"),
        RemoveDirAll("loop_a"),
        CreateDir("new"),
        CreateDir("dir"),
        CreateDir("file"),
        CreateDir("missing/new"),
        CreateDir("file/new"),
        CreateDir("dangling"),
        CreateDir("link_dir/new"),
        CreateDir("loop_a"),
        CreateDirAll("a/b/c"),
        CreateDirAll("dir"),
        CreateDirAll("dir/sub"),
        CreateDirAll(""),
        CreateDirAll("file"),
        CreateDirAll("file/new"),
        CreateDirAll("link_dir/x/y"),
        CreateDirAll("dangling/x"),
        CreateDirAll("loop_a/x"),
        Metadata(""),
        Metadata("file"),
        Metadata("empty"),
        Metadata("dir"),
        Metadata("link_file"),
        Metadata("link_dir"),
        Metadata("dangling"),
        Metadata("loop_a"),
        Metadata("self_loop"),
        Metadata("missing"),
        Metadata("file/child"),
        SymlinkMetadata(""),
        SymlinkMetadata("file"),
        SymlinkMetadata("dir"),
        SymlinkMetadata("link_file"),
        SymlinkMetadata("link_dir"),
        SymlinkMetadata("dangling"),
        SymlinkMetadata("loop_a"),
        SymlinkMetadata("self_loop"),
        SymlinkMetadata("missing"),
        SymlinkMetadata("file/child"),
        SymlinkMetadata("link_dir/nested"),
        ReadDir(""),
        ReadDir("dir"),
        ReadDir("empty_dir"),
        ReadDir("link_dir"),
        ReadDir("file"),
        ReadDir("missing"),
        ReadDir("dangling"),
        ReadDir("loop_a"),
        Canonicalize(""),
        Canonicalize("file"),
        Canonicalize("link_file"),
        Canonicalize("link_dir/nested"),
        Canonicalize("dir/sub/.."),
        Canonicalize("dir/./nested"),
        Canonicalize("link_dir/../file"),
        Canonicalize("loop_a"),
        Canonicalize("self_loop"),
        Canonicalize("dangling"),
        Canonicalize("missing"),
        Canonicalize("file/child"),
        HardLink("file", "new"),
        HardLink("file", "empty"),
        HardLink("file", "dir"),
        HardLink("missing", "new"),
        HardLink("dir", "new"),
        HardLink("link_file", "new"),
        HardLink("dangling", "new"),
        HardLink("file", "missing/new"),
        Symlink("file", "new_link"),
        Symlink("anything", "file"),
        Symlink("dir", "link_dir"),
        Symlink("x", "missing/new"),
        Symlink("nowhere", "new_dangling"),
        Symlink("../escape", "dir/up"),
        ReadLink("link_file"),
        ReadLink("link_dir"),
        ReadLink("dangling"),
        ReadLink("loop_a"),
        ReadLink("self_loop"),
        ReadLink("file"),
        ReadLink("dir"),
        ReadLink("missing"),
        ReadLink("file/child"),
        SetPermissions("file", 0o600),
        SetPermissions("empty", 0o4755),
        SetPermissions("dir", 0o700),
        SetPermissions("link_file", 0o640),
        SetPermissions("dangling", 0o600),
        SetPermissions("missing", 0o600),
        SetPermissions("loop_a", 0o600),
        SetReadonly("file", true),
        SetReadonly("dir", true),
        SetReadonly("file", false),
        SetReadonly("missing", true),
        TryExists(""),
        TryExists("file"),
        TryExists("dir"),
        TryExists("missing"),
        TryExists("dangling"),
        TryExists("link_file"),
        TryExists("loop_a"),
        TryExists("self_loop"),
        TryExists("file/child"),
        DirBuilder {
            path: "new",
            recursive: false,
            mode: None,
        },
        DirBuilder {
            path: "dir",
            recursive: false,
            mode: None,
        },
        DirBuilder {
            path: "dir",
            recursive: true,
            mode: None,
        },
        DirBuilder {
            path: "a/b/c",
            recursive: false,
            mode: None,
        },
        DirBuilder {
            path: "a/b/c",
            recursive: true,
            mode: None,
        },
        DirBuilder {
            path: "a/b/c",
            recursive: true,
            mode: Some(0o700),
        },
        DirBuilder {
            path: "new",
            recursive: false,
            mode: Some(0o750),
        },
        DirBuilder {
            path: "file",
            recursive: true,
            mode: None,
        },
        DirBuilder {
            path: "file/x",
            recursive: true,
            mode: None,
        },
        DirBuilder {
            path: "link_dir/x",
            recursive: true,
            mode: Some(0o711),
        },
        DirBuilder {
            path: "dangling",
            recursive: true,
            mode: None,
        },
        DirBuilder {
            path: "dangling",
            recursive: false,
            mode: Some(0o700),
        },
    ]
};

async fn call_rt(root: &Path, call: Call) -> io::Result<Value> {
    let p = |r: &str| root.join(r);
    Ok(match call {
        Call::Read(a) => Value::Bytes(rt_fs::read(p(a)).await?),
        Call::ReadToString(a) => Value::Text(rt_fs::read_to_string(p(a)).await?),
        Call::Write(a, data) => {
            rt_fs::write(p(a), data).await?;
            Value::Unit
        }
        Call::Copy(a, b) => Value::Count(rt_fs::copy(p(a), p(b)).await?),
        Call::Rename(a, b) => {
            rt_fs::rename(p(a), p(b)).await?;
            Value::Unit
        }
        Call::RemoveFile(a) => {
            rt_fs::remove_file(p(a)).await?;
            Value::Unit
        }
        Call::RemoveDir(a) => {
            rt_fs::remove_dir(p(a)).await?;
            Value::Unit
        }
        Call::RemoveDirAll(a) => {
            rt_fs::remove_dir_all(p(a)).await?;
            Value::Unit
        }
        Call::CreateDir(a) => {
            rt_fs::create_dir(p(a)).await?;
            Value::Unit
        }
        Call::CreateDirAll(a) => {
            rt_fs::create_dir_all(p(a)).await?;
            Value::Unit
        }
        Call::Metadata(a) => {
            let m = rt_fs::metadata(p(a)).await?;
            Value::Meta(meta(&m, std::fs::metadata(p(a))))
        }
        Call::SymlinkMetadata(a) => {
            let m = rt_fs::symlink_metadata(p(a)).await?;
            Value::Meta(meta(&m, std::fs::symlink_metadata(p(a))))
        }
        Call::ReadDir(a) => {
            let mut entries = Vec::new();
            let mut listing = rt_fs::read_dir(p(a)).await?;
            while let Some(e) = listing.next_entry().await? {
                let path = e.path();
                let lstat = std::fs::symlink_metadata(&path);
                let m = e.metadata().await?;
                entries.push(Entry {
                    name: e.file_name(),
                    path: rel(root, &path),
                    file_type: kind(e.file_type().await?),
                    ino_matches: lstat.as_ref().is_ok_and(|l| l.ino() == e.ino()),
                    metadata: meta(&m, lstat),
                });
            }
            // Done stays done.
            if listing.next_entry().await?.is_some() {
                return Err(io::Error::other("an entry after the end"));
            }
            entries.sort_by(|x, y| x.name.cmp(&y.name));
            Value::Entries(entries)
        }
        Call::Canonicalize(a) => {
            let base = std::fs::canonicalize(root)?;
            Value::Path(rel(&base, &rt_fs::canonicalize(p(a)).await?))
        }
        Call::HardLink(a, b) => {
            rt_fs::hard_link(p(a), p(b)).await?;
            Value::Unit
        }
        Call::Symlink(target, link) => {
            rt_fs::symlink(target, p(link)).await?;
            Value::Unit
        }
        Call::ReadLink(a) => Value::Path(rt_fs::read_link(p(a)).await?),
        Call::SetPermissions(a, mode) => {
            rt_fs::set_permissions(p(a), Permissions::from_mode(mode)).await?;
            Value::Unit
        }
        Call::SetReadonly(a, readonly) => {
            let mut perm = rt_fs::metadata(p(a)).await?.permissions();
            perm.set_readonly(readonly);
            rt_fs::set_permissions(p(a), perm).await?;
            Value::Unit
        }
        Call::TryExists(a) => Value::Flag(rt_fs::try_exists(p(a)).await?),
        Call::DirBuilder {
            path,
            recursive,
            mode,
        } => {
            let mut builder = rt_fs::DirBuilder::new();
            builder.recursive(recursive);
            if let Some(mode) = mode {
                builder.mode(mode);
            }
            builder.create(p(path)).await?;
            Value::Unit
        }
    })
}

fn call_std(root: &Path, call: Call) -> io::Result<Value> {
    let p = |r: &str| root.join(r);
    Ok(match call {
        Call::Read(a) => Value::Bytes(std::fs::read(p(a))?),
        Call::ReadToString(a) => Value::Text(std::fs::read_to_string(p(a))?),
        Call::Write(a, data) => {
            std::fs::write(p(a), data)?;
            Value::Unit
        }
        Call::Copy(a, b) => Value::Count(std::fs::copy(p(a), p(b))?),
        Call::Rename(a, b) => {
            std::fs::rename(p(a), p(b))?;
            Value::Unit
        }
        Call::RemoveFile(a) => {
            std::fs::remove_file(p(a))?;
            Value::Unit
        }
        Call::RemoveDir(a) => {
            std::fs::remove_dir(p(a))?;
            Value::Unit
        }
        Call::RemoveDirAll(a) => {
            std::fs::remove_dir_all(p(a))?;
            Value::Unit
        }
        Call::CreateDir(a) => {
            std::fs::create_dir(p(a))?;
            Value::Unit
        }
        Call::CreateDirAll(a) => {
            std::fs::create_dir_all(p(a))?;
            Value::Unit
        }
        Call::Metadata(a) => {
            let m = std::fs::metadata(p(a))?;
            Value::Meta(meta(&m, std::fs::metadata(p(a))))
        }
        Call::SymlinkMetadata(a) => {
            let m = std::fs::symlink_metadata(p(a))?;
            Value::Meta(meta(&m, std::fs::symlink_metadata(p(a))))
        }
        Call::ReadDir(a) => {
            let mut entries = Vec::new();
            for e in std::fs::read_dir(p(a))? {
                let e = e?;
                let path = e.path();
                let lstat = std::fs::symlink_metadata(&path);
                let m = e.metadata()?;
                entries.push(Entry {
                    name: e.file_name(),
                    path: rel(root, &path),
                    file_type: kind(e.file_type()?),
                    ino_matches: lstat.as_ref().is_ok_and(|l| l.ino() == e.ino()),
                    metadata: meta(&m, lstat),
                });
            }
            entries.sort_by(|x, y| x.name.cmp(&y.name));
            Value::Entries(entries)
        }
        Call::Canonicalize(a) => {
            let base = std::fs::canonicalize(root)?;
            Value::Path(rel(&base, &std::fs::canonicalize(p(a))?))
        }
        Call::HardLink(a, b) => {
            std::fs::hard_link(p(a), p(b))?;
            Value::Unit
        }
        Call::Symlink(target, link) => {
            std::os::unix::fs::symlink(target, p(link))?;
            Value::Unit
        }
        Call::ReadLink(a) => Value::Path(std::fs::read_link(p(a))?),
        Call::SetPermissions(a, mode) => {
            std::fs::set_permissions(p(a), Permissions::from_mode(mode))?;
            Value::Unit
        }
        Call::SetReadonly(a, readonly) => {
            let mut perm = std::fs::metadata(p(a))?.permissions();
            perm.set_readonly(readonly);
            std::fs::set_permissions(p(a), perm)?;
            Value::Unit
        }
        Call::TryExists(a) => Value::Flag(p(a).try_exists()?),
        Call::DirBuilder {
            path,
            recursive,
            mode,
        } => {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(recursive);
            if let Some(mode) = mode {
                std::os::unix::fs::DirBuilderExt::mode(&mut builder, mode);
            }
            builder.create(p(path))?;
            Value::Unit
        }
    })
}

async fn free_functions_match_std() {
    let mut report = Report::new("free functions and DirBuilder");
    let (mut errors, mut successes) = (0, 0);
    for &call in CALLS {
        let trees = Trees::new("parity-fn", full_fixture);
        let ours = out(call_rt(&trees.rt, call).await);
        let theirs = out(call_std(&trees.std, call));
        match &theirs {
            Ok(_) => successes += 1,
            Err(_) => errors += 1,
        }
        report.check(format_args!("{call:?}"), ours, theirs);
        trees.check_same(&mut report, format_args!("{call:?}"));
    }
    // The table covers both outcomes broadly.
    assert!(
        errors > 60 && successes > 60,
        "{errors} errors, {successes} successes"
    );
    report.finish();
}

// ---------------------------------------------------------------------------
// OpenOptions
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
struct Flags {
    read: bool,
    write: bool,
    append: bool,
    truncate: bool,
    create: bool,
    create_new: bool,
}

impl Flags {
    fn from_bits(b: u8) -> Flags {
        Flags {
            read: b & 1 != 0,
            write: b & 2 != 0,
            append: b & 4 != 0,
            truncate: b & 8 != 0,
            create: b & 16 != 0,
            create_new: b & 32 != 0,
        }
    }

    const fn only(read: bool, write: bool, append: bool, create: bool) -> Flags {
        Flags {
            read,
            write,
            append,
            truncate: false,
            create,
            create_new: false,
        }
    }
}

/// The Unix extras of `OpenOptions`.
#[derive(Clone, Copy, Debug)]
enum Extra {
    Plain,
    Mode(u32),
    /// `custom_flags`, with the flag's name for failure messages.
    Custom(
        #[allow(dead_code, reason = "read by Debug, in failure messages")] &'static str,
        i32,
    ),
    /// `rt_fs::OpenOptions::from(std::fs::OpenOptions)`.
    FromStd,
}

fn std_options(f: Flags, extra: Extra) -> std::fs::OpenOptions {
    let mut o = std::fs::OpenOptions::new();
    o.read(f.read)
        .write(f.write)
        .append(f.append)
        .truncate(f.truncate)
        .create(f.create)
        .create_new(f.create_new);
    match extra {
        Extra::Mode(mode) => {
            o.mode(mode);
        }
        Extra::Custom(_, flags) => {
            o.custom_flags(flags);
        }
        Extra::Plain | Extra::FromStd => {}
    }
    o
}

fn rt_options(f: Flags, extra: Extra) -> rt_fs::OpenOptions {
    if let Extra::FromStd = extra {
        return rt_fs::OpenOptions::from(std_options(f, Extra::Plain));
    }
    let mut o = rt_fs::File::options();
    o.read(f.read)
        .write(f.write)
        .append(f.append)
        .truncate(f.truncate)
        .create(f.create)
        .create_new(f.create_new);
    match extra {
        Extra::Mode(mode) => {
            o.mode(mode);
        }
        Extra::Custom(_, flags) => {
            o.custom_flags(flags);
        }
        Extra::Plain | Extra::FromStd => {}
    }
    o
}

const OPEN_TARGETS: [&str; 7] = [
    "file",
    "missing",
    "dir",
    "dangling",
    "link_file",
    "file/x",
    "missing/x",
];

/// Writes `data` on both. Where std's write succeeds, rt's position is
/// queried before the flush (the write-behind bookkeeping); where it
/// fails, rt must report the same error exactly once, at the write or at
/// the flush.
async fn write_step(
    report: &mut Report,
    ctx: &str,
    ours: &mut File,
    theirs: &mut StdFile,
    data: &[u8],
) {
    match theirs.write_all(data) {
        Ok(()) => {
            report.check(
                format_args!("{ctx}: write_all"),
                out(ours.write_all(data).await),
                Ok(()),
            );
            report.check(
                format_args!("{ctx}: position before flush"),
                out(ours.stream_position().await),
                out(theirs.stream_position()),
            );
            report.check(
                format_args!("{ctx}: flush"),
                out(ours.flush().await),
                Ok(()),
            );
        }
        Err(e) => {
            let w = out(ours.write_all(data).await);
            let f = out(ours.flush().await);
            let errors: Vec<_> = [w, f].into_iter().filter_map(Result::err).collect();
            report.check(
                format_args!("{ctx}: the write's error, once, at write_all or flush"),
                errors,
                vec![(e.kind(), e.raw_os_error())],
            );
            report.check(
                format_args!("{ctx}: position after the failed write"),
                out(ours.stream_position().await),
                out(theirs.stream_position()),
            );
        }
    }
}

/// Type, length (0 for a directory) and mode.
fn handle_meta(m: &Metadata) -> (Kind, u64, u32) {
    let len = if m.is_dir() { 0 } else { m.len() };
    (kind(m.file_type()), len, m.mode())
}

/// Uses a pair of files opened with the same options.
async fn probe(report: &mut Report, ctx: &str, ours: &mut File, theirs: &mut StdFile, dir: bool) {
    report.check(
        format_args!("{ctx}: read 4"),
        out(rt_read_up_to(ours, 4).await),
        out(std_read_up_to(theirs, 4)),
    );
    write_step(report, &format!("{ctx}: write WXYZ"), ours, theirs, b"WXYZ").await;
    report.check(
        format_args!("{ctx}: metadata"),
        out(ours.metadata().await.map(|m| handle_meta(&m))),
        out(theirs.metadata().map(|m| handle_meta(&m))),
    );
    if dir {
        // Directory offsets are file-system cookies: no seeks.
        return;
    }
    report.check(
        format_args!("{ctx}: seek Start(1)"),
        out(ours.seek(SeekFrom::Start(1)).await),
        out(theirs.seek(SeekFrom::Start(1))),
    );
    report.check(
        format_args!("{ctx}: read 3"),
        out(rt_read_up_to(ours, 3).await),
        out(std_read_up_to(theirs, 3)),
    );
    write_step(report, &format!("{ctx}: write ab"), ours, theirs, b"ab").await;
    report.check(
        format_args!("{ctx}: seek End(0)"),
        out(ours.seek(SeekFrom::End(0)).await),
        out(theirs.seek(SeekFrom::End(0))),
    );
}

async fn open_case(report: &mut Report, flags: Flags, extra: Extra, target: &str) {
    let trees = Trees::new("parity-open", open_fixture);
    let ctx = format!("{flags:?} {extra:?} on {target:?}");
    let ours = rt_options(flags, extra).open(trees.rt.join(target)).await;
    let theirs = std_options(flags, extra).open(trees.std.join(target));
    match (ours, theirs) {
        (Ok(mut ours), Ok(mut theirs)) => {
            let dir = theirs.metadata().is_ok_and(|m| m.is_dir());
            probe(report, &ctx, &mut ours, &mut theirs, dir).await;
        }
        (ours, theirs) => report.check(
            format_args!("{ctx}: open"),
            out(ours.map(drop)),
            out(theirs.map(drop)),
        ),
    }
    trees.check_same(report, &ctx);
}

/// Linux's `open(2)` flags for the `custom_flags` cases (the values differ
/// between architectures; elsewhere only the portable ones are tried).
fn custom_flag_cases() -> Vec<(Flags, Extra)> {
    const R: Flags = Flags::only(true, false, false, false);
    const W: Flags = Flags::only(false, true, false, false);
    const RW: Flags = Flags::only(true, true, false, false);
    const WC: Flags = Flags::only(false, true, false, true);
    // O_WRONLY: std masks the access mode bits out of custom flags.
    let mut cases = vec![
        (R, Extra::Custom("O_WRONLY", 1)),
        (RW, Extra::Custom("none", 0)),
    ];
    #[cfg(all(
        target_os = "linux",
        any(target_arch = "x86_64", target_arch = "aarch64")
    ))]
    {
        const O_APPEND: i32 = 0o2000;
        const O_TRUNC: i32 = 0o1000;
        #[cfg(target_arch = "x86_64")]
        const O_DIRECTORY: i32 = 0o200000;
        #[cfg(target_arch = "x86_64")]
        const O_NOFOLLOW: i32 = 0o400000;
        #[cfg(target_arch = "aarch64")]
        const O_DIRECTORY: i32 = 0o40000;
        #[cfg(target_arch = "aarch64")]
        const O_NOFOLLOW: i32 = 0o100000;
        cases.extend([
            (W, Extra::Custom("O_APPEND", O_APPEND)),
            (RW, Extra::Custom("O_APPEND", O_APPEND)),
            (WC, Extra::Custom("O_APPEND", O_APPEND)),
            (W, Extra::Custom("O_TRUNC", O_TRUNC)),
            (R, Extra::Custom("O_NOFOLLOW", O_NOFOLLOW)),
            (WC, Extra::Custom("O_NOFOLLOW", O_NOFOLLOW)),
            (R, Extra::Custom("O_DIRECTORY", O_DIRECTORY)),
        ]);
    }
    cases
}

async fn open_options_match_std() {
    let mut report = Report::new("OpenOptions");
    for bits in 0..64 {
        for target in OPEN_TARGETS {
            open_case(&mut report, Flags::from_bits(bits), Extra::Plain, target).await;
        }
    }
    let create_new = Flags {
        create_new: true,
        ..Flags::only(false, true, false, false)
    };
    let rw_create_truncate = Flags {
        truncate: true,
        ..Flags::only(true, true, false, true)
    };
    let mut extras = vec![
        (create_new, Extra::Mode(0o600)),
        (Flags::only(false, true, false, true), Extra::Mode(0o640)),
        (rw_create_truncate, Extra::Mode(0o4751)),
        (Flags::only(false, true, false, false), Extra::Mode(0o600)),
        (Flags::only(false, false, true, true), Extra::Mode(0o700)),
        (Flags::only(false, false, true, false), Extra::FromStd),
        (Flags::only(true, false, true, false), Extra::FromStd),
        (Flags::only(true, false, false, false), Extra::FromStd),
        (rw_create_truncate, Extra::FromStd),
        (create_new, Extra::FromStd),
        (Flags::only(false, false, false, false), Extra::FromStd),
    ];
    extras.extend(custom_flag_cases());
    for (flags, extra) in extras {
        for target in OPEN_TARGETS {
            open_case(&mut report, flags, extra, target).await;
        }
    }
    report.finish();
}

// ---------------------------------------------------------------------------
// File ops shared by the try_clone, into_std and metadata checks
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
enum Op {
    /// Reads until `n` bytes or end of file.
    Read(usize),
    /// One `read` call into `n` bytes. It may return fewer bytes than
    /// std's; the `k` it returns must be std's next `k`, and 0 only where
    /// std is at end of file.
    ReadOnce(usize),
    WriteAll(usize),
    SeekStart(u64),
    SeekCur(i64),
    SeekEnd(i64),
    Position,
    Len,
    SetLen(u64),
    Flush,
}

/// Runs `op` on both files and compares; `tag` seeds the written bytes
/// (distinct per step, so a misplaced write shows).
async fn apply(
    report: &mut Report,
    ctx: impl Display,
    ours: &mut File,
    theirs: &mut StdFile,
    op: Op,
    tag: u64,
) {
    let ctx = format!("{ctx}: {op:?}");
    match op {
        Op::Read(n) => report.check(
            ctx,
            out(rt_read_up_to(ours, n).await),
            out(std_read_up_to(theirs, n)),
        ),
        Op::ReadOnce(n) => {
            let mut buf = vec![0; n];
            match ours.read(&mut buf).await {
                Ok(0) if n > 0 => report.check(
                    format_args!("{ctx}: rt at end of file"),
                    Ok(Vec::new()),
                    out(std_read_up_to(theirs, n)),
                ),
                Ok(k) => report.check(ctx, Ok(buf[..k].to_vec()), out(std_read_up_to(theirs, k))),
                Err(e) => report.check(ctx, out(Err(e)), out(std_read_up_to(theirs, n))),
            }
        }
        Op::WriteAll(n) => {
            let data = pattern(n, tag);
            report.check(
                ctx,
                out(ours.write_all(&data).await),
                out(theirs.write_all(&data)),
            );
        }
        Op::SeekStart(k) => report.check(
            ctx,
            out(ours.seek(SeekFrom::Start(k)).await),
            out(theirs.seek(SeekFrom::Start(k))),
        ),
        Op::SeekCur(k) => report.check(
            ctx,
            out(ours.seek(SeekFrom::Current(k)).await),
            out(theirs.seek(SeekFrom::Current(k))),
        ),
        Op::SeekEnd(k) => report.check(
            ctx,
            out(ours.seek(SeekFrom::End(k)).await),
            out(theirs.seek(SeekFrom::End(k))),
        ),
        Op::Position => report.check(
            ctx,
            out(ours.stream_position().await),
            out(theirs.stream_position()),
        ),
        Op::Len => report.check(
            ctx,
            out(ours.metadata().await.map(|m| m.len())),
            out(theirs.metadata().map(|m| m.len())),
        ),
        Op::SetLen(n) => report.check(ctx, out(ours.set_len(n).await), out(theirs.set_len(n))),
        Op::Flush => report.check(ctx, out(ours.flush().await), out(theirs.flush())),
    }
}

/// One file of `len` pattern bytes in each tree, named `f`.
struct FilePair {
    _dir: Scratch,
    rt: PathBuf,
    std: PathBuf,
}

impl FilePair {
    fn new(tag: &str, len: usize) -> FilePair {
        let dir = Scratch::new(tag);
        let (rt, std) = (dir.join("rt"), dir.join("std"));
        let data = pattern(len, 77);
        std::fs::write(&rt, &data).unwrap();
        std::fs::write(&std, &data).unwrap();
        FilePair { _dir: dir, rt, std }
    }

    async fn open(&self, append: bool) -> (File, StdFile) {
        let ours = rt_fs::File::options()
            .read(true)
            .write(!append)
            .append(append)
            .open(&self.rt)
            .await
            .unwrap();
        let theirs = std::fs::OpenOptions::new()
            .read(true)
            .write(!append)
            .append(append)
            .open(&self.std)
            .unwrap();
        (ours, theirs)
    }

    fn check_contents(&self, report: &mut Report, ctx: impl Display) {
        let (a, b) = (
            std::fs::read(&self.rt).unwrap(),
            std::fs::read(&self.std).unwrap(),
        );
        let first = a.iter().zip(&b).position(|(x, y)| x != y);
        report.check(
            format_args!("{ctx}: file contents (len, first differing byte)"),
            (a.len(), first),
            (b.len(), None),
        );
    }
}

const LEN: usize = 300;

// ---------------------------------------------------------------------------
// try_clone
// ---------------------------------------------------------------------------

/// Ops on the original before cloning: read-ahead, write-behind, both, a
/// read to end of file, a seek.
const CLONE_PREFIXES: &[&[Op]] = {
    use Op::*;
    &[
        &[],
        &[Read(10)],
        &[WriteAll(5)],
        &[Read(10), WriteAll(5)],
        &[WriteAll(5), Read(4)],
        &[Read(400)],
        &[SeekEnd(-3)],
    ]
};

const CLONE_STEPS: &[Op] = {
    use Op::*;
    &[
        Read(4),
        Read(400),
        WriteAll(6),
        SeekStart(20),
        SeekCur(-2),
        SeekEnd(5),
        Position,
        Len,
        SetLen(150),
    ]
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Handle {
    Original,
    Clone,
}

async fn clone_run(report: &mut Report, prefix: &[Op], steps: &[(Handle, Op)]) {
    let pair = FilePair::new("parity-clone", LEN);
    let ctx = format!("prefix {prefix:?}, steps {steps:?}");
    let (mut a, mut sa) = pair.open(false).await;
    for (i, &op) in prefix.iter().enumerate() {
        apply(
            report,
            format_args!("{ctx}: prefix"),
            &mut a,
            &mut sa,
            op,
            i as u64,
        )
        .await;
    }
    let (mut b, mut sb) = match (a.try_clone().await, sa.try_clone()) {
        (Ok(b), Ok(sb)) => (b, sb),
        (b, sb) => {
            report.check(
                format_args!("{ctx}: try_clone"),
                out(b.map(drop)),
                out(sb.map(drop)),
            );
            return;
        }
    };
    // The position query right after cloning, on both handles.
    apply(
        report,
        format_args!("{ctx}: clone"),
        &mut b,
        &mut sb,
        Op::Position,
        0,
    )
    .await;
    apply(
        report,
        format_args!("{ctx}: original"),
        &mut a,
        &mut sa,
        Op::Position,
        0,
    )
    .await;
    let mut last = None;
    for (i, &(h, op)) in steps.iter().enumerate() {
        if last.is_some_and(|l| l != h) {
            // Write-behind: the other handle's writes reach the OS at its
            // flush (as with Tokio), so flush it before switching.
            let (other, sother) = match h {
                Handle::Original => (&mut b, &mut sb),
                Handle::Clone => (&mut a, &mut sa),
            };
            apply(
                report,
                format_args!("{ctx}: switch"),
                other,
                sother,
                Op::Flush,
                0,
            )
            .await;
        }
        last = Some(h);
        let (f, s) = match h {
            Handle::Original => (&mut a, &mut sa),
            Handle::Clone => (&mut b, &mut sb),
        };
        apply(
            report,
            format_args!("{ctx}: step {i} on {h:?}"),
            f,
            s,
            op,
            100 + i as u64,
        )
        .await;
    }
    if let Some(h) = last {
        let (f, s) = match h {
            Handle::Original => (&mut a, &mut sa),
            Handle::Clone => (&mut b, &mut sb),
        };
        apply(report, format_args!("{ctx}: end"), f, s, Op::Position, 0).await;
    }
    for (f, s) in [(&mut a, &mut sa), (&mut b, &mut sb)] {
        apply(report, format_args!("{ctx}: end"), f, s, Op::Flush, 0).await;
    }
    drop((a, b, sa, sb));
    pair.check_contents(report, &ctx);
}

async fn try_clone_matches_std() {
    let mut report = Report::new("try_clone");
    let mut steps = Vec::new();
    for h in [Handle::Original, Handle::Clone] {
        for &op in CLONE_STEPS {
            steps.push((h, op));
        }
    }
    for prefix in CLONE_PREFIXES {
        clone_run(&mut report, prefix, &[]).await;
        for &first in &steps {
            for &second in &steps {
                clone_run(&mut report, prefix, &[first, second]).await;
            }
        }
    }
    // Triples reach what one handle remembers across the other's moves
    // (an end of file, a pending rewind).
    let mut short = Vec::new();
    for h in [Handle::Original, Handle::Clone] {
        for op in [
            Op::Read(4),
            Op::ReadOnce(400),
            Op::WriteAll(6),
            Op::SeekStart(20),
        ] {
            short.push((h, op));
        }
    }
    for &a in &short {
        for &b in &short {
            for &c in &short {
                clone_run(&mut report, &[], &[a, b, c]).await;
            }
        }
    }
    report.finish();
}

// ---------------------------------------------------------------------------
// into_std / from_std
// ---------------------------------------------------------------------------

const INTO_STD_OPS: &[Op] = {
    use Op::*;
    &[
        Read(4),
        Read(400),
        WriteAll(6),
        WriteAll(100),
        SeekStart(50),
        SeekEnd(5),
        SetLen(40),
        Position,
    ]
};

async fn into_std_run(report: &mut Report, append: bool, cap: Option<usize>, ops: [Op; 2]) {
    let pair = FilePair::new("parity-intostd", LEN);
    let ctx = format!("append {append} cap {cap:?} {ops:?}");
    let (mut ours, mut theirs) = pair.open(append).await;
    if let Some(cap) = cap {
        ours.set_max_buf_size(cap);
    }
    for (i, op) in ops.into_iter().enumerate() {
        apply(report, &ctx, &mut ours, &mut theirs, op, i as u64).await;
    }
    let mut converted = ours.into_std().await;
    let ctx = format!("{ctx}, into_std");
    report.check(
        format_args!("{ctx}: std cursor"),
        out(converted.stream_position()),
        out(theirs.stream_position()),
    );
    // Buffered writes landed before into_std returned.
    pair.check_contents(report, &ctx);
    report.check(
        format_args!("{ctx}: std read 8"),
        out(std_read_up_to(&mut converted, 8)),
        out(std_read_up_to(&mut theirs, 8)),
    );
    report.check(
        format_args!("{ctx}: std write"),
        out(converted.write_all(b"s!")),
        out(theirs.write_all(b"s!")),
    );
    let mut ours = File::from_std(converted);
    let ctx = format!("{ctx}, from_std");
    for (i, op) in [
        Op::Position,
        Op::Read(3),
        Op::WriteAll(4),
        Op::Position,
        Op::SeekCur(-5),
        Op::Read(2),
        Op::Flush,
    ]
    .into_iter()
    .enumerate()
    {
        apply(report, &ctx, &mut ours, &mut theirs, op, 10 + i as u64).await;
    }
    drop((ours, theirs));
    pair.check_contents(report, format_args!("{ctx}: end"));
}

async fn into_std_from_std_match_std() {
    let mut report = Report::new("into_std / from_std");
    for (append, cap) in [(false, None), (false, Some(4)), (true, None)] {
        for &a in INTO_STD_OPS {
            for &b in INTO_STD_OPS {
                into_std_run(&mut report, append, cap, [a, b]).await;
            }
        }
    }
    report.finish();
}

// ---------------------------------------------------------------------------
// File::metadata after buffered writes, File::set_permissions
// ---------------------------------------------------------------------------

/// The comparable part of a file's metadata, plus whether the OS already
/// reports the same length for the path (the buffered writes landed) and
/// the handle's inode is the path's.
fn file_meta(m: &Metadata, path: &Path) -> (Kind, u64, u32, u64, bool) {
    let on_path = std::fs::metadata(path).unwrap();
    (
        kind(m.file_type()),
        m.len(),
        m.mode(),
        m.nlink(),
        on_path.len() == m.len() && on_path.ino() == m.ino() && on_path.dev() == m.dev(),
    )
}

async fn metadata_after_buffered_writes_matches_std() {
    use Op::*;
    let mut report = Report::new("File::metadata after buffered writes");
    let scripts: &[(&str, bool, Option<usize>, &[Op])] = &[
        ("small write", false, None, &[WriteAll(5)]),
        (
            "past the write-behind threshold",
            false,
            None,
            &[WriteAll(70_000), WriteAll(3)],
        ),
        (
            "hole",
            false,
            None,
            &[WriteAll(10), SeekEnd(100), WriteAll(3)],
        ),
        ("after read-ahead", false, None, &[Read(4), WriteAll(6)]),
        (
            "after set_len",
            false,
            None,
            &[WriteAll(8), SetLen(3), WriteAll(2)],
        ),
        (
            "append",
            true,
            None,
            &[WriteAll(5), SeekStart(0), WriteAll(5)],
        ),
        (
            "cap 1",
            false,
            Some(1),
            &[WriteAll(100), SeekCur(-50), WriteAll(7)],
        ),
    ];
    for &(name, append, cap, ops) in scripts {
        for from_std in [false, true] {
            let pair = FilePair::new("parity-meta", LEN);
            let (ours, mut theirs) = pair.open(append).await;
            let mut ours = if from_std {
                File::from_std(ours.into_std().await)
            } else {
                ours
            };
            if let Some(cap) = cap {
                ours.set_max_buf_size(cap);
            }
            let ctx = format!("{name} (from_std {from_std})");
            for (i, &op) in ops.iter().enumerate() {
                apply(&mut report, &ctx, &mut ours, &mut theirs, op, i as u64).await;
            }
            let m = ours.metadata().await.unwrap();
            let s = theirs.metadata().unwrap();
            report.check(
                format_args!("{ctx}: metadata"),
                file_meta(&m, &pair.rt),
                file_meta(&s, &pair.std),
            );
            pair.check_contents(&mut report, &ctx);
            apply(&mut report, &ctx, &mut ours, &mut theirs, Position, 0).await;
        }
    }
    report.finish();
}

async fn file_set_permissions_matches_std() {
    let mut report = Report::new("File::set_permissions");
    // (name, read, write, append)
    let modes = [
        ("read-only", true, false, false),
        ("write-only", false, true, false),
        ("read-write", true, true, false),
        ("append", false, false, true),
    ];
    for (name, read, write, append) in modes {
        for perm in [Some(0o400), Some(0o600), Some(0o755), Some(0o4711), None] {
            let trees = Trees::new("parity-fperm", open_fixture);
            let mut o = rt_fs::File::options();
            o.read(read).write(write).append(append);
            let mut ours = o.open(trees.rt.join("file")).await.unwrap();
            let mut theirs = std::fs::OpenOptions::new()
                .read(read)
                .write(write)
                .append(append)
                .open(trees.std.join("file"))
                .unwrap();
            let ctx = format!("{name} handle, {perm:?}");
            if write || append {
                // Buffered: set_permissions must write it first.
                apply(
                    &mut report,
                    &ctx,
                    &mut ours,
                    &mut theirs,
                    Op::WriteAll(7),
                    1,
                )
                .await;
            }
            let (p_rt, p_std) = match perm {
                Some(mode) => (Permissions::from_mode(mode), Permissions::from_mode(mode)),
                // set_readonly on what the handle reports.
                None => {
                    let mut a = ours.metadata().await.unwrap().permissions();
                    let mut b = theirs.metadata().unwrap().permissions();
                    a.set_readonly(true);
                    b.set_readonly(true);
                    (a, b)
                }
            };
            report.check(
                format_args!("{ctx}: set_permissions"),
                out(ours.set_permissions(p_rt).await),
                out(theirs.set_permissions(p_std)),
            );
            trees.check_same(&mut report, format_args!("{ctx}, before any flush"));
            if write || append {
                // The open handle may still write after a chmod.
                apply(
                    &mut report,
                    &ctx,
                    &mut ours,
                    &mut theirs,
                    Op::WriteAll(3),
                    2,
                )
                .await;
                apply(&mut report, &ctx, &mut ours, &mut theirs, Op::Flush, 0).await;
            }
            report.check(
                format_args!("{ctx}: metadata mode"),
                out(ours.metadata().await.map(|m| m.mode())),
                out(theirs.metadata().map(|m| m.mode())),
            );
            drop((ours, theirs));
            trees.check_same(&mut report, &ctx);
        }
    }
    // A directory handle.
    let trees = Trees::new("parity-fperm-dir", open_fixture);
    let ours = File::open(trees.rt.join("dir")).await.unwrap();
    let theirs = StdFile::open(trees.std.join("dir")).unwrap();
    report.check(
        "directory handle: set_permissions",
        out(ours.set_permissions(Permissions::from_mode(0o710)).await),
        out(theirs.set_permissions(Permissions::from_mode(0o710))),
    );
    trees.check_same(&mut report, "directory handle");
    report.finish();
}

// ---------------------------------------------------------------------------
// Background-write errors
// ---------------------------------------------------------------------------

/// An operation that must report a pending background-write error.
#[derive(Clone, Copy, Debug)]
enum Reporter {
    Flush,
    Shutdown,
    WriteAll,
    Read,
    Seek,
    SetLen,
    Metadata,
    SyncAll,
    SyncData,
    SetPermissions,
    TryClone,
}

const REPORTERS: [Reporter; 11] = [
    Reporter::Flush,
    Reporter::Shutdown,
    Reporter::WriteAll,
    Reporter::Read,
    Reporter::Seek,
    Reporter::SetLen,
    Reporter::Metadata,
    Reporter::SyncAll,
    Reporter::SyncData,
    Reporter::SetPermissions,
    Reporter::TryClone,
];

async fn report_with(f: &mut File, r: Reporter) -> io::Result<()> {
    match r {
        Reporter::Flush => f.flush().await,
        Reporter::Shutdown => f.shutdown().await,
        Reporter::WriteAll => f.write_all(b"more").await,
        Reporter::Read => f.read(&mut [0; 4]).await.map(drop),
        Reporter::Seek => f.seek(SeekFrom::Start(0)).await.map(drop),
        Reporter::SetLen => f.set_len(0).await,
        Reporter::Metadata => f.metadata().await.map(drop),
        Reporter::SyncAll => f.sync_all().await,
        Reporter::SyncData => f.sync_data().await,
        Reporter::SetPermissions => f.set_permissions(Permissions::from_mode(0o640)).await,
        Reporter::TryClone => f.try_clone().await.map(drop),
    }
}

/// Where the write fails.
#[derive(Clone, Copy, Debug)]
enum Sink {
    /// A regular file opened read-only: EBADF.
    ReadOnly,
    /// `/dev/full`: ENOSPC.
    DevFull,
}

fn sinks() -> Vec<Sink> {
    let mut sinks = vec![Sink::ReadOnly];
    if cfg!(target_os = "linux") && Path::new("/dev/full").exists() {
        sinks.push(Sink::DevFull);
    }
    sinks
}

async fn open_sink(sink: Sink, trees: &Trees) -> (File, StdFile) {
    match sink {
        Sink::ReadOnly => (
            File::open(trees.rt.join("file")).await.unwrap(),
            StdFile::open(trees.std.join("file")).unwrap(),
        ),
        Sink::DevFull => {
            let ours = rt_fs::File::options()
                .read(true)
                .write(true)
                .open("/dev/full")
                .await
                .unwrap();
            let theirs = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open("/dev/full")
                .unwrap();
            (ours, theirs)
        }
    }
}

async fn background_write_errors_are_reported_once() {
    let mut report = Report::new("background-write errors");
    for sink in sinks() {
        for r in REPORTERS {
            if matches!(sink, Sink::DevFull)
                && matches!(r, Reporter::SetPermissions | Reporter::SetLen)
            {
                // Never chmod or truncate the device should the error be
                // lost.
                continue;
            }
            let trees = Trees::new("parity-werr", open_fixture);
            let (mut ours, mut theirs) = open_sink(sink, &trees).await;
            let ctx = format!("{sink:?}, reported by {r:?}");
            let expect = out(theirs.write_all(b"doomed")).expect_err("std's write must fail");
            let w = out(ours.write_all(b"doomed").await);
            let by = out(report_with(&mut ours, r).await);
            let flushed = out(ours.flush().await);
            let errors: Vec<_> = [w, by, flushed]
                .into_iter()
                .filter_map(Result::err)
                .collect();
            report.check(
                format_args!("{ctx}: errors of write_all, {r:?}, flush"),
                errors,
                vec![expect],
            );
            // Still usable, and nothing was written.
            report.check(
                format_args!("{ctx}: then seek"),
                out(ours.seek(SeekFrom::Start(0)).await),
                out(theirs.seek(SeekFrom::Start(0))),
            );
            report.check(
                format_args!("{ctx}: then read"),
                out(rt_read_up_to(&mut ours, 64).await),
                out(std_read_up_to(&mut theirs, 64)),
            );
            if matches!(r, Reporter::Flush) {
                report.check(
                    format_args!("{ctx}: flush again"),
                    out(ours.flush().await),
                    Ok(()),
                );
            }
            drop((ours, theirs));
            trees.check_same(&mut report, &ctx);
        }

        // Writes larger than the write-behind threshold fail in the
        // background while write_all goes on. One error may cover several
        // accepted writes (rule 7), and a write accepted after an error
        // was reported fails again later, so: every error is std's, and
        // every write that returned Ok is followed by an error (none is
        // lost); after that, a flush has nothing to report.
        let trees = Trees::new("parity-werr-big", open_fixture);
        let (mut ours, mut theirs) = open_sink(sink, &trees).await;
        let big = vec![7u8; 300 * 1024];
        let expect = out(theirs.write_all(&big)).expect_err("std's write must fail");
        let mut results = Vec::new();
        for _ in 0..3 {
            results.push(out(ours.write_all(&big).await));
        }
        results.push(out(ours.flush().await));
        for (i, r) in results.iter().enumerate() {
            let reported_later = results[i + 1..].iter().any(Result::is_err);
            let is_write = i < 3;
            let ok = match r {
                // A write's bytes, accepted: their error must come later.
                Ok(()) => !is_write || reported_later,
                Err(e) => *e == expect,
            };
            report.check(
                format_args!("{sink:?}: big writes then flush: result {i} of {results:?}"),
                ok,
                true,
            );
        }
        report.check(
            format_args!("{sink:?}: big writes: flush again"),
            out(ours.flush().await),
            Ok(()),
        );
        drop((ours, theirs));
        trees.check_same(&mut report, format_args!("{sink:?}: big writes"));

        // The error belongs to the handle that wrote.
        let trees = Trees::new("parity-werr-clone", open_fixture);
        let (ours, _) = open_sink(sink, &trees).await;
        let mut clone = ours.try_clone().await.unwrap();
        let mut ours = ours;
        clone.write_all(b"doomed").await.unwrap();
        report.check(
            format_args!("{sink:?}: the original's flush"),
            out(ours.flush().await),
            Ok(()),
        );
        report.check(
            format_args!("{sink:?}: the clone's flush"),
            out(clone.flush().await).map_err(|e| e.1),
            Err(expect.1),
        );

        // into_std discards the error (documented) and hands over a
        // usable file at std's position.
        let trees = Trees::new("parity-werr-intostd", open_fixture);
        let (mut ours, mut theirs) = open_sink(sink, &trees).await;
        report.check(
            format_args!("{sink:?}: read before into_std"),
            out(rt_read_up_to(&mut ours, 2).await),
            out(std_read_up_to(&mut theirs, 2)),
        );
        let _ = theirs.write_all(b"doomed");
        ours.write_all(b"doomed").await.unwrap();
        let mut converted = ours.into_std().await;
        report.check(
            format_args!("{sink:?}: position after into_std"),
            out(converted.stream_position()),
            out(theirs.stream_position()),
        );
        report.check(
            format_args!("{sink:?}: read after into_std"),
            out(std_read_up_to(&mut converted, 64)),
            out(std_read_up_to(&mut theirs, 64)),
        );
        drop((converted, theirs));
        trees.check_same(&mut report, format_args!("{sink:?}: into_std"));
    }
    report.finish();
}

flavors! {
    async fn free_functions_and_dir_builder() {
        free_functions_match_std().await;
    }

    async fn open_options_every_flag_combination() {
        open_options_match_std().await;
    }

    async fn try_clone_shares_the_cursor_like_std() {
        try_clone_matches_std().await;
    }

    async fn into_std_and_from_std_keep_the_position_and_data() {
        into_std_from_std_match_std().await;
    }

    async fn file_metadata_after_buffered_writes() {
        metadata_after_buffered_writes_matches_std().await;
    }

    async fn file_set_permissions() {
        file_set_permissions_matches_std().await;
    }

    async fn background_write_errors() {
        background_write_errors_are_reported_once().await;
    }
}
