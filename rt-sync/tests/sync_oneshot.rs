//! `oneshot` channel behaviour.

mod support;

use rt_sync::oneshot::{self, error::TryRecvError};
use std::future::Future;
use support::{block_on, spawn, thread_spawn, DropCounter, MockTask};

#[test]
fn send_then_recv() {
    let (tx, rx) = oneshot::channel();
    assert!(tx.send(1).is_ok());
    let mut rx = spawn(rx);
    assert_eq!(assert_ready_ok!(rx.poll()), 1);
}

#[test]
fn recv_waits_then_send_wakes() {
    let (tx, rx) = oneshot::channel();
    let mut rx = spawn(rx);
    assert_pending!(rx.poll());
    assert!(!rx.is_woken());
    tx.send("v").unwrap();
    assert!(rx.is_woken());
    assert_eq!(assert_ready_ok!(rx.poll()), "v");
}

#[test]
fn sender_drop_wakes_with_error() {
    let (tx, rx) = oneshot::channel::<i32>();
    let mut rx = spawn(rx);
    assert_pending!(rx.poll());
    drop(tx);
    assert!(rx.is_woken());
    let err = assert_ready_err!(rx.poll());
    assert_eq!(err.to_string(), "channel closed");
}

#[test]
fn send_after_receiver_drop_returns_value() {
    let (tx, rx) = oneshot::channel();
    drop(rx);
    assert!(tx.is_closed());
    assert_eq!(tx.send(String::from("back")), Err(String::from("back")));
}

#[test]
fn close_refuses_send_and_completes_closed() {
    let (mut tx, mut rx) = oneshot::channel::<u8>();
    let task = MockTask::new();
    assert!(task.enter(|cx| tx.poll_closed(cx)).is_pending());
    rx.close();
    assert_eq!(task.wake_count(), 1);
    assert!(task.enter(|cx| tx.poll_closed(cx)).is_ready());
    assert!(tx.is_closed());
    assert_eq!(tx.send(1), Err(1));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    // Awaiting a closed, empty receiver fails at once.
    let (tx2, mut rx2) = oneshot::channel::<u8>();
    rx2.close();
    assert!(block_on(&mut rx2).is_err());
    drop(tx2);
}

#[test]
fn value_sent_before_close_is_still_received() {
    let (tx, mut rx) = oneshot::channel();
    tx.send(9).unwrap();
    rx.close();
    assert_eq!(rx.try_recv(), Ok(9));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
}

#[test]
fn try_recv_states() {
    let (tx, mut rx) = oneshot::channel();
    assert!(rx.is_empty());
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    tx.send(5).unwrap();
    assert!(!rx.is_empty());
    assert!(!rx.is_terminated());
    assert_eq!(rx.try_recv(), Ok(5));
    assert!(rx.is_terminated());
    assert!(rx.is_empty());
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));

    let (tx, mut rx) = oneshot::channel::<()>();
    drop(tx);
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
}

#[test]
fn sender_closed_future_completes_on_receiver_drop() {
    let (mut tx, rx) = oneshot::channel::<()>();
    let handle = std::thread::spawn(move || {
        block_on(tx.closed());
        tx.is_closed()
    });
    drop(rx);
    assert!(handle.join().unwrap());
}

#[test]
fn poll_closed_keeps_latest_waker() {
    let (mut tx, rx) = oneshot::channel::<()>();
    let first = MockTask::new();
    let second = MockTask::new();
    assert!(first.enter(|cx| tx.poll_closed(cx)).is_pending());
    assert!(second.enter(|cx| tx.poll_closed(cx)).is_pending());
    drop(rx);
    assert_eq!(first.wake_count(), 0);
    assert_eq!(second.wake_count(), 1);
}

#[test]
fn recv_keeps_latest_waker() {
    let (tx, mut rx) = oneshot::channel::<u8>();
    let first = MockTask::new();
    let second = MockTask::new();
    let mut poll = |task: &MockTask| task.enter(|cx| std::pin::Pin::new(&mut rx).poll(cx));
    assert!(poll(&first).is_pending());
    assert!(poll(&first).is_pending()); // same task: kept, not re-cloned
    assert!(poll(&second).is_pending());
    tx.send(4).unwrap();
    assert_eq!(first.wake_count(), 0);
    assert_eq!(second.wake_count(), 1);
    assert_eq!(poll(&second), std::task::Poll::Ready(Ok(4)));
}

#[test]
fn close_after_send_then_drop_drops_value_once() {
    let counter = DropCounter::default();
    let (tx, mut rx) = oneshot::channel();
    tx.send(counter.token()).unwrap();
    rx.close();
    assert!(!rx.is_empty());
    drop(rx);
    assert_eq!(counter.dropped(), 1);
}

#[test]
#[should_panic(expected = "polled after it completed")]
fn polling_completed_receiver_panics() {
    let (tx, rx) = oneshot::channel();
    tx.send(()).unwrap();
    let mut rx = spawn(rx);
    let _ = rx.poll();
    let _ = rx.poll();
}

#[test]
fn receiver_drop_drops_sent_value() {
    let counter = DropCounter::default();
    let (tx, rx) = oneshot::channel();
    tx.send(counter.token()).unwrap();
    assert_eq!(counter.dropped(), 0);
    drop(rx);
    assert_eq!(counter.dropped(), 1);
}

#[test]
fn refused_value_is_returned_not_dropped() {
    let counter = DropCounter::default();
    let (tx, rx) = oneshot::channel();
    drop(rx);
    let back = tx.send(counter.token()).unwrap_err();
    assert_eq!(counter.dropped(), 0);
    drop(back);
    assert_eq!(counter.dropped(), 1);
}

#[test]
fn blocking_recv_across_threads() {
    let (tx, rx) = oneshot::channel();
    let t = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(10));
        tx.send(42).unwrap();
    });
    assert_eq!(rx.blocking_recv(), Ok(42));
    t.join().unwrap();

    let (tx, rx) = oneshot::channel::<i32>();
    std::thread::spawn(move || drop(tx));
    assert!(rx.blocking_recv().is_err());
}

#[test]
fn cancelled_receive_keeps_value() {
    let (tx, mut rx) = oneshot::channel();
    {
        let mut recv = spawn(&mut rx);
        assert_pending!(recv.poll());
        // The receive is cancelled here (dropped while pending).
    }
    tx.send(3).unwrap();
    assert_eq!(rx.try_recv(), Ok(3));
}

#[test]
fn many_channels_across_threads() {
    let mut handles = Vec::new();
    let mut receivers = Vec::new();
    for i in 0..200 {
        let (tx, rx) = oneshot::channel();
        handles.push(std::thread::spawn(move || {
            if i % 3 == 0 {
                drop(tx);
            } else {
                tx.send(i).unwrap();
            }
        }));
        receivers.push((i, rx));
    }
    for (i, rx) in receivers {
        let got = block_on(rx);
        if i % 3 == 0 {
            assert!(got.is_err());
        } else {
            assert_eq!(got, Ok(i));
        }
    }
    for h in handles {
        h.join().unwrap();
    }
}

#[test]
fn recv_on_other_thread() {
    let (tx, rx) = oneshot::channel();
    let h = thread_spawn(rx);
    tx.send(vec![1, 2]).unwrap();
    assert_eq!(h.join().unwrap(), Ok(vec![1, 2]));
}

#[test]
fn debug_impls() {
    let (tx, rx) = oneshot::channel::<()>();
    assert!(format!("{tx:?}").contains("Sender"));
    assert!(format!("{rx:?}").contains("Receiver"));
}
