//! Objects of earlier runs that were never cleaned up (a killed process, `--keep`), found
//! by their labels and deleted — but not those of runs still going (another terminal, a CI
//! job), whose namespaces hold an unexpired lease ([`super::lease`]), unless forced.
//!
//! Runs put everything they create either into namespaces of their own or into
//! cluster-scoped RBAC objects, so those three kinds are all there is to search.

use std::collections::BTreeMap;
use std::time::Duration;

use jiff::Timestamp;
use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding};
use kube::Resource;
use kube::api::{Api, DeleteParams, ListParams};
use kube::runtime::wait::await_condition;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::lease::alive_until;
use super::{MANAGED_BY, MANAGED_BY_LABEL, PURPOSE_LABEL, RUN_ID_LABEL};
use crate::error::Result;
use crate::kube::Kube;
use crate::kube::errors::{Attempt, api_error};

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
    /// Deleted now (false when the deletion failed, see `error`, or the run is still
    /// going, see `aliveUntil`).
    pub deleted: bool,
    /// A namespace whose deletion was accepted but that was still terminating when the
    /// wait for it ended.
    pub terminating: bool,
    /// The run is still going (its lease ends then): left alone without `--force`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alive_until: Option<String>,
    /// Why it could not be deleted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Which runs still going `--cleanup` deletes anyway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Force {
    /// None: they are listed and left alone.
    No,
    /// Every one.
    All,
    /// These run ids.
    Runs(Vec<String>),
}

impl Force {
    /// From `--force [RUN_ID…]`: absent, given alone, or with run ids.
    pub fn from_flag(flag: Option<&[String]>) -> Force {
        match flag {
            None => Force::No,
            Some([]) => Force::All,
            Some(ids) => Force::Runs(ids.to_vec()),
        }
    }

    fn covers(&self, run_id: &str) -> bool {
        match self {
            Force::No => false,
            Force::All => true,
            Force::Runs(ids) => ids.iter().any(|id| id == run_id),
        }
    }
}

/// The label selector for leftovers of runs for `purpose` (any purpose with `None`).
pub fn selector(purpose: Option<&str>) -> String {
    match purpose {
        Some(p) => format!("{MANAGED_BY_LABEL}={MANAGED_BY},{PURPOSE_LABEL}={p}"),
        None => format!("{MANAGED_BY_LABEL}={MANAGED_BY}"),
    }
}

async fn find<K>(kube: &Kube, selector: &str, now: Timestamp) -> Result<Vec<Leftover>>
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
                terminating: false,
                alive_until: alive_until(meta.annotations.as_ref(), now).map(|t| t.to_string()),
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

/// Marks every object of a run still going (one of its namespaces holds a lease) with
/// the lease's end, RBAC objects included (pure).
pub fn mark_live(found: &mut [Leftover]) {
    let live: BTreeMap<String, String> = found
        .iter()
        .filter_map(|l| Some((l.run_id.clone(), l.alive_until.clone()?)))
        .collect();
    for leftover in found {
        leftover.alive_until = live.get(&leftover.run_id).cloned();
    }
}

/// Finds the leftovers of runs for `purpose` (any with `None`) and deletes them, leaving
/// runs still going alone unless `force` covers them. Namespaces go last, after the RBAC
/// objects that point into them, and are waited for up to `wait`.
pub async fn clean_leftovers(
    kube: &Kube,
    purpose: Option<&str>,
    force: &Force,
    wait: Duration,
) -> Result<Vec<Leftover>> {
    let selector = selector(purpose);
    let now = Timestamp::now();
    let mut found = find::<ClusterRoleBinding>(kube, &selector, now).await?;
    found.extend(find::<ClusterRole>(kube, &selector, now).await?);
    found.extend(find::<Namespace>(kube, &selector, now).await?);
    mark_live(&mut found);
    for leftover in &mut found {
        if leftover.alive_until.is_some() && !force.covers(&leftover.run_id) {
            continue;
        }
        match leftover.kind {
            "Namespace" => delete::<Namespace>(kube, leftover).await,
            "ClusterRole" => delete::<ClusterRole>(kube, leftover).await,
            _ => delete::<ClusterRoleBinding>(kube, leftover).await,
        }
    }
    let deadline = tokio::time::Instant::now() + wait;
    for leftover in &mut found {
        if leftover.kind == "Namespace" && leftover.deleted {
            leftover.terminating = !namespace_gone(kube, &leftover.name, deadline).await;
        }
    }
    Ok(found)
}

/// Waits (watching) until the namespace is gone; false when the deadline came first or it
/// cannot be watched.
async fn namespace_gone(kube: &Kube, name: &str, deadline: tokio::time::Instant) -> bool {
    let api: Api<Namespace> = Api::all(kube.client.clone());
    let gone = |ns: Option<&Namespace>| ns.is_none();
    matches!(
        tokio::time::timeout_at(deadline, await_condition(api, name, gone)).await,
        Ok(Ok(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftover(kind: &'static str, run_id: &str, alive_until: Option<&str>) -> Leftover {
        Leftover {
            kind,
            name: format!("{kind}-{run_id}"),
            run_id: run_id.into(),
            purpose: "kaas-networking-check".into(),
            deleted: false,
            terminating: false,
            alive_until: alive_until.map(str::to_string),
            error: None,
        }
    }

    #[test]
    fn a_live_namespace_keeps_its_whole_run_alive() {
        let until = "2026-12-07T15:01:30Z";
        let mut found = vec![
            leftover("ClusterRole", "live", None),
            leftover("ClusterRole", "old", None),
            leftover("Namespace", "live", Some(until)),
            leftover("Namespace", "old", None),
        ];
        mark_live(&mut found);
        let live: Vec<_> = found.iter().map(|l| l.alive_until.is_some()).collect();
        assert_eq!(live, [true, false, true, false]);
    }

    #[test]
    fn force_covers_all_or_the_runs_named() {
        assert!(!Force::from_flag(None).covers("a"));
        assert!(Force::from_flag(Some(&[])).covers("a"));
        let named = Force::from_flag(Some(&["a".to_string()]));
        assert!(named.covers("a"));
        assert!(!named.covers("b"));
    }

    #[test]
    fn selectors_by_purpose() {
        assert_eq!(
            selector(Some("kaas-networking-check")),
            "app.kubernetes.io/managed-by=kubectl-scs,kubectl-scs.scs.community/purpose=kaas-networking-check"
        );
        assert_eq!(selector(None), "app.kubernetes.io/managed-by=kubectl-scs");
    }
}
