//! Provisioning and release findings: ClusterNotProvisioned, ReleaseNotReady,
//! ReplicasNotReady, AddonMissing, UpdateAvailable.

use super::{INIT_GRACE_SECONDS, cluster_ref, for_age, for_time, hook_blocking};
use crate::k8s::json::bool_at;
use crate::stack::cluster::{Ctx, Related};
use crate::stack::conditions::Conditions;
use crate::stack::model::{Diagnosis, DiagnosisCode, Severity};
use crate::stack::names::ReleaseName;
use crate::stack::stacks::{not_ready_reason, release_hint, release_ready};
use crate::stack::views::{one_line, row_condition};

pub(super) fn not_provisioned(ctx: &Ctx<'_>, rel: &Related<'_>) -> Option<Diagnosis> {
    let cluster = &rel.cluster;
    let mut facts: Vec<String> = Vec::new();
    let mut severity = Severity::Error;
    let topology_failed = cluster
        .condition("TopologyReconciled")
        .filter(|c| c.is_false() && hook_blocking(rel).is_none());
    if let Some(c) = topology_failed {
        facts.push(format!(
            "topology not reconciled{}: {}",
            for_age(ctx, Some(c)),
            one_line(&c.explain())
        ));
    }
    let class_missing = match cluster.class {
        Some(class) if ctx.ix.seen_classes && rel.class_object.is_none() => {
            facts.push(format!("ClusterClass {class} does not exist"));
            true
        }
        _ => false,
    };
    let never_reconciled = cluster.has_topology
        && cluster.control_plane_ref.is_none()
        && cluster.infrastructure_ref.is_none();
    if never_reconciled {
        facts.push("no control plane or infrastructure object was created".to_owned());
    }
    let mut cp_not_initialized = None;
    if !never_reconciled {
        let cond = cluster
            .v1b1
            .get("ControlPlaneInitialized")
            .filter(|c| c.is_false())
            .or_else(|| {
                cluster
                    .v1b2
                    .get("ControlPlaneInitialized")
                    .filter(|c| c.is_false())
            });
        let flag_false = bool_at(
            cluster.obj,
            &["status", "initialization", "controlPlaneInitialized"],
        ) == Some(false)
            || rel
                .kcp
                .is_some_and(|k| bool_at(k, &["status", "initialized"]) == Some(false));
        if cond.is_some() || flag_false {
            let cp = rel
                .control_plane
                .map(|r| format!(", {} control plane machines ready", r.ratio()))
                .unwrap_or_default();
            let workers = rel
                .workers
                .map(|r| format!(", workers {} ready", r.ratio()))
                .unwrap_or_default();
            let addon = rel
                .addon
                .as_ref()
                .and_then(|a| a.conditions.get("ClusterReady"))
                .filter(|c| c.is_false())
                .map(|c| {
                    format!(
                        "; CSO cannot reach the workload cluster ({}), so no addons are applied",
                        one_line(c.message.unwrap_or("ClusterReady is False"))
                    )
                })
                .unwrap_or_default();
            facts.push(format!(
                "control plane not initialized{}{cp}{workers}{addon}",
                for_age(ctx, cond)
            ));
            cp_not_initialized = cond;
        }
    }
    if facts.is_empty() {
        return None;
    }
    let topology_problem = topology_failed.is_some() || class_missing || never_reconciled;
    if !topology_problem {
        // A control plane that started minutes ago is expected to be uninitialised.
        let age = cp_not_initialized
            .and_then(|c| c.since)
            .or(cluster.created)
            .map(|t| ctx.now.as_second().saturating_sub(t.as_second()));
        if age.is_some_and(|a| a < INIT_GRACE_SECONDS) {
            severity = Severity::Warning;
        }
    }
    let misleading = if cluster.capi_says_ready() {
        " (CAPI's Ready/Available says True, which is misleading here)"
    } else {
        ""
    };
    let message = format!(
        "Cluster {} is not provisioned: {}{misleading}",
        cluster.name,
        facts.join("; ")
    );
    let hint = if topology_problem {
        match (cluster.class, rel.release) {
            (Some(class), Some(release)) if !release_ready(release) => format!(
                "ClusterClass {class} is created by CSO once ClusterStackRelease {} is ready: \
                 fix the release (see ReleaseNotReady) or set spec.topology.class to a usable \
                 version{}.",
                rel.release_tag.as_deref().unwrap_or(class),
                usable_suffix(rel)
            ),
            (Some(class), _) => format!(
                "Check that ClusterClass {class} exists in namespace {} (CSO creates it from the \
                 ClusterStackRelease of the same name; list it in the ClusterStack's \
                 spec.versions){}.",
                cluster.class_ns,
                usable_suffix(rel)
            ),
            (None, _) => "Set spec.topology.class to a ClusterClass of a cluster stack.".to_owned(),
        }
    } else {
        format!(
            "Check the control plane Machines and their OpenStack servers: clusterctl describe \
             cluster {} -n {} and kubectl -n {} get machines -l cluster.x-k8s.io/cluster-name={}.",
            cluster.name, cluster.ns, cluster.ns, cluster.name
        )
    };
    Some(
        Diagnosis::new(
            DiagnosisCode::ClusterNotProvisioned,
            severity,
            message,
            hint,
        )
        .about(cluster_ref(rel)),
    )
}

fn usable_suffix(rel: &Related<'_>) -> String {
    let usable = rel.stack.map(|s| s.usable_versions()).unwrap_or(&[]);
    if usable.is_empty() {
        String::new()
    } else {
        format!(" (usable: {})", usable.join(", "))
    }
}

