//! `pin!`: the shadowing form, the `let` form, the expression form; pinned
//! values stay put and are dropped at the end of their scope.

#[path = "support/macros_support.rs"]
mod support;

use std::cell::Cell;
use std::future::Future;
use std::marker::PhantomPinned;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};

use rt_core::pin;
use support::{block_on, poll_once, CountingWaker, DropFlag, ReadyAfter};

/// A `!Unpin` future that records its address on the first poll and checks
/// it is never moved afterwards; ready on the `polls`-th poll.
struct StaysPut {
    first_address: Cell<usize>,
    polls_left: Cell<u32>,
    _pinned: PhantomPinned,
}

impl StaysPut {
    fn new(polls: u32) -> StaysPut {
        StaysPut {
            first_address: Cell::new(0),
            polls_left: Cell::new(polls),
            _pinned: PhantomPinned,
        }
    }
}

impl Future for StaysPut {
    type Output = usize;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
        let here = &*self as *const StaysPut as usize;
        match self.first_address.get() {
            0 => self.first_address.set(here),
            first => assert_eq!(first, here, "a pinned future moved"),
        }
        let left = self.polls_left.get() - 1;
        self.polls_left.set(left);
        if left == 0 {
            Poll::Ready(here)
        } else {
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

#[test]
fn shadowing_form_pins_locals_in_place() {
    block_on(async {
        let a = StaysPut::new(3);
        let b = ReadyAfter::new(1, "b");
        pin!(a, b);
        let _: &Pin<&mut StaysPut> = &a;
        let _: &Pin<&mut ReadyAfter<&str>> = &b;
        // Poll `a` through `&mut` twice from the outside, then finish it.
        let waker = CountingWaker::new();
        assert!(poll_once(a.as_mut(), &waker).is_pending());
        assert!(poll_once(a.as_mut(), &waker).is_pending());
        let address = (&mut a).await;
        assert_eq!(address, &*a as *const StaysPut as usize);
        assert_eq!((&mut b).await, "b");
    });
}

#[test]
fn shadowing_form_accepts_one_name_none_and_a_trailing_comma() {
    let x = ReadyAfter::new(0, 1);
    let y = ReadyAfter::new(0, 2);
    pin!();
    pin!(x);
    pin!(y,);
    let waker = CountingWaker::new();
    assert_eq!(poll_once(x.as_mut(), &waker), Poll::Ready(1));
    assert_eq!(poll_once(y.as_mut(), &waker), Poll::Ready(2));
}

#[test]
fn let_form_declares_and_pins() {
    block_on(async {
        pin! {
            let first = StaysPut::new(2);
            let second = async { 7 };
        }
        let _: &Pin<&mut StaysPut> = &first;
        let address = (&mut first).await;
        assert_eq!(address, &*first as *const StaysPut as usize);
        assert_eq!((&mut second).await, 7);
    });
}

#[test]
fn expression_form_evaluates_to_a_pinned_reference() {
    block_on(async {
        let mut fut = pin!(StaysPut::new(3));
        let _: &Pin<&mut StaysPut> = &fut;
        let waker = CountingWaker::new();
        assert!(poll_once(fut.as_mut(), &waker).is_pending());
        let address = fut.as_mut().await;
        assert_eq!(address, &*fut as *const StaysPut as usize);
        let twice = pin!(async { 21 * 2 }).await;
        assert_eq!(twice, 42);
        let trailing = pin!(std::future::ready(3),).await;
        assert_eq!(trailing, 3);
    });
}

#[test]
fn pinned_future_survives_a_select_loop_without_moving() {
    let out = block_on(async {
        let slow = StaysPut::new(6);
        pin!(slow);
        let mut other_wins = 0;
        loop {
            rt_core::select! {
                address = &mut slow => break (address, other_wins),
                () = ReadyAfter::new(1, ()) => other_wins += 1,
            }
        }
    });
    assert!(out.0 != 0);
    assert!(out.1 <= 5);
}

#[test]
fn pinned_value_is_dropped_at_the_end_of_its_scope() {
    let (guard, dropped) = DropFlag::new();
    {
        let value = guard;
        pin!(value);
        let _: &Pin<&mut DropFlag> = &value;
        assert!(!dropped.load(Ordering::SeqCst));
    }
    assert!(dropped.load(Ordering::SeqCst));
}

#[test]
fn no_warnings_in_user_code() {
    #[deny(warnings)]
    fn forms() -> u8 {
        let a = ReadyAfter::new(0, 1u8);
        pin!(a);
        pin! {
            let b = ReadyAfter::new(0, 2u8);
        }
        let c = pin!(ReadyAfter::new(0, 3u8));
        let waker = CountingWaker::new();
        let mut total = 0;
        for p in [
            poll_once(a, &waker),
            poll_once(b, &waker),
            poll_once(c, &waker),
        ] {
            if let Poll::Ready(v) = p {
                total += v;
            }
        }
        total
    }
    assert_eq!(forms(), 6);
}
