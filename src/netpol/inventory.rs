//! What an audit needs besides the engine's model: which workload runs each pod, Services'
//! cluster IPs and namespaces being deleted.

use std::net::IpAddr;

use k8s_openapi::api::core::v1 as core;
use serde::{Deserialize, Serialize};

/// The workload a pod belongs to, named as a person would look it up with kubectl.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Workload {
    /// `Deployment`, `StatefulSet`, `DaemonSet`, `Job`, `ReplicaSet` (one no Deployment owns,
    /// as far as the pod tells), another controller's kind, or `Pod` for a bare pod.
    pub kind: String,
    /// The workload's name.
    pub name: String,
}

impl Workload {
    /// The controller named in the pod's `ownerReferences`; a ReplicaSet whose name ends in the
    /// pod's `pod-template-hash` is taken as its Deployment's.
    pub fn of_pod(pod: &core::Pod) -> Self {
        let meta = &pod.metadata;
        let owner = meta
            .owner_references
            .iter()
            .flatten()
            .find(|o| o.controller == Some(true))
            .or_else(|| meta.owner_references.iter().flatten().next());
        let Some(owner) = owner else {
            return Self {
                kind: "Pod".into(),
                name: meta.name.clone().unwrap_or_default(),
            };
        };
        let hash = meta
            .labels
            .as_ref()
            .and_then(|l| l.get("pod-template-hash"));
        if owner.kind == "ReplicaSet"
            && let Some(deployment) = hash
                .and_then(|h| owner.name.strip_suffix(h.as_str()))
                .and_then(|rest| rest.strip_suffix('-'))
                .filter(|d| !d.is_empty())
        {
            return Self {
                kind: "Deployment".into(),
                name: deployment.to_owned(),
            };
        }
        Self {
            kind: owner.kind.clone(),
            name: owner.name.clone(),
        }
    }
}

/// A Service's cluster IPs (none for headless Services).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// Namespace name.
    pub namespace: String,
    /// Service name.
    pub name: String,
    /// `spec.clusterIPs` (or `spec.clusterIP`) that are addresses.
    pub cluster_ips: Vec<IpAddr>,
}

impl Service {
    /// Reads the cluster IPs; `None` (headless) and unparsable values are left out.
    pub fn from_k8s(service: &core::Service) -> Self {
        let spec = service.spec.as_ref();
        let mut texts: Vec<&str> = spec
            .and_then(|s| s.cluster_ips.as_ref())
            .map(|ips| ips.iter().map(String::as_str).collect())
            .unwrap_or_default();
        if texts.is_empty()
            && let Some(ip) = spec.and_then(|s| s.cluster_ip.as_deref())
        {
            texts.push(ip);
        }
        Self {
            namespace: service.metadata.namespace.clone().unwrap_or_default(),
            name: service.metadata.name.clone().unwrap_or_default(),
            cluster_ips: texts.iter().filter_map(|t| t.parse().ok()).collect(),
        }
    }

    /// `namespace/name`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

/// Whether a Namespace is being deleted: `deletionTimestamp` set or phase `Terminating`.
pub fn is_terminating(namespace: &core::Namespace) -> bool {
    namespace.metadata.deletion_timestamp.is_some()
        || namespace.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Terminating")
}
