//! `kubectl scs check …`: one folder per check.

pub mod all;
pub mod conformance;
pub mod kubeapi;
pub mod networking;
pub mod nodes;
pub mod suite;
pub mod versions;
