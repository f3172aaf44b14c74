//! Unix-domain socket helper types: the halves of a split
//! [`UnixStream`](crate::UnixStream), the [`SocketAddr`] of a Unix
//! socket, and the peer credentials [`UCred`].
//!
//! The socket types themselves are at the crate root:
//! [`UnixListener`](crate::UnixListener),
//! [`UnixStream`](crate::UnixStream),
//! [`UnixDatagram`](crate::UnixDatagram).
//!
//! ```
//! use rt_io::{AsyncReadExt, AsyncWriteExt};
//! use rt_net::unix::{SocketAddr, UCred};
//!
//! # let rt = rt_core::runtime::Builder::new_current_thread()
//! #     .driver_layer(rt_io::driver_layer()).build().unwrap();
//! # rt.block_on(async {
//! let (mut a, mut b) = rt_net::UnixStream::pair()?;
//! // The peer is this very process.
//! let cred: UCred = a.peer_cred()?;
//! assert_eq!(cred.pid(), Some(std::process::id() as i32));
//! // A pair is unnamed: no path on either end.
//! let addr: SocketAddr = a.local_addr()?;
//! assert!(addr.is_unnamed());
//!
//! let (mut rd, mut wr) = b.split();
//! a.write_all(b"ping").await?;
//! let mut buf = [0u8; 4];
//! rd.read_exact(&mut buf).await?;
//! wr.write_all(b"pong").await?;
//! a.read_exact(&mut buf).await?;
//! assert_eq!(&buf, b"pong");
//! # Ok::<_, std::io::Error>(())
//! # }).unwrap();
//! ```

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
