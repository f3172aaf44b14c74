//! Runtime support for the control-flow macros.
//!
//! Everything here is reached by the macros as `$crate::macros::support::...`
//! so that the expansions keep working when a user renames the crate, and so
//! that a user's own items named `Poll`, `Some` or `poll_fn` cannot capture a
//! path inside an expansion. None of it is meant to be used directly.
//!
//! The macros themselves contain no `unsafe`: futures are pinned in place with
//! [`core::pin::pin!`] (re-exported here as [`pin_place!`]), and a finished
//! future is never polled again because each branch carries its own flag.

use std::cell::Cell;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;

pub use core::future::{Future, IntoFuture};
pub use core::option::Option::{self, None, Some};
pub use core::pin::pin as pin_place;
pub use core::pin::Pin;
pub use core::result::Result::{self, Err, Ok};
pub use core::task::{Context, Poll};

/// Creates a future that calls `f` each time it is polled.
///
/// The macros build their combined future from one closure that polls every
/// branch; the closure borrows the pinned branch futures, so it never needs
/// to be pinned itself.
pub fn poll_fn<T, F>(f: F) -> PollFn<F>
where
    F: FnMut(&mut Context<'_>) -> Poll<T>,
{
    PollFn { f }
}

/// The future returned by [`poll_fn`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct PollFn<F> {
    f: F,
}

// `PollFn` never hands out a `Pin<&mut F>`: the closure is called through a
// plain `&mut F`, so pinning is not structural and `PollFn` may be `Unpin`
// whatever `F` is.
impl<F> Unpin for PollFn<F> {}

impl<F> fmt::Debug for PollFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PollFn").finish_non_exhaustive()
    }
}

impl<T, F> Future for PollFn<F>
where
    F: FnMut(&mut Context<'_>) -> Poll<T>,
{
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        (self.get_mut().f)(cx)
    }
}

thread_local! {
    // xorshift64* state; 0 means "not seeded yet" (0 is the one state
    // xorshift never leaves, so it can never be a live state).
    static RNG: Cell<u64> = const { Cell::new(0) };
}

/// Returns a pseudo-random number in `0..n` (`0` when `n` is `0`).
///
/// `select!` uses it to pick the branch it polls first, so that with no
/// `biased;` no branch is systematically favoured. The generator is
/// xorshift64* (Vigna, "An experimental exploration of Marsaglia's xorshift
/// generators, scrambled", 2016) with one state per thread, seeded from the
/// standard library's per-process random hash keys; it is fast and well
/// spread, not cryptographic. The range reduction is Lemire's multiply-shift
/// ("Fast random integer generation in an interval", 2019) without the
/// rejection step: its bias is below 2^-32 per value, irrelevant here.
pub fn thread_rng_n(n: u32) -> u32 {
    RNG.with(|cell| {
        let mut s = cell.get();
        if s == 0 {
            s = seed();
        }
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        cell.set(s);
        let r = s.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32;
        ((r * u64::from(n)) >> 32) as u32
    })
}

/// A non-zero seed, different on every thread of every process.
#[cold]
fn seed() -> u64 {
    // Each `RandomState::new()` on a thread yields fresh keys (the first is
    // drawn from the OS, later ones are derived from it), so hashing the
    // thread's id gives an unpredictable, per-thread value.
    RandomState::new().hash_one(std::thread::current().id()) | 1
}

/// The panic of a `select!` without an `else` branch whose branches are all
/// disabled. Kept out of line so the expansion stays small; `#[track_caller]`
/// reports the user's `select!` as the location.
#[cold]
#[track_caller]
pub fn all_branches_disabled() -> ! {
    panic!("all branches are disabled and there is no else branch")
}

#[cfg(test)]
mod tests {
    use super::thread_rng_n;

    #[test]
    fn rng_stays_in_range_and_spreads() {
        let mut seen = [0u32; 7];
        for _ in 0..7000 {
            let v = thread_rng_n(7);
            assert!(v < 7);
            seen[v as usize] += 1;
        }
        // Each of 7 values is expected 1000 times; a working generator never
        // strays below half of that in 7000 draws.
        assert!(seen.iter().all(|&c| c > 500), "{seen:?}");
        assert_eq!(thread_rng_n(0), 0);
        assert_eq!(thread_rng_n(1), 0);
    }

    #[test]
    fn threads_get_different_sequences() {
        let draw = || (0..16).map(|_| thread_rng_n(1 << 16)).collect::<Vec<_>>();
        let here = draw();
        let there = std::thread::spawn(draw).join().unwrap();
        assert_ne!(here, there);
    }
}
