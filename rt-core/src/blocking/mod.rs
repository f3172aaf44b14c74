//! The blocking pool: threads for `spawn_blocking` work.
//!
//! Threads start on demand up to `max_blocking_threads`; work beyond the
//! cap waits in a FIFO queue (never dropped). An idle thread waits
//! `thread_keep_alive` for new work, then exits. Shutdown stops accepting
//! work, cancels queued work that has not started, and waits (optionally
//! bounded) for running work to finish.
//!
//! Everything is behind one mutex (`Shared`): blocking work is coarse, so a
//! lock per spawn is cheap next to the thread hand-off it causes.
//!
//! # The spin phase
//!
//! Blocking work usually comes one piece at a time from a task that awaits
//! each result before it spawns the next (`rt-fs`, a `spawn_blocking`
//! loop). Waking a sleeping thread costs a futex call on each side and a
//! scheduler wake-up latency, so a thread that runs out of work first spins
//! for a short while (`SPIN_FOR` in `pool.rs`, 50 µs), and a spawner that finds it
//! spinning leaves the work to it without any wake-up:
//!
//! 1. **One spinner.** A thread that found the queue empty (under the lock)
//!    spins only if `Shared::spinning` is clear and no other pool thread
//!    runs `spawn_blocking` work, and sets it; every other thread goes
//!    straight to the condvar. Only the spinner clears it. (With other work
//!    in flight, as in a burst of file operations, the CPU is better left
//!    to it: spinning there measured 10% slower on `fs_small_files`.)
//! 2. **Handoff.** A spawner that queues work while `spinning` is set and
//!    the queue holds only that work stores `handoff = true` (Release)
//!    before unlocking, and neither notifies an idle thread nor starts one.
//!    More work than that is served the usual way (an idle thread, a new
//!    thread), so a burst is not serialised onto the spinner.
//! 3. **No lost work.** The spinner stops when it loads `handoff` (Acquire)
//!    or when its time is up, then locks, clears `spinning` and `handoff`,
//!    and runs the queue before it counts itself idle: the work of rule 2
//!    is under the lock whichever way the spin ended.
//! 4. **Shutdown** also stores `handoff`, so a spin ends at once and the
//!    spinner finds `shutdown` under the lock.
//!
//! A thread spins only when the machine has more than one CPU, and at most
//! one thread spins at a time, for at most `SPIN_FOR` after each piece of
//! work (or wake-up) that leaves the queue empty and no other work running.
//!
//! Loom models (`pool.rs`, `loom_blocking_*`) check shutdown against a
//! concurrent spawn, an idle thread's wake-up and queued work: shutdown
//! returns, every thread has exited, and every `JoinHandle` resolves, with
//! the value when the work ran and a cancellation when it did not; and a
//! spawn against the spinning thread (`loom_blocking_spawn_races_spin`):
//! the work runs whether the handoff or the end of the spin is seen first.

mod pool;

pub(crate) use pool::{BlockingPool, PoolConfig, Spawner};
