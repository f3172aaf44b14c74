//! The socket system calls std has no (stable) API for, through `libc`.
//!
//! This is the only module of rt-net with `unsafe` code. What it covers
//! and why std cannot:
//!
//! - creating a TCP socket that is neither bound nor connected, and
//!   `bind`/`connect`/`listen` on it (`TcpSocket`: std only offers the
//!   all-in-one `TcpListener::bind` / `TcpStream::connect`);
//! - `setsockopt`/`getsockopt` for the options std lacks
//!   (`SO_REUSEADDR`, `SO_REUSEPORT`, `SO_SNDBUF`, `SO_RCVBUF`,
//!   `SO_KEEPALIVE`, `SO_LINGER`; `TcpStream::set_linger` is unstable in
//!   std);
//! - the peer credentials of a Unix stream (`SO_PEERCRED`, or
//!   `getpeereid` on the BSDs and Apple systems; std's
//!   `UnixStream::peer_cred` is unstable).
//!
//! Every function takes a [`BorrowedFd`], so the descriptor is open for
//! the duration of the call, and returns the OS error as `io::Error`.
//! Option values go through [`Pod`], the types for which any byte
//! pattern the kernel writes is a valid value.

use std::io;
use std::mem::{self, MaybeUninit};
use std::net::SocketAddr;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::time::Duration;

/// Plain-old-data option values: every bit pattern of `size_of::<Self>()`
/// bytes is a valid value, so `getsockopt` may fill one.
///
/// # Safety
///
/// Implement only for types made of integers (no padding-sensitive
/// invariants, no pointers, no enums).
unsafe trait Pod: Copy {}

// SAFETY: a C int is an integer: every bit pattern is valid.
unsafe impl Pod for libc::c_int {}
// SAFETY: `struct linger` is two C ints.
unsafe impl Pod for libc::linger {}
// SAFETY: `struct ucred` is a pid_t and two id integers.
#[cfg(any(target_os = "linux", target_os = "android"))]
unsafe impl Pod for libc::ucred {}

fn cvt(ret: libc::c_int) -> io::Result<libc::c_int> {
    if ret == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(ret)
    }
}

fn setsockopt<T: Pod>(
    fd: BorrowedFd<'_>,
    level: libc::c_int,
    name: libc::c_int,
    value: T,
) -> io::Result<()> {
    // SAFETY: `fd` is open for the call (it is borrowed); the pointer and
    // length describe `value`, a live local of the option's C type (Pod),
    // which the kernel only reads.
    cvt(unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            level,
            name,
            (&value as *const T).cast(),
            mem::size_of::<T>() as libc::socklen_t,
        )
    })?;
    Ok(())
}

fn getsockopt<T: Pod>(fd: BorrowedFd<'_>, level: libc::c_int, name: libc::c_int) -> io::Result<T> {
    let mut value = MaybeUninit::<T>::zeroed();
    let mut len = mem::size_of::<T>() as libc::socklen_t;
    // SAFETY: `fd` is open for the call; the pointer and length describe
    // `value`'s storage, which the kernel writes at most `len` bytes to.
    cvt(unsafe {
        libc::getsockopt(
            fd.as_raw_fd(),
            level,
            name,
            value.as_mut_ptr().cast(),
            &mut len,
        )
    })?;
    // SAFETY: `value` started zeroed and the kernel wrote at most
    // `size_of::<T>()` bytes into it; T is Pod, so any bytes are a valid T.
    Ok(unsafe { value.assume_init() })
}

fn set_bool(fd: BorrowedFd<'_>, level: libc::c_int, name: libc::c_int, on: bool) -> io::Result<()> {
    setsockopt(fd, level, name, libc::c_int::from(on))
}

fn get_bool(fd: BorrowedFd<'_>, level: libc::c_int, name: libc::c_int) -> io::Result<bool> {
    Ok(getsockopt::<libc::c_int>(fd, level, name)? != 0)
}

/// The address family of a new socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Domain {
    V4,
    V6,
}

/// `recv(2)` (no flags) into possibly uninitialised memory: the stream
/// sockets' read path, which so skips zeroing the caller's buffer first.
/// Returns the number of bytes written at the start of `buf`. (`recv`
/// rather than `read`: on Linux it skips the VFS layer's per-call checks,
/// a measurable share of a small-message read.)
pub(crate) fn recv_uninit(fd: BorrowedFd<'_>, buf: &mut [MaybeUninit<u8>]) -> io::Result<usize> {
    // SAFETY: `buf` is valid for writes of `buf.len()` bytes; recv(2)
    // writes at most that many, never reads them, and reports how many it
    // wrote. `fd` is a live descriptor for the call (borrowed).
    let n = unsafe { libc::recv(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), 0) };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(n as usize)
}

