//! [`Child`]: a spawned process that can be awaited.

use crate::orphan;
use crate::stdio::{ChildStderr, ChildStdin, ChildStdout};
use rt_io::AsyncReadExt;
use rt_signal::unix::Signal;
use std::fmt;
use std::io;
use std::process::{ExitStatus, Output};

/// A spawned child process; Tokio's `tokio::process::Child`.
///
/// The piped standard streams are in the public `stdin`/`stdout`/`stderr`
/// fields (`Some` when configured with `Stdio::piped()`); take them out to
/// use them while waiting.
///
/// Dropping a `Child` does not kill the process (unless
/// [`Command::kill_on_drop`](crate::Command::kill_on_drop) was set), but
/// rt still reaps it once it exits: see the crate docs.
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer())
/// #     .driver_layer(rt_signal::driver_layer())
/// #     .build()
/// #     .unwrap();
/// # rt.block_on(async {
/// let mut child = rt_process::Command::new("sh").args(["-c", "exit 3"]).spawn()?;
/// assert!(child.id().is_some());
/// let status = child.wait().await?;
/// assert_eq!(status.code(), Some(3));
/// assert_eq!(child.id(), None); // reaped
/// # Ok::<(), std::io::Error>(())
/// # }).unwrap();
/// ```
pub struct Child {
    /// The child's stdin, if piped.
    pub stdin: Option<ChildStdin>,
    /// The child's stdout, if piped.
    pub stdout: Option<ChildStdout>,
    /// The child's stderr, if piped.
    pub stderr: Option<ChildStderr>,
    state: State,
    kill_on_drop: bool,
}

enum State {
    Running {
        std: std::process::Child,
        /// Created before the process was spawned: no exit goes unseen.
        sigchld: Signal,
    },
    Exited(ExitStatus),
    /// Only while `Drop` runs.
    Gone,
}

impl Child {
    pub(crate) fn new(std: std::process::Child, sigchld: Signal, kill_on_drop: bool) -> Child {
        Child {
            stdin: None,
            stdout: None,
            stderr: None,
            state: State::Running { std, sigchld },
            kill_on_drop,
        }
    }

    /// The OS process id, or `None` once the exit status was collected
    /// (the id may then belong to another process).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer())
    /// #     .driver_layer(rt_signal::driver_layer())
    /// #     .build()
    /// #     .unwrap();
    /// # rt.block_on(async {
    /// let mut child = rt_process::Command::new("true").spawn()?;
    /// assert!(child.id().unwrap() > 0);
    /// child.wait().await?;
    /// assert!(child.id().is_none());
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn id(&self) -> Option<u32> {
        match &self.state {
            State::Running { std, .. } => Some(std.id()),
            _ => None,
        }
    }

