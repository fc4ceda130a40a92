//! From a report to deletions in a safe order, and what is still there afterwards.
//!
//! The order: first stop the workloads that would recreate or hold claims, then delete what
//! blocks (Gateways whose controller would recreate their Service, LoadBalancer Services), then
//! snapshots (Cinder refuses to delete a volume that still has snapshots), then switch retained
//! volumes to `Delete` where asked, then delete the claims.

use serde::Serialize;
use serde_json::Value;

use super::inventory::{Inventory, deleting, finalizers, name, ns, pod_active, pod_claims};
use super::model::{CleanupReport, ControllerKind, ObjectRef, Reclaim, Stop};
use super::services::{LB_CLEANUP_FINALIZER, LB_ID_ANNOTATION};

/// Where a candidate is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    /// Workloads to stop first.
    Workload,
    /// What blocks the cluster's deletion.
    Blocking,
    /// What would leak.
    Leaking,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::Workload => "stop first",
            Group::Blocking => "blocking",
            Group::Leaking => "leaking",
        }
    }
}

/// What to do to an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Set `spec.replicas` to 0.
    Scale,
    Delete,
    /// Set `spec.persistentVolumeReclaimPolicy` to `Delete`.
    SetReclaimDelete,
}

impl Action {
    pub fn verb(self) -> &'static str {
        match self {
            Action::Scale => "scale to 0",
            Action::Delete => "delete",
            Action::SetReclaimDelete => "set reclaim policy Delete",
        }
    }
}

/// One thing `--delete` can do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub group: Group,
    pub action: Action,
    pub target: ObjectRef,
    /// One line for the selection list and the confirmation.
    pub label: String,
    /// Selected by default, and by `--yes`.
    pub selected: bool,
    /// The controller that must run for this to clean up the cloud.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needs: Option<ControllerKind>,
    /// Objects that are gone once this is done in the cloud.
    pub waits_for: Vec<ObjectRef>,
    /// For a claim: its volume when the reclaim policy is Retain (it stays unless switched).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retained_volume: Option<String>,
}

/// Choices `--delete` makes without asking.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// Delete workloads instead of scaling them to 0.
    pub delete_workloads: bool,
    /// Select switching retained volumes to `Delete`.
    pub delete_retained: bool,
}

/// The API group of a kind cleanup touches.
pub fn api_group_of(kind: &str) -> &'static str {
    match kind {
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" => "apps",
        "Job" => "batch",
        "Gateway" => "gateway.networking.k8s.io",
        "VolumeSnapshot" | "VolumeSnapshotContent" => "snapshot.storage.k8s.io",
        _ => "",
    }
}

