//! ClusterDeleting: since when, what CAPI waits for, and which finalizers are left.

use super::age::human_age;
use super::cluster::{Ctx, Related};
use super::model::{Diagnosis, DiagnosisCode, Severity};
use super::views::one_line;
use crate::k8s::json::{at, name, nonempty_str_at, strings_at};

/// Finalizer of the OpenStack janitor that purges load balancers, volumes and floating IPs.
const JANITOR_FINALIZER: &str = "janitor.capi.stackhpc.com";
/// CAPI sets this annotation on the Cluster once every BeforeClusterDelete hook has passed.
const OK_TO_DELETE: &str = "runtime.cluster.x-k8s.io/ok-to-delete";

/// `Kind name [finalizers]` for an object that is being deleted and still has finalizers.
fn held(kind: &str, obj: &serde_json::Value) -> Option<String> {
    nonempty_str_at(obj, &["metadata", "deletionTimestamp"])?;
    let finalizers = strings_at(obj, &["metadata", "finalizers"]);
    (!finalizers.is_empty()).then(|| {
        format!(
            "{kind} {} [{}]",
            name(obj).unwrap_or("?"),
            finalizers.join(", ")
        )
    })
}

pub(crate) fn deleting(ctx: &Ctx<'_>, rel: &Related<'_>) -> Diagnosis {
    let cluster = &rel.cluster;
    // v1beta2 Deleting=True carries what deletion waits for; v1beta1 has only Ready=False with
    // reason Deleting, which says nothing more.
    let condition = cluster
        .v1b2
        .get("Deleting")
        .filter(|c| c.is_true())
        .or_else(|| cluster.v1b1.get("Deleting").filter(|c| c.is_true()));
    let since = cluster
        .deletion
        .or_else(|| condition.and_then(|c| c.since))
        .map(|t| format!(" for {}", human_age(ctx.now, t)))
        .unwrap_or_default();
    let mut message = format!("Cluster {} is being deleted{since}", cluster.name);
    if let Some(c) = condition {
        let waits = match (c.reason, c.message) {
            (Some(r), Some(m)) => format!("{r} ({})", one_line(m)),
            (Some(r), None) => r.to_owned(),
            (None, Some(m)) => one_line(m),
            (None, None) => String::new(),
        };
        if !waits.is_empty() {
            message.push_str(&format!("; waiting: {waits}"));
        }
    }

    let mut left: Vec<String> = Vec::new();
    let cluster_finalizers = cluster.finalizers();
    if !cluster_finalizers.is_empty() {
        left.push(format!(
            "Cluster {} [{}]",
            cluster.name,
            cluster_finalizers.join(", ")
        ));
    }
    // The control plane and the workers go before the infrastructure; while they are being
    // deleted their finalizers are what the Cluster waits for.
    if let Some(kcp) = rel.kcp {
        left.extend(held(
            nonempty_str_at(kcp, &["kind"]).unwrap_or("control plane"),
            kcp,
        ));
    }
    for md in rel.mds {
        left.extend(held("MachineDeployment", md));
    }
    let mut janitor = false;
    match (rel.infra, cluster.infrastructure_ref) {
        (Some(infra), _) => {
            let finalizers = strings_at(infra, &["metadata", "finalizers"]);
            janitor = finalizers.iter().any(|f| f == JANITOR_FINALIZER);
            if !finalizers.is_empty() {
                left.push(format!(
                    "OpenStackCluster {} [{}]",
                    name(infra).unwrap_or("?"),
                    finalizers.join(", ")
                ));
            }
        }
        (None, Some(r)) if ctx.ix.infra_by_name.is_empty() => {
            left.push(format!(
                "{} {} (not read)",
                r.kind.unwrap_or("infrastructure"),
                r.name
            ));
        }
        (None, Some(r)) => message.push_str(&format!(
            "; {} {} is already gone",
            r.kind.unwrap_or("infrastructure cluster"),
            r.name
        )),
        (None, None) => {}
    }
    if let Some(addon) = &rel.addon {
        let finalizers = addon.finalizers();
        if !finalizers.is_empty() {
            left.push(format!(
                "ClusterAddon {} [{}]",
                addon.name,
                finalizers.join(", ")
            ));
        }
    }
    if at(cluster.obj, &["metadata", "annotations", OK_TO_DELETE]).is_some() {
        message.push_str("; BeforeClusterDelete hooks passed (ok-to-delete)");
    }
    if left.is_empty() {
        message.push_str("; no finalizers left");
    } else {
        message.push_str(&format!("; finalizers left: {}", left.join(", ")));
    }

    let waiting_for_hook = condition
        .and_then(|c| c.reason)
        .is_some_and(|r| r.contains("BeforeDeleteHook"));
    let mut hint = String::from(
        "Load balancers of LoadBalancer Services and Cinder volumes of PVCs block or leak when \
         the Cluster goes: run `kubectl scs cluster cleanup` against the workload cluster while \
         its cloud controller and CSI driver still run.",
    );
    if waiting_for_hook {
        hint.push_str(" A BeforeClusterDelete hook holds the deletion until its cleanup is done.");
    }
    if janitor {
        hint.push_str(&format!(
            " The {JANITOR_FINALIZER} finalizer stays until the janitor has purged the \
             project's load balancers, volumes and floating IPs; check its logs if it stays."
        ));
    }
    hint.push_str(
        " Remove a finalizer by hand only after its controller is gone and the cloud resources \
         are deleted.",
    );
    Diagnosis::new(
        DiagnosisCode::ClusterDeleting,
        Severity::Warning,
        message,
        hint,
    )
    .about(format!("Cluster/{}/{}", cluster.ns, cluster.name))
}
