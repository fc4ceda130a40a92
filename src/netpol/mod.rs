//! NetworkPolicy semantics: which pod may talk to which, and why.
//!
//! Pure analysis, no I/O. [`Cluster`] holds validated namespaces, pods and policies (convert
//! them from k8s-openapi objects with [`Cluster::from_k8s`]); [`Engine`] answers single
//! connections ([`Engine::evaluate`], [`Engine::explain`]) and whole [`Matrix`]es
//! ([`Engine::matrix`]) rendered like the upstream e2e truth tables. [`catalogue`] mirrors the
//! upstream NetworkPolicy e2e traffic tests as data, with expectations computed by the engine.

pub mod audit;
mod bitset;
pub mod catalogue;
mod compile;
mod convert;
mod diff;
mod engine;
mod error;
mod explain;
mod index;
mod inventory;
mod matrix;
mod model;
pub mod simulate;

pub use crate::k8s::labels::{Labels, Operator, Requirement, Selector};
pub use diff::DiffSummary;
pub(crate) use diff::render_summary;
pub use engine::{Connection, Decision, Endpoint, Engine, RuleMatch};
pub use error::NetpolError;
pub use inventory::{Service, Workload};
pub use matrix::Matrix;
pub(crate) use matrix::render_table;
#[cfg(test)]
pub(crate) use matrix::test_pods;
pub use model::{
    Cluster, Direction, IpBlock, NAMESPACE_NAME_LABEL, NamedPort, Namespace, Peer, Pod, Policy,
    PolicyPort, PortSpec, Protocol, Rule,
};

#[cfg(test)]
mod tests;
