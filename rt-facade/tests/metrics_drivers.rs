//! `RuntimeMetrics`' driver counters: I/O registrations, deregistrations
//! and readiness events, counted after known work.

use rt::io::{AsyncReadExt, AsyncWriteExt};
use rt::net::{TcpListener, TcpStream};
use rt::runtime::Builder;

#[test]
fn io_driver_counts_registrations_and_events() {
    let rt = Builder::new_current_thread().enable_all().build().unwrap();
    let m = rt.metrics();
    // The signal driver's pipe may already be registered: count deltas.
    let reg0 = m.io_driver_fd_registered_count();
    let dereg0 = m.io_driver_fd_deregistered_count();
    let ready0 = m.io_driver_ready_count();

    rt.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        assert_eq!(m.io_driver_fd_registered_count(), reg0 + 1);
        let addr = listener.local_addr().unwrap();
        let (client, accepted) = rt::join!(TcpStream::connect(addr), listener.accept());
        let (mut client, (mut server, _)) = (client.unwrap(), accepted.unwrap());
        assert_eq!(m.io_driver_fd_registered_count(), reg0 + 3);
        assert_eq!(m.io_driver_fd_deregistered_count(), dereg0);

        for _ in 0..10 {
            client.write_all(b"ping").await.unwrap();
            let mut buf = [0u8; 4];
            server.read_exact(&mut buf).await.unwrap();
        }
        // Each read had to wait for the peer's write at least once in a
        // while: readiness events were delivered.
        assert!(m.io_driver_ready_count() > ready0);
        drop((client, server, listener));
        assert_eq!(m.io_driver_fd_deregistered_count(), dereg0 + 3);
    });
}

#[test]
fn driver_counters_are_zero_without_the_driver() {
    let rt = Builder::new_current_thread().build().unwrap();
    let m = rt.metrics();
    assert_eq!(m.io_driver_fd_registered_count(), 0);
    assert_eq!(m.io_driver_ready_count(), 0);
    assert_eq!(m.timer_registered_count(), 0);
    assert_eq!(m.timer_fired_count(), 0);
}

#[test]
fn timer_driver_counts_registrations_and_fires() {
    let rt = Builder::new_current_thread().enable_all().build().unwrap();
    let m = rt.metrics();
    rt.block_on(async {
        let (reg0, fired0) = (m.timer_registered_count(), m.timer_fired_count());
        // Three sleeps that fire.
        for _ in 0..3 {
            rt::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        assert_eq!(m.timer_registered_count(), reg0 + 3);
        assert_eq!(m.timer_fired_count(), fired0 + 3);
        // A timeout whose future wins registers its timer but never fires.
        let done = rt::time::timeout(std::time::Duration::from_secs(60), async {
            rt::task::yield_now().await;
        })
        .await;
        assert!(done.is_ok());
        assert_eq!(m.timer_fired_count(), fired0 + 3);
        assert!(m.timer_registered_count() >= reg0 + 3);
    });
}
