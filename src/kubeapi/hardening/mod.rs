//! Workload view of `check kubeapi`: judges facts gathered from a workload cluster (HTTP status
//! codes of unauthenticated requests, the endpoint's addresses and certificate, kube-apiserver
//! static-pod flags, namespace labels, kubelet configz) against scs-0217 "Kubernetes cluster
//! hardening" and common practice.
//!
//! Item ids, in report order: `anonymous-access`, `endpoint-address`, `endpoint-certificate`,
//! `apiserver-authorization-mode`, `apiserver-node-restriction`, `apiserver-pod-security`,
//! `apiserver-anonymous-auth`, `apiserver-authentication`, `apiserver-etcd-tls`,
//! `namespace-pod-security`, `kubelet-anonymous-auth`, `kubelet-authorization-mode`,
//! `kubelet-read-only-port`.
//!
//! Facts that could not be gathered give `UNKNOWN`, never `FAIL`: on managed control planes the
//! kube-apiserver flags are invisible, and reading kubelet configz needs `nodes/proxy`.

mod access;
mod admission;
mod apiserver;
pub mod flags;
mod kubelet;
mod namespaces;

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

pub use admission::{PluginState, plugin_state};

/// The outcome of one item. Serialised as `PASS`, `FAIL`, `WARN`, `UNKNOWN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    /// Meets the requirement.
    Pass,
    /// Violates a requirement.
    Fail,
    /// Allowed, but worth changing.
    Warn,
    /// The facts needed were not available.
    Unknown,
}

impl Status {
    /// Severity used when several observations make up one item: FAIL > WARN > UNKNOWN > PASS.
    fn rank(self) -> u8 {
        match self {
            Status::Pass => 0,
            Status::Unknown => 1,
            Status::Warn => 2,
            Status::Fail => 3,
        }
    }

    /// The worse of two statuses.
    pub fn worst(self, other: Status) -> Status {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }
}

/// One judged item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Stable identifier, e.g. `apiserver-authorization-mode`.
    pub id: String,
    /// Short human title.
    pub title: String,
    /// The outcome.
    pub status: Status,
    /// What was found and, for anything but PASS, what to do.
    pub reason: String,
}

impl Item {
    fn new(id: &str, title: &str, status: Status, reason: impl Into<String>) -> Item {
        Item {
            id: id.to_string(),
            title: title.to_string(),
            status,
            reason: reason.into(),
        }
    }
}

/// The HTTP status seen for one path requested without credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnonymousProbe {
    /// Request path, e.g. `/api`.
    pub path: String,
    /// HTTP status code; `None` when no HTTP answer came (connection or TLS error).
    pub status: Option<u16>,
}

/// The certificate the API endpoint presented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateFacts {
    /// Start of validity.
    pub not_before: jiff::Timestamp,
    /// End of validity.
    pub not_after: jiff::Timestamp,
    /// Whether the chain verified against the kubeconfig's CA (and the host name matched).
    pub verified: bool,
    /// The verification error, if any.
    #[serde(default)]
    pub verify_error: Option<String>,
}

/// The API endpoint as dialled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointFacts {
    /// Host as written in the kubeconfig (IP address or name).
    pub host: String,
    /// Port, if known.
    #[serde(default)]
    pub port: Option<u16>,
    /// URL scheme, `https` normally.
    pub scheme: String,
    /// Addresses the host resolved to (an IP host counts as itself even if this is empty).
    #[serde(default)]
    pub addresses: Vec<IpAddr>,
    /// The presented certificate; `None` when no TLS handshake completed.
    #[serde(default)]
    pub certificate: Option<CertificateFacts>,
}

/// One `component=kube-apiserver` pod in `kube-system`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiServerPod {
    /// Pod name.
    pub name: String,
    /// The kube-apiserver container's `command` followed by its `args`.
    pub command: Vec<String>,
}

/// A namespace and its labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NamespaceFacts {
    /// Namespace name.
    pub name: String,
    /// `metadata.labels`.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
}

/// A node's kubelet configuration as served by `/api/v1/nodes/<node>/proxy/configz`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KubeletFacts {
    /// Node name.
    pub node: String,
    /// The configz JSON (`{"kubeletconfig": {...}}`); `None` when the request was not permitted or
    /// failed.
    #[serde(default)]
    pub configz: Option<serde_json::Value>,
}

