//! Children whose `Child` is dropped without waiting are reaped (no
//! zombies), and `kill_on_drop` kills them. Its own test binary: it counts
//! the process-wide orphan list.

use rt::process::Command;
use std::time::Duration;

/// The state letter of `pid` from /proc (`Z`: zombie), or `None` when the
/// process is gone.
fn proc_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (comm) S ...": the state follows the last ')'.
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

/// Waits (bounded) until `pid` is neither running nor a zombie.
async fn until_gone(pid: u32) {
    for _ in 0..2_000 {
        if proc_state(pid).is_none() {
            return;
        }
        rt::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("pid {pid} still exists in state {:?}", proc_state(pid));
}

#[rt::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_children_are_reaped_and_kill_on_drop_kills() {
    // 1. Exiting children dropped without wait: reaped, not left as
    //    zombies.
    let pids: Vec<u32> = (0..20)
        .map(|_| {
            let child = Command::new("sh")
                .args(["-c", "sleep 0.05"])
                .spawn()
                .unwrap();
            child.id().unwrap()
        })
        .collect();
    for pid in pids {
        until_gone(pid).await;
    }

    // 2. kill_on_drop: a long sleeper is killed and reaped on drop.
    let child = Command::new("sleep")
        .arg("1000")
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let pid = child.id().unwrap();
    drop(child);
    until_gone(pid).await;

    // 3. Without kill_on_drop the child keeps running after the drop...
    let child = Command::new("sleep").arg("1000").spawn().unwrap();
    let pid = child.id().unwrap();
    drop(child);
    rt::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(
        proc_state(pid).map(|s| s != 'Z'),
        Some(true),
        "must still run"
    );
    // ...and is reaped once it exits.
    // SAFETY: kill(2) of our own child's pid, which has not been reaped
    // (it is on the orphan list), so the pid cannot have been reused.
    assert_eq!(unsafe { libc::kill(pid as libc::pid_t, libc::SIGTERM) }, 0);
    until_gone(pid).await;

    // The orphan list is empty again.
    for _ in 0..2_000 {
        if rt::process::unstable::orphan_count() == 0 {
            return;
        }
        rt::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("orphans left: {}", rt::process::unstable::orphan_count());
}
