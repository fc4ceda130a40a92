//! Errors for objects that cannot be turned into the policy model.
//!
//! Every message names the object (`NetworkPolicy <ns>/<name>`, `Pod <ns>/<name>`, ...) and the
//! field path inside it (`spec.ingress[0].from[1].ipBlock.cidr`), so a person can find the entry.

use thiserror::Error;

/// Invalid input for the NetworkPolicy engine, its matrices or its scenario catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NetpolError {
    /// An `ipBlock.cidr` or `ipBlock.except` entry is not a CIDR.
    #[error(
        "{object}: {field}: invalid CIDR {value:?} ({reason}); write an address with a prefix length such as \"10.0.0.0/16\" or \"2001:db8::/64\""
    )]
    InvalidCidr {
        /// The object, e.g. `NetworkPolicy x/allow-cidr`.
        object: String,
        /// Field path inside the object.
        field: String,
        /// The text as given.
        value: String,
        /// What the parser objected to.
        reason: String,
    },

    /// An `ipBlock.except` entry is not a strict subset of the block's `cidr`.
    #[error(
        "{object}: {field}: except {except:?} is not a strict subset of cidr {cidr:?}; the API server rejects such a block, so narrow or drop the except entry"
    )]
    ExceptOutsideCidr {
        /// The object, e.g. `NetworkPolicy x/allow-cidr`.
        object: String,
        /// Field path of the except entry.
        field: String,
        /// The block's cidr.
        cidr: String,
        /// The offending except entry.
        except: String,
    },

    /// A label selector requirement uses an operator other than In, NotIn, Exists, DoesNotExist.
    #[error(
        "{object}: {field}: unknown label selector operator {operator:?}; use In, NotIn, Exists or DoesNotExist"
    )]
    InvalidSelectorOperator {
        /// The object holding the selector.
        object: String,
        /// Field path of the requirement's operator.
        field: String,
        /// The operator as given.
        operator: String,
    },

    /// A label selector requirement has values that do not fit its operator.
    #[error("{object}: {field}: {problem}")]
    InvalidSelectorValues {
        /// The object holding the selector.
        object: String,
        /// Field path of the requirement's values.
        field: String,
        /// What is wrong, phrased as the fix.
        problem: String,
    },

    /// A protocol other than TCP, UDP or SCTP.
    #[error("{object}: {field}: unknown protocol {value:?}; use TCP, UDP or SCTP (upper case)")]
    InvalidProtocol {
        /// The object naming the protocol.
        object: String,
        /// Field path of the protocol.
        field: String,
        /// The protocol as given.
        value: String,
    },

    /// A port number outside 1-65535 or an empty port name.
    #[error("{object}: {field}: invalid port {value}; use a number from 1 to 65535 or a port name")]
    InvalidPort {
        /// The object naming the port.
        object: String,
        /// Field path of the port.
        field: String,
        /// The port as given.
        value: String,
    },

    /// `endPort` used without a numeric `port`, or smaller than `port`.
    #[error("{object}: {field}: {problem}")]
    InvalidEndPort {
        /// The policy.
        object: String,
        /// Field path of `endPort`.
        field: String,
        /// What is wrong, phrased as the fix.
        problem: String,
    },

    /// A peer that sets none of its fields, or `ipBlock` together with a selector.
    #[error("{object}: {field}: {problem}")]
    InvalidPeer {
        /// The policy.
        object: String,
        /// Field path of the peer.
        field: String,
        /// What is wrong, phrased as the fix.
        problem: String,
    },

    /// A `policyTypes` entry other than Ingress or Egress.
    #[error("{object}: {field}: unknown policy type {value:?}; use Ingress or Egress")]
    InvalidPolicyType {
        /// The policy.
        object: String,
        /// Field path of the entry.
        field: String,
        /// The entry as given.
        value: String,
    },

    /// An object without `metadata.name` (or a namespaced object without `metadata.namespace`).
    #[error(
        "{kind} {object}: metadata.{field} is missing; objects read from a cluster always carry it"
    )]
    MissingMetadata {
        /// Kind of the object, e.g. `Pod`.
        kind: &'static str,
        /// Whatever identifies the object so far (may be `<unnamed>`).
        object: String,
        /// `name` or `namespace`.
        field: &'static str,
    },

    /// `status.podIP` is not an IP address.
    #[error("{object}: status.podIP {value:?} is not an IP address")]
    InvalidPodIp {
        /// The pod, e.g. `Pod x/a`.
        object: String,
        /// The text as given.
        value: String,
    },

    /// A scenario needs a pod's IP address (for an ipBlock) that was not supplied.
    #[error(
        "scenario {scenario:?}: the IP address of pod {pod} is needed for an ipBlock but was not supplied; pass the pod IPs of the test namespaces"
    )]
    MissingPodIp {
        /// The scenario's test name.
        scenario: String,
        /// The pod, e.g. `x/b`.
        pod: String,
    },

    /// An object whose fields do not have the types the Kubernetes API defines for its kind.
    #[error("{object}: not a valid {kind}: {reason}")]
    InvalidObject {
        /// Kind of the object, e.g. `Pod`.
        kind: &'static str,
        /// Whatever identifies the object, e.g. `Pod x/a`.
        object: String,
        /// What the decoder objected to.
        reason: String,
    },

    /// A serialized matrix does not list every ordered pair exactly once.
    #[error("invalid reachability matrix: {reason}")]
    InvalidMatrix {
        /// What is missing or repeated.
        reason: String,
    },
}

impl From<crate::k8s::labels::SelectorError> for NetpolError {
    fn from(err: crate::k8s::labels::SelectorError) -> Self {
        use crate::k8s::labels::SelectorError;
        match err {
            SelectorError::InvalidOperator {
                object,
                field,
                operator,
            } => NetpolError::InvalidSelectorOperator {
                object,
                field,
                operator,
            },
            SelectorError::InvalidValues {
                object,
                field,
                problem,
            } => NetpolError::InvalidSelectorValues {
                object,
                field,
                problem,
            },
        }
    }
}
