//! `cargo xtask leak`: the leak checks of issue 11. Builds the two
//! workloads in `rt-facade/examples` (release) and runs each under
//! `valgrind --leak-check=full --error-exitcode=1`, counting definite and
//! indirect leaks as errors:
//!
//! - `leak_spawn_abort 1000000`: a million tasks spawned, aborted,
//!   detached or joined, some left pending at runtime drop;
//! - `leak_echo`: a TCP echo server on 127.0.0.1 with 100 clients
//!   exchanging 1 KiB messages, dropped with connections open.
//!
//! valgrind comes from Debian's `valgrind` package (on the project's
//! machines); the command fails with a clear message without it.

use crate::cmd::{Cmd, Error, Result};

const WORKLOADS: [(&str, &[&str]); 2] = [("leak_spawn_abort", &["1000000"]), ("leak_echo", &[])];

/// Runs `leak`.
pub(crate) fn run(args: &[String]) -> Result<()> {
    if let Some(extra) = args.first() {
        return Err(Error::msg(format!(
            "leak: takes no arguments, got `{extra}`"
        )));
    }
    if Cmd::new("valgrind").arg("--version").read().is_err() {
        return Err(Error::msg(
            "leak: valgrind is not installed (Debian: `apt-get install valgrind`)",
        ));
    }
    let mut build = Cmd::cargo().args(["build", "--release", "-p", "rt"]);
    for (name, _) in WORKLOADS {
        build = build.args(["--example", name]);
    }
    build.run()?;
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| crate::cmd::root().join("target"));
    for (name, args) in WORKLOADS {
        let exe = target.join("release").join("examples").join(name);
        Cmd::new("valgrind")
            .args([
                "--leak-check=full",
                "--errors-for-leak-kinds=definite,indirect",
                "--error-exitcode=1",
            ])
            .arg(exe.display().to_string())
            .args(args.iter().copied())
            .run()?;
    }
    Ok(())
}
