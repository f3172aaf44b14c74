//! `OnceCell` behaviour: set and get, one initializer among many, failed
//! and cancelled initializers handing over, take and friends.

mod support;

use rt_sync::{OnceCell, SetError};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use support::{block_on, spawn};

#[test]
fn set_get_and_errors() {
    let cell = OnceCell::new();
    assert!(!cell.initialized());
    assert_eq!(cell.get(), None);
    assert_eq!(cell.set(1), Ok(()));
    assert_eq!(cell.get(), Some(&1));
    let err = cell.set(2).unwrap_err();
    assert!(err.is_already_init_err() && !err.is_initializing_err());
    assert_eq!(err.to_string(), "AlreadyInitializedError");
    assert_eq!(err, SetError::AlreadyInitializedError(2));
    assert_eq!(format!("{cell:?}"), "OnceCell { value: Some(1) }");
}

#[test]
fn set_while_initializing_fails() {
    let cell = OnceCell::new();
    let (release_tx, release_rx) = rt_sync::oneshot::channel::<()>();
    let mut init = spawn(cell.get_or_init(|| async {
        release_rx.await.unwrap();
        1
    }));
    assert_pending!(init.poll());
    let err = cell.set(2).unwrap_err();
    assert!(err.is_initializing_err());
    assert_eq!(err.to_string(), "InitializingError");
    release_tx.send(()).unwrap();
    assert_eq!(*assert_ready!(init.poll()), 1);
}

#[test]
fn concurrent_initializers_run_once_and_waiters_are_woken() {
    let cell = OnceCell::new();
    let runs = AtomicUsize::new(0);
    let (release_tx, release_rx) = rt_sync::oneshot::channel::<()>();
    let mut first = spawn(cell.get_or_init(|| async {
        runs.fetch_add(1, Ordering::SeqCst);
        release_rx.await.unwrap();
        "first"
    }));
    let mut second = spawn(cell.get_or_init(|| async {
        runs.fetch_add(1, Ordering::SeqCst);
        "second"
    }));
    assert_pending!(first.poll());
    assert_pending!(second.poll());
    release_tx.send(()).unwrap();
    assert_eq!(*assert_ready!(first.poll()), "first");
    assert!(second.is_woken());
    assert_eq!(*assert_ready!(second.poll()), "first");
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}

#[test]
fn failed_initializer_lets_the_next_one_try() {
    let cell = OnceCell::new();
    let (fail_tx, fail_rx) = rt_sync::oneshot::channel::<()>();
    let mut failing = spawn(cell.get_or_try_init(|| async {
        fail_rx.await.unwrap();
        Err::<u8, &str>("boom")
    }));
    let mut next = spawn(cell.get_or_try_init(|| async { Ok::<u8, &str>(2) }));
    assert_pending!(failing.poll());
    assert_pending!(next.poll());
    fail_tx.send(()).unwrap();
    assert_eq!(assert_ready!(failing.poll()), Err("boom"));
    assert!(next.is_woken());
    assert_eq!(assert_ready!(next.poll()), Ok(&2));
}

#[test]
fn cancelled_initializer_lets_the_next_one_try() {
    let cell = OnceCell::new();
    let mut cancelled = spawn(cell.get_or_init(std::future::pending::<u8>));
    let mut next = spawn(cell.get_or_init(|| async { 3 }));
    assert_pending!(cancelled.poll());
    assert_pending!(next.poll());
    drop(cancelled);
    assert!(next.is_woken());
    assert_eq!(*assert_ready!(next.poll()), 3);
}

#[test]
fn panicking_initializer_lets_the_next_one_try() {
    let cell = Arc::new(OnceCell::new());
    let c2 = cell.clone();
    let result = std::thread::spawn(move || {
        block_on(c2.get_or_init(|| async { panic!("init failed") }));
    })
    .join();
    assert!(result.is_err());
    assert_eq!(*block_on(cell.get_or_init(|| async { 4 })), 4);
}

#[test]
fn already_set_skips_the_initializer() {
    let cell = OnceCell::new_with(Some(1));
    assert_eq!(*block_on(cell.get_or_init(|| async { unreachable!() })), 1);
    let r: Result<&i32, ()> = block_on(cell.get_or_try_init(|| async { unreachable!() }));
    assert_eq!(r, Ok(&1));
}

#[test]
fn take_get_mut_into_inner_and_traits() {
    let mut cell = OnceCell::from(1);
    *cell.get_mut().unwrap() = 2;
    assert_eq!(cell.clone(), OnceCell::new_with(Some(2)));
    assert_eq!(cell.take(), Some(2));
    assert_eq!(cell.take(), None);
    assert!(!cell.initialized());
    assert_eq!(*block_on(cell.get_or_init(|| async { 5 })), 5);
    assert_eq!(cell.into_inner(), Some(5));
    assert_eq!(OnceCell::<u8>::default().into_inner(), None);
    assert_ne!(OnceCell::from(1), OnceCell::new());

    static CELL: OnceCell<u8> = OnceCell::const_new();
    assert_eq!(*block_on(CELL.get_or_init(|| async { 8 })), 8);
}

#[test]
fn many_threads_race_to_initialize() {
    let cell = Arc::new(OnceCell::new());
    let runs = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let (cell, runs) = (cell.clone(), runs.clone());
            support::thread_spawn(async move {
                *cell
                    .get_or_init(|| async move {
                        runs.fetch_add(1, Ordering::SeqCst);
                        i
                    })
                    .await
            })
        })
        .collect();
    let values: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(values.iter().all(|v| *v == values[0]));
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}
