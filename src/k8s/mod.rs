//! The Kubernetes vocabulary every layer shares: labels and selectors, protocols, API groups,
//! images, RBAC permissions, reading fields of untyped objects. Plain data and pure functions;
//! nothing here talks to a cluster.

pub mod api;
pub mod images;
pub mod json;
pub mod labels;
pub mod permissions;
pub mod protocol;

pub use api::api_group;
