//! [`Fixture`] for a live cluster: policies and labels changed through the API.

use k8s_openapi::api::core::v1::{Namespace, Pod};
use k8s_openapi::api::networking::v1::NetworkPolicy;
use kube::api::{Api, DeleteParams, Patch, PatchParams, PostParams};
use serde_json::json;

use crate::commands::check::networking::native::errors::op_error;
use crate::kube::Connection;
use crate::kube::errors::Attempt;
use crate::netcheck::{Fixture, LabelPatch, OpError};
use crate::netpol::Labels;
use crate::netpol::catalogue::{NsKey, PodRef, TopologyNames};

/// Changes policies and labels in one topology's namespaces.
pub struct KubeFixture {
    client: kube::Client,
    api: Connection,
    names: TopologyNames,
    labels: Labels,
}

impl KubeFixture {
    /// `labels` go onto every policy (the run's labels, so clean-up can find them).
    pub fn new(
        client: kube::Client,
        api: Connection,
        names: TopologyNames,
        labels: Labels,
    ) -> Self {
        Self {
            client,
            api,
            names,
            labels,
        }
    }

    fn policies(&self, namespace: &str) -> Api<NetworkPolicy> {
        Api::namespaced(self.client.clone(), namespace)
    }

    fn labelled(&self, policy: &NetworkPolicy) -> NetworkPolicy {
        let mut policy = policy.clone();
        let labels = policy.metadata.labels.get_or_insert_with(Default::default);
        for (k, v) in &self.labels {
            labels.entry(k.clone()).or_insert_with(|| v.clone());
        }
        policy
    }

    fn attempt<'a>(&self, verb: &'a str, resource: &str, namespace: &'a str) -> Attempt<'a> {
        Attempt {
            verb,
            resource: resource.into(),
            namespace: Some(namespace),
        }
    }
}

fn patch_body(patch: &LabelPatch) -> Patch<serde_json::Value> {
    Patch::Merge(json!({"metadata": {"labels": patch}}))
}

fn namespace_of(policy: &NetworkPolicy) -> Result<&str, OpError> {
    policy
        .metadata
        .namespace
        .as_deref()
        .ok_or_else(|| OpError::transient("the NetworkPolicy has no namespace"))
}

impl Fixture for KubeFixture {
    async fn create_policy(&self, policy: &NetworkPolicy) -> Result<(), OpError> {
        let ns = namespace_of(policy)?;
        self.policies(ns)
            .create(&PostParams::default(), &self.labelled(policy))
            .await
            .map(|_| ())
            .map_err(|e| {
                op_error(
                    e,
                    &self.api,
                    &self.attempt("create", "networkpolicies.networking.k8s.io", ns),
                )
            })
    }

    async fn update_policy(&self, policy: &NetworkPolicy) -> Result<(), OpError> {
        let ns = namespace_of(policy)?;
        let name = policy.metadata.name.as_deref().unwrap_or_default();
        let api = self.policies(ns);
        let resource = "networkpolicies.networking.k8s.io";
        let current = api
            .get(name)
            .await
            .map_err(|e| op_error(e, &self.api, &self.attempt("get", resource, ns)))?;
        let mut next = self.labelled(policy);
        next.metadata.resource_version = current.metadata.resource_version;
        api.replace(name, &PostParams::default(), &next)
            .await
            .map(|_| ())
            .map_err(|e| op_error(e, &self.api, &self.attempt("update", resource, ns)))
    }

    async fn delete_policy(&self, namespace: NsKey, name: &str) -> Result<(), OpError> {
        let ns = self.names.get(namespace);
        match self
            .policies(ns)
            .delete(name, &DeleteParams::default())
            .await
        {
            Ok(_) => Ok(()),
            Err(kube::Error::Api(status)) if status.code == 404 => Ok(()),
            Err(e) => Err(op_error(
                e,
                &self.api,
                &self.attempt("delete", "networkpolicies.networking.k8s.io", ns),
            )),
        }
    }

    async fn patch_namespace_labels(
        &self,
        namespace: NsKey,
        patch: &LabelPatch,
    ) -> Result<(), OpError> {
        let name = self.names.get(namespace);
        let api: Api<Namespace> = Api::all(self.client.clone());
        api.patch(name, &PatchParams::default(), &patch_body(patch))
            .await
            .map(|_| ())
            .map_err(|e| {
                op_error(
                    e,
                    &self.api,
                    &Attempt {
                        verb: "patch",
                        resource: "namespaces".into(),
                        namespace: None,
                    },
                )
            })
    }

    async fn patch_pod_labels(&self, pod: PodRef, patch: &LabelPatch) -> Result<(), OpError> {
        let ns = self.names.get(pod.ns);
        let api: Api<Pod> = Api::namespaced(self.client.clone(), ns);
        api.patch(
            pod.pod.as_str(),
            &PatchParams::default(),
            &patch_body(patch),
        )
        .await
        .map(|_| ())
        .map_err(|e| op_error(e, &self.api, &self.attempt("patch", "pods", ns)))
    }
}
