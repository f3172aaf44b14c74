//! `watch` behaviour: latest-value semantics, versions and `changed`,
//! `wait_for`, modification helpers, closing from either side.

mod support;

use rt_sync::watch::{self, error::SendError};
use std::sync::Arc;
use support::{block_on, spawn, MockTask};

#[test]
fn borrow_and_versions() {
    let (tx, mut rx) = watch::channel(1);
    assert_eq!(*rx.borrow(), 1);
    assert!(!rx.borrow().has_changed());
    assert_eq!(rx.has_changed(), Ok(false));
    tx.send(2).unwrap();
    tx.send(3).unwrap();
    assert_eq!(rx.has_changed(), Ok(true));
    let r = rx.borrow();
    assert!(r.has_changed());
    assert_eq!(format!("{r:?}"), "3");
    drop(r);
    let r = rx.borrow_and_update();
    assert!(r.has_changed());
    assert_eq!(*r, 3); // intermediate values are skipped
    drop(r);
    assert_eq!(rx.has_changed(), Ok(false));
    assert!(!tx.borrow().has_changed());
}

#[test]
fn changed_waits_and_is_woken() {
    let (tx, mut rx) = watch::channel("a");
    let mut changed = spawn(rx.changed());
    assert_pending!(changed.poll());
    tx.send("b").unwrap();
    assert!(changed.is_woken());
    assert_ready_ok!(changed.poll());
    drop(changed);
    assert_eq!(*rx.borrow(), "b");
    let mut again = spawn(rx.changed());
    assert_pending!(again.poll()); // "b" was marked seen
}

#[test]
fn cancelled_changed_marks_nothing_seen() {
    let (tx, mut rx) = watch::channel(0);
    {
        let mut changed = spawn(rx.changed());
        assert_pending!(changed.poll());
    }
    tx.send(1).unwrap();
    assert_eq!(rx.has_changed(), Ok(true));
    assert_ready_ok!(spawn(rx.changed()).poll());
}

#[test]
fn sender_drop_closes_after_last_value_is_seen() {
    let (tx, mut rx) = watch::channel(0);
    let mut changed = spawn(rx.changed());
    assert_pending!(changed.poll());
    drop(tx);
    assert!(changed.is_woken());
    assert_ready_err!(changed.poll());
    drop(changed);

    let (tx, mut rx) = watch::channel(0);
    tx.send(1).unwrap();
    drop(tx);
    // An unseen value is delivered first...
    assert!(rx.has_changed().is_err());
    assert_eq!(block_on(rx.changed()), Ok(()));
    assert_eq!(*rx.borrow(), 1);
    // ...then the close.
    let err = block_on(rx.changed()).unwrap_err();
    assert_eq!(err.to_string(), "channel closed");
}

#[test]
fn send_fails_without_receivers_but_replace_and_modify_work() {
    let (tx, rx) = watch::channel(0);
    assert_eq!(tx.receiver_count(), 1);
    drop(rx);
    assert!(tx.is_closed());
    assert_eq!(tx.send(1), Err(SendError(1)));
    assert_eq!(format!("{:?}", SendError(1)), "SendError { .. }");
    assert_eq!(SendError(1).to_string(), "channel closed");
    assert_eq!(*tx.borrow(), 0);
    assert_eq!(tx.send_replace(2), 0);
    tx.send_modify(|v| *v += 1);
    let rx = tx.subscribe();
    assert!(!tx.is_closed());
    assert_eq!(*rx.borrow(), 3);
    assert_eq!(rx.has_changed(), Ok(false));
}

#[test]
fn send_if_modified_notifies_only_when_modified() {
    let (tx, mut rx) = watch::channel(0);
    let mut changed = spawn(rx.changed());
    assert_pending!(changed.poll());
    assert!(!tx.send_if_modified(|_| false));
    assert!(!changed.is_woken());
    assert!(tx.send_if_modified(|v| {
        *v = 9;
        true
    }));
    assert!(changed.is_woken());
    assert_ready_ok!(changed.poll());
}

#[test]
fn panicking_modify_keeps_changes_but_does_not_notify() {
    let (tx, rx) = watch::channel(vec![1]);
    let tx = Arc::new(tx);
    let t2 = tx.clone();
    let result = std::panic::catch_unwind(move || {
        t2.send_modify(|v| {
            v.push(2);
            panic!("modify failed");
        })
    });
    assert!(result.is_err());
    assert_eq!(rx.has_changed(), Ok(false));
    assert_eq!(*rx.borrow(), [1, 2]);
    // The channel still works.
    tx.send(vec![3]).unwrap();
    assert_eq!(*rx.borrow(), [3]);
}

#[test]
fn mark_changed_and_unchanged() {
    let (tx, mut rx) = watch::channel(0);
    rx.mark_changed();
    assert_eq!(rx.has_changed(), Ok(true));
    assert_ready_ok!(spawn(rx.changed()).poll());
    tx.send(1).unwrap();
    rx.mark_unchanged();
    assert_eq!(rx.has_changed(), Ok(false));
    assert_pending!(spawn(rx.changed()).poll());
}

