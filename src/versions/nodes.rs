//! The nodes' kubelet versions next to the control plane's: information beside the verdict
//! (SCS looks at `/version` only). Kubernetes allows kubelets up to three minor versions older
//! than kube-apiserver and none newer.

use jiff::Timestamp;
use serde::Serialize;

use super::eol::EolTable;
use super::judge::{Level, LogLine};
use super::version::Version;

/// Kubelets may be this many minor versions behind kube-apiserver.
pub const MAX_KUBELET_SKEW: i64 = 3;

/// A node as the cluster reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeVersion {
    pub name: String,
    /// `status.nodeInfo.kubeletVersion`, as written (e.g. `v1.30.4+k3s1`).
    pub kubelet: String,
    pub control_plane: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeFacts {
    pub name: String,
    pub kubelet_version: String,
    /// The version read as vendors write it; `None` when unreadable.
    pub version: Option<Version>,
    pub control_plane: bool,
    /// Minor versions behind the control plane (negative: ahead of it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minors_behind: Option<i64>,
    /// The kubelet's branch is past its end of life (or unknown to the EOL table).
    pub eol: bool,
}

/// Facts and log lines about the nodes.
pub fn examine(
    nodes: &[NodeVersion],
    control_plane: Version,
    table: &EolTable,
    now: Timestamp,
) -> (Vec<NodeFacts>, Vec<LogLine>) {
    let mut log = Vec::new();
    let mut warn = |message: String| {
        log.push(LogLine {
            level: Level::Warning,
            message,
        })
    };
    let mut facts = Vec::new();
    for node in nodes {
        let version = Version::parse_vendor(&node.kubelet).ok();
        let minors_behind = version
            .filter(|v| v.major == control_plane.major)
            .and_then(|v| {
                i64::try_from(i128::from(control_plane.minor) - i128::from(v.minor)).ok()
            });
        let eol =
            version.is_some_and(|v| table.get(v.branch()).is_none_or(|b| !b.is_supported(now)));
        match (version, minors_behind) {
            (None, _) => warn(format!(
                "Node {}: kubelet version {:?} is not readable.",
                node.name, node.kubelet
            )),
            (Some(v), Some(behind)) if behind < 0 => warn(format!(
                "Node {}: kubelet {v} is newer than the control plane ({control_plane}), which Kubernetes does not support.",
                node.name
            )),
            (Some(v), Some(behind)) if behind > MAX_KUBELET_SKEW => warn(format!(
                "Node {}: kubelet {v} is {behind} minor versions behind the control plane ({control_plane}); at most {MAX_KUBELET_SKEW} are supported.",
                node.name
            )),
            (Some(v), None) => warn(format!(
                "Node {}: kubelet {v} has another major version than the control plane ({control_plane}).",
                node.name
            )),
            _ => {}
        }
        if let Some(v) = version.filter(|_| eol) {
            warn(format!(
                "Node {}: kubelet {v} is of branch {}, which is EOL.",
                node.name,
                v.branch()
            ));
        }
        facts.push(NodeFacts {
            name: node.name.clone(),
            kubelet_version: node.kubelet.clone(),
            version,
            control_plane: node.control_plane,
            minors_behind,
            eol,
        });
    }
    (facts, log)
}
