//! The one way this crate reaches the blocking pool.

use rt_core::task::{JoinError, JoinHandle};
use std::io;

/// Runs `f` on the blocking pool and waits for it: the body of every path
/// helper (one job each).
///
/// # Panics
///
/// Outside a runtime, with `spawn_blocking`'s message.
pub(crate) async fn asyncify<F, T>(f: F) -> io::Result<T>
where
    F: FnOnce() -> io::Result<T> + Send + 'static,
    T: Send + 'static,
{
    join(spawn(f)).await
}

/// Spawns `f` on the current runtime's blocking pool.
///
/// # Panics
///
/// Outside a runtime, with `spawn_blocking`'s message.
pub(crate) fn spawn<F, T>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    rt_core::task::spawn_blocking(f)
}

/// Waits for a job that returns an `io::Result`, turning a job that never
/// ran or panicked into an `io::Error`.
pub(crate) async fn join<T>(handle: JoinHandle<io::Result<T>>) -> io::Result<T> {
    handle.await.unwrap_or_else(|e| Err(join_error(e)))
}

/// The `io::Error` for a blocking job that did not complete: cancelled by a
/// runtime shutdown before it started, or panicked.
pub(crate) fn join_error(e: JoinError) -> io::Error {
    if e.is_panic() {
        io::Error::other("a blocking file-system job panicked")
    } else {
        cancelled()
    }
}

/// The `io::Error` for a job the blocking pool dropped without running
/// (the runtime was shutting down).
pub(crate) fn cancelled() -> io::Error {
    io::Error::other("the runtime shut down before the file-system job ran")
}
