//! `check networking`: the e2e suite (see `suite`) or the native mode.

pub mod native;
