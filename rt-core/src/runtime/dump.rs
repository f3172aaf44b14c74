//! Task dumps: every live task of a runtime with its id, name, spawn
//! location, state, poll count and time since its last poll.
//!
//! Unlike Tokio's (unstable, Linux-only, backtrace-based) dumps, these need
//! no tracing machinery and work on every platform and both flavours: they
//! read what each task header records anyway. "Time since last poll" has
//! millisecond granularity and can lag by up to one scheduler batch (the
//! clock is refreshed per batch, not per poll, to keep polls cheap).

use crate::task::Id;
use std::fmt;
use std::panic::Location;
use std::time::Duration;

/// A snapshot of a runtime's live tasks; see
/// [`Handle::dump`](super::Handle::dump).
///
/// Its `Display` is a readable table.
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// let dump = rt.block_on(async {
///     let _a = rt_core::spawn(std::future::pending::<()>());
///     let _b = rt_core::task::Builder::new().name("b").spawn(std::future::pending::<()>()).unwrap();
///     rt_core::runtime::Handle::current().dump().await
/// });
/// let table = dump.to_string();
/// assert!(table.starts_with("2 live task(s)"), "{table}");
/// assert!(table.contains(" b "), "{table}");
/// ```
#[derive(Debug, Clone)]
pub struct Dump {
    pub(crate) tasks: Vec<TaskDump>,
}

impl Dump {
    /// The tasks, oldest first.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let (first, dump) = rt.block_on(async {
    ///     let first = rt_core::spawn(std::future::pending::<()>());
    ///     let _second = rt_core::spawn(std::future::pending::<()>());
    ///     (first.id(), rt_core::runtime::Handle::current().dump().await)
    /// });
    /// assert_eq!(dump.tasks().len(), 2);
    /// assert_eq!(dump.tasks()[0].id(), first, "oldest first");
    /// ```
    pub fn tasks(&self) -> &[TaskDump] {
        &self.tasks
    }
}

/// One task in a [`Dump`].
///
/// ```
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// let dump = rt.block_on(async {
///     let _waiter = rt_core::task::Builder::new()
///         .name("waiter")
///         .spawn(std::future::pending::<()>())
///         .unwrap();
///     rt_core::task::yield_now().await; // the waiter runs once
///     rt_core::runtime::Handle::current().dump().await
/// });
/// let task = &dump.tasks()[0];
/// assert_eq!(task.name(), Some("waiter"));
/// assert_eq!(task.state(), rt_core::runtime::TaskState::Idle);
/// assert_eq!(task.poll_count(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct TaskDump {
    pub(crate) id: Id,
    pub(crate) name: Option<String>,
    pub(crate) location: &'static Location<'static>,
    pub(crate) state: TaskState,
    pub(crate) poll_count: u32,
    pub(crate) since_last_poll: Option<Duration>,
}

impl TaskDump {
    /// The task's id.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let (id, dump) = rt.block_on(async {
    ///     let task = rt_core::spawn(std::future::pending::<()>());
    ///     (task.id(), rt_core::runtime::Handle::current().dump().await)
    /// });
    /// assert_eq!(dump.tasks()[0].id(), id);
    /// ```
    pub fn id(&self) -> Id {
        self.id
    }

