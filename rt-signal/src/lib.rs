//! ctrl_c and Unix signals for rt, delivered through the rt-io reactor.
//!
//! Not built yet (issue: rt-signal). This crate currently exports nothing.
