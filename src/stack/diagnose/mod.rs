//! The per-Cluster diagnoses. Each one combines several signals, because a single condition
//! often tells only part of the story (CAPI's v1beta1 Ready ignores the topology, CSO clears the
//! stages of a finished hook, and the multi-stage flow stores no per-object errors).

mod apply;
mod hooks;
mod provisioning;

use jiff::Timestamp;

use super::age::human_age;
use super::cluster::{Ctx, Related};
use super::conditions::Condition;
use super::deletion::deleting;
use super::model::Diagnosis;

use apply::addon_apply_failing;
use hooks::{addon_will_be_dropped, hook_not_called, upgrade_blocked, upgrade_pending};
use provisioning::{
    addon_missing, not_provisioned, release_not_ready, replicas_not_ready, update_available,
};

/// Where the CSO controller logs.
const CSO_LOGS: &str = "kubectl -n cso-system logs deploy/cso-controller-manager";

/// A control plane younger than this is still expected to come up.
const INIT_GRACE_SECONDS: i64 = 15 * 60;

/// All diagnoses for one Cluster, unsorted.
pub(crate) fn all(ctx: &Ctx<'_>, rel: &Related<'_>) -> Vec<Diagnosis> {
    if rel.cluster.is_deleting() {
        // During deletion CAPI, CAPO and CSO report Deleted/Deleting conditions as False on
        // purpose; only the deletion itself is reported.
        return vec![deleting(ctx, rel)];
    }
    let mut out = Vec::new();
    let not_provisioned = not_provisioned(ctx, rel);
    let provisioned = not_provisioned.is_none();
    out.extend(not_provisioned);
    out.extend(release_not_ready(ctx, rel));
    let blocked = upgrade_blocked(ctx, rel);
    let is_blocked = blocked.is_some();
    out.extend(blocked);
    out.extend(hook_not_called(ctx, rel));
    if !is_blocked && provisioned {
        out.extend(addon_apply_failing(ctx, rel));
    }
    out.extend(upgrade_pending(rel));
    out.extend(addon_will_be_dropped(ctx, rel));
    if provisioned {
        out.extend(replicas_not_ready(ctx, rel));
    }
    out.extend(addon_missing(ctx, rel));
    out.extend(update_available(rel));
    out
}

fn cluster_ref(rel: &Related<'_>) -> String {
    format!("Cluster/{}/{}", rel.cluster.ns, rel.cluster.name)
}

fn for_age(ctx: &Ctx<'_>, c: Option<&Condition<'_>>) -> String {
    for_time(ctx, c.and_then(|c| c.since))
}

/// ` for 51m`, or nothing when the time is unknown.
fn for_time(ctx: &Ctx<'_>, since: Option<Timestamp>) -> String {
    since
        .map(|t| format!(" for {}", human_age(ctx.now, t)))
        .unwrap_or_default()
}

/// `class (Kubernetes vX)`.
fn with_k8s(class: &str, k8s: Option<&str>) -> String {
    match k8s {
        Some(v) => format!("{class} (Kubernetes {v})"),
        None => class.to_owned(),
    }
}

/// The TopologyReconciled condition when a lifecycle hook holds it.
fn hook_blocking<'r>(rel: &'r Related<'_>) -> Option<&'r Condition<'r>> {
    [
        rel.cluster.v1b1.get("TopologyReconciled"),
        rel.cluster.v1b2.get("TopologyReconciled"),
    ]
    .into_iter()
    .flatten()
    .find(|c| {
        c.is_false()
            && (c.reason.is_some_and(|r| r.contains("HookBlocking"))
                || c.message.is_some_and(|m| m.contains("is blocking")))
    })
}
