//! `cargo xtask hyper-bench [--rounds N] [--duration S] [--connections C]
//! [--workers W]`: the same hyper "hello" HTTP/1.1 server on rt and on
//! Tokio, loaded with `wrk`, side by side.
//!
//! 1. Builds both servers in release: `rt-hyper`'s example `hyper-hello`
//!    (rt + rt-hyper) and `benches`' example `hyper_hello_tokio` (Tokio +
//!    hyper-util).
//! 2. For each round, runs each server in turn (rt first in odd rounds,
//!    Tokio first in even ones, so neither always goes first), alone: start
//!    it on 127.0.0.1 port 0 with `W` workers, read the address from its
//!    `listening on http://...` line, run
//!    `wrk -t1 -c<C> -d<S>s --latency http://<address>/`, stop it.
//! 3. Prints the table `round | rt req/s | tokio req/s | rt/tokio | rt p99 |
//!    tokio p99` with the means over the rounds, and writes it to
//!    `<target dir>/hyper-bench-table.md`.
//!
//! Defaults: 2 rounds, 10 s, 64 connections, 2 workers. A run with socket
//! errors or non-2xx responses says so under the table; the servers'
//! stderr (hyper's connection errors) is counted, not echoed, so it cannot
//! interleave with wrk's output.
//!
//! wrk comes from Debian's `wrk` package; the command fails with a clear
//! message without it.

use std::fmt::Write as _;
use std::io::{self, BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::bench::{duration, target_dir};
use crate::cmd::{root, Cmd, Error, Result};

/// How long a server may take to print its address.
const STARTUP: Duration = Duration::from_secs(30);

/// The two servers, in the table's column order.
const SERVERS: [Server; 2] = [
    Server {
        name: "rt",
        package: "rt-hyper",
        example: "hyper-hello",
    },
    Server {
        name: "tokio",
        package: "benches",
        example: "hyper_hello_tokio",
    },
];

/// One server: which example of which package.
#[derive(Debug, Clone, Copy)]
struct Server {
    name: &'static str,
    package: &'static str,
    example: &'static str,
}

/// The parsed command line of `hyper-bench`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Options {
    rounds: usize,
    duration_s: u64,
    connections: usize,
    workers: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            rounds: 2,
            duration_s: 10,
            connections: 64,
            workers: 2,
        }
    }
}

impl Options {
    fn parse(args: &[String]) -> Result<Options> {
        let mut opts = Options::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) => (flag, Some(value.to_string())),
                None => (arg.as_str(), None),
            };
            let mut value = || {
                inline
                    .clone()
                    .or_else(|| args.next().cloned())
                    .ok_or_else(|| {
                        Error::msg(format!("hyper-bench: `{flag}` needs a positive integer"))
                    })
            };
            match flag {
                "--rounds" => opts.rounds = positive(flag, &value()?)?,
                "--duration" => opts.duration_s = positive(flag, &value()?)? as u64,
                "--connections" => opts.connections = positive(flag, &value()?)?,
                "--workers" => opts.workers = positive(flag, &value()?)?,
                other => {
                    return Err(Error::msg(format!(
                        "hyper-bench: unknown argument `{other}`"
                    )))
                }
            }
        }
        Ok(opts)
    }

    /// wrk's arguments, less the URL.
    fn wrk_args(&self) -> Vec<String> {
        vec![
            "-t1".into(),
            format!("-c{}", self.connections),
            format!("-d{}s", self.duration_s),
            "--latency".into(),
        ]
    }
}

fn positive(flag: &str, text: &str) -> Result<usize> {
    match text.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(Error::msg(format!(
            "hyper-bench: `{flag} {text}`: expected a positive integer"
        ))),
    }
}

/// What one wrk run measured.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Load {
    requests_per_sec: f64,
    /// The 99th percentile latency, in nanoseconds.
    p99_ns: f64,
    /// Socket errors (connect, read, write, timeout) and non-2xx/3xx
    /// responses.
    errors: u64,
}

