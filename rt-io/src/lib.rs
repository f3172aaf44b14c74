//! The rt reactor: a mio Poll driver plugged in as a Park layer, and the async I/O traits and utilities.
//!
//! Not built yet (issue: rt-io). This crate currently exports nothing.
