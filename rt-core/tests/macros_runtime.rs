//! The macros on the real runtime, on every scheduler flavour: racing and
//! joining spawned tasks, `select!` loops around `yield_now`, macro futures
//! spawned as tasks (which needs them to be `Send`).

#[macro_use]
mod support;

use rt_core::task;

/// Yields `n` times to the scheduler, then returns `value`.
async fn after_yields<T>(n: usize, value: T) -> T {
    for _ in 0..n {
        task::yield_now().await;
    }
    value
}

rt_test! {
    async fn select_races_spawned_tasks() {
        let mut quick = rt_core::spawn(after_yields(1, "quick"));
        let mut slow = rt_core::spawn(after_yields(200, "slow"));
        let first = rt_core::select! {
            out = &mut quick => out.unwrap(),
            out = &mut slow => out.unwrap(),
        };
        // The loser was raced through `&mut`: still there to await.
        let second = if first == "quick" { slow.await.unwrap() } else { quick.await.unwrap() };
        let mut both = [first, second];
        both.sort_unstable();
        assert_eq!(both, ["quick", "slow"]);
    }

    async fn select_loop_around_yield_now_keeps_the_pinned_future() {
        let work = after_yields(20, 7u32);
        rt_core::pin!(work);
        let mut ticks = 0u32;
        let out = loop {
            rt_core::select! {
                v = &mut work => break v,
                () = task::yield_now() => ticks += 1,
            }
        };
        assert_eq!(out, 7);
        assert!(ticks <= 20, "{ticks}");
    }

    async fn join_spawned_tasks() {
        let (a, b, c) = rt_core::join!(
            rt_core::spawn(after_yields(3, 1u8)),
            rt_core::spawn(after_yields(1, 2u8)),
            after_yields(2, 3u8),
        );
        assert_eq!((a.unwrap(), b.unwrap(), c), (1, 2, 3));
    }

    async fn try_join_stops_at_a_panicked_task() {
        let ok = rt_core::spawn(after_yields(1, ()));
        let boom = rt_core::spawn(async { panic!("boom") });
        let err = rt_core::try_join!(ok, boom).map(|_: ((), ())| ()).unwrap_err();
        assert!(err.is_panic());
    }

    async fn macro_futures_can_be_spawned() {
        let h = rt_core::spawn(async {
            let (a, b) = rt_core::join!(after_yields(2, 1u32), after_yields(1, 2u32));
            let c = rt_core::try_join!(async { Ok::<u32, ()>(3) }, after_yields(1, Ok(4)));
            let d = rt_core::select! {
                v = after_yields(1, 10u32) => v,
                v = after_yields(100, 20u32) => v,
            };
            a + b + c.map(|(x, y)| x + y).unwrap() + d
        });
        assert_eq!(h.await.unwrap(), 20);
    }
}
