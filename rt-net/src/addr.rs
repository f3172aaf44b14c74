//! [`ToSocketAddrs`] and [`lookup_host`]: turning what the user passes
//! into socket addresses, with host-name lookups on the blocking pool.
//!
//! The trait is sealed: its one (hidden) method classifies the argument
//! without doing I/O — either the addresses are already known (a
//! `SocketAddr`, an IP literal) or a name must be looked up. The lookup
//! itself is std's blocking `ToSocketAddrs`, run by [`resolve`] through
//! `spawn_blocking`, so a slow DNS server never stalls a worker thread.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::{option, vec};

/// Converts or resolves a value to one or more socket addresses: the
/// argument type of [`TcpListener::bind`](crate::TcpListener::bind),
/// [`TcpStream::connect`](crate::TcpStream::connect),
/// [`UdpSocket::bind`](crate::UdpSocket::bind), [`lookup_host`] and
/// friends.
///
/// Implemented for [`SocketAddr`], [`SocketAddrV4`], [`SocketAddrV6`],
/// `(IpAddr, u16)`, `(Ipv4Addr, u16)`, `(Ipv6Addr, u16)`,
/// `[SocketAddr]`, `str` (`"host:port"`), `String`, `(&str, u16)`,
/// `(String, u16)`, and `&T` for any of them. A value that is not an IP
/// literal is looked up as a host name on the runtime's blocking pool.
///
/// The trait is sealed: it cannot be implemented outside this crate.
/// Unlike std's trait of the same name, it performs lookups without
/// blocking the calling task's thread.
///
/// # Examples
///
/// ```
/// use rt_net::TcpListener;
/// use std::net::{Ipv4Addr, SocketAddr};
///
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_io::driver_layer())
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     // All of these are accepted wherever an address is expected.
///     let a = TcpListener::bind("127.0.0.1:0").await?;
///     let b = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
///     let c = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
///     let d = TcpListener::bind(&[a.local_addr()?, b.local_addr()?, "127.0.0.1:0".parse()?][..])
///         .await?; // the first two are taken: the third address is used
///     assert_ne!(d.local_addr()?, a.local_addr()?);
///     drop(c);
///     Ok::<_, Box<dyn std::error::Error>>(())
/// })
/// .unwrap();
/// ```
pub trait ToSocketAddrs: sealed::ToSocketAddrsPriv {}

pub(crate) mod sealed {
    use super::Resolve;

    /// The hidden half of [`ToSocketAddrs`](super::ToSocketAddrs).
    pub trait ToSocketAddrsPriv {
        /// Classifies `self`: known addresses, or a name to look up.
        #[doc(hidden)]
        fn to_resolve(&self) -> Resolve;
    }
}

/// What an address argument turned out to be (no I/O done yet).
#[doc(hidden)]
#[derive(Debug)]
pub enum Resolve {
    /// The addresses are known.
    Done(io::Result<Addrs>),
    /// `"host:port"`: needs a lookup.
    Host(String),
    /// A host and a port: needs a lookup.
    HostPort(String, u16),
}

/// The addresses an argument resolved to, in order.
#[doc(hidden)]
#[derive(Debug)]
pub enum Addrs {
    /// Exactly one (no allocation).
    One(option::IntoIter<SocketAddr>),
    /// Any number.
    Many(vec::IntoIter<SocketAddr>),
}

impl Addrs {
    fn one(addr: SocketAddr) -> Addrs {
        Addrs::One(Some(addr).into_iter())
    }
}

impl Iterator for Addrs {
    type Item = SocketAddr;

    fn next(&mut self) -> Option<SocketAddr> {
        match self {
            Addrs::One(it) => it.next(),
            Addrs::Many(it) => it.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Addrs::One(it) => it.size_hint(),
            Addrs::Many(it) => it.size_hint(),
        }
    }
}

/// Resolves `addr`, running a host-name lookup on the blocking pool.
///
/// # Panics
///
/// A lookup outside a runtime (`spawn_blocking`'s panic).
pub(crate) async fn resolve<A: ToSocketAddrs>(addr: A) -> io::Result<Addrs> {
    let lookup: Box<dyn FnOnce() -> io::Result<vec::IntoIter<SocketAddr>> + Send> = match addr
        .to_resolve()
    {
        Resolve::Done(addrs) => return addrs,
        Resolve::Host(host) => Box::new(move || std::net::ToSocketAddrs::to_socket_addrs(&host)),
        Resolve::HostPort(host, port) => {
            Box::new(move || std::net::ToSocketAddrs::to_socket_addrs(&(host.as_str(), port)))
        }
    };
    let addrs = rt_core::task::spawn_blocking(lookup).await??;
    Ok(Addrs::Many(addrs))
}

/// Runs `f` on each address `addr` resolves to, in order, until one
/// succeeds; returns the last error if none does.
pub(crate) async fn each_addr<A, T, F, Fut>(addr: A, mut f: F) -> io::Result<T>
where
    A: ToSocketAddrs,
    F: FnMut(SocketAddr) -> Fut,
    Fut: std::future::Future<Output = io::Result<T>>,
{
    let mut last_err = None;
    for addr in resolve(addr).await? {
        match f(addr).await {
            Ok(v) => return Ok(v),
            Err(e) => last_err = Some(e),
        }
    }
    Err(last_err.unwrap_or_else(no_addresses))
}

/// The error for an argument that resolved to no address at all.
pub(crate) fn no_addresses() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "could not resolve to any address",
    )
}

