//! The validated data the engine works on: namespaces, pods and NetworkPolicies.
//!
//! Conversions from the Kubernetes API types live in `convert.rs`; these types can also be built
//! by hand (tests, benchmarks, the scenario catalogue).

use std::fmt;
use std::net::IpAddr;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use crate::k8s::labels::{Labels, Selector};

/// Label every namespace carries since Kubernetes 1.22, holding the namespace's own name.
pub const NAMESPACE_NAME_LABEL: &str = "kubernetes.io/metadata.name";

pub use crate::k8s::protocol::Protocol;

/// Direction of traffic relative to the pod a policy selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction {
    /// Traffic into the selected pod.
    Ingress,
    /// Traffic out of the selected pod.
    Egress,
}

impl Direction {
    /// `ingress` or `egress`, for sentences.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ingress => "ingress",
            Direction::Egress => "egress",
        }
    }
}

/// A namespace and its labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Namespace {
    /// Namespace name.
    pub name: String,
    /// Namespace labels, as stored (the API server adds [`NAMESPACE_NAME_LABEL`] itself).
    pub labels: Labels,
}

impl Namespace {
    /// A namespace carrying only the automatic [`NAMESPACE_NAME_LABEL`].
    pub fn named(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            labels: Labels::from([(NAMESPACE_NAME_LABEL.to_owned(), name.to_owned())]),
        }
    }
}

/// A named container port that policies can refer to by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedPort {
    /// Port name (`spec.containers[].ports[].name`).
    pub name: String,
    /// Container port number.
    pub port: u16,
    /// Protocol of the container port.
    pub protocol: Protocol,
}

/// A pod as far as NetworkPolicy is concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pod {
    /// Namespace name.
    pub namespace: String,
    /// Pod name.
    pub name: String,
    /// Pod labels.
    pub labels: Labels,
    /// `status.podIP`, when the pod has one.
    pub ip: Option<IpAddr>,
    /// Named container ports, used to resolve named ports in policies.
    pub named_ports: Vec<NamedPort>,
}

impl Pod {
    /// `namespace/name`, the form used in matrices and explanations.
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }

    /// The number behind a named port of the given protocol, if the pod declares one.
    pub fn resolve_port(&self, name: &str, protocol: Protocol) -> Option<u16> {
        self.named_ports
            .iter()
            .find(|p| p.name == name && p.protocol == protocol)
            .map(|p| p.port)
    }
}

/// A NetworkPolicy after validation and defaulting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Namespace of the policy (and of the pods it can select).
    pub namespace: String,
    /// Policy name.
    pub name: String,
    /// `spec.podSelector`; a missing selector is the empty one.
    pub pod_selector: Selector,
    /// Whether the policy isolates the selected pods for ingress (`policyTypes` holds Ingress).
    pub affects_ingress: bool,
    /// Whether the policy isolates the selected pods for egress (`policyTypes` holds Egress).
    pub affects_egress: bool,
    /// Whether `policyTypes` was left out and inferred from the rules.
    pub policy_types_inferred: bool,
    /// `spec.ingress`, consulted only when `affects_ingress`.
    pub ingress: Vec<Rule>,
    /// `spec.egress`, consulted only when `affects_egress`.
    pub egress: Vec<Rule>,
}

impl Policy {
    /// `namespace/name`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }

    /// Whether the policy takes part in the given direction.
    pub fn affects(&self, direction: Direction) -> bool {
        match direction {
            Direction::Ingress => self.affects_ingress,
            Direction::Egress => self.affects_egress,
        }
    }

    /// The rules for the given direction.
    pub fn rules(&self, direction: Direction) -> &[Rule] {
        match direction {
            Direction::Ingress => &self.ingress,
            Direction::Egress => &self.egress,
        }
    }

    /// Whether a peer of any rule selects namespaces (so depends on namespace labels).
    pub fn selects_namespaces(&self) -> bool {
        self.ingress
            .iter()
            .chain(&self.egress)
            .flat_map(|r| &r.peers)
            .any(|peer| matches!(peer, Peer::Namespaces(_) | Peer::PodsInNamespaces { .. }))
    }
}

/// One ingress or egress rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// `from` (ingress) or `to` (egress); empty means every peer.
    pub peers: Vec<Peer>,
    /// `ports`; empty means every port and protocol.
    pub ports: Vec<PolicyPort>,
}

/// One entry of `from`/`to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Peer {
    /// `podSelector` alone: matching pods in the policy's own namespace.
    Pods(Selector),
    /// `namespaceSelector` alone: every pod in the matching namespaces.
    Namespaces(Selector),
    /// Both selectors in one peer: matching pods in matching namespaces.
    PodsInNamespaces {
        /// `namespaceSelector`.
        namespaces: Selector,
        /// `podSelector`.
        pods: Selector,
    },
    /// `ipBlock`.
    IpBlock(IpBlock),
}

/// A CIDR minus exceptions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpBlock {
    /// `cidr`.
    pub cidr: IpNet,
    /// `except`, each a strict subset of `cidr`.
    pub except: Vec<IpNet>,
}

impl IpBlock {
    /// Whether the address lies in `cidr` and in none of the `except` ranges.
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.cidr.contains(&ip) && !self.except.iter().any(|net| net.contains(&ip))
    }
}

impl fmt::Display for IpBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.cidr)?;
        if !self.except.is_empty() {
            let except: Vec<String> = self.except.iter().map(ToString::to_string).collect();
            write!(f, " except {}", except.join(", "))?;
        }
        Ok(())
    }
}

/// One entry of `ports`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyPort {
    /// `protocol`, TCP when left out.
    pub protocol: Protocol,
    /// `port` and `endPort`.
    pub port: PortSpec,
}

/// Which ports of a protocol a [`PolicyPort`] admits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PortSpec {
    /// No `port`: every port of the protocol.
    Any,
    /// A number, or `port`..=`endPort`.
    Range {
        /// `port`.
        start: u16,
        /// `endPort`, or `port` when there is none.
        end: u16,
    },
    /// A named port, resolved against the destination pod's container ports.
    Named(String),
}

impl fmt::Display for PolicyPort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.port {
            PortSpec::Any => write!(f, "{}/any port", self.protocol),
            PortSpec::Range { start, end } if start == end => {
                write!(f, "{}/{start}", self.protocol)
            }
            PortSpec::Range { start, end } => write!(f, "{}/{start}-{end}", self.protocol),
            PortSpec::Named(name) => write!(f, "{}/{name}", self.protocol),
        }
    }
}

/// Everything the engine needs: namespaces, pods and policies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cluster {
    /// Namespaces with their labels.
    pub namespaces: Vec<Namespace>,
    /// Pods; their order is the order of matrix rows and columns.
    pub pods: Vec<Pod>,
    /// NetworkPolicies.
    pub policies: Vec<Policy>,
}
