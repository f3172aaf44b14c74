//! `RwLock` behaviour: shared and exclusive access, write preference and
//! FIFO fairness, cancellation, downgrade, mapped and owned guards.

mod support;

use rt_sync::{
    OwnedRwLockMappedWriteGuard, OwnedRwLockReadGuard, OwnedRwLockWriteGuard, RwLock,
    RwLockMappedWriteGuard, RwLockReadGuard, RwLockWriteGuard,
};
use std::sync::Arc;
use support::{block_on, spawn};

#[test]
fn many_readers_or_one_writer() {
    let lock = RwLock::new(0);
    let r1 = block_on(lock.read());
    let r2 = lock.try_read().unwrap();
    assert!(lock.try_write().is_err());
    let mut writer = spawn(lock.write());
    assert_pending!(writer.poll());
    drop(r1);
    assert!(!writer.is_woken());
    drop(r2);
    assert!(writer.is_woken());
    let mut w = assert_ready!(writer.poll());
    *w = 1;
    assert!(lock.try_read().is_err());
    assert_eq!(
        lock.try_read().unwrap_err().to_string(),
        "operation would block"
    );
    drop(w);
    assert_eq!(*lock.try_read().unwrap(), 1);
}

#[test]
fn queued_writer_blocks_later_readers() {
    let lock = RwLock::new(());
    let early_reader = lock.try_read().unwrap();
    let mut writer = spawn(lock.write());
    assert_pending!(writer.poll());
    // Write preference: a reader arriving after the queued writer waits.
    assert!(lock.try_read().is_err());
    let mut late_reader = spawn(lock.read());
    assert_pending!(late_reader.poll());
    drop(early_reader);
    assert!(writer.is_woken());
    assert!(!late_reader.is_woken());
    let w = assert_ready!(writer.poll());
    assert_pending!(late_reader.poll());
    drop(w);
    assert!(late_reader.is_woken());
    let _r = assert_ready!(late_reader.poll());
}

#[test]
fn waiters_are_served_in_fifo_order() {
    let lock = RwLock::new(Vec::new());
    let w = lock.try_write().unwrap();
    let mut r1 = spawn(lock.read());
    let mut r2 = spawn(lock.read());
    let mut w2 = spawn(lock.write());
    let mut r3 = spawn(lock.read());
    assert_pending!(r1.poll());
    assert_pending!(r2.poll());
    assert_pending!(w2.poll());
    assert_pending!(r3.poll());
    drop(w);
    // Both leading readers get in together; the writer and r3 wait.
    assert!(r1.is_woken() && r2.is_woken());
    assert!(!w2.is_woken() && !r3.is_woken());
    let g1 = assert_ready!(r1.poll());
    let g2 = assert_ready!(r2.poll());
    drop((g1, g2));
    assert!(w2.is_woken());
    let mut g = assert_ready!(w2.poll());
    g.push(1);
    assert_pending!(r3.poll());
    drop(g);
    assert_eq!(*assert_ready!(r3.poll()), [1]);
}

#[test]
fn cancelled_writer_lets_readers_through() {
    let lock = RwLock::with_max_readers((), 4);
    let reader = lock.try_read().unwrap();
    let mut writer = spawn(lock.write());
    assert_pending!(writer.poll()); // holds 3 of 4 permits while queued
    let mut late_reader = spawn(lock.read());
    assert_pending!(late_reader.poll());
    drop(writer); // cancelled: its permits pass on
    assert!(late_reader.is_woken());
    let _r = assert_ready!(late_reader.poll());
    drop(reader);
    assert!(lock.try_read().is_ok());
}

#[test]
fn cancelled_reader_passes_the_permit_on() {
    let lock = RwLock::with_max_readers((), 1);
    let w = lock.try_write().unwrap();
    let mut first = spawn(lock.read());
    let mut second = spawn(lock.read());
    assert_pending!(first.poll());
    assert_pending!(second.poll());
    drop(w); // the one permit goes to `first`
    drop(first); // cancelled before observing it
    assert!(second.is_woken());
    let _r = assert_ready!(second.poll());
}