pub(super) fn release_not_ready(ctx: &Ctx<'_>, rel: &Related<'_>) -> Option<Diagnosis> {
    let tag = rel.release_tag.as_deref()?;
    let usable = rel.stack.map(|s| s.usable_versions()).unwrap_or(&[]);
    let usable_text = if usable.is_empty() {
        "no usable version".to_owned()
    } else {
        format!("usable versions: {}", usable.join(", "))
    };
    let stack = rel
        .stack
        .map(|s| s.short_name())
        .unwrap_or("its ClusterStack");
    match rel.release {
        Some(release) if !release_ready(release) => {
            let why = not_ready_reason(release);
            let since = for_time(ctx, why.since);
            Some(
                Diagnosis::new(
                    DiagnosisCode::ReleaseNotReady,
                    Severity::Error,
                    format!(
                        "ClusterStackRelease {tag} used by this Cluster is not ready{since}: {} \
                         ({stack}: {usable_text})",
                        why.message
                    ),
                    release_hint(why.reason, usable),
                )
                .about(format!(
                    "ClusterStackRelease/{}/{tag}",
                    rel.cluster.class_ns
                )),
            )
        }
        Some(_) => None,
        // A missing release only matters for Clusters of a known cluster stack whose class is
        // missing too; hand-made ClusterClasses have no release.
        None if ctx.ix.seen_releases && rel.stack.is_some() && rel.class_object.is_none() => Some(
            Diagnosis::new(
                DiagnosisCode::ReleaseNotReady,
                Severity::Error,
                format!("ClusterStackRelease {tag} does not exist ({stack}: {usable_text})"),
                format!(
                    "Add its version to the ClusterStack's spec.versions so CSO fetches it, \
                         or set spec.topology.class to a usable version{}.",
                    usable_suffix(rel)
                ),
            )
            .about(format!(
                "ClusterStackRelease/{}/{tag}",
                rel.cluster.class_ns
            )),
        ),
        None => None,
    }
}

pub(super) fn replicas_not_ready(ctx: &Ctx<'_>, rel: &Related<'_>) -> Option<Diagnosis> {
    let cp = rel.control_plane.filter(|r| r.short());
    let workers = rel.workers.filter(|r| r.short());
    if cp.is_none() && workers.is_none() {
        return None;
    }
    let mut parts = Vec::new();
    if let Some(r) = cp {
        let cond = rel
            .cluster
            .condition("ControlPlaneReady")
            .filter(|c| !c.is_true());
        let detail = cond
            .and_then(|c| c.message)
            .map(|m| format!(" ({})", one_line(m)))
            .unwrap_or_default();
        parts.push(format!(
            "control plane {} ready{}{detail}",
            r.ratio(),
            for_age(ctx, cond)
        ));
    }
    if let Some(r) = workers {
        // The v1beta2 WorkersAvailable condition, else the first MachineDeployment not ready.
        let since = rel
            .cluster
            .v1b2
            .get("WorkersAvailable")
            .filter(|c| c.is_false())
            .and_then(|c| c.since)
            .or_else(|| {
                rel.mds.iter().find_map(|md| {
                    let conditions = Conditions::read(md, &["status", "conditions"]);
                    row_condition(&conditions)
                        .filter(|c| !c.is_true())
                        .and_then(|c| c.since)
                })
            });
        parts.push(format!(
            "workers {} ready{}",
            r.ratio(),
            for_time(ctx, since)
        ));
    }
    Some(
        Diagnosis::new(
            DiagnosisCode::ReplicasNotReady,
            Severity::Warning,
            format!("Cluster {}: {}", rel.cluster.name, parts.join("; ")),
            format!(
                "Check the Machines that are not ready: clusterctl describe cluster {} -n {}.",
                rel.cluster.name, rel.cluster.ns
            ),
        )
        .about(cluster_ref(rel)),
    )
}

pub(super) fn addon_missing(ctx: &Ctx<'_>, rel: &Related<'_>) -> Option<Diagnosis> {
    if rel.addon.is_some() || rel.cluster.class.is_none() {
        return None;
    }
    // Only Clusters of a cluster stack get a ClusterAddon; without any ClusterAddon or
    // release in the input there is nothing to compare with.
    if !(ctx.ix.seen_addons || rel.release.is_some()) || rel.stack.is_none() {
        return None;
    }
    Some(
        Diagnosis::new(
            DiagnosisCode::AddonMissing,
            Severity::Warning,
            format!(
                "No ClusterAddon cluster-addon-{} exists, so CSO manages no addons for this Cluster",
                rel.cluster.name
            ),
            "CSO creates the ClusterAddon only when it sees the Cluster being created (not when \
             the Cluster is paused or filtered by --watch-filter). Create it by hand with \
             spec.clusterRef pointing at the Cluster.",
        )
        .about(cluster_ref(rel)),
    )
}

pub(super) fn update_available(rel: &Related<'_>) -> Option<Diagnosis> {
    let class = rel.cluster.class?;
    let current = ReleaseName::parse(class)?.stable_number()?;
    let stack = rel.stack?;
    let latest = stack.latest_stable()?;
    if latest.number <= current {
        return None;
    }
    let tag = &latest.tag;
    let version = latest
        .kubernetes_version
        .as_deref()
        .map(|v| format!(" and spec.topology.version to {v}"))
        .unwrap_or_default();
    Some(
        Diagnosis::new(
            DiagnosisCode::UpdateAvailable,
            Severity::Info,
            format!(
                "{tag} is available; the Cluster uses {class} (ClusterStack {} usable: {})",
                stack.short_name(),
                stack.usable_versions().join(", ")
            ),
            format!("Upgrade by setting spec.topology.class to {tag}{version}."),
        )
        .about(cluster_ref(rel)),
    )
}
