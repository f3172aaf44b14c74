//! `select!`: every branch form, preconditions, `else`, pattern-disabled
//! branches, drop order, control flow in handlers, fairness and `biased;`,
//! many branches.

#[path = "support/macros_support.rs"]
mod support;

use std::cell::RefCell;
use std::future::{pending, ready, Future, IntoFuture};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use rt_core::select;
use support::{
    block_on, oneshot, poll_once, yield_once, CountingWaker, DropFlag, LogPolls, Never, ReadyAfter,
};

#[test]
fn ready_branch_wins_over_pending_one() {
    for _ in 0..50 {
        let out = block_on(async {
            select! {
                () = pending::<()>() => "pending",
                v = ready(5) => if v == 5 { "ready" } else { "wrong value" },
            }
        });
        assert_eq!(out, "ready");
    }
}

#[test]
fn first_to_complete_wins_and_others_are_not_waited_for() {
    let never = Never::new();
    let never_polls = never.polls();
    let out = block_on(async {
        select! {
            v = ReadyAfter::new(3, 'a') => v,
            () = never => 'n',
        }
    });
    assert_eq!(out, 'a');
    // Polled once per round: 3 pending rounds, then the round `a` finishes
    // in (which may or may not poll `never` first).
    let polls = never_polls.load(Ordering::SeqCst);
    assert!((3..=4).contains(&polls), "{polls}");
}

#[test]
fn handler_value_is_the_value_of_select() {
    let out: (u8, &str) = block_on(async {
        select! {
            v = ready(1u8) => (v, "one"),
            () = pending() => (0, "never"),
        }
    });
    assert_eq!(out, (1, "one"));
}

#[test]
fn every_handler_form_parses() {
    block_on(async {
        let mut hits = Vec::new();
        for _ in 0..4 {
            // Block handler with a comma, block handler without, expression
            // handler with a comma, expression handler last without one;
            // each form also with a precondition.
            select! {
                biased;
                _ = pending::<()>() => { hits.push(0) },
                _ = pending::<()>(), if hits.len() > 100 => { hits.push(1) }
                _ = pending::<()>() => hits.push(2),
                _ = pending::<()>(), if true => hits.push(3),
                v = ready(4) => hits.push(v)
            }
            select! {
                _ = pending::<()>(), if true => hits.push(5),
                v = ready(6), if true => { hits.push(v) }
            }
        }
        assert_eq!(hits, [4, 6, 4, 6, 4, 6, 4, 6]);
    });
}

#[test]
fn trailing_comma_after_last_expression_handler_and_else() {
    let a = block_on(async {
        select! { v = ready(1) => v, }
    });
    let b = block_on(async {
        select! { v = ready(2), if false => v, else => 3, }
    });
    let c = block_on(async {
        select! { v = ready(4), if false => v, else => { 5 } }
    });
    assert_eq!((a, b, c), (1, 3, 5));
}

#[test]
fn precondition_false_disables_branch_but_evaluates_its_future() {
    let created = AtomicUsize::new(0);
    let never = Never::new();
    let never_polls = never.polls();
    let out = block_on(async {
        select! {
            () = { created.fetch_add(1, Ordering::SeqCst); never }, if false => "disabled",
            v = ReadyAfter::new(2, "enabled") => v,
        }
    });
    assert_eq!(out, "enabled");
    assert_eq!(
        created.load(Ordering::SeqCst),
        1,
        "the future expression is evaluated"
    );
    assert_eq!(
        never_polls.load(Ordering::SeqCst),
        0,
        "a disabled branch is never polled"
    );
}

#[test]
fn preconditions_are_evaluated_before_futures_in_order() {
    let log = RefCell::new(Vec::new());
    let step = |s: &'static str| {
        log.borrow_mut().push(s);
        true
    };
    block_on(async {
        select! {
            _ = { step("fut 0"); ready(()) }, if step("cond 0") => {}
            _ = { step("fut 1"); ready(()) } => {}
            _ = { step("fut 2"); ready(()) }, if step("cond 2") => {}
        }
    });
    assert_eq!(
        *log.borrow(),
        ["cond 0", "cond 2", "fut 0", "fut 1", "fut 2"]
    );
}