#[test]
fn max_readers_is_enforced() {
    let lock = RwLock::with_max_readers(1, 2);
    let a = lock.try_read().unwrap();
    let _b = lock.try_read().unwrap();
    assert!(lock.try_read().is_err());
    let mut third = spawn(lock.read());
    assert_pending!(third.poll());
    drop(a);
    assert_eq!(*assert_ready!(third.poll()), 1);
}

#[test]
#[should_panic(expected = "readers")]
fn too_many_max_readers_panics() {
    let _ = RwLock::with_max_readers((), u32::MAX);
}

#[test]
#[should_panic(expected = "at least one reader")]
fn zero_max_readers_panics() {
    let _ = RwLock::with_max_readers((), 0);
}

#[test]
fn downgrade_admits_queued_readers_but_not_writers() {
    let lock = RwLock::new(0);
    let mut w = lock.try_write().unwrap();
    let mut reader = spawn(lock.read());
    assert_pending!(reader.poll());
    *w = 5;
    let r = RwLockWriteGuard::downgrade(w);
    assert!(reader.is_woken());
    assert_eq!(*assert_ready!(reader.poll()), 5);
    assert_eq!(*r, 5);
    assert!(lock.try_write().is_err());
    drop(r);
    assert!(lock.try_write().is_ok());
}

#[test]
fn borrowed_guard_maps() {
    let lock = RwLock::new((1, vec![2]));
    let first = RwLockReadGuard::map(lock.try_read().unwrap(), |t| &t.0);
    assert_eq!(format!("{first:?} {first}"), "1 1");
    let first = RwLockReadGuard::try_map(first, |_| None::<&u8>).unwrap_err();
    assert_eq!(*first, 1);
    drop(first);

    let mut mapped = RwLockWriteGuard::map(lock.try_write().unwrap(), |t| &mut t.1);
    mapped.push(3);
    let mut inner = RwLockMappedWriteGuard::map(mapped, |v| &mut v[0]);
    *inner = 20;
    let inner = RwLockMappedWriteGuard::try_map(inner, |_| None::<&mut u8>).unwrap_err();
    assert!(lock.try_read().is_err());
    drop(inner);

    let w = lock.try_write().unwrap();
    let w = RwLockWriteGuard::try_map(w, |t| t.1.get_mut(9)).unwrap_err();
    let w = RwLockWriteGuard::try_downgrade_map(w, |t| t.1.get(9)).unwrap_err();
    assert!(lock.try_read().is_err());
    let r = RwLockWriteGuard::try_downgrade_map(w, |t| t.1.get(1)).unwrap();
    assert_eq!(*r, 3);
    assert!(lock.try_read().is_ok());
    drop(r);

    let r = RwLockWriteGuard::downgrade_map(lock.try_write().unwrap(), |t| &t.0);
    assert_eq!(*r, 1);
    drop(r);
    let mut whole = RwLockWriteGuard::into_mapped(lock.try_write().unwrap());
    whole.0 = 7;
    drop(whole);
    assert_eq!(*lock.try_read().unwrap(), (7, vec![20, 3]));
}

