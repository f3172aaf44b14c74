use super::{spawn_inner, JoinHandle, LocalSet, SpawnMeta};
use crate::runtime::Handle;
use std::future::Future;
use std::io;
use std::panic::Location;

/// Spawns tasks with a name, visible in task dumps, hooks and slow-poll
/// reports.
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let h = rt_core::task::Builder::new()
///         .name("worker-7")
///         .spawn(async { 7 })
///         .unwrap();
///     assert_eq!(h.await.unwrap(), 7);
/// });
/// ```
#[derive(Debug, Default, Clone)]
pub struct Builder<'a> {
    name: Option<&'a str>,
}

impl<'a> Builder<'a> {
    /// A builder for an unnamed task.
    pub fn new() -> Builder<'a> {
        Builder { name: None }
    }

    /// Names the task.
    pub fn name(self, name: &'a str) -> Builder<'a> {
        Builder { name: Some(name) }
    }

    fn meta(&self, location: &'static Location<'static>) -> SpawnMeta {
        let mut meta = SpawnMeta::new(location);
        meta.name = self.name.map(Box::from);
        meta
    }

    /// Spawns the task on the current runtime, like [`spawn`](super::spawn).
    ///
    /// # Errors
    ///
    /// Never fails today; the `io::Result` is Tokio's signature, kept for
    /// portability.
    ///
    /// # Panics
    ///
    /// Panics outside a runtime, like [`spawn`](super::spawn).
    #[track_caller]
    pub fn spawn<F>(self, future: F) -> io::Result<JoinHandle<F::Output>>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let meta = self.meta(Location::caller());
        Ok(if std::mem::size_of::<F>() > super::BOX_FUTURE_THRESHOLD {
            spawn_inner(Box::pin(future), meta)
        } else {
            spawn_inner(future, meta)
        })
    }

    /// Spawns the task on the runtime of `handle`.
    ///
    /// # Errors
    ///
    /// Never fails today (Tokio's signature).
    #[track_caller]
    pub fn spawn_on<F>(self, future: F, handle: &Handle) -> io::Result<JoinHandle<F::Output>>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        Ok(handle.spawn_with_meta(future, self.meta(Location::caller())))
    }

    /// Spawns a `!Send` task on the current [`LocalSet`], like
    /// [`spawn_local`](super::spawn_local).
    ///
    /// # Errors
    ///
    /// Never fails today (Tokio's signature).
    ///
    /// # Panics
    ///
    /// Panics outside a `LocalSet`.
    #[track_caller]
    pub fn spawn_local<F>(self, future: F) -> io::Result<JoinHandle<F::Output>>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        Ok(super::local::spawn_local_with_meta(
            future,
            self.meta(Location::caller()),
        ))
    }

    /// Spawns a `!Send` task on `local`.
    ///
    /// # Errors
    ///
    /// Never fails today (Tokio's signature).
    #[track_caller]
    pub fn spawn_local_on<F>(self, future: F, local: &LocalSet) -> io::Result<JoinHandle<F::Output>>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        Ok(local.spawn_local_with_meta(future, self.meta(Location::caller())))
    }

    /// Runs a blocking function on the current runtime's blocking pool,
    /// like [`spawn_blocking`](super::spawn_blocking).
    ///
    /// # Errors
    ///
    /// Never fails today (Tokio's signature).
    ///
    /// # Panics
    ///
    /// Panics outside a runtime.
    #[track_caller]
    pub fn spawn_blocking<F, R>(self, f: F) -> io::Result<JoinHandle<R>>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        Ok(Handle::current().spawn_blocking_with_meta(f, self.meta(Location::caller())))
    }

    /// Runs a blocking function on `handle`'s blocking pool.
    ///
    /// # Errors
    ///
    /// Never fails today (Tokio's signature).
    #[track_caller]
    pub fn spawn_blocking_on<F, R>(self, f: F, handle: &Handle) -> io::Result<JoinHandle<R>>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        Ok(handle.spawn_blocking_with_meta(f, self.meta(Location::caller())))
    }
}
