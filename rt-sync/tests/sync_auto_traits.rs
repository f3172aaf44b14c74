//! Public types and futures are `Send`/`Sync` where users need them (so they
//! can be used in spawned tasks), and guards are not `Sync` for `!Sync` data.

use rt_sync::{
    broadcast, mpsc, oneshot, watch, Barrier, CancellationToken, Mutex, Notify, OnceCell, RwLock,
    Semaphore, SetOnce,
};
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

    let token = CancellationToken::new();
    send_sync(&token.cancelled());
    send_sync(&token.clone().cancelled_owned());
    send_sync(&token.run_until_cancelled(async {}));
    send_sync(&token.clone().drop_guard());

    let lock = Arc::new(RwLock::new(String::new()));
    send_sync(&lock.read());
    send_sync(&lock.write());
    send_sync(&lock.clone().read_owned());
    send_sync(&lock.clone().write_owned());

    let (wtx, mut wrx) = watch::channel(String::new());
    send_sync(&wtx.closed());
    send_sync(&wrx.changed());
    send_sync(&wrx.wait_for(|_| true));

    let (btx, mut brx) = broadcast::channel::<String>(1);
    send_sync(&btx);
    send_sync(&brx.recv());

    let barrier = Barrier::new(1);
    send_sync(&barrier.wait());
    let cell = OnceCell::<String>::new();
    send_sync(&cell.get_or_init(|| async { String::new() }));
    let set_once = SetOnce::<String>::new();
    send_sync(&set_once.wait());
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

    // RwLock guards hand out `&T` to whoever holds them: they are `Send`
    // only for `Sync` data.
    let lock = Arc::new(RwLock::new(0u8));
    send_sync(&lock.try_read().unwrap());
    send_sync(&lock.clone().try_write_owned().unwrap());
    let (wtx, wrx) = watch::channel(0u8);
    send_sync(&wtx);
    send_sync(&wrx);
    send_sync(&CancellationToken::new());
}