#[test]
fn owned_guards() {
    let lock = Arc::new(RwLock::new((1, 2)));
    let r = block_on(lock.clone().read_owned());
    assert!(Arc::ptr_eq(OwnedRwLockReadGuard::rwlock(&r), &lock));
    let r2 = lock.clone().try_read_owned().unwrap();
    assert!(lock.clone().try_write_owned().is_err());
    let first = OwnedRwLockReadGuard::map(r, |p| &p.0);
    let first = OwnedRwLockReadGuard::try_map(first, |_| None::<&u8>).unwrap_err();
    assert_eq!(*first, 1);
    // Moved to another thread and dropped there.
    std::thread::spawn(move || drop((first, r2)))
        .join()
        .unwrap();

    let w = block_on(lock.clone().write_owned());
    assert!(Arc::ptr_eq(OwnedRwLockWriteGuard::rwlock(&w), &lock));
    let w = OwnedRwLockWriteGuard::try_map(w, |_| None::<&mut u8>).unwrap_err();
    let mut second = OwnedRwLockWriteGuard::map(w, |p| &mut p.1);
    *second = 5;
    assert!(Arc::ptr_eq(
        OwnedRwLockMappedWriteGuard::rwlock(&second),
        &lock
    ));
    let second = OwnedRwLockMappedWriteGuard::try_map(second, |x| Some(x)).unwrap();
    let second = OwnedRwLockMappedWriteGuard::map(second, |x| x);
    let second = OwnedRwLockMappedWriteGuard::try_map(second, |_| None::<&mut u8>).unwrap_err();
    assert_eq!(format!("{second}"), "5");
    std::thread::spawn(move || drop(second)).join().unwrap();

    let w = lock.clone().try_write_owned().unwrap();
    let w = OwnedRwLockWriteGuard::try_downgrade_map(w, |_| None::<&u8>).unwrap_err();
    let r = OwnedRwLockWriteGuard::try_downgrade_map(w, |p| Some(&p.1)).unwrap();
    assert_eq!(*r, 5);
    assert!(lock.try_read().is_ok());
    assert!(lock.try_write().is_err());
    drop(r);
    let r = OwnedRwLockWriteGuard::downgrade_map(lock.clone().try_write_owned().unwrap(), |p| &p.0);
    assert_eq!(*r, 1);
    drop(r);
    let mapped = OwnedRwLockWriteGuard::into_mapped(lock.clone().try_write_owned().unwrap());
    assert_eq!(*mapped, (1, 5));
    drop(mapped);
    let r = OwnedRwLockWriteGuard::downgrade(lock.clone().try_write_owned().unwrap());
    assert!(lock.try_read().is_ok());
    drop(r);
    assert!(lock.try_write().is_ok());
}

#[test]
fn owned_write_cancellation() {
    let lock = Arc::new(RwLock::new(()));
    let r = lock.clone().try_read_owned().unwrap();
    let mut writer = spawn(lock.clone().write_owned());
    assert_pending!(writer.poll());
    drop(writer);
    drop(r);
    assert!(lock.try_write().is_ok());
}

#[test]
fn blocking_read_and_write_from_threads() {
    let lock = Arc::new(RwLock::new(0u64));
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let lock = lock.clone();
            std::thread::spawn(move || {
                for _ in 0..300 {
                    if i % 2 == 0 {
                        *lock.blocking_write() += 1;
                    } else {
                        let r = lock.blocking_read();
                        assert!(*r <= 600);
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(*lock.blocking_read(), 600);
}

#[test]
fn readers_never_see_a_torn_write() {
    let lock = Arc::new(RwLock::new((0usize, 0usize)));
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let lock = lock.clone();
            support::thread_spawn(async move {
                for _ in 0..200 {
                    if i == 0 {
                        let mut w = lock.write().await;
                        w.0 += 1;
                        std::thread::yield_now();
                        w.1 += 1;
                    } else {
                        let r = lock.read().await;
                        assert_eq!(r.0, r.1);
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(*lock.try_read().unwrap(), (200, 200));
}

#[test]
fn get_mut_into_inner_default_from_debug_const() {
    let mut lock = RwLock::<Vec<u8>>::default();
    lock.get_mut().push(1);
    let w = lock.try_write().unwrap();
    assert!(format!("{lock:?}").contains("<locked>"));
    drop(w);
    assert!(format!("{lock:?}").contains("[1]"));
    assert_eq!(lock.into_inner(), vec![1]);
    let from: RwLock<i32> = 3.into();
    assert_eq!(from.into_inner(), 3);

    static LOCK: RwLock<u32> = RwLock::const_new(7);
    static SMALL: RwLock<u32> = RwLock::const_with_max_readers(1, 1);
    *LOCK.try_write().unwrap() += 1;
    assert_eq!(*LOCK.try_read().unwrap(), 8);
    let _r = SMALL.try_read().unwrap();
    assert!(SMALL.try_read().is_err());
}

#[test]
fn unsized_lock() {
    let lock: Arc<RwLock<[u8]>> = Arc::new(RwLock::new([1, 2, 3]));
    lock.try_write().unwrap()[0] = 9;
    assert_eq!(&*lock.try_read().unwrap(), &[9, 2, 3]);
}
