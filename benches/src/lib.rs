//! Criterion benchmarks running every workload on rt and on tokio side by side.
//!
//! Not built yet (issue: benchmarks). This crate currently holds no benchmark.

