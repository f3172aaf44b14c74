use std::fmt;
use std::ops::{Add, AddAssign, Sub, SubAssign};
use std::time::Duration;

/// A measurement of a monotonically nondecreasing clock, like
/// [`std::time::Instant`], but read from the runtime's clock: with feature
/// `test-util`, inside a runtime whose time is paused (`pause`),
/// [`Instant::now`] returns the paused clock's time.
///
/// Converts to and from `std::time::Instant` ([`from_std`], [`into_std`],
/// `From`).
///
/// [`from_std`]: Instant::from_std
/// [`into_std`]: Instant::into_std
///
/// # Examples
///
/// ```
/// use rt_time::{Duration, Instant};
///
/// let start = Instant::now();
/// let later = start + Duration::from_millis(5);
/// assert_eq!(later - start, Duration::from_millis(5));
/// assert_eq!(start - later, Duration::ZERO); // saturates
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant {
    std: std::time::Instant,
}

/// What "forever" means for a timer: 30 years from now.
const FAR_FUTURE: Duration = Duration::from_secs(86_400 * 365 * 30);

impl Instant {
    /// Returns the current instant: the runtime's clock inside a runtime
    /// with the time driver and feature `test-util` (so paused time is
    /// honoured), `std::time::Instant::now()` otherwise.
    ///
    /// ```
    /// let a = rt_time::Instant::now();
    /// let b = rt_time::Instant::now();
    /// assert!(b >= a);
    /// ```
    pub fn now() -> Instant {
        #[cfg(feature = "test-util")]
        if let Some(handle) = crate::driver::Handle::try_current() {
            return handle.now();
        }
        Instant::from_std(std::time::Instant::now())
    }

    /// Wraps a `std::time::Instant`.
    ///
    /// ```
    /// let std = std::time::Instant::now();
    /// assert_eq!(rt_time::Instant::from_std(std).into_std(), std);
    /// ```
    pub fn from_std(std: std::time::Instant) -> Instant {
        Instant { std }
    }

    /// Returns the `std::time::Instant` this wraps.
    ///
    /// ```
    /// let now = rt_time::Instant::now();
    /// let std: std::time::Instant = now.into_std();
    /// assert_eq!(rt_time::Instant::from(std), now);
    /// ```
    pub fn into_std(self) -> std::time::Instant {
        self.std
    }

    /// An instant 30 years after `now`, used for "never" deadlines.
    pub(crate) fn far_future_from(now: Instant) -> Instant {
        now.checked_add(FAR_FUTURE).unwrap_or(now)
    }

    /// The time elapsed from `earlier` to `self`, or zero if `earlier` is
    /// later.
    ///
    /// ```
    /// use rt_time::{Duration, Instant};
    ///
    /// let a = Instant::now();
    /// let b = a + Duration::from_secs(1);
    /// assert_eq!(b.duration_since(a), Duration::from_secs(1));
    /// assert_eq!(a.duration_since(b), Duration::ZERO);
    /// ```
    pub fn duration_since(&self, earlier: Instant) -> Duration {
        self.std.saturating_duration_since(earlier.std)
    }

    /// The time elapsed from `earlier` to `self`, or `None` if `earlier` is
    /// later.
    ///
    /// ```
    /// use rt_time::{Duration, Instant};
    ///
    /// let a = Instant::now();
    /// let b = a + Duration::from_secs(1);
    /// assert_eq!(b.checked_duration_since(a), Some(Duration::from_secs(1)));
    /// assert_eq!(a.checked_duration_since(b), None);
    /// ```
    pub fn checked_duration_since(&self, earlier: Instant) -> Option<Duration> {
        self.std.checked_duration_since(earlier.std)
    }

    /// The time elapsed from `earlier` to `self`, or zero if `earlier` is
    /// later.
    ///
    /// ```
    /// use rt_time::{Duration, Instant};
    ///
    /// let a = Instant::now();
    /// assert_eq!(a.saturating_duration_since(a + Duration::from_secs(1)), Duration::ZERO);
    /// ```
    pub fn saturating_duration_since(&self, earlier: Instant) -> Duration {
        self.std.saturating_duration_since(earlier.std)
    }

    /// The time elapsed since `self`, by [`Instant::now`] (so paused time
    /// counts as paused).
    ///
    /// ```
    /// let start = rt_time::Instant::now();
    /// std::thread::sleep(std::time::Duration::from_millis(1));
    /// assert!(start.elapsed() >= std::time::Duration::from_millis(1));
    /// ```
    pub fn elapsed(&self) -> Duration {
        Instant::now().saturating_duration_since(*self)
    }

    /// `self + duration`, or `None` on overflow.
    ///
    /// ```
    /// use rt_time::{Duration, Instant};
    ///
    /// assert!(Instant::now().checked_add(Duration::from_secs(1)).is_some());
    /// assert!(Instant::now().checked_add(Duration::MAX).is_none());
    /// ```
    pub fn checked_add(&self, duration: Duration) -> Option<Instant> {
        self.std.checked_add(duration).map(Instant::from_std)
    }

    /// `self - duration`, or `None` on overflow.
    ///
    /// ```
    /// use rt_time::{Duration, Instant};
    ///
    /// let now = Instant::now();
    /// assert_eq!(now.checked_sub(Duration::ZERO), Some(now));
    /// assert!(now.checked_sub(Duration::MAX).is_none());
    /// ```
    pub fn checked_sub(&self, duration: Duration) -> Option<Instant> {
        self.std.checked_sub(duration).map(Instant::from_std)
    }
}

impl From<std::time::Instant> for Instant {
    fn from(std: std::time::Instant) -> Instant {
        Instant::from_std(std)
    }
}

impl From<Instant> for std::time::Instant {
    fn from(value: Instant) -> std::time::Instant {
        value.into_std()
    }
}

impl Add<Duration> for Instant {
    type Output = Instant;

    /// # Panics
    ///
    /// Panics on overflow; see [`Instant::checked_add`].
    fn add(self, other: Duration) -> Instant {
        Instant::from_std(self.std + other)
    }
}

impl AddAssign<Duration> for Instant {
    fn add_assign(&mut self, rhs: Duration) {
        *self = *self + rhs;
    }
}

impl Sub for Instant {
    type Output = Duration;

    /// Saturates at zero, like [`Instant::duration_since`].
    fn sub(self, rhs: Instant) -> Duration {
        self.std.saturating_duration_since(rhs.std)
    }
}

impl Sub<Duration> for Instant {
    type Output = Instant;

    /// # Panics
    ///
    /// Panics on overflow; see [`Instant::checked_sub`].
    fn sub(self, rhs: Duration) -> Instant {
        Instant::from_std(self.std - rhs)
    }
}

impl SubAssign<Duration> for Instant {
    fn sub_assign(&mut self, rhs: Duration) {
        *self = *self - rhs;
    }
}

impl fmt::Debug for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.std.fmt(f)
    }
}
