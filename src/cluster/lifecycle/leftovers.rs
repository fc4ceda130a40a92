//! Objects of earlier runs that were never cleaned up (a killed process, `--keep`), found
//! by their labels and deleted.
//!
//! Runs put everything they create either into namespaces of their own or into
//! cluster-scoped RBAC objects, so those three kinds are all there is to search.

use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding};
use kube::Resource;
use kube::api::{Api, DeleteParams, ListParams};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{MANAGED_BY, MANAGED_BY_LABEL, PURPOSE_LABEL, RUN_ID_LABEL};
use crate::cluster::Kube;
use crate::cluster::errors::{Attempt, api_error};
use crate::error::Result;

/// An object left by an earlier run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Leftover {
    /// `Namespace`, `ClusterRole` or `ClusterRoleBinding`.
    pub kind: &'static str,
    /// Its name.
    pub name: String,
    /// The run that created it.
    pub run_id: String,
    /// What the run was for.
    pub purpose: String,
    /// Deleted now (false when the deletion failed; see `error`).
    pub deleted: bool,
    /// Why it could not be deleted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The label selector for leftovers of runs for `purpose` (any purpose with `None`).
pub fn selector(purpose: Option<&str>) -> String {
    match purpose {
        Some(p) => format!("{MANAGED_BY_LABEL}={MANAGED_BY},{PURPOSE_LABEL}={p}"),
        None => format!("{MANAGED_BY_LABEL}={MANAGED_BY}"),
    }
}

async fn find<K>(kube: &Kube, selector: &str) -> Result<Vec<Leftover>>
where
    K: Resource<DynamicType = ()> + Clone + std::fmt::Debug + DeserializeOwned,
{
    let api: Api<K> = Api::all(kube.client.clone());
    let list = api
        .list(&ListParams::default().labels(selector))
        .await
        .map_err(|e| {
            let attempt = Attempt {
                verb: "list",
                resource: plural::<K>(),
                namespace: None,
            };
            api_error(e, &kube.target, Some(&attempt))
        })?;
    Ok(list
        .items
        .iter()
        .map(|o| {
            let meta = o.meta();
            let label = |k: &str| {
                meta.labels
                    .as_ref()
                    .and_then(|l| l.get(k).cloned())
                    .unwrap_or_default()
            };
            Leftover {
                kind: leak_kind::<K>(),
                name: meta.name.clone().unwrap_or_default(),
                run_id: label(RUN_ID_LABEL),
                purpose: label(PURPOSE_LABEL),
                deleted: false,
                error: None,
            }
        })
        .collect())
}

fn plural<K: Resource<DynamicType = ()>>() -> String {
    let group = K::group(&());
    if group.is_empty() {
        K::plural(&()).to_string()
    } else {
        format!("{}.{group}", K::plural(&()))
    }
}

fn leak_kind<K: Resource<DynamicType = ()>>() -> &'static str {
    match K::kind(&()).as_ref() {
        "Namespace" => "Namespace",
        "ClusterRole" => "ClusterRole",
        _ => "ClusterRoleBinding",
    }
}

async fn delete<K>(kube: &Kube, leftover: &mut Leftover)
where
    K: Resource<DynamicType = ()> + Clone + std::fmt::Debug + DeserializeOwned,
{
    let api: Api<K> = Api::all(kube.client.clone());
    match api
        .delete(&leftover.name, &DeleteParams::background())
        .await
    {
        Ok(_) => leftover.deleted = true,
        Err(kube::Error::Api(s)) if s.code == 404 => leftover.deleted = true,
        Err(e) => {
            let attempt = Attempt {
                verb: "delete",
                resource: plural::<K>(),
                namespace: None,
            };
            leftover.error = Some(api_error(e, &kube.target, Some(&attempt)).message);
        }
    }
}

/// Finds the leftovers of runs for `purpose` (any with `None`) and deletes them.
/// Namespaces go last, after the RBAC objects that point into them.
pub async fn clean_leftovers(kube: &Kube, purpose: Option<&str>) -> Result<Vec<Leftover>> {
    let selector = selector(purpose);
    let mut found = find::<ClusterRoleBinding>(kube, &selector).await?;
    found.extend(find::<ClusterRole>(kube, &selector).await?);
    found.extend(find::<Namespace>(kube, &selector).await?);
    for leftover in &mut found {
        match leftover.kind {
            "Namespace" => delete::<Namespace>(kube, leftover).await,
            "ClusterRole" => delete::<ClusterRole>(kube, leftover).await,
            _ => delete::<ClusterRoleBinding>(kube, leftover).await,
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_by_purpose() {
        assert_eq!(
            selector(Some("kaas-networking-check")),
            "app.kubernetes.io/managed-by=kubectl-scs,kubectl-scs.scs.community/purpose=kaas-networking-check"
        );
        assert_eq!(selector(None), "app.kubernetes.io/managed-by=kubectl-scs");
    }
}
