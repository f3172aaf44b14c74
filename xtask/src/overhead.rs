//! `cargo xtask overhead [workload...]`: what issue 12's per-task
//! bookkeeping costs when every observability feature is off, in exact
//! instruction counts.
//!
//! It builds `benches/examples/sched_profile.rs` in release twice: as
//! shipped (in the normal target dir) and with
//! `RUSTFLAGS="--cfg rt_no_task_bookkeeping"` (in `<target dir>/floor`),
//! which compiles out the per-poll record (`Header::record_poll`: poll
//! count and coarse last-poll time for task dumps), the task-hook lookups
//! at spawn and completion, and the coarse clock's refreshes. Each
//! workload then runs once per build under
//! `valgrind --tool=callgrind ... <workload> 3 current` (the
//! current-thread runtime, whose counts repeat exactly from run to run),
//! and the table prints `workload | shipped | floor | overhead`.
//! Issue 12's target is an overhead under 2% on `spawn_many_local` and
//! `yield_many`. valgrind comes from Debian's `valgrind` package.

use crate::cmd::{root, Cmd, Error, Result};
use std::path::{Path, PathBuf};

const DEFAULT_WORKLOADS: [&str; 4] = [
    "spawn_many_local",
    "yield_many",
    "spawn_many_remote",
    "ping_pong",
];

/// Runs `overhead`.
pub(crate) fn run(args: &[String]) -> Result<()> {
    if let Some(flag) = args.iter().find(|a| a.starts_with('-')) {
        return Err(Error::msg(format!(
            "overhead: unknown flag `{flag}` (usage: overhead [workload...])"
        )));
    }
    let workloads: Vec<&str> = if args.is_empty() {
        DEFAULT_WORKLOADS.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };
    if Cmd::new("valgrind").arg("--version").read().is_err() {
        return Err(Error::msg(
            "overhead: valgrind is not installed (Debian: `apt-get install valgrind`)",
        ));
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root().join("target"));
    let floor_target = target.join("floor");
    let build = |dir: &Path, floor: bool| {
        let mut cmd = Cmd::cargo()
            .args([
                "build",
                "--release",
                "-p",
                "benches",
                "--example",
                "sched_profile",
            ])
            .env("CARGO_TARGET_DIR", dir.display().to_string());
        if floor {
            cmd = cmd.env(
                "RUSTFLAGS",
                crate::cmd::env_with("RUSTFLAGS", "--cfg rt_no_task_bookkeeping"),
            );
        }
        cmd.run()
    };
    build(&target, false)?;
    build(&floor_target, true)?;
    let exe = |dir: &Path| dir.join("release/examples/sched_profile");
    let mut rows = Vec::new();
    for workload in &workloads {
        let shipped = instructions(&exe(&target), workload)?;
        let floor = instructions(&exe(&floor_target), workload)?;
        rows.push((workload, shipped, floor));
    }
    println!();
    println!("| workload | shipped | floor (no task bookkeeping) | overhead |");
    println!("|---|---:|---:|---:|");
    for (workload, shipped, floor) in rows {
        let pct = (shipped as f64 / floor as f64 - 1.0) * 100.0;
        println!(
            "| {workload} | {} | {} | {pct:+.2}% |",
            millions(shipped),
            millions(floor)
        );
    }
    Ok(())
}

/// Total instructions of one callgrind run of `exe workload 3 current`
/// (valgrind's summary goes to a log file: stderr stays the user's).
fn instructions(exe: &Path, workload: &str) -> Result<u64> {
    let tmp = std::env::temp_dir();
    let stem = format!("rt-overhead-{}-{workload}", std::process::id());
    let (out_file, log_file) = (
        tmp.join(format!("{stem}.callgrind")),
        tmp.join(format!("{stem}.log")),
    );
    let ran = Cmd::new("valgrind")
        .args(["--tool=callgrind", "--error-exitcode=1"])
        .arg(format!("--callgrind-out-file={}", out_file.display()))
        .arg(format!("--log-file={}", log_file.display()))
        .arg(exe.display().to_string())
        .args([workload, "3", "current"])
        .read();
    let log = std::fs::read_to_string(&log_file).unwrap_or_default();
    let _ = std::fs::remove_file(&out_file);
    let _ = std::fs::remove_file(&log_file);
    ran.map_err(|e| Error::msg(format!("{e}\n{log}")))?;
    parse_refs(&log).ok_or_else(|| {
        Error::msg(format!(
            "overhead: no `I refs:` line in callgrind's log for {workload}:\n{log}"
        ))
    })
}

/// The count from valgrind's `==pid== I   refs:      37,070,535` line.
fn parse_refs(output: &str) -> Option<u64> {
    let line = output.lines().find(|l| l.contains("I   refs:"))?;
    let digits: String = line
        .split("refs:")
        .nth(1)?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn millions(n: u64) -> String {
    format!("{:.2}M", n as f64 / 1e6)
}

#[cfg(test)]
mod tests {
    use super::parse_refs;

    #[test]
    fn reads_the_instruction_total() {
        let out = "==1== Events    : Ir\n==1== Collected : 37070535\n==1==\n==1== I   refs:      37,070,535\n";
        assert_eq!(parse_refs(out), Some(37_070_535));
        assert_eq!(parse_refs("no summary"), None);
    }
}
