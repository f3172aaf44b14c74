//! Task hooks and the slow-poll detector (configured on the `Builder`).
//!
//! All hooks live in one `TaskHooks`, shared by the runtime's schedulers;
//! a runtime without hooks pays one branch per poll.

use crate::task::Id;
use std::fmt;
use std::panic::Location;
use std::sync::Arc;
use std::time::Duration;

/// What hooks are told about a task.
///
/// ```
/// use std::sync::{Arc, Mutex};
///
/// let seen = Arc::new(Mutex::new(Vec::new()));
/// let s = seen.clone();
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .on_task_spawn(move |meta| s.lock().unwrap().push(meta.spawned_at().line()))
///     .build()
///     .unwrap();
/// rt.block_on(async { rt_core::spawn(async {}).await.unwrap() });
/// assert_eq!(seen.lock().unwrap().len(), 1);
/// ```
#[derive(Clone, Copy)]
pub struct TaskMeta<'a> {
    pub(crate) id: Id,
    pub(crate) name: Option<&'a str>,
    pub(crate) location: &'static Location<'static>,
}

impl<'a> TaskMeta<'a> {
    /// The task's id.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    ///
    /// let seen = Arc::new(Mutex::new(None));
    /// let s = seen.clone();
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .on_task_spawn(move |meta| *s.lock().unwrap() = Some(meta.id()))
    ///     .build()
    ///     .unwrap();
    /// let id = rt.block_on(async { rt_core::spawn(async {}).id() });
    /// assert_eq!(*seen.lock().unwrap(), Some(id));
    /// ```
    pub fn id(&self) -> Id {
        self.id
    }

    /// The name given with `task::Builder::name`, if any.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    ///
    /// let seen = Arc::new(Mutex::new(None));
    /// let s = seen.clone();
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .on_task_spawn(move |meta| *s.lock().unwrap() = Some(meta.name().map(String::from)))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     rt_core::task::Builder::new().name("named").spawn(async {}).unwrap().await.unwrap();
    /// });
    /// assert_eq!(*seen.lock().unwrap(), Some(Some("named".to_string())));
    /// ```
    pub fn name(&self) -> Option<&'a str> {
        self.name
    }

    /// Where the task was spawned.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    ///
    /// let seen = Arc::new(Mutex::new(None));
    /// let s = seen.clone();
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .on_task_spawn(move |meta| *s.lock().unwrap() = Some(meta.spawned_at().file()))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async { rt_core::spawn(async {}).await.unwrap() });
    /// assert_eq!(*seen.lock().unwrap(), Some(file!()), "spawned in this example");
    /// ```
    pub fn spawned_at(&self) -> &'static Location<'static> {
        self.location
    }
}

impl fmt::Debug for TaskMeta<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TaskMeta")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("spawned_at", &format_args!("{}", self.location))
            .finish()
    }
}

/// A poll that took longer than the runtime's slow-poll threshold.
///
/// Reported through `Builder::on_slow_poll`; without a callback, as a
/// `WARN` event on target `rt::slow_poll` with the `tracing` feature, or as
/// a line on standard error without it.
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use std::time::Duration;
///
/// let seen = Arc::new(Mutex::new(None));
/// let s = seen.clone();
/// let rt = rt_core::runtime::Builder::new_current_thread()
///     .slow_poll_threshold(Duration::from_millis(10))
///     .on_slow_poll(move |report| *s.lock().unwrap() = Some(report.to_string()))
///     .build()
///     .unwrap();
/// rt.block_on(async {
///     rt_core::task::Builder::new()
///         .name("sleepy")
///         .spawn(async { std::thread::sleep(Duration::from_millis(30)) })
///         .unwrap()
///         .await
///         .unwrap();
/// });
/// let line = seen.lock().unwrap().take().unwrap();
/// assert!(line.contains("(\"sleepy\")"), "{line}");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct SlowPoll<'a> {
    pub(crate) task: TaskMeta<'a>,
    pub(crate) duration: Duration,
    pub(crate) threshold: Duration,
}

