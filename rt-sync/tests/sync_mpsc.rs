//! `mpsc` behaviour: bounded and unbounded channels.

mod support;

use rt_sync::mpsc::{
    self,
    error::{TryRecvError, TrySendError},
};
use std::sync::Arc;
use support::{block_on, spawn, DropCounter, MockTask};

#[test]
fn send_recv_bounded() {
    let (tx, mut rx) = mpsc::channel(4);
    block_on(tx.send(1)).unwrap();
    block_on(tx.send(2)).unwrap();
    assert_eq!(rx.len(), 2);
    assert_eq!(block_on(rx.recv()), Some(1));
    assert_eq!(block_on(rx.recv()), Some(2));
    assert!(rx.is_empty());
}

#[test]
#[should_panic(expected = "mpsc bounded channel requires buffer > 0")]
fn zero_capacity_panics() {
    let _ = mpsc::channel::<()>(0);
}

#[test]
fn recv_waits_and_is_woken_by_send() {
    let (tx, mut rx) = mpsc::channel(1);
    let mut recv = spawn(rx.recv());
    assert_pending!(recv.poll());
    tx.try_send(7).unwrap();
    assert!(recv.is_woken());
    assert_eq!(assert_ready!(recv.poll()), Some(7));
}

#[test]
fn full_channel_makes_send_wait_until_recv() {
    let (tx, mut rx) = mpsc::channel(1);
    tx.try_send(1).unwrap();
    assert_eq!(tx.capacity(), 0);
    assert_eq!(tx.try_send(2), Err(TrySendError::Full(2)));
    let mut send = spawn(tx.send(3));
    assert_pending!(send.poll());
    assert_eq!(rx.try_recv(), Ok(1));
    assert!(send.is_woken());
    assert_ready_ok!(send.poll());
    assert_eq!(rx.try_recv(), Ok(3));
    assert_eq!(tx.capacity(), 1);
    assert_eq!(tx.max_capacity(), 1);
}

#[test]
fn waiting_senders_are_served_fifo() {
    let (tx, mut rx) = mpsc::channel(1);
    tx.try_send(0).unwrap();
    let mut sends: Vec<_> = (1..4).map(|i| spawn(tx.send(i))).collect();
    for s in &mut sends {
        assert_pending!(s.poll());
    }
    for (i, s) in sends.iter_mut().enumerate() {
        let got = rx.try_recv().unwrap();
        assert_eq!(got, i);
        assert!(s.is_woken());
        assert_ready_ok!(s.poll());
    }
    assert_eq!(rx.try_recv(), Ok(3));
}

#[test]
fn cancelled_send_passes_capacity_on() {
    let (tx, mut rx) = mpsc::channel(1);
    tx.try_send(0).unwrap();
    let mut first = spawn(tx.send(1));
    let mut second = spawn(tx.send(2));
    assert_pending!(first.poll());
    assert_pending!(second.poll());
    assert_eq!(rx.try_recv(), Ok(0)); // capacity handed to `first`
    drop(first); // cancelled: its message is not sent
    assert!(second.is_woken());
    assert_ready_ok!(second.poll());
    assert_eq!(rx.try_recv(), Ok(2));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
}

#[test]
fn try_send_closed() {
    let (tx, mut rx) = mpsc::channel(1);
    rx.close();
    let err = tx.try_send(1).unwrap_err();
    assert!(err.is_closed());
    assert_eq!(err.to_string(), "channel closed");
    assert_eq!(err.into_inner(), 1);
    assert_eq!(TrySendError::Full(()).to_string(), "no available capacity");
}

#[test]
fn all_senders_dropped_ends_stream_after_buffer() {
    let (tx, mut rx) = mpsc::channel(2);
    let tx2 = tx.clone();
    tx.try_send(1).unwrap();
    drop(tx);
    let mut recv = spawn(async {
        let a = rx.recv().await;
        let b = rx.recv().await;
        (a, b)
    });
    assert_pending!(recv.poll());
    drop(tx2);
    assert!(recv.is_woken());
    assert_eq!(assert_ready!(recv.poll()), (Some(1), None));
    drop(recv);
    assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
    assert!(rx.is_closed());
}

