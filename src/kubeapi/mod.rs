//! `check kubeapi`: who can reach a cluster's API server, and how well it is hardened.
//!
//! Two pure analyses over data fetched elsewhere:
//! * the management view ([`judge_clusters`]) reads CAPI Clusters and their infrastructure
//!   objects and judges whether the allowed-CIDR restriction requested through the cluster-stack
//!   variables is in effect;
//! * the workload view ([`hardening::judge`]) judges anonymous access, the API endpoint and the
//!   scs-0217 hardening items from facts gathered from the workload cluster.

pub mod address;
pub mod cidr;
pub mod cluster;
pub mod hardening;
pub mod providers;
pub mod restriction;
pub mod variables;

#[cfg(test)]
mod tests;

pub use cluster::{ClusterView, ObjectRef};
pub use restriction::{
    AddedOrigin, ClusterRestriction, InfraAdapter, ProviderAdded, Restriction, RestrictionReport,
    default_adapters, judge_clusters, judge_clusters_with,
};
