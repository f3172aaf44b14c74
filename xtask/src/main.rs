//! The project's chores as code, run as `cargo xtask <command>` (the alias
//! is in `.cargo/config.toml`). One binary, std only, no shell scripts to
//! rot: `.ci/run` is a thin call into the README's test command and into
//! `cargo xtask ci`.
//!
//! Every command prints each command line before running it, runs it from
//! the workspace root, prints how long it took, and exits non-zero when
//! anything failed.
//!
//! # Commands
//!
//! - `ci [--skip-tests]`: what CI runs, in order: `cargo test --workspace`,
//!   `cargo fmt --all --check`, `cargo clippy --workspace --all-targets --
//!   -D warnings`, `cargo xtask docs`, `cargo xtask loom --quick`. Stops at
//!   the first failure and prints a timing summary. `.ci/run` runs
//!   `cargo test --workspace` itself (the README's command, literally) and
//!   then `ci --skip-tests`, so the list of checks lives in one place:
//!   `ci.rs`.
//! - `test [args...]`: `cargo test --workspace [args...]`.
//! - `loom [--quick] [--preemptions N] [crate...] [-- filter...]`: every
//!   loom model (see below), crate by crate, then a count table.
//! - `asan [crate...] [-- test-args...]`: the unit and integration tests
//!   under nightly AddressSanitizer with leak detection, in `target/asan`.
//!   Fails with a clear message when rustup has no nightly toolchain.
//! - `fmt [--check]`: `cargo fmt --all`.
//! - `docs`: `RUSTDOCFLAGS=-Dwarnings cargo doc --workspace --no-deps`.
//! - `bench [--quick] [--rounds N] [--workers N] [--chart PATH] [--offline] [filter]`:
//!   `cargo bench -p benches` (every workload on rt and on tokio; `--rounds`:
//!   N times, medians and the per-round ratio range), then the
//!   markdown table `workload | rt | tokio | rt/tokio` with the geometric
//!   mean, also written to `<target dir>/bench-table.md`, `rt/limit` and
//!   `tokio/limit` where a limit (`tcp_echo`'s mio loops) was measured, and
//!   an SVG bar chart of the ratios in `<target dir>/bench-ratios.svg` (or
//!   PATH). `--offline` builds from `vendor/`. See BENCHMARKS.md.
//! - `vendor`: `cargo vendor --locked vendor/` and the matching
//!   source-replacement config in `vendor/config.toml`, for
//!   `bench --offline` on a machine without registry access.
//! - `hyper-bench [--rounds N] [--duration S] [--connections C] [--workers W]`:
//!   the hyper "hello" server on rt (`rt-hyper`'s example) and on Tokio +
//!   hyper-util (`benches`' example), built in release and loaded in turn
//!   with `wrk -t1 -c64 -d10s --latency`; prints `round | rt req/s | tokio
//!   req/s | rt/tokio | rt p99 | tokio p99`, also written to
//!   `<target dir>/hyper-bench-table.md`. See BENCHMARKS.md.
//! - `overhead [workload...]`: issue 12's "< 2% with everything off"
//!   check: `benches/examples/sched_profile.rs` under callgrind, as shipped
//!   and built with `--cfg rt_no_task_bookkeeping` (no per-poll record, no
//!   hook lookups, no coarse clock) in `<target dir>/floor`; prints
//!   `workload | shipped | floor | overhead`. See BENCHMARKS.md.
//! - `help`: the usage text.
//!
//! # Loom models: the convention
//!
//! - A loom model is a `#[test]` function whose name starts with `loom_`,
//!   inside the crate's **lib** (a unit test, not `tests/`), in a module
//!   gated `#[cfg(all(test, loom))]`. Normal builds never see it.
//! - The crate opts in by declaring
//!   `[target.'cfg(loom)'.dependencies] loom.workspace = true` and importing
//!   its atomics, `Arc`, `thread` etc. from a `crate::loom` shim (std
//!   normally, loom under `--cfg loom`).
//! - A model too slow for CI is named `loom_slow_*`: the full run includes
//!   it, `--quick` skips it.
//!
//! `cargo xtask loom` finds every member whose manifest declares the loom
//! dependency, skips those with no `fn loom_*` under `src/` (nothing to
//! build), and for each of the others runs
//!
//! ```text
//! RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=2 CARGO_TARGET_DIR=target/loom \
//!     cargo test -p <crate> --release --lib loom_
//! ```
//!
//! `--quick` (CI's subset) uses `LOOM_MAX_PREEMPTIONS=1` and adds
//! `-- --skip loom_slow_`; `--preemptions N` sets the bound; filters after
//! `--` replace `loom_` (`cargo xtask loom rt-sync -- loom_mpsc`). The
//! separate target dir keeps `--cfg loom` from invalidating the normal
//! build cache. Loom's own variables (`LOOM_LOG`, `LOOM_LOCATION`,
//! `LOOM_CHECKPOINT_FILE`, ...) pass through. A crate whose source has
//! models but whose lib test binary ran none fails the run: its models are
//! not where the convention puts them.

