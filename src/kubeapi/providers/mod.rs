//! Infrastructure adapters for the management view, one per infrastructure kind.

pub mod capo;
pub mod openstack;
