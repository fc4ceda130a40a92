//! Release and maintenance tasks for kubectl-scs, kept out of the shipped plugin.
//!
//! `cargo xtask` (src/main.rs) is a thin command line over these modules; the plugin's tests
//! (tests/cli/release.rs) pack the debug binary through the same functions.

pub mod release;
