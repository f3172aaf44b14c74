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
//! Loom models (`pool.rs`, `loom_blocking_*`) check shutdown against a
//! concurrent spawn, an idle thread's wake-up and queued work: shutdown
//! returns, every thread has exited, and every `JoinHandle` resolves, with
//! the value when the work ran and a cancellation when it did not.

mod pool;

pub(crate) use pool::{BlockingPool, PoolConfig, Spawner};