    /// Collects the exit status if the child has exited, without waiting.
    ///
    /// # Errors
    ///
    /// `waitpid(2)` failing (for example, the status was collected behind
    /// rt's back).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer())
    /// #     .driver_layer(rt_signal::driver_layer())
    /// #     .build()
    /// #     .unwrap();
    /// # rt.block_on(async {
    /// let mut child = rt_process::Command::new("sleep").arg("10").kill_on_drop(true).spawn()?;
    /// assert!(child.try_wait()?.is_none()); // still running
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        match &mut self.state {
            State::Running { std, .. } => match std.try_wait()? {
                Some(status) => {
                    self.state = State::Exited(status);
                    Ok(Some(status))
                }
                None => Ok(None),
            },
            State::Exited(status) => Ok(Some(*status)),
            State::Gone => unreachable!("Child used during drop"),
        }
    }

    /// Waits for the child to exit and returns its status. Closes the
    /// child's stdin first (if it is still held here), so that a child
    /// reading its input to the end can finish.
    ///
    /// # Errors
    ///
    /// `waitpid(2)` failing; the runtime shutting down while waiting.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: dropping the future loses nothing; waiting again
    /// reports the same exit.
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer())
    /// #     .driver_layer(rt_signal::driver_layer())
    /// #     .build()
    /// #     .unwrap();
    /// # rt.block_on(async {
    /// let status = rt_process::Command::new("false").spawn()?.wait().await?;
    /// assert_eq!(status.code(), Some(1));
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn wait(&mut self) -> io::Result<ExitStatus> {
        drop(self.stdin.take());
        loop {
            if let Some(status) = self.try_wait()? {
                return Ok(status);
            }
            let State::Running { sigchld, .. } = &mut self.state else {
                unreachable!("try_wait returned None, so the child is running")
            };
            // Any SIGCHLD since the last check (the listener predates the
            // spawn, so none is missed) means: check again.
            if sigchld.recv().await.is_none() {
                return Err(io::Error::other(
                    "rt::process::Child::wait: the runtime shut down while waiting for the child",
                ));
            }
        }
    }

    /// Sends `SIGKILL` without waiting for the exit.
    ///
    /// # Errors
    ///
    /// `InvalidInput` if the exit status was already collected (the pid
    /// may have been reused); the OS refusing the signal.
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer())
    /// #     .driver_layer(rt_signal::driver_layer())
    /// #     .build()
    /// #     .unwrap();
    /// # rt.block_on(async {
    /// use std::os::unix::process::ExitStatusExt;
    ///
    /// let mut child = rt_process::Command::new("sleep").arg("10").spawn()?;
    /// child.start_kill()?;
    /// assert_eq!(child.wait().await?.signal(), Some(9));
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn start_kill(&mut self) -> io::Result<()> {
        match &mut self.state {
            State::Running { std, .. } => std.kill(),
            _ => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "can't kill a child whose exit status was already collected",
            )),
        }
    }

    /// Sends `SIGKILL` and waits for the exit.
    ///
    /// # Errors
    ///
    /// As [`start_kill`](Self::start_kill) and [`wait`](Self::wait).
    ///
    /// # Cancel safety
    ///
    /// Cancel safe once polled: the signal is sent on the first poll.
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer())
    /// #     .driver_layer(rt_signal::driver_layer())
    /// #     .build()
    /// #     .unwrap();
    /// # rt.block_on(async {
    /// let mut child = rt_process::Command::new("sleep").arg("10").spawn()?;
    /// child.kill().await?;
    /// assert!(child.try_wait()?.is_some());
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn kill(&mut self) -> io::Result<()> {
        self.start_kill()?;
        self.wait().await?;
        Ok(())
    }

    /// Waits for the exit while reading all of stdout and stderr (those
    /// that are piped) concurrently, so a child filling a pipe cannot
    /// deadlock against the wait.
    ///
    /// # Errors
    ///
    /// Reading a pipe failing; as [`wait`](Self::wait).
    ///
    /// # Cancel safety
    ///
    /// Not cancel safe: output read so far is lost with the future (the
    /// child is consumed).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer())
    /// #     .driver_layer(rt_signal::driver_layer())
    /// #     .build()
    /// #     .unwrap();
    /// # rt.block_on(async {
    /// use rt_process::{Command, Stdio};
    ///
    /// let child = Command::new("sh")
    ///     .args(["-c", "echo out; echo err >&2"])
    ///     .stdout(Stdio::piped())
    ///     .stderr(Stdio::piped())
    ///     .spawn()?;
    /// let out = child.wait_with_output().await?;
    /// assert_eq!((&out.stdout[..], &out.stderr[..]), (&b"out\n"[..], &b"err\n"[..]));
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn wait_with_output(mut self) -> io::Result<Output> {
        async fn read_all<R: rt_io::AsyncRead + Unpin>(pipe: Option<R>) -> io::Result<Vec<u8>> {
            let mut buf = Vec::new();
            if let Some(mut pipe) = pipe {
                pipe.read_to_end(&mut buf).await?;
            }
            Ok(buf)
        }
        let stdout = self.stdout.take();
        let stderr = self.stderr.take();
        let (status, stdout, stderr) =
            rt_core::join!(self.wait(), read_all(stdout), read_all(stderr));
        Ok(Output {
            status: status?,
            stdout: stdout?,
            stderr: stderr?,
        })
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        if let State::Running { mut std, .. } = std::mem::replace(&mut self.state, State::Gone) {
            if self.kill_on_drop {
                // The child may already have exited: nothing to report.
                let _ = std.kill();
            }
            if let Ok(None) = std.try_wait() {
                orphan::adopt(std);
            }
        }
    }
}

impl fmt::Debug for Child {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Child")
            .field("id", &self.id())
            .field("stdin", &self.stdin)
            .field("stdout", &self.stdout)
            .field("stderr", &self.stderr)
            .field("kill_on_drop", &self.kill_on_drop)
            .finish()
    }
}
