//! `cargo xtask bench [--quick] [--rounds N] [--workers N] [--chart PATH]
//! [--offline] [filter]`: runs the criterion suite of the `benches` package, where
//! every workload runs on rt and on tokio in one group
//! (`<workload>/<flavour>/{rt,tokio}`), then prints the comparison as a
//! markdown table `workload | rt | tokio | rt/tokio` with the geometric
//! mean of the ratios, and writes it to `<target dir>/bench-table.md`.
//!
//! When the run measured a limit (the benchmark `mio_limit` in a group,
//! so far only `tcp_echo/multi_thread`: the same traffic on hand-written
//! thread-per-core mio loops), a second table follows with `rt/limit` and
//! `tokio/limit` and the share of the limit's throughput each reaches.
//!
//! It also draws the rt/tokio ratios as an SVG bar chart (one bar per
//! workload, a line at 1.0, the geometric mean in the title; see
//! [`svg`]) into `<target dir>/bench-ratios.svg`.
//!
//! - `--quick`: criterion's `--warm-up-time 0.5 --measurement-time 1
//!   --sample-size 30` (about two seconds a benchmark; criterion's own
//!   `--quick` keeps only two samples, too few for a ratio on a noisy
//!   machine).
//! - `--rounds N`: runs the suite N times; the table then shows each
//!   side's median time, their ratio, and the range of the per-round
//!   ratios (on this noisy machine a single run's multi-thread ratios
//!   swing by tens of percent; the median of a few rounds is what to
//!   quote). The observability table is the last round's.
//! - `--workers N`: sets `RT_BENCH_WORKERS=N`, the worker count of the
//!   multi-thread benchmarks (2 when unset).
//! - `--chart PATH`: write the chart to PATH instead (relative to the
//!   current folder).
//! - `--offline`: build from the crates `cargo xtask vendor` put in
//!   `vendor/`, without the network: every cargo command gets `--offline`
//!   and the source-replacement `--config` flags (see [`crate::vendor`]).
//! - `filter`: criterion's filter (a regex on
//!   `<workload>/<flavour>/<rt|tokio|mio_limit>`), passed to every bench
//!   target.
//!
//! The numbers are the mean point estimates from criterion's
//! `<target dir>/criterion/<group>/<rt|tokio>/new/estimates.json`; the
//! group's name comes from `benchmark.json` beside it. Only results written
//! by this run count (older ones, from a filter that skipped them, stay out
//! of the table). The target dir is cargo's: `CARGO_TARGET_DIR` or whatever
//! `cargo metadata` reports, which is where criterion writes too.
//!
//! Without a filter it then runs the idle-task memory probe for rt and for
//! tokio (each in its own process) and appends both figures.
//!
//! xtask has no dependencies: the two JSON files are read with the small
//! scanner at the bottom, which understands just enough JSON to find one
//! field of an object.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::cmd::{root, Cmd, Error, Result};
use crate::vendor;

mod svg;

/// The environment variable the multi-thread benchmarks read their worker
/// count from (the `benches` crate's `WORKERS_ENV`).
const WORKERS_ENV: &str = "RT_BENCH_WORKERS";

/// Their worker count when it is unset (the `benches` crate's
/// `DEFAULT_WORKERS`).
const DEFAULT_WORKERS: usize = 2;

/// The benchmark id of a group's limit (`benches/benches/net/main.rs`'s
/// `LIMIT_ID`), measured beside `rt` and `tokio`.
const LIMIT_ID: &str = "mio_limit";

/// The benchmark id of the file workloads' limit (`benches/benches/fs.rs`:
/// the same file work with std::fs on one thread, no runtime); read into
/// the same column as [`LIMIT_ID`] (a group has one or the other).
const STD_ID: &str = "std";

/// Criterion's settings for `--quick`.
const QUICK_ARGS: [&str; 6] = [
    "--warm-up-time",
    "0.5",
    "--measurement-time",
    "1",
    "--sample-size",
    "30",
];

