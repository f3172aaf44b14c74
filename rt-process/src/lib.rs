//! Child processes for rt over rt-io and rt-signal.
//!
//! Not built yet (issue: rt-process). This crate currently exports nothing.
