//! `stdin`, `stdout`, `stderr` through the blocking pool.
//!
//! The stdin test re-runs this test binary as a child process (selected
//! by an environment variable), feeding its stdin through a pipe.

mod support;

use rt_io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use std::io::Write;
use std::process::{Command, Stdio};

const CHILD_ENV: &str = "RT_IO_STDIO_CHILD";

/// In the child: echo stdin to stdout, upper-cased and prefixed, then
/// write a marker to stderr.
#[test]
fn child_echo() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return; // only meaningful as the child of the test below
    }
    support::block_on(async {
        let mut lines = BufReader::new(rt_io::stdin()).lines();
        let mut out = rt_io::stdout();
        while let Some(line) = lines.next_line().await.unwrap() {
            out.write_all(format!("ECHO:{}\n", line.to_uppercase()).as_bytes())
                .await
                .unwrap();
        }
        out.flush().await.unwrap();
        let mut err = rt_io::stderr();
        err.write_all(b"STDERR-DONE\n").await.unwrap();
        err.shutdown().await.unwrap();
    });
}

#[test]
fn stdin_to_stdout_through_the_blocking_pool() {
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new(exe)
        .args(["--exact", "child_echo", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut stdin = child.stdin.take().unwrap();
        // More than one 2 MiB blocking chunk would be slow; a few lines
        // plus a long one exercise partial reads.
        stdin.write_all(b"first line\nsecond\n").unwrap();
        stdin.write_all(&[b'x'; 100_000]).unwrap();
        stdin.write_all(b"\n").unwrap();
    } // closing stdin: EOF for the child
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "child failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    // libtest prints its own status around ours, possibly on the same
    // line: take each line from its marker on.
    let echoed: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.find("ECHO:").map(|i| &l[i..]))
        .collect();
    assert_eq!(echoed.len(), 3, "{} bytes of output", stdout.len());
    assert_eq!(echoed[0], "ECHO:FIRST LINE");
    assert_eq!(echoed[1], "ECHO:SECOND");
    assert_eq!(echoed[2].len(), 5 + 100_000);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("STDERR-DONE"), "{stderr}");
}

#[test]
fn stdout_write_behind_and_flush() {
    support::block_on(async {
        let mut out = rt_io::stdout();
        // Writes return at once (write-behind); flush waits for them.
        for _ in 0..3 {
            assert_eq!(out.write(b"").await.unwrap(), 0);
        }
        out.flush().await.unwrap();
        out.shutdown().await.unwrap();
    });
}

#[test]
fn handles_expose_their_fds() {
    use std::os::fd::AsRawFd;
    assert_eq!(rt_io::stdin().as_raw_fd(), 0);
    assert_eq!(rt_io::stdout().as_raw_fd(), 1);
    assert_eq!(rt_io::stderr().as_raw_fd(), 2);
}
