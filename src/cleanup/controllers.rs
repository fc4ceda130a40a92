//! Preconditions: the cloud controller manager deletes the load balancers of LoadBalancer
//! Services, the CSI controller deletes volumes and snapshots. Once they are gone (or broken),
//! deleting the Kubernetes objects leaves the cloud resources behind.

use k8s_openapi::api::core::v1::{Pod, PodTemplateSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use super::inventory::{Inventory, name, ns};
use super::model::{Controller, ControllerKind, ControllerState};
use crate::k8s::labels::{Labels, Selector};

/// A Deployment, StatefulSet or DaemonSet, reduced to what matters here.
struct Workload<'a> {
    kind: &'static str,
    meta: &'a ObjectMeta,
    template: &'a PodTemplateSpec,
    selector: &'a LabelSelector,
    ready: i32,
    desired: i32,
}

fn workloads(inv: &Inventory) -> Vec<Workload<'_>> {
    let mut out = Vec::new();
    for d in &inv.deployments {
        if let Some(spec) = &d.spec {
            let status = d.status.as_ref();
            out.push(Workload {
                kind: "Deployment",
                meta: &d.metadata,
                template: &spec.template,
                selector: &spec.selector,
                ready: status.and_then(|s| s.ready_replicas).unwrap_or(0),
                desired: spec.replicas.unwrap_or(1),
            });
        }
    }
    for s in &inv.statefulsets {
        if let Some(spec) = &s.spec {
            out.push(Workload {
                kind: "StatefulSet",
                meta: &s.metadata,
                template: &spec.template,
                selector: &spec.selector,
                ready: s
                    .status
                    .as_ref()
                    .and_then(|st| st.ready_replicas)
                    .unwrap_or(0),
                desired: spec.replicas.unwrap_or(1),
            });
        }
    }
    for d in &inv.daemonsets {
        if let Some(spec) = &d.spec {
            let status = d.status.as_ref();
            out.push(Workload {
                kind: "DaemonSet",
                meta: &d.metadata,
                template: &spec.template,
                selector: &spec.selector,
                ready: status.map(|s| s.number_ready).unwrap_or(0),
                desired: status.map(|s| s.desired_number_scheduled).unwrap_or(0),
            });
        }
    }
    out
}

fn images<'a>(w: &Workload<'a>) -> impl Iterator<Item = &'a str> {
    w.template
        .spec
        .iter()
        .flat_map(|s| s.containers.iter())
        .filter_map(|c| c.image.as_deref())
}

/// Is this the OpenStack cloud controller manager?
fn is_ccm(w: &Workload<'_>) -> bool {
    name(w.meta).contains("openstack-cloud-controller-manager")
        || images(w).any(|i| i.contains("openstack-cloud-controller-manager"))
}

/// Is this the Cinder CSI controller (not the per-node plugin, which is a DaemonSet)?
fn is_csi_controller(w: &Workload<'_>) -> bool {
    if w.kind == "DaemonSet" {
        return false;
    }
    let n = name(w.meta);
    (n.contains("cinder") && n.contains("controller"))
        || images(w).any(|i| i.contains("cinder-csi-plugin"))
}

/// The state of both controllers; `need_ccm` / `need_csi` say whether anything listed needs them.
pub(crate) fn preconditions(
    inv: &Inventory,
    need_ccm: bool,
    need_csi: bool,
    unread: &[String],
) -> Vec<Controller> {
    let all = workloads(inv);
    let unread: Vec<&str> = unread
        .iter()
        .map(String::as_str)
        .filter(|k| matches!(*k, "Deployment" | "StatefulSet" | "DaemonSet"))
        .collect();
    vec![
        check(
            inv,
            all.iter().find(|w| is_ccm(w)),
            ControllerKind::CloudControllerManager,
            need_ccm,
            "a Deployment or DaemonSet running openstack-cloud-controller-manager",
            &unread,
        ),
        check(
            inv,
            all.iter().find(|w| is_csi_controller(w)),
            ControllerKind::CsiController,
            need_csi,
            "a Deployment or StatefulSet running cinder-csi-plugin (the controllerplugin)",
            &unread,
        ),
    ]
}

fn check(
    inv: &Inventory,
    found: Option<&Workload<'_>>,
    controller: ControllerKind,
    needed: bool,
    looked_for: &str,
    unread: &[&str],
) -> Controller {
    let Some(w) = found else {
        let (state, message) = if unread.is_empty() {
            (
                ControllerState::Missing,
                format!("not found: looked for {looked_for}"),
            )
        } else {
            (
                ControllerState::Unknown,
                format!("not checked: {} could not be read", unread.join(", ")),
            )
        };
        return Controller {
            controller,
            state,
            needed,
            workload: None,
            ready: None,
            message,
        };
    };
    let workload = format!("{} {}/{}", w.kind, ns(w.meta), name(w.meta));
    let state = if w.ready > 0 {
        ControllerState::Running
    } else {
        ControllerState::NotReady
    };
    let pods = pods_of(inv, w);
    let message = if state == ControllerState::Running {
        format!("{} of {} pods ready", w.ready, w.desired)
    } else if pods.is_empty() {
        "no pod runs".to_string()
    } else {
        pods.iter()
            .map(|p| pod_problem(p))
            .collect::<Vec<_>>()
            .join("; ")
    };
    Controller {
        controller,
        state,
        needed,
        workload: Some(workload),
        ready: Some(format!("{}/{}", w.ready, w.desired)),
        message,
    }
}

fn pods_of<'a>(inv: &'a Inventory, w: &Workload<'_>) -> Vec<&'a Pod> {
    let Ok(selector) = Selector::from_k8s(w.selector, name(w.meta), "spec.selector") else {
        return Vec::new();
    };
    if selector.is_empty() {
        return Vec::new();
    }
    inv.pods
        .iter()
        .filter(|p| ns(&p.metadata) == ns(w.meta))
        .filter(|p| {
            let labels: Labels = p.metadata.labels.clone().unwrap_or_default();
            selector.matches(&labels)
        })
        .collect()
}

/// `pod-name: CrashLoopBackOff (container x)` or the pod's phase.
fn pod_problem(pod: &Pod) -> String {
    let status = pod.status.as_ref();
    let waiting = status
        .into_iter()
        .flat_map(|s| s.container_statuses.iter().flatten())
        .find_map(|c| {
            let w = c.state.as_ref()?.waiting.as_ref()?;
            Some(format!(
                "{} (container {})",
                w.reason.as_deref().unwrap_or("Waiting"),
                c.name
            ))
        });
    let phase = status
        .and_then(|s| s.phase.clone())
        .unwrap_or_else(|| "Unknown".into());
    format!("pod {}: {}", name(&pod.metadata), waiting.unwrap_or(phase))
}
