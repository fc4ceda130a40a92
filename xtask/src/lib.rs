//! Release and maintenance tasks for kubectl-scs, kept out of the shipped plugin: packaging and
//! krew (`release`), and the built-in data of `check versions` (`data`).
//!
//! `cargo xtask` (src/main.rs) is a thin command line over these modules; the plugin's tests
//! (tests/cli/release.rs) pack the debug binary through the same functions.

pub mod data;
pub mod release;