/// The parsed command line of `bench`.
#[derive(Debug, Default, PartialEq)]
struct Options {
    quick: bool,
    workers: Option<usize>,
    /// `--chart PATH`: where the SVG goes instead of the target dir.
    chart: Option<PathBuf>,
    /// `--offline`: build from `vendor/`.
    offline: bool,
    /// `--rounds N`: run the suite N times (0 = unset, meaning 1).
    rounds: usize,
    filter: Option<String>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options> {
        let mut opts = Options::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--quick" => opts.quick = true,
                "--workers" => {
                    let n = args
                        .next()
                        .ok_or_else(|| Error::msg("bench: `--workers` needs a number"))?;
                    opts.workers = Some(parse_positive("--workers", n)?);
                }
                flag if flag.starts_with("--workers=") => {
                    opts.workers = Some(parse_positive("--workers", &flag["--workers=".len()..])?);
                }
                "--chart" => {
                    let path = args
                        .next()
                        .ok_or_else(|| Error::msg("bench: `--chart` needs a path"))?;
                    opts.chart = Some(PathBuf::from(path));
                }
                flag if flag.starts_with("--chart=") => {
                    let path = &flag["--chart=".len()..];
                    if path.is_empty() {
                        return Err(Error::msg("bench: `--chart=` needs a path"));
                    }
                    opts.chart = Some(PathBuf::from(path));
                }
                "--offline" => opts.offline = true,
                "--rounds" => {
                    let n = args
                        .next()
                        .ok_or_else(|| Error::msg("bench: `--rounds` needs a number"))?;
                    opts.rounds = parse_positive("--rounds", n)?;
                }
                flag if flag.starts_with('-') => {
                    return Err(Error::msg(format!("bench: unknown flag `{flag}`")))
                }
                f if opts.filter.is_none() => opts.filter = Some(f.to_string()),
                extra => {
                    return Err(Error::msg(format!(
                        "bench: one filter only, got `{extra}` too"
                    )))
                }
            }
        }
        Ok(opts)
    }
}

fn parse_positive(flag: &str, n: &str) -> Result<usize> {
    match n.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(Error::msg(format!(
            "bench: `{flag} {n}`: expected a positive integer"
        ))),
    }
}

/// Runs the idle-task memory probe (`benches/examples/idle_task_memory.rs`)
/// once per runtime, each in its own process, and returns a markdown
/// section with both lines.
fn idle_task_memory(cargo: &impl Fn(&str) -> Cmd) -> Result<String> {
    cargo("build")
        .args([
            "--release",
            "-p",
            "benches",
            "--example",
            "idle_task_memory",
        ])
        .run()?;
    let mut out = String::from("\nIdle task memory (resident bytes per idle spawned task):\n\n");
    for which in ["rt", "tokio"] {
        let line = cargo("run")
            .args(["--quiet", "--release", "-p", "benches"])
            .args(["--example", "idle_task_memory", "--", which])
            .read()?;
        let _ = writeln!(out, "- {}", line.trim());
    }
    Ok(out)
}

/// Runs `bench [--quick] [--rounds N] [--workers N] [--chart PATH] [--offline] [filter]`.
pub(crate) fn run(args: &[String]) -> Result<()> {
    let opts = Options::parse(args)?;
    let offline = if opts.offline {
        vendor::offline_args(&vendor::dir())?
    } else {
        Vec::new()
    };
    // `cargo <subcommand>` with the offline flags (which must come before
    // a `--` that ends cargo's own arguments).
    let cargo = |sub: &str| Cmd::cargo().arg(sub).args(offline.iter().cloned());
    let target = target_dir()?;

    // No plots: criterion is built without `plotters`, and gnuplot (its
    // other backend) would only slow the run down.
    let mut cmd = cargo("bench").args(["-p", "benches", "--", "--noplot"]);
    if opts.quick {
        cmd = cmd.args(QUICK_ARGS);
    }
    cmd = cmd.args(opts.filter.iter().cloned());
    let workers = match opts.workers {
        Some(n) => {
            cmd = cmd.env(WORKERS_ENV, n.to_string());
            n.to_string()
        }
        None => std::env::var(WORKERS_ENV).unwrap_or_else(|_| DEFAULT_WORKERS.to_string()),
    };

    let rounds = opts.rounds.max(1);
    let mut per_round = Vec::with_capacity(rounds);
    let mut start = SystemTime::now();
    for round in 1..=rounds {
        if rounds > 1 {
            println!("xtask bench: round {round} of {rounds}");
        }
        // Results older than this are not this round's.
        start = SystemTime::now();
        cmd.run()?;
        per_round.push(read_results(&target.join("criterion"), start)?);
    }
    let rows = merge_rounds(per_round);
    let observability = render_observability(&target.join("criterion"), start)?;
    if rows.is_empty() && observability.is_none() {
        return Err(Error::msg(format!(
            "bench: no results from this run under {}",
            target.join("criterion").display()
        )));
    }
    let mode = match (opts.quick, rounds) {
        (true, 1) => "--quick".to_string(),
        (false, 1) => "full".to_string(),
        (true, n) => format!("--quick, median of {n} rounds"),
        (false, n) => format!("full, median of {n} rounds"),
    };
    let mode = mode.as_str();
    let mut table = if rows.is_empty() {
        String::new()
    } else {
        render(&rows, &workers, mode)
    };
    if let Some(limits) = render_limits(&rows) {
        table.push_str(&limits);
    }
    if let Some(observability) = observability {
        table.push_str(&observability);
    }
    if opts.filter.is_none() {
        table.push_str(&idle_task_memory(&cargo)?);
    }
    println!("\n{table}");
    let out = target.join("bench-table.md");
    write(&out, &table)?;
    println!("xtask bench: table written to {}", out.display());
    match chart(&rows, &workers, mode) {
        Some(svg) => {
            let out = opts
                .chart
                .unwrap_or_else(|| target.join("bench-ratios.svg"));
            write(&out, &svg)?;
            println!("xtask bench: chart written to {}", out.display());
        }
        None => println!("xtask bench: no chart (no workload has both an rt and a tokio result)"),
    }
    Ok(())
}

