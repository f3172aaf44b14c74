//! `try_join!`: `Ok` of all values, the first `Err` short-circuits and drops
//! the rest, rotating fairness, `biased;`, many futures.

#[path = "support/macros_support.rs"]
mod support;

use std::future::{pending, ready};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::task::Poll;

use rt_core::try_join;
use support::{block_on, poll_once, yield_once, CountingWaker, DropFlag, LogPolls, ReadyAfter};

/// A `LogPolls` with a `Result` output.
async fn logged(id: usize, log: &Arc<Mutex<Vec<usize>>>) -> Result<(), ()> {
    LogPolls::new(id, log).await;
    Ok(())
}

#[test]
fn all_ok_gives_ok_tuple_in_written_order() {
    let out = block_on(async {
        try_join!(
            ReadyAfter::new(2, Ok::<_, String>(1)),
            ready(Ok("two")),
            async { Ok(3.0) }
        )
    });
    assert_eq!(out, Ok((1, "two", 3.0)));
}

#[test]
fn empty_single_and_trailing_comma() {
    block_on(async {
        let empty: Result<(), u8> = try_join!();
        assert_eq!(empty, Ok(()));
        assert_eq!(try_join!(ready(Ok::<_, ()>(1))), Ok((1,)));
        assert_eq!(try_join!(ready(Ok::<_, ()>(1)), ready(Ok(2)),), Ok((1, 2)));
    });
}

#[test]
fn first_err_returns_at_once_and_drops_the_rest() {
    let (guard, dropped) = DropFlag::new();
    let out: Result<((), u8), &str> = block_on(async {
        try_join!(
            async move {
                let _g = guard;
                pending::<()>().await;
                Ok(())
            },
            ReadyAfter::new(2, Err("boom")),
        )
    });
    assert_eq!(out, Err("boom"));
    assert!(dropped.load(Ordering::SeqCst));
}

#[test]
fn err_after_others_succeeded_still_wins() {
    let out = block_on(async {
        try_join!(
            ready(Ok::<u8, u8>(1)),
            ReadyAfter::new(3, Err::<u8, u8>(9)),
            ready(Ok::<u8, u8>(2))
        )
    });
    assert_eq!(out, Err(9));
}

#[test]
fn the_earliest_err_in_time_wins() {
    let out = block_on(async {
        try_join!(
            ReadyAfter::new(4, Err::<(), &str>("late")),
            ReadyAfter::new(1, Err::<(), &str>("early")),
        )
    });
    assert_eq!(out, Err("early"));
}

#[test]
fn futures_run_concurrently_on_one_task() {
    let a = ReadyAfter::new(2, Ok::<u8, ()>(1));
    let b = ReadyAfter::new(2, Ok::<u8, ()>(2));
    let polls = [a.polls(), b.polls()];
    let fut = async { try_join!(a, b) };
    let mut fut = std::pin::pin!(fut);
    let waker = CountingWaker::new();
    assert!(poll_once(fut.as_mut(), &waker).is_pending());
    assert!(poll_once(fut.as_mut(), &waker).is_pending());
    assert_eq!(poll_once(fut.as_mut(), &waker), Poll::Ready(Ok((1, 2))));
    assert!(polls.iter().all(|p| p.load(Ordering::SeqCst) == 3));
}

#[test]
fn start_rotates_each_poll() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let fut = async { try_join!(logged(0, &log), logged(1, &log)) };
    let mut fut = std::pin::pin!(fut);
    let waker = CountingWaker::new();
    for _ in 0..3 {
        assert!(poll_once(fut.as_mut(), &waker).is_pending());
    }
    assert_eq!(*log.lock().unwrap(), [0, 1, 1, 0, 0, 1]);
}

#[test]
fn biased_always_starts_with_the_first() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let fut = async { try_join!(biased; logged(0, &log), logged(1, &log)) };
    let mut fut = std::pin::pin!(fut);
    let waker = CountingWaker::new();
    for _ in 0..3 {
        assert!(poll_once(fut.as_mut(), &waker).is_pending());
    }
    assert_eq!(*log.lock().unwrap(), [0, 1, 0, 1, 0, 1]);
}

#[test]
fn biased_err_of_the_first_ready_wins() {
    let out =
        block_on(async { try_join!(biased; ready(Err::<(), u8>(1)), ready(Err::<(), u8>(2))) });
    assert_eq!(out, Err(1));
}

#[test]
fn works_with_question_mark() {
    async fn both() -> Result<u32, String> {
        let (a, b) = try_join!(
            async {
                yield_once().await;
                Ok::<u32, String>(1)
            },
            ready(Ok(2)),
        )?;
        Ok(a + b)
    }
    async fn failing() -> Result<u32, String> {
        let (a, b) = try_join!(
            ready(Ok::<u32, String>(1)),
            ready(Err::<u32, String>("bad".to_string()))
        )?;
        Ok(a + b)
    }
    assert_eq!(block_on(both()), Ok(3));
    assert_eq!(block_on(failing()), Err("bad".to_string()));
}

#[test]
fn try_join_future_is_send_when_its_futures_are() {
    fn assert_send<T: Send>(_: &T) {}
    let fut = async { try_join!(ReadyAfter::new(1, Ok::<u8, String>(1)), async { Ok(2u16) }) };
    assert_send(&fut);
    assert_eq!(block_on(fut), Ok((1, 2)));
}

#[test]
fn sixty_four_futures_and_one_error_among_them() {
    macro_rules! try_join_64 {
        ($bad:expr; $($i:literal)*) => {
            try_join!($( ReadyAfter::new($i % 7, if $i == $bad { Err($i) } else { Ok($i) }), )*)
        };
    }
    let ok = block_on(async {
        try_join_64!(1000;
            0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
            32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63)
    })
    .unwrap();
    assert_eq!((ok.0, ok.41, ok.63), (0, 41, 63));
    let err = block_on(async {
        try_join_64!(41;
            0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
            32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63)
    });
    assert_eq!(err.map(|_| ()), Err(41));
}

#[test]
fn no_warnings_in_user_code() {
    #[deny(warnings)]
    async fn forms() -> Result<(u8, (u8,)), ()> {
        let () = try_join!()?;
        let (a,) = try_join!(ready(Ok(1u8)))?;
        let b = try_join!(biased; ready(Ok(a)))?;
        Ok((a, b))
    }
    assert_eq!(block_on(forms()), Ok((1, (1,))));
}
