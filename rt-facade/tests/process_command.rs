//! `rt::process`: spawning `sh`/`cat`/`echo`, exit statuses, piped stdio,
//! kill, error paths, on both flavours.

use rt::io::{AsyncReadExt, AsyncWriteExt};
use rt::process::{Command, Stdio};
use std::io;
use std::os::unix::process::ExitStatusExt;
use std::time::Duration;

/// Generous bound: only catches a hang.
const HANG: Duration = Duration::from_secs(30);

#[rt::test]
async fn status_reports_exit_codes() {
    for code in [0, 1, 7, 255] {
        let status = Command::new("sh")
            .args(["-c", &format!("exit {code}")])
            .status()
            .await
            .unwrap();
        assert_eq!(status.code(), Some(code));
        assert_eq!(status.success(), code == 0);
    }
}

#[rt::test(flavor = "multi_thread", worker_threads = 2)]
async fn output_captures_both_streams() {
    let out = Command::new("sh")
        .args(["-c", "echo out; echo err >&2; exit 3"])
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(out.stdout, b"out\n");
    assert_eq!(out.stderr, b"err\n");

    let out = Command::new("echo")
        .arg("hello world")
        .output()
        .await
        .unwrap();
    assert_eq!(out.stdout, b"hello world\n");
}

#[rt::test]
async fn env_and_current_dir_reach_the_child() {
    let dir = std::env::temp_dir();
    let out = Command::new("sh")
        .args(["-c", "printf '%s %s' \"$RT_TEST_VAR\" \"$(pwd -P)\""])
        .env("RT_TEST_VAR", "forty-two")
        .current_dir(&dir)
        .output()
        .await
        .unwrap();
    let expected = format!("forty-two {}", dir.canonicalize().unwrap().display());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);

    let out = Command::new("/usr/bin/env")
        .env_clear()
        .env("ONLY", "1")
        .output()
        .await
        .unwrap();
    assert_eq!(out.stdout, b"ONLY=1\n");
}

#[rt::test(flavor = "multi_thread", worker_threads = 2)]
async fn cat_round_trips_a_megabyte_through_pipes() {
    let mut cat = Command::new("cat")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = cat.stdin.take().unwrap();
    let mut stdout = cat.stdout.take().unwrap();
    let data: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
    // Write and read concurrently: 1 MB does not fit in a pipe buffer, so
    // doing one after the other would deadlock.
    let expected = data.clone();
    let writer = rt::spawn(async move {
        stdin.write_all(&data).await.unwrap();
        // Dropping stdin closes it: cat sees end of file.
    });
    let mut echoed = Vec::new();
    rt::time::timeout(HANG, stdout.read_to_end(&mut echoed))
        .await
        .expect("cat round trip hung")
        .unwrap();
    writer.await.unwrap();
    assert_eq!(echoed.len(), expected.len());
    assert!(echoed == expected, "cat changed the bytes");
    assert!(cat.wait().await.unwrap().success());
}

#[rt::test]
async fn wait_closes_stdin_so_cat_can_finish() {
    let mut cat = Command::new("cat")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    // stdin still held by the Child: wait() must close it or hang.
    let status = rt::time::timeout(HANG, cat.wait())
        .await
        .expect("wait hung");
    assert!(status.unwrap().success());
}

#[rt::test]
async fn missing_program_is_an_error_not_a_panic() {
    let err = Command::new("/definitely/not/a/program")
        .spawn()
        .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::NotFound);
    let err = Command::new("rt-no-such-program-on-path")
        .output()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::NotFound);
    let err = Command::new("sh")
        .current_dir("/definitely/not/a/dir")
        .status()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::NotFound);
}

#[rt::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_and_try_wait() {
    let mut child = Command::new("sleep").arg("30").spawn().unwrap();
    let pid = child.id().unwrap();
    assert!(pid > 0);
    assert!(child.try_wait().unwrap().is_none());
    rt::time::timeout(HANG, child.kill())
        .await
        .unwrap()
        .unwrap();
    let status = child.try_wait().unwrap().expect("killed and reaped");
    assert_eq!(status.signal(), Some(libc::SIGKILL));
    assert_eq!(child.id(), None);
    // Waiting again reports the same status; killing again is refused.
    assert_eq!(child.wait().await.unwrap(), status);
    assert_eq!(
        child.start_kill().unwrap_err().kind(),
        io::ErrorKind::InvalidInput
    );
}

#[rt::test]
async fn wait_is_cancel_safe() {
    let mut child = Command::new("sh")
        .args(["-c", "sleep 0.2; exit 5"])
        .spawn()
        .unwrap();
    // Cancel a wait that cannot be done yet, then wait again.
    assert!(rt::time::timeout(Duration::from_millis(1), child.wait())
        .await
        .is_err());
    let status = rt::time::timeout(HANG, child.wait())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status.code(), Some(5));
}

#[rt::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_children() {
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            rt::spawn(async move {
                let status = Command::new("sh")
                    .args(["-c", &format!("exit {}", i % 50)])
                    .status()
                    .await
                    .unwrap();
                (i, status.code())
            })
        })
        .collect();
    for t in tasks {
        let (i, code) = rt::time::timeout(HANG, t)
            .await
            .expect("a wait hung")
            .unwrap();
        assert_eq!(code, Some(i % 50));
    }
}

#[rt::test]
async fn wait_with_output_reads_large_output_without_deadlock() {
    // 200 KiB on each stream: more than a pipe buffer holds.
    let child = Command::new("sh")
        .args([
            "-c",
            "head -c 204800 /dev/zero; head -c 204800 /dev/zero >&2",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = rt::time::timeout(HANG, child.wait_with_output())
        .await
        .expect("wait_with_output deadlocked")
        .unwrap();
    assert_eq!(out.stdout.len(), 204_800);
    assert_eq!(out.stderr.len(), 204_800);
    assert!(out.status.success());
}

#[test]
fn spawn_outside_a_runtime_panics_with_guidance() {
    let err = std::panic::catch_unwind(|| Command::new("true").spawn()).unwrap_err();
    let msg = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap();
    assert!(msg.contains("enable_io()"), "{msg}");
}