fn write(path: &Path, contents: &str) -> Result<()> {
    fs::write(path, contents).map_err(|e| Error::msg(format!("writing {}: {e}", path.display())))
}

/// Cargo's target dir, where criterion writes: `CARGO_TARGET_DIR` (relative
/// to the workspace root, where cargo runs), else `cargo metadata`'s
/// `target_directory` (which knows `.cargo/config.toml`), else `target/`.
pub(crate) fn target_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        return Ok(root().join(dir));
    }
    let metadata = Cmd::cargo()
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .read()?;
    Ok(json::object_field(&metadata, "target_directory")
        .and_then(json::string)
        .map_or_else(|| root().join("target"), PathBuf::from))
}

/// One benchmark group: its name and the mean times, in nanoseconds.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    workload: String,
    rt: Option<f64>,
    tokio: Option<f64>,
    /// The group's [`LIMIT_ID`] benchmark, where it has one.
    limit: Option<f64>,
    /// When this run wrote the group's first result: rows sort in run order.
    written: SystemTime,
    /// With `--rounds N` (N > 1): the lowest and highest per-round
    /// rt/tokio ratio (the times above are then per-side medians).
    ratio_range: Option<(f64, f64)>,
}

impl Row {
    fn ratio(&self) -> Option<f64> {
        match (self.rt, self.tokio) {
            (Some(rt), Some(tokio)) if tokio > 0.0 => Some(rt / tokio),
            _ => None,
        }
    }

    /// `time / limit`: how many times the limit's time `time` takes (1.00
    /// is the limit; its inverse is the share of the limit's throughput).
    fn against_limit(&self, time: Option<f64>) -> Option<f64> {
        match (time, self.limit) {
            (Some(time), Some(limit)) if limit > 0.0 => Some(time / limit),
            _ => None,
        }
    }
}

/// Every group under `criterion_dir` with an `rt`, `tokio` or limit result
/// written since `start`, in the order they were written.
fn read_results(criterion_dir: &Path, start: SystemTime) -> Result<Vec<Row>> {
    let entries = fs::read_dir(criterion_dir)
        .map_err(|e| Error::msg(format!("reading {}: {e}", criterion_dir.display())))?;
    let mut rows = Vec::new();
    for entry in entries.flatten() {
        let group = entry.path();
        let mut row = Row {
            workload: entry.file_name().to_string_lossy().into_owned(),
            rt: None,
            tokio: None,
            limit: None,
            written: SystemTime::UNIX_EPOCH,
            ratio_range: None,
        };
        let mut fresh = None::<SystemTime>;
        for side in ["rt", "tokio", LIMIT_ID, STD_ID] {
            let Some(result) = fresh_mean(&group, side, start)? else {
                continue;
            };
            let slot = match side {
                "rt" => &mut row.rt,
                "tokio" => &mut row.tokio,
                _ => &mut row.limit,
            };
            *slot = Some(result.mean);
            fresh = Some(fresh.map_or(result.written, |f| f.min(result.written)));
            if let Some(id) = result.group_id {
                row.workload = id;
            }
        }
        if let Some(written) = fresh {
            row.written = written;
            rows.push(row);
        }
    }
    rows.sort_by(|a, b| a.written.cmp(&b.written).then(a.workload.cmp(&b.workload)));
    Ok(rows)
}

/// One benchmark's result, read from criterion's files.
struct Fresh {
    /// Mean time, ns.
    mean: f64,
    written: SystemTime,
    /// The group id with its `/` (the folder name has `_` instead).
    group_id: Option<String>,
}

/// The result of benchmark `side` in criterion's `group` folder, if it
/// was written since `start`.
fn fresh_mean(group: &Path, side: &str, start: SystemTime) -> Result<Option<Fresh>> {
    let new = group.join(side).join("new");
    let estimates = new.join("estimates.json");
    let Some(written) = modified(&estimates).filter(|&t| t >= start) else {
        return Ok(None);
    };
    let text = fs::read_to_string(&estimates).unwrap_or_default();
    let mean = mean_point_estimate(&text)
        .ok_or_else(|| Error::msg(format!("no mean point_estimate in {}", estimates.display())))?;
    let group_id = fs::read_to_string(new.join("benchmark.json"))
        .ok()
        .as_deref()
        .and_then(|b| json::object_field(b, "group_id"))
        .and_then(json::string);
    Ok(Some(Fresh {
        mean,
        written,
        group_id,
    }))
}

