//! The orphan list: children whose [`Child`](crate::Child) was dropped
//! before their exit status was collected. Swept on every dispatched
//! `SIGCHLD` (a hook run by rt-signal's driver, outside the signal
//! handler) and once on each insertion.

use rt_signal::unix::SignalKind;
use std::process;
use std::sync::{Mutex, Once};

static ORPHANS: Mutex<Vec<process::Child>> = Mutex::new(Vec::new());
static HOOK: Once = Once::new();

/// Hands `child` to the orphan list: it is reaped once it exits.
pub(crate) fn adopt(child: process::Child) {
    lock().push(child);
    HOOK.call_once(|| {
        // The SIGCHLD handler is already installed (every Child owns a
        // SIGCHLD listener), so this cannot fail; if it ever did, orphans
        // would still be swept on each insertion.
        let _ = rt_signal::unstable::on_delivery(SignalKind::child(), reap);
    });
    // A child that exited before the hook existed has no SIGCHLD to come.
    reap();
}

/// Collects every orphan that has exited.
pub(crate) fn reap() {
    lock().retain_mut(|child| match child.try_wait() {
        Ok(None) => true,
        // Exited (now reaped), or no longer ours to wait for (ECHILD:
        // someone else reaped it): either way nothing is left to do.
        Ok(Some(_)) | Err(_) => false,
    });
}

/// How many orphans are still running (tests).
#[doc(hidden)]
pub fn orphan_count() -> usize {
    lock().len()
}

fn lock() -> std::sync::MutexGuard<'static, Vec<process::Child>> {
    // Poison-tolerant: `try_wait` does not panic, so the list is always
    // consistent.
    ORPHANS.lock().unwrap_or_else(|p| p.into_inner())
}
