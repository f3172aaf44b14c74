//! `cargo xtask loom`: every loom model in the workspace, crate by crate,
//! with a count table at the end. The naming convention it relies on is in
//! the crate docs (`main.rs`).

use std::time::Duration;

use crate::cmd::{env_with, root, secs, Cmd, Error, Result};
use crate::workspace::{self, Member, Models};

/// Libtest filter selecting the models.
const MODEL_PREFIX: &str = "loom_";
/// Models with this prefix are skipped by `--quick`.
const SLOW_PREFIX: &str = "loom_slow_";

/// Parsed `loom` arguments.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Options {
    /// CI subset: `LOOM_MAX_PREEMPTIONS=1`, `loom_slow_*` skipped.
    pub(crate) quick: bool,
    /// `--preemptions N`, overriding the default bound.
    pub(crate) preemptions: Option<u32>,
    /// Crates to run; all loom crates when empty.
    pub(crate) crates: Vec<String>,
    /// Libtest filters after `--`; `loom_` when empty.
    pub(crate) filters: Vec<String>,
}

impl Options {
    /// The CI subset over every crate.
    pub(crate) fn quick() -> Options {
        Options {
            quick: true,
            ..Options::default()
        }
    }

    /// Parses `[--quick] [--preemptions N] [crate...] [-- filter...]`.
    pub(crate) fn parse(args: &[String]) -> Result<Options> {
        let mut opts = Options::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--quick" => opts.quick = true,
                "--preemptions" => {
                    let n = args
                        .next()
                        .ok_or_else(|| Error::msg("--preemptions needs a number"))?;
                    opts.preemptions = Some(n.parse().map_err(|_| {
                        Error::msg(format!("--preemptions needs a number, got `{n}`"))
                    })?);
                }
                "--" => {
                    opts.filters.extend(args.by_ref().cloned());
                }
                flag if flag.starts_with('-') => {
                    return Err(Error::msg(format!("loom: unknown flag `{flag}`")))
                }
                krate => opts.crates.push(krate.to_string()),
            }
        }
        Ok(opts)
    }

    fn preemptions(&self) -> u32 {
        self.preemptions.unwrap_or(if self.quick { 1 } else { 2 })
    }
}

/// What libtest printed on its `test result:` lines, summed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) passed: usize,
    pub(crate) failed: usize,
    pub(crate) ignored: usize,
    /// How many `test result:` lines there were (one per test binary).
    pub(crate) binaries: usize,
}

/// Sums every `test result: ok. 3 passed; 0 failed; ...` line in `output`.
pub(crate) fn parse_counts(output: &str) -> Counts {
    let mut counts = Counts::default();
    for line in output.lines() {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            continue;
        };
        counts.binaries += 1;
        // "ok. 3 passed; 0 failed; 1 ignored; 0 measured; 2 filtered out; finished in 0.1s"
        let rest = rest.split_once(". ").map_or(rest, |(_, r)| r);
        for part in rest.split(';') {
            let mut words = part.split_whitespace();
            let (Some(n), Some(what)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(n) = n.parse::<usize>() else {
                continue;
            };
            match what {
                "passed" => counts.passed += n,
                "failed" => counts.failed += n,
                "ignored" => counts.ignored += n,
                _ => {}
            }
        }
    }
    counts
}

/// One row of the final table.
struct Row {
    krate: String,
    models: Models,
    outcome: Outcome,
}

enum Outcome {
    /// The crate has no `fn loom_*`; nothing was built.
    NoModels,
    /// cargo ran; `ok` is false when it failed or the counts look wrong.
    Ran {
        counts: Counts,
        ok: bool,
        elapsed: Duration,
        note: Option<String>,
    },
}

