//! The changes a scenario makes to the cluster between probes, behind a seam the runner
//! drives: the cluster implementation sends API requests, tests record them.

use std::collections::BTreeMap;
use std::future::Future;

use k8s_openapi::api::networking::v1::NetworkPolicy;

use crate::netcheck::probe::OpError;
use crate::netpol::Labels;
use crate::netpol::catalogue::{NsKey, PodRef};

/// Label changes: `Some(value)` sets a label, `None` removes it (a JSON merge patch of
/// `metadata.labels`).
pub type LabelPatch = BTreeMap<String, Option<String>>;

/// Applies a patch to a label map, as the API server applies the merge patch.
pub fn apply_label_patch(labels: &mut Labels, patch: &LabelPatch) {
    for (key, value) in patch {
        match value {
            Some(v) => {
                labels.insert(key.clone(), v.clone());
            }
            None => {
                labels.remove(key);
            }
        }
    }
}

/// What scenarios change in one topology (namespaces x, y, z and their pods).
pub trait Fixture {
    /// Creates a policy (its `metadata.namespace` is set).
    fn create_policy(&self, policy: &NetworkPolicy) -> impl Future<Output = Result<(), OpError>>;

    /// Replaces the policy of the same namespace and name.
    fn update_policy(&self, policy: &NetworkPolicy) -> impl Future<Output = Result<(), OpError>>;

    /// Deletes a policy; one that is already gone is not an error.
    fn delete_policy(
        &self,
        namespace: NsKey,
        name: &str,
    ) -> impl Future<Output = Result<(), OpError>>;

    /// Changes a namespace's labels.
    fn patch_namespace_labels(
        &self,
        namespace: NsKey,
        patch: &LabelPatch,
    ) -> impl Future<Output = Result<(), OpError>>;

    /// Changes a pod's labels.
    fn patch_pod_labels(
        &self,
        pod: PodRef,
        patch: &LabelPatch,
    ) -> impl Future<Output = Result<(), OpError>>;
}
