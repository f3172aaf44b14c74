//! [`Command`]: `std::process::Command` with async spawn, status and
//! output.

use crate::child::Child;
use crate::stdio::{ChildStderr, ChildStdin, ChildStdout};
use rt_signal::unix::{signal, SignalKind};
use std::ffi::OsStr;
use std::fmt;
use std::io;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{ExitStatus, Output, Stdio};

/// A process builder; Tokio's `tokio::process::Command`. Every setting
/// behaves as on [`std::process::Command`].
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer())
/// #     .driver_layer(rt_signal::driver_layer())
/// #     .build()
/// #     .unwrap();
/// # rt.block_on(async {
/// use rt_process::Command;
///
/// let status = Command::new("sh")
///     .arg("-c")
///     .arg("test \"$GREETING\" = hello")
///     .env("GREETING", "hello")
///     .status()
///     .await?;
/// assert!(status.success());
/// # Ok::<(), std::io::Error>(())
/// # }).unwrap();
/// ```
pub struct Command {
    std: std::process::Command,
    kill_on_drop: bool,
    stdin_set: bool,
    stdout_set: bool,
    stderr_set: bool,
}

impl Command {
    /// A command running `program` (looked up in `PATH` when it has no
    /// `/`), inheriting the environment, working directory and, for
    /// `spawn`/`status`, the standard streams.
    ///
    /// ```
    /// let _cmd = rt_process::Command::new("ls");
    /// ```
    pub fn new<S: AsRef<OsStr>>(program: S) -> Command {
        Command::from(std::process::Command::new(program))
    }

    /// Adds an argument.
    ///
    /// ```
    /// let mut cmd = rt_process::Command::new("ls");
    /// cmd.arg("-l").arg("/");
    /// ```
    pub fn arg<S: AsRef<OsStr>>(&mut self, arg: S) -> &mut Command {
        self.std.arg(arg);
        self
    }