#[test]
fn wait_for_checks_current_value_first_then_changes() {
    let (tx, mut rx) = watch::channel(5);
    // The current value matches, although it is already seen.
    let r = block_on(rx.wait_for(|v| *v == 5)).unwrap();
    assert!(!r.has_changed());
    drop(r);

    let mut seen = Vec::new();
    let mut wait = spawn(rx.wait_for(|v| {
        seen.push(*v);
        *v == 7
    }));
    assert_pending!(wait.poll());
    tx.send(6).unwrap();
    assert!(wait.is_woken());
    assert_pending!(wait.poll());
    tx.send(7).unwrap();
    let r = assert_ready_ok!(wait.poll());
    assert!(r.has_changed());
    assert_eq!(*r, 7);
    drop(r);
    drop(wait);
    assert_eq!(seen, [5, 6, 7]);
    assert_eq!(rx.has_changed(), Ok(false));

    // Closed: the final value was checked and rejected.
    tx.send(8).unwrap();
    drop(tx);
    let mut last = None;
    let err = block_on(rx.wait_for(|v| {
        last = Some(*v);
        false
    }));
    assert!(err.is_err());
    assert_eq!(last, Some(8));
}

#[test]
fn sender_closed_waits_for_every_receiver() {
    let (tx, rx) = watch::channel(());
    let rx2 = rx.clone();
    assert_eq!(tx.receiver_count(), 2);
    let mut closed = spawn(tx.closed());
    assert_pending!(closed.poll());
    drop(rx);
    assert!(!closed.is_woken());
    assert_pending!(closed.poll());
    drop(rx2);
    assert!(closed.is_woken());
    assert_ready!(closed.poll());
    // Already closed: completes at once.
    assert_ready!(spawn(tx.closed()).poll());
}

#[test]
fn clones_and_subscribers() {
    let (tx, mut rx) = watch::channel(0);
    tx.send(1).unwrap();
    let clone = rx.clone(); // inherits "unseen"
    assert_eq!(clone.has_changed(), Ok(true));
    rx.mark_unchanged();
    let sub = tx.subscribe(); // starts with the current value seen
    assert_eq!(sub.has_changed(), Ok(false));
    assert!(rx.same_channel(&clone) && rx.same_channel(&sub));
    let (_tx2, other) = watch::channel(0);
    assert!(!rx.same_channel(&other));
    assert!(format!("{rx:?}").contains("value: 1"));
    assert!(format!("{tx:?}").contains("receiver_count: 3"));
    let default = watch::Sender::<u8>::default();
    assert_eq!(*default.borrow(), 0);
    let lone = watch::Sender::new(4);
    assert_eq!(lone.receiver_count(), 0);
}

#[test]
fn many_receivers_across_threads_see_the_final_value() {
    let (tx, rx) = watch::channel(0u32);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let mut rx = rx.clone();
            support::thread_spawn(async move {
                let mut last = 0;
                while rx.changed().await.is_ok() {
                    let v = *rx.borrow_and_update();
                    assert!(v >= last, "values never go back");
                    last = v;
                }
                last
            })
        })
        .collect();
    for i in 1..=1000 {
        tx.send(i).unwrap();
    }
    drop(tx);
    for t in threads {
        assert_eq!(t.join().unwrap(), 1000);
    }
}

#[test]
fn poll_changed_waits_marks_seen_and_ends_at_close() {
    let (tx, mut rx) = watch::channel(0);
    let task = MockTask::new();
    assert_pending!(task.enter(|cx| rx.poll_changed(cx)));
    assert_pending!(task.enter(|cx| rx.poll_changed(cx))); // one waiter, refreshed
    tx.send(1).unwrap();
    assert_eq!(task.wake_count(), 1);
    tx.send(2).unwrap();
    assert_eq!(task.wake_count(), 1, "woken once: the waiter was unlinked");
    assert_ready_ok!(task.enter(|cx| rx.poll_changed(cx)));
    assert_eq!(*rx.borrow(), 2);
    assert_eq!(rx.has_changed(), Ok(false), "poll_changed marked it seen");
    assert_pending!(task.enter(|cx| rx.poll_changed(cx)));
    tx.send(3).unwrap();
    drop(tx);
    assert_eq!(task.wake_count(), 2);
    // The last value is reported before the close.
    assert_ready_ok!(task.enter(|cx| rx.poll_changed(cx)));
    assert_eq!(*rx.borrow(), 3);
    assert_ready_err!(task.enter(|cx| rx.poll_changed(cx)));
}

#[test]
fn poll_changed_from_another_thread_and_receiver_drop_while_waiting() {
    let (tx, mut rx) = watch::channel(0);
    let mut other = rx.clone();
    let task = MockTask::new();
    assert_pending!(task.enter(|cx| other.poll_changed(cx)));
    drop(other); // removes its waiter; the channel keeps working
    let t = std::thread::spawn(move || {
        tx.send(5).unwrap();
        tx
    });
    block_on(std::future::poll_fn(|cx| rx.poll_changed(cx))).unwrap();
    assert_eq!(*rx.borrow(), 5);
    let tx = t.join().unwrap();
    assert_eq!(tx.receiver_count(), 1);
    assert_eq!(task.wake_count(), 0, "the dropped receiver was not woken");
}
