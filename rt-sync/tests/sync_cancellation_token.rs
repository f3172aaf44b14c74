//! `CancellationToken` behaviour: clones, child trees, the wait futures,
//! drop guards, `run_until_cancelled`, and cancellation racing drops.

mod support;

use rt_sync::CancellationToken;
use support::{block_on, spawn, DropCounter};

#[test]
fn new_default_and_debug() {
    let token = CancellationToken::default();
    assert!(!token.is_cancelled());
    assert_eq!(
        format!("{token:?}"),
        "CancellationToken { is_cancelled: false }"
    );
    token.cancel();
    assert!(token.is_cancelled());
    token.cancel(); // idempotent
    assert_eq!(
        format!("{token:?}"),
        "CancellationToken { is_cancelled: true }"
    );
}

#[test]
fn clones_share_the_signal() {
    let token = CancellationToken::new();
    let clone = token.clone();
    let mut waiting = spawn(token.cancelled());
    assert_pending!(waiting.poll());
    clone.cancel();
    assert!(waiting.is_woken());
    assert_ready!(waiting.poll());
    // Fused: polling again stays ready.
    assert_ready!(waiting.poll());
    assert!(token.is_cancelled());
}

#[test]
fn child_follows_parent_but_not_the_other_way() {
    let parent = CancellationToken::new();
    let child = parent.child_token();
    let sibling = parent.child_token();
    let grandchild = child.child_token();
    let mut waiting = spawn(grandchild.cancelled());
    assert_pending!(waiting.poll());

    child.cancel();
    assert!(grandchild.is_cancelled());
    assert!(waiting.is_woken());
    assert_ready!(waiting.poll());
    assert!(!parent.is_cancelled());
    assert!(!sibling.is_cancelled());

    parent.cancel();
    assert!(sibling.is_cancelled());
    // A child of a cancelled token is born cancelled.
    assert!(parent.child_token().is_cancelled());
    assert!(grandchild.child_token().is_cancelled());
}

#[test]
fn dropped_intermediate_tokens_still_propagate() {
    let root = CancellationToken::new();
    let middle = root.child_token();
    let leaf = middle.child_token();
    let leaf_child = leaf.child_token();
    drop(middle);
    let mut waiting = spawn(leaf_child.cancelled());
    assert_pending!(waiting.poll());
    root.cancel();
    assert!(leaf.is_cancelled());
    assert!(waiting.is_woken());
    assert_ready!(waiting.poll());
}

#[test]
fn dropping_the_root_does_not_cancel_children() {
    let root = CancellationToken::new();
    let child = root.child_token();
    let grandchild = child.child_token();
    drop(root);
    assert!(!child.is_cancelled());
    child.cancel();
    assert!(grandchild.is_cancelled());
}

#[test]
fn dropped_wait_future_leaves_no_waiter() {
    let token = CancellationToken::new();
    for _ in 0..100 {
        let mut waiting = spawn(token.cancelled());
        assert_pending!(waiting.poll());
    }
    let mut kept = spawn(token.cancelled());
    assert_pending!(kept.poll());
    assert_pending!(kept.poll()); // re-registering keeps one slot
    token.cancel();
    assert_eq!(kept.wake_count(), 1);
    assert_ready!(kept.poll());
}

#[test]
fn future_created_after_cancel_is_ready() {
    let token = CancellationToken::new();
    token.cancel();
    let mut waiting = spawn(token.cancelled());
    assert_ready!(waiting.poll());
    let mut owned = spawn(token.clone().cancelled_owned());
    assert_ready!(owned.poll());
}

#[test]
fn owned_future_keeps_the_token_alive() {
    let token = CancellationToken::new();
    let child = token.child_token();
    let mut owned = spawn(child.clone().cancelled_owned());
    drop(child); // the future still holds a handle
    assert_pending!(owned.poll());
    token.cancel();
    assert!(owned.is_woken());
    assert_ready!(owned.poll());
}

#[test]
fn drop_guards() {
    let token = CancellationToken::new();
    let guard = token.clone().drop_guard();
    assert!(format!("{guard:?}").starts_with("DropGuard"));
    let back = guard.disarm();
    assert!(!back.is_cancelled());
    drop(back.drop_guard());
    assert!(token.is_cancelled());

    let token = CancellationToken::new();
    let guard = token.drop_guard_ref();
    assert!(format!("{guard:?}").starts_with("DropGuardRef"));
    assert!(!guard.disarm().is_cancelled());
    let guard = token.drop_guard_ref();
    drop(guard);
    assert!(token.is_cancelled());
}

#[test]
fn drop_guard_cancels_on_unwind() {
    let token = CancellationToken::new();
    let t2 = token.clone();
    let result = std::panic::catch_unwind(move || {
        let _guard = t2.drop_guard();
        panic!("task failed");
    });
    assert!(result.is_err());
    assert!(token.is_cancelled());
}

#[test]
fn run_until_cancelled_completes_or_drops_the_future() {
    let token = CancellationToken::new();
    assert_eq!(block_on(token.run_until_cancelled(async { 1 })), Some(1));

    let drops = DropCounter::default();
    let guard = drops.token();
    let mut run = spawn(token.run_until_cancelled(async move {
        let _guard = guard;
        std::future::pending::<()>().await
    }));
    assert_pending!(run.poll());
    token.cancel();
    assert!(run.is_woken());
    assert_eq!(assert_ready!(run.poll()), None);
    assert_eq!(drops.dropped(), 1);

    // Already cancelled: the future is never polled.
    let polled = std::cell::Cell::new(false);
    let out = block_on(token.run_until_cancelled(async { polled.set(true) }));
    assert_eq!(out, None);
    assert!(!polled.get());

    let owned = CancellationToken::new();
    assert_eq!(
        block_on(owned.clone().run_until_cancelled_owned(async { "x" })),
        Some("x")
    );
    owned.cancel();
    assert_eq!(
        block_on(owned.run_until_cancelled_owned(std::future::pending::<()>())),
        None
    );
}

#[test]
fn cancel_from_another_thread_wakes_every_waiter() {
    let root = CancellationToken::new();
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let token = if i % 2 == 0 {
                root.clone()
            } else {
                root.child_token().child_token()
            };
            support::thread_spawn(async move { token.cancelled().await })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(10));
    root.cancel();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn concurrent_children_creation_drop_and_cancel() {
    for _ in 0..50 {
        let root = CancellationToken::new();
        let threads: Vec<_> = (0..3)
            .map(|_| {
                let root = root.clone();
                std::thread::spawn(move || {
                    let mut kept = Vec::new();
                    for i in 0..50 {
                        let child = root.child_token();
                        let grandchild = child.child_token();
                        if i % 5 == 0 {
                            kept.push(grandchild);
                        }
                        // `child` dropped here: `grandchild` moves up.
                    }
                    kept
                })
            })
            .collect();
        let canceller = {
            let root = root.clone();
            std::thread::spawn(move || root.cancel())
        };
        let kept: Vec<_> = threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .collect();
        canceller.join().unwrap();
        assert!(kept.iter().all(CancellationToken::is_cancelled));
    }
}