/// Everything `--delete` can do for this report, in the order it is done.
pub fn candidates(report: &CleanupReport, opts: PlanOptions) -> Vec<Candidate> {
    let mut out = Vec::new();
    for r in &report.recreators {
        let action = match r.stop {
            Stop::Manual => continue,
            Stop::Scale if !opts.delete_workloads => Action::Scale,
            Stop::Scale | Stop::Delete => Action::Delete,
        };
        let target = ObjectRef::new(&r.kind, &r.namespace, &r.name);
        let replicas = r
            .replicas
            .map(|n| format!(" ({n} replicas)"))
            .unwrap_or_default();
        out.push(Candidate {
            group: Group::Workload,
            action,
            label: format!("{} {target}{replicas}: {}", action.verb(), r.why),
            target,
            selected: true,
            needs: None,
            waits_for: Vec::new(),
            retained_volume: None,
        });
    }

    let mut gateways: Vec<Candidate> = Vec::new();
    for svc in &report.blocking.load_balancer_services {
        if svc.deleting {
            continue;
        }
        let service = ObjectRef::new("Service", &svc.namespace, &svc.name);
        let address = if svc.external.is_empty() {
            "no address yet".to_string()
        } else {
            svc.external.join(", ")
        };
        match &svc.owner {
            Some(owner) if owner.recreates && owner.kind == "Gateway" => {
                let gateway = ObjectRef::new("Gateway", &owner.namespace, &owner.name);
                if let Some(existing) = gateways.iter_mut().find(|c| c.target == gateway) {
                    existing.waits_for.push(service);
                    continue;
                }
                gateways.push(Candidate {
                    group: Group::Blocking,
                    action: Action::Delete,
                    label: format!(
                        "delete {gateway}: its controller owns LoadBalancer {service} ({address}) and would recreate it"
                    ),
                    waits_for: vec![gateway.clone(), service],
                    target: gateway,
                    selected: true,
                    needs: Some(ControllerKind::CloudControllerManager),
                    retained_volume: None,
                });
            }
            owner => {
                let by = match owner {
                    Some(o) if o.recreates => {
                        format!("; owned by {} {}, which may recreate it", o.kind, o.name)
                    }
                    Some(o) => format!("; {} {}", o.kind, o.name),
                    None => String::new(),
                };
                out_push_service(&mut gateways, service, &address, &by);
            }
        }
    }
    // Gateways before the Services whose owner is not a Gateway.
    gateways.sort_by_key(|c| c.target.kind != "Gateway");
    out.extend(gateways);

    for s in &report.leaking.snapshots {
        if s.deleting {
            continue;
        }
        let target = ObjectRef::new("VolumeSnapshot", &s.namespace, &s.name);
        let keeps = if s.deletion_policy.as_deref() == Some("Retain") {
            " (its content has deletionPolicy Retain: the cloud snapshot stays)"
        } else {
            ""
        };
        out.push(Candidate {
            group: Group::Leaking,
            action: Action::Delete,
            label: format!("delete {target}{keeps}"),
            waits_for: vec![target.clone()],
            target,
            selected: true,
            needs: Some(ControllerKind::CsiController),
            retained_volume: None,
        });
    }
    let mut claims = Vec::new();
    for c in &report.leaking.claims {
        if c.deleting {
            continue;
        }
        let target = ObjectRef::new("PersistentVolumeClaim", &c.namespace, &c.name);
        let volume = c.volume.as_ref();
        let retained = volume.filter(|v| v.reclaim_policy == Reclaim::Retain);
        if let Some(v) = retained {
            out.push(switch_candidate(v, opts.delete_retained));
        }
        let what = match volume {
            Some(v) => format!(
                " ({} volume {}{})",
                v.driver,
                v.volume_handle.as_deref().unwrap_or(&v.name),
                if retained.is_some() {
                    ", reclaim policy Retain: the cloud volume stays unless switched to Delete"
                } else {
                    ""
                }
            ),
            None => String::new(),
        };
        // A Delete volume goes once the claim is gone: its disappearance proves the CSI driver
        // deleted the cloud volume.
        let mut waits_for = vec![target.clone()];
        if let Some(v) = volume.filter(|v| v.reclaim_policy == Reclaim::Delete) {
            waits_for.push(ObjectRef::new("PersistentVolume", "", &v.name));
        }
        claims.push(Candidate {
            group: Group::Leaking,
            action: Action::Delete,
            label: format!("delete {target}{what}"),
            waits_for,
            target,
            selected: true,
            needs: Some(ControllerKind::CsiController),
            retained_volume: retained.map(|v| v.name.clone()),
        });
    }
    out.extend(claims);
    for v in &report.leaking.volumes {
        if v.reclaim_policy == Reclaim::Retain && v.phase == "Released" && !v.deleting {
            out.push(switch_candidate(v, opts.delete_retained));
        }
    }
    out
}

fn out_push_service(out: &mut Vec<Candidate>, service: ObjectRef, address: &str, by: &str) {
    out.push(Candidate {
        group: Group::Blocking,
        action: Action::Delete,
        label: format!("delete LoadBalancer {service} ({address}{by})"),
        waits_for: vec![service.clone()],
        target: service,
        selected: true,
        needs: Some(ControllerKind::CloudControllerManager),
        retained_volume: None,
    });
}

