//! Public types and futures are `Send`/`Sync` where users need them (so they
//! can be used in spawned tasks), and guards are not `Sync` for `!Sync` data.

use rt_sync::{mpsc, oneshot, Mutex, Notify, Semaphore};
use std::cell::Cell;
use std::sync::Arc;

fn send<T: Send>(_: &T) {}
fn send_sync<T: Send + Sync>(_: &T) {}

#[test]
fn futures_are_send() {
    let sem = Arc::new(Semaphore::new(1));
    send_sync(&sem.acquire());
    send_sync(&sem.acquire_many(2));
    send_sync(&sem.clone().acquire_owned());

    let mutex = Arc::new(Mutex::new(0u8));
    send_sync(&mutex.lock());
    send_sync(&mutex.clone().lock_owned());

    let notify = Arc::new(Notify::new());
    send_sync(&notify.notified());
    send_sync(&notify.clone().notified_owned());

    let (tx, mut rx) = mpsc::channel::<String>(1);
    send_sync(&tx.send(String::new()));
    send_sync(&tx.reserve());
    send_sync(&tx.closed());
    send_sync(&rx.recv());

    let (utx, mut urx) = mpsc::unbounded_channel::<String>();
    send_sync(&utx.closed());
    send_sync(&urx.recv());

    let (mut otx, orx) = oneshot::channel::<String>();
    send_sync(&otx.closed());
    send_sync(&orx);
}

#[test]
fn handles_and_guards() {
    // Data that is Send but not Sync.
    let mutex = Mutex::new(Cell::new(1));
    send_sync(&mutex);
    send(&mutex.try_lock().unwrap());
    let (tx, rx) = mpsc::channel::<Cell<u8>>(1);
    send_sync(&tx);
    send_sync(&rx);
    let (otx, orx) = oneshot::channel::<Cell<u8>>();
    send_sync(&otx);
    send_sync(&orx);
}
