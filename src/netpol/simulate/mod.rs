//! What `kubectl scs netpol simulate` computes: reachability under the NetworkPolicies of a
//! cluster or a set of files, without sending traffic.
//!
//! [`Input::from_objects`] sorts objects as `kubectl get -o yaml` prints them into a [`Cluster`]
//! (leaving out pods NetworkPolicy does not apply to); [`overlay`] adds policies from a file to
//! the ones read, replacing same-named ones; [`reachability`] is the truth table for one
//! [`ProbePort`], a number or a container port name resolved on each destination pod; [`answer`]
//! decides one connection between [`EndpointArg`]s and names the deciding policies and rules.
//!
//! [`Cluster`]: crate::netpol::Cluster

mod answer;
mod error;
mod input;
mod probe;

pub use answer::{Answer, Side, answer};
pub use error::SimulateError;
pub use input::{Input, Overlay, PolicyFile, PolicyMode, SkipReason, SkippedPod, overlay};
pub use probe::{EndpointArg, ProbePort, Reachability, ResolvedTarget, reachability};

#[cfg(test)]
mod tests;
