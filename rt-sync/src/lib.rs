//! Async channels, locks and notifications for rt.