/// Runs `hyper-bench`.
pub(crate) fn run(args: &[String]) -> Result<()> {
    let opts = Options::parse(args)?;
    match Command::new("wrk").arg("--version").output() {
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            return Err(Error::msg(
                "hyper-bench: wrk is not installed (Debian: `apt-get install wrk`)",
            ))
        }
        _ => {} // `wrk --version` exits 1 after printing it
    }
    for server in SERVERS {
        Cmd::cargo()
            .args(["build", "--release", "-p", server.package])
            .args(["--example", server.example])
            .run()?;
    }
    let examples = target_dir()?.join("release").join("examples");
    let machine = machine();

    let mut loads: [Vec<Load>; 2] = Default::default();
    let mut stderr_lines = [0usize; 2];
    for round in 0..opts.rounds {
        let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for i in order {
            let server = SERVERS[i];
            println!(
                "\nhyper-bench: round {}/{}, {}",
                round + 1,
                opts.rounds,
                server.name
            );
            let (load, lines) = measure(&examples.join(server.example), &opts)?;
            loads[i].push(load);
            stderr_lines[i] += lines;
        }
    }

    let table = render(&opts, &machine, &loads, &stderr_lines);
    println!("\n{table}");
    let out = target_dir()?.join("hyper-bench-table.md");
    std::fs::write(&out, &table)
        .map_err(|e| Error::msg(format!("writing {}: {e}", out.display())))?;
    println!("xtask hyper-bench: table written to {}", out.display());
    Ok(())
}

/// A running server, killed and reaped when dropped (also on error paths).
struct ServerProcess {
    child: Child,
    /// Counts the server's stderr lines; ends when the server does.
    stderr: Option<JoinHandle<usize>>,
}

impl ServerProcess {
    /// Starts `exe` on an ephemeral port and waits for its address.
    fn start(exe: &Path, workers: usize) -> Result<(ServerProcess, String)> {
        println!("$ {} 0 {workers}", exe.display());
        let mut child = Command::new(exe)
            .args(["0".to_string(), workers.to_string()])
            .current_dir(root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::msg(format!("could not start {}: {e}", exe.display())))?;
        let stdout = child.stdout.take();
        // Counted; the first three are echoed (indented) for diagnosis.
        let stderr = child.stderr.take().map(|pipe| {
            thread::spawn(move || {
                let mut n = 0;
                for line in BufReader::new(pipe).lines().map_while(|l| l.ok()) {
                    if n < 3 {
                        eprintln!("    server: {line}");
                    }
                    n += 1;
                }
                n
            })
        });
        let mut server = ServerProcess { child, stderr };
        // The first stdout line, read on a thread so a silent server times
        // out instead of blocking us.
        let (tx, rx) = mpsc::channel();
        if let Some(pipe) = stdout {
            thread::spawn(move || {
                let mut reader = BufReader::new(pipe);
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                let _ = tx.send(line);
                // Keep draining so the server never blocks on a full pipe.
                let _ = io::copy(&mut reader, &mut io::sink());
            });
        }
        let line = rx.recv_timeout(STARTUP).map_err(|_| {
            Error::msg(format!(
                "{} printed no address within {}s",
                exe.display(),
                STARTUP.as_secs()
            ))
        })?;
        let Some(url) = line.trim().strip_prefix("listening on ") else {
            server.stop();
            return Err(Error::msg(format!(
                "{}: expected `listening on <url>`, got {line:?}",
                exe.display()
            )));
        };
        Ok((server, url.to_string()))
    }

