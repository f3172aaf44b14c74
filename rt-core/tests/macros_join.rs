//! `join!`: tuple of outputs, concurrency on one task, rotating fairness,
//! `biased;`, early drop of finished futures, many futures.

#[path = "support/macros_support.rs"]
mod support;

use std::future::{pending, ready, IntoFuture};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::task::Poll;

use rt_core::join;
use support::{
    block_on, oneshot, poll_once, yield_once, CountingWaker, DropFlag, LogPolls, ReadyAfter,
};

#[test]
fn returns_outputs_in_written_order() {
    let out =
        block_on(async { join!(ReadyAfter::new(3, 'a'), ready(2u8), ReadyAfter::new(1, "c")) });
    assert_eq!(out, ('a', 2, "c"));
}

#[test]
fn empty_single_and_trailing_comma() {
    block_on(async {
        let () = join!();
        let (one,) = join!(ready(1));
        let (a, b) = join!(ready(1), ready("b"),);
        assert_eq!((one, a, b), (1, 1, "b"));
    });
}

#[test]
fn futures_run_concurrently_on_one_task() {
    // Sequentially these would take 3 + 3 + 3 pending rounds; joined, every
    // round polls all three, so 3 rounds of pending then one of completion.
    let a = ReadyAfter::new(3, 1);
    let b = ReadyAfter::new(3, 2);
    let c = ReadyAfter::new(3, 3);
    let polls = [a.polls(), b.polls(), c.polls()];
    let fut = async { join!(a, b, c) };
    let mut fut = std::pin::pin!(fut);
    let waker = CountingWaker::new();
    for _ in 0..3 {
        assert!(poll_once(fut.as_mut(), &waker).is_pending());
    }
    assert_eq!(poll_once(fut.as_mut(), &waker), Poll::Ready((1, 2, 3)));
    assert!(polls.iter().all(|p| p.load(Ordering::SeqCst) == 4));
}

#[test]
fn finished_future_is_dropped_at_once_and_not_polled_again() {
    let (guard, dropped) = DropFlag::new();
    let quick = ReadyAfter::new(0, ());
    let quick_polls = quick.polls();
    let out = block_on(async {
        join!(
            async move {
                let _g = guard;
                quick.await;
                1
            },
            async {
                for _ in 0..5 {
                    yield_once().await;
                }
                dropped.load(Ordering::SeqCst)
            },
        )
    });
    assert_eq!(
        out,
        (1, true),
        "the finished future was dropped while the other still ran"
    );
    assert_eq!(quick_polls.load(Ordering::SeqCst), 1);
}

#[test]
fn start_rotates_each_poll() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let fut = async {
        join!(
            LogPolls::new(0, &log),
            LogPolls::new(1, &log),
            LogPolls::new(2, &log)
        )
    };
    let mut fut = std::pin::pin!(fut);
    let waker = CountingWaker::new();
    for _ in 0..4 {
        assert!(poll_once(fut.as_mut(), &waker).is_pending());
    }
    assert_eq!(*log.lock().unwrap(), [0, 1, 2, 1, 2, 0, 2, 0, 1, 0, 1, 2]);
}

#[test]
fn biased_always_starts_with_the_first() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let fut = async {
        join!(biased; LogPolls::new(0, &log), LogPolls::new(1, &log), LogPolls::new(2, &log))
    };
    let mut fut = std::pin::pin!(fut);
    let waker = CountingWaker::new();
    for _ in 0..3 {
        assert!(poll_once(fut.as_mut(), &waker).is_pending());
    }
    assert_eq!(*log.lock().unwrap(), [0, 1, 2, 0, 1, 2, 0, 1, 2]);
}

#[test]
fn biased_returns_all_outputs() {
    let out = block_on(async { join!(biased; ReadyAfter::new(2, 1), ready(2), ) });
    assert_eq!(out, (1, 2));
}

#[test]
fn skips_finished_futures_in_later_polls() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let fut = async { join!(ready(()), LogPolls::new(1, &log)) };
    let mut fut = std::pin::pin!(fut);
    let waker = CountingWaker::new();
    for _ in 0..3 {
        assert!(poll_once(fut.as_mut(), &waker).is_pending());
    }
    assert_eq!(*log.lock().unwrap(), [1, 1, 1]);
}

#[test]
fn wakes_when_a_future_is_woken_from_another_thread() {
    let (tx, rx) = oneshot::<&str>();
    let sender = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(20));
        tx.send("late");
    });
    let out = block_on(async { join!(rx, ready("now")) });
    sender.join().unwrap();
    assert_eq!(out, (Some("late"), "now"));
}

#[test]
fn dropping_a_pending_join_drops_the_unfinished_futures() {
    let (a, a_dropped) = DropFlag::new();
    let fut = async move {
        join!(
            async move {
                let _a = a;
                pending::<()>().await
            },
            ready(1)
        )
    };
    let mut fut = Box::pin(fut);
    assert!(poll_once(fut.as_mut(), &CountingWaker::new()).is_pending());
    assert!(!a_dropped.load(Ordering::SeqCst));
    drop(fut);
    assert!(a_dropped.load(Ordering::SeqCst));
}

struct Doubled(u32);

impl IntoFuture for Doubled {
    type Output = u32;
    type IntoFuture = std::future::Ready<u32>;

    fn into_future(self) -> Self::IntoFuture {
        ready(self.0 * 2)
    }
}

#[test]
fn accepts_into_future_and_borrowed_pinned_futures() {
    block_on(async {
        let later = ReadyAfter::new(2, 5);
        rt_core::pin!(later);
        let (a, b) = join!(Doubled(4), &mut later);
        assert_eq!((a, b), (8, 5));
    });
}

#[test]
fn join_future_is_send_when_its_futures_are() {
    fn assert_send<T: Send>(_: &T) {}
    let fut = async { join!(ReadyAfter::new(1, 1u8), async { String::from("s") }) };
    assert_send(&fut);
    assert_eq!(block_on(fut), (1, "s".to_string()));
}

#[test]
fn sixty_four_futures() {
    macro_rules! join_64 {
        ($($i:literal)*) => {
            join!($( ReadyAfter::new($i % 5, $i), )*)
        };
    }
    let out = block_on(async {
        join_64!(
            0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
            32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63)
    });
    assert_eq!(out.0, 0);
    assert_eq!(out.37, 37);
    assert_eq!(out.63, 63);
}

#[test]
fn no_warnings_in_user_code() {
    #[deny(warnings)]
    async fn forms() -> (u8, (), (u8,)) {
        let () = join!();
        let (a, b) = join!(ready(1u8), async {});
        let c = join!(biased; ready(a));
        (a, b, c)
    }
    assert_eq!(block_on(forms()), (1, (), (1,)));
}
