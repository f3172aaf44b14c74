//! [`SocketAddr`]: the address of a Unix-domain socket.

use std::fmt;
use std::path::Path;

/// The address of a Unix-domain socket: a filesystem path, unnamed (a
/// socket from `pair()`, or an unbound client), or on Linux an abstract
/// name.
///
/// # Examples
///
/// ```
/// use rt_net::{UnixListener, UnixStream};
/// # let rt = rt_core::runtime::Builder::new_current_thread()
/// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
/// # rt.block_on(async {
/// let path = std::env::temp_dir().join(format!("rt-net-doc-addr-{}.sock", std::process::id()));
/// let _ = std::fs::remove_file(&path);
/// let listener = UnixListener::bind(&path)?;
/// assert_eq!(listener.local_addr()?.as_pathname(), Some(path.as_path()));
///
/// let client = UnixStream::connect(&path).await?;
/// let (_server, peer) = listener.accept().await?;
/// assert!(peer.is_unnamed()); // the client did not bind a path
/// assert!(client.local_addr()?.is_unnamed());
/// std::fs::remove_file(&path)?;
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
#[derive(Clone)]
pub struct SocketAddr(std::os::unix::net::SocketAddr);

impl SocketAddr {
    /// Whether the address is unnamed.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixStream::pair()?;
    /// assert!(a.local_addr()?.is_unnamed());
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn is_unnamed(&self) -> bool {
        self.0.is_unnamed()
    }

    /// The filesystem path of the address, if it has one.
    ///
    /// # Examples
    ///
    /// See the [type-level example](SocketAddr).
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixStream::pair()?;
    /// assert_eq!(a.local_addr()?.as_pathname(), None);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    pub fn as_pathname(&self) -> Option<&Path> {
        self.0.as_pathname()
    }

    /// The abstract name of the address (Linux's abstract namespace),
    /// if it has one.
    ///
    /// # Examples
    ///
    /// ```
    /// # let rt = rt_core::runtime::Builder::new_current_thread()
    /// #     .driver_layer(rt_io::driver_layer()).build().unwrap();
    /// # rt.block_on(async {
    /// let (a, _b) = rt_net::UnixStream::pair()?;
    /// assert_eq!(a.local_addr()?.as_abstract_name(), None);
    /// # Ok::<_, std::io::Error>(()) }).unwrap();
    /// ```
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn as_abstract_name(&self) -> Option<&[u8]> {
        #[cfg(target_os = "android")]
        use std::os::android::net::SocketAddrExt;
        #[cfg(target_os = "linux")]
        use std::os::linux::net::SocketAddrExt;
        self.0.as_abstract_name()
    }
}

impl From<std::os::unix::net::SocketAddr> for SocketAddr {
    fn from(addr: std::os::unix::net::SocketAddr) -> SocketAddr {
        SocketAddr(addr)
    }
}

impl From<SocketAddr> for std::os::unix::net::SocketAddr {
    fn from(addr: SocketAddr) -> std::os::unix::net::SocketAddr {
        addr.0
    }
}

impl fmt::Debug for SocketAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
