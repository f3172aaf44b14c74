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
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     // Without a name, the same as `rt_core::spawn`.
    ///     let task = rt_core::task::Builder::new().spawn(async { 2 }).unwrap();
    ///     assert_eq!(task.await.unwrap(), 2);
    /// });
    /// ```
    pub fn new() -> Builder<'a> {
        Builder { name: None }
    }

    /// Names the task.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let dump = rt.block_on(async {
    ///     let _task = rt_core::task::Builder::new()
    ///         .name("named")
    ///         .spawn(std::future::pending::<()>())
    ///         .unwrap();
    ///     rt_core::runtime::Handle::current().dump().await
    /// });
    /// assert_eq!(dump.tasks()[0].name(), Some("named"));
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// rt.block_on(async {
    ///     let task = rt_core::task::Builder::new().name("adder").spawn(async { 1 + 1 }).unwrap();
    ///     assert_eq!(task.await.unwrap(), 2);
    /// });
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let handle = rt.handle().clone();
    /// // From a thread outside any runtime.
    /// let task = std::thread::spawn(move || {
    ///     rt_core::task::Builder::new().name("remote").spawn_on(async { 5 }, &handle).unwrap()
    /// })
    /// .join()
    /// .unwrap();
    /// assert_eq!(rt.block_on(task).unwrap(), 5);
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use std::rc::Rc;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let local = rt_core::task::LocalSet::new();
    /// let value = local.block_on(&rt, async {
    ///     let task = rt_core::task::Builder::new()
    ///         .name("local")
    ///         .spawn_local(async { Rc::new("not Send") })
    ///         .unwrap();
    ///     task.await.unwrap()
    /// });
    /// assert_eq!(*value, "not Send");
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use std::rc::Rc;
    ///
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let local = rt_core::task::LocalSet::new();
    /// // Spawned before the set runs; it runs once the set is driven.
    /// let task = rt_core::task::Builder::new()
    ///     .name("local")
    ///     .spawn_local_on(async { Rc::new(3) }, &local)
    ///     .unwrap();
    /// let value = local.block_on(&rt, async { task.await.unwrap() });
    /// assert_eq!(*value, 3);
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let sum = rt.block_on(async {
    ///     rt_core::task::Builder::new()
    ///         .name("summer")
    ///         .spawn_blocking(|| (1..=10u32).sum::<u32>())
    ///         .unwrap()
    ///         .await
    ///         .unwrap()
    /// });
    /// assert_eq!(sum, 55);
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let job = rt_core::task::Builder::new()
    ///     .name("job")
    ///     .spawn_blocking_on(|| std::thread::current().name().map(String::from), rt.handle())
    ///     .unwrap();
    /// let thread = rt.block_on(job).unwrap();
    /// assert_eq!(thread.as_deref(), Some("rt-runtime-worker"), "the pool's default thread name");
    /// ```
    #[track_caller]
    pub fn spawn_blocking_on<F, R>(self, f: F, handle: &Handle) -> io::Result<JoinHandle<R>>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        Ok(handle.spawn_blocking_with_meta(f, self.meta(Location::caller())))
    }
}
