//! [`Interest`]: which readiness events a registration waits for.

use crate::ready::Ready;
use std::fmt;
use std::ops;

/// Readiness event interest: the set of events a resource registered with
/// the reactor wants to hear about.
///
/// Interests combine with `|`.
///
/// # Portability
///
/// [`Interest::PRIORITY`] exists only on Linux and Android. Error events are
/// always reported by the OS; [`Interest::ERROR`] only lets a task *wait*
/// for them.
///
/// # Examples
///
/// ```
/// use rt_io::Interest;
///
/// let both = Interest::READABLE | Interest::WRITABLE;
/// assert!(both.is_readable() && both.is_writable());
/// assert_eq!(both.remove(Interest::WRITABLE), Some(Interest::READABLE));
/// assert_eq!(Interest::READABLE.remove(Interest::READABLE), None);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Interest(u8);

const READABLE: u8 = 0b0001;
const WRITABLE: u8 = 0b0010;
const PRIORITY: u8 = 0b0100;
const ERROR: u8 = 0b1000;

impl Interest {
    /// Interest in readable events (including the read half being closed).
    pub const READABLE: Interest = Interest(READABLE);

    /// Interest in writable events (including the write half being closed).
    pub const WRITABLE: Interest = Interest(WRITABLE);

    /// Interest in error events.
    pub const ERROR: Interest = Interest(ERROR);

    /// Interest in priority events (out-of-band data; `POLLPRI`).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub const PRIORITY: Interest = Interest(PRIORITY);

    /// Returns true if the value includes readable interest.
    ///
    /// ```
    /// assert!(rt_io::Interest::READABLE.is_readable());
    /// assert!(!rt_io::Interest::WRITABLE.is_readable());
    /// ```
    pub const fn is_readable(self) -> bool {
        self.0 & READABLE != 0
    }

    /// Returns true if the value includes writable interest.
    ///
    /// ```
    /// assert!(rt_io::Interest::WRITABLE.is_writable());
    /// ```
    pub const fn is_writable(self) -> bool {
        self.0 & WRITABLE != 0
    }

    /// Returns true if the value includes error interest.
    ///
    /// ```
    /// assert!(rt_io::Interest::ERROR.is_error());
    /// ```
    pub const fn is_error(self) -> bool {
        self.0 & ERROR != 0
    }

    /// Returns true if the value includes priority interest.
    ///
    /// ```
    /// assert!(!rt_io::Interest::READABLE.is_priority());
    /// ```
    pub const fn is_priority(self) -> bool {
        self.0 & PRIORITY != 0
    }

    /// Adds `other` to `self` (the `const` form of `|`).
    ///
    /// ```
    /// use rt_io::Interest;
    /// const BOTH: Interest = Interest::READABLE.add(Interest::WRITABLE);
    /// assert!(BOTH.is_readable() && BOTH.is_writable());
    /// ```
    #[must_use = "this returns the result of the operation, without modifying the original"]
    pub const fn add(self, other: Interest) -> Interest {
        Interest(self.0 | other.0)
    }

    /// Removes `other` from `self`; `None` when nothing would be left (an
    /// interest is never empty).
    ///
    /// ```
    /// use rt_io::Interest;
    /// let rw = Interest::READABLE | Interest::WRITABLE;
    /// assert_eq!(rw.remove(Interest::READABLE), Some(Interest::WRITABLE));
    /// ```
    #[must_use = "this returns the result of the operation, without modifying the original"]
    pub fn remove(self, other: Interest) -> Option<Interest> {
        let bits = self.0 & !other.0;
        (bits != 0).then_some(Interest(bits))
    }

    /// The readiness bits that satisfy this interest: a readable interest
    /// is satisfied by `READABLE` or `READ_CLOSED`, and so on.
    pub(crate) fn mask(self) -> Ready {
        let mut ready = Ready::EMPTY;
        if self.is_readable() {
            ready |= Ready::READABLE | Ready::READ_CLOSED;
        }
        if self.is_writable() {
            ready |= Ready::WRITABLE | Ready::WRITE_CLOSED;
        }
        if self.is_priority() {
            ready |= Ready::PRIORITY | Ready::READ_CLOSED;
        }
        if self.is_error() {
            ready |= Ready::ERROR;
        }
        ready
    }

    /// The mio interest to register with. mio has no error interest (the
    /// OS always reports errors) and an interest may not be empty, so a
    /// pure error interest registers as readable.
    pub(crate) fn to_mio(self) -> mio::Interest {
        let mut out: Option<mio::Interest> = None;
        let mut add = |i: mio::Interest| {
            out = Some(match out {
                Some(o) => o | i,
                None => i,
            })
        };
        if self.is_readable() {
            add(mio::Interest::READABLE);
        }
        if self.is_writable() {
            add(mio::Interest::WRITABLE);
        }
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if self.is_priority() {
            add(mio::Interest::PRIORITY);
        }
        out.unwrap_or(mio::Interest::READABLE)
    }
}

impl ops::BitOr for Interest {
    type Output = Interest;

    fn bitor(self, other: Interest) -> Interest {
        self.add(other)
    }
}

impl ops::BitOrAssign for Interest {
    fn bitor_assign(&mut self, other: Interest) {
        *self = self.add(other);
    }
}

impl fmt::Debug for Interest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = [
            (READABLE, "READABLE"),
            (WRITABLE, "WRITABLE"),
            (PRIORITY, "PRIORITY"),
            (ERROR, "ERROR"),
        ];
        let mut first = true;
        for (bit, name) in names {
            if self.0 & bit != 0 {
                if !first {
                    f.write_str(" | ")?;
                }
                f.write_str(name)?;
                first = false;
            }
        }
        Ok(())
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn masks_include_closed_states() {
        assert!(Interest::READABLE.mask().is_read_closed());
        assert!(!Interest::READABLE.mask().is_write_closed());
        assert!(Interest::WRITABLE.mask().is_write_closed());
        assert_eq!(Interest::ERROR.mask(), Ready::ERROR);
        assert_eq!(
            format!("{:?}", Interest::READABLE | Interest::ERROR),
            "READABLE | ERROR"
        );
        assert!(Interest::ERROR.to_mio().is_readable());
        let rw = (Interest::READABLE | Interest::WRITABLE).to_mio();
        assert!(rw.is_readable() && rw.is_writable());
    }
}
