//! [`UCred`]: the credentials of a Unix stream's peer.

use super::{gid_t, pid_t, uid_t};

/// The credentials of the process at the other end of a
/// [`UnixStream`](crate::UnixStream), from
/// [`peer_cred`](crate::UnixStream::peer_cred): the effective user and
/// group ids, and the process id where the OS reports it.
///
/// On Linux and Android they are read with `SO_PEERCRED` and reflect the
/// peer at the time it connected (or called `socketpair`); elsewhere
/// with `getpeereid`, which reports no pid.
///
/// # Examples
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let (a, _b) = rt_net::UnixStream::pair()?;
/// let cred = a.peer_cred()?;
/// // The peer is this very process.
/// # #[cfg(target_os = "linux")]
/// assert_eq!(cred.pid(), Some(std::process::id() as i32));
/// # let _ = cred;
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UCred {
    pub(crate) uid: uid_t,
    pub(crate) gid: gid_t,
    pub(crate) pid: Option<pid_t>,
}

impl UCred {
    /// The peer's effective user id.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// assert_eq!(a.peer_cred()?.uid(), b.peer_cred()?.uid());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn uid(&self) -> uid_t {
        self.uid
    }

    /// The peer's effective group id.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, b) = rt_net::UnixStream::pair()?;
    /// assert_eq!(a.peer_cred()?.gid(), b.peer_cred()?.gid());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn gid(&self) -> gid_t {
        self.gid
    }

    /// The peer's process id, when the OS reports it (Linux, Android).
    ///
    /// # Examples
    ///
    /// See the [type-level example](UCred).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixStream::pair()?;
    /// if let Some(pid) = a.peer_cred()?.pid() {
    ///     assert!(pid > 0);
    /// }
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn pid(&self) -> Option<pid_t> {
        self.pid
    }
}