/// The variants of `benches/benches/observability.rs`, in column order.
const OBSERVABILITY_SIDES: [&str; 3] = ["hooks_off", "hooks_on", "slow_poll_on"];

/// The observability groups written since `start` (rt only, so not in
/// the rt/tokio table): the markdown table of their means with each
/// variant's ratio to `hooks_off`, or `None` when none ran.
fn render_observability(criterion_dir: &Path, start: SystemTime) -> Result<Option<String>> {
    let Ok(entries) = fs::read_dir(criterion_dir) else {
        return Ok(None);
    };
    let mut rows = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("observability_") {
            continue;
        }
        let mut id = name;
        let mut means = [None; 3];
        for (side, slot) in OBSERVABILITY_SIDES.iter().zip(&mut means) {
            if let Some(result) = fresh_mean(&entry.path(), side, start)? {
                *slot = Some(result.mean);
                id = result.group_id.unwrap_or(id);
            }
        }
        if means.iter().any(Option::is_some) {
            rows.push((id, means));
        }
    }
    if rows.is_empty() {
        return Ok(None);
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::from(
        "\nObservability (rt only; in brackets the ratio to `hooks_off`):\n\n\
         | workload | hooks_off | hooks_on (4 no-op hooks) | slow_poll_on (hooks + detector) |\n\
         |---|---:|---:|---:|\n",
    );
    for (id, [off, on, slow]) in rows {
        let cell = |x: Option<f64>| match (x, off) {
            (Some(x), Some(off)) if off > 0.0 => format!("{} ({:.2})", duration(x), x / off),
            (Some(x), _) => duration(x),
            (None, _) => "–".to_string(),
        };
        let _ = writeln!(
            out,
            "| {id} | {} | {} | {} |",
            off.map_or_else(|| "–".to_string(), duration),
            cell(on),
            cell(slow)
        );
    }
    Ok(Some(out))
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The mean's point estimate in a criterion `estimates.json`, in ns.
fn mean_point_estimate(estimates: &str) -> Option<f64> {
    let mean = json::object_field(estimates, "mean")?;
    json::object_field(mean, "point_estimate")?.parse().ok()
}

/// One row per workload from several rounds of the same suite: each side's
/// median time, and the range of the per-round ratios. One round passes
/// through unchanged.
fn merge_rounds(mut rounds: Vec<Vec<Row>>) -> Vec<Row> {
    if rounds.len() <= 1 {
        return rounds.pop().unwrap_or_default();
    }
    let median = |mut v: Vec<f64>| -> Option<f64> {
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let mid = v.len() / 2;
        Some(if v.len() % 2 == 1 {
            v[mid]
        } else {
            (v[mid - 1] + v[mid]) / 2.0
        })
    };
    // Workloads in the first round's order, then any that only later
    // rounds have.
    let mut names: Vec<String> = Vec::new();
    for row in rounds.iter().flatten() {
        if !names.contains(&row.workload) {
            names.push(row.workload.clone());
        }
    }
    names
        .into_iter()
        .map(|name| {
            let rows: Vec<&Row> = rounds
                .iter()
                .flatten()
                .filter(|r| r.workload == name)
                .collect();
            let side =
                |f: fn(&Row) -> Option<f64>| median(rows.iter().filter_map(|r| f(r)).collect());
            let ratios: Vec<f64> = rows.iter().filter_map(|r| r.ratio()).collect();
            let ratio_range = (ratios.len() > 1).then(|| {
                let lo = ratios.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = ratios.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                (lo, hi)
            });
            Row {
                rt: side(|r| r.rt),
                tokio: side(|r| r.tokio),
                limit: side(|r| r.limit),
                written: rows[0].written,
                ratio_range,
                workload: name,
            }
        })
        .collect()
}

/// The geometric mean of the ratios of the rows that have both sides.
fn geometric_mean(rows: &[Row]) -> Option<(f64, usize)> {
    let logs: Vec<f64> = rows.iter().filter_map(Row::ratio).map(f64::ln).collect();
    if logs.is_empty() {
        return None;
    }
    let n = logs.len();
    Some(((logs.iter().sum::<f64>() / n as f64).exp(), n))
}

/// The markdown table.
fn render(rows: &[Row], workers: &str, mode: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Mean time per iteration (criterion, {mode}); multi_thread = {workers} workers; \
         rt/tokio < 1 means rt is faster."
    );
    out.push('\n');
    let ranged = rows.iter().any(|r| r.ratio_range.is_some());
    if ranged {
        out.push_str("| workload | rt | tokio | rt/tokio | per-round range |\n");
        out.push_str("|---|---:|---:|---:|---:|\n");
    } else {
        out.push_str("| workload | rt | tokio | rt/tokio |\n");
        out.push_str("|---|---:|---:|---:|\n");
    }
    let dash = || "–".to_string();
    for row in rows {
        let _ = write!(
            out,
            "| {} | {} | {} | {} |",
            row.workload,
            row.rt.map_or_else(dash, duration),
            row.tokio.map_or_else(dash, duration),
            row.ratio().map_or_else(dash, |r| format!("{r:.2}")),
        );
        if ranged {
            let range = row
                .ratio_range
                .map_or_else(dash, |(lo, hi)| format!("{lo:.2}–{hi:.2}"));
            let _ = write!(out, " {range} |");
        }
        out.push('\n');
    }
    let blank = if ranged { " |" } else { "" };
    match geometric_mean(rows) {
        Some((g, n)) => {
            let s = if n == 1 { "" } else { "s" };
            let _ = writeln!(
                out,
                "| **geometric mean** ({n} workload{s}) | | | **{g:.2}** |{blank}"
            );
        }
        None => {
            let _ = writeln!(out, "| **geometric mean** | | | – |{blank}");
        }
    }
    out
}