/// Everything the workload view judges. Each part is optional: missing facts give UNKNOWN items.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadFacts {
    /// `gitVersion` from `/version` (e.g. `v1.33.6`), used for version-dependent defaults.
    #[serde(default)]
    pub server_version: Option<String>,
    /// Unauthenticated requests to `/api`, `/apis`, `/version`, `/healthz`, `/readyz`; empty when
    /// not probed.
    #[serde(default)]
    pub anonymous: Vec<AnonymousProbe>,
    /// The API endpoint; `None` when not dialled.
    #[serde(default)]
    pub endpoint: Option<EndpointFacts>,
    /// kube-apiserver static pods; `None` when pods in `kube-system` could not be listed,
    /// `Some(empty)` when there are none (managed or hosted control plane).
    #[serde(default)]
    pub apiserver_pods: Option<Vec<ApiServerPod>>,
    /// Namespaces with labels; `None` when they could not be listed.
    #[serde(default)]
    pub namespaces: Option<Vec<NamespaceFacts>>,
    /// One entry per node; empty when nodes could not be listed.
    #[serde(default)]
    pub kubelets: Vec<KubeletFacts>,
}

/// Judges all items. `now` decides certificate validity.
pub fn judge(facts: &WorkloadFacts, now: jiff::Timestamp) -> Vec<Item> {
    let minor = facts.server_version.as_deref().and_then(minor_version);
    let mut items = vec![
        access::anonymous_access(&facts.anonymous),
        access::endpoint_address(facts.endpoint.as_ref()),
        access::endpoint_certificate(facts.endpoint.as_ref(), now),
    ];
    items.extend(apiserver::items(facts.apiserver_pods.as_deref(), minor));
    items.push(namespaces::pod_security_labels(facts.namespaces.as_deref()));
    items.extend(kubelet::items(&facts.kubelets));
    items
}

/// The minor version of a `v1.33.6`-style version string.
pub fn minor_version(version: &str) -> Option<u32> {
    let mut parts = version.trim_start_matches('v').split('.');
    let _major = parts.next()?;
    let minor = parts.next()?;
    let digits: String = minor.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Combines per-subject observations (per pod, per node) into one status and reason. Subjects with
/// the same reason are grouped.
fn combine(observations: Vec<(String, Status, String)>) -> (Status, String) {
    let status = observations
        .iter()
        .fold(Status::Pass, |acc, (_, s, _)| acc.worst(*s));
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for (subject, _, reason) in observations {
        match groups.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, subjects)) => subjects.push(subject),
            None => groups.push((reason, vec![subject])),
        }
    }
    let reason = match groups.as_slice() {
        [(reason, _)] => reason.clone(),
        _ => groups
            .iter()
            .map(|(reason, subjects)| format!("{}: {reason}", name_list(subjects, 5)))
            .collect::<Vec<_>>()
            .join("; "),
    };
    (status, reason)
}

/// `a, b, c and 4 more`.
fn name_list(names: &[String], limit: usize) -> String {
    let shown: Vec<&str> = names.iter().take(limit).map(String::as_str).collect();
    let rest = names.len().saturating_sub(limit);
    if rest > 0 {
        format!("{} and {rest} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_versions() {
        assert_eq!(minor_version("v1.33.6"), Some(33));
        assert_eq!(minor_version("v1.28.3+k3s1"), Some(28));
        assert_eq!(minor_version("1.30"), Some(30));
        assert_eq!(minor_version("garbage"), None);
    }

    #[test]
    fn combining_groups_equal_reasons() {
        let (status, reason) = combine(vec![
            ("a".into(), Status::Pass, "fine".into()),
            ("b".into(), Status::Fail, "bad".into()),
            ("c".into(), Status::Pass, "fine".into()),
        ]);
        assert_eq!(status, Status::Fail);
        assert_eq!(reason, "a, c: fine; b: bad");
        let (status, reason) = combine(vec![("a".into(), Status::Unknown, "x".into())]);
        assert_eq!((status, reason.as_str()), (Status::Unknown, "x"));
    }

    #[test]
    fn long_name_lists_are_cut() {
        let names: Vec<String> = (0..8).map(|i| format!("n{i}")).collect();
        assert_eq!(name_list(&names, 3), "n0, n1, n2 and 5 more");
    }
}