fn switch_candidate(v: &super::model::Volume, selected: bool) -> Candidate {
    let target = ObjectRef::new("PersistentVolume", "", &v.name);
    let claim = v
        .claim
        .as_deref()
        .map(|c| format!(", claim {c}"))
        .unwrap_or_default();
    Candidate {
        group: Group::Leaking,
        action: Action::SetReclaimDelete,
        label: format!(
            "set reclaim policy Delete on {target} ({} volume {}{claim}, {}): its cloud volume is deleted",
            v.driver,
            v.volume_handle.as_deref().unwrap_or("?"),
            v.phase
        ),
        waits_for: if v.phase == "Released" {
            vec![target.clone()]
        } else {
            Vec::new()
        },
        target,
        selected,
        needs: Some(ControllerKind::CsiController),
        retained_volume: None,
    }
}

/// The chosen steps, in order, what to wait for afterwards, and what stays on purpose.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Plan {
    pub steps: Vec<Candidate>,
    /// Objects that must be gone before cleanup is done.
    pub waits: Vec<ObjectRef>,
    /// What stays in the cloud by choice (retained volumes not switched), in words.
    pub kept: Vec<String>,
}

impl Plan {
    /// The plan of the candidates whose `selected` flag is set, in candidate order.
    pub fn new(candidates: &[Candidate]) -> Plan {
        let steps: Vec<Candidate> = candidates.iter().filter(|c| c.selected).cloned().collect();
        let mut waits: Vec<ObjectRef> = Vec::new();
        let mut kept = Vec::new();
        for step in &steps {
            for w in &step.waits_for {
                if !waits.contains(w) {
                    waits.push(w.clone());
                }
            }
            if step.target.kind == "PersistentVolumeClaim" && step.action == Action::Delete {
                let switched = |volume: &str| {
                    steps
                        .iter()
                        .any(|s| s.action == Action::SetReclaimDelete && s.target.name == volume)
                };
                match &step.retained_volume {
                    Some(volume) if switched(volume) => {
                        waits.push(ObjectRef::new("PersistentVolume", "", volume));
                    }
                    Some(volume) => kept.push(format!(
                        "PersistentVolume {volume} (claim {}) keeps its cloud volume: reclaim policy Retain",
                        step.target.path()
                    )),
                    None => {}
                }
            }
        }
        Plan { steps, waits, kept }
    }

    /// Controllers the steps need.
    pub fn needs(&self) -> Vec<ControllerKind> {
        let mut out: Vec<ControllerKind> = Vec::new();
        for n in self.steps.iter().filter_map(|s| s.needs) {
            if !out.contains(&n) {
                out.push(n);
            }
        }
        out
    }
}

/// Objects that were already being deleted when the cluster was read (an earlier run, or someone
/// else): nothing is sent for them, but `--delete` waits for them too.
pub fn pending_deletions(report: &CleanupReport) -> Vec<ObjectRef> {
    let services = report
        .blocking
        .load_balancer_services
        .iter()
        .filter(|s| s.deleting)
        .map(|s| ObjectRef::new("Service", &s.namespace, &s.name));
    let snapshots = report
        .leaking
        .snapshots
        .iter()
        .filter(|s| s.deleting)
        .map(|s| ObjectRef::new("VolumeSnapshot", &s.namespace, &s.name));
    let claims = report
        .leaking
        .claims
        .iter()
        .filter(|c| c.deleting)
        .map(|c| ObjectRef::new("PersistentVolumeClaim", &c.namespace, &c.name));
    services.chain(snapshots).chain(claims).collect()
}

/// Something that should be gone and is not, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Leftover {
    pub object: ObjectRef,
    pub why: String,
}

