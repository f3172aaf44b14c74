//! Files and directories for rt, through rt-core's blocking pool.
//!
//! Not built yet (issue: rt-fs). This crate currently exports nothing.
