//! `SetOnce` behaviour: one successful set, waiters woken, traits.

mod support;

use rt_sync::{SetOnce, SetOnceError};
use std::sync::Arc;
use support::{block_on, spawn};

#[test]
fn set_once_then_error() {
    let cell = SetOnce::new();
    assert!(!cell.initialized());
    assert_eq!(cell.get(), None);
    assert_eq!(cell.set(1), Ok(()));
    assert!(cell.initialized());
    assert_eq!(cell.set(2), Err(SetOnceError(2)));
    assert_eq!(SetOnceError(2).to_string(), "SetOnceError");
    assert_eq!(cell.get(), Some(&1));
}

#[test]
fn waiters_are_woken_by_set() {
    let cell = SetOnce::new();
    let mut a = spawn(cell.wait());
    let mut b = spawn(cell.wait());
    assert_pending!(a.poll());
    assert_pending!(b.poll());
    cell.set("v").unwrap();
    assert!(a.is_woken() && b.is_woken());
    assert_eq!(*assert_ready!(a.poll()), "v");
    assert_eq!(*assert_ready!(b.poll()), "v");
    // Already set: ready at once.
    assert_eq!(*assert_ready!(spawn(cell.wait()).poll()), "v");
}

#[test]
fn cancelled_wait_leaves_nothing_behind() {
    let cell = SetOnce::new();
    {
        let mut gone = spawn(cell.wait());
        assert_pending!(gone.poll());
    }
    cell.set(1).unwrap();
    assert_eq!(*block_on(cell.wait()), 1);
}

#[test]
fn concurrent_setters_one_wins() {
    let cell = Arc::new(SetOnce::new());
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let cell = cell.clone();
            std::thread::spawn(move || cell.set(i).is_ok())
        })
        .collect();
    let waiter = {
        let cell = cell.clone();
        support::thread_spawn(async move { *cell.wait().await })
    };
    let wins = threads
        .into_iter()
        .map(|t| t.join().unwrap())
        .filter(|won| *won)
        .count();
    assert_eq!(wins, 1);
    assert_eq!(waiter.join().unwrap(), *cell.get().unwrap());
}

#[test]
fn constructors_and_traits() {
    static READY: SetOnce<u8> = SetOnce::const_new();
    READY.set(1).unwrap();
    assert_eq!(READY.get(), Some(&1));
    let cell = SetOnce::new_with(Some(2));
    assert_eq!(cell.clone(), SetOnce::from(2));
    assert_ne!(cell, SetOnce::default());
    assert_eq!(format!("{cell:?}"), "SetOnce { value: Some(2) }");
    assert_eq!(cell.into_inner(), Some(2));
    assert_eq!(SetOnce::<u8>::new_with(None).into_inner(), None);
}