    /// The task's name (`task::Builder::name`), if any.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let dump = rt.block_on(async {
    ///     let _waiter = rt_core::task::Builder::new()
    ///         .name("waiter")
    ///         .spawn(std::future::pending::<()>())
    ///         .unwrap();
    ///     rt_core::task::yield_now().await; // the waiter runs once
    ///     rt_core::runtime::Handle::current().dump().await
    /// });
    /// let task = &dump.tasks()[0];
    /// assert_eq!(task.name(), Some("waiter"));
    /// ```
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Where the task was spawned.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let dump = rt.block_on(async {
    ///     let _waiter = rt_core::task::Builder::new()
    ///         .name("waiter")
    ///         .spawn(std::future::pending::<()>())
    ///         .unwrap();
    ///     rt_core::task::yield_now().await; // the waiter runs once
    ///     rt_core::runtime::Handle::current().dump().await
    /// });
    /// let task = &dump.tasks()[0];
    /// assert_eq!(task.spawned_at().file(), file!(), "spawned in this example");
    /// ```
    pub fn spawned_at(&self) -> &'static Location<'static> {
        self.location
    }

    /// What the task was doing at the snapshot.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let dump = rt.block_on(async {
    ///     let _waiter = rt_core::task::Builder::new()
    ///         .name("waiter")
    ///         .spawn(std::future::pending::<()>())
    ///         .unwrap();
    ///     rt_core::task::yield_now().await; // the waiter runs once
    ///     rt_core::runtime::Handle::current().dump().await
    /// });
    /// let task = &dump.tasks()[0];
    /// // Polled once, now waiting for a wake-up that never comes.
    /// assert_eq!(task.state(), rt_core::runtime::TaskState::Idle);
    /// ```
    pub fn state(&self) -> TaskState {
        self.state
    }

    /// How many times it has been polled.
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let dump = rt.block_on(async {
    ///     let _waiter = rt_core::task::Builder::new()
    ///         .name("waiter")
    ///         .spawn(std::future::pending::<()>())
    ///         .unwrap();
    ///     rt_core::task::yield_now().await; // the waiter runs once
    ///     rt_core::runtime::Handle::current().dump().await
    /// });
    /// let task = &dump.tasks()[0];
    /// assert_eq!(task.poll_count(), 1);
    /// ```
    pub fn poll_count(&self) -> u32 {
        self.poll_count
    }

    /// Time since its last poll started (`None`: never polled).
    ///
    /// ```
    /// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
    /// let dump = rt.block_on(async {
    ///     let _waiter = rt_core::task::Builder::new()
    ///         .name("waiter")
    ///         .spawn(std::future::pending::<()>())
    ///         .unwrap();
    ///     rt_core::task::yield_now().await; // the waiter runs once
    ///     rt_core::runtime::Handle::current().dump().await
    /// });
    /// let task = &dump.tasks()[0];
    /// assert!(task.since_last_poll().unwrap() < std::time::Duration::from_secs(60));
    /// ```
    pub fn since_last_poll(&self) -> Option<Duration> {
        self.since_last_poll
    }
}

/// A task's state in a [`Dump`].
///
/// ```
/// use rt_core::runtime::TaskState;
///
/// let rt = rt_core::runtime::Builder::new_current_thread().build().unwrap();
/// let dump = rt.block_on(async {
///     let _queued = rt_core::spawn(async {}); // spawned, not yet run
///     rt_core::runtime::Handle::current().dump().await
/// });
/// assert_eq!(dump.tasks()[0].state(), TaskState::Scheduled);
/// assert_eq!(TaskState::Scheduled.to_string(), "scheduled");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TaskState {
    /// Waiting to be woken.
    Idle,
    /// Woken, waiting in a run queue.
    Scheduled,
    /// Being polled right now.
    Running,
    /// Finished, not yet released (momentary).
    Complete,
}

impl fmt::Display for TaskState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            TaskState::Idle => "idle",
            TaskState::Scheduled => "scheduled",
            TaskState::Running => "running",
            TaskState::Complete => "complete",
        })
    }
}

impl fmt::Display for Dump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} live task(s)", self.tasks.len())?;
        writeln!(
            f,
            "{:>8}  {:<10}  {:>7}  {:>12}  {:<20}  spawned at",
            "id", "state", "polls", "last poll", "name"
        )?;
        for t in &self.tasks {
            let last = match t.since_last_poll {
                Some(d) => format!("{:.3}s ago", d.as_secs_f64()),
                None => "never".to_string(),
            };
            writeln!(
                f,
                "{:>8}  {:<10}  {:>7}  {:>12}  {:<20}  {}",
                t.id.to_string(),
                t.state,
                t.poll_count,
                last,
                t.name.as_deref().unwrap_or("-"),
                t.location
            )?;
        }
        Ok(())
    }
}
