//! Running external commands: print the command line, run it in the
//! workspace root, time it, and turn a non-zero exit into an [`Error`].
//!
//! Every child runs with the workspace root as its working directory, so
//! `cargo xtask` behaves the same from any folder of the checkout.

use std::ffi::OsStr;
use std::fmt;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The error every xtask step returns: a message for the user. The exit code
/// of `cargo xtask` is 1 whenever one reaches `main`.
#[derive(Debug)]
pub(crate) struct Error(String);

impl Error {
    /// An error with this message.
    pub(crate) fn msg(msg: impl Into<String>) -> Error {
        Error(msg.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Shorthand for xtask results.
pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

/// The workspace root: the parent of this crate's manifest folder.
pub(crate) fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        manifest.parent().unwrap_or(manifest).to_path_buf()
    })
}

/// A command line to run in the workspace root, with extra environment.
#[derive(Debug, Clone)]
pub(crate) struct Cmd {
    program: String,
    args: Vec<String>,
    envs: Vec<(String, String)>,
}

/// What [`Cmd::run_tee`] saw: the exit status and the child's stdout.
#[derive(Debug)]
pub(crate) struct Teed {
    /// Whether the child exited with status 0.
    pub(crate) success: bool,
    /// Everything the child wrote on stdout (it was echoed as it came).
    pub(crate) stdout: String,
    /// How long the child ran.
    pub(crate) elapsed: Duration,
}

impl Cmd {
    /// `program` with no arguments yet.
    pub(crate) fn new(program: impl Into<String>) -> Cmd {
        Cmd {
            program: program.into(),
            args: Vec::new(),
            envs: Vec::new(),
        }
    }

    /// `cargo`, through `PATH` (the rustup proxy, so `+nightly` works).
    pub(crate) fn cargo() -> Cmd {
        Cmd::new("cargo")
    }

    /// Appends one argument.
    pub(crate) fn arg(mut self, arg: impl Into<String>) -> Cmd {
        self.args.push(arg.into());
        self
    }

    /// Appends several arguments.
    pub(crate) fn args<I, S>(mut self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Sets an environment variable for the child (shown when printed).
    pub(crate) fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Cmd {
        self.envs.push((key.into(), value.into()));
        self
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args).current_dir(root());
        for (k, v) in &self.envs {
            cmd.env(k, v);
        }
        cmd
    }

    fn spawn_error(&self, err: &io::Error) -> Error {
        Error::msg(format!("could not start `{}`: {err}", self.program))
    }

    fn status_error(&self, code: Option<i32>, elapsed: Duration) -> Error {
        let how = match code {
            Some(code) => format!("exit status {code}"),
            None => "killed by a signal".to_string(),
        };
        Error::msg(format!("`{self}` failed ({how}) after {}", secs(elapsed)))
    }

    /// Prints the command line, runs it with inherited stdio, and prints how
    /// long it took. A non-zero exit is an error.
    pub(crate) fn run(&self) -> Result<Duration> {
        announce(self);
        let start = Instant::now();
        let status = self.command().status().map_err(|e| self.spawn_error(&e))?;
        let elapsed = start.elapsed();
        if !status.success() {
            return Err(self.status_error(status.code(), elapsed));
        }
        println!("    ({})", secs(elapsed));
        Ok(elapsed)
    }

    /// Like [`Cmd::run`], but also keeps the child's stdout (while echoing it
    /// line by line), and reports a non-zero exit in [`Teed::success`]
    /// rather than as an error, so the caller can still read the output.
    pub(crate) fn run_tee(&self) -> Result<Teed> {
        announce(self);
        let start = Instant::now();
        let mut child = self
            .command()
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| self.spawn_error(&e))?;
        let mut stdout = String::new();
        if let Some(pipe) = child.stdout.take() {
            let mut out = io::stdout().lock();
            for line in BufReader::new(pipe).split(b'\n') {
                let line = line.map_err(|e| self.spawn_error(&e))?;
                let line = String::from_utf8_lossy(&line);
                // Echo failures (a closed terminal) must not stop the run.
                let _ = writeln!(out, "{line}");
                let _ = out.flush();
                stdout.push_str(&line);
                stdout.push('\n');
            }
        }
        let status = child.wait().map_err(|e| self.spawn_error(&e))?;
        let elapsed = start.elapsed();
        println!("    ({})", secs(elapsed));
        Ok(Teed {
            success: status.success(),
            stdout,
            elapsed,
        })
    }

    /// Prints the command line, runs it, and returns its stdout (stderr is
    /// inherited). A non-zero exit is an error.
    pub(crate) fn read(&self) -> Result<String> {
        announce(self);
        let start = Instant::now();
        let output = self
            .command()
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| self.spawn_error(&e))?;
        if !output.status.success() {
            return Err(self.status_error(output.status.code(), start.elapsed()));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }
}

fn announce(cmd: &Cmd) {
    println!("$ {cmd}");
    // Keep our line ahead of the child's output when stdout is a pipe.
    let _ = io::stdout().flush();
}

impl fmt::Display for Cmd {
    /// The command as a shell line: `KEY=value ... program args...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = self
            .envs
            .iter()
            .map(|(k, v)| format!("{k}={}", quote(v)))
            .chain(std::iter::once(quote(&self.program)))
            .chain(self.args.iter().map(|a| quote(a)));
        for (i, word) in words.enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(&word)?;
        }
        Ok(())
    }
}

/// Quotes `word` for a POSIX shell when it needs it.
pub(crate) fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_=+./:,@%^".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// A duration for humans: `0.4s`, `12.3s`, `3m07s`.
pub(crate) fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 60.0 {
        format!("{s:.1}s")
    } else {
        let whole = d.as_secs();
        format!("{}m{:02}s", whole / 60, whole % 60)
    }
}

/// `value` of the environment variable `key` with ` extra` appended, for
/// flag variables such as `RUSTFLAGS` that a user may already have set.
pub(crate) fn env_with(key: impl AsRef<OsStr>, extra: &str) -> String {
    match std::env::var(key) {
        Ok(old) if !old.trim().is_empty() => format!("{} {extra}", old.trim()),
        _ => extra.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_quotes_only_what_needs_it() {
        let cmd = Cmd::cargo()
            .args(["test", "-p", "rt-core", "--lib", "loom_"])
            .env("RUSTFLAGS", "--cfg loom")
            .env("LOOM_MAX_PREEMPTIONS", "2");
        assert_eq!(
            cmd.to_string(),
            "RUSTFLAGS='--cfg loom' LOOM_MAX_PREEMPTIONS=2 cargo test -p rt-core --lib loom_"
        );
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
    }

    #[test]
    fn secs_formats() {
        assert_eq!(secs(Duration::from_millis(400)), "0.4s");
        assert_eq!(secs(Duration::from_secs(187)), "3m07s");
    }

    #[test]
    fn root_holds_the_workspace_manifest() {
        let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
        assert!(manifest.contains("[workspace]"));
    }
}
