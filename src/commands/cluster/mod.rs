//! `kubectl scs cluster …`.

pub mod cleanup;