#[test]
fn close_fails_pending_senders_and_drains_buffer() {
    let (tx, mut rx) = mpsc::channel(1);
    tx.try_send(1).unwrap();
    let mut waiting = spawn(tx.send(2));
    assert_pending!(waiting.poll());
    let mut closed = spawn(tx.closed());
    assert_pending!(closed.poll());
    rx.close();
    assert!(waiting.is_woken());
    assert_eq!(assert_ready_err!(waiting.poll()).0, 2);
    assert!(closed.is_woken());
    assert_ready!(closed.poll());
    assert!(tx.is_closed());
    assert!(rx.is_closed());
    assert_eq!(block_on(rx.recv()), Some(1));
    assert_eq!(block_on(rx.recv()), None);
    assert!(block_on(tx.send(3)).is_err());
}

#[test]
fn outstanding_permit_keeps_closed_channel_open() {
    let (tx, mut rx) = mpsc::channel(2);
    let permit = tx.try_reserve().unwrap();
    let unused = tx.try_reserve().unwrap();
    rx.close();
    let mut recv = spawn(rx.recv());
    assert_pending!(recv.poll());
    permit.send(5);
    assert!(recv.is_woken());
    assert_eq!(assert_ready!(recv.poll()), Some(5));
    drop(recv);
    let mut recv = spawn(rx.recv());
    assert_pending!(recv.poll());
    drop(unused);
    assert!(recv.is_woken());
    assert_eq!(assert_ready!(recv.poll()), None);
}

#[test]
fn receiver_drop_drops_buffered_messages() {
    let counter = DropCounter::default();
    let (tx, rx) = mpsc::channel(4);
    tx.try_send(counter.token()).unwrap();
    tx.try_send(counter.token()).unwrap();
    assert_eq!(counter.dropped(), 0);
    drop(rx);
    assert_eq!(counter.dropped(), 2);
    // A refused message comes back to the caller.
    let back = tx.try_send(counter.token()).unwrap_err().into_inner();
    assert_eq!(counter.dropped(), 2);
    drop(back);
    assert_eq!(counter.dropped(), 3);
}

#[test]
fn message_owning_a_sender_can_be_dropped_with_the_receiver() {
    // Dropping buffered messages must not hold the channel lock: this
    // message's destructor drops the last sender of the same channel.
    struct Message(mpsc::UnboundedSender<Message>);
    impl Drop for Message {
        fn drop(&mut self) {
            // The receiver is closed before its messages are dropped.
            assert!(self.0.is_closed());
        }
    }
    let (tx, rx) = mpsc::unbounded_channel::<Message>();
    tx.send(Message(tx.clone())).unwrap();
    drop(tx);
    drop(rx);
}

#[test]
fn reserve_and_permits() {
    let (tx, mut rx) = mpsc::channel(2);
    let permit = block_on(tx.reserve()).unwrap();
    assert_eq!(tx.capacity(), 1);
    drop(permit);
    assert_eq!(tx.capacity(), 2);
    let permit = tx.try_reserve().unwrap();
    permit.send("a");
    assert!(format!("{:?}", tx.try_reserve().unwrap()).contains("Permit"));
    assert_eq!(rx.try_recv(), Ok("a"));
    rx.close();
    assert_eq!(tx.try_reserve().unwrap_err(), TrySendError::Closed(()));
    assert!(block_on(tx.reserve()).is_err());
}

#[test]
fn dropped_permit_wakes_waiting_sender() {
    let (tx, _rx) = mpsc::channel::<i32>(1);
    let permit = tx.try_reserve().unwrap();
    let mut send = spawn(tx.send(1));
    assert_pending!(send.poll());
    drop(permit);
    assert!(send.is_woken());
    assert_ready_ok!(send.poll());
}

