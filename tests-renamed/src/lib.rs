//! Exists only for its tests: they use rt under another name (`myrt`), as a
//! user who renames the dependency in Cargo.toml would.