/// A new non-blocking, close-on-exec TCP socket, neither bound nor
/// connected.
pub(crate) fn tcp_socket(domain: Domain) -> io::Result<OwnedFd> {
    let family = match domain {
        Domain::V4 => libc::AF_INET,
        Domain::V6 => libc::AF_INET6,
    };
    #[cfg(not(target_vendor = "apple"))]
    let fd = {
        let ty = libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC;
        // SAFETY: plain system call with integer arguments.
        cvt(unsafe { libc::socket(family, ty, 0) })?
    };
    #[cfg(target_vendor = "apple")]
    let fd = {
        // SAFETY: plain system call with integer arguments.
        cvt(unsafe { libc::socket(family, libc::SOCK_STREAM, 0) })?
    };
    // SAFETY: `socket` just returned `fd`: it is open and owned by no one
    // else, so the `OwnedFd` becomes its only owner (closing it on drop).
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    #[cfg(target_vendor = "apple")]
    {
        use std::os::fd::AsFd;
        // No SOCK_CLOEXEC / SOCK_NONBLOCK flags here: set them after the
        // fact, and ask for EPIPE instead of SIGPIPE.
        // SAFETY: `fd` is open; F_SETFD/F_SETFL take integer arguments.
        cvt(unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC) })?;
        // SAFETY: as above.
        let flags = cvt(unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GETFL) })?;
        // SAFETY: as above.
        cvt(unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETFL, flags | libc::O_NONBLOCK) })?;
        set_bool(fd.as_fd(), libc::SOL_SOCKET, libc::SO_NOSIGPIPE, true)?;
    }
    Ok(fd)
}

/// A C socket address built from a std one.
enum RawAddr {
    V4(libc::sockaddr_in),
    V6(libc::sockaddr_in6),
}

impl RawAddr {
    fn new(addr: &SocketAddr) -> RawAddr {
        match addr {
            SocketAddr::V4(a) => {
                // SAFETY: sockaddr_in is made of integers and byte
                // arrays: all-zero is a valid value.
                let mut sin: libc::sockaddr_in = unsafe { mem::zeroed() };
                sin.sin_family = libc::AF_INET as libc::sa_family_t;
                sin.sin_port = a.port().to_be();
                sin.sin_addr = libc::in_addr {
                    s_addr: u32::from_ne_bytes(a.ip().octets()),
                };
                #[cfg(any(
                    target_vendor = "apple",
                    target_os = "freebsd",
                    target_os = "openbsd",
                    target_os = "netbsd",
                    target_os = "dragonfly"
                ))]
                {
                    sin.sin_len = mem::size_of::<libc::sockaddr_in>() as u8;
                }
                RawAddr::V4(sin)
            }
            SocketAddr::V6(a) => {
                // SAFETY: as for sockaddr_in.
                let mut sin6: libc::sockaddr_in6 = unsafe { mem::zeroed() };
                sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
                sin6.sin6_port = a.port().to_be();
                sin6.sin6_flowinfo = a.flowinfo();
                sin6.sin6_addr = libc::in6_addr {
                    s6_addr: a.ip().octets(),
                };
                sin6.sin6_scope_id = a.scope_id();
                #[cfg(any(
                    target_vendor = "apple",
                    target_os = "freebsd",
                    target_os = "openbsd",
                    target_os = "netbsd",
                    target_os = "dragonfly"
                ))]
                {
                    sin6.sin6_len = mem::size_of::<libc::sockaddr_in6>() as u8;
                }
                RawAddr::V6(sin6)
            }
        }
    }

    /// The pointer and length to pass to the kernel; valid while `self`
    /// is borrowed.
    fn as_ptr(&self) -> (*const libc::sockaddr, libc::socklen_t) {
        match self {
            RawAddr::V4(sin) => (
                (sin as *const libc::sockaddr_in).cast(),
                mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
            ),
            RawAddr::V6(sin6) => (
                (sin6 as *const libc::sockaddr_in6).cast(),
                mem::size_of::<libc::sockaddr_in6>() as libc::socklen_t,
            ),
        }
    }
}

/// `bind(2)`.
pub(crate) fn bind(fd: BorrowedFd<'_>, addr: &SocketAddr) -> io::Result<()> {
    let raw = RawAddr::new(addr);
    let (ptr, len) = raw.as_ptr();
    // SAFETY: `fd` is open; `ptr`/`len` describe `raw`, alive for the
    // call, which the kernel only reads.
    cvt(unsafe { libc::bind(fd.as_raw_fd(), ptr, len) })?;
    Ok(())
}

/// A non-blocking `connect(2)`: `Ok` once the attempt is under way
/// (`EINPROGRESS`) or done; the caller waits for writability and then
/// checks `SO_ERROR`.
pub(crate) fn connect(fd: BorrowedFd<'_>, addr: &SocketAddr) -> io::Result<()> {
    let raw = RawAddr::new(addr);
    let (ptr, len) = raw.as_ptr();
    // SAFETY: as in `bind`.
    match cvt(unsafe { libc::connect(fd.as_raw_fd(), ptr, len) }) {
        Ok(_) => Ok(()),
        Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => Ok(()),
        Err(e) => Err(e),
    }
}

/// `listen(2)`.
pub(crate) fn listen(fd: BorrowedFd<'_>, backlog: u32) -> io::Result<()> {
    let backlog = libc::c_int::try_from(backlog).unwrap_or(libc::c_int::MAX);
    // SAFETY: `fd` is open; integer arguments only.
    cvt(unsafe { libc::listen(fd.as_raw_fd(), backlog) })?;
    Ok(())
}

