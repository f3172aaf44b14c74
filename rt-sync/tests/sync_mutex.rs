//! `Mutex` behaviour: exclusion, fairness, cancellation, guards.

mod support;

use rt_sync::{MappedMutexGuard, Mutex, MutexGuard, OwnedMappedMutexGuard, OwnedMutexGuard};
use std::sync::Arc;
use support::{block_on, spawn};

#[test]
fn lock_and_try_lock() {
    let mutex = Mutex::new(0);
    let mut guard = block_on(mutex.lock());
    *guard += 1;
    assert!(mutex.try_lock().is_err());
    assert_eq!(
        mutex.try_lock().unwrap_err().to_string(),
        "operation would block"
    );
    drop(guard);
    assert_eq!(*mutex.try_lock().unwrap(), 1);
}

#[test]
fn lock_waits_and_is_woken_on_unlock() {
    let mutex = Mutex::new(());
    let guard = mutex.try_lock().unwrap();
    let mut waiter = spawn(mutex.lock());
    assert_pending!(waiter.poll());
    drop(guard);
    assert!(waiter.is_woken());
    let _guard = assert_ready!(waiter.poll());
}

#[test]
fn lockers_are_served_in_fifo_order() {
    let mutex = Mutex::new(Vec::new());
    let guard = mutex.try_lock().unwrap();
    let mut waiters: Vec<_> = (0..4).map(|_| spawn(mutex.lock())).collect();
    for w in &mut waiters {
        assert_pending!(w.poll());
    }
    drop(guard);
    for (i, w) in waiters.iter_mut().enumerate() {
        assert!(w.is_woken(), "waiter {i} should be next");
        let mut g = assert_ready!(w.poll());
        g.push(i);
    }
    assert_eq!(*mutex.try_lock().unwrap(), [0, 1, 2, 3]);
}

#[test]
fn try_lock_does_not_overtake_a_waiter() {
    let mutex = Mutex::new(());
    let guard = mutex.try_lock().unwrap();
    let mut waiter = spawn(mutex.lock());
    assert_pending!(waiter.poll());
    drop(guard);
    assert!(mutex.try_lock().is_err());
    let _guard = assert_ready!(waiter.poll());
}

#[test]
fn cancelled_locker_passes_the_lock_on() {
    let mutex = Mutex::new(());
    let guard = mutex.try_lock().unwrap();
    let mut first = spawn(mutex.lock());
    let mut second = spawn(mutex.lock());
    assert_pending!(first.poll());
    assert_pending!(second.poll());
    drop(guard); // handed to `first`
    drop(first); // cancelled before observing it
    assert!(second.is_woken());
    let _guard = assert_ready!(second.poll());
}

#[test]
fn guard_map_and_try_map() {
    let mutex = Mutex::new((1, vec![2]));
    let mut first = MutexGuard::map(mutex.try_lock().unwrap(), |t| &mut t.0);
    *first = 10;
    assert!(mutex.try_lock().is_err());
    drop(first);
    let guard = mutex.try_lock().unwrap();
    let guard = MutexGuard::try_map(guard, |t| t.1.get_mut(5)).unwrap_err();
    assert!(std::ptr::eq(MutexGuard::mutex(&guard), &mutex));
    let mapped = MutexGuard::try_map(guard, |t| Some(&mut t.1)).unwrap();
    let mut inner = MappedMutexGuard::map(mapped, |v| &mut v[0]);
    *inner = 20;
    let inner = MappedMutexGuard::try_map(inner, |_| None::<&mut i32>).unwrap_err();
    assert_eq!(format!("{inner:?} {inner}"), "20 20");
    drop(inner);
    assert_eq!(*mutex.try_lock().unwrap(), (10, vec![20]));
}

#[test]
fn owned_guards() {
    let mutex = Arc::new(Mutex::new((1, 2)));
    let mut guard = block_on(mutex.clone().lock_owned());
    guard.0 = 5;
    assert!(Arc::ptr_eq(OwnedMutexGuard::mutex(&guard), &mutex));
    assert!(mutex.clone().try_lock_owned().is_err());
    let mapped = OwnedMutexGuard::map(guard, |t| &mut t.1);
    assert!(Arc::ptr_eq(OwnedMappedMutexGuard::mutex(&mapped), &mutex));
    let mut mapped = OwnedMappedMutexGuard::try_map(mapped, |x| Some(x)).unwrap();
    *mapped = 6;
    let mapped = OwnedMappedMutexGuard::map(mapped, |x| x);
    // Moved to another thread and dropped there.
    std::thread::spawn(move || drop(mapped)).join().unwrap();
    let guard = mutex.clone().try_lock_owned().unwrap();
    assert_eq!(*guard, (5, 6));
    let guard = OwnedMutexGuard::try_map(guard, |_| None::<&mut ()>).unwrap_err();
    drop(guard);
    assert!(mutex.try_lock().is_ok());
}

#[test]
fn owned_lock_cancellation() {
    let mutex = Arc::new(Mutex::new(()));
    let guard = mutex.clone().try_lock_owned().unwrap();
    let mut waiter = spawn(mutex.clone().lock_owned());
    assert_pending!(waiter.poll());
    drop(waiter);
    drop(guard);
    assert!(mutex.try_lock().is_ok());
}

#[test]
fn blocking_lock_from_threads() {
    let mutex = Arc::new(Mutex::new(0u64));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let mutex = mutex.clone();
            std::thread::spawn(move || {
                for _ in 0..500 {
                    *mutex.blocking_lock() += 1;
                }
                let mut owned = mutex.blocking_lock_owned();
                *owned += 1;
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(*mutex.blocking_lock(), 4 * 501);
}

#[test]
fn guard_held_across_yield_stays_exclusive() {
    let mutex = Arc::new(Mutex::new(0usize));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let mutex = mutex.clone();
            support::thread_spawn(async move {
                for _ in 0..200 {
                    let mut guard = mutex.lock().await;
                    let seen = *guard;
                    std::thread::yield_now();
                    *guard = seen + 1;
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(*mutex.try_lock().unwrap(), 800);
}

#[test]
fn get_mut_into_inner_default_from_debug() {
    let mut mutex = Mutex::<Vec<u8>>::default();
    mutex.get_mut().push(1);
    let locked = mutex.try_lock().unwrap();
    assert!(format!("{mutex:?}").contains("<locked>"));
    drop(locked);
    assert!(format!("{mutex:?}").contains("[1]"));
    assert_eq!(mutex.into_inner(), vec![1]);
    let from: Mutex<i32> = 3.into();
    assert_eq!(from.into_inner(), 3);
}

#[test]
fn const_new_in_static() {
    static LOCK: Mutex<u32> = Mutex::const_new(7);
    *LOCK.try_lock().unwrap() += 1;
    assert_eq!(*LOCK.try_lock().unwrap(), 8);
}

#[test]
fn unsized_mutex() {
    let mutex: Arc<Mutex<[u8]>> = Arc::new(Mutex::new([1, 2, 3]));
    let mut guard = mutex.try_lock().unwrap();
    guard[0] = 9;
    drop(guard);
    assert_eq!(&*mutex.try_lock().unwrap(), &[9, 2, 3]);
}
