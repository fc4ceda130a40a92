//! Workloads and tools that would recreate or hold what cleanup deletes.
//!
//! A StatefulSet recreates the claims of its `volumeClaimTemplates` as soon as a pod of it
//! starts again; any pod that mounts a claim holds it (the `kubernetes.io/pvc-protection`
//! finalizer keeps a deleted claim until the pod is gone); a GitOps tool reapplies whatever it
//! manages.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;

use super::inventory::{Inventory, name, ns};
use super::model::{Claim, LoadBalancerService, Recreator, Stop};
use super::services::{is_gitops, managed_by};
use crate::k8s::labels::{Labels, Selector};

type Key = (String, String, String);

/// Recreators for the listed claims and services, ordered by namespace, kind and name.
pub(crate) fn recreators(
    inv: &Inventory,
    claims: &[Claim],
    services: &[LoadBalancerService],
    in_scope: &dyn Fn(&str) -> bool,
) -> Vec<Recreator> {
    let mut found: BTreeMap<Key, Recreator> = BTreeMap::new();
    for sts in inv
        .statefulsets
        .iter()
        .filter(|s| in_scope(ns(&s.metadata)))
    {
        if let Some(r) = statefulset(sts, inv) {
            found.insert(key(&r), r);
        }
    }
    for claim in claims {
        for pod_path in &claim.used_by {
            let Some(pod) = find_pod(inv, pod_path) else {
                continue;
            };
            let Some(mut r) = top_owner(pod, inv) else {
                continue;
            };
            let claim_path = format!("{}/{}", claim.namespace, claim.name);
            let entry = found.entry(key(&r)).or_insert_with(|| {
                r.claims.clear();
                r
            });
            if !entry.claims.contains(&claim_path) {
                entry.claims.push(claim_path);
                entry.claims.sort();
            }
        }
    }
    for r in found.values_mut().filter(|r| r.why.is_empty()) {
        r.why = format!("its pods mount {}", r.claims.join(", "));
    }
    let mut out: Vec<Recreator> = found
        .into_values()
        .filter(|r| r.stop == Stop::Delete || r.replicas.unwrap_or(1) > 0)
        .collect();
    out.extend(gitops(inv, claims, services));
    out
}

fn key(r: &Recreator) -> Key {
    (r.namespace.clone(), r.kind.clone(), r.name.clone())
}

fn statefulset(sts: &StatefulSet, inv: &Inventory) -> Option<Recreator> {
    let spec = sts.spec.as_ref()?;
    let templates: Vec<&str> = spec
        .volume_claim_templates
        .iter()
        .flatten()
        .filter_map(|t| t.metadata.name.as_deref())
        .collect();
    if templates.is_empty() {
        return None;
    }
    let sts_ns = ns(&sts.metadata);
    let sts_name = name(&sts.metadata);
    let prefixes: Vec<String> = templates
        .iter()
        .map(|t| format!("{t}-{sts_name}-"))
        .collect();
    let mut claims: Vec<String> = inv
        .claims
        .iter()
        .filter(|c| ns(&c.metadata) == sts_ns)
        .filter(|c| {
            let n = name(&c.metadata);
            prefixes.iter().any(|p| {
                n.strip_prefix(p.as_str())
                    .is_some_and(|ordinal| ordinal.chars().all(|ch| ch.is_ascii_digit()))
            })
        })
        .map(|c| format!("{sts_ns}/{}", name(&c.metadata)))
        .collect();
    claims.sort();
    let deletes_claims = spec
        .persistent_volume_claim_retention_policy
        .as_ref()
        .and_then(|p| p.when_deleted.as_deref())
        == Some("Delete");
    let mut why = format!(
        "recreates the claims of its volumeClaimTemplates ({}) when its pods start again",
        templates.join(", ")
    );
    if deletes_claims {
        why.push_str("; deleting it deletes them too (retention policy whenDeleted=Delete)");
    }
    Some(Recreator {
        kind: "StatefulSet".into(),
        namespace: sts_ns.to_string(),
        name: sts_name.to_string(),
        replicas: Some(spec.replicas.unwrap_or(1)),
        why,
        claims,
        stop: Stop::Scale,
    })
}

fn find_pod<'a>(inv: &'a Inventory, path: &str) -> Option<&'a Pod> {
    let (pod_ns, pod_name) = path.split_once('/')?;
    inv.pods
        .iter()
        .find(|p| ns(&p.metadata) == pod_ns && name(&p.metadata) == pod_name)
}