#[test]
fn else_runs_when_every_branch_is_disabled() {
    let never = Never::new();
    let polls = never.polls();
    let out = block_on(async {
        select! {
            () = never, if false => 1,
            v = ready(2), if 1 + 1 == 3 => v,
            else => 3,
        }
    });
    assert_eq!(out, 3);
    assert_eq!(polls.load(Ordering::SeqCst), 0);
}

#[test]
#[should_panic(expected = "all branches are disabled and there is no else branch")]
fn panics_when_every_branch_is_disabled_without_else() {
    block_on(async {
        select! {
            () = ready(()), if false => {}
            () = pending(), if false => {}
        }
    });
}

#[test]
#[should_panic(expected = "all branches are disabled and there is no else branch")]
fn panics_when_every_output_mismatches_without_else() {
    block_on(async {
        select! {
            Some(()) = ready(None) => {}
        }
    });
}

#[test]
fn mismatched_output_disables_branch_and_race_goes_on() {
    for _ in 0..50 {
        let mismatch = ReadyAfter::new(0, None::<u32>);
        let mismatch_polls = mismatch.polls();
        let out = block_on(async {
            select! {
                Some(v) = mismatch => v,
                v = ReadyAfter::new(3, 7) => v + 100,
            }
        });
        assert_eq!(out, 107);
        assert_eq!(
            mismatch_polls.load(Ordering::SeqCst),
            1,
            "a finished future is not polled again"
        );
    }
}

#[test]
fn mismatch_of_every_branch_runs_else() {
    let out = block_on(async {
        select! {
            Ok(v) = ready(Err::<u8, u8>(1)) => v,
            Some(v) = ReadyAfter::new(2, None::<u8>) => v,
            0 = ready(9u8) => 0,
            else => 42,
        }
    });
    assert_eq!(out, 42);
}

#[test]
fn losing_and_winning_futures_are_dropped_before_the_handler_runs() {
    let (loser_guard, loser_dropped) = DropFlag::new();
    let (winner_guard, winner_dropped) = DropFlag::new();
    let (disabled_guard, disabled_dropped) = DropFlag::new();
    let checked = block_on(async {
        select! {
            () = async move {
                let _g = loser_guard;
                pending::<()>().await;
            } => false,
            () = async move {
                let _g = disabled_guard;
                pending::<()>().await;
            }, if false => false,
            () = async move {
                let _g = winner_guard;
                yield_once().await;
            } => {
                assert!(loser_dropped.load(Ordering::SeqCst), "loser still alive in handler");
                assert!(disabled_dropped.load(Ordering::SeqCst), "disabled future still alive in handler");
                assert!(winner_dropped.load(Ordering::SeqCst), "winner still alive in handler");
                true
            }
        }
    });
    assert!(checked);
}

#[test]
fn handler_may_use_what_the_futures_borrowed() {
    let mut buf = vec![1, 2];
    block_on(async {
        select! {
            n = async { buf.len() } => buf.push(n),
            () = async { buf.iter().for_each(drop); pending::<()>().await } => unreachable!(),
        }
    });
    assert_eq!(buf, [1, 2, 2]);
}

#[test]
fn loop_with_pinned_future_keeps_its_progress() {
    let long = ReadyAfter::new(10, "long");
    let long_polls = long.polls();
    let out = block_on(async {
        let long = long;
        rt_core::pin!(long);
        let mut ticks = 0;
        loop {
            select! {
                v = &mut long => break (v, ticks),
                () = yield_once() => ticks += 1,
            }
        }
    });
    assert_eq!(out.0, "long");
    // One future for the whole loop: exactly 11 polls, however the turns went.
    assert_eq!(long_polls.load(Ordering::SeqCst), 11);
    assert!(out.1 <= 10);
}