/// Runs the selected crates' loom models and prints the table.
pub(crate) fn run(opts: &Options) -> Result<()> {
    let members = workspace::members(root())?;
    let selected = select(&members, &opts.crates)?;
    let preemptions = opts.preemptions();

    let mut rows = Vec::new();
    for member in selected {
        let models = workspace::count_models(&member.dir)?;
        if models.all == 0 {
            println!(
                "loom: {} has no `fn {MODEL_PREFIX}*` models in src/, skipping",
                member.name
            );
            rows.push(Row {
                krate: member.name.clone(),
                models,
                outcome: Outcome::NoModels,
            });
            continue;
        }
        let cmd = command(member, opts, preemptions);
        let teed = cmd.run_tee()?;
        let counts = parse_counts(&teed.stdout);
        let expected = if opts.quick {
            models.all - models.slow
        } else {
            models.all
        };
        let ran = counts.passed + counts.failed;
        let (ok, note) = if !teed.success {
            (false, Some("cargo test failed".to_string()))
        } else if counts.binaries == 0 {
            (false, Some("no `test result:` line from cargo".to_string()))
        } else if ran == 0 && expected > 0 && opts.filters.is_empty() {
            // The source has models but the lib's test binary has none: they
            // are not unit tests of the lib under `cfg(all(test, loom))`.
            (
                false,
                Some(format!(
                    "{expected} `fn {MODEL_PREFIX}*` in src/ but none ran; models must be \
                     #[test] fns in the lib under #[cfg(all(test, loom))]"
                )),
            )
        } else {
            (true, None)
        };
        rows.push(Row {
            krate: member.name.clone(),
            models,
            outcome: Outcome::Ran {
                counts,
                ok,
                elapsed: teed.elapsed,
                note,
            },
        });
    }

    print_table(&rows, opts, preemptions);
    let failed: Vec<&str> = rows
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Ran { ok: false, .. }))
        .map(|r| r.krate.as_str())
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::msg(format!(
            "loom models failed in: {}",
            failed.join(", ")
        )))
    }
}

/// The crates to run: the named ones (each must declare the loom
/// dependency), or every crate that does.
fn select<'a>(members: &'a [Member], names: &[String]) -> Result<Vec<&'a Member>> {
    let loom: Vec<&Member> = members.iter().filter(|m| m.loom_dep).collect();
    // xtask's own tests spell out model sources, so it is not scanned.
    for m in members.iter().filter(|m| !m.loom_dep && m.name != "xtask") {
        if workspace::count_models(&m.dir)?.all > 0 {
            println!(
                "loom: warning: {} has `fn {MODEL_PREFIX}*` in src/ but no \
                 [target.'cfg(loom)'.dependencies] loom; not run",
                m.name
            );
        }
    }
    if names.is_empty() {
        return Ok(loom);
    }
    names
        .iter()
        .map(|name| {
            loom.iter()
                .copied()
                .find(|m| &m.name == name)
                .ok_or_else(|| {
                    let known: Vec<&str> = loom.iter().map(|m| m.name.as_str()).collect();
                    Error::msg(format!(
                        "loom: `{name}` is not a crate with a cfg(loom) loom dependency \
                     (those are: {})",
                        known.join(", ")
                    ))
                })
        })
        .collect()
}

fn command(member: &Member, opts: &Options, preemptions: u32) -> Cmd {
    let mut cmd = Cmd::cargo()
        .args(["test", "-p", &member.name, "--release", "--lib"])
        .env("RUSTFLAGS", env_with("RUSTFLAGS", "--cfg loom"))
        .env("LOOM_MAX_PREEMPTIONS", preemptions.to_string())
        .env(
            "CARGO_TARGET_DIR",
            root().join("target").join("loom").display().to_string(),
        );
    if opts.filters.is_empty() {
        cmd = cmd.arg(MODEL_PREFIX);
    }
    if !opts.filters.is_empty() || opts.quick {
        cmd = cmd.arg("--");
        cmd = cmd.args(opts.filters.iter().cloned());
        if opts.quick {
            cmd = cmd.args(["--skip", SLOW_PREFIX]);
        }
    }
    cmd
}

