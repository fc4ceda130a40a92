//! The Kubernetes vocabulary every layer shares: labels and selectors, protocols, API groups,
//! images, RBAC permissions. Plain data and pure functions; nothing here talks to a cluster.

pub mod api;
pub mod images;
pub mod labels;
pub mod permissions;
pub mod protocol;

pub use api::api_group;