#[test]
fn handlers_can_break_and_continue_the_enclosing_loop() {
    let out = block_on(async {
        let mut seen = Vec::new();
        let mut i = 0;
        let last = loop {
            i += 1;
            select! {
                v = ready(i) => {
                    if v % 2 == 0 {
                        continue;
                    }
                    if v > 6 {
                        break v;
                    }
                    seen.push(v);
                }
            }
        };
        (seen, last)
    });
    assert_eq!(out, (vec![1, 3, 5], 7));
}

#[test]
fn labeled_break_through_select() {
    let out = block_on(async {
        let mut n = 0;
        'outer: for _ in 0..10 {
            for _ in 0..10 {
                select! {
                    () = ready(()) => {
                        n += 1;
                        if n == 3 {
                            break 'outer;
                        }
                    }
                }
            }
        }
        n
    });
    assert_eq!(out, 3);
}

#[test]
fn handlers_can_return_and_use_question_mark() {
    async fn classify(input: Result<u8, String>) -> Result<&'static str, String> {
        let v = select! {
            r = ready(input) => r?,
        };
        if v == 0 {
            select! {
                () = ready(()) => return Ok("zero"),
            }
        }
        Ok("positive")
    }
    assert_eq!(block_on(classify(Ok(0))), Ok("zero"));
    assert_eq!(block_on(classify(Ok(3))), Ok("positive"));
    assert_eq!(
        block_on(classify(Err("bad".into()))),
        Err("bad".to_string())
    );
}

#[test]
fn handlers_can_await() {
    let out = block_on(async {
        select! {
            v = ready(1) => {
                let w = ReadyAfter::new(2, 10).await;
                v + w
            }
        }
    });
    assert_eq!(out, 11);
}

#[test]
fn patterns_of_every_kind() {
    block_on(async {
        // Or-pattern, tuple, struct-like, wildcard, literal, `mut` and
        // `ref mut` bindings (which only work because the macro never matches
        // through a reference), a binding named like the macro's locals.
        let a = select! { 1 | 2 = ready(2) => "or" };
        let b = select! { (x, _) = ready((3, "ignored")) => x };
        let c = select! { mut s = ready(String::from("x")) => { s.push('y'); s } };
        let d = select! { Some(ref mut s) = ready(Some(String::from("r"))) => { s.push('!'); s.clone() } };
        let e = select! { std::ops::Range { start, end } = ready(1..4) => end - start };
        let f = select! { value = ready(9) => value };
        let g = select! { (Some(mut value), _) = ready((Some(vec![1]), ())) => { value.push(2); value } };
        assert_eq!(
            (a, b, c.as_str(), d.as_str(), e, f, g),
            ("or", 3, "xy", "r!", 3, 9, vec![1, 2])
        );
    });
}

#[test]
fn non_copy_output_with_refutable_pattern_is_moved_into_handler() {
    let out = block_on(async {
        select! {
            Ok(v) = ready(Ok::<Vec<String>, ()>(vec!["moved".into()])) => v,
            Err(()) = pending::<Result<(), ()>>() => Vec::new(),
        }
    });
    assert_eq!(out, ["moved"]);
}

struct IntoReady(u8);

impl IntoFuture for IntoReady {
    type Output = u8;
    type IntoFuture = std::future::Ready<u8>;

    fn into_future(self) -> Self::IntoFuture {
        ready(self.0 * 2)
    }
}

#[test]
fn async_expressions_may_be_into_future() {
    let out = block_on(async {
        select! { v = IntoReady(21) => v }
    });
    assert_eq!(out, 42);
}

