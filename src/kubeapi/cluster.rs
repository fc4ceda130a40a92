//! The parts of a CAPI `Cluster` that the kube-API restriction check needs, read from either the
//! v1beta1 or the v1beta2 shape.
//!
//! Differences handled here: v1beta1 references carry `apiVersion` (and often `namespace`),
//! v1beta2 references carry `apiGroup` and never a namespace (the Cluster's own namespace applies).
//! `spec.topology.variables` is a list of `{name, value}` in both.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::k8s::json;

/// The API group of CAPI core objects.
pub const CAPI_GROUP: &str = "cluster.x-k8s.io";

/// Why an object could not be read as a CAPI Cluster.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ViewError {
    /// The object has no `metadata.name`.
    #[error("a {kind} object (item {index} of the input) has no metadata.name; it was skipped")]
    MissingName {
        /// The object's kind.
        kind: String,
        /// Position in the flattened input.
        index: usize,
    },
}

/// A reference from a Cluster to another object (`spec.infrastructureRef`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectRef {
    /// API group (`infrastructure.cluster.x-k8s.io`); empty when the reference names none.
    pub api_group: String,
    /// Full `apiVersion` when the reference gives one (v1beta1 references).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Kind, e.g. `OpenStackCluster`.
    pub kind: String,
    /// Namespace: the reference's own, or the Cluster's.
    pub namespace: String,
    /// Name.
    pub name: String,
}

impl ObjectRef {
    /// `namespace/name`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }

    /// True when `object` is the object this reference points at.
    pub fn matches(&self, object: &Value) -> bool {
        let kind_ok = json::str_at(object, &["kind"]) == Some(self.kind.as_str());
        let name_ok = json::str_at(object, &["metadata", "name"]) == Some(self.name.as_str());
        let ns_ok =
            json::str_at(object, &["metadata", "namespace"]).unwrap_or_default() == self.namespace;
        let group_ok = self.api_group.is_empty()
            || json::str_at(object, &["apiVersion"]).map(json::group_of)
                == Some(self.api_group.as_str());
        kind_ok && name_ok && ns_ok && group_ok
    }
}

/// One entry of `spec.topology.variables`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variable {
    /// Variable name.
    pub name: String,
    /// Variable value (any JSON).
    pub value: Value,
}

/// The restriction-relevant view of one CAPI Cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterView {
    /// `metadata.namespace` (empty if the object carries none).
    pub namespace: String,
    /// `metadata.name`.
    pub name: String,
    /// `apiVersion` as read (`cluster.x-k8s.io/v1beta1` or `/v1beta2`).
    pub api_version: String,
    /// `spec.topology.variables`, in order.
    pub variables: Vec<Variable>,
    /// `spec.infrastructureRef`, if set.
    pub infrastructure_ref: Option<ObjectRef>,
    /// `spec.controlPlaneEndpoint` as `host:port`, if set.
    pub control_plane_endpoint: Option<String>,
}

impl ClusterView {
    /// Reads a Cluster object. `index` is only used to name the object in errors.
    pub fn from_value(object: &Value, index: usize) -> Result<ClusterView, ViewError> {
        let name = json::str_at(object, &["metadata", "name"])
            .filter(|n| !n.is_empty())
            .ok_or_else(|| ViewError::MissingName {
                kind: "Cluster".to_string(),
                index,
            })?
            .to_string();
        let namespace = json::str_at(object, &["metadata", "namespace"])
            .unwrap_or_default()
            .to_string();
        let variables = json::at(object, &["spec", "topology", "variables"])
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(read_variable).collect())
            .unwrap_or_default();
        let infrastructure_ref =
            json::at(object, &["spec", "infrastructureRef"]).and_then(|r| read_ref(r, &namespace));
        let control_plane_endpoint =
            json::str_at(object, &["spec", "controlPlaneEndpoint", "host"])
                .filter(|h| !h.is_empty())
                .map(|host| {
                    match json::at(object, &["spec", "controlPlaneEndpoint", "port"])
                        .and_then(Value::as_u64)
                    {
                        Some(port) => format!("{host}:{port}"),
                        None => host.to_string(),
                    }
                });
        Ok(ClusterView {
            namespace,
            name,
            api_version: json::str_at(object, &["apiVersion"])
                .unwrap_or_default()
                .to_string(),
            variables,
            infrastructure_ref,
            control_plane_endpoint,
        })
    }

    /// `namespace/name`, the key used in reports.
    pub fn key(&self) -> String {
        if self.namespace.is_empty() {
            self.name.clone()
        } else {
            format!("{}/{}", self.namespace, self.name)
        }
    }

    /// The value of a topology variable. A later duplicate wins, as in a JSON patch sequence.
    pub fn variable(&self, name: &str) -> Option<&Value> {
        self.variables
            .iter()
            .rev()
            .find(|v| v.name == name)
            .map(|v| &v.value)
    }

    /// How a field of this Cluster is named in `fieldsRead`.
    pub fn field(&self, path: &str) -> String {
        format!("Cluster {}: {path}", self.key())
    }
}

