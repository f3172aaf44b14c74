//! The rt timer driver: a hierarchical timing wheel as a Park layer, sleep/timeout/interval.
//!
//! Not built yet (issue: rt-time). This crate currently exports nothing.