/// The table of the rows with a limit, or `None` when there is none:
/// each side's time over the limit's, with the share of the limit's
/// throughput it reaches (issue 10's target for `tcp_echo`: rt within 5% of
/// the limit).
fn render_limits(rows: &[Row]) -> Option<String> {
    let limited: Vec<&Row> = rows.iter().filter(|r| r.limit.is_some()).collect();
    if limited.is_empty() {
        return None;
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nAgainst the limit (`{LIMIT_ID}` for tcp_echo: the same traffic on hand-written \
         thread-per-core mio loops, no runtime; `{STD_ID}` for the fs workloads: the same file \
         work with std::fs on one thread): time / the limit's time, in brackets the share of \
         the limit's throughput."
    );
    out.push('\n');
    out.push_str("| workload | limit | rt/limit | tokio/limit |\n");
    out.push_str("|---|---:|---:|---:|\n");
    let cell = |x: Option<f64>| match x {
        Some(x) if x > 0.0 => format!("{x:.2} ({:.0}%)", 100.0 / x),
        _ => "–".to_string(),
    };
    for row in limited {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            row.workload,
            row.limit.map_or_else(|| "–".to_string(), duration),
            cell(row.against_limit(row.rt)),
            cell(row.against_limit(row.tokio)),
        );
    }
    Some(out)
}

/// The SVG chart of the rows' rt/tokio ratios, in table order, or `None`
/// when no row has both sides.
fn chart(rows: &[Row], workers: &str, mode: &str) -> Option<String> {
    let bars: Vec<svg::Bar> = rows
        .iter()
        .filter_map(|r| {
            r.ratio().map(|ratio| svg::Bar {
                label: r.workload.clone(),
                ratio,
            })
        })
        .collect();
    let (g, n) = geometric_mean(rows)?;
    let s = if n == 1 { "" } else { "s" };
    let title = format!(
        "rt/tokio mean time: geometric mean {g:.2} over {n} workload{s} \
         (criterion {mode}, multi_thread = {workers} workers; < 1: rt faster)"
    );
    Some(svg::render(&title, &bars))
}

/// `ns` nanoseconds with three significant digits and a unit. The bounds
/// are where rounding to three digits carries over (9.995 prints as
/// `10.0`, 999.5 ns as `1.00 µs`).
pub(crate) fn duration(ns: f64) -> String {
    let (value, unit) = if ns < 999.5 {
        (ns, "ns")
    } else if ns < 999.5e3 {
        (ns / 1e3, "µs")
    } else if ns < 999.5e6 {
        (ns / 1e6, "ms")
    } else {
        (ns / 1e9, "s")
    };
    if value < 9.995 {
        format!("{value:.2} {unit}")
    } else if value < 99.95 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.0} {unit}")
    }
}