/// Which of `waits` still exist in `objects` (a fresh read of the cluster), and why.
///
/// Bound volumes of deleted claims are not listed in `waits` up front when they are retained;
/// volumes that are listed must disappear, which proves the CSI driver deleted the cloud volume.
pub fn leftovers(waits: &[ObjectRef], objects: &[Value]) -> Vec<Leftover> {
    let inv = Inventory::read(objects);
    let mut out = Vec::new();
    for w in waits {
        let found = |meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta| {
            ns(meta) == w.namespace && name(meta) == w.name
        };
        let why = match w.kind.as_str() {
            "Service" => inv.services.iter().find(|s| found(&s.metadata)).map(|s| {
                let meta = &s.metadata;
                if !deleting(meta) {
                    not_deleted(meta, &inv)
                } else if finalizers(meta).iter().any(|f| f == LB_CLEANUP_FINALIZER) {
                    let id = super::inventory::annotation(meta, LB_ID_ANNOTATION)
                        .map(|i| format!(" {i}"))
                        .unwrap_or_default();
                    format!(
                        "the cloud controller has not deleted its load balancer{id} yet (finalizer {LB_CLEANUP_FINALIZER})"
                    )
                } else {
                    pending(meta)
                }
            }),
            "PersistentVolumeClaim" => inv.claims.iter().find(|c| found(&c.metadata)).map(|c| {
                let users: Vec<String> = inv
                    .pods
                    .iter()
                    .filter(|p| {
                        pod_active(p)
                            && ns(&p.metadata) == w.namespace
                            && pod_claims(p).any(|claim| claim == w.name)
                    })
                    .map(|p| format!("Pod {}/{}", ns(&p.metadata), name(&p.metadata)))
                    .collect();
                if users.is_empty() || !deleting(&c.metadata) {
                    pending(&c.metadata)
                } else {
                    format!(
                        "still mounted by {} (finalizer kubernetes.io/pvc-protection)",
                        users.join(", ")
                    )
                }
            }),
            "PersistentVolume" => inv.volumes.iter().find(|v| name(&v.metadata) == w.name).map(|pv| {
                let status = pv.status.as_ref();
                let phase = status.and_then(|s| s.phase.as_deref()).unwrap_or("Unknown");
                let handle = super::volumes::volume(pv)
                    .and_then(|v| v.volume_handle)
                    .map(|h| format!(" {h}"))
                    .unwrap_or_default();
                match status.and_then(|s| s.message.as_deref()).filter(|m| !m.is_empty()) {
                    Some(message) => format!("deleting its cloud volume{handle} failed (phase {phase}): {message}"),
                    None => format!("the CSI driver has not deleted its cloud volume{handle} yet (phase {phase})"),
                }
            }),
            "VolumeSnapshot" => inv
                .snapshots
                .iter()
                .find(|s| found(&s.metadata))
                .map(|s| pending(&s.metadata)),
            "Gateway" => inv
                .gateways
                .iter()
                .find(|g| found(&g.metadata))
                .map(|g| pending(&g.metadata)),
            _ => None,
        };
        if let Some(why) = why {
            out.push(Leftover {
                object: w.clone(),
                why,
            });
        }
    }
    out
}

/// Why an object that should go is not being deleted: its owner is still there, the garbage
/// collector has not got to it yet, or something recreated it.
fn not_deleted(
    meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
    inv: &Inventory,
) -> String {
    let Some(owner) = meta.owner_references.iter().flatten().next() else {
        return "not being deleted: something recreated it".to_string();
    };
    let owner_there = match owner.kind.as_str() {
        "Gateway" => inv
            .gateways
            .iter()
            .any(|g| ns(&g.metadata) == ns(meta) && name(&g.metadata) == owner.name),
        _ => true,
    };
    if owner_there {
        format!(
            "not being deleted: its owner {} {} is still there",
            owner.kind, owner.name
        )
    } else {
        format!(
            "not deleted yet: the garbage collector removes it after its owner {} {}",
            owner.kind, owner.name
        )
    }
}

fn pending(meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta) -> String {
    let finalizers = finalizers(meta);
    if !deleting(meta) {
        "not being deleted".to_string()
    } else if finalizers.is_empty() {
        "being deleted".to_string()
    } else {
        format!("waiting for finalizers {}", finalizers.join(", "))
    }
}