#[test]
fn reserve_many() {
    let (tx, mut rx) = mpsc::channel(3);
    let mut permits = block_on(tx.reserve_many(2)).unwrap();
    assert_eq!(permits.len(), 2);
    assert_eq!(tx.capacity(), 1);
    permits.next().unwrap().send(1);
    drop(permits); // one unused permit returns
    assert_eq!(tx.capacity(), 2);
    assert_eq!(rx.try_recv(), Ok(1));
    assert!(block_on(tx.reserve_many(4)).is_err());
    assert_eq!(tx.try_reserve_many(4).unwrap_err(), TrySendError::Full(()));
    let all = tx.try_reserve_many(3).unwrap();
    assert!(tx.try_reserve_many(1).unwrap_err().is_full());
    assert_eq!(all.count(), 3);
    assert_eq!(tx.capacity(), 3);
}

#[test]
fn owned_permits() {
    let (tx, mut rx) = mpsc::channel(1);
    let permit = block_on(tx.clone().reserve_owned()).unwrap();
    assert!(permit.same_channel_as_sender(&tx));
    let tx2 = permit.send(1);
    assert!(tx2.same_channel(&tx));
    let full = tx2.try_reserve_owned().unwrap_err();
    assert!(full.is_full());
    let tx2 = full.into_inner();
    assert_eq!(rx.try_recv(), Ok(1));
    let permit = tx2.try_reserve_owned().unwrap();
    let tx2 = permit.release();
    assert_eq!(tx2.capacity(), 1);
    let permit = tx2.try_reserve_owned().unwrap();
    drop(permit); // drops its sender too
    assert_eq!(tx.strong_count(), 1);
    assert_eq!(tx.capacity(), 1);
    rx.close();
    assert!(block_on(tx.clone().reserve_owned()).is_err());
    assert!(tx.clone().try_reserve_owned().unwrap_err().is_closed());
}

#[test]
fn weak_senders() {
    let (tx, mut rx) = mpsc::channel::<i32>(1);
    let weak = tx.downgrade();
    let weak2 = weak.clone();
    assert_eq!(tx.weak_count(), 2);
    assert_eq!(rx.sender_weak_count(), 2);
    assert_eq!(weak.strong_count(), 1);
    let strong = weak.upgrade().unwrap();
    assert_eq!(rx.sender_strong_count(), 2);
    drop(strong);
    drop(tx);
    assert!(weak.upgrade().is_none());
    assert_eq!(block_on(rx.recv()), None);
    drop(weak2);
    assert_eq!(weak.weak_count(), 1);
}

#[test]
fn recv_many_and_poll_recv() {
    let (tx, mut rx) = mpsc::channel(8);
    for i in 0..5 {
        tx.try_send(i).unwrap();
    }
    let mut buf = vec![100];
    assert_eq!(block_on(rx.recv_many(&mut buf, 0)), 0);
    assert_eq!(block_on(rx.recv_many(&mut buf, 3)), 3);
    assert_eq!(buf, [100, 0, 1, 2]);
    assert_eq!(tx.capacity(), 6);
    let task = MockTask::new();
    assert_eq!(
        task.enter(|cx| rx.poll_recv_many(cx, &mut buf, 10)),
        std::task::Poll::Ready(2)
    );
    assert!(task.enter(|cx| rx.poll_recv(cx)).is_pending());
    tx.try_send(9).unwrap();
    assert_eq!(task.wake_count(), 1);
    assert_eq!(
        task.enter(|cx| rx.poll_recv(cx)),
        std::task::Poll::Ready(Some(9))
    );
    drop(tx);
    assert_eq!(block_on(rx.recv_many(&mut buf, 3)), 0);
    assert_eq!(rx.blocking_recv_many(&mut buf, 3), 0);
}

#[test]
fn blocking_send_and_recv() {
    let (tx, mut rx) = mpsc::channel(2);
    let t = std::thread::spawn(move || {
        for i in 0..100 {
            tx.blocking_send(i).unwrap();
        }
    });
    for i in 0..100 {
        assert_eq!(rx.blocking_recv(), Some(i));
    }
    assert_eq!(rx.blocking_recv(), None);
    t.join().unwrap();
}

