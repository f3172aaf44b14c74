//! `cargo xtask asan`: the workspace's unit and integration tests under
//! nightly AddressSanitizer, with LeakSanitizer on.
//!
//! Passing `--target <host>` keeps `-Zsanitizer=address` off build scripts
//! and proc-macros (cargo only applies `RUSTFLAGS` to target artifacts when
//! `--target` is given), so `rt-macros` needs no exclusion: its own unit
//! tests are built for the host without the sanitizer, and the code it
//! expands into is instrumented where it is used. Doctests are left out
//! (`--lib --tests`): rustdoc's sanitizer support is partial and doctests
//! re-run code the unit tests already cover. The standard library is not
//! rebuilt (`-Zbuild-std` would need `rust-src`), so errors inside std's own
//! code are not caught; leaks of memory allocated anywhere still are.
//!
//! No crate is excluded today. Exclude one here, with the reason, if it
//! cannot work under ASan (for example, one whose tests swap the global
//! allocator or read `/proc/self/maps` layouts that ASan changes).

use crate::cmd::{root, Cmd, Error, Result};

/// Crates left out of the ASan run, with why. Empty: every crate works.
const EXCLUDED: &[(&str, &str)] = &[];

/// Runs `asan [crate...] [-- test-args...]`.
pub(crate) fn run(args: &[String]) -> Result<()> {
    let (crates, harness) = match args.iter().position(|a| a == "--") {
        Some(at) => (&args[..at], &args[at + 1..]),
        None => (args, &[][..]),
    };
    if let Some(flag) = crates.iter().find(|a| a.starts_with('-')) {
        return Err(Error::msg(format!("asan: unknown flag `{flag}`")));
    }
    require_nightly()?;
    let host = nightly_host()?;

    let mut cmd = Cmd::cargo().args(["+nightly", "test"]);
    if crates.is_empty() {
        cmd = cmd.arg("--workspace");
        for (krate, why) in EXCLUDED {
            println!("asan: excluding {krate}: {why}");
            cmd = cmd.args(["--exclude", krate]);
        }
    } else {
        for krate in crates {
            cmd = cmd.args(["-p", krate]);
        }
    }
    cmd = cmd
        .args(["--lib", "--tests", "--target", &host])
        .env("RUSTFLAGS", "-Zsanitizer=address")
        .env("RUSTDOCFLAGS", "-Zsanitizer=address")
        .env("ASAN_OPTIONS", asan_options())
        .env(
            "CARGO_TARGET_DIR",
            root().join("target").join("asan").display().to_string(),
        );
    if !harness.is_empty() {
        cmd = cmd.arg("--").args(harness.iter().cloned());
    }
    cmd.run().map(drop)
}

/// `detect_leaks=1`, then any options the user set (later ones win).
fn asan_options() -> String {
    match std::env::var("ASAN_OPTIONS") {
        Ok(user) if !user.is_empty() => format!("detect_leaks=1:{user}"),
        _ => "detect_leaks=1".to_string(),
    }
}

/// Fails with instructions unless `rustup toolchain list` has a nightly.
fn require_nightly() -> Result<()> {
    let list = Cmd::new("rustup")
        .args(["toolchain", "list"])
        .read()
        .map_err(|e| {
            Error::msg(format!(
                "asan needs rustup to find a nightly toolchain: {e}"
            ))
        })?;
    if list.lines().any(|l| l.trim_start().starts_with("nightly")) {
        Ok(())
    } else {
        Err(Error::msg(
            "asan needs a nightly toolchain (-Zsanitizer is nightly-only), and \
             `rustup toolchain list` shows none; install one with \
             `rustup toolchain install nightly`",
        ))
    }
}

/// The nightly compiler's host triple, e.g. `x86_64-unknown-linux-gnu`.
fn nightly_host() -> Result<String> {
    let version = Cmd::new("rustc").args(["+nightly", "-vV"]).read()?;
    version
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(|h| h.trim().to_string())
        .ok_or_else(|| Error::msg("no `host:` line in `rustc +nightly -vV`"))
}
