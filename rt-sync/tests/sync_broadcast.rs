//! `broadcast` behaviour: fan-out, lag, close after drain, counting,
//! cancellation, and values dropped once everyone has them.

mod support;

use rt_sync::broadcast::{
    self,
    error::{RecvError, SendError, TryRecvError},
};
use std::sync::Arc;
use support::{block_on, spawn, DropCounter, MockTask};

#[test]
fn every_receiver_gets_every_value() {
    let (tx, mut rx1) = broadcast::channel(4);
    let mut rx2 = tx.subscribe();
    assert_eq!(tx.send(1).unwrap(), 2);
    assert_eq!(tx.send(2).unwrap(), 2);
    for rx in [&mut rx1, &mut rx2] {
        assert_eq!(rx.try_recv(), Ok(1));
        assert_eq!(block_on(rx.recv()), Ok(2));
        assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    }
}

#[test]
fn recv_waits_and_every_waiter_is_woken() {
    let (tx, mut rx1) = broadcast::channel(2);
    let mut rx2 = tx.subscribe();
    let mut w1 = spawn(rx1.recv());
    let mut w2 = spawn(rx2.recv());
    assert_pending!(w1.poll());
    assert_pending!(w2.poll());
    assert_pending!(w1.poll()); // re-polling keeps one registration
    tx.send("x").unwrap();
    assert!(w1.is_woken() && w2.is_woken());
    assert_eq!(assert_ready!(w1.poll()), Ok("x"));
    assert_eq!(assert_ready!(w2.poll()), Ok("x"));
}

#[test]
fn lagging_receiver_reports_the_gap_then_the_oldest_value() {
    let (tx, mut rx) = broadcast::channel(2);
    for i in 0..5 {
        tx.send(i).unwrap();
    }
    assert_eq!(rx.len(), 5);
    assert_eq!(rx.try_recv(), Err(TryRecvError::Lagged(3)));
    assert_eq!(rx.try_recv(), Ok(3));
    assert_eq!(rx.try_recv(), Ok(4));
    for i in 5..8 {
        tx.send(i).unwrap();
    }
    let err = block_on(rx.recv()).unwrap_err();
    assert_eq!(err, RecvError::Lagged(1));
    assert_eq!(err.to_string(), "channel lagged by 1");
    assert_eq!(block_on(rx.recv()), Ok(6));
}

#[test]
fn capacity_is_rounded_up_to_a_power_of_two() {
    let (tx, mut rx) = broadcast::channel(3);
    for i in 0..4 {
        tx.send(i).unwrap();
    }
    // Four values fit: no lag.
    assert_eq!(rx.try_recv(), Ok(0));
}

#[test]
#[should_panic(expected = "cannot be zero")]
fn zero_capacity_panics() {
    let _ = broadcast::channel::<()>(0);
}

#[test]
#[should_panic(expected = "usize::MAX / 2")]
fn huge_capacity_panics() {
    let _ = broadcast::channel::<()>(usize::MAX / 2 + 1);
}

#[test]
fn closed_only_after_the_buffer_is_drained() {
    let (tx, mut rx) = broadcast::channel(4);
    let tx2 = tx.clone();
    tx.send(1).unwrap();
    drop(tx);
    tx2.send(2).unwrap();
    drop(tx2);
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(block_on(rx.recv()), Ok(2));
    assert_eq!(block_on(rx.recv()), Err(RecvError::Closed));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    assert_eq!(RecvError::Closed.to_string(), "channel closed");
    assert_eq!(TryRecvError::Empty.to_string(), "channel empty");
}

#[test]
fn last_sender_drop_wakes_waiters() {
    let (tx, mut rx) = broadcast::channel::<u8>(1);
    let mut waiting = spawn(rx.recv());
    assert_pending!(waiting.poll());
    let tx2 = tx.clone();
    drop(tx);
    assert!(!waiting.is_woken());
    drop(tx2);
    assert!(waiting.is_woken());
    assert_eq!(assert_ready!(waiting.poll()), Err(RecvError::Closed));
}

#[test]
fn send_without_receivers_fails() {
    let (tx, rx) = broadcast::channel(1);
    drop(rx);
    assert_eq!(tx.receiver_count(), 0);
    assert_eq!(tx.send(3), Err(SendError(3)));
    assert_eq!(SendError(3).to_string(), "channel closed");
    // A new subscriber re-opens it, from now on.
    let mut rx = tx.subscribe();
    tx.send(4).unwrap();
    assert_eq!(rx.try_recv(), Ok(4));
}