#[test]
fn nested_select() {
    let out = block_on(async {
        select! {
            v = ready(1) => select! {
                w = ready(v + 1) => select! { x = ready(w * 10) => x },
                () = pending() => 0,
            },
            () = pending() => 0,
        }
    });
    assert_eq!(out, 20);
}

#[test]
fn wakes_up_when_a_branch_is_woken_from_another_thread() {
    let (tx, rx) = oneshot::<u32>();
    let sender = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(20));
        tx.send(99);
    });
    let out = block_on(async {
        select! {
            Some(v) = rx => v,
            () = pending() => 0,
        }
    });
    sender.join().unwrap();
    assert_eq!(out, 99);
}

#[test]
fn closed_channel_pattern_mismatch_falls_to_else() {
    let (tx, rx) = oneshot::<u32>();
    drop(tx);
    let out = block_on(async {
        select! {
            Some(v) = rx => v,
            else => 0,
        }
    });
    assert_eq!(out, 0);
}

#[test]
fn pending_select_is_pending_and_registers_every_branch_waker() {
    let (tx_a, rx_a) = oneshot::<u8>();
    let (tx_b, rx_b) = oneshot::<u8>();
    let fut = async {
        select! {
            Some(v) = rx_a => v,
            Some(v) = rx_b => v + 10,
        }
    };
    let mut fut = std::pin::pin!(fut);
    let waker = CountingWaker::new();
    assert!(poll_once(fut.as_mut(), &waker).is_pending());
    tx_b.send(1);
    assert_eq!(waker.wakes(), 1);
    assert_eq!(poll_once(fut.as_mut(), &waker), Poll::Ready(11));
    drop(tx_a);
}

#[test]
fn without_biased_each_always_ready_branch_wins_often() {
    let mut wins = [0u32; 2];
    for _ in 0..1000 {
        let w = block_on(async {
            select! {
                () = ready(()) => 0,
                () = ready(()) => 1,
            }
        });
        wins[w] += 1;
    }
    // Expected 500 each; below 300 would be a 13-sigma event.
    assert!(wins.iter().all(|&w| w >= 300), "{wins:?}");
}

#[test]
fn without_biased_every_branch_is_sometimes_polled_first() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut first = [0u32; 4];
    for _ in 0..400 {
        let fut = async {
            select! {
                () = LogPolls::new(0, &log) => {}
                () = LogPolls::new(1, &log) => {}
                () = LogPolls::new(2, &log) => {}
                () = LogPolls::new(3, &log) => {}
            }
        };
        let mut fut = std::pin::pin!(fut);
        assert!(poll_once(fut.as_mut(), &CountingWaker::new()).is_pending());
        let mut polled = std::mem::take(&mut *log.lock().unwrap());
        first[polled[0]] += 1;
        // Round-robin from a random start: each branch exactly once, in
        // rotated order.
        let start = polled[0];
        assert!(
            polled
                .iter()
                .enumerate()
                .all(|(i, &b)| b == (start + i) % 4),
            "{polled:?}"
        );
        polled.sort_unstable();
        assert_eq!(polled, [0, 1, 2, 3]);
    }
    assert!(first.iter().all(|&n| n >= 40), "{first:?}");
}

#[test]
fn biased_polls_in_written_order_every_time() {
    let log = Arc::new(Mutex::new(Vec::new()));
    for _ in 0..100 {
        let fut = async {
            select! {
                biased;
                () = LogPolls::new(0, &log) => {}
                () = LogPolls::new(1, &log) => {}
                () = LogPolls::new(2, &log) => {}
            }
        };
        let mut fut = std::pin::pin!(fut);
        let waker = CountingWaker::new();
        assert!(poll_once(fut.as_mut(), &waker).is_pending());
        assert!(poll_once(fut.as_mut(), &waker).is_pending());
        assert_eq!(
            std::mem::take(&mut *log.lock().unwrap()),
            [0, 1, 2, 0, 1, 2]
        );
    }
    for _ in 0..100 {
        let w = block_on(async {
            select! {
                biased;
                () = ready(()) => 0,
                () = ready(()) => 1,
            }
        });
        assert_eq!(w, 0);
    }
}

