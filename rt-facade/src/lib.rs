//! rt