    /// Kills the server and returns how many stderr lines it wrote.
    fn stop(&mut self) -> usize {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.stderr
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or_default()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Starts the server, loads it with wrk, stops it; returns the load and
/// the count of the server's stderr lines.
fn measure(exe: &Path, opts: &Options) -> Result<(Load, usize)> {
    let (mut server, url) = ServerProcess::start(exe, opts.workers)?;
    let output = Cmd::new("wrk")
        .args(opts.wrk_args())
        .arg(format!("{url}/"))
        .read();
    let lines = server.stop();
    let output = output?;
    print!("{output}");
    let load = parse_wrk(&output)
        .ok_or_else(|| Error::msg(format!("could not read wrk's output:\n{output}")))?;
    Ok((load, lines))
}

/// Requests/s, the 99th percentile and the errors from wrk's `--latency`
/// report.
fn parse_wrk(output: &str) -> Option<Load> {
    let mut requests_per_sec = None;
    let mut p99_ns = None;
    let mut errors = 0u64;
    for line in output.lines().map(str::trim) {
        if let Some(rate) = line.strip_prefix("Requests/sec:") {
            requests_per_sec = rate.trim().parse().ok();
        } else if let Some(p99) = line.strip_prefix("99%") {
            p99_ns = parse_time_ns(p99.trim());
        } else if let Some(counts) = line.strip_prefix("Socket errors:") {
            // "connect 0, read 0, write 0, timeout 0"
            for part in counts.split(',') {
                errors += part
                    .split_whitespace()
                    .nth(1)
                    .and_then(|n| n.parse::<u64>().ok())
                    .unwrap_or(0);
            }
        } else if let Some(n) = line.strip_prefix("Non-2xx or 3xx responses:") {
            errors += n.trim().parse::<u64>().unwrap_or(0);
        }
    }
    Some(Load {
        requests_per_sec: requests_per_sec?,
        p99_ns: p99_ns?,
        errors,
    })
}

/// A wrk time (`503.00us`, `1.27ms`, `2.00s`, `1.50m`) in nanoseconds.
fn parse_time_ns(text: &str) -> Option<f64> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let scale = match unit {
        "us" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        "m" => 60e9,
        "h" => 3600e9,
        _ => return None,
    };
    Some(number.trim().parse::<f64>().ok()? * scale)
}

/// The CPU model and how many CPUs this process may use.
fn machine() -> String {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    let cpus = thread::available_parallelism().map_or(0, |n| n.get());
    // Other work on the machine skews the numbers: say how busy it was.
    match std::fs::read_to_string("/proc/loadavg") {
        Ok(load) => {
            let one_minute = load.split_whitespace().next().unwrap_or("?");
            format!("{model}, {cpus} CPUs, load average {one_minute} at the start")
        }
        Err(_) => format!("{model}, {cpus} CPUs"),
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// The markdown table: one row per round, then the means.
fn render(
    opts: &Options,
    machine: &str,
    loads: &[Vec<Load>; 2],
    stderr_lines: &[usize; 2],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "`wrk {} http://127.0.0.1:<port>/` against each server alone, alternating, \
         {} round{}; servers: multi-thread runtime, {} worker{}; {machine}. \
         rt/tokio > 1 means rt served more requests.",
        opts.wrk_args().join(" "),
        opts.rounds,
        if opts.rounds == 1 { "" } else { "s" },
        opts.workers,
        if opts.workers == 1 { "" } else { "s" },
    );
    out.push('\n');
    out.push_str("| round | rt req/s | tokio req/s | rt/tokio | rt p99 | tokio p99 |\n");
    out.push_str("|---|---:|---:|---:|---:|---:|\n");
    let dash = || "–".to_string();
    let row = |out: &mut String, label: &str, rt: Option<(f64, f64)>, tokio: Option<(f64, f64)>| {
        let ratio = match (rt, tokio) {
            (Some((r, _)), Some((t, _))) if t > 0.0 => format!("{:.2}", r / t),
            _ => dash(),
        };
        let _ = writeln!(
            out,
            "| {label} | {} | {} | {ratio} | {} | {} |",
            rt.map_or_else(dash, |(r, _)| format!("{r:.0}")),
            tokio.map_or_else(dash, |(t, _)| format!("{t:.0}")),
            rt.map_or_else(dash, |(_, p)| duration(p)),
            tokio.map_or_else(dash, |(_, p)| duration(p)),
        );
    };
    let pair = |l: &Load| (l.requests_per_sec, l.p99_ns);
    let rounds = loads[0].len().max(loads[1].len());
    for i in 0..rounds {
        let rt = loads[0].get(i).map(pair);
        let tokio = loads[1].get(i).map(pair);
        row(&mut out, &(i + 1).to_string(), rt, tokio);
    }
    let means = |side: &Vec<Load>| {
        Some((
            mean(side.iter().map(|l| l.requests_per_sec))?,
            mean(side.iter().map(|l| l.p99_ns))?,
        ))
    };
    row(&mut out, "**mean**", means(&loads[0]), means(&loads[1]));
    for (i, server) in SERVERS.iter().enumerate() {
        let errors: u64 = loads[i].iter().map(|l| l.errors).sum();
        if errors > 0 {
            let _ = writeln!(
                out,
                "\n{}: {errors} socket errors or non-2xx responses (wrk).",
                server.name
            );
        }
        if stderr_lines[i] > 0 {
            let _ = writeln!(
                out,
                "\n{}: {} line(s) on the server's stderr (hyper's connection errors: \
                 wrk dropping its connections at the end of a run can log one each).",
                server.name, stderr_lines[i]
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real `wrk -t1 -c64 -d10s --latency` report (wrk 4.1.0).
    const WRK: &str = "\
Running 10s test @ http://127.0.0.1:3000/
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   540.64us  200.22us   6.87ms   85.40%
    Req/Sec   119.27k     5.67k  127.41k    72.00%
  Latency Distribution
     50%  503.00us
     75%  612.00us
     90%  760.00us
     99%    1.27ms
  1187263 requests in 10.00s, 99.64MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec: 118724.61
Transfer/sec:      9.96MB
";

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn reads_wrk_output() {
        let load = parse_wrk(WRK).unwrap();
        assert_eq!(load.requests_per_sec, 118724.61);
        assert!((load.p99_ns - 1.27e6).abs() < 1e-3, "{}", load.p99_ns);
        assert_eq!(load.errors, 7);
        assert_eq!(parse_wrk("Requests/sec: 1\n"), None, "no p99");
    }

    #[test]
    fn reads_wrk_times() {
        assert_eq!(parse_time_ns("503.00us"), Some(503_000.0));
        assert_eq!(parse_time_ns("2.00s"), Some(2e9));
        assert_eq!(parse_time_ns("1.50m"), Some(90e9));
        assert_eq!(parse_time_ns("7"), None);
        assert_eq!(parse_time_ns("7ns"), None);
    }

    #[test]
    fn parses_flags() {
        assert_eq!(Options::parse(&[]).unwrap(), Options::default());
        let opts = Options::parse(&args(&["--rounds", "3", "--duration=5", "--workers", "4"]));
        assert_eq!(
            opts.unwrap(),
            Options {
                rounds: 3,
                duration_s: 5,
                connections: 64,
                workers: 4
            }
        );
        assert!(Options::parse(&args(&["--rounds", "0"])).is_err());
        assert!(Options::parse(&args(&["--connections"])).is_err());
        assert!(Options::parse(&args(&["fast"])).is_err());
        assert_eq!(
            Options::default().wrk_args(),
            ["-t1", "-c64", "-d10s", "--latency"]
        );
    }

    #[test]
    fn table_has_rounds_means_and_ratios() {
        let load = |rps, p99_ns| Load {
            requests_per_sec: rps,
            p99_ns,
            errors: 0,
        };
        let loads = [
            vec![load(100.0, 1e6), load(300.0, 3e6)],
            vec![load(200.0, 2e6), load(200.0, 2e6)],
        ];
        let table = render(&Options::default(), "CPU, 2 CPUs", &loads, &[0, 5]);
        assert!(
            table.contains("| 1 | 100 | 200 | 0.50 | 1.00 ms | 2.00 ms |"),
            "{table}"
        );
        assert!(
            table.contains("| **mean** | 200 | 200 | 1.00 | 2.00 ms | 2.00 ms |"),
            "{table}"
        );
        assert!(table.contains("wrk -t1 -c64 -d10s --latency"), "{table}");
        assert!(table.contains("2 workers; CPU, 2 CPUs"), "{table}");
        assert!(
            table.contains("tokio: 5 line(s) on the server's stderr"),
            "{table}"
        );
        assert!(!table.contains("rt: 0 line"), "{table}");
    }
}
