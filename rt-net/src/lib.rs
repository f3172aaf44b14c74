//! TCP, UDP and Unix-domain sockets for rt over the rt-io reactor.
//!
//! Not built yet (issue: rt-net). This crate currently exports nothing.
