//! Questions the simulation cannot answer as asked, phrased as the fix.

use thiserror::Error;

/// A `--from`/`--to` question that does not fit the input.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SimulateError {
    /// The named pod is not among the pods read.
    #[error("{flag} {pod}: no such pod in the input")]
    UnknownPod {
        /// `--from` or `--to`.
        flag: &'static str,
        /// `namespace/name` as looked up.
        pod: String,
    },

    /// A bare pod name without `-n` to say which namespace it is in.
    #[error("{flag} {name}: which namespace? Write NAMESPACE/{name} or give -n NAMESPACE")]
    NoNamespace {
        /// `--from` or `--to`.
        flag: &'static str,
        /// The name as given.
        name: String,
    },

    /// Neither end is a pod, so no NetworkPolicy can apply.
    #[error(
        "--from {from} and --to {to} are both outside the cluster; NetworkPolicies only apply to pods, so give a pod for one of them"
    )]
    BothExternal {
        /// The source address.
        from: String,
        /// The destination address.
        to: String,
    },

    /// A named port with a destination that has no container ports to resolve it.
    #[error(
        "--port {port} is a container port name, which only a destination pod can resolve; give a port number for --to {to}"
    )]
    NamedPortToExternal {
        /// The port name.
        port: String,
        /// The destination address.
        to: String,
    },
}
