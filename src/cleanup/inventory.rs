//! The workload cluster's objects as typed data: what `analyze` and `leftovers` work on.
//!
//! Built-in kinds are read with the k8s-openapi types; the snapshot kinds of the CSI
//! external-snapshotter and Gateways, which k8s-openapi does not have, with the few fields this
//! module needs. An object that does not fit its type becomes a note naming it.

use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim, Pod, Service};
use k8s_openapi::api::networking::v1::Ingress;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::k8s::api_group;

/// `snapshot.storage.k8s.io` VolumeSnapshot, reduced to what cleanup needs.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VolumeSnapshot {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: SnapshotSpec,
    #[serde(default)]
    pub status: Option<SnapshotStatus>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SnapshotSpec {
    #[serde(default)]
    pub source: SnapshotSource,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SnapshotSource {
    pub persistent_volume_claim_name: Option<String>,
    pub volume_snapshot_content_name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SnapshotStatus {
    pub bound_volume_snapshot_content_name: Option<String>,
    pub ready_to_use: Option<bool>,
}

/// `snapshot.storage.k8s.io` VolumeSnapshotContent, reduced to what cleanup needs.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VolumeSnapshotContent {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: ContentSpec,
    #[serde(default)]
    pub status: Option<ContentStatus>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ContentSpec {
    #[serde(default)]
    pub deletion_policy: String,
    #[serde(default)]
    pub driver: String,
    #[serde(default)]
    pub source: ContentSource,
    #[serde(default)]
    pub volume_snapshot_ref: ContentRef,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ContentSource {
    pub snapshot_handle: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ContentRef {
    pub namespace: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ContentStatus {
    pub snapshot_handle: Option<String>,
}

/// A Gateway (gateway.networking.k8s.io): only its identity matters here.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Gateway {
    #[serde(default)]
    pub metadata: ObjectMeta,
}

/// Every object cleanup looks at, by kind.
#[derive(Debug, Clone, Default)]
pub(crate) struct Inventory {
    pub services: Vec<Service>,
    pub claims: Vec<PersistentVolumeClaim>,
    pub volumes: Vec<PersistentVolume>,
    pub pods: Vec<Pod>,
    pub statefulsets: Vec<StatefulSet>,
    pub deployments: Vec<Deployment>,
    pub daemonsets: Vec<DaemonSet>,
    pub ingresses: Vec<Ingress>,
    pub gateways: Vec<Gateway>,
    pub snapshots: Vec<VolumeSnapshot>,
    pub contents: Vec<VolumeSnapshotContent>,
    /// Objects that could not be read as their kind.
    pub notes: Vec<String>,
}

impl Inventory {
    /// Sorts objects into their kinds; other kinds are ignored.
    pub fn read(objects: &[Value]) -> Inventory {
        let mut inv = Inventory::default();
        for object in objects {
            let api_version = object
                .get("apiVersion")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let kind = object
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or_default();
            match (api_group(api_version), kind) {
                ("", "Service") => inv.push(object, |i| &mut i.services),
                ("", "PersistentVolumeClaim") => inv.push(object, |i| &mut i.claims),
                ("", "PersistentVolume") => inv.push(object, |i| &mut i.volumes),
                ("", "Pod") => inv.push(object, |i| &mut i.pods),
                ("apps", "StatefulSet") => inv.push(object, |i| &mut i.statefulsets),
                ("apps", "Deployment") => inv.push(object, |i| &mut i.deployments),
                ("apps", "DaemonSet") => inv.push(object, |i| &mut i.daemonsets),
                ("networking.k8s.io", "Ingress") => inv.push(object, |i| &mut i.ingresses),
                ("gateway.networking.k8s.io", "Gateway") => inv.push(object, |i| &mut i.gateways),
                ("snapshot.storage.k8s.io", "VolumeSnapshot") => {
                    inv.push(object, |i| &mut i.snapshots)
                }
                ("snapshot.storage.k8s.io", "VolumeSnapshotContent") => {
                    inv.push(object, |i| &mut i.contents)
                }
                _ => {}
            }
        }
        inv
    }

    fn push<T: DeserializeOwned>(
        &mut self,
        object: &Value,
        list: impl FnOnce(&mut Inventory) -> &mut Vec<T>,
    ) {
        match T::deserialize(object) {
            Ok(typed) => list(self).push(typed),
            Err(e) => {
                let kind = object
                    .get("kind")
                    .and_then(Value::as_str)
                    .unwrap_or("object");
                let ns = object
                    .pointer("/metadata/namespace")
                    .and_then(Value::as_str)
                    .map(|ns| format!("{ns}/"))
                    .unwrap_or_default();
                let name = object
                    .pointer("/metadata/name")
                    .and_then(Value::as_str)
                    .unwrap_or("?");
                self.notes.push(format!(
                    "{kind} {ns}{name} skipped: it does not read as a {kind}: {e}"
                ));
            }
        }
    }
}

/// `metadata.namespace` or "".
pub(crate) fn ns(meta: &ObjectMeta) -> &str {
    meta.namespace.as_deref().unwrap_or_default()
}

/// `metadata.name` or "".
pub(crate) fn name(meta: &ObjectMeta) -> &str {
    meta.name.as_deref().unwrap_or_default()
}

/// A label's value.
pub(crate) fn label<'a>(meta: &'a ObjectMeta, key: &str) -> Option<&'a str> {
    meta.labels.as_ref()?.get(key).map(String::as_str)
}

/// An annotation's value.
pub(crate) fn annotation<'a>(meta: &'a ObjectMeta, key: &str) -> Option<&'a str> {
    meta.annotations.as_ref()?.get(key).map(String::as_str)
}

/// The finalizers, in order.
pub(crate) fn finalizers(meta: &ObjectMeta) -> Vec<String> {
    meta.finalizers.clone().unwrap_or_default()
}

/// Whether the object has a deletionTimestamp.
pub(crate) fn deleting(meta: &ObjectMeta) -> bool {
    meta.deletion_timestamp.is_some()
}

/// Claims a pod mounts, by name (in the pod's namespace).
pub(crate) fn pod_claims(pod: &Pod) -> impl Iterator<Item = &str> {
    pod.spec
        .iter()
        .flat_map(|s| s.volumes.iter().flatten())
        .filter_map(|v| v.persistent_volume_claim.as_ref())
        .map(|c| c.claim_name.as_str())
}

/// Whether a pod still runs or may run (finished pods hold no volume).
pub(crate) fn pod_active(pod: &Pod) -> bool {
    !matches!(
        pod.status.as_ref().and_then(|s| s.phase.as_deref()),
        Some("Succeeded" | "Failed")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kinds_are_sorted_and_misfits_become_notes() {
        let objects = vec![
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a", "namespace": "x"}}),
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "bad", "namespace": "x"}, "spec": {"ports": "not a list"}}),
            json!({"apiVersion": "snapshot.storage.k8s.io/v1", "kind": "VolumeSnapshot", "metadata": {"name": "s", "namespace": "x"}}),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "x"}}),
        ];
        let inv = Inventory::read(&objects);
        assert_eq!(inv.services.len(), 1);
        assert_eq!(inv.snapshots.len(), 1);
        assert_eq!(inv.notes.len(), 1);
        assert!(
            inv.notes[0].starts_with("Service x/bad skipped"),
            "{}",
            inv.notes[0]
        );
    }
}
