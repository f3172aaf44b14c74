//! Unix-domain socket helper types: the halves of a split
//! [`UnixStream`](crate::UnixStream), the [`SocketAddr`] of a Unix
//! socket, and the peer credentials [`UCred`].
//!
//! The socket types themselves are at the crate root:
//! [`UnixListener`](crate::UnixListener),
//! [`UnixStream`](crate::UnixStream),
//! [`UnixDatagram`](crate::UnixDatagram).

pub(crate) mod datagram;
pub(crate) mod listener;
mod socket_addr;
mod split;
mod split_owned;
pub(crate) mod stream;
mod ucred;

pub use socket_addr::SocketAddr;
pub use split::{ReadHalf, WriteHalf};
pub use split_owned::{OwnedReadHalf, OwnedWriteHalf, ReuniteError};
pub use ucred::UCred;

/// A user id, as in [`UCred::uid`].
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let (a, _b) = rt_net::UnixStream::pair()?;
/// let cred = a.peer_cred()?;
/// let _ids: (rt_net::unix::uid_t, rt_net::unix::gid_t, Option<rt_net::unix::pid_t>) =
///     (cred.uid(), cred.gid(), cred.pid());
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
#[allow(non_camel_case_types, reason = "named after the C type, as Tokio does")]
pub type uid_t = u32;
/// A group id, as in [`UCred::gid`].
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let (a, _b) = rt_net::UnixStream::pair()?;
/// let cred = a.peer_cred()?;
/// let _ids: (rt_net::unix::uid_t, rt_net::unix::gid_t, Option<rt_net::unix::pid_t>) =
///     (cred.uid(), cred.gid(), cred.pid());
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
#[allow(non_camel_case_types, reason = "named after the C type, as Tokio does")]
pub type gid_t = u32;
/// A process id, as in [`UCred::pid`].
///
/// ```
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let (a, _b) = rt_net::UnixStream::pair()?;
/// let cred = a.peer_cred()?;
/// let _ids: (rt_net::unix::uid_t, rt_net::unix::gid_t, Option<rt_net::unix::pid_t>) =
///     (cred.uid(), cred.gid(), cred.pid());
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
#[allow(non_camel_case_types, reason = "named after the C type, as Tokio does")]
pub type pid_t = i32;
