//! Procedural macros for rt.