/// Just enough JSON to pull one field out of an object: criterion's and
/// cargo's files are machine-written, so no validation beyond what finding
/// the field needs.
mod json {
    /// The raw text of the value of `key` among the top-level fields of
    /// the object that `text` starts with (leading whitespace allowed).
    pub(super) fn object_field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
        let bytes = text.as_bytes();
        let mut i = skip_ws(bytes, 0);
        if bytes.get(i) != Some(&b'{') {
            return None;
        }
        i += 1;
        loop {
            i = skip_ws(bytes, i);
            if bytes.get(i) != Some(&b'"') {
                return None; // `}` (not found) or malformed
            }
            let key_end = value_end(bytes, i)?;
            let name = &text[i + 1..key_end - 1];
            i = skip_ws(bytes, key_end);
            if bytes.get(i) != Some(&b':') {
                return None;
            }
            i = skip_ws(bytes, i + 1);
            let end = value_end(bytes, i)?;
            if name == key {
                return Some(text[i..end].trim_end());
            }
            i = skip_ws(bytes, end);
            match bytes.get(i) {
                Some(b',') => i += 1,
                _ => return None,
            }
        }
    }

    /// The contents of a JSON string value, unescaped (`\"`, `\\`, `\/`
    /// and the control escapes; `\u` is kept as written).
    pub(super) fn string(raw: &str) -> Option<String> {
        let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'u' => out.push_str("\\u"),
                other => out.push(other),
            }
        }
        Some(out)
    }

    fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    }

    /// One past the end of the value starting at `start`: a string, an
    /// object or array (brackets matched, strings skipped), or a scalar
    /// (up to the next `,`, `}` or `]`).
    fn value_end(bytes: &[u8], start: usize) -> Option<usize> {
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        for (j, &b) in bytes.iter().enumerate().skip(start) {
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                    if depth == 0 {
                        return Some(j + 1);
                    }
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 0 => return Some(j),
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(j + 1);
                    }
                }
                b',' if depth == 0 => return Some(j),
                _ => {}
            }
        }
        (depth == 0 && !in_string).then_some(bytes.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real `estimates.json` from criterion 0.5.1.
    const ESTIMATES: &str = r#"{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":2245622.432625,"upper_bound":2446556.9746250003},"point_estimate":2343261.1075,"standard_error":51328.029425740875},"median":{"confidence_interval":{"confidence_level":0.95,"lower_bound":2120297.5,"upper_bound":2291157.75},"point_estimate":2196785.875,"standard_error":47072.96614077439},"median_abs_dev":{"confidence_interval":{"confidence_level":0.95,"lower_bound":206639.22458142042,"upper_bound":595875.6472460926},"point_estimate":320319.80146318674,"standard_error":107291.83567776736},"slope":null,"std_dev":{"confidence_interval":{"confidence_level":0.95,"lower_bound":415267.94006600115,"upper_bound":603988.8854089481},"point_estimate":514728.00355109613,"standard_error":48161.658848406085}}"#;

    /// A real `benchmark.json` beside it.
    const BENCHMARK: &str = r#"{"group_id":"spawn_many_local/current_thread","function_id":"rt","value_str":null,"throughput":null,"full_id":"spawn_many_local/current_thread/rt","directory_name":"spawn_many_local_current_thread/rt","title":"spawn_many_local/current_thread/rt"}"#;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn reads_the_mean_not_the_median() {
        assert_eq!(mean_point_estimate(ESTIMATES), Some(2343261.1075));
        assert_eq!(
            mean_point_estimate("{\"median\":{\"point_estimate\":1}}"),
            None
        );
    }

    #[test]
    fn reads_the_group_id() {
        let id = json::object_field(BENCHMARK, "group_id").and_then(json::string);
        assert_eq!(id.as_deref(), Some("spawn_many_local/current_thread"));
        assert_eq!(json::object_field(BENCHMARK, "value_str"), Some("null"));
        assert_eq!(json::object_field(BENCHMARK, "missing"), None);
    }

    #[test]
    fn json_scanner_handles_nesting_strings_and_whitespace() {
        let text = " { \"a\" : [1, {\"b\": \"}\"}] , \"k\\\"ey\": \"x\\\"y\", \"n\" : -1.5e3 } ";
        assert_eq!(json::object_field(text, "a"), Some("[1, {\"b\": \"}\"}]"));
        assert_eq!(json::object_field(text, "n"), Some("-1.5e3"));
        let s = json::object_field(text, "k\\\"ey").and_then(json::string);
        assert_eq!(s.as_deref(), Some("x\"y"));
        assert_eq!(json::object_field("[1]", "a"), None);
    }

    #[test]
    fn parses_flags() {
        assert_eq!(Options::parse(&[]).unwrap(), Options::default());
        let opts = Options::parse(&args(&["--quick", "--workers", "4", "spawn"])).unwrap();
        assert_eq!(
            opts,
            Options {
                quick: true,
                workers: Some(4),
                filter: Some("spawn".into()),
                ..Options::default()
            }
        );
        let opts = Options::parse(&args(&["--offline", "--chart", "out/r.svg", "tcp"])).unwrap();
        assert!(opts.offline && !opts.quick);
        assert_eq!(opts.chart.as_deref(), Some(Path::new("out/r.svg")));
        assert_eq!(opts.filter.as_deref(), Some("tcp"));
        assert_eq!(
            Options::parse(&args(&["--chart=a.svg"])).unwrap().chart,
            Some(PathBuf::from("a.svg"))
        );
        assert!(Options::parse(&args(&["--chart"])).is_err());
        assert!(Options::parse(&args(&["--chart="])).is_err());
        assert_eq!(
            Options::parse(&args(&["--workers=8"])).unwrap().workers,
            Some(8)
        );
        assert!(Options::parse(&args(&["--workers", "0"])).is_err());
        assert!(Options::parse(&args(&["--workers"])).is_err());
        assert!(Options::parse(&args(&["--fast"])).is_err());
        assert!(Options::parse(&args(&["a", "b"])).is_err());
        assert_eq!(Options::parse(&args(&["--rounds", "3"])).unwrap().rounds, 3);
        assert!(Options::parse(&args(&["--rounds", "0"])).is_err());
        assert!(Options::parse(&args(&["--rounds"])).is_err());
    }

    #[test]
    fn rounds_merge_to_medians_with_the_ratio_range() {
        let one = vec![row("a", Some(1.0), Some(2.0)), row("b", Some(9.0), None)];
        assert_eq!(merge_rounds(vec![one.clone()]), one);
        let rounds = vec![
            one,
            vec![
                row("a", Some(3.0), Some(2.0)),
                row("c", Some(1.0), Some(1.0)),
            ],
            vec![row("a", Some(2.0), Some(4.0))],
        ];
        let merged = merge_rounds(rounds);
        let names: Vec<&str> = merged.iter().map(|r| r.workload.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        // a: rt median of 1, 3, 2; tokio median of 2, 2, 4; ratios 0.5, 1.5, 0.5.
        assert_eq!((merged[0].rt, merged[0].tokio), (Some(2.0), Some(2.0)));
        assert_eq!(merged[0].ratio_range, Some((0.5, 1.5)));
        // One measured round: no range.
        assert_eq!((merged[1].rt, merged[1].ratio_range), (Some(9.0), None));
        assert_eq!(merged[2].ratio_range, None);
        let table = render(&merged, "2", "--quick, median of 3 rounds");
        assert!(table.contains("| per-round range |"), "{table}");
        assert!(
            table.contains("| a | 2.00 ns | 2.00 ns | 1.00 | 0.50–1.50 |"),
            "{table}"
        );
        assert!(
            table.contains("| c | 1.00 ns | 1.00 ns | 1.00 | – |"),
            "{table}"
        );
    }

    fn row(workload: &str, rt: Option<f64>, tokio: Option<f64>) -> Row {
        Row {
            workload: workload.into(),
            rt,
            tokio,
            limit: None,
            written: SystemTime::UNIX_EPOCH,
            ratio_range: None,
        }
    }

    #[test]
    fn table_has_ratios_and_their_geometric_mean() {
        let rows = [
            row("a/multi_thread", Some(500.0), Some(2_000.0)),
            row("b/multi_thread", Some(4e6), Some(1e6)),
            row("c/current_thread", Some(1.0), None),
        ];
        let (g, n) = geometric_mean(&rows).unwrap();
        assert_eq!(n, 2);
        assert!((g - 1.0).abs() < 1e-12, "{g}");
        let table = render(&rows, "2", "--quick");
        assert!(
            table.contains("| a/multi_thread | 500 ns | 2.00 µs | 0.25 |"),
            "{table}"
        );
        assert!(
            table.contains("| b/multi_thread | 4.00 ms | 1.00 ms | 4.00 |"),
            "{table}"
        );
        assert!(
            table.contains("| c/current_thread | 1.00 ns | – | – |"),
            "{table}"
        );
        assert!(
            table.contains("**geometric mean** (2 workloads) | | | **1.00** |"),
            "{table}"
        );
        assert!(table.contains("multi_thread = 2 workers"), "{table}");
    }

    #[test]
    fn limit_table_only_with_a_limit() {
        let plain = [row("a/multi_thread", Some(1e6), Some(2e6))];
        assert_eq!(render_limits(&plain), None);
        let mut echo = row("tcp_echo/multi_thread", Some(42e6), Some(48e6));
        echo.limit = Some(40e6);
        let mut only_limit = row("x/multi_thread", None, None);
        only_limit.limit = Some(1e3);
        let rows = [plain[0].clone(), echo, only_limit];
        let table = render_limits(&rows).unwrap();
        assert!(
            table.contains("| tcp_echo/multi_thread | 40.0 ms | 1.05 (95%) | 1.20 (83%) |"),
            "{table}"
        );
        assert!(
            table.contains("| x/multi_thread | 1.00 µs | – | – |"),
            "{table}"
        );
        assert!(!table.contains("a/multi_thread"), "{table}");
        // The limit does not count as a workload in the main table.
        let main = render(&rows, "2", "--quick");
        assert!(main.contains("**geometric mean** (2 workloads)"), "{main}");
    }

    #[test]
    fn chart_has_one_bar_per_ratio_and_the_geometric_mean() {
        let rows = [
            row("a/multi_thread", Some(500.0), Some(2_000.0)),
            row("b<&>/multi_thread", Some(4e6), Some(1e6)),
            row("c/current_thread", Some(1.0), None),
        ];
        let doc = chart(&rows, "2", "--quick").unwrap();
        let names = svg::tests::well_formed(&doc).unwrap();
        assert_eq!(names.iter().filter(|n| *n == "rect").count(), 2, "{doc}");
        assert!(
            doc.contains("geometric mean 1.00 over 2 workloads"),
            "{doc}"
        );
        assert!(doc.contains(">b&lt;&amp;&gt;/multi_thread<"), "{doc}");
        assert!(!doc.contains("c/current_thread"), "{doc}");
        assert_eq!(chart(&rows[2..], "2", "full"), None);
    }

    #[test]
    fn durations_have_three_significant_digits() {
        assert_eq!(duration(12.345), "12.3 ns");
        assert_eq!(duration(1_234.0), "1.23 µs");
        assert_eq!(duration(123_456_789.0), "123 ms");
        assert_eq!(duration(2.5e9), "2.50 s");
        assert_eq!(duration(9_999_500.0), "10.0 ms");
        assert_eq!(duration(99_960.0), "100 µs");
        assert_eq!(duration(999_999.0), "1.00 ms");
    }

    #[test]
    fn only_this_runs_results_count() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for side in ["rt", "tokio"] {
            let new = dir.join("g_current_thread").join(side).join("new");
            fs::create_dir_all(&new).unwrap();
            fs::write(new.join("estimates.json"), ESTIMATES).unwrap();
            let id = BENCHMARK.replace("spawn_many_local/current_thread", "g/current_thread");
            fs::write(new.join("benchmark.json"), id).unwrap();
        }
        let past = SystemTime::UNIX_EPOCH;
        let rows = read_results(&dir, past).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].workload, "g/current_thread");
        assert_eq!(rows[0].ratio(), Some(1.0));
        assert_eq!(rows[0].limit, None);
        let future = SystemTime::now() + std::time::Duration::from_secs(3600);
        assert!(read_results(&dir, future).unwrap().is_empty());

        // A group's limit is read beside rt and tokio, and a limit alone
        // still makes a row.
        for group in ["g_current_thread", "h_multi_thread"] {
            // `std` (the fs workloads' limit) goes to the same column.
            let id = if group.starts_with('g') {
                LIMIT_ID
            } else {
                STD_ID
            };
            let new = dir.join(group).join(id).join("new");
            fs::create_dir_all(&new).unwrap();
            let mean = if group.starts_with('g') { "5e5" } else { "7" };
            let estimates = format!("{{\"mean\":{{\"point_estimate\":{mean}}}}}");
            fs::write(new.join("estimates.json"), estimates).unwrap();
        }
        let mut rows = read_results(&dir, past).unwrap();
        rows.sort_by(|a, b| a.workload.cmp(&b.workload));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].limit, Some(5e5));
        assert_eq!(rows[0].ratio(), Some(1.0));
        assert_eq!(rows[1].workload, "h_multi_thread");
        assert_eq!((rows[1].rt, rows[1].limit), (None, Some(7.0)));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn observability_table_has_ratios_to_hooks_off() {
        let dir = std::env::temp_dir().join(format!("xtask-obs-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let past = SystemTime::UNIX_EPOCH;
        assert_eq!(render_observability(&dir, past).unwrap(), None);
        for (side, mean) in [("hooks_off", "2e6"), ("hooks_on", "3e6")] {
            let new = dir
                .join("observability_y_multi_thread")
                .join(side)
                .join("new");
            fs::create_dir_all(&new).unwrap();
            let estimates = format!("{{\"mean\":{{\"point_estimate\":{mean}}}}}");
            fs::write(new.join("estimates.json"), estimates).unwrap();
            let id = BENCHMARK.replace(
                "spawn_many_local/current_thread",
                "observability_y/multi_thread",
            );
            fs::write(new.join("benchmark.json"), id).unwrap();
        }
        // Not an observability group: left to the rt/tokio table.
        let other = dir.join("g_current_thread").join("rt").join("new");
        fs::create_dir_all(&other).unwrap();
        fs::write(other.join("estimates.json"), ESTIMATES).unwrap();
        let table = render_observability(&dir, past).unwrap().unwrap();
        assert!(
            table.contains("| observability_y/multi_thread | 2.00 ms | 3.00 ms (1.50) | – |"),
            "{table}"
        );
        assert!(
            !table.contains("g_current_thread") && !table.contains("g/current"),
            "{table}"
        );
        let future = SystemTime::now() + std::time::Duration::from_secs(3600);
        assert_eq!(render_observability(&dir, future).unwrap(), None);
        fs::remove_dir_all(&dir).unwrap();
    }
}