#[test]
fn cancelled_recv_loses_nothing() {
    let (tx, mut rx) = broadcast::channel(2);
    {
        let mut waiting = spawn(rx.recv());
        assert_pending!(waiting.poll());
    }
    {
        // Woken, but dropped before observing the value.
        let mut waiting = spawn(rx.recv());
        assert_pending!(waiting.poll());
        tx.send(1).unwrap();
        assert!(waiting.is_woken());
    }
    tx.send(2).unwrap();
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(rx.try_recv(), Ok(2));
}

#[test]
fn lengths_and_counts() {
    let (tx, mut rx1) = broadcast::channel(4);
    let rx2 = rx1.resubscribe();
    assert_eq!(tx.receiver_count(), 2);
    assert!(tx.is_empty() && rx1.is_empty());
    tx.send(1).unwrap();
    tx.send(2).unwrap();
    assert_eq!(tx.len(), 2);
    assert_eq!(rx1.len(), 2);
    rx1.try_recv().unwrap();
    rx1.try_recv().unwrap();
    assert!(rx1.is_empty());
    assert_eq!(tx.len(), 2); // rx2 still has them queued
    drop(rx2); // discounts what it did not read
    assert!(tx.is_empty());
    assert_eq!(tx.receiver_count(), 1);
    assert!(tx.same_channel(&tx.clone()));
    let (other, _orx) = broadcast::channel::<i32>(1);
    assert!(!tx.same_channel(&other));
    assert!(rx1.same_channel(&tx.subscribe()));
    assert!(format!("{tx:?} {rx1:?}").contains("Receiver"));
}

#[test]
fn values_are_dropped_once_every_receiver_has_them() {
    let drops = DropCounter::default();
    let (tx, mut rx1) = broadcast::channel(4);
    let mut rx2 = tx.subscribe();
    tx.send(Arc::new(drops.token())).unwrap();
    drop(rx1.try_recv().unwrap());
    assert_eq!(drops.dropped(), 0);
    drop(rx2.try_recv().unwrap());
    // The last receiver to read it freed the channel's copy.
    assert_eq!(drops.dropped(), 1);

    tx.send(Arc::new(drops.token())).unwrap();
    drop(rx1);
    drop(rx2);
    assert_eq!(drops.dropped(), 2);

    // Overwritten values are dropped too.
    let mut rx = tx.subscribe();
    for _ in 0..5 {
        tx.send(Arc::new(drops.token())).unwrap();
    }
    assert_eq!(drops.dropped(), 3);
    assert_eq!(rx.try_recv().unwrap_err(), TryRecvError::Lagged(1));
    drop(tx);
    drop(rx);
    assert_eq!(drops.dropped(), 7);
}

/// A value whose channel copy panics when dropped; clones (what receivers
/// get) do not.
struct PanicsOnDrop {
    id: u32,
    armed: bool,
}

impl Clone for PanicsOnDrop {
    fn clone(&self) -> Self {
        PanicsOnDrop {
            id: self.id,
            armed: false,
        }
    }
}

impl Drop for PanicsOnDrop {
    fn drop(&mut self) {
        if self.armed && !std::thread::panicking() {
            panic!("value {} panics on drop", self.id);
        }
    }
}

#[test]
fn a_receiver_survives_a_value_whose_drop_panics() {
    let (tx, mut rx) = broadcast::channel(4);
    tx.send(PanicsOnDrop { id: 1, armed: true }).unwrap();
    tx.send(PanicsOnDrop {
        id: 2,
        armed: false,
    })
    .unwrap();
    drop(tx);
    // rx is the last reader of value 1, so it frees the channel's copy,
    // whose destructor panics inside try_recv.
    let first = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rx.try_recv()));
    assert!(first.is_err());
    // The receiver moved past value 1: it gets value 2, then Closed. On a
    // thread, so that a receiver stuck on the freed slot fails the test
    // instead of hanging it.
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let second = rx.try_recv().map(|v| v.id);
        let third = rx.try_recv().map(|v| v.id);
        done_tx.send((second, third)).unwrap();
    });
    let (second, third) = done_rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("try_recv after a panicking drop never returned");
    assert_eq!(second, Ok(2));
    assert_eq!(third, Err(TryRecvError::Closed));
}