pub(crate) fn set_reuseaddr(fd: BorrowedFd<'_>, on: bool) -> io::Result<()> {
    set_bool(fd, libc::SOL_SOCKET, libc::SO_REUSEADDR, on)
}

pub(crate) fn reuseaddr(fd: BorrowedFd<'_>) -> io::Result<bool> {
    get_bool(fd, libc::SOL_SOCKET, libc::SO_REUSEADDR)
}

pub(crate) fn set_reuseport(fd: BorrowedFd<'_>, on: bool) -> io::Result<()> {
    set_bool(fd, libc::SOL_SOCKET, libc::SO_REUSEPORT, on)
}

pub(crate) fn reuseport(fd: BorrowedFd<'_>) -> io::Result<bool> {
    get_bool(fd, libc::SOL_SOCKET, libc::SO_REUSEPORT)
}

pub(crate) fn set_keepalive(fd: BorrowedFd<'_>, on: bool) -> io::Result<()> {
    set_bool(fd, libc::SOL_SOCKET, libc::SO_KEEPALIVE, on)
}

pub(crate) fn keepalive(fd: BorrowedFd<'_>) -> io::Result<bool> {
    get_bool(fd, libc::SOL_SOCKET, libc::SO_KEEPALIVE)
}

fn set_size(fd: BorrowedFd<'_>, name: libc::c_int, size: u32) -> io::Result<()> {
    let size = libc::c_int::try_from(size).unwrap_or(libc::c_int::MAX);
    setsockopt(fd, libc::SOL_SOCKET, name, size)
}

fn size(fd: BorrowedFd<'_>, name: libc::c_int) -> io::Result<u32> {
    let v: libc::c_int = getsockopt(fd, libc::SOL_SOCKET, name)?;
    Ok(u32::try_from(v).unwrap_or(0))
}

pub(crate) fn set_send_buffer_size(fd: BorrowedFd<'_>, size: u32) -> io::Result<()> {
    set_size(fd, libc::SO_SNDBUF, size)
}

pub(crate) fn send_buffer_size(fd: BorrowedFd<'_>) -> io::Result<u32> {
    size(fd, libc::SO_SNDBUF)
}

pub(crate) fn set_recv_buffer_size(fd: BorrowedFd<'_>, size: u32) -> io::Result<()> {
    set_size(fd, libc::SO_RCVBUF, size)
}

pub(crate) fn recv_buffer_size(fd: BorrowedFd<'_>) -> io::Result<u32> {
    size(fd, libc::SO_RCVBUF)
}

pub(crate) fn set_nodelay(fd: BorrowedFd<'_>, on: bool) -> io::Result<()> {
    set_bool(fd, libc::IPPROTO_TCP, libc::TCP_NODELAY, on)
}

pub(crate) fn nodelay(fd: BorrowedFd<'_>) -> io::Result<bool> {
    get_bool(fd, libc::IPPROTO_TCP, libc::TCP_NODELAY)
}

/// `SO_LINGER`: `None` turns lingering off; `Some(d)` makes `close`
/// wait up to `d` (whole seconds) for unsent data, and `Some(ZERO)`
/// makes it reset the connection.
pub(crate) fn set_linger(fd: BorrowedFd<'_>, linger: Option<Duration>) -> io::Result<()> {
    let value = libc::linger {
        l_onoff: libc::c_int::from(linger.is_some()),
        l_linger: linger
            .map(|d| libc::c_int::try_from(d.as_secs()).unwrap_or(libc::c_int::MAX))
            .unwrap_or(0),
    };
    setsockopt(fd, libc::SOL_SOCKET, libc::SO_LINGER, value)
}

pub(crate) fn linger(fd: BorrowedFd<'_>) -> io::Result<Option<Duration>> {
    let value: libc::linger = getsockopt(fd, libc::SOL_SOCKET, libc::SO_LINGER)?;
    Ok((value.l_onoff != 0)
        .then(|| Duration::from_secs(u64::try_from(value.l_linger).unwrap_or(0))))
}

/// The credentials of a Unix stream's peer: (uid, gid, pid if known).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn peer_cred(fd: BorrowedFd<'_>) -> io::Result<(u32, u32, Option<i32>)> {
    let cred: libc::ucred = getsockopt(fd, libc::SOL_SOCKET, libc::SO_PEERCRED)?;
    Ok((cred.uid, cred.gid, Some(cred.pid)))
}

/// The credentials of a Unix stream's peer: (uid, gid, pid if known).
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) fn peer_cred(fd: BorrowedFd<'_>) -> io::Result<(u32, u32, Option<i32>)> {
    let mut uid: libc::uid_t = 0;
    let mut gid: libc::gid_t = 0;
    // SAFETY: `fd` is open; the pointers are to live locals the call
    // writes one id each to.
    cvt(unsafe { libc::getpeereid(fd.as_raw_fd(), &mut uid, &mut gid) })?;
    Ok((uid, gid, None))
}
