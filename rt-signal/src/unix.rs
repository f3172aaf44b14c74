//! Unix signals: [`signal`] returns a [`Signal`] listener for a
//! [`SignalKind`]; Tokio's `tokio::signal::unix`.
//!
//! Several listeners may wait for the same signal (each sees every
//! delivery), and one task may wait for several signals at once:
//!
//! ```
//! # let rt = rt_core::runtime::Builder::new_current_thread()
//! #     .driver_layer(rt_io::driver_layer())
//! #     .driver_layer(rt_signal::driver_layer())
//! #     .build()
//! #     .unwrap();
//! # rt.block_on(async {
//! use rt_signal::unix::{signal, SignalKind};
//!
//! let mut hup = signal(SignalKind::hangup())?;
//! let mut usr1 = signal(SignalKind::user_defined1())?;
//! let mut usr1_again = signal(SignalKind::user_defined1())?;
//!
//! // Deliver SIGUSR1 to this process, as `kill -USR1 <pid>` would.
//! // SAFETY: kill(2) with our own pid and a signal we listen to.
//! unsafe { libc::kill(libc::getpid(), libc::SIGUSR1) };
//!
//! let first = std::future::poll_fn(|cx| {
//!     use std::task::Poll;
//!     if hup.poll_recv(cx).is_ready() {
//!         return Poll::Ready("reload");
//!     }
//!     if usr1.poll_recv(cx).is_ready() {
//!         return Poll::Ready("dump stats");
//!     }
//!     Poll::Pending
//! })
//! .await;
//! assert_eq!(first, "dump stats");
//! assert_eq!(usr1_again.recv().await, Some(()));
//! # Ok::<(), std::io::Error>(())
//! # }).unwrap();
//! ```

use crate::driver::SignalHandle;
use crate::registry::{self, Slot};
use std::fmt;
use std::future::poll_fn;
use std::io;
use std::task::{ready, Context, Poll};

/// A Unix signal number, with constructors for the common ones.
///
/// ```
/// use rt_signal::unix::SignalKind;
///
/// assert_eq!(SignalKind::interrupt().as_raw_value(), 2); // SIGINT
/// assert_eq!(SignalKind::from_raw(15), SignalKind::terminate());
/// let n: i32 = SignalKind::hangup().into();
/// assert_eq!(n, 1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SignalKind(libc::c_int);

impl SignalKind {
    /// Any signal by number, including real-time ones
    /// (`libc::SIGRTMIN()..=libc::SIGRTMAX()` on Linux). Whether it may be
    /// listened to is checked by [`signal`].
    ///
    /// ```
    /// let kind = rt_signal::unix::SignalKind::from_raw(10);
    /// assert_eq!(kind.as_raw_value(), 10);
    /// ```
    pub const fn from_raw(signum: libc::c_int) -> SignalKind {
        SignalKind(signum)
    }

    /// The signal number.
    ///
    /// ```
    /// assert_eq!(rt_signal::unix::SignalKind::quit().as_raw_value(), 3);
    /// ```
    pub const fn as_raw_value(&self) -> libc::c_int {
        self.0
    }

    /// `SIGALRM`: a real-time timer expired.
    ///
    /// ```
    /// let _ = rt_signal::unix::SignalKind::alarm();
    /// ```
    pub const fn alarm() -> SignalKind {
        SignalKind(libc::SIGALRM)
    }

    /// `SIGCHLD`: a child process changed state.
    ///
    /// ```
    /// let _ = rt_signal::unix::SignalKind::child();
    /// ```
    pub const fn child() -> SignalKind {
        SignalKind(libc::SIGCHLD)
    }

    /// `SIGHUP`: the terminal was closed (daemons: reload configuration).
    ///
    /// ```
    /// let _ = rt_signal::unix::SignalKind::hangup();
    /// ```
    pub const fn hangup() -> SignalKind {
        SignalKind(libc::SIGHUP)
    }

    /// `SIGINT`: ctrl-c in the terminal.
    ///
    /// ```
    /// let _ = rt_signal::unix::SignalKind::interrupt();
    /// ```
    pub const fn interrupt() -> SignalKind {
        SignalKind(libc::SIGINT)
    }

    /// `SIGIO`: I/O is possible on a descriptor.
    ///
    /// ```
    /// let _ = rt_signal::unix::SignalKind::io();
    /// ```
    pub const fn io() -> SignalKind {
        SignalKind(libc::SIGIO)
    }

    /// `SIGPIPE`: a write to a pipe with no reader.
    ///
    /// ```
    /// let _ = rt_signal::unix::SignalKind::pipe();
    /// ```
    pub const fn pipe() -> SignalKind {
        SignalKind(libc::SIGPIPE)
    }

    /// `SIGQUIT`: ctrl-\ in the terminal.
    ///
    /// ```
    /// let _ = rt_signal::unix::SignalKind::quit();
    /// ```
    pub const fn quit() -> SignalKind {
        SignalKind(libc::SIGQUIT)
    }

    /// `SIGTERM`: a polite request to terminate.
    ///
    /// ```
    /// let _ = rt_signal::unix::SignalKind::terminate();
    /// ```
    pub const fn terminate() -> SignalKind {
        SignalKind(libc::SIGTERM)
    }

    /// `SIGUSR1`.
    ///
    /// ```
    /// let _ = rt_signal::unix::SignalKind::user_defined1();
    /// ```
    pub const fn user_defined1() -> SignalKind {
        SignalKind(libc::SIGUSR1)
    }