/// True when `object` is a CAPI Cluster (any served version).
pub fn is_capi_cluster(object: &Value) -> bool {
    json::str_at(object, &["kind"]) == Some("Cluster")
        && json::str_at(object, &["apiVersion"]).map(json::group_of) == Some(CAPI_GROUP)
}

fn read_variable(item: &Value) -> Option<Variable> {
    let name = json::str_at(item, &["name"])?.to_string();
    let value = item.get("value").cloned().unwrap_or(Value::Null);
    Some(Variable { name, value })
}

fn read_ref(reference: &Value, cluster_namespace: &str) -> Option<ObjectRef> {
    let kind = json::str_at(reference, &["kind"])?.to_string();
    let name = json::str_at(reference, &["name"])?.to_string();
    let api_version = json::str_at(reference, &["apiVersion"]).map(str::to_string);
    let api_group = json::str_at(reference, &["apiGroup"])
        .map(str::to_string)
        .or_else(|| {
            api_version
                .as_deref()
                .map(|v| json::group_of(v).to_string())
        })
        .unwrap_or_default();
    let namespace = json::str_at(reference, &["namespace"])
        .filter(|ns| !ns.is_empty())
        .unwrap_or(cluster_namespace)
        .to_string();
    Some(ObjectRef {
        api_group,
        api_version,
        kind,
        namespace,
        name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_v1beta1_cluster() {
        let c = json!({
            "apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "Cluster",
            "metadata": {"name": "c1", "namespace": "ns"},
            "spec": {
                "controlPlaneEndpoint": {"host": "198.18.0.1", "port": 6443},
                "infrastructureRef": {"apiVersion": "infrastructure.cluster.x-k8s.io/v1beta1",
                    "kind": "OpenStackCluster", "name": "c1-abcde", "namespace": "ns"},
                "topology": {"class": "x", "variables": [
                    {"name": "apiServerLoadBalancer", "value": "octavia-amphora"},
                    {"name": "workerRootDisk", "value": 50}]}
            }
        });
        assert!(is_capi_cluster(&c));
        let view = ClusterView::from_value(&c, 0);
        let view = view.as_ref().ok();
        assert_eq!(view.map(ClusterView::key), Some("ns/c1".to_string()));
        assert_eq!(
            view.and_then(|v| v.variable("apiServerLoadBalancer")),
            Some(&json!("octavia-amphora"))
        );
        let r = view.and_then(|v| v.infrastructure_ref.clone());
        assert_eq!(
            r.as_ref().map(|r| r.api_group.as_str()),
            Some("infrastructure.cluster.x-k8s.io")
        );
        assert_eq!(r.map(|r| r.key()), Some("ns/c1-abcde".to_string()));
        assert_eq!(
            view.and_then(|v| v.control_plane_endpoint.clone()),
            Some("198.18.0.1:6443".to_string())
        );
    }

    #[test]
    fn reads_v1beta2_reference_without_namespace() {
        let c = json!({
            "apiVersion": "cluster.x-k8s.io/v1beta2", "kind": "Cluster",
            "metadata": {"name": "c2", "namespace": "ns2"},
            "spec": {"infrastructureRef": {"apiGroup": "infrastructure.cluster.x-k8s.io",
                "kind": "OpenStackCluster", "name": "c2-xyz"}}
        });
        let r = ClusterView::from_value(&c, 0)
            .ok()
            .and_then(|v| v.infrastructure_ref);
        assert_eq!(r.as_ref().map(|r| r.key()), Some("ns2/c2-xyz".to_string()));
        let infra = json!({"apiVersion": "infrastructure.cluster.x-k8s.io/v1beta1",
            "kind": "OpenStackCluster", "metadata": {"name": "c2-xyz", "namespace": "ns2"}});
        assert_eq!(r.as_ref().map(|r| r.matches(&infra)), Some(true));
        let other_group = json!({"apiVersion": "example.com/v1",
            "kind": "OpenStackCluster", "metadata": {"name": "c2-xyz", "namespace": "ns2"}});
        assert_eq!(r.map(|r| r.matches(&other_group)), Some(false));
    }

    #[test]
    fn missing_name_is_an_error_naming_the_item() {
        let err = ClusterView::from_value(&json!({"kind": "Cluster"}), 4).err();
        assert_eq!(
            err.map(|e| e.to_string()),
            Some(
                "a Cluster object (item 4 of the input) has no metadata.name; it was skipped"
                    .to_string()
            )
        );
    }
}