#[test]
fn multi_producer_order_and_completeness() {
    const SENDERS: usize = 4;
    const PER_SENDER: usize = 2000;
    let (tx, mut rx) = mpsc::channel(16);
    let threads: Vec<_> = (0..SENDERS)
        .map(|id| {
            let tx = tx.clone();
            support::thread_spawn(async move {
                for i in 0..PER_SENDER {
                    tx.send((id, i)).await.unwrap();
                }
            })
        })
        .collect();
    drop(tx);
    let mut next = [0usize; SENDERS];
    let mut total = 0;
    while let Some((id, i)) = block_on(rx.recv()) {
        assert_eq!(i, next[id], "sender {id} out of order");
        next[id] += 1;
        total += 1;
    }
    assert_eq!(total, SENDERS * PER_SENDER);
    for t in threads {
        t.join().unwrap();
    }
}

/// The capacity bound holds while contended senders wait and the
/// receiver's releases race them (the semaphore's lock-free release), and
/// every permit is back at the end.
#[test]
fn contended_senders_respect_capacity_and_return_permits() {
    const SENDERS: usize = 4;
    const PER_SENDER: usize = 2000;
    const CAPACITY: usize = 3;
    let (tx, mut rx) = mpsc::channel(CAPACITY);
    let threads: Vec<_> = (0..SENDERS)
        .map(|id| {
            let tx = tx.clone();
            support::thread_spawn(async move {
                for i in 0..PER_SENDER {
                    tx.send((id, i)).await.unwrap();
                }
            })
        })
        .collect();
    let mut next = [0usize; SENDERS];
    for _ in 0..SENDERS * PER_SENDER {
        assert!(rx.len() <= CAPACITY, "{} buffered", rx.len());
        let (id, i) = block_on(rx.recv()).unwrap();
        assert_eq!(i, next[id], "sender {id} out of order");
        next[id] += 1;
    }
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    assert_eq!(tx.capacity(), CAPACITY);
    // Waiters are gone: the lock-free paths work again.
    let permits = tx.try_reserve_many(CAPACITY).unwrap();
    assert!(tx.try_reserve().unwrap_err().is_full());
    drop(permits);
    assert_eq!(tx.capacity(), CAPACITY);
}

#[test]
fn unbounded_send_recv_and_close() {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut recv = spawn(rx.recv());
    assert_pending!(recv.poll());
    tx.send(1).unwrap();
    assert!(recv.is_woken());
    assert_eq!(assert_ready!(recv.poll()), Some(1));
    drop(recv);
    tx.send(2).unwrap();
    let mut closed = spawn(tx.closed());
    assert_pending!(closed.poll());
    rx.close();
    assert_ready!(closed.poll());
    assert!(tx.is_closed());
    assert_eq!(tx.send(3).unwrap_err().0, 3);
    assert_eq!(rx.try_recv(), Ok(2));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
    assert_eq!(block_on(rx.recv()), None);
}

#[test]
fn unbounded_senders_drop_and_weak() {
    let (tx, mut rx) = mpsc::unbounded_channel::<u8>();
    let weak = tx.downgrade();
    assert_eq!(tx.weak_count(), 1);
    assert_eq!(weak.strong_count(), 1);
    let tx2 = weak.upgrade().unwrap();
    assert!(tx2.same_channel(&tx));
    assert_eq!(rx.sender_strong_count(), 2);
    drop(tx);
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    drop(tx2);
    assert!(weak.upgrade().is_none());
    assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
    assert!(rx.is_closed());
    assert_eq!(weak.clone().weak_count(), 2);
    assert_eq!(rx.sender_weak_count(), 1);
}

#[test]
fn unbounded_receiver_drop_drops_messages() {
    let counter = DropCounter::default();
    let (tx, rx) = mpsc::unbounded_channel();
    for _ in 0..3 {
        tx.send(counter.token()).unwrap();
    }
    drop(rx);
    assert_eq!(counter.dropped(), 3);
    assert!(tx.send(counter.token()).is_err());
    assert_eq!(counter.dropped(), 4);
}