/// The workload to stop so the pod does not come back: its controller, climbing from a
/// ReplicaSet to the Deployment that selects the pod.
fn top_owner(pod: &Pod, inv: &Inventory) -> Option<Recreator> {
    let pod_ns = ns(&pod.metadata);
    let controller = pod
        .metadata
        .owner_references
        .iter()
        .flatten()
        .find(|r| r.controller == Some(true));
    let recreator = |kind: &str, name: &str, replicas: Option<i32>, stop: Stop| Recreator {
        kind: kind.into(),
        namespace: pod_ns.to_string(),
        name: name.to_string(),
        replicas,
        why: String::new(),
        claims: Vec::new(),
        stop,
    };
    let Some(owner) = controller else {
        return Some(recreator("Pod", name(&pod.metadata), None, Stop::Delete));
    };
    match owner.kind.as_str() {
        "StatefulSet" => {
            let replicas = inv
                .statefulsets
                .iter()
                .find(|s| ns(&s.metadata) == pod_ns && name(&s.metadata) == owner.name)
                .and_then(|s| s.spec.as_ref())
                .map(|s| s.replicas.unwrap_or(1));
            Some(recreator("StatefulSet", &owner.name, replicas, Stop::Scale))
        }
        "ReplicaSet" => {
            let labels: Labels = pod.metadata.labels.clone().unwrap_or_default();
            let deployment = inv.deployments.iter().find(|d| {
                ns(&d.metadata) == pod_ns
                    && d.spec.as_ref().is_some_and(|s| {
                        Selector::from_k8s(&s.selector, name(&d.metadata), "spec.selector")
                            .is_ok_and(|sel| !sel.is_empty() && sel.matches(&labels))
                    })
            });
            Some(match deployment {
                Some(d) => recreator(
                    "Deployment",
                    name(&d.metadata),
                    d.spec.as_ref().map(|s| s.replicas.unwrap_or(1)),
                    Stop::Scale,
                ),
                None => recreator("ReplicaSet", &owner.name, None, Stop::Scale),
            })
        }
        "DaemonSet" => Some(recreator("DaemonSet", &owner.name, None, Stop::Delete)),
        "Job" => Some(recreator("Job", &owner.name, None, Stop::Delete)),
        other => Some(recreator(other, &owner.name, None, Stop::Manual)),
    }
}

/// GitOps tools that manage a listed object: they reapply what cleanup deletes.
fn gitops(inv: &Inventory, claims: &[Claim], services: &[LoadBalancerService]) -> Vec<Recreator> {
    let mut managers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for svc in services {
        if let Some(m) = svc.managed_by.as_deref().filter(|m| is_gitops(m)) {
            managers
                .entry(m.to_string())
                .or_default()
                .push(format!("Service {}/{}", svc.namespace, svc.name));
        }
    }
    for claim in claims {
        let meta = inv
            .claims
            .iter()
            .find(|c| ns(&c.metadata) == claim.namespace && name(&c.metadata) == claim.name)
            .map(|c| &c.metadata);
        if let Some(m) = meta.and_then(managed_by).filter(|m| is_gitops(m)) {
            managers.entry(m).or_default().push(format!(
                "PersistentVolumeClaim {}/{}",
                claim.namespace, claim.name
            ));
        }
    }
    for sts in &inv.statefulsets {
        if let Some(m) = managed_by(&sts.metadata).filter(|m| is_gitops(m)) {
            managers.entry(m).or_default().push(format!(
                "StatefulSet {}/{}",
                ns(&sts.metadata),
                name(&sts.metadata)
            ));
        }
    }
    managers
        .into_iter()
        .map(|(manager, objects)| {
            let (kind, rest) = manager
                .rsplit_once(' ')
                .map(|(k, n)| (k.to_string(), n.to_string()))
                .unwrap_or_else(|| (manager.clone(), String::new()));
            let (namespace, name) = rest
                .split_once('/')
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .unwrap_or((String::new(), rest.clone()));
            Recreator {
                kind,
                namespace,
                name,
                replicas: None,
                why: format!(
                    "reapplies what it manages ({}): suspend it before cleaning up",
                    objects.join(", ")
                ),
                claims: Vec::new(),
                stop: Stop::Manual,
            }
        })
        .collect()
}
