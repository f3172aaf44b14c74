//! `cargo xtask bench`: for now a pass-through to `cargo bench -p benches`.
//! The rt-vs-tokio comparison table is a later issue; until the `benches`
//! package has bench targets this says so and succeeds without building.

use std::fs;

use crate::cmd::{root, Cmd, Error, Result};

/// Runs `bench [--quick] [filter]`.
pub(crate) fn run(args: &[String]) -> Result<()> {
    let mut quick = false;
    let mut filter = None;
    for arg in args {
        match arg.as_str() {
            "--quick" => quick = true,
            flag if flag.starts_with('-') => {
                return Err(Error::msg(format!("bench: unknown flag `{flag}`")))
            }
            f if filter.is_none() => filter = Some(f.to_string()),
            extra => {
                return Err(Error::msg(format!(
                    "bench: one filter only, got `{extra}` too"
                )))
            }
        }
    }
    if !has_bench_targets() {
        println!(
            "xtask bench: the benchmark table is not built yet: the `benches` package has \
             no bench targets (no benches/benches/*.rs, no [[bench]] in benches/Cargo.toml), \
             so there is nothing to run."
        );
        return Ok(());
    }
    let mut cmd = Cmd::cargo().args(["bench", "-p", "benches"]);
    if quick || filter.is_some() {
        cmd = cmd.arg("--");
        if quick {
            // Criterion's own short mode.
            cmd = cmd.arg("--quick");
        }
        cmd = cmd.args(filter);
    }
    cmd.run()?;
    println!("xtask bench: the rt-vs-tokio table is not built yet; read the results above.");
    Ok(())
}

fn has_bench_targets() -> bool {
    let dir = root().join("benches");
    let manifest = fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
    if manifest.lines().any(|l| l.trim() == "[[bench]]") {
        return true;
    }
    fs::read_dir(dir.join("benches")).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let path = e.path();
            path.extension().is_some_and(|x| x == "rs") || path.join("main.rs").is_file()
        })
    })
}