/// Performs a DNS resolution (or parses an IP literal): the addresses
/// `host` resolves to, looked up on the runtime's blocking pool.
///
/// `host` is anything [`ToSocketAddrs`] accepts, typically
/// `"name:port"` or `("name", port)`.
///
/// # Errors
///
/// The OS resolver's errors (an unknown host, no network, ...); an
/// argument without a port (`"localhost"`) is `InvalidInput`.
///
/// # Panics
///
/// Outside a runtime, when a lookup is needed.
///
/// # Cancel safety
///
/// Not cancel safe in the sense that a lookup already running on the
/// blocking pool cannot be stopped: it completes and its result is
/// discarded. Nothing else is lost.
///
/// # Examples
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .driver_layer(rt_io::driver_layer())
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     for addr in rt_net::lookup_host("127.0.0.1:8080").await? {
///         assert_eq!(addr.port(), 8080);
///     }
///     Ok::<_, std::io::Error>(())
/// })
/// .unwrap();
/// ```
pub async fn lookup_host<T: ToSocketAddrs>(
    host: T,
) -> io::Result<impl Iterator<Item = SocketAddr>> {
    resolve(host).await
}

macro_rules! known {
    ($($ty:ty => |$v:ident| $addr:expr;)*) => {$(
        impl ToSocketAddrs for $ty {}
        impl sealed::ToSocketAddrsPriv for $ty {
            fn to_resolve(&self) -> Resolve {
                let $v = self;
                Resolve::Done(Ok(Addrs::one($addr)))
            }
        }
    )*};
}

known! {
    SocketAddr => |a| *a;
    SocketAddrV4 => |a| SocketAddr::V4(*a);
    SocketAddrV6 => |a| SocketAddr::V6(*a);
    (IpAddr, u16) => |a| SocketAddr::new(a.0, a.1);
    (Ipv4Addr, u16) => |a| SocketAddr::new(IpAddr::V4(a.0), a.1);
    (Ipv6Addr, u16) => |a| SocketAddr::new(IpAddr::V6(a.0), a.1);
}

impl ToSocketAddrs for [SocketAddr] {}
impl sealed::ToSocketAddrsPriv for [SocketAddr] {
    fn to_resolve(&self) -> Resolve {
        Resolve::Done(Ok(Addrs::Many(Vec::from(self).into_iter())))
    }
}

impl ToSocketAddrs for str {}
impl sealed::ToSocketAddrsPriv for str {
    fn to_resolve(&self) -> Resolve {
        match self.parse::<SocketAddr>() {
            Ok(addr) => Resolve::Done(Ok(Addrs::one(addr))),
            Err(_) => Resolve::Host(self.to_owned()),
        }
    }
}

impl ToSocketAddrs for String {}
impl sealed::ToSocketAddrsPriv for String {
    fn to_resolve(&self) -> Resolve {
        self.as_str().to_resolve()
    }
}

impl ToSocketAddrs for (&str, u16) {}
impl sealed::ToSocketAddrsPriv for (&str, u16) {
    fn to_resolve(&self) -> Resolve {
        let (host, port) = *self;
        match host.parse::<IpAddr>() {
            Ok(ip) => Resolve::Done(Ok(Addrs::one(SocketAddr::new(ip, port)))),
            Err(_) => Resolve::HostPort(host.to_owned(), port),
        }
    }
}

impl ToSocketAddrs for (String, u16) {}
impl sealed::ToSocketAddrsPriv for (String, u16) {
    fn to_resolve(&self) -> Resolve {
        (self.0.as_str(), self.1).to_resolve()
    }
}

impl<T: ToSocketAddrs + ?Sized> ToSocketAddrs for &T {}
impl<T: ToSocketAddrs + ?Sized> sealed::ToSocketAddrsPriv for &T {
    fn to_resolve(&self) -> Resolve {
        (**self).to_resolve()
    }
}

#[cfg(test)]
mod tests {
    use super::sealed::ToSocketAddrsPriv;
    use super::*;

    fn done(r: Resolve) -> Vec<SocketAddr> {
        match r {
            Resolve::Done(addrs) => addrs.unwrap().collect(),
            other => panic!("expected known addresses, got {other:?}"),
        }
    }

    #[test]
    fn literals_need_no_lookup() {
        let v4: SocketAddr = "127.0.0.1:80".parse().unwrap();
        let v6: SocketAddr = "[::1]:81".parse().unwrap();
        assert_eq!(done("127.0.0.1:80".to_resolve()), [v4]);
        assert_eq!(done("[::1]:81".to_string().to_resolve()), [v6]);
        assert_eq!(done(("127.0.0.1", 80).to_resolve()), [v4]);
        assert_eq!(done(("::1".to_string(), 81).to_resolve()), [v6]);
        assert_eq!(done((Ipv4Addr::LOCALHOST, 80).to_resolve()), [v4]);
        assert_eq!(done((Ipv6Addr::LOCALHOST, 81).to_resolve()), [v6]);
        assert_eq!(done((&&v4).to_resolve()), [v4]);
        assert_eq!(done([v4, v6][..].to_resolve()), [v4, v6]);
    }

    #[test]
    fn names_are_looked_up() {
        assert!(matches!("localhost:80".to_resolve(), Resolve::Host(h) if h == "localhost:80"));
        assert!(matches!(
            ("localhost", 80).to_resolve(),
            Resolve::HostPort(h, 80) if h == "localhost"
        ));
    }
}