fn print_table(rows: &[Row], opts: &Options, preemptions: u32) {
    let mode = if opts.quick { ", quick" } else { "" };
    println!();
    println!("loom models (LOOM_MAX_PREEMPTIONS={preemptions}{mode})");
    let header = ["crate", "in src", "passed", "failed", "ignored", "time", ""];
    let mut table: Vec<[String; 7]> = vec![header.map(String::from)];
    let mut total = Counts::default();
    let mut total_models = 0;
    let mut total_time = Duration::ZERO;
    for row in rows {
        total_models += row.models.all;
        let line = match &row.outcome {
            Outcome::NoModels => [
                row.krate.clone(),
                "0".into(),
                "-".into(),
                "-".into(),
                "-".into(),
                "-".into(),
                "skipped: no models".into(),
            ],
            Outcome::Ran {
                counts,
                ok,
                elapsed,
                note,
            } => {
                total.passed += counts.passed;
                total.failed += counts.failed;
                total.ignored += counts.ignored;
                total_time += *elapsed;
                let status = if *ok { "ok" } else { "FAILED" };
                let note = note.as_deref().map_or(String::new(), |n| format!(": {n}"));
                [
                    row.krate.clone(),
                    models_cell(row.models),
                    counts.passed.to_string(),
                    counts.failed.to_string(),
                    counts.ignored.to_string(),
                    secs(*elapsed),
                    format!("{status}{note}"),
                ]
            }
        };
        table.push(line);
    }
    table.push([
        "total".into(),
        total_models.to_string(),
        total.passed.to_string(),
        total.failed.to_string(),
        total.ignored.to_string(),
        secs(total_time),
        String::new(),
    ]);
    let mut widths = [0; 7];
    for line in &table {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(cell.len());
        }
    }
    for line in &table {
        let mut out = String::new();
        for (i, (cell, w)) in line.iter().zip(widths).enumerate() {
            if i == 0 || i == 6 {
                out.push_str(&format!("{cell:<w$}  "));
            } else {
                out.push_str(&format!("{cell:>w$}  "));
            }
        }
        println!("{}", out.trim_end());
    }
    // A plain closing line, only when something ran: "0 passed" would read
    // as a suite that executed no test.
    if total.passed + total.failed > 0 {
        println!("loom: {} passed, {} failed", total.passed, total.failed);
    } else {
        println!("loom: no models ran");
    }
}

fn models_cell(models: Models) -> String {
    if models.slow > 0 {
        format!("{} ({} slow)", models.all, models.slow)
    } else {
        models.all.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_arguments() {
        let opts = Options::parse(&strings(&[
            "--quick",
            "rt-core",
            "--preemptions",
            "3",
            "rt-sync",
            "--",
            "loom_mpsc",
            "--nocapture",
        ]))
        .unwrap();
        assert_eq!(
            opts,
            Options {
                quick: true,
                preemptions: Some(3),
                crates: strings(&["rt-core", "rt-sync"]),
                filters: strings(&["loom_mpsc", "--nocapture"]),
            }
        );
        assert_eq!(opts.preemptions(), 3);
        assert_eq!(Options::quick().preemptions(), 1);
        assert_eq!(Options::default().preemptions(), 2);
        assert!(Options::parse(&strings(&["--fast"])).is_err());
        assert!(Options::parse(&strings(&["--preemptions", "x"])).is_err());
    }

    #[test]
    fn sums_test_result_lines() {
        let out = "\
running 3 tests
test coop::loom_tests::loom_a ... ok
test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 12 filtered out; finished in 1.20s

test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s
";
        assert_eq!(
            parse_counts(out),
            Counts {
                passed: 4,
                failed: 2,
                ignored: 1,
                binaries: 2,
            }
        );
        assert_eq!(parse_counts("error: could not compile").binaries, 0);
    }

    #[test]
    fn builds_the_cargo_command() {
        let member = Member {
            name: "rt-core".into(),
            dir: root().join("rt-core"),
            loom_dep: true,
        };
        let full = command(&member, &Options::default(), 2).to_string();
        assert!(full.contains("LOOM_MAX_PREEMPTIONS=2 "), "{full}");
        assert!(
            full.ends_with("cargo test -p rt-core --release --lib loom_"),
            "{full}"
        );
        let quick = command(&member, &Options::quick(), 1).to_string();
        assert!(
            quick.ends_with("--release --lib loom_ -- --skip loom_slow_"),
            "{quick}"
        );
        let filtered = Options {
            filters: vec!["loom_budget".into()],
            ..Options::default()
        };
        let filtered = command(&member, &filtered, 2).to_string();
        assert!(filtered.ends_with("--lib -- loom_budget"), "{filtered}");
    }
}