#[test]
fn unbounded_many_threads() {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let threads: Vec<_> = (0..4)
        .map(|id| {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for i in 0..1000 {
                    tx.send((id, i)).unwrap();
                }
            })
        })
        .collect();
    drop(tx);
    let mut next = [0; 4];
    let mut buf = Vec::new();
    while rx.blocking_recv_many(&mut buf, 64) > 0 {
        for (id, i) in buf.drain(..) {
            assert_eq!(i, next[id]);
            next[id] += 1;
        }
    }
    assert_eq!(next, [1000; 4]);
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn unbounded_poll_recv_many_and_len() {
    let (tx, mut rx) = mpsc::unbounded_channel();
    tx.send(1).unwrap();
    tx.send(2).unwrap();
    assert_eq!(rx.len(), 2);
    let task = MockTask::new();
    let mut buf = Vec::new();
    assert_eq!(
        task.enter(|cx| rx.poll_recv_many(cx, &mut buf, 1)),
        std::task::Poll::Ready(1)
    );
    assert_eq!(block_on(rx.recv_many(&mut buf, 5)), 1);
    assert_eq!(buf, [1, 2]);
    assert!(rx.is_empty());
    assert!(task.enter(|cx| rx.poll_recv(cx)).is_pending());
    drop(tx);
    assert_eq!(task.wake_count(), 1);
}

#[test]
fn sender_closed_completes_on_receiver_drop_from_thread() {
    let (tx, rx) = mpsc::channel::<()>(1);
    let tx = Arc::new(tx);
    let tx2 = tx.clone();
    let t = support::thread_spawn(async move { tx2.closed().await });
    std::thread::sleep(std::time::Duration::from_millis(10));
    drop(rx);
    t.join().unwrap();
    assert!(tx.is_closed());
}

#[test]
fn debug_impls() {
    let (tx, rx) = mpsc::channel::<()>(1);
    assert!(format!("{tx:?}").contains("Sender"));
    assert!(format!("{rx:?}").contains("Receiver"));
    assert!(format!("{:?}", tx.downgrade()).contains("WeakSender"));
    let (utx, urx) = mpsc::unbounded_channel::<()>();
    assert!(format!("{utx:?}").contains("UnboundedSender"));
    assert!(format!("{urx:?}").contains("UnboundedReceiver"));
    assert!(format!("{:?}", utx.downgrade()).contains("WeakUnboundedSender"));
}

/// The receiver takes the whole queue in one critical section and serves
/// it from its own batch (chan.rs rule 8): capacity, `len`, order and drop
/// must behave exactly as if the messages were still in the channel.
#[test]
fn receiver_batch_keeps_capacity_len_order_and_drop() {
    let counter = DropCounter::default();
    let (tx, mut rx) = mpsc::channel(4);
    for i in 0..4 {
        tx.try_send((i, counter.token())).unwrap();
    }
    assert_eq!(tx.capacity(), 0);
    // Takes the whole queue into the batch; hands out one message.
    assert_eq!(rx.try_recv().unwrap().0, 0);
    // Three are still buffered (in the batch) and hold their permits.
    assert_eq!(rx.len(), 3);
    assert_eq!(tx.capacity(), 1);
    tx.try_send((4, counter.token())).unwrap();
    assert!(matches!(
        tx.try_send((5, counter.token())),
        Err(TrySendError::Full(_))
    ));
    assert_eq!(rx.len(), 4);
    // Order: the batch first, then what was sent after it was taken.
    assert_eq!(block_on(rx.recv()).unwrap().0, 1);
    assert_eq!(rx.try_recv().unwrap().0, 2);
    assert_eq!(counter.dropped(), 4); // 0, 1, 2 and the refused 5
                                      // Dropping the receiver drops the batch (3) and the queue (4), and
                                      // gives their capacity back to the (now closed) channel.
    drop(rx);
    assert_eq!(counter.dropped(), 6);
    assert!(tx.is_closed());
}