#[test]
fn resubscribe_starts_at_the_end() {
    let (tx, rx) = broadcast::channel(4);
    tx.send(1).unwrap();
    let mut rx2 = rx.resubscribe();
    assert_eq!(rx2.try_recv(), Err(TryRecvError::Empty));
    tx.send(2).unwrap();
    assert_eq!(rx2.try_recv(), Ok(2));
}

#[test]
fn blocking_recv_from_threads() {
    let (tx, rx) = broadcast::channel(16);
    let threads: Vec<_> = (0..3)
        .map(|_| {
            let mut rx = rx.resubscribe();
            std::thread::spawn(move || {
                let mut sum = 0u64;
                loop {
                    match rx.blocking_recv() {
                        Ok(v) => sum += v,
                        Err(RecvError::Lagged(_)) => panic!("capacity is enough"),
                        Err(RecvError::Closed) => return sum,
                    }
                }
            })
        })
        .collect();
    drop(rx);
    for i in 1..=10u64 {
        tx.send(i).unwrap();
    }
    drop(tx);
    for t in threads {
        assert_eq!(t.join().unwrap(), 55);
    }
}

#[test]
fn concurrent_senders_and_receivers_agree_on_order() {
    let (tx, rx) = broadcast::channel(8);
    let receivers: Vec<_> = (0..3)
        .map(|_| {
            let mut rx = rx.resubscribe();
            support::thread_spawn(async move {
                let mut seen = Vec::new();
                let mut lagged = 0;
                loop {
                    match rx.recv().await {
                        Ok(v) => seen.push(v),
                        Err(RecvError::Lagged(n)) => lagged += n,
                        Err(RecvError::Closed) => return (seen, lagged),
                    }
                }
            })
        })
        .collect();
    drop(rx);
    let senders: Vec<_> = (0..2u64)
        .map(|id| {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for i in 0..500u64 {
                    tx.send(id * 1000 + i).unwrap();
                }
            })
        })
        .collect();
    drop(tx);
    for s in senders {
        s.join().unwrap();
    }
    for r in receivers {
        let (seen, lagged) = r.join().unwrap();
        assert_eq!(seen.len() as u64 + lagged, 1000);
        // Each sender's values arrive in its order.
        for id in 0..2u64 {
            let mine: Vec<_> = seen.iter().filter(|v| **v / 1000 == id).collect();
            assert!(mine.windows(2).all(|w| w[0] < w[1]));
        }
    }
}

#[test]
fn poll_recv_keeps_one_registration_and_reports_lag_and_close() {
    let (tx, mut rx) = broadcast::channel(2);
    let task = MockTask::new();
    assert_pending!(task.enter(|cx| rx.poll_recv(cx)));
    assert_pending!(task.enter(|cx| rx.poll_recv(cx))); // refreshed, not queued twice
    tx.send(0).unwrap();
    assert_eq!(task.wake_count(), 1);
    assert_eq!(assert_ready!(task.enter(|cx| rx.poll_recv(cx))), Ok(0));
    for i in 1..=4 {
        tx.send(i).unwrap();
    }
    assert_eq!(task.wake_count(), 1, "nobody was waiting");
    assert_eq!(
        assert_ready!(task.enter(|cx| rx.poll_recv(cx))),
        Err(RecvError::Lagged(2))
    );
    assert_eq!(assert_ready!(task.enter(|cx| rx.poll_recv(cx))), Ok(3));
    assert_eq!(assert_ready!(task.enter(|cx| rx.poll_recv(cx))), Ok(4));
    assert_pending!(task.enter(|cx| rx.poll_recv(cx)));
    drop(tx);
    assert_eq!(task.wake_count(), 2, "the close wakes the waiter");
    assert_eq!(
        assert_ready!(task.enter(|cx| rx.poll_recv(cx))),
        Err(RecvError::Closed)
    );
}

#[test]
fn receiver_dropped_while_poll_recv_waits_frees_its_slot() {
    let (tx, mut rx1) = broadcast::channel(1);
    let mut rx2 = tx.subscribe();
    let task = MockTask::new();
    assert_pending!(task.enter(|cx| rx1.poll_recv(cx)));
    drop(rx1);
    tx.send(1).unwrap();
    assert_eq!(task.wake_count(), 0, "the dropped receiver's waker is gone");
    assert_eq!(
        block_on(std::future::poll_fn(|cx| rx2.poll_recv(cx))),
        Ok(1)
    );
    assert_eq!(tx.receiver_count(), 1);
}
