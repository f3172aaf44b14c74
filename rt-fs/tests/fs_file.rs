//! `File`: opening, reading, writing, seeking, and every buffer interplay
//! (read-ahead × seek, write-behind × read / seek / set_len / metadata),
//! checked against std::fs.

#[macro_use]
mod support;

use rt_fs::{File, OpenOptions};
use rt_io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
use std::future::Future;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use support::{count_wakes, pattern, TempDir};

async fn rw(path: &Path) -> File {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .await
        .unwrap()
}

/// Reads until `n` bytes or end of file.
async fn read_n(file: &mut File, n: usize) -> Vec<u8> {
    support::rt_read_up_to(file, n).await.unwrap()
}

flavors! {
    async fn create_write_flush_read_back() {
        let dir = TempDir::new("file-rw");
        let path = dir.join("f");
        let mut f = File::create(&path).await.unwrap();
        f.write_all(b"hello ").await.unwrap();
        f.write_all(b"world").await.unwrap();
        f.flush().await.unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"hello world");

        let mut f = File::open(&path).await.unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).await.unwrap();
        assert_eq!(s, "hello world");
    }

    async fn sequential_small_reads_cost_a_handful_of_jobs() {
        let dir = TempDir::new("file-seq");
        let path = dir.join("f");
        let data = pattern(4_000_000, 1);
        std::fs::write(&path, &data).unwrap();
        let mut f = File::open(&path).await.unwrap();
        let mut got = Vec::with_capacity(data.len());
        let (_, jobs) = count_wakes(async {
            let mut buf = [0u8; 4096];
            loop {
                let n = f.read(&mut buf).await.unwrap();
                if n == 0 {
                    break;
                }
                got.extend_from_slice(&buf[..n]);
            }
        })
        .await;
        assert_eq!(got, data);
        // 16K, 64K, 256K, 1M, 2M, 2M (the last one sees end of file).
        assert!(jobs <= 8, "{jobs} blocking round trips for 977 reads");
    }

    async fn large_write_and_read_in_one_call() {
        let dir = TempDir::new("file-large");
        let path = dir.join("f");
        let data = pattern(5_000_000, 2);
        let mut f = File::create(&path).await.unwrap();
        f.write_all(&data).await.unwrap();
        f.flush().await.unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), data);
        let mut f = File::open(&path).await.unwrap();
        let mut back = Vec::new();
        assert_eq!(f.read_to_end(&mut back).await.unwrap(), data.len());
        assert_eq!(back, data);
    }

    async fn many_small_writes_are_batched() {
        let dir = TempDir::new("file-smallw");
        let path = dir.join("f");
        let mut f = File::create(&path).await.unwrap();
        let (_, jobs) = count_wakes(async {
            for i in 0..10_000u32 {
                f.write_all(&i.to_le_bytes()).await.unwrap();
            }
            f.flush().await.unwrap();
        })
        .await;
        assert!(jobs <= 4, "{jobs} round trips for 10,000 small writes");
        let back = std::fs::read(&path).unwrap();
        let expect: Vec<u8> = (0..10_000u32).flat_map(|i| i.to_le_bytes()).collect();
        assert_eq!(back, expect);
    }

    async fn read_seek_read() {
        let dir = TempDir::new("file-rsr");
        let path = dir.join("f");
        let data = pattern(100_000, 3);
        std::fs::write(&path, &data).unwrap();
        let mut f = File::open(&path).await.unwrap();
        assert_eq!(read_n(&mut f, 10).await, &data[..10]);
        assert_eq!(f.seek(SeekFrom::Start(50_000)).await.unwrap(), 50_000);
        assert_eq!(read_n(&mut f, 10).await, &data[50_000..50_010]);
        assert_eq!(f.seek(SeekFrom::End(-5)).await.unwrap(), 99_995);
        assert_eq!(read_n(&mut f, 10).await, &data[99_995..]);
        assert_eq!(f.seek(SeekFrom::Start(3)).await.unwrap(), 3);
        assert_eq!(read_n(&mut f, 4).await, &data[3..7]);
    }

    async fn seek_current_counts_from_the_logical_position() {
        let dir = TempDir::new("file-cur");
        let path = dir.join("f");
        let data = pattern(100_000, 4);
        std::fs::write(&path, &data).unwrap();
        let mut f = File::open(&path).await.unwrap();
        // The read fills 16 KiB of read-ahead; 10 bytes are consumed.
        assert_eq!(read_n(&mut f, 10).await, &data[..10]);
        assert_eq!(f.seek(SeekFrom::Current(5)).await.unwrap(), 15);
        assert_eq!(read_n(&mut f, 5).await, &data[15..20]);
        assert_eq!(f.seek(SeekFrom::Current(-20)).await.unwrap(), 0);
        assert_eq!(read_n(&mut f, 3).await, &data[..3]);
        // A negative target fails like std's, and the position stays.
        let err = f.seek(SeekFrom::Current(-4)).await.unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        assert_eq!(f.stream_position().await.unwrap(), 3);
        assert_eq!(read_n(&mut f, 2).await, &data[3..5]);
    }

    async fn position_queries_cost_no_job() {
        let dir = TempDir::new("file-tell");
        let path = dir.join("f");
        let data = pattern(50_000, 5);
        std::fs::write(&path, &data).unwrap();
        let mut f = File::open(&path).await.unwrap();
        assert_eq!(read_n(&mut f, 100).await, &data[..100]);
        let (pos, jobs) = count_wakes(f.stream_position()).await;
        assert_eq!(pos.unwrap(), 100);
        assert_eq!(jobs, 0);
        // The read-ahead survives a position query.
        let (bytes, jobs) = count_wakes(read_n(&mut f, 100)).await;
        assert_eq!(bytes, &data[100..200]);
        assert_eq!(jobs, 0);
    }

    async fn write_then_read_sees_the_write() {
        let dir = TempDir::new("file-wr");
        let path = dir.join("f");
        let data = pattern(1000, 6);
        std::fs::write(&path, &data).unwrap();
        let mut f = rw(&path).await;
        f.write_all(b"ABC").await.unwrap();
        // Reading continues after the written bytes, in the same job.
        assert_eq!(read_n(&mut f, 5).await, &data[3..8]);
        f.seek(SeekFrom::Start(0)).await.unwrap();
        let mut expect = data.clone();
        expect[..3].copy_from_slice(b"ABC");
        assert_eq!(read_n(&mut f, 8).await, &expect[..8]);
    }

    async fn read_then_write_lands_at_the_logical_position() {
        let dir = TempDir::new("file-rw2");
        let path = dir.join("f");
        let data = pattern(100_000, 7);
        std::fs::write(&path, &data).unwrap();
        let mut f = rw(&path).await;
        assert_eq!(read_n(&mut f, 10).await, &data[..10]);
        f.write_all(b"xyz").await.unwrap();
        assert_eq!(f.stream_position().await.unwrap(), 13);
        assert_eq!(read_n(&mut f, 4).await, &data[13..17]);
        f.flush().await.unwrap();
        let mut expect = data.clone();
        expect[10..13].copy_from_slice(b"xyz");
        assert_eq!(std::fs::read(&path).unwrap(), expect);
    }

    async fn write_seek_write() {
        let dir = TempDir::new("file-wsw");
        let path = dir.join("f");
        let mut f = rw(&path).await;
        f.write_all(b"0123456789").await.unwrap();
        assert_eq!(f.seek(SeekFrom::Start(2)).await.unwrap(), 2);
        f.write_all(b"ab").await.unwrap();
        assert_eq!(f.seek(SeekFrom::End(2)).await.unwrap(), 12);
        f.write_all(b"!").await.unwrap();
        assert_eq!(f.seek(SeekFrom::Current(-13)).await.unwrap(), 0);
        f.write_all(b"Z").await.unwrap();
        f.flush().await.unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"Z1ab456789\0\0!");
    }

    async fn write_set_len_read() {
        let dir = TempDir::new("file-wsl");
        let path = dir.join("f");
        let mut f = rw(&path).await;
        let data = pattern(100, 8);
        f.write_all(&data).await.unwrap();
        f.set_len(50).await.unwrap();
        // The position stays at 100, past the new end.
        assert_eq!(f.stream_position().await.unwrap(), 100);
        assert_eq!(read_n(&mut f, 10).await, b"");
        f.seek(SeekFrom::Start(0)).await.unwrap();
        assert_eq!(read_n(&mut f, 1000).await, &data[..50]);
        // Extending fills with zeros, read through fresh read-ahead.
        f.set_len(60).await.unwrap();
        assert_eq!(read_n(&mut f, 1000).await, &[0u8; 10]);
        assert_eq!(std::fs::read(&path).unwrap().len(), 60);
    }

    async fn set_len_discards_read_ahead() {
        let dir = TempDir::new("file-slra");
        let path = dir.join("f");
        let data = pattern(10_000, 9);
        std::fs::write(&path, &data).unwrap();
        let mut f = rw(&path).await;
        assert_eq!(read_n(&mut f, 10).await, &data[..10]);
        f.set_len(20).await.unwrap();
        // std would read the 10 bytes left before the new end.
        assert_eq!(read_n(&mut f, 100).await, &data[10..20]);
    }

    async fn eof_in_the_middle_of_the_buffer() {
        let dir = TempDir::new("file-eof");
        let path = dir.join("f");
        let data = pattern(20_001, 10);
        std::fs::write(&path, &data).unwrap();
        let mut f = File::open(&path).await.unwrap();
        let mut total = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = f.read(&mut buf).await.unwrap();
            if n == 0 {
                break;
            }
            total.extend_from_slice(&buf[..n]);
        }
        assert_eq!(total, data);
        assert_eq!(f.read(&mut buf).await.unwrap(), 0);
        assert_eq!(f.stream_position().await.unwrap(), 20_001);
    }

    async fn eof_then_growth_is_seen() {
        let dir = TempDir::new("file-grow");
        let path = dir.join("f");
        std::fs::write(&path, b"abc").unwrap();
        let mut f = File::open(&path).await.unwrap();
        let mut s = Vec::new();
        f.read_to_end(&mut s).await.unwrap();
        assert_eq!(s, b"abc");
        let mut other = OpenOptions::new().append(true).open(&path).await.unwrap();
        other.write_all(b"def").await.unwrap();
        other.flush().await.unwrap();
        s.clear();
        f.read_to_end(&mut s).await.unwrap();
        assert_eq!(s, b"def");
    }

    async fn read_ahead_past_an_external_truncation() {
        let dir = TempDir::new("file-trunc");
        let path = dir.join("f");
        let data = pattern(1_000_000, 16);
        std::fs::write(&path, &data).unwrap();
        let mut f = File::open(&path).await.unwrap();
        // Sequential reads: read-ahead now covers well past 20,000.
        assert_eq!(read_n(&mut f, 20_000).await, &data[..20_000]);
        // Someone else truncates the file to 10,000 bytes.
        std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(10_000).unwrap();
        // What was read ahead before the truncation is what the OS gave
        // then; after it, the OS says end of file. Never an error, never
        // bytes that were not in the file.
        let mut rest = Vec::new();
        f.read_to_end(&mut rest).await.unwrap();
        let end = 20_000 + rest.len();
        assert_eq!(rest, &data[20_000..end]);
        assert!(end <= data.len());
        // Past the (new) end, reads see end of file.
        assert_eq!(read_n(&mut f, 10).await, b"");
        // A seek drops the read-ahead: now exactly what the OS has.
        f.seek(SeekFrom::Start(0)).await.unwrap();
        let mut all = Vec::new();
        f.read_to_end(&mut all).await.unwrap();
        assert_eq!(all, &data[..10_000]);
        // Truncation to below a fresh read-ahead, then a read from inside
        // the valid part after a seek.
        std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(5_000).unwrap();
        f.seek(SeekFrom::Start(4_990)).await.unwrap();
        assert_eq!(read_n(&mut f, 100).await, &data[4_990..5_000]);
    }

    async fn zero_length_reads_and_writes() {
        let dir = TempDir::new("file-zero");
        let path = dir.join("f");
        std::fs::write(&path, b"data").unwrap();
        let mut f = rw(&path).await;
        assert_eq!(f.read(&mut []).await.unwrap(), 0);
        assert_eq!(f.write(&[]).await.unwrap(), 0);
        assert_eq!(f.stream_position().await.unwrap(), 0);
        assert_eq!(read_n(&mut f, 2).await, b"da");
        assert_eq!(f.read(&mut []).await.unwrap(), 0);
        assert_eq!(f.write(&[]).await.unwrap(), 0);
        assert_eq!(read_n(&mut f, 2).await, b"ta");
    }

    async fn metadata_and_syncs_see_buffered_writes() {
        let dir = TempDir::new("file-meta");
        let path = dir.join("f");
        let mut f = File::create(&path).await.unwrap();
        f.write_all(&[7; 1234]).await.unwrap();
        assert_eq!(f.metadata().await.unwrap().len(), 1234);
        f.write_all(&[8; 10]).await.unwrap();
        f.sync_all().await.unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 1244);
        f.write_all(&[9; 6]).await.unwrap();
        f.sync_data().await.unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 1250);
    }

    async fn append_mode_positions() {
        let dir = TempDir::new("file-append");
        let path = dir.join("f");
        std::fs::write(&path, b"12345").unwrap();
        let mut f = OpenOptions::new().read(true).append(true).open(&path).await.unwrap();
        assert_eq!(read_n(&mut f, 2).await, b"12");
        f.write_all(b"ab").await.unwrap();
        // std: an append moves the cursor to the end.
        assert_eq!(f.stream_position().await.unwrap(), 7);
        f.seek(SeekFrom::Start(1)).await.unwrap();
        assert_eq!(read_n(&mut f, 10).await, b"2345ab");
    }

    async fn try_clone_shares_the_position() {
        let dir = TempDir::new("file-clone");
        let path = dir.join("f");
        let data = pattern(1000, 11);
        std::fs::write(&path, &data).unwrap();
        let mut a = rw(&path).await;
        assert_eq!(read_n(&mut a, 10).await, &data[..10]);
        let mut b = a.try_clone().await.unwrap();
        assert_eq!(b.stream_position().await.unwrap(), 10);
        assert_eq!(read_n(&mut b, 5).await, &data[10..15]);
        b.seek(SeekFrom::Start(100)).await.unwrap();
        assert_eq!(a.stream_position().await.unwrap(), 100);
    }

    /// A read dropped while its fill job runs leaves read-ahead on a
    /// cloned handle (a rewind it owes); the clone then moves the shared
    /// cursor back, below that rewind. An absolute seek must still land
    /// where asked, as std's would.
    async fn an_absolute_seek_after_a_dropped_read_on_a_clone() {
        let dir = TempDir::new("file-clone-drop");
        let path = dir.join("f");
        let data = pattern(1000, 13);
        std::fs::write(&path, &data).unwrap();
        let mut a = rw(&path).await;
        let mut b = a.try_clone().await.unwrap();
        b.seek(SeekFrom::Start(500)).await.unwrap();
        {
            let mut buf = [0u8; 10];
            let mut read = std::pin::pin!(a.read(&mut buf));
            let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
            // The first poll starts the fill job (the cursor goes 500 -> 510).
            assert!(read.as_mut().poll(&mut cx).is_pending());
        }
        // Dropped; give the job time to finish before the clone moves the
        // cursor (if it were slower, the test would pass without checking).
        std::thread::sleep(std::time::Duration::from_millis(200));
        b.seek(SeekFrom::Start(0)).await.unwrap();
        assert_eq!(a.seek(SeekFrom::Start(5)).await.unwrap(), 5);
        assert_eq!(read_n(&mut a, 5).await, &data[5..10]);
    }

    async fn into_std_is_at_the_logical_position() {
        let dir = TempDir::new("file-intostd");
        let path = dir.join("f");
        let data = pattern(100_000, 12);
        std::fs::write(&path, &data).unwrap();
        let mut f = rw(&path).await;
        assert_eq!(read_n(&mut f, 10).await, &data[..10]);
        let mut std_file = f.into_std().await;
        assert_eq!(std_file.stream_position().unwrap(), 10);
        let mut rest = [0u8; 5];
        std_file.read_exact(&mut rest).unwrap();
        assert_eq!(rest, data[10..15]);

        let mut f = File::from_std(std_file);
        f.write_all(b"tail").await.unwrap();
        let mut std_file = f.into_std().await;
        assert_eq!(std_file.stream_position().unwrap(), 19);
        drop(std_file);
        assert_eq!(&std::fs::read(&path).unwrap()[15..19], b"tail");
    }

    async fn try_into_std_refuses_unwritten_data() {
        let dir = TempDir::new("file-tryintostd");
        let path = dir.join("f");
        let data = pattern(100_000, 13);
        std::fs::write(&path, &data).unwrap();
        let mut f = rw(&path).await;
        f.write_all(b"new").await.unwrap();
        let mut f = f.try_into_std().expect_err("buffered data not written yet");
        f.flush().await.unwrap();
        assert_eq!(read_n(&mut f, 7).await, &data[3..10]);
        let mut std_file = f.try_into_std().expect("idle and flushed");
        // The read-ahead was given back.
        assert_eq!(std_file.stream_position().unwrap(), 10);
        let mut next = [0u8; 3];
        std_file.read_exact(&mut next).unwrap();
        assert_eq!(next, data[10..13]);
    }

    async fn from_std_keeps_the_cursor() {
        let dir = TempDir::new("file-fromstd");
        let path = dir.join("f");
        let data = pattern(5000, 14);
        std::fs::write(&path, &data).unwrap();
        let mut std_file = std::fs::File::open(&path).unwrap();
        std_file.seek(SeekFrom::Start(1000)).unwrap();
        let mut f = File::from(std_file);
        assert_eq!(f.stream_position().await.unwrap(), 1000);
        assert_eq!(read_n(&mut f, 3).await, &data[1000..1003]);
        assert_eq!(f.stream_position().await.unwrap(), 1003);
    }

    async fn set_permissions_on_an_open_file() {
        let dir = TempDir::new("file-perm");
        let path = dir.join("f");
        let f = File::create(&path).await.unwrap();
        let mut perms = f.metadata().await.unwrap().permissions();
        perms.set_readonly(true);
        f.set_permissions(perms).await.unwrap();
        assert!(std::fs::metadata(&path).unwrap().permissions().readonly());
    }

    async fn tiny_max_buf_size_still_exact() {
        let dir = TempDir::new("file-tinybuf");
        let path = dir.join("f");
        let data = pattern(10_000, 15);
        let mut f = rw(&path).await;
        f.set_max_buf_size(7);
        assert_eq!(f.max_buf_size(), 7);
        f.write_all(&data).await.unwrap();
        f.seek(SeekFrom::Start(0)).await.unwrap();
        let mut back = Vec::new();
        f.read_to_end(&mut back).await.unwrap();
        assert_eq!(back, data);
        f.set_max_buf_size(0);
        assert_eq!(f.max_buf_size(), 1);
        f.seek(SeekFrom::Start(9_990)).await.unwrap();
        assert_eq!(read_n(&mut f, 100).await, &data[9_990..]);
    }

    async fn drop_writes_buffered_data() {
        let dir = TempDir::new("file-drop");
        let path = dir.join("f");
        let mut f = File::create(&path).await.unwrap();
        f.write_all(b"written on drop").await.unwrap();
        drop(f);
        // The write runs in the background: wait for it.
        for _ in 0..500 {
            if std::fs::read(&path).unwrap() == b"written on drop" {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        panic!("the dropped file's data never arrived");
    }

    async fn vectored_writes() {
        let dir = TempDir::new("file-vec");
        let path = dir.join("f");
        let mut f = File::create(&path).await.unwrap();
        assert!(rt_io::AsyncWrite::is_write_vectored(&f));
        let bufs = [std::io::IoSlice::new(b"ab"), std::io::IoSlice::new(b""), std::io::IoSlice::new(b"cd")];
        assert_eq!(f.write_vectored(&bufs).await.unwrap(), 4);
        f.flush().await.unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"abcd");
    }

    async fn concurrent_files_on_many_tasks() {
        let dir = std::sync::Arc::new(TempDir::new("file-many"));
        let mut tasks = Vec::new();
        for i in 0..64u64 {
            let dir = dir.clone();
            tasks.push(rt_core::spawn(async move {
                let path = dir.join(&format!("f{i}"));
                let data = pattern(1000 + i as usize * 37, i);
                let mut f = File::create(&path).await.unwrap();
                f.write_all(&data).await.unwrap();
                f.flush().await.unwrap();
                let mut f = File::open(&path).await.unwrap();
                let mut back = Vec::new();
                f.read_to_end(&mut back).await.unwrap();
                assert_eq!(back, data);
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
    }

    async fn shared_file_ops_from_two_tasks() {
        let dir = TempDir::new("file-shared");
        let path = dir.join("f");
        let mut f = File::create(&path).await.unwrap();
        f.write_all(&[1; 100_000]).await.unwrap();
        let f = std::sync::Arc::new(f);
        let a = { let f = f.clone(); rt_core::spawn(async move { f.sync_all().await }) };
        let b = { let f = f.clone(); rt_core::spawn(async move { f.metadata().await.map(|m| m.len()) }) };
        a.await.unwrap().unwrap();
        assert_eq!(b.await.unwrap().unwrap(), 100_000);
    }
}

#[test]
fn dropped_file_is_written_when_the_runtime_shuts_down() {
    let dir = TempDir::new("file-shutdown");
    let path = dir.join("f");
    let rt = support::current_thread();
    rt.block_on(async {
        let mut f = File::create(&path).await.unwrap();
        f.write_all(b"before shutdown").await.unwrap();
        // Dropped at the end of the block, right before the runtime.
    });
    drop(rt);
    assert_eq!(std::fs::read(&path).unwrap(), b"before shutdown");
}

#[test]
fn dropped_file_outside_a_runtime_writes_inline() {
    let dir = TempDir::new("file-dropout");
    let path = dir.join("f");
    let rt = support::current_thread();
    let f = rt.block_on(async {
        let mut f = File::create(&path).await.unwrap();
        f.write_all(b"inline").await.unwrap();
        f
    });
    drop(f);
    assert_eq!(std::fs::read(&path).unwrap(), b"inline");
}

#[test]
fn public_types_and_futures_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>(_: &T) {}
    send_sync::<File>();
    send_sync::<OpenOptions>();
    send_sync::<rt_fs::DirBuilder>();
    send_sync::<rt_fs::DirEntry>();
    send_sync::<rt_fs::ReadDir>();

    let rt = support::current_thread();
    let dir = TempDir::new("file-send");
    let path = dir.join("f");
    rt.block_on(async {
        let mut f = File::create(&path).await.unwrap();
        send(&f.sync_all());
        send(&f.set_len(0));
        send(&f.metadata());
        send(&f.try_clone());
        send(&f.write_all(b"x"));
        send(&rt_fs::read(&path));
        send(&File::open(&path));
        let mut entries = rt_fs::read_dir(dir.path()).await.unwrap();
        send(&entries.next_entry());
        send(&f.flush());
        f.flush().await.unwrap();
        send(&f.into_std());
    });
}
