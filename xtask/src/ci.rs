//! `cargo xtask ci` and the single-command chores it is built from
//! (`test`, `fmt`, `clippy`, `docs`).
//!
//! [`steps`] is the one list of what CI checks. `.ci/run` runs the README's
//! `cargo test --workspace` itself, literally, and then
//! `cargo xtask ci --skip-tests` for the rest of this list.

use std::time::{Duration, Instant};

use crate::cmd::{secs, Cmd, Error, Result};
use crate::loom;

/// `cargo test --workspace [args...]`.
pub(crate) fn test(args: &[String]) -> Result<()> {
    Cmd::cargo()
        .args(["test", "--workspace"])
        .args(args.iter().cloned())
        .run()
        .map(drop)
}

/// `cargo fmt --all`, or with `--check` only reporting differences.
pub(crate) fn fmt(check: bool) -> Result<()> {
    let mut cmd = Cmd::cargo().args(["fmt", "--all"]);
    if check {
        cmd = cmd.arg("--check");
    }
    cmd.run().map(drop)
}

/// `cargo clippy --workspace --all-targets -- -D warnings`.
pub(crate) fn clippy() -> Result<()> {
    Cmd::cargo()
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .run()
        .map(drop)
}

/// `RUSTDOCFLAGS=-Dwarnings cargo doc --workspace --no-deps`.
pub(crate) fn docs() -> Result<()> {
    Cmd::cargo()
        .args(["doc", "--workspace", "--no-deps"])
        .env("RUSTDOCFLAGS", "-Dwarnings")
        .run()
        .map(drop)
}

/// One CI step.
struct Step {
    name: &'static str,
    run: fn() -> Result<()>,
}

/// What CI checks, in order. The test step comes first, as in `.ci/run`.
fn steps(skip_tests: bool) -> Vec<Step> {
    let mut steps = Vec::new();
    if !skip_tests {
        steps.push(Step {
            name: "test",
            run: || test(&[]),
        });
    }
    steps.extend([
        Step {
            name: "fmt",
            run: || fmt(true),
        },
        Step {
            name: "clippy",
            run: clippy,
        },
        // Broken intra-doc links and bad doc markup fail CI; doctests
        // themselves run in the test step.
        Step {
            name: "docs",
            run: docs,
        },
        Step {
            name: "loom",
            run: || loom::run(&loom::Options::quick()),
        },
    ]);
    steps
}

/// Runs [`steps`] in order, stopping at the first failure, and prints a
/// timing summary either way. `--skip-tests` leaves out `cargo test`.
pub(crate) fn ci(args: &[String]) -> Result<()> {
    let mut skip_tests = false;
    for arg in args {
        match arg.as_str() {
            "--skip-tests" => skip_tests = true,
            other => return Err(Error::msg(format!("ci: unknown argument `{other}`"))),
        }
    }
    let start = Instant::now();
    let mut done: Vec<(&str, Duration, bool)> = Vec::new();
    let mut failure = None;
    for step in steps(skip_tests) {
        println!("\n==> ci step: {}", step.name);
        let step_start = Instant::now();
        let result = (step.run)();
        let elapsed = step_start.elapsed();
        let ok = result.is_ok();
        println!(
            "<== ci step: {} {} in {}",
            step.name,
            if ok { "ok" } else { "FAILED" },
            secs(elapsed)
        );
        done.push((step.name, elapsed, ok));
        if let Err(err) = result {
            failure = Some(err);
            break;
        }
    }
    println!("\nci summary:");
    for (name, elapsed, ok) in &done {
        let status = if *ok { "ok" } else { "FAILED" };
        println!("  {name:<8} {status:<6} {:>8}", secs(*elapsed));
    }
    println!("  {:<8} {:<6} {:>8}", "total", "", secs(start.elapsed()));
    match failure {
        Some(err) => Err(err),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci_runs_tests_first_unless_skipped() {
        let names = |skip| steps(skip).iter().map(|s| s.name).collect::<Vec<_>>();
        assert_eq!(names(false), ["test", "fmt", "clippy", "docs", "loom"]);
        assert_eq!(names(true), ["fmt", "clippy", "docs", "loom"]);
    }
}