    /// `SIGUSR2`.
    ///
    /// ```
    /// let _ = rt_signal::unix::SignalKind::user_defined2();
    /// ```
    pub const fn user_defined2() -> SignalKind {
        SignalKind(libc::SIGUSR2)
    }

    /// `SIGWINCH`: the terminal window changed size.
    ///
    /// ```
    /// let _ = rt_signal::unix::SignalKind::window_change();
    /// ```
    pub const fn window_change() -> SignalKind {
        SignalKind(libc::SIGWINCH)
    }
}

impl From<libc::c_int> for SignalKind {
    fn from(signum: libc::c_int) -> SignalKind {
        SignalKind(signum)
    }
}

impl From<SignalKind> for libc::c_int {
    fn from(kind: SignalKind) -> libc::c_int {
        kind.0
    }
}

/// Listens for deliveries of one signal.
///
/// The first listener for a signal installs rt's handler for it, for the
/// rest of the process: from then on the signal's default action (for
/// `SIGINT` or `SIGTERM`, terminating the process) no longer happens, even
/// after every listener is dropped — exactly as in Tokio. A handler that
/// was installed before rt's keeps running (rt calls it after its own).
///
/// Deliveries that arrive before [`recv`](Signal::recv) is polled again
/// coalesce into one: a listener is told "at least one delivery since you
/// last looked". Every listener of a signal (in any task, on any runtime
/// in the process) is told of every delivery made after it was created.
///
/// ```no_run
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer())
/// #     .driver_layer(rt_signal::driver_layer())
/// #     .build()
/// #     .unwrap();
/// # rt.block_on(async {
/// use rt_signal::unix::{signal, SignalKind};
///
/// let mut hangups = signal(SignalKind::hangup())?;
/// loop {
///     hangups.recv().await;
///     println!("SIGHUP: reloading the configuration");
/// }
/// # #[allow(unreachable_code)]
/// # Ok::<(), std::io::Error>(())
/// # }).unwrap();
/// ```
#[must_use = "a Signal does nothing unless you call recv() or poll_recv()"]
pub struct Signal {
    slot: &'static Slot,
    kind: SignalKind,
    id: u64,
    /// Protocol rule 3: the generation this listener last reported.
    seen: u64,
    driver: SignalHandle,
}

/// Creates a listener for `kind`, installing rt's handler for it on first
/// use.
///
/// # Errors
///
/// The signal cannot be handled: `SIGKILL`, `SIGSTOP`, and the fault
/// signals `SIGILL`, `SIGFPE`, `SIGSEGV` are refused, as are numbers that
/// are not signals on this platform; or the OS refused (the error it
/// reported).
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
/// use rt_signal::unix::{signal, SignalKind};
///
/// let mut usr1 = signal(SignalKind::user_defined1()).unwrap();
/// // Deliver SIGUSR1 to this process, as `kill -USR1 <pid>` would.
/// unsafe { libc::kill(libc::getpid(), libc::SIGUSR1) };
/// assert_eq!(usr1.recv().await, Some(()));
///
/// assert!(signal(SignalKind::from_raw(libc::SIGKILL)).is_err());
/// # });
/// ```
#[track_caller]
pub fn signal(kind: SignalKind) -> io::Result<Signal> {
    let driver = SignalHandle::current();
    let slot = registry::install(kind.0)?;
    let globals = registry::globals()?;
    Ok(Signal {
        slot,
        kind,
        id: globals.next_listener_id(),
        seen: slot.generation(),
        driver,
    })
}

impl Signal {
    /// Waits for the next delivery of the signal (see the type's docs for
    /// coalescing). Returns `None` once the runtime whose driver this
    /// listener was created on has shut down.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: a delivery is consumed only when `recv` returns it, so
    /// `recv` in a `select!` loop loses nothing.
    ///
    /// ```no_run
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer())
    /// #     .driver_layer(rt_signal::driver_layer())
    /// #     .build()
    /// #     .unwrap();
    /// # rt.block_on(async {
    /// use rt_signal::unix::{signal, SignalKind};
    ///
    /// let mut term = signal(SignalKind::terminate())?;
    /// term.recv().await;
    /// println!("shutting down");
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn recv(&mut self) -> Option<()> {
        poll_fn(|cx| self.poll_recv(cx)).await
    }

    /// Polls for the next delivery: `Ready(Some(()))` when there was one
    /// since the last, `Ready(None)` once the runtime shut down, otherwise
    /// `Pending` with `cx`'s waker registered.
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer())
    /// #     .driver_layer(rt_signal::driver_layer())
    /// #     .build()
    /// #     .unwrap();
    /// # rt.block_on(async {
    /// use rt_signal::unix::{signal, SignalKind};
    /// use std::future::poll_fn;
    ///
    /// let mut usr2 = signal(SignalKind::user_defined2()).unwrap();
    /// unsafe { libc::kill(libc::getpid(), libc::SIGUSR2) };
    /// assert_eq!(poll_fn(|cx| usr2.poll_recv(cx)).await, Some(()));
    /// # });
    /// ```
    pub fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Option<()>> {
        let coop = ready!(rt_core::coop::poll_proceed(cx));
        if self
            .slot
            .poll_listener(self.id, &mut self.seen, cx)
            .is_ready()
        {
            coop.made_progress();
            return Poll::Ready(Some(()));
        }
        if self.driver.shared.is_shutdown() {
            self.slot.remove_listener(self.id);
            return Poll::Ready(None);
        }
        Poll::Pending
    }
}

impl Drop for Signal {
    fn drop(&mut self) {
        self.slot.remove_listener(self.id);
    }
}

impl fmt::Debug for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signal")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}