mod asan;
mod bench;
mod ci;
mod cmd;
mod hyper_bench;
mod leak;
mod loom;
mod overhead;
mod vendor;
mod workspace;

use std::process::ExitCode;
use std::time::Instant;

use crate::cmd::{secs, Error, Result};

const USAGE: &str = "\
usage: cargo xtask <command> [args]

commands:
  ci [--skip-tests]        what CI runs: test, fmt --check, clippy -D warnings, docs, loom --quick
  test [args...]           cargo test --workspace [args...]
  loom [--quick] [--preemptions N] [crate...] [-- filter...]
                           every loom model (fn loom_* under cfg(all(test, loom))),
                           RUSTFLAGS=\"--cfg loom\", target/loom, with a count table;
                           --quick: LOOM_MAX_PREEMPTIONS=1 and loom_slow_* skipped
  asan [crate...] [-- test-args...]
                           unit and integration tests under nightly AddressSanitizer
                           with leak detection, target/asan
  fmt [--check]            cargo fmt --all
  docs                     RUSTDOCFLAGS=-Dwarnings cargo doc --workspace --no-deps
  bench [--quick] [--rounds N] [--workers N] [--chart PATH] [--offline] [filter]
                           criterion benchmarks, rt beside tokio, then the table
                           workload | rt | tokio | rt/tokio (+ geometric mean), also in
                           <target dir>/bench-table.md, plus rt/limit and tokio/limit
                           where the mio limit ran; SVG chart of the ratios in
                           <target dir>/bench-ratios.svg (or PATH); --workers sets
                           RT_BENCH_WORKERS; --offline builds from vendor/ (see vendor);
                           --rounds N: the suite N times, median times + ratio range
  vendor                   cargo vendor --locked into vendor/ (git-ignored) and the
                           matching source-replacement config in vendor/config.toml
  hyper-bench [--rounds N] [--duration S] [--connections C] [--workers W]
                           hyper \"hello\" server on rt and on tokio+hyper-util, release,
                           each alone under wrk -t1 -c64 -d10s --latency, alternating
                           (defaults: 2 rounds, 10 s, 64 connections, 2 workers);
                           table of req/s and p99, also in <target dir>/hyper-bench-table.md
  leak                     valgrind --leak-check=full over two workloads: 1M tasks
                           spawned/aborted/dropped, and a TCP echo stress then drop
  overhead [workload...]   callgrind instruction counts of sched_profile as shipped and
                           built with --cfg rt_no_task_bookkeeping (target/floor): the
                           cost of task dumps' and hooks' bookkeeping with all of it off
  help                     this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    };
    let start = Instant::now();
    let result = match command.as_str() {
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        "ci" => ci::ci(rest),
        "test" => ci::test(rest),
        "loom" => loom::Options::parse(rest).and_then(|opts| loom::run(&opts)),
        "asan" => asan::run(rest),
        "fmt" => flags(command, rest, &["--check"]).and_then(|f| ci::fmt(f[0])),
        "docs" => flags(command, rest, &[]).and_then(|_| ci::docs()),
        "bench" => bench::run(rest),
        "hyper-bench" => hyper_bench::run(rest),
        "leak" => leak::run(rest),
        "overhead" => overhead::run(rest),
        "vendor" => vendor::run(rest),
        unknown => {
            eprintln!("xtask: unknown command `{unknown}`\n");
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let elapsed = secs(start.elapsed());
    match result {
        Ok(()) => {
            println!("xtask {command}: ok in {elapsed}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("xtask {command}: error after {elapsed}: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Which of the `known` flags `args` holds; anything else is an error.
fn flags(command: &str, args: &[String], known: &[&str]) -> Result<Vec<bool>> {
    if let Some(bad) = args.iter().find(|a| !known.contains(&a.as_str())) {
        return Err(Error::msg(format!("{command}: unknown argument `{bad}`")));
    }
    Ok(known.iter().map(|k| args.iter().any(|a| a == k)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_checked() {
        let args = vec!["--check".to_string()];
        assert_eq!(flags("fmt", &args, &["--check"]).unwrap(), [true]);
        assert_eq!(flags("fmt", &[], &["--check"]).unwrap(), [false]);
        assert!(flags("docs", &args, &[]).is_err());
    }

    #[test]
    fn usage_lists_every_command() {
        for command in [
            "ci",
            "test",
            "loom",
            "asan",
            "fmt",
            "docs",
            "bench",
            "hyper-bench",
            "leak",
            "vendor",
            "help",
        ] {
            assert!(
                USAGE.lines().any(|l| l.trim_start().starts_with(command)),
                "{command} missing from usage"
            );
        }
    }
}
