//! Counters that driver layers publish through [`RuntimeMetrics`].
//!
//! rt-core knows nothing of I/O or timers; a driver layer creates one of
//! these when the runtime is built, inserts an `Arc` of it into the
//! runtime's [`Extensions`](super::Extensions), and updates it as it runs.
//! [`RuntimeMetrics`] reads it back (0 when the driver is absent). Counters
//! are relaxed atomics: updating one costs an uncontended `fetch_add`, and
//! reading never blocks a worker.
//!
//! [`RuntimeMetrics`]: super::RuntimeMetrics

use std::sync::atomic::{AtomicU64, Ordering};

/// The I/O driver's counters (updated by rt-io's reactor).
///
/// ```
/// use rt_core::runtime::IoDriverMetrics;
///
/// let m = IoDriverMetrics::default();
/// m.record_registered();
/// m.record_ready(3);
/// assert_eq!((m.fd_registered_count(), m.ready_count()), (1, 3));
/// ```
#[derive(Debug, Default)]
pub struct IoDriverMetrics {
    registered: AtomicU64,
    deregistered: AtomicU64,
    ready: AtomicU64,
}

impl IoDriverMetrics {
    /// Counts one source registered with the reactor.
    ///
    /// ```
    /// let m = rt_core::runtime::IoDriverMetrics::default();
    /// m.record_registered();
    /// m.record_registered();
    /// assert_eq!(m.fd_registered_count(), 2);
    /// ```
    pub fn record_registered(&self) {
        self.registered.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts one source removed from the reactor.
    ///
    /// ```
    /// let m = rt_core::runtime::IoDriverMetrics::default();
    /// m.record_registered();
    /// m.record_deregistered();
    /// assert_eq!(m.fd_registered_count() - m.fd_deregistered_count(), 0, "none registered now");
    /// ```
    pub fn record_deregistered(&self) {
        self.deregistered.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts `n` readiness events delivered to sources.
    ///
    /// ```
    /// let m = rt_core::runtime::IoDriverMetrics::default();
    /// m.record_ready(2);
    /// m.record_ready(3);
    /// assert_eq!(m.ready_count(), 5);
    /// ```
    pub fn record_ready(&self, n: u64) {
        self.ready.fetch_add(n, Ordering::Relaxed);
    }

    /// Sources registered so far.
    ///
    /// ```
    /// let m = rt_core::runtime::IoDriverMetrics::default();
    /// assert_eq!(m.fd_registered_count(), 0);
    /// m.record_registered();
    /// assert_eq!(m.fd_registered_count(), 1);
    /// ```
    pub fn fd_registered_count(&self) -> u64 {
        self.registered.load(Ordering::Relaxed)
    }

    /// Sources deregistered so far.
    ///
    /// ```
    /// let m = rt_core::runtime::IoDriverMetrics::default();
    /// assert_eq!(m.fd_deregistered_count(), 0);
    /// m.record_deregistered();
    /// assert_eq!(m.fd_deregistered_count(), 1);
    /// ```
    pub fn fd_deregistered_count(&self) -> u64 {
        self.deregistered.load(Ordering::Relaxed)
    }

    /// Readiness events delivered so far.
    ///
    /// ```
    /// let m = rt_core::runtime::IoDriverMetrics::default();
    /// assert_eq!(m.ready_count(), 0);
    /// m.record_ready(4);
    /// assert_eq!(m.ready_count(), 4);
    /// ```
    pub fn ready_count(&self) -> u64 {
        self.ready.load(Ordering::Relaxed)
    }
}

/// The timer driver's counters (updated by rt-time's wheel).
///
/// ```
/// use rt_core::runtime::TimerDriverMetrics;
///
/// let m = TimerDriverMetrics::default();
/// m.record_registered();
/// m.record_fired(1);
/// assert_eq!((m.registered_count(), m.fired_count()), (1, 1));
/// ```
#[derive(Debug, Default)]
pub struct TimerDriverMetrics {
    registered: AtomicU64,
    fired: AtomicU64,
}

impl TimerDriverMetrics {
    /// Counts one timer entry inserted into the wheel.
    ///
    /// ```
    /// let m = rt_core::runtime::TimerDriverMetrics::default();
    /// m.record_registered();
    /// assert_eq!(m.registered_count(), 1);
    /// ```
    pub fn record_registered(&self) {
        self.registered.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts `n` timers that fired (reached their deadline in the wheel).
    ///
    /// ```
    /// let m = rt_core::runtime::TimerDriverMetrics::default();
    /// m.record_fired(3);
    /// m.record_fired(1);
    /// assert_eq!(m.fired_count(), 4);
    /// ```
    pub fn record_fired(&self, n: u64) {
        self.fired.fetch_add(n, Ordering::Relaxed);
    }

    /// Timer entries inserted so far.
    ///
    /// ```
    /// let m = rt_core::runtime::TimerDriverMetrics::default();
    /// assert_eq!(m.registered_count(), 0);
    /// m.record_registered();
    /// assert_eq!(m.registered_count(), 1);
    /// ```
    pub fn registered_count(&self) -> u64 {
        self.registered.load(Ordering::Relaxed)
    }

    /// Timers fired so far.
    ///
    /// ```
    /// let m = rt_core::runtime::TimerDriverMetrics::default();
    /// assert_eq!(m.fired_count(), 0);
    /// m.record_fired(2);
    /// assert_eq!(m.fired_count(), 2);
    /// ```
    pub fn fired_count(&self) -> u64 {
        self.fired.load(Ordering::Relaxed)
    }
}