#[test]
fn biased_with_preconditions_and_else() {
    let mut order = Vec::new();
    block_on(async {
        let mut done = [false; 3];
        loop {
            select! {
                biased;
                () = ready(()), if !done[0] => { done[0] = true; order.push(0) }
                () = ready(()), if !done[1] => { done[1] = true; order.push(1) }
                () = ready(()), if !done[2] => { done[2] = true; order.push(2) }
                else => break,
            }
        }
    });
    assert_eq!(order, [0, 1, 2]);
}

/// Ready with its id when `id == target`, else pending forever.
struct Gate {
    id: u32,
    target: u32,
}

impl Future for Gate {
    type Output = u32;

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<u32> {
        if self.id == self.target {
            Poll::Ready(self.id)
        } else {
            Poll::Pending
        }
    }
}

macro_rules! select_over_gates {
    ($target:expr; $($id:literal)*) => {
        select! {
            $( v = Gate { id: $id, target: $target } => (v, $id), )*
        }
    };
}

#[test]
fn sixty_four_branches_pick_the_ready_one() {
    for target in [0, 1, 37, 62, 63] {
        let out = block_on(async {
            select_over_gates!(target;
                0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
                32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63)
        });
        assert_eq!(out, (target, target));
    }
}

#[test]
fn one_hundred_branches_pick_the_ready_one() {
    for target in [0, 50, 99] {
        let out = block_on(async {
            select_over_gates!(target;
                0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
                32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63
                64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95
                96 97 98 99)
        });
        assert_eq!(out, (target, target));
    }
}

#[test]
fn select_future_is_send_when_its_branches_are() {
    fn assert_send<T: Send>(_: &T) {}
    let fut = async {
        let (_tx, rx) = oneshot::<u8>();
        select! {
            Some(v) = rx => v,
            v = ReadyAfter::new(1, 1u8) => v,
        }
    };
    assert_send(&fut);
    assert_eq!(block_on(fut), 1);
}

#[test]
fn single_branch_irrefutable_pattern_has_no_warnings() {
    // `#![deny(warnings)]` is not set on the suite, so check the two lint
    // triggers the expansion silences still compile cleanly as used.
    #[deny(unreachable_patterns, unused_variables, unused_mut)]
    async fn f() -> u8 {
        select! { v = ready(3u8) => v }
    }
    assert_eq!(block_on(f()), 3);
}

#[test]
fn dropping_a_pending_select_drops_every_branch_future() {
    let (a, a_dropped) = DropFlag::new();
    let (b, b_dropped) = DropFlag::new();
    let fut = async move {
        select! {
            () = async move { let _a = a; pending::<()>().await } => {}
            () = async move { let _b = b; pending::<()>().await } => {}
        }
    };
    let mut fut = Box::pin(fut);
    assert!(poll_once(fut.as_mut(), &CountingWaker::new()).is_pending());
    assert!(!a_dropped.load(Ordering::SeqCst) && !b_dropped.load(Ordering::SeqCst));
    drop(fut);
    assert!(a_dropped.load(Ordering::SeqCst) && b_dropped.load(Ordering::SeqCst));
}

#[test]
fn disabled_by_precondition_future_lives_until_select_ends() {
    // Tokio keeps a disabled branch's future with the others; it is dropped
    // together with them, not at once.
    let (guard, dropped) = DropFlag::new();
    let seen_alive = AtomicBool::new(false);
    block_on(async {
        select! {
            () = async move { let _g = guard; }, if false => {}
            () = async {
                seen_alive.store(!dropped.load(Ordering::SeqCst), Ordering::SeqCst);
            } => {}
        }
    });
    assert!(seen_alive.load(Ordering::SeqCst));
    assert!(dropped.load(Ordering::SeqCst));
}
