//! `lookup_host`: IP literals resolve without a lookup; names go through
//! the blocking pool. Only local names (`localhost`): no network.

mod support;

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

rt_test! {
    async fn literals() {
        let addrs: Vec<SocketAddr> = rt_net::lookup_host("127.0.0.1:80").await.unwrap().collect();
        assert_eq!(addrs, ["127.0.0.1:80".parse().unwrap()]);
        let addrs: Vec<_> = rt_net::lookup_host(("::1", 443)).await.unwrap().collect();
        assert_eq!(addrs, ["[::1]:443".parse::<SocketAddr>().unwrap()]);
        let addrs: Vec<_> = rt_net::lookup_host((Ipv4Addr::LOCALHOST, 1)).await.unwrap().collect();
        assert_eq!(addrs.len(), 1);
    }

    async fn localhost_resolves_to_loopback() {
        let addrs: Vec<_> = rt_net::lookup_host("localhost:8080").await.unwrap().collect();
        assert!(!addrs.is_empty());
        for a in &addrs {
            assert!(a.ip().is_loopback(), "{a}");
            assert_eq!(a.port(), 8080);
        }
        let addrs: Vec<_> = rt_net::lookup_host(("localhost".to_string(), 9)).await.unwrap().collect();
        assert!(addrs.iter().any(|a| a.ip() == IpAddr::V4(Ipv4Addr::LOCALHOST) || a.ip().is_loopback()));
    }

    async fn lookups_run_off_the_worker_thread() {
        // The lookup future stays pending while the blocking pool works:
        // other tasks keep running meanwhile (a yield-driven counter).
        let counter = rt_core::spawn(async {
            let mut n = 0u32;
            for _ in 0..10 {
                rt_core::task::yield_now().await;
                n += 1;
            }
            n
        });
        let addrs: Vec<_> = rt_net::lookup_host("localhost:1").await.unwrap().collect();
        assert!(!addrs.is_empty());
        assert_eq!(counter.await.unwrap(), 10);
    }

    async fn bad_input() {
        let err = rt_net::lookup_host("no-port-here").await.err().expect("an error");
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }
}