impl<'a> SlowPoll<'a> {
    /// The task whose poll was slow.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use std::time::Duration;
    ///
    /// let seen = Arc::new(Mutex::new(None));
    /// let s = seen.clone();
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .slow_poll_threshold(Duration::from_millis(10))
    ///     .on_slow_poll(move |report| *s.lock().unwrap() = Some(report.task().name().map(String::from)))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     rt_core::task::Builder::new()
    ///         .name("sleepy")
    ///         .spawn(async { std::thread::sleep(Duration::from_millis(30)) })
    ///         .unwrap()
    ///         .await
    ///         .unwrap();
    /// });
    /// assert_eq!(*seen.lock().unwrap(), Some(Some("sleepy".to_string())));
    /// ```
    pub fn task(&self) -> TaskMeta<'a> {
        self.task
    }

    /// How long the poll took.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use std::time::Duration;
    ///
    /// let seen = Arc::new(Mutex::new(None));
    /// let s = seen.clone();
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .slow_poll_threshold(Duration::from_millis(10))
    ///     .on_slow_poll(move |report| *s.lock().unwrap() = Some(report.duration()))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     rt_core::task::Builder::new()
    ///         .name("sleepy")
    ///         .spawn(async { std::thread::sleep(Duration::from_millis(30)) })
    ///         .unwrap()
    ///         .await
    ///         .unwrap();
    /// });
    /// assert!(seen.lock().unwrap().unwrap() >= Duration::from_millis(30));
    /// ```
    pub fn duration(&self) -> Duration {
        self.duration
    }

    /// The configured threshold it exceeded.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use std::time::Duration;
    ///
    /// let seen = Arc::new(Mutex::new(None));
    /// let s = seen.clone();
    /// let rt = rt_core::runtime::Builder::new_current_thread()
    ///     .slow_poll_threshold(Duration::from_millis(10))
    ///     .on_slow_poll(move |report| *s.lock().unwrap() = Some(report.threshold()))
    ///     .build()
    ///     .unwrap();
    /// rt.block_on(async {
    ///     rt_core::task::Builder::new()
    ///         .name("sleepy")
    ///         .spawn(async { std::thread::sleep(Duration::from_millis(30)) })
    ///         .unwrap()
    ///         .await
    ///         .unwrap();
    /// });
    /// assert_eq!(*seen.lock().unwrap(), Some(Duration::from_millis(10)));
    /// ```
    pub fn threshold(&self) -> Duration {
        self.threshold
    }
}

impl fmt::Display for SlowPoll<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "slow poll: task {}", self.task.id)?;
        if let Some(name) = self.task.name {
            write!(f, " ({name:?})")?;
        }
        write!(
            f,
            " spawned at {} took {:?} (threshold {:?}); a task should not block its worker: \
             move blocking work to spawn_blocking",
            self.task.location, self.duration, self.threshold
        )
    }
}

pub(crate) type MetaHook = Arc<dyn Fn(&TaskMeta<'_>) + Send + Sync>;
pub(crate) type SlowPollHook = Arc<dyn Fn(&SlowPoll<'_>) + Send + Sync>;

/// Every configured task hook.
#[derive(Clone, Default)]
pub(crate) struct TaskHooks {
    pub(crate) on_spawn: Option<MetaHook>,
    pub(crate) on_terminate: Option<MetaHook>,
    pub(crate) before_poll: Option<MetaHook>,
    pub(crate) after_poll: Option<MetaHook>,
    pub(crate) slow_poll_threshold: Option<Duration>,
    pub(crate) on_slow_poll: Option<SlowPollHook>,
}

impl TaskHooks {
    pub(crate) fn is_empty(&self) -> bool {
        self.on_spawn.is_none()
            && self.on_terminate.is_none()
            && self.before_poll.is_none()
            && self.after_poll.is_none()
            && self.slow_poll_threshold.is_none()
    }

    pub(crate) fn report_slow_poll(&self, report: &SlowPoll<'_>) {
        match &self.on_slow_poll {
            Some(hook) => hook(report),
            #[cfg(feature = "tracing")]
            None => tracing::warn!(
                target: "rt::slow_poll",
                task_id = report.task.id.as_u64(),
                task_name = report.task.name,
                spawned_at = %report.task.location,
                duration = ?report.duration,
                threshold = ?report.threshold,
                "{report}"
            ),
            #[cfg(not(feature = "tracing"))]
            None => eprintln!("rt: {report}"),
        }
    }
}