    /// Adds arguments.
    ///
    /// ```
    /// let mut cmd = rt_process::Command::new("ls");
    /// cmd.args(["-l", "/"]);
    /// ```
    pub fn args<I, S>(&mut self, args: I) -> &mut Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.std.args(args);
        self
    }

    /// Sets an environment variable for the child.
    ///
    /// ```
    /// let mut cmd = rt_process::Command::new("env");
    /// cmd.env("RUST_LOG", "debug");
    /// ```
    pub fn env<K: AsRef<OsStr>, V: AsRef<OsStr>>(&mut self, key: K, val: V) -> &mut Command {
        self.std.env(key, val);
        self
    }

    /// Sets several environment variables.
    ///
    /// ```
    /// let mut cmd = rt_process::Command::new("env");
    /// cmd.envs([("A", "1"), ("B", "2")]);
    /// ```
    pub fn envs<I, K, V>(&mut self, vars: I) -> &mut Command
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<OsStr>,
        V: AsRef<OsStr>,
    {
        self.std.envs(vars);
        self
    }

    /// Removes an environment variable from the child's environment.
    ///
    /// ```
    /// let mut cmd = rt_process::Command::new("env");
    /// cmd.env_remove("HOME");
    /// ```
    pub fn env_remove<K: AsRef<OsStr>>(&mut self, key: K) -> &mut Command {
        self.std.env_remove(key);
        self
    }

    /// Starts the child with an empty environment.
    ///
    /// ```
    /// let mut cmd = rt_process::Command::new("/usr/bin/env");
    /// cmd.env_clear();
    /// ```
    pub fn env_clear(&mut self) -> &mut Command {
        self.std.env_clear();
        self
    }

    /// Sets the child's working directory.
    ///
    /// ```
    /// let mut cmd = rt_process::Command::new("ls");
    /// cmd.current_dir("/");
    /// ```
    pub fn current_dir<P: AsRef<Path>>(&mut self, dir: P) -> &mut Command {
        self.std.current_dir(dir);
        self
    }

    /// Configures the child's stdin (`Stdio::piped()` gives
    /// [`Child::stdin`](crate::Child::stdin)). Default: inherited, or null
    /// for [`output`](Self::output).
    ///
    /// ```
    /// let mut cmd = rt_process::Command::new("cat");
    /// cmd.stdin(rt_process::Stdio::piped());
    /// ```
    pub fn stdin<T: Into<Stdio>>(&mut self, cfg: T) -> &mut Command {
        self.std.stdin(cfg);
        self.stdin_set = true;
        self
    }

    /// Configures the child's stdout. Default: inherited, or piped for
    /// [`output`](Self::output).
    ///
    /// ```
    /// let mut cmd = rt_process::Command::new("ls");
    /// cmd.stdout(rt_process::Stdio::null());
    /// ```
    pub fn stdout<T: Into<Stdio>>(&mut self, cfg: T) -> &mut Command {
        self.std.stdout(cfg);
        self.stdout_set = true;
        self
    }

    /// Configures the child's stderr. Default: inherited, or piped for
    /// [`output`](Self::output).
    ///
    /// ```
    /// let mut cmd = rt_process::Command::new("ls");
    /// cmd.stderr(rt_process::Stdio::null());
    /// ```
    pub fn stderr<T: Into<Stdio>>(&mut self, cfg: T) -> &mut Command {
        self.std.stderr(cfg);
        self.stderr_set = true;
        self
    }

    /// Whether dropping the [`Child`] sends it `SIGKILL` (default: `false`;
    /// the child keeps running and is reaped when it exits). A killed child
    /// is reaped like any dropped one.
    ///
    /// ```
    /// let mut cmd = rt_process::Command::new("sleep");
    /// cmd.arg("100").kill_on_drop(true);
    /// assert!(cmd.get_kill_on_drop());
    /// ```
    pub fn kill_on_drop(&mut self, kill_on_drop: bool) -> &mut Command {
        self.kill_on_drop = kill_on_drop;
        self
    }

    /// The [`kill_on_drop`](Self::kill_on_drop) setting.
    ///
    /// ```
    /// assert!(!rt_process::Command::new("ls").get_kill_on_drop());
    /// ```
    pub fn get_kill_on_drop(&self) -> bool {
        self.kill_on_drop
    }

    /// Sets the child's user id (`setuid(2)` before `exec`).
    ///
    /// ```
    /// let mut cmd = rt_process::Command::new("id");
    /// cmd.uid(0);
    /// ```
    pub fn uid(&mut self, id: u32) -> &mut Command {
        self.std.uid(id);
        self
    }

    /// Sets the child's group id (`setgid(2)` before `exec`).
    ///
    /// ```
    /// let mut cmd = rt_process::Command::new("id");
    /// cmd.gid(0);
    /// ```
    pub fn gid(&mut self, id: u32) -> &mut Command {
        self.std.gid(id);
        self
    }

    /// Sets the child's `argv[0]`.
    ///
    /// ```
    /// let mut cmd = rt_process::Command::new("sh");
    /// cmd.arg0("my-shell");
    /// ```
    pub fn arg0<S: AsRef<OsStr>>(&mut self, arg: S) -> &mut Command {
        self.std.arg0(arg);
        self
    }

    /// Puts the child in process group `pgroup` (0: a new group whose id is
    /// the child's pid).
    ///
    /// ```
    /// let mut cmd = rt_process::Command::new("sleep");
    /// cmd.process_group(0);
    /// ```
    pub fn process_group(&mut self, pgroup: i32) -> &mut Command {
        self.std.process_group(pgroup);
        self
    }

    /// Runs `f` in the child after `fork` and before `exec`.
    ///
    /// # Safety
    ///
    /// As [`std::os::unix::process::CommandExt::pre_exec`]: `f` runs in a
    /// forked copy of a multi-threaded process and may only do
    /// async-signal-safe work (no allocation, no locks).
    ///
    /// ```
    /// let mut cmd = rt_process::Command::new("true");
    /// // SAFETY: the closure does nothing.
    /// unsafe { cmd.pre_exec(|| Ok(())) };
    /// ```
    pub unsafe fn pre_exec<F>(&mut self, f: F) -> &mut Command
    where
        F: FnMut() -> io::Result<()> + Send + Sync + 'static,
    {
        // SAFETY: the caller upholds `pre_exec`'s contract (this
        // function's own `# Safety`).
        unsafe { self.std.pre_exec(f) };
        self
    }

    /// The underlying std command.
    ///
    /// ```
    /// let cmd = rt_process::Command::new("ls");
    /// assert_eq!(cmd.as_std().get_program(), "ls");
    /// ```
    pub fn as_std(&self) -> &std::process::Command {
        &self.std
    }

    /// The underlying std command, mutably.
    ///
    /// ```
    /// let mut cmd = rt_process::Command::new("ls");
    /// cmd.as_std_mut().arg("-a");
    /// assert_eq!(cmd.as_std().get_args().count(), 1);
    /// ```
    pub fn as_std_mut(&mut self) -> &mut std::process::Command {
        &mut self.std
    }

    /// The underlying std command (the `kill_on_drop` setting is dropped).
    ///
    /// ```
    /// let std_cmd = rt_process::Command::new("ls").into_std();
    /// assert_eq!(std_cmd.get_program(), "ls");
    /// ```
    pub fn into_std(self) -> std::process::Command {
        self.std
    }

    /// Starts the process. Piped stdio is registered with the current
    /// runtime's reactor.
    ///
    /// # Errors
    ///
    /// The program could not be started (for example `NotFound` when it
    /// does not exist); registering a pipe failed.
    ///
    /// # Panics
    ///
    /// Outside a runtime, or on a runtime without the I/O driver (build it
    /// with `enable_io()` or `enable_all()`).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer())
    /// #     .driver_layer(rt_signal::driver_layer())
    /// #     .build()
    /// #     .unwrap();
    /// # rt.block_on(async {
    /// use rt_process::Command;
    ///
    /// let mut child = Command::new("true").spawn()?;
    /// assert!(child.wait().await?.success());
    ///
    /// let err = Command::new("/no/such/program").spawn().unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    #[track_caller]
    pub fn spawn(&mut self) -> io::Result<Child> {
        if let Err(e) = rt_core::runtime::Handle::try_current() {
            panic!(
                "{e}. rt::process::Command::spawn must be called inside a runtime with the I/O \
                 driver enabled: build it with enable_io() or enable_all()"
            );
        }
        // Listen for SIGCHLD before the child exists, so its exit cannot
        // slip between spawning and the first wait.
        let sigchld = signal(SignalKind::child())?;
        let mut std = self.std.spawn()?;
        let (stdin, stdout, stderr) = (std.stdin.take(), std.stdout.take(), std.stderr.take());
        // From here on the Child owns the process: on an error below, its
        // Drop hands it to the orphan list (killing it if asked).
        let mut child = Child::new(std, sigchld, self.kill_on_drop);
        child.stdin = stdin.map(ChildStdin::new).transpose()?;
        child.stdout = stdout.map(ChildStdout::new).transpose()?;
        child.stderr = stderr.map(ChildStderr::new).transpose()?;
        Ok(child)
    }

    /// Runs the process to completion and returns its status. Standard
    /// streams are inherited unless configured.
    ///
    /// # Errors
    ///
    /// As [`spawn`](Self::spawn) and [`Child::wait`].
    ///
    /// # Cancel safety
    ///
    /// Dropping the future drops the [`Child`]: the process keeps running
    /// (or is killed with [`kill_on_drop`](Self::kill_on_drop)) and is
    /// reaped when it exits.
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer())
    /// #     .driver_layer(rt_signal::driver_layer())
    /// #     .build()
    /// #     .unwrap();
    /// # rt.block_on(async {
    /// let status = rt_process::Command::new("sh").args(["-c", "exit 7"]).status().await?;
    /// assert_eq!(status.code(), Some(7));
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn status(&mut self) -> io::Result<ExitStatus> {
        let mut child = self.spawn()?;
        // Like std: a piped stdin nobody can write to would block the child.
        drop(child.stdin.take());
        child.wait().await
    }

    /// Runs the process to completion, collecting its stdout and stderr.
    /// Unless configured, stdin is null and stdout/stderr are piped (the
    /// command keeps those settings afterwards, as Tokio's does).
    ///
    /// # Errors
    ///
    /// As [`spawn`](Self::spawn) and [`Child::wait_with_output`].
    ///
    /// # Cancel safety
    ///
    /// As [`status`](Self::status); output read so far is lost.
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer())
    /// #     .driver_layer(rt_signal::driver_layer())
    /// #     .build()
    /// #     .unwrap();
    /// # rt.block_on(async {
    /// let out = rt_process::Command::new("sh")
    ///     .args(["-c", "echo to-out; echo to-err >&2; exit 2"])
    ///     .output()
    ///     .await?;
    /// assert_eq!(out.status.code(), Some(2));
    /// assert_eq!(out.stdout, b"to-out\n");
    /// assert_eq!(out.stderr, b"to-err\n");
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn output(&mut self) -> io::Result<Output> {
        if !self.stdin_set {
            self.stdin(Stdio::null());
        }
        if !self.stdout_set {
            self.stdout(Stdio::piped());
        }
        if !self.stderr_set {
            self.stderr(Stdio::piped());
        }
        self.spawn()?.wait_with_output().await
    }
}

impl From<std::process::Command> for Command {
    /// Wraps a std command; its stdio settings count as unset for
    /// [`Command::output`]'s defaults.
    fn from(std: std::process::Command) -> Command {
        Command {
            std,
            kill_on_drop: false,
            stdin_set: false,
            stdout_set: false,
            stderr_set: false,
        }
    }
}

impl fmt::Debug for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Command")
            .field("std", &self.std)
            .field("kill_on_drop", &self.kill_on_drop)
            .finish()
    }
}
